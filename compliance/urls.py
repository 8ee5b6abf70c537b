"""URL map. Every pattern must appear in the access table (compliance/accounts/access.py);
tests/accounts/test_access_policy.py walks them all."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from compliance.accounts.two_factor_urls import urlpatterns as two_factor_patterns

urlpatterns = [
    path("", include("compliance.public.urls")),
    path("", include(two_factor_patterns)),
    # The language switch needs no CSRF token: choosing a display language is nothing an
    # attacker gains by, and a per-visitor token on every anonymous page would make those
    # pages uncacheable (compliance.public.cache). Django's view still checks ``next``.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("compliance.accounts.urls")),
    path("law/", include("compliance.law.urls")),
    path("registry/", include("compliance.registry.urls")),
    path("checks/", include("compliance.checks.urls")),
    path("assessments/", include("compliance.assessments.urls")),
    path("documents/", include("compliance.documents.urls")),
    path("admin/", admin.site.urls),
]
