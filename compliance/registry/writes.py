"""The machinery every registry service shares: validate, lock, compare versions, write, audit, re-check.

:mod:`compliance.registry.services` names one service per entity and write; this module
holds what they all do the same way, so "one write, one audit event, a re-check on
commit, a conflict instead of a silent overwrite" is written once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.audit.services import record
from compliance.checks.services import findings_refresh_on_commit
from compliance.declaration.collections import COLLECTIONS
from compliance.lib.actors import Actor
from compliance.registry import models as m
from compliance.registry.codec import collection_model
from compliance.registry.exceptions import ConflictError
from compliance.registry.signals import registry_changed

E = TypeVar("E", bound=m.RegistryEntry)

#: The audit noun of each model (``compliance.<noun>.<verb>``) and the prefix of generated IDs,
#: from the table of declaration collections.
NOUNS: dict[type[m.RegistryEntry], tuple[str, str]] = {
    collection_model(c): (c.audit_noun, c.id_prefix) for c in COLLECTIONS
}

#: What a service may set, per model; ``ref`` only when creating (IDs are what other entries cite).
_NOT_EDITABLE = {"id", "organization", "ref", "version", "created_at", "updated_at", "ordinance"}


def editable_fields(model: type[m.RegistryEntry]) -> frozenset[str]:
    """The model's own fields a service may set (reverse relations and bookkeeping excluded)."""
    names = {f.name for f in model._meta.get_fields() if not f.auto_created}
    return frozenset(names - _NOT_EDITABLE)


def action(model: type[m.RegistryEntry], verb: str) -> str:
    return f"compliance.{NOUNS[model][0]}.{verb}"


# --- helpers -----------------------------------------------------------------------


def _refuse_unknown(model: type[m.RegistryEntry], fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - editable_fields(model))
    if unknown:
        raise TypeError(f"{model.__name__}: cannot set {', '.join(unknown)}")


def _audit_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return getattr(value, "ref", value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [_audit_value(v) for v in value]
    return value


def _audit(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: _audit_value(value) for name, value in sorted(fields.items())}


def _check_owned(organization_id: int, fields: Mapping[str, Any]) -> None:
    """Refuse a reference to another organisation's entry (an officer can only wire their own registry)."""
    errors = {}
    for name, value in fields.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, m.RegistryEntry) and item.organization_id != organization_id:
                errors[name] = _("この機関の登録内容ではありません。")
    if errors:
        raise ValidationError(errors)


_PREFIXED = re.compile(r"^(?P<prefix>[a-z]+)(?P<n>\d+)$")


def next_ref(
    model: type[m.RegistryEntry], *, organization: Organization, scope: dict[str, Any] | None = None
) -> str:
    """A fresh ID for an entry created in the web forms: ``a1``, ``a2``… (``ch3`` for changes)."""
    prefix = NOUNS[model][1]
    taken = set(
        model.objects.filter(organization=organization, **(scope or {})).values_list("ref", flat=True)
    )
    numbers = [
        int(match["n"]) for ref in taken if (match := _PREFIXED.match(ref)) and match["prefix"] == prefix
    ]
    n = max(numbers, default=0) + 1
    while f"{prefix}{n}" in taken:  # pragma: no cover - only when IDs were imported out of order
        n += 1
    return f"{prefix}{n}"


def _lock(instance: E) -> E | None:
    return type(instance).objects.select_for_update().filter(pk=instance.pk).first()


def _changes(instance: m.RegistryEntry, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose value really differs (foreign keys compared by ID)."""
    changed = {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            current = sorted(getattr(instance, name).values_list("pk", flat=True))
            if sorted(v.pk for v in value) != current:
                changed[name] = value
        elif field.many_to_one:
            if getattr(instance, f"{name}_id") != (value.pk if value is not None else None):
                changed[name] = value
        elif getattr(instance, name) != value:
            changed[name] = value
    return changed


Guard = Callable[[Any], None]


@transaction.atomic
def create(
    model: type[E],
    *,
    organization: Organization,
    acting_user: Actor,
    fields: Mapping[str, Any],
    fixed: dict[str, Any] | None = None,
    guard: Guard | None = None,
) -> E:
    fields = dict(fields)
    ref = fields.pop("ref", None) or next_ref(model, organization=organization, scope=_scope(fixed))
    _refuse_unknown(model, fields)
    _check_owned(organization.pk, fields)
    many = {name: fields.pop(name) for name in list(fields) if model._meta.get_field(name).many_to_many}
    instance = model(organization=organization, ref=ref, **(fixed or {}), **fields)
    if guard:
        guard(instance)
    instance.full_clean()
    instance.save()
    for name, values in many.items():
        getattr(instance, name).set(values)
    record(
        action(model, "created"),
        actor=acting_user,
        target=instance,
        data={"ref": ref, "values": _audit({**fields, **many})},
    )
    findings_refresh_on_commit(organization.pk)
    registry_changed.send(sender=type(instance), organization_id=organization.pk)
    return instance


def _scope(fixed: dict[str, Any] | None) -> dict[str, Any] | None:
    """IDs of ordinance affairs and intra provisions are unique within their ordinance only."""
    if fixed and "ordinance" in fixed:
        return {"ordinance": fixed["ordinance"]}
    return None


@transaction.atomic
def update(
    instance: E,
    *,
    acting_user: Actor,
    expected_version: int | None,
    fields: Mapping[str, Any],
    guard: Guard | None = None,
) -> E:
    """Save ``fields`` if the entry is still at ``expected_version``; else :class:`ConflictError`.

    ``None`` (a form posted without its version) matches no entry: refused like a stale version.
    """
    _refuse_unknown(type(instance), fields)
    current = _lock(instance)
    if current is None or current.version != expected_version:
        raise ConflictError(
            current=current,
            expected_version=expected_version,
            current_version=None if current is None else current.version,
            attempted=fields,
        )
    _check_owned(current.organization_id, fields)
    changed = _changes(current, fields)
    if not changed:
        return current
    many = {name: changed[name] for name in changed if current._meta.get_field(name).many_to_many}
    for name, value in changed.items():
        if name not in many:
            setattr(current, name, value)
    if guard:
        guard(current)
    current.full_clean()
    current.version += 1
    current.save()
    for name, values in many.items():
        getattr(current, name).set(values)
    record(
        action(type(current), "updated"),
        actor=acting_user,
        target=current,
        data={"ref": current.ref, "version": current.version, "changed": _audit(changed)},
    )
    findings_refresh_on_commit(current.organization_id)
    registry_changed.send(sender=type(current), organization_id=current.organization_id)
    return current


@transaction.atomic
def delete(
    instance: m.RegistryEntry,
    *,
    acting_user: Actor,
    expected_version: int | None = None,
    guard: Guard | None = None,
) -> None:
    current = _lock(instance)
    if current is None or (expected_version is not None and current.version != expected_version):
        raise ConflictError(
            current=current,
            expected_version=expected_version if expected_version is not None else instance.version,
            current_version=None if current is None else current.version,
        )
    if guard:
        guard(current)
    record(action(type(current), "deleted"), actor=acting_user, target=current, data={"ref": current.ref})
    organization_id = current.organization_id
    try:
        current.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(_("他の登録内容から参照されているため削除できません。")) from exc
    findings_refresh_on_commit(organization_id)
    registry_changed.send(sender=m.RegistryEntry, organization_id=organization_id)


def refs_label(entries: Iterable[m.RegistryEntry]) -> str:
    return ", ".join(sorted(e.ref for e in entries))
