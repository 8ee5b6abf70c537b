"""Benchmark of document rendering: Hyōka's PDF against LibreOffice's conversion.

Officers today turn a Word file into PDF with LibreOffice. This measures two documents
(figures prefixed ``demo`` and ``synthetic``): the largest full assessment of the demo data
(``load_demo`` on a throw-away SQLite database, what ``make run`` shows), and a synthetic full
assessment of about sixty pages (様式2 + 様式4 from fixtures/law/forms.yaml, every item
answered with long text, a registry with provisions and card flows). For each:

- Hyōka: the version rendered to PDF by WeasyPrint (:func:`compliance.documents.render.render`);
- LibreOffice: Hyōka's own .docx export of the same version converted with
  ``soffice --headless --convert-to pdf`` (the route officers use today);

each after one warm-up run, the median of ``BENCH_DOCUMENTS_RUNS`` (5) timed runs, in its own
process so that each peak memory (``ru_maxrss``) is its own. Figures: both times, their
ratio (LibreOffice / Hyōka; ≥ 1 means Hyōka is at least as fast), pages of each PDF, peak memory of each (target: Hyōka < 1 GB), and how many
processes Hyōka rendered with (``HYOKA_PDF_PROCESSES``, default: 1, a tagged render; see
:mod:`compliance.documents.pdf`) out of how many CPUs. Hyōka's forked renderers' peak is
the largest of them (``RUSAGE_CHILDREN``, so it counts the pages they share with their
parent too: the peaks of the parent and of each renderer added up overstate the memory used
together).
``soffice`` comes from Debian's ``libreoffice-writer-nogui`` (``make bench`` installs it).

Run with ``make bench`` or alone: ``python -m bench documents``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
#: Timed runs of each side after its warm-up; the figure is their median (a shared 2-core
#: machine varies by ±20 % from one render to the next).
RUNS = int(os.environ.get("BENCH_DOCUMENTS_RUNS", "5"))
FORMS = REPO / "fixtures" / "law" / "forms.yaml"
PARAGRAPH = (
    "本事務では、特定個人情報の入手から消去までの各段階において、規程に基づき適切な安全管理措置を講じる。"
)
SAMPLE = {"text": "記載例", "integer": 350000, "date": "2026-04-01", "boolean": True, "rating": "十分である"}


def _walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for section in sections:
        out.extend(section.get("items", []))
        out.extend(_walk(section.get("sections", [])))
    return out


def synthetic_version(*, repeat: int = 12) -> dict[str, Any]:
    """A version document (hyoka-assessment-version/1) of a full assessment, every item long."""
    records = yaml.safe_load(FORMS.read_text(encoding="utf-8"))
    latest = {}
    for record in records:
        if record["form"] in ("basic", "full"):
            latest[record["form"]] = record  # the file lists versions oldest first
    forms = []
    for form in ("basic", "full"):
        record = latest[form]
        answers = {}
        for item in _walk(record["sections"]):
            kind = item.get("answer_type", "text")
            if kind == "long_text":
                answers[item["key"]] = "\n".join(f"{n + 1}. {PARAGRAPH}" for n in range(repeat))
            elif kind == "choice":
                answers[item["key"]] = (item.get("choices") or ["—"])[0]
            else:
                answers[item["key"]] = SAMPLE.get(kind, "記載例")
        definition = {k: record.get(k) for k in ("key", "form", "version", "title")}
        definition.update(in_force_from=str(record["in_force_from"]), sections=record["sections"])
        forms.append({"form": form, "definition": definition, "answers": answers, "filled": []})
    affair = {"id": "a1", "name": "児童手当の支給に関する事務", "uses_number": True,
              "basis": {"kind": "schedule", "statute": "児童手当法", "affair": "児童手当"}}  # fmt: skip
    registry = {
        "organization": {"name": "苫小牧市", "code": "012131", "kind": "municipality", "body": "mayor"},
        "as_of": "2026-04-01",
        "affairs": [affair],
        "files": [{"id": f"f{n}", "name": f"児童手当ファイル{n}", "affairs": ["a1"], "persons": 350000, "handlers": 120}
                  for n in range(3)],
        "terminals": [{"id": "t1", "name": "窓口端末", "connection": "lgwan", "write_authorized": True}],
        "provisions": [
            {"id": f"p{n}", "affair": "a1", "direction": "receive", "channel": "network",
             "counterparty": {"name": f"連携先{n}", "kind": "municipality", "body": "mayor"},
             "categories": ["地方税関係情報"]}
            for n in range(4)
        ],
        "card_flows": [
            {"id": "c1", "affair": "a1", "card": "my_number_card", "application": "input_support",
             "operation": "read", "items": ["name", "address"], "terminal": "t1",
             "transfer": {"medium": "removable_media", "encrypted": True, "logged": True}}
        ],
    }  # fmt: skip
    return {
        "format": "hyoka-assessment-version/1",
        "version": {"number": 1, "kind": "submission", "frozen_at": "2026-04-01T00:00:00+09:00"},
        "assessment": {"id": 1, "number": "評価書1", "level": "full", "track": "full_local"},
        "organization": registry["organization"],
        "affair": {"id": "a1", "name": affair["name"]},
        "procedure": {"published_on": "2026-04-01", "ppc_approval_on": None},
        "forms": forms,
        "registry": registry,
        "findings": [],
    }


# --- child processes ---------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    import django

    django.setup()


def child_render(data_path: str, fmt: str, out_path: str) -> None:
    """In its own process: one warm-up render, then the timed one; prints JSON figures."""
    _django()
    from compliance.documents.pdf import processes_for
    from compliance.documents.render import build_document, render

    data = json.loads(Path(data_path).read_text(encoding="utf-8"))
    render(data=data, sha256="0" * 64, variant="full", fmt=fmt)  # warm-up: fonts, templates
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        content = render(data=data, sha256="0" * 64, variant="full", fmt=fmt).content
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    Path(out_path).write_bytes(content)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    processes = (
        processes_for(build_document(data=data, sha256="0" * 64, variant="full")) if fmt == "pdf" else 1
    )
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "children_peak_kb": children_peak,
                      "processes": processes}))  # fmt: skip


def child_demo_version(out_path: str) -> None:
    """In its own process, on a throw-away SQLite database (``HYOKA_VAR_DIR`` set by the caller):
    migrate, ``load_demo``, and write the largest demo full assessment's newest version as JSON."""
    _django()
    from django.core.management import call_command

    from compliance.assessments.models import AssessmentVersion

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    versions = AssessmentVersion.objects.filter(assessment__level="full").order_by("-number", "-pk")
    largest = max(versions, key=lambda version: len(version.document))
    Path(out_path).write_text(largest.document, encoding="utf-8")


