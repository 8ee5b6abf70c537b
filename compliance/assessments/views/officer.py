"""The organisation's pages: its affairs and their assessments, starting one, public comment moderation,
re-assessment and the yearly review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compliance.accounts.decorators import officer_required, verified_login_required
from compliance.accounts.models import Organization
from compliance.accounts.rules import is_commission_staff
from compliance.accounts.selectors import organization_get_for, organization_list_visible_to
from compliance.assessments import services
from compliance.assessments.forms import CreateForm, ModerateForm, ReassessForm, ReflectForm, YearlyReviewForm
from compliance.assessments.models import CommentPeriod, PublicComment
from compliance.assessments.reminders import reminders_due
from compliance.assessments.selectors import assessment_get_for_officer, organization_assessments
from compliance.assessments.selectors.facts import affair_facts
from compliance.assessments.views.common import add_errors, done, expected_version, refused
from compliance.assessments.workflow import WorkflowError
from compliance.lib.actors import request_actor
from compliance.registry.models import Affair


def _organization(request: HttpRequest, pk: int) -> Organization:
    return organization_get_for(user=request.user, pk=pk, perm="assessments.edit")


@require_GET
@officer_required
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    """The body's affairs, their threshold decisions and assessments, and what is due."""
    org = _organization(request, pk)
    return render(
        request,
        "assessments/organization.html",
        {
            "organization": org,
            "rows": organization_assessments(organization=org),
            "reminders": reminders_due(organization_ids=[org.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def create(request: HttpRequest, pk: int, affair_pk: int) -> HttpResponse:
    """Start the assessment of an affair at the level its threshold decision requires (or higher)."""
    org = _organization(request, pk)
    affair = Affair.objects.filter(organization=org, pk=affair_pk).first()
    if affair is None:
        raise Http404("no such affair")
    facts = affair_facts(organization=org, affair_ref=affair.ref)
    required = facts.threshold.required if facts.threshold else ()
    form = CreateForm(request.POST or None, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                affair=affair,
                level=form.cleaned_data["level"],
                number=form.cleaned_data["number"],
                acting_user=request_actor(request),
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, assessment, _("評価書を作成しました。"))
    return render(
        request,
        "assessments/create.html",
        {"organization": org, "affair": affair, "threshold": facts.threshold, "form": form},
    )


@require_GET
@officer_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The opinions received, to publish or hide and to record how each was reflected."""
    assessment = assessment_get_for_officer(user=request.user, pk=pk)
    period = CommentPeriod.objects.filter(assessment=assessment).first()
    rows = list(PublicComment.objects.filter(period=period).order_by("number")) if period else []
    return render(
        request,
        "assessments/comments.html",
        {"assessment": assessment, "period": period, "comments": rows},
    )


def _comment(request: HttpRequest, pk: int, comment_pk: int) -> PublicComment:
    assessment = assessment_get_for_officer(user=request.user, pk=pk)
    comment = PublicComment.objects.filter(period__assessment=assessment, pk=comment_pk).first()
    if comment is None:
        raise Http404("no such comment")
    return comment


@require_POST
@officer_required
def comment_moderate(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment(request, pk, comment_pk)
    form = ModerateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("「公開」か「非表示」を選んでください。"))
        services.public_comment_moderate(
            comment=comment,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            acting_user=request_actor(request),
        )
    except (WorkflowError, ValidationError) as error:
        messages.error(request, _error_text(error))
    return _back_to_comments(request, pk, comment.pk)


@require_POST
@officer_required
def comment_reflect(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment(request, pk, comment_pk)
    form = ReflectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("反映の内容を入力してください。"))
        services.public_comment_reflect(
            comment=comment, reflection=form.cleaned_data["reflection"], acting_user=request_actor(request)
        )
    except (WorkflowError, ValidationError) as error:
        messages.error(request, _error_text(error))
    return _back_to_comments(request, pk, comment.pk)


def _error_text(error: WorkflowError | ValidationError) -> str:
    return error.message if isinstance(error, WorkflowError) else " ".join(error.messages)


def _back_to_comments(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    response = redirect("assessments:comments", pk=pk)
    response["Location"] += f"#comment-{comment_pk}"
    return response


@require_http_methods(["GET", "POST"])
@officer_required
def reassess(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a re-assessment (重要な変更, しきい値の上昇, 5年, 任意) from the last version."""
    assessment = assessment_get_for_officer(user=request.user, pk=pk)
    form = ReassessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            again = services.reassessment_start(
                assessment=assessment, reason=form.cleaned_data["reason"], acting_user=request_actor(request)
            )
        except WorkflowError as error:
            return refused(request, assessment, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, again, _("再評価を始めました。前回の版の回答を引き継いでいます。"))
    return render(request, "assessments/reassess.html", {"assessment": assessment, "form": form})


@require_http_methods(["GET", "POST"])
@officer_required
def yearly_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the yearly review of a published assessment."""
    assessment = assessment_get_for_officer(user=request.user, pk=pk)
    form = YearlyReviewForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.yearly_review_record(
                assessment=assessment,
                reviewed_on=form.cleaned_data["reviewed_on"],
                acting_user=request_actor(request),
                expected_version=expected_version(form, assessment),
            )
        except WorkflowError as error:
            return refused(request, assessment, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(request, assessment, _("見直しを記録しました。"))
    return render(request, "assessments/yearly_review.html", {"assessment": assessment, "form": form})


@require_GET
@verified_login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """What is due: for officers, their bodies' reminders; for the commission, everyone's."""
    if is_commission_staff(request.user):
        due = reminders_due()
    else:
        due = reminders_due(
            organization_ids=list(
                organization_list_visible_to(user=request.user).values_list("pk", flat=True)
            )
        )
    return render(request, "assessments/reminders.html", {"reminders": due})
