"""Errors the registry services raise for the UI and the commands to explain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models


class ConflictError(Exception):
    """Someone else saved the entry since it was read: nothing is overwritten.

    Carries both versions so the conflict page can show the officer what is stored
    now (``current``, at ``current_version``) next to what they tried to save
    (``attempted``, made from ``expected_version``; ``None`` when the form did not say which
    version it was made from, which is refused the same way).
    """

    def __init__(
        self,
        *,
        current: models.Model | None,
        expected_version: int | None,
        current_version: int | None,
        attempted: Mapping[str, Any] | None = None,
    ) -> None:
        self.current = current
        self.expected_version = expected_version
        self.current_version = current_version
        self.attempted = dict(attempted or {})
        state = "deleted" if current is None else f"now at version {current_version}"
        super().__init__(f"edited from version {expected_version}, but the entry is {state}")
