"""How the access matrix (tests/accounts/test_access_policy.py) calls the checks app's URLs."""

from __future__ import annotations

import datetime as dt

from compliance.checks.models import CatalogRecheck
from compliance.law.models import ChangeSet, ChangeSetKind
from tests.accounts.url_examples import Example


def _recheck() -> CatalogRecheck:
    change_set = ChangeSet.objects.create(
        kind=ChangeSetKind.AMENDMENT, effective_on=dt.date(2026, 4, 1), source="令和8年政令（例）"
    )
    return CatalogRecheck.objects.create(change_set=change_set, as_of=dt.date(2026, 4, 1))


EXAMPLES = {
    "checks:impact_detail": lambda cast: Example(kwargs={"pk": _recheck().pk}),
}
