"""Every transition of the procedure behind one URL: ``/assessments/<pk>/actions/<name>/``.

GET shows what the action needs (a date, a reason) and POST takes it. Whatever URL is
called, the service asks the state machine first, so an action that is not allowed
now — wrong state, wrong track, wrong role — is refused with its reason on the
assessment page, never half-done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from compliance.accounts.decorators import verified_login_required
from compliance.assessments import forms as f
from compliance.assessments import services
from compliance.assessments.rules import roles_for
from compliance.assessments.selectors import assessment_get_for
from compliance.assessments.views.common import add_errors, done, expected_version, refused
from compliance.assessments.workflow import TRANSITIONS, WorkflowError, decide

Perform = Callable[..., Any]


@dataclass(frozen=True)
class Action:
    form: type[Form]
    perform: Perform  # (assessment, user, version, cleaned_data) -> Assessment
    done: Any
    danger: bool = False


def _call(service: Callable[..., Any], **extra: str) -> Perform:
    def perform(assessment: Any, user: Any, version: int | None, data: dict[str, Any]) -> Any:
        kwargs = {name: data[field] for name, field in extra.items()}
        return service(assessment=assessment, acting_user=user, expected_version=version, **kwargs)

    return perform


ACTIONS: dict[str, Action] = {
    "open_comment": Action(
        f.CommentPeriodForm,
        _call(
            services.comment_period_open,
            starts_on="starts_on",
            ends_on="ends_on",
            shortened_reason="shortened_reason",
            method="method",
        ),
        _("意見聴取を開始しました。"),
    ),
    "close_comment": Action(
        f.VersionedForm, _call(services.comment_period_close), _("意見聴取を終了しました。")
    ),
    "record_third_party_review": Action(
        f.ThirdPartyReviewForm,
        _call(
            services.third_party_review_record, reviewed_on="reviewed_on", method="method", result="result"
        ),
        _("第三者点検を記録しました。"),
    ),
    "submit": Action(f.VersionedForm, _call(services.assessment_submit), _("委員会に提出しました。")),
    "resubmit": Action(f.VersionedForm, _call(services.assessment_resubmit), _("再提出しました。")),
    "start_review": Action(f.VersionedForm, _call(services.review_start), _("審査を開始しました。")),
    "request_changes": Action(
        f.DecisionForm, _call(services.review_request_changes, reasons="reasons"), _("修正を依頼しました。")
    ),
    "accept": Action(f.DecisionForm, _call(services.review_accept, reasons="reasons"), _("受理しました。")),
    "approve": Action(f.DecisionForm, _call(services.review_approve, reasons="reasons"), _("承認しました。")),
    "publish": Action(f.VersionedForm, _call(services.assessment_publish), _("公表しました。")),
    "withdraw": Action(
        f.ReasonForm, _call(services.assessment_withdraw, reason="reason"), _("取り下げました。"), danger=True
    ),
    "end": Action(
        f.EndForm, _call(services.assessment_end, ended_on="ended_on"), _("事務の終了を記録しました。")
    ),
}
assert set(ACTIONS) == set(TRANSITIONS), "every transition needs a page"


@require_http_methods(["GET", "POST"])
@verified_login_required
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    assessment = assessment_get_for(user=request.user, pk=pk)
    spec = ACTIONS.get(name)
    if spec is None:
        raise Http404("no such action")
    transition = TRANSITIONS[name]
    if request.method == "GET":
        try:  # say at once why the action is not possible, rather than offer a form that will be refused
            decide(
                name,
                state=assessment.state,
                track=assessment.track,
                roles=roles_for(request.user, assessment),
            )
        except WorkflowError as error:
            return refused(request, assessment, error)
    form = spec.form(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            spec.perform(assessment, request.user, expected_version(form, assessment), form.cleaned_data)
        except WorkflowError as error:
            return refused(request, assessment, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, assessment, spec.done)
    return render(
        request,
        "assessments/action.html",
        {"assessment": assessment, "transition": transition, "form": form, "danger": spec.danger},
    )
