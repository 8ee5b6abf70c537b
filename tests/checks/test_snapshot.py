"""The snapshot: plain frozen dataclasses built from a validated declaration."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from compliance.checks.snapshot import DeclarationSnapshot, Transfer, snapshot_from_declaration
from tests.checks.factories import clean_declaration


def test_it_parses_dates_and_keeps_the_order_of_entries() -> None:
    snapshot = snapshot_from_declaration(clean_declaration())
    assert snapshot.as_of == dt.date(2026, 4, 1)
    assert [a.id for a in snapshot.assessments] == ["s1", "s2"]
    assert snapshot.assessments[1].published_on == dt.date(2024, 10, 1)
    assert snapshot.ordinances[0].affairs[0].field == "welfare"
    assert snapshot.card_flows[0].items == frozenset({"number", "name", "address", "birth_date"})


def test_it_is_immutable() -> None:
    snapshot = snapshot_from_declaration(clean_declaration())
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.affairs[0].name = "changed"  # type: ignore[misc]


def test_omitted_optional_keys_take_their_defaults() -> None:
    data = clean_declaration()
    flow = data["card_flows"][0]
    for key in ("terminal", "transfer", "consent_recorded", "persistent_key"):
        del flow[key]
    for key in ("uses_gender", "needs_residence_status", "persons", "handlers"):
        del data["affairs"][0][key]
    snapshot = snapshot_from_declaration(data)
    assert snapshot.card_flows[0].terminal is None
    assert snapshot.card_flows[0].transfer == Transfer("none", False, False)
    assert snapshot.card_flows[0].consent_recorded is False
    assert snapshot.affairs[0].persons is None
    assert snapshot.affairs[0].uses_gender is False


def test_omitted_collections_are_empty() -> None:
    data = {"format": "pia-declaration/1", "organization": clean_declaration()["organization"]}
    snapshot = snapshot_from_declaration(data)
    assert isinstance(snapshot, DeclarationSnapshot)
    assert snapshot.affairs == () and snapshot.as_of is None


def test_the_public_comment_counts_both_ends() -> None:
    data = clean_declaration()
    data["assessments"][0]["public_comment"] = {
        "from": "2015-08-01",
        "to": "2015-08-30",
        "shortened_reason": None,
    }
    assert snapshot_from_declaration(data).assessments[0].public_comment.days == 30  # type: ignore[union-attr]
