"""The public law browser (no account): the law as of a date, its diff between two dates, its spread.

Thin views: the forms validate the URL, the selectors read (a fixed number of queries),
the charts module lays out the SVG; the templates only display.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from compliance.law import selectors
from compliance.law.charts import line_chart
from compliance.law.forms import FIRST_DAY, DiffForm, LawFilterForm
from compliance.law.models import Field, RowKind

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
