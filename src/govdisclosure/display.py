"""Reports as the official tables, in HTML for notebooks and in short text for terminals.

:func:`report_html` lays a report out the way the published report prints it:
表二, 表三 and 表四 of the gb templates with their merged header cells, or the
statistics, review counts and annex of a legacy report. Blank, "/", "—" and
不适用 cells show as printed and stay apart from 0. Cells that a failing audit
rule read are highlighted, the rule's code and message on hover; the cell the
rule checks is outlined. Labels come from the model's field metadata.

This module only renders: the findings come from :func:`govdisclosure.audit`.
"""

from __future__ import annotations

import decimal
import html
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure.coordinates import MISSING, TABLE2, TABLE3, TABLE4, resolve
from govdisclosure.findings import Finding, Outcome, Severity
from govdisclosure.model import AnnualReport, Cell, CellStatus, Money
from govdisclosure.model.gb import (
    ApplicantRow,
    Applications2019,
    Applications2021,
    CaseOutcomes,
    ProactiveDisclosure2019,
    ProactiveDisclosure2021,
    ReviewLitigation,
)
from govdisclosure.model.legacy import Breakdown, LegacyBody
from govdisclosure.rules import APPLICANT_COLUMNS

__all__ = [
    "FLAG_MARK",
    "cell_text",
    "collection_html",
    "report_html",
    "report_repr",
    "table_html",
    "tables_markdown",
]

#: The note printed in the top-left cell of Table 3, verbatim.
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_TABLE3_COLUMNS = tuple(APPLICANT_COLUMNS)  # 自然人 … 其他, without 总计
_OUTCOME_FIELDS = ("upheld", "corrected", "other", "pending", "total")

_STYLE = """
<style>
.gd-report{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 font-size:13px;line-height:1.45;max-width:100%;overflow-x:auto}
.gd-report h3{font-size:16px;margin:.2em 0}
.gd-report h4{font-size:14px;margin:1em 0 .3em}
.gd-report .gd-meta{color:#666;margin:.1em 0 .6em}
.gd-report table.gd{border-collapse:collapse;margin:.2em 0 .8em}
.gd-report table.gd th,.gd-report table.gd td{border:1px solid #999;padding:2px 6px;vertical-align:middle}
.gd-report table.gd th{font-weight:600;text-align:center;background:rgba(127,127,127,.12)}
.gd-report table.gd th.gd-row{font-weight:400;text-align:left}
.gd-report table.gd th.gd-banner{text-align:left}
.gd-report table.gd td{text-align:right;font-variant-numeric:tabular-nums;min-width:3em}
.gd-report td.gd-blank{background:repeating-linear-gradient(135deg,transparent 0 4px,rgba(127,127,127,.12) 4px 6px)}
.gd-report td.gd-marked{color:#777}
.gd-report table.gd td.gd-text{text-align:left;color:#a15c00}
.gd-report .gd-extra{font-style:italic}
.gd-report td.gd-fail{background:#fde2e1;color:#8a1010}
.gd-report td.gd-fail2{background:#f7a8a5;color:#5c0000;font-weight:700}
.gd-report td.gd-warn{background:#fff0c2;color:#6b4e00}
.gd-report .gd-target{outline:2px solid #c62828;outline-offset:-2px}
.gd-report table.gd td.gd-text-cell{text-align:left;font-variant-numeric:normal}
.gd-report .gd-summary span{margin-right:1em}
.gd-report .gd-pass{color:#2e7d32}.gd-report .gd-failc{color:#c62828}.gd-report .gd-na{color:#777}
.gd-report details{margin:.3em 0}
.gd-report ul.gd-findings{margin:.2em 0;padding-left:1.4em}
</style>
"""


# --------------------------------------------------------------------------- cells


