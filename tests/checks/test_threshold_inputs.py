"""The threshold per affair (spec/contracts.md §2): inputs derived from the affair and its files."""

from __future__ import annotations

from typing import Any

from compliance.checks.context import affair_thresholds
from compliance.checks.snapshot import snapshot_from_declaration
from tests.checks.factories import clean_declaration


def thresholds(data: dict[str, Any]) -> dict[str, dict[str, object]]:
    return {k: v.as_dict() for k, v in affair_thresholds(snapshot_from_declaration(data)).items()}


def with_files(*files: dict[str, Any], **affair: Any) -> dict[str, Any]:
    data = clean_declaration()
    data["affairs"][0].update(affair)
    base = data["files"][0]
    data["files"] = [{**base, "id": f"f{i}", **f} for i, f in enumerate(files, start=1)]
    data["entrustments"] = []
    return data


def test_the_largest_file_gives_persons_and_handlers() -> None:
    data = with_files({"persons": 120_000, "handlers": 40}, {"persons": 3_000, "handlers": 700})
    assert thresholds(data)["a1"] == {
        "persons": 120_000, "handlers": 700, "serious_incident": False, "mandatory": True, "required": ["basic", "full"],
    }  # fmt: skip


def test_the_affairs_own_counts_win_over_its_files() -> None:
    data = with_files({"persons": 120_000, "handlers": 40}, persons=9_000, handlers=10)
    assert thresholds(data)["a1"]["persons"] == 9_000
    assert thresholds(data)["a1"]["required"] == ["basic"]


def test_a_serious_incident_in_any_file_counts() -> None:
    data = with_files({"persons": 20_000}, {"persons": 10, "serious_incident_past_year": True})
    assert thresholds(data)["a1"]["serious_incident"] is True
    assert thresholds(data)["a1"]["required"] == ["basic", "key"]


def test_a_serious_incident_declared_on_the_affair_counts() -> None:
    data = with_files({"persons": 20_000}, serious_incident_past_year=True)
    assert thresholds(data)["a1"]["serious_incident"] is True


def test_an_affair_of_staff_only_files_is_not_mandatory() -> None:
    data = with_files({"persons": 400_000, "staff_only": True})
    assert thresholds(data)["a1"]["mandatory"] is False
    assert thresholds(data)["a1"]["required"] == []


def test_one_ordinary_file_makes_a_staff_affair_mandatory_again() -> None:
    data = with_files({"persons": 5_000, "staff_only": True}, {"persons": 2_000})
    assert thresholds(data)["a1"]["required"] == ["basic"]


def test_affairs_without_files_have_no_threshold() -> None:
    data = with_files({"persons": 5_000})
    data["affairs"].append({**data["affairs"][0], "id": "a2"})
    assert set(thresholds(data)) == {"a1"}


def test_staff_only_files_never_count_towards_persons_or_handlers() -> None:
    data = with_files(
        {"persons": 400_000, "handlers": 900, "staff_only": True}, {"persons": 2_000, "handlers": 30}
    )
    assert thresholds(data)["a1"] == {
        "persons": 2_000, "handlers": 30, "serious_incident": False, "mandatory": True, "required": ["basic"],
    }  # fmt: skip


def test_a_serious_incident_in_a_staff_only_file_does_not_count() -> None:
    data = with_files(
        {"persons": 20_000}, {"persons": 10, "staff_only": True, "serious_incident_past_year": True}
    )
    assert thresholds(data)["a1"]["serious_incident"] is False


def test_an_all_staff_affair_shows_zero_whatever_it_declares() -> None:
    data = with_files({"persons": 400_000, "handlers": 900, "staff_only": True}, persons=50_000, handlers=600)
    assert thresholds(data)["a1"] == {
        "persons": 0, "handlers": 0, "serious_incident": False, "mandatory": False, "required": [],
    }  # fmt: skip


def test_the_persons_bands_are_those_of_the_threshold_table() -> None:
    from compliance.law.threshold import persons_band

    assert [persons_band(n) for n in (0, 999, 1_000, 9_999, 10_000, 99_999, 100_000, 299_999, 300_000)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4,
    ]  # fmt: skip
