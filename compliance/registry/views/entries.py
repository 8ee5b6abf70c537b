"""Creating, editing and deleting registry entries from the officer's pages (htmx in place).

One set of views serves every kind of entry (:data:`KINDS`): the form, the service
and the page the officer returns to. An edit carries the version the form was built
from; when someone saved the entry in between, the officer sees the conflict page with
both versions — nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from compliance.accounts.decorators import officer_required
from compliance.accounts.models import Organization
from compliance.declaration.collections import BY_NAME
from compliance.registry import forms as f
from compliance.registry import models as m
from compliance.registry import services as s
from compliance.registry.codec import collection_model
from compliance.registry.exceptions import ConflictError
from compliance.registry.views.common import (
    Editor,
    add_service_errors,
    affair_from_query,
    organization_for,
    render_workspace,
)


class Kind(Protocol):
    """What the entry pages need of a kind of entry: its model, form, services and words.

    :class:`EntryKind` is the one implementation (one per declaration collection, :data:`KINDS`);
    the views are written against this protocol.
    """

    @property
    def model(self) -> type[m.RegistryEntry]: ...
    @property
    def form(self) -> type[f.RegistryForm]: ...
    @property
    def create(self) -> Callable[..., Any]: ...
    @property
    def update(self) -> Callable[..., Any]: ...
    @property
    def delete(self) -> Callable[..., Any]: ...
    @property
    def arg(self) -> str: ...
    @property
    def label(self) -> Promise: ...
    @property
    def parent(self) -> str: ...
    @property
    def of_affair(self) -> bool: ...

    def template(self, slug: str) -> str: ...


@dataclass(frozen=True)
class EntryKind:
    """How the pages edit one kind of entry (a :class:`Kind`)."""

    model: type[m.RegistryEntry]
    form: type[f.RegistryForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    arg: str  # the keyword the update/delete services take the entry by
    label: Promise
    parent: str = "organization"  # ordinance sub-entries are created under their ordinance
    of_affair: bool = True  # an affair's own entries: a form opened from the affair page preselects it

    def template(self, slug: str) -> str:
        return f"registry/forms/{slug}.html" if slug == "affairs" else "registry/forms/entry.html"


def _entry_kind(
    slug: str, form: type[f.RegistryForm], *services: Callable[..., Any], **options: Any
) -> EntryKind:
    """The kind of entry of a declaration collection: model, keyword and label from the table of collections."""
    collection = BY_NAME[slug]
    create, update, delete = services
    model = collection_model(collection)
    return EntryKind(
        model, form, create, update, delete, collection.noun, gettext_lazy(collection.label_ja), **options
    )


KINDS: dict[str, Kind] = {
    "affairs": _entry_kind(
        "affairs", f.AffairForm, s.affair_create, s.affair_update, s.affair_delete, of_affair=False
    ),
    "files": _entry_kind("files", f.FileForm, s.file_create, s.file_update, s.file_delete),
    "terminals": _entry_kind(
        "terminals", f.TerminalForm, s.terminal_create, s.terminal_update, s.terminal_delete, of_affair=False
    ),
    "provisions": _entry_kind(
        "provisions", f.ProvisionForm, s.provision_create, s.provision_update, s.provision_delete
    ),
    "card_flows": _entry_kind(
        "card_flows", f.CardFlowForm, s.card_flow_create, s.card_flow_update, s.card_flow_delete
    ),
    "entrustments": _entry_kind(
        "entrustments", f.EntrustmentForm, s.entrustment_create, s.entrustment_update, s.entrustment_delete
    ),
    "assessments": _entry_kind(
        "assessments",
        f.DeclaredAssessmentForm,
        s.declared_assessment_create,
        s.declared_assessment_update,
        s.declared_assessment_delete,
    ),
    "changes": _entry_kind("changes", f.ChangeForm, s.change_create, s.change_update, s.change_delete),
    "incidents": _entry_kind(
        "incidents", f.IncidentForm, s.incident_create, s.incident_update, s.incident_delete, of_affair=False
    ),
    "ordinances": _entry_kind(
        "ordinances",
        f.OrdinanceForm,
        s.ordinance_create,
        s.ordinance_update,
        s.ordinance_delete,
        of_affair=False,
    ),
    "ordinance_affairs": _entry_kind(
        "ordinance_affairs",
        f.OrdinanceAffairForm,
        s.ordinance_affair_create,
        s.ordinance_affair_update,
        s.ordinance_affair_delete,
        parent="ordinance",
        of_affair=False,
    ),
    "intra_provisions": _entry_kind(
        "intra_provisions",
        f.IntraProvisionForm,
        s.intra_provision_create,
        s.intra_provision_update,
        s.intra_provision_delete,
        parent="ordinance",
        of_affair=False,
    ),
}


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("no such kind of entry") from None


def _entry(kind: Kind, organization: Organization, entry_pk: int) -> m.RegistryEntry:
    entry = kind.model.objects.filter(organization=organization, pk=entry_pk).first()
    if entry is None:
        raise Http404("no such entry")
    return entry


def _back(organization: Organization, affair: m.Affair | None) -> HttpResponse:
    """Back to the page the form was opened from: the affair page, else the overview."""
    if affair is not None:
        return redirect("registry:affair", pk=organization.pk, affair_pk=affair.pk)
    return redirect("registry:organization", pk=organization.pk)


def _with_affair(url: str, affair: m.Affair | None) -> str:
    return f"{url}?affair={affair.pk}" if affair is not None else url


@officer_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    organization = organization_for(request, pk)
    spec = _kind(kind)
    affair = affair_from_query(request, organization)
    initial = {"affair": affair.pk, "affairs": [affair.pk]} if affair is not None and spec.of_affair else {}
    form = spec.form(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        owner: dict[str, Any] = {"organization": organization}
        if spec.parent == "ordinance":
            owner = {"ordinance": fields.pop("ordinance")}
        try:
            created = spec.create(acting_user=request.user, **owner, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(kind)s「%(ref)s」を登録しました。") % {"kind": spec.label, "ref": created.ref}
            )
            if spec.model is m.Affair:
                return redirect("registry:affair", pk=organization.pk, affair_pk=created.pk)
            return _back(organization, affair)
    editor = Editor(
        form=form,
        kind=kind,
        title=_("%(kind)sを追加") % {"kind": spec.label},
        action=_with_affair(
            reverse("registry:entry_create", kwargs={"pk": organization.pk, "kind": kind}), affair
        ),
        template=spec.template(kind),
    )
    return render_workspace(request, organization, affair=affair, editor=editor)


@officer_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    organization = organization_for(request, pk)
    spec = _kind(kind)
    entry = _entry(spec, organization, entry_pk)
    affair = affair_from_query(request, organization)
    if spec.model is m.Affair:
        affair = entry  # type: ignore[assignment]
    form = spec.form(request.POST or None, organization=organization, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            spec.update(
                **{spec.arg: entry},
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except ConflictError as conflict:
            return conflict_page(request, organization, spec, kind, form, conflict, affair)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(kind)s「%(ref)s」を保存しました。") % {"kind": spec.label, "ref": entry.ref}
            )
            return _back(organization, affair)
    editor = Editor(
        form=form,
        kind=kind,
        title=_("%(kind)s「%(ref)s」を編集") % {"kind": spec.label, "ref": entry.ref},
        action=_with_affair(
            reverse(
                "registry:entry_edit", kwargs={"pk": organization.pk, "kind": kind, "entry_pk": entry.pk}
            ),
            affair,
        ),
        template=spec.template(kind),
        entry=entry,
    )
    return render_workspace(request, organization, affair=affair, editor=editor)


@officer_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    """GET asks for confirmation (the deletion is final; its audit event keeps what was there),
    POST deletes."""
    organization = organization_for(request, pk)
    spec = _kind(kind)
    entry = _entry(spec, organization, entry_pk)
    affair = affair_from_query(request, organization)
    if request.method == "GET":
        back = (
            reverse("registry:affair", kwargs={"pk": organization.pk, "affair_pk": affair.pk})
            if affair is not None
            else reverse("registry:organization", kwargs={"pk": organization.pk})
        )
        return render(
            request,
            "registry/delete_confirm.html",
            {"organization": organization, "kind": kind, "spec": spec, "entry": entry, "detail_affair": affair,
             "back": back},
        )  # fmt: skip
    version = request.POST.get("version", "")
    try:
        if not (version.isascii() and version.isdigit()) or int(version) < 1:
            # Without the version the page was read at, the delete could remove what someone
            # else saved in between: refused like a stale page.
            raise ConflictError(current=entry, expected_version=None, current_version=entry.version)
        spec.delete(**{spec.arg: entry}, acting_user=request.user, expected_version=int(version))
    except ConflictError as conflict:
        form = spec.form(organization=organization, instance=entry)
        return conflict_page(request, organization, spec, kind, form, conflict, affair)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(kind)s「%(ref)s」を削除しました。") % {"kind": spec.label, "ref": entry.ref}
        )
        if spec.model is m.Affair:
            affair = None
    return _back(organization, affair)


# --- the conflict page -------------------------------------------------------------------


def _display(field: Any, value: Any) -> str:
    """A value as the officer reads it: choice labels, yes/no, names of referenced entries."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(_display(field, v) for v in value) or "—"
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value))


