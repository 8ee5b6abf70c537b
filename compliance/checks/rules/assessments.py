"""Protection assessment duties (特定個人情報保護評価, 番号法第28条 and 特定個人情報保護評価に関する規則):
assess before holding a file and before an important change, at the level the threshold
decision requires, with the procedure the form demands, and keep it fresh.

Article numbers of the PPC rule are cited as the product understands them (verify against
the official text when the catalog gains a citation table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import NOTICE, VIOLATION, WARNING
from compliance.checks.rulebook import Hit, rule, subject
from compliance.checks.snapshot import Assessment, Change
from compliance.law.procedure import (
    MINIMUM_COMMENT_DAYS,
    REASSESSMENT_YEARS,
    REVIEW_INTERVAL_YEARS,
    SERIOUS_INCIDENT_YEARS,
)
from compliance.law.threshold import LEVEL_ORDER, persons_band
from compliance.lib.dates import add_years
from compliance.lib.vocabulary import (
    APPROVAL_KINDS,
    LEVEL_EN,
    LOCAL_PUBLIC_BODY_KINDS,
    AssessmentLevel,
    en,
    ja,
    join_en,
    join_ja,
)

THEME = "assessments"


@rule(
    "PIA-MISSING",
    severity=VIOLATION,
    citation="番号法第28条第1項",
    theme=THEME,
    ja="「{affair}」は特定個人情報保護評価の実施が義務付けられています（{required_ja}）が、評価書がありません。",
    en="“{affair}” must be assessed ({required_en}) but has no assessment.",
)
def pia_missing(ctx: Context) -> Iterator[Hit]:
    """An affair whose threshold decision is mandatory has no assessment at all on the as-of
    date (none published by then and no draft in preparation)."""
    for affair in ctx.snapshot.affairs:
        threshold = ctx.thresholds.get(affair.id)
        if threshold is None or not threshold.mandatory or ctx.assessments_on_file(affair.id):
            continue
        yield Hit(
            subject("affairs", affair.id),
            {
                "affair": affair.name,
                "required_ja": join_ja(ja(AssessmentLevel, level) for level in threshold.required),
                "required_en": join_en(en(LEVEL_EN, level) for level in threshold.required),
            },
        )


@rule(
    "PIA-LEVEL",
    severity=VIOLATION,
    citation="特定個人情報保護評価に関する規則第6条・第7条",
    theme=THEME,
    ja="「{affair}」のしきい値判断では{required_ja}が必要ですが、実施済みの評価は{held_ja}までです。",
    en="The threshold decision for “{affair}” requires a {required_en} assessment, but the highest on file is {held_en}.",
)
def pia_level(ctx: Context) -> Iterator[Hit]:
    """An affair's highest assessment level on file is below the highest form its threshold
    decision requires (basic < key < full). No assessment at all is PIA-MISSING instead."""
    for affair in ctx.snapshot.affairs:
        threshold = ctx.thresholds.get(affair.id)
        if threshold is None or not threshold.mandatory or not threshold.required:
            continue
        on_file = ctx.assessments_on_file(affair.id)
        if not on_file:
            continue
        needed = max(threshold.required, key=LEVEL_ORDER.__getitem__)
        held = max((a.level for a in on_file), key=LEVEL_ORDER.__getitem__)
        if LEVEL_ORDER[held] < LEVEL_ORDER[needed]:
            yield Hit(
                subject("affairs", affair.id),
                {
                    "affair": affair.name,
                    "required_ja": ja(AssessmentLevel, needed),
                    "required_en": en(LEVEL_EN, needed),
                    "held_ja": ja(AssessmentLevel, held),
                    "held_en": en(LEVEL_EN, held),
                },
            )


@rule(
    "PIA-LATE",
    severity=VIOLATION,
    citation="番号法第28条第1項",
    theme=THEME,
    ja="特定個人情報ファイル「{file}」は、「{affairs}」の評価書の公表前（{held_from}）から保有されています。",
    en="The file “{file}” has been held since {held_from}, before the assessment of “{affairs}” was published.",
)
def pia_late(ctx: Context) -> Iterator[Hit]:
    """A file of an affair that needs an assessment was held (``held_from``, on or before the
    as-of date) before the affair's earliest assessment was published — or no assessment
    has been published yet. Article 28 requires the assessment *before* holding the file.
    Staff-only files are exempt and files with no ``held_from`` are not held yet.
    """
    late: dict[str, list[str]] = {}
    for affair in ctx.snapshot.affairs:
        if not ctx.needs_assessment(affair.id):
            continue
        published = ctx.published(affair.id)
        earliest = published[0].published_on if published else None
        for file in ctx.files_by_affair.get(affair.id, ()):
            held = file.held_from
            if file.staff_only or held is None or held > ctx.as_of:
                continue
            if earliest is None or held < earliest:
                late.setdefault(file.id, []).append(affair.name)
    for file in ctx.snapshot.files:
        names = late.get(file.id)
        if names:
            yield Hit(
                subject("files", file.id),
                {"file": file.name, "affairs": join_ja(names), "held_from": str(file.held_from)},
            )


def _assessed_between(assessments: list[Assessment], start: dt.date, end: dt.date) -> bool:
    return any(a.published_on is not None and start <= a.published_on <= end for a in assessments)


@rule(
    "PIA-CHANGE",
    severity=VIOLATION,
    citation="番号法第28条第1項・特定個人情報保護評価に関する規則第11条",
    theme=THEME,
    ja="「{affair}」の重要な変更「{change}」（{effective_on}）について、変更前の1年以内に公表された再評価がありません。",
    en="No re-assessment of “{affair}” was published in the year before its important change “{change}” took effect on {effective_on}.",
)
def pia_change(ctx: Context) -> Iterator[Hit]:
    """An ``important`` change took effect (on or before the as-of date) with no assessment of
    its affair published in the year up to and including its ``effective_on`` — and after
    any earlier important change of the same affair, whose own assessment cannot count twice.
    The year runs from the same calendar day a year earlier, inclusive.

    Reading (番号法第28条第1項): the duty to re-assess before an important change is the duty to
    assess, so it binds only an affair whose threshold decision is mandatory; an affair under the
    threshold (or holding only staff files) may change without a new assessment.
    """
    by_affair: dict[str, list[Change]] = {}
    for change in ctx.snapshot.changes:
        if change.important:
            by_affair.setdefault(change.affair, []).append(change)
    for change in ctx.snapshot.changes:
        if not change.important or change.effective_on > ctx.as_of:
            continue
        if not ctx.needs_assessment(change.affair):
            continue
        start = add_years(change.effective_on, -1)
        earlier = [c.effective_on for c in by_affair[change.affair] if c.effective_on < change.effective_on]
        if earlier:
            start = max(start, max(earlier) + dt.timedelta(days=1))
        if not _assessed_between(
            ctx.assessments_by_affair.get(change.affair, []), start, change.effective_on
        ):
            yield Hit(
                subject("changes", change.id),
                {
                    "affair": ctx.affair_name(change.affair),
                    "change": change.summary or change.id,
                    "effective_on": change.effective_on.isoformat(),
                },
            )


def _full(ctx: Context) -> Iterator[Assessment]:
    return (a for a in ctx.snapshot.assessments if a.level == "full")


@rule(
    "PIA-COMMENT",
    severity=VIOLATION,
    citation="番号法第28条第1項・特定個人情報保護評価に関する規則第7条",
    theme=THEME,
    ja="「{affair}」の全項目評価（{assessment}）は、{problem_ja}",
    en="The full assessment {assessment} of “{affair}” {problem_en}",
)
def pia_comment(ctx: Context) -> Iterator[Hit]:
    """A ``full`` assessment has no public comment (意見聴取), or one shorter than 30 days
    (both ends counted) with no ``shortened_reason``."""
    for assessment in _full(ctx):
        comment = assessment.public_comment
        if comment is None:
            problem_ja, problem_en = "住民等の意見聴取を行っていません。", "had no public comment period."
        elif comment.days < MINIMUM_COMMENT_DAYS and not (comment.shortened_reason or "").strip():
            problem_ja = f"意見聴取の期間が{comment.days}日で、{MINIMUM_COMMENT_DAYS}日未満とする理由の記載がありません。"
            problem_en = f"had a public comment period of {comment.days} days, under {MINIMUM_COMMENT_DAYS}, with no reason recorded."
        else:
            continue
        yield Hit(
            subject("assessments", assessment.id),
            {
                "affair": ctx.affair_name(assessment.affair),
                "assessment": assessment.id,
                "problem_ja": problem_ja,
                "problem_en": problem_en,
            },
        )


@rule(
    "PIA-THIRD-PARTY",
    severity=VIOLATION,
    citation="特定個人情報保護評価に関する規則第7条第4項",
    theme=THEME,
    ja="「{affair}」の全項目評価（{assessment}）に第三者点検の記録がありません。",
    en="The full assessment {assessment} of “{affair}” has no third-party review.",
)
def pia_third_party(ctx: Context) -> Iterator[Hit]:
    """A ``full`` assessment of a 地方公共団体等 (``municipality``, ``special_ward``, ``prefecture``,
    ``wide_area_union``, ``local_independent_agency``) has no ``third_party_review_on`` (第三者点検).

    Reading: 特定個人情報保護評価に関する規則第7条第4項 has the organs of local governments and
    地方独立行政法人 (地方公共団体等) submit the full assessment to a third-party review; the other
    行政機関の長等 take PPC approval instead (番号法第28条第2項, PIA-APPROVAL).
    """
    if ctx.organization.kind not in LOCAL_PUBLIC_BODY_KINDS:
        return
    for assessment in _full(ctx):
        if assessment.third_party_review_on is None:
            yield Hit(
                subject("assessments", assessment.id),
                {"affair": ctx.affair_name(assessment.affair), "assessment": assessment.id},
            )


@rule(
    "PIA-APPROVAL",
    severity=VIOLATION,
    citation="番号法第28条第2項",
    theme=THEME,
    ja="「{affair}」の全項目評価（{assessment}）に個人情報保護委員会の承認日がありません。",
    en="The full assessment {assessment} of “{affair}” has no approval by the Personal Information Protection Commission.",
)
def pia_approval(ctx: Context) -> Iterator[Hit]:
    """A ``full`` assessment of a ``national_body`` or an ``independent_agency`` has no
    ``ppc_approval_on`` (委員会の承認).

    Reading: 番号法第28条第2項 requires the commission's approval of the full assessment of every
    行政機関の長等 that is not a 地方公共団体等 — ministries and agencies, and 独立行政法人等 such as JASSO.
    """
    if ctx.organization.kind not in APPROVAL_KINDS:
        return
    for assessment in _full(ctx):
        if assessment.ppc_approval_on is None:
            yield Hit(
                subject("assessments", assessment.id),
                {"affair": ctx.affair_name(assessment.affair), "assessment": assessment.id},
            )


@rule(
    "PIA-STALE",
    severity=WARNING,
    citation="特定個人情報保護評価に関する規則第15条",
    theme=THEME,
    ja="「{affair}」の評価書は最後の公表（{published_on}）から5年を超えています。再実施が必要です。",
    en="The assessment of “{affair}” was last published on {published_on}, more than 5 years ago; it should be redone.",
)
def pia_stale(ctx: Context) -> Iterator[Hit]:
    """The affair's latest publication (on or before the as-of date) is more than 5 years before
    the as-of date (exactly 5 years to the calendar day is not yet more)."""
    limit = add_years(ctx.as_of, -REASSESSMENT_YEARS)
    for affair in ctx.snapshot.affairs:
        published = ctx.published(affair.id)
        if published and published[-1].published_on is not None and published[-1].published_on < limit:
            yield Hit(
                subject("affairs", affair.id),
                {"affair": affair.name, "published_on": published[-1].published_on.isoformat()},
            )


@rule(
    "PIA-REVIEW",
    severity=NOTICE,
    citation="特定個人情報保護評価に関する規則第14条",
    theme=THEME,
    ja="「{affair}」の最新の評価書（{assessment}）は、{as_of}までの1年間に見直されていません。",
    en="The latest assessment {assessment} of “{affair}” was not reviewed in the 12 months up to {as_of}.",
)
def pia_review(ctx: Context) -> Iterator[Hit]:
    """The affair's latest published assessment has no ``last_review_on`` within the 12 months
    before the as-of date (from the same day a year earlier up to the as-of date)."""
    start = add_years(ctx.as_of, -REVIEW_INTERVAL_YEARS)
    for affair in ctx.snapshot.affairs:
        published = ctx.published(affair.id)
        if not published:
            continue
        latest = published[-1]
        reviewed = latest.last_review_on
        if reviewed is None or not (start <= reviewed <= ctx.as_of):
            yield Hit(
                subject("assessments", latest.id),
                {"affair": affair.name, "assessment": latest.id, "as_of": ctx.as_of.isoformat()},
            )


@rule(
    "PIA-INCIDENT-MISMATCH",
    severity=WARNING,
    citation="特定個人情報保護評価に関する規則第6条",
    theme=THEME,
    ja="{occurred_on}に発生を知った重大事故（{incident}）がありますが、「{affair}」のしきい値判断は重大事故なしとしています。",
    en="The body learned of a serious incident ({incident}) on {occurred_on}, but the threshold input of “{affair}” says there was none.",
)
def pia_incident_mismatch(ctx: Context) -> Iterator[Hit]:
    """An incident with ``serious: true`` that the body learned of (``known_on``, else
    ``occurred_on``) within the year before the as-of date (from the same day a year earlier up
    to the as-of date), while an affair's threshold input says no serious incident. One finding
    per such affair, naming the latest serious incident.

    Reading: the threshold's 重大事故 is one whose occurrence the body came to know (発生を知った)
    within the past year (特定個人情報保護評価に関する規則第6条, 指針), so the window runs from the
    day the body learned of it.
    """
    start = add_years(ctx.as_of, -SERIOUS_INCIDENT_YEARS)
    recent = [i for i in ctx.snapshot.incidents if i.serious and start <= i.counted_from <= ctx.as_of]
    if not recent:
        return
    latest = max(recent, key=lambda i: (i.counted_from, i.id))
    for affair in ctx.snapshot.affairs:
        threshold = ctx.thresholds.get(affair.id)
        if threshold is not None and not threshold.serious_incident:
            yield Hit(
                subject("affairs", affair.id),
                {
                    "affair": affair.name,
                    "incident": latest.summary or latest.id,
                    "occurred_on": latest.counted_from.isoformat(),
                },
            )


#: The Article 28 violations that make the network refuse a linkage (番号法第21条第2項).
ARTICLE28_RULES = ("PIA-LEVEL", "PIA-COMMENT", "PIA-THIRD-PARTY", "PIA-APPROVAL", "PIA-CHANGE")
#: Each of those duties in words (Japanese, English), for the messages that name them.
ARTICLE28_DUTIES: dict[str, tuple[str, str]] = {
    "PIA-LEVEL": ("しきい値判断が求める評価の種類に満たない", "below the level the threshold requires"),
    "PIA-COMMENT": ("住民等の意見聴取が足りない", "without a sufficient public comment"),
    "PIA-THIRD-PARTY": ("第三者点検を受けていない", "without the third-party review"),
    "PIA-APPROVAL": ("個人情報保護委員会の承認を受けていない", "without the commission's approval"),
    "PIA-CHANGE": ("重要な変更の前に再評価していない", "not re-assessed before an important change"),
}


def article28_violations(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Affair ID → the IDs of its ARTICLE28_RULES violations, computed once per evaluation.

    Each rule runs once over the snapshot; its subjects (affairs, assessments, changes) are mapped
    back to their affair, so the cost stays linear in the declaration.
    """

    def compute() -> dict[str, tuple[str, ...]]:
        assessment_affair = {a.id: a.affair for a in ctx.snapshot.assessments}
        change_affair = {c.id: c.affair for c in ctx.snapshot.changes}
        checks = {
            "PIA-LEVEL": pia_level,
            "PIA-COMMENT": pia_comment,
            "PIA-THIRD-PARTY": pia_third_party,
            "PIA-APPROVAL": pia_approval,
            "PIA-CHANGE": pia_change,
        }
        found: dict[str, list[str]] = {}
        for rule_id in ARTICLE28_RULES:
            for hit in checks[rule_id](ctx):
                collection, _, ident = hit.subject.partition("/")
                if collection == "affairs":
                    affair_id = ident
                elif collection == "assessments":
                    affair_id = assessment_affair.get(ident, "")
                else:
                    affair_id = change_affair.get(ident, "")
                ids = found.setdefault(affair_id, [])
                if rule_id not in ids:
                    ids.append(rule_id)
        return {affair_id: tuple(ids) for affair_id, ids in found.items()}

    return ctx.memo("article28_violations", compute)


