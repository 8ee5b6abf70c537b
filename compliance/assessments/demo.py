"""Published demo assessments (``manage.py load_demo_assessments``, run by ``load_demo``).

A fresh install has drafts only (the registry's demo import drafts the assessments its
affairs need), so the public portal and the documents would show nothing. This module
takes 苫小牧市's draft through the whole procedure with the demo cast, *only through the
assessments app's services*, so the demo data is exactly what the product would make:

1. the basic assessment (基礎項目評価, 番号法第28条, 規則第4条) is answered, its findings
   answered, submitted by the approver, reviewed, accepted and published by the reviewer;
2. a voluntary re-assessment at the full level (全項目評価を任意に実施, 指針第6) runs the local
   government's track: a 31-day public comment (国民・住民等からの意見の聴取, 規則第7条) with
   one published opinion and its reflection and one hidden spam, the third-party review
   (第三者点検, 規則第7条第4項), submission, review, acceptance and publication.

The history is dated in the past (the comment period must be over before it closes): the
services read "today" from :func:`django.utils.timezone.localdate`, which the steps below
set to the step's demo day (a process-wide patch: fine in a management command, never in a
request). Idempotent: nothing is done once 苫小牧市 has a published full
assessment; the whole run is one transaction, so a failure leaves the drafts as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from compliance.accounts.models import Organization, User
from compliance.assessments import services
from compliance.assessments.definitions import ItemSpec
from compliance.assessments.models import Assessment
from compliance.assessments.services.common import filled_forms
from compliance.assessments.states import Level, ReassessmentReason, State
from compliance.checks.services import finding_answer

ORGANIZATION_CODE = "012131"  # 苫小牧市: the only demo body with an approver (compliance/accounts/demo.py)
OFFICER, APPROVER, REVIEWER = "demo-officer", "demo-approver", "demo-reviewer"

#: Days before today on which each step of the demo history happens.
DAYS_AGO = {
    "basic_published": 150,
    "reassessment": 120,
    "comment_from": 100,  # 31 days, both ends counted
    "comment_to": 70,
    "comment_received": 90,
    "comment_closed": 69,
    "third_party_review": 60,
    "full_published": 30,
}

OPINION = (
    "灯油購入費の助成を受ける世帯の情報を、福祉部門以外の職員が閲覧できないようにしてください。"
    "また、助成の審査が終わった後の保存期間を明らかにしてください。"
)
REFLECTION = (
    "ご意見を踏まえ、システムの利用者を担当課の職員に限定し、アクセス記録を毎月点検する旨を"
    "「Ⅳ リスク対策」に追記しました。保存期間は支給決定後5年とし、評価書に明記しました。"
)
SPAM = "格安の灯油はこちら。今すぐ申し込み。"


_real_localdate = timezone.localdate


def _date(days_ago: int) -> dt.date:
    return _real_localdate() - dt.timedelta(days=days_ago)


@contextmanager
def _on(step: str) -> Iterator[dt.date]:
    """Run the enclosed services as if today were the step's demo day (see module docstring)."""
    day = _date(DAYS_AGO[step])
    with mock.patch.object(timezone, "localdate", lambda *args, **kwargs: day):
        yield day


#: Answers to the items every body writes in its own words (by item key; ``{affair}`` is the affair's name).
KEYED_ANSWERS = {
    "assessment_number": "苫小牧市-2026-01",
    "privacy_declaration": (
        "苫小牧市長は、{affair}における特定個人情報ファイルの取扱いが個人のプライバシー等の権利利益に"
        "影響を及ぼしかねないことを認識し、特定個人情報の漏えいその他の事態を発生させるリスクを軽減させる"
        "ために適切な措置を講じ、もって個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。"
    ),
    "affair_content": (
        "冬期間の灯油購入費の一部を助成するため、申請者の世帯の住民税課税状況及び福祉給付の受給状況を"
        "確認し、助成の可否を決定して助成金を支給する。確認には個人番号を利用し、添付書類を省略する。"
    ),
    "department": "福祉部 福祉総合課",
    "department_head": "福祉総合課長",
    "systems": "福祉総合システム、団体内統合宛名システム、中間サーバー",
    "retention_period": "支給決定後5年",
    "storage_place": "市庁舎内のサーバー室（入退室管理を行う施錠された区画）に設置したサーバーに保管する。",
    "users_department": "福祉部 福祉総合課",
}


def sample_answer(item: ItemSpec, *, affair: str) -> Any:
    """A plausible answer of the item's type, written as an officer of ``affair`` would."""
    if item.key in KEYED_ANSWERS:
        return KEYED_ANSWERS[item.key].format(affair=affair)
    kind = item.answer_type
    if kind == "choice":
        return item.choices[0]
    if kind == "rating":
        return "十分である"
    if kind == "integer":
        return 2
    if kind == "date":
        return "2025-04-01"
    if kind == "boolean":
        return True
    if kind == "text":
        return f"{affair}の担当課（福祉部 福祉総合課）が所管する。"
    return (
        f"{affair}において、「{item.label}」については、苫小牧市特定個人情報等取扱規程及び"
        "事務処理要領に基づき手順を定めている。取扱いは担当課の必要最小限の職員に限り、"
        "年1回の自己点検と研修により遵守状況を確認している。"
    )


