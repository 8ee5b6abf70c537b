"""The demo data as ``make run`` leaves it, for the tests that read it (``load_demo`` and all its parts)."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.test import TestCase

from compliance.assessments.definitions import spec_from_payload
from compliance.assessments.models import Assessment


def load_demo() -> str:
    """Run ``load_demo`` (catalog, cast, declarations, published assessments); returns its output.

    The portal indexes a publication once its transaction commits; a test never commits, so the
    on-commit callbacks run here as they would after ``make run``.
    """
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def published_demo() -> list[Assessment]:
    return list(Assessment.objects.filter(state="published").select_related("organization", "affair"))


def answers_by_publicity(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(public, withheld) free-text answers of a frozen version, longer than 20 characters; a withheld
    answer some public item shares is left out (it may rightly appear)."""
    public: set[str] = set()
    withheld: set[str] = set()
    for form in data["forms"]:
        spec = spec_from_payload(form["definition"])
        for key, value in form["answers"].items():
            item = spec.items.get(key)
            if item is not None and isinstance(value, str) and len(value) > 20:
                (public if item.public else withheld).add(value)
    return public, withheld - public
