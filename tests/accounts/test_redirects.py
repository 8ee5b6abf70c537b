"""Every ``next`` of the product's own login and language pages stays on the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import LOGIN_URL, post_password
from tests.factories import PASSWORD, current_totp
from tests.lib.test_redirects import HOSTILE


def _off_site(location: str) -> bool:
    return not location.startswith("/") or location.startswith(("//", "/\\"))


@pytest.mark.parametrize("payload", HOSTILE)
def test_logging_in_with_a_hostile_next_lands_on_the_site(payload: str, officer_a: Any) -> None:
    client = Client()
    post_password(client, officer_a.username, PASSWORD, next_url=payload)
    response = client.post(
        f"{LOGIN_URL}?next={payload}",
        {
            "login_view-current_step": "token",
            "token-otp_token": current_totp(TOTPDevice.objects.get(user=officer_a)),
        },
    )
    assert response.status_code == 302
    assert not _off_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("payload", HOSTILE)
def test_the_language_switch_with_a_hostile_next_stays_on_the_site(payload: str, db: None) -> None:
    response = Client().post(reverse("set_language"), {"language": "en", "next": payload})
    assert response.status_code == 302
    assert not _off_site(response["Location"]), response["Location"]
