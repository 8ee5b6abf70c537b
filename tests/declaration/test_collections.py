"""The table of collections: the one place, with the schema, where the declaration format is written."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

from compliance.checks import snapshot
from compliance.declaration.collections import BY_NAME, COLLECTIONS, TOP_LEVEL, Field, Shape
from compliance.declaration.normal_form import normalize_declaration, normalize_entry
from compliance.declaration.validation import declaration_schema
from compliance.registry import codec
from compliance.registry import models as m
from compliance.registry.writes import NOUNS
from tests.checks.factories import clean_declaration


def _entry_schema(noun: str) -> dict[str, Any]:
    definition: dict[str, Any] = declaration_schema()["$defs"][noun]
    return definition


def test_every_collection_has_the_keys_and_the_required_keys_its_schema_has() -> None:
    for collection in COLLECTIONS:
        schema = _entry_schema(collection.noun)
        assert {f.name for f in collection.fields} == set(schema["properties"]), collection.name
        assert {f.name for f in collection.fields if f.required} == set(schema["required"]), collection.name


def test_the_top_level_collections_are_the_schemas_in_document_order() -> None:
    schema = declaration_schema()["properties"]
    assert tuple(k for k in schema if schema[k].get("type") == "array") == TOP_LEVEL
    for name in TOP_LEVEL:
        assert schema[name]["items"]["$ref"] == f"#/$defs/{BY_NAME[name].noun}"


def test_the_registry_derives_its_models_nouns_prefixes_and_labels_from_the_table() -> None:
    assert [NOUNS[codec.collection_model(c)] for c in COLLECTIONS] == [
        (c.audit_noun, c.id_prefix) for c in COLLECTIONS
    ]
    assert codec.collection_model(BY_NAME["files"]) is m.SpecificFile
    for collection in COLLECTIONS:
        model = codec.collection_model(collection)
        assert str(model._meta.verbose_name_plural) == collection.label_ja
        assert codec.collection_label(collection.name) == collection.label_ja


# --- adding an optional key: the table and the schema, nothing else --------------------------


def _with_key(name: str, field: Field) -> Any:
    collection = BY_NAME[name]
    return dataclasses.replace(collection, fields=(*collection.fields, field))


def test_an_optional_key_added_to_the_table_is_normalised_with_its_default() -> None:
    terminals = _with_key("terminals", Field("kiosk", False))
    declared = {"id": "t1", "name": "窓口端末", "connection": "lgwan"}

    assert normalize_entry(terminals, declared)["kiosk"] is False
    assert normalize_entry(terminals, {**declared, "kiosk": True})["kiosk"] is True
    # the keys already in the table are as before
    assert {k: v for k, v in normalize_entry(terminals, declared).items() if k != "kiosk"} == (
        normalize_entry(BY_NAME["terminals"], declared)
    )


def test_an_optional_key_added_to_the_table_is_exported_and_imported_by_the_codec() -> None:
    terminals = _with_key("terminals", Field("kiosk", False))
    row = SimpleNamespace(
        ref="t1",
        name="窓口端末",
        connection="lgwan",
        write_authorized=False,
        two_factor=True,
        resident_register_client=False,
        kiosk=True,  # the registry's column of the same name
    )

    entry = codec.export_entry(terminals, row, codec.ExportRefs(), {})
    fields = codec.import_fields(terminals, entry, codec.ImportRefs(), {})

    assert entry == {
        "id": "t1",
        "name": "窓口端末",
        "connection": "lgwan",
        "write_authorized": False,
        "two_factor": True,
        "resident_register_client": False,
        "kiosk": True,
    }
    assert fields == {k: v for k, v in vars(row).items() if k != "ref"}


def test_a_key_written_only_when_set_leaves_older_documents_normalising_as_before() -> None:
    incidents = BY_NAME["incidents"]
    declared = {"id": "i1", "occurred_on": "2025-04-01", "serious": False}

    assert "known_on" not in normalize_entry(incidents, declared)
    assert normalize_entry(incidents, {**declared, "known_on": "2025-04-03"})["known_on"] == "2025-04-03"


def test_normalising_is_idempotent() -> None:
    once = normalize_declaration(clean_declaration())
    assert normalize_declaration(once) == once


SNAPSHOT_CLASSES = {
    "intra_provisions": snapshot.IntraProvision,
    "affairs": snapshot.Affair,
    "files": snapshot.File,
    "terminals": snapshot.Terminal,
    "provisions": snapshot.Provision,
    "card_flows": snapshot.CardFlow,
    "entrustments": snapshot.Entrustment,
    "assessments": snapshot.Assessment,
    "changes": snapshot.Change,
    "incidents": snapshot.Incident,
}


def test_the_snapshot_dataclasses_default_as_the_table_does() -> None:
    for name, cls in SNAPSHOT_CLASSES.items():
        keys = {f.name: f for f in BY_NAME[name].fields}
        for attribute in dataclasses.fields(cls):
            key = keys[attribute.name]
            if attribute.default is not dataclasses.MISSING and key.shape in (Shape.VALUE, Shape.DATE):
                assert attribute.default == key.default, f"{name}.{attribute.name}"
