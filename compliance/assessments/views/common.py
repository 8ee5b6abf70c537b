"""What the assessment views share: turning a service's refusal into a message, and reading versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from compliance.assessments.models import Assessment
from compliance.assessments.services.common import conflict_message
from compliance.assessments.workflow import Conflict, Incomplete, WorkflowError


def expected_version(form: Form, assessment: Assessment) -> int:
    """The version the user saw (hidden field); a form without one is refused like a stale one.

    Without it the service could not tell that someone else saved in between, and the save
    would overwrite their answer (a lost update): :class:`Conflict`, with the same message.
    """
    version = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    if not isinstance(version, int):
        raise Conflict(conflict_message(assessment))
    return version


def refused(request: HttpRequest, assessment: Assessment, error: WorkflowError) -> HttpResponse:
    """A refused action: say why on the assessment page (whatever URL was called)."""
    messages.error(request, error.message)
    if isinstance(error, Incomplete):
        for problem in error.problems:
            messages.warning(request, problem)
    return redirect("assessments:detail", pk=assessment.pk)


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's errors next to the fields they name (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def done(request: HttpRequest, assessment: Assessment, message: Any, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    response = redirect("assessments:detail", pk=assessment.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
