"""Data-flow diagrams: what moves where, and findings in red with their rule ID."""

from __future__ import annotations

import datetime as dt
import html

import graphviz
import pytest
from django.urls import reverse

from compliance.checks.findings import Finding
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.documents.diagrams import affair_svg
from compliance.registry.codec import normalize_declaration
from compliance.registry.diagrams import RED, _label, dataflow_graph, dataflow_svg
from compliance.registry.importing import declaration_import
from compliance.registry.models import Affair


def _finding(rule, subject):
    return Finding(rule=rule, severity="warning", subject=subject, citation="", message_ja="", message_en="")


@pytest.fixture
def snapshot(declaration):
    return snapshot_from_declaration(normalize_declaration(declaration))


def test_a_card_flow_runs_from_the_card_through_its_terminal_to_the_affair(snapshot):
    source = dataflow_graph(snapshot, [], affair_id="a1").source

    assert 'id="df-card.my_number_card--app.my_number_card.input_support"' in source
    assert 'id="df-app.my_number_card.input_support--terminal.t1"' in source
    assert 'id="df-terminal.t1--affair.a1"' in source
    assert "個人番号、氏名、住所・住居地、生年月日" in source


def test_a_received_provision_points_at_the_affair_with_its_categories(snapshot):
    source = dataflow_graph(snapshot, [], affair_id="a1").source

    assert 'id="df-party.p1--affair.a1"' in source
    assert "地方税関係情報" in source


def test_an_affair_diagram_leaves_out_other_affairs(snapshot):
    source = dataflow_graph(snapshot, [], affair_id="a1").source

    assert 'id="df-affair.a2"' not in source and "df-card.residence_card" not in source


def test_what_a_finding_is_about_is_drawn_in_red_with_the_rule_id(snapshot):
    findings = [_finding("SEC-TWO-FACTOR", "terminals/t1"), _finding("CARD-NUMBER-READ", "card_flows/c1")]

    source = dataflow_graph(snapshot, findings, affair_id="a1").source

    terminal = next(line for line in source.splitlines() if 'id="df-terminal.t1"' in line)
    assert RED in terminal and "SEC-TWO-FACTOR" in terminal
    flow_edges = [line for line in source.splitlines() if "->" in line and "CARD-NUMBER-READ" in line]
    assert len(flow_edges) == 3 and all(RED in line for line in flow_edges)


def test_a_write_to_the_card_runs_from_the_affair_to_the_card(declaration):
    declaration["card_flows"][0]["operation"] = "write"
    snapshot = snapshot_from_declaration(normalize_declaration(declaration))

    source = dataflow_graph(snapshot, [], affair_id="a1").source

    assert 'id="df-affair.a1--terminal.t1"' in source
    assert 'id="df-app.my_number_card.input_support--card.my_number_card"' in source


#: The two outputs of the one builder: the registry's page and the PDF's annex.
OUTPUTS = {
    "web": lambda snapshot: dataflow_svg(snapshot, [], affair_id="a1"),
    "pdf": lambda snapshot: affair_svg(snapshot, affair_id="a1"),
}
HOSTILE = '<IMG SRC="/etc/passwd"/>'


@pytest.mark.parametrize("output", OUTPUTS)
def test_declared_text_cannot_inject_dot_syntax(declaration, output):
    declaration["affairs"][0]["name"] = 'x" shape=none label="owned\\'
    snapshot = snapshot_from_declaration(normalize_declaration(declaration))

    svg = OUTPUTS[output](snapshot)

    assert svg.startswith("<svg") and "x&quot; shape=none label=&quot;owned" in svg


@pytest.mark.parametrize("output", OUTPUTS)
def test_declared_text_that_looks_like_a_graphviz_html_label_stays_text_everywhere(declaration, output):
    declaration["affairs"][0]["name"] = HOSTILE
    declaration["files"][0]["name"] = HOSTILE
    declaration["terminals"][0]["name"] = HOSTILE
    declaration["provisions"][0]["counterparty"]["name"] = HOSTILE
    declaration["provisions"][0]["categories"] = [HOSTILE]
    snapshot = snapshot_from_declaration(normalize_declaration(declaration))

    svg = OUTPUTS[output](snapshot)

    assert "<IMG" not in svg and "<image" not in svg
    assert svg.count("&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;") >= 4


def test_a_one_line_label_is_never_read_as_html():
    graph = graphviz.Digraph()
    graph.node("n1", _label(HOSTILE))

    assert 'label="<IMG SRC=\\"/etc/passwd\\"/>"' in graph.source


def test_the_diagram_renders_to_inline_svg(snapshot):
    svg = dataflow_svg(snapshot, [_finding("SEC-TWO-FACTOR", "terminals/t1")])

    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "SEC-TWO-FACTOR" in html.unescape(svg) and RED in svg


@pytest.mark.django_db
def test_the_affair_page_shows_the_diagram_and_offers_it_as_svg(org_a, officer_a_client, declaration):
    declaration["organization"] = {
        "name": org_a.name,
        "code": org_a.code,
        "kind": org_a.kind,
        "body": org_a.body,
    }
    organization = declaration_import(data=declaration, acting_user=None).organization
    affair = Affair.objects.get(organization=organization, ref="a1")

    page = officer_a_client.get(reverse("registry:affair", kwargs={"pk": org_a.pk, "affair_pk": affair.pk}))
    svg = officer_a_client.get(
        reverse("registry:affair_diagram", kwargs={"pk": org_a.pk, "affair_pk": affair.pk})
    )

    assert 'data-testid="dataflow"' in page.content.decode() and "<svg" in page.content.decode()
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content


def test_an_unchanged_registry_is_not_drawn_twice(snapshot, monkeypatch):
    dataflow_svg(snapshot, [], affair_id="a1")
    monkeypatch.setattr("compliance.registry.diagrams._dot", lambda *a, **k: pytest.fail("drawn again"))

    assert dataflow_svg(snapshot, [], affair_id="a1").startswith("<svg")


def test_the_as_of_date_does_not_change_the_picture(declaration):
    first = normalize_declaration(declaration)
    later = {**first, "as_of": (dt.date(2030, 1, 1)).isoformat()}

    assert (
        dataflow_graph(snapshot_from_declaration(first), []).source
        == dataflow_graph(snapshot_from_declaration(later), []).source
    )
