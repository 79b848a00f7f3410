"""Auditing many reports against loading them: the audit must cost no more.

    python benchmarks/bench_audit.py [--n 10000] [--write]

Loads the corpus (validate + objects, fast path), then audits every report
(every rule of the catalogue and the stated figures), and computes the ratios;
medians of several passes in one process. ``--write`` appends the figures to
benchmarks/RESULTS.md (replacing an earlier audit section).
"""

from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from corpus import make_documents, median_seconds, write_section

import govdisclosure as gd


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    docs = make_documents(args.n)
    raws = [raw for _, raw in docs]
    reports = [gd.validate_bytes(raw).report for raw in raws]
    assert all(r is not None for r in reports)
    loaded = [r for r in reports if r is not None]

    load = median_seconds(lambda: [gd.validate_bytes(raw) for raw in raws], args.passes)
    audit = median_seconds(lambda: [gd.audit(report) for report in loaded], args.passes)
    ratios = median_seconds(lambda: [gd.ratios(report) for report in loaded], args.passes)
    findings = sum(len(gd.audit(report)) for report in loaded)
    lines = [
        f"reports: {args.n} (templates gb2021, gb2019, gb2021, legacy in turn; {findings:,} rule findings in all)",
        "",
        "| stage | seconds for all | µs per report | against loading |",
        "|---|--:|--:|--:|",
    ]
    for name, seconds in (
        ("load + validate (fast path)", load),
        ("audit (every rule and stated figure)", audit),
        ("ratios (every definition)", ratios),
    ):
        lines.append(f"| {name} | {seconds:.2f} | {seconds / args.n * 1e6:.0f} | {seconds / load:.2f} |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Audit", "Written by `python benchmarks/bench_audit.py --write`.\n\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
