"""Dask: the batch audit and ratios over a Dask DataFrame of the reports table, and
validation over a bag of documents. Needs the ``dask`` extra (``dask[dataframe]``).

Every partition is handed to :func:`govdisclosure.audit_batch` or
:func:`govdisclosure.ratios_batch` as Arrow (``dtype_backend="pyarrow"`` keeps the nested
columns Arrow all the way), so the numbers are the single-process ones::

    import govdisclosure.dask as gdd

    reports = gdd.read_reports("dataset/")
    problems = gdd.audit(reports).compute()        # pandas, one row per finding
    indicators = gdd.ratios(reports).compute()     # pandas, one row per report
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from govdisclosure._columnar import AUDIT_BATCH_SCHEMA, audit_batch, ratios_batch, ratios_batch_schema
from govdisclosure.errors import GovDisclosureError
from govdisclosure.parquet import ParquetError, data_files, dataset_root, partitioning

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise GovDisclosureError("govdisclosure.dask needs Dask: pip install 'govdisclosure[dask]'") from exc

__all__ = ["audit", "ratios", "read_reports", "validate_bag"]


def read_reports(path: str | os.PathLike[str], *, filter: Any = None, columns: list[str] | None = None) -> dd.DataFrame:
    """A reports table or dataset (``gd.write_parquet`` / ``gd.write_dataset``) as a Dask
    DataFrame, one partition per file, whose columns stay Arrow (partition columns restored
    from the folders); ``filter``: a ``pyarrow.compute`` expression pushed down to the files."""
    source = pathlib.Path(path)
    if not source.exists():
        raise ParquetError(f"{source}: no such file or folder")
    base = dataset_root(source)
    paths = data_files(source) if source.is_dir() else [source]
    hive = partitioning(paths, base)
    dataset = ds.dataset([str(p) for p in paths], format="parquet", partitioning=hive, partition_base_dir=str(base))
    schema = dataset.schema if columns is None else pa.schema([dataset.schema.field(c) for c in columns])
    files = [fragment.path for fragment in dataset.get_fragments(filter=filter)]
    meta = _frame(schema.empty_table())
    frame: dd.DataFrame = dd.from_map(  # type: ignore[no-untyped-call]
        _read_file, files, base=str(base), schema=dataset.schema, hive=hive, filter=filter, columns=columns,
        meta=meta,
    )  # fmt: skip
    return frame


def _read_file(
    file: str, base: str, schema: pa.Schema, hive: ds.Partitioning, filter: Any, columns: list[str] | None
) -> pd.DataFrame:
    one = ds.dataset([file], schema=schema, format="parquet", partitioning=hive, partition_base_dir=base)
    return _frame(one.to_table(filter=filter, columns=columns))


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _audit_partition(frame: pd.DataFrame, passes: bool) -> pd.DataFrame:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return _frame(audit_batch(table, passes=passes) if len(frame) else AUDIT_BATCH_SCHEMA.empty_table())


def _ratios_partition(frame: pd.DataFrame, blank_as_zero: bool) -> pd.DataFrame:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return _frame(
        ratios_batch(table, blank_as_zero=blank_as_zero) if len(frame) else ratios_batch_schema().empty_table()
    )


def audit(reports: dd.DataFrame, *, passes: bool = False) -> dd.DataFrame:
    """The findings of every report (:data:`govdisclosure.AUDIT_BATCH_SCHEMA`, as pandas
    with Arrow types); by default only the problems (``passes=True``: every finding).
    ``report_index`` counts within a partition; ``report_id`` names the report."""
    meta = _frame(AUDIT_BATCH_SCHEMA.empty_table())
    findings: dd.DataFrame = reports.map_partitions(_audit_partition, passes, meta=meta)  # type: ignore[no-untyped-call]
    return findings


def ratios(reports: dd.DataFrame, *, blank_as_zero: bool = False) -> dd.DataFrame:
    """One row per report: the indicators and every ratio with its status
    (:func:`govdisclosure.ratios_batch_schema`)."""
    meta = _frame(ratios_batch_schema().empty_table())
    rows: dd.DataFrame = reports.map_partitions(_ratios_partition, blank_as_zero, meta=meta)  # type: ignore[no-untyped-call]
    return rows


def _validate(document: bytes | str) -> dict[str, Any]:
    from govdisclosure.validation import validate_bytes

    raw = document.encode() if isinstance(document, str) else document
    result = validate_bytes(raw, objects=False)
    return {"valid": result.valid, "findings": [f.to_dict() for f in result.findings]}


def validate_bag(documents: db.Bag) -> db.Bag:
    """A bag of JSON documents (bytes or text, one report each) → a bag of
    ``{"valid": bool, "findings": [finding dicts]}``, validated without building objects
    (``gd.validate_bytes(raw, objects=False)``)."""
    verdicts: db.Bag = documents.map(_validate)  # type: ignore[no-untyped-call]
    return verdicts
