"""Registry write services: one audit event per write, optimistic concurrency, references kept sound."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from compliance.audit.models import AuditEvent
from compliance.registry import models as m
from compliance.registry import services
from compliance.registry.exceptions import ConflictError
from tests.registry import factories

pytestmark = pytest.mark.django_db

MY_NUMBER = "123456789018"  # valid check digit: refused wherever it appears


def test_it_creates_an_affair_with_exactly_one_audit_event(city, officer):
    affair = factories.affair(city, user=officer)

    events = AuditEvent.objects.filter(action="compliance.affair.created")
    assert [(e.target_id, e.actor_id, e.organization_id) for e in events] == [
        (str(affair.pk), officer.pk, city.pk)
    ]
    assert AuditEvent.objects.count() == 1
    assert affair.version == 1


def test_it_gives_new_entries_the_next_free_id(city):
    first = factories.affair(city)
    second = factories.affair(city, name="介護保険の保険給付に関する事務")

    assert (first.ref, second.ref) == ("a1", "a2")


def test_it_refuses_free_text_holding_a_my_number(city):
    with pytest.raises(ValidationError) as caught:
        factories.affair(city, name=f"番号 {MY_NUMBER} の事務")

    assert "name" in caught.value.message_dict
    assert not m.Affair.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_reference_to_another_organisations_affair(city, other_city):
    foreign = factories.affair(other_city)

    with pytest.raises(ValidationError) as caught:
        factories.provision(city, foreign)

    assert "affair" in caught.value.message_dict
    assert not m.Provision.objects.exists()


def test_it_refuses_an_information_category_the_catalog_does_not_know(city):
    affair = factories.affair(city)

    with pytest.raises(ValidationError) as caught:
        factories.provision(city, affair, categories=["地方税情報"])

    assert "categories" in caught.value.message_dict


def test_it_refuses_a_card_item_outside_the_vocabulary(city):
    affair = factories.affair(city)

    with pytest.raises(ValidationError) as caught:
        factories.card_flow(city, affair, None, items=["number", "blood_type"])

    assert "items" in caught.value.message_dict


def test_a_schedule_basis_needs_statute_and_affair_text(city):
    with pytest.raises(ValidationError) as caught:
        factories.affair(city, basis_statute="")

    assert "basis_statute" in caught.value.message_dict


def test_an_ordinance_basis_must_name_a_declared_ordinance_affair(city):
    with pytest.raises(ValidationError) as caught:
        factories.affair(city, basis_kind="ordinance", basis_ordinance="o1", basis_affair="oa1")

    assert "basis_affair" in caught.value.message_dict


def test_an_ordinance_basis_naming_a_declared_ordinance_affair_is_accepted(city):
    ordinance = services.ordinance_create(
        organization=city, acting_user=None, title="架空市個人番号条例", in_force_from="2016-01-01"
    )
    services.ordinance_affair_create(
        ordinance=ordinance, acting_user=None, name="灯油購入費助成", field="welfare"
    )

    affair = factories.affair(city, basis_kind="ordinance", basis_ordinance="o1", basis_affair="oa1")

    assert (affair.basis_kind, affair.basis_statute) == ("ordinance", "")


def test_a_basis_without_citation_drops_the_citation_fields(city):
    affair = factories.affair(city, basis_kind="related")

    assert (affair.basis_statute, affair.basis_affair, affair.basis_ordinance) == ("", "", "")


def test_an_update_raises_the_version_and_records_what_changed(city, officer):
    terminal = factories.terminal(city, two_factor=False)

    updated = services.terminal_update(
        terminal=terminal, acting_user=officer, expected_version=1, two_factor=True
    )

    assert updated.version == 2
    event = AuditEvent.objects.get(action="compliance.terminal.updated")
    assert event.data == {"ref": "t1", "version": 2, "changed": {"two_factor": True}}


def test_an_update_from_a_stale_version_is_refused_with_both_versions(city, officer):
    terminal = factories.terminal(city, two_factor=False)
    services.terminal_update(terminal=terminal, acting_user=officer, expected_version=1, name="端末A")

    with pytest.raises(ConflictError) as caught:
        services.terminal_update(terminal=terminal, acting_user=officer, expected_version=1, two_factor=True)

    conflict = caught.value
    assert (conflict.expected_version, conflict.current_version) == (1, 2)
    assert conflict.current.name == "端末A"
    assert conflict.attempted == {"two_factor": True}
    stored = m.Terminal.objects.get()
    assert (stored.two_factor, stored.version) == (False, 2)


def test_an_update_that_changes_nothing_writes_nothing(city, officer):
    terminal = factories.terminal(city)

    same = services.terminal_update(
        terminal=terminal, acting_user=officer, expected_version=1, name="窓口端末"
    )

    assert same.version == 1
    assert not AuditEvent.objects.filter(action="compliance.terminal.updated").exists()


def test_an_update_cannot_rename_the_entry_id(city):
    terminal = factories.terminal(city)

    with pytest.raises(TypeError):
        services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, ref="t9")


def test_a_file_must_serve_at_least_one_affair(city):
    with pytest.raises(ValidationError) as caught:
        factories.file(city, [])

    assert "affairs" in caught.value.message_dict


def test_a_file_update_replaces_its_affairs(city):
    first, second = factories.affair(city), factories.affair(city, name="別の事務")
    file = factories.file(city, [first])

    services.file_update(file=file, acting_user=None, expected_version=1, affairs=[second])

    assert list(file.affairs.values_list("ref", flat=True)) == ["a2"]
    assert m.SpecificFile.objects.get().version == 2


def test_deleting_an_entry_records_one_event_and_removes_it(city, officer):
    terminal = factories.terminal(city)

    services.terminal_delete(terminal=terminal, acting_user=officer, expected_version=1)

    assert not m.Terminal.objects.exists()
    assert AuditEvent.objects.filter(action="compliance.terminal.deleted").count() == 1


def test_deleting_from_a_stale_version_is_refused(city):
    terminal = factories.terminal(city)
    services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)

    with pytest.raises(ConflictError):
        services.terminal_delete(terminal=terminal, acting_user=None, expected_version=1)

    assert m.Terminal.objects.exists()


def test_a_terminal_a_card_flow_runs_on_cannot_be_deleted(city):
    terminal = factories.terminal(city)
    factories.card_flow(city, factories.affair(city), terminal)

    with pytest.raises(ValidationError):
        services.terminal_delete(terminal=terminal, acting_user=None)

    assert m.Terminal.objects.exists()
    assert not AuditEvent.objects.filter(action="compliance.terminal.deleted").exists()


def test_an_affair_that_is_the_only_affair_of_a_file_cannot_be_deleted(city):
    affair = factories.affair(city)
    factories.file(city, [affair])

    with pytest.raises(ValidationError):
        services.affair_delete(affair=affair, acting_user=None)

    assert m.Affair.objects.exists()


def test_deleting_an_affair_takes_its_flows_and_provisions_along(city):
    keep, gone = factories.affair(city), factories.affair(city, name="廃止する事務")
    factories.file(city, [keep, gone])
    factories.provision(city, gone)
    factories.card_flow(city, gone, None)

    services.affair_delete(affair=gone, acting_user=None)

    assert not m.Provision.objects.exists()
    assert not m.CardFlow.objects.exists()
    assert list(m.SpecificFile.objects.get().affairs.all()) == [keep]


def test_an_ordinance_cited_as_a_basis_cannot_be_deleted(city):
    ordinance = services.ordinance_create(
        organization=city, acting_user=None, title="架空市個人番号条例", in_force_from="2016-01-01"
    )
    services.ordinance_affair_create(
        ordinance=ordinance, acting_user=None, name="灯油購入費助成", field="welfare"
    )
    factories.affair(city, basis_kind="ordinance", basis_ordinance="o1", basis_affair="oa1")

    with pytest.raises(ValidationError):
        services.ordinance_delete(ordinance=ordinance, acting_user=None)

    assert m.Ordinance.objects.exists()


def test_an_ordinance_repealed_before_it_took_effect_is_refused(city):
    with pytest.raises(ValidationError) as caught:
        services.ordinance_create(
            organization=city,
            acting_user=None,
            title="条例",
            in_force_from="2016-01-01",
            repealed_on="2015-01-01",
        )

    assert "repealed_on" in caught.value.message_dict


def test_a_public_comment_needs_both_ends(city):
    affair = factories.affair(city)

    with pytest.raises(ValidationError) as caught:
        services.declared_assessment_create(
            organization=city, acting_user=None, affair=affair, level="full", public_comment_from="2020-08-01"
        )

    assert "public_comment_to" in caught.value.message_dict


def test_every_write_schedules_a_recheck_after_commit(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        terminal = factories.terminal(city)
        services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)
        services.terminal_delete(terminal=terminal, acting_user=None)

    # Each write: the re-check, and the look for a re-assessment it may call for (重要な変更, しきい値).
    scheduled = [callback.__qualname__.split(".")[0] for callback in callbacks]
    assert scheduled.count("findings_refresh_on_commit") == 3
    assert scheduled.count("reassessments_prompt_on_commit") == 3
