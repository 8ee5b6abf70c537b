"""Provision and linkage (番号法第19条・第21条): handing specific personal information to another
party is forbidden except in the listed cases, and network linkage needs a permitted
(affair, information, provider) triple and a published assessment.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import VIOLATION
from compliance.checks.labels import BODY_EN, BODY_JA, FIELD_EN, FIELD_JA, KIND_JA, join_en, join_ja
from compliance.checks.rulebook import Hit, rule, subject
from compliance.checks.snapshot import Counterparty, Provision

THEME = "provision"


def _party_ja(party: Counterparty) -> str:
    if party.name:
        return party.name
    return KIND_JA.get(party.kind, party.kind) + (BODY_JA.get(party.body, party.body) if party.body else "")


def _party_en(party: Counterparty) -> str:
    if party.name:
        return party.name
    return party.kind + (f" ({BODY_EN.get(party.body, party.body)})" if party.body else "")


def _params(ctx: Context, provision: Provision, **extra: str) -> dict[str, str]:
    return {
        "affair": ctx.affair_name(provision.affair),
        "provision": provision.id,
        "party_ja": _party_ja(provision.counterparty),
        "party_en": _party_en(provision.counterparty),
        **extra,
    }


@rule(
    "PROVISION-NO-BASIS",
    severity=VIOLATION,
    citation="番号法第19条",
    theme=THEME,
    ja="「{affair}」から{party_ja}への特定個人情報の提供（{provision}）は、番号法第19条が認めるいずれの場合にも当たりません。",
    en="The provision {provision} of specific personal information from “{affair}” to {party_en} is none of the cases Article 19 of the My Number Act allows.",
)
def provision_no_basis(ctx: Context) -> Iterator[Hit]:
    """A ``provide`` provision to a ``private`` counterparty over any channel other than
    ``entrustment``, or over channel ``other`` to anyone but the ``person`` (本人・代理人).

    Article 19 forbids provision by anyone (何人も) outside its items; entrustment
    (19(6)) and provision to the person are among them, an informal "other"
    channel to another body is not.
    """
    for provision in ctx.snapshot.provisions:
        if provision.direction != "provide":
            continue
        kind = provision.counterparty.kind
        to_private = kind == "private" and provision.channel != "entrustment"
        informal = provision.channel == "other" and kind != "person"
        if to_private or informal:
            yield Hit(subject("provisions", provision.id), _params(ctx, provision))


@rule(
    "LINKAGE-NOT-PERMITTED",
    severity=VIOLATION,
    citation="番号法第19条第8号",
    ground="network",
    theme=THEME,
    ja="「{affair}」の情報照会（{provision}、照会先: {party_ja}）で求める「{categories_ja}」は、{as_of}時点で{a19}の情報連携として認められていません。",
    en="The network request {provision} of “{affair}” to {party_en} for {categories_en} is not a linkage permitted under {a19_en} on {as_of}.",
)
def linkage_not_permitted(ctx: Context) -> Iterator[Hit]:
    """A ``receive`` provision on channel ``network`` whose (affair's schedule row, category,
    counterparty body) is not in the permission table in force on the as-of date —
    including any network request by an affair without a resolvable basis.

    Ordinance affairs with a resolvable basis request under 19(9), not 19(8); they
    are judged by LINKAGE-ORDINANCE-SCOPE instead. A ``related`` (関係事務) or
    unresolved basis has no schedule row, so every category it asks for fires.
    """
    as_of = ctx.as_of
    for provision in ctx.snapshot.provisions:
        if provision.direction != "receive" or provision.channel != "network":
            continue
        resolution = ctx.bases.get(provision.affair)
        if resolution is not None and resolution.kind == "ordinance" and resolution.resolves:
            continue
        rows = resolution.rows if resolution is not None and resolution.resolves else ()
        party = provision.counterparty
        refused = []
        for category in provision.categories:
            permitted = any(
                provider.covers(party.kind, party.body or "")
                for row in rows
                for permission in ctx.catalog.permissions_for(row_key=row.key, category=category, day=as_of)
                for provider in permission.providers
            )
            if not permitted:
                refused.append(category)
        if refused or not rows:
            shown = refused or ["—"]
            yield Hit(
                subject("provisions", provision.id),
                _params(
                    ctx,
                    provision,
                    categories_ja=join_ja(shown),
                    categories_en=join_en(shown),
                    as_of=as_of.isoformat(),
                ),
            )


@rule(
    "LINKAGE-ORDINANCE-SCOPE",
    severity=VIOLATION,
    citation="番号法第19条第9号",
    ground="ordinance_network",
    theme=THEME,
    ja="条例事務「{affair}」（分野: {field_ja}）が情報連携（{provision}）で求める「{categories_ja}」は、{as_of}時点の個人情報保護委員会規則がこの分野の条例事務に認める特定個人情報に含まれません。",
    en="The ordinance affair “{affair}” (field: {field_en}) asks through the network ({provision}) for {categories_en}, which the PPC rule in force on {as_of} does not allow for ordinance affairs of this field.",
)
def linkage_ordinance_scope(ctx: Context) -> Iterator[Hit]:
    """A ``receive`` provision on channel ``network`` for an ordinance-based affair asks for a
    category that the PPC rule (平成28年個人情報保護委員会規則第6号, the catalog's
    ordinance linkage limits) does not allow for ordinance affairs of that field.
    No limit in force for the field means no category is allowed.
    """
    as_of = ctx.as_of
    for provision in ctx.snapshot.provisions:
        if provision.direction != "receive" or provision.channel != "network":
            continue
        resolution = ctx.bases.get(provision.affair)
        if resolution is None or resolution.ordinance_affair is None:
            continue
        field = resolution.ordinance_affair.field
        limit = ctx.catalog.ordinance_limit(field=field, day=as_of)
        allowed = limit.categories if limit is not None else frozenset()
        refused = [c for c in provision.categories if ctx.catalog.canonical_category(c) not in allowed]
        if refused:
            yield Hit(
                subject("provisions", provision.id),
                _params(
                    ctx,
                    provision,
                    field_ja=FIELD_JA.get(field, field),
                    field_en=FIELD_EN.get(field, field),
                    categories_ja=join_ja(refused),
                    categories_en=join_en(refused),
                    as_of=as_of.isoformat(),
                ),
            )


@rule(
    "INTRA-GOV-NO-ORDINANCE",
    severity=VIOLATION,
    citation="番号法第19条第11号",
    ground="intra_government",
    theme=THEME,
    ja="「{affair}」における{from_ja}から{to_ja}への特定個人情報の提供（{provision}）のうち「{categories_ja}」を定める、効力のある条例がありません。",
    en="No ordinance in force provides for the transfer {provision} of {categories_en} from {from_en} to {to_en} for “{affair}”.",
)
def intra_gov_no_ordinance(ctx: Context) -> Iterator[Hit]:
    """A provision on channel ``intra_government`` whose (from body, to body, category) no
    ``intra_provisions`` entry of an ordinance in force on the as-of date covers.

    19(11) covers only organs of the *same* local government under its ordinance;
    so a provision on this channel to a counterparty that is not ``same_government``,
    or by a body that is not a local government, is never covered. The direction
    decides which end is the declaring body: ``provide`` goes from it to the
    counterparty's organ, ``receive`` the other way. A provision naming no category
    is covered by any entry for the same pair of organs.
    """
    covered: set[tuple[str, str, str]] = set()
    pairs: set[tuple[str, str]] = set()
    if ctx.is_local_government:
        for ordinance in ctx.snapshot.ordinances:
            if not ordinance.in_force(ctx.as_of):
                continue
            for intra in ordinance.intra_provisions:
                pairs.add((intra.from_body, intra.to_body))
                covered.update((intra.from_body, intra.to_body, c) for c in intra.categories)
    own = ctx.organization.body
    for provision in ctx.snapshot.provisions:
        if provision.channel != "intra_government":
            continue
        other = provision.counterparty.body or ""
        from_body, to_body = (own, other) if provision.direction == "provide" else (other, own)
        if provision.counterparty.same_government:
            refused = [c for c in provision.categories if (from_body, to_body, c) not in covered]
            if not provision.categories and (from_body, to_body) not in pairs:
                refused = ["—"]
        else:
            refused = list(provision.categories) or ["—"]
        if refused:
            yield Hit(
                subject("provisions", provision.id),
                _params(
                    ctx,
                    provision,
                    from_ja=BODY_JA.get(from_body, from_body or "—"),
                    to_ja=BODY_JA.get(to_body, to_body or "—"),
                    from_en=BODY_EN.get(from_body, from_body or "—"),
                    to_en=BODY_EN.get(to_body, to_body or "—"),
                    categories_ja=join_ja(refused),
                    categories_en=join_en(refused),
                ),
            )


@rule(
    "LINKAGE-WITHOUT-ASSESSMENT",
    severity=VIOLATION,
    citation="番号法第21条第2項",
    theme=THEME,
    ja="「{affair}」は特定個人情報保護評価が必要ですが、{as_of}までに評価書を公表しないまま情報連携（{provision}）を行っています。",
    en="“{affair}” needs a protection assessment but uses network linkage ({provision}) with none published by {as_of}.",
)
def linkage_without_assessment(ctx: Context) -> Iterator[Hit]:
    """A provision on channel ``network`` (either direction) for an affair whose threshold
    decision is mandatory and that has no assessment published on or before the as-of
    date: the network refuses bodies that have not complied with Article 28.
    """
    for provision in ctx.snapshot.provisions:
        if provision.channel != "network" or not ctx.needs_assessment(provision.affair):
            continue
        if not ctx.published(provision.affair):
            yield Hit(
                subject("provisions", provision.id),
                _params(ctx, provision, as_of=ctx.as_of.isoformat()),
            )
