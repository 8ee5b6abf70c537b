"""What a registry service may set, per kind of entry: the keyword arguments of ``*_create`` and ``*_update``.

:mod:`compliance.registry.services` takes them as ``**fields: Unpack[AffairFields]`` and so on, so a
misspelt field is a type error, not only the :class:`TypeError` :mod:`compliance.registry.writes`
raises at run time. Every key is optional (an update sets only what it names); ``ref`` (the
entry's ID) only when creating. ``tests/registry/test_fields.py`` checks each against the model's
editable fields.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from compliance.registry import models as m


class OrdinanceFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Ordinance`."""

    ref: str
    title: str
    number: str | None
    in_force_from: dt.date
    repealed_on: dt.date | None


class OrdinanceAffairFields(TypedDict, total=False):
    """The editable fields of :class:`~m.OrdinanceAffair`."""

    ref: str
    name: str
    field: str


class IntraProvisionFields(TypedDict, total=False):
    """The editable fields of :class:`~m.IntraProvision`."""

    ref: str
    from_body: str
    to_body: str
    purpose: str
    categories: list[str]


class AffairFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Affair`."""

    ref: str
    name: str
    uses_number: bool
    uses_gender: bool
    needs_residence_status: bool
    basis_kind: str
    basis_statute: str
    basis_affair: str
    basis_ordinance: str
    basis_row: str
    persons: int | None
    handlers: int | None
    serious_incident_past_year: bool | None


class FileOwnFields(TypedDict, total=False):
    """The editable fields of :class:`~m.SpecificFile` but its affairs (``file_create`` takes them apart)."""

    ref: str
    name: str
    persons: int
    handlers: int
    serious_incident_past_year: bool
    staff_only: bool
    held_from: dt.date | None


class FileFields(FileOwnFields, total=False):
    """The editable fields of :class:`~m.SpecificFile`."""

    affairs: list[m.Affair]


class TerminalFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Terminal`."""

    ref: str
    name: str
    connection: str
    write_authorized: bool
    two_factor: bool
    resident_register_client: bool


class ProvisionFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Provision`."""

    ref: str
    affair: m.Affair
    direction: str
    channel: str
    counterparty_name: str
    counterparty_kind: str
    counterparty_body: str
    counterparty_same_government: bool
    categories: list[str]
    ground: str


class CardFlowFields(TypedDict, total=False):
    """The editable fields of :class:`~m.CardFlow`."""

    ref: str
    affair: m.Affair
    card: str
    application: str
    operation: str
    items: list[str]
    terminal: m.Terminal | None
    transfer_medium: str
    transfer_encrypted: bool
    transfer_logged: bool
    consent_recorded: bool
    persistent_key: bool
    statutory_procedure: bool


class EntrustmentFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Entrustment`."""

    ref: str
    file: m.SpecificFile
    contractor: str
    supervision: bool
    subcontract: bool
    subcontract_permitted: bool


class DeclaredAssessmentFields(TypedDict, total=False):
    """The editable fields of :class:`~m.DeclaredAssessment`."""

    ref: str
    affair: m.Affair
    level: str
    published_on: dt.date | None
    public_comment_from: dt.date | None
    public_comment_to: dt.date | None
    public_comment_shortened_reason: str | None
    third_party_review_on: dt.date | None
    ppc_approval_on: dt.date | None
    last_review_on: dt.date | None


class ChangeFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Change`."""

    ref: str
    affair: m.Affair
    effective_on: dt.date
    important: bool
    summary: str


class IncidentFields(TypedDict, total=False):
    """The editable fields of :class:`~m.Incident`."""

    ref: str
    occurred_on: dt.date
    known_on: dt.date | None
    serious: bool
    summary: str
