"""Every page can be found by clicking (issue 14, "Done when"): a crawl of the links, as each demo user.

The demo of ``make run`` (``load_demo``), plus the moments of the procedure a fresh demo does
not show at once (a submission waiting for review, an open comment period, a change of the
law), is crawled with the test client, following what a person can click: links, GET forms
(the search box) and the feeds' ``<link rel="alternate">``. From each role's dashboard — the
public's home page — every page that role works on must be found within two clicks; and every
page of the product (each named URL of the resolver that is neither API, nor a POST action, nor
a fragment; :data:`NOT_PAGES` says why the others are left out) must be found by some role.

Which pages a role works on is derived from the access table (compliance/accounts/access.py):
the pages of the role's level and of the levels below it that a member of that role can open,
minus the documented :data:`NOT_WORK_PAGES`.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from compliance.accounts.access import ADMIN, AUTHENTICATED, OFFICER, PUBLIC, REVIEWER, iter_routes
from compliance.accounts.models import User
from tests.assessments.demo_data import load_demo
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

#: Named URLs that are not pages a person opens by clicking, and why.
NOT_PAGES: dict[str, str] = {
    # POST-only actions: buttons on the pages the crawl reaches.
    "set_language": "POST: the language switch in every page's header",
    "accounts:logout": "POST: ログアウト in the header",
    "registry:entry_delete": "POST: the confirmation's 削除する",
    "registry:finding_answer": "POST: the answer form beside each finding",
    "registry:import_apply": "POST: この内容で取り込む after the preview",
    "law:change_set_apply": "POST: この内容で適用する after the change set's preview",
    "assessments:comment_moderate": "POST: buttons of the comments page",
    "assessments:comment_reflect": "POST: the reflection form of the comments page",
    "assessments:review_comment": "POST: the reviewer's comment form on a section",
    "assessments:assign": "POST: the queue's assignment form",
    "documents:request": "POST: 作成する on the documents page",
    # Fragments and embedded resources: parts of pages, not pages.
    "registry:schedule_rows": "htmx fragment: the schedule search of the affair form",
    "registry:schedule_row_pick": "htmx fragment: picking a schedule row in the affair form",
    "registry:organization_diagram": "SVG embedded in the registry page (checked there as <img>/<object>)",
    "registry:affair_diagram": "SVG embedded in the affair page",
    "documents:status": "htmx fragment: polled while a document is being made",
    "documents:download": "a file, linked once a document is made (tests/documents/test_browser*.py)",
    "two_factor:qr": "image embedded in the second-factor set-up",
    # Steps of flows that begin with a form and go on by e-mail or by the form's answer.
    "accounts:password_reset_done": "the answer to the reset form's POST",
    "accounts:password_reset_confirm": "the link in the reset e-mail",
    "two_factor:setup": "where a user without a second factor is sent; the demo users have one",
    "two_factor:setup_complete": "the answer to the set-up form",
    # The open data files and the feeds are files, found on the open-data page and in <head>.
    "public:download": "a file (CSV/JSON) listed on the open-data page",
    # The Atom feeds (routes ending in .atom) are left out by their route: files, linked in <head>.
}

#: Pages of a role's level that the role does not work on, and why.
NOT_WORK_PAGES: dict[str, dict[str, str]] = {
    "officer": {
        "accounts:organization_list": "the commission's list of every body; an officer's bodies are on its dashboard"
    },
    "approver": {"accounts:organization_list": "as for the officer"},
}


def _is_api(route: Any) -> bool:
    """The JSON API and its schema (the readable API documentation, ``api_docs``, is a page)."""
    return route.route.startswith("api/") and route.full_name != "public:api_docs"


def product_pages() -> dict[str, str]:
    """Every named page of the product with its access level: the resolver minus API, feeds, NOT_PAGES.

    The Django admin site counts once, by its index (its own navigation leads on from there).
    """
    pages = {}
    for route in iter_routes():
        name = route.full_name
        if name is None or _is_api(route) or name in NOT_PAGES or route.route.endswith(".atom"):
            continue
        if route.namespace.startswith("admin") and name != "admin:index":
            continue
        assert route.level is not None, f"{name} has no access level"
        pages[name] = route.level
    return pages


class _Links(HTMLParser):
    """What a person can click on a page: links, GET forms, and the feeds in the head."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.targets.append(attributes["href"] or "")
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self.targets.append(attributes.get("action") or "")
        elif tag == "link" and attributes.get("rel") == "alternate" and attributes.get("href"):
            self.targets.append(attributes["href"] or "")
        elif tag in ("img", "object") and (attributes.get("src") or attributes.get("data")):
            self.targets.append(attributes.get("src") or attributes.get("data") or "")


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


