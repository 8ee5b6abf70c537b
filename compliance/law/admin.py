"""Catalog maintenance for commission administrators (委員会管理者) in the Django admin.

Everyone with admin access may read the catalog; only commission administrators may add,
correct or delete records. Every save and delete goes through
:mod:`compliance.law.services`, so the audit log keeps the history of who changed what.
Amendments (new periods) are applied with ``catalog_apply``; the admin is for corrections.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from compliance.accounts.models import CommissionRole
from compliance.law import models as m
from compliance.law.services import catalog_record_delete, catalog_record_save
from compliance.lib.actors import request_actor
from compliance.lib.admin import ReadOnlyAdminMixin


def is_commission_administrator(user: Any) -> bool:
    return bool(user.is_active and getattr(user, "commission_role", "") == CommissionRole.ADMINISTRATOR)


class CommissionAdministratorsEdit:
    """Read-only unless the user is a commission administrator."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_commission_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_commission_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_commission_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff) or is_commission_administrator(user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class BodyInline(CommissionAdministratorsEdit, admin.TabularInline):  # type: ignore[type-arg]
    model = m.ScheduleRowBody
    extra = 0
    fields = ("position", "label", "kinds", "body")


class ProviderInline(CommissionAdministratorsEdit, admin.TabularInline):  # type: ignore[type-arg]
    model = m.LinkageProvider
    extra = 0
    fields = ("position", "label", "kinds", "body")


class CatalogRecordAdmin(CommissionAdministratorsEdit, admin.ModelAdmin):  # type: ignore[type-arg]
    list_filter = ["verified", "origin"]
    search_fields = ["key", "source"]
    readonly_fields = ("origin", "started_by", "ended_by", "created_at", "updated_at")
    date_hierarchy = "in_force_from"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        catalog_record_save(
            obj=obj, changed_fields=list(form.changed_data), acting_user=request_actor(request)
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Body references edited inline: saved and audited with the record they belong to."""
        formset.save()
        if formset.has_changed():
            catalog_record_save(
                obj=form.instance, changed_fields=[f"{formset.prefix}[]"], acting_user=request_actor(request)
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        catalog_record_delete(obj=obj, acting_user=request_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            catalog_record_delete(obj=obj, acting_user=request_actor(request))


@admin.register(m.Statute)
class StatuteAdmin(CatalogRecordAdmin):
    list_display = ("key", "name", "number", "kind", "in_force_from", "in_force_until", "verified")
    search_fields = ["key", "name", "number", "egov_law_id"]


@admin.register(m.ScheduleRow)
class ScheduleRowAdmin(CatalogRecordAdmin):
    list_display = (
        "key",
        "kind",
        "row_number",
        "statute",
        "field",
        "in_force_from",
        "in_force_until",
        "verified",
    )
    list_filter = ["kind", "field", "verified", "origin"]
    search_fields = ["key", "statute", "affair", "source"]
    inlines = (BodyInline,)


@admin.register(m.Article19Item)
class Article19ItemAdmin(CatalogRecordAdmin):
    list_display = ("key", "ground", "item", "title", "in_force_from", "in_force_until", "verified")


@admin.register(m.InformationCategory)
class InformationCategoryAdmin(CatalogRecordAdmin):
    list_display = ("key", "name", "in_force_from", "in_force_until", "verified")
    search_fields = ["key", "name"]


@admin.register(m.LinkagePermission)
class LinkagePermissionAdmin(CatalogRecordAdmin):
    list_display = ("key", "requester_row", "category", "in_force_from", "in_force_until", "verified")
    search_fields = ["key", "requester_row", "category"]
    inlines = (ProviderInline,)


@admin.register(m.OrdinanceLinkageLimit)
class OrdinanceLinkageLimitAdmin(CatalogRecordAdmin):
    list_display = ("key", "field", "in_force_from", "in_force_until", "verified")


@admin.register(m.OrdinanceScopeRule)
class OrdinanceScopeRuleAdmin(CatalogRecordAdmin):
    list_display = ("key", "allowed_fields", "in_force_from", "in_force_until", "verified")


@admin.register(m.Card)
class CardAdmin(CatalogRecordAdmin):
    list_display = ("key", "name", "name_en", "in_force_from", "in_force_until", "verified")


@admin.register(m.CardApplication)
class CardApplicationAdmin(CatalogRecordAdmin):
    list_display = ("key", "name", "in_force_from", "in_force_until", "verified")


@admin.register(m.CardItem)
class CardItemAdmin(CatalogRecordAdmin):
    list_display = ("key", "name", "needs_legal_basis", "in_force_from", "in_force_until", "verified")


@admin.register(m.CardItemPlacement)
class CardItemPlacementAdmin(CatalogRecordAdmin):
    list_display = ("key", "card", "item", "where", "in_force_from", "in_force_until", "verified")
    list_filter = ["card", "where", "verified"]


@admin.register(m.FormDefinition)
class FormDefinitionAdmin(CatalogRecordAdmin):
    list_display = ("key", "form", "version", "in_force_from", "in_force_until", "verified")


@admin.register(m.ChangeSet)
class ChangeSetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The record of loads, amendments and imports: read-only for everyone (it is history)."""

    list_display = ("created_at", "kind", "effective_on", "label", "created_by")
    list_filter = ["kind"]
    readonly_fields = ("kind", "effective_on", "source", "label", "summary", "created_at", "created_by")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)
