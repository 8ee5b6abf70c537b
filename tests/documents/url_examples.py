"""How the access matrix (tests/accounts/test_access_policy.py) calls the documents URLs.

They are ``public`` URLs about the public variant of a *published* version of
organisation A: everyone, anonymous included, gets it (tests/documents/test_views.py
covers the 404s of unpublished versions and of the full variant).
"""

from __future__ import annotations

from typing import Any

from compliance.assessments import services
from compliance.assessments.models import AssessmentVersion
from compliance.assessments.models.versions import VersionKind
from compliance.documents.models import RenderedDocument, RenderState
from tests.accounts.url_examples import Example
from tests.assessments import factories


def _published(cast: Any) -> AssessmentVersion:
    factories.load_form_definitions()
    affair = factories.affair_with_file(cast.org_a, name="文書の事務", persons=5_000, handlers=10)
    assessment = factories.in_review(
        factories.draft(affair, cast.officer_a, level="basic"), cast.officer_a, cast.approver_a, cast.reviewer
    )
    assessment = services.review_accept(
        assessment=assessment, acting_user=cast.reviewer, expected_version=None
    )
    services.assessment_publish(assessment=assessment, acting_user=cast.reviewer, expected_version=None)
    return AssessmentVersion.objects.get(assessment=assessment, kind=VersionKind.PUBLICATION)


def _document(cast: Any) -> RenderedDocument:
    version = _published(cast)
    return RenderedDocument.objects.create(
        version=version, version_sha256=version.sha256, variant="public", format="pdf",
        state=RenderState.DONE, content=b"%PDF-1.7", content_type="application/pdf", size=8,
    )  # fmt: skip


EXAMPLES = {
    "documents:version": lambda cast: Example(kwargs={"pk": _published(cast).pk}),
    "documents:request": lambda cast: Example(
        kwargs={"pk": _published(cast).pk, "variant": "public", "fmt": "docx"}, method="post"
    ),
    "documents:status": lambda cast: Example(kwargs={"pk": _document(cast).pk}),
    "documents:download": lambda cast: Example(kwargs={"pk": _document(cast).pk}),
}
