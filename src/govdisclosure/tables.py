"""The analysis tables: one row per reported cell (the facts), one row per report with its
totals and every ratio (the indicators), and the province a report belongs to.

They are derived from the reports; :mod:`govdisclosure.parquet` writes them to files and
datasets (``table="facts"`` or ``"indicators"``), :mod:`govdisclosure.frames` shows them as
pandas DataFrames.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import pyarrow as pa

from govdisclosure import _introspect
from govdisclosure._decimal import own_context
from govdisclosure._ratios import RATIOS, ratios
from govdisclosure._regions import PROVINCES, province_of
from govdisclosure.arrow import report_id
from govdisclosure.coordinates import LEGACY_SECTIONS, TABLE3, TABLE4, TABLE_NAMES, column_name, locate
from govdisclosure.model import AgencyLevel, AnnualReport, Cell, Money, Template
from govdisclosure.model.cells import CellKind
from govdisclosure.rules import Term, term

__all__ = [
    "IDENTITY_FIELDS",
    "PROVINCES",
    "cell_facts",
    "facts_schema",
    "facts_table",
    "identity_row",
    "indicators_schema",
    "indicators_table",
    "province",
    "province_of",
    "ratios_schema",
    "ratios_table",
    "report_totals",
    "total_terms",
]

# --------------------------------------------------------------------------- the province


def province(report: AnnualReport) -> str | None:
    """The province-level region of a report (:func:`province_of`)."""
    agency = report.agency
    return province_of(agency.region_name, agency.region_code, agency.level is AgencyLevel.CENTRAL)


# --------------------------------------------------------------------------- the facts table

_FACT_FIELDS = [
    ("report_id", pa.string(), "报告编号", "The report's id (as in the reports table)."),
    ("agency", pa.string(), "机关名称", "The agency."),
    ("region", pa.string(), "行政区划名称", "The agency's region."),
    ("region_code", pa.string(), "行政区划代码", "The region's six-digit code, when known."),
    ("province", pa.string(), "省级行政区", "The province-level region (derived)."),
    ("year", pa.int64(), "报告年度", "The year the report covers."),
    ("template", pa.string(), "报告格式", "legacy, gb2019 or gb2021."),
    ("scope", pa.string(), "报告范围", "self or aggregate."),
    ("table", pa.string(), "表", "The table as printed (表二, 表三, 表四) or the legacy block."),
    ("row_key", pa.string(), "行键", "The row within the table, as a dotted key (results.denied.state_secret)."),
    ("column_key", pa.string(), "列键", "The column (natural_person, total, issued, ...)."),
    ("pointer", pa.string(), "JSON指针", "JSON Pointer of the cell in the report."),
    ("column_name", pa.string(), "列名", "The name of the cell as a column of a wide layout."),
    ("value", pa.int64(), "数值", "The count, when the cell holds one."),
    ("amount", pa.float64(), "金额", "The amount of a money cell, in `unit`."),
    ("status", pa.string(), "单元格状态", "number, blank, slash, dash, not_applicable or text."),
    ("text", pa.string(), "原文", "The printed text when it was not a clean number."),
    ("unit", pa.string(), "单位", "件, 元 or 万元 where known."),
    ("row_label_zh", pa.string(), "行标题", "The official row label."),
    ("column_label_zh", pa.string(), "列标题", "The official column label."),
]


#: The columns that say which report a row of an analysis table belongs to (the facts, the
#: indicators and the ratios tables begin with them; the batch functions give the same).
IDENTITY_FIELDS = _FACT_FIELDS[:8]


def identity_row(report: AnnualReport) -> dict[str, Any]:
    """The identity columns (:data:`IDENTITY_FIELDS`) of one report."""
    agency = report.agency
    return {
        "report_id": report_id(report), "agency": agency.name, "region": agency.region_name,
        "region_code": agency.region_code, "province": province(report), "year": report.year,
        "template": report.template.value, "scope": report.scope.value,
    }  # fmt: skip


def facts_schema() -> pa.Schema:
    return pa.schema(
        [
            pa.field(n, tp, metadata={b"label_zh": zh.encode(), b"description": en.encode()})
            for n, tp, zh, en in _FACT_FIELDS
        ]
    )


_TABLE_KEYS = {**TABLE_NAMES, **LEGACY_SECTIONS}
_SKIP = {"heading", "notes", "sections"}


def cell_facts(report: AnnualReport) -> Iterator[dict[str, Any]]:
    """Every reported cell of a report's tables, one dict each: the facts table's columns
    without the report's identifying ones (the display and the pandas views read these too)."""
    body = report.body
    template = report.template.value
    for table_field in _introspect.fields(type(body)):
        if table_field.name in _SKIP:
            continue
        node = getattr(body, table_field.name)
        if node is None:
            continue
        yield from _walk(
            node,
            table_field.type,
            f"/body/{table_field.name}",
            [],
            template,
            _TABLE_KEYS.get(table_field.name, locate(f"/body/{table_field.name}", template) or table_field.name),
        )


