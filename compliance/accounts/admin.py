"""Admin pages for users, organisations and memberships (commission administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Membership, Organization, User
from compliance.accounts.services import (
    admin_password_changed,
    admin_record_delete,
    admin_record_save,
    second_factor_remove,
)
from compliance.lib.actors import request_actor


class AuditedAdmin:
    """Every save and delete made in these admin pages goes through the services: one audit event each.

    (Membership rows edited inline on a user are saved and audited one by one, as their own records.)
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        admin_record_save(obj=obj, changed_fields=list(form.changed_data), acting_user=request_actor(request))
        obj._audited = True  # see UserAdmin.log_change

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        admin_record_delete(obj=obj, acting_user=request_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            admin_record_delete(obj=obj, acting_user=request_actor(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            changed: list[str] = next((f.changed_data for f in formset.forms if f.instance is obj), [])
            admin_record_save(obj=obj, changed_fields=list(changed), acting_user=request_actor(request))
        for obj in formset.deleted_objects:
            admin_record_delete(obj=obj, acting_user=request_actor(request))
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):  # type: ignore[misc]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("委員会"), {"fields": ("commission_role",)}),
    )
    list_display = ("username", "last_name", "first_name", "commission_role", "is_staff", "is_active")
    list_filter = ("commission_role", "is_staff", "is_active")
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description=_("二要素認証をリセットする（端末を紛失した利用者など）"))
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        """A user who lost the phone cannot log in: the administrator removes the devices (one
        audit event per user) and the user enrols a new one at the next login."""
        for user in queryset:
            second_factor_remove(acting_user=request_actor(request), user=user)
        self.message_user(
            request,
            _("%(count)d 人の二要素認証をリセットしました。次回のログインで新しい端末を登録します。")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """The password form saves the user itself, without save_model: audit that change here."""
        if not getattr(obj, "_audited", False):
            admin_password_changed(user=obj, acting_user=request_actor(request))
        return super().log_change(request, obj, message)


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "kind", "body", "prefecture")
    list_filter = ("kind", "body", "prefecture")
    search_fields = ("name", "name_en", "code")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name", "organization__code")
    autocomplete_fields = ["user", "organization"]
