"""Throughput with one and two worker processes: the upload gate, the batch audit and
extraction (issue 13), and what a cluster of N cores would take for 3,000,000 reports.

    python benchmarks/bench_workers.py [--n 4000] [--extract 300] [--write]

- validate: ``gd.validate_bytes(raw, objects=False)`` over ``--n`` generated JSON documents
  (``corpus.make_documents``: every template, stated figures, 35 KB each);
- audit: ``gd.audit_batch(batch, passes=False)`` and ``gd.ratios_batch(batch)`` over the same
  reports read back from a Parquet file (``gd.batch_columns``), 1,000 reports a batch;
- extraction: ``gd.extract`` over the published reports bundled in ``examples/published/``
  (HTML, PDF, Markdown, text, spreadsheet), taken in turn up to ``--extract`` files.

Each is run by 1 and by 2 worker processes (spawned, so each imports the library as a
cluster's worker would; the work is split in equal shares, start-up excluded: each worker
times its own share after a warm-up item). The projection for 3,000,000 reports on N cores
assumes the per-core throughput of one worker and the measured scaling of two.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pathlib
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import pyarrow.parquet as pq
from corpus import make_documents, write_section

import govdisclosure as gd

ROOT = pathlib.Path(__file__).resolve().parents[1]
PUBLISHED = sorted((ROOT / "examples" / "published").iterdir())
TOTAL = 3_000_000


def _validate(share: list[bytes]) -> tuple[int, float]:
    gd.validate_bytes(share[0], objects=False)  # warm-up: code generated on first use
    start = time.perf_counter()
    for raw in share:
        gd.validate_bytes(raw, objects=False)
    return len(share), time.perf_counter() - start


def _audit(share: tuple[str, list[int]]) -> tuple[int, float]:
    path, groups = share
    reader = pq.ParquetFile(path)
    columns = gd.batch_columns(reader.schema_arrow)
    gd.audit_batch(reader.read_row_group(groups[0], columns=columns).slice(0, 10), passes=False)
    start = time.perf_counter()
    count = 0
    for group in groups:
        batch = reader.read_row_group(group, columns=columns)
        gd.audit_batch(batch, passes=False)
        gd.ratios_batch(batch)
        count += batch.num_rows
    return count, time.perf_counter() - start


def _extract(share: list[str]) -> tuple[int, float]:
    gd.extract(pathlib.Path(share[0]))
    start = time.perf_counter()
    for path in share:
        gd.extract(pathlib.Path(path))
    return len(share), time.perf_counter() - start


def _run(function: Any, shares: list[Any]) -> float:
    """Items per second of ``len(shares)`` workers, each timing its own share."""
    with multiprocessing.get_context("spawn").Pool(len(shares)) as pool:
        results = pool.map(function, shares)
    items = sum(n for n, _ in results)
    return items / max(seconds for _, seconds in results)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:,.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:,.1f} min"
    return f"{seconds / 3600:,.1f} h"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--extract", type=int, default=300)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    raws = [raw for _, raw in make_documents(args.n)]
    files = [str(PUBLISHED[i % len(PUBLISHED)]) for i in range(args.extract)]
    rates: dict[str, dict[int, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "reports.parquet"
        gd.write_parquet((gd.loads(raw) for raw in raws), path, row_group_reports=1000)
        groups = list(range(pq.ParquetFile(path).num_row_groups))
        for workers in (1, 2):
            rates.setdefault("validate (upload gate)", {})[workers] = _run(
                _validate, [raws[w::workers] for w in range(workers)]
            )
            rates.setdefault("audit + ratios (batch)", {})[workers] = _run(
                _audit, [(str(path), groups[w::workers]) for w in range(workers)]
            )
            rates.setdefault("extraction", {})[workers] = _run(_extract, [files[w::workers] for w in range(workers)])
            print(workers, {k: round(v[workers]) for k, v in rates.items()}, flush=True)
    rows = []
    for name, by in rates.items():
        scaling = by[2] / (2 * by[1])
        hours = {cores: TOTAL / (by[1] * cores * scaling) / 3600 for cores in (2, 16, 64, 256)}
        rows.append(
            f"| {name} | {by[1]:,.0f} | {by[2]:,.0f} | {scaling:.0%} | "
            + " | ".join(_duration(h * 3600) for h in hours.values())
            + " |"
        )
    text = (
        f"`python benchmarks/bench_workers.py --n {args.n} --extract {args.extract}` on {os.cpu_count()} cores: "
        "items per second with 1 and 2 spawned worker processes (each times its own share after a warm-up), "
        "the scaling of two (2-worker rate ÷ twice the 1-worker rate), and the time 3,000,000 reports would "
        "take on N cores at the 1-worker rate per core and that scaling. Extraction is over the 6 published "
        "reports bundled in `examples/published/` (HTML, PDF, Markdown, text, spreadsheet) in turn.\n\n"
        "| work | 1 worker /s | 2 workers /s | scaling | 2 cores | 16 cores | 64 cores | 256 cores |\n"
        "|---|--:|--:|--:|--:|--:|--:|--:|\n" + "\n".join(rows) + "\n"
    )
    print(text)
    if args.write:
        write_section("Workers: validate, audit, extraction (issue 13)", text)


if __name__ == "__main__":
    main()
