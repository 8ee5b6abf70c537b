"""What every registry view shares: the organisation for the user, and rendering a page with its editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.accounts.selectors import organization_get_for
from compliance.registry import models as m
from compliance.registry import selectors
from compliance.registry.diagrams import dataflow_svg


def organization_for(request: HttpRequest, pk: int) -> Organization:
    """The organisation ``pk`` if the user may edit its registry; 404 for another body's."""
    return organization_get_for(user=request.user, pk=pk, perm="registry.change_organization")


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


def as_of_context(
    request: HttpRequest, organization: Organization, *, affair_ref: str | None = None
) -> dict[str, Any]:
    """The page's "as of another date" panel: the comparison for ``?as_of=``, or the message naming
    the field when the date cannot be read (the rest of the page is shown as usual)."""
    try:
        as_of = selectors.parse_as_of(request.GET.get("as_of"))
    except ValueError:
        return {"as_of_error": _("基準日は YYYY-MM-DD の形式の日付で指定してください。")}
    if as_of is None:
        return {}
    comparison = selectors.findings_as_of(organization=organization, as_of=as_of, affair_ref=affair_ref)
    return {
        "as_of": comparison,
        "as_of_groups": [
            (_("この日に新たに出る指摘"), comparison.appearing, "as-of-appearing"),
            (_("この日には出なくなる指摘"), comparison.disappearing, "as-of-disappearing"),
        ],
    }


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
    context.update(
        as_of_context(request, organization, affair_ref=affair.ref if affair is not None else None)
    )
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
