"""Every write to the registry: create, update and delete each kind of entry.

Each service takes keyword arguments only and an ``acting_user`` (``None`` for the
system, e.g. a command run without ``--as-user``), runs in one transaction, writes
exactly one audit event, and after commit schedules a re-check of the organisation
(live findings, :func:`compliance.checks.services.findings_refresh_on_commit`).

Update services take the ``expected_version`` the officer's form was built from and
raise :class:`~compliance.registry.exceptions.ConflictError` when someone saved the
entry in between: nothing is silently overwritten. Free text is refused when it
holds what looks like a My Number (the models' validators); references must belong
to the same organisation.
"""

from __future__ import annotations

from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.checks.selectors import catalog_for_checks
from compliance.lib.actors import Actor
from compliance.lib.vocabulary import BasisKind
from compliance.registry import fields as fx
from compliance.registry import models as m
from compliance.registry.writes import create, delete, refs_label, update

# --- ordinances (条例) ---------------------------------------------------------------


def _ordinance_not_cited(ordinance: m.Ordinance) -> None:
    citing = m.Affair.objects.filter(
        organization_id=ordinance.organization_id,
        basis_kind=BasisKind.ORDINANCE,
        basis_ordinance=ordinance.ref,
    )
    if citing.exists():
        raise ValidationError(
            _("事務 %(refs)s がこの条例を利用の根拠としているため削除できません。")
            % {"refs": refs_label(citing)}
        )


def _ordinance_affair_not_cited(affair: m.OrdinanceAffair) -> None:
    citing = m.Affair.objects.filter(
        organization_id=affair.organization_id,
        basis_kind=BasisKind.ORDINANCE,
        basis_ordinance=affair.ordinance.ref,
        basis_affair=affair.ref,
    )
    if citing.exists():
        raise ValidationError(
            _("事務 %(refs)s がこの条例事務を利用の根拠としているため削除できません。")
            % {"refs": refs_label(citing)}
        )


def ordinance_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.OrdinanceFields]
) -> m.Ordinance:
    """Declare an ordinance (``title``, ``number``, ``in_force_from``, ``repealed_on``; ``ref`` optional)."""
    return create(m.Ordinance, organization=organization, acting_user=acting_user, fields=fields)


def ordinance_update(
    *, ordinance: m.Ordinance, acting_user: Actor, expected_version: int, **fields: Unpack[fx.OrdinanceFields]
) -> m.Ordinance:
    return update(ordinance, acting_user=acting_user, expected_version=expected_version, fields=fields)


def ordinance_delete(
    *, ordinance: m.Ordinance, acting_user: Actor, expected_version: int | None = None
) -> None:
    """Remove an ordinance with its affairs and intra provisions, unless an affair cites it as its basis."""
    delete(ordinance, acting_user=acting_user, expected_version=expected_version, guard=_ordinance_not_cited)


def ordinance_affair_create(
    *, ordinance: m.Ordinance, acting_user: Actor, **fields: Unpack[fx.OrdinanceAffairFields]
) -> m.OrdinanceAffair:
    """An affair the ordinance lists (番号法第9条第2項): ``name``, ``field``."""
    return create(
        m.OrdinanceAffair,
        organization=ordinance.organization,
        acting_user=acting_user,
        fields=fields,
        fixed={"ordinance": ordinance},
    )


def ordinance_affair_update(
    *,
    ordinance_affair: m.OrdinanceAffair,
    acting_user: Actor,
    expected_version: int,
    **fields: Unpack[fx.OrdinanceAffairFields],
) -> m.OrdinanceAffair:
    return update(ordinance_affair, acting_user=acting_user, expected_version=expected_version, fields=fields)


