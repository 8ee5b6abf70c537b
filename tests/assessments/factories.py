"""Building assessments for tests through the services (the only way the product writes them).

Helpers that jump an assessment to a state (``put_in_state``) write the state with the
ORM on purpose: they set up a precondition for the test that follows, the way a
fixture does, and are never used to check behaviour.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.assessments import services
from compliance.assessments.models import Assessment, CommentPeriod
from compliance.assessments.services.common import filled_forms
from compliance.law.models import FormDefinition
from tests.registry import factories as registry

FORMS_YAML = Path(__file__).resolve().parents[2] / "fixtures" / "law" / "forms.yaml"

#: A valid answer per answer type (never a My Number: no twelve-digit run at all).
SAMPLE = {
    "text": "記載例",
    "long_text": "記載例の文章。",
    "integer": 3,
    "date": "2026-04-01",
    "boolean": True,
    "rating": "十分である",
    "checkbox": False,
    "table": [{"変更日": "2026-04-01", "項目": "Ⅰ1.②", "変更前の記載": "旧", "変更後の記載": "新"}],
}


@cache
def _records() -> list[dict[str, Any]]:
    return yaml.safe_load(FORMS_YAML.read_text(encoding="utf-8"))


def load_form_definitions() -> list[FormDefinition]:
    """The shipped form definitions, written into the law tables (idempotent within a test)."""
    if FormDefinition.objects.exists():
        return list(FormDefinition.objects.all())
    rows = []
    for position, record in enumerate(_records()):
        rows.append(
            FormDefinition.objects.create(
                key=record["key"],
                form=record["form"],
                version=str(record["version"]),
                title=record.get("title", ""),
                official_mark=record.get("official_mark", ""),
                sections=record["sections"],
                in_force_from=record["in_force_from"],
                in_force_until=record.get("in_force_until"),
                source=record.get("source", ""),
                position=position,
            )
        )
    return rows


def affair_with_file(
    organization: Organization,
    *,
    name: str = "児童手当の支給に関する事務",
    persons: int,
    handlers: int,
    **fields: Any,
) -> Any:
    affair = registry.affair(organization, name=name, **fields)
    registry.file(organization, [affair], name=f"{name}ファイル", persons=persons, handlers=handlers)
    return affair


def draft(affair: Any, user: Any, *, level: str, number: str = "") -> Assessment:
    return services.assessment_create(
        affair=affair, level=level, acting_user=user, number=number or "評価書1"
    )


def answer_everything(assessment: Assessment, user: Any, *, required_only: bool = True) -> Assessment:
    """Answer every unanswered item the officer may type (the required ones by default), with a valid value."""
    original = assessment
    assessment.refresh_from_db()
    _facts, forms = filled_forms(assessment)
    for form in forms:
        values = {}
        for key, item in form.spec.items.items():
            if key in form.filled or key in form.answers or (required_only and not item.required):
                continue
            if key in form.suggested:
                values[key] = form.suggested[key]  # the officer confirms the registry's suggestion
            elif item.answerable:
                values[key] = item.choices[0] if item.answer_type == "choice" else SAMPLE[item.answer_type]
        if values:
            assessment = services.answers_save(
                assessment=assessment, form=form.form, values=values, acting_user=user, expected_version=None
            )
    original.refresh_from_db()
    return original


def put_in_state(assessment: Assessment, state: str, **fields: Any) -> Assessment:
    """Test set-up only: move an assessment to ``state`` without the procedure (see module docstring)."""
    Assessment.objects.filter(pk=assessment.pk).update(state=state, **fields)
    assessment.refresh_from_db()
    return assessment


def with_period(
    assessment: Assessment, *, starts_on: dt.date | None = None, days: int = 30, **fields: Any
) -> CommentPeriod:
    """Test set-up only: a comment period (for states past ``comment_open``)."""
    start = starts_on or timezone.localdate()
    return CommentPeriod.objects.create(
        assessment=assessment, starts_on=start, ends_on=start + dt.timedelta(days=days - 1), **fields
    )


def let_period_pass(assessment: Assessment) -> None:
    """Test set-up only: the comment period lies in the past (30 days, ending yesterday)."""
    today = timezone.localdate()
    CommentPeriod.objects.filter(assessment=assessment).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1)
    )


def through_comment(assessment: Assessment, officer: Any) -> Assessment:
    """Open a 30-day comment period, let it pass, close it."""
    today = timezone.localdate()
    assessment = services.comment_period_open(
        assessment=assessment,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer,
        expected_version=None,
    )
    let_period_pass(assessment)
    return services.comment_period_close(assessment=assessment, acting_user=officer)


def submitted(assessment: Assessment, officer: Any, approver: Any) -> Assessment:
    """Answer, go through the track's steps and submit (the first version is frozen)."""
    assessment = answer_everything(assessment, officer)
    if assessment.level == "full":
        assessment = through_comment(assessment, officer)
        if assessment.track in ("full_local", "full_other"):
            assessment = services.third_party_review_record(
                assessment=assessment,
                reviewed_on=timezone.localdate(),
                method="個人情報保護審議会への諮問",
                result="適当である旨の答申を得た。",
                acting_user=officer,
                expected_version=None,
            )
    return services.assessment_submit(assessment=assessment, acting_user=approver, expected_version=None)


def in_review(assessment: Assessment, officer: Any, approver: Any, reviewer: Any) -> Assessment:
    assessment = submitted(assessment, officer, approver)
    return services.review_start(assessment=assessment, acting_user=reviewer, expected_version=None)
