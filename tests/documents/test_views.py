"""The documents pages: who may get which variant, the htmx status partial, downloads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.documents.models import RenderedDocument, RenderState


def _document(version: Any, variant: str, fmt: str = "pdf", **fields: Any) -> RenderedDocument:
    defaults = {
        "state": RenderState.DONE,
        "content": b"%PDF-1.7 test",
        "content_type": "application/pdf",
        "size": 13,
    }
    return RenderedDocument.objects.create(
        version=version, version_sha256=version.sha256, variant=variant, format=fmt, **{**defaults, **fields}
    )


def _download(client: Client, document: RenderedDocument) -> int:
    return client.get(reverse("documents:download", kwargs={"pk": document.pk})).status_code


def test_anyone_downloads_the_public_variant_of_a_published_version(published_version: Any) -> None:
    response = Client().get(
        reverse("documents:download", kwargs={"pk": _document(published_version, "public").pk})
    )
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 test"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_full_variant_of_a_published_version_is_not_found_for_the_public(
    published_version: Any, officer_b: Any, client_for: Any
) -> None:
    document = _document(published_version, "full")
    assert _download(Client(), document) == 404
    assert _download(client_for(officer_b), document) == 404


@pytest.mark.parametrize("user", ["officer_a", "reviewer", "commission_admin"])
def test_the_body_and_the_commission_download_the_full_variant(
    submitted_version: Any, user: str, request: pytest.FixtureRequest, client_for: Any
) -> None:
    client = client_for(request.getfixturevalue(user))
    assert _download(client, _document(submitted_version, "full")) == 200


@pytest.mark.parametrize("user", ["officer_b", "outsider", None])
def test_an_unpublished_version_is_not_found_for_anyone_else(
    submitted_version: Any, user: str | None, request: pytest.FixtureRequest, client_for: Any
) -> None:
    client = client_for(request.getfixturevalue(user)) if user else Client()
    document = _document(submitted_version, "public")
    assert _download(client, document) == 404
    assert client.get(reverse("documents:version", kwargs={"pk": submitted_version.pk})).status_code == 404
    assert client.get(reverse("documents:status", kwargs={"pk": document.pk})).status_code == 404
    url = reverse("documents:request", kwargs={"pk": submitted_version.pk, "variant": "public", "fmt": "pdf"})
    assert client.post(url).status_code == 404
    assert RenderedDocument.objects.count() == 1


def test_the_public_may_not_ask_for_the_full_variant(published_version: Any) -> None:
    url = reverse("documents:request", kwargs={"pk": published_version.pk, "variant": "full", "fmt": "pdf"})
    assert Client().post(url).status_code == 404
    assert not RenderedDocument.objects.exists()


def test_the_page_offers_only_the_variants_the_user_may_read(
    published_version: Any, client_for: Any, officer_a: Any
) -> None:
    url = reverse("documents:version", kwargs={"pk": published_version.pk})
    anonymous = Client().get(url).content.decode()
    assert 'data-testid="make-public-pdf"' in anonymous and 'data-testid="make-full-pdf"' not in anonymous
    officer = client_for(officer_a).get(url).content.decode()
    assert 'data-testid="make-full-pdf"' in officer and 'data-testid="make-public-docx"' in officer


def test_the_status_partial_polls_while_the_document_renders(
    submitted_version: Any, officer_a_client: Client
) -> None:
    document = _document(submitted_version, "full", state=RenderState.RUNNING, content=None, attempts=2)
    html = officer_a_client.get(reverse("documents:status", kwargs={"pk": document.pk})).content.decode()
    assert 'data-hx-trigger="every 2s"' in html
    assert "<progress" in html
    assert "download" not in html


def test_the_status_partial_offers_the_download_when_ready(
    submitted_version: Any, officer_a_client: Client
) -> None:
    document = _document(submitted_version, "full")
    html = officer_a_client.get(reverse("documents:status", kwargs={"pk": document.pk})).content.decode()
    assert reverse("documents:download", kwargs={"pk": document.pk}) in html
    assert "hx-trigger" not in html


def test_the_status_partial_shows_a_failure_and_offers_to_try_again(
    submitted_version: Any, officer_a_client: Client
) -> None:
    document = _document(
        submitted_version,
        "full",
        state=RenderState.FAILED,
        content=None,
        error="時間内に作成できませんでした。",
    )
    html = officer_a_client.get(reverse("documents:status", kwargs={"pk": document.pk})).content.decode()
    assert "作成に失敗しました。" in html and "時間内に作成できませんでした。" in html
    assert "hx-trigger" not in html
    assert (
        reverse("documents:request", kwargs={"pk": submitted_version.pk, "variant": "full", "fmt": "pdf"})
        in html
    )


def test_asking_with_htmx_renders_and_answers_the_status_partial(
    submitted_version: Any, officer_a_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("documents:request", kwargs={"pk": submitted_version.pk, "variant": "full", "fmt": "docx"})
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_a_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="document-status"' in response.content.decode()
    document = RenderedDocument.objects.get()
    assert document.state == RenderState.DONE
    download = officer_a_client.get(reverse("documents:download", kwargs={"pk": document.pk}))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Cache-Control"] == "private, no-store"


def test_an_unknown_variant_or_format_is_not_found(published_version: Any) -> None:
    url = reverse("documents:request", kwargs={"pk": published_version.pk, "variant": "secret", "fmt": "pdf"})
    assert Client().post(url).status_code == 404
