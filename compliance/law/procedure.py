"""The numbers of the assessment procedure (特定個人情報保護評価指針; docs/domain.md §2.2).

They are fixed by the guideline rather than by the Act's dated rows, so they are constants here,
in one place, for both the procedure (compliance.assessments) and the check rules.
"""

from __future__ import annotations

#: 指針: a full assessment's public comment (意見聴取) runs 30 days or more, both ends counted,
#: unless a special reason for a shorter period is recorded in the form.
MINIMUM_COMMENT_DAYS = 30

#: 指針: a finished affair's assessment stays published for at least three years, marked 【終了】.
YEARS_PUBLISHED_AFTER_END = 3
