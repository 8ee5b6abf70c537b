"""A My Number typed as a login name is never stored (django-axes), and the lockout still holds per name."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts import services
from compliance.accounts.models import User
from compliance.lib.mynumber import MASK, contains_my_number
from tests.accounts.helpers import post_password, post_token
from tests.factories import PASSWORD, current_totp
from tests.lib.mynumber_payloads import PAYLOADS

WRONG = "not the password at all"
SPELLINGS = [
    PAYLOADS[k] for k in ("twelve straight", "3-3-3-3", "kanji numerals", "full-width digits", "en dash")
]
OTHER_NUMBER = "1234-5678-9018-0000"[5:]  # 5678-9018-0000: another valid number


def _stored_text() -> list[str]:
    """Every text column of every axes row."""
    texts = []
    for model in (AccessAttempt, AccessLog):
        for row in model.objects.values():
            texts.extend(str(value) for value in row.values() if value is not None)
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_failed_login_with_a_my_number_as_login_name_stores_no_number(spelling: str) -> None:
    client = Client(HTTP_USER_AGENT=f"Mozilla/5.0 ({spelling})")
    response = post_password(client, spelling, WRONG, next_url=f"/search/?q={spelling}")
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.username.startswith(MASK)
    assert [text for text in _stored_text() if contains_my_number(text)] == []


@pytest.mark.django_db
def test_the_password_typed_on_the_login_page_is_not_copied_into_the_attempt() -> None:
    post_password(Client(), "somebody", "correct horse battery staple")
    assert "correct horse battery staple" not in AccessAttempt.objects.get().post_data


@pytest.mark.django_db
def test_an_ordinary_login_name_is_stored_as_typed() -> None:
    post_password(Client(), "no-such-officer", WRONG)
    assert AccessAttempt.objects.get().username == "no-such-officer"


@pytest.mark.django_db
def test_a_my_number_login_name_is_still_locked_out_after_the_limit() -> None:
    client = Client()
    statuses = [
        post_password(client, SPELLINGS[0], WRONG).status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert post_password(client, SPELLINGS[0], WRONG).status_code == 429


@pytest.mark.django_db
def test_the_lockout_of_one_redacted_name_does_not_lock_out_another(officer_a: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, SPELLINGS[0], WRONG)
    assert post_password(client, OTHER_NUMBER, WRONG).status_code == 200  # a different number: its own count
    assert post_password(client, officer_a.username, PASSWORD).status_code == 200
    names = set(AccessAttempt.objects.values_list("username", flat=True))
    assert len(names) == 2 and all(name.startswith(MASK) for name in names)


def test_the_redacted_tag_is_the_same_for_the_same_name_and_differs_between_names() -> None:
    from compliance.accounts.login_attempts import redact_login_name

    assert redact_login_name(SPELLINGS[0]) == redact_login_name(SPELLINGS[0])
    assert redact_login_name(SPELLINGS[0]) != redact_login_name(OTHER_NUMBER)
    assert redact_login_name("officer") == "officer"


@pytest.mark.django_db
def test_a_successful_two_factor_login_with_a_my_number_in_the_user_agent_stores_none(
    officer_a: User,
) -> None:
    client = Client(HTTP_USER_AGENT=f"Agent {PAYLOADS['dots']}")
    post_password(client, officer_a.username, PASSWORD)
    response = post_token(client, current_totp(TOTPDevice.objects.get(user=officer_a)))
    assert response.status_code == 302
    assert AccessLog.objects.filter(username=officer_a.username).exists()
    assert [text for text in _stored_text() if contains_my_number(text)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["username", "first_name", "last_name"])
@pytest.mark.parametrize("spelling", SPELLINGS[:3])
def test_a_login_name_or_a_name_holding_a_my_number_is_refused(field: str, spelling: str) -> None:
    values: dict[str, Any] = {"username": "new-officer"} | {field: spelling}
    with pytest.raises(ValidationError) as refused:
        services.user_create(acting_user=None, password=PASSWORD, **values)
    assert field in refused.value.message_dict
    assert not User.objects.filter(username=values["username"]).exists()
