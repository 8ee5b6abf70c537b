"""Property: whatever valid declaration goes in, the export gives it back in normal form."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.accounts.models import Organization
from compliance.lib.vocabulary import Application, Card, CardItem, Connection, Medium, Operation
from compliance.registry.codec import normalize_declaration
from compliance.registry.importing import declaration_import
from compliance.registry.selectors import registry_export

pytestmark = pytest.mark.django_db

# IDs are any strings: slashes, spaces, kana; never a twelve-digit run (a possible My Number).
ids = st.text(alphabet="ab/-_ 名前ｱ0123", min_size=1, max_size=8)


@st.composite
def declarations(draw):
    affair_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    terminal_ids = draw(st.lists(ids, max_size=3, unique=True))
    affairs = [
        {
            "id": ref,
            "name": f"事務 {ref}",
            "uses_number": draw(st.booleans()),
            "basis": draw(st.sampled_from([{"kind": "none"}, {"kind": "related"}])),
            "persons": draw(st.none() | st.integers(0, 10**6)),
        }
        for ref in affair_ids
    ]
    files = [
        {
            "id": ref,
            "name": f"ファイル {ref}",
            "affairs": draw(st.lists(st.sampled_from(affair_ids), min_size=1, max_size=3)),
            "persons": draw(st.integers(0, 10**6)),
            "handlers": draw(st.integers(0, 2000)),
            "staff_only": draw(st.booleans()),
        }
        for ref in draw(st.lists(ids, max_size=4, unique=True))
    ]
    terminals = [
        {"id": ref, "connection": draw(st.sampled_from(Connection.values)), "two_factor": draw(st.booleans())}
        for ref in terminal_ids
    ]
    flows = [
        {
            "id": ref,
            "affair": draw(st.sampled_from(affair_ids)),
            "card": draw(st.sampled_from(Card.values)),
            "application": draw(st.sampled_from(Application.values)),
            "operation": draw(st.sampled_from(Operation.values)),
            "items": draw(st.lists(st.sampled_from(CardItem.values), max_size=4)),
            "terminal": draw(st.none() | st.sampled_from(terminal_ids)) if terminal_ids else None,
            "transfer": {"medium": draw(st.sampled_from(Medium.values)), "logged": draw(st.booleans())},
        }
        for ref in draw(st.lists(ids, max_size=4, unique=True))
    ]
    return {
        "format": "pia-declaration/1",
        "organization": {"name": "架空市", "code": "999997", "kind": "municipality", "body": "mayor"},
        "affairs": affairs,
        "files": files,
        "terminals": terminals,
        "card_flows": flows,
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=declarations(), second=declarations())
def test_the_registry_always_exports_the_last_declaration_imported(first, second):
    Organization.objects.all().delete()
    organization = declaration_import(data=first, acting_user=None).organization

    declaration_import(data=second, acting_user=None)

    exported = registry_export(organization=organization)
    exported.pop("as_of")
    assert exported == normalize_declaration(second)
