"""The cast every app's tests share.

Two organisations (A = 苫小牧市, B = 秋田市), an officer of each, an approver of A,
a commission reviewer, a commission administrator and an outsider with no role.
Every cast member has a confirmed TOTP device; ``client_for(user)`` returns a test
client logged in **with a verified second factor**, as a real login would leave it
(protected pages refuse a password-only session, see compliance/accounts/decorators.py).

Never use ``client.login(...)``: django-axes needs the request to authenticate and
refuses it. Use ``client_for(user)`` or go through the real login page
(tests/accounts/test_two_factor.py shows how).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts import services
from compliance.accounts.models import CommissionRole, MembershipRole, Organization, User
from compliance.lib.vocabulary import Body, OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, TOTPDeviceFactory, UserFactory

# Browser tests (pytest-playwright): once Playwright's sync API has started in a test
# process, its event loop stays in the main thread, and Django would refuse every later
# ORM call of that process as "async-unsafe". Nothing in the product is async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: Debian's Chromium (installed by ``make setup``); Playwright cannot download browsers here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


#: Where browser tests leave their screenshots (git-ignored): look at them after a run.
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Every browser test in every app drives ``/usr/bin/chromium``."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (installs the Debian chromium package)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A Japanese browser, as most of the product's users have; English comes from the switch."""
    return {**browser_context_args, "locale": "ja-JP", "viewport": {"width": 1280, "height": 800}}


@dataclass
class Cast:
    """Everyone at once, for tests that walk all roles (the access matrix)."""

    org_a: Organization
    org_b: Organization
    officer_a: User
    approver_a: User
    officer_b: User
    reviewer: User
    commission_admin: User
    outsider: User


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """PBKDF2's deliberate slowness protects real passwords, not test ones (Django's testing advice)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_language_and_cache() -> Iterator[None]:
    """Each test starts in Japanese with empty caches and leaves them so.

    A request made in English activates English for the rest of the thread, the rate
    limits (public comments, login throttling) keep counters in the cache and the portal
    keeps whole pages: none may leak from one test into the next.
    """
    from django.conf import settings as django_settings
    from django.core.cache import caches
    from django.utils import translation

    def clear() -> None:
        for alias in django_settings.CACHES:
            caches[alias].clear()

    translation.activate(django_settings.LANGUAGE_CODE)
    clear()
    yield
    clear()
    translation.activate(django_settings.LANGUAGE_CODE)


def with_device(user: User) -> User:
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def org_a(db: None) -> Organization:
    return OrganizationFactory(
        name="苫小牧市", name_en="Tomakomai City", code="012131", prefecture="01",
        kind=OrganizationKind.MUNICIPALITY, body=Body.MAYOR,
    )  # fmt: skip


@pytest.fixture
def org_b(db: None) -> Organization:
    return OrganizationFactory(
        name="秋田市", name_en="Akita City", code="052019", prefecture="05",
        kind=OrganizationKind.MUNICIPALITY, body=Body.MAYOR,
    )  # fmt: skip


@pytest.fixture
def officer_a(org_a: Organization) -> User:
    return with_device(
        MembershipFactory(organization=org_a, role=MembershipRole.OFFICER, user__username="officer-a").user
    )


@pytest.fixture
def approver_a(org_a: Organization) -> User:
    return with_device(
        MembershipFactory(organization=org_a, role=MembershipRole.APPROVER, user__username="approver-a").user
    )


@pytest.fixture
def officer_b(org_b: Organization) -> User:
    return with_device(
        MembershipFactory(organization=org_b, role=MembershipRole.OFFICER, user__username="officer-b").user
    )


@pytest.fixture
def reviewer(db: None) -> User:
    return with_device(UserFactory(username="reviewer", commission_role=CommissionRole.REVIEWER))


@pytest.fixture
def commission_admin(db: None) -> User:
    user = UserFactory(username="commission-admin")
    services.commission_admin_grant(acting_user=None, user=user)
    return with_device(user)


@pytest.fixture
def outsider(db: None) -> User:
    """Logged in, verified, but neither a member of any organisation nor commission staff."""
    return with_device(UserFactory(username="outsider"))


@pytest.fixture
def cast(
    org_a: Organization,
    org_b: Organization,
    officer_a: User,
    approver_a: User,
    officer_b: User,
    reviewer: User,
    commission_admin: User,
    outsider: User,
) -> Cast:
    return Cast(org_a, org_b, officer_a, approver_a, officer_b, reviewer, commission_admin, outsider)


def verified_client(user: User) -> Client:
    """A client logged in as ``user`` whose session passed the second factor (like two_factor:login)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    return verified_client


@pytest.fixture
def officer_a_client(officer_a: User) -> Client:
    return verified_client(officer_a)


@pytest.fixture
def approver_a_client(approver_a: User) -> Client:
    return verified_client(approver_a)


@pytest.fixture
def officer_b_client(officer_b: User) -> Client:
    return verified_client(officer_b)


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    return verified_client(reviewer)


@pytest.fixture
def commission_admin_client(commission_admin: User) -> Client:
    return verified_client(commission_admin)
