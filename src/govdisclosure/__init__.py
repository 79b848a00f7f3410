"""govdisclosure: annual reports on government information disclosure as data.

Typed attrs classes for every section of a report in all three template eras,
a published JSON Schema, and validation that reports every problem as findings.
"""

from typing import TYPE_CHECKING, Any

from govdisclosure._version import __version__

if TYPE_CHECKING:
    from govdisclosure import model
    from govdisclosure._audit import CrossRecord, audit, audit_collection
    from govdisclosure._columnar import (
        AUDIT_BATCH_SCHEMA,
        BatchError,
        audit_batch,
        batch_columns,
        ratios_batch,
        ratios_batch_schema,
    )
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
    from govdisclosure.collection import Reports, load_all
    from govdisclosure.convert import dumps, make_converter, structure, unstructure
    from govdisclosure.coordinates import locate
    from govdisclosure.errors import GovDisclosureError, InvalidReportError
    from govdisclosure.extraction import ExtractionResult, extract, iter_extract
    from govdisclosure.findings import CODES, CellRef, Finding, Outcome, Severity
    from govdisclosure.model import AnnualReport, Cell, CellStatus, Money, MoneyUnit, Template, number
    from govdisclosure.parquet import (
        DuplicateReportError,
        ParquetError,
        read_batches,
        read_parquet,
        write_dataset,
        write_parquet,
    )
    from govdisclosure.rules import RULES, Rule
    from govdisclosure.schema import SCHEMA_ID, SCHEMA_VERSION, load_schema
    from govdisclosure.tables import facts_table, indicators_table, ratios_table
    from govdisclosure.validation import (
        DEFAULT_MAX_BYTES,
        ValidationResult,
        iter_validate,
        load,
        loads,
        validate,
        validate_bytes,
    )

#: Every name of the top level, imported when first used: importing the package (the command
#: line does) loads nothing heavy.
_LAZY: dict[str, str] = (
    dict.fromkeys(
        ("AnnualReport", "Cell", "CellStatus", "Money", "MoneyUnit", "Template", "model", "number"),
        "govdisclosure.model",
    )
    | dict.fromkeys(("CrossRecord", "audit", "audit_collection"), "govdisclosure._audit")
    | dict.fromkeys(
        (
            "RATIOS",
            "RATIOS_VERSION",
            "RatioDefinition",
            "RatioStatus",
            "RatioValue",
            "ratio_catalogue",
            "ratios",
            "year_over_year",
        ),
        "govdisclosure._ratios",
    )
    | dict.fromkeys(("AuditError",), "govdisclosure._terms")
    | dict.fromkeys(("Reports", "load_all"), "govdisclosure.collection")
    | dict.fromkeys(("dumps", "make_converter", "structure", "unstructure"), "govdisclosure.convert")
    | dict.fromkeys(("locate",), "govdisclosure.coordinates")
    | dict.fromkeys(("GovDisclosureError", "InvalidReportError"), "govdisclosure.errors")
    | dict.fromkeys(("ExtractionResult", "extract", "iter_extract"), "govdisclosure.extraction")
    | dict.fromkeys(("CODES", "CellRef", "Finding", "Outcome", "Severity"), "govdisclosure.findings")
    | dict.fromkeys(("RULES", "Rule"), "govdisclosure.rules")
    | dict.fromkeys(("SCHEMA_ID", "SCHEMA_VERSION", "load_schema"), "govdisclosure.schema")
    | dict.fromkeys(
        ("DEFAULT_MAX_BYTES", "ValidationResult", "iter_validate", "load", "loads", "validate", "validate_bytes"),
        "govdisclosure.validation",
    )
    | dict.fromkeys(
        ("AUDIT_BATCH_SCHEMA", "BatchError", "audit_batch", "batch_columns", "ratios_batch", "ratios_batch_schema"),
        "govdisclosure._columnar",
    )
    | dict.fromkeys(
        ("DuplicateReportError", "ParquetError", "read_batches", "read_parquet", "write_dataset", "write_parquet"),
        "govdisclosure.parquet",
    )
    | dict.fromkeys(("facts_table", "indicators_table", "ratios_table"), "govdisclosure.tables")
)


def __getattr__(name: str) -> Any:
    """A top-level name, or a module of the package (``gd.parquet``), imported when first used."""
    import importlib

    module = _LAZY.get(name, f"govdisclosure.{name}")
    try:
        imported = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:  # a module of the package that failed to import
            raise
        raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}") from None
    value = imported if module == f"govdisclosure.{name}" else getattr(imported, name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "read_batches",
    "read_parquet",
    "structure",
    "unstructure",
    "validate",
    "validate_bytes",
    "write_dataset",
    "write_parquet",
    "year_over_year",
]
