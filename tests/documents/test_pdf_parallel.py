"""The PDF rendered by several processes is the PDF rendered by one (issue 8, item 5).

The benchmark's synthetic full assessment (様式2 + 様式4, every item answered at length) is
rendered with ``processes=1`` (one WeasyPrint render, margin boxes included) and with
``processes=2`` (parts rendered by two forked children, stitched with pypdf), and the two are
compared page by page: text, pixels, page numbers, outline, fonts, metadata. Then the
failure paths: a child that raises or dies, a parent interrupted mid-render, a parent
killed outright; none may leave a process behind.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import runpy
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from pypdf import PdfReader

from bench.bench_documents import synthetic_version
from compliance.documents import parallel, pdf
from compliance.documents.pdf import document_parts, document_pdf, processes_for
from compliance.documents.render import build_document
from compliance.documents.structure import FULL, PUBLIC, WITHHELD, Document
from tests.documents.helpers import outline, pdf_pages, pdf_text, poppler_text, set_answer

SECRET = "保管場所は本庁舎地下二階サーバ室Ｂ"
RARE = "髙橋𠮷野課①係"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    data = synthetic_version(repeat=4)
    set_answer(data, "full", "storage_place", SECRET)  # public: false in 様式4
    set_answer(data, "full", "department", RARE)
    set_answer(
        data, "full", "assessment_title", "児童手当の支給に関する事務 全項目評価書"
    )  # the title PDF readers show
    return data


@pytest.fixture(scope="module")
def pdfs(data: dict[str, Any]) -> dict[tuple[str, int], bytes]:
    """Both variants, each rendered by one process and by two."""
    out = {}
    for variant in (FULL, PUBLIC):
        document = build_document(data=data, sha256="b" * 64, variant=variant)
        for processes in (1, 2):
            out[variant, processes] = document_pdf(document, processes=processes)
    return out


@pytest.fixture
def document(data: dict[str, Any]) -> Document:
    return build_document(data=data, sha256="b" * 64, variant=FULL)


def _reader(pdf_bytes: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes))


def test_the_parallel_pdf_has_the_same_pages_with_the_same_text(pdfs: dict[tuple[str, int], bytes]) -> None:
    for variant in (FULL, PUBLIC):
        serial, parallel_pdf = pdfs[variant, 1], pdfs[variant, 2]
        assert len(pdf_pages(parallel_pdf)) == len(pdf_pages(serial)) > 20
        assert pdf_pages(parallel_pdf) == pdf_pages(serial)
        assert poppler_text(parallel_pdf) == poppler_text(serial)


def test_every_page_looks_the_same_pixel_for_pixel(
    pdfs: dict[tuple[str, int], bytes], tmp_path: Path
) -> None:
    def images(name: str) -> list[str]:
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-", str(tmp_path / name)],
                       input=pdfs[FULL, 1 if name == "serial" else 2], check=True)  # fmt: skip
        return [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp_path.glob(f"{name}-*"))]

    serial, parallel_images = images("serial"), images("parallel")
    assert len(serial) == len(parallel_images)
    assert [n for n, (a, b) in enumerate(zip(serial, parallel_images, strict=True), 1) if a != b] == []


def test_every_page_carries_its_number_and_the_running_header_but_the_covers(
    pdfs: dict[tuple[str, int], bytes],
) -> None:
    for processes in (1, 2):
        pages = pdf_pages(pdfs[FULL, processes])
        for number, text in enumerate(pages, start=1):
            assert f"{number} / {len(pages)}" in text
        headed = ["苫小牧市　児童手当の支給に関する事務" in text for text in pages]
        assert headed[0] is False and headed[1:].count(False) >= 1  # the second form's cover too
        assert sum(headed) > len(pages) - 5


def test_the_outline_is_the_same_titles_levels_and_destinations(pdfs: dict[tuple[str, int], bytes]) -> None:
    def destinations(pdf_bytes: bytes) -> list[tuple[str, int, float, float]]:
        reader = _reader(pdf_bytes)
        out = []

        def walk(entries: list[Any]) -> None:
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry)
                else:
                    page = reader.get_destination_page_number(entry)
                    out.append((entry.title, page, round(float(entry.left), 1), round(float(entry.top), 1)))

        walk(reader.outline)
        return out

    serial, parallel_pdf = pdfs[FULL, 1], pdfs[FULL, 2]
    assert outline(parallel_pdf) == outline(serial)
    assert len(outline(serial)) == 2  # 様式2 and 様式4, the sections beneath each
    assert destinations(parallel_pdf) == destinations(serial)
    assert sorted(_reader(parallel_pdf).named_destinations) == sorted(_reader(serial).named_destinations)


def _fonts(pdf_bytes: bytes) -> list[tuple[str, bool]]:
    """(name, embedded?) of every font object of the pages and of the forms they draw."""
    fonts: dict[int, tuple[str, bool]] = {}

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[reference.idnum] = (str(font["/BaseFont"]), embedded)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in _reader(pdf_bytes).pages:
        walk(page.get("/Resources"))
    return list(fonts.values())


def test_every_font_is_embedded_and_japanese_the_stamped_margins_included(
    pdfs: dict[tuple[str, int], bytes],
) -> None:
    fonts = _fonts(pdfs[FULL, 2])
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert all(("IPAex" in name or "IPAmj" in name) for name, _embedded in fonts), fonts
    assert any("IPAmj" in name for name, _embedded in fonts)  # 𠮷, which IPAex lacks
    assert RARE in pdf_text(pdfs[FULL, 2])


def test_each_chunks_font_subsets_have_names_of_their_own(pdfs: dict[tuple[str, int], bytes]) -> None:
    names = [name for name, _embedded in _fonts(pdfs[FULL, 2])]
    assert len(names) > len(_fonts(pdfs[FULL, 1]))  # a subset per chunk and per margins render
    assert len(set(names)) == len(names), sorted(names)


def test_the_metadata_and_the_language_are_carried_over(pdfs: dict[tuple[str, int], bytes]) -> None:
    serial, parallel_pdf = _reader(pdfs[FULL, 1]), _reader(pdfs[FULL, 2])
    assert parallel_pdf.metadata == serial.metadata
    assert (
        parallel_pdf.metadata is not None
        and parallel_pdf.metadata.title == "児童手当の支給に関する事務 全項目評価書"
    )
    assert str(parallel_pdf.root_object["/Lang"]) == str(serial.root_object["/Lang"]) == "ja"


def test_withheld_items_stay_out_of_the_public_variant(pdfs: dict[tuple[str, int], bytes]) -> None:
    assert SECRET in pdf_text(pdfs[FULL, 2])
    public = pdf_text(pdfs[PUBLIC, 2])
    assert SECRET not in public
    assert WITHHELD in public


def test_the_file_stays_small_though_each_chunk_embeds_its_own_font_subsets(
    pdfs: dict[tuple[str, int], bytes],
) -> None:
    assert len(pdfs[FULL, 2]) < 2 * len(pdfs[FULL, 1])


# --- how the work is shared --------------------------------------------------------------


def test_groups_cover_every_part_once_in_order_the_lightest_group_first() -> None:
    weights = [3.0, 31.0, 16.0, 7.0, 7.0, 4.0, 4.0, 3.0, 2.0, 1.0, 1.0, 1.0]
    groups = parallel.balanced_groups(weights, 2)
    assert sorted(i for group in groups for i in group) == list(range(len(weights)))
    assert all(group == sorted(group) and group for group in groups)
    loads = [sum(weights[i] for i in group) for group in groups]
    assert loads == sorted(loads)
    assert loads[-1] - loads[0] <= 1.0  # 40 / 40 here, where neighbours only could make 34 / 46


def test_there_are_never_more_groups_than_parts() -> None:
    assert parallel.balanced_groups([5.0, 1.0], 8) == [[1], [0]]
    assert parallel.balanced_groups([5.0], 1) == [[0]]


def test_the_part_weights_put_the_biggest_section_alone_against_the_rest(document: Document) -> None:
    parts = document_parts(document)
    groups = parallel.balanced_groups([pdf.part_weight(part) for part in parts], 2)
    heavy = max(parts, key=pdf.part_weight)
    assert heavy.section is not None and heavy.section.number == "Ⅲ"
    assert len(groups) == 2 and all(groups)


def test_one_process_one_part_or_no_fork_means_one_render(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert processes_for(document, 1) == 1
    assert processes_for(document, 64) == len(document_parts(document))
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert processes_for(document, 2) == 1


def test_the_setting_defaults_to_one_tagged_render(monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance.lib.env import ConfigurationError

    settings_file = str(REPO / "compliance" / "settings.py")
    monkeypatch.delenv("HYOKA_PDF_PROCESSES", raising=False)
    assert runpy.run_path(settings_file)["HYOKA_PDF_PROCESSES"] == 1
    monkeypatch.setenv("HYOKA_PDF_PROCESSES", "3")
    assert runpy.run_path(settings_file)["HYOKA_PDF_PROCESSES"] == 3
    monkeypatch.setenv("HYOKA_PDF_PROCESSES", "0")
    with pytest.raises(ConfigurationError, match="HYOKA_PDF_PROCESSES"):
        runpy.run_path(settings_file)


# --- failures: nothing is left behind ------------------------------------------------------


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pid of every child forked during the test."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _gone(pid: int) -> bool:
    """Neither our child (reaped) nor a live process (no orphan left running)."""
    try:
        os.waitpid(pid, os.WNOHANG)
        return False
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # killed, waiting for init to reap it


def _fail_in_the_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks are rendered by forked children only, which inherit this patch."""
    parent = os.getpid()

    def render_chunk(html: str, send: parallel.Send, **kwargs: Any) -> pdf.ChunkPDF:
        assert os.getpid() != parent
        raise ValueError("boom in the child")

    monkeypatch.setattr(pdf, "render_chunk", render_chunk)