def answer_required_items(assessment: Assessment, officer: User) -> Assessment:
    """Answer every required item the officer types (registry- and procedure-filled items fill themselves)."""
    _facts, forms = filled_forms(assessment)
    for form in forms:
        # The registry's suggestions (評価書名, 評価実施機関名, 法令上の根拠) are confirmed as proposed.
        values = {
            key: form.suggested[key]
            if key in form.suggested
            else sample_answer(item, affair=assessment.affair.name)
            for key, item in form.spec.items.items()
            if item.required and key not in form.filled and key not in form.answers
        }
        if values:
            assessment = services.answers_save(
                assessment=assessment,
                form=form.form,
                values=values,
                acting_user=officer,
                expected_version=None,
            )
    return assessment


def justify_findings(assessment: Assessment, officer: User) -> None:
    """Give the officer's reason for every open violation (a submission needs one, 番号法第28条)."""
    for finding in services.readiness(assessment).findings:
        if finding.severity == "violation" and finding.state == "open":
            finding_answer(
                finding=finding,
                acting_user=officer,
                answer="justified",
                reason="条例で定める独自利用事務として実施しており、条例改正の準備を進めている。",
            )


def review_and_publish(assessment: Assessment, approver: User, reviewer: User) -> Assessment:
    """Submit (approver), then review, accept and publish (the commission's reviewer)."""
    assessment = services.assessment_submit(
        assessment=assessment, acting_user=approver, expected_version=None
    )
    assessment = services.review_start(assessment=assessment, acting_user=reviewer, expected_version=None)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


def _full_procedure(assessment: Assessment, officer: User) -> Assessment:
    """Public comment (one opinion published and reflected, one spam hidden), then the third-party review."""
    with _on("comment_from") as start:
        assessment = services.comment_period_open(
            assessment=assessment,
            starts_on=start,
            ends_on=_date(DAYS_AGO["comment_to"]),
            acting_user=officer,
            expected_version=None,
        )
    with _on("comment_received"):
        opinion = services.public_comment_submit(assessment=assessment, body=OPINION, address="192.0.2.10")
        spam = services.public_comment_submit(assessment=assessment, body=SPAM, address="192.0.2.11")
    if opinion is None or spam is None:  # only a filled honeypot drops an opinion
        raise RuntimeError("demo public comments were not stored")
    services.public_comment_moderate(comment=opinion, action="publish", acting_user=officer)
    services.public_comment_reflect(comment=opinion, reflection=REFLECTION, acting_user=officer)
    services.public_comment_moderate(
        comment=spam, action="hide", acting_user=officer, reason="広告（スパム）"
    )
    assessment = services.comment_period_close(
        assessment=assessment, acting_user=officer, today=_date(DAYS_AGO["comment_closed"])
    )
    return services.third_party_review_record(
        assessment=assessment,
        reviewed_on=_date(DAYS_AGO["third_party_review"]),
        method="苫小牧市個人情報保護審議会への諮問",
        result="評価書の内容は適当である旨の答申を得た。",
        acting_user=officer,
        expected_version=None,
    )


@transaction.atomic
def load_demo_assessments() -> list[Assessment]:
    """Publish 苫小牧市's demo assessments (basic, then a full re-assessment); returns those published now."""
    organization = Organization.objects.filter(code=ORGANIZATION_CODE).first()
    users = {u.username: u for u in User.objects.filter(username__in=(OFFICER, APPROVER, REVIEWER))}
    if organization is None or len(users) < 3:
        return []
    assessments = Assessment.objects.filter(organization=organization)
    if assessments.filter(level=Level.FULL, state=State.PUBLISHED).exists():
        return []
    basic = assessments.filter(state=State.DRAFT, previous__isnull=True).order_by("pk").first()
    if basic is None:
        return []
    officer, approver, reviewer = users[OFFICER], users[APPROVER], users[REVIEWER]
    published = []
    with _on("basic_published"):
        basic = answer_required_items(basic, officer)
        justify_findings(basic, officer)
        basic = review_and_publish(basic, approver, reviewer)
        published.append(basic)
    with _on("reassessment"):
        full = services.reassessment_start(
            assessment=basic, reason=ReassessmentReason.VOLUNTARY, acting_user=officer, level=Level.FULL
        )
        full = answer_required_items(full, officer)
    full = _full_procedure(full, officer)
    with _on("full_published"):
        published.append(review_and_publish(full, approver, reviewer))
    return published
