"""Catalog maintenance in the admin: commission administrators edit, with history in the audit log;
other staff may only read."""

from __future__ import annotations

import pytest

from compliance.audit.models import AuditEvent
from compliance.law import models as m
from tests.conftest import verified_client, with_device
from tests.factories import UserFactory


@pytest.fixture
def staff_reader(db):
    """Staff (may enter the admin) but not a commission administrator."""
    return with_device(UserFactory(username="staff-reader", is_staff=True))


def change_url(obj) -> str:
    return f"/admin/law/{obj._meta.model_name}/{obj.pk}/change/"


def test_a_commission_administrator_corrects_a_record_and_the_audit_log_keeps_it(commission_admin, loaded):
    category = m.InformationCategory.objects.get(key="cat-chihouzei")
    client = verified_client(commission_admin)
    form = {
        "key": category.key, "name": category.name, "description": category.description,
        "in_force_from": "2017-07-18", "in_force_until": "", "source": "番号法別表第二（原文確認）",
        "verified": "on", "notes": "", "position": category.position,
    }  # fmt: skip
    response = client.post(change_url(category), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.verified is True
    event = AuditEvent.objects.get(action="compliance.catalog_record.corrected")
    assert event.actor == commission_admin
    assert event.data == {
        "model": "law.informationcategory",
        "key": "cat-chihouzei",
        "fields": ["source", "verified"],
    }


def test_a_commission_administrator_deleting_a_record_leaves_an_audit_event(commission_admin, loaded):
    card = m.Card.objects.get(key="residence_card")
    client = verified_client(commission_admin)
    response = client.post(f"/admin/law/card/{card.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not m.Card.objects.filter(pk=card.pk).exists()
    assert AuditEvent.objects.get(action="compliance.catalog_record.deleted").data["key"] == "residence_card"


def test_other_staff_can_read_the_catalog_but_not_change_it(staff_reader, loaded):
    category = m.InformationCategory.objects.get(key="cat-chihouzei")
    client = verified_client(staff_reader)
    page = client.get(change_url(category))
    assert page.status_code == 200
    assert b'name="source"' not in page.content  # rendered read-only
    response = client.post(change_url(category), {"key": "x", "name": "y", "in_force_from": "2017-07-18"})
    assert response.status_code == 403
    assert m.InformationCategory.objects.get(pk=category.pk).name == "地方税関係情報"
    assert client.get("/admin/law/informationcategory/add/").status_code == 403


def test_the_change_record_is_read_only_for_everyone(commission_admin, loaded):
    change_set = m.ChangeSet.objects.first()
    client = verified_client(commission_admin)
    assert client.get(f"/admin/law/changeset/{change_set.pk}/change/").status_code == 200
    assert client.post(f"/admin/law/changeset/{change_set.pk}/delete/", {"post": "yes"}).status_code == 403