def test_a_child_that_raises_fails_the_render_with_its_error_and_leaves_no_process(
    document: Document, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    _fail_in_the_children(monkeypatch)
    with pytest.raises(parallel.ChildFailed, match="boom in the child"):
        document_pdf(document, processes=2)
    assert len(forked) == 2
    assert all(_gone(pid) for pid in forked)


def test_a_child_may_send_messages_before_its_result(forked: list[int]) -> None:
    def task(send: parallel.Send) -> str:
        send("laid out")
        send(os.getpid())
        return "drawn"

    with parallel.forked([task, task]) as children:
        assert children.receive() == ["laid out", "laid out"]
        assert children.receive() == forked
        assert children.receive() == ["drawn", "drawn"]
        with pytest.raises(parallel.ChildFailed, match="already sent its result"):
            children.receive()
    assert all(_gone(pid) for pid in forked)


def test_a_child_that_dies_fails_the_render_and_says_how() -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(parallel.ChildFailed, match="killed by signal 9"):
        parallel.run_forked([lambda: None, die])


def test_an_interrupted_parent_kills_and_reaps_its_children(forked: list[int]) -> None:
    started = time.monotonic()
    with pytest.raises(SoftTimeLimitExceeded), parallel.forked([lambda: time.sleep(60)] * 2):
        time.sleep(0.2)  # the children are running
        raise SoftTimeLimitExceeded()  # what Celery raises in the task at its soft time limit
    assert time.monotonic() - started < 10
    assert len(forked) == 2
    assert all(_gone(pid) for pid in forked)


def test_a_child_dies_with_its_parent_when_the_parent_is_killed() -> None:
    script = (
        "import os, sys, time\n"
        "from compliance.documents import parallel\n"
        "def child():\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
        "parallel.run_forked([child])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "compliance.settings"}
    with subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env, stdout=subprocess.PIPE,
                          text=True) as worker:  # fmt: skip
        assert worker.stdout is not None
        child = int(worker.stdout.readline())
        worker.kill()  # as Celery kills a worker child at the hard time limit
    deadline = time.monotonic() + 10
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child)


