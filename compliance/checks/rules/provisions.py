"""Provision and linkage (番号法第19条・第21条): handing specific personal information to another
party is forbidden except in the listed cases, and network linkage needs a permitted
(affair, information, provider) triple and a published assessment.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import BasisResolution, Context
from compliance.checks.findings import VIOLATION
from compliance.checks.rulebook import Hit, rule, subject
from compliance.checks.rules.assessments import ARTICLE28_DUTIES, article28_violations
from compliance.checks.snapshot import Counterparty, Provision
from compliance.law.catalog import Article19Item, ScheduleRow
from compliance.lib import vocabulary
from compliance.lib.vocabulary import BODY_EN, FIELD_EN, en, ja, join_en, join_ja

THEME = "provision"


def _party_ja(party: Counterparty) -> str:
    if party.name:
        return party.name
    return ja(vocabulary.CounterpartyKind, party.kind) + ja(vocabulary.Body, party.body)


def _party_en(party: Counterparty) -> str:
    if party.name:
        return party.name
    return party.kind + (f" ({en(BODY_EN, party.body)})" if party.body else "")


def _params(ctx: Context, provision: Provision, **extra: str) -> dict[str, str]:
    return {
        "affair": ctx.affair_name(provision.affair),
        "provision": provision.id,
        "party_ja": _party_ja(provision.counterparty),
        "party_en": _party_en(provision.counterparty),
        **extra,
    }


#: The kinds that may give or receive under the tax item (19(10)): governors and mayors …
TAX_LOCAL_KINDS = frozenset({"prefecture", "municipality", "special_ward"})


def _tax_party(kind: str, body: str | None) -> bool:
    """A governor or mayor, or the 国税庁長官 (a national body's agency head)."""
    return kind in TAX_LOCAL_KINDS or (kind == "national_body" and body == "agency_head")


def same_organ(ctx: Context, provision: Provision) -> bool:
    """The counterparty is the declaring organ itself: the same local government and the same body.

    Inside one organ (the mayor's tax office to the mayor's child-allowance office) data moves by
    use, judged by the receiving affair's basis (番号法第9条), not by provision (第19条).
    """
    party = provision.counterparty
    return party.same_government and (party.body or "") == ctx.organization.body


#: Why a declared ground does not hold: (Japanese, English) per ground.
_GROUND_FAILS: dict[str, tuple[str, str]] = {
    "to_person_or_related": (
        "この号は個人番号利用事務・関係事務を処理するための提供に限られますが、この事務には番号法上の根拠がありません。",
        "that item covers provision for processing a number-use or related affair, and this affair has no basis.",
    ),
    "related_affairs": (
        "この号は個人番号関係事務における提供に限られますが、この事務の根拠は関係事務ではありません。",
        "that item covers provision in a related affair (個人番号関係事務), and this affair's basis is not one.",
    ),
    "from_person": (
        "この号は本人又は代理人による提供であり、機関による提供には当たりません。",
        "that item is provision by the person or their agent, never by a body.",
    ),
    "tax": (
        "この号は国税庁長官・都道府県知事・市町村長の間の提供に限られます。",
        "that item covers only provision between the National Tax Agency Commissioner, governors and mayors.",
    ),
    "intra_government": (
        "この号は同一の地方公共団体の他の機関への提供に限られますが、提供先は同じ地方公共団体の機関ではありません。",
        "that item covers only another organ of the same local government, and the counterparty is not one.",
    ),
    "entrustment": (
        "この号は委託又は事業の承継に伴う提供ですが、提供の経路が委託ではありません。",
        "that item covers entrustment or succession, and the channel is not entrustment.",
    ),
    "network": (
        "この号は情報提供ネットワークシステムによる提供ですが、提供の経路がネットワークではありません。",
        "that item is provision through the information provision network, and the channel is not the network.",
    ),
    "jlis": (
        "この号は地方公共団体情報システム機構による提供に限られます。",
        "that item covers only provision by J-LIS.",
    ),
    "commission": (
        "この号は国の機関（個人情報保護委員会又は総務大臣）への提供に限られますが、提供先は国の機関ではありません。",
        "that item covers only provision to a national body (the commission or the Minister), and the counterparty is not one.",
    ),
}
_GROUND_FAILS["ordinance_network"] = _GROUND_FAILS["network"]
_GROUND_FAILS["book_entry"] = (
    "この号は振替機関等による提供に限られます。",
    "that item covers only provision by book-entry transfer institutions.",
)
_GROUND_FAILS["mic"] = _GROUND_FAILS["commission"]


def _ground_holds(ctx: Context, provision: Provision, ground: str) -> bool:
    party = provision.counterparty
    org = ctx.organization
    resolution = ctx.bases.get(provision.affair)
    basis_kind = resolution.kind if resolution is not None else "none"
    if ground == "to_person_or_related":
        return basis_kind != "none"
    if ground == "related_affairs":
        return basis_kind == "related"
    if ground == "from_person":
        return False
    if ground == "tax":
        return _tax_party(org.kind, org.body) and _tax_party(party.kind, party.body)
    if ground == "intra_government":
        return party.same_government
    if ground == "entrustment":
        return provision.channel == "entrustment"
    if ground in ("network", "ordinance_network"):
        return provision.channel == "network"
    if ground in ("jlis", "book_entry"):
        return org.kind == "other"
    if ground in ("commission", "mic"):
        return party.kind == "national_body"
    return True  # employer_transfer, resident_register, public_interest, life_protection, commission_rule


@rule(
    "PROVISION-NO-BASIS",
    severity=VIOLATION,
    citation="番号法第19条",
    theme=THEME,
    ja="「{affair}」から{party_ja}への特定個人情報の提供（{provision}）は、番号法第19条が認めるいずれの場合にも当たりません。{detail_ja}",
    en="The provision {provision} of specific personal information from “{affair}” to {party_en} is none of the cases Article 19 of the My Number Act allows.{detail_en}",
)
def provision_no_basis(ctx: Context) -> Iterator[Hit]:
    """A ``provide`` provision that has no Article 19 ground on the as-of date.

    Reading (番号法第19条, 何人も: provision is forbidden except in its items):

    - with a declared ``ground``, the item must be in the Act on the as-of date (the catalog's
      Article 19 item for that day) and its conditions must hold: ``to_person_or_related`` (19(1))
      needs an affair with a basis; ``related_affairs`` (19(2)) a ``related`` basis; ``from_person``
      (19(3)) is never a body's provision; ``tax`` (19(10)) needs both sides to be a prefecture,
      municipality, special ward or the 国税庁長官; ``intra_government`` (19(11)) a
      ``same_government`` counterparty; ``entrustment`` (19(6)) channel ``entrustment``;
      ``network``/``ordinance_network`` (19(8)/(9)) channel ``network``; ``jlis`` and
      ``book_entry`` a declaring organisation of kind ``other``; ``commission``/``mic`` a
      ``national_body`` counterparty; the other items hold whenever they are in force;
    - with no ground, the old inference from the channel: a ``private`` counterparty over any
      channel other than ``entrustment``, or channel ``other`` to anyone but the ``person``.

    A counterparty that is the same organ of the same local government is use, not provision, and
    is never judged here. A catalog with no Article 19 items at all cannot tell what is in force,
    so only the conditions are judged then.
    """
    as_of = ctx.as_of
    has_items = bool(ctx.catalog.article19_items)
    items: dict[str, tuple[Article19Item | None, bool]] = {}  # ground → (item to name, in force)
    for provision in ctx.snapshot.provisions:
        if provision.direction != "provide" or same_organ(ctx, provision):
            continue
        ground = provision.ground
        if ground:
            if ground not in items:
                items[ground] = (
                    ctx.catalog.article19_item(ground, as_of, nearest=True),
                    ctx.catalog.article19_item(ground, as_of) is not None,
                )
            item, in_force = items[ground]
            named_ja = f"{item.citation}（{item.title}）" if item is not None else ground
            named_en = f"{item.citation_en} ({item.title})" if item is not None else ground
            if has_items and not in_force:
                detail_ja = f"根拠とされた{named_ja}は{as_of.isoformat()}時点で番号法にありません。"
                detail_en = f" The ground relied on, {named_en}, is not in the Act on {as_of.isoformat()}."
            elif not _ground_holds(ctx, provision, ground):
                why_ja, why_en = _GROUND_FAILS[ground]
                detail_ja = f"根拠とされた{named_ja}について、{why_ja}"
                detail_en = f" For the ground relied on, {named_en}, {why_en}"
            else:
                continue
        else:
            kind = provision.counterparty.kind
            to_private = kind == "private" and provision.channel != "entrustment"
            informal = provision.channel == "other" and kind != "person"
            if not (to_private or informal):
                continue
            detail_ja = detail_en = ""
        yield Hit(
            subject("provisions", provision.id),
            _params(ctx, provision, detail_ja=detail_ja, detail_en=detail_en),
        )


def _network_requests(ctx: Context) -> Iterator[tuple[Provision, BasisResolution | None]]:
    """Each request the body sends through the network (情報照会), with its affair's basis."""
    for provision in ctx.snapshot.provisions:
        if provision.direction == "receive" and provision.channel == "network":
            yield provision, ctx.bases.get(provision.affair)


def _refused(ctx: Context, provision: Provision, categories: list[str], **extra: str) -> Hit:
    """The finding for a network request asking for ``categories`` the law does not allow it."""
    return Hit(
        subject("provisions", provision.id),
        _params(
            ctx,
            provision,
            categories_ja=join_ja(categories),
            categories_en=join_en(categories),
            as_of=ctx.as_of.isoformat(),
            **extra,
        ),
    )


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
    """A ``receive`` provision on channel ``network`` whose (affair's schedule row or quasi affair,
    category, counterparty body) is not in the permission table in force on the as-of date —
    including any network request by an affair without a resolvable basis.

    Reading (番号法第19条第8号・第9号): the 情報照会者 are the schedule-row bodies and the
    準法定事務処理者 processing a designated quasi affair, so a quasi affair's permissions count
    (the table keys them by the quasi affair's key). Ordinance affairs of a local government with a
    resolvable basis request under 19(9), not 19(8), and are judged by LINKAGE-ORDINANCE-SCOPE
    instead; 19(9) is for local-government executive organs only, so any network request by an
    ordinance affair of another organisation fires. A ``related`` (関係事務) or unresolved basis has
    no row, so every category it asks for fires.
    """
    as_of = ctx.as_of
    for provision, resolution in _network_requests(ctx):
        if resolution is not None and resolution.kind == "ordinance":
            if resolution.resolves and ctx.is_local_government:
                continue
            rows: tuple[ScheduleRow, ...] = ()
        else:
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
            yield _refused(ctx, provision, refused or ["—"])


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
    for provision, resolution in _network_requests(ctx):
        if resolution is None or resolution.ordinance_affair is None:
            continue
        field = resolution.ordinance_affair.field
        limit = ctx.catalog.ordinance_limit(field=field, day=as_of)
        allowed = limit.categories if limit is not None else frozenset()
        refused = [c for c in provision.categories if ctx.catalog.canonical_category(c) not in allowed]
        if refused:
            yield _refused(
                ctx,
                provision,
                refused,
                field_ja=ja(vocabulary.OrdinanceField, field),
                field_en=en(FIELD_EN, field),
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

    Reading (v2): the rule applies to channel ``intra_government`` and to any provision relying on
    the ground ``intra_government``. A counterparty of the same government *and* the same body is
    the same organ: moving data inside it is use, not provision, so the rule does not fire.
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
        if provision.channel != "intra_government" and provision.ground != "intra_government":
            continue
        if same_organ(ctx, provision):
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
                    from_ja=ja(vocabulary.Body, from_body) or "—",
                    to_ja=ja(vocabulary.Body, to_body) or "—",
                    from_en=en(BODY_EN, from_body) or "—",
                    to_en=en(BODY_EN, to_body) or "—",
                    categories_ja=join_ja(refused),
                    categories_en=join_en(refused),
                ),
            )


