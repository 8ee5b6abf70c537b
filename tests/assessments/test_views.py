"""The pages: what each role sees and may do, refusals with reasons, the public comment page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from compliance.assessments import services
from compliance.assessments.models import Assessment, PublicComment
from tests.assessments import factories


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_officer_sees_filled_items_and_what_is_missing(
    full_draft: Assessment, officer_a_client: Client
) -> None:
    response = officer_a_client.get(reverse("assessments:detail", args=[full_draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "登録情報から" in html and "児童手当の支給に関する事務" in html
    assert 'data-testid="problems"' in html
    assert 'data-testid="action-open_comment"' in html
    assert 'data-testid="edit-basic-related_information"' in html


def test_an_officer_answers_a_section(basic_draft: Assessment, officer_a_client: Client) -> None:
    url = reverse("assessments:section", args=[basic_draft.pk, "basic", "related_information"])
    page = officer_a_client.get(url)
    assert "affair_name" not in page.context["editor"].fields  # filled from the registry, not asked
    response = officer_a_client.post(
        url,
        {
            "version": basic_draft.version,
            "affair_content": "予防接種の記録を管理する。",
            "department": "健康課",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "回答を保存しました。" in _messages(response)
    form = basic_draft.forms.get(form="basic")
    assert form.answers["affair_content"] == "予防接種の記録を管理する。"


def test_a_rating_outside_the_three_is_shown_as_an_error(
    full_draft: Assessment, officer_a_client: Client
) -> None:
    url = reverse("assessments:section", args=[full_draft.pk, "full", "acquisition"])
    response = officer_a_client.post(
        url, {"version": full_draft.version, "acquisition_r1_rating": "まあまあ"}
    )
    assert response.status_code == 200
    assert response.context["editor"].errors["acquisition_r1_rating"]


def test_a_stale_section_form_is_refused_with_a_conflict(
    basic_draft: Assessment, officer_a_client: Client
) -> None:
    url = reverse("assessments:section", args=[basic_draft.pk, "basic", "related_information"])
    stale = basic_draft.version
    officer_a_client.post(url, {"version": stale, "department": "健康課"})
    response = officer_a_client.post(url, {"version": stale, "department": "福祉課"}, follow=True)
    assert any("他の人が更新しました" in m for m in _messages(response))


def test_an_action_the_role_may_not_take_is_refused_with_its_reason(
    basic_draft: Assessment, officer_a: Any, officer_a_client: Client
) -> None:
    factories.answer_everything(basic_draft, officer_a)
    response = officer_a_client.post(
        reverse("assessments:action", args=[basic_draft.pk, "submit"]),
        {"version": basic_draft.version},
        follow=True,
    )
    assert "「委員会への提出」は承認者が行います。" in _messages(response)
    basic_draft.refresh_from_db()
    assert basic_draft.state == "draft"


def test_opening_an_action_that_is_not_possible_explains_why(
    basic_draft: Assessment, officer_a_client: Client
) -> None:
    response = officer_a_client.get(
        reverse("assessments:action", args=[basic_draft.pk, "open_comment"]), follow=True
    )
    assert any("この手続" in m and "行いません" in m for m in _messages(response))


def test_an_incomplete_submission_lists_what_is_missing(
    basic_draft: Assessment, approver_a_client: Client
) -> None:
    response = approver_a_client.post(
        reverse("assessments:action", args=[basic_draft.pk, "submit"]),
        {"version": basic_draft.version},
        follow=True,
    )
    messages = _messages(response)
    assert "まだ提出できません。次の点を確認してください。" in messages
    assert any("「事務の概要」が未回答です" in m for m in messages)


def test_the_30_day_rule_is_shown_next_to_the_end_date(
    full_draft: Assessment, officer_a_client: Client, today: dt.date
) -> None:
    response = officer_a_client.post(
        reverse("assessments:action", args=[full_draft.pk, "open_comment"]),
        {"version": full_draft.version, "starts_on": today, "ends_on": today + dt.timedelta(days=10)},
    )
    assert "30日以上" in str(response.context["form"].errors["ends_on"])


def test_an_unknown_action_is_404(basic_draft: Assessment, officer_a_client: Client) -> None:
    assert (
        officer_a_client.get(reverse("assessments:action", args=[basic_draft.pk, "teleport"])).status_code
        == 404
    )


def test_a_reviewer_cannot_see_a_draft_before_it_is_submitted(
    basic_draft: Assessment, reviewer_client: Client
) -> None:
    assert reviewer_client.get(reverse("assessments:detail", args=[basic_draft.pk])).status_code == 404


def test_the_reviewer_comments_on_an_item(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer_client: Client
) -> None:
    submitted = factories.submitted(basic_draft, officer_a, approver_a)
    reviewer_client.post(
        reverse("assessments:action", args=[submitted.pk, "start_review"]), {"version": submitted.version}
    )
    response = reviewer_client.post(
        reverse("assessments:review_comment", args=[submitted.pk]),
        {
            "form": "basic",
            "section_key": "related_information",
            "item_key": "affair_content",
            "body": "具体的に",
        },
    )
    assert response["Location"].endswith("#basic-affair_content")
    page = reviewer_client.get(reverse("assessments:detail", args=[submitted.pk]))
    assert "具体的に" in page.content.decode()


def test_the_queue_filters_by_form_and_open_violations(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer_client: Client
) -> None:
    submitted = factories.submitted(basic_draft, officer_a, approver_a)
    queue = reverse("assessments:queue")
    assert [a.pk for a in reviewer_client.get(queue).context["rows"]] == [submitted.pk]
    assert reviewer_client.get(queue, {"level": "full"}).context["rows"] == []
    assert reviewer_client.get(queue, {"violations": "on"}).context["rows"] == []
    Assessment.objects.filter(pk=submitted.pk).update(open_violations=2)
    assert [
        a.pk for a in reviewer_client.get(queue, {"violations": "on", "kind": "municipality"}).context["rows"]
    ] == [submitted.pk]
    assert reviewer_client.get(queue, {"prefecture": "13"}).context["rows"] == []
    assert reviewer_client.get(queue, {"waiting_days": "30"}).context["rows"] == []


# --- the public comment page ------------------------------------------------------------------------


@pytest.fixture
def on_comment(full_draft: Assessment, officer_a: Any, today: dt.date) -> Assessment:
    services.answers_save(
        assessment=full_draft,
        form="full",
        values={"storage_place": "SECRET-SERVER-ROOM-7F", "systems": "住民記録システム"},
        acting_user=officer_a,
        expected_version=None,
    )
    return services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )


def test_anyone_reads_the_draft_without_the_withheld_items(on_comment: Assessment, client: Client) -> None:
    html = client.get(reverse("assessments:public_comment", args=[on_comment.pk])).content.decode()
    assert "住民記録システム" in html
    assert "SECRET-SERVER-ROOM-7F" not in html
    listing = client.get(reverse("assessments:public_comments")).content.decode()
    assert reverse("assessments:public_comment", args=[on_comment.pk]) in listing


def test_anyone_sends_a_comment_without_an_account(on_comment: Assessment, client: Client) -> None:
    response = client.post(
        reverse("assessments:public_comment", args=[on_comment.pk]), {"body": "賛成です。"}, follow=True
    )
    assert "ご意見を受け付けました。ありがとうございました。" in _messages(response)
    assert PublicComment.objects.get().body == "賛成です。"


def test_a_my_number_in_a_comment_is_refused_on_the_page(on_comment: Assessment, client: Client) -> None:
    response = client.post(
        reverse("assessments:public_comment", args=[on_comment.pk]), {"body": "番号 123456789018"}
    )
    assert "個人番号" in str(response.context["form"].errors["body"])
    assert not PublicComment.objects.exists()


def test_the_honeypot_stores_nothing(on_comment: Assessment, client: Client) -> None:
    client.post(reverse("assessments:public_comment", args=[on_comment.pk]), {"body": "広告", "website": "x"})
    assert not PublicComment.objects.exists()


@override_settings(HYOKA_COMMENT_RATE=(1, 3600))
def test_a_flood_from_one_address_is_told_to_wait(on_comment: Assessment, client: Client) -> None:
    url = reverse("assessments:public_comment", args=[on_comment.pk])
    client.post(url, {"body": "一つ目"})
    response = client.post(url, {"body": "二つ目"})
    assert "しばらくしてから" in str(response.context["form"].non_field_errors())
    assert PublicComment.objects.count() == 1


def test_a_draft_not_open_for_comment_is_404(full_draft: Assessment, client: Client) -> None:
    assert client.get(reverse("assessments:public_comment", args=[full_draft.pk])).status_code == 404


def test_the_officer_moderates_and_records_the_reflection(
    on_comment: Assessment, officer_a_client: Client
) -> None:
    comment = services.public_comment_submit(
        assessment=on_comment, body="監督方法を書いて", address="192.0.2.1"
    )
    officer_a_client.post(
        reverse("assessments:comment_moderate", args=[on_comment.pk, comment.pk]), {"action": "publish"}
    )
    officer_a_client.post(
        reverse("assessments:comment_reflect", args=[on_comment.pk, comment.pk]),
        {"reflection": "Ⅱに追記した"},
    )
    comment.refresh_from_db()
    assert (comment.state, comment.reflection) == ("published", "Ⅱに追記した")


def test_versions_and_the_diff_show_the_changed_item(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, officer_a_client: Client
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_request_changes(
        assessment=assessment, reasons="具体的に", acting_user=reviewer, expected_version=None
    )
    services.answers_save(
        assessment=assessment,
        form="basic",
        values={"affair_content": "予防接種の記録"},
        acting_user=officer_a,
        expected_version=None,
    )
    services.assessment_resubmit(assessment=assessment, acting_user=approver_a, expected_version=None)
    versions = officer_a_client.get(reverse("assessments:versions", args=[assessment.pk]))
    assert len(versions.context["versions"]) == 2
    html = officer_a_client.get(reverse("assessments:diff", args=[assessment.pk])).content.decode()
    assert "事務の概要" in html and "<ins>予防接種の記録</ins>" in html
    version = officer_a_client.get(reverse("assessments:version", args=[assessment.pk, 1]))
    assert version.context["version"].sha256 in version.content.decode()


def test_a_version_page_links_to_its_documents(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, officer_a_client: Client
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    page = officer_a_client.get(reverse("assessments:version", args=[assessment.pk, 1]))
    frozen = page.context["version"]
    assert reverse("documents:version", args=[frozen.pk]) in page.content.decode()


def test_the_organisation_page_lists_affairs_and_reminders(
    basic_draft: Assessment, officer_a_client: Client, org_a: Any
) -> None:
    response = officer_a_client.get(reverse("assessments:organization", args=[org_a.pk]))
    assert [row.current for row in response.context["rows"]] == [basic_draft]


def test_starting_an_assessment_offers_only_levels_at_or_above_the_threshold(
    affair_full: Any, org_a: Any, officer_a_client: Client
) -> None:
    url = reverse("assessments:create", args=[org_a.pk, affair_full.pk])
    choices = [value for value, _label in officer_a_client.get(url).context["form"].fields["level"].choices]
    assert choices == ["full"]
    response = officer_a_client.post(url, {"level": "full", "number": "12"}, follow=True)
    assert response.context["assessment"].level == "full"