def _walk(
    node: Any,
    tp: Any,
    pointer: str,
    path: list[str],
    template: str,
    table: str,
    names: tuple[tuple[str, str], ...] = (),
) -> Iterator[dict[str, Any]]:
    kind = _introspect.cell_kind(_introspect.strip_optional(tp)[0])
    if kind is not None:
        yield _fact(node, kind, pointer, path, template, table, names)
        return
    if attrs.has(type(node)):
        for field in _introspect.fields(type(node)):
            if field.name in _SKIP:
                continue
            value = getattr(node, field.name)
            if value is None or field.name in (
                "label",
                "block",
                "after",
                "key",
                "share",
                "columns",
                "title",
                "unit",
                "code",
            ):
                continue
            yield from _walk(value, field.type, f"{pointer}/{field.name}", [*path, field.name], template, table, names)
    elif isinstance(node, tuple):
        item_tp = typing_args(tp)
        for i, item in enumerate(node):
            label = getattr(item, "key", None) or str(i)
            # an open list's item is named by its printed label, not by its position
            printed = getattr(item, "label", None)
            named = (*names, (f"第{i + 1}项", printed)) if isinstance(printed, str) else names
            yield from _walk(item, item_tp, f"{pointer}/{i}", [*path, label], template, table, named)
    elif isinstance(node, dict):
        value_tp = typing_args(tp, 1)
        for key, item in node.items():
            yield from _walk(item, value_tp, f"{pointer}/{key}", [*path, key], template, table, names)


def typing_args(tp: Any, index: int = 0) -> Any:
    import typing

    inner, _ = _introspect.strip_optional(tp)
    return typing.get_args(inner)[index]


def _fact(
    value: Any,
    kind: CellKind,
    pointer: str,
    path: list[str],
    template: str,
    table: str,
    names: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    location = locate(pointer, template) or ""
    labels = location.split(" · ")
    for token, printed in names:
        if token in labels:
            labels[labels.index(token)] = printed
    single = len(path) == 1  # a figure of its own (legacy 收到申请数): a row with one value
    fact: dict[str, Any] = {
        "table": table,
        "row_key": path[0] if single else ".".join(path[:-1]),
        "column_key": "value" if single else path[-1],
        "pointer": pointer,
        "column_name": column_name(pointer),
        "value": None,
        "amount": None,
        "status": "number",
        "text": None,
        "unit": "件" if kind in (CellKind.COUNT, CellKind.SIGNED) else None,
        "row_label_zh": labels[-1] if single else " · ".join(labels[1:-1]) or None,
        "column_label_zh": None if single else labels[-1],
    }
    if type(value) is int:
        fact["value"] = value
    elif isinstance(value, Money):
        fact["amount"] = float(value.amount)
        fact["unit"] = value.unit.label_zh
        fact["text"] = value.text
    elif isinstance(value, Cell):
        fact["value"] = value.value
        fact["status"] = value.status.value
        fact["text"] = value.text
    else:  # a decimal in a legacy annex
        fact["amount"] = float(value)
    return fact


def _facts_batch(batch: Sequence[AnnualReport]) -> pa.Table:
    rows = []
    for report in batch:
        ident = {
            "report_id": report_id(report),
            "agency": report.agency.name,
            "region": report.agency.region_name,
            "region_code": report.agency.region_code,
            "province": province(report),
            "year": report.year,
            "template": report.template.value,
            "scope": report.scope.value,
        }
        for fact in cell_facts(report):
            rows.append({**ident, **fact})
    return pa.Table.from_pylist(rows, schema=facts_schema())


def facts_table(reports: Iterable[AnnualReport]) -> pa.Table:
    """One row per reported cell of every report (Tables 2–4, legacy statistics)."""
    return _facts_batch(list(reports))


# --------------------------------------------------------------------------- the indicators table

_T3 = TABLE3
_R = f"{_T3}/results"
_T4 = TABLE4


def _row(pointer: str) -> Term:
    return term(f"{pointer}/total")


_TOTALS_GB: list[tuple[str, str, tuple[Term, ...]]] = [
    ("applications_received", "本年新收申请数", (_row(f"{_T3}/new_received"),)),
    ("applications_carried_over", "上年结转申请数", (_row(f"{_T3}/carried_over"),)),
    ("applications_handled", "本年度办理结果总计", (_row(f"{_R}/total"),)),
    ("applications_carried_forward", "结转下年度继续办理", (_row(f"{_T3}/carried_forward"),)),
    ("granted", "予以公开", (_row(f"{_R}/granted"),)),
    ("partially_granted", "部分公开", (_row(f"{_R}/partially_granted"),)),
    ("review_total", "行政复议总计", (term(f"{_T4}/administrative_review/total"),)),
    ("review_corrected", "行政复议结果纠正", (term(f"{_T4}/administrative_review/corrected"),)),
    (
        "litigation_total",
        "行政诉讼总计",
        (term(f"{_T4}/litigation_direct/total"), term(f"{_T4}/litigation_after_review/total")),
    ),
]
_TOTALS_LEGACY: dict[str, tuple[Term, ...]] = {
    "applications_received": (term("/body/on_request/received"),),
    "applications_handled": (term("/body/on_request/completed"),),
    "applications_carried_forward": (term("/body/on_request/carried_forward"),),
    "review_total": (term("/body/review_litigation/review/total"),),
    "litigation_total": (term("/body/review_litigation/litigation/total"),),
}


def indicators_schema() -> pa.Schema:
    fields = [pa.field(n, tp, metadata={b"label_zh": zh.encode(), b"description": en.encode()})
              for n, tp, zh, en in IDENTITY_FIELDS]  # fmt: skip
    fields += [pa.field(name, pa.int64(), metadata={b"label_zh": zh.encode(), b"description": f"Total: {zh}.".encode()})
               for name, zh, _ in _TOTALS_GB]  # fmt: skip
    fields += [
        pa.field(
            d.id,
            pa.float64(),
            metadata={
                b"label_zh": d.name_zh.encode(),
                b"description": d.description.encode(),
                b"unit": d.unit.encode(),
            },
        )
        for d in RATIOS
    ]
    return pa.schema(fields)


def total_terms(template: Template) -> list[tuple[str, tuple[Term, ...]]]:
    """Each key total of the indicators table and the terms that give it for ``template``
    (legacy reports give some of them in other cells, the rest not at all: no terms)."""
    if template is Template.LEGACY:
        return [(name, _TOTALS_LEGACY.get(name, ())) for name, _, _ in _TOTALS_GB]
    return [(name, terms) for name, _, terms in _TOTALS_GB]


@own_context
def report_totals(report: AnnualReport) -> dict[str, int | None]:
    """The key totals of one report; None where not printed as numbers (or, with absurd
    counts, beyond int64: no column value)."""
    from govdisclosure._terms import sum_terms

    out: dict[str, int | None] = {}
    for name, terms in total_terms(report.template):
        value = sum_terms(report, terms).value if terms else None
        out[name] = None if value is None or not -(2**63) <= value < 2**63 else int(value)
    return out


def _indicators_batch(batch: Sequence[AnnualReport]) -> pa.Table:
    rows = []
    for report in batch:
        row = identity_row(report)
        row.update(report_totals(report))
        for ratio in ratios(report):
            row[ratio.id] = None if ratio.value is None else float(ratio.value)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=indicators_schema())


