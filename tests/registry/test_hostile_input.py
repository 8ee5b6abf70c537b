"""Hostile input on the officer's pages: NUL bytes, lone surrogates, deep nesting, large files, lost updates.

Every attack of the security review is replayed here and refused with a message that says
where, writing nothing; what an officer does with ordinary files keeps working (a 3.3 MB
declaration previews and applies, from what the server kept of the preview).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from compliance.registry import models as m
from compliance.registry import services
from tests.conftest import verified_client
from tests.registry import factories

pytestmark = pytest.mark.django_db


def _url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"registry:{name}", kwargs={"pk": org.pk, **kwargs})


def _of(org: Any, declaration: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(declaration)
    document["organization"] = {"name": org.name, "code": org.code, "kind": org.kind, "body": org.body}
    return document


def _upload(client: Any, org: Any, raw: bytes) -> Any:
    return client.post(_url("import", org), {"file": SimpleUploadedFile("d.json", raw)})


def _text_with_name(document: dict[str, Any], escaped: str) -> bytes:
    """The document as JSON bytes with its third affair's name replaced by raw JSON ``escaped``."""
    document = copy.deepcopy(document)
    document["affairs"][2]["name"] = "@NAME@"
    return json.dumps(document, ensure_ascii=False).replace('"@NAME@"', escaped).encode("utf-8")


# --- NUL and lone surrogates ------------------------------------------------------------


def test_a_name_with_a_nul_is_refused_by_the_entry_form(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="terminals"), {"name": "窓口\x00端末", "connection": "lgwan"}
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors["name"]
    assert not m.Terminal.objects.exists()


def test_a_control_character_in_a_name_is_refused_by_the_entry_form(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="terminals"), {"name": "窓口\x1b端末", "connection": "lgwan"}
    )

    assert response.context["editor"].form.errors["name"] == [
        "制御文字（U+001B）は使えません（改行やタブも使えない項目です）。"
    ]
    assert not m.Terminal.objects.exists()


def test_a_line_break_in_a_long_text_is_kept_by_the_entry_form(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="incidents"),
        {"occurred_on": "2025-09-01", "summary": "誤送付\r\n\t再発防止策を実施"},
    )

    assert response.status_code == 302
    assert m.Incident.objects.get(organization=org_a).summary == "誤送付\r\n\t再発防止策を実施"


def test_a_declaration_with_a_nul_in_a_name_is_refused_and_the_pages_still_work(
    org_a, officer_a_client, declaration
):
    response = _upload(officer_a_client, org_a, _text_with_name(_of(org_a, declaration), '"児童\\u0000手当"'))

    assert response.context["problems"] == ["affairs[2].name: contains U+0000 (NUL); it cannot be accepted"]
    assert not m.Affair.objects.exists() and not m.PendingDeclaration.objects.exists()
    assert officer_a_client.get(_url("organization", org_a)).status_code == 200
    assert officer_a_client.get(_url("organization_diagram", org_a)).status_code == 200


def test_a_declaration_with_a_lone_surrogate_is_refused_with_its_path(org_a, officer_a_client, declaration):
    response = _upload(officer_a_client, org_a, _text_with_name(_of(org_a, declaration), '"\\udc00事務"'))

    assert response.status_code == 200
    assert response.context["problems"] == [
        "affairs[2].name: contains U+DC00 (a lone surrogate, not Unicode text); it cannot be accepted"
    ]
    assert not m.Affair.objects.exists()


def test_a_declaration_with_raw_bytes_that_are_not_utf8_is_refused(org_a, officer_a_client, declaration):
    raw = _text_with_name(_of(org_a, declaration), '"@"').replace(b'"@"', b'"\xed\xa0\x80\xff"')

    response = _upload(officer_a_client, org_a, raw)

    assert response.status_code == 200
    assert response.context["problems"][0].startswith("$: not UTF-8 text (byte ")
    assert not m.Affair.objects.exists()


def test_a_100000_deep_declaration_is_refused_with_a_message(org_a, officer_a_client):
    raw = b'{"format": "pia-declaration/1", "affairs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = _upload(officer_a_client, org_a, raw)

    assert response.status_code == 200
    assert response.context["problems"][0].endswith("lists and objects nest more than 16 deep (the limit)")


