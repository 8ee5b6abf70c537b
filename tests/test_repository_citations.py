"""The code cites only what ships: the Act, the documents in docs/ or a source by its own name.

Comments, docstrings, templates and the schema must not point at planning documents that are not
part of the repository (a design note, a contracts page, numbered seed documents, tracker items).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "compliance"
DOCS = ROOT / "docs"

#: A reference to a document outside the repository.
OUTSIDE = re.compile(
    r"(?<!docs/)\bdomain\.md|contracts\.md|design\.md|style\.md|\.\./shared/|\bseeds?( documents?| ?0\d)"
    r"|\bissue \d",
    re.IGNORECASE,
)
#: A citation of a page in docs/.
DOCS_PAGE = re.compile(r"docs/([a-z0-9-]+\.md)")
SUFFIXES = {".py", ".html", ".txt", ".json", ".yaml", ".md", ".xml", ".svg", ".js", ".css"}


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def test_the_code_cites_no_document_outside_the_repository() -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert offending == []


@pytest.mark.parametrize(
    "line",
    [
        "the threshold (domain.md §2.1)",
        "as contracts.md §6 says",
        "see ../shared/design.md",
        "the layout of style.md",
        "issue 5, item 3",
        "from seed 003",
        "the seed documents",
    ],
)
def test_a_citation_of_a_planning_document_is_caught(line: str) -> None:
    assert OUTSIDE.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "the threshold (docs/domain.md §2.1)",
        "a token issued today",
        "@shared_task",
        "seed = AuditChainHead()",
    ],
)
def test_a_citation_of_the_repository_is_not(line: str) -> None:
    assert not OUTSIDE.search(line)


def test_every_cited_docs_page_exists() -> None:
    cited = {name for path in _sources() for name in DOCS_PAGE.findall(path.read_text(encoding="utf-8"))}
    assert cited, "the code cites docs/ pages"
    assert sorted(name for name in cited if not (DOCS / name).is_file()) == []
