"""Commission administrators issue officers' API tokens in the admin site, as docs/open-data.md tells them."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_a_commission_administrator_reaches_the_token_pages_and_issues_a_token(
    commission_admin, officer_a
) -> None:
    client = verified_client(commission_admin)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 200
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 200
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": officer_a.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Token.objects.filter(user=officer_a).exists()


def test_an_officer_does_not_reach_the_token_pages(officer_a) -> None:
    assert verified_client(officer_a).get("/admin/authtoken/tokenproxy/").status_code in (302, 403)
