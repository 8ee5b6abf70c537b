"""The REST API's declaration write refuses a My Number in every spelling, naming where it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from compliance.audit.models import AuditEvent
from compliance.lib.mynumber import contains_my_number
from compliance.registry.models import Affair
from tests.lib.mynumber_payloads import REPORTED

pytestmark = pytest.mark.django_db

DECLARATION = (
    Path(__file__).resolve().parents[2] / "fixtures" / "declarations" / "clean-child-allowance-city.json"
)


def _api(user: Any) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def _declaration(org: Any) -> dict[str, Any]:
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    data["organization"].update(code=org.code, body=org.body, kind=org.kind, name=org.name)
    return data


@pytest.mark.parametrize("spelling", REPORTED.values(), ids=REPORTED.keys())
def test_the_api_refuses_a_declaration_holding_a_my_number_and_names_its_path(
    officer_a: Any, org_a: Any, spelling: str
) -> None:
    data = _declaration(org_a)
    data["affairs"][0]["name"] = f"{data['affairs'][0]['name']}（{spelling}）"
    response = _api(officer_a).post(reverse("public:api_declarations"), data, format="json")
    assert response.status_code == 400
    assert "affairs[0].name" in [problem["path"] for problem in response.json()]
    assert not contains_my_number(response.content.decode())  # the answer never repeats it
    assert not Affair.objects.filter(organization=org_a).exists()
    assert not AuditEvent.objects.filter(action__startswith="compliance.declaration").exists()
