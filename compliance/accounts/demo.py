"""Demo organisations and one user per role, with published credentials (``manage.py load_demo``).

Everything here is idempotent: running it again finds what exists and only fills
gaps, and resets the demo users' passwords, TOTP secrets and backup codes to the
published values so that the printed credentials always work.

The secrets are public on purpose (a demo). ``load_demo`` refuses to run with
``DJANGO_ENV=production``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command, get_commands
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts import services
from compliance.accounts.models import CommissionRole, MembershipRole, Organization, User
from compliance.lib.vocabulary import Body, OrganizationKind

DEMO_PASSWORD = "hyoka-demo-password"


class DemoRefused(Exception):
    """Raised when demo data would be loaded into a production installation."""


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    name_en: str
    kind: str
    body: str
    code: str
    prefecture: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    description: str
    organization_code: str = ""
    membership_role: str = ""
    commission_role: str = ""

    @property
    def totp_key_hex(self) -> str:
        """A fixed 20-byte TOTP key, derived from the username so it never changes between runs."""
        return hashlib.sha1(f"hyoka-demo-totp:{self.username}".encode()).hexdigest()

    @property
    def totp_secret_base32(self) -> str:
        """The same key as authenticator apps want it (RFC 4648 base32)."""
        return base64.b32encode(bytes.fromhex(self.totp_key_hex)).decode("ascii")

    @property
    def backup_tokens(self) -> list[str]:
        return [
            hashlib.sha256(f"hyoka-demo-backup:{self.username}:{i}".encode()).hexdigest()[:8]
            for i in range(5)
        ]


DEMO_ORGANIZATIONS: tuple[DemoOrganization, ...] = (
    DemoOrganization("苫小牧市", "Tomakomai City", OrganizationKind.MUNICIPALITY, Body.MAYOR, "012131", "01"),
    DemoOrganization("秋田市", "Akita City", OrganizationKind.MUNICIPALITY, Body.MAYOR, "052019", "05"),
    DemoOrganization("久留米市", "Kurume City", OrganizationKind.MUNICIPALITY, Body.MAYOR, "402036", "40"),
    DemoOrganization("鹿児島市", "Kagoshima City", OrganizationKind.MUNICIPALITY, Body.MAYOR, "462012", "46"),
    DemoOrganization(
        "デジタル庁", "Digital Agency", OrganizationKind.NATIONAL_BODY, Body.MINISTER, "digital-agency", ""
    ),
)

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("demo-officer", "苫小牧市 担当者 (officer)", "012131", MembershipRole.OFFICER),
    DemoUser("demo-approver", "苫小牧市 承認者 (approver)", "012131", MembershipRole.APPROVER),
    DemoUser("demo-officer-akita", "秋田市 担当者 (officer)", "052019", MembershipRole.OFFICER),
    DemoUser(
        "demo-reviewer", "委員会審査担当 (commission reviewer)", commission_role=CommissionRole.REVIEWER
    ),
    DemoUser(
        "demo-admin", "委員会管理者 (commission administrator)", commission_role=CommissionRole.ADMINISTRATOR
    ),
)

#: Management commands other apps may provide to add demo data after organisations and users exist.
OPTIONAL_DEMO_COMMANDS: tuple[str, ...] = ("load_demo_declarations", "load_demo_assessments")


def refuse_in_production() -> None:
    if getattr(settings, "DJANGO_ENV", "") == "production":
        raise DemoRefused("load_demo: refused with DJANGO_ENV=production (demo secrets are public)")


def ensure_organizations() -> dict[str, Organization]:
    """The demo organisations by code, created when missing."""
    organizations: dict[str, Organization] = {}
    for spec in DEMO_ORGANIZATIONS:
        organization = Organization.objects.filter(code=spec.code, body=spec.body).first()
        if organization is None:
            organization = services.organization_create(
                acting_user=None,
                name=spec.name,
                name_en=spec.name_en,
                kind=spec.kind,
                body=spec.body,
                code=spec.code,
                prefecture=spec.prefecture,
            )
        organizations[spec.code] = organization
    return organizations


def ensure_users(organizations: dict[str, Organization]) -> dict[str, User]:
    """One user per role, with the published password, TOTP secret and backup codes."""
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = services.user_create(
                acting_user=None,
                username=spec.username,
                password=DEMO_PASSWORD,
                commission_role=spec.commission_role,
            )
        elif not user.check_password(DEMO_PASSWORD):
            services.user_password_set(acting_user=None, user=user, password=DEMO_PASSWORD)
        if spec.commission_role == CommissionRole.ADMINISTRATOR and not _is_complete_commission_admin(user):
            services.commission_admin_grant(acting_user=None, user=user)
        if spec.organization_code:
            organization = organizations[spec.organization_code]
            if not user.memberships.filter(organization=organization, role=spec.membership_role).exists():
                services.membership_grant(
                    acting_user=None, user=user, organization=organization, role=spec.membership_role
                )
        device = TOTPDevice.objects.filter(user=user, name="default").first()
        if device is None or device.key != spec.totp_key_hex or not device.confirmed:
            services.totp_device_set(acting_user=None, user=user, key_hex=spec.totp_key_hex)
        backup = StaticDevice.objects.filter(user=user, name="backup").first()
        current = sorted(backup.token_set.values_list("token", flat=True)) if backup else []
        if current != sorted(spec.backup_tokens):
            services.backup_tokens_set(acting_user=None, user=user, tokens=spec.backup_tokens)
        users[spec.username] = user
    return users


def _is_complete_commission_admin(user: User) -> bool:
    """Already staff in the administrators' group, and the group holds every current permission."""
    group = Group.objects.filter(name=services.COMMISSION_ADMIN_GROUP).first()
    if group is None or not user.is_staff or not user.groups.filter(pk=group.pk).exists():
        return False
    expected = Permission.objects.filter(content_type__app_label__in=services.COMMISSION_ADMIN_APPS)
    return group.permissions.count() == expected.count()


def load_demo_declarations(*, organizations: dict[str, Organization], users: dict[str, User]) -> list[str]:
    """Hook for demo declarations, assessments and anything else built on the demo cast.

    Later apps add a management command named in :data:`OPTIONAL_DEMO_COMMANDS`
    (e.g. ``registry``'s ``load_demo_declarations``); it runs after the
    organisations and users exist and may look them up by code and username
    (``012131`` / ``demo-officer`` …). Returns the commands that ran.
    """
    available = get_commands()
    ran = []
    for name in OPTIONAL_DEMO_COMMANDS:
        if name in available:
            call_command(name)
            ran.append(name)
    return ran


def load_catalog_if_available() -> bool:
    """Load the legal catalog when the law app provides ``load_catalog``."""
    if "load_catalog" not in get_commands():
        return False
    call_command("load_catalog")
    return True
