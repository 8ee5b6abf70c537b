"""The shipped catalog, read once per module through the same loader ``check_declaration`` uses."""

from __future__ import annotations

import pytest

from compliance.law.catalog import Catalog
from compliance.law.catalog.loading import catalog_from_files


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_files()
