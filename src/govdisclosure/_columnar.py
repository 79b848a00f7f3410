"""The audit and the ratios on Arrow batches: the catalogue's terms as column arithmetic.

A batch in the reports layout (:func:`govdisclosure.arrow.arrow_schema`) is taken
template by template. Every pointer a rule or a ratio reads becomes a whole column:
a count cell is one int64 column, and a cell that printed no clean number has an
entry in the ``cells`` map under its JSON Pointer, read as the object model reads it.
Terms are added with NumPy for every report at once, alternatives are chosen per
report, and the outcome, the numbers and the messages are the ones the object audit
(:func:`govdisclosure.audit`) and :func:`govdisclosure.ratios` give
for the same report: ``tests/test_columnar.py`` proves them equal.

Two things go to the object code, for the reports that need them only: reports with
a cell beyond what int64 arithmetic adds exactly (a count above 2**40, an annex value
with decimals), and the figures a narrative states (SF-1, SF-2), whose operands name
arbitrary cells, rows and groups. Both are counted in the batch result's metadata.
"""

from __future__ import annotations

import decimal
import functools
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from govdisclosure import _introspect
from govdisclosure._audit import (
    _CROSS_CELLS,
    RATE_HOLDS,
    RATE_TRUNCATED,
    RESTATEMENT_HOLDS,
    CrossRecord,
    _compiled,
    _not_assessable,
    audit,
    fail_messages,
    rate_finding,
    restated_cells,
    restatement_finding,
)
from govdisclosure._decimal import own_context
from govdisclosure._introspect import ListOf, ModelClass
from govdisclosure._ratios import RatioStatus
from govdisclosure._terms import _CellProblem
from govdisclosure._version import __version__
from govdisclosure.arrow import BODY_COLUMNS, _arrow_type, _decoder, from_table
from govdisclosure.coordinates import MISSING
from govdisclosure.errors import GovDisclosureError
from govdisclosure.findings import Finding, Outcome, Severity
from govdisclosure.model import (
    BODY_TYPES,
    ApplicantRow,
    Cell,
    CellStatus,
    Denied,
    Money,
    MoneyUnit,
    NotProcessed,
    OtherProcessing,
    StatedFigure,
    Template,
    UnableToProvide,
)
from govdisclosure.rules import RULES, RULES_VERSION, Relation, RuleInstance, Term

__all__ = ["AUDIT_BATCH_SCHEMA", "BatchError", "audit_batch", "batch_columns", "ratios_batch", "ratios_batch_schema"]

_NUMBER = 0
_ABSENT = 1
_STATUSES = ("blank", "slash", "dash", "not_applicable", "text", "not_captured")
_STATUS_CODE = {name: code for code, name in enumerate(_STATUSES, start=2)}
_BLANK = _STATUS_CODE["blank"]
#: A value int64 arithmetic does not hold exactly (an annex decimal): the object audit decides.
_EXACT = 8
_STATUS_NAME = {_ABSENT: "absent", **{code: name for name, code in _STATUS_CODE.items()}}
#: Counts up to this add exactly in int64 whatever the number of cells; beyond, objects decide.
_LIMIT = 2**40
_PATTERN_MARKS = ("*", "key=", "key^=")


_ROW_TYPE = _arrow_type(ApplicantRow)
_GROUP_TYPES = [_arrow_type(group) for group in (Denied, UnableToProvide, NotProcessed, OtherProcessing)]
#: What a pointer to a table, row or list resolves to: no number (the object code says so too).
_NOT_A_NUMBER = object()
#: Stated figures come after a report's rule instances (their order numbers are below this).
_FIGURES = 1 << 20


class _NeedObjects(Exception):
    """A figure reads something the columns do not answer as the model does: objects decide."""


def _model_type(tp: Any, parts: Sequence[str]) -> Any:
    """The model's type at a path of field names and list indices (None where there is none)."""
    return _model_type_at(tp, tuple(parts))


