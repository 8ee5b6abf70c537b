"""Template tags other apps' pages use to show assessment facts (the dashboards' reminders)."""

from __future__ import annotations

from typing import Any

from django import template

from compliance.accounts.rules import is_commission_staff
from compliance.accounts.selectors import organization_list_visible_to
from compliance.assessments.reminders import reminders_due
from compliance.assessments.states import Level

register = template.Library()


@register.inclusion_tag("assessments/_reminders.html")
def assessment_reminders(user: Any) -> dict[str, Any]:
    """What is coming due for ``user``: their bodies' reminders, or everyone's for commission staff.

    Usage in a dashboard: ``{% load assessment_tags %}{% assessment_reminders request.user %}``.
    """
    if not getattr(user, "is_authenticated", False):
        return {"reminders": []}
    if is_commission_staff(user):
        return {"reminders": reminders_due()}

    ids = list(organization_list_visible_to(user=user).values_list("pk", flat=True))
    return {"reminders": reminders_due(organization_ids=ids)}


@register.filter
def level_labels(levels: Any) -> str:
    """The forms a threshold decision requires, by name: 「基礎項目評価 + 全項目評価」, not ``basic + full``."""
    names = dict(Level.choices)
    return " + ".join(str(names.get(level, level)) for level in levels or ())
