"""Data-flow diagrams (データフロー図) of an affair or a whole organisation: the one builder.

The picture follows the data (docs/domain.md §3): card → IC application → terminal (with its
connection) → transfer → the affair's system → counterparties, plus the files the affair holds
and the contractors they are entrusted to. Each edge carries what moves (card items,
information categories). With ``findings_drawn``, nodes and edges a finding is about are drawn in
red with the rule ID, so the officer sees *where* the law is exceeded; with
``terminals_shown=False`` the terminals and their connections are left out (the public
variant: a body's network layout is security-sensitive).

The registry's pages, the public portal and the PDF and Word files (compliance.documents.diagrams)
all draw through :func:`dataflow_graph`; it reads the snapshot and the findings only (no query).

Every label goes through :func:`_label`, the one escaping: each line through
:func:`graphviz.escape` (no backslash escapes from declared text) and the joined label marked
:func:`graphviz.nohtml`, so that a name such as ``<IMG SRC="/etc/passwd">`` is never read as a
Graphviz HTML label (which could make ``dot`` read a local file), whatever the number of lines.
The SVG is cut to its ``<svg>`` element (no XML prologue, no DOCTYPE with its external DTD URL,
no comments) and cached by the hash of the DOT source: an unchanged registry is never drawn twice.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, TypedDict, Unpack

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
    Operation,
)

RED = "#b00020"
INK = "#1d1d1b"
MUTED = "#6b6b66"
FONT = "IPAexGothic, Noto Sans CJK JP, sans-serif"
CACHE_SECONDS = 24 * 3600
RENDER_TIMEOUT_SECONDS = 30

Node = Callable[..., None]
Edge = Callable[..., None]


def _label(*lines: str) -> str:
    """A node or edge label: each line escaped, joined by DOT newlines, the whole marked as no HTML.

    ``nohtml()`` must wrap the *joined* text: ``str.join`` drops the marker :func:`graphviz.escape`
    puts on each line, and a one-line label wrapped in ``<…>`` would be an HTML label.
    """
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines if line))


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
    snapshot: DeclarationSnapshot,
    findings: Iterable[Any] = (),
    *,
    affair_id: str | None = None,
    findings_drawn: bool = True,
    terminals_shown: bool = True,
) -> graphviz.Digraph:
    """The data-flow graph of one affair (``affair_id``) or of every affair of the snapshot.

    ``findings_drawn=False`` ignores ``findings`` (the printed assessment shows the flows only);
    ``terminals_shown=False`` leaves out the terminals (a card flow then runs from its application
    to the affair).
    """
    marks = _Findings(findings if findings_drawn else ())
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

    def node(key: str, lines: Iterable[str], rules: list[str] | None = None, **attrs: str) -> None:
        if key in ids:
            return
        ids[key] = f"n{len(ids) + 1}"
        rules = rules or []
        attrs = {**attrs, **_style(rules), "id": svg_id(key)}
        graph.node(ids[key], _label(*lines, " ".join(rules)), **attrs)

    def edge(tail: str, head: str, lines: Iterable[str], rules: list[str], **attrs: str) -> None:
        attrs = {**attrs, **(_style(rules) if rules else {}), "id": svg_id(f"{tail}->{head}")}
        graph.edge(ids[tail], ids[head], label=_label(*lines, " ".join(rules)), **attrs)

    for affair in affairs:
        subjects = [f"affairs/{affair.id}"]
        subjects += [f"assessments/{a.id}" for a in snapshot.assessments if a.affair == affair.id]
        subjects += [f"changes/{c.id}" for c in snapshot.changes if c.affair == affair.id]
        node(f"affair:{affair.id}", (_("事務"), affair.name), marks.rules(*subjects), shape="box3d", style="")
    terminals = {t.id: t for t in snapshot.terminals} if terminals_shown else {}
    for flow in snapshot.card_flows:
        if flow.affair in wanted:
            _card_flow(flow, terminals, marks, node, edge)
    for provision in snapshot.provisions:
        if provision.affair not in wanted:
            continue
        party = provision.counterparty
        party_key = f"party:{provision.id}"
        kind = _choice(CounterpartyKind, party.kind)
        node(party_key, (party.name or kind, kind), shape="ellipse", style="")
        what = ("、".join(provision.categories) or "—", _choice(Channel, provision.channel))
        rules = marks.rules(f"provisions/{provision.id}")
        if provision.direction == "receive":
            edge(party_key, f"affair:{provision.affair}", what, rules)
        else:
            edge(f"affair:{provision.affair}", party_key, what, rules)
    files = [f for f in snapshot.files if wanted & set(f.affairs)]
    for file in files:
        persons = _("%(n)s人") % {"n": f"{file.persons:,}"}
        node(
            f"file:{file.id}",
            (file.name, persons),
            marks.rules(f"files/{file.id}"),
            shape="cylinder",
            style="",
        )
        for affair_ref in file.affairs:
            if affair_ref in wanted:
                edge(f"affair:{affair_ref}", f"file:{file.id}", (), [], style="dashed", arrowhead="none")
    file_ids = {f.id for f in files}
    for entrustment in snapshot.entrustments:
        if entrustment.file not in file_ids:
            continue
        key = f"contractor:{entrustment.id}"
        node(key, (_("委託先"), entrustment.contractor), shape="ellipse", style="")
        label = _("委託") + ("・" + _("再委託") if entrustment.subcontract else "")
        edge(f"file:{entrustment.file}", key, (label,), marks.rules(f"entrustments/{entrustment.id}"))
    return graph


def _card_flow(flow: CardFlow, terminals: dict[str, Any], marks: _Findings, node: Node, edge: Edge) -> None:
    """card → application → terminal → (transfer) → affair, reversed for a write to the card."""
    rules = marks.rules(f"card_flows/{flow.id}")
    card_key, app_key = f"card:{flow.card}", f"app:{flow.card}:{flow.application}"
    node(card_key, (_choice(Card, flow.card),), shape="note", style="")
    node(app_key, (_choice(Application, flow.application),), style="rounded,dashed")
    items = "、".join(_choice(CardItem, item) for item in sorted(flow.items, key=CardItem.values.index))
    path = [card_key, app_key]
    labels: list[tuple[str, ...]] = [(flow.id, _choice(Operation, flow.operation)), (items,)]
    terminal = terminals.get(flow.terminal or "")
    if terminal is not None:
        extra = () if terminal.two_factor else (_("二要素認証なし"),)
        node(f"terminal:{terminal.id}", (terminal.name, _choice(Connection, terminal.connection), *extra),
             marks.rules(f"terminals/{terminal.id}"))  # fmt: skip
        path.append(f"terminal:{terminal.id}")
        transfer = flow.transfer
        flags = [f for f, on in ((_("暗号化"), transfer.encrypted), (_("記録"), transfer.logged)) if on]
        labels.append((_choice(Medium, transfer.medium), "・".join(flags)))
    path.append(f"affair:{flow.affair}")
    if flow.operation == "write":
        path.reverse()
        labels.reverse()
    for (tail, head), label in zip(pairwise(path), labels, strict=True):
        edge(tail, head, label, rules)


def _dot(source: str, *args: str) -> bytes:
    """``dot`` run on ``source`` with a time limit (a huge declaration cannot hold a worker)."""
    result = subprocess.run(
        ["dot", *args],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=RENDER_TIMEOUT_SECONDS,
        check=True,
    )
    return result.stdout


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def render_svg(graph: graphviz.Digraph) -> str:
    """The graph as an inline ``<svg>`` element (no XML prologue, DOCTYPE or comments), cached by its DOT source."""
    source = graph.source
    key = "registry:dataflow:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    svg = cache.get(key)
    if svg is None:
        raw = _dot(source, "-Tsvg").decode("utf-8")
        svg = _COMMENT.sub("", raw[raw.index("<svg") :]).strip()
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def render_png(graph: graphviz.Digraph, *, dpi: int = 150) -> bytes:
    """The graph as a PNG (for the Word file: Word shows no inline SVG everywhere)."""
    return _dot(graph.source, "-Tpng", f"-Gdpi={dpi}")


class DiagramOptions(TypedDict, total=False):
    """What :func:`dataflow_graph` takes besides the snapshot and the findings."""

    affair_id: str | None
    findings_drawn: bool
    terminals_shown: bool


def dataflow_svg(
    snapshot: DeclarationSnapshot, findings: Iterable[Any] = (), **options: Unpack[DiagramOptions]
) -> str:
    return render_svg(dataflow_graph(snapshot, findings, **options))
