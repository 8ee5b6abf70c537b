"""How the access matrix (tests/accounts/test_access_policy.py) calls the portal's URLs.

Everything is public: the objects are published assessments of organisation A, readable by
anyone, so none is ``org_scoped``. The declaration endpoint is the one exception: it is POST
only and guards itself (token or two-factor session, officer of the declaring body).
"""

from __future__ import annotations

from typing import Any

from tests.accounts.url_examples import MISSING, Example
from tests.assessments.factories import load_form_definitions


def _published(cast: Any) -> int:
    from tests.public.factories import published

    load_form_definitions()
    return published(cast.org_a).pk


EXAMPLES = {
    "public:assessment": lambda cast: Example(kwargs={"pk": _published(cast)}),
    "public:diff": lambda cast: Example(
        query=f"old={_published(cast)}&new={_published(cast)}",
        expect={
            role: {MISSING}
            for role in ("anonymous", "officer_a", "officer_b", "reviewer", "commission_admin", "outsider")
        },
        reason="two unrelated affairs are not versions of one another: 404 for everyone",
    ),
    "public:organization": lambda cast: Example(kwargs={"pk": cast.org_a.pk}),
    "public:feed_organization": lambda cast: Example(kwargs={"pk": cast.org_a.pk}),
    "public:feed_prefecture": lambda cast: Example(kwargs={"code": "01"}),
    "public:download": lambda cast: Example(kwargs={"dataset": "assessments", "fmt": "csv"}),
    "public:api_assessment": lambda cast: Example(kwargs={"pk": _published(cast)}),
    "public:api_organization": lambda cast: Example(kwargs={"pk": cast.org_a.pk}),
    "public:api_declarations": lambda cast: Example(
        method="post",
        expect={
            "anonymous": {"status 401"},
            **{
                role: {"status 415"}
                for role in ("officer_a", "officer_b", "reviewer", "commission_admin", "outsider")
            },
        },
        reason="POST only, guarded by the API itself: no credentials answer 401 (token challenge); the "
        "matrix posts form data, which a verified session gets refused as 415 (the body is JSON only); a "
        "document declaring no body of the caller's answers 404 (tests/public/test_api.py covers the rest)",
    ),
}
