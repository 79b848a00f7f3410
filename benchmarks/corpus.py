"""A deterministic corpus of report documents shaped like the real thing.

Reports of all three templates built from the bundled examples. In every gb
report each Table 3 cell of an outcome row is redrawn (a zero mostly stays zero,
as in real reports), the totals are recomputed so the tables stay consistent as
real reports mostly are, Table 4 likewise; blank cells stay blank. Five narrative
sections of about 3,000 characters make a gb document about 25 KB of JSON with
about 200 numeric cells (the shape perf-notes.md measured).
"""

from __future__ import annotations

import json
import pathlib
import random
from collections.abc import Callable
from typing import Any

from govdisclosure.rules import APPLICANT_COLUMNS

ROOT = pathlib.Path(__file__).resolve().parents[1]
BASES = {
    "gb2021": ROOT / "examples" / "valid" / "shuyang-county-government-2025.json",
    "gb2019": ROOT / "examples" / "valid" / "shanghai-government-office-2019.json",
    "legacy": ROOT / "examples" / "valid" / "chenzhou-2015.json",
}
_HANZI = "政府信息公开工作年度报告主动申请办理结果行政复议诉讼本机关全年规范性文件平台建设监督保障存在问题改进情况"


COLUMNS = list(APPLICANT_COLUMNS)


def _draw(value: Any, rng: random.Random) -> Any:
    if type(value) is not int:
        return value  # blank, "/", text: kept
    if value == 0:
        return 0 if rng.random() < 0.85 else rng.randrange(1, 4)
    return rng.randrange(0, 2 * value + 3)


def _set_total(row: dict[str, Any]) -> None:
    if type(row["total"]) is int:
        row["total"] = sum(v for c in COLUMNS if type(v := row[c]) is int)


def _redraw_tables(body: dict[str, Any], rng: random.Random) -> None:
    """New numbers, still satisfying every identity of the template."""
    results = body["applications"]["results"]
    leaves = [results["granted"], results["partially_granted"]]
    for group in ("denied", "unable_to_provide", "not_processed"):
        leaves += list(results[group].values())
    other = results["other"]
    leaves += list(other.values()) if "natural_person" not in other else [other]
    for row in leaves:
        for column in COLUMNS:
            row[column] = _draw(row[column], rng)
        _set_total(row)
    applications = body["applications"]
    for column in [*COLUMNS, "total"]:
        if type(results["total"][column]) is int:
            results["total"][column] = sum(v for row in leaves if type(v := row[column]) is int)
        handled = results["total"][column]
        forward = applications["carried_forward"][column]
        over = applications["carried_over"][column]
        if (
            type(handled) is int
            and type(forward) is int
            and type(over) is int
            and type(applications["new_received"][column]) is int
        ):
            over = min(over, handled + forward)
            applications["carried_over"][column] = over
            applications["new_received"][column] = handled + forward - over
    for block in body["review_litigation"].values():
        if isinstance(block, dict) and "upheld" in block:
            for key in ("upheld", "corrected", "other", "pending"):
                block[key] = _draw(block[key], rng)
            if type(block["total"]) is int:
                block["total"] = sum(
                    v for k in ("upheld", "corrected", "other", "pending") if type(v := block[k]) is int
                )


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(_HANZI) for _ in range(size)) + "。"


def make_documents(n: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``n`` documents as (template, canonical JSON bytes), templates in turn."""
    rng = random.Random(seed)
    bases = {t: json.loads(p.read_text(encoding="utf-8")) for t, p in BASES.items()}
    templates = ["gb2021", "gb2019", "gb2021", "legacy"]
    out = []
    for i in range(n):
        template = templates[i % len(templates)]
        doc = json.loads(json.dumps(bases[template]))
        if template != "legacy":
            _redraw_tables(doc["body"], rng)
            doc["stated_figures"] = [f for f in doc.get("stated_figures", []) if "refers_to" not in f]
            doc["body"]["sections"] = [
                {"key": key, "heading": heading, "text": _text(rng, 1000)}
                for key, heading in (
                    ("overall", "一、总体情况"),
                    ("problems_and_improvements", "五、存在的主要问题及改进情况"),
                    ("other_matters", "六、其他需要报告的事项"),
                    ("overall_extra", "（一）主动公开"),
                    ("overall_extra_two", "（二）依申请公开"),
                )
            ]
        doc["agency"]["name"] = f"{doc['agency']['name']}{i}"
        out.append((template, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()))
    return out


def score(expected: Any, result: Any) -> tuple[int, int, int]:
    """An extraction against the report it was rendered from: the cells compared, the wrong
    ones (not captured included) and the wrong ones no flag covers."""
    from tests.extraction_helpers import cells

    want = cells(expected)
    got = cells(result.report) if result.report is not None else {}
    flags = [f.pointer for f in result.report.extraction.flags] if result.report is not None else []
    bad = [p for p in want if got.get(p) != want[p]]
    unflagged = sum(1 for p in bad if not any(p == f or p.startswith(f + "/") for f in flags))
    return len(want), len(bad), unflagged


def publish(title: str, lines: list[str], *, write: bool, clean: bool) -> int:
    """Print a benchmark's section, write it into RESULTS.md when asked; the exit code (0
    when ``clean``: no wrong cell left unflagged)."""
    text = "\n".join(lines)
    print(text)
    if write:
        write_section(title, text)
    return 0 if clean else 1


RESULTS = pathlib.Path(__file__).with_name("RESULTS.md")


def write_section(title: str, text: str) -> None:
    """Replace (or add) the section ``## title`` of benchmarks/RESULTS.md."""
    import os
    import platform

    import pyarrow

    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    marker = f"\n## {title}\n"
    head, _, tail = current.partition(marker)
    rest = ""
    if tail:
        after = tail.split("\n## ", 1)
        rest = "\n## " + after[1] if len(after) > 1 else ""
    machine = (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyarrow {pyarrow.__version__}; {platform.platform()}."
    )
    RESULTS.write_text(
        head.rstrip() + "\n" + marker + "\n" + machine + "\n\n" + text.rstrip() + "\n" + rest, encoding="utf-8"
    )


def median_seconds(fn: Callable[[], object], passes: int = 3, gc_paused: bool = False) -> float:
    """The median wall time of ``passes`` calls, the collector run before each
    (and paused during each with ``gc_paused``)."""
    import gc
    import statistics
    import time

    times = []
    for _ in range(passes):
        gc.collect()
        if gc_paused:
            gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)
