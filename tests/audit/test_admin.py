"""The admin shows audit events but offers no way to add, change or delete them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from compliance.audit.models import AuditEvent
from compliance.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_admin() -> admin.ModelAdmin:
    return admin.site._registry[AuditEvent]


@pytest.fixture
def request_of_superuser(django_user_model: type) -> object:
    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = django_user_model.objects.create_superuser("root", password="x" * 16)
    return request


def test_the_audit_log_is_registered_in_the_admin() -> None:
    assert AuditEvent in admin.site._registry


def test_not_even_a_superuser_may_add_change_or_delete(
    model_admin: admin.ModelAdmin, request_of_superuser
) -> None:
    event = record("compliance.catalog.loaded", actor=None)

    assert not model_admin.has_add_permission(request_of_superuser)
    assert not model_admin.has_change_permission(request_of_superuser, event)
    assert not model_admin.has_delete_permission(request_of_superuser, event)
    assert model_admin.has_view_permission(request_of_superuser, event)


def test_every_field_is_read_only(model_admin: admin.ModelAdmin, request_of_superuser) -> None:
    fields = set(model_admin.get_readonly_fields(request_of_superuser))

    assert {"seq", "created_at", "action", "data", "prev_hash", "hash"} <= fields
