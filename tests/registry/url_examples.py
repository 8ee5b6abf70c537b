"""How the access matrix (tests/accounts/test_access_policy.py) calls the registry's URLs.

Every page names an object of organisation A, so officer B must get 404.
"""

from __future__ import annotations

from django.utils import timezone

from compliance.checks.models import StoredFinding
from tests.accounts.url_examples import Example
from tests.registry import factories


def _finding(cast):
    now = timezone.now()
    return StoredFinding.objects.create(
        organization=cast.org_a, rule="SEC-TWO-FACTOR", subject="terminals/t1", severity="warning",
        citation="番号法第12条", message_ja="…", first_seen=now, last_seen=now,
    )  # fmt: skip


def _org(cast, **extra):
    return {"pk": cast.org_a.pk, **extra}


EXAMPLES = {
    "registry:organization": lambda cast: Example(kwargs=_org(cast), org_scoped=True),
    "registry:affair": lambda cast: Example(
        kwargs=_org(cast, affair_pk=factories.affair(cast.org_a).pk), org_scoped=True
    ),
    "registry:organization_diagram": lambda cast: Example(kwargs=_org(cast), org_scoped=True),
    "registry:affair_diagram": lambda cast: Example(
        kwargs=_org(cast, affair_pk=factories.affair(cast.org_a).pk), org_scoped=True
    ),
    "registry:entry_create": lambda cast: Example(kwargs=_org(cast, kind="terminals"), org_scoped=True),
    "registry:entry_edit": lambda cast: Example(
        kwargs=_org(cast, kind="terminals", entry_pk=factories.terminal(cast.org_a).pk), org_scoped=True
    ),
    "registry:entry_delete": lambda cast: Example(
        kwargs=_org(cast, kind="terminals", entry_pk=factories.terminal(cast.org_a).pk),
        method="post",
        data={"version": "1"},
        org_scoped=True,
    ),
    "registry:finding_answer": lambda cast: Example(
        kwargs=_org(cast, finding_pk=_finding(cast).pk),
        method="post",
        data={"answer": "justified", "reason": "施錠した部屋で生体認証"},
        org_scoped=True,
    ),
    "registry:import": lambda cast: Example(kwargs=_org(cast), org_scoped=True),
    "registry:import_apply": lambda cast: Example(
        kwargs=_org(cast), method="post", data={"token": "no-such-preview"}, org_scoped=True
    ),
    "registry:export": lambda cast: Example(kwargs=_org(cast), org_scoped=True),
    "registry:schedule_rows": lambda cast: Example(
        kwargs=_org(cast), query="q=%E5%85%90%E7%AB%A5", org_scoped=True
    ),
    "registry:schedule_row_pick": lambda cast: Example(kwargs=_org(cast), query="key=none", org_scoped=True),
}
