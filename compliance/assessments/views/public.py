"""The public comment pages: anyone reads the draft and sends an opinion, without an account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from compliance.assessments import services
from compliance.assessments.forms import PublicCommentForm
from compliance.assessments.selectors import assessment_open_for_comment, open_comment_periods
from compliance.assessments.services.common import filled_forms
from compliance.assessments.views.common import add_errors
from compliance.assessments.workflow import WorkflowError


def client_address(request: HttpRequest) -> str:
    """The sender's address for the rate limit (the proxy in front sets REMOTE_ADDR; never stored)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@require_safe
def comment_list(request: HttpRequest) -> HttpResponse:
    """Full assessments open for public comment today."""
    return render(request, "assessments/public_comment_list.html", {"periods": list(open_comment_periods())})


@require_http_methods(["GET", "POST"])
def comment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as the public may read it (withheld items left out) and the comment form."""
    assessment, period = assessment_open_for_comment(pk=pk)
    form = PublicCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_comment_submit(
                assessment=assessment,
                body=form.cleaned_data["body"],
                address=client_address(request),
                honeypot=form.cleaned_data["website"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("ご意見を受け付けました。ありがとうございました。"))
            return redirect("assessments:public_comment", pk=assessment.pk)
    _facts, forms = filled_forms(assessment)
    sections = []
    for filled in forms:
        merged = filled.merged
        for section in filled.spec.walk_sections():
            items = [(item, merged.get(item.key)) for item in section.items if item.public]
            sections.append((filled.row.get_form_display(), section, items))
    return render(
        request,
        "assessments/public_comment.html",
        {"assessment": assessment, "period": period, "form": form, "sections": sections},
    )
