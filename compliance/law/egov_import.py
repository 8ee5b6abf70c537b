"""Kept for existing imports: the importer lives in :mod:`compliance.law.egov.importer`."""

from __future__ import annotations

from compliance.law.egov.importer import ImportReport, build_change_set, egov_law_import, match_key

__all__ = ["ImportReport", "build_change_set", "egov_law_import", "match_key"]
