"""Frozen versions: immutable by every path, hashed, diffable, with a public variant."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.db.models.deletion import ProtectedError

from compliance.assessments import services
from compliance.assessments.diff import document_diff
from compliance.assessments.models import (
    Assessment,
    AssessmentVersion,
    FrozenVersionError,
    canonical_json,
    sha256_of,
)
from compliance.assessments.version_document import public_document
from tests.assessments import factories


@pytest.fixture
def version(basic_draft: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:
    factories.submitted(basic_draft, officer_a, approver_a)
    return AssessmentVersion.objects.get(assessment=basic_draft)


def test_the_hash_is_the_sha256_of_the_canonical_json(version: AssessmentVersion) -> None:
    assert version.sha256 == sha256_of(canonical_json(json.loads(version.document)))
    assert version.document == canonical_json(version.data)


def test_saving_a_changed_version_is_refused(version: AssessmentVersion) -> None:
    version.document = version.document.replace("予防接種", "改ざん")
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        version.save(update_fields=["document"])
    assert AssessmentVersion.objects.get(pk=version.pk).hash_is_intact()


def test_deleting_a_version_is_refused(version: AssessmentVersion) -> None:
    with pytest.raises(FrozenVersionError):
        version.delete()
    assert AssessmentVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.parametrize(
    "attempt",
    [
        lambda qs: qs.update(document="{}"),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["document"]),
        lambda qs: qs.update_or_create(pk=qs[0].pk, defaults={"document": "{}"}),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_queryset_writes_are_refused(version: AssessmentVersion, attempt: Any) -> None:
    with pytest.raises(FrozenVersionError):
        attempt(AssessmentVersion.objects.filter(pk=version.pk))
    assert AssessmentVersion.objects.get(pk=version.pk).document == version.document


def test_a_version_whose_hash_does_not_match_cannot_be_written(basic_draft: Any) -> None:
    with pytest.raises(FrozenVersionError):
        AssessmentVersion(
            assessment=basic_draft, number=9, kind="submission", document="{}", sha256="0" * 64
        ).save()


def test_deleting_the_assessment_cannot_take_its_versions_with_it(version: AssessmentVersion) -> None:
    with pytest.raises(ProtectedError), transaction.atomic():
        Assessment.objects.filter(pk=version.assessment_id).delete()
    assert AssessmentVersion.objects.filter(pk=version.pk).exists()


def test_no_service_changes_a_frozen_version(
    version: AssessmentVersion, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    """Every service the views call, run on the submitted assessment: the frozen text stays."""
    before = (version.document, version.sha256)
    assessment = version.assessment
    assessment = services.review_start(assessment=assessment, acting_user=reviewer, expected_version=None)
    services.review_comment_add(
        assessment=assessment,
        acting_user=reviewer,
        body="根拠を補足してください。",
        form="basic",
        section_key="related_information",
        item_key="affair_content",
    )
    assessment = services.review_request_changes(
        assessment=assessment, reasons="事務の概要を具体的に。", acting_user=reviewer, expected_version=None
    )
    services.answers_save(
        assessment=assessment,
        form="basic",
        values={"affair_content": "予防接種の対象者の確認と記録。"},
        acting_user=officer_a,
        expected_version=None,
    )
    services.assessment_number_set(
        assessment=assessment, number="評価書2", acting_user=officer_a, expected_version=None
    )
    assessment = services.assessment_resubmit(
        assessment=assessment, acting_user=approver_a, expected_version=None
    )
    assessment = services.review_start(assessment=assessment, acting_user=reviewer, expected_version=None)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    assessment = services.assessment_publish(
        assessment=assessment, acting_user=reviewer, expected_version=None
    )
    services.yearly_review_record(
        assessment=assessment, reviewed_on=assessment.published_on, acting_user=officer_a
    )
    services.reassessment_start(assessment=assessment, reason="voluntary", acting_user=officer_a)
    fresh = AssessmentVersion.objects.get(pk=version.pk)
    assert (fresh.document, fresh.sha256) == before
    assert [v.number for v in AssessmentVersion.objects.filter(assessment=assessment)] == [1, 2, 3]


def _two_versions(basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any) -> tuple[Any, Any]:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_request_changes(
        assessment=assessment, reasons="所属長の役職名を正確に。", acting_user=reviewer, expected_version=None
    )
    services.answers_save(
        assessment=assessment,
        form="basic",
        values={"department_head": "健康推進課長"},
        acting_user=officer_a,
        expected_version=None,
    )
    services.assessment_resubmit(assessment=assessment, acting_user=approver_a, expected_version=None)
    first, second = AssessmentVersion.objects.filter(assessment=assessment).order_by("number")
    return first, second


def test_the_diff_names_the_section_the_item_and_both_values(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    first, second = _two_versions(basic_draft, officer_a, approver_a, reviewer)
    diff = document_diff(first.data, second.data)
    assert [(s.form, s.key) for s in diff.sections] == [("basic", "related_information")]
    change = diff.sections[0].changes[0]
    assert (change.label, change.old, change.new) == (
        "所属長の役職名",
        "記載例",
        "健康推進課長",
    )
    assert diff.sections[0].title == "Ⅰ 関連情報"
    assert ("insert", "健康推進課長") in change.segments()


def test_the_diff_of_a_version_with_itself_is_empty(version: AssessmentVersion) -> None:
    assert document_diff(version.data, version.data).is_empty


def test_the_diff_reports_registry_changes(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    first, second = _two_versions(basic_draft, officer_a, approver_a, reviewer)
    changed = json.loads(second.document)
    changed["registry"]["files"][0]["persons"] = 6_000
    diff = document_diff(first.data, changed)
    assert any(c.key.endswith(".persons") and c.old == "5000" and c.new == "6000" for c in diff.registry)


def test_the_public_version_withholds_security_sensitive_items(
    full_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    factories.submitted(full_draft, officer_a, approver_a)
    document = AssessmentVersion.objects.get(assessment=full_draft).data
    full = next(f for f in document["forms"] if f["form"] == "full")
    assert "storage_place" in full["answers"]
    public = next(f for f in public_document(document)["forms"] if f["form"] == "full")
    assert "storage_place" not in public["answers"] and "network_r2_measures" not in public["answers"]
    assert "storage_place" in public["withheld"]
    assert "affair_name" in public["answers"]


def test_a_public_diff_never_shows_a_withheld_item(full_draft: Any, officer_a: Any, approver_a: Any) -> None:
    factories.submitted(full_draft, officer_a, approver_a)
    old = AssessmentVersion.objects.get(assessment=full_draft).data
    new = json.loads(json.dumps(old))
    new["version"]["number"] = 2
    next(f for f in new["forms"] if f["form"] == "full")["answers"]["storage_place"] = "本庁舎地下2階サーバ室"
    assert document_diff(old, new).sections
    assert document_diff(old, new, public=True).is_empty


@pytest.mark.postgres
def test_the_database_itself_refuses_to_change_a_version(version: AssessmentVersion) -> None:
    from django.db import DatabaseError, connection

    for sql in (
        "UPDATE assessments_assessmentversion SET document = '{}' WHERE id = %s",
        "DELETE FROM assessments_assessmentversion WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [version.pk])
    assert AssessmentVersion.objects.get(pk=version.pk).hash_is_intact()