class Crawl:
    """Breadth-first over in-site links, as one client; a few pages per URL name (they share templates)."""

    PER_NAME = 8

    def __init__(self, client: Client, start: str) -> None:
        self.client = client
        self.start = start
        self.depth: dict[str, int] = {}  # URL name -> fewest clicks from the start page
        self.fetched: dict[str, int] = {}
        self.seen: set[str] = set()
        self.broken: list[str] = []

    def _fetch(self, url: str, source: str = "") -> tuple[str, str | None, str]:
        response = self.client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        if response.status_code >= 400:
            self.broken.append(f"{url} → {response.status_code} (linked from {source})")
        content_type = response.get("Content-Type", "")
        body = response.content.decode() if content_type.startswith("text/html") else ""
        return final, _name(final), body

    def run(self, max_depth: int | None) -> Crawl:
        _final, name, body = self._fetch(self.start)
        self.depth[name or self.start] = 0
        queue: deque[tuple[str, int]] = deque([(self.start, 0)])
        bodies = {self.start: body}
        while queue:
            url, depth = queue.popleft()
            body = bodies.pop(url)
            for target in self._targets(url, body):
                path = urlsplit(target)
                key = path.path + ("?" + path.query if path.query else "")
                if key in self.seen:
                    continue
                self.seen.add(key)
                name = _name(path.path)
                if name is None:
                    continue
                self.depth.setdefault(name, depth + 1)
                if max_depth is not None and depth + 1 >= max_depth:
                    continue
                if name not in PAGE_NAMES or self.fetched.get(name, 0) >= self.PER_NAME:
                    continue
                self.fetched[name] = self.fetched.get(name, 0) + 1
                _final, final_name, next_body = self._fetch(key, url)
                if final_name and final_name != name:
                    self.depth.setdefault(final_name, depth + 1)
                bodies[key] = next_body
                queue.append((key, depth + 1))
        return self

    @staticmethod
    def _targets(url: str, body: str) -> Iterable[str]:
        parser = _Links()
        parser.feed(body)
        for href in parser.targets:
            absolute = urljoin("http://testserver" + url, href)
            parts = urlsplit(absolute)
            if parts.netloc == "testserver" and parts.scheme in ("http", "https"):
                yield parts.path + ("?" + parts.query if parts.query else "")


PAGE_NAMES = set(product_pages())


def _the_procedure_in_motion() -> None:
    """What the demo does not show at once: a submission in the queue, an open period, a change of the law."""
    from compliance.accounts.models import Organization
    from compliance.assessments import services
    from tests.assessments import factories
    from tests.checks.url_examples import _recheck

    city = Organization.objects.get(code="012131")
    officer = User.objects.get(username="demo-officer")
    approver = User.objects.get(username="demo-approver")
    today = timezone.localdate()
    commented = factories.affair_with_file(
        city, name="児童手当の支給に関する事務", persons=350_000, handlers=120
    )
    services.comment_period_open(
        assessment=factories.draft(commented, officer, level="full"),
        starts_on=today, ends_on=today + dt.timedelta(days=29), acting_user=officer, expected_version=None,
    )  # fmt: skip
    # A resubmission waits for review: the reviewer compares it with the first submission.
    waiting = factories.affair_with_file(city, name="予防接種の実施に関する事務", persons=5_000, handlers=10)
    reviewer = User.objects.get(username="demo-reviewer")
    sent_back = services.review_request_changes(
        assessment=factories.in_review(factories.draft(waiting, officer, level="basic"), officer, approver, reviewer),
        reasons="実施体制を補ってください。", acting_user=reviewer, expected_version=None,
    )  # fmt: skip
    services.assessment_resubmit(assessment=sent_back, acting_user=approver, expected_version=None)
    unfinished = factories.affair_with_file(
        city, name="健康診査の実施に関する事務", persons=3_000, handlers=8
    )
    factories.draft(unfinished, officer, level="basic")
    _recheck()


@pytest.fixture
def demo(db: None) -> None:
    load_demo()
    _the_procedure_in_motion()


ROLES = {
    "officer": "demo-officer",
    "approver": "demo-approver",
    "reviewer": "demo-reviewer",
    "commission administrator": "demo-admin",
    "public": None,
}


def _client(username: str | None) -> Client:
    return Client() if username is None else verified_client(User.objects.get(username=username))


#: The levels of the access table whose pages each role works on.
LEVELS = {
    "officer": {OFFICER, AUTHENTICATED},
    "approver": {OFFICER, AUTHENTICATED},
    "reviewer": {REVIEWER, AUTHENTICATED},
    "commission administrator": {ADMIN, REVIEWER, AUTHENTICATED},
    "public": {PUBLIC},
}


def work_pages(role: str) -> set[str]:
    excluded = NOT_WORK_PAGES.get(role, {})
    return {name for name, level in product_pages().items() if level in LEVELS[role] and name not in excluded}


def test_every_page_is_found_by_clicking_and_each_role_finds_its_pages_within_two_clicks(demo: None) -> None:
    reached: dict[str, dict[str, int]] = {}
    problems = []
    for role, username in ROLES.items():
        start = "/" if username is None else "/accounts/dashboard/"
        crawl = Crawl(_client(username), start).run(max_depth=None)
        reached[role] = crawl.depth
        problems += [f"{role}: broken link {line}" for line in crawl.broken]
        far = sorted(name for name in work_pages(role) if crawl.depth.get(name, 99) > 2)
        problems += [
            f"{role}: {name} is not within two clicks of the dashboard"
            f" ({f'{crawl.depth[name]} clicks' if name in crawl.depth else 'not found at all'})"
            for name in far
        ]
    found_by_someone = set().union(*(depths.keys() for depths in reached.values()))
    problems += [
        f"{name} is linked from nowhere a demo user can click (only by typing its URL)"
        for name in sorted(set(product_pages()) - found_by_someone)
    ]
    assert not problems, "\n".join(problems)


def test_the_crawl_knows_every_route() -> None:
    """A new URL is either a page the crawl must find or a documented NOT_PAGES entry (no stale entries)."""
    names = {route.full_name for route in iter_routes() if route.full_name}
    assert set(NOT_PAGES) <= names, f"stale NOT_PAGES entries: {sorted(set(NOT_PAGES) - names)}"
    for role, excluded in NOT_WORK_PAGES.items():
        assert set(excluded) <= set(product_pages()), f"stale NOT_WORK_PAGES[{role!r}]"
    assert {"registry:organization", "assessments:section", "public:search", "checks:findings"} <= set(
        product_pages()
    )
