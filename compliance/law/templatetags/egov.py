"""The e-Gov 法令検索 page of a statute the catalog cites, from its law ID (法令ID)."""

from __future__ import annotations

from typing import Any

from django import template

from compliance.law.models import Statute

register = template.Library()

EGOV_LAW_URL = "https://laws.e-gov.go.jp/law/{law_id}"


def egov_law_url(law_id: str) -> str:
    return EGOV_LAW_URL.format(law_id=law_id) if law_id else ""


@register.simple_tag(takes_context=True)
def egov_url(context: Any, statute_name: str) -> str:
    """The e-Gov page of the statute named ``statute_name``, or "" when the catalog has no law ID.

    Schedule rows name their statute as the schedule writes it; the names are read once per
    request (one query however many rows the page lists; each include has its own render
    context, so the request holds them).
    """
    holder = context.get("request")
    ids = getattr(holder, "_egov_law_ids", None)
    if ids is None:
        ids = dict(Statute.objects.exclude(egov_law_id="").values_list("name", "egov_law_id"))
        if holder is not None:
            setattr(holder, "_egov_law_ids", ids)  # noqa: B010
    return egov_law_url(ids.get(statute_name, ""))
