from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "compliance.accounts"
    label = "accounts"
    verbose_name = _("利用者と評価実施機関")

    def ready(self) -> None:
        # The admin site is a protected page like any other: staff need a verified
        # second factor, and its login page forwards to two_factor:login.
        from django.contrib import admin
        from two_factor.admin import AdminSiteOTPRequired

        admin.site.__class__ = AdminSiteOTPRequired
