"""Throughput of load + validate for many reports, against msgspec typed decoding.

    python benchmarks/bench_load.py [--n 10000] [--write]

Measures, in one process on the same documents (medians of several passes):
govdisclosure through the fast path (with and without the garbage collector
paused), govdisclosure through the reference path (plain jsonschema), and msgspec
decoding the same bytes into equivalent typed Structs. ``--write`` records the
figures in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import statistics
import sys
from collections.abc import Callable

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from corpus import make_documents, median_seconds, write_section
from msgspec_model import decoders

import govdisclosure as gd
from govdisclosure import _fast


def _rate(fn: Callable[[], int], passes: int, gc_paused: bool = False) -> float:
    """Items per second: the count ``fn`` returns over the median time of ``passes`` calls."""
    counts: list[int] = []
    seconds = median_seconds(lambda: counts.append(fn()), passes, gc_paused=gc_paused)
    return counts[-1] / seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--reference-n", type=int, default=500)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not _fast.available():
        print("install the fast extra first: pip install '.[fast]'", file=sys.stderr)
        return 2

    docs = make_documents(args.n)
    raws = [raw for _, raw in docs]
    size = statistics.mean(len(r) for r in raws)
    decs = decoders()

    # Sanity: every document is valid on both sides before anything is timed,
    # and the fast path (not the reference) is what is measured.
    taken = 0
    for template, raw in docs:
        result = gd.validate_bytes(raw)
        if not result.valid or result.report is None:
            raise SystemExit(f"corpus document not valid: {result.findings[:3]}")
        taken += _fast.fast_load(raw) is not None
        decs[template].decode(raw)

    def govdisclosure_fast() -> int:
        n = 0
        for raw in raws:
            n += gd.validate_bytes(raw).report is not None
        return n

    def govdisclosure_reference() -> int:
        n = 0
        for raw in raws[: args.reference_n]:
            n += gd.validate_bytes(raw, fast=False).report is not None
        return n

    def msgspec_typed() -> int:
        for template, raw in docs:
            decs[template].decode(raw)
        return len(docs)

    results = {
        "msgspec typed decode": _rate(msgspec_typed, args.passes),
        "govdisclosure fast path (GC paused)": _rate(govdisclosure_fast, args.passes, gc_paused=True),
        "govdisclosure fast path": _rate(govdisclosure_fast, args.passes),
        "govdisclosure reference path (jsonschema)": _rate(govdisclosure_reference, max(1, args.passes // 2)),
    }
    per_template = []
    for template in ("gb2021", "gb2019", "legacy"):
        subset = [(t, r) for t, r in docs if t == template]

        def ours(subset: list[tuple[str, bytes]] = subset) -> int:
            return sum(gd.validate_bytes(r).report is not None for _, r in subset)

        def theirs(subset: list[tuple[str, bytes]] = subset, template: str = template) -> int:
            for _, r in subset:
                decs[template].decode(r)
            return len(subset)

        kb = statistics.mean(len(r) for _, r in subset) / 1024
        per_template.append((template, kb, _rate(ours, args.passes), _rate(theirs, args.passes)))
    baseline = results["msgspec typed decode"]
    lines = [
        f"documents: {args.n} ({size / 1024:.1f} KB of JSON on average; templates gb2021, gb2019, gb2021, legacy in turn); "
        f"the fast path took {taken} of them",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}",
        "",
        "| load + validate | docs/s | share of msgspec |",
        "|---|--:|--:|",
    ]
    for name, rate in results.items():
        lines.append(f"| {name} | {rate:,.0f} | {rate / baseline:.2f} |")
    lines += [
        "",
        "| template | KB per document | govdisclosure fast path docs/s | msgspec docs/s | share |",
        "|---|--:|--:|--:|--:|",
    ]
    for template, kb, ours_rate, theirs_rate in per_template:
        lines.append(
            f"| {template} | {kb:.1f} | {ours_rate:,.0f} | {theirs_rate:,.0f} | {ours_rate / theirs_rate:.2f} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Load + validate", "Written by `python benchmarks/bench_load.py --write`.\n\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
