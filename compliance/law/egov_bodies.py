"""Kept for existing imports: the body mapping lives in :mod:`compliance.law.egov.bodies`."""

from __future__ import annotations

from compliance.law.egov.bodies import EXACT, MUNICIPAL, map_bodies, map_label, strip_notes

__all__ = ["EXACT", "MUNICIPAL", "map_bodies", "map_label", "strip_notes"]
