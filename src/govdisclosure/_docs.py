"""Reference pages of the documentation site, generated from the declarations:
the field reference (from the model), the CLI reference (from the argument
parser) and the error reference (from the finding catalogue).
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import enum
import types
import typing
from typing import Any

from govdisclosure import _introspect
from govdisclosure.arrow import BODY_COLUMNS
from govdisclosure.coordinates import column_name, locate
from govdisclosure.findings import CODES, Severity
from govdisclosure.model import BODY_TYPES, AnnualReport, Template
from govdisclosure.model.cells import CellKind
from govdisclosure.model.narrative import Section

__all__ = ["cli_markdown", "errors_markdown", "field_rows", "fields_markdown"]

_KIND_TEXT = {
    CellKind.COUNT: "count cell",
    CellKind.SIGNED: "signed count cell",
    CellKind.MONEY: "money cell",
    CellKind.ANNEX: "annex value",
}


def _type_text(tp: Any) -> str:
    inner, optional = _introspect.strip_optional(tp)
    kind = _introspect.cell_kind(inner)
    suffix = " (optional)" if optional else ""
    if kind is not None:
        return _KIND_TEXT[kind] + suffix
    origin = typing.get_origin(inner)
    if origin is tuple:
        return f"list of {_type_text(typing.get_args(inner)[0])}" + suffix
    if origin is dict:
        value = typing.get_args(inner)[1]
        return ("object" if value is Any else f"map of {_type_text(value)}") + suffix
    if _introspect.is_model_class(inner):
        return "object" + suffix
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "enum: " + ", ".join(f"`{m.value}`" for m in inner) + suffix
    names = {str: "string", int: "integer", float: "number", bool: "boolean", decimal.Decimal: "decimal",
             datetime.date: "date"}  # fmt: skip
    if inner in names:
        return names[inner] + suffix
    if typing.get_origin(inner) in (typing.Union, types.UnionType):
        return " or ".join(_type_text(a) for a in typing.get_args(inner)) + suffix
    return getattr(inner, "__name__", str(inner)) + suffix


def field_rows(template: Template) -> list[dict[str, str]]:
    """Every field of a report of one template: pointer, labels, type, Parquet names."""
    rows: list[dict[str, str]] = []

    def walk(cls: Any, pointer: str, parquet: str, depth: int) -> None:
        for field in _introspect.fields(cls):
            tp = field.type
            if cls is AnnualReport and field.name == "body":
                tp = BODY_TYPES[template]
            here = f"{pointer}/{field.name}"
            column = BODY_COLUMNS[template] if parquet == "" and field.name == "body" else field.name
            path = f"{parquet}.{column}" if parquet else column
            if cls is Section and field.name == "subsections":
                # sections are stored flattened in printed order, each with its level
                path = f"{parquet} (flattened: the next rows, level + 1)"
            inner, _ = _introspect.strip_optional(tp)
            is_cell = _introspect.cell_kind(inner) is not None
            rows.append(
                {
                    "pointer": here,
                    "label": _introspect.label_zh(field),
                    "description": _introspect.description(field),
                    "type": _type_text(tp) if tp is field.type else "object",
                    "parquet": path,
                    "location": (locate(here, template.value) or "") if is_cell else "",
                    "column_name": column_name(here)
                    if is_cell and here.startswith("/body/") and "{" not in here
                    else "",
                }
            )
            if depth > 8 or is_cell:
                continue
            if _introspect.is_model_class(inner):
                walk(inner, here, path, depth + 1)
            elif typing.get_origin(inner) is tuple:
                item = typing.get_args(inner)[0]
                if _introspect.is_model_class(item) and item is not cls:  # a recursive list is listed once
                    walk(item, f"{here}/{{i}}", f"{path}[]", depth + 1)

    walk(AnnualReport, "", "", 0)
    return rows


def fields_markdown() -> str:
    """``docs/reference/fields.md``: every field of every template."""
    lines = [
        "# Field reference",
        "",
        "Generated from the model (`python -m govdisclosure._generate`); do not edit by hand. For each",
        "template, every field of a report: its JSON Pointer (`{i}` stands for a list index), the official",
        "Chinese label (the schema `title`), the English description, the type, its path in the Parquet",
        "reports table (`[]` for list items) and, for table cells, the official coordinates and the",
        "`column` name of the facts table and of the wide layout. Cells are described in",
        "[the data model](../model.md#cells).",
        "",
    ]
    for template in Template:
        rows = field_rows(template)
        lines += [f"## {template.value}: {template.label_zh}", "",
                  "| JSON Pointer | label | description | type | Parquet | coordinates · column |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        for row in rows:
            where = " · ".join(
                part for part in (row["location"], f"`{row['column_name']}`" if row["column_name"] else "") if part
            )
            cells = [f"`{row['pointer']}`", row["label"], row["description"], row["type"], f"`{row['parquet']}`", where]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | meaning | default |", "|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                name += f" {action.metavar or action.dest.upper()}"
        else:
            name = action.metavar if isinstance(action.metavar, str) else action.dest
            if action.nargs in ("+", "*"):
                name += " ..."
        meaning = action.help or ""
        if action.choices:
            meaning += " (one of: " + ", ".join(f"`{c}`" for c in action.choices) + ")"
        default = action.default
        shown = "" if default in (None, False, argparse.SUPPRESS) or action.nargs == 0 else f"`{default}`"
        meaning = meaning.replace("|", "\\|")
        rows.append(f"| `{name}` | {meaning} | {shown} |")
    return rows


def cli_markdown() -> str:
    """``docs/cli.md``: every command and option, from the argument parser."""
    from govdisclosure.cli import _parser

    parser = _parser()
    lines = [
        "# Command-line reference",
        "",
        "Generated from the argument parser of `govdisclosure.cli`; do not edit by hand.",
        "",
        f"{parser.description}",
        "",
        "Exit codes: `0` valid (or nothing failed at the chosen severity), `1` findings of severity error",
        "(or at `--fail-on`), `2` unusable input or wrong usage.",
        "",
    ]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    for name, sub in commands.choices.items():
        lines += [f"## `govdisclosure {name}`", "", (sub.description or helps.get(name) or ""), ""]
        lines += _option_rows(sub)
        lines.append("")
    return "\n".join(lines)


def errors_markdown() -> str:
    """``docs/errors.md``: every finding code of the catalogue."""
    lines = [
        "# Error reference",
        "",
        "Generated from the finding catalogue `govdisclosure.findings.CODES`; do not edit by hand.",
        "Every finding carries one of these codes, a severity, a JSON Pointer and messages in Chinese",
        "and English (the templates below, filled with the finding's values). Audit rule findings",
        "carry the rule's code (`T3-1`, `SF-1`, ...) instead: see the [rule catalogue](rules.md).",
        "Each code has an example in `examples/invalid/`, named `<code>--<what is wrong>.json`.",
        "",
        "| severity | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{s.value}` ({s.label_zh}) | {s.description} |" for s in Severity]
    groups: dict[str, list[str]] = {}
    for code in CODES.values():
        group = code.code.split(".", 1)[0]
        groups.setdefault(group, []).append(
            f"| `{code.code}` | `{code.severity.value}` | {code.message_zh} | {code.message_en} |"
        )
    for group, rows in groups.items():
        lines += ["", f"## `{group}.*`", "", "| code | severity | message (zh) | message (en) |", "|---|---|---|---|"]
        lines += [row.replace("{", "`{").replace("}", "}`") for row in rows]
    lines.append("")
    return "\n".join(lines)


def batch_schemas_markdown() -> str:
    """The documentation page of the columnar engine's tables (``docs/batch-schemas.md``)."""
    import pyarrow as pa

    from govdisclosure._columnar import AUDIT_BATCH_SCHEMA, ratios_batch_schema

    lines = [
        "# The batch tables",
        "",
        "Generated from `govdisclosure._columnar`; do not edit by hand. What `gd.audit_batch` and",
        "`gd.ratios_batch` return for a batch of the reports table ([Scaling out](scaling.md) shows them at work).",
    ]
    for title, intro, schema in (
        (
            "Findings: `gd.audit_batch(batch)`",
            "One row per finding, report after report in the batch's order, each report's findings in the "
            "order `gd.audit` gives them (rule instances, then stated figures). `passes=False` leaves out "
            "the rules that hold. Text columns are dictionary-encoded. The table's metadata counts the "
            "reports (`govdisclosure.reports`), those decided by the object code "
            "(`govdisclosure.reports_by_objects`) and those with stated figures.",
            AUDIT_BATCH_SCHEMA,
        ),
        (
            "Indicators and ratio statuses: `gd.ratios_batch(batch)`",
            "One row per report: the indicators table's columns (`gd.indicators_table`) and, after each "
            "ratio, `{ratio}_status`.",
            ratios_batch_schema(),
        ),
    ):
        lines += ["", f"## {title}", "", intro, "", "| column | type | label | description |", "|---|---|---|---|"]
        for field in schema:
            metadata = field.metadata or {}
            label = metadata.get(b"label_zh", b"").decode()
            description = metadata.get(b"description", b"").decode().replace("|", "\\|")
            kind = field.type
            shown = f"{kind.value_type} (dictionary-encoded)" if pa.types.is_dictionary(kind) else str(kind)
            lines.append(f"| `{field.name}` | {shown} | {label} | {description} |")
    lines.append("")
    return "\n".join(lines)
