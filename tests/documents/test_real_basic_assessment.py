"""A real published basic assessment re-entered through the web, submitted and printed.

Shaped like 岡山県 赤磐市長's 「保育料の決定事務 基礎項目評価書」 ([平成26年4月 様式2], published
平成27年1月13日): no 情報連携, no entrustment, no provision or transfer. The PPC's form lets the
body tick 委託しない / 提供・移転しない and leave the ratings behind those boxes blank, and prints
評価実施機関名, 評価書名 and 法令上の根拠 as the body wrote them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.accounts.models import MembershipRole
from compliance.assessments.models import Assessment, AssessmentVersion
from compliance.assessments.states import State
from compliance.documents.render import render
from tests.assessments import factories
from tests.conftest import verified_client, with_device
from tests.documents.helpers import pdf_text
from tests.factories import MembershipFactory, OrganizationFactory

BODY = "岡山県 赤磐市長"
TITLE = "保育料の決定事務 基礎項目評価書"
BASIS = "番号法 第9条第1項 別表第一 項番8"


@pytest.fixture
def akaiwa(forms: Any) -> Any:
    organization = OrganizationFactory(name="赤磐市", name_en="Akaiwa City")
    officer = with_device(
        MembershipFactory(
            organization=organization, role=MembershipRole.OFFICER, user__username="akaiwa-o"
        ).user
    )
    approver = with_device(
        MembershipFactory(
            organization=organization, role=MembershipRole.APPROVER, user__username="akaiwa-a"
        ).user
    )
    affair = factories.affair_with_file(organization, name="保育料の決定事務", persons=2_600, handlers=40)
    return organization, affair, officer, approver


def _save(client: Client, assessment: Assessment, key: str, values: dict[str, Any]) -> None:
    assessment.refresh_from_db()
    url = reverse("assessments:section", args=[assessment.pk, "basic", key])
    response = client.post(url, {"version": assessment.version, **values}, follow=True)
    assert response.status_code == 200
    assert "回答を保存しました。" in [str(m) for m in response.context["messages"]], response.context.get(
        "editor"
    ).errors


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_real_basic_assessment_is_entered_submitted_and_printed_as_the_officer_confirmed_it(
    akaiwa: Any,
) -> None:
    _organization, affair, officer, approver = akaiwa
    officer_client, approver_client = verified_client(officer), verified_client(approver)
    assessment = factories.draft(affair, officer, level="basic", number="4005")

    cover = reverse("assessments:section", args=[assessment.pk, "basic", "cover"])
    proposed = officer_client.get(cover).context["editor"]
    assert proposed.fields["body_name"].initial == "赤磐市長"  # the organ, proposed from the registry
    assert proposed.fields["assessment_title"].initial == "保育料の決定事務 基礎項目評価書"

    _save(officer_client, assessment, "cover", {
        "assessment_title": TITLE,
        "body_name": BODY,
        "privacy_declaration": "赤磐市は、保育料の決定事務における特定個人情報ファイルの取扱いに当たり、"
        "個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。",
    })  # fmt: skip
    _save(officer_client, assessment, "related_information", {
        "affair_content": "児童福祉法に基づく保育所の保育料を、世帯の市町村民税の課税状況により決定する。",
        "system_name": "保育システム",
        "legal_basis": BASIS,
        "department": "子育て支援課",
        "department_head": "子育て支援課長",
        "disclosure_office": "赤磐市 総務部 総務課",
        "inquiry_contact": "赤磐市 子育て支援課",
    })  # fmt: skip
    _save(officer_client, assessment, "risk_measures", {
        "acquisition_rating": "十分である",
        "use_linking_rating": "十分である",
        "use_unauthorised_rating": "十分である",
        "storage_rating": "十分である",
        "audit_self_inspection": "on",
        "training_rating": "2) 十分に行っている",
    })  # fmt: skip

    assessment.refresh_from_db()
    response = approver_client.post(
        reverse("assessments:action", args=[assessment.pk, "submit"]),
        {"version": assessment.version},
        follow=True,
    )
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED, [str(m) for m in response.context["messages"]]

    version = AssessmentVersion.objects.filter(assessment=assessment).latest("number")
    basic = next(f for f in version.data["forms"] if f["form"] == "basic")
    answers = basic["answers"]
    assert answers["linkage"] == "2) 実施しない"
    assert answers["no_entrustment"] is True and answers["no_provision"] is True
    assert "entrustment_rating" not in answers and "provision_rating" not in answers
    assert (answers["body_name"], answers["assessment_title"], answers["legal_basis"]) == (BODY, TITLE, BASIS)

    text = _flat(
        pdf_text(render(data=version.data, sha256=version.sha256, variant="full", fmt="pdf").content)
    )
    for confirmed in (BODY, TITLE, BASIS):
        assert _flat(confirmed) in text
