"""``manage.py scan_mynumber`` finds a My Number left in the database, a log file or Redis, and never prints it."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from compliance.audit.services import record
from compliance.lib.mynumber import contains_my_number
from tests.factories import OrganizationFactory
from tests.lib.mynumber_payloads import INVALID, PAYLOADS, VALID

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_var_dir(settings: Any, tmp_path: Any) -> None:
    """The sweep reads the files under VAR_DIR by default: give each test an empty one, so that what
    the rest of a CI run left there (JUnit reports naming the refusal tests' payloads) is not read."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()


def _scan(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("scan_mynumber", "--no-redis", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("scan_mynumber", "--no-redis", *args, stdout=io.StringIO(), stderr=err)
    text = err.getvalue() + str(failed.value)
    assert not contains_my_number(text), "the sweep must never print the number it found"
    return text


def _plant(sql: str, params: list[Any]) -> None:
    """Write straight into a table, past every validator, as a careless import or a bug might."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_passes_on_clean_data_with_ordinary_numbers(tmp_path: Path) -> None:
    organization = OrganizationFactory(name=f"受付 {INVALID}")
    record(
        "compliance.organization.changed_in_admin", actor=None, target=organization, data={"receipt": INVALID}
    )
    (tmp_path / "app.log").write_text(f"GET /search/?q={INVALID} 200\n", encoding="utf-8")
    out, _ = _scan("--path", str(tmp_path))
    assert out.startswith("scan_mynumber: no My Number (")
    assert "1 files" in out


@pytest.mark.parametrize("spelling", [PAYLOADS[k] for k in ("twelve straight", "kanji numerals", "en dash")])
def test_it_finds_a_number_planted_in_a_text_column_and_names_table_and_column(spelling: str) -> None:
    organization = OrganizationFactory()
    _plant(
        "UPDATE accounts_organization SET name = %s WHERE id = %s", [f"誤入力 {spelling}", organization.pk]
    )
    assert "accounts_organization.name (1 row)" in _refused()


def test_it_finds_a_number_in_a_json_document_stored_with_escapes() -> None:
    organization = OrganizationFactory()
    document = json.dumps({"deep": [{"x": PAYLOADS["full-width digits"]}]}, ensure_ascii=True)  # \uff11…
    _plant("UPDATE accounts_organization SET name_en = %s WHERE id = %s", [document, organization.pk])
    assert "accounts_organization.name_en" in _refused()


def test_it_finds_a_number_in_a_json_column(tamper: Any) -> None:
    event = record("compliance.organization.changed_in_admin", actor=None, data={"note": "ok"})
    data = json.dumps({"note": f"番号 {PAYLOADS['newlines']}", "hash": "ab" * 32})
    tamper("UPDATE {table} SET data = %s WHERE id = %s", [data, event.pk])
    assert "audit_auditevent.data (1 row)" in _refused()


@pytest.mark.parametrize(
    "digest", [("a" + VALID + "b" * 64)[:64], f"f{VALID}abc"]
)  # SHA-256, key fingerprint
def test_a_hex_digest_that_happens_to_hold_twelve_digits_is_not_a_finding(digest: str) -> None:
    organization = OrganizationFactory()
    _plant("UPDATE accounts_organization SET name_en = %s WHERE id = %s", [digest, organization.pk])
    out, _ = _scan()
    assert "no My Number" in out


def test_it_finds_a_number_in_a_log_file_percent_encoded_and_skips_binary_files(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "access.log").write_text(
        'ok line\n127.0.0.1 "GET /search/?q=1234%E2%80%935678%E2%80%939018 HTTP/1.1" 200\n', encoding="utf-8"
    )
    (tmp_path / "document.pdf").write_bytes(b"%PDF-1.7\n" + VALID.encode())  # rendered documents are binary
    text = _refused("--path", str(tmp_path))
    assert "access.log (line 2)" in text
    assert "document.pdf" not in text


def test_an_excluded_directory_is_not_searched(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "junit.xml").write_text(f"<testcase name='refuses[{VALID}]'/>", encoding="utf-8")
    out, _ = _scan("--path", str(tmp_path), "--exclude", "reports")
    assert "no My Number" in out


class _FakeRedis:
    """The handful of Redis commands the sweep uses, over a dict."""

    def __init__(self, data: dict[bytes, tuple[str, Any]]) -> None:
        self.data = data

    def scan_iter(self, count: int = 0) -> Any:
        return iter(list(self.data))

    def type(self, key: bytes) -> bytes:
        return self.data[key][0].encode()

    def get(self, key: bytes) -> bytes:
        return self.data[key][1]

    def lrange(self, key: bytes, start: int, end: int) -> list[bytes]:
        return list(self.data[key][1])

    def hgetall(self, key: bytes) -> dict[bytes, bytes]:
        return dict(self.data[key][1])

    def smembers(self, key: bytes) -> set[bytes]:
        return set(self.data[key][1])

    def zrange(self, key: bytes, start: int, end: int) -> list[bytes]:
        return list(self.data[key][1])


def _celery_message(args: list[Any]) -> bytes:
    body = base64.b64encode(json.dumps([args, {}, {}]).encode()).decode()
    return json.dumps({"body": body, "properties": {"body_encoding": "base64"}, "headers": {}}).encode()


def _scan_redis(monkeypatch: pytest.MonkeyPatch, data: dict[bytes, tuple[str, Any]]) -> tuple[int, str]:
    import redis

    monkeypatch.setattr(redis.Redis, "from_url", staticmethod(lambda url, **kw: _FakeRedis(data)))
    err = io.StringIO()
    try:
        call_command(
            "scan_mynumber", "--redis", "redis://127.0.0.1:6379/11", stdout=io.StringIO(), stderr=err
        )
    except CommandError:
        return 1, err.getvalue()
    return 0, err.getvalue()


def test_it_finds_a_number_in_a_broker_message_whose_body_is_base64(monkeypatch: pytest.MonkeyPatch) -> None:
    status, err = _scan_redis(
        monkeypatch,
        {
            b"celery": ("list", [_celery_message([1, "ok"]), _celery_message([PAYLOADS["dots"]])]),
            b"_kombu.binding.celery": ("set", [b"celery\x06\x16\x06\x16celery"]),
        },
    )
    assert status == 1
    assert "the value of key b'celery' (list)" in err
    assert not contains_my_number(err)


def test_a_celery_result_key_named_after_a_task_uuid_is_not_a_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This UUID's digit groups read across the hyphens hold a valid twelve-digit number.
    key = b"celery-task-meta-9e33b412-3456-7890-1a8f-a189eef18c1b"
    status, _ = _scan_redis(monkeypatch, {key: ("string", b'{"status": "SUCCESS", "result": 3}')})
    assert status == 0


def test_it_passes_on_a_broker_with_ordinary_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    status, _ = _scan_redis(
        monkeypatch,
        {
            b"celery": ("list", [_celery_message([1, INVALID])]),
            b"unacked": ("hash", [(b"tag", _celery_message(["x"]))]),
            b"celery-task-meta-1": ("string", b'{"status": "SUCCESS", "result": 3}'),
        },
    )
    assert status == 0


def test_a_key_name_holding_a_number_is_reported_without_printing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    status, err = _scan_redis(monkeypatch, {f"cache:{VALID}".encode(): ("string", b"1")})
    assert status == 1
    assert "a key name (string)" in err
