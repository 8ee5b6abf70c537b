"""The public law browser (no account): the law as of a date, its diff between two dates, its spread;
and, for the commission administrator, the change sets applied to the catalog and a new one applied
through the web (preview, then confirm).

Thin views: the forms validate the URL, the selectors read (a fixed number of queries),
the charts module lays out the SVG; the templates only display.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from compliance.accounts.decorators import commission_admin_required
from compliance.law import selectors
from compliance.law.catalog import change_sets
from compliance.law.catalog.problem_text import Problem, explain
from compliance.law.catalog.records import KINDS_BY_NAME, CatalogValidationError
from compliance.law.charts import line_chart
from compliance.law.forms import FIRST_DAY, ChangeSetApplyForm, ChangeSetUploadForm, DiffForm, LawFilterForm
from compliance.law.models import Field, RowKind
from compliance.lib.actors import request_actor

SPREAD_FIRST_YEAR = 2015


def _filters(request: HttpRequest) -> tuple[LawFilterForm, dt.date, str, str, bool]:
    today = timezone.localdate()
    form = LawFilterForm(request.GET or None, initial={"as_of": today})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["as_of"] or today, data["field"], data["body"], data["all"]
    return form, today, "", "", False


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Schedule rows and quasi affairs by field, as of a date (today by default) or over every period."""
    form, as_of, field, body, all_periods = _filters(request)
    day = None if all_periods else as_of
    rows = selectors.schedule_rows(as_of=day, field=field, body=body)
    quasi = selectors.schedule_rows(as_of=day, kind=RowKind.QUASI, field=field, body=body)
    return render(
        request,
        "law/index.html",
        {
            "form": form, "as_of": as_of, "all_periods": all_periods, "groups": selectors.group_by_field(rows),
            "quasi": quasi, "row_count": len(rows), "unverified_count": sum(not r.verified for r in rows + quasi),
        },
    )  # fmt: skip


@require_safe
def linkage(request: HttpRequest) -> HttpResponse:
    """Article 19(8) linkage permissions in force on a date."""
    form, as_of, _field, _body, all_periods = _filters(request)
    permissions = selectors.linkage_permissions(as_of=None if all_periods else as_of)
    return render(
        request, "law/linkage.html",
        {"form": form, "as_of": as_of, "all_periods": all_periods, "permissions": permissions},
    )  # fmt: skip


@require_safe
def row_history(request: HttpRequest, key: str) -> HttpResponse:
    """Every period of one schedule row or quasi affair, and the permissions naming it."""
    history = selectors.row_history(key=key)
    if history is None:
        raise Http404
    return render(request, "law/row_history.html", {"history": history})


