"""The vocabulary of the assessment workflow: states, procedure tracks, roles.

The transitions between the states live in :mod:`compliance.assessments.workflow`;
this module only names things, so models, forms and templates can import it without
pulling in the workflow.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.lib.vocabulary import APPROVAL_KINDS, LOCAL_PUBLIC_BODY_KINDS, AssessmentLevel


class State(models.TextChoices):
    """Where an assessment (特定個人情報保護評価書) stands in its procedure."""

    DRAFT = "draft", _("作成中")
    COMMENT_OPEN = "comment_open", _("意見聴取中")
    COMMENT_CLOSED = "comment_closed", _("意見聴取終了")
    THIRD_PARTY_REVIEWED = "third_party_reviewed", _("第三者点検済み")
    SUBMITTED = "submitted", _("提出済み")
    IN_REVIEW = "in_review", _("委員会審査中")
    CHANGES_REQUESTED = "changes_requested", _("修正依頼あり")
    RESUBMITTED = "resubmitted", _("再提出済み")
    ACCEPTED = "accepted", _("受理済み")
    APPROVED = "approved", _("承認済み")
    PUBLISHED = "published", _("公表中")
    WITHDRAWN = "withdrawn", _("取下げ済み")
    ENDED = "ended", _("終了")


#: States in which the officer may change answers: the draft, its revision after public
#: comment (指針: 意見を踏まえて評価書を見直す), and the answer to a reviewer's request.
EDITABLE_STATES = frozenset({State.DRAFT, State.COMMENT_CLOSED, State.CHANGES_REQUESTED})

#: States that are "in progress": an affair has at most one assessment in one of them.
ACTIVE_STATES = frozenset(set(State) - {State.PUBLISHED, State.WITHDRAWN, State.ENDED})

#: States that wait for the commission (the review queue).
QUEUE_STATES = frozenset({State.SUBMITTED, State.RESUBMITTED, State.IN_REVIEW})

#: States whose assessment is public (published, or ended but still shown 【終了】).
PUBLIC_STATES = frozenset({State.PUBLISHED, State.ENDED})


#: The highest form filed (the basic form is always filed with key or full).
Level = AssessmentLevel


def forms_for_level(level: str) -> tuple[str, ...]:
    """The forms filed for ``level``: the basic form always, key or full on top (docs/domain.md §2.1)."""
    return (Level.BASIC,) if level == Level.BASIC else (Level.BASIC, level)


class Track(models.TextChoices):
    """Which procedure a form follows (docs/domain.md §2.2), decided by its level and the body's kind."""

    STANDARD = "standard", _("基礎項目・重点項目評価（作成→提出→公表）")
    FULL_LOCAL = "full_local", _("地方公共団体等の全項目評価（意見聴取→第三者点検→提出）")
    FULL_NATIONAL = "full_national", _("国の行政機関等の全項目評価（意見聴取→提出→委員会の承認）")
    FULL_OTHER = "full_other", _("その他の機関の全項目評価（意見聴取→提出）")


def track_for(*, level: str, organization_kind: str) -> Track:
    """The procedure: full assessments of 地方公共団体等 get a third-party review (第三者点検), those of
    the other 行政機関の長等 (national bodies, 独立行政法人等) the commission's approval (番号法第28条第2項),
    others neither."""
    if level != Level.FULL:
        return Track.STANDARD
    if organization_kind in LOCAL_PUBLIC_BODY_KINDS:
        return Track.FULL_LOCAL
    if organization_kind in APPROVAL_KINDS:
        return Track.FULL_NATIONAL
    return Track.FULL_OTHER


class Role(models.TextChoices):
    """Who acts on an assessment. An approver is also an officer; the system closes expired periods."""

    OFFICER = "officer", _("担当者")
    APPROVER = "approver", _("承認者")
    REVIEWER = "reviewer", _("委員会審査担当")
    SYSTEM = "system", _("システム")


class Rating(models.TextChoices):
    """The three ratings of a risk measure in the PPC forms (リスクへの対策は十分か)."""

    # In the PPC's order: <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている.
    SPECIAL_EFFORT = "特に力を入れている", _("特に力を入れている")
    SUFFICIENT = "十分である", _("十分である")
    REMAINING_ISSUES = "課題が残されている", _("課題が残されている")


class ReassessmentReason(models.TextChoices):
    """Why an assessment is redone (再評価, 指針第6・第7)."""

    FIRST = "", _("初回")
    IMPORTANT_CHANGE = "important_change", _("重要な変更")
    THRESHOLD_RISE = "threshold_rise", _("しきい値判断結果の変化")
    FIVE_YEARS = "five_years", _("5年を経過する前の再実施")
    VOLUNTARY = "voluntary", _("任意の再実施")
