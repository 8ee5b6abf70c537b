"""Export and snapshot: the registry as a declaration, read with a constant number of queries."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from compliance.checks.snapshot import DeclarationSnapshot, snapshot_from_declaration
from compliance.declaration.validation import validate_declaration
from compliance.registry.codec import normalize_declaration
from compliance.registry.importing import declaration_import
from compliance.registry.selectors import (
    registry_export,
    registry_snapshot,
)
from tests.registry import factories

pytestmark = pytest.mark.django_db


def _without_as_of(document):
    return {k: v for k, v in document.items() if k != "as_of"}


def test_import_then_export_gives_back_the_declaration_in_normal_form(declaration):
    result = declaration_import(data=declaration, acting_user=None)

    exported = registry_export(organization=result.organization, as_of=dt.date(2026, 4, 1))

    assert exported == normalize_declaration(declaration)


def test_export_then_import_then_export_is_the_identity(declaration):
    organization = declaration_import(data=declaration, acting_user=None).organization
    first = registry_export(organization=organization)

    again = declaration_import(data=first, acting_user=None)

    assert sum(again.created.values()) + sum(again.updated.values()) + sum(again.removed.values()) == 0
    assert registry_export(organization=organization) == first


def test_an_export_is_a_valid_declaration(declaration, catalog):
    organization = declaration_import(data=declaration, acting_user=None).organization

    assert validate_declaration(registry_export(organization=organization), catalog) == []


def test_the_export_of_web_edits_is_a_valid_declaration(city, catalog):
    affair = factories.affair(city)
    factories.file(city, [affair])
    factories.card_flow(city, affair, factories.terminal(city, two_factor=False))
    factories.provision(city, affair)

    exported = registry_export(organization=city)

    assert validate_declaration(exported, catalog) == []
    assert [flow["terminal"] for flow in exported["card_flows"]] == ["t1"]


def test_entries_are_exported_in_natural_id_order(declaration):
    organization = declaration_import(data=declaration, acting_user=None).organization

    exported = registry_export(organization=organization)

    assert [a["id"] for a in exported["affairs"]] == ["a1", "a2", "a10"]


def test_omitted_keys_are_exported_with_their_defaults(declaration):
    organization = declaration_import(data=declaration, acting_user=None).organization

    terminal = {t["id"]: t for t in registry_export(organization=organization)["terminals"]}["t2"]

    assert terminal == {
        "id": "t2",
        "name": "t2",
        "connection": "standalone",
        "write_authorized": False,
        "two_factor": False,
        "resident_register_client": False,
    }


def test_the_snapshot_equals_the_snapshot_of_the_imported_file(declaration):
    organization = declaration_import(data=declaration, acting_user=None).organization

    snapshot = registry_snapshot(organization=organization, as_of=dt.date(2026, 4, 1))

    assert isinstance(snapshot, DeclarationSnapshot)
    assert snapshot == snapshot_from_declaration(normalize_declaration(declaration))


def _grown(declaration, n):
    grown = copy.deepcopy(declaration)
    for i in range(n):
        grown["affairs"].append(
            {"id": f"x{i}", "name": f"事務{i}", "uses_number": True, "basis": {"kind": "related"}}
        )
        grown["files"].append(
            {"id": f"xf{i}", "name": f"ファイル{i}", "affairs": [f"x{i}", "a1"], "persons": i, "handlers": 1}
        )
        grown["provisions"].append(
            {
                "id": f"xp{i}",
                "affair": f"x{i}",
                "direction": "provide",
                "channel": "other",
                "counterparty": {"kind": "person"},
            }
        )
        grown["ordinances"][0]["affairs"].append({"id": f"xo{i}", "name": f"条例事務{i}", "field": "other"})
    return grown


@pytest.mark.parametrize("extra", [0, 60])
def test_the_snapshot_costs_a_constant_number_of_queries(declaration, extra, django_assert_num_queries):
    organization = declaration_import(data=_grown(declaration, extra), acting_user=None).organization

    with django_assert_num_queries(13):
        snapshot = registry_snapshot(organization=organization)

    assert len(snapshot.affairs) == 3 + extra
