"""Answers refuse NUL bytes and control characters; long answers keep their line breaks."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from compliance.assessments.models import Assessment


def _section(assessment: Assessment) -> str:
    return reverse("assessments:section", args=[assessment.pk, "basic", "related_information"])


def test_an_answer_with_a_nul_is_refused_next_to_its_item(
    basic_draft: Assessment, officer_a_client: Client
) -> None:
    response = officer_a_client.post(
        _section(basic_draft), {"version": basic_draft.version, "department": "健康\x00課"}
    )

    assert response.status_code == 200
    assert response.context["editor"].errors["department"]
    assert "department" not in basic_draft.forms.get(form="basic").answers


def test_a_control_character_in_a_one_line_answer_is_refused(
    basic_draft: Assessment, officer_a_client: Client
) -> None:
    response = officer_a_client.post(
        _section(basic_draft), {"version": basic_draft.version, "department": "健康課\x1b[31m"}
    )

    assert response.context["editor"].errors["department"] == [
        "制御文字（U+001B）は使えません（改行やタブも使えない項目です）。"
    ]


def test_a_long_answer_keeps_its_line_breaks(basic_draft: Assessment, officer_a_client: Client) -> None:
    response = officer_a_client.post(
        _section(basic_draft), {"version": basic_draft.version, "affair_content": "一、受付\r\n二、審査"}
    )

    assert response.status_code == 302
    assert (
        basic_draft.forms.get(form="basic").answers["affair_content"] == "一、受付\n二、審査"
    )  # breaks kept (as LF)
