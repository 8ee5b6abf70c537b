"""Data-flow diagrams of an affair (データフロー図): snapshot in, Graphviz DOT and SVG out.

Pure functions of a :class:`~compliance.checks.snapshot.DeclarationSnapshot`, so the same
picture goes into the HTML page, the PDF (inline vector SVG) and anywhere else. The
diagram follows the data: affair → its files; provisions to and from counterparties
(番号法第19条: provision between bodies); card → IC application → terminal → transfer →
the affair it serves (docs/domain.md §3).

Every label is user text: it goes through :func:`graphviz.escape` so that a name such
as ``<IMG SRC="/etc/passwd">`` is never read as a Graphviz HTML label (which could make
``dot`` read a local file), and the SVG is cleaned of its DOCTYPE (an external DTD URL)
before it is inlined.
"""

from __future__ import annotations

import re
import subprocess

import graphviz

from compliance.checks.snapshot import DeclarationSnapshot

FONT = "IPAexGothic"
RENDER_TIMEOUT_SECONDS = 30

_CHANNEL = {
    "network": "情報提供NWS",
    "intra_government": "庁内連携",
    "entrustment": "委託",
    "other": "その他",
}
_CARD = {
    "my_number_card": "マイナンバーカード",
    "residence_card": "在留カード",
    "special_residence_card": "特定在留カード",
    "special_permanent_resident_certificate": "特別永住者証明書",
    "smartphone_card_record": "スマートフォン用電子証明書等",
}
_APPLICATION = {
    "card_face": "券面AP",
    "jpki_signature": "JPKI-AP（署名用）",
    "jpki_authentication": "JPKI-AP（利用者証明用）",
    "input_support": "券面事項入力補助AP",
    "resident_register": "住基AP",
    "free_area": "空き領域",
    "residence_chip": "在留カードICチップ",
}
_CONNECTION = {
    "lgwan": "LGWAN",
    "internal_lan": "庁内LAN",
    "standalone": "スタンドアロン",
    "internet": "インターネット",
}
_MEDIUM = {"none": "移送なし", "network": "ネットワーク", "removable_media": "外部記録媒体"}


def _label(*lines: str) -> str:
    # nohtml() must wrap the *joined* text: str.join drops the marker escape() puts on each line.
    return graphviz.nohtml("\n".join(graphviz.escape(line) for line in lines if line))


def _id(*parts: str) -> str:
    return graphviz.nohtml(graphviz.escape("__".join(parts)))


def affair_graph(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> graphviz.Digraph:
    """The data flows of one affair (or of every affair when ``affair_id`` is None).

    ``terminals_shown=False`` leaves out the terminals and their connections (the public
    variant: a body's network layout is security-sensitive).
    """
    graph = graphviz.Digraph("dataflow", graph_attr={"rankdir": "LR", "fontname": FONT, "bgcolor": "white"})
    graph.attr("node", fontname=FONT, fontsize="10", shape="box", style="rounded")
    graph.attr("edge", fontname=FONT, fontsize="9")
    affairs = [a for a in snapshot.affairs if affair_id is None or a.id == affair_id]
    wanted = {a.id for a in affairs}
    terminals = {t.id: t for t in snapshot.terminals} if terminals_shown else {}
    for affair in affairs:
        graph.node(_id("affair", affair.id), _label("事務", affair.name), style="rounded,bold")
    for file in snapshot.files:
        linked = [a for a in file.affairs if a in wanted]
        if not linked:
            continue
        graph.node(_id("file", file.id), _label("特定個人情報ファイル", file.name), shape="cylinder")
        for linked_id in linked:
            graph.edge(_id("affair", linked_id), _id("file", file.id))
    for provision in snapshot.provisions:
        if provision.affair not in wanted:
            continue
        party = _id("party", provision.id)
        graph.node(party, _label(provision.counterparty.name), shape="component")
        label = _label(_CHANNEL.get(provision.channel, provision.channel), "・".join(provision.categories))
        if provision.direction == "provide":
            graph.edge(_id("affair", provision.affair), party, label=label)
        else:
            graph.edge(party, _id("affair", provision.affair), label=label)
    for flow in snapshot.card_flows:
        if flow.affair not in wanted:
            continue
        card, application = _id("card", flow.id), _id("application", flow.id)
        graph.node(card, _label(_CARD.get(flow.card, flow.card)), shape="note")
        graph.node(application, _label(_APPLICATION.get(flow.application, flow.application)), shape="ellipse")
        graph.edge(card, application, label=_label("書込み" if flow.operation == "write" else "読取り"))
        previous = application
        terminal = terminals.get(flow.terminal or "")
        if terminal is not None:
            node = _id("terminal", terminal.id)
            graph.node(node, _label(terminal.name, _CONNECTION.get(terminal.connection, terminal.connection)))
            graph.edge(previous, node)
            previous = node
        medium = flow.transfer.medium
        label = _label(_MEDIUM.get(medium, medium), "暗号化" if flow.transfer.encrypted else "")
        graph.edge(previous, _id("affair", flow.affair), label=label)
    return graph


def affair_dot(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> str:
    """The diagram as DOT source (for tests and for anyone who wants to restyle it)."""
    return affair_graph(snapshot, affair_id=affair_id, terminals_shown=terminals_shown).source


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def affair_svg(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> str:
    """The diagram as an inline ``<svg>`` element: no XML prologue, DOCTYPE or comments."""
    source = affair_dot(snapshot, affair_id=affair_id, terminals_shown=terminals_shown)
    result = subprocess.run(
        ["dot", "-Tsvg"],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=RENDER_TIMEOUT_SECONDS,
        check=True,
    )
    svg = result.stdout.decode("utf-8")
    return _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1)).strip()


def affair_png(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> bytes:
    """The same diagram as a PNG (150 dpi), for the Word file: Word shows no inline SVG everywhere."""
    source = affair_dot(snapshot, affair_id=affair_id, terminals_shown=terminals_shown)
    result = subprocess.run(
        ["dot", "-Tpng", "-Gdpi=150"],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=RENDER_TIMEOUT_SECONDS,
        check=True,
    )
    return result.stdout
