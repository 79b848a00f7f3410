"""The term engine: what the rule catalogue, the ratios, the analysis tables and the charts
add up, and how.

A :class:`Term` is an operand: alternatives (the first whose cells all hold numbers is read),
each a list of JSON Pointers whose numbers are added; a pointer may name every item of a list
(``*``) or the items whose canonical key is, or starts with, a text (``key=X``, ``key^=X``).
:func:`sum_terms` adds a report's cells, and says why it cannot (a cell without a number is
never read as zero); :func:`sum_program` is its compiled form for many pairs of terms at once.
The audit (:mod:`govdisclosure._audit`) concludes rules from these sums; the ratios and the
tables use them without the audit.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from govdisclosure import _codegen
from govdisclosure.coordinates import MISSING, column_name, locate, resolve
from govdisclosure.errors import GovDisclosureError
from govdisclosure.findings import CellRef
from govdisclosure.model import AnnualReport, Cell, Money, Template

__all__ = [
    "NOT_APPLICABLE",
    "AuditError",
    "CellSpec",
    "Term",
    "TermSum",
    "cell_number",
    "cell_specs",
    "sum_program",
    "sum_terms",
    "term",
]


@attrs.frozen
class Term:
    """One operand: alternatives, each a list of pointers whose numbers are added."""

    alternatives: tuple[tuple[str, ...], ...]

    @property
    def pointers(self) -> tuple[str, ...]:
        return tuple(p for alternative in self.alternatives for p in alternative)


def term(*pointers: str) -> Term:
    """A term of one alternative."""
    return Term((tuple(pointers),))


class AuditError(GovDisclosureError):
    """An operand could not be read as a number; the reason names the cell."""

    def __init__(self, reason_en: str, reason_zh: str) -> None:
        super().__init__(reason_en)
        self.reason_en = reason_en
        self.reason_zh = reason_zh


_STATUS_EN = {
    "blank": "blank",
    "slash": '"/"',
    "dash": "a dash",
    "not_applicable": "not applicable",
    "text": "text",
    "not_captured": "not captured from the source",
}


_STATUS_ZH = {
    "blank": "为空白",
    "slash": "为“/”",
    "dash": "为“—”",
    "not_applicable": "为不适用",
    "text": "为文字",
    "not_captured": "未取得",
}


def cell_number(value: Any, where: str = "") -> int | decimal.Decimal:
    """The number a cell holds, or :class:`AuditError` saying why there is none."""
    if isinstance(value, bool):
        raise AuditError(f"{where} is not a number", f"{where}不是数字")
    if isinstance(value, (int, decimal.Decimal)):
        return value
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, Cell):
        if value.value is not None:
            return value.value
        status = value.status.value
        raise AuditError(f"{where} is {_STATUS_EN[status]}", f"{where}{_STATUS_ZH[status]}")
    if value is MISSING:
        raise AuditError(f"{where} is absent", f"{where}缺失")
    raise AuditError(f"{where} is not a number", f"{where}不是数字")


class _CellProblem:
    """A cell without a number; its message is written only when shown."""

    __slots__ = ("pointer", "status", "template")

    def __init__(self, pointer: str, status: str, template: Template) -> None:
        self.pointer = pointer
        self.status = status
        self.template = template

    @property
    def where(self) -> str:
        return locate(self.pointer, self.template) or self.pointer

    @property
    def reason_en(self) -> str:
        return f"{self.where} is {_STATUS_EN.get(self.status, self.status)}"

    @property
    def reason_zh(self) -> str:
        return f"{self.where}{_STATUS_ZH.get(self.status, self.status)}"


Problem = AuditError | _CellProblem


_STATUS_EN["absent"] = "absent"


_STATUS_ZH["absent"] = "缺失"


def _expand(report: AnnualReport, pointer: str) -> list[str]:
    """Concrete pointers for a catalogue pointer: ``*`` every list item, ``key=X`` the
    item whose canonical key is X, ``key^=X`` every item whose key starts with X."""
    if "*" not in pointer and "key=" not in pointer and "key^=" not in pointer:
        return [pointer]
    parts = pointer.split("/")
    for i, part in enumerate(parts):
        if part == "*" or part.startswith(("key=", "key^=")):
            base = "/".join(parts[:i])
            items = resolve(report, base)
            if not isinstance(items, tuple):
                return []
            rest = "/".join(parts[i + 1 :])
            if part == "*":
                chosen: Iterable[int] = range(len(items))
            elif part.startswith("key^="):
                chosen = [j for j, item in enumerate(items) if (getattr(item, "key", None) or "").startswith(part[5:])]
            else:
                chosen = [j for j, item in enumerate(items) if getattr(item, "key", None) == part[4:]]
            return [p for j in chosen for p in _expand(report, f"{base}/{j}/{rest}")]
    return [pointer]


@attrs.define
class _Reading:
    cells: list[CellRef] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    raw: list[tuple[str, str | None, str, Any]] = attrs.Factory(list)  # cells read, made CellRefs when shown
    wildcard_empty: bool = False
    all_missing: bool = True


def _read_terms(
    report: AnnualReport, terms: Sequence[Term], reading: _Reading, *, blank_as_zero: bool = False
) -> decimal.Decimal:
    total = decimal.Decimal(0)
    template = report.template
    for term in terms:
        candidates: list[list[tuple[str, Any]]] = []
        for alternative in term.alternatives:
            expanded = [p for pointer in alternative for p in _expand(report, pointer)]
            if not expanded and any("*" in p or "key" in p for p in alternative):
                reading.wildcard_empty = True
            cells = [(p, resolve(report, p)) for p in expanded]
            if len(term.alternatives) == 1:
                candidates.append(cells)  # the only reading: present or not, it is what is read
                break
            if cells and all(value is not MISSING for _, value in cells):
                candidates.append(cells)
        chosen = (
            candidates[0]
            if len(term.alternatives) == 1 and candidates
            else _choose([c for c in candidates if c and all(v is not MISSING for _, v in c)], blank_as_zero)
        )
        if chosen is None:  # report the first alternative's cells as they are
            chosen = [(p, resolve(report, p)) for pointer in term.alternatives[0] for p in _expand(report, pointer)]
        for pointer, value in chosen:
            reading.cells.append(CellRef(pointer, locate(pointer, template), column_name(pointer), value))
            total += _take(reading, pointer, value, template, blank_as_zero)
    return total


def _take(
    reading: _Reading, pointer: str, value: Any, template: Template, blank_as_zero: bool = False
) -> int | decimal.Decimal:
    """What a cell adds to a sum; a cell without a number is noted as a problem, never as zero."""
    if type(value) is int:
        reading.all_missing = False
        return value
    if value is MISSING:
        reading.problems.append(_CellProblem(pointer, "absent", template))
        return 0
    reading.all_missing = False
    if isinstance(value, Cell) and value.value is None:
        if not (blank_as_zero and value.status.value == "blank"):
            reading.problems.append(_CellProblem(pointer, value.status.value, template))
        return 0
    return cell_number(value, pointer)


def _choose(candidates: list[list[tuple[str, Any]]], blank_as_zero: bool) -> list[tuple[str, Any]] | None:
    """The alternative to read: the first whose cells all hold numbers; with
    ``blank_as_zero``, the one with the most numbers; else the first present."""
    if not candidates:
        return None
    numbers = [sum(_has_number(value) for _, value in c) for c in candidates]
    for candidate, count in zip(candidates, numbers, strict=True):
        if count == len(candidate):
            return candidate
    if blank_as_zero:
        return candidates[numbers.index(max(numbers))]
    return candidates[0]


def _has_number(value: Any) -> bool:
    return (isinstance(value, (int, decimal.Decimal, Money)) and not isinstance(value, bool)) or (
        isinstance(value, Cell) and value.value is not None
    )


@attrs.frozen
class TermSum:
    """The sum of some terms of a report, or why there is none."""

    value: decimal.Decimal | None
    absent: bool
    problems: tuple[Problem, ...]
    cells: tuple[CellRef, ...]


def sum_terms(report: AnnualReport, terms: Sequence[Term], *, blank_as_zero: bool = False) -> TermSum:
    """Add the numbers of ``terms``; ``absent`` when the report does not give them at all."""
    reading = _Reading()
    total = _read_terms(report, terms, reading, blank_as_zero=blank_as_zero)
    absent = reading.wildcard_empty or (reading.all_missing and bool(terms))
    value = None if reading.problems or absent else total
    return TermSum(value, absent, tuple(reading.problems), tuple(reading.cells))


CellSpec = tuple[str, str | None, str]  # pointer, printed location, Parquet column


def cell_specs(terms: Sequence[Term], template: Template) -> tuple[CellSpec, ...] | None:
    """The cells of the terms' first alternatives with their coordinates (what a finding
    names); ``None`` where a pointer is not a fixed cell (list items, wildcards)."""
    out = []
    for term in terms:
        for pointer in term.alternatives[0]:
            if not _fixed(pointer):
                return None
            out.append((pointer, locate(pointer, template), column_name(pointer)))
    return tuple(out)


def _fixed(pointer: str) -> bool:
    """Whether a pointer names a fixed cell: field names only (no list items, wildcards, keys)."""
    return all(p.isidentifier() for p in pointer.strip("/").split("/"))


class _NotApplicable:
    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


#: What :func:`sum_program` gives for an entry whose required cells are absent.
NOT_APPLICABLE: Any = _NotApplicable()


def sum_program(
    entries: Sequence[tuple[Sequence[Term], Sequence[Term]] | None],
    requires: Sequence[Sequence[str]] | None = None,
) -> Callable[[AnnualReport], list[Any]]:
    """Generated code reading the cells of many ``(lhs, rhs)`` pairs of terms at once,
    each object on the way read once: the compiled form of :func:`sum_terms`. For each
    entry: ``(Σ lhs, Σ rhs)`` when every cell of the terms' first alternatives holds a
    clean integer; else the tuple of the values read (never a pair of ints; ``None`` for a
    cell that is absent, or inside a part that is); :data:`NOT_APPLICABLE` where a pointer
    of the entry's ``requires`` is absent; ``None`` where the entry cannot be read this way
    (list items, wildcards): the reference reading decides those."""
    prefixes: dict[str, str] = {"": "r"}
    lines = ["def run(r):", "    out = []"]

    def read(parent_var: str, attr: str) -> str:
        # the report itself is always there; a part below it may be absent (None)
        return (
            f"{parent_var}.{attr}" if parent_var == "r" else f"(None if {parent_var} is None else {parent_var}.{attr})"
        )

    def var(path: str) -> str:
        if path in prefixes:
            return prefixes[path]
        parent, _, attr = path.rpartition(".")
        parent_var = var(parent)
        name = f"p{len(prefixes)}"
        prefixes[path] = name
        lines.append(f"    {name} = {read(parent_var, attr)}")
        return name

    def leaf(pointer: str) -> str | None:
        if not _fixed(pointer):
            return None
        parts = pointer.strip("/").split("/")
        return read(var(".".join(parts[:-1])), parts[-1])

    body: list[str] = []
    for index, entry in enumerate(entries):
        reads = None
        needed = [leaf(p) for p in (requires[index] if requires is not None else ())]
        if entry is not None and None not in needed:
            lhs = [leaf(p) for term in entry[0] for p in term.alternatives[0]]
            rhs = [leaf(p) for term in entry[1] for p in term.alternatives[0]]
            if None not in lhs and None not in rhs:
                reads = (lhs, rhs)
        if reads is None:
            body.append("    out.append(None)")
            continue
        lhs, rhs = reads
        names = [f"v{i}" for i in range(len(lhs) + len(rhs))]
        indent = "    "
        if needed:
            absent = " or ".join(f"{expr} is None" for expr in needed)
            body.append(f"    if {absent}:\n        out.append(NOT_APPLICABLE)\n    else:")
            indent = "        "
        body.extend(f"{indent}{n} = {expr}" for n, expr in zip(names, lhs + rhs, strict=True))
        check = " and ".join(f"type({n}) is int" for n in names)
        left = " + ".join(names[: len(lhs)]) or "0"
        right = " + ".join(names[len(lhs) :]) or "0"
        body.append(f"{indent}out.append(({left}, {right}) if {check} else ({', '.join(names)},))")
    source = "\n".join([*lines, *body, "    return out"]) + "\n"
    namespace: dict[str, Any] = {"NOT_APPLICABLE": NOT_APPLICABLE}
    _codegen.run(source, namespace, "compiled sum")
    run: Callable[[AnnualReport], list[Any]] = namespace["run"]
    return run
