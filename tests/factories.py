"""factory_boy factories shared by every app's tests.

Organisations get real, check-digit-valid 全国地方公共団体コード; users get a usable
password (:data:`PASSWORD`) so login tests can type it.
"""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts.models import CommissionRole, Membership, MembershipRole, Organization, User
from compliance.lib.lgcode import lgcode_check_digit
from compliance.lib.vocabulary import Body, OrganizationKind

PASSWORD = "correct horse battery staple"


def password_hash() -> str:
    """The stored form of :data:`PASSWORD` with the hasher configured now (tests use a fast one)."""
    return make_password(PASSWORD)


def lgcode_for(sequence: int) -> str:
    """A valid six-digit local-government code (prefecture 01–47, then a made-up number)."""
    prefecture = sequence % 47 + 1
    first_five = f"{prefecture:02d}{(sequence * 7) % 1000:03d}"
    return first_five + str(lgcode_check_digit(first_five))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"架空市{n}")
    name_en = factory.Sequence(lambda n: f"Fictional City {n}")
    kind = OrganizationKind.MUNICIPALITY
    body = Body.MAYOR
    code = factory.Sequence(lgcode_for)
    prefecture = factory.LazyAttribute(lambda o: o.code[:2] if o.code[:2].isdigit() else "")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.jp")
    commission_role = CommissionRole.NONE
    password = factory.LazyFunction(password_hash)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.OFFICER


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator-app device; compute its current code with :func:`current_totp`."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "default"
    confirmed = True


class StaticDeviceFactory(factory.django.DjangoModelFactory):
    """two_factor's backup-code device (it must be named ``backup``)."""

    class Meta:
        model = StaticDevice

    user = factory.SubFactory(UserFactory)
    name = "backup"
    confirmed = True


class StaticTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaticToken

    device = factory.SubFactory(StaticDeviceFactory)
    token = factory.Sequence(lambda n: f"backup{n:04d}")


def current_totp(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{totp.token():0{device.digits}d}"
