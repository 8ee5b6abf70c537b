"""Browser fixtures for the assessment journey: a logged-in page per person (Chromium settings: tests/conftest.py).

Logging in through the two-factor form is tested in tests/browser/test_login.py; here
each person gets a browser context carrying a session that passed the second factor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page

from tests.conftest import verified_client


@pytest.fixture
def page_for(
    browser: Browser, browser_context_args: dict[str, Any], live_server: Any
) -> Iterator[Callable[..., Page]]:
    contexts = []

    def open_page(user: Any = None) -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        if user is not None:
            session = verified_client(user).cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
