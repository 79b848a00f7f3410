"""Extraction of the Markdown that markitdown writes from PDFs: every gb example printed as
PDFs (tests/render.py ``render_pdf``: ruled, unruled, unruled with centred cells) and the
office-printed PDFs of ``tests/fixtures/pdf``, converted by markitdown, extracted and
compared cell by cell with the example.

    python benchmarks/markitdown_extract.py --markitdown PATH [--write]

markitdown is no dependency of the project (it brings an ONNX runtime): install it apart,
``python -m venv /tmp/md && /tmp/md/bin/pip install 'markitdown[pdf]'``, and give its
command (``/tmp/md/bin/markitdown``). Per PDF it counts the cells, the wrong ones (not
captured included), the wrong ones left unflagged (the aim: none) and the right ones
flagged. ``--write`` replaces the section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from corpus import publish, score
from tests import render
from tests.extraction_helpers import cells

import govdisclosure as gd
from govdisclosure.extraction import extract

ROOT = pathlib.Path(__file__).resolve().parents[1]
PRINTS = {
    "reportlab-ruled": {"ruled": True},
    "reportlab-unruled": {"ruled": False},
    "reportlab-centred": {"ruled": False, "centred": True},
}


def pdfs(folder: pathlib.Path) -> list[tuple[str, pathlib.Path]]:
    """The PDFs to convert, by the example each prints."""
    out = []
    for path in sorted((ROOT / "examples" / "valid").glob("*.json")):
        report = gd.load(path)
        if report.template.value == "legacy":
            continue
        for name, options in PRINTS.items():
            target = folder / f"{path.stem}-{name}.pdf"
            target.write_bytes(render.render_pdf(report, **options))
            out.append((path.stem, target))
    for pdf in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")):
        example = next(p.stem for p in (ROOT / "examples" / "valid").glob("*.json") if pdf.stem.startswith(p.stem))
        out.append((example, pdf))
    return out


def measure(markitdown: str) -> list[tuple[str, int, int, int, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for example, pdf in pdfs(pathlib.Path(tmp)):
            text = subprocess.run([markitdown, str(pdf)], capture_output=True, check=True).stdout
            report = gd.load(ROOT / "examples" / "valid" / f"{example}.json")
            result = extract(text, format="markdown")
            total, wrong, unflagged = score(report, result)
            flagged_right = 0
            if result.report is not None and result.report.extraction is not None:
                want, got = cells(report), cells(result.report)
                flags = [f.pointer for f in result.report.extraction.flags]
                flagged_right = sum(
                    1 for p in want if got.get(p) == want[p] and any(p == f or p.startswith(f + "/") for f in flags)
                )
            rows.append((pdf.stem, total, wrong, unflagged, flagged_right))
            print(f"{pdf.stem:60} {total:4} {wrong:4} {unflagged:3} {flagged_right:4}", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markitdown", required=True, help="the markitdown command")
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    version = subprocess.run([args.markitdown, "--version"], capture_output=True, text=True).stdout.strip()
    rows = measure(args.markitdown)
    lines = [
        "Written by `python benchmarks/markitdown_extract.py --markitdown PATH --write`"
        f" (markitdown {version or 'of unknown version'}).",
        "",
        "The gb examples printed as PDFs (reportlab: ruled, unruled, unruled and centred) and the office-printed "
        "PDFs of tests/fixtures/pdf, converted to Markdown by markitdown, extracted, compared cell by cell "
        "(wrong includes not captured).",
        "",
        "| PDF | cells | wrong | wrong and not flagged | right but flagged |",
        "|---|--:|--:|--:|--:|",
        *(
            f"| {name} | {total} | {wrong} | {unflagged} | {flagged} |"
            for name, total, wrong, unflagged, flagged in rows
        ),
        f"| all | {sum(r[1] for r in rows)} | {sum(r[2] for r in rows)} | {sum(r[3] for r in rows)} "
        f"| {sum(r[4] for r in rows)} |",
    ]
    clean = all(r[3] == 0 for r in rows)
    return publish("Extraction of markitdown's Markdown of PDFs", lines, write=args.write, clean=clean)


if __name__ == "__main__":
    raise SystemExit(main())
