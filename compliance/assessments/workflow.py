"""The assessment's procedure as an explicit state machine (番号法第28条, 規則, 指針; docs/domain.md §2.2).

:data:`TRANSITIONS` is the whole procedure in one table: for every transition, the
states it leaves, the state it reaches, who may take it and on which procedure track.
:func:`decide` is pure (no database): every service and so every URL goes through it,
and the tests walk it exhaustively — every transition × every state × every role ×
every track.

The tracks (:class:`~compliance.assessments.states.Track`)::

    basic / key                    draft ────────────────────────────────────────────► submitted
    full, local government         draft → comment_open → comment_closed → third_party_reviewed → submitted
    full, national body            draft → comment_open → comment_closed ─────────────────────► submitted
    full, other bodies             draft → comment_open → comment_closed (→ third_party_reviewed) → submitted

    submitted / resubmitted → in_review → changes_requested → resubmitted → in_review …
                              in_review → accepted (approved: national full, 委員会の承認) → published → ended
    anything not yet published → withdrawn

The commission's approval (承認) of a national body's full assessment is its decision
after review, so it replaces acceptance on that track; the form then carries the
approval date. Publication is the last step of both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.assessments.states import Role, State, Track

ALL_TRACKS = frozenset(Track)
FULL_TRACKS = frozenset({Track.FULL_LOCAL, Track.FULL_NATIONAL, Track.FULL_OTHER})
NOT_PUBLISHED = frozenset(
    {
        State.DRAFT,
        State.COMMENT_OPEN,
        State.COMMENT_CLOSED,
        State.THIRD_PARTY_REVIEWED,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        State.RESUBMITTED,
        State.ACCEPTED,
        State.APPROVED,
    }
)


@dataclass(frozen=True)
class Transition:
    name: str
    label: object  # lazy text
    sources: dict[Track, frozenset[State]]  # per track: the states it leaves
    target: State
    roles: frozenset[Role]

    def sources_for(self, track: Track) -> frozenset[State]:
        return self.sources.get(track, frozenset())

    @property
    def tracks(self) -> frozenset[Track]:
        return frozenset(track for track, states in self.sources.items() if states)


def _on(tracks: Iterable[Track], *states: State) -> dict[Track, frozenset[State]]:
    return {track: frozenset(states) for track in tracks}


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "open_comment",
            gettext_lazy("意見聴取の開始"),
            _on(FULL_TRACKS, State.DRAFT),
            State.COMMENT_OPEN,
            frozenset({Role.OFFICER}),
        ),
        Transition(
            "close_comment",
            gettext_lazy("意見聴取の終了"),
            _on(FULL_TRACKS, State.COMMENT_OPEN),
            State.COMMENT_CLOSED,
            frozenset({Role.OFFICER, Role.SYSTEM}),
        ),
        Transition(
            "record_third_party_review",
            gettext_lazy("第三者点検の記録"),
            _on((Track.FULL_LOCAL, Track.FULL_OTHER), State.COMMENT_CLOSED),
            State.THIRD_PARTY_REVIEWED,
            frozenset({Role.OFFICER}),
        ),
        Transition(
            "submit",
            gettext_lazy("委員会への提出"),
            {
                Track.STANDARD: frozenset({State.DRAFT}),
                Track.FULL_LOCAL: frozenset({State.THIRD_PARTY_REVIEWED}),
                Track.FULL_NATIONAL: frozenset({State.COMMENT_CLOSED}),
                Track.FULL_OTHER: frozenset({State.COMMENT_CLOSED, State.THIRD_PARTY_REVIEWED}),
            },
            State.SUBMITTED,
            frozenset({Role.APPROVER}),
        ),
        Transition(
            "start_review",
            gettext_lazy("審査の開始"),
            _on(ALL_TRACKS, State.SUBMITTED, State.RESUBMITTED),
            State.IN_REVIEW,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "request_changes",
            gettext_lazy("修正の依頼"),
            _on(ALL_TRACKS, State.IN_REVIEW),
            State.CHANGES_REQUESTED,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "resubmit",
            gettext_lazy("再提出"),
            _on(ALL_TRACKS, State.CHANGES_REQUESTED),
            State.RESUBMITTED,
            frozenset({Role.APPROVER}),
        ),
        Transition(
            "accept",
            gettext_lazy("受理"),
            _on((Track.STANDARD, Track.FULL_LOCAL, Track.FULL_OTHER), State.IN_REVIEW),
            State.ACCEPTED,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "approve",
            gettext_lazy("承認"),
            _on((Track.FULL_NATIONAL,), State.IN_REVIEW),
            State.APPROVED,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "publish",
            gettext_lazy("公表"),
            {
                Track.STANDARD: frozenset({State.ACCEPTED}),
                Track.FULL_LOCAL: frozenset({State.ACCEPTED}),
                Track.FULL_OTHER: frozenset({State.ACCEPTED}),
                Track.FULL_NATIONAL: frozenset({State.APPROVED}),
            },
            State.PUBLISHED,
            frozenset({Role.REVIEWER}),
        ),
        Transition(
            "withdraw",
            gettext_lazy("取下げ"),
            _on(ALL_TRACKS, *NOT_PUBLISHED),
            State.WITHDRAWN,
            frozenset({Role.APPROVER}),
        ),
        Transition(
            "end",
            gettext_lazy("事務の終了（【終了】として公表を継続）"),
            _on(ALL_TRACKS, State.PUBLISHED),
            State.ENDED,
            frozenset({Role.OFFICER}),
        ),
    )
}


class WorkflowError(Exception):
    """Base of the workflow's refusals; ``message`` is shown to the user as is."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionRefused(WorkflowError):
    """The transition is not allowed: unknown, wrong track, wrong state or wrong role (``code``)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class Conflict(WorkflowError):
    """Someone else changed the assessment first (another reviewer decided, another officer saved)."""

    code = "conflict"


class Incomplete(WorkflowError):
    """A guard of the transition failed (unanswered items, unanswered violations…); ``problems`` lists why."""

    code = "incomplete"

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def _states(states: Iterable[State]) -> str:
    return "、".join(f"「{State(s).label}」" for s in sorted(states, key=list(State).index))


def decide(name: str, *, state: str, track: str, roles: Iterable[str]) -> Transition:
    """The transition ``name`` if it may be taken now by someone holding ``roles``; else :class:`TransitionRefused`.

    Checked in this order, so the message names the first reason: the transition
    exists, it belongs to this procedure track, it starts from the current state, and
    the actor holds one of its roles.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("「%(name)s」という操作はありません。") % {"name": name}, code="unknown")
    track = Track(track)
    state = State(state)
    sources = transition.sources_for(track)
    if not sources:
        raise TransitionRefused(
            _("「%(action)s」はこの手続（%(track)s）では行いません。")
            % {"action": transition.label, "track": track.label},
            code="track",
        )
    if state not in sources:
        raise TransitionRefused(
            _("「%(action)s」は%(sources)sの評価書にだけ行えます（この評価書は「%(state)s」です）。")
            % {"action": transition.label, "sources": _states(sources), "state": state.label},
            code="state",
        )
    held = {Role(r) for r in roles}
    if not held & transition.roles:
        names = "・".join(str(Role(r).label) for r in sorted(transition.roles, key=list(Role).index))
        raise TransitionRefused(
            _("「%(action)s」は%(roles)sが行います。") % {"action": transition.label, "roles": names},
            code="role",
        )
    return transition


def available(*, state: str, track: str, roles: Iterable[str]) -> list[Transition]:
    """The transitions the actor may take now, in table order (the buttons a page offers)."""
    out = []
    for name in TRANSITIONS:
        try:
            out.append(decide(name, state=state, track=track, roles=roles))
        except TransitionRefused:
            continue
    return out
