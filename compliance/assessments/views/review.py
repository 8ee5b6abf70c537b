"""The commission's pages: the review queue, assignment and comments on items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compliance.accounts.decorators import commission_required, verified_login_required
from compliance.assessments import services
from compliance.assessments.forms import AssignForm, QueueFilterForm, ReviewCommentForm
from compliance.assessments.models import ReviewComment
from compliance.assessments.reminders import reminders_due
from compliance.assessments.selectors import QueueFilters, assessment_get_for, review_queue, staff_reviewers
from compliance.assessments.views.common import refused
from compliance.assessments.workflow import WorkflowError
from compliance.lib.actors import request_actor
from compliance.lib.redirects import redirect_next


@require_GET
@commission_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for the commission, filterable; the longest waiting first."""
    form = QueueFilterForm(request.GET or None)
    filters = QueueFilters()
    if form.is_valid():
        filters = QueueFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    rows = list(review_queue(user=request.user, filters=filters)[:200])
    return render(
        request,
        "assessments/queue.html",
        {"form": form, "rows": rows, "reviewers": list(staff_reviewers()), "reminders": reminders_due()},
    )


@require_POST
@commission_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get_for(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("審査担当者を選んでください。"))
        return redirect("assessments:queue")
    try:
        services.review_assign(
            assessment=assessment, reviewer=form.cleaned_data["reviewer"], acting_user=request_actor(request)
        )
    except WorkflowError as error:
        return refused(request, assessment, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("審査担当を割り当てました。"))
    return redirect_next(request, "assessments:queue")


@require_POST
@verified_login_required
def review_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer's remark on a section or item, or an answer to one."""
    assessment = assessment_get_for(user=request.user, pk=pk)
    form = ReviewCommentForm(request.POST)
    anchor = ""
    if not form.is_valid():
        messages.error(request, _("コメントを入力してください。"))
    else:
        data = form.cleaned_data
        parent = None
        if data["parent"]:
            parent = ReviewComment.objects.filter(assessment=assessment, pk=data["parent"]).first()
        try:
            comment = services.review_comment_add(
                assessment=assessment,
                acting_user=request_actor(request),
                body=data["body"],
                form=data["form"],
                section_key=data["section_key"],
                item_key=data["item_key"],
                parent=parent,
            )
        except WorkflowError as error:
            return refused(request, assessment, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("コメントを記録しました。"))
            anchor = comment.anchor
    response = redirect("assessments:detail", pk=assessment.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