@rule(
    "LINKAGE-WITHOUT-ASSESSMENT",
    severity=VIOLATION,
    citation="番号法第21条第2項",
    theme=THEME,
    ja="「{affair}」は特定個人情報保護評価が必要ですが、{problem_ja}まま情報連携（{provision}）を行っています。",
    en="“{affair}” needs a protection assessment but uses network linkage ({provision}) {problem_en}.",
)
def linkage_without_assessment(ctx: Context) -> Iterator[Hit]:
    """A provision on channel ``network`` (either direction) for an affair whose threshold
    decision is mandatory where, on the as-of date, no assessment of it is published on or before
    that date (28(6)), or the affair has a PIA-LEVEL, PIA-COMMENT, PIA-THIRD-PARTY, PIA-APPROVAL or
    PIA-CHANGE violation.

    Reading (番号法第21条第2項): the network operator refuses a request where the file of the
    requester or the provider was assessed in breach of Article 28 — not published, below the level
    required, without the public comment, third-party review, approval, or the re-assessment before an
    important change. The message names which. Those violations are computed once per evaluation
    (:func:`~compliance.checks.rules.assessments.article28_violations`).
    """
    violations = article28_violations(ctx)
    for provision in ctx.snapshot.provisions:
        if provision.channel != "network" or not ctx.needs_assessment(provision.affair):
            continue
        problems_ja: list[str] = []
        problems_en: list[str] = []
        if not ctx.published(provision.affair):
            problems_ja.append(f"{ctx.as_of.isoformat()}までに評価書を公表しない")
            problems_en.append(f"with no assessment published by {ctx.as_of.isoformat()}")
        found = violations.get(provision.affair, ())
        if found:
            problems_ja.append(
                f"評価が第28条に違反している（{join_ja(ARTICLE28_DUTIES[r][0] for r in found)}）"
            )
            problems_en.append(
                f"with an assessment in breach of Article 28 ({join_en(ARTICLE28_DUTIES[r][1] for r in found)})"
            )
        if problems_ja:
            yield Hit(
                subject("provisions", provision.id),
                _params(
                    ctx, provision, problem_ja="、".join(problems_ja), problem_en=" and ".join(problems_en)
                ),
            )
