"""Helpers shared by the law app's commands: one-line errors with exit status 2, the acting user."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineErrorCommand(BaseCommand):
    """A command whose argument errors are one line on stderr and exit status 2 (docs/domain.md §6.1).

    argparse prints the usage block before the message; scripts that read stderr want just
    the message, naming the bad argument.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str) -> NoReturn:
            if parser.called_from_command_line:
                sys.stderr.write(f"{subcommand}: error: {message}\n")
                sys.exit(2)
            raise CommandError(f"Error: {message}", returncode=2)

        parser.error = error  # type: ignore[method-assign]
        return parser


def acting_user(username: str | None) -> Any | None:
    """The user a command acts as (``--as-user``), or None for the system."""
    if not username:
        return None
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"--as-user: no user named {username!r}", returncode=2) from None


def fail(command: BaseCommand, messages: list[str], summary: str) -> NoReturn:
    """Print every problem on its own stderr line, then stop with exit status 2."""
    for message in messages:
        command.stderr.write(message)
    raise CommandError(summary, returncode=2)