@require_safe
def diff(request: HttpRequest) -> HttpResponse:
    """What changed in the law between two dates (added, ended, changed records)."""
    today = timezone.localdate()
    if "from" in request.GET or "to" in request.GET:
        form = DiffForm(request.GET)
        values = (request.GET.get("from", ""), request.GET.get("to", ""))
    else:
        form = DiffForm(initial={"date_from": FIRST_DAY, "date_to": today})
        values = (FIRST_DAY.isoformat(), today.isoformat())
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.catalog_diff(
            date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
    return render(
        request,
        "law/diff.html",
        {"form": form, "diff": result, "from_value": values[0], "to_value": values[1]},
    )


def _spread_chart(
    chart_id: str, title: str, table: selectors.SpreadTable, labels: list[str]
) -> dict[str, Any]:
    names = dict(Field.choices)
    series = [(str(names[f]), values) for f, values in table.counts.items() if any(values)]
    if not series:
        series = [(_("合計"), table.totals() or tuple(0 for _d in labels))]
    description = _("%(first)s から %(last)s までの各年1月1日時点（最後は本日）の件数を分野別に示す折れ線グラフ。") % {
        "first": labels[0], "last": labels[-1],
    }  # fmt: skip
    chart = line_chart(chart_id=chart_id, title=title, description=description, labels=labels, series=series)
    rows = [(label, [values[i] for _n, values in series]) for i, label in enumerate(labels)]
    return {"chart": chart, "columns": [name for name, _v in series], "rows": rows, "totals": table.totals()}


@require_safe
def spread(request: HttpRequest) -> HttpResponse:
    """How far number use has spread: rows, quasi affairs and permissions in force by field over time."""
    today = timezone.localdate()
    dates = selectors.spread_dates(start_year=SPREAD_FIRST_YEAR, today=today)
    tables = selectors.spread(dates=dates)
    labels = [str(d.year) if (d.month, d.day) == (1, 1) else d.isoformat() for d in dates]
    charts = [
        _spread_chart("spread-rows", _("別表の項（法定事務）の数"), tables["schedule_rows"], labels),
        _spread_chart("spread-quasi", _("準法定事務の数"), tables["quasi_affairs"], labels),
        _spread_chart("spread-permissions", _("情報連携の許可の数（照会者の事務の分野別）"), tables["linkage_permissions"], labels),
    ]  # fmt: skip
    return render(request, "law/spread.html", {"charts": charts, "today": today})


# --- change sets (the commission administrator) ----------------------------------------------
# The web path beside ``manage.py catalog_apply`` (docs/catalog-format.md, "Change sets"):
# the same parse, check and write (compliance/law/catalog/change_sets.py).

CHANGE_SET_PAGE_SIZE = 50


@require_safe
@commission_admin_required
def change_set_list(request: HttpRequest) -> HttpResponse:
    """Every change the catalog recorded, newest first, with the way to apply a new one."""
    page = Paginator(selectors.change_set_list(), CHANGE_SET_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "law/change_set_list.html", {"page": page})


def _problems(messages: list[str]) -> list[Problem]:
    return [explain(message) for message in messages]


@require_http_methods(["GET", "POST"])
@commission_admin_required
def change_set_new(request: HttpRequest) -> HttpResponse:
    """Upload or paste a change set and see its dry run: what it adds, ends and changes. Writes nothing."""
    form = ChangeSetUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "problems": [], "preview": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload is not None:
                name = str(upload.name)[:300]
                text = change_sets.decode_change_set(upload.read(), name)
            else:
                name, text = _("貼り付けた変更セット") + ".yaml", form.cleaned_data["text"]
            preview = change_sets.change_set_preview(text=text, name=name, acting_user=request_actor(request))
        except CatalogValidationError as error:
            context["problems"] = _problems(error.messages)
        else:
            context["preview"] = preview
            # No ids: the upload form below has a field named ``text`` too.
            context["apply_form"] = ChangeSetApplyForm(
                initial={"text": preview.text, "name": preview.name, "token": preview.token}, auto_id=False
            )
    return render(request, "law/change_set_new.html", context)


@require_POST
@commission_admin_required
def change_set_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed change set through the service the command uses; refuse a stale preview."""
    form = ChangeSetApplyForm(request.POST)
    problems: list[Problem] = []
    stale = not form.is_valid()
    if form.is_valid():
        try:
            result = change_sets.change_set_apply(
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                token=form.cleaned_data["token"],
                acting_user=request_actor(request),
            )
        except change_sets.StalePreview:
            stale = True
        except CatalogValidationError as error:
            problems = _problems(error.messages)
        else:
            assert result.change_set is not None
            messages.success(request, _("変更セットを適用しました。"))
            return redirect("law:change_set_detail", pk=result.change_set.pk)
    context = {"form": ChangeSetUploadForm(), "problems": problems, "preview": None, "stale": stale}
    return render(request, "law/change_set_new.html", context)


@require_safe
@commission_admin_required
def change_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One recorded change set: what it added, ended and changed, and its amendment impact."""
    change_set = selectors.change_set_detail(pk=pk)
    summary = change_set.summary or {}
    sections = []
    for name, title in (("added", _("追加")), ("ended", _("終了")), ("changed", _("変更"))):
        by_kind = summary.get(name) or {}
        rows = [
            (KINDS_BY_NAME[kind].label if kind in KINDS_BY_NAME else kind, keys)
            for kind, keys in by_kind.items()
            if isinstance(keys, list)
        ]
        sections.append((name, title, rows))
    recheck = getattr(change_set, "recheck", None)  # the amendment re-check it caused, once it exists
    return render(
        request,
        "law/change_set_detail.html",
        {
            "change_set": change_set,
            "sections": sections,
            "recheck": recheck,
            "diff_from": change_set.effective_on - dt.timedelta(days=1) if change_set.effective_on else None,
        },
    )
