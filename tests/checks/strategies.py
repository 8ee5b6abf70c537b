"""Hypothesis strategies: schema-valid pia-declaration/1 documents (valid against the small catalog)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from tests.checks.catalog_factory import CATEGORY_NAMES

KINDS = [
    "municipality",
    "special_ward",
    "prefecture",
    "national_body",
    "independent_agency",
    "wide_area_union",
    "other",
]
BODIES = ["mayor", "governor", "board_of_education", "minister", "agency_head", "union_head", "other_organ"]
LOCAL_CODES = ["012131", "052019", "402036", "462012", "999997", "010006"]
FIELDS = ["social_security", "welfare", "health", "medical", "local_tax", "disaster", "other"]
CARDS = ["my_number_card", "residence_card", "special_residence_card", "special_permanent_resident_certificate",
         "smartphone_card_record"]  # fmt: skip
APPLICATIONS = ["card_face", "jpki_signature", "jpki_authentication", "input_support", "resident_register",
                "free_area", "residence_chip"]  # fmt: skip
ITEMS = ["number", "name", "address", "birth_date", "gender", "photo", "status_of_residence", "period_of_stay",
         "work_restriction", "nationality", "residence_card_number", "certificate_serial", "resident_code"]  # fmt: skip
CITATIONS = [
    ("児童手当法", "児童手当"), ("住民基本台帳法", "住民基本台帳"), ("生活保護法", "保護"), ("地方税法", "地方税"),
    ("旧給付法", "旧給付"), ("新給付法", "新給付"), ("国民年金法", "年金"), ("地方単独給付法", "地方単独"),
    ("図書館法", "図書館"),
]  # fmt: skip

dates = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2035, 12, 31))
iso = dates.map(dt.date.isoformat)
names = st.sampled_from(["児童手当事務", "図書館事務", "灯油助成", "住民票作成", "Library cards", "x"])
counts = st.integers(min_value=0, max_value=500_000)
categories = st.lists(st.sampled_from(CATEGORY_NAMES), max_size=3, unique=True)


@st.composite
def declarations(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    local = kind in ("municipality", "special_ward", "prefecture", "wide_area_union")
    code = draw(st.sampled_from(LOCAL_CODES)) if local else draw(st.sampled_from(["org-1", "国-2"]))
    data: dict[str, Any] = {
        "format": "pia-declaration/1",
        "organization": {"name": "架空", "code": code, "kind": kind, "body": draw(st.sampled_from(BODIES))},
    }
    if draw(st.booleans()):
        data["as_of"] = draw(iso)

    ordinances = []
    for i in range(draw(st.integers(0, 2))):
        start = draw(dates)
        repealed = draw(st.none() | dates.filter(lambda d, s=start: d > s))
        ordinances.append({
            "id": f"o{i}", "title": f"条例{i}", "number": None,
            "in_force_from": start.isoformat(), "repealed_on": repealed and repealed.isoformat(),
            "affairs": [{"id": f"oa{j}", "name": f"条例事務{j}", "field": draw(st.sampled_from(FIELDS))}
                        for j in range(draw(st.integers(0, 2)))],
            "intra_provisions": [{"id": f"ip{j}", "from_body": draw(st.sampled_from(BODIES)),
                                  "to_body": draw(st.sampled_from(BODIES)), "categories": draw(categories)}
                                 for j in range(draw(st.integers(0, 2)))],
        })  # fmt: skip
    data["ordinances"] = ordinances
    ordinance_affairs = [(o["id"], a["id"]) for o in ordinances for a in o["affairs"]]

    affairs = []
    for i in range(draw(st.integers(1, 5))):
        basis_kind = draw(
            st.sampled_from(
                ["none", "related", "schedule", "quasi"] + (["ordinance"] if ordinance_affairs else [])
            )
        )
        if basis_kind in ("schedule", "quasi"):
            statute, phrase = draw(st.sampled_from(CITATIONS))
            basis: dict[str, Any] = {"kind": basis_kind, "statute": statute, "affair": phrase}
        elif basis_kind == "ordinance":
            ordinance, affair = draw(st.sampled_from(ordinance_affairs))
            basis = {"kind": "ordinance", "ordinance": ordinance, "affair": affair}
        else:
            basis = {"kind": basis_kind}
        affair: dict[str, Any] = {
            "id": f"a{i}",
            "name": draw(names),
            "uses_number": draw(st.booleans()),
            "basis": basis,
        }
        for key in ("uses_gender", "needs_residence_status"):
            if draw(st.booleans()):
                affair[key] = draw(st.booleans())
        for key in ("persons", "handlers"):
            affair[key] = draw(st.none() | counts)
        if draw(st.booleans()):
            affair["serious_incident_past_year"] = draw(st.none() | st.booleans())
        affairs.append(affair)
    data["affairs"] = affairs
    affair_ids = [a["id"] for a in affairs]

    data["files"] = [
        {"id": f"f{i}", "name": f"ファイル{i}", "affairs": draw(st.lists(st.sampled_from(affair_ids), min_size=1, max_size=3, unique=True)),
         "persons": draw(counts), "handlers": draw(st.integers(0, 2000)),
         "serious_incident_past_year": draw(st.booleans()), "staff_only": draw(st.booleans()),
         "held_from": draw(st.none() | iso)}
        for i in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    data["terminals"] = [
        {"id": f"t{i}", "connection": draw(st.sampled_from(["lgwan", "internal_lan", "standalone", "internet"])),
         "write_authorized": draw(st.booleans()), "two_factor": draw(st.booleans()),
         "resident_register_client": draw(st.booleans())}
        for i in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    terminal_ids = [t["id"] for t in data["terminals"]]
    party_kinds = [*KINDS, "private", "person"]
    data["provisions"] = [
        {"id": f"p{i}", "affair": draw(st.sampled_from(affair_ids)),
         "direction": draw(st.sampled_from(["receive", "provide"])),
         "channel": draw(st.sampled_from(["network", "intra_government", "entrustment", "other"])),
         "counterparty": {"name": "相手", "kind": draw(st.sampled_from(party_kinds)),
                          "body": draw(st.none() | st.sampled_from(BODIES)), "same_government": draw(st.booleans())},
         "categories": draw(categories)}
        for i in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    data["card_flows"] = [
        {"id": f"c{i}", "affair": draw(st.sampled_from(affair_ids)), "card": draw(st.sampled_from(CARDS)),
         "application": draw(st.sampled_from(APPLICATIONS)), "operation": draw(st.sampled_from(["read", "write"])),
         "items": draw(st.lists(st.sampled_from(ITEMS), max_size=5, unique=True)),
         "terminal": draw(st.none() | st.sampled_from(terminal_ids)) if terminal_ids else None,
         "transfer": {"medium": draw(st.sampled_from(["none", "network", "removable_media"])),
                      "encrypted": draw(st.booleans()), "logged": draw(st.booleans())},
         "consent_recorded": draw(st.booleans()), "persistent_key": draw(st.booleans())}
        for i in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    file_ids = [f["id"] for f in data["files"]]
    data["entrustments"] = [
        {"id": f"e{i}", "file": draw(st.sampled_from(file_ids)), "contractor": "委託先",
         "supervision": draw(st.booleans()), "subcontract": draw(st.booleans()),
         "subcontract_permitted": draw(st.booleans())}
        for i in range(draw(st.integers(0, 2) if file_ids else st.just(0)))
    ]  # fmt: skip
    assessments = []
    for i in range(draw(st.integers(0, 3))):
        comment = None
        if draw(st.booleans()):
            start = draw(dates)
            comment = {"from": start.isoformat(),
                       "to": (start + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat(),
                       "shortened_reason": draw(st.none() | st.just("理由"))}  # fmt: skip
        assessments.append({
            "id": f"s{i}", "affair": draw(st.sampled_from(affair_ids)),
            "level": draw(st.sampled_from(["basic", "key", "full"])), "published_on": draw(st.none() | iso),
            "public_comment": comment, "third_party_review_on": draw(st.none() | iso),
            "ppc_approval_on": draw(st.none() | iso), "last_review_on": draw(st.none() | iso),
        })  # fmt: skip
    data["assessments"] = assessments
    data["changes"] = [
        {"id": f"ch{i}", "affair": draw(st.sampled_from(affair_ids)), "effective_on": draw(iso),
         "important": draw(st.booleans()), "summary": "変更"}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    data["incidents"] = [
        {"id": f"i{i}", "occurred_on": draw(iso), "serious": draw(st.booleans())}
        for i in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    return data
