"""Seeding shared by the benchmarks at national scale (bench_search, bench_pages).

:func:`seed` writes ``rows`` published assessments of :data:`ORGANISATIONS` organisations
straight into the tables (bulk inserts: organisations, affairs, assessments, their
publication versions and the public search index rows), deterministically (``Random(7)``).
The workflow is not what is measured, so it is bypassed; the rows are what the public
pages and the search read (公表された評価書). Django must be set up by the caller.
"""

from __future__ import annotations

import functools
import json
import random

ORGANISATIONS = 2_000

AFFAIRS = (
    "児童手当の支給に関する事務",
    "個人住民税の賦課に関する事務",
    "国民健康保険の給付に関する事務",
    "介護保険の給付に関する事務",
    "生活保護の決定及び実施に関する事務",
    "予防接種の実施に関する事務",
    "公営住宅の管理に関する事務",
    "被災者台帳の作成に関する事務",
    "児童扶養手当の支給に関する事務",
    "就学援助に関する事務",
)
WORDS = (
    "委託先の監督",
    "税務署への照会",
    "マイナンバーカードの読取り",
    "LGWAN接続端末",
    "住民票の写し",
    "記録の保存期間",
    "アクセス記録の確認",
    "職員研修",
    "情報提供ネットワークシステム",
    "再委託の許諾",
    "保管場所の施錠",
    "地方税関係情報",
    "障害者関係情報",
    "本人確認書類",
)
RULES = ("CARD-NUMBER-READ", "PIA-LATE", "ENTRUST-SUPERVISION", "CARD-MEDIA-TRANSFER", "")


def seed(rows: int) -> None:
    """Organisations, affairs, assessments, publication versions and their index rows, in bulk."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from compliance.accounts.models import Organization
    from compliance.assessments.models import Assessment, AssessmentVersion
    from compliance.lib.lgcode import lgcode_check_digit
    from compliance.lib.text import normalize
    from compliance.public.indexing import word_bigrams
    from compliance.public.models import SearchDocument, joined
    from compliance.registry.models import Affair

    rng = random.Random(7)
    now = timezone.now()
    with transaction.atomic():
        organisations = []
        for n in range(ORGANISATIONS):
            prefecture = n % 47 + 1
            first = f"{prefecture:02d}{n % 1000:03d}"
            code = first + str(lgcode_check_digit(first))
            organisations.append(
                Organization(
                    name=f"架空市{n}",
                    kind="municipality",
                    body="mayor",
                    prefecture=f"{prefecture:02d}",
                    code=f"{code}-{n}",
                )
            )
        organisations = Organization.objects.bulk_create(organisations, batch_size=1000)
        if organisations[0].pk is None:
            organisations = list(Organization.objects.order_by("pk"))
        batch = 5_000
        for start in range(0, rows, batch):
            count = min(batch, rows - start)
            orgs = [organisations[(start + i) % ORGANISATIONS] for i in range(count)]
            names = [rng.choice(AFFAIRS) for _ in range(count)]
            affairs = Affair.objects.bulk_create(
                [
                    Affair(
                        organization=o,
                        ref=f"a{start + i}",
                        name=names[i],
                        basis_kind="schedule",
                        basis_statute="地方税法",
                        basis_affair="地方税",
                    )
                    for i, o in enumerate(orgs)
                ]
            )
            if affairs[0].pk is None:
                affairs = list(
                    Affair.objects.filter(ref__in=[f"a{start + i}" for i in range(count)]).order_by("pk")
                )
            published = [dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650)) for _ in range(count)]
            assessments = Assessment.objects.bulk_create(
                [
                    Assessment(
                        organization=o,
                        affair=affairs[i],
                        level=rng.choice(("basic", "basic", "key", "full")),
                        state="published",
                        published_on=published[i],
                    )
                    for i, o in enumerate(orgs)
                ]
            )
            if assessments[0].pk is None:
                assessments = list(Assessment.objects.filter(affair__in=affairs).order_by("pk"))
            versions = AssessmentVersion.objects.bulk_create(
                [
                    AssessmentVersion(
                        assessment=a,
                        number=1,
                        kind="publication",
                        document="{}",
                        sha256="0" * 64,
                        created_at=now,
                    )
                    for a in assessments
                ]
            )
            if versions[0].pk is None:
                versions = list(
                    AssessmentVersion.objects.filter(assessment__in=assessments).order_by("assessment_id")
                )
            documents = []
            for i, a in enumerate(assessments):
                text = normalize(" ".join([names[i], orgs[i].name, "地方税法", *rng.sample(WORDS, 5)]))
                rule = rng.choice(RULES)
                documents.append(
                    SearchDocument(
                        assessment=a,
                        version=versions[i],
                        organization=orgs[i],
                        affair=affairs[i],
                        prefecture=orgs[i].prefecture,
                        organization_kind="municipality",
                        organization_name=orgs[i].name,
                        level=a.level,
                        title=names[i],
                        published_on=published[i],
                        basis_kind="schedule",
                        basis_statute="地方税法",
                        rules=joined([rule] if rule else []),
                        findings_count=1 if rule else 0,
                        text=text,
                        bigrams=joined(word_bigrams(text)),
                        document="{}",
                    )
                )
            SearchDocument.objects.bulk_create(documents)


_ORGANISATION, _AFFAIR = "〔団体名〕", "〔事務名〕"


@functools.cache
def _realistic_template() -> str:
    from bench.bench_documents import synthetic_version
    from compliance.public.redaction import dumps, public_view

    version = synthetic_version(repeat=2)
    version["organization"]["name"] = _ORGANISATION
    version["registry"]["organization"]["name"] = _ORGANISATION
    version["affair"]["name"] = _AFFAIR
    version["registry"]["affairs"][0]["name"] = _AFFAIR
    version["findings"] = [
        {
            "rule": rule,
            "severity": severity,
            "subject": "card_flows/c1",
            "citation": "番号法第9条",
            "message_ja": "個人番号を読み取る法的根拠が確認できません。",
            "message_en": "No legal basis to read the number was found.",
            "state": "justified",
            "justification": "本人の同意を得て券面事項入力補助用暗証番号で読み取っている。",
        }
        for rule, severity in (("CARD-NUMBER-READ", "violation"), ("ENTRUST-SUPERVISION", "warning"))
    ]
    return dumps(public_view(version))


def realistic_document(*, organisation: str, affair: str) -> str:
    """A published public version as the portal stores it: both forms answered, a registry, findings.

    The same shape :mod:`compliance.public.indexing` stores (``public_view`` of a version, as
    compact JSON): the forms of ``fixtures/law/forms.yaml`` with every item answered (two
    paragraphs per long answer), four linkages, a card flow and two findings.
    """
    return _realistic_template().replace(_ORGANISATION, organisation).replace(_AFFAIR, affair)


def make_realistic(assessment_ids: list[int]) -> int:
    """Give the index rows of ``assessment_ids`` a realistic public version (bulk update); returns rows.

    The page benchmark reads the documents of the rows it samples (assessment and
    transparency pages); the search and the API list never read ``document``, so the other
    rows keep a short one and the national-scale seeding stays quick.
    """
    from compliance.public.models import SearchDocument, overview_of
    from compliance.public.redaction import dumps

    rows = list(SearchDocument.objects.filter(assessment_id__in=assessment_ids))
    for row in rows:
        row.document = realistic_document(organisation=row.organization_name, affair=row.title)
        row.overview = dumps(overview_of(json.loads(row.document)))
    SearchDocument.objects.bulk_update(rows, ["document", "overview"], batch_size=200)
    return len(rows)
