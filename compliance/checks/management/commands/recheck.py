"""``manage.py recheck [--organization CODE] [--as-of DATE]``: re-check and store the findings of every body.

The same re-check a catalog change runs for the organisations it concerns
(:mod:`compliance.checks.rechecks`), for the whole country or one organisation: after restoring a
backup, after a change of the rules themselves, or on the eve of a change that takes effect
tomorrow (``--as-of``; the next registry write stores today's findings again). On a terminal it
shows a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

from django.core.management.base import CommandError

from compliance.accounts.models import Organization
from compliance.checks.rechecks import recheck_organizations
from compliance.law.management.commands._common import OneLineErrorCommand


class Progress:
    """A one-line progress bar on a terminal (nothing when stderr is a file or a pipe)."""

    WIDTH = 30

    def __init__(self, total: int, stream: Any) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.started = time.monotonic()
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled or not self.total:
            return
        share = self.done / self.total
        filled = int(self.WIDTH * share)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} "
            f"({share:.0%}, {rate:.1f} organisations/s)"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")


class Command(OneLineErrorCommand):
    help = "Re-check every organisation's registry against the law and store the findings (one with --organization)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--organization", help="only this organisation (its code; every organ of it)")
        parser.add_argument(
            "--as-of", dest="as_of", help="the date to check the law as of (YYYY-MM-DD, default today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError("--as-of: expected a date YYYY-MM-DD", returncode=2) from None
        organizations = Organization.objects.order_by("pk")
        if options["organization"]:
            organizations = organizations.filter(code=options["organization"])
            if not organizations.exists():
                raise CommandError(
                    f"--organization: no organisation with code {options['organization']!r}", returncode=2
                )
        ids = list(organizations.values_list("pk", flat=True))
        progress = Progress(len(ids), sys.stderr)
        started = time.monotonic()
        totals = {"opened": 0, "reopened": 0, "resolved": 0, "active": 0}
        checked = 0
        for _organization, result in recheck_organizations(ids, as_of=as_of, progress=progress.advance):
            checked += 1
            for name in ("opened", "reopened", "resolved"):
                totals[name] += len(getattr(result, name))
            totals["active"] += result.active
        progress.close()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"re-checked {checked} organisation(s) in {elapsed:.1f} s: "
            f"{totals['opened']} opened, {totals['reopened']} reopened, {totals['resolved']} resolved, "
            f"{totals['active']} active"
        )