def indicators_table(reports: Iterable[AnnualReport]) -> pa.Table:
    """One row per report: identifying columns, key totals and every derived ratio (the
    analysis table written to Parquet; :func:`ratios_table` adds why each ratio has its value)."""
    return _indicators_batch(list(reports))


# --------------------------------------------------------------------------- the ratios table


def ratios_schema() -> pa.Schema:
    """The indicators layout (:func:`indicators_schema`) with, after each ratio,
    ``{ratio}_status``: why it has its value or none (the layout of ``gd.ratios_batch`` too)."""
    from govdisclosure._ratios import RATIOS_VERSION, RatioStatus

    fields = []
    ids = {d.id for d in RATIOS}
    descriptions = "; ".join(f"{s.value}: {s.description}" for s in RatioStatus)
    for field in indicators_schema():
        fields.append(field)
        if field.name in ids:
            label = field.metadata[b"label_zh"].decode()
            fields.append(
                pa.field(
                    f"{field.name}_status",
                    pa.dictionary(pa.int8(), pa.string()),
                    metadata={b"label_zh": f"{label}状态".encode(), b"description": descriptions.encode()},
                )
            )
    return pa.schema(
        fields,
        metadata={b"govdisclosure.table": b"indicators", b"govdisclosure.ratios_version": RATIOS_VERSION.encode()},
    )


def ratios_table(reports: Iterable[AnnualReport], *, blank_as_zero: bool = False) -> pa.Table:
    """One row per report: the indicators table's columns (identity, key totals, every ratio as
    float64, null where it cannot be computed) and beside each ratio ``{ratio}_status`` saying
    why (ok, ok_blank_as_zero, undefined for a zero denominator, not_assessable, not_reported,
    not_applicable); ``blank_as_zero`` reads blank cells as zero, as the ratios do. The table
    ``gd.ratios_batch`` gives for the same reports' batch. Field metadata carries each ratio's
    label and unit."""
    rows = []
    for report in reports:
        row = identity_row(report)
        row.update(report_totals(report))
        for ratio in ratios(report, blank_as_zero=blank_as_zero):
            row[ratio.id] = None if ratio.value is None else float(ratio.value)
            row[f"{ratio.id}_status"] = ratio.status.value
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=ratios_schema())
