"""``manage.py demo_totp USERNAME``: the current six-digit TOTP code of a demo user's device."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.accounts import demo


class Command(BaseCommand):
    help = "Print the current TOTP code of a user's device (demo and development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            demo.refuse_in_production()
        except demo.DemoRefused:
            raise CommandError("demo_totp: refused with DJANGO_ENV=production") from None
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username}: no confirmed TOTP device (run load_demo first)")
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
