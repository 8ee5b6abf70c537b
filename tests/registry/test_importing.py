"""Declaration import: one transaction, bulk writes, one audit event, a plan, and nothing written when invalid."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.accounts.models import Organization
from compliance.audit.models import AuditEvent
from compliance.registry import models as m
from compliance.registry.importing import DeclarationInvalid, declaration_import
from compliance.registry.selectors import registry_export

pytestmark = pytest.mark.django_db


def test_it_creates_the_organisation_and_every_entry(declaration):
    result = declaration_import(data=declaration, acting_user=None)

    assert result.organization_action == "created"
    assert result.created == {
        "ordinances": 1,
        "ordinance_affairs": 1,
        "intra_provisions": 1,
        "affairs": 3,
        "files": 2,
        "terminals": 2,
        "provisions": 1,
        "card_flows": 2,
        "entrustments": 1,
        "assessments": 2,
        "changes": 1,
        "incidents": 1,
    }
    org = Organization.objects.get(code="999997", body="mayor")
    assert sorted(
        m.SpecificFile.objects.get(organization=org, ref="f2").affairs.values_list("ref", flat=True)
    ) == [
        "a10",
        "a2",
    ]
    assert m.CardFlow.objects.get(ref="c2").terminal.ref == "t2"


def test_an_import_is_one_audited_write(declaration, officer):
    declaration_import(data=declaration, acting_user=officer)

    events = list(AuditEvent.objects.all())
    assert [e.action for e in events] == ["compliance.declaration.imported"]
    assert events[0].actor_id == officer.pk
    assert events[0].data["created"]["affairs"] == 3


def test_importing_the_same_file_again_changes_nothing(declaration):
    declaration_import(data=declaration, acting_user=None)

    again = declaration_import(data=declaration, acting_user=None)

    assert sum(again.updated.values()) == sum(again.created.values()) == sum(again.removed.values()) == 0
    assert set(m.Affair.objects.values_list("version", flat=True)) == {1}


def test_it_updates_changed_entries_and_removes_missing_ones(declaration):
    declaration_import(data=declaration, acting_user=None)
    changed = copy.deepcopy(declaration)
    changed["terminals"][1]["two_factor"] = True
    changed["incidents"] = []
    changed["files"][1]["affairs"] = ["a2"]

    result = declaration_import(data=changed, acting_user=None)

    assert result.updated["terminals"] == 1
    assert result.updated["files"] == 1
    assert result.removed["incidents"] == 1
    assert m.Terminal.objects.get(ref="t2").version == 2
    assert not m.Incident.objects.exists()
    assert list(m.SpecificFile.objects.get(ref="f2").affairs.values_list("ref", flat=True)) == ["a2"]


def test_an_entry_moved_to_another_affair_survives_the_removal_of_its_old_affair(declaration):
    declaration_import(data=declaration, acting_user=None)
    changed = copy.deepcopy(declaration)
    changed["affairs"] = [a for a in changed["affairs"] if a["id"] != "a10"]
    changed["files"][1]["affairs"] = ["a2"]
    changed["card_flows"][1]["affair"] = "a2"

    result = declaration_import(data=changed, acting_user=None)

    assert result.removed["affairs"] == 1
    assert m.CardFlow.objects.get(ref="c2").affair.ref == "a2"


def test_an_invalid_declaration_writes_nothing_and_names_every_problem(declaration):
    declaration["files"][0]["persons"] = -1
    declaration["card_flows"][0]["terminal"] = "t9"

    with pytest.raises(DeclarationInvalid) as caught:
        declaration_import(data=declaration, acting_user=None)

    paths = [problem.path for problem in caught.value.problems]
    assert "files[0].persons" in paths
    assert "card_flows[0].terminal" in paths
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_my_number_anywhere_in_the_file_is_refused(declaration):
    declaration["incidents"][0]["summary"] = "個人番号 1234 5678 9018 を誤送付"

    with pytest.raises(DeclarationInvalid) as caught:
        declaration_import(data=declaration, acting_user=None)

    assert [p.path for p in caught.value.problems] == ["incidents[0].summary"]
    assert "9018" not in str(caught.value)


def test_a_dry_run_plans_and_checks_without_writing(declaration):
    result = declaration_import(data=declaration, acting_user=None, dry_run=True)

    assert result.dry_run and result.organization is None
    assert result.created["affairs"] == 3
    assert result.findings, "the dry run reports the findings the declaration would raise"
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_dry_run_against_an_existing_registry_shows_updates_and_removals(declaration):
    declaration_import(data=declaration, acting_user=None)
    changed = copy.deepcopy(declaration)
    changed["terminals"][0]["two_factor"] = False
    changed["changes"] = []

    result = declaration_import(data=changed, acting_user=None, dry_run=True)

    assert (result.updated["terminals"], result.removed["changes"]) == (1, 1)
    assert m.Terminal.objects.get(ref="t1").two_factor is True
    assert any(f.rule == "SEC-TWO-FACTOR" and f.subject == "terminals/t1" for f in result.findings)


def test_an_upload_into_another_organisation_is_refused(declaration, other_city):
    with pytest.raises(DeclarationInvalid) as caught:
        declaration_import(data=declaration, acting_user=None, organization=other_city)

    assert [p.path for p in caught.value.problems] == ["organization"]
    assert not m.Affair.objects.exists()


def _grown(declaration, n):
    """The declaration with ``n`` more affairs, files, terminals and card flows."""
    grown = copy.deepcopy(declaration)
    for i in range(n):
        grown["affairs"].append(
            {"id": f"x{i}", "name": f"事務{i}", "uses_number": True, "basis": {"kind": "related"}}
        )
        grown["files"].append(
            {"id": f"xf{i}", "name": f"ファイル{i}", "affairs": [f"x{i}"], "persons": i, "handlers": 1}
        )
        grown["terminals"].append({"id": f"xt{i}", "connection": "lgwan"})
        grown["card_flows"].append(
            {
                "id": f"xc{i}",
                "affair": f"x{i}",
                "card": "my_number_card",
                "application": "card_face",
                "operation": "read",
                "items": ["name"],
                "terminal": f"xt{i}",
            }
        )
    return grown


def test_the_number_of_queries_does_not_grow_with_the_declaration(declaration):
    declaration_import(data=declaration, acting_user=None)  # warm-up: the audit chain's head row exists
    counts = []
    for n in (2, 40):
        Organization.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            declaration_import(data=_grown(declaration, n), acting_user=None)
        counts.append(len(queries))

    assert counts[0] == counts[1] < 60


def test_reimporting_with_changes_costs_the_same_whatever_the_size(declaration):
    counts = []
    for n in (2, 40):
        Organization.objects.all().delete()
        declaration_import(data=_grown(declaration, n), acting_user=None)
        changed = _grown(declaration, n)
        for terminal in changed["terminals"]:
            terminal["two_factor"] = True
        changed["card_flows"] = changed["card_flows"][: n // 2]
        with CaptureQueriesContext(connection) as queries:
            declaration_import(data=changed, acting_user=None)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_registry_is_exported_as_it_was_imported(declaration):
    from compliance.registry.codec import normalize_declaration

    result = declaration_import(data=declaration, acting_user=None)

    exported = registry_export(organization=result.organization, as_of=None)
    expected = normalize_declaration(declaration)
    exported.pop("as_of"), expected.pop("as_of")
    assert exported == expected
