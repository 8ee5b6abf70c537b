"""Bringing a ``pia-declaration/1`` document into the registry (docs/domain.md §6.3).

An import makes the organisation's registry equal to the document: entries are
matched by organisation (code and body) and by their IDs; new ones are created,
changed ones updated (their ``version`` goes up, so an officer editing one of them
meanwhile gets a conflict instead of overwriting the import), and entries the
document no longer lists are removed. All of it in one transaction with bulk writes
and one audit event — an import is one write. An invalid document writes nothing:
every problem is reported with its JSON path.

A dry run computes the same plan and the findings the document would raise, and
writes nothing.

docs/domain.md §6.3 also asks for the drafts to file: :func:`declaration_import_with_drafts`
(the command and the web upload) writes the registry and then, in the same transaction,
gives every affair whose threshold decision makes an assessment mandatory and that has
none yet a draft at the required level (the assessment unit is the affair that holds
the files). The registry part costs a constant number of queries; each draft is a
separate audited creation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.accounts.rules import is_officer_of
from compliance.audit.services import record
from compliance.checks.engine import evaluate
from compliance.checks.selectors import catalog_for_checks
from compliance.checks.services import findings_refresh_on_commit
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import Problem, validate_declaration
from compliance.law.catalog import Catalog
from compliance.lib.actors import Actor
from compliance.registry import codec
from compliance.registry import models as m
from compliance.registry.selectors import registry_export
from compliance.registry.signals import declaration_imported

Key = tuple[str, ...]


class DeclarationInvalid(ValueError):
    """The document is not a valid ``pia-declaration/1`` declaration; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DeclarationRefused(PermissionDenied):
    """The acting user is no officer or approver of the declared organisation; nothing was written."""


