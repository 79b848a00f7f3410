"""Spark: the batch audit and ratios over a Spark DataFrame of the reports table, the
checks across reports grouped by region, and validation of a column of JSON documents.
Needs the ``spark`` extra (``pyspark``).

Every function runs the library's Arrow functions inside Spark's ``mapInArrow`` /
``applyInArrow``, so the numbers are the single-process ones::

    import govdisclosure.spark as gds

    reports = gds.read_reports(spark, "dataset/")
    gds.audit(reports).groupBy("code", "outcome").count().show()
    gds.ratios(reports).select("agency", "substantive_disclosure_rate").show()

The workers need this library in the Python that Spark starts (``PYSPARK_PYTHON``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from govdisclosure._columnar import AUDIT_BATCH_SCHEMA, _Findings, audit_batch, ratios_batch, ratios_batch_schema
from govdisclosure.errors import GovDisclosureError
from govdisclosure.parquet import PARTITION_TYPES

try:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema, from_arrow_type
    from pyspark.sql.types import StructType
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise GovDisclosureError("govdisclosure.spark needs PySpark: pip install 'govdisclosure[spark]'") from exc

__all__ = [
    "EXTRACTION_SCHEMA",
    "VALIDATION_SCHEMA",
    "audit",
    "audit_across",
    "extract",
    "ratios",
    "read_reports",
    "reports_from_json",
    "spark_schema",
    "validate_json",
]


def _plain(schema: pa.Schema) -> pa.Schema:
    """Spark has no dictionary type: dictionary-encoded columns as their values."""
    return pa.schema(
        [
            pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type, f.nullable, f.metadata)
            for f in schema
        ],
        metadata=schema.metadata,
    )


#: The validation result of one document: whether it is valid, and its findings.
VALIDATION_SCHEMA = pa.schema(
    [
        pa.field("valid", pa.bool_()),
        pa.field(
            "findings",
            pa.list_(
                pa.struct(
                    [
                        pa.field("code", pa.string()),
                        pa.field("severity", pa.string()),
                        pa.field("pointer", pa.string()),
                        pa.field("location", pa.string()),
                        pa.field("message_zh", pa.string()),
                        pa.field("message_en", pa.string()),
                    ]
                )
            ),
        ),
    ]
)


_FINDING = VALIDATION_SCHEMA.field("findings").type

#: The extraction of one published report (:func:`extract`).
EXTRACTION_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string()),
        pa.field("format", pa.string()),
        pa.field("usable", pa.bool_()),
        pa.field("flagged", pa.bool_()),
        pa.field("exit_code", pa.int8()),
        pa.field("flags", pa.int32()),
        pa.field("report", pa.string()),
        pa.field("findings", _FINDING),
    ]
)


def spark_schema(table: str = "reports") -> StructType:
    """The Spark schema of a table of this library: ``reports`` (the reports table with the
    derived ``province``), ``findings`` (:func:`audit`), ``indicators`` (:func:`ratios`) or
    ``validation`` (:func:`validate_json`) or ``extraction`` (:func:`extract`)."""
    from govdisclosure.parquet import reports_schema

    schemas: dict[str, Callable[[], pa.Schema]] = {
        "reports": reports_schema,
        "findings": lambda: AUDIT_BATCH_SCHEMA,
        "indicators": ratios_batch_schema,
        "validation": lambda: VALIDATION_SCHEMA,
        "extraction": lambda: EXTRACTION_SCHEMA,
    }
    if table not in schemas:
        raise GovDisclosureError(f"no table {table!r}: one of {', '.join(schemas)}")
    schema: StructType = from_arrow_schema(_plain(schemas[table]()))
    return schema


def read_reports(spark: SparkSession, path: str | os.PathLike[str]) -> DataFrame:
    """A reports table or dataset (``gd.write_parquet`` / ``gd.write_dataset``); partition
    folders (``year=2025/province=上海市``) become columns with their values as written."""
    frame: DataFrame = spark.read.parquet(os.fspath(path))
    # Spark types partition columns by what their values look like (year=2025 an int,
    # region_code=110000 an int): one type for each, as in every table and in ``read_parquet``.
    for field in frame.schema.fields:
        if field.name in _PARTITION_TYPES and field.dataType.simpleString() != _PARTITION_TYPES[field.name]:
            frame = frame.withColumn(field.name, frame[field.name].cast(_PARTITION_TYPES[field.name]))
    return frame


#: The Spark type of each column a dataset may be partitioned by.
_PARTITION_TYPES = {name: from_arrow_type(tp).simpleString() for name, tp in PARTITION_TYPES.items()}


def _plain_batches(table: pa.Table, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    yield from table.cast(schema).to_batches()


def _audit_batches(batches: Iterator[pa.RecordBatch], passes: bool) -> Iterator[pa.RecordBatch]:
    schema = _plain(AUDIT_BATCH_SCHEMA)
    for batch in batches:
        yield from _plain_batches(audit_batch(batch, passes=passes), schema)


def audit(reports: DataFrame, *, passes: bool = False) -> DataFrame:
    """The findings of every report (the columns of :data:`govdisclosure.AUDIT_BATCH_SCHEMA`);
    by default only the problems (``passes=True``: every finding). ``report_index`` counts
    within one Arrow batch of a task; ``report_id`` names the report."""
    findings: DataFrame = reports.mapInArrow(lambda b: _audit_batches(b, passes), spark_schema("findings"))
    return findings


def _ratio_batches(batches: Iterator[pa.RecordBatch], blank_as_zero: bool) -> Iterator[pa.RecordBatch]:
    schema = _plain(ratios_batch_schema())
    for batch in batches:
        yield from _plain_batches(ratios_batch(batch, blank_as_zero=blank_as_zero), schema)


def ratios(reports: DataFrame, *, blank_as_zero: bool = False) -> DataFrame:
    """One row per report: the indicators and every ratio with its status."""
    rows: DataFrame = reports.mapInArrow(lambda b: _ratio_batches(b, blank_as_zero), spark_schema("indicators"))
    return rows


def _across(table: pa.Table) -> pa.Table:
    from govdisclosure._audit import CrossRecord, audit_collection
    from govdisclosure.arrow import from_table, report_id

    reports = from_table(table)
    if not reports:
        return _plain(AUDIT_BATCH_SCHEMA).empty_table()
    # a finding names its report as "agency year" (its source): the report's row and id
    rows = {f"{report.agency.name or '?'} {report.year}": i for i, report in enumerate(reports)}
    out = _Findings()
    for k, finding in enumerate(audit_collection(CrossRecord.of(report) for report in reports)):
        out.add_objects(rows.get(finding.source or "", 0), k, [finding])
    result = out.table(pa.array([report_id(report) for report in reports], pa.string()))
    return result.cast(_plain(AUDIT_BATCH_SCHEMA))


def audit_across(reports: DataFrame) -> DataFrame:
    """The checks across reports (C-1 … C-4: one agency from one year to the next, and
    aggregate reports against the reports of their region and year), grouped by region
    with ``applyInArrow``: each region's reports are checked together in one task.
    ``report_id`` names the later report (or the aggregate)."""
    region = F.coalesce(F.col("agency.region.code"), F.col("agency.region.name"), F.lit(""))
    findings: DataFrame = reports.groupBy(region.alias("_region")).applyInArrow(
        lambda table: _across(table.drop_columns(["_region"]) if "_region" in table.column_names else table),
        spark_schema("findings"),
    )
    return findings


_FINDING_KEYS = tuple(f.name for f in _FINDING.value_type)


def _finding_rows(findings: Iterable[Any]) -> list[dict[str, Any]]:
    return [{k: f.to_dict().get(k) for k in _FINDING_KEYS} for f in findings]


def _validate_batches(batches: Iterator[pa.RecordBatch], column: str) -> Iterator[pa.RecordBatch]:
    from govdisclosure.validation import validate_bytes

    for batch in batches:
        valid: list[bool] = []
        findings: list[list[dict[str, Any]]] = []
        for document in batch.column(column).to_pylist():
            raw = document.encode() if isinstance(document, str) else (document or b"")
            result = validate_bytes(raw, objects=False)
            valid.append(result.valid)
            findings.append(_finding_rows(result.findings))
        yield pa.RecordBatch.from_pydict({"valid": valid, "findings": findings}, schema=VALIDATION_SCHEMA)


def validate_json(documents: DataFrame, column: str = "value") -> DataFrame:
    """A column of JSON documents (text or binary, one report each: ``spark.read.text`` gives
    ``value``) → one row per document: ``valid`` and its ``findings``, validated without
    building objects (``gd.validate_bytes(raw, objects=False)``)."""
    verdicts: DataFrame = documents.select(column).mapInArrow(
        lambda b: _validate_batches(b, column), spark_schema("validation")
    )
    return verdicts


def _extract_batches(batches: Iterator[pa.RecordBatch], path: str, content: str) -> Iterator[pa.RecordBatch]:
    from govdisclosure.convert import dumps
    from govdisclosure.extraction import extract as extract_one

    for batch in batches:
        rows: dict[str, list[Any]] = {name: [] for name in EXTRACTION_SCHEMA.names}
        for source, data in zip(batch.column(path).to_pylist(), batch.column(content).to_pylist(), strict=True):
            result = extract_one(data or b"", source=source)
            report = result.report
            rows["path"].append(source)
            rows["format"].append(result.format.value if result.format is not None else None)
            rows["usable"].append(result.usable)
            rows["flagged"].append(result.flagged)
            rows["exit_code"].append(result.exit_code)
            flags = report.extraction.flags if report is not None and report.extraction is not None else ()
            rows["flags"].append(len(flags))
            rows["report"].append(dumps(report) if report is not None else None)
            rows["findings"].append(_finding_rows(result.findings))
        yield pa.RecordBatch.from_pydict(rows, schema=EXTRACTION_SCHEMA)


def extract(files: DataFrame, *, path: str = "path", content: str = "content") -> DataFrame:
    """Published reports (HTML, text, Markdown, PDF, Word, spreadsheets) of a binaryFile
    DataFrame (``spark.read.format("binaryFile").load("reports/")`` gives ``path`` and
    ``content``) → one row each (:data:`EXTRACTION_SCHEMA`): its format, whether a report was
    extracted, whether doubtful cells are flagged (``flags`` counts them), the exit code of
    ``govdisclosure extract``, the report as JSON and every finding. :func:`reports_from_json`
    turns the ``report`` column into the reports table."""
    rows: DataFrame = files.select(path, content).mapInArrow(
        lambda b: _extract_batches(b, path, content), spark_schema("extraction")
    )
    return rows


def _report_batches(batches: Iterator[pa.RecordBatch], column: str) -> Iterator[pa.RecordBatch]:
    from govdisclosure._bulk import _Document, convert_documents
    from govdisclosure.parquet import reports_schema
    from govdisclosure.validation import DEFAULT_MAX_BYTES

    schema = _plain(reports_schema())
    for batch in batches:
        documents = [
            _Document(d.encode() if isinstance(d, str) else d, None, None, DEFAULT_MAX_BYTES)
            for d in batch.column(column).to_pylist()
            if d is not None
        ]
        converted = convert_documents(documents)
        if converted.data is not None:
            yield from _plain_batches(converted.data, schema)


def reports_from_json(documents: DataFrame, column: str = "report") -> DataFrame:
    """A column of JSON documents (text or binary; null ones skipped) → the reports table
    (:func:`spark_schema` ``"reports"``) of the valid ones, built from the fast path's decoded
    documents without report objects, as ``govdisclosure convert`` builds it; for
    :func:`audit` and :func:`ratios`. :func:`validate_json` says why a document is left out."""
    reports: DataFrame = documents.select(column).mapInArrow(
        lambda b: _report_batches(b, column), spark_schema("reports")
    )
    return reports
