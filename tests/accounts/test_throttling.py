"""Failed logins are throttled with a cool-off, never a permanent lock (django-axes), per account
whatever the address; wrong second-factor codes are throttled per device (django-otp)."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.models import User
from tests.accounts.helpers import post_password, post_token
from tests.factories import PASSWORD, current_totp

WRONG = "not the password at all"


def _fail(client: Client, username: str, times: int) -> list[int]:
    return [post_password(client, username, WRONG).status_code for _ in range(times)]


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _spread(username: str, *, addresses: int, each: int) -> list[int]:
    """``each`` wrong passwords from each of ``addresses`` different addresses."""
    return [
        status for n in range(addresses) for status in _fail(_from(f"203.0.113.{10 + n}"), username, each)
    ]


def _age_attempts(by: dt.timedelta) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


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


def test_wrong_passwords_spread_over_eight_addresses_lock_the_account(officer_a: User) -> None:
    statuses = _spread(officer_a.username, addresses=8, each=4)
    assert 429 in statuses
    assert statuses.index(429) == settings.AXES_FAILURE_LIMIT - 1  # the limit counts every address
    response = post_password(_from("198.51.100.7"), officer_a.username, PASSWORD)  # a ninth address
    assert response.status_code == 429
    assert "ログインを一時的に停止しています" in response.content.decode()


def test_the_account_lock_lifts_after_the_cool_off_from_any_address(officer_a: User) -> None:
    _spread(officer_a.username, addresses=8, each=4)
    _age_attempts(dt.timedelta(hours=settings.AXES_COOLOFF_TIME) + dt.timedelta(seconds=1))
    response = post_password(_from("198.51.100.7"), officer_a.username, PASSWORD)
    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()


def test_guessing_one_account_from_many_addresses_does_not_lock_another(
    officer_a: User, officer_b: User
) -> None:
    _spread(officer_a.username, addresses=8, each=4)
    assert post_password(_from("203.0.113.10"), officer_b.username, PASSWORD).status_code == 200


def test_wrong_codes_throttle_the_second_factor_so_even_the_right_code_waits(officer_a: User) -> None:
    client = Client()
    assert post_password(client, officer_a.username, PASSWORD).status_code == 200
    assert "確認コードが正しくありません" in post_token(client, "000000").content.decode()

    device = TOTPDevice.objects.get(user=officer_a)
    response = post_token(client, current_totp(device))  # refused without being tried
    body = response.content.decode()
    assert 'name="token-otp_token"' in body
    assert "確認コードを 1 回続けて誤ったため、確認を一時的に停止しています" in body
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_the_second_factor_throttle_doubles_with_each_wrong_code(officer_a: User) -> None:
    client = Client()
    post_password(client, officer_a.username, PASSWORD)
    device = TOTPDevice.objects.get(user=officer_a)
    for failures in range(1, 4):
        post_token(client, "000000")
        device.refresh_from_db()
        assert device.throttling_failure_count == failures
        # Wait out the current delay (1, 2, 4 s …) by moving the last failure back.
        device.throttling_failure_timestamp -= dt.timedelta(seconds=2 ** (failures - 1))
        device.save(update_fields=["throttling_failure_timestamp"])
    post_token(client, "000000")
    device.refresh_from_db()
    assert device.throttling_failure_count == 4  # the next try must now wait 8 s
    assert "確認を一時的に停止しています" in post_token(client, current_totp(device)).content.decode()


def test_the_second_factor_throttle_holds_for_a_new_session_from_another_address(officer_a: User) -> None:
    first = Client()
    post_password(first, officer_a.username, PASSWORD)
    post_token(first, "000000")
    second = _from("198.51.100.7")
    post_password(second, officer_a.username, PASSWORD)
    response = post_token(second, current_totp(TOTPDevice.objects.get(user=officer_a)))
    assert 'name="token-otp_token"' in response.content.decode()
    assert second.get(reverse("accounts:dashboard")).status_code == 302
