"""The speed aims of issue 11, each a ratio measured in one run, per template.

    python benchmarks/bench_aims.py [--n 2000] [--parquet 10000] [--write]

- Loading (bytes → validated objects) against the path a developer would write with the same
  stack: orjson, jsonschema-rs ``is_valid`` over ``schemas/report.schema.json``, then cattrs with
  ``gd.make_converter()`` (equal objects, checked). Aim: ≥ 2×; and ≥ 0.4× msgspec (typed decode
  into Structs) over the mixed corpus.
- The audit (every rule and stated figure, on loaded reports) against loading. Aim: ≤ 1.0×.
- Validation without objects (``validate_bytes(raw, objects=False)``) against orjson +
  jsonschema-rs ``is_valid``. Aim: ≥ 1.0× (the findings are proven equal to the full path's by
  ``tests/test_properties.py``).
- The floor: the least any Python code producing these frozen attrs objects does (msgspec's typed
  decode, one scan of the bytes for the duplicate-key proof, building the objects from values at
  hand; ``bench_floor.py``): ``floor ÷ developer`` is the most that loading can reach against the
  developer path.
- Parquet: writing against plain pyarrow writing the same table (aim ≤ 2.0×); reading objects
  against plain pyarrow reading into dicts with ``to_pylist`` (aim ≤ 1.0×); from
  ``bench_parquet.py``'s measurement.

Needs the ``bench`` extra (orjson, jsonschema-rs, msgspec).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
from collections.abc import Callable

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import jsonschema_rs
import orjson
from bench_floor import _Programs
from corpus import make_documents, median_seconds, write_section
from msgspec_model import decoders

import govdisclosure as gd
from govdisclosure.model import AnnualReport

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _rates(fns: dict[str, Callable[[], object]], count: int, passes: int) -> dict[str, float]:
    """Items per second of each function: the passes interleaved (one of each in turn, so
    that the machine's drift touches them alike), the median of each, the collector paused."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(passes):
        for name, fn in fns.items():
            times[name].append(median_seconds(fn, 1, gc_paused=True))
    return {name: count / statistics.median(values) for name, values in times.items()}


def _verdict(value: float, aim: float, higher: bool) -> str:
    met = value >= aim if higher else value <= aim
    return "met" if met else "not met"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000, help="documents in the mixed corpus")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--parquet", type=int, default=10_000, help="reports for the Parquet ratios (0: skip)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
    validator = jsonschema_rs.validator_for(schema)
    converter = gd.make_converter()
    typed = decoders()
    documents = make_documents(args.n)
    build, read_fields = _Programs().pair(AnnualReport)

    # the corpus is valid on every path, and every path reads the same report
    for _, raw in documents[:40]:
        ours = gd.validate_bytes(raw).report
        obj = orjson.loads(raw)
        assert ours is not None
        assert validator.is_valid(obj)
        assert converter.structure(obj, AnnualReport) == ours
        assert gd.validate_bytes(raw, objects=False).findings == gd.validate_bytes(raw).findings

    rows = []
    loading_mixed = msgspec_mixed = 0.0
    for template in ("gb2021", "gb2019", "legacy", "mixed"):
        raws = [raw for t, raw in documents if template in (t, "mixed")]
        decoder = typed[template] if template != "mixed" else None
        reports = [gd.validate_bytes(raw).report for raw in raws]

        def load(raws: list[bytes] = raws) -> None:
            for raw in raws:
                gd.validate_bytes(raw)

        def quick(raws: list[bytes] = raws) -> None:
            for raw in raws:
                gd.validate_bytes(raw, objects=False)

        def developer(raws: list[bytes] = raws) -> None:
            for raw in raws:
                obj = orjson.loads(raw)
                if validator.is_valid(obj):
                    converter.structure(obj, AnnualReport)

        def is_valid(raws: list[bytes] = raws) -> None:
            for raw in raws:
                validator.is_valid(orjson.loads(raw))

        def audit(reports: list[AnnualReport | None] = reports) -> None:
            for report in reports:
                gd.audit(report)  # type: ignore[arg-type]

        tuples = [read_fields(report) for report in reports]

        def floor(raws: list[bytes] = raws, tuples: list[object] = tuples, decoder: object = decoder) -> None:
            # the least any Python code producing these objects does: the typed decode, one
            # scan of the bytes, building the objects from values at hand
            typed_decode(raws, decoder)
            for raw in raws:
                raw.count(b":")
            for values in tuples:
                build(values)

        def typed_decode(raws: list[bytes] = raws, decoder: object = decoder) -> None:
            if decoder is not None:
                for raw in raws:
                    decoder.decode(raw)  # type: ignore[attr-defined]
            else:
                for t, raw in documents:
                    typed[t].decode(raw)

        count = len(raws)
        r = _rates(
            {
                "load": load,
                "quick": quick,
                "developer": developer,
                "is_valid": is_valid,
                "audit": audit,
                "msgspec": typed_decode,
                "floor": floor,
            },
            count,
            args.passes,
        )
        if template == "mixed":
            loading_mixed, msgspec_mixed = r["load"], r["msgspec"]
        load_vs_dev = r["load"] / r["developer"]
        audit_vs_load = r["load"] / r["audit"]  # the audit's time over loading's time
        quick_vs_valid = r["quick"] / r["is_valid"]
        rows.append(
            f"| {template} | {count:,} | {r['load']:,.0f} | {r['developer']:,.0f} | **{load_vs_dev:.2f}×** "
            f"({_verdict(load_vs_dev, 2.0, True)}) | {r['msgspec']:,.0f} | {r['load'] / r['msgspec']:.2f} "
            f"| {r['audit']:,.0f} | **{audit_vs_load:.2f}×** ({_verdict(audit_vs_load, 1.0, False)}) "
            f"| {r['quick']:,.0f} | {r['is_valid']:,.0f} | **{quick_vs_valid:.2f}×** "
            f"({_verdict(quick_vs_valid, 1.0, True)}) | {r['floor']:,.0f} | {r['floor'] / r['developer']:.2f}× |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            "| template | documents | loading docs/s | developer path docs/s | loading ÷ developer (aim ≥ 2) "
            "| msgspec docs/s | loading ÷ msgspec | audit reports/s | audit time ÷ loading time (aim ≤ 1) "
            "| without objects docs/s | orjson + jsonschema-rs is_valid docs/s | ÷ is_valid (aim ≥ 1) "
            "| floor docs/s | floor ÷ developer |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
            *rows,
        ]
    )
    mixed_share = loading_mixed / msgspec_mixed
    text = (
        f"`python benchmarks/bench_aims.py --write`: {args.n:,} documents (gb2021, gb2019, gb2021, legacy in turn),\n"
        f"medians of {args.passes} interleaved passes, one process, the collector paused.\n\n{table}\n\n"
        f"Loading over the mixed corpus is **{mixed_share:.2f}× msgspec** (aim ≥ 0.4: "
        f"{_verdict(mixed_share, 0.4, True)}).\n"
    )
    if args.parquet:
        from bench_parquet import _io_row

        row = _io_row(args.parquet)
        text += (
            "\nParquet (`bench_parquet.py`'s measurement, the mixed corpus):\n\n"
            "| reports | govdisclosure write | plain pyarrow write | ratio (aim ≤ 2.0) | govdisclosure read "
            "| plain pyarrow read | ratio | plain read + to_pylist | read ÷ to_pylist (aim ≤ 1.0) |\n"
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n" + row + "\n"
        )
        print(row)
    print(text)
    if args.write:
        write_section("Speed aims (issue 11)", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
