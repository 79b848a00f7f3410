"""The columnar engine (issue 13): the batch audit and ratios against the object code.

    python benchmarks/bench_batch.py [--n 8000] [--batch 20000] [--dataset 1000000] [--write]

- Per template and mixed: the object audit's throughput on loaded reports (``gd.audit``, every
  finding) and from a reports table (``from_table`` then ``gd.audit``), against
  ``gd.audit_batch`` on the same table, with every finding and with the problems only
  (``passes=False``). Aim: the batch audit ≥ 50× the object audit.
- The ratios: the object indicators table against ``gd.ratios_batch``.
- A dataset of ``--dataset`` reports (one Parquet file of ``--batch`` reports, hard-linked as
  many times as needed), read batch by batch, audited (problems only) and its ratios computed by
  two worker processes: wall time and the largest resident memory of any process. Aims: one
  million reports in under a minute on two cores, in bounded memory (< 1 GB).

The corpus is ``corpus.make_documents`` (every report with stated figures, as extracted ones
have); tables are built once, outside the timings.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pathlib
import resource
import sys
import tempfile
import time
from collections import Counter
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from corpus import make_documents, median_seconds, write_section

import govdisclosure as gd
from govdisclosure._audit import _compiled
from govdisclosure._columnar import _Group
from govdisclosure.arrow import from_table, to_table
from govdisclosure.parquet import DEFAULT_ROW_GROUP_REPORTS
from govdisclosure.tables import _indicators_batch


def _grow(table: pa.Table, size: int) -> pa.Table:
    copies = -(-size // table.num_rows)
    return pa.concat_tables([table] * copies).slice(0, size).combine_chunks()


def _read_cells(table: pa.Table, template: gd.Template) -> None:
    """The least the engine does before any rule: read each cell the rules read into NumPy, once (the
    ``cells`` map applied), with no arithmetic and no findings. Its rate bounds the batch
    audit's from above."""
    group = _Group(table, template)
    for compiled in _compiled(template):
        for term in (*compiled.instance.lhs, *compiled.instance.rhs):
            for alternative in term.alternatives:
                for pointer in alternative:
                    group.cells(pointer)


def _rate(fn: Any, count: int, passes: int = 3) -> float:
    return count / median_seconds(fn, passes, gc_paused=True)


def _worker(args: tuple[list[str], int]) -> tuple[int, Counter[str], int]:
    files, batch_size = args
    outcomes: Counter[str] = Counter()
    reports = 0
    for path in files:
        reader = pq.ParquetFile(path)
        columns = gd.batch_columns(reader.schema_arrow)  # all but the narrative sections
        for batch in reader.iter_batches(batch_size=batch_size, columns=columns):
            found = gd.audit_batch(batch, passes=False)
            for count in pc.value_counts(found.column("outcome")).to_pylist():
                outcomes[count["values"]] += count["counts"]
            gd.ratios_batch(batch)
            reports += batch.num_rows
    return reports, outcomes, _peak_kb()


