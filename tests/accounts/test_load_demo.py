"""``load_demo``: idempotent demo cast with published credentials; never in production."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts import demo
from compliance.accounts.models import CommissionRole, Membership, Organization, User
from compliance.audit.models import AuditEvent
from tests.accounts.helpers import post_backup_token, post_password, post_token


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db: None, monkeypatch: pytest.MonkeyPatch) -> str:
    # The legal catalog and the demo declarations belong to the law and registry apps (their
    # tests cover them, tests/registry/test_demo_declarations.py): these tests are about the cast.
    monkeypatch.setattr(demo, "load_catalog_if_available", lambda: False)
    monkeypatch.setattr(demo, "load_demo_declarations", lambda **_: [])
    return _load()


def _account_events() -> int:
    """Audit events of this app (the catalog loader may log its own run every time)."""
    return AuditEvent.objects.filter(action__regex=r"^compliance\.(organization|user|membership)\.").count()


def test_it_creates_the_demo_organisations(loaded: str) -> None:
    codes = set(Organization.objects.values_list("code", flat=True))
    assert {"012131", "052019", "402036", "462012", "digital-agency"} <= codes
    tomakomai = Organization.objects.get(code="012131")
    assert (tomakomai.name, tomakomai.kind, tomakomai.body, tomakomai.prefecture) == (
        "苫小牧市", "municipality", "mayor", "01",
    )  # fmt: skip
    assert Organization.objects.get(code="digital-agency").kind == "national_body"


def test_it_creates_one_user_per_role(loaded: str) -> None:
    assert Membership.objects.get(user__username="demo-officer").organization.code == "012131"
    assert Membership.objects.get(user__username="demo-approver").role == "approver"
    assert Membership.objects.get(user__username="demo-officer-akita").organization.code == "052019"
    assert User.objects.get(username="demo-reviewer").commission_role == CommissionRole.REVIEWER
    admin = User.objects.get(username="demo-admin")
    assert admin.commission_role == CommissionRole.ADMINISTRATOR and admin.is_staff and not admin.is_superuser


def test_running_it_twice_changes_nothing(loaded: str) -> None:
    counts = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        _account_events(),
    )
    _load()
    assert (
        Organization.objects.count(), User.objects.count(), Membership.objects.count(), _account_events()
    ) == counts  # fmt: skip


def test_it_prints_the_credentials_and_how_to_get_a_code(loaded: str) -> None:
    assert demo.DEMO_PASSWORD in loaded
    for spec in demo.DEMO_USERS:
        assert spec.username in loaded
        assert spec.totp_secret_base32 in loaded
    assert "python manage.py demo_totp demo-officer" in loaded


def test_the_printed_secret_is_the_device_key(loaded: str) -> None:
    spec = next(s for s in demo.DEMO_USERS if s.username == "demo-officer")
    device = TOTPDevice.objects.get(user__username="demo-officer")
    assert device.key == spec.totp_key_hex
    assert device.confirmed


def test_a_demo_user_logs_in_with_the_printed_password_and_the_demo_totp_code(loaded: str) -> None:
    out = io.StringIO()
    call_command("demo_totp", "demo-officer", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    client = Client()
    post_password(client, "demo-officer", demo.DEMO_PASSWORD)
    assert post_token(client, code).status_code == 302
    assert client.get(reverse("accounts:officer_dashboard")).status_code == 200


def test_a_demo_user_logs_in_with_a_printed_backup_code(loaded: str) -> None:
    spec = next(s for s in demo.DEMO_USERS if s.username == "demo-reviewer")
    assert spec.backup_tokens[0] in loaded
    client = Client()
    post_password(client, "demo-reviewer", demo.DEMO_PASSWORD)
    assert post_backup_token(client, spec.backup_tokens[0]).status_code == 302
    assert client.get(reverse("accounts:commission_dashboard")).status_code == 200


def test_the_code_matches_an_authenticator_app_using_the_printed_secret(loaded: str) -> None:
    import base64

    spec = next(s for s in demo.DEMO_USERS if s.username == "demo-admin")
    key = base64.b32decode(spec.totp_secret_base32)
    out = io.StringIO()
    call_command("demo_totp", "demo-admin", stdout=out)
    assert out.getvalue().strip() in {f"{TOTP(key, drift=d).token():06d}" for d in (-1, 0, 1)}


def test_it_resets_a_changed_demo_password(loaded: str) -> None:
    user = User.objects.get(username="demo-officer")
    user.set_password("something else entirely")
    user.save()
    _load()
    user.refresh_from_db()
    assert user.check_password(demo.DEMO_PASSWORD)


def test_it_refuses_to_run_in_production(db: None, settings) -> None:
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Organization.objects.exists()
    with pytest.raises(CommandError, match="production"):
        call_command("demo_totp", "demo-officer", stdout=io.StringIO())


def test_demo_totp_names_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("demo_totp", "nobody", stdout=io.StringIO())


def test_it_loads_the_legal_catalog_when_the_law_app_provides_it(db: None, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(demo, "get_commands", lambda: {"load_catalog": "compliance.law"})
    monkeypatch.setattr(demo, "call_command", lambda name, *a, **k: calls.append(name))
    assert "Legal catalog loaded" in _load()
    assert calls == ["load_catalog"]


def test_the_demo_declarations_hook_runs_the_commands_other_apps_provide(db: None, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(demo, "get_commands", lambda: {"load_demo_declarations": "compliance.registry"})
    monkeypatch.setattr(demo, "call_command", lambda name, *a, **k: calls.append(name))
    assert demo.load_demo_declarations(organizations={}, users={}) == ["load_demo_declarations"]
    assert calls == ["load_demo_declarations"]
