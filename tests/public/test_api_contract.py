"""The API as a client sees it: typed parameters, JSON errors for every status, a schema a
generator and a linter accept."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.public.factories import published

pytestmark = pytest.mark.django_db


def _problems(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body, list) and body
    assert all(set(p) == {"path", "message"} for p in body)
    return body


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("published_from=notadate", "published_from"),
        ("organization=abc", "organization"),
        ("organization=9223372036854775808", "organization"),
        ("level=gold", "level"),
        ("sort=random", "sort"),
        ("basis=magic", "basis"),
        ("published_to=", "published_to"),
        ("level=basic&level=full", "level"),
        ("offset=null&offset=null", "offset"),
        ("limit=9223372036854775808", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_a_malformed_parameter_answers_400_naming_it(client: Client, query: str, parameter: str) -> None:
    response = client.get(f"{reverse('public:api_assessments')}?{query}")
    assert response.status_code == 400
    assert [p["path"] for p in _problems(response)] == [parameter]


def test_well_formed_parameters_still_filter(client: Client, org_a, org_b) -> None:
    published(org_a, name="税務事務", level="full")
    published(org_b, name="保育事務")
    response = client.get(reverse("public:api_assessments"), {"level": "full", "limit": "500"})
    assert response.status_code == 200
    assert [r["affair"] for r in response.json()["results"]] == ["税務事務"]
    response = client.get(reverse("public:api_findings"), {"organization": org_a.pk, "severity": "violation"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/assessments/abc/", "/api/nowhere/", "/api/assessments/9223372036854775808/"]
)
def test_an_unknown_api_url_answers_json_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    _problems(response)


def test_a_wrong_method_answers_json_405_with_allow(client: Client) -> None:
    response = client.delete(reverse("public:api_assessments"))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    _problems(response)


def test_an_anonymous_declaration_answers_json_401(client: Client) -> None:
    response = client.post(reverse("public:api_declarations"), "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    _problems(response)


def test_a_password_only_session_answers_json_401(client: Client, officer_a) -> None:
    """The second-factor gate makes a password-only session anonymous on public URLs: no credentials."""
    client.force_login(officer_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("public:api_declarations"), "{}", content_type="application/json")
    assert response.status_code == 401
    _problems(response)


def _officer_api(officer) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    return api


def test_a_declaration_sent_as_form_data_answers_json_415(officer_a) -> None:
    response = _officer_api(officer_a).post(
        reverse("public:api_declarations"), {"format": "pia-declaration/1"}, format="multipart"
    )
    assert response.status_code == 415
    _problems(response)


def test_a_declaration_larger_than_the_upload_limit_answers_json_413(officer_a, settings) -> None:
    settings.HYOKA_DECLARATION_MAX_BYTES = 1000
    body = json.dumps({"format": "pia-declaration/1", "padding": "x" * 2000})
    response = _officer_api(officer_a).post(
        reverse("public:api_declarations"), body, content_type="application/json"
    )
    assert response.status_code == 413
    _problems(response)


def _schema(client: Client) -> dict:
    response = client.get(reverse("public:api_schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_types_every_parameter_as_it_is_validated(client: Client) -> None:
    parameters = {
        p["name"]: p["schema"] for p in _schema(client)["paths"]["/api/assessments/"]["get"]["parameters"]
    }
    assert parameters["level"]["enum"] == ["basic", "key", "full"]
    assert "schedule" in parameters["basis"]["enum"]
    assert parameters["sort"]["enum"] == ["date", "relevance"]
    assert "municipality" in parameters["kind"]["enum"]
    assert parameters["published_from"] == {"type": "string", "format": "date"}
    assert parameters["organization"]["type"] == "integer"
    assert parameters["limit"]["maximum"] == 500
    findings = {
        p["name"]: p["schema"] for p in _schema(client)["paths"]["/api/findings/"]["get"]["parameters"]
    }
    assert findings["organization"]["type"] == "integer"


def test_the_schema_documents_each_status_an_operation_answers(client: Client) -> None:
    paths = _schema(client)["paths"]
    assert {"200", "400", "401", "403", "404", "413", "415", "429"} <= set(
        paths["/api/declarations/"]["post"]["responses"]
    )
    assert {"200", "404", "429"} <= set(paths["/api/assessments/{id}/"]["get"]["responses"])
    assert {"200", "400", "429"} <= set(paths["/api/assessments/"]["get"]["responses"])


def test_the_declaration_body_is_the_pia_declaration_schema_as_json_only(client: Client) -> None:
    schema = _schema(client)
    body = schema["paths"]["/api/declarations/"]["post"]["requestBody"]
    assert list(body["content"]) == ["application/json"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][ref]["properties"]["format"] == {"const": "pia-declaration/1"}


def test_the_schema_names_its_licence_server_and_security(client: Client) -> None:
    schema = _schema(client)
    assert "PDL1.0" in schema["info"]["license"]["name"]
    assert schema["servers"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert schema["paths"]["/api/declarations/"]["post"]["security"]


def test_the_schema_download_has_an_ascii_file_name_and_an_rfc_6266_one(client: Client) -> None:
    disposition = client.get(reverse("public:api_schema"))["Content-Disposition"]
    assert disposition.isascii() and "=?" not in disposition
    assert 'filename="hyoka-api.yaml"' in disposition
    assert "filename*=UTF-8''Hy%C5%8Dka%20API.yaml" in disposition


def test_the_documentation_page_is_served_from_our_own_static_files(client: Client) -> None:
    response = client.get(reverse("public:api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "https://" not in html  # no CDN