def ordinance_affair_delete(
    *, ordinance_affair: m.OrdinanceAffair, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(
        ordinance_affair,
        acting_user=acting_user,
        expected_version=expected_version,
        guard=_ordinance_affair_not_cited,
    )


def intra_provision_create(
    *, ordinance: m.Ordinance, acting_user: Actor, **fields: Unpack[fx.IntraProvisionFields]
) -> m.IntraProvision:
    """Provision between organs the ordinance allows (番号法第19条第11号): ``from_body``, ``to_body``,
    ``purpose``, ``categories``."""
    return create(
        m.IntraProvision,
        organization=ordinance.organization,
        acting_user=acting_user,
        fields=fields,
        fixed={"ordinance": ordinance},
        guard=_categories_known,
    )


def intra_provision_update(
    *,
    intra_provision: m.IntraProvision,
    acting_user: Actor,
    expected_version: int,
    **fields: Unpack[fx.IntraProvisionFields],
) -> m.IntraProvision:
    return update(
        intra_provision,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        guard=_categories_known,
    )


def intra_provision_delete(
    *, intra_provision: m.IntraProvision, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(intra_provision, acting_user=acting_user, expected_version=expected_version)


def _categories_known(entry: Any) -> None:
    """Information categories must be names of the legal catalog (an unknown one is a typo, not a finding)."""
    if not isinstance(entry.categories, list):
        return  # the model's clean() explains the shape
    catalog = catalog_for_checks()
    unknown = [
        name for name in entry.categories if isinstance(name, str) and not catalog.category_known(name)
    ]
    if unknown:
        raise ValidationError(
            {"categories": _("法令カタログにない情報の種類です: %(names)s") % {"names": ", ".join(unknown)}}
        )


# --- affairs (事務) ---------------------------------------------------------------------


def _normal_basis(affair: m.Affair) -> None:
    """Keep only the basis keys the kind uses, and make an ordinance basis point at a declared affair."""
    kind = affair.basis_kind
    affair.basis_row = (affair.basis_row or "").strip()
    if kind != BasisKind.SCHEDULE:
        affair.basis_row = ""  # a row number (項番) belongs to a schedule row only
    if kind in (BasisKind.SCHEDULE, BasisKind.QUASI):
        affair.basis_ordinance = ""
        missing = {
            name: _("別表・準法定事務を根拠とするときは入力してください。")
            for name in ("basis_statute", "basis_affair")
            if not getattr(affair, name).strip()
        }
        if missing:
            raise ValidationError(missing)
    elif kind == BasisKind.ORDINANCE:
        affair.basis_statute = ""
        if not m.OrdinanceAffair.objects.filter(
            organization_id=affair.organization_id,
            ordinance__ref=affair.basis_ordinance,
            ref=affair.basis_affair,
        ).exists():
            raise ValidationError({"basis_affair": _("この機関の条例に登録された条例事務を選んでください。")})
    else:
        affair.basis_statute = affair.basis_affair = affair.basis_ordinance = ""


def _affair_files_survive(affair: m.Affair) -> None:
    """A file serves at least one affair; deleting its only affair would orphan it."""
    orphans = m.SpecificFile.objects.filter(
        pk__in=m.FileAffair.objects.filter(affair=affair).values("file_id")
    ).exclude(pk__in=m.FileAffair.objects.exclude(affair=affair).values("file_id"))
    if orphans.exists():
        raise ValidationError(
            _(
                "ファイル %(refs)s はこの事務だけのために保有されています。先にファイルを削除するか別の事務に割り当ててください。"
            )
            % {"refs": refs_label(orphans)}
        )


def affair_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.AffairFields]
) -> m.Affair:
    """Declare an affair and its legal basis (番号法第9条): ``name``, ``uses_number``, ``basis_kind``,
    ``basis_statute``/``basis_affair`` (schedule, quasi) or ``basis_ordinance``/``basis_affair``
    (ordinance), ``basis_row`` (項番, schedule only), ``uses_gender``, ``needs_residence_status``, ``persons``, ``handlers``,
    ``serious_incident_past_year``."""
    return create(
        m.Affair, organization=organization, acting_user=acting_user, fields=fields, guard=_normal_basis
    )


