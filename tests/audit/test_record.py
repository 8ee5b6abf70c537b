"""record(): appending events, what they may carry, and the transaction they live in."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest
from django.db import transaction

from compliance.accounts.models import Organization, User
from compliance.audit.actions import UnknownAction
from compliance.audit.chain import stored_event_hash
from compliance.audit.models import GENESIS_HASH, AppendOnlyError, AuditChainHead, AuditEvent
from compliance.audit.services import AuditDataError, record
from tests.audit.conftest import MY_NUMBER, NOT_A_MY_NUMBER

pytestmark = pytest.mark.django_db


def test_it_links_each_event_to_its_predecessor(officer_a: User, org_a: Organization) -> None:
    first = record(
        "compliance.organization.changed_in_admin", actor=officer_a, target=org_a, data={"field": "name"}
    )
    second = record(
        "compliance.organization.changed_in_admin", actor=officer_a, target=org_a, data={"field": "code"}
    )

    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (2, second.hash)


def test_it_describes_the_actor_target_and_organisation(officer_a: User, org_a: Organization) -> None:
    event = record("compliance.organization.changed_in_admin", actor=officer_a, target=org_a)

    assert (event.actor_id, event.actor_label) == (officer_a.pk, "officer-a")
    assert (event.target_type, event.target_id, event.target_label) == (
        "accounts.organization",
        str(org_a.pk),
        "苫小牧市",
    )
    assert event.organization_id == org_a.pk


def test_it_names_the_system_when_there_is_no_actor(db: None) -> None:
    event = record("compliance.catalog.loaded", actor=None, data={"rows": 3})

    assert (event.actor_id, event.actor_label) == (None, "system")


def test_the_hash_verifies_after_a_round_trip_through_the_database(
    officer_a: User, org_a: Organization
) -> None:
    data = {
        "名称": "甲市 特定個人情報ファイル",
        "nested": {"b": [1, 2.5, None, True], "a": {"z": -0.0}},
        "whole_float": 1e16,
        "tiny": 5e-324,
        "when": dt.date(2026, 4, 1),
        "amount": decimal.Decimal("12.30"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "tuple": ("x", "y"),
    }
    event = record("compliance.declaration.imported", actor=officer_a, target=org_a, data=data)

    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored_event_hash(stored) == stored.hash == event.hash


def test_it_stores_the_timestamp_to_the_microsecond(db: None) -> None:
    event = record("compliance.catalog.loaded", actor=None)

    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.created_at == event.created_at
    assert stored.created_at.microsecond == event.created_at.microsecond


@pytest.mark.parametrize(
    "data",
    [
        {"note": f"本人の個人番号は{MY_NUMBER}です"},
        {"note": MY_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))},
        {"note": f"{MY_NUMBER[:4]}-{MY_NUMBER[4:8]}-{MY_NUMBER[8:]}"},
        {"numbers": [1, 2, int(MY_NUMBER)]},
        {"deep": {"deeper": [{"text": f"番号 {MY_NUMBER}"}]}},
        {MY_NUMBER: "as a key"},
    ],
    ids=["ascii", "full-width", "hyphenated", "integer", "nested", "key"],
)
def test_it_refuses_data_containing_a_my_number(db: None, data: dict[str, object]) -> None:
    with pytest.raises(AuditDataError):
        record("compliance.affair.updated", actor=None, data=data)

    assert not AuditEvent.objects.exists()


def test_it_accepts_twelve_digit_numbers_without_a_valid_check_digit(db: None) -> None:
    event = record("compliance.affair.updated", actor=None, data={"phone": NOT_A_MY_NUMBER})

    assert event.data == {"phone": NOT_A_MY_NUMBER}


def test_it_accepts_a_hex_digest_even_when_digits_in_it_look_like_a_my_number(db: None) -> None:
    digest = ("a" + MY_NUMBER + "b" * 64)[:64]

    event = record("compliance.assessment.submitted", actor=None, data={"version_hash": digest})

    assert event.data["version_hash"] == digest


def test_it_redacts_a_target_label_that_contains_a_my_number(org_a: Organization) -> None:
    org_a.name = f"誤入力 {MY_NUMBER}"

    event = record("compliance.organization.changed_in_admin", actor=None, target=org_a)

    assert event.target_label == "[redacted]"


@pytest.mark.parametrize(
    "data",
    [{"x": float("nan")}, {"x": float("inf")}, {"x": "nul\x00byte"}],
    ids=["nan", "infinity", "nul"],
)
def test_it_refuses_values_that_do_not_survive_both_databases(db: None, data: dict[str, object]) -> None:
    with pytest.raises(AuditDataError):
        record("compliance.affair.updated", actor=None, data=data)


@pytest.mark.parametrize(
    "action",
    ["compliance.assessment.submitted", "compliance.catalog.amended", "compliance.affair.created"],
)
def test_it_accepts_dotted_action_codes(db: None, action: str) -> None:
    assert record(action, actor=None).action == action


@pytest.mark.parametrize(
    "action",
    ["compliance.catalog.row_amended", "accounts.login.failed", "compliance.law.catalog_amended"],
    ids=["unknown", "outside compliance", "a former name"],
)
def test_it_refuses_an_action_that_is_not_registered(db: None, action: str) -> None:
    with pytest.raises(UnknownAction, match="not registered"):
        record(action, actor=None)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "action",
    ["submitted", "", "Compliance.assessment.submitted", "compliance..submitted", "compliance.submitted.",
     "compliance.assessment submitted", ".compliance", "compliance." + "x" * 120],
)  # fmt: skip
def test_it_refuses_action_codes_that_are_not_dotted(db: None, action: str) -> None:
    with pytest.raises(ValueError, match="dotted code"):
        record(action, actor=None)


def test_it_is_undone_with_the_callers_transaction(db: None) -> None:
    record("compliance.catalog.loaded", actor=None)

    with pytest.raises(RuntimeError), transaction.atomic():
        record("compliance.catalog.loaded", actor=None)
        raise RuntimeError("the write failed after its audit event")

    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1]
    assert AuditChainHead.objects.get().seq == 1


def test_it_continues_the_chain_when_the_head_row_is_lost(db: None) -> None:
    first = record("compliance.catalog.loaded", actor=None)
    AuditChainHead.objects.all().delete()

    second = record("compliance.catalog.loaded", actor=None)

    assert (second.seq, second.prev_hash) == (2, first.hash)


def test_the_orm_refuses_to_change_a_stored_event(db: None) -> None:
    event = record("compliance.catalog.loaded", actor=None)
    event.action = "compliance.catalog.forged"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="compliance.catalog.forged")


def test_the_orm_refuses_to_delete_events(db: None) -> None:
    event = record("compliance.catalog.loaded", actor=None)

    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1
