"""The typed keyword arguments of the registry services name exactly what a service may set."""

from __future__ import annotations

from compliance.registry import fields as fx
from compliance.registry import models as m
from compliance.registry.writes import NOUNS, editable_fields

TYPED = {
    m.Ordinance: fx.OrdinanceFields,
    m.OrdinanceAffair: fx.OrdinanceAffairFields,
    m.IntraProvision: fx.IntraProvisionFields,
    m.Affair: fx.AffairFields,
    m.SpecificFile: fx.FileFields,
    m.Terminal: fx.TerminalFields,
    m.Provision: fx.ProvisionFields,
    m.CardFlow: fx.CardFlowFields,
    m.Entrustment: fx.EntrustmentFields,
    m.DeclaredAssessment: fx.DeclaredAssessmentFields,
    m.Change: fx.ChangeFields,
    m.Incident: fx.IncidentFields,
}


def test_every_kind_of_entry_has_typed_fields_with_the_models_editable_fields_and_its_id() -> None:
    assert set(TYPED) == set(NOUNS)
    for model, typed in TYPED.items():
        assert set(typed.__annotations__) | set(getattr(typed, "__optional_keys__", ())) == (
            editable_fields(model) | {"ref"}
        ), model.__name__
        assert typed.__required_keys__ == frozenset(), model.__name__