def affair_update(
    *, affair: m.Affair, acting_user: Actor, expected_version: int, **fields: Unpack[fx.AffairFields]
) -> m.Affair:
    return update(
        affair, acting_user=acting_user, expected_version=expected_version, fields=fields, guard=_normal_basis
    )


def affair_delete(*, affair: m.Affair, acting_user: Actor, expected_version: int | None = None) -> None:
    """Remove an affair with its provisions, card flows, declared assessments and changes."""
    delete(affair, acting_user=acting_user, expected_version=expected_version, guard=_affair_files_survive)


# --- files (特定個人情報ファイル) -----------------------------------------------------------


def _file_serves_an_affair(affairs: Any) -> None:
    if not affairs:
        raise ValidationError({"affairs": _("ファイルを取り扱う事務を1つ以上選んでください。")})


def file_create(
    *,
    organization: Organization,
    acting_user: Actor,
    affairs: list[m.Affair],
    **fields: Unpack[fx.FileOwnFields],
) -> m.SpecificFile:
    """Declare a file held for ``affairs`` (at least one): ``name``, ``persons``, ``handlers``,
    ``serious_incident_past_year``, ``staff_only``, ``held_from``."""
    _file_serves_an_affair(affairs)
    return create(
        m.SpecificFile,
        organization=organization,
        acting_user=acting_user,
        fields={**fields, "affairs": list(affairs)},
    )


def file_update(
    *, file: m.SpecificFile, acting_user: Actor, expected_version: int, **fields: Unpack[fx.FileFields]
) -> m.SpecificFile:
    if "affairs" in fields:
        fields["affairs"] = list(fields["affairs"])
        _file_serves_an_affair(fields["affairs"])
    return update(file, acting_user=acting_user, expected_version=expected_version, fields=fields)


def file_delete(*, file: m.SpecificFile, acting_user: Actor, expected_version: int | None = None) -> None:
    """Remove a file and its entrustments."""
    delete(file, acting_user=acting_user, expected_version=expected_version)


# --- terminals, provisions, card flows -------------------------------------------------------


def terminal_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.TerminalFields]
) -> m.Terminal:
    """Declare a terminal (``name``, ``connection``, ``write_authorized``, ``two_factor``,
    ``resident_register_client``)."""
    return create(m.Terminal, organization=organization, acting_user=acting_user, fields=fields)


def terminal_update(
    *, terminal: m.Terminal, acting_user: Actor, expected_version: int, **fields: Unpack[fx.TerminalFields]
) -> m.Terminal:
    return update(terminal, acting_user=acting_user, expected_version=expected_version, fields=fields)


def _terminal_unused(terminal: m.Terminal) -> None:
    flows = m.CardFlow.objects.filter(terminal=terminal)
    if flows.exists():
        raise ValidationError(
            _("カード読取りフロー %(refs)s がこの端末を使っているため削除できません。")
            % {"refs": refs_label(flows)}
        )


def terminal_delete(*, terminal: m.Terminal, acting_user: Actor, expected_version: int | None = None) -> None:
    """Remove a terminal no card flow runs on (a flow must be moved or removed first)."""
    delete(terminal, acting_user=acting_user, expected_version=expected_version, guard=_terminal_unused)


def provision_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.ProvisionFields]
) -> m.Provision:
    """Declare a provision (番号法第19条): ``affair``, ``direction``, ``channel``, ``counterparty_*``,
    ``categories``, ``ground`` (an Article 19 ground key; empty: inferred from the channel)."""
    return create(
        m.Provision,
        organization=organization,
        acting_user=acting_user,
        fields=fields,
        guard=_categories_known,
    )


def provision_update(
    *, provision: m.Provision, acting_user: Actor, expected_version: int, **fields: Unpack[fx.ProvisionFields]
) -> m.Provision:
    return update(
        provision,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        guard=_categories_known,
    )


