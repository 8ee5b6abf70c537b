"""The assessment pages are Japanese first and read in English from the app's own catalog."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from compliance.assessments.states import State
from compliance.assessments.workflow import TransitionRefused, decide


def test_states_and_refusals_are_translated_to_english() -> None:
    with translation.override("en"):
        assert str(State.CHANGES_REQUESTED.label) == "Changes requested"
        with pytest.raises(TransitionRefused) as refused:
            decide("submit", state="draft", track="standard", roles={"officer"})
    assert refused.value.message.startswith("“Submit to the commission” is done by")


def test_the_public_comment_list_reads_in_english(client: Client, db: Any) -> None:
    japanese = client.get(reverse("assessments:public_comments")).content.decode()
    assert "意見募集中の評価書" in japanese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("assessments:public_comments")).content.decode()
    assert "Assessments open for comment" in english
