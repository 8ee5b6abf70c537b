"""Failed logins are throttled with a cool-off, never a permanent lock (django-axes)."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from compliance.accounts.models import User
from tests.accounts.helpers import post_password
from tests.factories import PASSWORD

WRONG = "not the password at all"


def _fail(client: Client, username: str, times: int) -> list[int]:
    return [post_password(client, username, WRONG).status_code for _ in range(times)]


def test_it_locks_out_after_the_configured_number_of_failures(officer_a: User) -> None:
    client = Client()
    statuses = _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    response = post_password(client, officer_a.username, PASSWORD)  # even the right password now
    assert response.status_code == 429
    assert 'data-testid="lockout"' in response.content.decode()
    assert "ログインを一時的に停止しています" in response.content.decode()


def test_the_lockout_page_says_how_long_to_wait(officer_a: User) -> None:
    client = Client()
    _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"{minutes} 分待って" in post_password(client, officer_a.username, WRONG).content.decode()


def test_the_lock_lifts_after_the_cool_off(officer_a: User) -> None:
    client = Client()
    _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    assert post_password(client, officer_a.username, PASSWORD).status_code == 429
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + dt.timedelta(seconds=1)
        attempt.save(update_fields=["attempt_time"])
    response = post_password(client, officer_a.username, PASSWORD)
    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()


def test_the_lock_does_not_lift_before_the_cool_off(officer_a: User) -> None:
    client = Client()
    _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= dt.timedelta(hours=settings.AXES_COOLOFF_TIME) - dt.timedelta(minutes=1)
        attempt.save(update_fields=["attempt_time"])
    assert post_password(client, officer_a.username, PASSWORD).status_code == 429


def test_one_users_lockout_does_not_lock_out_another(officer_a: User, officer_b: User) -> None:
    client = Client()
    _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    response = post_password(client, officer_b.username, PASSWORD)
    assert response.status_code == 200


def test_the_cool_off_is_fifteen_minutes_and_the_limit_five_by_default() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(hours=settings.AXES_COOLOFF_TIME) == dt.timedelta(minutes=15)


def test_the_login_page_itself_is_not_locked_for_reading(officer_a: User) -> None:
    client = Client()
    _fail(client, officer_a.username, settings.AXES_FAILURE_LIMIT)
    assert client.get(reverse("two_factor:login")).status_code == 200
