"""Parquet throughput, the DuckDB query, and streaming a million reports.

    python benchmarks/bench_parquet.py io [--n 10000 100000] [--write]
    python benchmarks/bench_parquet.py duckdb [--n 100000] [--write]
    python benchmarks/bench_parquet.py stream [--n 100000 300000 1000000] [--write]

``io``: objects → Parquet file and Parquet file → objects with govdisclosure, against
plain pyarrow writing the same data already built as Arrow columns (the same table,
every field, texts included) and reading it back as Arrow columns: the difference
is what the conversion between objects and columns costs.
``duckdb``: sum of Table 3 cells by year over a dataset in govdisclosure's nested
layout, in the facts table, and in the wide layout (one column per cell).
``stream`` / ``stream-dataset``: convert N reports decoded one by one from JSON bytes
(never held in memory together) into one file, or into a dataset partitioned by
year; peak memory (max RSS) and time.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import pyarrow as pa
import pyarrow.parquet as pq
from corpus import make_documents, median_seconds, write_section

import govdisclosure as gd
from govdisclosure.parquet import facts_table, read_parquet, write_dataset, write_parquet


def _reports(n: int) -> list[gd.AnnualReport]:
    docs = make_documents(min(n, 10_000))
    base = [r for r in (gd.validate_bytes(raw).report for _, raw in docs) if r is not None]
    return [base[i % len(base)] for i in range(n)]


def _wide(reports: list[gd.AnnualReport]) -> dict[str, list[Any]]:
    """The same cells as Python column lists: one column per cell (facts pivoted)."""
    facts = facts_table(reports).select(["report_id", "year", "column", "value"]).to_pylist()
    columns: dict[str, list[Any]] = {}
    index: dict[str, int] = {}
    ids: list[str] = []
    years: list[int] = []
    for fact in facts:
        if fact["report_id"] not in index or index[fact["report_id"]] != len(ids) - 1:
            index[fact["report_id"]] = len(ids)
            ids.append(fact["report_id"])
            years.append(fact["year"])
        row = len(ids) - 1
        column = columns.setdefault(fact["column"], [])
        column.extend([None] * (row + 1 - len(column)))
        column[row] = fact["value"]
    for column in columns.values():
        column.extend([None] * (len(ids) - len(column)))
    return {"report_id": ids, "year": years, **columns}


def _io_row(n: int) -> str:
    reports = _reports(n)
    with tempfile.TemporaryDirectory() as folder:
        ours = pathlib.Path(folder) / "ours.parquet"
        plain = pathlib.Path(folder) / "plain.parquet"
        passes = 3 if n <= 10_000 else 1
        write_ours = median_seconds(lambda: write_parquet(reports, ours), passes)
        read_ours = median_seconds(lambda: sum(1 for _ in read_parquet(ours)), passes)
        columns = pq.read_table(ours)  # the same data, built as Arrow columns
        write_plain = median_seconds(
            lambda: pq.write_table(columns, plain, compression="zstd", row_group_size=2000), passes
        )
        read_plain = median_seconds(lambda: pq.read_table(plain), passes)
        # for context: the same data into plain Python values (dicts), not objects
        read_python = median_seconds(lambda: pq.read_table(plain).to_pylist(), passes)
    return (
        f"| {n:,} | {n / write_ours:,.0f}/s | {n / write_plain:,.0f}/s | {write_ours / write_plain:.1f}× "
        f"| {n / read_ours:,.0f}/s | {n / read_plain:,.0f}/s | {read_ours / read_plain:.1f}× "
        f"| {n / read_python:,.0f}/s | {read_ours / read_python:.2f}× |"
    )


def bench_io(sizes: list[int]) -> str:
    lines = ["| reports | govdisclosure write | plain pyarrow write | ratio | govdisclosure read | plain pyarrow read | ratio "
             "| plain read + to_pylist | read ÷ to_pylist |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]  # fmt: skip
    for n in sizes:
        lines.append(_io_row(n))
        print(lines[-1], flush=True)
    return "\n".join(lines)


def bench_duckdb(n: int) -> str:
    import duckdb

    reports = _reports(n)
    lines = [f"{n:,} reports; query: the sum of 一、本年新收 · 总计 of Table 3 by year.", "",
             "| layout | size | seconds (median of 5) |", "|---|--:|--:|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        base = pathlib.Path(folder)
        write_dataset(reports, base / "nested", partition=("year",))
        write_parquet(reports, base / "facts.parquet", table="facts")
        pq.write_table(pa.table(_wide(reports)), base / "wide.parquet", compression="zstd")
        queries = {
            "govdisclosure reports (nested, hive by year)": (
                f"select year, sum(coalesce(body_gb2021.applications.new_received.total, 0) "
                f"+ coalesce(body_gb2019.applications.new_received.total, 0)) from read_parquet('{base}/nested/**/*.parquet', hive_partitioning=true) "
                "where template <> 'legacy' group by year order by year"
            ),
            "govdisclosure facts (long)": (
                f"select year, sum(value) from '{base}/facts.parquet' where \"table\" = '表三' and row_key = 'new_received' "
                "and column_key = 'total' group by year order by year"
            ),
            "wide (one column per cell)": (
                f"select year, sum(applications__new_received__total) from '{base}/wide.parquet' "
                "where applications__new_received__total is not null group by year order by year"
            ),
        }
        sizes = {
            "govdisclosure reports (nested, hive by year)": sum(
                p.stat().st_size for p in (base / "nested").rglob("*.parquet")
            ),
            "govdisclosure facts (long)": (base / "facts.parquet").stat().st_size,
            "wide (one column per cell)": (base / "wide.parquet").stat().st_size,
        }
        answers = set()
        for name, sql in queries.items():
            connection = duckdb.connect()
            answers.add(tuple(connection.sql(sql).fetchall()))
            seconds = median_seconds(lambda sql=sql, connection=connection: connection.sql(sql).fetchall(), 5)
            lines.append(f"| {name} | {sizes[name] / 1e6:.1f} MB | {seconds:.4f} |")
            print(lines[-1], flush=True)
        assert len(answers) == 1, answers  # every layout gives the same sums
    return "\n".join(lines)


def _stream(n: int) -> Iterator[gd.AnnualReport]:
    docs = [raw for _, raw in make_documents(2000)]
    for i in range(n):
        report = gd.validate_bytes(docs[i % len(docs)]).report
        assert report is not None
        yield report


def bench_stream(sizes: list[int], dataset: bool = False) -> str:
    lines = ["| reports | seconds | reports/s | peak memory (max RSS) | written |", "|--:|--:|--:|--:|--:|"]
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / ("dataset" if dataset else "stream.parquet")
            pid = os.fork()
            if pid == 0:  # a fresh process, so max RSS belongs to this run alone
                start = time.perf_counter()
                if dataset:
                    write_dataset(_stream(n), path, partition=("year",))
                else:
                    write_parquet(_stream(n), path)
                seconds = time.perf_counter() - start
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                size = sum(p.stat().st_size for p in path.rglob("*.parquet")) if dataset else path.stat().st_size
                (pathlib.Path(folder) / "result").write_text(f"{seconds} {rss} {size}")
                os._exit(0)
            os.waitpid(pid, 0)
            seconds_text, rss_text, size_text = (pathlib.Path(folder) / "result").read_text().split()
            seconds, rss, size = float(seconds_text), float(rss_text), int(size_text)
        lines.append(f"| {n:,} | {seconds:.0f} | {n / seconds:,.0f} | {rss:,.0f} MB | {size / 1e6:,.0f} MB |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("io", "duckdb", "stream", "stream-dataset"))
    parser.add_argument("--n", type=int, nargs="+")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.mode == "io":
        text = bench_io(args.n or [10_000, 100_000])
        title = "Parquet write and read"
    elif args.mode == "duckdb":
        text = bench_duckdb((args.n or [20_000])[0])  # the wide baseline is built in memory
        title = "DuckDB query over the layouts"
    elif args.mode == "stream":
        text = bench_stream(args.n or [100_000, 1_000_000])
        title = "Streaming conversion to one file"
    else:
        text = bench_stream(args.n or [100_000, 1_000_000], dataset=True)
        title = "Streaming conversion to a dataset"
    if args.write:
        write_section(title, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
