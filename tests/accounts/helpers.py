"""Driving the real two-factor login page (django-two-factor-auth's wizard) from a test client."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

LOGIN_URL = reverse("two_factor:login")


def post_password(client: Client, username: str, password: str, *, next_url: str = "") -> Any:
    """The first step of the login wizard: user name and password."""
    url = f"{LOGIN_URL}?next={next_url}" if next_url else LOGIN_URL
    return client.post(
        url,
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
    )


def post_token(client: Client, token: str) -> Any:
    """The second step: the six-digit code of the authenticator app."""
    return client.post(LOGIN_URL, {"login_view-current_step": "token", "token-otp_token": token})


def post_backup_token(client: Client, token: str) -> Any:
    """The second step done with a backup code instead of the app."""
    return client.post(LOGIN_URL, {"login_view-current_step": "backup", "backup-otp_token": token})
