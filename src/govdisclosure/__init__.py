"""govdisclosure: annual reports on government information disclosure as data.

Typed attrs classes for every section of a report in all three template eras,
a published JSON Schema, and validation that reports every problem as findings.
"""

from typing import TYPE_CHECKING, Any

from govdisclosure import model
from govdisclosure._audit import CrossRecord, audit, audit_collection
from govdisclosure._ratios import (
    RATIOS,
    RATIOS_VERSION,
    RatioDefinition,
    RatioStatus,
    RatioValue,
    ratio_catalogue,
    ratios,
    year_over_year,
)
from govdisclosure._terms import AuditError
from govdisclosure._version import __version__
from govdisclosure.collection import Reports, load_all
from govdisclosure.convert import dumps, make_converter, structure, unstructure
from govdisclosure.coordinates import locate
from govdisclosure.errors import GovDisclosureError, InvalidReportError
from govdisclosure.extraction import ExtractionResult, extract, iter_extract
from govdisclosure.findings import CODES, CellRef, Finding, Outcome, Severity
from govdisclosure.model import AnnualReport, Cell, CellStatus, Money, MoneyUnit, Template, number
from govdisclosure.rules import RULES, Rule
from govdisclosure.schema import SCHEMA_ID, SCHEMA_VERSION, load_schema
from govdisclosure.validation import (
    DEFAULT_MAX_BYTES,
    ValidationResult,
    iter_validate,
    load,
    loads,
    validate,
    validate_bytes,
)

if TYPE_CHECKING:
    from govdisclosure._columnar import (
        AUDIT_BATCH_SCHEMA,
        BatchError,
        audit_batch,
        batch_columns,
        ratios_batch,
        ratios_batch_schema,
    )
    from govdisclosure.parquet import DuplicateReportError, ParquetError, read_parquet, write_dataset, write_parquet
    from govdisclosure.tables import facts_table, indicators_table, ratios_table

#: Reached from the top level, imported when first used (they need pyarrow).
_LAZY = (
    dict.fromkeys(
        (
            "DuplicateReportError",
            "ParquetError",
            "read_parquet",
            "write_dataset",
            "write_parquet",
        ),
        "govdisclosure.parquet",
    )
    | dict.fromkeys(("facts_table", "indicators_table", "ratios_table"), "govdisclosure.tables")
    | dict.fromkeys(
        ("AUDIT_BATCH_SCHEMA", "BatchError", "audit_batch", "batch_columns", "ratios_batch", "ratios_batch_schema"),
        "govdisclosure._columnar",
    )
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}")


__all__ = [
    "AUDIT_BATCH_SCHEMA",
    "CODES",
    "DEFAULT_MAX_BYTES",
    "RATIOS",
    "RATIOS_VERSION",
    "RULES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "AnnualReport",
    "AuditError",
    "BatchError",
    "Cell",
    "CellRef",
    "CellStatus",
    "CrossRecord",
    "DuplicateReportError",
    "ExtractionResult",
    "Finding",
    "GovDisclosureError",
    "InvalidReportError",
    "Money",
    "MoneyUnit",
    "Outcome",
    "ParquetError",
    "RatioDefinition",
    "RatioStatus",
    "RatioValue",
    "Reports",
    "Rule",
    "Severity",
    "Template",
    "ValidationResult",
    "__version__",
    "audit",
    "audit_batch",
    "audit_collection",
    "batch_columns",
    "dumps",
    "extract",
    "facts_table",
    "indicators_table",
    "iter_extract",
    "iter_validate",
    "load",
    "load_all",
    "load_schema",
    "loads",
    "locate",
    "make_converter",
    "model",
    "number",
    "ratio_catalogue",
    "ratios",
    "ratios_batch",
    "ratios_batch_schema",
    "ratios_table",
    "read_parquet",
    "structure",
    "unstructure",
    "validate",
    "validate_bytes",
    "write_dataset",
    "write_parquet",
    "year_over_year",
]
