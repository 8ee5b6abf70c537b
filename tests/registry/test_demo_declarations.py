"""``load_demo_declarations``: the sample declarations become demo registries with findings, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from compliance.accounts.models import Organization
from compliance.checks.models import StoredFinding
from compliance.checks.selectors import catalog_in_use
from compliance.law.catalog.loading import catalog_from_files
from compliance.registry import models as m
from compliance.registry import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    catalog = catalog_from_files()
    with catalog_in_use(catalog):
        yield catalog


def _load(*args):
    out = io.StringIO()
    call_command("load_demo_declarations", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_every_sample_becomes_a_registry_with_its_findings():
    _load()

    for code in ("012131", "052019", "402036", "462012", "999997"):
        assert m.Affair.objects.filter(organization__code=code).exists(), code
    tomakomai = Organization.objects.get(code="012131")
    assert StoredFinding.objects.filter(organization=tomakomai).exists()


def test_an_officers_edits_survive_the_next_load():
    _load()
    terminal = m.Terminal.objects.filter(organization__code="999989").first()
    services.terminal_update(
        terminal=terminal, acting_user=None, expected_version=terminal.version, name="改名した端末"
    )

    output = _load()

    assert "kept" in output
    assert m.Terminal.objects.get(pk=terminal.pk).name == "改名した端末"


def test_reset_puts_the_samples_back():
    _load()
    terminal = m.Terminal.objects.filter(organization__code="999989").first()
    services.terminal_update(
        terminal=terminal, acting_user=None, expected_version=terminal.version, name="改名した端末"
    )

    _load("--reset")

    assert m.Terminal.objects.get(pk=terminal.pk).name != "改名した端末"
