"""django-two-factor-auth's URLs under their own names, with the audited views swapped in."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from two_factor.urls import urlpatterns as upstream

from compliance.accounts.two_factor_views import (
    AuditedBackupTokensView,
    AuditedSetupView,
    SecondFactorDisableView,
)

_REPLACED: dict[str, Any] = {
    "setup": AuditedSetupView.as_view(),
    "backup_tokens": AuditedBackupTokensView.as_view(),
    "disable": SecondFactorDisableView.as_view(),
}


def _swap(entry: Any) -> Any:
    if isinstance(entry, URLPattern) and entry.name in _REPLACED:
        return path(str(entry.pattern), _REPLACED[entry.name], name=entry.name)
    return entry


_patterns, _namespace = upstream
urlpatterns = ([_swap(entry) for entry in _patterns], _namespace)
