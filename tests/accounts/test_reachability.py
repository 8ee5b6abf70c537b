"""Every page a role works on is reachable from its dashboard within two clicks.

The crawl follows the links (``<a href>``) of the dashboard and of every page it links
to, as the user would click, and resolves each to its URL name.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

_HREF = re.compile(r'<a\s[^>]*href="([^"#]*)')


def _reachable(client: Client, start: str, *, clicks: int = 2) -> set[str]:
    """URL names of the pages reached from ``start`` in at most ``clicks`` clicks."""
    seen_paths = {start}
    frontier = [start]
    names: set[str] = set()
    for _click in range(clicks):
        next_frontier = []
        for path in frontier:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for href in _HREF.findall(response.content.decode()):
                target = urlsplit(href.replace("&amp;", "&"))
                if target.netloc or not target.path.startswith("/") or target.path in seen_paths:
                    continue
                try:
                    names.add(resolve(target.path).view_name)
                except Resolver404:
                    continue
                seen_paths.add(target.path)
                next_frontier.append(target.path)
        frontier = next_frontier
    return names


OFFICER_PAGES = {
    "registry:organization",
    "assessments:organization",
    "registry:import",
    "assessments:reminders",
    "accounts:organization_detail",
    "two_factor:profile",
}
REVIEWER_PAGES = {
    "assessments:queue",
    "checks:findings",
    "accounts:organization_list",
    "accounts:organization_detail",
    "assessments:reminders",
    "public:search",
    "law:index",
}
PUBLIC_PAGES = {
    "public:search",
    "assessments:public_comments",
    "law:index",
    "public:statistics",
    "public:open_data",
}


@pytest.mark.parametrize(
    ("role", "dashboard", "expected"),
    [
        ("officer_a", "accounts:officer_dashboard", OFFICER_PAGES),
        ("approver_a", "accounts:officer_dashboard", OFFICER_PAGES),
        ("reviewer", "accounts:commission_dashboard", REVIEWER_PAGES),
        ("commission_admin", "accounts:commission_dashboard", REVIEWER_PAGES | {"admin:index"}),
    ],
)
def test_each_role_reaches_its_pages_from_its_dashboard(
    role: str, dashboard: str, expected: set[str], request: pytest.FixtureRequest, client_for: Any, cast: Any
) -> None:
    user = request.getfixturevalue(role)
    if role == "commission_admin":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    reached = _reachable(client_for(user), reverse(dashboard))
    assert reached >= expected, f"not reachable within two clicks: {sorted(expected - reached)}"


def test_the_public_reaches_its_pages_from_the_home_page(db: None) -> None:
    reached = _reachable(Client(), reverse("public:home"))
    assert reached >= PUBLIC_PAGES, f"not reachable within two clicks: {sorted(PUBLIC_PAGES - reached)}"
