"""Two factors: a password alone never reaches a protected page (issue 2, item 5)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.access import ENROLMENT_PAGES, PUBLIC, iter_routes
from compliance.accounts.decorators import (
    commission_admin_required,
    commission_required,
    officer_required,
    verified_login_required,
)
from compliance.accounts.models import User
from tests.accounts.access_matrix import call, classify, example_for, path_for
from tests.accounts.helpers import post_backup_token, post_password, post_token
from tests.accounts.url_examples import LOGIN as LOGIN_OUTCOME
from tests.factories import PASSWORD, MembershipFactory, StaticTokenFactory, UserFactory, current_totp

DASHBOARD = reverse("accounts:dashboard")
SETUP = reverse("two_factor:setup")
LOGIN = reverse("two_factor:login")


def _password_only_client(user: User) -> Client:
    """A session that knows the password but never passed the second factor."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_password_step_alone_does_not_log_the_user_in(officer_a: User) -> None:
    client = Client()
    response = post_password(client, officer_a.username, PASSWORD)
    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.content.decode()
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_and_the_current_code_reach_the_dashboard(officer_a: User) -> None:
    client = Client()
    post_password(client, officer_a.username, PASSWORD)
    response = post_token(client, current_totp(TOTPDevice.objects.get(user=officer_a)))
    assert response.status_code == 302
    response = client.get(DASHBOARD, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("accounts:officer_dashboard")


def test_a_wrong_code_keeps_the_user_out(officer_a: User) -> None:
    client = Client()
    post_password(client, officer_a.username, PASSWORD)
    code = current_totp(TOTPDevice.objects.get(user=officer_a))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = post_token(client, wrong)
    assert response.status_code == 200
    assert client.get(DASHBOARD).status_code == 302


def test_a_backup_code_works_once(officer_a: User) -> None:
    token = StaticTokenFactory(device__user=officer_a, token="abcd1234")
    client = Client()
    post_password(client, officer_a.username, PASSWORD)
    response = post_backup_token(client, token.token)
    assert response.status_code == 302
    assert client.get(reverse("accounts:officer_dashboard")).status_code == 200
    assert not StaticToken.objects.filter(pk=token.pk).exists()

    again = Client()
    post_password(again, officer_a.username, PASSWORD)
    response = post_backup_token(again, "abcd1234")
    assert response.status_code == 200
    assert again.get(DASHBOARD).status_code == 302


def test_a_user_without_a_device_is_sent_to_set_one_up(org_a: object) -> None:
    user = MembershipFactory(organization=org_a, user__username="new-officer").user
    client = Client()
    response = post_password(client, user.username, PASSWORD)
    assert response.status_code == 302  # logged in with the password: no device to ask yet
    for url in (DASHBOARD, reverse("accounts:officer_dashboard")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)


def test_a_password_only_session_of_a_user_with_a_device_is_sent_back_to_login(officer_a: User) -> None:
    response = _password_only_client(officer_a).get(reverse("accounts:officer_dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _protected_routes() -> list:
    return [
        route for route in iter_routes()
        if route.level not in (None, PUBLIC) and route.full_name not in ENROLMENT_PAGES
    ]  # fmt: skip


@pytest.mark.parametrize("route", _protected_routes(), ids=lambda route: route.label)
def test_no_protected_page_opens_to_a_password_only_session(route, cast) -> None:
    """Walk every non-public URL as every role, logged in with the password only."""
    example = example_for(route, cast)
    path = path_for(route, example)
    for user in (cast.officer_a, cast.approver_a, cast.reviewer, cast.commission_admin):
        user.is_staff = True  # even staff status does not open the admin site without the second factor
        user.save(update_fields=["is_staff"])
        outcome = classify(call(_password_only_client(user), path, example))
        assert outcome == LOGIN_OUTCOME, f"{route.label} answered {user.username} (password only): {outcome}"


def test_the_admin_site_requires_the_second_factor(commission_admin: User, client_for) -> None:
    password_only = _password_only_client(commission_admin).get(reverse("admin:index"))
    assert password_only.status_code == 302
    assert client_for(commission_admin).get(reverse("admin:index")).status_code == 200


def test_the_admin_login_page_forwards_to_the_two_factor_login() -> None:
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- The decorators themselves -----------------------------------------------------


def _ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _request(user: object, *, verified: bool) -> HttpRequest:
    request = RequestFactory().get("/protected/")
    request.user = user  # type: ignore[assignment]
    if not isinstance(user, AnonymousUser):
        user.is_verified = lambda: verified  # type: ignore[attr-defined]
    return request


@pytest.mark.parametrize(
    "decorator", [verified_login_required, officer_required, commission_required, commission_admin_required]
)
def test_every_decorator_sends_anonymous_users_to_login(decorator) -> None:
    response = decorator(_ok)(_request(AnonymousUser(), verified=False))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/protected/"


@pytest.mark.parametrize(
    "decorator", [verified_login_required, officer_required, commission_required, commission_admin_required]
)
def test_every_decorator_refuses_an_unverified_session(decorator, commission_admin: User) -> None:
    response = decorator(_ok)(_request(commission_admin, verified=False))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    ("decorator", "allowed", "refused"),
    [
        (officer_required, ["officer_a", "approver_a"], ["reviewer", "commission_admin", "outsider"]),
        (commission_required, ["reviewer", "commission_admin"], ["officer_a", "approver_a", "outsider"]),
        (
            commission_admin_required,
            ["commission_admin"],
            ["officer_a", "approver_a", "reviewer", "outsider"],
        ),
        (verified_login_required, ["officer_a", "reviewer", "commission_admin", "outsider"], []),
    ],
)
def test_each_decorator_lets_in_its_roles_and_refuses_the_rest(decorator, allowed, refused, cast) -> None:
    view = decorator(_ok)
    for role in allowed:
        assert view(_request(getattr(cast, role), verified=True)).status_code == 200, role
    for role in refused:
        with pytest.raises(PermissionDenied):
            view(_request(getattr(cast, role), verified=True))


def test_a_new_user_is_offered_the_setup_rather_than_the_token_step(db: None) -> None:
    user = UserFactory(username="no-device")
    response = verified_login_required(_ok)(_request(user, verified=False))
    assert response["Location"].startswith(SETUP)


def test_a_new_officer_enrols_an_authenticator_app_and_then_reaches_the_dashboard(org_a: object) -> None:
    import base64

    from django_otp.oath import TOTP

    user = MembershipFactory(organization=org_a, user__username="enrolling").user
    client = Client()
    post_password(client, user.username, PASSWORD)
    welcome = client.get(SETUP)
    assert "二要素認証の設定" in welcome.content.decode()
    generator = client.post(SETUP, {"setup_view-current_step": "welcome"})
    body = generator.content.decode()
    assert reverse("two_factor:qr") in body  # the QR code for the app
    secret = client.session["django_two_factor-qr_secret_key"]
    assert secret in body  # and the secret for typing in by hand
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    done = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})
    assert done.status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("accounts:officer_dashboard")).status_code == 200
