"""Every generated page of the documentation site, written from the declarations: the
field reference (from the model), the CLI reference (from the argument parser), the
error reference (from the finding catalogue), the rule catalogue, the ratio definitions
and the Arrow layout.
"""

from __future__ import annotations

import argparse
from typing import Any

import pyarrow as pa

from govdisclosure import _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, Scalar, UnionOf
from govdisclosure._ratios import RATIOS, RATIOS_VERSION
from govdisclosure.arrow import (
    ANNEX_VALUE,
    ARROW_SCHEMA_VERSION,
    BODY_COLUMNS,
    CELL_ENTRY,
    CELL_METADATA,
    MONEY_CELL,
    SECTION,
    arrow_schema,
)
from govdisclosure.coordinates import column_name, locate
from govdisclosure.findings import CODES, Severity
from govdisclosure.model import BODY_TYPES, AnnualReport, Template
from govdisclosure.model.cells import CellKind
from govdisclosure.model.narrative import Section
from govdisclosure.rules import RULES, RULES_VERSION, instances_for
from govdisclosure.schema import SCHEMA_VERSION

__all__ = [
    "arrow_schema_markdown",
    "cli_markdown",
    "errors_markdown",
    "field_rows",
    "fields_markdown",
    "ratios_markdown",
    "rules_markdown",
]

_KIND_TEXT = {
    CellKind.COUNT: "count cell",
    CellKind.SIGNED: "signed count cell",
    CellKind.MONEY: "money cell",
    CellKind.ANNEX: "annex value",
}


_SCALAR_TEXT = {"str": "string", "int": "integer", "float": "number", "decimal": "decimal", "date": "date"}


def _type_text(tp: Any) -> str:
    inner, optional = _introspect.strip_optional(tp)
    suffix = " (optional)" if optional else ""
    match _introspect.shape(inner):
        case CellType(kind):
            text = _KIND_TEXT[kind]
        case ListOf(item):
            text = f"list of {_type_text(item)}"
        case MapOf(value):
            text = f"map of {_type_text(value)}"
        case ModelClass() | JsonObject():
            text = "object"
        case EnumType(members):
            text = "enum: " + ", ".join(f"`{m.value}`" for m in members)
        case Scalar(name):
            text = _SCALAR_TEXT[name]
        case UnionOf(options):
            text = " or ".join(_type_text(a) for a in options)
        case _:
            text = getattr(inner, "__name__", str(inner))
    return text + suffix


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
            match _introspect.shape(inner):
                case ModelClass(child):
                    walk(child, here, path, depth + 1)
                case ListOf(item) if _introspect.is_model_class(item) and item is not cls:
                    walk(item, f"{here}/{{i}}", f"{path}[]", depth + 1)  # a recursive list is listed once

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


# --------------------------------------------------------------------------- the rule catalogue


def rules_markdown() -> str:
    """The rule catalogue page of the documentation (``docs/rules.md``)."""
    lines = [
        "# Rule catalogue",
        "",
        f"Generated from `govdisclosure.rules` (catalogue version {RULES_VERSION}); do not edit by hand.",
        "Definitional identities are errors; the usual ones are warnings. A rule whose cells are blank,",
        '"/", text or absent is *not assessable*: it is never read as zero.',
        "",
        "| code | severity | templates | rule | formula | instances |",
        "|---|---|---|---|---|--:|",
    ]
    for rule in RULES:
        if rule.scope != "report":
            continue
        count = sum(len(instances_for(rule, tpl)) for tpl in rule.templates)
        templates = ", ".join(tpl.value for tpl in rule.templates)
        lines.append(
            f"| `{rule.code}` | {rule.severity.value} | {templates} | {rule.title_zh}<br>{rule.title_en} | {rule.formula} | {count} |"
        )
    for scope, heading, intro in (
        (
            "figures",
            "Stated figures",
            "Checks of the numbers the narrative states (`stated_figures`). A rate that "
            "equals the computed value truncated rather than rounded has the outcome `truncated`.",
        ),
        (
            "collection",
            "Across reports",
            "Checks of `audit_collection()`: reports of the same agency (same name and "
            "region) in consecutive years, and aggregate reports against the reports of their region.",
        ),
    ):
        lines += [
            "",
            f"## {heading}",
            "",
            intro,
            "",
            "| code | severity | templates | rule | formula |",
            "|---|---|---|---|---|",
        ]
        for rule in RULES:
            if rule.scope == scope:
                templates = ", ".join(tpl.value for tpl in rule.templates)
                lines.append(
                    f"| `{rule.code}` | {rule.severity.value} | {templates} | {rule.title_zh}<br>{rule.title_en} | {rule.formula} |"
                )
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the ratio definitions


