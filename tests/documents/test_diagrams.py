"""Data-flow diagrams: the snapshot's flows as a graph, every label inert text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from compliance.checks.snapshot import (
    Affair,
    Basis,
    CardFlow,
    Counterparty,
    DeclarationSnapshot,
    File,
    Organization,
    Provision,
    Terminal,
    Transfer,
)
from compliance.documents.diagrams import affair_dot, affair_svg
from compliance.registry.diagrams import dataflow_svg

HOSTILE = '<IMG SRC="/etc/passwd"/>'


def _snapshot(name: str = "児童手当の支給に関する事務", party: str = "北海道知事") -> DeclarationSnapshot:
    return DeclarationSnapshot(
        organization=Organization(name="苫小牧市", code="012131", kind="municipality", body="mayor"),
        as_of=dt.date(2026, 4, 1),
        affairs=(Affair(id="a1", name=name, uses_number=True, basis=Basis(kind="schedule")),),
        files=(File(id="f1", name="児童手当ファイル", affairs=("a1",), persons=50_000, handlers=20),),
        terminals=(Terminal(id="t1", name="窓口端末", connection="lgwan", write_authorized=True),),
        provisions=(
            Provision(
                id="p1",
                affair="a1",
                direction="receive",
                channel="network",
                counterparty=Counterparty(name=party, kind="prefecture"),
                categories=("地方税関係情報",),
            ),
        ),
        card_flows=(
            CardFlow(
                id="c1",
                affair="a1",
                card="my_number_card",
                application="input_support",
                operation="read",
                items=frozenset({"name"}),
                terminal="t1",
                transfer=Transfer(medium="removable_media"),
            ),
        ),
    )


def test_the_affair_points_to_its_files() -> None:
    dot = affair_dot(_snapshot(), affair_id="a1")
    assert 'id="df-affair.a1--file.f1"' in dot


def test_a_received_provision_flows_from_the_counterparty_to_the_affair() -> None:
    dot = affair_dot(_snapshot(), affair_id="a1")
    assert 'id="df-party.p1--affair.a1"' in dot
    assert "北海道知事" in dot


def test_a_card_flow_runs_card_application_terminal_affair() -> None:
    dot = affair_dot(_snapshot(), affair_id="a1")
    for edge in (
        'id="df-card.my_number_card--app.my_number_card.input_support"',
        'id="df-app.my_number_card.input_support--terminal.t1"',
        'id="df-terminal.t1--affair.a1"',
    ):
        assert edge in dot
    assert "外部記録媒体" in dot


def test_the_public_picture_leaves_out_the_terminals() -> None:
    dot = affair_dot(_snapshot(), affair_id="a1", terminals_shown=False)
    assert "窓口端末" not in dot
    assert 'id="df-app.my_number_card.input_support--affair.a1"' in dot


#: The PDF's picture and the registry page's, drawn by the same builder.
OUTPUTS: dict[str, Callable[[DeclarationSnapshot], str]] = {
    "pdf": lambda snapshot: affair_svg(snapshot, affair_id="a1"),
    "web": lambda snapshot: dataflow_svg(snapshot, affair_id="a1"),
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_name_that_looks_like_a_graphviz_html_label_stays_text(output: str) -> None:
    # A one-line label wrapped in <…> is what Graphviz would take for an HTML label.
    dot = affair_dot(_snapshot(party=HOSTILE), affair_id="a1")
    assert f"label={HOSTILE}" not in dot
    svg = OUTPUTS[output](_snapshot(party=HOSTILE))
    assert "<IMG" not in svg and "<image" not in svg
    assert "&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;" in svg


def test_the_svg_is_an_inline_element_without_doctype_or_external_references() -> None:
    svg = affair_svg(_snapshot(), affair_id="a1")
    assert svg.startswith("<svg")
    assert "DOCTYPE" not in svg and "<?xml" not in svg
    assert "href" not in svg.replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")
