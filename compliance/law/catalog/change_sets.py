"""A change set from the web: read, preview (a dry run), then apply exactly what was previewed.

The page and ``manage.py catalog_apply`` share everything that matters: the text is parsed
by :func:`parse_change_set` (YAML, or JSON for a ``.json`` file), checked by
:func:`compliance.law.catalog.amendments.plan_change_set` and written by
:func:`compliance.law.services.catalog_apply` (one transaction, one ``ChangeSet`` row, one
audit event ``compliance.catalog.amended``, the ``catalog_changed`` signal).
docs/catalog-format.md, "Change sets".

The preview writes nothing. It hands the page a signed token naming the SHA-256 of the
previewed text, the administrator, and the newest ``ChangeSet`` at that moment; applying
refuses a text whose digest differs, another user's token, and a preview the catalog has
moved on from since (another change set applied, this one included: a confirmed preview
cannot be applied twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core import signing
from django.db import transaction

from compliance.law import models as m
from compliance.law.catalog.amendments import Plan
from compliance.law.catalog.records import KINDS_BY_NAME, CatalogValidationError, record_from_model
from compliance.law.services import ApplyResult, catalog_apply
from compliance.lib.actors import UserActor

#: Largest change set accepted through the web (a change set is a few records, not a catalog).
MAX_BYTES = 1_000_000
#: How long a preview can be confirmed.
PREVIEW_MAX_AGE = dt.timedelta(hours=2)
_SALT = "compliance.law.change_set_preview"


class StalePreview(Exception):
    """The confirmed text is not the previewed one, the preview is old, or the catalog changed since."""


def parse_change_set(text: str, name: str) -> Any:
    """The parsed change set: JSON when ``name`` ends in ``.json``, else YAML (JSON is YAML too)."""
    try:
        if name.lower().endswith(".json"):
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise CatalogValidationError([f"{name}: not valid JSON (line {exc.lineno}): {exc.msg}"]) from None
    except yaml.YAMLError as exc:
        raise CatalogValidationError([f"{name}: not valid YAML: {exc}"]) from None


def decode_change_set(raw: bytes, name: str) -> str:
    """The text of an uploaded file (UTF-8, a BOM dropped); refused above :data:`MAX_BYTES`."""
    if len(raw) > MAX_BYTES:
        raise CatalogValidationError([f"{name}: cannot be read: larger than {MAX_BYTES} bytes"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogValidationError([f"{name}: cannot be read: {exc}"]) from None


def normalize(text: str) -> str:
    """Line ends as LF: a form sends CRLF, a page's hidden field gives LF back; the digest must agree."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def digest(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def _catalog_state() -> int:
    """The newest change set's id: any write to the catalog moves it."""
    return m.ChangeSet.objects.order_by("-id").values_list("id", flat=True).first() or 0


@dataclass(frozen=True)
class Line:
    """One record the change set adds, ends or changes, with the periods before and after."""

    kind: str
    kind_label: str
    key: str
    old_from: dt.date | None = None
    old_until: dt.date | None = None
    new_from: dt.date | None = None
    new_until: dt.date | None = None
    fields: tuple[str, ...] = ()


@dataclass
class Preview:
    plan: Plan
    text: str
    name: str
    sha256: str
    token: str
    added: list[Line] = field(default_factory=list)
    ended: list[Line] = field(default_factory=list)
    changed: list[Line] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "ended": len(self.ended), "changed": len(self.changed)}


def _lines(plan: Plan) -> tuple[list[Line], list[Line], list[Line]]:
    def label(name: str) -> str:
        return KINDS_BY_NAME[name].label

    added = [
        Line(r.kind.name, label(r.kind.name), r.key, new_from=r.in_force_from, new_until=r.in_force_until)
        for r in plan.adds
    ]
    ended = [
        Line(k.name, label(k.name), obj.key, old_from=obj.in_force_from, old_until=plan.effective_on)
        for k, obj in plan.ends
    ]
    changed = []
    for kind, obj, successor in plan.changes:
        before = record_from_model(kind, obj).content()
        after = successor.content()
        fields = tuple(name for name in after if before.get(name) != after.get(name))
        line = Line(
            kind.name, label(kind.name), obj.key,
            old_from=obj.in_force_from, old_until=plan.effective_on,
            new_from=successor.in_force_from, new_until=successor.in_force_until, fields=fields,
        )  # fmt: skip
        changed.append(line)
    order = {name: index for index, name in enumerate(KINDS_BY_NAME)}
    for lines in (added, ended, changed):
        lines.sort(key=lambda line: (order[line.kind], line.key))
    return added, ended, changed


def change_set_preview(*, text: str, name: str, acting_user: UserActor) -> Preview:
    """Check ``text`` as ``catalog_apply --dry-run`` does; raise with every problem. Writes nothing."""
    text = normalize(text)
    result = catalog_apply(
        change_set=parse_change_set(text, name), acting_user=acting_user, label=name, dry_run=True
    )
    sha256 = digest(text)
    token = signing.dumps(
        {"sha256": sha256, "user": acting_user.pk, "after": _catalog_state()}, salt=_SALT, compress=True
    )
    preview = Preview(plan=result.plan, text=text, name=name, sha256=sha256, token=token)
    preview.added, preview.ended, preview.changed = _lines(result.plan)
    return preview


def change_set_apply(*, text: str, name: str, token: str, acting_user: UserActor) -> ApplyResult:
    """Apply the previewed ``text`` through :func:`catalog_apply`, or raise :class:`StalePreview`."""
    text = normalize(text)
    try:
        claim = signing.loads(token, salt=_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        raise StalePreview("the preview is unknown or too old") from None
    if claim.get("sha256") != digest(text) or claim.get("user") != acting_user.pk:
        raise StalePreview("the text differs from the previewed one")
    with transaction.atomic():
        # Two confirmations of one preview at once: the second waits for the first's lock on the
        # change set it saw, then finds the catalog moved on.
        list(m.ChangeSet.objects.select_for_update().filter(pk=claim.get("after")))
        if claim.get("after") != _catalog_state():
            raise StalePreview("the catalog changed since the preview")
        return catalog_apply(change_set=parse_change_set(text, name), acting_user=acting_user, label=name)
