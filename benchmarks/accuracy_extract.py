"""Extraction accuracy on partial pages: every published report at hand, cut off at many
points (inside rows, numbers, tags and empty cells, as partial pages come), extracted
and compared cell by cell with its hand-encoded example.

    python benchmarks/accuracy_extract.py [--cuts 100] [--write]

It counts the cells read (not "not captured"), the wrong ones, the wrong ones left
unflagged (the aim: none), and the correct ones flagged (the aim: at most 5%). The
inputs are the real published samples of ../shared/samples when they are beside the
project, and the bundled rendered examples of examples/published/ always. ``--write``
replaces the accuracy section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from corpus import write_section
from tests.extraction_helpers import SAMPLES, cells

import govdisclosure as gd
from govdisclosure.extraction import extract
from govdisclosure.model import Cell, CellStatus

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: Source → the example it must extract to.
SOURCES = {
    "gb2021-shuyang-county-government-2025.txt": "shuyang-county-government-2025",
    "gb2021-shanghai-science-commission-2024.md": "shanghai-science-commission-2024",
    "gb2021-shanghai-government-office-2025.md": "shanghai-government-office-2025",
    "gb2019-shanghai-government-office-2019.html": "shanghai-government-office-2019",
    "gb2021-shuyang-development-reform-bureau-2023.html": "shuyang-development-reform-bureau-2023",
    "shanghai-government-office-2019.md": "shanghai-government-office-2019",
    "shuyang-county-government-2025.txt": "shuyang-county-government-2025",
    "hongze-district-government-2024.html": "hongze-district-government-2024",
}
FORMATS = {".md": "markdown", ".txt": "text", ".html": "html"}


def _path(name: str) -> pathlib.Path | None:
    for folder in (SAMPLES / "samples", ROOT / "examples" / "published"):
        if (folder / name).is_file():
            return folder / name
    return None


def measure(cuts: int) -> tuple[dict[str, int], collections.Counter[str], list[str]]:
    totals = {"inputs": 0, "pages": 0, "read": 0, "wrong": 0, "wrong_unflagged": 0, "correct_flagged": 0}
    codes: collections.Counter[str] = collections.Counter()
    used = []
    for name, example in SOURCES.items():
        path = _path(name)
        if path is None:
            continue
        used.append(str(path.relative_to(path.parents[1])))
        totals["inputs"] += 1
        truth = cells(gd.load(ROOT / "examples" / "valid" / f"{example}.json"))
        text = path.read_text(encoding="utf-8")
        rng = random.Random(name)
        points = [*sorted(rng.randrange(len(text) // 4, len(text)) for _ in range(cuts)), len(text)]
        for cut in points:
            result = extract(text[:cut], format=FORMATS[path.suffix], source=f"{name}@{cut}")
            totals["pages"] += 1
            report = result.report
            if report is None or report.extraction is None:
                continue
            flags = report.extraction.flags
            for pointer, value in cells(report).items():
                if (isinstance(value, Cell) and value.status is CellStatus.NOT_CAPTURED) or pointer not in truth:
                    continue
                totals["read"] += 1
                hits = [f for f in flags if pointer == f.pointer or pointer.startswith(f.pointer + "/")]
                if value != truth[pointer]:
                    totals["wrong"] += 1
                    totals["wrong_unflagged"] += not hits
                elif hits:
                    totals["correct_flagged"] += 1
                    codes.update(f.code for f in hits)
    return totals, codes, used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cuts", type=int, default=100, help="cut points per input")
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    totals, codes, used = measure(args.cuts)
    read = max(1, totals["read"])
    lines = [
        f"Written by `python benchmarks/accuracy_extract.py --cuts {args.cuts} --write`.",
        "",
        f"{totals['inputs']} published reports ({', '.join(used)}), each cut off at {args.cuts} random points "
        f"past its first quarter and also read whole: {totals['pages']} pages, compared cell by cell with "
        "the hand-encoded examples.",
        "",
        "| cells read | wrong | wrong and not flagged | correct but flagged |",
        "|--:|--:|--:|--:|",
        f"| {totals['read']} | {totals['wrong']} ({100 * totals['wrong'] / read:.3f}%) | "
        f"{totals['wrong_unflagged']} | {totals['correct_flagged']} ({100 * totals['correct_flagged'] / read:.2f}%) |",
        "",
        "Flags on correct cells: "
        + (", ".join(f"`{code}` {n}" for code, n in codes.most_common()) or "none")
        + ". A cut that leaves a table's rows without the rows that check them (the 总计 row) "
        "leaves rows placed by order unverified.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Extraction accuracy on partial pages", text)
    return 0 if totals["wrong_unflagged"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
