"""Bulk conversion (issue 13): JSON Lines → Parquet through the objects, and straight from the
fast path's decoded values (``govdisclosure convert``), with one and with two processes.

    python benchmarks/bench_convert.py [--n 6000] [--copies 5] [--passes 2] [--table reports] [--write]

A JSON Lines file of ``--n`` generated reports (``corpus.make_documents``, one per line)
repeated ``--copies`` times is converted to one Parquet file by, each in a fresh process:

- ``objects``: what ``convert`` did before the bulk path: every document validated into the
  model's objects (``iter_validate``), then ``write_parquet`` (``to_table`` per batch);
- ``bulk, 1 process``: ``govdisclosure convert --jobs 1``;
- ``bulk, 2 processes``: ``govdisclosure convert --jobs 2`` (the main process reads and writes,
  two workers decode and build the columns).

``--table indicators`` writes the indicators table instead (the bulk path computes it from the
reports table's columns). Wall time is the median of ``--passes`` runs; the files written are
compared byte for byte.
Aim (issue 13): bulk ``convert`` ≥ 3× the objects' throughput.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from corpus import make_documents, write_section

_OBJECTS = """
import sys
from govdisclosure import iter_validate
from govdisclosure.parquet import write_parquet
reports = (r.report for r in iter_validate([sys.argv[1]]) if r.report is not None)
write_parquet(reports, sys.argv[2], table=sys.argv[3])
"""


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--table", choices=("reports", "indicators"), default="reports")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    documents = make_documents(args.n)
    lines = b"".join(
        json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for _, raw in documents
    )
    total = args.n * args.copies
    cli = [sys.executable, "-m", "govdisclosure", "convert", "--no-progress", "--table", args.table]
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "reports.jsonl"
        with source.open("wb") as handle:
            for _ in range(args.copies):
                handle.write(lines)
        size = source.stat().st_size
        runs = {
            "objects (before)": lambda out: [sys.executable, "-c", _OBJECTS, str(source), out, args.table],
            "bulk, 1 process": lambda out: [*cli, "--jobs", "1", str(source), out],
            "bulk, 2 processes": lambda out: [*cli, "--jobs", "2", str(source), out],
        }
        seconds: dict[str, float] = {}
        outputs: dict[str, bytes] = {}
        for name, command in runs.items():
            out = str(pathlib.Path(folder) / f"{len(seconds)}.parquet")
            seconds[name] = statistics.median(_run(command(out)) for _ in range(args.passes))
            outputs[name] = pathlib.Path(out).read_bytes()
            print(f"{name}: {seconds[name]:.1f} s, {total / seconds[name]:,.0f} reports/s", flush=True)
        same = len(set(outputs.values())) == 1
        print("files identical:", same)
    base = seconds["objects (before)"]
    rows = [f"| {name} | {s:.1f} | {total / s:,.0f} | {base / s:.2f}× |" for name, s in seconds.items()]
    text = (
        f"`python benchmarks/bench_convert.py --n {args.n} --copies {args.copies} --passes {args.passes} "
        f"--table {args.table}`: {total:,} reports, {size / 1e6:,.0f} MB of JSON Lines, to one Parquet file "
        f"({args.table} table); median of "
        f"{args.passes} runs, each a fresh process. Files byte-identical: {'yes' if same else 'NO'}.\n\n"
        "| path | seconds | reports/s | ÷ objects |\n|---|--:|--:|--:|\n" + "\n".join(rows) + "\n"
    )
    print(text)
    if args.write:
        title = "Bulk conversion (issue 13)" + ("" if args.table == "reports" else f": the {args.table} table")
        write_section(title, text)


if __name__ == "__main__":
    main()
