"""Extraction of web pages printed to PDF by a browser engine: every hand-encoded gb
example's web page printed by WeasyPrint in type of 9 to 16 pixels, cells padded by 1 or 4
pixels, with collapsed borders, separate borders, shaded rows, on A5, on landscape A4, and
with Table 3's headings in a ``<thead>`` (repeated at the top of each page), so that the
page breaks fall through Table 3 in many places; extracted and compared cell by cell.

    pip install weasyprint   # not a dependency of the project; needs Pango and a Chinese font
    python benchmarks/printers_extract.py [--write]

A browser draws the line between two rows once, on the page before a break: the row
after it stands without a ruling over it, and a row the break cuts leaves its figures and
its label on two pages, outside the ruled tables. Per style: the renderings, the cells
compared, the wrong ones (not captured included) and the wrong ones left unflagged (the
aim: none). ``--write`` replaces its section of benchmarks/RESULTS.md.
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
FONT = "body{{font-family:'WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif;font-size:{size}px}}"
STYLES = {
    "collapsed borders": "table{{border-collapse:collapse}} td{{border:1px solid #000;padding:{pad}px}}",
    "separate borders": "table{{border-collapse:separate;border-spacing:2px}} td{{border:1px solid #000;padding:{pad}px}}",
    "shaded rows": "table{{border-collapse:collapse}} td{{border:0.5px solid #888;padding:{pad}px}} "
    "tr:nth-child(even) td{{background:#ddd}}",
    "A5": "@page{{size:A5}} table{{border-collapse:collapse}} td{{border:1px solid #000;padding:{pad}px}}",
    "landscape A4": "@page{{size:A4 landscape}} table{{border-collapse:collapse}} td{{border:1px solid #000;padding:{pad}px}}",
    "headings repeated (thead)": "table{{border-collapse:collapse}} td{{border:1px solid #000;padding:{pad}px}}",
}


def measure() -> list[tuple[str, int, int, int, int]]:
    import weasyprint

    reports = [gd.load(p) for p in sorted((ROOT / "examples" / "valid").glob("*.json"))]
    reports = [r for r in reports if r.template.value != "legacy"]
    rows = []
    for style, css in STYLES.items():
        renderings = total = wrong = unflagged = 0
        for report in reports:
            page = render.render_html(report)
            if "thead" in style:
                page = render.with_thead(page)
            for size in range(9, 17):
                for pad in (1, 4):
                    sheet = "<style>" + FONT.format(size=size) + " " + css.format(pad=pad) + "</style>"
                    pdf = weasyprint.HTML(string=page.replace("<head>", "<head>" + sheet, 1)).write_pdf()
                    result = extract(pdf)
                    counted = score(report, result)
                    renderings += 1
                    total, wrong, unflagged = total + counted[0], wrong + counted[1], unflagged + counted[2]
        rows.append((style, renderings, total, wrong, unflagged))
        print(f"{style:28} {renderings:4} {total:7} {wrong:5} {unflagged:3}", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        sys.exit("WeasyPrint (with Pango) is needed: pip install weasyprint")
    rows = measure()
    lines = [
        "Written by `python benchmarks/printers_extract.py --write` (WeasyPrint installed by hand).",
        "",
        "Each gb example's web page printed by WeasyPrint in type of 9–16 px, cells padded 1 or 4 px, "
        "extracted and compared cell by cell.",
        "",
        "| style | renderings | cells | wrong | wrong and not flagged |",
        "|---|--:|--:|--:|--:|",
        *(f"| {style} | {n} | {total} | {wrong} | {unflagged} |" for style, n, total, wrong, unflagged in rows),
        "",
        "The wrong cells are rows a page break cut with their label wrapped over several lines on both "
        "pages outside the ruling (group labels among them): not captured, flagged.",
    ]
    return publish(
        "Extraction of web pages printed by a browser engine",
        lines,
        write=args.write,
        clean=all(row[4] == 0 for row in rows),
    )


if __name__ == "__main__":
    sys.exit(main())
