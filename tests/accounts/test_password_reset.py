"""Password reset by e-mail: a one-time link, and the second factor still required afterwards."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.models import User
from compliance.accounts.password_reset import address_tag
from compliance.audit.models import AuditEvent
from tests.accounts.helpers import post_password, post_token
from tests.factories import PASSWORD, StaticTokenFactory, UserFactory, current_totp

REQUEST = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
LOGIN = reverse("two_factor:login")
DASHBOARD = reverse("accounts:dashboard")
NEW_PASSWORD = "a fresh river under the bridge"
LINK = re.compile(r"https?://[^\s/]+/accounts/password-reset/[^\s/]+/[^\s/]+/")


def _request_reset(client: Client, address: str, **extra: Any) -> Any:
    return client.post(REQUEST, {"email": address}, **extra)


def _link(message: Any) -> str:
    links = LINK.findall(message.body)
    assert links, message.body
    assert len(set(links)) == 1, "the Japanese and the English part carry the same link"
    return links[0]


def _open_link(client: Client, link: str) -> Any:
    """Open the mailed link as a browser does: Django moves the token into the session first."""
    return client.get(urlsplit(link).path, follow=True)


def _set_password(client: Client, link: str, password: str = NEW_PASSWORD) -> Any:
    page = _open_link(client, link)
    assert page.status_code == 200
    assert page.context["validlink"], "the link should still work"
    form_path = page.redirect_chain[-1][0]
    return client.post(form_path, {"new_password1": password, "new_password2": password})


def _reset(client: Client, user: User, password: str = NEW_PASSWORD) -> Any:
    _request_reset(client, user.email)
    assert len(mail.outbox) == 1
    return _set_password(client, _link(mail.outbox[0]), password)


@pytest.fixture
def _slow_rate(settings: Any) -> None:
    """Two reset requests per hour, so that the throttle shows in a few requests."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "password_reset": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


# --- The request ------------------------------------------------------------------


def test_the_login_page_links_to_the_password_reset(db: None) -> None:
    body = Client().get(LOGIN).content.decode()
    assert f'href="{REQUEST}"' in body
    assert "パスワードをお忘れの方" in body


def test_the_request_page_asks_for_an_e_mail_address(db: None) -> None:
    response = Client().get(REQUEST)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="email"' in body and 'name="email"' in body
    assert "二要素認証はそのまま必要です" in body


def test_an_unknown_address_gets_the_same_page_and_no_mail(officer_a: User, mailoutbox: list[Any]) -> None:
    unknown = _request_reset(Client(), "nobody@example.jp")
    assert unknown.status_code == 302 and unknown["Location"] == SENT
    assert mailoutbox == []

    known = _request_reset(Client(), officer_a.email)
    assert known.status_code == 302 and known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1

    sent = Client().get(SENT)
    assert sent.status_code == 200
    assert "登録されていれば" in sent.content.decode()


