"""The public pages: anyone reads them, they show the public version, and their query counts stay flat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_searches_and_gets_results(client: Client, org_a) -> None:
    published(org_a, name="税務事務", text="委託先を監督する。")
    response = client.get(reverse("public:search"), {"q": "委託"})
    assert response.status_code == 200
    assert "税務事務" in response.content.decode()


def test_the_home_page_lists_the_newest_publications_first(client: Client, org_a) -> None:
    older = published(org_a, name="古い公表の事務", published_on=dt.date(2024, 4, 1))
    newer = published(org_a, name="新しい公表の事務", published_on=dt.date(2026, 4, 1))
    body = client.get(reverse("public:home")).content.decode()
    recent = body.split('data-testid="home-recent"')[1].split("</section>")[0]
    assert recent.index(reverse("public:assessment", args=[newer.pk])) < recent.index(
        reverse("public:assessment", args=[older.pk])
    )
    assert "新しい公表の事務" in recent and "基礎項目評価" in recent


def test_the_search_page_keeps_the_query_in_the_pager(client: Client, org_a) -> None:
    for n in range(21):
        published(org_a, name=f"委託事務{n}")
    body = client.get(reverse("public:search"), {"q": "委託"}).content.decode()
    assert "q=%E5%A7%94%E8%A8%97&amp;page=2" in body


def test_the_assessment_page_shows_the_document_findings_and_justification(client: Client, org_a) -> None:
    assessment = published(
        org_a,
        name="税務事務",
        text="公開の記載",
        findings=[finding(justification="同意を得て読み取っている。")],
    )
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert "公開の記載" in body
    assert "CARD-NUMBER-READ" in body
    assert "同意を得て読み取っている。" in body


def test_the_assessment_page_marks_a_withheld_item_without_showing_it(client: Client, org_a) -> None:
    assessment = published(org_a, withheld="秘密のネットワーク構成")
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert "秘密のネットワーク構成" not in body
    assert "非公表" in body


def test_an_unpublished_assessment_answers_404(client: Client, org_a) -> None:
    assessment = published(org_a, state="submitted")
    assert client.get(reverse("public:assessment", args=[assessment.pk])).status_code == 404


def test_the_assessment_page_lists_the_published_comments(client: Client, org_a) -> None:
    assessment = published(
        org_a, comments=[{"number": 1, "body": "委託先の監督を強めてほしい。", "reflection": "反映した。"}]
    )
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert "委託先の監督を強めてほしい。" in body


def test_two_published_versions_of_an_affair_can_be_compared(client: Client, org_a) -> None:
    first = published(org_a, name="税務事務", text="旧い記載", published_on=dt.date(2024, 4, 1))
    second = published(org_a, affair=first.affair, text="新しい記載", published_on=dt.date(2026, 4, 1))
    page = client.get(reverse("public:assessment", args=[second.pk])).content.decode()
    assert f"old={first.pk}&amp;new={second.pk}" in page
    body = client.get(reverse("public:diff"), {"old": first.pk, "new": second.pk}).content.decode()
    assert "<del>旧</del>い記載" in body
    assert "<ins>新し</ins>い記載" in body


def test_versions_of_different_affairs_are_not_compared(client: Client, org_a) -> None:
    one, other = published(org_a, name="甲"), published(org_a, name="乙")
    assert client.get(reverse("public:diff"), {"old": one.pk, "new": other.pk}).status_code == 404


def test_the_transparency_page_lists_affairs_bases_and_linkages(client: Client, org_a) -> None:
    provisions = [
        {
            "id": "p1",
            "affair": "a1",
            "direction": "receive",
            "channel": "network",
            "categories": ["地方税関係情報"],
            "counterparty": {
                "name": "他市町村長",
                "kind": "municipality",
                "body": "mayor",
                "same_government": False,
            },
        }
    ]
    published(org_a, name="児童手当の支給に関する事務", registry_extra={"provisions": provisions})
    body = client.get(reverse("public:organization", args=[org_a.pk])).content.decode()
    assert "児童手当の支給に関する事務" in body
    assert "児童手当法" in body
    assert "他市町村長" in body and "地方税関係情報" in body


def test_the_transparency_page_reads_each_affairs_overview_not_its_whole_version(
    client: Client, org_a
) -> None:
    from compliance.public.models import SearchDocument

    provisions = [
        {"id": "p1", "affair": "a1", "direction": "provide", "channel": "network", "categories": ["地方税関係情報"],
         "counterparty": {"name": "北海道知事", "kind": "prefecture", "body": "governor", "same_government": False}}
    ]  # fmt: skip
    published(org_a, name="児童手当の支給に関する事務", registry_extra={"provisions": provisions})
    row = SearchDocument.objects.get()
    assert "北海道知事" in row.overview and "findings" in row.overview
    SearchDocument.objects.update(document="{}")  # the page must not need it
    body = client.get(reverse("public:organization", args=[org_a.pk])).content.decode()
    assert "北海道知事" in body


def test_the_transparency_page_hides_terminal_security_details(client: Client, org_a) -> None:
    terminals = [
        {
            "id": "t1",
            "name": "秘密端末ZZ",
            "connection": "internet",
            "write_authorized": True,
            "two_factor": False,
            "resident_register_client": False,
        }
    ]
    assessment = published(org_a, registry_extra={"terminals": terminals})
    for url in (
        reverse("public:organization", args=[org_a.pk]),
        reverse("public:assessment", args=[assessment.pk]),
    ):
        assert "秘密端末ZZ" not in client.get(url).content.decode()


def test_the_statistics_page_draws_its_charts(client: Client, org_a, org_b) -> None:
    published(org_a, findings=[finding()], published_on=dt.date(2025, 4, 1))
    published(org_b, level="full", findings=[finding()], published_on=dt.date(2026, 4, 1))
    body = client.get(reverse("public:statistics")).content.decode()
    assert 'data-testid="chart-prefecture"' in body and 'data-testid="chart-rules"' in body
    assert "<svg" in body and reverse("law:spread") in body


def _queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("public:search", {"q": "委託"}),
        ("public:search", {}),
        ("public:statistics", None),
        ("public:feed", None),
    ],
)
def test_list_pages_cost_the_same_queries_for_more_rows(
    client: Client, org_a, org_b, name: str, params
) -> None:
    for n in range(2):
        published(org_a, name=f"委託事務{n}", findings=[finding()])
    few = _queries(client, reverse(name), params)
    for n in range(8):
        published(org_b, name=f"委託事務B{n}", findings=[finding(), finding("PIA-LATE")])
    assert _queries(client, reverse(name), params) == few


def test_the_transparency_page_costs_the_same_queries_for_more_affairs(client: Client, org_a) -> None:
    published(org_a, name="甲")
    few = _queries(client, reverse("public:organization", args=[org_a.pk]))
    for n in range(6):
        published(org_a, name=f"事務{n}", findings=[finding()])
    assert _queries(client, reverse("public:organization", args=[org_a.pk])) == few


def test_the_assessment_page_costs_the_same_queries_for_a_longer_history(client: Client, org_a) -> None:
    first = published(org_a, name="税務事務", findings=[finding()])
    few = _queries(client, reverse("public:assessment", args=[first.pk]))
    for n in range(4):
        published(org_a, affair=first.affair, findings=[finding()] * n, published_on=dt.date(2026, 4, 2 + n))
    assert _queries(client, reverse("public:assessment", args=[first.pk])) == few


def test_the_assessment_page_links_the_pdf_and_word_downloads(client: Client, org_a) -> None:
    assessment = published(org_a)
    version_id = assessment.search_document.version_id
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert reverse("documents:version", args=[version_id]) in body


def test_the_search_page_speaks_english_too(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("public:search"), {"q": "税務"}).content.decode()
    assert "Search published assessments" in body
    assert "1 result" in body


def test_a_very_common_word_shows_a_capped_count(client: Client, org_a, monkeypatch) -> None:
    from compliance.public.search import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(5):
        published(org_a, name=f"委託事務{n}")
    response = client.get(reverse("public:search"), {"q": "委託"})
    assert response.context["page"].paginator.capped
    assert "3件以上" in response.content.decode()


def test_the_assessment_page_draws_the_data_flow_without_the_terminal(client: Client, org_a) -> None:
    flows = [{"id": "c1", "affair": "a1", "card": "my_number_card", "application": "input_support", "operation": "read",
              "items": ["number", "name"], "terminal": "t1", "transfer": {"medium": "none", "encrypted": False, "logged": False},
              "consent_recorded": True, "persistent_key": False}]  # fmt: skip
    terminals = [{"id": "t1", "name": "窓口端末XYZ", "connection": "lgwan", "write_authorized": True, "two_factor": True,
                  "resident_register_client": False}]  # fmt: skip
    assessment = published(org_a, registry_extra={"card_flows": flows, "terminals": terminals})
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    diagram = body[body.index('id="dataflow"') :]
    assert "<svg" in diagram.split("</section>")[0]
    assert "窓口端末XYZ" not in body


def test_the_finding_badge_reads_its_severity_in_the_page_language(client: Client, org_a) -> None:
    assessment = published(org_a, name="税務事務", findings=[finding()])
    url = reverse("public:assessment", args=[assessment.pk])

    japanese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()

    assert '<span class="badge violation">違反</span>' in japanese
    assert '<span class="badge violation">Violation</span>' in english


def test_an_english_reader_gets_the_form_and_its_sections_by_english_titles(client: Client, org_a) -> None:
    assessment = published(org_a, level="full")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert "Specific personal information protection assessment (full assessment)" in body
    assert "Hearing the views of the public and residents" in body
    assert "特定個人情報保護評価書（全項目評価書）</h2>" not in body
    client.cookies["django_language"] = "ja"
    body = client.get(reverse("public:assessment", args=[assessment.pk])).content.decode()
    assert "特定個人情報保護評価書（全項目評価書）" in body
    assert "国民・住民等からの意見の聴取" in body
