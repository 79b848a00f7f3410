"""pandas views (the ``pandas`` extra): one table of one report in its official
wide layout, and the long facts view of many reports.

Polars and DuckDB need nothing from here: they read the Arrow tables of
:mod:`govdisclosure.parquet` directly (``polars.from_arrow(gd.facts_table(...))``,
``duckdb.sql("select ... from facts")`` on a variable holding the table).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from govdisclosure.coordinates import LEGACY_SECTIONS, TABLE_NAMES
from govdisclosure.model import AnnualReport, LegacyBody

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["TABLES", "arrow_to_pandas", "facts_frame", "table_frame"]

#: The tables :func:`table_frame` knows, by name and by their official short names.
TABLES = {**TABLE_NAMES, **LEGACY_SECTIONS}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("pandas views need pandas: pip install 'govdisclosure[pandas]'") from exc
    return pandas


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with nullable dtypes, so a missing count is
    ``<NA>``, never ``NaN`` or a float."""
    import pyarrow as pa

    pd = _pandas()
    mapping = {
        pa.int8(): pd.Int8Dtype(),
        pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
    }
    return table.to_pandas(types_mapper=mapping.get)


def table_frame(report: AnnualReport, table: str = "applications", *, printed: bool = False) -> pd.DataFrame:
    """One table of one report in its official wide layout.

    ``table`` is ``applications`` (表三), ``proactive_disclosure`` (表二),
    ``review_litigation`` (表四) for gb reports, or ``on_request`` / ``annex`` for
    legacy ones; the official short names (``"表三"``) work too. Rows are indexed
    by (row key, official row label), columns carry the official column labels.

    Values are numbers (nullable: a blank, "/", 不适用 or text cell is ``<NA>``) or,
    with ``printed=True``, the text as printed (blank as ``""``, "/" as "/").
    The frame's ``attrs["pointers"]`` maps (row key, column key) to each cell's JSON Pointer.
    """
    from govdisclosure.coordinates import resolve
    from govdisclosure.display import cell_text
    from govdisclosure.parquet import cell_facts

    pd = _pandas()
    key = next((k for k, v in TABLES.items() if table in (k, v)), None)
    if key is None:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    label = TABLES[key]
    legacy = isinstance(report.body, LegacyBody)
    if (legacy and key in ("proactive_disclosure", "applications")) or (not legacy and key in ("on_request", "annex")):
        raise ValueError(f"a {report.template.value} report has no table {table!r}")
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    columns: dict[str, str] = {}
    pointers: dict[tuple[str, str], str] = {}
    for fact in cell_facts(report):
        if fact["table"] != label:
            continue
        row = (fact["row_key"], fact["row_label_zh"] or fact["row_key"])
        column_key = fact["column_key"]
        column_label = fact["column_label_zh"] or column_key
        if key == "annex":
            column_label = _annex_column(report, column_key)
        elif legacy and fact["amount"] is not None:
            column_key, column_label = "amount", "金额"
        elif legacy:  # one value per row: a figure of its own, or a breakdown line's count
            column_key, column_label = "value", "数值"
        columns.setdefault(column_key, column_label)
        if printed:
            value: Any = cell_text(resolve(report, fact["pointer"]))
        else:
            value = fact["value"] if fact["value"] is not None else fact["amount"]
        rows.setdefault(row, {})[column_key] = value
        pointers[(fact["row_key"], column_key)] = fact["pointer"]
    index = pd.MultiIndex.from_tuples(list(rows), names=["row_key", "行标题"])
    data = [[cells.get(c) for c in columns] for cells in rows.values()]
    frame = pd.DataFrame(data, index=index, columns=pd.Index(list(columns.values()), name="列标题"))
    if printed:
        frame = frame.astype(pd.StringDtype())
    else:
        for position, column_key in enumerate(columns):
            floats = any(isinstance(cells.get(column_key), float) for cells in rows.values())
            frame.isetitem(position, frame.iloc[:, position].astype(pd.Float64Dtype() if floats else pd.Int64Dtype()))
    frame.attrs["pointers"] = pointers
    frame.attrs["table"] = label
    frame.attrs["report"] = f"{report.agency.name} {report.year}"
    return frame


def _annex_column(report: AnnualReport, column_key: str) -> str:
    body = report.body
    columns = body.annex.columns if isinstance(body, LegacyBody) and body.annex is not None else ()
    if column_key.isdigit() and int(column_key) < len(columns):
        return columns[int(column_key)]
    return column_key


def facts_frame(reports: Iterable[AnnualReport]) -> pd.DataFrame:
    """The long facts view of many reports: one row per reported cell
    (:func:`govdisclosure.parquet.facts_table` as a DataFrame)."""
    from govdisclosure.parquet import facts_table

    return arrow_to_pandas(facts_table(reports))
