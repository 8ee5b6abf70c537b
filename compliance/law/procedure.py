"""The numbers of the assessment procedure (特定個人情報保護評価指針; docs/domain.md §2.2).

They are fixed by the guideline rather than by the Act's dated rows, so they are constants here,
in one place, for both the procedure (compliance.assessments) and the check rules.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

#: The calendar the procedure's dates are kept in (periods end on a Japanese date).
JAPAN = ZoneInfo("Asia/Tokyo")

#: 指針: a full assessment's public comment (意見聴取) runs 30 days or more, both ends counted,
#: unless a special reason for a shorter period is recorded in the form.
MINIMUM_COMMENT_DAYS = 30

#: 指針: a finished affair's assessment stays published for at least three years, marked 【終了】.
YEARS_PUBLISHED_AFTER_END = 3

#: 特定個人情報保護評価に関する規則第14条: a published assessment is reviewed at least once a year.
REVIEW_INTERVAL_YEARS = 1

#: 特定個人情報保護評価に関する規則第15条: the assessment is redone within five years of its publication.
REASSESSMENT_YEARS = 5

#: 特定個人情報保護評価に関する規則第6条: a serious incident counts for the threshold for a year from
#: the day the body learned of it.
SERIOUS_INCIDENT_YEARS = 1


def today_in_japan() -> dt.date:
    """Today's date in Asia/Tokyo, whatever time zone the process or request is in."""
    return timezone.localdate(timezone=JAPAN)


def comment_days_left(ends_on: dt.date, today: dt.date | None = None) -> int:
    """Days a public comment can still be sent (「残り N 日」): from today to ``ends_on``, both counted.

    On the period's last day it is 1; once the period has ended, 0. ``today`` defaults to
    :func:`today_in_japan`.
    """
    today = today_in_japan() if today is None else today
    return max((ends_on - today).days + 1, 0)
