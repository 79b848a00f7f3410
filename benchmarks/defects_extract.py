"""Extraction under a converter's damage: every gb example rendered as Markdown, its table
rows damaged as PDF-to-Markdown converters damage real ones (tests/render.py
``with_converter_defects``: a label printed apart from its figures, rulers and page
numbers among the rows, ragged rows, labels cut, header rows run together, a group's
label split over two rows), many times at several rates, and compared cell by cell.

    python benchmarks/defects_extract.py [--seeds 100] [--write]

It counts the cells read (not "not captured"), the wrong ones, the wrong ones left
unflagged (the aim: none) and the cells not captured. ``--write`` replaces the section
of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from corpus import write_section
from tests import render
from tests.extraction_helpers import cells

import govdisclosure as gd
from govdisclosure.extraction import extract
from govdisclosure.model import Cell, CellStatus, Template

ROOT = pathlib.Path(__file__).resolve().parents[1]
RATES = (0.1, 0.25, 0.5)


def measure(seeds: int) -> dict[float, dict[str, int]]:
    examples = [gd.load(p) for p in sorted((ROOT / "examples" / "valid").glob("*.json"))]
    examples = [r for r in examples if r.template is not Template.LEGACY]
    out: dict[float, dict[str, int]] = {}
    for rate in RATES:
        totals = {"pages": 0, "cells": 0, "read": 0, "wrong": 0, "wrong_unflagged": 0, "not_captured": 0}
        for report in examples:
            truth = cells(report)
            markdown = render.render_markdown(report)
            for seed in range(seeds):
                text = render.with_converter_defects(markdown, random.Random(f"{report.title}/{rate}/{seed}"), rate)
                result = extract(text.encode(), format="markdown")
                totals["pages"] += 1
                totals["cells"] += len(truth)
                got = cells(result.report) if result.report is not None else {}
                flags = result.report.extraction.flags if result.report and result.report.extraction else ()
                for pointer, value in truth.items():
                    read = got.get(pointer)
                    if read is None or (isinstance(read, Cell) and read.status is CellStatus.NOT_CAPTURED):
                        totals["not_captured"] += 1
                        continue
                    totals["read"] += 1
                    if read != value:
                        totals["wrong"] += 1
                        hit = any(pointer == f.pointer or pointer.startswith(f.pointer + "/") for f in flags)
                        totals["wrong_unflagged"] += not hit
        out[rate] = totals
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=100, help="damaged copies per example and rate")
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    results = measure(args.seeds)
    lines = [
        f"Written by `python benchmarks/defects_extract.py --seeds {args.seeds} --write`.",
        "",
        "Every gb example as Markdown, each pipe row damaged with the given probability as "
        "PDF-to-Markdown converters damage real tables (tests/render.py `with_converter_defects`), "
        f"{args.seeds} damaged copies per example and rate, compared cell by cell.",
        "",
        "| rows damaged | pages | cells | read | wrong | wrong and not flagged | not captured |",
        "|--:|--:|--:|--:|--:|--:|--:|",
    ]
    unflagged = 0
    for rate, t in results.items():
        unflagged += t["wrong_unflagged"]
        lines.append(
            f"| {rate:.0%} | {t['pages']} | {t['cells']} | {t['read']} ({100 * t['read'] / t['cells']:.1f}%) | "
            f"{t['wrong']} | {t['wrong_unflagged']} | {t['not_captured']} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Extraction under a converter's damage", text)
    return 0 if unflagged == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
