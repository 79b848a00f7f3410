"""Extraction wherever the page breaks fall: every hand-encoded gb example rendered as a
Word file with ruled tables, 0, 2, 4 … short paragraphs put before Table 3 so that its
page breaks fall between each pair of its rows in turn (and, where a row is taller than a
line, through the row: Word and LibreOffice let a row break across pages, the first lines
of its label and its figures on one page, the rest of the label on the next), printed to
PDF by LibreOffice, extracted and compared cell by cell with the example; with figures at
the top of their cells and in the middle (then the figures of a cut row may stand on
either page), and with Table 3's header rows repeated at the top of each page (as Word's
"repeat as header row" prints them, between the halves of a cut row).

    python benchmarks/page_breaks_extract.py [--step N] [--write]

Needs LibreOffice's ``soffice`` and a Chinese font. Per example and alignment: the
renderings, the cells compared, the wrong ones (not captured included) and the wrong
ones left unflagged (the aim: none). ``--write`` replaces its section of
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from corpus import publish, score
from tests import render

import govdisclosure as gd
from govdisclosure.extraction import extract

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: Short paragraphs before Table 3 at most: enough to move its breaks past every row.
SHIFTS = 50


def measure(step: int) -> list[tuple[str, str, int, int, int, int]]:
    rows = []
    for path in sorted((ROOT / "examples" / "valid").glob("*.json")):
        report = gd.load(path)
        if report.template.value == "legacy":
            continue
        for centred, header in ((False, False), (True, False), (False, True)):
            renderings = total = wrong = unflagged = 0
            for shift in range(0, SHIFTS, step):
                pdf = render.render_office_pdf(report, shift=shift, centred=centred, repeat_header=header)
                result = extract(pdf)
                counted = score(report, result)
                renderings += 1
                total, wrong, unflagged = total + counted[0], wrong + counted[1], unflagged + counted[2]
            alignment = ("middle" if centred else "top") + (", header rows repeated" if header else "")
            rows.append((path.stem, alignment, renderings, total, wrong, unflagged))
            print(f"{path.stem:42} {alignment:28} {renderings:3} {total:6} {wrong:4} {unflagged:3}", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--step", type=int, default=2, help="paragraphs added between renderings (default 2)")
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    if not render.office_pdf_available():
        sys.exit("soffice (LibreOffice) and a Chinese font are needed")
    rows = measure(args.step)
    lines = [
        f"Written by `python benchmarks/page_breaks_extract.py --step {args.step} --write`.",
        "",
        f"Each gb example printed to PDF by LibreOffice with 0, {args.step}, {2 * args.step} … {SHIFTS - 1} short "
        "paragraphs before Table 3 (its page breaks falling between or through each of its rows in turn), "
        "figures at the top or in the middle of their cells, or Table 3's header rows repeated on each page, "
        "extracted and compared cell by cell.",
        "",
        "| example | figures | renderings | cells | wrong | wrong and not flagged |",
        "|---|---|--:|--:|--:|--:|",
        *(
            f"| {name} | {align} | {n} | {total} | {wrong} | {unflagged} |"
            for name, align, n, total, wrong, unflagged in rows
        ),
    ]
    return publish(
        "Extraction wherever page breaks fall", lines, write=args.write, clean=all(row[5] == 0 for row in rows)
    )


if __name__ == "__main__":
    sys.exit(main())
