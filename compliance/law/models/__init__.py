"""The legal catalog's tables. Every record has an effective period (see :mod:`.base`)."""

from __future__ import annotations

from compliance.law.models.base import CatalogQuerySet, CatalogRecord, ChangeSet, ChangeSetKind, Origin
from compliance.law.models.cards import Card, CardApplication, CardItem, CardItemPlacement, Placement
from compliance.law.models.forms import AnswerType, FormDefinition, FormLevel
from compliance.law.models.linkage import (
    LinkagePermission,
    LinkageProvider,
    OrdinanceLinkageLimit,
    OrdinanceScopeRule,
)
from compliance.law.models.schedule import (
    Article19Item,
    Field,
    InformationCategory,
    RowKind,
    ScheduleRow,
    ScheduleRowBody,
    Statute,
    StatuteKind,
)
from compliance.lib.vocabulary import OrdinanceField

__all__ = [
    "AnswerType",
    "Article19Item",
    "Card",
    "CardApplication",
    "CardItem",
    "CardItemPlacement",
    "CatalogQuerySet",
    "CatalogRecord",
    "ChangeSet",
    "ChangeSetKind",
    "Field",
    "FormDefinition",
    "FormLevel",
    "InformationCategory",
    "LinkagePermission",
    "LinkageProvider",
    "OrdinanceField",
    "OrdinanceLinkageLimit",
    "OrdinanceScopeRule",
    "Origin",
    "Placement",
    "RowKind",
    "ScheduleRow",
    "ScheduleRowBody",
    "Statute",
    "StatuteKind",
]