def _peak_kb() -> int:
    """This process's largest resident memory (VmHWM: unlike ru_maxrss, not carried over from
    the parent that spawned the process)."""
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _dataset(
    table: pa.Table, total: int, directory: pathlib.Path, workers: int, batch_size: int, row_group: int
) -> dict[str, Any]:
    first = directory / "part-0.parquet"
    pq.write_table(table, first, compression="zstd", row_group_size=row_group)
    files = [first]
    for i in range(1, -(-total // table.num_rows)):
        link = directory / f"part-{i}.parquet"
        os.link(first, link)
        files.append(link)
    shares = [[str(f) for f in files[w::workers]] for w in range(workers)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_worker, [(share, batch_size) for share in shares])
    seconds = time.perf_counter() - start
    outcomes: Counter[str] = Counter()
    for _, counted, _ in results:
        outcomes.update(counted)
    return {
        "reports": sum(r for r, _, _ in results),
        "files": len(files),
        "seconds": seconds,
        "peak_mb": max(m for _, _, m in results) / 1024,
        "outcomes": outcomes,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=8000, help="documents generated (templates in turn)")
    parser.add_argument("--batch", type=int, default=20_000, help="reports per batch")
    parser.add_argument("--dataset", type=int, default=1_000_000, help="reports in the dataset run (0: skip)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--read-batch", type=int, default=5000, help="reports per batch read (as docs/scaling.md reads)"
    )
    parser.add_argument(
        "--row-group", type=int, default=DEFAULT_ROW_GROUP_REPORTS, help="reports per row group (the writer's default)"
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    documents = make_documents(args.n)
    loaded = [gd.loads(raw) for _, raw in documents]
    groups = {template.value: [r for r in loaded if r.template is template] for template in gd.Template}
    groups["mixed"] = loaded
    rows = []
    mixed_table = None
    for name, reports in groups.items():
        table = _grow(to_table(reports), args.batch)
        if name == "mixed":
            mixed_table = table
        sample = table.slice(0, min(2000, table.num_rows))
        sample_reports = from_table(sample)
        # the two paths agree on this table (the tests prove it in general)
        assert gd.audit_batch(sample.slice(0, 200)).num_rows == sum(len(gd.audit(r)) for r in sample_reports[:200])
        objects = _rate(lambda rs=sample_reports: [gd.audit(r) for r in rs], len(sample_reports))
        from_tables = _rate(lambda t=sample: [gd.audit(r) for r in from_table(t)], sample.num_rows)
        batch_all = _rate(lambda t=table: gd.audit_batch(t), table.num_rows)
        batch_problems = _rate(lambda t=table: gd.audit_batch(t, passes=False), table.num_rows)
        ratio_objects = _rate(lambda rs=sample_reports: _indicators_batch(rs), len(sample_reports))
        ratio_batch = _rate(lambda t=table: gd.ratios_batch(t), table.num_rows)
        ceiling = (
            _rate(lambda t=table, tp=reports[0].template: _read_cells(t, tp), table.num_rows)
            if name != "mixed"
            else None
        )
        ceiling_text = "" if ceiling is None else f"{ceiling:,.0f} | {ceiling / objects:.0f}×"
        rows.append(
            f"| {name} | {table.num_rows:,} | {objects:,.0f} | {from_tables:,.0f} | {batch_all:,.0f} | "
            f"**{batch_all / objects:.1f}×** | {batch_problems:,.0f} | **{batch_problems / objects:.1f}×** | "
            f"{ratio_objects:,.0f} | {ratio_batch:,.0f} | {ratio_batch / ratio_objects:.1f}× | "
            f"{ceiling_text or '– | –'} |"
        )
        print(rows[-1], flush=True)
    text = [
        f"`python benchmarks/bench_batch.py --n {args.n} --batch {args.batch} --dataset {args.dataset}`: "
        "reports per second, one process, medians of three passes, the collector paused. Every "
        "report has stated figures. The object audit runs on 2,000 loaded reports; the batch on one "
        f"table of {args.batch:,} reports. The ceiling: only reading, once, every cell the rules "
        "read into NumPy (the least the engine does before any rule; one template's table).",
        "",
        "| template | batch reports | object audit/s | objects from the table, audited/s | audit_batch/s | "
        "÷ object audit (aim ≥ 50) | audit_batch(passes=False)/s | ÷ object audit | indicators (objects)/s | "
        "ratios_batch/s | ÷ | cells read only/s (the ceiling) | ceiling ÷ object audit |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        *rows,
    ]
    if args.dataset and mixed_table is not None:
        with tempfile.TemporaryDirectory() as tmp:
            found = _dataset(
                mixed_table, args.dataset, pathlib.Path(tmp), args.workers, args.read_batch, args.row_group
            )
        outcomes = ", ".join(f"{k} {v:,}" for k, v in sorted(found["outcomes"].items()))
        line = (
            f"{found['reports']:,} reports ({found['files']} files of {mixed_table.num_rows:,} in row groups of "
            f"{args.row_group:,}, read in batches of {args.read_batch:,}) read, audited (problems only) and their ratios computed by {args.workers} processes in "
            f"**{found['seconds']:.1f} s** ({found['reports'] / found['seconds']:,.0f} reports/s; aim: under 60 s); "
            f"largest resident memory of a process **{found['peak_mb']:,.0f} MB** (aim < 1 GB). Findings: {outcomes}."
        )
        print(line)
        text += ["", line]
    if args.write:
        write_section("Columnar engine (issue 13)", "\n".join(text) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
