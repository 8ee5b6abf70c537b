"""Where the check engine reads an organisation's declaration from.

The checks sit below the registry (the registry validates imports with them and stores their
findings), so they do not import it: the registry registers its snapshot builder when it loads
(``compliance.registry.apps``), and the re-checks (``findings_refresh``, the amendment re-checks)
ask this module for the snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from compliance.accounts.models import Organization
from compliance.checks.snapshot import DeclarationSnapshot


class SnapshotSource(Protocol):
    def __call__(
        self, *, organization: Organization, as_of: dt.date | None = None
    ) -> DeclarationSnapshot: ...


_source: SnapshotSource | None = None


def snapshot_source_register(source: SnapshotSource) -> None:
    """Make ``source`` the builder of organisations' snapshots (one per process, set at app load)."""
    global _source
    _source = source


def organization_snapshot(*, organization: Organization, as_of: dt.date | None = None) -> DeclarationSnapshot:
    """The snapshot of the organisation's declaration on ``as_of`` (today's registry when None)."""
    if _source is None:
        raise ImproperlyConfigured("no snapshot source is registered (compliance.registry is not installed)")
    return _source(organization=organization, as_of=as_of)