def cell_text(value: Any) -> str:
    """A cell as the report printed it: numbers plain, blank empty, "/" as "/",
    text as printed; money with its printed text, or the amount."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, Money):
        return value.text if value.text is not None else format(value.amount, "f")
    if isinstance(value, Cell):
        if value.text is not None:
            return value.text
        if value.status is CellStatus.BLANK:
            return ""
        return value.status.label_zh
    return str(value)


def _cell_class(value: Any) -> str:
    if value is None:
        return "gd-blank"
    if isinstance(value, Money) and value.text is not None and len(value.text) > 12:
        return "gd-text-cell"
    if isinstance(value, Cell):
        if value.status is CellStatus.BLANK:
            return "gd-blank"
        if value.status is CellStatus.TEXT:
            return "gd-text"
        if value.status is CellStatus.NUMBER:
            return ""
        return "gd-marked"
    return ""


def _cell_hint(value: Any) -> str:
    if value is None:
        return "未填报 · absent"
    if isinstance(value, Cell):
        return f"{value.status.label_zh} · {value.status.value}"
    if isinstance(value, Money):
        return f"{format(value.amount, 'f')} {value.unit.label_zh}"
    return ""


class _Marks:
    """Which cells failing rules read, with the rules' messages."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.by_pointer: dict[str, list[Finding]] = {}
        self.targets: set[str] = set()
        for finding in findings:
            if finding.outcome is not Outcome.FAIL and not (finding.outcome is None and finding.is_problem):
                continue
            pointers = {finding.pointer, *(c.pointer for c in finding.cells)}
            for pointer in pointers:
                self.by_pointer.setdefault(pointer, []).append(finding)
            self.targets.add(finding.pointer)

    def td(self, value: Any, pointer: str, extra: str = "", attrs_: str = "") -> str:
        classes = [c for c in (_cell_class(value), extra) if c]
        hints = [h for h in (_cell_hint(value),) if h]
        failing = list(self.by_pointer.get(pointer, []))
        parts = pointer.split("/")
        for i in range(3, len(parts)):  # a flag on a row or a table marks its cells
            failing.extend(f for f in self.by_pointer.get("/".join(parts[:i]), ()) if f.outcome is None)
        if failing:
            errors = [f for f in failing if f.severity in (Severity.ERROR, Severity.FATAL)]
            if errors:
                classes.append("gd-fail2" if len(failing) > 1 else "gd-fail")
            else:
                classes.append("gd-warn")
            if pointer in self.targets:
                classes.append("gd-target")
            hints.extend(_finding_hint(f) for f in failing)
        cls = f' class="{" ".join(classes)}"' if classes else ""
        title = f' title="{_esc(chr(10).join(hints))}"' if hints else ""
        return f'<td{cls}{title} data-pointer="{_esc(pointer)}"{attrs_}>{_esc(cell_text(value))}</td>'


def _finding_hint(finding: Finding) -> str:
    code = finding.code if finding.instance is None else f"{finding.code} {finding.instance}"
    return f"[{code}] {finding.message_zh}\n{finding.message_en}"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _label(cls: type, name: str) -> str:
    for field in _introspect.fields(cls):
        if field.name == name:
            return _introspect.label_zh(field)
    raise KeyError(name)


def _th(text: str, cls: str = "", colspan: int = 1, rowspan: int = 1, title: str = "") -> str:
    parts = ["<th"]
    if cls:
        parts.append(f' class="{cls}"')
    if colspan > 1:
        parts.append(f' colspan="{colspan}"')
    if rowspan > 1:
        parts.append(f' rowspan="{rowspan}"')
    if title:
        parts.append(f' title="{_esc(title)}"')
    parts.append(f">{_esc(text)}</th>")
    return "".join(parts)


# --------------------------------------------------------------------------- 表二


