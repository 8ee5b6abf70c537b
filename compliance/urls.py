"""URL map. Every pattern must appear in the access table (compliance/accounts/access.py);
tests/accounts/test_access_policy.py walks them all."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_patterns

urlpatterns = [
    path("", include("compliance.public.urls")),
    path("", include(two_factor_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("compliance.accounts.urls")),
    path("law/", include("compliance.law.urls")),
    path("registry/", include("compliance.registry.urls")),
    path("checks/", include("compliance.checks.urls")),
    path("assessments/", include("compliance.assessments.urls")),
    path("documents/", include("compliance.documents.urls")),
    path("admin/", admin.site.urls),
]
