"""Card-reader data flows (docs/domain.md §3): what a counter reads from or
writes to a My Number card or residence card, on which terminal, and where it goes.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import NOTICE, VIOLATION, WARNING
from compliance.checks.rulebook import Hit, rule, subject
from compliance.checks.snapshot import CardFlow
from compliance.lib.vocabulary import CARD_EN, ITEM_EN, Card, CardItem, Connection, en, ja, join_en, join_ja

THEME = "cards"

RESIDENCE_CARDS = frozenset(
    {"residence_card", "special_residence_card", "special_permanent_resident_certificate"}
)
#: Items that reveal residence status (在留資格等): 出入国在留管理庁資料「在留カード、マイナンバーカード及び特定在留カードの券面等記載事項」（資料4） and the 特定在留カード minimisation concern.
RESIDENCE_ITEMS = (
    "status_of_residence",
    "period_of_stay",
    "work_restriction",
    "nationality",
    "residence_card_number",
)


def _params(ctx: Context, flow: CardFlow, **extra: str) -> dict[str, str]:
    return {
        "affair": ctx.affair_name(flow.affair),
        "flow": flow.id,
        "card_ja": ja(Card, flow.card),
        "card_en": en(CARD_EN, flow.card),
        **extra,
    }


@rule(
    "CARD-NUMBER-READ",
    severity=VIOLATION,
    citation="番号法第9条",
    theme=THEME,
    ja="「{affair}」は番号法上の根拠がないのに、{card_ja}から個人番号を読み取っています（{flow}）。",
    en="“{affair}” reads the individual number from the {card_en} ({flow}) without a legal basis under the My Number Act.",
)
def card_number_read(ctx: Context) -> Iterator[Hit]:
    """A ``read`` flow whose items include ``number`` for an affair whose basis is ``none`` or
    does not resolve. A ``related`` basis (個人番号関係事務, 9(4)) is lawful; reading the
    number through 券面事項入力補助AP is only for affairs under the Act.
    """
    for flow in ctx.snapshot.card_flows:
        if not flow.reads("number"):
            continue
        resolution = ctx.bases.get(flow.affair)
        if resolution is None or not resolution.resolves:
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow))


@rule(
    "CARD-GENDER-MINIMIZATION",
    severity=WARNING,
    citation="個人情報保護法第61条第1項",
    theme=THEME,
    ja="「{affair}」は性別を用いない事務ですが、{card_ja}から性別を読み取っています（{flow}）。",
    en="“{affair}” does not use gender, yet reads it from the {card_en} ({flow}).",
)
def card_gender_minimization(ctx: Context) -> Iterator[Hit]:
    """A flow reads ``gender`` for an affair with ``uses_gender: false``: from 2026 gender
    leaves the card face and stays on the chip, and only affairs that use it should read it.
    """
    for flow in ctx.snapshot.card_flows:
        if not flow.reads("gender"):
            continue
        affair = ctx.affairs.get(flow.affair)
        if affair is not None and not affair.uses_gender:
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow))


@rule(
    "CARD-RESIDENCE-WRITE",
    severity=VIOLATION,
    citation="出入国管理及び難民認定法第19条の7",
    theme=THEME,
    ja="{card_ja}のICチップへの住居地の書込み（{flow}）が、LGWANに接続し書込み権限認証を受けた端末以外（{terminal_ja}）から行われています。",
    en="The residence address is written to the chip of the {card_en} ({flow}) from a terminal that is not LGWAN-connected with write authorization ({terminal_en}).",
)
def card_residence_write(ctx: Context) -> Iterator[Hit]:
    """A ``write`` flow of ``address`` to a residence card, special residence card or special
    permanent resident certificate from a terminal whose connection is not ``lgwan`` or that
    is not ``write_authorized``. 法務省資料「市区町村窓口における在留カード等のICチップの取扱い」
    (各論1): write control needs an LGWAN-connected IC card terminal; standalone operation is not allowed. A write flow naming no terminal
    cannot show either, so it fires too.
    """
    for flow in ctx.snapshot.card_flows:
        if flow.operation != "write" or "address" not in flow.items or flow.card not in RESIDENCE_CARDS:
            continue
        terminal = ctx.terminals.get(flow.terminal) if flow.terminal else None
        if terminal is not None and terminal.connection == "lgwan" and terminal.write_authorized:
            continue
        if terminal is None:
            terminal_ja, terminal_en = "端末の記載なし", "no terminal declared"
        else:
            authorised_ja = "書込み権限あり" if terminal.write_authorized else "書込み権限なし"
            terminal_ja = f"{terminal.name}: {ja(Connection, terminal.connection)}・{authorised_ja}"
            terminal_en = f"{terminal.name}: {terminal.connection}, " + (
                "write-authorized" if terminal.write_authorized else "no write authorization"
            )
        yield Hit(
            subject("card_flows", flow.id),
            _params(ctx, flow, terminal_ja=terminal_ja, terminal_en=terminal_en),
        )


@rule(
    "CARD-MEDIA-TRANSFER",
    severity=WARNING,
    citation="番号法第12条",
    theme=THEME,
    ja="「{affair}」のカード読取りデータ（{flow}）を可搬記録媒体で移送していますが、{missing_ja}が行われていません。",
    en="Card data of “{affair}” ({flow}) is moved on removable media without {missing_en}.",
)
def card_media_transfer(ctx: Context) -> Iterator[Hit]:
    """A flow's transfer medium is ``removable_media`` and it is not both ``encrypted`` and
    ``logged`` (法務省資料「市区町村窓口における在留カード等のICチップの取扱い」 活用パターン1: USB
    transfer under published security rules; 資料「マイナンバー制度の拡大と デジタル改革の危うさ」: USB loss
    is a recurring leak).
    """
    for flow in ctx.snapshot.card_flows:
        transfer = flow.transfer
        if transfer.medium != "removable_media" or (transfer.encrypted and transfer.logged):
            continue
        missing_ja = [
            w for w, ok in (("暗号化", transfer.encrypted), ("移送の記録", transfer.logged)) if not ok
        ]
        missing_en = [
            w for w, ok in (("encryption", transfer.encrypted), ("logging", transfer.logged)) if not ok
        ]
        yield Hit(
            subject("card_flows", flow.id),
            _params(ctx, flow, missing_ja=join_ja(missing_ja), missing_en=" or ".join(missing_en)),
        )


@rule(
    "CARD-UNSUPPORTED-INSTALL",
    severity=NOTICE,
    citation="番号法第12条",
    theme=THEME,
    ja="在留カード等のICチップ読取り（{flow}）が住民基本台帳システムのクライアント端末「{terminal}」で行われています。この使い方は法務省の動作保証の対象外です。",
    en="The residence-card chip is read ({flow}) on the resident-register client “{terminal}”, a set-up the Ministry of Justice does not support.",
)
def card_unsupported_install(ctx: Context) -> Iterator[Hit]:
    """A ``residence_chip`` flow runs on a terminal that is a ``resident_register_client``
    (法務省資料「市区町村窓口における在留カード等のICチップの取扱い」 活用パターン2: the reading app installed on the register's client at the
    municipality's own responsibility, without the ministry's support).
    """
    for flow in ctx.snapshot.card_flows:
        if flow.application != "residence_chip" or not flow.terminal:
            continue
        terminal = ctx.terminals.get(flow.terminal)
        if terminal is not None and terminal.resident_register_client:
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow, terminal=terminal.name))


@rule(
    "CARD-SERIAL-LINKING",
    severity=WARNING,
    citation="個人情報保護法第61条第1項",
    theme=THEME,
    ja="「{affair}」は電子証明書の発行番号（{flow}）を永続的な個人の識別子として保存しています。発行番号は個人番号のような法的規律を受けないまま名寄せに使われるおそれがあります。",
    en="“{affair}” keeps the certificate serial number ({flow}) as a persistent person key; serial numbers are not regulated like the number yet allow linking records.",
)
def card_serial_linking(ctx: Context) -> Iterator[Hit]:
    """A flow reads ``certificate_serial`` with ``persistent_key: true`` (資料「どこまで広がるマイナンバー利用」（2024）,
    資料「マイナンバー制度の拡大と デジタル改革の危うさ」: the JPKI serial number used as an identifier without legal control).
    """
    for flow in ctx.snapshot.card_flows:
        if flow.persistent_key and flow.reads("certificate_serial"):
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow))


@rule(
    "CARD-RESIDENCE-OVEREXPOSURE",
    severity=WARNING,
    citation="個人情報保護法第61条第1項",
    theme=THEME,
    ja="「{affair}」は在留資格等を必要としない事務ですが、{card_ja}から「{items_ja}」を読み取っています（{flow}）。",
    en="“{affair}” does not need residence status, yet reads {items_en} from the {card_en} ({flow}).",
)
def card_residence_overexposure(ctx: Context) -> Iterator[Hit]:
    """A flow reads any of ``status_of_residence``, ``period_of_stay``, ``work_restriction``,
    ``nationality``, ``residence_card_number`` for an affair with ``needs_residence_status:
    false`` (特定在留カード: presenting it where only My Number functions are needed exposes
    residence-status items).
    """
    for flow in ctx.snapshot.card_flows:
        if flow.operation != "read":
            continue
        exposed = [item for item in RESIDENCE_ITEMS if item in flow.items]
        if not exposed:
            continue
        affair = ctx.affairs.get(flow.affair)
        if affair is not None and not affair.needs_residence_status:
            yield Hit(
                subject("card_flows", flow.id),
                _params(
                    ctx,
                    flow,
                    items_ja=join_ja(ja(CardItem, i) for i in exposed),
                    items_en=join_en(en(ITEM_EN, i) for i in exposed),
                ),
            )


@rule(
    "CARD-CONSENT",
    severity=WARNING,
    citation="個人情報保護法第64条",
    theme=THEME,
    ja="在留カード等のICチップの読取り（{flow}、「{affair}」）について、本人の同意の記録がありません。",
    en="The residence-card chip is read ({flow}, “{affair}”) with no record of the holder's consent.",
)
def card_consent(ctx: Context) -> Iterator[Hit]:
    """A ``read`` flow on the ``residence_chip`` application has ``consent_recorded: false`` and is
    not ``statutory_procedure: true`` (the immigration agency's reading app requires the holder's
    explicit consent).

    Reading: where the municipality reads the chip while handling the holder's 住居地届出, the
    immigration act itself prescribes that handling (出入国管理及び難民認定法第19条の7以下); the
    consent the app's terms ask of private users is not its legal basis, so such a flow is not judged.
    """
    for flow in ctx.snapshot.card_flows:
        if flow.statutory_procedure:
            continue
        if flow.operation == "read" and flow.application == "residence_chip" and not flow.consent_recorded:
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow))


@rule(
    "CARD-RESIDENT-CODE",
    severity=WARNING,
    citation="住民基本台帳法第30条の38",
    theme=THEME,
    ja="「{affair}」は住民基本台帳に関する事務ではありませんが、住民票コードを読み取っています（{flow}）。",
    en="“{affair}” is not a resident-register affair, yet reads the resident record code ({flow}).",
)
def card_resident_code(ctx: Context) -> Iterator[Hit]:
    """A flow reads ``resident_code`` for an affair whose basis is not a resident-register
    affair: a schedule/quasi basis resolving to a row the catalog marks
    ``resident_register`` (住民票コード is for 住基ネット affairs only).
    """
    for flow in ctx.snapshot.card_flows:
        if not flow.reads("resident_code"):
            continue
        resolution = ctx.bases.get(flow.affair)
        if resolution is None or not resolution.resident_register:
            yield Hit(subject("card_flows", flow.id), _params(ctx, flow))


@rule(
    "CARD-NOT-AVAILABLE",
    severity=WARNING,
    citation="番号法第2条第7項",
    theme=THEME,
    ja="カード読取り・書込み（{flow}、「{affair}」）の宣言は、{as_of}時点のカードの仕様と合いません: {problems_ja}。",
    en="The card flow {flow} of “{affair}” does not match the card specifications on {as_of}: {problems_en}.",
)
def card_not_available(ctx: Context) -> Iterator[Hit]:
    """A flow names a card or application that does not exist on the as-of date (a
    ``special_residence_card`` before 2026-06-14), an application the card does not carry
    (``residence_chip`` on a ``my_number_card``), or an item the catalog does not put in that
    application of that card on that date.

    Reading: what a flow can read is fixed by the card's specification as of the date (the catalog's
    card records: 番号法第2条第7項 for the My Number card, 入管法第19条の3以下 for residence cards).
    Only what the catalog knows is judged: a card, application or item with no record at all is not.
    An item is judged per application where the catalog lists what the application holds (the
    JPKI user-authentication certificate holds its serial, not the number), else per card (its
    placement on the card is ``absent``, or it has none in force).
    """
    catalog = ctx.catalog
    if not catalog.cards:
        return
    as_of = ctx.as_of
    for flow in ctx.snapshot.card_flows:
        problems_ja: list[str] = []
        problems_en: list[str] = []
        card_ja, card_en = ja(Card, flow.card), en(CARD_EN, flow.card)
        periods = catalog.card_periods(flow.card)
        if periods and not any(p.contains(as_of) for p in periods):
            first = min(p.in_force_from for p in periods)
            if as_of < first:
                problems_ja.append(f"{card_ja}はまだ交付されていません（{first.isoformat()}から交付）")
                problems_en.append(f"the {card_en} is not issued yet (issued from {first.isoformat()})")
            else:
                problems_ja.append(f"{card_ja}はこの日には交付されていません")
                problems_en.append(f"the {card_en} is not issued on that date")
        applications = catalog.application_records(flow.application)
        app_ja = next((a.name for a in applications if a.name), flow.application)
        app_en = next((a.name_en for a in applications if a.name_en), app_ja)
        held: set[str] = set()
        if applications:
            in_force = [a for a in applications if a.period.contains(as_of)]
            carried = [a for a in in_force if flow.card in a.cards]
            if not in_force:
                problems_ja.append(f"「{app_ja}」はこの日にはありません")
                problems_en.append(f"{app_en} does not exist on that date")
            elif not carried:
                problems_ja.append(f"{card_ja}は「{app_ja}」を搭載していません")
                problems_en.append(f"the {card_en} does not carry {app_en}")
            for application in carried:
                held.update(application.items)
        missing = []
        for item in (
            i for i in CardItem.values if i in flow.items
        ):  # the vocabulary's order, in every process
            if held:
                if item not in held:
                    missing.append(item)
                continue
            placements = catalog.placements_of(flow.card, item)
            if not placements:
                continue
            current = [p for p in placements if p.period.contains(as_of)]
            if not current or all(p.where == "absent" for p in current):
                missing.append(item)
        if missing:
            where_ja = f"{card_ja}の「{app_ja}」" if held else card_ja
            where_en = f"{app_en} of the {card_en}" if held else f"the {card_en}"
            problems_ja.append(
                f"{where_ja}には「{join_ja(ja(CardItem, i) for i in missing)}」が記録されていません"
            )
            problems_en.append(f"{where_en} holds no {join_en(en(ITEM_EN, i) for i in missing)}")
        if problems_ja:
            yield Hit(
                subject("card_flows", flow.id),
                _params(
                    ctx,
                    flow,
                    as_of=as_of.isoformat(),
                    problems_ja="、".join(problems_ja),
                    problems_en="; ".join(problems_en),
                ),
            )