def ratios_markdown() -> str:
    """The ratio definitions page of the documentation (``docs/ratios.md``)."""
    lines = [
        "# Ratio definitions",
        "",
        f"Generated from `govdisclosure.ratios` (definitions version {RATIOS_VERSION}); do not edit by hand.",
        "Every ratio is Σ numerator ÷ Σ denominator × 100. A zero denominator gives null (undefined), never 0;",
        'a blank, "/" or text cell makes the ratio not assessable unless `blank_as_zero=True` is asked for.',
        "Where a Table 3 row's 总计 is not a number, the sum of its six applicant columns stands for it (the",
        "template's identity T3-1); with `blank_as_zero=True` the reading with the most numbers is taken.",
        "",
        "| id | name | definition | templates | unit | comparable across eras |",
        "|---|---|---|---|---|---|",
    ]
    for d in RATIOS:
        templates = ", ".join(t.value for t in d.formulas)
        comparable = "yes" if d.comparable_across_eras else f"no: {d.comparability}"
        variant = f" (variant of `{d.variant_of}`)" if d.variant_of else ""
        lines.append(
            f"| `{d.id}` | {d.name_zh}<br>{d.name_en} | {d.description}{variant} | {templates} | {d.unit} | {comparable} |"
        )
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the Arrow layout


def _arrow_type_text(tp: pa.DataType) -> str:
    if tp == CELL_ENTRY:
        return "cell entry"
    if tp == MONEY_CELL:
        return "money cell"
    if tp == ANNEX_VALUE:
        return "annex value"
    if tp == SECTION:
        return "section"
    if pa.types.is_struct(tp):
        return "struct"
    if pa.types.is_list(tp):
        return f"list<{_arrow_type_text(tp.value_type)}>"
    if pa.types.is_map(tp):
        return f"map<string, {_arrow_type_text(tp.item_type)}>"
    return str(tp)


def arrow_schema_markdown() -> str:
    """The documentation page of the Arrow layout (``docs/arrow-schema.md``)."""
    lines = [
        "# The Arrow layout of the reports table",
        "",
        f"Generated from `govdisclosure.arrow` (layout version {ARROW_SCHEMA_VERSION}, data schema "
        f"{SCHEMA_VERSION}); do not edit by hand. One row per report; nested fields are struct children, "
        "named as in the JSON.",
        "",
        "## Cells",
        "",
        "| layout | fields |",
        "|---|---|",
        "| count cell | an `int64` column: the cell's number; null when it printed none or is absent. A cell that "
        "did not print a clean number also has an entry in `cells` under its JSON Pointer. |",
    ]
    for name, tp in (
        ("cells entry", CELL_ENTRY),
        ("money cell", MONEY_CELL),
        ("annex value", ANNEX_VALUE),
        ("section", SECTION),
    ):
        fields = "; ".join(f"`{f.name}` {f.type}: {f.metadata[b'description'].decode()}" for f in tp)
        lines.append(f"| {name} | {fields} |")
    lines += ["", "## Columns", "", "| column | type | label | description |", "|---|---|---|---|"]

    def walk(field: pa.Field, path: str, depth: int) -> None:
        label = field.metadata[b"label_zh"].decode() if field.metadata else ""
        description = field.metadata[b"description"].decode() if field.metadata else ""
        count = bool(field.metadata) and field.metadata.get(CELL_METADATA) == b"count"
        lines.append(
            f"| `{path}` | {'count cell' if count else _arrow_type_text(field.type)} | {label} | {description} |"
        )
        tp = field.type
        if pa.types.is_struct(tp) and tp not in (CELL_ENTRY, MONEY_CELL, ANNEX_VALUE, SECTION) and depth < 8:
            for child in tp:
                walk(child, f"{path}.{child.name}", depth + 1)
        elif pa.types.is_list(tp) and pa.types.is_struct(tp.value_type) and tp.value_type not in (SECTION, ANNEX_VALUE):
            for child in tp.value_type:
                walk(child, f"{path}[].{child.name}", depth + 1)

    for field in arrow_schema():
        walk(field, field.name, 0)
    lines.append("")
    return "\n".join(lines)
