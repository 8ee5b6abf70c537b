"""Writes about users, organisations and memberships.

Every function is keyword-only, takes ``acting_user`` (``None`` for the system, e.g.
``load_demo``), runs in one transaction and leaves exactly one audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.models import CommissionRole, Membership, Organization, User
from compliance.audit.services import record
from compliance.lib.actors import Actor, UserActor


@transaction.atomic
def organization_create(
    *,
    acting_user: Actor,
    name: str,
    kind: str,
    body: str,
    code: str,
    prefecture: str = "",
    name_en: str = "",
) -> Organization:
    """Register a body that holds specific personal information files (評価実施機関).

    ``full_clean`` validates the 全国地方公共団体コード check digit for local governments.
    """
    organization = Organization(
        name=name, name_en=name_en, kind=kind, body=body, code=code, prefecture=prefecture
    )
    organization.full_clean()
    organization.save()
    record(
        "compliance.organization.created",
        actor=acting_user,
        target=organization,
        data={"code": code, "kind": kind, "body": body},
    )
    return organization


@transaction.atomic
def user_create(
    *,
    acting_user: Actor,
    username: str,
    password: str | None,
    commission_role: str = "",
    is_staff: bool = False,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a login. ``password=None`` leaves it unusable until an administrator sets one."""
    user = User(
        username=username,
        commission_role=commission_role,
        is_staff=is_staff,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        "compliance.user.created",
        actor=acting_user,
        target=user,
        data={"commission_role": commission_role, "is_staff": is_staff},
    )
    return user


@transaction.atomic
def membership_grant(*, acting_user: Actor, user: User, organization: Organization, role: str) -> Membership:
    """Let ``user`` act for ``organization`` as officer or approver (one membership per pair)."""
    membership, created = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    record(
        "compliance.membership.granted" if created else "compliance.membership.changed",
        actor=acting_user,
        target=membership,
        organization_id=organization.pk,
        data={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def totp_device_set(*, acting_user: Actor, user: User, key_hex: str, name: str = "default") -> TOTPDevice:
    """Give ``user`` a confirmed TOTP device with a known key (demo users and administrators' resets).

    Ordinary users enrol through two_factor:setup; this path exists so that demo
    accounts can log in with a published secret. The key is never written to the audit log.
    """
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=name, defaults={"key": key_hex, "confirmed": True, "last_t": -1}
    )
    record("compliance.user.totp_device_set", actor=acting_user, target=user, data={"device": name})
    return device


@transaction.atomic
def backup_tokens_set(*, acting_user: Actor, user: User, tokens: list[str]) -> StaticDevice:
    """Replace ``user``'s backup codes (two_factor's static device named ``backup``)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    StaticToken.objects.bulk_create([StaticToken(device=device, token=token) for token in tokens])
    record("compliance.user.backup_tokens_set", actor=acting_user, target=user, data={"count": len(tokens)})
    return device


@transaction.atomic
def second_factor_enrolled(*, acting_user: UserActor, user: User, method: str) -> None:
    """Record that ``user`` enrolled a second factor (two_factor:setup saved the device)."""
    record("compliance.user.second_factor_enrolled", actor=acting_user, target=user, data={"method": method})


@transaction.atomic
def second_factor_remove(*, acting_user: UserActor, user: User) -> int:
    """Remove every second-factor device of ``user`` (authenticator app and backup codes).

    The user's own removal (two_factor:disable, after a current code) is recorded as
    ``second_factor_disabled``; a commission administrator's reset of another user's
    device, for a lost phone, as ``second_factor_reset``. Either way the user's next
    login must enrol a new device before any protected page opens.
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    action = "second_factor_disabled" if acting_user.pk == user.pk else "second_factor_reset"
    record(f"compliance.user.{action}", actor=acting_user, target=user, data={"devices": len(devices)})
    return len(devices)


#: Apps whose models commission administrators maintain in the admin site (the catalog first).
#: ``authtoken``: they issue and revoke the API tokens of officers' systems (docs/open-data.md).
COMMISSION_ADMIN_APPS = (
    "accounts", "law", "registry", "checks", "assessments", "public", "documents", "audit",
    "axes", "otp_static", "otp_totp", "authtoken",
)  # fmt: skip
COMMISSION_ADMIN_GROUP = "commission_administrators"


@transaction.atomic
def commission_admin_grant(*, acting_user: Actor, user: User) -> User:
    """Make ``user`` a commission administrator who may use the admin site.

    The admin site still requires a verified second factor (accounts/apps.py). Model
    permissions come from one group holding every permission of the product's apps;
    object permissions stay with the rules predicates, so this is not a superuser.
    """
    group, _ = Group.objects.get_or_create(name=COMMISSION_ADMIN_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=COMMISSION_ADMIN_APPS))
    user.commission_role = CommissionRole.ADMINISTRATOR
    user.is_staff = True
    user.save(update_fields=["commission_role", "is_staff"])
    user.groups.add(group)
    record("compliance.user.commission_admin_granted", actor=acting_user, target=user, data={})
    return user