@rule(
    "PIA-PERSONS-UNCERTAIN",
    severity=NOTICE,
    citation="特定個人情報保護評価に関する規則第6条",
    theme=THEME,
    ja="「{affair}」の対象人数は最大のファイルの{largest}人で判断していますが、ファイルの合計（{total}人）はしきい値判断のより上の区分に当たります。重複を除いた事務全体の対象人数を宣言してください。",
    en="The threshold decision for “{affair}” uses its largest file ({largest} persons), but its files together ({total}) fall in a higher band of the threshold table; declare the de-duplicated count for the affair.",
)
def pia_persons_uncertain(ctx: Context) -> Iterator[Hit]:
    """An affair declares no ``persons`` of its own, has two or more files that are not
    ``staff_only``, and the sum of their ``persons`` falls in a higher band of the threshold table
    than the largest file.

    Reading: 対象人数 is the number of distinct persons in the affair's files together; per-file
    counts give only bounds (the largest a lower bound, the sum an upper bound). The decision uses
    the largest (docs/domain.md §6.2); when the sum would change the band, only the officer's
    de-duplicated count can settle which forms are required.
    """
    for affair in ctx.snapshot.affairs:
        if affair.persons is not None:
            continue
        counted = [f.persons for f in ctx.files_by_affair.get(affair.id, ()) if not f.staff_only]
        if len(counted) < 2:
            continue
        largest, total = max(counted), sum(counted)
        if persons_band(total) > persons_band(largest):
            yield Hit(
                subject("affairs", affair.id),
                {"affair": affair.name, "largest": f"{largest:,}", "total": f"{total:,}"},
            )
