"""Fixtures of the portal's tests: the shipped form definitions and the assessments app's small catalog."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assessments.conftest import _fresh_cache, catalog, forms  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _forms(forms: Any) -> Any:  # noqa: F811
    """Every portal test reads published documents, whose forms come from the shipped definitions."""
    return forms
