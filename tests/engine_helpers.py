"""What the tests of the engines (Dask, Spark) compare with the single-process results."""

from __future__ import annotations

from typing import Any

import govdisclosure as gd
from govdisclosure.arrow import report_id


def finding_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """A finding row as compared across engines (the row index counts within a task)."""
    names = ("report_id", "code", "instance", "outcome", "expected", "actual", "message_zh", "message_en")
    return tuple(row[name] for name in names)


def assert_ratios_match(rows: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
    """One row per report, every ratio and status as ``gd.ratios`` gives them."""
    by_id = {row["report_id"]: row for row in rows}
    assert set(by_id) == {report_id(r) for r in reports}
    for report in reports:
        row = by_id[report_id(report)]
        for ratio in gd.ratios(report):
            assert row[ratio.id] == (None if ratio.value is None else float(ratio.value)), ratio.id
            assert row[f"{ratio.id}_status"] == ratio.status.value