def _table2(table: ProactiveDisclosure2021 | ProactiveDisclosure2019, marks: _Marks, base: str) -> str:
    blocks = [f for f in _introspect.fields(type(table)) if _introspect.is_model_class(f.type)]
    width = 1 + max(len(_introspect.fields(_row_type(f.type))) for f in blocks)
    out = ['<table class="gd">']
    for block in blocks:
        node = getattr(table, block.name)
        row_type = _row_type(block.type)
        columns = _introspect.fields(row_type)
        out.append(f"<tr>{_th(_introspect.label_zh(block), 'gd-banner', colspan=width)}</tr>")
        head = [_th("信息内容")]
        for i, column in enumerate(columns):
            span = width - len(columns) if i == len(columns) - 1 else 1
            head.append(_th(_introspect.label_zh(column), colspan=span))
        out.append("<tr>" + "".join(head) + "</tr>")
        for row_field in _introspect.fields(type(node)):
            row = getattr(node, row_field.name)
            pointer = f"{base}/{block.name}/{row_field.name}"
            cells = [_th(_introspect.label_zh(row_field), "gd-row")]
            for i, column in enumerate(columns):
                span = width - len(columns) if i == len(columns) - 1 else 1
                extra = f' colspan="{span}"' if span > 1 else ""
                cells.append(marks.td(getattr(row, column.name), f"{pointer}/{column.name}", attrs_=extra))
            out.append("<tr>" + "".join(cells) + "</tr>")
        for index, extra_row in enumerate(table.extra_rows):
            if extra_row.block != block.name:
                continue
            pointer = f"{base}/extra_rows/{index}/cells"
            cells = [_th(extra_row.label, "gd-row gd-extra", title=_EXTRA_HINT)]
            for i, column in enumerate(columns):
                span = width - len(columns) if i == len(columns) - 1 else 1
                extra = f' colspan="{span}"' if span > 1 else ""
                value = extra_row.cells.get(column.name)
                cells.append(marks.td(value, f"{pointer}/{column.name}", attrs_=extra))
            out.append("<tr>" + "".join(cells) + "</tr>")
            names = {c.name for c in columns}
            out.extend(_unknown_cells(extra_row.label, extra_row.cells, names, pointer, width, marks))
    known = {b.name for b in blocks}
    for index, extra_row in enumerate(table.extra_rows):
        if extra_row.block not in known:
            label = f"{extra_row.label}（{extra_row.block}）"
            pointer = f"{base}/extra_rows/{index}/cells"
            out.extend(_unknown_cells(label, extra_row.cells, set(), pointer, width, marks))
    out.append("</table>")
    return "".join(out)


_EXTRA_HINT = "模板外的行 · a row the template does not have"


def _unknown_cells(
    label: str, cells: dict[str, Any], known: set[str], pointer: str, width: int, marks: _Marks
) -> list[str]:
    """Cells of an extra row under column keys the block does not have: one line each."""
    span = f' colspan="{width - 1}"' if width > 2 else ""
    return [
        "<tr>" + _th(f"{label} · {key}", "gd-row gd-extra", title=_EXTRA_HINT)
        + marks.td(value, f"{pointer}/{key}", attrs_=span) + "</tr>"
        for key, value in cells.items()
        if key not in known
    ]  # fmt: skip


def _row_type(block_type: Any) -> Any:
    first = _introspect.fields(block_type)[0]
    return first.type


# --------------------------------------------------------------------------- 表三


