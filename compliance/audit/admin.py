"""The audit log in the Django admin: read-only, because events are append-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from compliance.audit.models import AuditEvent
from compliance.lib.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "seq",
        "created_at",
        "action",
        "actor_label",
        "target_type",
        "target_label",
        "organization_id",
    )
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "target_label", "target_id")
    ordering = ("-seq",)
    date_hierarchy = "created_at"
    list_select_related = False
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]
