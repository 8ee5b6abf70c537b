"""What every registry view shares: the organisation for the user, and rendering a page with its editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from compliance.accounts.models import Organization
from compliance.accounts.selectors import get_organization_for
from compliance.registry import models as m
from compliance.registry import selectors
from compliance.registry.diagrams import dataflow_svg


def organization_for(request: HttpRequest, pk: int) -> Organization:
    """The organisation ``pk`` if the user may edit its registry; 404 for another body's."""
    return get_organization_for(request.user, pk, perm="registry.change_organization")


def affair_from_query(request: HttpRequest, organization: Organization) -> m.Affair | None:
    """The affair page a form was opened from (``?affair=PK``), so the officer returns there."""
    raw = request.GET.get("affair") or request.POST.get("return_affair")
    if not raw or not str(raw).isdigit():
        return None
    return m.Affair.objects.filter(organization=organization, pk=int(raw)).first()


@dataclass
class Editor:
    """An open form on a page: what it edits, where it posts, and its heading."""

    form: BaseForm
    kind: str
    title: str
    action: str
    template: str
    entry: Any = None


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's errors next to the fields they name (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def render_workspace(
    request: HttpRequest,
    organization: Organization,
    *,
    affair: m.Affair | None = None,
    editor: Editor | None = None,
    status: int = 200,
) -> HttpResponse:
    """The overview or the affair page, with ``editor`` open in it.

    Every answer is a whole page: htmx swaps its ``#workspace`` in place (forms and
    findings update without a reload), and the same page works without JavaScript.
    """
    context: dict[str, Any] = {"organization": organization, "editor": editor}
    if affair is not None:
        detail = selectors.affair_detail(organization=organization, pk=affair.pk)
        context["detail"] = detail
        context["diagram"] = dataflow_svg(detail.snapshot, detail.findings, affair_id=affair.ref)
        template = "registry/affair.html"
    else:
        overview = selectors.organization_overview(organization=organization)
        context["overview"] = overview
        context["diagram"] = dataflow_svg(overview.snapshot, overview.findings) if overview.affairs else ""
        template = "registry/organization.html"
    return render(request, template, context, status=status)
