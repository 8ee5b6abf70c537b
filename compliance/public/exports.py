"""Open data (オープンデータ): every published assessment and finding as CSV or JSON Lines.

Streamed row by row from the search index with ``iterator(chunk_size=…)``, so memory stays
constant however many assessments there are. Only the public versions are read. The
columns are documented in docs/open-data.md; they are a public contract: add, never rename.
The API uses the same names for the same fields. Links are absolute (``origin``: the
configured ``HYOKA_PUBLIC_ORIGIN``, else the requested one), so a file is usable away
from the site it came from.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from compliance.lib.lgcode import is_valid_lgcode
from compliance.lib.spreadsheet import safe_row
from compliance.public.models import SEP
from compliance.public.search import indexed, indexed_findings

CHUNK = 500

#: The columns the open-data files and the API publish under the same names, in their order.
DESCRIPTION_COLUMNS = (
    "organization_name",
    "organization_kind",
    "prefecture",
    "affair",
    "number",
    "level",
    "published_on",
    "state",
    "basis_kind",
    "basis_statute",
    "basis_ordinance",
)
TALLY_COLUMNS = ("categories", "card_items", "rules", "findings_count", "violations_count", "url")
FINDING_DETAIL_COLUMNS = (
    "rule",
    "severity",
    "subject",
    "citation",
    "message_ja",
    "message_en",
    "state",
    "justification",
)

# organization_code came last into the files; it stays last so existing readers keep their columns.
ASSESSMENT_COLUMNS = (
    "assessment_id",
    "version_id",
    "organization_id",
    *DESCRIPTION_COLUMNS,
    "fields",
    *TALLY_COLUMNS,
    "organization_code",
)

FINDING_COLUMNS = (
    "assessment_id",
    "organization_id",
    "organization_name",
    "prefecture",
    "affair",
    "published_on",
    *FINDING_DETAIL_COLUMNS,
    "organization_code",
)

#: Where a published column is read from the search index, where the names differ.
_INDEX_COLUMN = {"affair": "title", "state": "assessment__state", "organization_code": "organization__code"}
_LIST_COLUMNS = ("fields", "categories", "card_items", "rules")


def split_list(value: str) -> list[str]:
    return [v for v in value.strip(SEP).split(SEP) if v] if value else []


def organization_code(code: str | None) -> str:
    """The 6-digit 全国地方公共団体コード (with its check digit); empty for bodies that have none."""
    return code if code and is_valid_lgcode(code) else ""


def assessment_records(origin: str = "") -> Iterator[dict[str, Any]]:
    url = origin + reverse("public:assessment", args=[0]).removesuffix("0/")
    stored = [column for column in ASSESSMENT_COLUMNS if column != "url"]
    rows = indexed().order_by("assessment_id").values(*(_INDEX_COLUMN.get(c, c) for c in stored))
    for row in rows.iterator(chunk_size=CHUNK):
        record = {column: row[_INDEX_COLUMN.get(column, column)] for column in stored}
        for column in _LIST_COLUMNS:
            record[column] = split_list(record[column])
        record["published_on"] = record["published_on"].isoformat() if record["published_on"] else None
        record["organization_code"] = organization_code(record["organization_code"])
        record["url"] = f"{url}{record['assessment_id']}/"
        yield record


def finding_records(origin: str = "") -> Iterator[dict[str, Any]]:
    rows = (
        indexed_findings()
        .order_by("assessment_id", "position")
        .values_list(
            "assessment_id",
            "organization_id",
            "document__organization_name",
            "prefecture",
            "document__title",
            "published_on",
            *FINDING_DETAIL_COLUMNS,
            "organization__code",
        )
    )
    for values in rows.iterator(chunk_size=CHUNK):
        record = dict(zip(FINDING_COLUMNS, values, strict=True))
        record["organization_code"] = organization_code(record["organization_code"])
        record["published_on"] = record["published_on"].isoformat() if record["published_on"] else None
        yield record


class _Echo:
    """A file-like object whose write returns the line (the csv module's streaming idiom)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(columns))  # BOM: spreadsheet software then reads UTF-8 Japanese
    for record in records:
        # Every cell through safe_row: published names and justifications are free text a
        # spreadsheet would otherwise evaluate as a formula.
        yield writer.writerow(
            safe_row(
                "|".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (record[c] for c in columns)
            )
        )


def jsonl_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