@functools.cache  # asked for every node of every batch
def _model_type_at(tp: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        if not isinstance(_introspect.shape(_introspect.strip_optional(tp)[0]), (ModelClass, ListOf)):
            return None
        tp = _introspect.child(tp, part)
        if tp is None:
            return None
    return _introspect.strip_optional(tp)[0]


class _RowCells:
    """:class:`govdisclosure._audit.FigureCells` of one report of a batch."""

    __slots__ = ("group", "row")

    def __init__(self, group: _Group, row: int) -> None:
        self.group = group
        self.row = row

    @property
    def template(self) -> Template:
        return self.group.template

    def value(self, pointer: str) -> Any:
        return self.group.value_at(pointer, self.row)

    def row_pointers(self, pointer: str) -> list[str]:
        return self.group.row_pointers(pointer, self.row)


class BatchError(GovDisclosureError):
    """A batch that is not in the reports layout; the message says what is missing."""


# --------------------------------------------------------------------------- reading cells


@attrs.define
class _Cells:
    """The cells one catalogue pointer names in every report of a template group.

    Fixed pointers name one cell per report (``starts`` is None); a pointer with a
    wildcard or a key names any number: report ``r`` has cells ``starts[r]`` to
    ``starts[r] + lens[r]``."""

    num: np.ndarray[Any, Any]  # int64; 0 where the cell holds no number
    state: np.ndarray[Any, Any]  # int8: _NUMBER, _ABSENT, a status code or _EXACT
    pointer: str
    starts: np.ndarray[Any, Any] | None = None
    lens: np.ndarray[Any, Any] | None = None
    rows: np.ndarray[Any, Any] | None = None  # the report of each cell (ragged only)
    concrete: Callable[[int], str] | None = None  # the pointer of cell k (ragged only)
    _per_report: dict[tuple[int, bool], tuple[Any, ...]] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def per_report(self, n: int, blank_as_zero: bool) -> tuple[Any, ...]:
        """Per report of ``n``: the sum of the numbers, whether some cell holds no number (a
        problem), needs the object code (exact), is present, is blank; and (ragged only, else
        None) whether the pointer named no cell. Read by every rule naming the pointer: once."""
        key = (n, blank_as_zero)
        if key not in self._per_report:
            self._per_report[key] = self._derive(n, blank_as_zero)
        return self._per_report[key]

    def _derive(self, n: int, blank_as_zero: bool) -> tuple[Any, ...]:
        state, num = self.state, self.num
        problem = state != _NUMBER
        if blank_as_zero:
            problem &= state != _BLANK
        problem &= state != _EXACT
        exact = (state == _EXACT) | (num > _LIMIT) | (num < -_LIMIT)
        present = state != _ABSENT
        blank = state == _BLANK
        if self.starts is None:
            return np.where(state == _NUMBER, num, 0), problem, exact, present, blank, None
        assert self.rows is not None
        assert self.lens is not None
        rows = self.rows
        totals = np.zeros(n, np.int64)
        np.add.at(totals, rows, np.where(state == _NUMBER, num, 0))
        return (
            totals,
            np.bincount(rows[problem], minlength=n) > 0,
            np.bincount(rows[exact], minlength=n) > 0,
            np.bincount(rows[present], minlength=n) > 0,
            np.bincount(rows[blank], minlength=n) > 0,
            self.lens == 0,
        )


def _ranges(
    offsets: np.ndarray[Any, Any], valid: np.ndarray[Any, Any], rows_of: np.ndarray[Any, Any] | None = None
) -> tuple[np.ndarray[Any, Any], ...]:
    """For list offsets: each item's report, its place in its list, its index in the child
    (of the lists ``rows_of`` only, their reports numbered in that order, when given)."""
    starts = offsets[:-1]
    lens = np.diff(offsets) * valid
    if rows_of is not None:
        starts, lens = starts[rows_of], lens[rows_of]
    rows = np.repeat(np.arange(len(lens)), lens)
    first = np.cumsum(lens) - lens
    within = np.arange(int(lens.sum())) - np.repeat(first, lens)
    return lens, rows, within, starts[rows] + within


def _numpy(array: pa.Array, fill: Any = 0) -> np.ndarray[Any, Any]:
    if array.null_count:
        array = array.fill_null(fill)
    return np.asarray(array.to_numpy(zero_copy_only=False))


def _valid(array: pa.Array) -> np.ndarray[Any, Any]:
    return np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


@attrs.frozen
class _Entries:
    """The ``cells`` map entries of one pointer: which reports, their state and number."""

    rows: np.ndarray[Any, Any]
    state: np.ndarray[Any, Any]
    num: np.ndarray[Any, Any]
    printed: pa.Array  # the printed texts of every entry of the batch (shared)
    index: np.ndarray[Any, Any]  # where this pointer's entries are in ``printed``

    def text(self, at: int) -> str | None:
        """The printed text of entry ``at``."""
        text: str | None = self.printed[int(self.index[at])].as_py()
        return text


def _entries(column: pa.Array | pa.ChunkedArray | None) -> dict[str, _Entries]:
    """The ``cells`` map, grouped by pointer."""
    if column is None:
        return {}
    array = _single(column)
    if len(array) == 0 or array.null_count == len(array):
        return {}
    offsets = np.asarray(array.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
    _, rows, _, index = _ranges(offsets, _valid(array))
    if not len(index):
        return {}
    if len(index) == len(array.keys) and bool(np.all(index == np.arange(len(index)))):
        keys, items = array.keys.dictionary_encode(), array.items  # every entry, in order: no copy
    else:
        taken = pa.array(index)
        keys, items = array.keys.take(taken).dictionary_encode(), array.items.take(taken)
    statuses = pc.struct_field(items, "status").fill_null("").dictionary_encode()
    codes = np.array(
        [_STATUS_CODE.get(name, _STATUS_CODE["text"]) for name in statuses.dictionary.to_pylist()], np.int8
    )
    value = pc.struct_field(items, "value")
    printed = pc.struct_field(items, "text")
    has = _valid(value)
    # as the reader of the layout does: an entry is the cell, whatever the column holds
    state = np.where(has, _NUMBER, codes[_numpy(statuses.indices)]).astype(np.int8)
    num = np.where(has, _numpy(value), 0).astype(np.int64)
    pointer = _numpy(keys.indices)
    order = np.argsort(pointer, kind="stable")
    bounds = np.searchsorted(pointer[order], np.arange(len(keys.dictionary) + 1))
    out = {}
    for k, name in enumerate(keys.dictionary.to_pylist()):
        chosen = order[bounds[k] : bounds[k + 1]]
        out[name] = _Entries(rows[chosen], state[chosen], num[chosen], printed, chosen)
    return out


class _Group:
    """The reports of one template in a batch, read pointer by pointer (each read once)."""

    def __init__(self, table: pa.Table, template: Template) -> None:
        self.template = template
        self.n = table.num_rows
        name = BODY_COLUMNS[template]
        if name not in table.column_names:
            raise BatchError(
                f"the batch holds {template.value} reports but no column {name}: it is not in the reports "
                "layout (pq.read_table and pyarrow.dataset read nested column paths such as "
                f"{name}.applications as flat columns; read with gd.read_batches)"
            )
        self.body: pa.Array = _single(table.column(name))
        self.entries = _entries(table.column("cells") if "cells" in table.column_names else None)
        self._cells: dict[str, _Cells] = {}
        self._present: dict[str, np.ndarray[Any, Any]] = {}
        self._nodes: dict[tuple[str, ...], pa.Array | None] = {}

    def node(self, parts: Sequence[str], base: pa.Array | None = None) -> pa.Array | None:
        """The array a path of field names (or list indices) leads to, parents' nulls
        included, or None where the layout has no such path."""
        if base is not None:
            return _step(base, parts)
        key = tuple(parts)
        if key not in self._nodes:
            if not key:
                return self.body
            parent = self.node(key[:-1])
            found = None if parent is None else _step(parent, key[-1:])
            known = _model_type(BODY_TYPES[self.template], key) is not None
            if found is None and parent is not None and pa.types.is_struct(parent.type) and known:
                column = ".".join([BODY_COLUMNS[self.template], *key])
                raise BatchError(f"the batch has no column {column}: read it (see batch_columns)")
            self._nodes[key] = found
        return self._nodes[key]

    def present(self, pointer: str) -> np.ndarray[Any, Any]:
        """Whether the pointer names a value (not absent) in each report."""
        if pointer not in self._present:
            array = self.node(_body_parts(pointer))
            self._present[pointer] = np.zeros(self.n, dtype=bool) if array is None else _valid(array)
        return self._present[pointer]

    def cells(self, pointer: str) -> _Cells:
        if pointer not in self._cells:
            if any(mark in pointer for mark in _PATTERN_MARKS):
                self._cells[pointer] = self._pattern(pointer)
            else:
                array = self.node(_body_parts(pointer))
                if array is None:
                    self._cells[pointer] = _Cells(
                        np.zeros(self.n, np.int64), np.full(self.n, _ABSENT, np.int8), pointer
                    )
                else:
                    num, state = self._leaf(array, pointer)
                    self._cells[pointer] = _Cells(num, state, pointer)
        return self._cells[pointer]

    # ----------------------------------------------------------------- one report's cells

    def value_at(self, pointer: str, row: int) -> Any:
        """What :func:`govdisclosure.coordinates.resolve` gives for this report."""
        if not pointer.startswith("/body/"):
            raise _NeedObjects(pointer)
        array = self.node(_body_parts(pointer))
        if array is None:
            return MISSING
        if pa.types.is_integer(array.type):
            cells = self.cells(pointer)
            state = int(cells.state[row])
            if state == _ABSENT:
                return MISSING
            entries = self.entries.get(pointer)
            found = np.flatnonzero(entries.rows == row) if entries is not None else np.zeros(0, np.int64)
            if entries is None or not len(found):  # a clean number, or a cell without its printed text
                return int(cells.num[row]) if state == _NUMBER else Cell(CellStatus(_STATUS_NAME[state]))
            at = int(found[0])
            text = entries.text(at)
            if state == _NUMBER:  # a number printed with more text: the cell as printed
                return Cell(CellStatus.NUMBER, text, int(entries.num[at]))
            return Cell(CellStatus(_STATUS_NAME[state]), text)
        if not array.is_valid()[row].as_py():
            return MISSING
        if pa.types.is_struct(array.type) and array.type.get_field_index("amount") >= 0:
            money = array[row].as_py()
            if money["amount"] is not None:
                return Money(decimal.Decimal(money["amount"]), MoneyUnit(money["unit"]), money["text"])
            return Cell(CellStatus(money["status"]), money["text"], money["value"])
        if pa.types.is_struct(array.type) and array.type.get_field_index("integer") >= 0:
            value = array[row].as_py()
            if value["integer"] is not None:
                return value["integer"]
            if value["decimal"] is not None:
                return decimal.Decimal(value["decimal"])
            return Cell(CellStatus(value["status"]), value["text"], value["value"])
        if pa.types.is_struct(array.type) or pa.types.is_list(array.type):
            return _NOT_A_NUMBER
        tp = _model_type(BODY_TYPES[self.template], _body_parts(pointer))
        if tp is decimal.Decimal and pa.types.is_string(array.type):  # a share as printed
            return decimal.Decimal(array[row].as_py())
        if tp is str:
            return array[row].as_py()  # text: no number
        raise _NeedObjects(pointer)  # other scalars: the model decides

    def values(self, pointer: str) -> list[Any]:
        """:meth:`value_at` of every report, a count cell's read column-wise."""
        if not pointer.startswith("/body/"):
            raise _NeedObjects(pointer)
        array = self.node(_body_parts(pointer))
        if array is None:  # not in this template's layout
            return [MISSING] * self.n
        if not pa.types.is_integer(array.type):
            return [self.value_at(pointer, row) for row in range(self.n)]
        cells = self.cells(pointer)
        out: list[Any] = cells.num.tolist()
        for row in np.flatnonzero(cells.state != _NUMBER).tolist():
            out[row] = MISSING if cells.state[row] == _ABSENT else None
        entries = self.entries.get(pointer)
        if entries is not None:  # printed with more text, or no number: the cell as printed
            for row in entries.rows.tolist():
                out[row] = None
        for row in [k for k, value in enumerate(out) if value is None]:
            out[row] = self.value_at(pointer, row)
        return out

    def row_pointers(self, pointer: str, row: int) -> list[str]:
        """As :meth:`govdisclosure._audit.ReportCells.row_pointers`, for this report."""
        if not pointer.startswith("/body/"):
            raise _NeedObjects(pointer)
        array = self.node(_body_parts(pointer))
        if array is None or not array.is_valid()[row].as_py():
            return [pointer]
        if array.type == _ROW_TYPE:
            return restated_cells(pointer, "row", (), lambda name: False)
        if array.type in _GROUP_TYPES:
            names = [array.type.field(i).name for i in range(array.type.num_fields)]
            return restated_cells(pointer, "group", names, lambda name: bool(self.present(f"{pointer}/{name}")[row]))
        return restated_cells(pointer, "cell", (), lambda name: False)

    def _leaf(
        self, array: pa.Array, pointer: str, concrete: Callable[[int], str] | None = None, rows: Any = None
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Numbers and states of a leaf array: a count cell (int64 and the ``cells`` map)
        or an annex value (a struct of integer, decimal, status and value). ``concrete``
        and ``rows``: the pointer and report of each item of a list."""
        if pa.types.is_struct(array.type) and array.type.get_field_index("integer") >= 0:  # an annex value
            integer, exact = pc.struct_field(array, "integer"), pc.struct_field(array, "decimal")
            status, value = pc.struct_field(array, "status"), pc.struct_field(array, "value")
            num = np.where(_valid(integer), _numpy(integer), _numpy(value))
            state = np.full(len(array), _ABSENT, np.int8)
            statuses = _numpy(status, "").astype(object)
            for name, code in _STATUS_CODE.items():
                state[statuses == name] = code
            state[_valid(value) & _valid(status)] = _NUMBER
            state[_valid(exact)] = _EXACT
            state[_valid(integer)] = _NUMBER
            return num.astype(np.int64), state
        if not pa.types.is_integer(array.type):
            raise BatchError(f"{pointer} is {array.type}, not a count cell (int64)")
        num = _numpy(array).astype(np.int64)
        state = np.where(_valid(array), _NUMBER, _ABSENT).astype(np.int8)
        if concrete is None:
            entries = self.entries.get(pointer)
            if entries is not None:
                num[entries.rows], state[entries.rows] = entries.num, entries.state
        elif self.entries:
            for k, row in enumerate(rows.tolist()):
                entries = self.entries.get(concrete(k))
                if entries is not None:
                    found = np.flatnonzero(entries.rows == row)
                    if len(found):
                        num[k], state[k] = entries.num[found[0]], entries.state[found[0]]
        return num, state

    def _pattern(self, pointer: str) -> _Cells:
        """A pointer with a list wildcard (``*``), a key (``key=X``) or a key prefix (``key^=X``)."""
        parts = _body_parts(pointer)
        mark = next(i for i, part in enumerate(parts) if part == "*" or part.startswith(("key=", "key^=")))
        base = "/" + "/".join(["body", *parts[:mark]])
        lists = self.node(parts[:mark])
        if lists is None or not pa.types.is_list(lists.type):
            empty = np.zeros(0, np.int64)
            return _Cells(
                empty, empty.astype(np.int8), pointer, np.zeros(self.n, np.int64), np.zeros(self.n, np.int64), empty
            )
        offsets = np.asarray(lists.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        lens, rows, within, index = _ranges(offsets, _valid(lists))
        items = lists.values.take(pa.array(index, pa.int64()))
        part = parts[mark]
        if part != "*":
            keys = _numpy(pc.struct_field(items, "key"), "").astype(object)
            wanted = part.split("=", 1)[1]
            keep = (
                np.array([k.startswith(wanted) for k in keys], dtype=bool)
                if part.startswith("key^=")
                else keys == wanted
            )
            keep = np.asarray(keep, dtype=bool) if len(keys) else np.zeros(0, dtype=bool)
            rows, within = rows[keep], within[keep]
            items = items.filter(pa.array(keep))
            lens = np.bincount(rows, minlength=self.n)
        rest = parts[mark + 1 :]
        node = _step(items, rest)
        starts = np.cumsum(lens) - lens
        suffix = "/".join(rest)

        def concrete(k: int) -> str:
            return f"{base}/{within[k]}/{suffix}"

        if node is None:
            num, state = np.zeros(len(rows), np.int64), np.full(len(rows), _ABSENT, np.int8)
        else:
            num, state = self._leaf(node, pointer, concrete, rows)
        return _Cells(num, state, pointer, starts, lens, rows, concrete)


def _step(array: pa.Array | None, parts: Sequence[str]) -> pa.Array | None:
    for part in parts:
        if array is None:
            return None
        if pa.types.is_map(array.type):  # a dict of the model (extra rows' cells): objects read it
            raise _NeedObjects(part)
        if part.isdigit() and pa.types.is_list(array.type):
            array = _element(array, int(part))
        elif pa.types.is_struct(array.type) and array.type.get_field_index(part) >= 0:
            # the child as it is where no parent is null (the cheap case), else with the parent's nulls
            array = array.field(part) if array.null_count == 0 else pc.struct_field(array, part)
        else:
            return None
    return array


def _element(lists: pa.Array, index: int) -> pa.Array | None:
    """Item ``index`` of each list (null where the list is shorter or null)."""
    if not pa.types.is_list(lists.type):
        return None
    lengths = _numpy(pc.list_value_length(lists))
    offsets = np.asarray(lists.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
    has = (lengths > index) & _valid(lists)
    if not has.any():
        return pa.nulls(len(lists), lists.type.value_type)
    positions = np.where(has, offsets[:-1] + index, offsets[:-1][has][0] + index)
    taken = lists.values.take(pa.array(positions, pa.int64()))
    return pc.if_else(pa.array(has), taken, pa.nulls(len(taken), taken.type))


def _single(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """One array for a column (no copy when it has one chunk)."""
    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def _body_parts(pointer: str) -> list[str]:
    parts = pointer.strip("/").split("/")
    if not parts or parts[0] != "body":
        raise BatchError(f"{pointer}: the batch audit reads the report's body only")
    return parts[1:]


# --------------------------------------------------------------------------- adding terms


@attrs.define
class _Side:
    """One side of a rule (or a ratio's numerator or denominator) for every report."""

    total: np.ndarray[Any, Any]
    present: np.ndarray[Any, Any]  # some cell is not absent
    problems: np.ndarray[Any, Any]  # some cell holds no number
    exact: np.ndarray[Any, Any]  # the object code must decide (big numbers, decimals)
    empty: np.ndarray[Any, Any]  # a wildcard or key named no cell
    blanks: np.ndarray[Any, Any]  # a blank cell read as zero
    reads: list[tuple[_Cells, np.ndarray[Any, Any] | None]]  # in reading order, with who reads them


def _side(group: _Group, terms: Sequence[Term], *, blank_as_zero: bool = False) -> _Side:
    n = group.n
    side = _Side(
        np.zeros(n, np.int64),
        np.zeros(n, bool),
        np.zeros(n, bool),
        np.zeros(n, bool),
        np.zeros(n, bool),
        np.zeros(n, bool),
        [],
    )
    for term in terms:
        if len(term.alternatives) == 1:
            for pointer in term.alternatives[0]:
                _add(side, group.cells(pointer), None, blank_as_zero)
            continue
        alternatives = [[group.cells(p) for p in alternative] for alternative in term.alternatives]
        if any(c.starts is not None for alternative in alternatives for c in alternative):
            raise BatchError("alternatives of list items are not supported by the batch evaluation")
        chosen = _choose(alternatives, n, blank_as_zero)
        for k, alternative in enumerate(alternatives):
            mask = chosen == k
            for cells in alternative:
                _add(side, cells, mask, blank_as_zero)
    return side


def _choose(alternatives: list[list[_Cells]], n: int, blank_as_zero: bool) -> np.ndarray[Any, Any]:
    """Per report, the alternative the object code reads: the first whose cells are all
    present and numbers; else (``blank_as_zero``) the present one with the most numbers,
    or the first present one; else the first, as it is."""
    present = np.array([np.all([c.state != _ABSENT for c in alt], axis=0) for alt in alternatives])
    numbers = np.array([np.sum([c.state == _NUMBER for c in alt], axis=0) for alt in alternatives])
    full = present & (numbers == np.array([len(alt) for alt in alternatives])[:, None])
    chosen = np.zeros(n, np.int64)
    decided = np.zeros(n, bool)
    for k in range(len(alternatives)):
        take = full[k] & ~decided
        chosen[take], decided[take] = k, True
    if blank_as_zero:
        best = np.where(present, numbers, -1)
        pick = np.argmax(best, axis=0)  # the first of the most
        take = ~decided & present.any(axis=0)
        chosen[take], decided[take] = pick[take], True
    else:
        for k in range(len(alternatives)):
            take = present[k] & ~decided
            chosen[take], decided[take] = k, True
    return chosen


def _add(side: _Side, cells: _Cells, mask: np.ndarray[Any, Any] | None, blank_as_zero: bool) -> None:
    num, problem, exact, present, blank, empty = cells.per_report(len(side.total), blank_as_zero)
    if empty is not None:  # list items: a report whose pointer named no cell
        side.empty |= empty if mask is None else empty & mask
    if mask is not None:
        num = np.where(mask, num, 0)
        problem, exact, present, blank = problem & mask, exact & mask, present & mask, blank & mask
    side.total += num
    side.problems |= problem
    side.exact |= exact
    side.present |= present
    if blank_as_zero:
        side.blanks |= blank
    side.reads.append((cells, mask))


def _problems(
    reads: Iterable[tuple[_Cells, np.ndarray[Any, Any] | None]], row: int, template: Template
) -> list[_CellProblem]:
    """The cells of one report that hold no number, in reading order (for the messages)."""
    out = []
    for cells, mask in reads:
        if mask is not None and not mask[row]:
            continue
        if cells.starts is None:
            state = int(cells.state[row])
            if state not in (_NUMBER, _EXACT):
                out.append(_CellProblem(cells.pointer, _STATUS_NAME[state], template))
            continue
        assert cells.lens is not None
        assert cells.concrete is not None
        start = int(cells.starts[row])
        for k in range(start, start + int(cells.lens[row])):
            state = int(cells.state[k])
            if state not in (_NUMBER, _EXACT):
                out.append(_CellProblem(cells.concrete(k), _STATUS_NAME[state], template))
    return out


# --------------------------------------------------------------------------- the audit


_OUTCOMES = [o.value for o in Outcome]
_OUTCOME_INDEX = {o: i for i, o in enumerate(Outcome)}
_SEVERITIES = [s.value for s in Severity]
_SEVERITY_INDEX = {s: i for i, s in enumerate(Severity)}
_DECIMAL = pa.decimal128(38, 10)


def _meta(label_zh: str, description: str) -> dict[bytes, bytes]:
    return {b"label_zh": label_zh.encode(), b"description": description.encode()}


_TEXT = pa.dictionary(pa.int32(), pa.string())
AUDIT_BATCH_SCHEMA = pa.schema(
    [
        pa.field(
            "report_index",
            pa.int32(),
            nullable=False,
            metadata=_meta("报告序号", "The report's row in the batch audited."),
        ),
        pa.field("report_id", pa.string(), metadata=_meta("报告编号", "The report's `report_id`.")),
        pa.field(
            "code", _TEXT, nullable=False, metadata=_meta("规则编号", "The rule's stable code (T3-1, L-5, SF-1, ...).")
        ),
        pa.field(
            "instance", _TEXT, metadata=_meta("规则实例", "Which row, column, block or stated figure the rule checked.")
        ),
        pa.field("outcome", _TEXT, nullable=False, metadata=_meta("结果", "pass, fail, not_assessable or truncated.")),
        pa.field(
            "severity",
            _TEXT,
            nullable=False,
            metadata=_meta("严重程度", "The rule's severity (info for a truncated rate)."),
        ),
        pa.field("pointer", _TEXT, nullable=False, metadata=_meta("JSON指针", "The cell the finding is about.")),
        pa.field("location", _TEXT, metadata=_meta("表格位置", "The official table coordinates of that cell.")),
        pa.field("expected", _DECIMAL, metadata=_meta("应为", "What the rule expected (null when not assessable).")),
        pa.field("actual", _DECIMAL, metadata=_meta("实为", "What the report gives.")),
        pa.field("difference", _DECIMAL, metadata=_meta("差额", "actual − expected.")),
        pa.field("message_zh", _TEXT, nullable=False, metadata=_meta("说明", "The finding in Chinese.")),
        pa.field("message_en", _TEXT, nullable=False, metadata=_meta("说明（英文）", "The finding in English.")),
    ],
    metadata={b"govdisclosure.table": b"findings", b"govdisclosure.rules_version": RULES_VERSION.encode()},
)


class _Strings:
    """A text column being built: texts by index (Python texts, and whole Arrow arrays of
    texts written by the columns), made a dictionary column at the end."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.segments: list[pa.Array] = []
        self.size = 1 << 30  # indices of segments start here, above the Python texts

    def __call__(self, text: str | None) -> int:
        if text is None:
            return -1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def add(self, texts: pa.Array) -> np.ndarray[Any, Any]:
        """Indices of an Arrow array of texts (nulls: -1)."""
        start = self.size + sum(len(s) for s in self.segments)
        self.segments.append(texts)
        return np.where(_valid(texts), np.arange(start, start + len(texts)), -1)

    def array(self, indices: np.ndarray[Any, Any]) -> pa.DictionaryArray:
        dictionary = pa.array(list(self.index), pa.string())
        if not self.segments:
            return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32(), mask=indices < 0), dictionary)
        pool = pa.concat_arrays([dictionary, *(s.cast(pa.string()) for s in self.segments)])
        flat = np.where(indices >= self.size, indices - self.size + len(dictionary), indices)
        texts = pool.take(pa.array(flat, pa.int64(), mask=indices < 0))
        encoded = texts.dictionary_encode()
        return pa.DictionaryArray.from_arrays(encoded.indices.cast(pa.int32()), encoded.dictionary)


_TEXT_COLUMNS = ("code", "instance", "outcome", "severity", "pointer", "location", "message_zh", "message_en")


@attrs.define
class _Chunk:
    """Findings of one rule instance over some reports (or an object audit's findings)."""

    rows: np.ndarray[Any, Any]
    seq: int
    texts: dict[str, np.ndarray[Any, Any]]
    numbers: np.ndarray[Any, Any]  # int64, shape (3, n): expected, actual, difference
    valid: np.ndarray[Any, Any]  # where the numbers exist
    places: np.ndarray[Any, Any] | None = None  # decimal places of the numbers (None: integers)
    exact: dict[int, tuple[Any, Any, Any]] = attrs.Factory(dict)  # k -> numbers int64 cannot hold


_NUMBER_NAMES = ("expected", "actual", "difference")
_INT64 = (-(2**63), 2**63 - 1)


def _scaled_decimal(mantissa: np.ndarray[Any, Any], places: int) -> pa.Array:
    """``mantissa × 10**-places`` as the findings' decimal type, exactly."""
    if places == 0:
        return pa.array(mantissa, pa.int64()).cast(_DECIMAL)
    words = np.empty(2 * len(mantissa), np.int64)
    words[0::2] = mantissa
    words[1::2] = np.where(mantissa < 0, -1, 0)  # the 128-bit two's complement, little-endian
    scaled = pa.Array.from_buffers(pa.decimal128(38, places), len(mantissa), [None, pa.py_buffer(words)])
    return scaled.cast(_DECIMAL)


class _Findings:
    """Findings gathered in chunks, then laid out report after report, each report's in
    the order of the object audit (rule instances, then stated figures)."""

    def __init__(self, passes: bool = True) -> None:
        self.passes = passes  # False: the findings of rules that hold are not wanted
        self.strings = {name: _Strings() for name in _TEXT_COLUMNS}
        for outcome in _OUTCOMES:
            self.strings["outcome"](outcome)
        for severity in _SEVERITIES:
            self.strings["severity"](severity)
        self.chunks: list[_Chunk] = []

    def add_columns(
        self,
        rows: np.ndarray[Any, Any],
        seq: int,
        texts: dict[str, np.ndarray[Any, Any] | int],
        numbers: np.ndarray[Any, Any],
        valid: np.ndarray[Any, Any],
        places: np.ndarray[Any, Any] | None = None,
    ) -> None:
        n = len(rows)
        columns = {
            name: np.full(n, value, np.int64) if isinstance(value, int) else value.astype(np.int64)
            for name, value in texts.items()
        }
        self.chunks.append(_Chunk(rows.astype(np.int64), seq, columns, numbers, valid, places))

    def add_objects(self, row: int, first_seq: int, findings: Sequence[Finding]) -> None:
        """An object audit's findings of one report; each its own chunk, in order."""
        for k, f in enumerate(findings):
            texts: dict[str, Any] = {
                "code": f.code,
                "instance": f.instance,
                "outcome": f.outcome.value if f.outcome is not None else None,
                "severity": f.severity.value,
                "pointer": f.pointer,
                "location": f.location,
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }
            values = [getattr(f, name) for name in _NUMBER_NAMES]
            valid = np.array([values[0] is not None])
            chunk = _Chunk(
                np.array([row], np.int64),
                first_seq + k,
                {name: np.array([self.strings[name](text)], np.int64) for name, text in texts.items()},
                np.zeros((3, 1), np.int64),
                valid,
            )
            if all(type(v) is int and _INT64[0] <= v <= _INT64[1] for v in values):
                chunk.numbers[:, 0] = values
            elif valid[0]:
                chunk.exact[0] = tuple(values)
            self.chunks.append(chunk)

    def table(self, report_ids: pa.Array | None) -> pa.Table:
        chunks = sorted((c for c in self.chunks if len(c.rows)), key=lambda c: c.seq)
        if not chunks:
            return AUDIT_BATCH_SCHEMA.empty_table()
        size = max(int(c.rows.max()) for c in chunks) + 1
        counts = np.zeros(size, np.int64)
        for chunk in chunks:
            counts[chunk.rows] += 1
        starts = np.cumsum(counts) - counts
        total = int(counts.sum())
        rows = np.empty(total, np.int64)
        texts = {name: np.empty(total, np.int64) for name in _TEXT_COLUMNS}
        numbers = np.zeros((3, total), np.int64)
        places = np.zeros(total, np.int64)
        valid = np.zeros(total, bool)
        exact: dict[int, tuple[Any, Any, Any]] = {}
        running = np.zeros(size, np.int64)
        for chunk in chunks:  # in sequence order: each report's findings fall in its order
            at = starts[chunk.rows] + running[chunk.rows]
            running[chunk.rows] += 1
            rows[at] = chunk.rows
            for name in _TEXT_COLUMNS:
                texts[name][at] = chunk.texts[name]
            numbers[:, at] = chunk.numbers
            valid[at] = chunk.valid
            if chunk.places is not None:
                places[at] = chunk.places
            for k, values in chunk.exact.items():
                exact[int(at[k])] = values
        columns: dict[str, Any] = {
            "report_index": pa.array(rows, pa.int32()),
            "report_id": report_ids.take(pa.array(rows)) if report_ids is not None else pa.nulls(total, pa.string()),
        }
        for name in _TEXT_COLUMNS:
            columns[name] = self.strings[name].array(texts[name])
        where = np.zeros(total, bool)
        where[list(exact)] = True
        for i, name in enumerate(_NUMBER_NAMES):
            column = _scaled_decimal(numbers[i], 0)
            for p in np.unique(places[places > 0]).tolist():
                at_p = places == p
                column = pc.if_else(pa.array(at_p), _scaled_decimal(numbers[i], p), column)
            if exact:
                replacements = [decimal.Decimal(exact[k][i]) for k in sorted(exact)]
                column = pc.replace_with_mask(column, pa.array(where), pa.array(replacements, _DECIMAL))
            columns[name] = pc.if_else(pa.array(valid | where), column, pa.nulls(total, _DECIMAL))
        return pa.table([columns[f.name] for f in AUDIT_BATCH_SCHEMA], schema=AUDIT_BATCH_SCHEMA)


def _compare(relation: Relation, lhs: np.ndarray[Any, Any], rhs: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    if relation is Relation.EQ:
        return np.asarray(lhs == rhs)
    if relation is Relation.LE:
        return np.asarray(lhs <= rhs)
    return np.asarray(lhs >= rhs)


def _instance_findings(
    group: _Group, seq: int, compiled: Any, rows_of: np.ndarray[Any, Any], out: _Findings, exact: np.ndarray[Any, Any]
) -> None:
    """One rule instance over a template group: its findings added to ``out``; reports the
    object code must decide marked in ``exact``."""
    rule, instance = compiled.rule, compiled.instance
    assert isinstance(instance, RuleInstance)
    applies = np.ones(group.n, bool)
    for pointer in instance.requires:
        applies &= group.present(pointer)
    lhs, rhs = _side(group, instance.lhs), _side(group, instance.rhs)
    applies &= ~(lhs.empty | rhs.empty) & lhs.present
    if instance.rhs:
        applies &= rhs.present
    exact |= applies & (lhs.exact | rhs.exact)
    applies &= ~exact
    if not applies.any():
        return
    problems = lhs.problems | rhs.problems
    holds = _compare(instance.relation, lhs.total, rhs.total)
    outcome = np.where(problems, _OUTCOME_INDEX[Outcome.NOT_ASSESSABLE], np.where(holds, 0, 1))[applies]
    where = np.flatnonzero(applies)
    strings = out.strings
    passed_zh, passed_en = compiled.passed
    message_zh = np.full(len(where), strings["message_zh"](passed_zh), np.int32)
    message_en = np.full(len(where), strings["message_en"](passed_en), np.int32)
    failed = np.flatnonzero(outcome == 1)
    for k in failed.tolist():
        row = where[k]
        params = {
            "instance_label": instance.label_zh,
            "expected": int(rhs.total[row]),
            "actual": int(lhs.total[row]),
            "difference": int(lhs.total[row] - rhs.total[row]),
        }
        zh, en = fail_messages(rule, **params)
        message_zh[k], message_en[k] = strings["message_zh"](zh), strings["message_en"](en)
    unassessed = np.flatnonzero(outcome == _OUTCOME_INDEX[Outcome.NOT_ASSESSABLE])
    if len(unassessed):
        _unassessed_messages(
            group, instance, lhs.reads + rhs.reads, where[unassessed], strings, message_zh, message_en, unassessed
        )
    valid = outcome != _OUTCOME_INDEX[Outcome.NOT_ASSESSABLE]
    out.add_columns(
        rows_of[where],
        seq,
        {
            "code": strings["code"](rule.code),
            "instance": strings["instance"](instance.instance),
            "outcome": outcome,
            "severity": _SEVERITY_INDEX[rule.severity],
            "pointer": strings["pointer"](compiled.where["pointer"]),
            "location": strings["location"](compiled.where["location"]),
            "message_zh": message_zh,
            "message_en": message_en,
        },
        np.stack([rhs.total[where], lhs.total[where], lhs.total[where] - rhs.total[where]]),
        valid,
    )


def _unassessed_messages(
    group: _Group,
    instance: RuleInstance,
    reads: list[tuple[_Cells, np.ndarray[Any, Any] | None]],
    rows: np.ndarray[Any, Any],
    strings: dict[str, _Strings],
    message_zh: np.ndarray[Any, Any],
    message_en: np.ndarray[Any, Any],
    at: np.ndarray[Any, Any],
) -> None:
    """The messages of the reports a rule could not assess: written once for each pattern
    of cells without numbers (the pattern decides the message), set at ``at``."""

    def texts(problems: list[_CellProblem], count: int | None = None) -> tuple[int, int]:
        found = _not_assessable(instance.label_zh, problems, count)
        return strings["message_zh"](found["message_zh"]), strings["message_en"](found["message_en"])

    if len(reads) >= 64 or any(cells.starts is not None for cells, _ in reads):  # lists: report by report
        cache: dict[tuple[Any, ...], tuple[int, int]] = {}
        for k, row in zip(at.tolist(), rows.tolist(), strict=True):
            problems = _problems(reads, int(row), group.template)
            key = (*tuple((p.pointer, p.status) for p in problems[:3]), len(problems))
            if key not in cache:
                cache[key] = texts(problems)
            message_zh[k], message_en[k] = cache[key]
        return
    matrix = np.stack(
        [
            cells.state[rows] if mask is None else np.where(mask[rows], cells.state[rows], _NUMBER)
            for cells, mask in reads
        ],
        axis=1,
    ).astype(np.int64)
    matrix[matrix == _EXACT] = _NUMBER
    # the message names the first three cells without a number and counts the rest: a key of
    # (column, state) for each of those three and the count decides it
    problem = matrix != _NUMBER
    count = problem.sum(axis=1)
    running = np.cumsum(problem, axis=1)
    key = count.copy()
    firsts = []
    for r in range(1, 4):
        has = count >= r
        column = np.argmax((running == r) & problem, axis=1)
        state = matrix[np.arange(len(rows)), column]
        firsts.append((has, column, state))
        key = key * 1024 + np.where(has, column * 16 + state + 1, 0)
    unique, first_at, inverse = np.unique(key, return_index=True, return_inverse=True)
    ids = np.zeros((len(unique), 2), np.int32)
    for u, k in enumerate(first_at.tolist()):
        problems = [
            _CellProblem(reads[int(column[k])][0].pointer, _STATUS_NAME[int(state[k])], group.template)
            for has, column, state in firsts
            if has[k]
        ]
        ids[u] = texts(problems, int(count[k]))
    inverse = np.asarray(inverse).reshape(-1)
    message_zh[at], message_en[at] = ids[inverse, 0], ids[inverse, 1]


def _as_table(batch: pa.Table | pa.RecordBatch) -> pa.Table:
    if isinstance(batch, pa.RecordBatch):
        return pa.Table.from_batches([batch])
    if isinstance(batch, pa.Table):
        return batch
    raise BatchError(f"expected a pyarrow Table or RecordBatch, got {type(batch).__name__}")


#: What the batch functions never read: narrative text (a report's bulk), left behind when
#: the rows of one template are taken out of a mixed batch.
_UNREAD = {"sections", "sentence"}


def _without(array: pa.Array, names: set[str]) -> pa.Array:
    """A struct array (or a list of structs) without the children named."""
    if pa.types.is_list(array.type):
        values = _without(array.values, names)
        mask = pc.invert(array.is_valid()) if array.null_count else None
        return pa.ListArray.from_arrays(array.offsets, values, mask=mask)
    if not pa.types.is_struct(array.type):
        return array
    keep = [i for i in range(array.type.num_fields) if array.type.field(i).name not in names]
    mask = pc.invert(array.is_valid()) if array.null_count else None
    children = [array.field(i) for i in keep]
    return pa.StructArray.from_arrays(children, fields=[array.type.field(i) for i in keep], mask=mask)


def _rows(table: pa.Table, rows: np.ndarray[Any, Any], template: Template) -> pa.Table:
    """The rows of one template (the table itself when it holds no other), with only the
    columns the batch functions read and without narrative text."""
    if len(rows) == table.num_rows:
        return table
    columns = {"template": _single(table.column("template"))}
    for name in (BODY_COLUMNS[template], "cells", "report_id"):  # stated figures: read in place
        if name in table.column_names:
            columns[name] = _without(_single(table.column(name)), _UNREAD)
    return pa.table(columns).take(pa.array(rows, pa.int64()))


def _templates(table: pa.Table) -> dict[Template, np.ndarray[Any, Any]]:
    if "template" not in table.column_names:
        raise BatchError("the batch has no 'template' column: it is not in the reports layout")
    encoded = _single(table.column("template")).cast(pa.string()).dictionary_encode()
    indices = _numpy(encoded.indices, -1)
    known = {t.value: t for t in Template}
    out = {}
    for k, value in enumerate(encoded.dictionary.to_pylist()):
        if value not in known:
            raise BatchError(f"unknown template in the batch: {value!r} (row {int(np.argmax(indices == k))})")
        out[known[value]] = np.flatnonzero(indices == k)
    if (indices < 0).any():
        raise BatchError(f"a report without a template in the batch (row {int(np.argmax(indices < 0))})")
    return out


def batch_columns(schema: pa.Schema) -> list[str]:
    """The columns of a reports file the batch functions read, as ``columns=`` of a Parquet
    file's readers (``pq.ParquetFile(path).iter_batches(columns=...)`` and ``.read``): everything
    but the narrative sections, a report's bulk. ``pq.read_table`` and ``pyarrow.dataset`` read
    such nested paths as flat columns instead: for them, and for datasets and partition folders,
    :func:`govdisclosure.read_batches` reads the same columns in the reports layout."""
    wanted = {"report_id", "template", "year", "title", "agency", "scope", "stated_figures", "cells", "province"}
    columns = []
    for field in schema:
        if field.name in BODY_COLUMNS.values():
            columns += [f"{field.name}.{child.name}" for child in field.type if child.name != "sections"]
        elif field.name in wanted:
            columns.append(field.name)
    return columns


@own_context
def audit_batch(batch: pa.Table | pa.RecordBatch, *, passes: bool = True) -> pa.Table:
    """Every rule of the catalogue on every report of a batch in the reports layout, as
    a long table of findings (:data:`AUDIT_BATCH_SCHEMA`): the findings
    :func:`govdisclosure.audit` gives for each report, in the same order, report after
    report. ``passes=False`` leaves out the rules that hold (what a large run keeps).

    The table's metadata says how many reports went to the object code (numbers beyond
    exact int64 arithmetic, stated figures)."""
    table = _as_table(batch)
    out = _Findings(passes)
    by_template = _templates(table)
    exact_rows: list[np.ndarray[Any, Any]] = []
    groups: dict[Template, _Group] = {}
    for template, rows_of in by_template.items():
        group = groups[template] = _Group(_rows(table, rows_of, template), template)
        exact = np.zeros(group.n, bool)
        for seq, compiled in enumerate(_compiled(template)):
            _instance_findings(group, seq, compiled, rows_of, out, exact)
        exact_rows.append(rows_of[exact])
    objects = np.sort(np.concatenate(exact_rows)) if exact_rows else np.zeros(0, np.int64)
    figured = 0
    for template, rows_of in by_template.items():
        group = groups[template]
        more, count = _figure_findings(group, table, rows_of, out, set(objects.tolist()))
        figured += count
        objects = np.union1d(objects, more)
    if len(objects):
        # findings of these reports come whole from the object audit
        _drop(out, objects)
        for row, report in zip(objects.tolist(), from_table(table.take(pa.array(objects, pa.int64()))), strict=True):
            out.add_objects(row, 0, audit(report))
    if not passes:
        _drop_passes(out)
    result = out.table(_single(table.column("report_id")) if "report_id" in table.column_names else None)
    metadata = dict(result.schema.metadata or {})
    metadata[b"govdisclosure.reports"] = str(table.num_rows).encode()
    metadata[b"govdisclosure.reports_by_objects"] = str(len(objects)).encode()
    metadata[b"govdisclosure.reports_with_figures"] = str(figured).encode()
    metadata[b"govdisclosure.version"] = __version__.encode()
    return result.replace_schema_metadata(metadata)


def cross_records(batch: pa.Table | pa.RecordBatch) -> list[CrossRecord]:
    """What the checks across reports need of each report of a batch in the reports layout
    (:meth:`CrossRecord.of` of each row), read from its columns: the identity and the few
    cells, as :func:`govdisclosure.coordinates.resolve` gives them."""
    from govdisclosure.parquet import _row_identities

    table = _as_table(batch)
    values: list[tuple[Any, ...]] = [()] * table.num_rows
    for template, rows_of in _templates(table).items():
        group = _Group(_rows(table, rows_of, template), template)
        columns = [group.values(pointer) for pointer in _CROSS_CELLS]
        for row, cells in zip(rows_of.tolist(), zip(*columns, strict=True), strict=True):
            values[row] = cells
    return [
        CrossRecord(name, region, year, Template(template), scope, cells)
        for (name, region, year, template, scope), cells in zip(_row_identities(table), values, strict=True)
    ]


def _drop_passes(out: _Findings) -> None:
    passed = out.strings["outcome"](Outcome.PASS.value)
    for chunk in out.chunks:
        _keep(chunk, chunk.texts["outcome"] != passed)
    out.chunks = [chunk for chunk in out.chunks if len(chunk.rows)]


def _drop(out: _Findings, rows: np.ndarray[Any, Any]) -> None:
    """Leave out the findings of ``rows`` (the object audit gives theirs whole)."""
    for chunk in out.chunks:
        _keep(chunk, ~np.isin(chunk.rows, rows))


def _keep(chunk: _Chunk, keep: np.ndarray[Any, Any]) -> None:
    if not keep.all():
        chunk.rows = chunk.rows[keep]
        chunk.texts = {name: values[keep] for name, values in chunk.texts.items()}
        chunk.numbers, chunk.valid = chunk.numbers[:, keep], chunk.valid[keep]
        chunk.places = None if chunk.places is None else chunk.places[keep]
        chunk.exact = {k: v for k, v in chunk.exact.items() if keep[k]} if chunk.exact else {}


_decode_figure = _decoder(StatedFigure)
#: A figure's value as exact decimal text with at most 15 digits before the point and six
#: after it (so that it fits integer arithmetic): a narrowing of the schema's decimal pattern
#: (``_patterns.DECIMAL_PATTERN``, tested); any other value goes to the per-figure code.
_VALUE = r"^(?P<whole>-?(?:0|[1-9][0-9]{0,14}))(?:\.(?P<fraction>[0-9]{1,6}))?$"
_RULE_SF1 = next(rule for rule in RULES if rule.code == "SF-1")
_RULE_SF2 = next(rule for rule in RULES if rule.code == "SF-2")
_QUALIFIERS = {"exact": 0, "more_than": 1, "less_than": 2, "approximate": 3}


def _operand_column(group: _Group, ref: str | None) -> tuple[np.ndarray[Any, Any], ...] | None:
    """A stated figure's operand for every report of the group: the number, and whether it
    is a clean integer the columns decide (else the per-figure code decides); None when
    the columns cannot read it at all."""
    if ref is None or not ref.startswith("/body/"):
        return None
    try:
        array = group.node(_body_parts(ref))
    except _NeedObjects:
        return None
    n = group.n
    zero = np.zeros(n, np.int64)
    if array is None:
        return zero, zero, np.zeros(n, bool)
    if pa.types.is_integer(array.type):
        cells = group.cells(ref)
        return cells.num, zero, (cells.state == _NUMBER) & (np.abs(cells.num) <= _LIMIT)
    if pa.types.is_string(array.type) and _model_type(BODY_TYPES[group.template], _body_parts(ref)) is decimal.Decimal:
        mantissa, places, clean, text = _decimal_texts(array)
        return mantissa, places, clean & _valid(array), text
    present = group.present(ref)
    if array.type == _ROW_TYPE:
        cells = group.cells(f"{ref}/total")
        return cells.num, zero, present & (cells.state == _NUMBER) & (np.abs(cells.num) <= _LIMIT)
    if array.type in _GROUP_TYPES:
        # restated_cells's rule for a group, asked once per pattern of the rows a report gives
        names = [array.type.field(i).name for i in range(array.type.num_fields)]
        given = np.stack([group.present(f"{ref}/{name}") for name in names], axis=1)
        patterns, inverse = np.unique(given, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        total, ok = np.zeros(n, np.int64), present.copy()
        for index, pattern in enumerate(patterns.tolist()):
            reports = inverse == index
            pointers = restated_cells(ref, "group", names, dict(zip(names, pattern, strict=True)).__getitem__)
            for pointer in pointers:
                cells = group.cells(pointer)
                total += np.where(reports, cells.num, 0)
                ok &= ~reports | ((cells.state == _NUMBER) & (np.abs(cells.num) <= _LIMIT))
        return total, zero, ok
    return None


@attrs.define
class _Operand:
    """One operand of each stated figure: an exact decimal (mantissa × 10**-places), whether
    the columns decide it (a clean number), and its text as the messages print it."""

    mantissa: np.ndarray[Any, Any]
    places: np.ndarray[Any, Any]
    ok: np.ndarray[Any, Any]
    text: Callable[[np.ndarray[Any, Any]], pa.Array]  # the texts of the figures ``at`` (made when printed)
    source: np.ndarray[Any, Any] | None = None  # the figure an id names (-1: none)


def _decimal_texts(
    values: pa.Array,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any], pa.Array]:
    """Decimal texts as mantissa, places, whether they parsed, and the text the messages
    print (an integral value without its zero places, as the object code prints it)."""
    values = values.cast(pa.string())
    filled = values.fill_null("") if values.null_count else values
    # most are plain integers (ASCII digits, no leading zero, at most 15): cast as they are
    length = _numpy(pc.utf8_length(filled))
    plain = (
        _numpy(pc.ascii_is_decimal(filled), False).astype(bool)
        & (length >= 1)
        & (length <= 15)
        & ((length == 1) | ~_numpy(pc.starts_with(filled, "0"), False).astype(bool))
    )
    n = len(values)
    mantissa, places, clean = np.zeros(n, np.int64), np.zeros(n, np.int64), plain.copy()
    if plain.any():
        mantissa[plain] = _numpy(filled.filter(pa.array(plain)).cast(pa.int64()))
    rest = np.flatnonzero(~plain)
    if not len(rest):
        return mantissa, places, clean, values
    taken = pa.array(rest, pa.int64())
    mantissa[rest], places[rest], clean[rest], texts = _parsed_decimals(values.take(taken))
    pick = np.arange(n)
    pick[rest] = n + np.arange(len(rest))
    return mantissa, places, clean, pa.concat_arrays([values, texts]).take(pa.array(pick))


def _parsed_decimals(
    values: pa.Array,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any], pa.Array]:
    """:func:`_decimal_texts` of the texts that are not plain integers, by the pattern."""
    parsed = pc.extract_regex(values.fill_null(""), _VALUE)
    clean = _valid(parsed)
    whole = pc.struct_field(parsed, "whole").fill_null("0")
    fraction = pc.struct_field(parsed, "fraction").fill_null("")
    places = _numpy(pc.utf8_length(fraction)).astype(np.int64)
    digits = pc.binary_join_element_wise(whole, fraction, "")
    # more digits than int64 holds (100000000000000.00000): the object code decides it
    wide = _numpy(pc.greater(pc.utf8_length(digits), 18), False).astype(bool)
    if wide.any():
        clean &= ~wide
        digits = pc.if_else(pa.array(wide), pa.scalar("0"), digits)
    mantissa = _numpy(digits.cast(pa.int64()))
    integral = _numpy(pc.match_substring_regex(fraction, "^0*$"), False).astype(bool)
    # a negative zero keeps its sign in decimal arithmetic: the object code decides it
    clean &= ~((mantissa == 0) & _numpy(pc.starts_with(values.fill_null(""), "-"), False).astype(bool))
    return mantissa, places, clean, pc.if_else(pa.array(integral), whole, values)


class _Ids:
    """The figures' ids, each made one key with its report, sorted once: where a figure that
    names another by id finds it (the first of its report with that id)."""

    def __init__(self, ids: pa.Array, local: np.ndarray[Any, Any]) -> None:
        encoded = ids.cast(pa.string()).dictionary_encode()
        self.dictionary = encoded.dictionary
        self.stride = len(self.dictionary) + 1  # code + 1: a figure without an id is 0, never found
        self.local = local.astype(np.int64)
        own = self.local * self.stride + (_numpy(encoded.indices, -1) + 1)
        self.order = np.argsort(own, kind="stable")
        self.sorted = own[self.order]

    def find(self, refs: pa.Array) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """For each figure, the figure its ``refs`` names in the same report, and whether found."""
        n = len(self.sorted)
        codes = _numpy(pc.index_in(refs.cast(pa.string()), value_set=self.dictionary), -1)
        wanted = self.local * self.stride + (codes + 1)
        at = np.clip(np.searchsorted(self.sorted, wanted), 0, max(n - 1, 0))
        hit = (codes >= 0) & (self.sorted[at] == wanted) if n else np.zeros(0, bool)
        return self.order[at], hit


def _operands(
    group: _Group, refs: pa.Array, local: np.ndarray[Any, Any], figures: _Operand, ids: _Ids | None
) -> _Operand:
    """Each figure's operand named by ``refs`` (its report: ``local``): a cell, row or group
    by pointer, or (given ``ids``) another figure of the same report by its id."""
    n = len(refs)
    mantissa, places, ok = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool)
    encoded = refs.dictionary_encode()
    codes = _numpy(encoded.indices, -1)
    named = np.zeros(n, bool)
    # texts: the integers' own, or a decimal cell's printed form
    pool: list[pa.Array] = []
    pick = np.arange(n)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(encoded.dictionary) + 1))
    for k, ref in enumerate(encoded.dictionary.to_pylist()):
        at = order[bounds[k] : bounds[k + 1]]
        if not ref.startswith("/"):
            named[at] = True
            continue
        column = _operand_column(group, ref)
        if column is not None:
            mantissa[at], places[at], ok[at] = column[0][local[at]], column[1][local[at]], column[2][local[at]]
            if len(column) > 3:
                pick[at] = n + sum(len(texts) for texts in pool) + np.arange(len(at))
                pool.append(column[3].take(pa.array(local[at])))
    pooled = pa.concat_arrays(pool) if pool else None

    def texts(at: np.ndarray[Any, Any]) -> pa.Array:
        own = _text(pa.array(mantissa[at]))
        if pooled is None:
            return own
        picked = pick[at] - n
        given = picked >= 0
        if not given.any():
            return own
        return pc.if_else(pa.array(given), pooled.take(pa.array(np.where(given, picked, 0))), own)

    if ids is not None and named.any():
        # another figure of the same report, by id
        found, hit = ids.find(refs)
        hit &= named
        source = found

        def by_source(at: np.ndarray[Any, Any]) -> pa.Array:
            return pc.if_else(pa.array(hit[at]), figures.text(source[at]), texts(at))

        return _Operand(
            np.where(hit, figures.mantissa[source], mantissa),
            np.where(hit, figures.places[source], places),
            np.where(hit, figures.ok[source], ok & ~named),
            by_source,
            np.where(hit, source, -1),
        )
    return _Operand(mantissa, places, ok, texts)


def _text(array: pa.Array) -> pa.Array:
    return array.cast(pa.string())


def _figure_findings(
    group: _Group, table: pa.Table, rows_of: np.ndarray[Any, Any], out: _Findings, skip: set[int]
) -> tuple[list[int], int]:
    """SF-1 and SF-2 on the stated figures of a template group. A check that holds on clean
    integers is decided by the columns; any other (a failure, a truncated rate, a blank
    operand, money, a figure named by id) by the object code's own functions on this
    report's cells. Returns the reports only objects can answer, and how many have figures."""
    if "stated_figures" not in table.column_names:
        return [], 0
    # the figures of this template's reports, read in place in the batch's column
    column = _single(table.column("stated_figures"))
    offsets = np.asarray(column.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
    lens, local, position, index = _ranges(offsets, _valid(column), rows_of)
    if not len(index):
        return [], 0
    keep = ~np.isin(rows_of[local], list(skip)) if skip else np.ones(len(index), bool)
    local, position, index = local[keep], position[keep], index[keep]
    # the figures' fields but their sentences (the checks never read them), of the reports kept
    structs = column.values
    names = [name for name in structs.type.names if name != "sentence"]
    every = len(index) == len(structs) and bool(np.all(index == np.arange(len(index))))
    taken = None if every else pa.array(index, pa.int64())
    field = {
        name: (values if taken is None else values.take(taken))
        for name in names
        for values in [pc.struct_field(structs, name)]
    }
    mantissa, places, clean, stated = _decimal_texts(field["value"])
    own = _Operand(mantissa, places, clean, lambda at: stated.take(pa.array(at, pa.int64())))
    subject = field["subject"]
    label = pc.if_else(pc.fill_null(pc.greater(pc.utf8_length(subject), 0), False), subject, field["id"])
    fallback: list[np.ndarray[Any, Any]] = []
    ids = field["id"]
    figures = _FigureColumns(rows_of[local], position, ids, label)

    # SF-1: a stated rate against its numerator over its denominator, rounded half up:
    # n/d × 100 at the stated places is (Vn·10^(pd+p+2)) / (Vd·10^pn), in integers
    has_rate = _valid(field["numerator"]) & _valid(field["denominator"])
    by_id = _Ids(ids, local)
    top = _operands(group, field["numerator"], local, own, by_id)
    bottom = _operands(group, field["denominator"], local, own, by_id)
    shift = bottom.places + places + 2
    fits = (np.abs(top.mantissa) * 10.0**shift < 9e18) & (np.abs(bottom.mantissa) * 10.0**top.places < 9e18)
    ok = has_rate & clean & top.ok & bottom.ok & (bottom.mantissa != 0) & fits
    dividend = np.where(ok, np.abs(top.mantissa), 0) * 10 ** np.where(ok, shift, 0)
    divisor = np.where(ok, np.abs(bottom.mantissa) * 10 ** np.where(ok, top.places, 0), 1)
    quotient, remainder = np.divmod(dividend, divisor)
    sign = np.where((top.mantissa < 0) != (bottom.mantissa < 0), -1, 1)
    rounded = sign * (quotient + (2 * remainder >= divisor))
    holds = ok & (rounded == mantissa)
    truncated = ok & ~holds & (sign * quotient == mantissa)
    fallback.append(has_rate & ~ok)
    # the rate at four places (half even), as the truncation message shows it
    exact_quotient, exact_remainder = np.divmod(
        np.where(truncated, np.abs(top.mantissa), 0) * 10 ** np.where(truncated, bottom.places + 6, 0), divisor
    )
    tie = 2 * exact_remainder
    exact = sign * (exact_quotient + ((tie > divisor) | ((tie == divisor) & (exact_quotient % 2 == 1))))
    texts = {
        "instance_label": label,
        "actual": stated,
        "numerator": top.text,
        "denominator": bottom.text,
        "expected": lambda at: _decimal_text(rounded[at], places[at], sign[at] < 0),
        "difference": lambda at: _decimal_text(mantissa[at] - rounded[at], places[at]),
        "exact": lambda at: _decimal_text(exact[at], np.full(len(at), 4), sign[at] < 0),
    }
    outcome = np.where(
        holds,
        _OUTCOME_INDEX[Outcome.PASS],
        np.where(truncated, _OUTCOME_INDEX[Outcome.TRUNCATED], _OUTCOME_INDEX[Outcome.FAIL]),
    )
    severity = np.where(truncated, _SEVERITY_INDEX[Severity.INFO], _SEVERITY_INDEX[_RULE_SF1.severity])
    shown = _shown(out, ok, outcome)
    zh = _choose_texts(
        shown,
        _wanted(
            out, {Outcome.PASS: RATE_HOLDS[0], Outcome.TRUNCATED: RATE_TRUNCATED[0], Outcome.FAIL: _RULE_SF1.message_zh}
        ),
        texts,
    )
    en = _choose_texts(
        shown,
        _wanted(
            out, {Outcome.PASS: RATE_HOLDS[1], Outcome.TRUNCATED: RATE_TRUNCATED[1], Outcome.FAIL: _RULE_SF1.message_en}
        ),
        texts,
    )
    numbers = np.stack([rounded, mantissa, mantissa - rounded])
    _figure_chunks(out, figures, _RULE_SF1, 0, ok, outcome, severity, places, numbers, zh, en)

    # SF-2: a figure restating a cell, a row's 总计 or a group's rows, as its qualifier says;
    # both sides at the larger of their places
    has_cell = _valid(field["refers_to"])
    cell = _operands(group, field["refers_to"], local, own, None)
    common = np.maximum(places, cell.places)
    fits = (np.abs(cell.mantissa) * 10.0 ** (common - cell.places) < 9e17) & (
        np.abs(mantissa) * 10.0 ** (common - places) < 9e17
    )
    ok = has_cell & clean & cell.ok & fits
    table_side = np.where(ok, cell.mantissa, 0) * 10 ** np.where(ok, common - cell.places, 0)
    stated_side = np.where(ok, mantissa, 0) * 10 ** np.where(ok, common - places, 0)
    qualifiers = field["qualifier"].fill_null("exact").dictionary_encode()
    known = np.array([_QUALIFIERS.get(q, -1) for q in qualifiers.dictionary.to_pylist()], np.int64)
    code = known[_numpy(qualifiers.indices)] if len(known) else np.zeros(len(qualifiers), np.int64)
    holds = ok & (
        ((code == 0) & (table_side == stated_side))
        | ((code == 1) & (table_side >= stated_side))
        | ((code == 2) & (table_side <= stated_side))
        | ((code == 3) & (np.abs(table_side - stated_side) * 10 <= np.abs(stated_side)))
    )
    fallback.append(has_cell & ~ok)
    texts = {
        "instance_label": label,
        "actual": field["printed"],
        "expected": cell.text,
        "difference": lambda at: _decimal_text(stated_side[at] - table_side[at], common[at]),
    }
    outcome = np.where(holds, _OUTCOME_INDEX[Outcome.PASS], _OUTCOME_INDEX[Outcome.FAIL])
    severity = np.full(len(outcome), _SEVERITY_INDEX[_RULE_SF2.severity])
    shown = _shown(out, ok, outcome)
    zh = _choose_texts(
        shown, _wanted(out, {Outcome.PASS: RESTATEMENT_HOLDS[0], Outcome.FAIL: _RULE_SF2.message_zh}), texts
    )
    en = _choose_texts(
        shown, _wanted(out, {Outcome.PASS: RESTATEMENT_HOLDS[1], Outcome.FAIL: _RULE_SF2.message_en}), texts
    )
    numbers = np.stack([table_side, stated_side, stated_side - table_side])
    _figure_chunks(out, figures, _RULE_SF2, 1, ok, outcome, severity, common, numbers, zh, en)

    # the rest, figure by figure, with the object code's functions on this report's cells
    objects: list[int] = []
    either = np.flatnonzero(fallback[0] | fallback[1])
    if len(either):
        # the figures themselves, from their columns (the checks never read the sentence)
        chosen = pa.Table.from_pydict({k: v.take(pa.array(either, pa.int64())) for k, v in field.items()}).to_pylist()
        values = field["value"].to_pylist()
        named = {}
        for operand in (top, bottom):
            if operand.source is not None:
                for k in either.tolist():
                    if operand.source[k] >= 0:
                        named[k, operand is bottom] = values[int(operand.source[k])]
        findings: dict[int, list[tuple[int, Finding]]] = defaultdict(list)
        stop: set[int] = set()
        for k, item in zip(either.tolist(), chosen, strict=True):
            report = int(local[k])
            row = int(rows_of[report])
            if row in stop:
                continue
            figure = _decode_figure({**item, "sentence": ""}, "", {})
            at = int(position[k])
            cells = _RowCells(group, report)
            refs = {}
            for is_bottom, ref in ((False, figure.numerator), (True, figure.denominator)):
                if (k, is_bottom) in named and ref is not None:
                    refs[ref] = _Named(decimal.Decimal(named[k, is_bottom]))
            try:
                if fallback[0][k]:
                    found = rate_finding(cells, at, figure, refs)  # type: ignore[arg-type]
                    if found is not None:
                        findings[row].append((_FIGURES + 2 * at, found))
                if fallback[1][k]:
                    found = restatement_finding(cells, at, figure)
                    if found is not None:
                        findings[row].append((_FIGURES + 2 * at + 1, found))
            except _NeedObjects:
                objects.append(row)
                stop.add(row)
        for row, found_here in findings.items():
            if row not in stop:
                for seq, found in found_here:
                    out.add_objects(row, seq, [found])
    return objects, int(np.count_nonzero(lens))


@attrs.frozen
class _Named:
    """A stated figure another one names by id: its value is all the checks read of it."""

    value: decimal.Decimal


@attrs.frozen
class _FigureColumns:
    """What every finding on a stated figure names: its report's row, its place in the
    report's list (its pointer), its id and its label (its location)."""

    rows: np.ndarray[Any, Any]
    position: np.ndarray[Any, Any]
    instance: pa.Array
    label: pa.Array


def _figure_chunks(
    out: _Findings,
    figures: _FigureColumns,
    rule: Any,
    j: int,
    decided: np.ndarray[Any, Any],
    outcome: np.ndarray[Any, Any],
    severity: np.ndarray[Any, Any],
    places: np.ndarray[Any, Any],
    numbers: np.ndarray[Any, Any],
    zh: pa.Array,
    en: pa.Array,
) -> None:
    """The checks the columns decided, as chunks of one figure position each (a report
    appears once in a chunk, so its findings keep the figures' order)."""
    if not out.passes:  # a rule that holds is not written (nor its message made)
        decided = decided & (outcome != _OUTCOME_INDEX[Outcome.PASS])
    at = np.flatnonzero(decided)
    if not len(at):
        return
    taken = pa.array(at, pa.int64())
    strings = out.strings
    rows, position = figures.rows, figures.position
    texts = {
        "instance": strings["instance"].add(figures.instance.take(taken)),
        "pointer": strings["pointer"].add(
            pc.binary_join_element_wise("/stated_figures/", _text(pa.array(position[at])), "")
        ),
        "location": strings["location"].add(pc.binary_join_element_wise("文中数据 · ", figures.label.take(taken), "")),
        "message_zh": strings["message_zh"].add(zh.take(taken)),
        "message_en": strings["message_en"].add(en.take(taken)),
        "outcome": outcome[at],
        "severity": severity[at],
    }
    code = strings["code"](rule.code)
    positions = position[at]
    for value in np.unique(positions).tolist():
        mine = np.flatnonzero(positions == value)
        out.add_columns(
            rows[at[mine]],
            _FIGURES + 2 * value + j,
            {"code": code, **{k: v[mine] for k, v in texts.items()}},
            numbers[:, at[mine]],
            np.ones(len(mine), bool),
            places[at[mine]],
        )


def _decimal_text(
    mantissa: np.ndarray[Any, Any], places: np.ndarray[Any, Any], negative: np.ndarray[Any, Any] | None = None
) -> pa.Array:
    """``mantissa × 10**-places`` as the messages print a decimal: an integral value without
    places, any other with exactly its places (``audit._number_text``). ``negative``: where a
    zero is a negative zero (a negative rate rounded to nothing keeps its sign)."""
    scale = 10 ** np.asarray(places, np.int64)
    magnitude = np.abs(mantissa)
    whole, fraction = np.divmod(magnitude, scale)
    minus = mantissa < 0 if negative is None else (mantissa < 0) | (negative & (mantissa == 0))
    text = pc.binary_join_element_wise(pc.if_else(pa.array(minus), "-", ""), _text(pa.array(whole)), "")
    for p in np.unique(places[fraction != 0]).tolist():
        mine = pa.array((fraction != 0) & (places == p))
        digits = pc.utf8_lpad(_text(pa.array(fraction)), width=int(p), padding="0")
        text = pc.if_else(mine, pc.binary_join_element_wise(text, ".", digits, ""), text)
    return text


def _shown(out: _Findings, decided: np.ndarray[Any, Any], outcome: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The outcomes of the figures whose findings are written (-1 for the others: those the
    object code decides, and passes when only problems are kept): only these get messages."""
    written = decided if out.passes else decided & (outcome != _OUTCOME_INDEX[Outcome.PASS])
    return np.where(written, outcome, -1)


def _wanted(out: _Findings, templates: dict[Outcome, str]) -> dict[Outcome, str]:
    """The message formats of the outcomes written: all, or all but a pass."""
    return templates if out.passes else {k: v for k, v in templates.items() if k is not Outcome.PASS}


def _choose_texts(
    outcome: np.ndarray[Any, Any],
    templates: dict[Outcome, str],
    values: dict[str, pa.Array | Callable[[np.ndarray[Any, Any]], pa.Array]],
) -> pa.Array:
    """A message per figure from the format string of its outcome, filled column by column
    (a value given as a function is computed for the figures that print it only)."""
    pieces, order = [], []
    for kind, template in templates.items():
        at = np.flatnonzero(outcome == _OUTCOME_INDEX[kind])
        if not len(at):
            continue
        taken = pa.array(at, pa.int64())
        parts: list[Any] = []
        for literal, name, _spec, _conversion in string.Formatter().parse(template):
            if literal:
                parts.append(literal)
            if name is not None:
                value = values[name]
                parts.append(value(at) if callable(value) else value.take(taken))
        pieces.append(pc.binary_join_element_wise(*parts, ""))
        order.append(at)
    rest = np.flatnonzero(~np.isin(outcome, [_OUTCOME_INDEX[kind] for kind in templates]))
    pieces.append(pa.nulls(len(rest), pa.string()))
    order.append(rest)
    where = np.empty(len(outcome), np.int64)
    where[np.concatenate(order)] = np.arange(len(outcome))
    return pa.concat_arrays([piece.cast(pa.string()) for piece in pieces]).take(pa.array(where))


# --------------------------------------------------------------------------- the ratios


def _struct_path(table: pa.Table, *names: str) -> pa.Array:
    array: pa.Array = _single(table.column(names[0]))
    for name in names[1:]:
        array = pc.struct_field(array, name)
    return array


def _identity(table: pa.Table) -> dict[str, pa.Array]:
    """The indicators table's identity columns, from the batch."""
    name = _struct_path(table, "agency", "name")
    region = _struct_path(table, "agency", "region", "name")
    code = _struct_path(table, "agency", "region", "code")
    if "province" in table.column_names:
        province = _single(table.column("province"))
    else:
        from govdisclosure.tables import province_of

        central = _numpy(_struct_path(table, "agency", "level"), "").astype(object) == "central"
        known: dict[tuple[Any, ...], str | None] = {}  # agencies of one region repeat: once per region
        province = pa.array(
            [
                known[key] if key in known else known.setdefault(key, province_of(*key))
                for key in zip(region.to_pylist(), code.to_pylist(), central.tolist(), strict=True)
            ],
            pa.string(),
        )
    from govdisclosure.tables import IDENTITY_FIELDS

    columns = {
        "report_id": _single(table.column("report_id")),
        "agency": name,
        "region": region,
        "region_code": code,
        "province": province,
        "year": _single(table.column("year")),
        "template": _single(table.column("template")),
        "scope": _single(table.column("scope")),
    }
    # the columns :data:`IDENTITY_FIELDS` declares (what ``identity_row`` gives for an object)
    return {name: columns[name].cast(tp) for name, tp, _zh, _en in IDENTITY_FIELDS}


_RATIO_STATUSES = [status.value for status in RatioStatus]
_OK, _OK_BLANK, _UNDEFINED, _NOT_ASSESSABLE, _NOT_REPORTED, _NOT_APPLICABLE = (
    _RATIO_STATUSES.index(status.value)
    for status in (
        RatioStatus.OK,
        RatioStatus.OK_BLANK_AS_ZERO,
        RatioStatus.UNDEFINED,
        RatioStatus.NOT_ASSESSABLE,
        RatioStatus.NOT_REPORTED,
        RatioStatus.NOT_APPLICABLE,
    )
)
#: Numerators up to this, times 10**8, stay within int64: the rounding is done in integers.
_RATIO_LIMIT = 9 * 10**10


@functools.cache
def ratios_batch_schema() -> pa.Schema:
    """The layout :func:`ratios_batch` gives: :func:`govdisclosure.tables.ratios_schema`."""
    from govdisclosure.tables import ratios_schema

    return ratios_schema()


def _rounded_rate(
    numerator: np.ndarray[Any, Any], denominator: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``numerator / denominator × 100`` rounded half-even to six places, as float64, exactly
    as the decimal computation gives it; and where the integers would not hold it."""
    safe = np.where(denominator == 0, 1, denominator)
    scaled = np.abs(numerator) * 10**8
    divisor = np.abs(safe)
    quotient, remainder = np.divmod(scaled, divisor)
    up = (2 * remainder > divisor) | ((2 * remainder == divisor) & (quotient % 2 == 1))
    quotient = quotient + up
    sign = np.where((numerator < 0) != (safe < 0), -1, 1)
    too_big = (np.abs(numerator) >= _RATIO_LIMIT) | (quotient >= 2**53)
    return sign * quotient / 1e6, too_big


@own_context
def ratios_batch(batch: pa.Table | pa.RecordBatch, *, blank_as_zero: bool = False) -> pa.Table:
    """Every ratio of every report of a batch in the reports layout: one row per report
    in the indicators layout with a status per ratio (:func:`ratios_batch_schema`), the
    values :func:`govdisclosure.ratios` and the indicators table give."""
    from govdisclosure._ratios import RATIOS
    from govdisclosure.tables import _TOTALS_GB, total_terms

    table = _as_table(batch)
    n = table.num_rows
    schema = ratios_batch_schema()
    columns: dict[str, Any] = _identity(table) if n else {}
    totals = {name: (np.zeros(n, np.int64), np.zeros(n, bool)) for name, _, _ in _TOTALS_GB}
    values = {d.id: (np.zeros(n, np.float64), np.zeros(n, bool), np.full(n, _NOT_APPLICABLE, np.int8)) for d in RATIOS}
    objects = np.zeros(n, bool)
    for template, rows_of in _templates(table).items():
        group = _Group(_rows(table, rows_of, template), template)
        for name, terms in total_terms(template):
            if not terms:
                continue
            side = _side(group, terms)
            objects[rows_of[side.exact]] = True
            ok = side.present & ~side.empty & ~side.problems
            totals[name][0][rows_of] = side.total
            totals[name][1][rows_of] = ok
        for definition in RATIOS:
            formula = definition.formulas.get(template)
            if formula is None:
                continue
            top = _side(group, formula.numerator, blank_as_zero=blank_as_zero)
            bottom = _side(group, formula.denominator, blank_as_zero=blank_as_zero)
            rate, too_big = _rounded_rate(top.total, bottom.total)
            status = np.full(group.n, _OK, np.int8)
            status[top.blanks | bottom.blanks] = _OK_BLANK
            status[bottom.total == 0] = _UNDEFINED
            status[top.problems | bottom.problems] = _NOT_ASSESSABLE
            absent = top.empty | bottom.empty
            for terms, side in ((formula.numerator, top), (formula.denominator, bottom)):
                if terms:
                    absent |= ~side.present
            status[absent] = _NOT_REPORTED
            computed = (status == _OK) | (status == _OK_BLANK)
            objects[rows_of[top.exact | bottom.exact | (too_big & computed)]] = True
            value, valid, statuses = values[definition.id]
            value[rows_of], valid[rows_of], statuses[rows_of] = rate, computed, status
    handed = np.flatnonzero(objects)
    if len(handed):
        _ratios_by_objects(table, handed, totals, values, blank_as_zero)
    for name, _, _ in _TOTALS_GB:
        number, valid = totals[name]
        columns[name] = pa.array(number, pa.int64(), mask=~valid)
    status_dictionary = pa.array(_RATIO_STATUSES, pa.string())
    for definition in RATIOS:
        value, valid, statuses = values[definition.id]
        columns[definition.id] = pa.array(value, pa.float64(), mask=~valid)
        columns[f"{definition.id}_status"] = pa.DictionaryArray.from_arrays(
            pa.array(statuses, pa.int8()), status_dictionary
        )
    if not n:
        return schema.empty_table()
    result = pa.table([columns[f.name] for f in schema], schema=schema)
    metadata = dict(schema.metadata or {})
    metadata[b"govdisclosure.reports_by_objects"] = str(len(handed)).encode()
    metadata[b"govdisclosure.version"] = __version__.encode()
    return result.replace_schema_metadata(metadata)


def _ratios_by_objects(
    table: pa.Table,
    rows: np.ndarray[Any, Any],
    totals: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]],
    values: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]],
    blank_as_zero: bool,
) -> None:
    """The reports whose numbers int64 does not hold exactly, through the object code."""
    from govdisclosure._ratios import ratios
    from govdisclosure.tables import report_totals

    index = {status: i for i, status in enumerate(_RATIO_STATUSES)}
    for row, report in zip(rows.tolist(), from_table(table.take(pa.array(rows, pa.int64()))), strict=True):
        for name, total in report_totals(report).items():
            number, valid = totals[name]
            valid[row] = total is not None
            number[row] = total if total is not None else 0
        for ratio in ratios(report, blank_as_zero=blank_as_zero):
            value, valid, statuses = values[ratio.id]
            valid[row] = ratio.value is not None
            value[row] = float(ratio.value) if ratio.value is not None else 0.0
            statuses[row] = index[ratio.status.value]
