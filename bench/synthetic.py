"""A seeded synthetic national corpus of ``pia-declaration/1`` documents (national scale: about 2,000 bodies).

2,000 organisations (mostly municipalities, some prefectures, unions and national bodies)
declaring 100,000 affairs in all, each with files, about three provisions and three card
flows on average, and a realistic share of faults: missing or unresolvable bases, linkage
outside the permission table, unprotected USB transfers, missing assessments, and so on.

Declarations are generated one organisation at a time (:func:`corpus`), so a benchmark can
process and discard each one without holding 100,000 affairs in memory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compliance.law.catalog import Catalog, ScheduleRow
from compliance.lib.lgcode import lgcode_check_digit

AS_OF = "2026-04-01"
ORGANISATIONS = 2_000
AFFAIRS = 100_000

#: (kind, body, share of organisations)
KINDS: tuple[tuple[str, str, float], ...] = (
    ("municipality", "mayor", 0.84),
    ("special_ward", "mayor", 0.01),
    ("prefecture", "governor", 0.03),
    ("wide_area_union", "union_head", 0.03),
    ("national_body", "minister", 0.06),
    ("independent_agency", "agency_head", 0.03),
)
CATEGORIES = ("地方税関係情報", "生活保護関係情報", "障害者関係情報", "医療保険給付関係情報", "戸籍関係情報")
#: (card, application, items) of the usual counter flows (seeds 003, 004)
FLOWS = (
    ("my_number_card", "input_support", ("number", "name", "address", "birth_date")),
    ("my_number_card", "card_face", ("name", "address", "birth_date", "photo")),
    ("my_number_card", "jpki_authentication", ("certificate_serial",)),
    ("smartphone_card_record", "input_support", ("number", "name", "address", "birth_date")),
)
FAULTY_FLOWS = (
    ("my_number_card", "input_support", ("name", "address", "birth_date", "gender")),
    (
        "special_residence_card",
        "residence_chip",
        ("name", "status_of_residence", "period_of_stay", "nationality"),
    ),
    ("my_number_card", "resident_register", ("resident_code", "name")),
)
RESIDENCE_FLOW = (
    "residence_card",
    "residence_chip",
    ("name", "birth_date", "nationality", "status_of_residence", "period_of_stay", "residence_card_number"),
)


@dataclass(frozen=True, slots=True)
class Citation:
    statute: str
    phrase: str
    kind: str
    resident_register: bool
    #: (category, provider kind, provider body) the permission table allows today for this row
    linkages: tuple[tuple[str, str, str], ...]


def citations(catalog: Catalog) -> dict[tuple[str, str], list[Citation]]:
    """Schedule/quasi citations in force on :data:`AS_OF` that resolve in ``catalog``, by the
    (kind, body) they name, with the linkages the permission table allows them."""
    day = dt.date.fromisoformat(AS_OF)
    found: dict[tuple[str, str], list[Citation]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    row: ScheduleRow
    for row in catalog.schedule_rows:
        if not row.period.contains(day):
            continue
        phrase = row.affair[: min(12, len(row.affair))]
        linkages = tuple(
            (permission.category, kind, provider.body)
            for permission in catalog.permissions
            if permission.requester_row == row.key and permission.period.contains(day)
            for provider in permission.providers
            for kind in sorted(provider.kinds)
        )
        for ref in row.bodies:
            for kind in ref.kinds:
                key = (kind, ref.body, row.statute, phrase)
                if key not in seen:
                    seen.add(key)
                    found.setdefault((kind, ref.body), []).append(
                        Citation(row.statute, phrase, row.kind, row.resident_register, linkages)
                    )
    return found


def _code(rng: random.Random, index: int, kind: str) -> str:
    if kind in ("national_body", "independent_agency"):
        return f"org-{index:05d}"
    first_five = f"{rng.randint(1, 47):02d}{index % 1000:03d}"
    return first_five + str(lgcode_check_digit(first_five))


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def declaration(
    rng: random.Random, index: int, n_affairs: int, pool: dict[tuple[str, str], list[Citation]]
) -> dict[str, Any]:
    """One organisation's declaration with ``n_affairs`` affairs."""
    kind, body = rng.choices([(k, b) for k, b, _ in KINDS], weights=[w for *_, w in KINDS])[0]
    local = kind not in ("national_body", "independent_agency")
    cites = pool.get((kind, body)) or pool.get(("municipality", "mayor"), [])
    data: dict[str, Any] = {
        "format": "pia-declaration/1",
        "as_of": AS_OF,
        "organization": {
            "name": f"合成団体{index:04d}",
            "code": _code(rng, index, kind),
            "kind": kind,
            "body": body,
        },
    }
    ordinances = []
    if local:
        ordinances.append(
            {
                "id": "o1",
                "title": f"合成団体{index:04d}個人番号の利用に関する条例",
                "number": None,
                "in_force_from": "2016-01-01",
                "repealed_on": None,
                "affairs": [
                    {
                        "id": f"oa{j}",
                        "name": f"独自助成事業{j}",
                        "field": rng.choice(("welfare", "health", "other")),
                    }
                    for j in range(3)
                ],
                "intra_provisions": [
                    {
                        "id": "ip1",
                        "from_body": "mayor",
                        "to_body": "board_of_education",
                        "purpose": "就学援助の所得確認",
                        "categories": ["地方税関係情報"],
                    }
                ],
            }
        )
    data["ordinances"] = ordinances
    n_terminals = rng.randint(3, 8)
    data["terminals"] = [
        {
            "id": f"t{j}",
            "name": f"端末{j}",
            "connection": rng.choices(("lgwan", "internal_lan", "standalone"), weights=(7, 2, 1))[0],
            "write_authorized": _chance(rng, 0.7),
            "two_factor": _chance(rng, 0.9),
            "resident_register_client": _chance(rng, 0.1),
        }
        for j in range(n_terminals)
    ]
    affairs, files, provisions, flows, entrustments, assessments, changes = [], [], [], [], [], [], []
    for a in range(n_affairs):
        affair_id = f"a{a}"
        roll = rng.random()
        cite: Citation | None = None
        if roll < 0.01:
            basis: dict[str, Any] = {"kind": "none"}
        elif roll < 0.02:
            basis = {"kind": "schedule", "statute": "架空法", "affair": "架空事務"}
        elif roll < 0.06 and ordinances:
            basis = {"kind": "ordinance", "ordinance": "o1", "affair": f"oa{rng.randint(0, 2)}"}
        elif roll < 0.09:
            basis = {"kind": "related"}
        else:
            cite = rng.choice(cites)
            basis = {"kind": cite.kind, "statute": cite.statute, "affair": cite.phrase}
        residence = _chance(rng, 0.1)
        gender = _chance(rng, 0.3)
        affairs.append(
            {
                "id": affair_id,
                "name": f"事務{a}",
                "uses_number": basis["kind"] != "related" or _chance(rng, 0.5),
                "uses_gender": gender,
                "needs_residence_status": residence,
                "basis": basis,
                "persons": None,
                "handlers": None,
            }
        )
        for f in range(rng.choice((1, 1, 1, 2))):
            file_id = f"f{a}_{f}"
            files.append(
                {
                    "id": file_id,
                    "name": f"ファイル{a}-{f}",
                    "affairs": [affair_id],
                    "persons": int(rng.lognormvariate(8.5, 1.5)),
                    "handlers": int(rng.lognormvariate(3.0, 1.0)),
                    "serious_incident_past_year": _chance(rng, 0.01),
                    "staff_only": _chance(rng, 0.05),
                    "held_from": "2016-01-01" if _chance(rng, 0.98) else "2015-06-01",
                }
            )
            if _chance(rng, 0.3):
                entrustments.append(
                    {
                        "id": f"e{a}_{f}",
                        "file": file_id,
                        "contractor": "合成情報サービス株式会社",
                        "supervision": _chance(rng, 0.98),
                        "subcontract": _chance(rng, 0.3),
                        "subcontract_permitted": _chance(rng, 0.95),
                    }
                )
        for p in range(rng.randint(0, 6)):
            party = {"name": "他市町村長", "kind": "municipality", "body": "mayor", "same_government": False}
            entry = {"id": f"p{a}_{p}", "affair": affair_id, "direction": "receive", "channel": "network"}
            kind_roll = rng.random()
            if kind_roll < 0.6 and cite is not None and cite.linkages and _chance(rng, 0.97):
                category, provider_kind, provider_body = rng.choice(cite.linkages)
                party = {
                    "name": "情報提供者",
                    "kind": provider_kind,
                    "body": provider_body,
                    "same_government": False,
                }
                categories = [category]
            elif kind_roll < 0.6 and (basis["kind"] == "ordinance" or _chance(rng, 0.05)):
                categories = rng.sample(CATEGORIES, rng.randint(1, 2))  # 19(9), or a request outside 19(8)
            elif kind_roll < 0.8 and local and body == "mayor":
                entry.update(direction="provide", channel="intra_government")
                party = {
                    "name": "教育委員会",
                    "kind": kind,
                    "body": "board_of_education",
                    "same_government": True,
                }
                categories = ["地方税関係情報"] if _chance(rng, 0.97) else ["生活保護関係情報"]
            elif kind_roll < 0.9:
                entry.update(direction="provide", channel="other")
                party = {"name": "本人", "kind": "person", "same_government": False}
                if _chance(rng, 0.03):
                    party = {"name": "民間事業者", "kind": "private", "same_government": False}
                categories = []
            else:
                entry.update(direction="provide", channel="entrustment")
                party = {"name": "委託先", "kind": "private", "same_government": False}
                categories = []
            provisions.append({**entry, "counterparty": party, "categories": categories})
        for c in range(rng.randint(0, 6)):
            if residence and _chance(rng, 0.5):
                card, application, items = RESIDENCE_FLOW
            elif _chance(rng, 0.03):
                card, application, items = rng.choice(FAULTY_FLOWS)
            else:
                card, application, items = rng.choice(FLOWS)
                if "number" in items and cite is None and basis["kind"] != "related":
                    items = ("name", "address", "birth_date")
            if gender and _chance(rng, 0.3):
                items = (*items, "gender")
            medium = rng.choices(("none", "network", "removable_media"), weights=(6, 3, 1))[0]
            flows.append(
                {
                    "id": f"c{a}_{c}",
                    "affair": affair_id,
                    "card": card,
                    "application": application,
                    "operation": "read",
                    "items": list(items),
                    "terminal": f"t{rng.randrange(n_terminals)}",
                    "transfer": {
                        "medium": medium,
                        "encrypted": _chance(rng, 0.95),
                        "logged": _chance(rng, 0.95),
                    },
                    "consent_recorded": _chance(rng, 0.97),
                    "persistent_key": _chance(rng, 0.02),
                }
            )
        if _chance(rng, 0.97):
            level = rng.choices(("basic", "key", "full"), weights=(7, 2, 1))[0]
            comment = {"from": "2015-08-01", "to": "2015-08-31", "shortened_reason": None}
            full = level == "full"
            history = ["2015-10-01"] + (["2022-03-01"] if _chance(rng, 0.9) else [])
            for n, published in enumerate(history):
                assessments.append(
                    {
                        "id": f"s{a}_{n}",
                        "affair": affair_id,
                        "level": level,
                        "published_on": published,
                        "public_comment": comment if full and _chance(rng, 0.98) else None,
                        "third_party_review_on": "2015-09-10" if full and _chance(rng, 0.98) else None,
                        "ppc_approval_on": "2015-09-20" if full and _chance(rng, 0.98) else None,
                        "last_review_on": "2025-06-01" if _chance(rng, 0.9) else "2024-01-15",
                    }
                )
        if _chance(rng, 0.1):
            changes.append(
                {
                    "id": f"ch{a}",
                    "affair": affair_id,
                    "effective_on": "2022-04-01",
                    "important": True,
                    "summary": "システム更改",
                }
            )
        elif _chance(rng, 0.1):
            changes.append(
                {
                    "id": f"ch{a}",
                    "affair": affair_id,
                    "effective_on": "2025-01-06",
                    "important": False,
                    "summary": "様式変更",
                }
            )
    data.update(
        affairs=affairs,
        files=files,
        provisions=provisions,
        card_flows=flows,
        entrustments=entrustments,
        assessments=assessments,
        changes=changes,
        incidents=[{"id": "i1", "occurred_on": "2025-09-01", "serious": True, "summary": "書類の誤送付"}]
        if _chance(rng, 0.02)
        else [],
    )
    return data


def corpus(
    catalog: Catalog, *, affairs: int = AFFAIRS, organisations: int = ORGANISATIONS, seed: int = 20260401
) -> Iterator[dict[str, Any]]:
    """Declarations one organisation at a time until ``affairs`` affairs have been produced.

    Affair counts per organisation are drawn around ``AFFAIRS / ORGANISATIONS`` (50) so the full
    corpus is 2,000 organisations; a smaller ``affairs`` yields a prefix of the same corpus.
    """
    rng = random.Random(seed)
    pool = citations(catalog)
    mean = AFFAIRS // ORGANISATIONS
    produced = 0
    for index in range(organisations * 2):
        if produced >= affairs:
            return
        count = min(rng.randint(mean // 2, mean + mean // 2), affairs - produced)
        produced += count
        yield declaration(rng, index, count, pool)


def entry_count(data: dict[str, Any]) -> int:
    """Declared entries (every collection's entries) of one declaration."""
    return sum(len(v) for v in data.values() if isinstance(v, list))
