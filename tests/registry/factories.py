"""Registry entries for tests, built through the services (the only way the product writes them)."""

from __future__ import annotations

from typing import Any

from compliance.accounts.models import Organization
from compliance.registry import models as m
from compliance.registry import services


def affair(organization: Organization, *, user: Any = None, **fields: Any) -> m.Affair:
    defaults = {
        "name": "児童手当の支給に関する事務",
        "uses_number": True,
        "basis_kind": "schedule",
        "basis_statute": "児童手当法",
        "basis_affair": "児童手当",
    }
    return services.affair_create(organization=organization, acting_user=user, **{**defaults, **fields})


def file(
    organization: Organization, affairs: list[m.Affair], *, user: Any = None, **fields: Any
) -> m.SpecificFile:
    defaults = {"name": "児童手当ファイル", "persons": 25000, "handlers": 60}
    return services.file_create(
        organization=organization, acting_user=user, affairs=affairs, **{**defaults, **fields}
    )


def terminal(organization: Organization, *, user: Any = None, **fields: Any) -> m.Terminal:
    defaults = {"name": "窓口端末", "connection": "lgwan", "two_factor": True}
    return services.terminal_create(organization=organization, acting_user=user, **{**defaults, **fields})


def card_flow(
    organization: Organization,
    affair: m.Affair,
    terminal: m.Terminal | None,
    *,
    user: Any = None,
    **fields: Any,
) -> m.CardFlow:
    defaults = {
        "card": "my_number_card",
        "application": "input_support",
        "operation": "read",
        "items": ["number", "name"],
    }
    return services.card_flow_create(
        organization=organization,
        acting_user=user,
        affair=affair,
        terminal=terminal,
        **{**defaults, **fields},
    )


def provision(
    organization: Organization, affair: m.Affair, *, user: Any = None, **fields: Any
) -> m.Provision:
    defaults = {
        "direction": "receive",
        "channel": "network",
        "counterparty_name": "他市町村長",
        "counterparty_kind": "municipality",
        "counterparty_body": "mayor",
        "categories": ["地方税関係情報"],
    }
    return services.provision_create(
        organization=organization, acting_user=user, affair=affair, **{**defaults, **fields}
    )
