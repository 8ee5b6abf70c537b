"""Run the daily jobs once (and, with ``--daily``, again every day) without a broker.

With ``REDIS_URL`` Celery beat schedules these jobs (settings ``CELERY_BEAT_SCHEDULE``). The
embedded default has no beat: ``make run`` calls this command before ``runserver`` and keeps
``run_scheduled_jobs --daily`` (which waits for each new day, then runs them) beside the server; a deployment without Celery runs it once a day from cron or a systemd
timer. Each job is safe to run twice: a closed period is not closed again, a reminder that
reached someone is never sent again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from compliance.assessments import tasks

#: The daily jobs, in the order beat runs them (00:15 closing, 07:00 reminders).
DAILY_JOBS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("close_expired_comment_periods", tasks.close_expired_comment_periods),
    ("send_reminders", tasks.send_reminders),
)


def run_daily_jobs() -> dict[str, Any]:
    """Each daily job once, in-process (never through a broker); returns what each did."""
    return {name: job() for name, job in DAILY_JOBS}


class Command(BaseCommand):
    help = "Runs the daily jobs (closing expired comment periods, reminders) once; with --daily, at each new day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--daily",
            action="store_true",
            help="keep running: the jobs at each new day (not now: run the command without it first)",
        )
        parser.add_argument(
            "--check-every",
            type=int,
            default=300,
            metavar="SECONDS",
            help="with --daily: how often to look at the date",
        )

    def handle(self, *args: Any, daily: bool = False, check_every: int = 300, **options: Any) -> None:
        if not daily:
            self._run()
            return
        last = timezone.localdate()
        while True:
            time.sleep(max(check_every, 1))
            if timezone.localdate() != last:
                last = timezone.localdate()
                self._run()

    def _run(self) -> None:
        done = run_daily_jobs()
        closed = done["close_expired_comment_periods"]
        self.stdout.write(
            f"Scheduled jobs ({timezone.localdate().isoformat()}): "
            f"{len(closed)} comment period(s) closed, {done['send_reminders']} reminder(s) sent."
        )
