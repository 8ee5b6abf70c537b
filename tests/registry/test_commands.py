"""``import_declaration`` (contracts.md §3) and ``export_declaration``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from compliance.accounts.models import Organization
from compliance.checks.models import StoredFinding
from compliance.registry import models as m
from tests.registry.conftest import DATA

pytestmark = pytest.mark.django_db

SAMPLE = str(DATA / "kakuu_city.json")


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_counts_and_the_organisations_path():
    out, _ = _run("import_declaration", SAMPLE)

    summary = json.loads(out)
    organization = Organization.objects.get(code="999997")
    assert summary["created"]["affairs"] == 3
    assert summary["updated"]["affairs"] == 0
    assert summary["url"] == f"/registry/organizations/{organization.pk}/"


def test_import_stores_the_findings_of_the_imported_registry():
    out, _ = _run("import_declaration", SAMPLE)

    assert StoredFinding.objects.exists()
    assert json.loads(out)["findings"]["active"] == StoredFinding.objects.count()


def test_import_records_the_acting_user(officer):
    from compliance.audit.models import AuditEvent

    _run("import_declaration", SAMPLE, "--as-user", officer.username)

    assert AuditEvent.objects.get(action="compliance.declaration.imported").actor == officer


def test_import_records_an_approver_of_the_body_as_the_actor(city):
    from compliance.accounts.models import MembershipRole
    from compliance.audit.models import AuditEvent
    from tests.registry.conftest import _member

    approver = _member("approver-kakuu", city, MembershipRole.APPROVER)
    _run("import_declaration", SAMPLE, "--as-user", approver.username)

    assert AuditEvent.objects.get(action="compliance.declaration.imported").actor == approver


def _assert_nothing_imported(city=None):
    from compliance.audit.models import AuditEvent

    assert not m.Affair.objects.exists()
    assert not AuditEvent.objects.filter(action="compliance.declaration.imported").exists()
    assert list(Organization.objects.filter(code="999997")) == ([city] if city else [])


def test_import_refuses_an_officer_of_another_body_and_writes_nothing(city, officer_elsewhere):
    with pytest.raises(CommandError, match="--as-user: officer-tomakomai is not an officer") as refused:
        _run("import_declaration", SAMPLE, "--as-user", officer_elsewhere.username)

    assert refused.value.returncode == 1  # what manage.py exits with
    assert "999997/mayor" in str(refused.value)
    _assert_nothing_imported(city)


def test_import_refuses_commission_staff_who_are_no_officer_of_the_body(city):
    from compliance.accounts.models import CommissionRole, User

    reviewer = User.objects.create_user(username="reviewer", commission_role=CommissionRole.ADMINISTRATOR)
    with pytest.raises(CommandError, match="--as-user: reviewer is not an officer"):
        _run("import_declaration", SAMPLE, "--as-user", reviewer.username)

    _assert_nothing_imported(city)


def test_import_refuses_any_user_for_a_body_not_yet_in_the_registry(officer_elsewhere):
    with pytest.raises(CommandError, match="no such organisation in the registry yet"):
        _run("import_declaration", SAMPLE, "--as-user", officer_elsewhere.username)

    _assert_nothing_imported()


def test_a_dry_run_is_refused_to_an_officer_of_another_body_too(city, officer_elsewhere):
    with pytest.raises(CommandError, match="--as-user"):
        _run("import_declaration", SAMPLE, "--as-user", officer_elsewhere.username, "--dry-run")


def test_import_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="--as-user"):
        _run("import_declaration", SAMPLE, "--as-user", "nobody")

    assert not Organization.objects.exists()


def test_an_invalid_file_exits_2_naming_every_problem_and_writes_nothing(tmp_path, declaration):
    declaration["files"][0]["persons"] = "many"
    declaration["terminals"][0]["colour"] = "grey"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(declaration, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("import_declaration", str(path), stdout=out, stderr=err)

    assert exit_.value.code == 2
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert "files[0].persons: must be an integer ≥ 0" in lines
    assert any(line.startswith("terminals[0].colour: ") for line in lines)
    assert not Organization.objects.exists()


def test_a_file_that_is_not_json_exits_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_:
        _run("import_declaration", str(path))

    assert exit_.value.code == 2


def test_a_dry_run_writes_nothing_and_lists_the_findings():
    out, _ = _run("import_declaration", SAMPLE, "--dry-run")

    summary = json.loads(out)
    assert summary["dry_run"] is True
    assert summary["created"]["files"] == 2
    assert {"rule", "subject", "severity"} <= set(summary["findings"][0])
    assert not m.Affair.objects.exists()


def test_export_prints_the_registry_as_a_declaration(declaration):
    _run("import_declaration", SAMPLE)

    out, _ = _run("export_declaration", "--org", "999997", "--as-of", "2026-04-01")

    exported = json.loads(out)
    assert exported["format"] == "pia-declaration/1"
    assert exported["as_of"] == "2026-04-01"
    assert [a["id"] for a in exported["affairs"]] == ["a1", "a2", "a10"]


def test_export_asks_for_the_body_when_a_code_has_several_organs(city):
    Organization.objects.create(
        name="架空市教育委員会", code="999997", kind="municipality", body="board_of_education"
    )

    with pytest.raises(CommandError, match="--body"):
        _run("export_declaration", "--org", "999997")

    out, _ = _run("export_declaration", "--org", "999997", "--body", "board_of_education")
    assert json.loads(out)["organization"]["body"] == "board_of_education"


def test_export_of_an_unknown_code_fails():
    with pytest.raises(CommandError, match="--org"):
        _run("export_declaration", "--org", "000000")


def test_import_drafts_an_assessment_for_every_affair_that_needs_one():
    from compliance.assessments.models import Assessment
    from compliance.checks.context import affair_thresholds
    from compliance.checks.snapshot import snapshot_from_declaration

    out, _ = _run("import_declaration", SAMPLE)

    thresholds = affair_thresholds(
        snapshot_from_declaration(json.loads(Path(SAMPLE).read_text(encoding="utf-8")))
    )
    needed = {ref: t.required[-1] for ref, t in thresholds.items() if t.mandatory}
    drafted = {a.affair.ref: a.level for a in Assessment.objects.select_related("affair")}
    assert needed, "the sample must contain an affair that needs an assessment"
    assert drafted == needed
    assert json.loads(out)["assessments_drafted"] == len(needed)


def test_importing_the_same_file_again_drafts_nothing_new():
    from compliance.assessments.models import Assessment

    _run("import_declaration", SAMPLE)
    out, _ = _run("import_declaration", SAMPLE)

    assert json.loads(out)["assessments_drafted"] == 0
    assert Assessment.objects.count() == len({a.affair_id for a in Assessment.objects.all()})
