"""How the access matrix (tests/accounts/test_access_policy.py) calls the law browser's URLs."""

from __future__ import annotations

from tests.accounts.url_examples import Example
from tests.law.factories import ScheduleRowFactory

EXAMPLES = {
    "law:row_history": lambda cast: Example(kwargs={"key": ScheduleRowFactory(key="row-example").key}),
}
