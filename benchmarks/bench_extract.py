"""Extraction speed and memory: reports per second per core for web pages and text,
pages per second for PDF, peak memory over a folder of 1,000 inputs, and what
``--jobs`` gains.

    python benchmarks/bench_extract.py [--n 200] [--folder 1000] [--write]

The inputs are the corpus's generated reports rendered as agencies publish them (a web
page with the official table layout, Markdown pipe tables, plain text; PDFs with ruled
tables through reportlab, as the tests render them). ``--write`` replaces the
extraction section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from corpus import make_documents, write_section
from tests import render  # the tests' renderers: the same layouts the tests read back

import govdisclosure as gd
from govdisclosure.extraction import extract


def _reports(n: int) -> list[gd.AnnualReport]:
    out = []
    for _, raw in make_documents(n * 2):
        report = gd.validate_bytes(raw).report
        if report is not None and report.template is not gd.Template.LEGACY:
            out.append(report)
        if len(out) == n:
            break
    return out


def _rate(inputs: list[bytes]) -> float:
    start = time.perf_counter()
    for data in inputs:
        result = extract(data)
        assert result.report is not None
    return len(inputs) / (time.perf_counter() - start)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200, help="reports per format")
    parser.add_argument("--pdfs", type=int, default=30, help="PDF reports")
    parser.add_argument("--folder", type=int, default=1000, help="inputs in the folder run")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    reports = _reports(args.n)
    html = [render.render_html(r).encode() for r in reports]
    markdown = [render.render_markdown(r).encode() for r in reports]
    text = [render.render_text(r, "\t").encode() for r in reports]
    pdfs = [render.render_pdf(r) for r in reports[: args.pdfs]]
    pages = sum(pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page") for pdf in pdfs)
    _rate(html[:5])  # warm the caches (label tables, compiled patterns)
    rows = [
        ("web page (HTML, official table layout)", _rate(html), sum(map(len, html)) / len(html) / 1024),
        ("Markdown (pipe tables)", _rate(markdown), sum(map(len, markdown)) / len(markdown) / 1024),
        ("plain text (tab-separated rows)", _rate(text), sum(map(len, text)) / len(text) / 1024),
    ]
    pdf_rate = _rate(pdfs)
    pages_per_report = pages / len(pdfs)

    # a folder of 1,000 inputs (web pages and text), extracted by the command line
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        (root / "in").mkdir()
        for i in range(args.folder):
            source = html[i % len(html)] if i % 2 else text[i % len(text)]
            (root / "in" / f"r{i:05d}.{'html' if i % 2 else 'txt'}").write_bytes(source)
        timings = {}
        memory = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c",
                 "import resource, sys; from govdisclosure.cli import main; code = main(sys.argv[1:]); "
                 "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                 "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); raise SystemExit(code)",
                 "extract", str(root / "in"), "--out", str(root / f"out{jobs}"), "--jobs", str(jobs),
                 "--no-progress"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            timings[jobs] = time.perf_counter() - start
            own, children = (int(x) for x in done.stderr.strip().splitlines()[-1].split())
            memory[jobs] = max(own, children) / 1024
            written = len(list((root / f"out{jobs}").glob("*.json")))
            assert written == args.folder, done.stderr[-2000:]

    lines = [
        f"{len(reports)} generated reports per format (gb2019 and gb2021), one process, one core.",
        "",
        "| input | KB each | reports/s per core |",
        "|---|--:|--:|",
    ]
    lines += [f"| {name} | {kb:.1f} | {rate:,.0f} |" for name, rate, kb in rows]
    lines += [
        f"| PDF, ruled tables ({pages_per_report:.1f} pages each) | {sum(map(len, pdfs)) / len(pdfs) / 1024:.1f} "
        f"| {pdf_rate:,.1f} ({pdf_rate * pages_per_report:,.1f} pages/s) |",
        "",
        f"A folder of {args.folder:,} inputs (web pages and text in turn) through `govdisclosure extract DIR --out OUT`:",
        "",
        "| --jobs | seconds | inputs/s | peak memory (largest process) |",
        "|--:|--:|--:|--:|",
    ]
    for jobs in (1, 2):
        lines.append(f"| {jobs} | {timings[jobs]:.1f} | {args.folder / timings[jobs]:,.0f} | {memory[jobs]:.0f} MB |")
    lines.append("")
    lines.append(f"Speed-up of --jobs 2 on {__import__('os').cpu_count()} cores: {timings[1] / timings[2]:.2f}×.")
    text_out = "\n".join(lines)
    print(text_out)
    print(f"(this process peaked at {_peak_rss_mb():.0f} MB)")
    if args.write:
        write_section("Extraction", "Written by `python benchmarks/bench_extract.py --write`.\n\n" + text_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
