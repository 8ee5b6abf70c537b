"""The threshold decision (domain.md §2.1) and the ``threshold`` command (contracts.md §1)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.law.threshold import LEVELS, ThresholdDecision, threshold_decide

ROOT = Path(__file__).resolve().parents[2]

# (persons, handlers, serious incident) → required forms; every boundary of domain.md §2.1.
TABLE = [
    (0, 0, False, ()),
    (999, 0, False, ()),
    (999, 10_000, True, ()),
    (1_000, 0, False, ("basic",)),
    (1_000, 500, True, ("basic",)),
    (9_999, 499, False, ("basic",)),
    (9_999, 500, True, ("basic",)),
    (10_000, 499, False, ("basic",)),
    (10_000, 500, False, ("basic", "key")),
    (10_000, 0, True, ("basic", "key")),
    (99_999, 499, False, ("basic",)),
    (99_999, 500, False, ("basic", "key")),
    (99_999, 499, True, ("basic", "key")),
    (100_000, 499, False, ("basic", "key")),
    (100_000, 500, False, ("basic", "full")),
    (100_000, 0, True, ("basic", "full")),
    (299_999, 499, False, ("basic", "key")),
    (299_999, 500, False, ("basic", "full")),
    (299_999, 0, True, ("basic", "full")),
    (300_000, 0, False, ("basic", "full")),
    (300_000, 499, False, ("basic", "full")),
    (5_000_000, 10, True, ("basic", "full")),
]


@pytest.mark.parametrize(("persons", "handlers", "incident", "required"), TABLE)
def test_it_decides_every_boundary_as_the_guideline_says(persons, handlers, incident, required):
    decision = threshold_decide(persons=persons, handlers=handlers, serious_incident=incident)
    assert decision == ThresholdDecision(mandatory=bool(required), required=required)


def _rank(decision: ThresholdDecision) -> int:
    return LEVELS.index(decision.highest) + 1 if decision.highest else 0


counts = st.integers(min_value=0, max_value=2_000_000)


@given(persons=counts, more=counts, handlers=counts, incident=st.booleans())
def test_more_persons_never_lower_the_required_forms(persons, more, handlers, incident):
    low = threshold_decide(persons=persons, handlers=handlers, serious_incident=incident)
    high = threshold_decide(persons=persons + more, handlers=handlers, serious_incident=incident)
    assert _rank(high) >= _rank(low)
    assert high.mandatory or not low.mandatory


@given(persons=counts, handlers=counts, more=counts, incident=st.booleans())
def test_more_handlers_never_lower_the_required_forms(persons, handlers, more, incident):
    low = threshold_decide(persons=persons, handlers=handlers, serious_incident=incident)
    high = threshold_decide(persons=persons, handlers=handlers + more, serious_incident=incident)
    assert _rank(high) >= _rank(low)


@given(persons=counts, handlers=counts)
def test_a_serious_incident_never_lowers_the_required_forms(persons, handlers):
    calm = threshold_decide(persons=persons, handlers=handlers, serious_incident=False)
    incident = threshold_decide(persons=persons, handlers=handlers, serious_incident=True)
    assert _rank(incident) >= _rank(calm)


@given(persons=counts, handlers=counts, incident=st.booleans())
def test_the_basic_form_comes_first_whenever_an_assessment_is_mandatory(persons, handlers, incident):
    decision = threshold_decide(persons=persons, handlers=handlers, serious_incident=incident)
    assert decision.mandatory == bool(decision.required)
    if decision.mandatory:
        assert decision.required[0] == "basic"
        assert list(decision.required) == sorted(decision.required, key=LEVELS.index)
        assert len(decision.required) <= 2


@pytest.mark.parametrize(("persons", "handlers"), [(-1, 0), (0, -1)])
def test_it_refuses_negative_counts(persons, handlers):
    with pytest.raises(ValueError):
        threshold_decide(persons=persons, handlers=handlers, serious_incident=False)


def test_it_refuses_counts_that_are_not_integers():
    with pytest.raises(TypeError):
        threshold_decide(persons=1.5, handlers=0, serious_incident=False)  # type: ignore[arg-type]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as another program calls it: a separate process, no database needed."""
    return subprocess.run(
        [sys.executable, "manage.py", "threshold", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_prints_one_json_object_as_the_contract_shows():
    done = run("--persons", "25000", "--handlers", "600")
    assert done.returncode == 0
    assert done.stdout.strip() == '{"mandatory": true, "required": ["basic", "key"]}'
    assert done.stderr == ""


def test_the_command_reads_the_serious_incident_flag():
    done = run("--persons", "150000", "--handlers", "10", "--serious-incident")
    assert json.loads(done.stdout) == {"mandatory": True, "required": ["basic", "full"]}


def test_the_command_says_not_mandatory_below_a_thousand_persons():
    done = run("--persons", "999", "--handlers", "0")
    assert json.loads(done.stdout) == {"mandatory": False, "required": []}


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--persons", "-5", "--handlers", "1"), "--persons"),
        (("--persons", "1.5", "--handlers", "1"), "--persons"),
        (("--persons", "ten", "--handlers", "1"), "--persons"),
        (("--persons", "10", "--handlers", "-1"), "--handlers"),
        (("--persons", "10", "--handlers", "1e3"), "--handlers"),
    ],
)
def test_the_command_rejects_bad_numbers_with_one_line_naming_the_argument(args, named):
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert named in lines[0]
