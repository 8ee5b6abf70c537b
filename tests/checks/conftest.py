from __future__ import annotations

import pytest

from compliance.law.catalog import Catalog
from tests.checks.catalog_factory import small_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The small explicit test catalog (tests/checks/catalog_factory.py)."""
    return small_catalog()
