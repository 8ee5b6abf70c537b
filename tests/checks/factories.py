"""Declaration dictionaries for tests: a small valid ``pia-declaration/1`` document to vary."""

from __future__ import annotations

import copy
from typing import Any

_CLEAN: dict[str, Any] = {
    "format": "pia-declaration/1",
    "as_of": "2026-04-01",
    "organization": {"name": "架空市", "code": "999997", "kind": "municipality", "body": "mayor"},
    "ordinances": [
        {
            "id": "o1",
            "title": "架空市個人番号の利用に関する条例",
            "number": "平成27年条例第30号",
            "in_force_from": "2016-01-01",
            "repealed_on": None,
            "affairs": [{"id": "oa1", "name": "灯油購入費助成事業", "field": "welfare"}],
            "intra_provisions": [
                {
                    "id": "ip1",
                    "from_body": "mayor",
                    "to_body": "board_of_education",
                    "purpose": "就学援助の所得確認",
                    "categories": ["地方税関係情報"],
                }
            ],
        }
    ],
    "affairs": [
        {
            "id": "a1",
            "name": "児童手当の支給に関する事務",
            "uses_number": True,
            "uses_gender": False,
            "needs_residence_status": False,
            "basis": {"kind": "schedule", "statute": "児童手当法", "affair": "児童手当"},
            "persons": None,
            "handlers": None,
        }
    ],
    "files": [
        {
            "id": "f1",
            "name": "児童手当ファイル",
            "affairs": ["a1"],
            "persons": 25000,
            "handlers": 60,
            "serious_incident_past_year": False,
            "staff_only": False,
            "held_from": "2016-01-01",
        }
    ],
    "terminals": [
        {
            "id": "t1",
            "name": "市民課窓口ICカード取扱端末",
            "connection": "lgwan",
            "write_authorized": True,
            "two_factor": True,
            "resident_register_client": False,
        }
    ],
    "provisions": [
        {
            "id": "p1",
            "affair": "a1",
            "direction": "receive",
            "channel": "network",
            "counterparty": {
                "name": "他市町村長",
                "kind": "municipality",
                "body": "mayor",
                "same_government": False,
            },
            "categories": ["地方税関係情報"],
        }
    ],
    "card_flows": [
        {
            "id": "c1",
            "affair": "a1",
            "card": "my_number_card",
            "application": "input_support",
            "operation": "read",
            "items": ["number", "name", "address", "birth_date"],
            "terminal": "t1",
            "transfer": {"medium": "none", "encrypted": False, "logged": False},
            "consent_recorded": True,
            "persistent_key": False,
        }
    ],
    "entrustments": [
        {
            "id": "e1",
            "file": "f1",
            "contractor": "架空情報サービス株式会社",
            "supervision": True,
            "subcontract": False,
            "subcontract_permitted": False,
        }
    ],
    "assessments": [
        {
            "id": "s1",
            "affair": "a1",
            "level": "basic",
            "published_on": "2015-10-01",
            "public_comment": None,
            "third_party_review_on": None,
            "ppc_approval_on": None,
            "last_review_on": "2026-02-01",
        },
        {
            "id": "s2",
            "affair": "a1",
            "level": "basic",
            "published_on": "2024-10-01",
            "public_comment": None,
            "third_party_review_on": None,
            "ppc_approval_on": None,
            "last_review_on": "2026-02-01",
        },
    ],
    "changes": [
        {
            "id": "ch1",
            "affair": "a1",
            "effective_on": "2024-11-01",
            "important": True,
            "summary": "標準準拠システムへの移行",
        }
    ],
    "incidents": [],
}


def clean_declaration() -> dict[str, Any]:
    """A declaration the small test catalog finds nothing wrong with (on its ``as_of``)."""
    return copy.deepcopy(_CLEAN)
