"""Anyone comments on a full assessment's draft; officers moderate and record how opinions were reflected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from compliance.assessments import services
from compliance.assessments.models import Assessment, CommentState, PublicComment
from compliance.assessments.services.common import filled_forms
from compliance.assessments.workflow import TransitionRefused
from compliance.audit.models import AuditEvent
from tests.assessments import factories


@pytest.fixture
def on_comment(full_draft: Assessment, officer_a: Any, today: dt.date) -> Assessment:
    return services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )


def _comment(
    assessment: Assessment,
    body: str = "委託先の監督方法を具体的に書いてください。",
    address: str = "192.0.2.1",
) -> Any:
    return services.public_comment_submit(assessment=assessment, body=body, address=address)


def test_anyone_may_comment_while_the_period_runs(on_comment: Assessment) -> None:
    comment = _comment(on_comment)
    assert (comment.number, comment.state) == (1, CommentState.PENDING)
    assert _comment(on_comment, address="192.0.2.2").number == 2


def test_nothing_about_the_sender_is_kept(on_comment: Assessment) -> None:
    _comment(on_comment, address="198.51.100.77")
    stored = PublicComment.objects.values()[0]
    assert "198.51.100.77" not in str(stored)
    assert "198.51.100.77" not in str(list(AuditEvent.objects.values()))


def test_a_comment_is_refused_when_no_period_is_open(full_draft: Assessment) -> None:
    with pytest.raises(TransitionRefused):
        _comment(full_draft)


def test_a_comment_is_refused_after_the_last_day(on_comment: Assessment) -> None:
    factories.let_period_pass(on_comment)
    with pytest.raises(TransitionRefused):
        _comment(on_comment)


def test_a_comment_holding_a_my_number_is_refused(on_comment: Assessment) -> None:
    with pytest.raises(ValidationError) as refused:
        _comment(on_comment, body="私の番号は 1234 5678 9018 です")
    assert "個人番号" in str(refused.value.message_dict["body"])
    assert not PublicComment.objects.exists()


def test_an_overlong_comment_is_refused(on_comment: Assessment) -> None:
    with pytest.raises(ValidationError):
        _comment(on_comment, body="あ" * (services.MAX_COMMENT_LENGTH + 1))
    assert _comment(on_comment, body="あ" * services.MAX_COMMENT_LENGTH)


def test_the_honeypot_is_answered_politely_and_nothing_is_stored(on_comment: Assessment) -> None:
    result = services.public_comment_submit(
        assessment=on_comment, body="安い薬あります", address="192.0.2.9", honeypot="http://spam.example"
    )
    assert result is None
    assert not PublicComment.objects.exists()


@override_settings(HYOKA_COMMENT_RATE=(2, 3600))
def test_one_address_is_rate_limited(on_comment: Assessment) -> None:
    _comment(on_comment)
    _comment(on_comment)
    with pytest.raises(services.RateLimited):
        _comment(on_comment)
    assert _comment(on_comment, address="192.0.2.200")  # another address is not affected
    assert PublicComment.objects.count() == 3


def test_hiding_a_comment_needs_a_reason(on_comment: Assessment, officer_a: Any) -> None:
    comment = _comment(on_comment)
    with pytest.raises(ValidationError):
        services.public_comment_moderate(comment=comment, action="hide", acting_user=officer_a)
    hidden = services.public_comment_moderate(
        comment=comment, action="hide", reason="広告", acting_user=officer_a
    )
    assert (hidden.state, hidden.hidden_reason) == (CommentState.HIDDEN, "広告")


def test_an_officer_of_another_body_cannot_moderate(on_comment: Assessment, officer_b: Any) -> None:
    comment = _comment(on_comment)
    with pytest.raises(TransitionRefused):
        services.public_comment_moderate(comment=comment, action="publish", acting_user=officer_b)


def test_only_a_published_comment_gets_a_reflection(on_comment: Assessment, officer_a: Any) -> None:
    comment = _comment(on_comment)
    with pytest.raises(TransitionRefused):
        services.public_comment_reflect(comment=comment, reflection="反映した", acting_user=officer_a)
    services.public_comment_moderate(comment=comment, action="publish", acting_user=officer_a)
    reflected = services.public_comment_reflect(
        comment=comment, reflection="Ⅲ4に追記した。", acting_user=officer_a
    )
    assert reflected.reflection == "Ⅲ4に追記した。"


def test_the_form_summarises_the_comments_after_the_period(on_comment: Assessment, officer_a: Any) -> None:
    kept = _comment(on_comment)
    spam = _comment(on_comment, body="広告です", address="192.0.2.3")
    services.public_comment_moderate(comment=kept, action="publish", acting_user=officer_a)
    services.public_comment_moderate(comment=spam, action="hide", reason="広告", acting_user=officer_a)
    factories.let_period_pass(on_comment)
    closed = services.comment_period_close(assessment=on_comment, acting_user=officer_a)
    services.public_comment_reflect(
        comment=kept, reflection="Ⅱ「委託」に監督方法を追記した。", acting_user=officer_a
    )
    _facts, forms = filled_forms(closed)
    full = next(f for f in forms if f.form == "full")
    assert full.filled["public_comment_opinions"] == (
        "意見の件数: 2件（公開 1件、非表示 1件）\n1. 委託先の監督方法を具体的に書いてください。"
    )
    assert full.filled["public_comment_reflection"] == "1. Ⅱ「委託」に監督方法を追記した。"
    assert "広告" not in full.filled["public_comment_opinions"]


def test_unmoderated_comments_block_the_third_party_review(
    on_comment: Assessment, officer_a: Any, today: dt.date
) -> None:
    _comment(on_comment)
    factories.let_period_pass(on_comment)
    closed = services.comment_period_close(assessment=on_comment, acting_user=officer_a)
    from compliance.assessments.workflow import Incomplete

    with pytest.raises(Incomplete):
        services.third_party_review_record(
            assessment=closed,
            reviewed_on=today,
            method="審議会",
            result="適当",
            acting_user=officer_a,
            expected_version=None,
        )