def test_a_declaration_with_a_million_entries_is_refused_with_a_short_page(org_a, officer_a_client):
    raw = b'{"format": "pia-declaration/1", "affairs": [' + b"{}," * 999_999 + b"{}]}"

    response = _upload(officer_a_client, org_a, raw)

    assert response.context["problems"] == ["$: affairs has more than 5,000 entries (the limit)"]
    assert len(response.content) < 100_000


# --- one size limit, one parse: preview, then apply what was previewed ---------------------


def _large(org: Any, declaration: dict[str, Any], size: int) -> bytes:
    """A valid declaration of about ``size`` bytes: many changes with long summaries."""
    document = _of(org, declaration)
    summary = "システム更改に伴う事務手順の見直し。" * 110  # 1,980 characters
    template = document["changes"][0]
    count = size // len(json.dumps(dict(template, summary=summary), ensure_ascii=False).encode("utf-8"))
    document["changes"] = [dict(template, id=f"ch{n}", summary=summary) for n in range(1, count + 1)]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_a_3_3_mb_declaration_previews_and_applies(org_a, officer_a_client, declaration):
    raw = _large(org_a, declaration, 3_300_000)
    assert len(raw) > 3_200_000

    preview = _upload(officer_a_client, org_a, raw)
    token = preview.context["apply_form"]["token"].value()
    response = officer_a_client.post(_url("import_apply", org_a), {"token": token})

    assert response.status_code == 302
    assert m.Change.objects.filter(organization=org_a).count() == preview.context["result"].created["changes"]
    assert not m.PendingDeclaration.objects.exists()


def test_the_preview_keeps_the_document_with_the_hash_of_the_file(org_a, officer_a_client, declaration):
    import hashlib

    raw = json.dumps(_of(org_a, declaration)).encode("utf-8")

    response = _upload(officer_a_client, org_a, raw)

    pending = m.PendingDeclaration.objects.get()
    assert pending.sha256 == hashlib.sha256(raw).hexdigest() and pending.size == len(raw)
    assert pending.sha256 in response.content.decode()
    assert json.loads(pending.document) == json.loads(raw)


def test_the_import_audit_event_names_the_previewed_file(org_a, officer_a_client, declaration):
    import hashlib

    from compliance.audit.models import AuditEvent

    raw = json.dumps(_of(org_a, declaration)).encode("utf-8")
    token = _upload(officer_a_client, org_a, raw).context["apply_form"]["token"].value()

    officer_a_client.post(_url("import_apply", org_a), {"token": token})

    event = AuditEvent.objects.get(action="compliance.declaration.imported")
    assert event.data["source"] == {"file_sha256": hashlib.sha256(raw).hexdigest(), "file_bytes": len(raw)}


def test_applying_takes_what_was_previewed_not_what_the_form_sends(org_a, officer_a_client, declaration):
    previewed = _of(org_a, declaration)
    token = (
        _upload(officer_a_client, org_a, json.dumps(previewed).encode())
        .context["apply_form"]["token"]
        .value()
    )
    other = copy.deepcopy(previewed)
    other["affairs"] = other["affairs"][:1]

    officer_a_client.post(_url("import_apply", org_a), {"token": token, "document": json.dumps(other)})

    assert m.Affair.objects.filter(organization=org_a).count() == len(previewed["affairs"])


def test_a_preview_is_applied_once(org_a, officer_a_client, declaration):
    token = (
        _upload(officer_a_client, org_a, json.dumps(_of(org_a, declaration)).encode())
        .context["apply_form"]["token"]
        .value()
    )
    assert officer_a_client.post(_url("import_apply", org_a), {"token": token}).status_code == 302

    again = officer_a_client.post(_url("import_apply", org_a), {"token": token})

    assert again.context["problems"] == ["取り込む内容がありません。もう一度ファイルを選んでください。"]


