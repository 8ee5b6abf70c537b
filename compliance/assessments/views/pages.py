"""The assessment page, its section editor, its versions and their differences."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compliance.accounts.decorators import officer_required, verified_login_required
from compliance.assessments import services
from compliance.assessments.definitions import spec_for, spec_from_payload
from compliance.assessments.diff import document_diff
from compliance.assessments.forms import SectionForm
from compliance.assessments.models import AssessmentForm, AssessmentVersion
from compliance.assessments.prefill import filled_values, suggested_values
from compliance.assessments.selectors import (
    assessment_get_for,
    assessment_get_for_officer,
    version_get_of_affair,
    versions_of_affair,
)
from compliance.assessments.selectors.facts import affair_facts
from compliance.assessments.selectors.page import assessment_page
from compliance.assessments.services.common import procedure_facts
from compliance.assessments.version_document import withheld_items
from compliance.assessments.views.common import add_errors, done, expected_version, refused
from compliance.assessments.workflow import WorkflowError
from compliance.lib.actors import request_actor
from compliance.registry.views.common import as_of_context


@require_GET
@verified_login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment as its officers and the commission work on it: state, actions, forms, findings, review."""
    assessment = assessment_get_for(user=request.user, pk=pk)
    page = assessment_page(assessment=assessment, user=request.user)
    context = {"assessment": assessment, "page": page}
    context.update(as_of_context(request, assessment.organization, affair_ref=assessment.affair.ref))
    return render(request, "assessments/detail.html", context)


@require_http_methods(["GET", "POST"])
@officer_required
def section(request: HttpRequest, pk: int, form: str, key: str) -> HttpResponse:
    """Answer the items of one section (filled-in items are shown, not asked)."""
    assessment = assessment_get_for_officer(user=request.user, pk=pk)
    row = AssessmentForm.objects.select_related("definition").filter(assessment=assessment, form=form).first()
    if row is None:
        raise Http404("no such form")
    spec = spec_for(row.definition)
    section_spec = spec.section_index.get(key)
    if section_spec is None:
        raise Http404("no such section")
    facts = affair_facts(organization=assessment.organization, affair_ref=assessment.affair.ref)
    procedure = procedure_facts(assessment)
    filled = filled_values(spec, facts, procedure)
    editor = SectionForm(
        request.POST or None,
        section=section_spec,
        locked=set(filled),
        answers={**suggested_values(spec, facts, procedure), **row.answers},
        initial={"version": assessment.version},
    )
    if request.method == "POST" and editor.is_valid():
        try:
            services.answers_save(
                assessment=assessment,
                form=form,
                values=editor.values(),
                acting_user=request_actor(request),
                expected_version=expected_version(editor, assessment),
            )
        except WorkflowError as error:
            return refused(request, assessment, error)
        except ValidationError as error:
            add_errors(editor, error)
        else:
            return done(request, assessment, _("回答を保存しました。"), anchor=f"{form}-{key}")
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "form_row": row,
            "section": section_spec,
            "editor": editor,
            "filled": [(item, filled[item.key]) for item in section_spec.all_items() if item.key in filled],
        },
    )


@require_GET
@verified_login_required
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every frozen version of the affair's assessments, and a form to compare two."""
    assessment = assessment_get_for(user=request.user, pk=pk)
    rows = list(versions_of_affair(assessment=assessment))
    return render(request, "assessments/versions.html", {"assessment": assessment, "versions": rows})


@require_GET
@verified_login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One frozen version, read from its own document (its form definition included)."""
    assessment = assessment_get_for(user=request.user, pk=pk)
    frozen = AssessmentVersion.objects.filter(assessment=assessment, number=number).first()
    if frozen is None:
        raise Http404("no such version")
    data = frozen.data
    withheld = withheld_items(data)
    forms = []
    for form in data["forms"]:
        spec = spec_from_payload(form["definition"])
        forms.append(
            {
                "form": form["form"],
                "spec": spec,
                "sections": [
                    (
                        s,
                        [
                            (item, form["answers"].get(item.key), item.key in withheld[form["form"]])
                            for item in s.items
                        ],
                    )
                    for s in spec.walk_sections()
                ],
            }
        )
    return render(
        request,
        "assessments/version.html",
        {"assessment": assessment, "version": frozen, "data": data, "forms": forms},
    )


@require_GET
@verified_login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions of the affair (``?from=<id>&to=<id>``; default: the last two)."""
    assessment = assessment_get_for(user=request.user, pk=pk)
    rows = list(versions_of_affair(assessment=assessment))
    if len(rows) < 2 and not (request.GET.get("from") and request.GET.get("to")):
        return render(
            request, "assessments/diff.html", {"assessment": assessment, "versions": rows, "diff": None}
        )
    try:
        old_pk = int(request.GET.get("from") or rows[-2].pk)
        new_pk = int(request.GET.get("to") or rows[-1].pk)
    except (TypeError, ValueError):
        raise Http404("bad version") from None
    old, new = (
        version_get_of_affair(assessment=assessment, pk=old_pk),
        version_get_of_affair(assessment=assessment, pk=new_pk),
    )
    result = document_diff(old.data, new.data)
    return render(
        request,
        "assessments/diff.html",
        {"assessment": assessment, "versions": rows, "diff": result, "old": old, "new": new},
    )
