"""``POST /api/declarations/`` under attack: every refusal is the API's JSON problem list, nothing is stored.

NUL bytes and lone surrogates (escaped and as raw bytes), a 100,000-deep nesting, a
million entries, a malformed body and a body over the size limit: 400 or 413 with
``[{"path", "message"}]``, never an HTML page or a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from compliance.registry.models import Affair

pytestmark = pytest.mark.django_db

DECLARATION = (
    Path(__file__).resolve().parents[2] / "fixtures" / "declarations" / "clean-child-allowance-city.json"
)


@pytest.fixture
def api(officer_a: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_a).key}")
    return client


def _text(org: Any, *, name: str | None = None) -> str:
    """The sample declaration of ``org`` as JSON text, its first affair named with raw JSON ``name``."""
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    data["organization"].update(code=org.code, body=org.body, kind=org.kind, name=org.name)
    if name is None:
        return json.dumps(data, ensure_ascii=False)
    data["affairs"][0]["name"] = "@NAME@"
    return json.dumps(data, ensure_ascii=False).replace('"@NAME@"', name)


def _post(api: APIClient, body: bytes | str) -> Any:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return api.generic("POST", reverse("public:api_declarations"), raw, content_type="application/json")


def test_a_nul_in_a_name_is_refused_with_its_json_path(api, org_a):
    response = _post(api, _text(org_a, name='"児童\\u0000手当"'))

    assert response.status_code == 400
    assert {
        "path": "affairs[0].name",
        "message": "contains U+0000 (NUL); it cannot be accepted",
    } in response.json()
    assert not Affair.objects.filter(organization=org_a).exists()


def test_a_lone_surrogate_escape_is_refused_with_its_json_path(api, org_a):
    response = _post(api, _text(org_a, name='"\\ud800"'))

    assert response.status_code == 400
    assert response.json() == [
        {
            "path": "affairs[0].name",
            "message": "contains U+D800 (a lone surrogate, not Unicode text); it cannot be accepted",
        }
    ]
    assert not Affair.objects.filter(organization=org_a).exists()


def test_raw_bytes_that_are_not_utf8_are_a_problem_list(api, org_a):
    raw = _text(org_a, name='"@"').encode("utf-8").replace(b'"@"', b'"\xed\xa0\x80"')

    response = _post(api, raw)

    assert response.status_code == 400
    [problem] = response.json()
    assert problem["path"] == "$" and problem["message"].startswith("not UTF-8 text (byte ")


def test_a_malformed_body_is_a_problem_list(api, org_a):
    response = _post(api, '{"format": "pia-declaration/1",')

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    [problem] = response.json()
    assert problem["path"] == "$" and problem["message"].startswith("not valid JSON: ")


def test_a_100000_deep_body_is_a_problem_list(api, org_a):
    response = _post(api, '{"affairs": ' + "[" * 100_000 + "]" * 100_000 + "}")

    assert response.status_code == 400
    [problem] = response.json()
    assert problem["message"].endswith("lists and objects nest more than 16 deep (the limit)")


def test_a_million_entries_are_a_problem_list(api, org_a):
    response = _post(api, b'{"affairs": [' + b"{}," * 999_999 + b"{}]}")

    assert response.status_code == 400
    assert response.json() == [{"path": "$", "message": "affairs has more than 5,000 entries (the limit)"}]


@override_settings(HYOKA_DECLARATION_MAX_BYTES=2048)
def test_a_body_over_the_limit_is_413_with_a_problem_list(api, org_a):
    body = _text(org_a)
    assert len(body.encode()) > 2048

    response = _post(api, body)

    assert response.status_code == 413
    assert response.json() == [
        {"path": "$", "message": "larger than the 2 KB limit of a declaration (HYOKA_DECLARATION_MAX_BYTES)"}
    ]
    assert not Affair.objects.filter(organization=org_a).exists()


def test_a_body_over_the_default_upload_memory_limit_is_still_read(api, org_a):
    # Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is not the declaration's limit (10 MB).
    data = json.loads(_text(org_a))
    summary = "システム更改に伴う事務手順の見直し。" * 110
    data["changes"] = [
        {"id": f"ch{n}", "affair": data["affairs"][0]["id"], "effective_on": "2024-04-01", "important": False,
         "summary": summary}
        for n in range(500)
    ]  # fmt: skip
    body = json.dumps(data, ensure_ascii=False)
    assert len(body.encode()) > 2_700_000

    response = _post(api, body)

    assert response.status_code == 200, response.content[:500]
    assert response.json()["created"]["changes"] == 500


def test_a_body_that_is_not_json_is_415_with_a_problem_list(api, org_a):
    response = api.post(
        reverse("public:api_declarations"), {"format": "pia-declaration/1"}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json() == [
        {"path": "$", "message": "the body must be a pia-declaration/1 document sent as application/json"}
    ]
