"""The shipped sample declarations (fixtures/declarations/) survive import and export unchanged.

These run against the real legal catalog from the catalog files, not the small test catalog.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from compliance.checks.models import StoredFinding
from compliance.checks.selectors import catalog_in_use
from compliance.checks.services import findings_refresh
from compliance.law.catalog.loading import catalog_from_files
from compliance.registry.codec import normalize_declaration
from compliance.registry.importing import declaration_import
from compliance.registry.selectors import registry_export

pytestmark = pytest.mark.django_db

SAMPLES = sorted((Path(settings.HYOKA_FIXTURES_DIR) / "declarations").glob("*.json"))


@pytest.fixture(autouse=True)
def catalog():
    catalog = catalog_from_files()
    with catalog_in_use(catalog):
        yield catalog


def test_there_are_sample_declarations_to_round_trip():
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_a_sample_is_exported_exactly_as_it_was_imported(path):
    declared = json.loads(path.read_text(encoding="utf-8"))

    organization = declaration_import(data=declared, acting_user=None).organization
    exported = registry_export(organization=organization)

    expected = normalize_declaration(declared)
    assert {k: v for k, v in exported.items() if k != "as_of"} == {
        k: v for k, v in expected.items() if k != "as_of"
    }


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_export_import_export_of_a_sample_is_the_identity(path):
    organization = declaration_import(
        data=json.loads(path.read_text(encoding="utf-8")), acting_user=None
    ).organization
    first = registry_export(organization=organization)

    again = declaration_import(data=first, acting_user=None)

    assert not any(plan.changes for plan in again.collections.values())
    assert registry_export(organization=organization) == first


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_dry_run_predicts_the_findings_the_import_stores(path):
    declared = json.loads(path.read_text(encoding="utf-8"))

    predicted = declaration_import(data=declared, acting_user=None, dry_run=True).findings
    organization = declaration_import(data=declared, acting_user=None).organization
    findings_refresh(organization=organization)

    stored = set(StoredFinding.objects.filter(organization=organization).values_list("rule", "subject"))
    assert stored == {(f.rule, f.subject) for f in predicted}
