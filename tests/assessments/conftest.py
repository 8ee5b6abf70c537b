"""Fixtures of the assessment tests: the PPC form definitions, a small legal catalog, affairs of 苫小牧市.

The form definitions are the shipped ones (fixtures/law/forms.yaml), written straight
into the law tables (loading the whole catalog per test would dominate the run); the
check engine reads a small fixed catalog, as in the registry's tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from compliance.accounts.models import Organization, User
from compliance.checks.selectors import catalog_in_use
from compliance.law.catalog import Catalog
from compliance.law.models import FormDefinition
from tests.assessments import factories
from tests.registry.conftest import small_catalog

FORMS_YAML = Path(__file__).resolve().parents[2] / "fixtures" / "law" / "forms.yaml"


@pytest.fixture(autouse=True)
def catalog() -> Iterator[Catalog]:
    catalog = small_catalog()
    with catalog_in_use(catalog):
        yield catalog


@pytest.fixture(autouse=True)
def _japanese() -> Any:
    """Every test starts in Japanese and leaves Japanese behind (a request in English activates English
    for the rest of the thread otherwise)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def forms(db: None) -> list[FormDefinition]:
    """Every shipped form definition version (2014 and 2024-05 of 様式2, 3 and 4)."""
    return factories.load_form_definitions()


@pytest.fixture
def affair_full(org_a: Organization, forms: Any) -> Any:
    """An affair of 苫小牧市 with 350,000 persons: basic + full required (domain.md §2.1)."""
    return factories.affair_with_file(org_a, persons=350_000, handlers=120)


@pytest.fixture
def affair_basic(org_a: Organization, forms: Any) -> Any:
    """An affair with 5,000 persons: the basic form only."""
    return factories.affair_with_file(org_a, name="予防接種に関する事務", persons=5_000, handlers=30)


@pytest.fixture
def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def full_draft(affair_full: Any, officer_a: User) -> Any:
    return factories.draft(affair_full, officer_a, level="full")


@pytest.fixture
def basic_draft(affair_basic: Any, officer_a: User) -> Any:
    return factories.draft(affair_basic, officer_a, level="basic")