def test_another_officer_cannot_apply_someone_elses_preview(org_a, officer_a_client, approver_a, declaration):
    token = (
        _upload(officer_a_client, org_a, json.dumps(_of(org_a, declaration)).encode())
        .context["apply_form"]["token"]
        .value()
    )

    response = verified_client(approver_a).post(_url("import_apply", org_a), {"token": token})

    assert response.context["problems"] == ["取り込む内容がありません。もう一度ファイルを選んでください。"]
    assert not m.Affair.objects.exists()


@override_settings(HYOKA_DECLARATION_MAX_BYTES=2048)
def test_a_file_over_the_limit_is_refused_naming_the_limit(org_a, officer_a_client, declaration):
    response = _upload(officer_a_client, org_a, _large(org_a, declaration, 4096))

    assert response.context["form"].errors["file"] == [
        "ファイルが大きすぎます（上限 2 KB、HYOKA_DECLARATION_MAX_BYTES）。"
    ]
    assert not m.PendingDeclaration.objects.exists()


# --- lost updates: an edit or a delete without its version is refused like a stale one -------


@pytest.fixture
def terminal(org_a):
    return factories.terminal(org_a, name="窓口端末")


def _edit(client: Any, org: Any, terminal: Any, **version: str) -> Any:
    return client.post(
        _url("entry_edit", org, kind="terminals", entry_pk=terminal.pk),
        {"name": "市民課端末", "connection": "lgwan", **version},
    )


@pytest.mark.parametrize("version", [{}, {"version": ""}, {"version": "x"}, {"version": "0"}])
def test_an_edit_without_its_version_is_refused_like_a_stale_one(org_a, officer_a_client, terminal, version):
    services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)

    response = _edit(officer_a_client, org_a, terminal, **version)

    assert response.status_code == 409
    assert 'data-testid="conflict"' in response.content.decode()
    assert m.Terminal.objects.get(pk=terminal.pk).name == "窓口端末"


def test_an_edit_from_a_stale_version_is_refused(org_a, officer_a_client, terminal):
    services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)

    response = _edit(officer_a_client, org_a, terminal, version="1")

    assert response.status_code == 409
    assert m.Terminal.objects.get(pk=terminal.pk).name == "窓口端末"


def test_an_edit_from_the_current_version_is_saved(org_a, officer_a_client, terminal):
    assert _edit(officer_a_client, org_a, terminal, version="1").status_code == 302
    assert m.Terminal.objects.get(pk=terminal.pk).name == "市民課端末"


def test_an_affair_edit_without_its_version_is_refused(org_a, officer_a_client):
    affair = factories.affair(org_a)
    response = officer_a_client.post(
        _url("entry_edit", org_a, kind="affairs", entry_pk=affair.pk),
        {
            "name": "別の事務",
            "uses_number": "on",
            "basis_kind": "related",
            "serious_incident_past_year": "unknown",
        },
    )

    assert response.status_code == 409
    assert m.Affair.objects.get(pk=affair.pk).name == "児童手当の支給に関する事務"


@pytest.mark.parametrize("version", [{}, {"version": ""}, {"version": "²"}])
def test_a_delete_without_its_version_is_refused_like_a_stale_one(org_a, officer_a_client, terminal, version):
    response = officer_a_client.post(
        _url("entry_delete", org_a, kind="terminals", entry_pk=terminal.pk), version
    )

    assert response.status_code == 409
    assert 'data-testid="conflict"' in response.content.decode()
    assert m.Terminal.objects.filter(pk=terminal.pk).exists()


def test_the_preview_names_collections_and_severities_in_the_page_language(
    org_a, officer_a_client, declaration
):
    raw = json.dumps(_of(org_a, declaration)).encode("utf-8")

    html = _upload(officer_a_client, org_a, raw).content.decode()

    assert '<tr data-collection="card_flows"><th scope="row">カード読取りフロー</th>' in html
    assert '<th scope="row">card_flows</th>' not in html
    findings = html.split("取り込み後の指摘事項", 1)[1].split("</ul>", 1)[0]
    assert re.search(r'class="badge severity-\w+">(違反|警告|注意)</span>', findings)
    for raw_severity in (">violation<", ">warning<", ">notice<"):
        assert raw_severity not in findings
