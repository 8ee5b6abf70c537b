"""The audit writer refuses a My Number in every spelling and redacts one in a label (番号法第19条)."""

from __future__ import annotations

import pytest

from compliance.accounts.models import Organization
from compliance.audit.models import AuditEvent
from compliance.audit.services import AuditDataError, record
from compliance.lib.mynumber import contains_my_number
from tests.lib.mynumber_payloads import INVALID, PAYLOADS

SPELLINGS = pytest.mark.parametrize("spelling", PAYLOADS.values(), ids=PAYLOADS.keys())


@pytest.mark.django_db
@SPELLINGS
def test_it_refuses_data_holding_a_my_number_in_any_spelling(spelling: str) -> None:
    with pytest.raises(AuditDataError):
        record("compliance.affair.updated", actor=None, data={"changes": {"name": f"事務 {spelling}"}})
    with pytest.raises(AuditDataError):
        record("compliance.affair.updated", actor=None, data={"items": [1, {spelling: True}]})
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_my_number_written_as_a_float() -> None:
    with pytest.raises(AuditDataError):
        record(
            "compliance.affair.updated",
            actor=None,
            data={"value": float(PAYLOADS["twelve straight"])},
        )


@pytest.mark.django_db
def test_it_keeps_an_ordinary_twelve_digit_number() -> None:
    event = record("compliance.affair.updated", actor=None, data={"receipt": f"{INVALID[:4]}ー{INVALID[4:]}"})
    assert event.data == {"receipt": f"{INVALID[:4]}ー{INVALID[4:]}"}


@pytest.mark.parametrize(
    "spelling", [PAYLOADS[k] for k in ("kanji numerals", "minus sign U+2212", "newlines")]
)
def test_it_redacts_a_target_label_holding_a_my_number_in_any_spelling(
    org_a: Organization, spelling: str
) -> None:
    org_a.name = f"誤入力 {spelling}"
    event = record("compliance.organization.changed_in_admin", actor=None, target=org_a)
    assert not contains_my_number(event.target_label)