def _table3_rows(table: Applications2021 | Applications2019, base: str) -> list[tuple[list[str], str, Any, bool]]:
    """(label path, pointer, ApplicantRow or None, is_extra) in printed order."""
    rows: list[tuple[list[str], str, Any, bool]] = []
    results_label = _label(type(table), "results")

    def add_group(node: Any, labels: list[str], pointer: str) -> None:
        for field in _introspect.fields(type(node)):
            value = getattr(node, field.name)
            label = _introspect.label_zh(field)
            if field.name == "subtotal" and value is None:
                continue
            if isinstance(value, ApplicantRow) or (value is None and _is_row_type(field.type)):
                if value is None and field.name != "subtotal" and _group_printed_as_one(node):
                    continue
                rows.append(([*labels, label], f"{pointer}/{field.name}", value, False))
            elif attrs.has(type(value)):
                add_group(value, [*labels, label], f"{pointer}/{field.name}")

    for field in _introspect.fields(type(table)):
        name = field.name
        if name in ("heading", "extra_rows", "notes"):
            continue
        value = getattr(table, name)
        if name == "results":
            add_group(value, [results_label], f"{base}/results")
        else:
            rows.append(([_introspect.label_zh(field)], f"{base}/{name}", value, False))
    for index, extra in enumerate(table.extra_rows):
        pointer = f"{base}/extra_rows/{index}/cells"
        position = next((i for i, r in enumerate(rows) if r[1] == extra.after), None)
        if position is None:
            rows.append(([extra.label], pointer, extra.cells, True))
        else:
            labels = [*rows[position][0][:-1], extra.label]
            # after the row it follows and after any extra rows already placed there
            at = position + 1
            while at < len(rows) and rows[at][3]:
                at += 1
            rows.insert(at, (labels, pointer, extra.cells, True))
    return rows


def _is_row_type(tp: Any) -> bool:
    inner, _ = _introspect.strip_optional(tp)
    return inner is ApplicantRow


def _group_printed_as_one(node: Any) -> bool:
    """（六）其他处理 printed as one row in a gb2021 report: the sub-rows are absent."""
    return getattr(node, "subtotal", None) is not None and all(
        getattr(node, f.name) is None for f in _introspect.fields(type(node)) if f.name != "subtotal"
    )


def _run_length(rows: list[tuple[list[str], str, Any, bool]], prefix: list[str]) -> int:
    """How many rows from the first share the label prefix (a group's rowspan)."""
    return sum(1 for _ in itertools.takewhile(lambda r: r[0][: len(prefix)] == prefix, rows))


def _table3(table: Applications2021 | Applications2019, marks: _Marks, base: str) -> str:
    rows = _table3_rows(table, base)
    subtotal_column = any(isinstance(r[2], ApplicantRow) and r[2].organisations_subtotal is not None for r in rows)
    columns = list(_TABLE3_COLUMNS)
    if subtotal_column:
        columns.append("organisations_subtotal")
    columns.append("total")
    organisations = len(columns) - 2
    out = ['<table class="gd">', "<tr>", _th(TABLE3_NOTE, colspan=3, rowspan=3), _th("申请人情况", colspan=len(columns)),
           "</tr><tr>", _th(_label(ApplicantRow, "natural_person"), rowspan=2),
           _th("法人或其他组织", colspan=organisations), _th(_label(ApplicantRow, "total"), rowspan=2), "</tr><tr>"]  # fmt: skip
    out.extend(_th(_label(ApplicantRow, c)) for c in columns[1:-1])
    out.append("</tr>")
    depth = 3
    for i, (labels, pointer, row, extra) in enumerate(rows):
        cells: list[str] = []
        for level in range(len(labels) - 1):
            prefix = labels[: level + 1]
            if i > 0 and rows[i - 1][0][: level + 1] == prefix:
                continue
            span = _run_length(rows[i:], prefix)
            cells.append(_th(labels[level], "gd-row", rowspan=span))
        hint = "模板外的行 · a row the template does not have" if extra else ""
        cells.append(_th(labels[-1], "gd-row gd-extra" if extra else "gd-row",
                         colspan=depth - len(labels) + 1, title=hint))  # fmt: skip
        for column in columns:
            value = getattr(row, column) if row is not None else None
            cells.append(marks.td(value, f"{pointer}/{column}"))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


# --------------------------------------------------------------------------- 表四