@transaction.atomic
def user_password_set(*, acting_user: Actor, user: User, password: str) -> User:
    """Set a new password (administrator reset, or the demo users' published password)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record("compliance.user.password_set", actor=acting_user, target=user, data={})
    return user


# --- Password reset by e-mail (compliance/accounts/password_reset.py) ------------------------
#
# The audit log never holds the e-mail address typed: only its keyed tag (an HMAC under
# SECRET_KEY), which shows repeated requests for one address without revealing it.


@transaction.atomic
def password_reset_mailed(*, user: User, address_tag: str) -> None:
    """A reset link was mailed to ``user`` (someone typed their address; nobody is logged in)."""
    record(
        "compliance.user.password_reset_requested",
        actor=None,
        target=user,
        data={"address_tag": address_tag},
    )


@transaction.atomic
def password_reset_unmatched(*, address_tag: str) -> None:
    """A reset was asked for an address no active account with a password has: no mail went out."""
    record("compliance.user.password_reset_unmatched", actor=None, data={"address_tag": address_tag})


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> User:
    """The holder of ``user``'s reset link set a new password (validated by the form).

    The actor is the user: following the mailed link is how they proved who they are.
    Nobody is logged in, and the second factor is left exactly as it was (the event
    says how many devices the account keeps): the next login asks for the password
    and the device as always. Changing the password also ends the user's other
    sessions (Django checks the password hash on each request) and makes the link
    useless (the token is derived from the password hash).
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    devices = len(list(devices_for_user(user, confirmed=True)))
    record(
        "compliance.user.password_reset",
        actor=user,
        target=user,
        data={"second_factor_devices": devices},
    )
    return user


# --- The admin's edits (commission administrators) -------------------------------------------


@transaction.atomic
def admin_record_save(*, obj: Any, changed_fields: list[str], acting_user: Actor) -> None:
    """Save a user, organisation or membership edited in the admin, with its audit event.

    The event names the model, the record and which fields changed — never their values
    (a password hash is not history anyone needs, and names are in the record itself).
    """
    adding = obj.pk is None
    obj.save()
    record(
        f"compliance.{obj._meta.model_name}.{'added' if adding else 'changed'}_in_admin",
        actor=acting_user,
        target=obj,
        data={"model": obj._meta.label_lower, "pk": obj.pk, "fields": sorted(changed_fields)},
    )


@transaction.atomic
def admin_record_delete(*, obj: Any, acting_user: Actor) -> None:
    """Delete a user, organisation or membership from the admin, leaving an audit event."""
    data = {"model": obj._meta.label_lower, "pk": obj.pk, "label": str(obj)[:200]}
    record(f"compliance.{obj._meta.model_name}.deleted_in_admin", actor=acting_user, target=obj, data=data)
    obj.delete()


def admin_password_changed(*, user: User, acting_user: Actor) -> None:
    """A commission administrator set ``user``'s password in the admin (the event, never the password)."""
    record("compliance.user.password_changed_in_admin", actor=acting_user, target=user, data={})
