"""Enrolling, replacing and removing the second factor: each needs the factor and leaves an audit event."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.models import User
from compliance.audit.models import AuditEvent
from tests.accounts.helpers import post_password
from tests.factories import PASSWORD, MembershipFactory, StaticTokenFactory, current_totp

DISABLE = reverse("two_factor:disable")
SETUP = reverse("two_factor:setup")


def _events(action: str, user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(user.pk)))


def _code(user: User) -> str:
    return current_totp(TOTPDevice.objects.get(user=user))


def test_disabling_without_a_code_is_refused(officer_a: User, client_for: Any) -> None:
    response = client_for(officer_a).post(DISABLE, {"understand": "on"})
    assert response.status_code == 200
    assert "確認コード" in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer_a).exists()
    assert not _events("compliance.user.second_factor_disabled", officer_a)


def test_disabling_with_a_wrong_code_is_refused(officer_a: User, client_for: Any) -> None:
    client = client_for(officer_a)
    wrong = f"{(int(_code(officer_a)) + 1) % 1_000_000:06d}"
    response = client.post(DISABLE, {"understand": "on", "otp_token": wrong})
    assert response.status_code == 200
    assert "確認コードが正しくありません" in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer_a).exists()


def test_disabling_with_the_current_code_removes_the_devices_and_is_audited(
    officer_a: User, client_for: Any
) -> None:
    client = client_for(officer_a)
    response = client.post(DISABLE, {"understand": "on", "otp_token": _code(officer_a)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    [event] = _events("compliance.user.second_factor_disabled", officer_a)
    assert event.actor_id == officer_a.pk
    # The session lost its verified device with it: protected pages now ask for a new one.
    dashboard = client.get(reverse("accounts:officer_dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(SETUP)


def test_a_backup_code_also_authorises_the_removal(officer_a: User, client_for: Any) -> None:
    StaticTokenFactory(device__user=officer_a, token="zyxw9876")
    response = client_for(officer_a).post(DISABLE, {"understand": "on", "otp_token": "zyxw9876"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()


def test_a_password_only_session_cannot_replace_an_existing_device(officer_a: User) -> None:
    """The set-up is the way in for users without a device, never a way around an existing one."""
    client = Client()
    client.force_login(officer_a, backend="django.contrib.auth.backends.ModelBackend")
    for url in (SETUP, reverse("two_factor:qr"), reverse("two_factor:profile"), DISABLE):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor:login")), url


def test_enrolment_is_audited(org_a: Any) -> None:
    user = MembershipFactory(organization=org_a, user__username="enrols-audited").user
    client = Client()
    post_password(client, user.username, PASSWORD)
    client.post(SETUP, {"setup_view-current_step": "welcome"})
    secret = client.session["django_two_factor-qr_secret_key"]
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    done = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})
    assert done.status_code == 302
    [event] = _events("compliance.user.second_factor_enrolled", user)
    assert event.data == {"method": "generator"}
    assert secret not in str(event.data) and secret not in event.target_label


def test_new_backup_codes_replace_the_old_ones_and_are_audited(officer_a: User, client_for: Any) -> None:
    old = StaticTokenFactory(device__user=officer_a, token="old12345")
    response = client_for(officer_a).post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302
    assert not StaticToken.objects.filter(pk=old.pk).exists()
    assert StaticToken.objects.filter(device__user=officer_a).count() == 10
    [event] = _events("compliance.user.backup_tokens_set", officer_a)
    assert event.data == {"count": 10}


def test_a_commission_administrator_resets_a_users_device_in_the_admin_site(
    officer_a: User, commission_admin: User, client_for: Any
) -> None:
    commission_admin.is_staff = True
    commission_admin.save(update_fields=["is_staff"])
    assert Group.objects.filter(user=commission_admin).exists() or commission_admin.is_superuser
    response = client_for(commission_admin).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [officer_a.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    [event] = _events("compliance.user.second_factor_reset", officer_a)
    assert event.actor_id == commission_admin.pk
