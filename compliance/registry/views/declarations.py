"""Uploading a declaration file (dry-run preview, then apply) and downloading the registry as one."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compliance.accounts.decorators import officer_required
from compliance.checks.problem_text import ProblemRow
from compliance.checks.selectors import unsaved_rows
from compliance.declaration.validation import DeclarationReadError
from compliance.lib.actors import request_actor
from compliance.registry.codec import collection_label
from compliance.registry.forms import DeclarationApplyForm, DeclarationUploadForm
from compliance.registry.importing import DeclarationInvalid
from compliance.registry.previews import PreviewGone, declaration_preview, declaration_preview_apply
from compliance.registry.selectors import registry_export
from compliance.registry.views.common import organization_for


@officer_required
@require_http_methods(["GET", "POST"])
def declaration_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a ``pia-declaration/1`` file and see what applying it would do, writing nothing yet.

    The preview lists the entries created, updated and removed and the findings the
    registry would then have. A file of another organisation is refused (the import
    service compares its code and body with this organisation's). The previewed document
    stays on the server; the apply form carries its token only.
    """
    organization = organization_for(request, pk)
    form = DeclarationUploadForm(request.POST or None, request.FILES or None)
    context = {"organization": organization, "form": form, "problems": [], "result": None}
    if request.method == "POST" and form.is_valid():
        try:
            result, pending = declaration_preview(
                raw=form.cleaned_data["file"].read(),
                organization=organization,
                acting_user=request_actor(request),
            )
        except DeclarationReadError as error:
            context["problems"] = [ProblemRow("$", str(error))]
        except DeclarationInvalid as error:
            context["problems"] = [ProblemRow(p.path, p.message) for p in error.problems]
        else:
            context["result"] = result
            context["collection_rows"] = [
                (name, collection_label(name), plan) for name, plan in result.collections.items()
            ]
            context["finding_rows"] = unsaved_rows(result.findings)
            context["pending"] = pending
            context["apply_form"] = DeclarationApplyForm(initial={"token": pending.token})
    return render(request, "registry/import.html", context)


@officer_required
@require_POST
def declaration_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply the previewed declaration: the document kept on the server, validated again on import."""
    organization = organization_for(request, pk)
    form = DeclarationApplyForm(request.POST)
    problems: list[str] = []
    if form.is_valid():
        try:
            result = declaration_preview_apply(
                token=form.cleaned_data["token"],
                organization=organization,
                acting_user=request_actor(request),
            )
        except PreviewGone:
            problems = [_("取り込む内容がありません。もう一度ファイルを選んでください。")]
        except DeclarationInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            messages.success(
                request,
                _(
                    "宣言ファイルを取り込みました（追加 %(created)d件、更新 %(updated)d件、削除 %(removed)d件）。"
                )
                % {
                    "created": sum(result.created.values()),
                    "updated": sum(result.updated.values()),
                    "removed": sum(result.removed.values()),
                },
            )
            return redirect("registry:organization", pk=organization.pk)
    else:
        problems = [_("取り込む内容がありません。もう一度ファイルを選んでください。")]
    context = {
        "organization": organization,
        "form": DeclarationUploadForm(),
        "problems": problems,
        "result": None,
    }
    return render(request, "registry/import.html", context)


@officer_required
@require_GET
def declaration_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The registry as a ``pia-declaration/1`` file (importing it again changes nothing)."""
    organization = organization_for(request, pk)
    document = registry_export(organization=organization)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    filename = f"declaration-{organization.code}-{organization.body}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
