"""How the access matrix (tests/accounts/test_access_policy.py) calls the assessment URLs.

Every object belongs to organisation A (苫小牧市); the officer of B must get 404. The
assessment the shared pages show has been submitted, so commission staff may read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from compliance.assessments import services
from compliance.assessments.models import Assessment
from tests.accounts.url_examples import Example
from tests.assessments import factories


def _affair(cast: Any, **fields: Any) -> Any:
    factories.load_form_definitions()
    return factories.affair_with_file(cast.org_a, persons=5_000, handlers=10, **fields)


def _draft(cast: Any) -> Assessment:
    return factories.draft(_affair(cast), cast.officer_a, level="basic")


def _submitted(cast: Any) -> Assessment:
    return factories.submitted(_draft(cast), cast.officer_a, cast.approver_a)


def _on_comment(cast: Any) -> Assessment:
    affair = _affair(cast, name="全項目の事務")
    assessment = factories.draft(affair, cast.officer_a, level="full")
    today = timezone.localdate()
    return services.comment_period_open(
        assessment=assessment,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=cast.officer_a,
        expected_version=None,
    )


def _comment(cast: Any) -> tuple[Assessment, Any]:
    assessment = _on_comment(cast)
    comment = services.public_comment_submit(assessment=assessment, body="意見です", address="192.0.2.1")
    return assessment, comment


def _scoped(**kwargs: Any) -> Example:
    return Example(kwargs=kwargs, org_scoped=True)


def _moderate(cast: Any) -> Example:
    assessment, comment = _comment(cast)
    return Example(
        kwargs={"pk": assessment.pk, "comment_pk": comment.pk},
        method="post",
        data={"action": "publish"},
        org_scoped=True,
    )


def _reflect(cast: Any) -> Example:
    assessment, comment = _comment(cast)
    return Example(
        kwargs={"pk": assessment.pk, "comment_pk": comment.pk},
        method="post",
        data={"reflection": "反映した"},
        org_scoped=True,
    )


EXAMPLES = {
    "assessments:organization": lambda cast: _scoped(pk=cast.org_a.pk),
    "assessments:create": lambda cast: _scoped(pk=cast.org_a.pk, affair_pk=_affair(cast).pk),
    "assessments:section": lambda cast: _scoped(pk=_draft(cast).pk, form="basic", key="cover"),
    "assessments:comments": lambda cast: _scoped(pk=_on_comment(cast).pk),
    "assessments:comment_moderate": _moderate,
    "assessments:comment_reflect": _reflect,
    "assessments:reassess": lambda cast: _scoped(pk=_draft(cast).pk),
    "assessments:yearly_review": lambda cast: _scoped(pk=_draft(cast).pk),
    "assessments:detail": lambda cast: _scoped(pk=_submitted(cast).pk),
    "assessments:action": lambda cast: _scoped(pk=_submitted(cast).pk, name="start_review"),
    "assessments:review_comment": lambda cast: Example(
        kwargs={"pk": _submitted(cast).pk},
        method="post",
        org_scoped=True,
        data={"form": "basic", "section_key": "cover", "body": "確認します"},
    ),
    "assessments:versions": lambda cast: _scoped(pk=_submitted(cast).pk),
    "assessments:version": lambda cast: _scoped(pk=_submitted(cast).pk, number=1),
    "assessments:diff": lambda cast: _scoped(pk=_submitted(cast).pk),
    "assessments:assign": lambda cast: Example(
        kwargs={"pk": _submitted(cast).pk}, method="post", data={"reviewer": ""}, org_scoped=True
    ),
    "assessments:public_comment": lambda cast: Example(kwargs={"pk": _on_comment(cast).pk}),
}
