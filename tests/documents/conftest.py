"""Fixtures of the document tests: frozen versions of 苫小牧市's assessments, built through the services.

The assessment app's fixtures (form definitions, a small catalog, affairs) are reused as they are.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from compliance.assessments import services
from compliance.assessments.models import AssessmentVersion
from compliance.assessments.models.versions import VersionKind
from tests.assessments import factories
from tests.assessments.conftest import _fresh_cache, affair_basic, affair_full, catalog, forms  # noqa: F401


@pytest.fixture
def full_version(affair_full: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:  # noqa: F811
    """A submitted full assessment (様式4), every item answered."""
    assessment = factories.draft(affair_full, officer_a, level="full")
    factories.answer_everything(assessment, officer_a, required_only=False)
    factories.submitted(assessment, officer_a, approver_a)
    return AssessmentVersion.objects.filter(assessment=assessment).latest("number")


@pytest.fixture
def published_version(affair_basic: Any, officer_a: Any, approver_a: Any, reviewer: Any) -> AssessmentVersion:  # noqa: F811
    """A published basic assessment's publication version: its public variant is for anyone."""
    assessment = factories.in_review(
        factories.draft(affair_basic, officer_a, level="basic"), officer_a, approver_a, reviewer
    )
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)
    return AssessmentVersion.objects.get(assessment=assessment, kind=VersionKind.PUBLICATION)


@pytest.fixture
def submitted_version(affair_basic: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:  # noqa: F811
    """A submitted (not published) basic assessment's version: the body's and the commission's only."""
    assessment = factories.submitted(
        factories.draft(affair_basic, officer_a, level="basic"), officer_a, approver_a
    )
    return AssessmentVersion.objects.get(assessment=assessment)


@pytest.fixture
def full_data(full_version: AssessmentVersion) -> dict[str, Any]:
    """The full version's JSON (a fresh copy a test may alter: rendering reads a dict, not the row)."""
    return copy.deepcopy(full_version.data)
