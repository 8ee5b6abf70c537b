"""``manage.py check_declaration``: the JSON contract (spec/contracts.md §2), text output, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from compliance.checks.management.commands import check_declaration as command
from tests.checks.catalog_factory import small_catalog
from tests.checks.factories import clean_declaration


@pytest.fixture(autouse=True)
def _small_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "load_catalog", small_catalog)


def write(tmp_path: Path, data: Any, name: str = "declaration.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        call_command("check_declaration", *args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def faulty() -> dict[str, Any]:
    data = clean_declaration()
    data["affairs"].append(
        {"id": "a2", "name": "図書館利用者カード発行事務", "uses_number": True, "basis": {"kind": "none"}}
    )
    data["card_flows"].append({**data["card_flows"][0], "id": "c2", "affair": "a2"})
    data["entrustments"][0]["supervision"] = False
    data["assessments"][1]["last_review_on"] = None
    return data


def test_it_prints_the_json_object_of_the_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(write(tmp_path, faulty()), "--format", "json", capsys=capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"as_of", "findings", "threshold"}
    assert result["as_of"] == "2026-04-01"
    for finding in result["findings"]:
        assert set(finding) == {"rule", "severity", "subject", "citation", "message_ja", "message_en"}
    assert result["threshold"] == {
        "a1": {
            "persons": 25000,
            "handlers": 60,
            "serious_incident": False,
            "mandatory": True,
            "required": ["basic"],
        }
    }


def test_the_findings_are_sorted_by_severity_rule_and_subject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(write(tmp_path, faulty()), "--format", "json", capsys=capsys)
    found = [(f["severity"], f["rule"], f["subject"]) for f in json.loads(out)["findings"]]
    assert found == [
        ("violation", "BASIS-NONE", "affairs/a2"),
        ("violation", "CARD-NUMBER-READ", "card_flows/c2"),
        ("warning", "ENTRUST-SUPERVISION", "entrustments/e1"),
        ("notice", "PIA-REVIEW", "assessments/s2"),
    ]


def test_the_message_names_the_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(write(tmp_path, faulty()), "--format", "json", capsys=capsys)
    first = json.loads(out)["findings"][0]
    assert (
        first["message_ja"]
        == "「図書館利用者カード発行事務」は個人番号を利用していますが、番号法上の根拠がありません。"
    )
    assert first["citation"] == "番号法第9条"


def test_as_of_on_the_command_line_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        write(tmp_path, clean_declaration()), "--as-of", "2025-06-30", "--format", "json", capsys=capsys
    )
    assert json.loads(out)["as_of"] == "2025-06-30"


def test_as_of_defaults_to_today_without_one_in_the_declaration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = clean_declaration()
    del data["as_of"]
    _, out, _ = run(write(tmp_path, data), "--format", "json", capsys=capsys)
    assert json.loads(out)["as_of"] == timezone.localdate().isoformat()


def test_it_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(faulty(), ensure_ascii=False).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code, out, _ = run("-", "--format", "json", capsys=capsys)
    assert code == 0
    assert len(json.loads(out)["findings"]) == 4


def test_the_text_format_is_the_default_and_groups_by_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(write(tmp_path, faulty()), capsys=capsys)
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith(("違反", "警告", "注意"))]
    assert headings == ["違反 (violation): 2", "警告 (warning): 1", "注意 (notice): 1"]
    assert "  BASIS-NONE  affairs/a2  [番号法第9条]" in out
    assert "a1 児童手当の支給に関する事務: 対象人数 25,000 / 取扱者数 60 / 重大事故なし → 基礎項目評価" in out


def test_a_clean_declaration_says_so_in_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(write(tmp_path, clean_declaration()), "--format", "text", capsys=capsys)
    assert "指摘はありません。 / No findings." in out


def test_an_invalid_declaration_exits_2_with_paths_and_empty_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = clean_declaration()
    data["files"][0]["persons"] = -5
    data["provisions"][0]["direction"] = "sideways"
    code, out, err = run(write(tmp_path, data), "--format", "json", capsys=capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "files[0].persons: must be an integer ≥ 0",
        "provisions[0].direction: must be one of receive, provide",
    ]


def test_invalid_json_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    code, out, err = run(str(path), capsys=capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "not valid JSON" in err


def test_text_that_is_not_utf8_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sjis.json"
    path.write_bytes('{"name": "架空市"}'.encode("shift_jis"))
    code, out, err = run(str(path), capsys=capsys)
    assert (code, out) == (2, "")
    assert "not UTF-8" in err


def test_a_missing_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(str(tmp_path / "nope.json"), capsys=capsys)
    assert (code, out) == (2, "")
    assert err.strip().endswith("cannot read the file: No such file or directory")


@pytest.mark.parametrize("bad", ["2026-02-30", "2026/04/01", "today", "2026-4-1"])
def test_a_bad_as_of_exits_2(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(write(tmp_path, clean_declaration()), "--as-of", bad, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.startswith("--as-of: not a date")


def test_it_works_without_any_database_and_creates_no_file(tmp_path: Path) -> None:
    """A fresh checkout: no SQLite file exists; the command must neither need nor create one."""
    var = tmp_path / "var"
    var.mkdir()
    data = clean_declaration()
    for collection in ("provisions", "ordinances"):  # no categories: valid whatever the shipped catalog holds
        data[collection] = []
    declaration = write(tmp_path, data)
    env = {**os.environ, "HYOKA_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "compliance.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check_declaration", declaration, "--format", "json"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == "2026-04-01"
    assert list(var.iterdir()) == []


def test_a_bad_format_option_is_refused_by_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check_declaration", write(tmp_path, {}), "--format", "yaml"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