def _table4(table: ReviewLitigation, marks: _Marks, base: str) -> str:
    labels = [_label(CaseOutcomes, name) for name in _OUTCOME_FIELDS]
    out = ['<table class="gd"><tr>', _th("行政复议", colspan=5), _th("行政诉讼", colspan=10), "</tr><tr>"]
    out.extend(_th(label, rowspan=2) for label in labels)
    out.append(_th("未经复议直接起诉", colspan=5) + _th("复议后起诉", colspan=5) + "</tr><tr>")
    out.extend(_th(label) for label in labels * 2)
    out.append("</tr><tr>")
    for group in ("administrative_review", "litigation_direct", "litigation_after_review"):
        outcomes = getattr(table, group)
        out.extend(marks.td(getattr(outcomes, name), f"{base}/{group}/{name}") for name in _OUTCOME_FIELDS)
    out.append("</tr></table>")
    return "".join(out)


# --------------------------------------------------------------------------- as text


#: How a table in text marks a flagged cell and a cell not captured.
FLAG_MARK = "⚑"


def tables_markdown(report: AnnualReport, flagged: Iterable[str] = ()) -> str:
    """表二, 表三 and 表四 of a gb report as Markdown tables, for a terminal or a page: each
    cell as printed (blank, "/", 未取得 as such), a cell under a flag (``flagged``: JSON
    Pointers of cells, rows or tables) marked ⚑."""
    body = report.body
    if isinstance(body, LegacyBody):
        return ""
    marked = set(flagged)

    def mark(pointer: str, value: Any) -> str:
        text = cell_text(value) if value is not None else ""
        parts = pointer.split("/")
        doubtful = any("/".join(parts[:i]) in marked for i in range(3, len(parts) + 1))
        return (text or " ") + (f" {FLAG_MARK}" if doubtful else "")

    out: list[str] = []
    table2 = body.proactive_disclosure
    out.append(f"### 表二 {table2.heading or _label(type(body), 'proactive_disclosure')}")
    for block in (f for f in _introspect.fields(type(table2)) if _introspect.is_model_class(f.type)):
        node = getattr(table2, block.name)
        columns = _introspect.fields(_row_type(block.type))
        out += ["", f"{_introspect.label_zh(block)}", ""]
        out.append("| 信息内容 | " + " | ".join(_introspect.label_zh(c) for c in columns) + " |")
        out.append("|---" * (len(columns) + 1) + "|")
        for row_field in _introspect.fields(type(node)):
            row = getattr(node, row_field.name)
            pointer = f"/body/proactive_disclosure/{block.name}/{row_field.name}"
            cells = [mark(f"{pointer}/{c.name}", getattr(row, c.name)) for c in columns]
            out.append(f"| {_introspect.label_zh(row_field)} | " + " | ".join(cells) + " |")
    table3 = body.applications
    columns3 = [*_TABLE3_COLUMNS, "total"]
    out += ["", f"### 表三 {table3.heading or _label(type(body), 'applications')}", ""]
    out.append("| | " + " | ".join(_label(ApplicantRow, c) for c in columns3) + " |")
    out.append("|---" * (len(columns3) + 1) + "|")
    for labels, pointer, row, _extra in _table3_rows(table3, TABLE3):
        cells = [mark(f"{pointer}/{c}", getattr(row, c) if row is not None else None) for c in columns3]
        label = " · ".join(labels[-2:]) if pointer.endswith("/subtotal") else labels[-1]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    table4 = body.review_litigation
    out += ["", f"### 表四 {table4.heading or _label(type(body), 'review_litigation')}", ""]
    outcomes = [_label(CaseOutcomes, name) for name in _OUTCOME_FIELDS]
    out.append("| | " + " | ".join(outcomes) + " |")
    out.append("|---" * (len(outcomes) + 1) + "|")
    for group in ("administrative_review", "litigation_direct", "litigation_after_review"):
        values = getattr(table4, group)
        label = _label(ReviewLitigation, group)
        cells = [mark(f"/body/review_litigation/{group}/{n}", getattr(values, n)) for n in _OUTCOME_FIELDS]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- legacy