def provision_delete(
    *, provision: m.Provision, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(provision, acting_user=acting_user, expected_version=expected_version)


def card_flow_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.CardFlowFields]
) -> m.CardFlow:
    """Declare a card-reader flow: ``affair``, ``card``, ``application``, ``operation``, ``items``,
    ``terminal``, ``transfer_medium``/``_encrypted``/``_logged``, ``consent_recorded``, ``persistent_key``."""
    return create(m.CardFlow, organization=organization, acting_user=acting_user, fields=fields)


def card_flow_update(
    *, card_flow: m.CardFlow, acting_user: Actor, expected_version: int, **fields: Unpack[fx.CardFlowFields]
) -> m.CardFlow:
    return update(card_flow, acting_user=acting_user, expected_version=expected_version, fields=fields)


def card_flow_delete(
    *, card_flow: m.CardFlow, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(card_flow, acting_user=acting_user, expected_version=expected_version)


# --- entrustments, declared assessments, changes, incidents ----------------------------------


def entrustment_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.EntrustmentFields]
) -> m.Entrustment:
    """Declare an entrustment (委託, 番号法第10条・第11条): ``file``, ``contractor``, ``supervision``,
    ``subcontract``, ``subcontract_permitted``."""
    return create(m.Entrustment, organization=organization, acting_user=acting_user, fields=fields)


def entrustment_update(
    *,
    entrustment: m.Entrustment,
    acting_user: Actor,
    expected_version: int,
    **fields: Unpack[fx.EntrustmentFields],
) -> m.Entrustment:
    return update(entrustment, acting_user=acting_user, expected_version=expected_version, fields=fields)


def entrustment_delete(
    *, entrustment: m.Entrustment, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(entrustment, acting_user=acting_user, expected_version=expected_version)


def declared_assessment_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.DeclaredAssessmentFields]
) -> m.DeclaredAssessment:
    """Record an assessment the body already carried out (番号法第28条): ``affair``, ``level``,
    ``published_on``, ``public_comment_from``/``_to``/``_shortened_reason``, ``third_party_review_on``,
    ``ppc_approval_on``, ``last_review_on``."""
    return create(m.DeclaredAssessment, organization=organization, acting_user=acting_user, fields=fields)


def declared_assessment_update(
    *,
    assessment: m.DeclaredAssessment,
    acting_user: Actor,
    expected_version: int,
    **fields: Unpack[fx.DeclaredAssessmentFields],
) -> m.DeclaredAssessment:
    return update(assessment, acting_user=acting_user, expected_version=expected_version, fields=fields)


def declared_assessment_delete(
    *, assessment: m.DeclaredAssessment, acting_user: Actor, expected_version: int | None = None
) -> None:
    delete(assessment, acting_user=acting_user, expected_version=expected_version)


def change_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.ChangeFields]
) -> m.Change:
    """Record a change to an affair (``important``: 重要な変更, which needs a fresh assessment first)."""
    return create(m.Change, organization=organization, acting_user=acting_user, fields=fields)


def change_update(
    *, change: m.Change, acting_user: Actor, expected_version: int, **fields: Unpack[fx.ChangeFields]
) -> m.Change:
    return update(change, acting_user=acting_user, expected_version=expected_version, fields=fields)


def change_delete(*, change: m.Change, acting_user: Actor, expected_version: int | None = None) -> None:
    delete(change, acting_user=acting_user, expected_version=expected_version)


def incident_create(
    *, organization: Organization, acting_user: Actor, **fields: Unpack[fx.IncidentFields]
) -> m.Incident:
    """Record an incident (``serious``: 重大事故, which raises the threshold for a year)."""
    return create(m.Incident, organization=organization, acting_user=acting_user, fields=fields)


def incident_update(
    *, incident: m.Incident, acting_user: Actor, expected_version: int, **fields: Unpack[fx.IncidentFields]
) -> m.Incident:
    return update(incident, acting_user=acting_user, expected_version=expected_version, fields=fields)


def incident_delete(*, incident: m.Incident, acting_user: Actor, expected_version: int | None = None) -> None:
    delete(incident, acting_user=acting_user, expected_version=expected_version)
