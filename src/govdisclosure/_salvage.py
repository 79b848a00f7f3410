"""The rules on a document that is not a valid report: one pass, every problem at once.

A portal's upload gate wants the schema errors, the layout problems and the failed
rules of an upload together, not the rules only once every schema error is fixed.
The document cannot become a report as it is, so a *repaired copy* is built for the
rules alone and never returned: every table cell with an error is set to
``not_captured`` (so no rule reads it as a number and a rule that needs it is not
assessable, naming it as invalid), unknown properties are dropped, stated figures
with an error are left out, and other fields with an error take their value from a
blank document of the template. The copy must then pass the schema; when it does
not (the template is unknown, the body is not an object, ...) the rules are not
run, and a finding says why.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any

import attrs

from govdisclosure.coordinates import MISSING, cell_of, join_pointer, locate, split_pointer
from govdisclosure.findings import Finding, InvalidValue, make_finding
from govdisclosure.model import Template

__all__ = ["rules_of_invalid"]

_REPAIRABLE = ("schema.", "value.invalid", "json.")
_NOT_CAPTURED = {"status": "not_captured"}


def rules_of_invalid(obj: Any, findings: Sequence[Finding]) -> list[Finding]:
    """The layout and rule findings of the document ``obj``, which has the error
    ``findings``; or one ``rules.not_run`` finding saying why there are none."""
    template = obj.get("template") if isinstance(obj, dict) else None
    if template not in {t.value for t in Template}:
        return [_not_run("the template is missing or unknown", "格式（template）缺失或未知")]
    errors = [f for f in findings if f.is_error]
    unrepairable = [f for f in errors if not f.code.startswith(_REPAIRABLE)]
    if unrepairable:
        return [_not_run(f"{unrepairable[0].code} cannot be set aside", f"{unrepairable[0].code}无法绕过")]
    repaired = copy.deepcopy(obj)
    invalid: dict[str, Any] = {}
    figures_left_out = False
    blank: Any = None
    for finding in errors:
        pointer = finding.pointer
        cell = cell_of(pointer, template)
        if cell is not None:
            original = _get(obj, cell)
            if _set(repaired, cell, dict(_NOT_CAPTURED)):
                invalid[cell] = None if original is MISSING else original
                continue
        if finding.code.startswith("json."):
            continue  # a duplicate key, a lone surrogate: the value parsed is checked by the schema
        parts = split_pointer(pointer)
        if parts[:1] == ["stated_figures"]:
            figures_left_out = True
            continue
        if finding.code == "schema.unknown_property":
            _delete(repaired, pointer)
            continue
        if blank is None:
            blank = _blank(template, obj.get("year"))
        value = _get(blank, pointer) if blank is not None else MISSING
        if value is MISSING:
            _delete(repaired, pointer)  # an optional field: left out (a required one fails the check below)
        elif not _set(repaired, pointer, copy.deepcopy(value)):
            where = pointer or "/"
            return [_not_run(f"the error at {where} cannot be set aside", f"{where}处的错误无法绕过")]
    if figures_left_out:
        repaired["stated_figures"] = []
    from govdisclosure._schema_findings import schema_findings
    from govdisclosure.convert import structure

    left = [f for f in schema_findings(repaired) if f.is_error]
    if left:
        where = left[0].pointer or "/"
        return [_not_run(f"the error at {where} cannot be set aside", f"{where}处的错误无法绕过")]
    try:
        report = structure(repaired)
    except Exception:  # a value no type can hold, already reported as value.invalid
        return [_not_run("the document cannot be read as a report", "无法按数据模型读取此文档")]
    from govdisclosure._audit import audit
    from govdisclosure.validation import _model_findings

    out = [f for f in _model_findings(report) if not (figures_left_out and f.pointer.startswith("/stated_figures"))]
    out.extend(_mark_invalid(f, invalid, template) for f in audit(report))
    if figures_left_out:
        out.append(
            make_finding(
                "rules.figures_not_checked",
                "/stated_figures",
                reason="a stated figure has an error",
                reason_zh="有文中数字存在错误",
            )
        )
    return out


def _mark_invalid(finding: Finding, invalid: dict[str, Any], template: str) -> Finding:
    """A rule that read a cell with an error: not assessable because of that error
    (said first), showing the value the document holds, never the stand-in."""
    if not invalid or not any(c.pointer in invalid for c in finding.cells):
        return finding
    from govdisclosure._audit import _not_assessable
    from govdisclosure._terms import _CellProblem
    from govdisclosure.model import Cell

    cells = tuple(
        attrs.evolve(c, value=InvalidValue(invalid[c.pointer])) if c.pointer in invalid else c for c in finding.cells
    )
    problems: list[Any] = [_Invalid(c.pointer, template) for c in cells if c.pointer in invalid]
    for c in cells:
        if c.pointer in invalid:
            continue
        if c.value is MISSING or c.value is None:
            problems.append(_CellProblem(c.pointer, "absent", Template(template)))
        elif isinstance(c.value, Cell) and c.value.value is None:
            problems.append(_CellProblem(c.pointer, c.value.status.value, Template(template)))
    label = _labels(template).get((finding.code, finding.instance), finding.code)
    return attrs.evolve(
        finding, cells=cells, expected=None, actual=None, difference=None, **_not_assessable(label, problems)
    )


class _Invalid:
    """A cell with a schema error, as a reason a rule is not assessable."""

    def __init__(self, pointer: str, template: str) -> None:
        self.where = locate(pointer, template) or pointer

    @property
    def reason_en(self) -> str:
        return f"{self.where} has an error (see above)"

    @property
    def reason_zh(self) -> str:
        return f"{self.where}有错误（见上文）"


@functools.cache
def _labels(template: str) -> dict[tuple[str, str | None], str]:
    from govdisclosure.rules import iter_rules

    return {(rule.code, inst.instance): inst.label_zh for rule, inst in iter_rules(Template(template))}


def _not_run(reason: str, reason_zh: str) -> Finding:
    return make_finding("rules.not_run", "", reason=reason, reason_zh=reason_zh)


def _blank(template: str, year: Any) -> Any:
    from govdisclosure.convert import unstructure
    from govdisclosure.extraction._form import blank_report

    try:
        return unstructure(blank_report(Template(template), year if type(year) is int else 2023))
    except (ValueError, TypeError):
        return None


def _get(node: Any, pointer: str) -> Any:
    for part in split_pointer(pointer):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def _set(root: Any, pointer: str, value: Any) -> bool:
    """Set the value at ``pointer`` (adding a missing last key); False where the path
    does not lead to an object or list."""
    parts = split_pointer(pointer)
    if not parts:
        return False
    parent = _get(root, join_pointer(parts[:-1]))
    last = parts[-1]
    if isinstance(parent, dict):
        parent[last] = value
        return True
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        parent[int(last)] = value
        return True
    return False


def _delete(root: Any, pointer: str) -> None:
    parts = split_pointer(pointer)
    parent = _get(root, join_pointer(parts[:-1]))
    if isinstance(parent, dict):
        parent.pop(parts[-1], None)