def _legacy(body: LegacyBody, marks: _Marks) -> str:
    out: list[str] = []
    for name in ("on_request", "review_litigation"):
        node = getattr(body, name)
        if node is None:
            continue
        rows = _legacy_rows(node, f"/body/{name}", marks)
        if not rows:
            continue
        out.append(f"<h4>{_esc(_label(LegacyBody, name))}</h4>")
        out.append('<table class="gd">' + "".join(rows) + "</table>")
    if body.annex is not None:
        annex = body.annex
        out.append(f"<h4>{_esc(annex.title or _label(LegacyBody, 'annex'))}</h4>")
        width = max([len(annex.columns), *(len(r.values) for r in annex.rows)])
        headings = [*annex.columns, *(f"第{i + 1}列" for i in range(len(annex.columns), width))]
        out.append('<table class="gd"><tr>' + _th("统计指标") + _th("单位"))
        out.extend(_th(c) for c in headings)
        out.append("</tr>")
        for index, row in enumerate(annex.rows):
            pointer = f"/body/annex/rows/{index}/values"
            hint = f"指标键 · key: {row.key}" if row.key else ""
            cells = [_th(row.label, "gd-row", title=hint), f'<td class="gd-text-cell">{_esc(row.unit or "")}</td>']
            cells.extend(marks.td(v, f"{pointer}/{i}") for i, v in enumerate(row.values))
            cells.extend('<td class="gd-blank" title="未填报 · absent"></td>' for _ in range(width - len(row.values)))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    return "".join(out)


def _legacy_rows(node: Any, pointer: str, marks: _Marks) -> list[str]:
    rows: list[str] = []
    for field in _introspect.fields(type(node)):
        value = getattr(node, field.name)
        label = _introspect.label_zh(field)
        here = f"{pointer}/{field.name}"
        if value is None or value == ():
            continue
        if _introspect.cell_kind(_introspect.strip_optional(field.type)[0]) is not None:
            rows.append("<tr>" + _th(label, "gd-row", colspan=2) + marks.td(value, here) + "</tr>")
        elif isinstance(value, tuple) and value and isinstance(value[0], Breakdown):
            for i, item in enumerate(value):
                head = _th(label, "gd-row", rowspan=len(value)) if i == 0 else ""
                shown = item.count if item.count is not None else None
                share = f"（{format(item.share, 'f')}%）" if item.share is not None else ""
                item_label = _th(item.label + share, "gd-row")
                rows.append("<tr>" + head + item_label + marks.td(shown, f"{here}/{i}/count") + "</tr>")
        elif attrs.has(type(value)):
            rows.append("<tr>" + _th(label, "gd-banner", colspan=3) + "</tr>")
            rows.extend(_legacy_rows(value, here, marks))
    return rows


# --------------------------------------------------------------------------- stated figures


def _figures(report: AnnualReport, marks: _Marks, findings: Sequence[Finding]) -> str:
    if not report.stated_figures:
        return ""
    outcomes: dict[str, list[Finding]] = {}
    for finding in findings:
        outcomes.setdefault(finding.pointer, []).append(finding)
    failing = sum(1 for i in range(len(report.stated_figures)) if f"/stated_figures/{i}" in marks.by_pointer)
    summary = f"文中数据 · stated figures ({len(report.stated_figures)}"
    summary += f", {failing} failing)" if failing else ")"
    out = [f"<details{' open' if failing else ''}><summary>{_esc(summary)}</summary>", '<table class="gd"><tr>']
    out.extend(_th(h) for h in ("编号", "指标", "原文数值", "核对", "出处语句"))
    out.append("</tr>")
    for index, figure in enumerate(report.stated_figures):
        pointer = f"/stated_figures/{index}"
        checks = outcomes.get(pointer, [])
        verdict = ", ".join(f"{f.code} {f.outcome.label_zh}" for f in checks if f.outcome is not None)
        out.append(
            "<tr>"
            + _th(figure.id, "gd-row")
            + f'<td class="gd-text-cell">{_esc(figure.subject or "")}</td>'
            + marks.td(figure.printed, pointer)
            + f'<td class="gd-text-cell">{_esc(verdict)}</td>'
            + f'<td class="gd-text-cell">{_esc(figure.sentence)}</td>'
            + "</tr>"
        )
    out.append("</table></details>")
    return "".join(out)


