"""Legal basis of number use (番号法第9条): does a law, a quasi-statutory designation or an
ordinance name this body and this affair, on the as-of date?

Each affair's basis is resolved once per evaluation (:class:`~compliance.checks.context.BasisResolution`);
these rules only read that resolution.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import VIOLATION, WARNING
from compliance.checks.rulebook import Hit, rule, subject
from compliance.law.numbers import kanji_row, normalize_row_number
from compliance.lib.vocabulary import (
    BODY_EN,
    FIELD_EN,
    Body,
    CounterpartyKind,
    OrdinanceField,
    en,
    ja,
    join_en,
    join_ja,
)

THEME = "basis"


def _kanji_row(number: str) -> str:
    """A catalog row number (``82-2``) as printed (``八十二の二``); other keys unchanged."""
    return kanji_row(number) if normalize_row_number(number) == number else number


@rule(
    "BASIS-NONE",
    severity=VIOLATION,
    citation="番号法第9条",
    theme=THEME,
    ja="「{affair}」は個人番号を利用していますが、番号法上の根拠がありません。{detail_ja}",
    en="“{affair}” uses the individual number but has no legal basis under the My Number Act.{detail_en}",
)
def basis_none(ctx: Context) -> Iterator[Hit]:
    """An affair with ``uses_number: true`` whose basis is ``none``, or a ``schedule``/``quasi``/
    ``ordinance`` citation that matches nothing in the catalog (any period) or the declaration, or
    a ``schedule`` citation with a ``row`` (項番) that is not among the rows the statute and phrase
    resolve to (the row named must be the one cited: 番号法第9条第1項・別表).

    Consent does not create a basis: use is lawful only where Article 9 names it.
    """
    for affair in ctx.snapshot.affairs:
        if not affair.uses_number:
            continue
        resolution = ctx.bases[affair.id]
        if resolution.resolves:
            continue
        if resolution.kind == "none":
            detail_ja = detail_en = ""
        elif resolution.row_mismatch:
            numbers = join_ja(_kanji_row(n) for n in resolution.resolved_numbers)
            detail_ja = (
                f"（根拠とされた「{resolution.cited}」は別表の{numbers}の項に当たり、"
                f"宣言された項番「{resolution.row_mismatch}」の項ではありません。）"
            )
            detail_en = (
                f" (The cited basis “{resolution.cited}” is schedule row {join_en(resolution.resolved_numbers)}, "
                f"not the declared row “{resolution.row_mismatch}”.)"
            )
        else:
            detail_ja = f"（根拠とされた「{resolution.cited}」は法令カタログにも宣言にも見当たりません。）"
            detail_en = f" (The cited basis “{resolution.cited}” matches nothing in the legal catalog or the declaration.)"
        yield Hit(
            subject("affairs", affair.id),
            {"affair": affair.name, "detail_ja": detail_ja, "detail_en": detail_en},
        )


@rule(
    "BASIS-BODY",
    severity=VIOLATION,
    citation="番号法第9条第1項",
    theme=THEME,
    ja="「{affair}」が根拠とする「{cited}」は、{kind_ja}の{body_ja}を利用主体として定めていません（定める主体: {bodies}）。",
    en="The basis “{cited}” cited by “{affair}” does not name this body ({kind}, {body_en}) among those who may use the number for it (it names: {bodies}).",
)
def basis_body(ctx: Context) -> Iterator[Hit]:
    """A ``schedule``/``quasi`` citation matches rows, but none of them names a body covering the
    declaring organisation's kind and body (別表の上欄: who may use the number for the affair).
    """
    org = ctx.organization
    for affair in ctx.snapshot.affairs:
        resolution = ctx.bases[affair.id]
        if resolution.kind not in ("schedule", "quasi") or not resolution.rows or resolution.rows_for_body:
            continue
        labels = sorted({ref.label for row in resolution.rows for ref in row.bodies})
        yield Hit(
            subject("affairs", affair.id),
            {
                "affair": affair.name,
                "cited": resolution.cited,
                "kind": org.kind,
                "kind_ja": ja(CounterpartyKind, org.kind),
                "body_ja": ja(Body, org.body),
                "body_en": en(BODY_EN, org.body),
                "bodies": join_ja(labels) if labels else "—",
            },
        )


@rule(
    "BASIS-NOT-IN-FORCE",
    severity=VIOLATION,
    citation="番号法第9条",
    theme=THEME,
    ja="「{affair}」が根拠とする「{cited}」は、{as_of}時点で効力がありません（{period_ja}）。",
    en="The basis “{cited}” cited by “{affair}” is not in force on {as_of} ({period_en}).",
)
def basis_not_in_force(ctx: Context) -> Iterator[Hit]:
    """The cited row, quasi-affair or ordinance is not in force on the as-of date.

    Reading: for a schedule/quasi citation, the rows that name the declaring body
    are the ones that matter (when none does, all matched rows — BASIS-BODY says
    the rest); the basis is out of force when none of them is in force, i.e. its
    ``in_force_from`` is after the as-of date or it ended on or before it.
    """
    as_of = ctx.as_of
    for affair in ctx.snapshot.affairs:
        resolution = ctx.bases[affair.id]
        if (
            not resolution.resolves
            or resolution.in_force
            or resolution.kind not in ("schedule", "quasi", "ordinance")
        ):
            continue
        if resolution.kind == "ordinance" and resolution.ordinance is not None:
            periods = [(resolution.ordinance.in_force_from, resolution.ordinance.repealed_on)]
        else:
            rows = resolution.rows_for_body or resolution.rows
            periods = sorted({(r.period.in_force_from, r.period.in_force_until) for r in rows}, key=str)
        period_ja = "、".join(
            f"{a.isoformat()}施行" + (f"・{b.isoformat()}失効" if b else "") for a, b in periods
        )
        period_en = "; ".join(
            f"in force from {a.isoformat()}" + (f" until {b.isoformat()}" if b else "") for a, b in periods
        )
        yield Hit(
            subject("affairs", affair.id),
            {
                "affair": affair.name,
                "cited": resolution.cited,
                "as_of": as_of.isoformat(),
                "period_ja": period_ja,
                "period_en": period_en,
            },
        )


@rule(
    "BASIS-ORDINANCE-BODY",
    severity=VIOLATION,
    citation="番号法第9条第2項",
    theme=THEME,
    ja="「{affair}」は条例を根拠としていますが、{organization}は地方公共団体ではないため条例事務として個人番号を利用できません。",
    en="“{affair}” cites an ordinance, but {organization} is not a local government and cannot use the number for ordinance affairs.",
)
def basis_ordinance_body(ctx: Context) -> Iterator[Hit]:
    """An organisation that is not a local government (``national_body``, ``independent_agency``,
    ``local_independent_agency``, ``other``) cites an ``ordinance`` basis: Article 9(2) empowers only the executive organs of
    local governments (地方公共団体の長その他の執行機関); a 地方独立行政法人 is a separate legal
    entity, not an executive organ, so it cannot either.
    """
    if ctx.is_local_government:
        return
    for affair in ctx.snapshot.affairs:
        if affair.basis.kind == "ordinance":
            yield Hit(
                subject("affairs", affair.id),
                {"affair": affair.name, "organization": ctx.organization.name},
            )


@rule(
    "BASIS-ORDINANCE-SCOPE",
    severity=WARNING,
    citation="番号法第9条第2項",
    theme=THEME,
    ja="「{affair}」は条例事務「{ordinance_affair}」（分野: {field_ja}）として個人番号を利用していますが、{as_of}時点の番号法第9条第2項が条例で定められる事務は{allowed_ja}及びこれらに類する事務に限られます。",
    en="“{affair}” uses the number as the ordinance affair “{ordinance_affair}” (field: {field_en}), but on {as_of} Article 9(2) limits ordinance affairs to {allowed_en} and similar affairs.",
)
def basis_ordinance_scope(ctx: Context) -> Iterator[Hit]:
    """An ordinance affair used with the number whose field the Article 9(2) scope in force on
    the as-of date does not cover.

    Before the 2023 amendment (令和5年法律第48号) took effect for 9(2), an ordinance
    affair had to be social security, local tax, disaster prevention or similar;
    afterwards any affair (その他の) may be listed. The fields allowed and the date
    come from the catalog's ordinance scope rules, never from this code; with the
    shipped catalog the rule fires for ``field: other`` before the amendment date.
    """
    scope = ctx.catalog.ordinance_scope(ctx.as_of)
    if scope is None or scope.allowed_fields is None:
        return
    allowed = [f for f in OrdinanceField.values if f in scope.allowed_fields]
    for affair in ctx.snapshot.affairs:
        if not affair.uses_number:
            continue
        resolution = ctx.bases[affair.id]
        ordinance_affair = resolution.ordinance_affair
        if resolution.kind != "ordinance" or ordinance_affair is None:
            continue
        if ordinance_affair.field in scope.allowed_fields:
            continue
        yield Hit(
            subject("affairs", affair.id),
            {
                "affair": affair.name,
                "ordinance_affair": ordinance_affair.name,
                "field_ja": ja(OrdinanceField, ordinance_affair.field),
                "field_en": en(FIELD_EN, ordinance_affair.field),
                "as_of": ctx.as_of.isoformat(),
                "allowed_ja": join_ja(ja(OrdinanceField, f) for f in allowed),
                "allowed_en": join_en(en(FIELD_EN, f) for f in allowed),
            },
        )
