"""The data-flow diagram of an affair (データフロー図) for the PDF (inline vector SVG) and the Word file (PNG).

The picture is the registry's (:func:`compliance.registry.diagrams.dataflow_graph`, the one builder,
with its one escaping of declared text): drawn without findings, in Japanese like the PPC's forms,
and without the terminals in the public variant (``terminals_shown=False``).
"""

from __future__ import annotations

import graphviz
from django.utils import translation

from compliance.checks.snapshot import DeclarationSnapshot
from compliance.registry.diagrams import dataflow_graph, render_png, render_svg


def affair_graph(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> graphviz.Digraph:
    """The data flows of one affair (or of every affair when ``affair_id`` is None), without findings.

    ``terminals_shown=False`` leaves out the terminals and their connections (the public
    variant: a body's network layout is security-sensitive).
    """
    with translation.override("ja"):
        return dataflow_graph(
            snapshot, affair_id=affair_id, findings_drawn=False, terminals_shown=terminals_shown
        )


def affair_dot(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> str:
    """The diagram as DOT source (for tests and for anyone who wants to restyle it)."""
    return affair_graph(snapshot, affair_id=affair_id, terminals_shown=terminals_shown).source


def affair_svg(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> str:
    """The diagram as an inline ``<svg>`` element: no XML prologue, DOCTYPE or comments."""
    return render_svg(affair_graph(snapshot, affair_id=affair_id, terminals_shown=terminals_shown))


def affair_png(
    snapshot: DeclarationSnapshot, *, affair_id: str | None = None, terminals_shown: bool = True
) -> bytes:
    """The same diagram as a PNG (150 dpi), for the Word file: Word shows no inline SVG everywhere."""
    return render_png(affair_graph(snapshot, affair_id=affair_id, terminals_shown=terminals_shown), dpi=150)
