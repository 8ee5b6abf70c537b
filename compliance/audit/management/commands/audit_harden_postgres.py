"""``python manage.py audit_harden_postgres --owner ROLE --app-role ROLE`` (PostgreSQL, run by an administrator)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from compliance.audit.hardening import HardeningError, harden_postgres


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the audit tables to a NOLOGIN owner role and leave the product's role only "
        "SELECT and INSERT (no UPDATE, DELETE, TRUNCATE or ALTER). Run as a superuser after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="the owner role (created NOLOGIN if missing)")
        parser.add_argument("--app-role", required=True, help="the role the product connects as")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            statements = harden_postgres(
                connection=connection, owner=options["owner"], app_role=options["app_role"]
            )
        except HardeningError as error:
            raise CommandError(str(error), returncode=1) from None
        for statement in statements:
            self.stdout.write(statement)
        self.stdout.write(
            f"audit tables owned by {options['owner']}; {options['app_role']} may read and append"
        )
