"""The review queue and the assessment page cost the same number of queries for 3 rows as for 30."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.assessments.models import Assessment, CommentPeriod, Decision, PublicComment, ReviewComment
from compliance.checks.models import StoredFinding
from compliance.registry.models import Affair
from tests.assessments import factories


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _more_submissions(template: Assessment, count: int) -> None:
    """Test set-up: further submitted assessments of other affairs, written in bulk."""
    start = Affair.objects.count()
    affairs = Affair.objects.bulk_create(
        Affair(organization=template.organization, ref=f"q{start + i}", name=f"事務{i}") for i in range(count)
    )
    now = timezone.now()
    Assessment.objects.bulk_create(
        Assessment(
            organization=template.organization,
            affair=affair,
            level="basic",
            state="submitted",
            submitted_at=now,
            open_violations=i % 2,
            assigned_reviewer=template.assigned_reviewer,
        )
        for i, affair in enumerate(affairs)
    )


def test_the_review_queue_costs_the_same_for_3_and_30_rows(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer_client: Client
) -> None:
    submitted = factories.submitted(basic_draft, officer_a, approver_a)
    url = reverse("assessments:queue")
    _more_submissions(submitted, 2)
    few = _queries(reviewer_client, url)
    _more_submissions(submitted, 27)
    assert len(reviewer_client.get(url).context["rows"]) == 30
    assert _queries(reviewer_client, url) == few


def _grow_page(assessment: Assessment, reviewer: Any, count: int) -> None:
    """Test set-up: ``count`` more review comments (each with a reply), public comments, findings, decisions."""
    period = CommentPeriod.objects.get(assessment=assessment)
    base = PublicComment.objects.filter(period=period).count()
    PublicComment.objects.bulk_create(
        PublicComment(period=period, number=base + i + 1, body=f"意見{i}", state="published")
        for i in range(count)
    )
    parents = ReviewComment.objects.bulk_create(
        ReviewComment(
            assessment=assessment,
            author=reviewer,
            form="full",
            section_key="cover",
            item_key="privacy_declaration",
            body=f"指摘{i}",
            from_commission=True,
        )
        for i in range(count)
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(
            assessment=assessment, author=reviewer, form="full", section_key="cover", parent=p, body="返信"
        )
        for p in parents
    )
    now = timezone.now()
    start = StoredFinding.objects.count()
    StoredFinding.objects.bulk_create(
        StoredFinding(
            organization=assessment.organization,
            rule="BASIS-BODY",
            subject=f"affairs/{assessment.affair.ref}x{start + i}",
            severity="warning",
            message_ja="…",
            first_seen=now,
            last_seen=now,
        )
        for i in range(count)
    )
    StoredFinding.objects.bulk_create(
        StoredFinding(
            organization=assessment.organization,
            rule=f"R-{start + i}",
            subject="organization",
            severity="notice",
            message_ja="…",
            first_seen=now,
            last_seen=now,
            state="justified",
            justification="理由",
        )
        for i in range(count)
    )
    Decision.objects.bulk_create(
        Decision(assessment=assessment, kind="start_review", decided_by=reviewer) for _ in range(count)
    )


def test_the_assessment_page_costs_the_same_for_3_and_30_of_everything(
    full_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, client_for: Any
) -> None:
    assessment = factories.in_review(full_draft, officer_a, approver_a, reviewer)
    url = reverse("assessments:detail", args=[assessment.pk])
    for user in (reviewer, officer_a):
        client = client_for(user)
        _grow_page(assessment, reviewer, 3)
        few = _queries(client, url)
        _grow_page(assessment, reviewer, 27)
        assert _queries(client, url) == few, f"query count grows for {user.username}"
    page = client_for(reviewer).get(url).context["page"]
    assert len(page.comments) == 60 and len(page.review_comments) == 120
