"""Data-flow diagrams of an affair or a whole organisation, drawn with Graphviz to SVG.

The picture follows the data (docs/domain.md §3): card → IC application → terminal (with its
connection) → transfer → the affair's system → counterparties, plus the files the
affair holds and the contractors they are entrusted to. Each edge carries what moves
(card items, information categories). Nodes and edges a finding is about are drawn in
red with the rule ID, so the officer sees *where* the law is exceeded.

Built from the snapshot and the stored findings only (no query), so the same SVG can go
into the page and, later, into the PDF. The rendered SVG is cached by the hash of the
DOT source: an unchanged registry is never drawn twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import graphviz
from django.core.cache import cache
from django.utils.translation import gettext as _

from compliance.checks.snapshot import CardFlow, DeclarationSnapshot
from compliance.lib.vocabulary import (
    Application,
    Card,
    CardItem,
    Channel,
    Connection,
    CounterpartyKind,
    Medium,
)

RED = "#b00020"
INK = "#1d1d1b"
MUTED = "#6b6b66"
FONT = "IPAexGothic, Noto Sans CJK JP, sans-serif"
CACHE_SECONDS = 24 * 3600


def _label(*lines: str) -> str:
    """A node or edge label: each line escaped (no DOT syntax from declared text), joined by newlines."""
    return "\\n".join(graphviz.escape(line) for line in lines if line)


def _rules_line(rules: list[str]) -> str:
    """The rule IDs of the findings about a node or edge, on a line of their own."""
    return "\\n" + graphviz.escape(" ".join(rules)) if rules else ""


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


class _Findings:
    """Rule IDs by subject (``COLLECTION/ID``), for colouring what they are about."""

    def __init__(self, findings: Iterable[Any]) -> None:
        self.by_subject: dict[str, list[str]] = {}
        for finding in findings:
            rules = self.by_subject.setdefault(finding.subject, [])
            if finding.rule not in rules:
                rules.append(finding.rule)

    def rules(self, *subjects: str) -> list[str]:
        found: list[str] = []
        for subject in subjects:
            found += [rule for rule in self.by_subject.get(subject, []) if rule not in found]
        return found


def svg_id(key: str) -> str:
    """An element id valid in HTML and SVG (an XML name) for a diagram key such as ``affair:a1->file:f1``.

    ``:`` becomes ``.`` and ``->`` becomes ``--``; anything else that is no name character becomes ``_``.
    The ``df-`` prefix keeps ids apart from the page's own and makes them start with a letter.
    """
    return "df-" + re.sub(r"[^\w.-]", "_", key.replace("->", "--").replace(":", "."))


def _style(rules: list[str]) -> dict[str, str]:
    if rules:
        return {"color": RED, "fontcolor": RED, "penwidth": "2"}
    return {"color": INK, "fontcolor": INK}


def dataflow_graph(
    snapshot: DeclarationSnapshot, findings: Iterable[Any], *, affair_id: str | None = None
) -> graphviz.Digraph:
    """The data-flow graph of one affair (``affair_id``) or of every affair of the snapshot."""
    marks = _Findings(findings)
    affairs = [a for a in snapshot.affairs if affair_id is None or a.id == affair_id]
    wanted = {a.id for a in affairs}
    graph = graphviz.Digraph(
        name="dataflow",
        graph_attr={"rankdir": "LR", "fontname": FONT, "bgcolor": "transparent", "nodesep": "0.3"},
        node_attr={"fontname": FONT, "fontsize": "11", "shape": "box", "style": "rounded"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": MUTED, "fontcolor": MUTED},
    )
    # DOT reads "a:b" as node a, port b: nodes get plain generated IDs, in drawing order.
    ids: dict[str, str] = {}

    def node(key: str, label: str, rules: list[str] | None = None, **attrs: str) -> None:
        if key in ids:
            return
        ids[key] = f"n{len(ids) + 1}"
        rules = rules or []
        attrs = {**attrs, **_style(rules), "id": svg_id(key)}
        graph.node(ids[key], label + _rules_line(rules), **attrs)

    def edge(tail: str, head: str, label: str, rules: list[str], **attrs: str) -> None:
        text = label + _rules_line(rules)
        attrs = {**attrs, **(_style(rules) if rules else {}), "id": svg_id(f"{tail}->{head}")}
        graph.edge(ids[tail], ids[head], label=text, **attrs)

    for affair in affairs:
        subjects = [f"affairs/{affair.id}"]
        subjects += [f"assessments/{a.id}" for a in snapshot.assessments if a.affair == affair.id]
        subjects += [f"changes/{c.id}" for c in snapshot.changes if c.affair == affair.id]
        node(
            f"affair:{affair.id}",
            _label(_("事務"), affair.name),
            marks.rules(*subjects),
            shape="box3d",
            style="",
        )
    for flow in snapshot.card_flows:
        if flow.affair in wanted:
            _card_flow(flow, snapshot, marks, node, edge)
    for provision in snapshot.provisions:
        if provision.affair not in wanted:
            continue
        party = provision.counterparty
        party_key = f"party:{provision.id}"
        node(party_key, _label(party.name or _choice(CounterpartyKind, party.kind), _choice(CounterpartyKind, party.kind)),
             shape="ellipse", style="")  # fmt: skip
        what = _label("、".join(provision.categories) or "—", _choice(Channel, provision.channel))
        rules = marks.rules(f"provisions/{provision.id}")
        if provision.direction == "receive":
            edge(party_key, f"affair:{provision.affair}", what, rules)
        else:
            edge(f"affair:{provision.affair}", party_key, what, rules)
    files = [f for f in snapshot.files if wanted & set(f.affairs)]
    for file in files:
        node(f"file:{file.id}", _label(file.name, _("%(n)s人") % {"n": f"{file.persons:,}"}),
             marks.rules(f"files/{file.id}"), shape="cylinder", style="")  # fmt: skip
        for affair_ref in file.affairs:
            if affair_ref in wanted:
                edge(f"affair:{affair_ref}", f"file:{file.id}", "", [], style="dashed", arrowhead="none")
    file_ids = {f.id for f in files}
    for entrustment in snapshot.entrustments:
        if entrustment.file not in file_ids:
            continue
        key = f"contractor:{entrustment.id}"
        node(key, _label(_("委託先"), entrustment.contractor), shape="ellipse", style="")
        label = _("委託") + ("・" + _("再委託") if entrustment.subcontract else "")
        edge(f"file:{entrustment.file}", key, _label(label), marks.rules(f"entrustments/{entrustment.id}"))
    return graph


def _card_flow(flow: CardFlow, snapshot: DeclarationSnapshot, marks: _Findings, node: Any, edge: Any) -> None:
    """card → application → terminal → (transfer) → affair, reversed for a write to the card."""
    rules = marks.rules(f"card_flows/{flow.id}")
    card_key, app_key = f"card:{flow.card}", f"app:{flow.card}:{flow.application}"
    node(card_key, _label(_choice(Card, flow.card)), shape="note", style="")
    node(app_key, _label(_choice(Application, flow.application)), style="rounded,dashed")
    items = "、".join(_choice(CardItem, item) for item in sorted(flow.items, key=CardItem.values.index))
    path = [card_key, app_key]
    labels = [_label(flow.id, _("読取り") if flow.operation == "read" else _("書込み")), _label(items)]
    terminal = next((t for t in snapshot.terminals if t.id == flow.terminal), None)
    if terminal is not None:
        extra = [] if terminal.two_factor else [_("二要素認証なし")]
        node(f"terminal:{terminal.id}", _label(terminal.name, _choice(Connection, terminal.connection), *extra),
             marks.rules(f"terminals/{terminal.id}"))  # fmt: skip
        path.append(f"terminal:{terminal.id}")
        transfer = flow.transfer
        flags = [f for f, on in ((_("暗号化"), transfer.encrypted), (_("記録"), transfer.logged)) if on]
        labels.append(_label(_choice(Medium, transfer.medium), "・".join(flags)))
    path.append(f"affair:{flow.affair}")
    if flow.operation == "write":
        path.reverse()
        labels.reverse()
    for (tail, head), label in zip(pairwise(path), labels, strict=True):
        edge(tail, head, label, rules)


def render_svg(graph: graphviz.Digraph) -> str:
    """The graph as an inline ``<svg>`` element (no XML prologue), cached by its DOT source."""
    source = graph.source
    key = "registry:dataflow:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    svg = cache.get(key)
    if svg is None:
        raw = graph.pipe(format="svg", engine="dot").decode("utf-8")
        svg = raw[raw.index("<svg") :]
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def dataflow_svg(
    snapshot: DeclarationSnapshot, findings: Iterable[Any], *, affair_id: str | None = None
) -> str:
    return render_svg(dataflow_graph(snapshot, findings, affair_id=affair_id))
