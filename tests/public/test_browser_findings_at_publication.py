"""A published assessment's findings "at publication" and their state now (issue 14, item 3).

The version keeps the findings as they stood when it was published; publication itself
resolves some (PIA-MISSING). The public page says they are the findings at publication,
shows each one's current state as the officer's page does (解消 when the checks no longer
report it), and dates the version in 和暦. In English, the frozen messages and the chosen
answers read in English.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from compliance.assessments.definitions import spec_from_payload
from compliance.checks.models import FindingState, StoredFinding
from compliance.public.models import SearchDocument
from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS
from tests.public.factories import finding, published

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_public_page_separates_findings_at_publication_from_their_state_now(
    page: Page, live_server: Any, transactional_db: None, org_a: Any
) -> None:
    missing = {**finding("PIA-MISSING"), "subject": "affairs/a1", "message_ja": "評価書がありません。"}
    consent = {**finding("CARD-CONSENT", severity="warning"), "message_ja": "本人の同意の記録がありません。"}
    assessment = published(org_a, published_on=dt.date(2026, 11, 3), findings=[missing, consent])
    # One chosen answer of the PPC form (「2) 発生なし」…), to read in English too.
    row = SearchDocument.objects.get(assessment_id=assessment.pk)
    document = json.loads(row.document)
    form = document["forms"][0]
    spec = spec_from_payload(form["definition"])
    item = next(i for i in spec.items.values() if i.public and i.answer_type == "choice" and i.choices)
    choice_ja = item.choices[-1]
    form["answers"][item.key] = choice_ja
    SearchDocument.objects.filter(pk=row.pk).update(document=json.dumps(document, ensure_ascii=False))
    with translation.override("en"):
        choice_en = gettext(choice_ja)
    assert choice_en != choice_ja
    now = timezone.now()
    StoredFinding.objects.create(
        organization=org_a, rule="CARD-CONSENT", subject=consent["subject"], severity="warning",
        message_ja=consent["message_ja"], first_seen=now, last_seen=now, state=FindingState.JUSTIFIED,
        justification="法令に基づく手続の一部として読み取る。",
    )  # fmt: skip
    StoredFinding.objects.create(
        organization=org_a, rule="PIA-MISSING", subject="affairs/a1", severity="violation",
        message_ja=missing["message_ja"], first_seen=now, last_seen=now, state=FindingState.RESOLVED,
        resolved_at=now,
    )  # fmt: skip

    page.goto(f"{live_server.url}/published/{assessment.pk}/")
    findings = page.get_by_test_id("findings")
    expect(findings.get_by_role("heading", level=2)).to_have_text("公表時点の指摘事項と実施機関の説明")
    expect(findings).to_contain_text("この版を公表した時点（令和8年11月3日）の指摘事項です。")
    expect(findings.locator('[data-rule="PIA-MISSING"] [data-testid="finding-current"]')).to_have_text(
        "現在の状態: 解消"
    )
    expect(findings.locator('[data-rule="CARD-CONSENT"] [data-testid="finding-current"]')).to_have_text(
        "現在の状態: 理由を説明済み"
    )
    expect(findings.locator('[data-rule="PIA-MISSING"]')).to_contain_text("事務 a1")
    expect(findings).not_to_contain_text("affairs/a1")
    expect(page.locator(".facts")).to_contain_text("令和8年11月3日")
    assert page.locator('.facts time[datetime="2026-11-03"]').count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "public-findings-at-publication.png"), full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("findings").get_by_role("heading", level=2)).to_have_text(
        "Findings at publication and the body's explanations"
    )
    expect(page.locator(".facts")).to_contain_text("2026-11-03")
    expect(page.locator('[data-rule="CARD-CONSENT"]')).to_contain_text("No legal basis to read the number.")
    expect(page.get_by_test_id("document")).to_contain_text(choice_en)
    expect(page.get_by_test_id("document")).not_to_contain_text(choice_ja)