def test_a_known_address_gets_exactly_one_mail_with_the_link(officer_a: User, mailoutbox: list[Any]) -> None:
    _request_reset(Client(), officer_a.email.upper())
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [officer_a.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "パスワードの再設定 / Reset your password"
    assert _link(message).startswith("http://testserver/accounts/password-reset/")


def test_the_link_is_built_on_the_configured_origin(
    officer_a: User, mailoutbox: list[Any], settings: Any
) -> None:
    settings.HYOKA_PUBLIC_ORIGIN = "https://hyoka.example.jp"
    _request_reset(Client(), officer_a.email, HTTP_HOST="localhost")
    assert _link(mailoutbox[0]).startswith("https://hyoka.example.jp/accounts/password-reset/")


def test_the_mail_is_japanese_with_english_below_and_names_only_the_user(
    db: None, mailoutbox: list[Any]
) -> None:
    user = UserFactory(username="tanaka", last_name="田中", first_name="花子", email="hanako@example.jp")
    _request_reset(Client(), user.email)
    message = mailoutbox[0]
    body = message.body
    assert not message.alternatives, "plain text only"
    japanese, english = body.index("田中 花子 様"), body.index("Dear 田中 花子,")
    assert japanese < english
    assert "二要素認証はそのまま必要です" in body[:english]
    assert "still needs your second factor" in body[english:]
    assert "60" in body
    assert user.email not in body and user.username not in body
    assert "{%" not in body and "{{" not in body


def test_the_mail_addresses_a_user_without_a_name_by_the_login_name(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    _request_reset(Client(), officer_a.email)
    assert "officer-a 様" in mailoutbox[0].body


def test_inactive_accounts_and_accounts_without_a_password_get_no_mail(
    db: None, mailoutbox: list[Any]
) -> None:
    UserFactory(username="gone", email="gone@example.jp", is_active=False)
    no_password = UserFactory(username="pending", email="pending@example.jp")
    no_password.set_unusable_password()
    no_password.save()
    for address in ("gone@example.jp", "pending@example.jp"):
        assert _request_reset(Client(), address)["Location"] == SENT
    assert mailoutbox == []


# --- The new password, and the second factor afterwards -----------------------------


def test_the_reset_sends_the_user_to_the_login_page_not_logged_in(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    client = Client()
    response = _reset(client, officer_a)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    login_page = client.get(LOGIN)
    assert not login_page.wsgi_request.user.is_authenticated
    assert "パスワードを再設定しました" in login_page.content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_after_the_reset_the_old_password_fails_and_the_new_one_still_needs_the_code(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    _reset(Client(), officer_a)

    old = Client()
    response = post_password(old, officer_a.username, PASSWORD)
    assert 'name="token-otp_token"' not in response.content.decode()
    assert old.get(DASHBOARD)["Location"].startswith(LOGIN)

    new = Client()
    response = post_password(new, officer_a.username, NEW_PASSWORD)
    assert 'name="token-otp_token"' in response.content.decode()
    assert new.get(DASHBOARD)["Location"].startswith(LOGIN)
    assert new.get(reverse("accounts:officer_dashboard"))["Location"].startswith(LOGIN)

    post_token(new, current_totp(TOTPDevice.objects.get(user=officer_a)))
    assert new.get(reverse("accounts:officer_dashboard")).status_code == 200


def test_the_reset_keeps_the_authenticator_and_the_backup_codes(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    StaticTokenFactory(device__user=officer_a, token="abcd1234")
    before = set(TOTPDevice.objects.filter(user=officer_a).values_list("pk", "key", "confirmed"))
    _reset(Client(), officer_a)
    assert set(TOTPDevice.objects.filter(user=officer_a).values_list("pk", "key", "confirmed")) == before
    assert StaticDevice.objects.get(user=officer_a).token_set.filter(token="abcd1234").exists()


def test_the_link_cannot_be_used_twice(officer_a: User, mailoutbox: list[Any]) -> None:
    _reset(Client(), officer_a)
    link = _link(mailoutbox[0])
    again = _open_link(Client(), link)
    assert again.status_code == 200
    assert not again.context["validlink"]
    assert "このリンクは使えません" in again.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(officer_a: User, mailoutbox: list[Any], settings: Any) -> None:
    _request_reset(Client(), officer_a.email)
    settings.PASSWORD_RESET_TIMEOUT = -1  # any link is older than that
    page = _open_link(Client(), _link(mailoutbox[0]))
    assert not page.context["validlink"]


def test_the_new_password_must_pass_the_validators(officer_a: User, mailoutbox: list[Any]) -> None:
    client = Client()
    response = _reset(client, officer_a, password="short")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)


def test_a_logged_in_session_elsewhere_ends_with_the_reset(officer_a: User, mailoutbox: list[Any]) -> None:
    from tests.conftest import verified_client

    elsewhere = verified_client(officer_a)
    assert elsewhere.get(reverse("accounts:officer_dashboard")).status_code == 200
    _reset(Client(), officer_a)
    assert elsewhere.get(reverse("accounts:officer_dashboard"))["Location"].startswith(LOGIN)


# --- Audit ----------------------------------------------------------------------------


def test_the_request_and_the_reset_leave_audit_events_without_the_address(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    _request_reset(Client(), "nobody@example.jp")
    unmatched = AuditEvent.objects.get(action="compliance.user.password_reset_unmatched")
    assert unmatched.target_id == "" and unmatched.actor_id is None
    assert unmatched.data == {"address_tag": address_tag("nobody@example.jp")}

    _reset(Client(), officer_a)
    requested = AuditEvent.objects.get(action="compliance.user.password_reset_requested")
    assert requested.target_id == str(officer_a.pk) and requested.actor_id is None
    assert requested.data == {"address_tag": address_tag(officer_a.email)}
    done = AuditEvent.objects.get(action="compliance.user.password_reset")
    assert done.actor_id == officer_a.pk and done.target_id == str(officer_a.pk)
    assert done.data == {"second_factor_devices": 1}

    for event in AuditEvent.objects.filter(action__startswith="compliance.user.password_reset"):
        assert "@" not in str(event.data) and "example.jp" not in event.target_label


def test_the_address_tag_ignores_case_and_reveals_nothing(db: None) -> None:
    tag = address_tag("Hanako@Example.jp")
    assert tag == address_tag(" hanako@example.jp ")
    assert tag != address_tag("taro@example.jp")
    assert tag.isalpha() and "hanako" not in tag


# --- Throttling -----------------------------------------------------------------------


@pytest.mark.usefixtures("_slow_rate")
def test_requests_are_throttled_per_client_address(officer_a: User, mailoutbox: list[Any]) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        assert _request_reset(client, f"someone{n}@example.jp").status_code == 302
    throttled = _request_reset(client, officer_a.email)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "一時的に制限しています" in throttled.content.decode()
    assert mailoutbox == []
    # Another client is not held back.
    assert _request_reset(Client(REMOTE_ADDR="198.51.100.9"), officer_a.email).status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.usefixtures("_slow_rate")
def test_mails_to_one_address_are_limited_without_telling_the_requester(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    answers = [
        _request_reset(Client(REMOTE_ADDR=f"203.0.113.{n}"), officer_a.email)["Location"] for n in range(1, 5)
    ]
    assert answers == [SENT] * 4
    assert len(mailoutbox) == 2
    unknown = [
        _request_reset(Client(REMOTE_ADDR=f"198.51.100.{n}"), "nobody@example.jp")["Location"]
        for n in range(1, 5)
    ]
    assert unknown == answers


# --- Language and layout --------------------------------------------------------------


def _english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_english_pages_are_english(officer_a: User, mailoutbox: list[Any]) -> None:
    client = _english_client()
    login = client.get(LOGIN).content.decode()
    assert "Forgot your password?" in login and "パスワードをお忘れの方" not in login

    page = client.get(REQUEST).content.decode()
    assert '<html lang="en">' in page
    assert "Reset your password" in page and "パスワードの再設定" not in page
    assert "E-mail address" in page

    response = client.post(REQUEST, {"email": officer_a.email}, follow=True)
    sent = response.content.decode()
    assert "Check your e-mail" in sent and "メール" not in sent

    form_page = _open_link(client, _link(mailoutbox[0])).content.decode()
    assert "Set a new password" in form_page and "新しいパスワードの設定" not in form_page

    invalid = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad"})
    ).content.decode()
    assert "This link cannot be used" in invalid and "このリンクは使えません" not in invalid


def test_the_mail_is_the_same_whatever_language_the_requester_reads(
    officer_a: User, mailoutbox: list[Any]
) -> None:
    _request_reset(_english_client(), officer_a.email)
    _request_reset(Client(), officer_a.email)
    english_reader, japanese_reader = (m.body for m in mailoutbox)
    assert LINK.sub("", english_reader) == LINK.sub("", japanese_reader)
    assert english_reader.index("様") < english_reader.index("Dear")
