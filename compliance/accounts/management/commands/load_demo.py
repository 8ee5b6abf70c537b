"""``manage.py load_demo``: the legal catalog, demo organisations and one user per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from compliance.accounts import demo


class Command(BaseCommand):
    help = "Load the legal catalog and the demo organisations and users (idempotent; never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo.refuse_in_production()
        except demo.DemoRefused as error:
            raise CommandError(str(error)) from None
        if demo.load_catalog_if_available():
            self.stdout.write("Legal catalog loaded (load_catalog).")
        organizations = demo.ensure_organizations()
        users = demo.ensure_users(organizations)
        for name in demo.load_demo_declarations(organizations=organizations, users=users):
            self.stdout.write(f"Demo data loaded ({name}).")
        self.print_credentials()

    def print_credentials(self) -> None:
        write = self.stdout.write
        write("")
        write(self.style.MIGRATE_HEADING("Demo organisations"))
        for organization in demo.DEMO_ORGANIZATIONS:
            write(f"  {organization.code:<15} {organization.name} ({organization.kind}, {organization.body})")
        write("")
        write(self.style.MIGRATE_HEADING("Demo users (log in at http://127.0.0.1:8000/account/login/)"))
        write(f"  password for every demo user: {demo.DEMO_PASSWORD}")
        for spec in demo.DEMO_USERS:
            write(f"  {spec.username:<20} {spec.description}")
            write(f"  {'':<20} TOTP secret (base32): {spec.totp_secret_base32}")
            write(f"  {'':<20} backup codes: {' '.join(spec.backup_tokens)}")
        write("")
        write(
            "The second factor: add the TOTP secret to an authenticator app, or print the current code with"
        )
        write("  python manage.py demo_totp demo-officer")
