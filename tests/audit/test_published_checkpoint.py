"""The public portal publishes the latest checkpoint, so outsiders can hold the operator to it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from compliance.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint_file(tmp_path: Path, settings) -> Path:
    settings.HYOKA_AUDIT_CHECKPOINTS = tmp_path / "audit-checkpoints.jsonl"
    return settings.HYOKA_AUDIT_CHECKPOINTS


def _checkpoint() -> dict[str, object]:
    call_command("audit_checkpoint", stdout=io.StringIO())
    return json.loads(Path(django_settings.HYOKA_AUDIT_CHECKPOINTS).read_text().splitlines()[-1])


def test_an_anonymous_visitor_reads_the_latest_checkpoint_in_japanese(
    client: Client, checkpoint_file: Path
) -> None:
    record("compliance.catalog.loaded", actor=None)
    _checkpoint()
    record("compliance.catalog.loaded", actor=None)
    latest = _checkpoint()

    response = client.get(reverse("public:audit_checkpoint"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "監査ログの公開チェックポイント" in body
    assert all(str(latest[field]) in body for field in ("seq", "head_hash", "key_id", "signature"))
    assert json.dumps(latest, ensure_ascii=False).replace('"', "&quot;") in body  # the line itself, to keep


def test_the_checkpoint_page_speaks_english_too(client: Client, checkpoint_file: Path) -> None:
    record("compliance.catalog.loaded", actor=None)
    _checkpoint()
    client.cookies["django_language"] = "en"

    body = client.get(reverse("public:audit_checkpoint")).content.decode()

    assert "Audit log checkpoint" in body
    assert "Head hash" in body and "Signature (HMAC-SHA256)" in body


def test_a_new_checkpoint_shows_at_once(client: Client, checkpoint_file: Path) -> None:
    record("compliance.catalog.loaded", actor=None)
    _checkpoint()
    client.get(reverse("public:audit_checkpoint"))
    record("compliance.catalog.loaded", actor=None)
    latest = _checkpoint()

    body = client.get(reverse("public:audit_checkpoint")).content.decode()

    assert str(latest["head_hash"]) in body


def test_before_the_first_checkpoint_the_page_says_so(client: Client, checkpoint_file: Path) -> None:
    body = client.get(reverse("public:audit_checkpoint")).content.decode()

    assert "チェックポイントはまだ作成されていません。" in body


def test_the_statistics_page_links_to_it(client: Client, checkpoint_file: Path) -> None:
    body = client.get(reverse("public:statistics")).content.decode()

    assert reverse("public:audit_checkpoint") in body