# --------------------------------------------------------------------------- whole reports


def _summary(findings: Sequence[Finding]) -> str:
    counts = dict.fromkeys(Outcome, 0)
    for finding in findings:
        if finding.outcome is not None:
            counts[finding.outcome] += 1
    classes = {Outcome.PASS: "gd-pass", Outcome.FAIL: "gd-failc", Outcome.NOT_ASSESSABLE: "gd-na",
               Outcome.TRUNCATED: "gd-na"}  # fmt: skip
    parts = [f'<span class="{classes[o]}">{_esc(o.label_zh)} {o.value}: {n}</span>' for o, n in counts.items() if n]
    failing = [f for f in findings if f.outcome is Outcome.FAIL]
    out = ['<div class="gd-summary">审核 · audit: ' + "".join(parts) + "</div>"]
    if failing:
        out.append('<ul class="gd-findings">')
        for finding in failing:
            code = finding.code if finding.instance is None else f"{finding.code} {finding.instance}"
            where = finding.location or finding.pointer
            out.append(
                f"<li><b>{_esc(code)}</b> {_esc(finding.severity.value)} · {_esc(where)}: "
                f"{_esc(finding.message_zh)}<br><small>{_esc(finding.message_en)}</small></li>"
            )
        out.append("</ul>")
    return "".join(out)


def report_html(report: AnnualReport, *, findings: Sequence[Finding] | None = None, audit: bool = True) -> str:
    """The report as HTML: heading, audit summary, the official tables, stated figures.

    ``findings`` defaults to :func:`govdisclosure.audit` of the report (``audit=False``
    renders without highlights).
    """
    if findings is None:
        if audit:
            from govdisclosure._audit import audit as run_audit

            findings = run_audit(report)
        else:
            findings = ()
    marks = _Marks(findings)
    agency = report.agency
    meta = " · ".join(
        part
        for part in (
            agency.name,
            (agency.region_name or "") + (f"（{agency.region_code}）" if agency.region_code else ""),
            f"{report.year}年度",
            report.template.label_zh,
            report.scope.label_zh,
        )
        if part
    )
    out = [
        _STYLE,
        '<div class="gd-report">',
        f"<h3>{_esc(report.title or agency.name or '')}</h3>",
        f'<div class="gd-meta">{_esc(meta)}</div>',
    ]
    if findings:
        out.append(_summary(findings))
    body = report.body
    if isinstance(body, LegacyBody):
        out.append(_legacy(body, marks))
    else:
        out.append(f"<h4>{_esc(_label(type(body), 'proactive_disclosure'))}</h4>")
        out.append(_table2(body.proactive_disclosure, marks, TABLE2))
        out.append(f"<h4>{_esc(_label(type(body), 'applications'))}</h4>")
        out.append(_table3(body.applications, marks, TABLE3))
        out.append(f"<h4>{_esc(_label(type(body), 'review_litigation'))}</h4>")
        out.append(_table4(body.review_litigation, marks, TABLE4))
        for name in ("proactive_disclosure", "applications", "review_litigation"):
            notes = getattr(body, name).notes
            if notes:
                out.append("".join(f'<div class="gd-meta">{_esc(n)}</div>' for n in notes))
    out.append(_figures(report, marks, findings))
    out.append("</div>")
    return "".join(out)


def table_html(table: Any, *, base: str | None = None) -> str:
    """One gb table (表二, 表三 or 表四) on its own, without audit highlights."""
    marks = _Marks(())
    if isinstance(table, ProactiveDisclosure2021 | ProactiveDisclosure2019):
        inner = _table2(table, marks, base or TABLE2)
    elif isinstance(table, Applications2021 | Applications2019):
        inner = _table3(table, marks, base or TABLE3)
    elif isinstance(table, ReviewLitigation):
        inner = _table4(table, marks, base or TABLE4)
    else:
        raise TypeError(f"not a gb table: {type(table).__name__}")
    return _STYLE + '<div class="gd-report">' + inner + "</div>"


