"""The anonymous portal: home, search, a published assessment, its version diff, a body's
transparency page, statistics and open data. Thin views: selectors read, templates display.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import condition, require_safe

import compliance.checks.rules  # noqa: F401  (registers every rule)
from compliance.assessments.selectors import open_comment_periods
from compliance.assessments.states import Level
from compliance.audit.selectors import latest_checkpoint
from compliance.checks.rule_names import rule_choices
from compliance.lib.vocabulary import PREFECTURES, BasisKind, CardItem, OrdinanceField, OrganizationKind
from compliance.public import exports
from compliance.public.cache import cached_page, current_revision
from compliance.public.search import LIST_COLUMNS, CappedPaginator, SearchQuery, current
from compliance.public.search import search as run_search
from compliance.public.selectors import public_assessment, public_diff, transparency
from compliance.public.stats import statistics as build_statistics

PAGE_SIZE = 20
#: Open public-comment periods shown on the home page (the rest are one click away).
HOME_PERIODS = 5
#: Newest publications on the home page (the rest are in the search and the Atom feed).
HOME_RECENT = 5


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page: a search box, the public-comment periods open today, the newest publications."""
    periods = list(open_comment_periods()[:HOME_PERIODS])
    recent = list(current().only(*LIST_COLUMNS).order_by("-published_on", "-assessment_id")[:HOME_RECENT])
    return render(request, "public/home.html", {"periods": periods, "recent": recent})


def _choices() -> dict[str, object]:
    return {
        "prefectures": PREFECTURES,
        "kinds": OrganizationKind.choices,
        "levels": Level.choices,
        "fields": OrdinanceField.choices,
        "card_items": CardItem.choices,
        "rules": rule_choices(),
        "bases": BasisKind.choices,
    }


@require_safe
@cached_page
def search(request: HttpRequest) -> HttpResponse:
    """Search the published assessments (free text, filters, relevance or date order, 20 a page)."""
    query = SearchQuery.from_params(request.GET)
    page = CappedPaginator(run_search(query), PAGE_SIZE).get_page(request.GET.get("page"))
    params = query.as_params()
    return render(
        request,
        "public/search.html",
        {"query": query, "page": page, "params": params, **_choices()},
    )


def _document_link(version_id: int) -> str:
    """The documents app's page for the public version's PDF and Word files, when it is installed."""
    try:
        return reverse("documents:version", args=[version_id])
    except NoReverseMatch:
        return ""


@require_safe
@cached_page
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """A published assessment's public version as a document (Ⅰ–Ⅵ), its findings, history and comments."""
    page = public_assessment(pk=pk)
    return render(
        request,
        "public/assessment.html",
        {
            "page": page,
            "row": page.row,
            "downloads": _document_link(page.row.version_id),
            "diagram": page.diagram_svg(),
        },
    )


@require_safe
@cached_page
def diff(request: HttpRequest) -> HttpResponse:
    """The difference between two published versions of the same affair (``?old=&new=``)."""
    try:
        old_pk, new_pk = int(request.GET.get("old", "")), int(request.GET.get("new", ""))
    except ValueError:
        raise Http404("two published assessments are needed") from None
    old, new, difference = public_diff(old_pk=old_pk, new_pk=new_pk)
    return render(request, "public/diff.html", {"old": old, "new": new, "diff": difference})


@require_safe
@cached_page
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    """What this body does with the number: affairs, legal bases, linkages, card flows, findings."""
    return render(request, "public/organization.html", {"page": transparency(pk=pk)})


@require_safe
@cached_page
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "public/statistics.html", {"stats": build_statistics()})


@require_safe
@cached_page
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "public/open_data.html", {"license": settings.HYOKA_OPEN_DATA_LICENSE})


DATASETS = {
    "assessments": (exports.assessment_records, exports.ASSESSMENT_COLUMNS),
    "findings": (exports.finding_records, exports.FINDING_COLUMNS),
}
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


def public_origin(request: HttpRequest) -> str:
    """``https://host`` of the portal: the configured canonical origin, else the one requested."""
    return settings.HYOKA_PUBLIC_ORIGIN or request.build_absolute_uri("/").rstrip("/")


def _download_etag(request: HttpRequest, dataset: str, fmt: str) -> str:
    """The files change only with the publication revision (and name the host in their links)."""
    return f"{current_revision()}-{public_origin(request)}-{dataset}-{fmt}"


@require_safe
@condition(etag_func=_download_etag)
def download(request: HttpRequest, dataset: str, fmt: str) -> StreamingHttpResponse:
    """Stream a whole dataset (constant memory): ``assessments`` or ``findings`` as ``csv`` or ``jsonl``."""
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404("no such dataset")
    records, columns = DATASETS[dataset]
    rows = records(public_origin(request))
    lines = exports.csv_lines(rows, columns) if fmt == "csv" else exports.jsonl_lines(rows)
    response = StreamingHttpResponse(lines, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="hyoka-{dataset}.{fmt}"'
    return response


@require_safe
def audit_checkpoint(request: HttpRequest) -> HttpResponse:
    """The audit log's latest signed checkpoint, for anyone to keep a copy of.

    Not page-cached: a checkpoint is taken every hour, not when something is published.
    """
    return render(request, "public/audit_checkpoint.html", {"checkpoint": latest_checkpoint()})
