"""How the access matrix (tests/accounts/test_access_policy.py) calls the law browser's URLs."""

from __future__ import annotations

import datetime as dt

from compliance.law.models import ChangeSet, ChangeSetKind
from tests.accounts.url_examples import Example
from tests.law.factories import ScheduleRowFactory


def _change_set() -> ChangeSet:
    return ChangeSet.objects.create(
        kind=ChangeSetKind.AMENDMENT, effective_on=dt.date(2026, 4, 1), source="令和8年政令（例）"
    )


EXAMPLES = {
    "law:row_history": lambda cast: Example(kwargs={"key": ScheduleRowFactory(key="row-example").key}),
    "law:change_set_detail": lambda cast: Example(kwargs={"pk": _change_set().pk}),
    # A confirmation without a preview: the page says there is nothing to apply (and writes nothing).
    "law:change_set_apply": lambda cast: Example(method="post", data={"token": "no-such-preview"}),
}
