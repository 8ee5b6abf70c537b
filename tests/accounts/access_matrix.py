"""Calling any URL of the resolver as a test would: shared by the access matrix and the 2FA walk."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from compliance.accounts.access import Route
from tests.accounts.url_examples import (
    DENIED,
    EXAMPLES,
    LOGIN,
    MISSING,
    OK,
    SETUP,
    Example,
    ExampleBuilder,
    admin_example,
)


def all_examples() -> dict[str, ExampleBuilder]:
    """This app's examples and every ``tests/<app>/url_examples.py``."""
    examples = dict(EXAMPLES)
    tests_dir = Path(__file__).resolve().parents[1]
    for module in pkgutil.iter_modules([str(tests_dir)]):
        if (
            module.ispkg
            and module.name != "accounts"
            and (tests_dir / module.name / "url_examples.py").exists()
        ):
            examples.update(importlib.import_module(f"tests.{module.name}.url_examples").EXAMPLES)
    return examples


ALL_EXAMPLES = all_examples()


def example_for(route: Route, cast: Any) -> Example:
    """The example registered for ``route``; generic ones for the admin site; none needed without arguments."""
    if route.full_name in ALL_EXAMPLES:
        return ALL_EXAMPLES[route.full_name](cast)
    if route.namespace == "admin":
        return admin_example(route.kwargs)
    assert not route.kwargs, (
        f"{route.label} takes {route.kwargs}: add an Example to tests/<app>/url_examples.py"
    )
    return Example()


_GROUP = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def path_for(route: Route, example: Example) -> str:
    if route.full_name is not None:
        path = reverse(route.full_name, kwargs=example.kwargs or None)
    else:  # unnamed patterns (the admin's redirects and catch-all) cannot be reversed
        body = _GROUP.sub(lambda m: str(example.kwargs[m.group(1) or m.group(2)]), route.route)
        path = "/" + body.lstrip("^").rstrip("$")
    return f"{path}?{example.query}" if example.query else path


_LOGIN_PATHS = ("/account/login/", "/admin/login/")
_SETUP_PATH = "/account/two_factor/setup/"


def _is_login(url: str) -> bool:
    return urlsplit(url).path.endswith(_LOGIN_PATHS)


def _is_setup(url: str) -> bool:
    return urlsplit(url).path == _SETUP_PATH


def classify(response: Any) -> str:
    """What a user experienced: let in, sent to log in, refused (403), not found (404), or a status."""
    chain = getattr(response, "redirect_chain", [])
    if any(_is_login(url) for url, _status in chain):
        return LOGIN
    if any(_is_setup(url) for url, _status in chain):
        return SETUP
    status = response.status_code
    if status < 400:
        return OK
    return {403: DENIED, 404: MISSING}.get(status, f"status {status}")


def call(client: Client, path: str, example: Example, *, max_hops: int = 5) -> Any:
    """One request as the example says, following redirects until a page or the login page.

    A login redirect may come second (the admin site sends non-staff to its own login
    page, which forwards to two_factor:login), so redirects are followed; the login
    page itself is not fetched, it is enough to know the user was sent there.
    """
    if example.session:
        session = client.session
        session.update(example.session)
        session.save()
    response = client.post(path, example.data) if example.method == "post" else client.get(path)
    chain: list[tuple[str, int]] = []
    while response.status_code in (301, 302, 303, 307, 308) and len(chain) < max_hops:
        location = response["Location"]
        chain.append((location, response.status_code))
        if _is_login(location) or _is_setup(location):
            break
        target = urlsplit(location)
        response = client.get(target.path, QueryDict(target.query))
    response.redirect_chain = chain
    return response