def demo_version(work: Path) -> Path:
    """The largest demo full assessment's version (``make run``'s data), as a JSON file in ``work``."""
    out = work / "demo-version.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(HYOKA_VAR_DIR=str(work / "demo-var"), DJANGO_SETTINGS_MODULE="compliance.settings")
    subprocess.run([sys.executable, "-m", "bench.bench_documents", "--demo-version", str(out)],
                   cwd=REPO, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return out


def _measured(command: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of ``command``, run by a fresh wrapper process."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': r.returncode,"
        " 'peak_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout)
    if figures["rc"] != 0:
        raise RuntimeError(f"{command[0]} exited with {figures['rc']}")
    return figures["seconds"], figures["peak_kb"]


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def measure(name: str, data_path: Path, work: Path, soffice: str | None) -> list[tuple[str, str]]:
    """The figures of one document: Hyōka's PDF, and LibreOffice's conversion of Hyōka's .docx."""
    out = work / name
    out.mkdir()
    env_cmd = [sys.executable, "-m", "bench.bench_documents", "--child"]
    hyoka = json.loads(
        subprocess.run([*env_cmd, str(data_path), "pdf", str(out / "hyoka.pdf")], cwd=REPO,
                       capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    subprocess.run([*env_cmd, str(data_path), "docx", str(out / "hyoka.docx")], cwd=REPO,
                   capture_output=True, check=True)  # fmt: skip
    figures = [
        ("hyoka_pdf_seconds", f"{hyoka['seconds']:.2f}"),
        ("hyoka_pdf_pages", str(_pages(out / "hyoka.pdf"))),
        ("hyoka_pdf_bytes", str((out / "hyoka.pdf").stat().st_size)),
        ("hyoka_pdf_processes", f"{hyoka['processes']} of {len(os.sched_getaffinity(0))} CPUs"),
        ("hyoka_pdf_peak_mb", f"{hyoka['peak_kb'] / 1024:.0f}"),
        (
            "hyoka_pdf_renderer_peak_mb",
            f"{hyoka['children_peak_kb'] / 1024:.0f}" if hyoka["processes"] > 1 else "—",
        ),
    ]
    if soffice is None:
        print("soffice not found: install libreoffice-writer-nogui (make bench does)")
        return [(f"{name} {figure}", value) for figure, value in [*figures, ("libreoffice", "not installed")]]
    profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
    convert = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out / "lo"),
               str(out / "hyoka.docx")]  # fmt: skip
    _measured(convert)  # warm-up: the profile is created on the first start
    runs = [_measured(convert) for _ in range(RUNS)]
    lo_seconds, lo_peak = statistics.median(t for t, _ in runs), max(peak for _, peak in runs)
    figures += [
        ("libreoffice_pdf_seconds", f"{lo_seconds:.2f}"),
        ("libreoffice_pdf_pages", str(_pages(out / "lo" / "hyoka.pdf"))),
        ("libreoffice_pdf_peak_mb", f"{lo_peak / 1024:.0f}"),
        ("ratio_libreoffice_over_hyoka", f"{lo_seconds / hyoka['seconds']:.2f}"),
    ]
    return [(f"{name} {figure}", value) for figure, value in figures]


def run() -> list[tuple[str, str]]:
    """Both documents: the largest demo full assessment, and the synthetic one of about sixty pages."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="hyoka-bench-documents-") as tmp:
        work = Path(tmp)
        synthetic = work / "version.json"
        synthetic.write_text(json.dumps(synthetic_version(), ensure_ascii=False), encoding="utf-8")
        figures = measure("demo", demo_version(work), work, soffice)
        figures += measure("synthetic", synthetic, work, soffice)
    for name, value in figures:
        print(f"{name:42} {value}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_render(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3 and sys.argv[1] == "--demo-version":
        child_demo_version(sys.argv[2])
    else:
        run()
