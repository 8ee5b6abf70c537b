"""The whole procedure in a browser, with screenshots (issue 6, "Done when"; issue 14, item 4).

An officer of the demo city (苫小牧市) prepares a full assessment and opens public
comment; an anonymous visitor comments; the officer publishes and reflects the
opinion, records the third-party review; the approver submits; a reviewer requests
changes on one item; the officer answers and the approver resubmits; the reviewer
accepts and publishes; the version diff shows the change; the officer renders the PDF.

Each person opens one page — their dashboard (the visitor: the home page) — and from
there moves only by clicking. axe-core runs on every kind of page visited; the
screenshots (Japanese; the diff once in English; the officer's dashboard and the
assessment at 390 px) go to test-artifacts/screenshots/assessment-journey/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from compliance.assessments.models import Assessment, AssessmentVersion
from tests.assessments import factories
from tests.browser.axe import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OLD_CONTENT = "児童手当の認定請求を受け付け、所得を確認して支給額を決定する。"
NEW_CONTENT = (
    "児童手当の認定請求を受け付け、情報連携で所得を確認して支給額を決定し、毎年6月に現況を確認する。"
)


def _state(page: Page, text: str) -> None:
    expect(page.get_by_test_id("state").first).to_have_text(text)


def _action(page: Page, name: str, shots: Path, shot: str, fill: dict[str, str] | None = None) -> None:
    page.get_by_test_id(f"action-{name}").click()
    # The link navigates: a screenshot taken mid-navigation fails in Chromium, so wait
    # for the confirmation form of the new page first.
    expect(page.get_by_test_id("action-form")).to_be_visible()
    for field, value in (fill or {}).items():
        page.locator(f'[name="{field}"]').fill(value)
    page.screenshot(path=shots / f"{shot}.png", full_page=False)
    assert_no_serious_axe_violations(page)  # each confirmation page, its fields filled
    page.get_by_test_id("confirm").click()


def _dashboard(page: Page, heading: str) -> None:
    """Back to the dashboard by the navigation, as a person goes back to their task list."""
    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _at_phone_width(page: Page, shot: Path, *, full_page: bool = True) -> None:
    """The page as it stands, at 390 px: nothing wider than the screen, a screenshot, axe; then back."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"wider than 390 px: {page.url}"
    page.screenshot(path=shot, full_page=full_page)
    assert_no_serious_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_full_assessment_from_draft_to_publication(
    page_for: Callable[..., Page],
    live_server: Any,
    transactional_db: None,
    org_a: Any,
    officer_a: Any,
    approver_a: Any,
    reviewer: Any,
    screenshot_dir: Path,
) -> None:
    shots = screenshot_dir / "assessment-journey"
    shots.mkdir(parents=True, exist_ok=True)
    factories.load_form_definitions()
    affair = factories.affair_with_file(org_a, persons=350_000, handlers=120)
    url = live_server.url

    # 1. From the dashboard, the officer starts the full assessment the threshold decision requires.
    officer = page_for(officer_a)
    officer.goto(f"{url}/accounts/dashboard/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("担当者ダッシュボード")
    assert_no_serious_axe_violations(officer)
    _at_phone_width(officer, shots / "00-officer-dashboard-390.png")
    officer.get_by_test_id("worklist-012131").get_by_test_id("link-assessments").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("苫小牧市の評価書")
    assert_no_serious_axe_violations(officer)  # the organisation's assessments
    officer.get_by_test_id(f"create-{affair.ref}").click()
    expect(officer.get_by_label("全項目評価")).to_be_checked()
    officer.get_by_label("評価書番号").fill("苫小牧-12")
    officer.screenshot(path=shots / "01-create.png", full_page=True)
    assert_no_serious_axe_violations(officer)
    officer.get_by_test_id("create").click()
    _state(officer, "作成中")
    assert_no_serious_axe_violations(officer)  # the assessment detail
    assessment = Assessment.objects.get(affair=affair)

    # 2. It answers a section in the browser: registry facts are shown, not asked.
    officer.get_by_test_id("edit-full-basic_information").click()
    expect(officer.locator('[data-item="affair_name"]')).to_contain_text("児童手当の支給に関する事務")
    expect(officer.locator('[name="affair_name"]')).to_have_count(0)
    officer.locator('[name="affair_content"]').fill(OLD_CONTENT)
    officer.locator('[name="systems"]').fill("住民記録システム、児童手当システム")
    officer.locator('[name="department"]').fill("こども家庭課")
    officer.screenshot(path=shots / "02-section.png", full_page=True)
    assert_no_serious_axe_violations(officer)
    officer.get_by_test_id("save").click()
    expect(officer.locator(".messages")).to_contain_text("回答を保存しました。")
    factories.answer_everything(assessment, officer_a)  # the other sections, typed the same way earlier

    # 3. Public comment opens for 30 days (both ends counted).
    officer.reload()
    _action(officer, "open_comment", shots, "03-open-comment")
    _state(officer, "意見聴取中")

    # 4. Anyone comments, without an account: from the home page, by the navigation.
    visitor = page_for()
    visitor.goto(f"{url}/")
    visitor.get_by_test_id("nav-public-comments").click()
    assert_no_serious_axe_violations(visitor)  # the list of open periods
    visitor.get_by_role("link", name=re.compile("児童手当の支給に関する事務")).click()
    expect(visitor.get_by_text(OLD_CONTENT)).to_be_visible()
    visitor.get_by_label("ご意見").fill("所得の確認に使う情報の範囲を具体的に書いてください。")
    visitor.screenshot(path=shots / "04-public-comment.png", full_page=False)
    assert_no_serious_axe_violations(visitor)
    visitor.get_by_test_id("send-comment").click()
    expect(visitor.locator(".messages")).to_contain_text("ご意見を受け付けました")

    # 5. Thirty days later the officer closes the period, publishes the opinion and records its reflection.
    factories.let_period_pass(assessment)
    officer.reload()
    _action(officer, "close_comment", shots, "05-close-comment")
    _state(officer, "意見聴取終了")
    officer.get_by_test_id("moderate-comments").click()
    officer.get_by_test_id("publish-comment").click()
    expect(officer.get_by_test_id("comment")).to_have_attribute("data-state", "published")
    officer.get_by_test_id("reflection").fill("Ⅰ「事務の内容」に情報連携で確認する所得情報を追記した。")
    officer.get_by_test_id("save-reflection").click()
    expect(officer.get_by_test_id("comment")).to_have_attribute("data-state", "published")
    officer.screenshot(path=shots / "06-moderated.png", full_page=True)
    assert_no_serious_axe_violations(officer)

    # 6. The third-party review (第三者点検) is recorded: back to the assessment by its breadcrumb.
    officer.locator(".breadcrumb").get_by_role("link", name=re.compile("児童手当")).click()
    _action(
        officer,
        "record_third_party_review",
        shots,
        "07-third-party-review",
        {
            "reviewed_on": timezone.localdate().isoformat(),
            "method": "苫小牧市個人情報保護審議会への諮問",
            "result": "適当である旨の答申を得た。",
        },
    )
    _state(officer, "第三者点検済み")
    expect(officer.locator('[data-item="public_comment_reflection"]')).to_contain_text(
        "情報連携で確認する所得情報"
    )

    # 7. The approver finds it under 提出待ち on the dashboard and submits: version 1 is frozen.
    approver = page_for(approver_a)
    approver.goto(f"{url}/accounts/dashboard/")
    ready = approver.get_by_test_id("ready-to-submit")
    expect(ready).to_contain_text("児童手当の支給に関する事務")
    ready.get_by_role("link", name=re.compile("児童手当")).click()
    _action(approver, "submit", shots, "08-submit")
    _state(approver, "提出済み")
    assert AssessmentVersion.objects.filter(assessment=assessment).count() == 1

    # 8. A reviewer takes it from the queue, comments on one item and requests changes.
    commission = page_for(reviewer)
    commission.goto(f"{url}/accounts/dashboard/")
    expect(commission.get_by_test_id("review-unassigned")).to_contain_text("児童手当の支給に関する事務")
    assert_no_serious_axe_violations(commission)  # the commission's dashboard
    commission.get_by_test_id("nav-commission").click()
    commission.screenshot(path=shots / "09-queue.png", full_page=True)
    assert_no_serious_axe_violations(commission)
    commission.get_by_test_id(f"open-{assessment.pk}").click()
    _action(commission, "start_review", shots, "10-start-review")
    _state(commission, "委員会審査中")
    item = commission.locator("#full-affair_content")
    item.get_by_test_id("comment-open-full-affair_content").click()
    item.locator("textarea").fill("毎年の現況確認の方法も記載してください。")
    item.get_by_role("button", name="記録する").click()
    expect(commission.locator("#full-affair_content").get_by_test_id("review-comment")).to_contain_text(
        "現況確認"
    )
    _action(
        commission,
        "request_changes",
        shots,
        "11-request-changes",
        {"reasons": "Ⅰ「事務の内容」を補ってください。"},
    )
    _state(commission, "修正依頼あり")

    # 9. The officer finds the change request on the dashboard, answers the item and replies; the approver resubmits.
    _dashboard(officer, "担当者ダッシュボード")
    officer.get_by_test_id("task-change-request").get_by_role("link").click()
    expect(officer.get_by_test_id("change-requests")).to_contain_text("事務の内容")
    officer.get_by_test_id("edit-full-basic_information").click()
    officer.locator('[name="affair_content"]').fill(NEW_CONTENT)
    officer.get_by_test_id("save").click()
    expect(officer.locator(".messages")).to_contain_text("回答を保存しました。")
    comment = officer.locator("#full-affair_content").get_by_test_id("review-comment")
    comment.get_by_text("返信").first.click()
    comment.get_by_test_id("reply-body").fill("毎年6月の現況確認を追記しました。")
    comment.get_by_test_id("reply-submit").click()
    expect(officer.locator("#full-affair_content .review-comment.reply")).to_contain_text("毎年6月の現況確認")
    officer.screenshot(path=shots / "12-answered.png", full_page=False)
    _dashboard(approver, "担当者ダッシュボード")
    approver.get_by_test_id("task-change-request").get_by_role("link").click()
    _action(approver, "resubmit", shots, "13-resubmit")
    _state(approver, "再提出済み")

    # 10. The reviewer, now its assigned reviewer, finds it under あなたの担当, accepts and publishes.
    _dashboard(commission, "委員会ダッシュボード")
    commission.get_by_test_id("review-mine").get_by_role("link", name=re.compile("児童手当")).click()
    _action(commission, "start_review", shots, "14-review-again")
    _action(commission, "accept", shots, "15-accept")
    _state(commission, "受理済み")
    _action(commission, "publish", shots, "16-publish")
    _state(commission, "公表中")
    commission.screenshot(path=shots / "17-published.png", full_page=False)
    assert_no_serious_axe_violations(commission)

    # 11. The diff between the first and the resubmitted version shows the change.
    commission.get_by_test_id("versions-link").click()
    expect(commission.get_by_test_id("version-row")).to_have_count(3)
    assert_no_serious_axe_violations(commission)  # the versions page
    commission.locator('select[name="from"]').select_option(index=0)
    commission.locator('select[name="to"]').select_option(index=1)
    commission.get_by_test_id("compare").click()
    change = commission.get_by_test_id("diff").locator('[data-item="affair_content"]')
    expect(change).to_contain_text("事務の内容")
    expect(change.locator("ins").first).to_be_visible()
    expect(change).to_contain_text("毎年6月に現況を確認する")
    commission.screenshot(path=shots / "18-diff.png", full_page=True)
    assert_no_serious_axe_violations(commission)
    commission.get_by_test_id("lang-en").click()  # the same diff, once in English
    expect(commission.get_by_test_id("diff").locator('[data-item="affair_content"]')).to_contain_text(
        "毎年6月に現況を確認する"
    )
    expect(commission.locator("html")).to_have_attribute("lang", "en")
    commission.screenshot(path=shots / "18-diff-en.png", full_page=True)
    assert_no_serious_axe_violations(commission)
    assessment.refresh_from_db()
    assert assessment.state == "published" and assessment.published_on == timezone.localdate()

    # 12. The officer opens the published assessment from the body's list and renders its PDF.
    officer.get_by_test_id("nav-officer").click()
    officer.get_by_test_id("affairs").get_by_role("link", name=re.compile("児童手当")).click()
    _state(officer, "公表中")
    _at_phone_width(officer, shots / "19-published-390.png", full_page=False)  # the page is 30,000 px tall
    officer.get_by_test_id("documents-link").click()
    assert_no_serious_axe_violations(officer)  # the documents page
    officer.get_by_test_id("make-full-pdf").click()
    download = officer.get_by_test_id("document-full-pdf").get_by_role("link", name="ダウンロード")
    expect(download).to_be_visible(timeout=60_000)  # made in the background; the page polls, no reload
    officer.screenshot(path=shots / "20-pdf.png", full_page=True)
    assert_no_serious_axe_violations(officer)