def test_what_a_child_logs_is_logged_by_the_parent(caplog: pytest.LogCaptureFixture) -> None:
    def task() -> int:
        logging.getLogger("weasyprint").warning("no glyph for %s", "U+20BB7")
        return os.getpid()

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        first, child = parallel.run_forked([os.getpid, task])
    assert os.getpid() != first != child
    assert "no glyph for U+20BB7" in caplog.messages
    assert any(record.process == child for record in caplog.records)


def test_a_failing_child_is_a_failed_document_not_a_crash(
    submitted_version: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from compliance.documents import services
    from compliance.documents.models import RenderedDocument, RenderState

    _fail_in_the_children(monkeypatch)
    monkeypatch.setattr("django.conf.settings.HYOKA_PDF_PROCESSES", 2)
    row = RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="pdf"
    )
    assert services.document_render(document_id=row.pk).state == RenderState.FAILED
    assert "boom in the child" in caplog.text  # the child's traceback, in the worker's log


def test_renders_from_several_threads_at_once_all_succeed() -> None:
    small = build_document(data=synthetic_version(repeat=1), sha256="c" * 64, variant=FULL)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def render(target: Callable[[bytes], None] = results.append) -> None:
        try:
            target(document_pdf(small, processes=2))
        except BaseException as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=render) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(results) == 3
    assert len({len(pdf_pages(result)) for result in results}) == 1
