"""What the extraction tests compare: every cell of a report's body, by JSON Pointer, and
whether a flag covers one."""

from __future__ import annotations

import decimal
import pathlib
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure.model import AnnualReport, Cell, Money

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "shared"
if not SAMPLES.is_dir():  # a clone somewhere else: the samples sit beside the project
    SAMPLES = pathlib.Path(__file__).resolve().parents[1].parent / "shared"


def cells(report: AnnualReport) -> dict[str, Any]:
    """Every cell of the body (counts, money, annex values, breakdown counts) by pointer."""
    out: dict[str, Any] = {}
    _walk(report.body, "/body", out)
    return out


def _walk(value: Any, pointer: str, out: dict[str, Any]) -> None:
    if value is None or isinstance(value, str):
        return
    if isinstance(value, (int, Cell, Money, decimal.Decimal)) and not isinstance(value, bool):
        out[pointer] = value
        return
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            _walk(item, f"{pointer}/{i}", out)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{pointer}/{key}", out)
        return
    if attrs.has(type(value)):
        for field in _introspect.fields(type(value)):
            if field.name in ("sections", "heading", "notes"):
                continue
            _walk(getattr(value, field.name), f"{pointer}/{field.name}", out)


def is_flagged(report: AnnualReport, pointer: str) -> bool:
    """Whether a flag of the report's extraction covers the cell (its own, its row's, its
    table's)."""
    assert report.extraction is not None
    return any(pointer == f.pointer or pointer.startswith(f.pointer + "/") for f in report.extraction.flags)
