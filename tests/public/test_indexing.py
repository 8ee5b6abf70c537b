"""Keeping the index in step with publication, and rebuilding it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from compliance.assessments import services
from compliance.assessments.models import AssessmentVersion
from compliance.public.indexing import search_index_version
from compliance.public.models import PublicFinding, SearchDocument
from tests.assessments import factories
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db


def test_publishing_through_the_workflow_indexes_the_public_version(
    org_a, officer_a, approver_a, reviewer, django_capture_on_commit_callbacks
) -> None:
    affair = factories.affair_with_file(org_a, name="税務に関する事務", persons=5_000, handlers=10)
    assessment = factories.in_review(
        factories.draft(affair, officer_a, level="basic"), officer_a, approver_a, reviewer
    )
    assert not SearchDocument.objects.exists()  # a submission is not public
    accepted = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_publish(assessment=accepted, acting_user=reviewer, expected_version=None)
    row = SearchDocument.objects.get()
    assert row.assessment_id == assessment.pk
    assert row.title == "税務に関する事務"
    assert "|税務|" in row.bigrams


def test_a_submission_version_is_never_indexed(org_a) -> None:
    assessment = published(org_a, state="submitted", index=False)
    version = AssessmentVersion.objects.get(assessment=assessment)
    assert search_index_version(version=version) is None
    assert not SearchDocument.objects.exists()


def test_indexing_twice_keeps_one_row(org_a) -> None:
    assessment = published(org_a, findings=[finding()])
    search_index_version(version=AssessmentVersion.objects.get(assessment=assessment))
    assert SearchDocument.objects.count() == 1
    assert PublicFinding.objects.count() == 1


def test_the_reindex_command_rebuilds_every_published_assessment(org_a, org_b) -> None:
    published(org_a, findings=[finding()], index=False)
    published(org_b, index=False)
    published(org_b, state="draft", index=False)
    call_command("reindex_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchDocument.objects.count() == 2
    assert PublicFinding.objects.count() == 1
