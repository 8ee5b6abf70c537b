"""The state machine, walked exhaustively: every transition × state × track × role.

The expected procedure is written out below by hand, from domain.md §2.2 and the
issue, independently of compliance/assessments/workflow.py: a change to the table in
code that is not a change to the law fails here.
"""

from __future__ import annotations

import itertools

import pytest

from compliance.assessments.states import Role, State, Track
from compliance.assessments.workflow import TRANSITIONS, TransitionRefused, available, decide

D, CO, CC, TP = "draft", "comment_open", "comment_closed", "third_party_reviewed"
SU, IR, CR, RS = "submitted", "in_review", "changes_requested", "resubmitted"
AC, AP, PU, WD, EN = "accepted", "approved", "published", "withdrawn", "ended"
BEFORE_PUBLICATION = {D, CO, CC, TP, SU, IR, CR, RS, AC, AP}

STANDARD, LOCAL, NATIONAL, OTHER = "standard", "full_local", "full_national", "full_other"
FULL = (LOCAL, NATIONAL, OTHER)
EVERY = (STANDARD, *FULL)

#: (transition, track) → (states it leaves, state it reaches, roles that may take it)
EXPECTED: dict[tuple[str, str], tuple[set[str], str, set[str]]] = {}


def allow(name: str, tracks: tuple[str, ...], sources: set[str], target: str, roles: set[str]) -> None:
    for track in tracks:
        EXPECTED[(name, track)] = (sources, target, roles)


allow("open_comment", FULL, {D}, CO, {"officer"})
allow("close_comment", FULL, {CO}, CC, {"officer", "system"})
allow("record_third_party_review", (LOCAL, OTHER), {CC}, TP, {"officer"})
allow("submit", (STANDARD,), {D}, SU, {"approver"})
allow("submit", (LOCAL,), {TP}, SU, {"approver"})
allow("submit", (NATIONAL,), {CC}, SU, {"approver"})
allow("submit", (OTHER,), {CC, TP}, SU, {"approver"})
allow("start_review", EVERY, {SU, RS}, IR, {"reviewer"})
allow("request_changes", EVERY, {IR}, CR, {"reviewer"})
allow("resubmit", EVERY, {CR}, RS, {"approver"})
allow("accept", (STANDARD, LOCAL, OTHER), {IR}, AC, {"reviewer"})
allow("approve", (NATIONAL,), {IR}, AP, {"reviewer"})
allow("publish", (STANDARD, LOCAL, OTHER), {AC}, PU, {"reviewer"})
allow("publish", (NATIONAL,), {AP}, PU, {"reviewer"})
allow("withdraw", EVERY, BEFORE_PUBLICATION, WD, {"approver"})
allow("end", EVERY, {PU}, EN, {"officer"})

#: The people who act: an officer, an approver (also an officer), commission staff, the daily job, nobody.
ACTORS = {
    "officer": {"officer"},
    "approver": {"officer", "approver"},
    "reviewer": {"reviewer"},
    "system": {"system"},
    "nobody": set(),
}

NAMES = sorted({name for name, _track in EXPECTED})
CASES = list(itertools.product(NAMES, EVERY))


def _outcome(name: str, state: str, track: str, roles: set[str]) -> str:
    try:
        return "→ " + decide(name, state=state, track=track, roles=roles).target
    except TransitionRefused as refused:
        return f"refused ({refused.code})"


def _expected_outcome(name: str, state: str, track: str, roles: set[str]) -> str:
    expected = EXPECTED.get((name, track))
    if expected is None:
        return "refused (track)"
    sources, target, allowed_roles = expected
    if state not in sources:
        return "refused (state)"
    if not roles & allowed_roles:
        return "refused (role)"
    return "→ " + target


def test_the_code_table_names_exactly_the_expected_transitions() -> None:
    assert set(TRANSITIONS) == set(NAMES)


@pytest.mark.parametrize(("name", "track"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
def test_each_transition_is_allowed_exactly_where_the_procedure_says(name: str, track: str) -> None:
    """Every state × every actor for one transition on one track; mismatches are listed together."""
    mismatches = []
    for state, (actor, roles) in itertools.product([s.value for s in State], ACTORS.items()):
        got, want = _outcome(name, state, track, roles), _expected_outcome(name, state, track, roles)
        if got != want:
            mismatches.append(f"{state} by {actor}: {got}, expected {want}")
    assert not mismatches, "\n".join(mismatches)


def test_every_refusal_explains_itself_in_words() -> None:
    with pytest.raises(TransitionRefused) as refused:
        decide("submit", state=D, track=LOCAL, roles={"officer", "approver"})
    assert "第三者点検済み" in refused.value.message
    assert "作成中" in refused.value.message


def test_a_refusal_for_the_wrong_role_names_who_may_act() -> None:
    with pytest.raises(TransitionRefused) as refused:
        decide("submit", state=D, track=STANDARD, roles={"officer"})
    assert refused.value.code == "role"
    assert "承認者" in refused.value.message


def test_approval_is_refused_outside_national_full_assessments() -> None:
    with pytest.raises(TransitionRefused) as refused:
        decide("approve", state=IR, track=LOCAL, roles={"reviewer"})
    assert refused.value.code == "track"


def test_an_unknown_transition_is_refused() -> None:
    with pytest.raises(TransitionRefused) as refused:
        decide("teleport", state=D, track=STANDARD, roles={"officer"})
    assert refused.value.code == "unknown"


def test_nothing_leaves_withdrawn() -> None:
    for track, actor in itertools.product(EVERY, ACTORS.values()):
        assert available(state=WD, track=track, roles=actor) == []


def test_an_ended_assessment_can_only_stay_ended() -> None:
    for track, actor in itertools.product(EVERY, ACTORS.values()):
        assert available(state=EN, track=track, roles=actor) == []


def test_every_state_is_reachable_from_draft_on_some_track() -> None:
    seen = {(D, track) for track in EVERY}
    frontier = list(seen)
    while frontier:
        state, track = frontier.pop()
        for (_name, t), (sources, target, _roles) in EXPECTED.items():
            if t == track and state in sources and (target, track) not in seen:
                seen.add((target, track))
                frontier.append((target, track))
    assert {state for state, _track in seen} == {s.value for s in State}


def test_available_lists_the_buttons_an_approver_sees_on_a_local_draft() -> None:
    names = [t.name for t in available(state=D, track=Track.FULL_LOCAL, roles={Role.OFFICER, Role.APPROVER})]
    assert names == ["open_comment", "withdraw"]