@dataclass
class CollectionPlan:
    """What an import does to one collection, by entry ID (``ORDINANCE/ID`` for ordinance sub-entries)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: The same entries as keys (declaration IDs, with the ordinance's for sub-entries), for the writer.
    keys: dict[str, list[Key]] = field(
        default_factory=lambda: {"created": [], "updated": [], "removed": []}, repr=False
    )

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.removed)


@dataclass
class ImportResult:
    organization: Organization | None  # None only for a dry run of a body not registered yet
    organization_action: str  # "created", "updated" or "unchanged"
    collections: dict[str, CollectionPlan]
    dry_run: bool
    findings: list[Any] = field(default_factory=list)  # dry run: what the checks would report
    drafted_assessments: int = 0  # drafts created for affairs that need an assessment

    def counts(self, what: str) -> dict[str, int]:
        return {name: len(getattr(plan, what)) for name, plan in self.collections.items()}

    @property
    def created(self) -> dict[str, int]:
        return self.counts("created")

    @property
    def updated(self) -> dict[str, int]:
        return self.counts("updated")

    @property
    def removed(self) -> dict[str, int]:
        return self.counts("removed")

    @property
    def url_path(self) -> str | None:
        return organization_url_path(self.organization) if self.organization is not None else None

    def summary(self) -> dict[str, Any]:
        """The JSON the ``import_declaration`` command prints."""
        return {
            "organization": {
                "id": getattr(self.organization, "pk", None),
                "code": getattr(self.organization, "code", None),
                "body": getattr(self.organization, "body", None),
                "action": self.organization_action,
            },
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": {name: plan.unchanged for name, plan in self.collections.items()},
            "assessments_drafted": self.drafted_assessments,
            "url": self.url_path,
            "dry_run": self.dry_run,
        }


def organization_url_path(organization: Organization) -> str:
    try:
        return reverse("registry:organization", args=[organization.pk])
    except NoReverseMatch:  # before the officer pages are wired
        return f"/registry/organizations/{organization.pk}/"


# --- the plan -----------------------------------------------------------------------


def _keyed(document: dict[str, Any]) -> dict[str, dict[Key, dict[str, Any]]]:
    """Every entry of a normal-form document by collection and key; ordinances without their sub-lists."""
    out: dict[str, dict[Key, dict[str, Any]]] = {name: {} for name in codec.ALL_COLLECTIONS}
    for ordinance in document.get("ordinances", []):
        out["ordinances"][(ordinance["id"],)] = {
            k: v for k, v in ordinance.items() if k not in ("affairs", "intra_provisions")
        }
        for sub in ordinance["affairs"]:
            out["ordinance_affairs"][(ordinance["id"], sub["id"])] = sub
        for sub in ordinance["intra_provisions"]:
            out["intra_provisions"][(ordinance["id"], sub["id"])] = sub
    for collection in codec.COLLECTION_MODELS:
        if collection != "ordinances":
            out[collection] = {(entry["id"],): entry for entry in document.get(collection, [])}
    return out


def _label(key: Key) -> str:
    return "/".join(key)


def _plan(
    current: dict[str, dict[Key, dict[str, Any]]], wanted: dict[str, dict[Key, dict[str, Any]]]
) -> dict[str, CollectionPlan]:
    plans = {}
    for collection in codec.ALL_COLLECTIONS:
        have, want = current[collection], wanted[collection]
        plan = CollectionPlan()
        for key, entry in want.items():
            if key not in have:
                what = "created"
            elif have[key] != entry:
                what = "updated"
            else:
                plan.unchanged += 1
                continue
            getattr(plan, what).append(_label(key))
            plan.keys[what].append(key)
        plan.keys["removed"] = [key for key in have if key not in want]
        plan.removed = [_label(key) for key in plan.keys["removed"]]
        plans[collection] = plan
    return plans


# --- the service ----------------------------------------------------------------------


def _catalog(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else catalog_for_checks()


def _organization_action(organization: Organization | None, declared: dict[str, Any]) -> str:
    if organization is None:
        return "created"
    if (organization.name, organization.kind) != (declared["name"], declared["kind"]):
        return "updated"
    return "unchanged"


def declaration_import(
    *,
    data: Any,
    acting_user: Actor,
    dry_run: bool = False,
    organization: Organization | None = None,
    as_of: dt.date | None = None,
    catalog: Catalog | None = None,
    schedule_refresh: bool = True,
    source: dict[str, Any] | None = None,
) -> ImportResult:
    """Make the registry of the declaring organisation equal to ``data``.

    ``organization``: when given (the web upload), the document must be that
    organisation's, so an officer can never write into another body's registry.
    ``as_of`` dates the findings of a dry run (today by default: the stored findings
    are as of today). ``source``: what the audit event records of where the document came
    from (the web upload: the previewed file's SHA-256 and size). Raises
    :class:`DeclarationInvalid` with every problem, and :class:`DeclarationRefused` when
    ``acting_user`` is no officer or approver of the declared organisation
    (``acting_user=None``: the operator's own import, by command).
    """
    catalog = _catalog(catalog)
    problems = validate_declaration(data, catalog)
    if problems:
        raise DeclarationInvalid(problems)
    document = codec.normalize_declaration(data)
    declared = document["organization"]
    if organization is not None and (organization.code, organization.body) != (
        declared["code"],
        declared["body"],
    ):
        raise DeclarationInvalid(
            [
                Problem(
                    "organization",
                    f"this declaration is for {declared['code']}/{declared['body']}, "
                    f"not for {organization.code}/{organization.body}",
                )
            ]
        )

    with transaction.atomic():
        target = (
            Organization.objects.select_for_update()
            .filter(code=declared["code"], body=declared["body"])
            .first()
        )
        if acting_user is not None and not is_officer_of(acting_user, target):
            # Only the body's own officers write its registry (an import is recorded as
            # their act); an organisation the registry does not hold yet has none.
            raise DeclarationRefused(
                f"{acting_user.get_username()} is not an officer or approver of "
                f"{declared['code']}/{declared['body']}"
                + ("" if target is not None else " (no such organisation in the registry yet)")
            )
        current = registry_export(organization=target) if target is not None else {}
        plans = _plan(_keyed(current), _keyed(document))
        result = ImportResult(
            organization=target,
            organization_action=_organization_action(target, declared),
            collections=plans,
            dry_run=dry_run,
        )
        if dry_run:
            result.findings = _findings(document, catalog, as_of)
            return result
        if target is None:
            target = Organization.objects.create(**declared)
        elif result.organization_action == "updated":
            target.name, target.kind = declared["name"], declared["kind"]
            target.save(update_fields=["name", "kind"])
        result.organization = target
        _Writer(target, _keyed(document), plans).apply()
        record(
            "compliance.declaration.imported",
            actor=acting_user,
            target=target,
            data={
                "organization": result.organization_action,
                "created": result.created,
                "updated": result.updated,
                "removed": result.removed,
                **({"source": source} if source else {}),
            },
        )
        if schedule_refresh:
            findings_refresh_on_commit(target.pk)
    return result


def _findings(document: dict[str, Any], catalog: Catalog, as_of: dt.date | None) -> list[Any]:
    day = as_of or timezone.localdate()
    return list(evaluate(snapshot_from_declaration(document), catalog, day))


# --- the bulk writer ---------------------------------------------------------------------


class _Writer:
    """Applies a plan with one read and a few bulk statements per table (no query per row).

    Creates and updates run in dependency order (ordinances → affairs → files → …) so a
    moved reference already points at its new target; removals run last, in reverse
    order, so a cascade never takes an entry the document keeps.
    """

    def __init__(
        self,
        organization: Organization,
        wanted: dict[str, dict[Key, dict[str, Any]]],
        plans: dict[str, CollectionPlan],
    ) -> None:
        self.organization = organization
        self.wanted = wanted
        self.plans = plans
        self.refs = codec.ImportRefs()
        self.now = timezone.now()
        self.rows: dict[str, dict[Key, m.RegistryEntry]] = {}

    def apply(self) -> None:
        self._load()
        for collection in codec.ALL_COLLECTIONS:
            self._write(collection)
            self._remember(collection)
        self._write_file_affairs()
        for collection in reversed(codec.ALL_COLLECTIONS):
            plan = self.plans[collection]
            removed = [self.rows[collection][key].pk for key in plan.keys["removed"]]
            if not removed:
                continue
            try:
                self._model(collection).objects.filter(pk__in=removed).delete()
            except (ProtectedError, RestrictedError):
                # e.g. an affair the product's own assessment workflow refers to: the whole import rolls back.
                raise DeclarationInvalid(
                    [
                        Problem(
                            collection,
                            f"cannot remove {', '.join(plan.removed)}: other records (assessments) refer to them",
                        )
                    ]
                ) from None

    def _model(self, collection: str) -> type[m.RegistryEntry]:
        return codec.COLLECTION_MODELS.get(collection) or codec.NESTED_MODELS[collection]

    def _load(self) -> None:
        org = self.organization
        ordinances = {row.pk: row.ref for row in m.Ordinance.objects.filter(organization=org)}
        for collection in codec.ALL_COLLECTIONS:
            model = self._model(collection)
            rows = model.objects.filter(organization=org)
            if collection in codec.NESTED_MODELS:
                self.rows[collection] = {(ordinances[row.ordinance_id], row.ref): row for row in rows}
            else:
                self.rows[collection] = {(row.ref,): row for row in rows}
        self.file_affairs = {
            (file_id, affair_id): pk
            for pk, file_id, affair_id in m.FileAffair.objects.filter(file__organization=org).values_list(
                "pk", "file_id", "affair_id"
            )
        }

    def _fields(self, collection: str, key: Key) -> dict[str, Any]:
        fields = codec.FIELD_READERS[collection](self.wanted[collection][key], self.refs)
        if collection in codec.NESTED_MODELS:
            fields["ordinance_id"] = self.refs.ordinances[key[0]]
        return fields

    def _write(self, collection: str) -> None:
        model = self._model(collection)
        plan = self.plans[collection]
        new = []
        for key in plan.keys["created"]:
            row = model(organization=self.organization, ref=key[-1], **self._fields(collection, key))
            new.append(row)
            self.rows[collection][key] = row
        model.objects.bulk_create(new)
        changed = []
        names: set[str] = set()
        for key in plan.keys["updated"]:
            row = self.rows[collection][key]
            fields = self._fields(collection, key)
            for name, value in fields.items():
                setattr(row, name, value)
            row.version += 1
            row.updated_at = self.now
            names.update(fields)
            changed.append(row)
        if changed:
            model.objects.bulk_update(changed, sorted(names | {"version", "updated_at"}))

    def _remember(self, collection: str) -> None:
        """Declaration ID → primary key of the rows later collections point at."""
        target = {
            "ordinances": "ordinances",
            "affairs": "affairs",
            "files": "files",
            "terminals": "terminals",
        }
        if collection in target:
            setattr(
                self.refs,
                target[collection],
                {
                    key[0]: row.pk
                    for key, row in self.rows[collection].items()
                    if key in self.wanted[collection]
                },
            )

    def _write_file_affairs(self) -> None:
        """The files ↔ affairs links: add the missing ones, drop the ones the document no longer has."""
        wanted = {
            (self.refs.files[key[0]], self.refs.affairs[affair_ref])
            for key, entry in self.wanted["files"].items()
            for affair_ref in entry["affairs"]
        }
        kept_files = set(self.refs.files.values())
        stale = [pk for pair, pk in self.file_affairs.items() if pair not in wanted and pair[0] in kept_files]
        if stale:
            m.FileAffair.objects.filter(pk__in=stale).delete()
        m.FileAffair.objects.bulk_create(
            [m.FileAffair(file_id=f, affair_id=a) for f, a in sorted(wanted - set(self.file_affairs))]
        )


def declaration_import_with_drafts(*, data: Any, acting_user: Actor, **options: Any) -> ImportResult:
    """:func:`declaration_import`, then the work it makes necessary, in one transaction.

    The assessments built on the registry file the draft assessments the imported affairs need
    (and prompt re-assessments): the registry announces the import (:data:`declaration_imported`)
    rather than calling the app above it; each receiver returns how many drafts it filed.
    """
    with transaction.atomic():
        result = declaration_import(data=data, acting_user=acting_user, **options)
        if not result.dry_run and result.organization is not None:
            responses = declaration_imported.send(
                sender=ImportResult, organization=result.organization, acting_user=acting_user
            )
            # django-stubs types a receiver's return as str | None; ours return the number of drafts.
            result.drafted_assessments = sum(cast(int, n) for _receiver, n in responses if n is not None)
    return result
