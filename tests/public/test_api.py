"""The REST API: anonymous reads of public data, a valid OpenAPI document, officers' declaration writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from compliance.registry.models import Affair
from tests.conftest import verified_client
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db

DECLARATION = (
    Path(__file__).resolve().parents[2] / "fixtures" / "declarations" / "clean-child-allowance-city.json"
)


def test_the_openapi_document_is_served_and_valid(client: Client) -> None:
    response = client.get(reverse("public:api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert "/api/assessments/" in schema["paths"]
    assert "/api/declarations/" in schema["paths"]


def test_anyone_lists_published_assessments(client: Client, org_a) -> None:
    published(org_a, name="税務事務", findings=[finding()])
    published(org_a, name="未公表", state="draft")
    data = client.get(reverse("public:api_assessments")).json()
    assert [r["affair"] for r in data["results"]] == ["税務事務"]
    assert data["results"][0]["rules"] == ["CARD-NUMBER-READ"]


def test_the_list_costs_the_same_queries_for_two_rows_and_for_twelve(client: Client, org_a) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("public:api_assessments")).status_code == 200
        return len(captured)

    for n in range(2):
        published(org_a, name=f"事務{n}", findings=[finding()])
    few = queries()
    for n in range(2, 12):
        published(org_a, name=f"事務{n}", findings=[finding()])
    assert queries() == few


def test_the_list_accepts_the_search_parameters(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    published(org_a, name="保育事務")
    data = client.get(reverse("public:api_assessments"), {"q": "税務"}).json()
    assert [r["affair"] for r in data["results"]] == ["税務事務"]


def test_the_detail_holds_the_public_version_only(client: Client, org_a) -> None:
    assessment = published(org_a, withheld="非公表の構成")
    response = client.get(reverse("public:api_assessment", args=[assessment.pk]))
    assert response.status_code == 200
    assert "非公表の構成" not in response.content.decode()
    assert response.json()["document"]["format"] == "hyoka-assessment-version/1"


def test_findings_and_catalog_are_listed(client: Client, org_a) -> None:
    published(org_a, findings=[finding(justification="理由")])
    findings = client.get(reverse("public:api_findings"), {"rule": "CARD-NUMBER-READ"}).json()["results"]
    assert findings[0]["justification"] == "理由"
    assert client.get(reverse("public:api_schedule_rows")).status_code == 200
    assert client.get(reverse("public:api_categories")).status_code == 200
    assert client.get(reverse("public:api_organizations")).json()["count"] >= 1


def _declaration(org: Any) -> dict[str, Any]:
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    data["organization"].update(code=org.code, body=org.body, kind=org.kind, name=org.name)
    return data


def test_an_anonymous_declaration_is_refused(org_a) -> None:
    response = APIClient().post(reverse("public:api_declarations"), _declaration(org_a), format="json")
    assert response.status_code in (401, 403)
    assert not Affair.objects.filter(organization=org_a).exists()


def test_an_officer_token_imports_a_declaration(officer_a, org_a) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_a).key}")
    response = api.post(reverse("public:api_declarations"), _declaration(org_a), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["organization"]["code"] == org_a.code
    assert Affair.objects.filter(organization=org_a).exists()


def test_an_officer_of_another_body_gets_404(officer_b, org_a) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_b).key}")
    response = api.post(reverse("public:api_declarations"), _declaration(org_a), format="json")
    assert response.status_code == 404
    assert not Affair.objects.filter(organization=org_a).exists()


def test_an_invalid_declaration_names_each_problem(officer_a, org_a) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_a).key}")
    data = _declaration(org_a)
    data["typo"] = 1
    response = api.post(reverse("public:api_declarations"), data, format="json")
    assert response.status_code == 400
    assert any(p["path"] for p in response.json())


def test_a_two_factor_session_may_import(officer_a, org_a) -> None:
    response = verified_client(officer_a).post(
        reverse("public:api_declarations"), json.dumps(_declaration(org_a)), content_type="application/json"
    )
    assert response.status_code == 200, response.content


def test_a_password_only_session_may_not_import(officer_a, org_a) -> None:
    client = Client()
    client.force_login(officer_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("public:api_declarations"), json.dumps(_declaration(org_a)), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Affair.objects.filter(organization=org_a).exists()