def conflict_page(
    request: HttpRequest,
    organization: Organization,
    spec: Kind,
    kind: str,
    form: f.RegistryForm,
    conflict: ConflictError,
    affair: m.Affair | None,
) -> HttpResponse:
    """Both versions side by side: what is stored now and what the officer tried to save.

    409 Conflict for a plain request; htmx swaps only successful answers, so an htmx
    request gets the same page with 200.
    """
    current = conflict.current
    attempted = conflict.attempted or (form.service_fields() if form.is_bound and form.is_valid() else {})
    rows = []
    for name, value in attempted.items():
        field = form.fields.get(name) or (
            form.fields.get("ordinance_affair") if name.startswith("basis_") else None
        )
        label = form.fields[name].label if name in form.fields else name
        stored = getattr(current, name, None) if current is not None else None
        if current is not None and name == "affairs":
            stored = list(current.affairs.all())  # type: ignore[attr-defined]
        rows.append(
            {
                "label": label,
                "stored": _display(field, stored) if current is not None else "—",
                "yours": _display(field, value),
                "differs": current is None or _display(field, stored) != _display(field, value),
            }
        )
    context = {
        "organization": organization,
        "kind_label": spec.label,
        "conflict": conflict,
        "rows": rows,
        "affair": affair,
        "edit_url": _with_affair(
            reverse(
                "registry:entry_edit", kwargs={"pk": organization.pk, "kind": kind, "entry_pk": current.pk}
            ),
            affair,
        )
        if current is not None
        else None,
        "back_url": reverse("registry:affair", kwargs={"pk": organization.pk, "affair_pk": affair.pk})
        if affair is not None and m.Affair.objects.filter(pk=affair.pk).exists()
        else reverse("registry:organization", kwargs={"pk": organization.pk}),
    }
    status = 200 if getattr(request, "htmx", False) else 409
    return render(request, "registry/conflict.html", context, status=status)