# --------------------------------------------------------------------------- short text


def _count(value: Any) -> str:
    text = cell_text(value)
    return text if text else "空白"


#: The headline cells of a report: applications received, handled, administrative reviews.
_HEADLINES: dict[bool, tuple[str, str, str]] = {
    True: ("/body/on_request/received", "/body/on_request/completed", "/body/review_litigation/review/total"),
    False: ("/body/applications/new_received/total", "/body/applications/results/total/total",
            "/body/review_litigation/administrative_review/total"),
}  # fmt: skip


def _headlines(report: AnnualReport) -> list[tuple[str, Any]]:
    """(pointer, cell) of the headline cells; a cell the report does not give is ``None``."""
    cells = [(p, resolve(report, p)) for p in _HEADLINES[isinstance(report.body, LegacyBody)]]
    return [(p, None if value is MISSING else value) for p, value in cells]


def report_repr(report: AnnualReport) -> str:
    """One line for a terminal: template, year, agency, and the headline figures."""
    body = report.body
    parts = [report.template.value, str(report.year), repr(report.agency.name)]
    if report.scope.value != "self":
        parts.append(report.scope.value)
    (_, received), (_, handled), _ = _headlines(report)
    if isinstance(body, LegacyBody):
        parts.append(f"收到申请 {_count(received)}")
        parts.append(f"{len(body.sections)} sections")
        if body.annex is not None:
            parts.append(f"annex {len(body.annex.rows)} rows")
    else:
        parts.append(f"新收申请 {_count(received)}")
        parts.append(f"办理结果总计 {_count(handled)}")
    if report.stated_figures:
        parts.append(f"{len(report.stated_figures)} stated figures")
    return f"<AnnualReport {' '.join(parts)}>"


def collection_html(
    reports: Sequence[AnnualReport], *, findings: Sequence[Sequence[Finding]] | None = None, max_rows: int = 50
) -> str:
    """A compact summary table of many reports: one line each, with the audit outcome.

    At most ``max_rows`` lines are shown (and audited); the rest are counted."""
    from govdisclosure._audit import audit as run_audit

    shown = reports[:max_rows]
    more = f" · showing the first {len(shown)}" if len(shown) < len(reports) else ""
    out = [_STYLE, '<div class="gd-report">',
           f'<div class="gd-meta">{_plural(len(reports), "report")} · {len(reports)}份报告{more}</div>', '<table class="gd"><tr>']  # fmt: skip
    headings = ("年度", "格式", "机关", "地区", "新收申请", "办理结果总计", "复议", "审核 不通过", "无法判断")
    out.extend(_th(h) for h in headings)
    out.append("</tr>")
    for index, report in enumerate(shown):
        these = findings[index] if findings is not None else run_audit(report)
        failing = [f for f in these if f.outcome is Outcome.FAIL]
        unassessable = sum(1 for f in these if f.outcome is Outcome.NOT_ASSESSABLE)
        headlines = _headlines(report)
        marks = _Marks(failing)
        fail_hint = "\n".join(_finding_hint(f) for f in failing)
        out.append(
            "<tr>"
            + f"<td>{report.year}</td>"
            + f'<td class="gd-text-cell">{_esc(report.template.value)}</td>'
            + f'<td class="gd-text-cell">{_esc(report.agency.name or "")}</td>'
            + f'<td class="gd-text-cell">{_esc(report.agency.region_name or "")}</td>'
            + "".join(marks.td(v, p) for p, v in headlines)
            + f'<td class="{"gd-fail" if failing else ""}" title="{_esc(fail_hint)}">{len(failing)}</td>'
            + f"<td>{unassessable}</td>"
            + "</tr>"
        )
    out.append("</table></div>")
    return "".join(out)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
