"""The API answers 429 past its rate: anonymous callers per address, signed-in callers per account."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ORGANIZATIONS = reverse("public:api_organizations")


@pytest.fixture
def low_rates(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "3/min",
            "user": "5/min",
        },
    }


def _statuses(client: Any, times: int) -> list[int]:
    # A different query each time: a page the portal's cache already holds costs nothing to serve.
    return [client.get(f"{ORGANIZATIONS}?offset={n}").status_code for n in range(times)]


def test_an_anonymous_caller_gets_429_after_the_rate(low_rates: None) -> None:
    assert _statuses(Client(REMOTE_ADDR="203.0.113.5"), 4) == [200, 200, 200, 429]


def test_the_throttled_answer_is_the_apis_problem_list_and_says_when_to_retry(low_rates: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.5")
    _statuses(client, 3)
    response = client.get(f"{ORGANIZATIONS}?offset=99")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert 1 <= int(response["Retry-After"]) <= 60
    [problem] = response.json()
    assert problem["path"] == "$"
    assert "一時的に制限しています" in problem["message"]
    assert "秒後にもう一度お試しください" in problem["message"]


def test_the_throttled_answer_is_in_english_for_an_english_caller(low_rates: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    _statuses(client, 3)
    [problem] = client.get(f"{ORGANIZATIONS}?offset=99").json()
    assert problem["message"].startswith("Too many requests")


def test_another_address_is_not_throttled_by_the_first(low_rates: None) -> None:
    _statuses(Client(REMOTE_ADDR="203.0.113.5"), 4)
    assert _statuses(Client(REMOTE_ADDR="203.0.113.6"), 1) == [200]


def test_a_forged_forwarded_for_header_does_not_buy_new_requests(low_rates: None) -> None:
    statuses = [
        Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .get(f"{ORGANIZATIONS}?offset={n}")
        .status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.fixture
def low_daily_user_rate(settings: Any) -> None:
    # Per day, not per minute: six imports on a loaded machine can take longer than a minute,
    # and the first would then leave the window before the sixth arrives.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "5/day"},
    }


def test_a_token_caller_gets_429_after_the_account_rate_from_any_address(
    low_daily_user_rate: None, officer_a: Any, org_a: Any
) -> None:
    key = Token.objects.create(user=officer_a).key
    document = {"format": "pia-declaration/1", "organization": {"code": org_a.code, "body": org_a.body}}
    statuses = []
    for n in range(6):
        api = APIClient(REMOTE_ADDR=f"203.0.113.{n + 1}")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        statuses.append(api.post(reverse("public:api_declarations"), document, format="json").status_code)
    assert statuses == [400] * 5 + [429]


def test_the_rates_come_from_the_settings_by_default(settings: Any) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert (rates["anon"], rates["user"], rates["documents"]) == ("120/min", "600/min", "30/hour")
