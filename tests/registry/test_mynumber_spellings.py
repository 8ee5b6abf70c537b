"""The registry's forms, the declaration import and finding answers refuse a My Number in every spelling."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.checks.models import StoredFinding
from compliance.checks.services import finding_answer, findings_refresh
from compliance.lib.mynumber import contains_my_number
from compliance.registry import models as m
from compliance.registry.importing import DeclarationInvalid, declaration_import
from tests.lib.mynumber_payloads import INVALID, PAYLOADS, REPORTED
from tests.registry import factories

pytestmark = pytest.mark.django_db

SPELLINGS = pytest.mark.parametrize("spelling", REPORTED.values(), ids=REPORTED.keys())


@SPELLINGS
def test_a_registry_form_refuses_a_my_number_next_to_the_field(
    org_a: Any, officer_a_client: Any, spelling: str
) -> None:
    url = reverse("registry:entry_create", kwargs={"pk": org_a.pk, "kind": "terminals"})
    response = officer_a_client.post(url, {"name": f"端末 {spelling}", "connection": "lgwan"})
    assert response.status_code == 200
    assert "name" in response.context["editor"].form.errors
    assert not m.Terminal.objects.exists()


@SPELLINGS
def test_the_declaration_import_names_the_json_path_of_the_number(
    declaration: dict[str, Any], spelling: str
) -> None:
    declaration["incidents"][0]["summary"] = f"個人番号 {spelling} を誤送付"
    with pytest.raises(DeclarationInvalid) as caught:
        declaration_import(data=declaration, acting_user=None)
    assert [p.path for p in caught.value.problems] == ["incidents[0].summary"]
    assert not m.Affair.objects.exists()


def test_the_declaration_import_finds_a_number_in_a_property_name_without_repeating_it(
    declaration: dict[str, Any],
) -> None:
    declaration["incidents"][0][PAYLOADS["kanji numerals"]] = "x"
    with pytest.raises(DeclarationInvalid) as caught:
        declaration_import(data=declaration, acting_user=None)
    paths = [p.path for p in caught.value.problems]
    assert "incidents[0]" in paths
    assert not any(contains_my_number(f"{p.path} {p.message}") for p in caught.value.problems)


def test_the_declaration_import_accepts_an_ordinary_twelve_digit_number(declaration: dict[str, Any]) -> None:
    declaration["incidents"][0]["summary"] = f"受付番号 {INVALID} の誤送付"
    declaration_import(data=declaration, acting_user=None)
    assert m.Affair.objects.exists()


@pytest.mark.parametrize("spelling", [PAYLOADS[k] for k in ("en dash", "zero-width spaces", "3-3-3-3")])
def test_a_finding_answer_refuses_a_reason_holding_a_my_number(
    city: Any, officer: Any, spelling: str
) -> None:
    affair = factories.affair(city)
    factories.file(city, [affair])
    factories.card_flow(city, affair, factories.terminal(city, connection="standalone", two_factor=False))
    findings_refresh(organization=city)
    finding = StoredFinding.objects.filter(organization=city).first()
    assert finding is not None
    with pytest.raises(ValidationError):
        finding_answer(finding=finding, acting_user=officer, answer="justified", reason=f"{spelling} の件")
