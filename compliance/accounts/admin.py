"""Admin pages for users, organisations and memberships (commission administrators)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("委員会"), {"fields": ("commission_role",)}),
    )
    list_display = ("username", "last_name", "first_name", "commission_role", "is_staff", "is_active")
    list_filter = ("commission_role", "is_staff", "is_active")
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "body", "prefecture")
    list_filter = ("kind", "body", "prefecture")
    search_fields = ("name", "name_en", "code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name", "organization__code")
    autocomplete_fields = ["user", "organization"]
