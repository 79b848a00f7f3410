"""Memory of `govdisclosure audit` and `validate --rules` over growing collections.

Both commands stream: each document is printed as it is checked; the audit keeps only what
the checks across reports need (a few cells per report, ``CrossRecord``). Each run is a fresh
process over a JSON Lines file of N generated reports (templates in turn); its peak memory
is the child's max RSS.

    python benchmarks/bench_stream.py [--sizes 2000,8000] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.corpus import make_documents, write_section


def _run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one fresh process (its output discarded)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status not in (0, 256):  # exit 0 or 1 (findings) are both a finished run
        raise SystemExit(f"{command} ended with status {status}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,8000")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    documents = make_documents(max(sizes))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = pathlib.Path(folder) / f"reports-{size}.jsonl"
            with path.open("wb") as handle:
                for _, raw in documents[:size]:
                    handle.write(json.dumps(json.loads(raw), ensure_ascii=False).encode() + b"\n")
            mb = path.stat().st_size / 1e6
            for label, command in (
                ("audit --format json", ["audit", "--format", "json", "--no-progress"]),
                ("audit (text) --jobs 1", ["audit", "--jobs", "1", "--no-progress"]),
                ("audit (text) --jobs 2", ["audit", "--jobs", "2", "--no-progress"]),
                ("validate --rules", ["validate", "--rules", "--no-progress"]),
            ):
                seconds, peak = _run([sys.executable, "-m", "govdisclosure", *command, str(path)])
                rows.append(f"| {label} | {size:,} | {mb:,.0f} | {seconds:.1f} | {size / seconds:,.0f} | {peak:,.0f} |")
                print(rows[-1], flush=True)
    table = "\n".join(
        [
            "| command | reports | MB of JSONL | seconds | reports/s | peak MB |",
            "|---|--:|--:|--:|--:|--:|",
            *rows,
        ]
    )
    text = (
        "Written by `python benchmarks/bench_stream.py --write`: each command a fresh process over a JSON\n"
        "Lines file of N generated reports; peak memory is the process's max RSS. Streaming keeps the\n"
        "peak flat as the collection grows (the checks across reports keep a few cells per report).\n\n" + table
    )
    print(table)
    if args.write:
        write_section("Streaming audit and validation", text)


if __name__ == "__main__":
    main()
