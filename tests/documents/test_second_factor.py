"""A password alone reads no body's documents: the attack of an officer account without a device.

An officer whose account has no second-factor device logs in with the password (the
login completes and sends them to the set-up); before the gate, that session downloaded
the full variant of an unpublished submission under review. Now every documents URL
answers such a session exactly as it answers an anonymous visitor.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from compliance.documents.models import RenderedDocument, RenderState
from tests.accounts.helpers import post_password
from tests.factories import PASSWORD


def _document(version: Any, variant: str) -> RenderedDocument:
    return RenderedDocument.objects.create(
        version=version, version_sha256=version.sha256, variant=variant, format="pdf",
        state=RenderState.DONE, content=b"%PDF-1.7 secret", content_type="application/pdf", size=15,
    )  # fmt: skip


def _password_only(user: Any, *, keep_device: bool) -> Client:
    """A session that passed the password and not the second factor.

    Without a device, the real login form logs the user in after the password (to send
    them to the set-up). With one, the login form waits for the code, so the session is
    made directly: it is what a session looks like whose device was removed meanwhile.
    """
    client = Client()
    if keep_device:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client
    TOTPDevice.objects.filter(user=user).delete()
    post_password(client, user.username, PASSWORD)
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


@pytest.mark.parametrize("keep_device", [False, True], ids=["without a device", "with a device"])
def test_a_password_only_officer_cannot_read_an_unpublished_submission(
    submitted_version: Any, officer_a: Any, keep_device: bool
) -> None:
    client = _password_only(officer_a, keep_device=keep_device)
    full = _document(submitted_version, "full")
    answers = {
        "version": client.get(reverse("documents:version", kwargs={"pk": submitted_version.pk})),
        "status": client.get(reverse("documents:status", kwargs={"pk": full.pk})),
        "download": client.get(reverse("documents:download", kwargs={"pk": full.pk})),
        "request": client.post(
            reverse("documents:request", kwargs={"pk": submitted_version.pk, "variant": "full", "fmt": "pdf"})
        ),
    }
    assert {name: response.status_code for name, response in answers.items()} == dict.fromkeys(answers, 404)
    assert RenderedDocument.objects.filter(version=submitted_version).count() == 1  # nothing was requested


def test_a_password_only_officer_reads_a_published_version_as_the_public_does(
    published_version: Any, officer_a: Any
) -> None:
    client = _password_only(officer_a, keep_device=False)
    full = _document(published_version, "full")
    public = _document(published_version, "public")
    assert client.get(reverse("documents:download", kwargs={"pk": public.pk})).status_code == 200
    assert client.get(reverse("documents:download", kwargs={"pk": full.pk})).status_code == 404
    page = client.get(reverse("documents:version", kwargs={"pk": published_version.pk})).content.decode()
    assert (
        reverse("documents:request", kwargs={"pk": published_version.pk, "variant": "full", "fmt": "pdf"})
        not in page
    )


def test_the_same_officer_with_the_second_factor_reads_the_submission(
    submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    full = _document(submitted_version, "full")
    response = client_for(officer_a).get(reverse("documents:download", kwargs={"pk": full.pk}))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 secret"
