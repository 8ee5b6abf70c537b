"""The hidden ``version`` field of every form that edits versioned data (optimistic concurrency).

A save carries the version the user read; the service refuses it when the stored row has
moved on, so nobody overwrites an answer they never saw. A form posted without a version,
with a blank one or with one that is not a positive number must be refused the same way:
otherwise leaving the field out would skip the comparison and overwrite whatever another
user saved in between (a lost update). The field reads all of those as ``None``, and the
views turn ``None`` into the same conflict as a stale version.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class VersionField(forms.IntegerField):
    """The version the user read; ``None`` when it is missing, blank or not a positive integer."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        try:
            number = super().to_python(value)
        except ValidationError:
            return None
        return number if isinstance(number, int) and number >= 1 else None
