"""The Arrow schema of a report, derived from the model, and the conversion both ways.

One row per report; every field of the model is a column or a struct child, with
its Chinese label and English description in the field metadata. The layout:

* a count cell is an ``int64`` column holding its number: what SQL sums. A cell that
  printed no clean number (blank, "/", "—", 不适用, text, or a number with text) is
  also an entry of the report's ``cells`` map, keyed by its JSON Pointer, with its
  ``status``, printed ``text`` and ``value``; its column holds the number when it has
  one and null otherwise. (One leaf column per cell keeps files and writers small.)
* a money cell is ``struct<amount: string, unit: string, text: string, status:
  string, value: int64>``: ``amount`` is the exact decimal text;
* other decimals are exact decimal text; dates are ``date32``; enums are strings;
* the body is one struct column per template (``body_gb2021`` ...), null for the others;
* narrative sections are flattened to a list of ``{key, heading, text, level}`` in
  printed order (Arrow has no recursive types); ``extensions`` is JSON text.

Nothing is lost: objects → Arrow → objects gives equal objects, and the JSON text
of the report is byte for byte the same (tested on every example and on generated
reports).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import itertools
import json
import operator
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from govdisclosure import _codegen, _gc, _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, OptionalOf, Scalar
from govdisclosure.convert import decimal_text
from govdisclosure.model import BODY_TYPES, AnnualReport, Cell, CellStatus, Money, MoneyUnit, Section, Template
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.cells import CellKind
from govdisclosure.schema import SCHEMA_ID, SCHEMA_VERSION

__all__ = [
    "ARROW_SCHEMA_VERSION",
    "arrow_schema",
    "from_rows",
    "from_table",
    "report_id",
    "to_rows",
    "to_table",
]

#: Version of the Arrow layout; a reader refuses a file of another major version.
ARROW_SCHEMA_VERSION = "2.1.0"
#: Field metadata key marking an int64 column that is a count cell.
CELL_METADATA = b"govdisclosure.cell"

_STATUS = {s.value: s for s in CellStatus}
_UNITS = {u.value: u for u in MoneyUnit}


def _meta(label_zh: str, description: str) -> dict[bytes, bytes]:
    return {b"label_zh": label_zh.encode(), b"description": description.encode()}


#: An entry of the ``cells`` map: a count cell that printed no clean number.
CELL_ENTRY = pa.struct(
    [
        pa.field(
            "status",
            pa.string(),
            metadata=_meta(
                "单元格状态",
                "blank, slash, dash, not_applicable, text, not_captured, or number when printed with text.",
            ),
        ),
        pa.field("text", pa.string(), metadata=_meta("原文", "The printed text, when there was any.")),
        pa.field("value", pa.int64(), metadata=_meta("数值", "The number read from the text (status number).")),
    ]
)
CELLS_FIELD = pa.field(
    "cells",
    pa.map_(pa.string(), CELL_ENTRY),
    metadata=_meta(
        "非数字单元格",
        "Every count cell that did not print a clean number, by JSON Pointer: status, printed text and the "
        "number when there is one. Null when every count cell printed a clean number.",
    ),
)
MONEY_CELL = pa.struct(
    [
        pa.field("amount", pa.string(), metadata=_meta("金额", "The exact amount as decimal text.")),
        pa.field("unit", pa.string(), metadata=_meta("单位", "yuan (元) or wan_yuan (万元).")),
        pa.field("text", pa.string(), metadata=_meta("原文", "The printed text when it was not a clean amount.")),
        pa.field("status", pa.string(), metadata=_meta("单元格状态", "Set when the cell held no amount.")),
        pa.field("value", pa.int64(), metadata=_meta("数值", "Unused for money; kept for a uniform cell layout.")),
    ]
)
ANNEX_VALUE = pa.struct(
    [
        pa.field("integer", pa.int64(), metadata=_meta("整数", "The value when it is an integer.")),
        pa.field(
            "decimal", pa.string(), metadata=_meta("小数", "The exact value as decimal text when it is not an integer.")
        ),
        pa.field("status", pa.string(), metadata=_meta("单元格状态", "Set when the cell held something else.")),
        pa.field("text", pa.string(), metadata=_meta("原文", "The printed text.")),
        pa.field("value", pa.int64(), metadata=_meta("数值", "The number of a cell printed with text.")),
    ]
)
SECTION = pa.struct(
    [
        pa.field("key", pa.string(), metadata=_meta("章节键", "Canonical key of the section.")),
        pa.field("heading", pa.string(), metadata=_meta("标题", "The heading as printed.")),
        pa.field("text", pa.string(), metadata=_meta("正文", "The section's own text.")),
        pa.field("level", pa.int8(), metadata=_meta("层级", "0 for a section, 1 for its subsections, and so on.")),
    ]
)


@functools.cache  # the writer asks for it at every level of every batch
def _arrow_type(tp: Any) -> pa.DataType:
    match _introspect.shape(tp):
        case CellType(CellKind.COUNT | CellKind.SIGNED) | Scalar("int"):
            return pa.int64()
        case CellType(CellKind.MONEY):
            return MONEY_CELL
        case CellType(CellKind.ANNEX):
            return ANNEX_VALUE
        case OptionalOf(inner):
            return _arrow_type(inner)
        case Scalar("str" | "decimal") | EnumType() | JsonObject():
            return pa.string()  # decimals exact as text, enums as their values, free JSON as its text
        case Scalar("float"):
            return pa.float64()
        case Scalar("date"):
            return pa.date32()
        case ModelClass(cls):
            return pa.struct([_arrow_field(f) for f in _introspect.fields(cls)])
        case ListOf(item):
            return pa.list_(SECTION if item is Section else _arrow_type(item))
        case MapOf(value):
            return pa.map_(pa.string(), _arrow_type(value))
    raise TypeError(f"no Arrow type for {tp!r}")


def _arrow_field(field: Any, name: str | None = None) -> pa.Field:
    metadata = _meta(_introspect.label_zh(field), _introspect.description(field))
    if _introspect.cell_kind(_introspect.strip_optional(field.type)[0]) in _COUNT_KINDS:
        metadata[CELL_METADATA] = b"count"
    return pa.field(name or field.name, _arrow_type(field.type), metadata=metadata)


_COUNT_KINDS = (CellKind.COUNT, CellKind.SIGNED)

BODY_COLUMNS = {template: f"body_{template.value}" for template in Template}
_BODY_NAMES = frozenset(BODY_COLUMNS.values())
_BODY_TEMPLATES = {column: template for template, column in BODY_COLUMNS.items()}


@functools.cache
def arrow_schema() -> pa.Schema:
    """The Arrow schema of the reports table (one row per report)."""
    fields = [
        pa.field(
            "report_id",
            pa.string(),
            nullable=False,
            metadata=_meta(
                "报告编号", "SHA-256 of template, year, agency, region, scope and title; first 16 hex digits."
            ),
        )
    ]
    for field in _introspect.fields(AnnualReport):
        if field.name == "body":
            for template, body in BODY_TYPES.items():
                fields.append(
                    pa.field(
                        BODY_COLUMNS[template],
                        pa.struct([_arrow_field(f) for f in _introspect.fields(body)]),
                        metadata=_meta(
                            f"报告正文（{template.label_zh}）",
                            f"The body of a {template.value} report; null for other templates.",
                        ),
                    )
                )
        else:
            fields.append(_arrow_field(field))
    fields.append(CELLS_FIELD)
    return pa.schema(
        fields,
        metadata={
            b"govdisclosure.arrow_schema_version": ARROW_SCHEMA_VERSION.encode(),
            b"govdisclosure.schema_id": SCHEMA_ID.encode(),
            b"govdisclosure.schema_version": SCHEMA_VERSION.encode(),
        },
    )


def report_id(report: AnnualReport) -> str:
    """A stable identifier of a report: the first 16 hex digits of the SHA-256 of its
    template, year, agency, region, scope and title (what names a report; its figures
    may be corrected without it becoming another report)."""
    agency = report.agency
    return _report_id(
        report.template.value, report.year, agency.name, agency.region_name, agency.region_code,
        report.scope.value, report.title,
    )  # fmt: skip


def _report_id(
    template: str, year: int, name: str | None, region_name: str | None, region_code: str | None,
    scope: str, title: str | None,
) -> str:  # fmt: skip
    key = "\x1f".join((template, str(year), name or "", region_name or "", region_code or "", scope, title or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- objects → rows


def _cell_entry(cell: Cell) -> dict[str, Any]:
    """A cell that is not a clean number, as an entry of the ``cells`` map."""
    return {"status": cell.status.value, "text": cell.text, "value": cell.value}


def _encode_count(value: Any, pointer: str, side: list[tuple[str, Cell]]) -> Any:
    """The column value of a count cell; a cell that is not a clean number goes into ``side`` too."""
    if type(value) is int or value is None:
        return value
    side.append((pointer, value))
    return value.value


def _encode_money(value: Any, pointer: str, side: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Money):
        return {
            "amount": decimal_text(value.amount),
            "unit": value.unit.value,
            "text": value.text,
            "status": None,
            "value": None,
        }
    return {"amount": None, "unit": None, "text": value.text, "status": value.status.value, "value": value.value}


def _encode_annex(value: Any, pointer: str, side: Any) -> Any:
    if type(value) is int:
        return {"integer": value, "decimal": None, "status": None, "text": None, "value": None}
    if isinstance(value, decimal.Decimal):
        return {"integer": None, "decimal": decimal_text(value), "status": None, "text": None, "value": None}
    return {"integer": None, "decimal": None, "status": value.status.value, "text": value.text, "value": value.value}


def _flatten_sections(sections: Iterable[Any], reading: _Reading | None = None) -> list[dict[str, Any]]:
    """Sections in reading order, subsections after their parent, each with its level."""
    columns: _SectionColumns = ([], [], [], [])
    (reading or _OBJECTS).section_rows(sections, 0, columns)
    return [
        {"key": key, "heading": heading, "text": text, "level": level}
        for key, heading, text, level in zip(*columns, strict=True)
    ]


#: Sections flattened as columns: keys, headings, texts, levels.
_SectionColumns = tuple[list[str], list[str], list[str], list[int]]


def _section_rows(sections: Iterable[Section], level: int, columns: _SectionColumns) -> None:
    keys, headings, texts, levels = columns
    for section in sections:
        keys.append(section.key)
        headings.append(section.heading)
        texts.append(section.text)
        levels.append(level)
        if section.subsections:
            _section_rows(section.subsections, level + 1, columns)


def _pointer_token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _same(value: Any, pointer: str, side: Any) -> Any:
    return value


@functools.cache
def _has_counts(tp: Any) -> bool:
    """Whether a value of this type can hold a count cell (and so needs its JSON Pointer)."""
    return _holds_counts(tp, frozenset())


def _holds_counts(tp: Any, seen: frozenset[Any]) -> bool:
    match _introspect.shape(tp):
        case CellType(kind):
            return kind in _COUNT_KINDS
        case OptionalOf(inner):
            return _holds_counts(inner, seen)
        case ModelClass(cls):
            if cls in seen:  # a recursive type (sections)
                return False
            return any(_holds_counts(f.type, seen | {cls}) for f in _introspect.fields(cls))
        case ListOf(item):
            return _holds_counts(item, seen)
        case MapOf(value):
            return _holds_counts(value, seen)
    return False


def _make_encoder(tp: Any, reading: _Reading) -> Callable[[Any, str, Any], Any]:
    """A function (value, JSON Pointer, side list) → the value's Arrow form, for values of
    type ``tp`` read through ``reading`` (the model's objects, or decoded Structs)."""
    match _introspect.shape(tp):
        case CellType(CellKind.COUNT | CellKind.SIGNED):
            return reading.encode_count
        case CellType(CellKind.MONEY):
            return reading.encode_money
        case CellType(CellKind.ANNEX):
            return reading.encode_annex
        case OptionalOf(inner):
            encode = _encoder(inner, reading)
            return lambda v, p, s: None if v is None else encode(v, p, s)
        case Scalar("str" | "int" | "float"):
            return _same
        case Scalar("date"):
            return reading.encode_date
        case Scalar("decimal"):
            return reading.encode_decimal
        case EnumType():
            return reading.encode_enum
        case ModelClass(cls):
            return reading.encode_model(cls)
        case ListOf(item):
            if item is Section:
                return lambda v, p, s: _flatten_sections(v, reading)
            if item is str:
                return lambda v, p, s: list(v)
            encode = _encoder(item, reading)
            if not _has_counts(item):
                return lambda v, p, s: [encode(x, "", s) for x in v]
            return lambda v, p, s: [encode(x, f"{p}/{i}", s) for i, x in enumerate(v)]
        case JsonObject():
            return lambda v, p, s: json.dumps(v, ensure_ascii=False)
        case MapOf(value):
            encode = _encoder(value, reading)
            return lambda v, p, s: [(k, encode(x, f"{p}/{_pointer_token(k)}", s)) for k, x in v.items()]
    raise TypeError(f"no Arrow encoding for {tp!r}")


_encoder: Callable[[Any, _Reading], Callable[[Any, str, Any], Any]] = functools.cache(_make_encoder)


def _generated(cls: type, direction: str) -> Callable[[Any, str, Any], Any]:
    """A generated function turning one model object into its row dict, or back: cells
    inline, nested classes through their own generated functions. Both directions take
    the object's JSON Pointer and the report's side table of cells that are not clean
    numbers (a list being filled when encoding, a dict by pointer when decoding)."""
    env: dict[str, Any] = {"_cls": cls, "_count": _encode_count, "_dcount": _decode_count}
    parts: list[str] = []
    keywords: list[str] = []  # keyword-only fields, passed last by name when decoding
    for i, field in enumerate(_introspect.fields(cls)):
        kind = _introspect.cell_kind(_introspect.strip_optional(field.type)[0])
        name = field.name
        counts = _has_counts(typing.cast(Any, field.type))
        if direction == "encode":
            if kind in _COUNT_KINDS:
                expr = f"(v if type(v := o.{name}) is int else _count(v, p + '/{name}', s))"
            else:
                env[f"_f{i}"] = _encoder(field.type, _OBJECTS)
                where = f"p + '/{name}'" if counts else "''"
                expr = f"_f{i}(o.{name}, {where}, s)"
            parts.append(f"{name!r}: {expr}")
        else:
            if kind in _COUNT_KINDS:
                expr = f"(_dcount(d[{name!r}], p + '/{name}', s) if s else d[{name!r}])"
            else:
                env[f"_f{i}"] = _decoder(field.type)
                where = f"p + '/{name}'" if counts else "''"
                expr = f"_f{i}(d[{name!r}], {where}, s)"
            if field.kw_only:
                keywords.append(f"{name}={expr}")
            else:
                parts.append(expr)
    if direction == "encode":
        source = "def run(o, p, s):\n    return {" + ", ".join(parts) + "}\n"
    else:
        source = "def run(d, p, s):\n    return _cls(" + ", ".join(parts + keywords) + ")\n"
    _codegen.run(source, env, f"Arrow {direction}r of {cls.__name__}")
    run: Callable[[Any, str, Any], Any] = env["run"]
    return run


@functools.cache
def _report_encoders() -> list[tuple[str, Callable[[Any, str, Any], Any]]]:
    return [(f.name, _encoder(f.type, _OBJECTS)) for f in _introspect.fields(AnnualReport) if f.name != "body"]


@functools.cache
def _body_encoders() -> dict[type, tuple[str, Callable[[Any, str, Any], Any]]]:
    return {body: (BODY_COLUMNS[template], _encoder(body, _OBJECTS)) for template, body in BODY_TYPES.items()}


def to_rows(reports: Iterable[AnnualReport]) -> list[dict[str, Any]]:
    """Rows of the reports table (``pa.Table.from_pylist(rows, schema=arrow_schema())``)."""
    encoders = _report_encoders()
    bodies = _body_encoders()
    columns = list(BODY_COLUMNS.values())
    rows = []
    for report in reports:
        row: dict[str, Any] = {"report_id": report_id(report)}
        side: list[tuple[str, Cell]] = []
        for name, encode in encoders:
            row[name] = encode(getattr(report, name), "/" + name, side)
        for column in columns:
            row[column] = None
        column, encode = bodies[type(report.body)]
        row[column] = encode(report.body, "/body", side)
        # by pointer: one order, however built
        row["cells"] = [(pointer, _cell_entry(cell)) for pointer, cell in sorted(side, key=_first)] if side else None
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- objects → columns


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
_is_none = functools.partial(operator.is_, None)


def _null_mask(values: Sequence[Any]) -> pa.Array | None:
    """The validity mask of a nested array: true where the value is ``None``; none when no value is."""
    return pa.array(list(map(_is_none, values)), pa.bool_()) if any(map(_is_none, values)) else None


class _Where:
    """How the values being built name their JSON Pointers and their report rows: one
    static pointer for values aligned with the rows (struct nesting), or a pointer and
    an owner row per value (items of lists)."""

    __slots__ = ("owners", "pointers", "static")

    def __init__(self, static: str | None, owners: list[int] | None = None, pointers: list[str] | None = None):
        self.static = static
        self.owners = owners
        self.pointers = pointers

    def child(self, name: str) -> _Where:
        if self.static is not None:
            return _Where(f"{self.static}/{name}")
        assert self.pointers is not None
        return _Where(None, self.owners, [f"{p}/{name}" for p in self.pointers])

    def at(self, k: int) -> tuple[int, str]:
        """(row, pointer) of value ``k``."""
        if self.static is not None:
            return k, self.static
        assert self.owners is not None
        assert self.pointers is not None
        return self.owners[k], self.pointers[k]


_NOWHERE = _Where("")


@functools.cache
def _enum_values(tp: type[LabelledEnum]) -> dict[Any, str | None]:
    """Members to their values (faster than ``.value``); ``None`` stays ``None``."""
    return {None: None, **{m: m.value for m in tp}}


def _count_array(values: list[Any], where: _Where, side: list[list[tuple[str, Any]]], reading: _Reading) -> pa.Array:
    try:
        return pa.array(values, pa.int64())  # the common case: clean numbers and absent cells only
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass  # a cell that printed no clean number is a cell object
    numbers: list[Any] = values
    # the positions of the cells that printed no clean number, found at C speed
    kinds = itertools.repeat(reading.cell_types)
    positions = list(itertools.compress(range(len(values)), map(isinstance, values, kinds)))
    if positions:
        numbers = list(values)
        static = where.static
        value_of = reading.cell_value
        for k in positions:
            cell = values[k]
            numbers[k] = value_of(cell)
            if static is not None:  # values aligned with the reports: one pointer for all
                side[k].append((static, cell))
            else:
                row, pointer = where.at(k)
                side[row].append((pointer, cell))
    return pa.array(numbers, pa.int64())


def _cells_array(side: list[list[tuple[str, Any]]], map_type: pa.DataType, reading: _Reading) -> pa.Array:
    """The ``cells`` column: each report's entries ordered by pointer, built as columns."""
    offsets: list[int | None] = [0]
    pointers: list[str] = []
    cells: list[Any] = []
    end = 0
    for entries in side:
        if entries:
            entries.sort(key=_first)
            pointers.extend(map(_first, entries))
            cells.extend(map(_second, entries))
            end += len(entries)
            offsets.append(end)
        else:
            offsets[-1] = None  # a null map: every count cell printed a clean number
            offsets.append(end)
    statuses, texts, values = reading.cell_columns(cells)
    items = pa.StructArray.from_arrays(
        [pa.array(statuses, pa.string()), pa.array(texts, pa.string()), pa.array(values, pa.int64())],
        fields=list(map_type.item_type),
    )
    return pa.MapArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(pointers, pa.string()), items, type=map_type)


@functools.cache
def _field_reader(cls: type, name: str, nulls: bool) -> Callable[[Sequence[Any]], list[Any]]:
    """A function reading one field over a list of objects (``None`` stays ``None``)."""
    return _codegen.field_reader(cls.__name__, name, nulls)


def _sections_array(values: Sequence[Any], arrow_type: pa.DataType, reading: _Reading) -> pa.Array:
    """Lists of sections, each list flattened in reading order with its levels, built as columns."""
    offsets = [0]
    columns: _SectionColumns = ([], [], [], [])
    rows = reading.section_rows
    for sections in values:
        if sections:
            rows(sections, 0, columns)
        offsets.append(len(columns[3]))
    keys, headings, texts, levels = columns
    items = pa.StructArray.from_arrays(
        [pa.array(keys, pa.string()), pa.array(headings, pa.string()), pa.array(texts, pa.string()),
         pa.array(levels, pa.int8())],
        fields=list(arrow_type.value_type),
    )  # fmt: skip
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), items, type=arrow_type, mask=_null_mask(values))


class _Reading:
    """How the column builder reads a report's values: here the model's objects; the bulk
    path (``_bulk``) reads the fast path's decoded Structs the same way, giving the same
    columns without building objects."""

    #: The classes of a count cell that printed no clean number.
    cell_types: Any = Cell

    def fields(self, cls: type, name: str, nulls: bool) -> Callable[[Sequence[Any]], list[Any]]:
        """A function reading field ``name`` of class ``cls`` over a list of values."""
        return _field_reader(cls, name, nulls)

    def cell_value(self, cell: Any) -> int | None:
        value: int | None = cell.value
        return value

    def cell_columns(self, cells: list[Any]) -> tuple[list[Any], list[Any], list[Any]]:
        """Statuses, texts and values of the ``cells`` map's entries."""
        statuses = _enum_values(CellStatus)
        return [statuses[c.status] for c in cells], [c.text for c in cells], [c.value for c in cells]

    def dates(self, values: list[Any]) -> list[Any]:
        return values

    def decimals(self, values: list[Any]) -> list[str | None]:
        return [None if v is None else decimal_text(v) for v in values]

    def enums(self, tp: type[LabelledEnum], values: list[Any]) -> list[Any]:
        return list(map(_enum_values(tp).get, values))

    def section_rows(self, sections: Any, level: int, columns: _SectionColumns) -> None:
        _section_rows(sections, level, columns)

    def encoder(self, tp: Any) -> Callable[[Any, str, Any], Any]:
        """A function (value, JSON Pointer, side list) → the value's Arrow form."""
        return _encoder(tp, self)

    # what :func:`_make_encoder` asks of a reading: the values that differ between readings
    encode_count = staticmethod(_encode_count)
    encode_money = staticmethod(_encode_money)
    encode_annex = staticmethod(_encode_annex)
    encode_date = staticmethod(_same)

    @staticmethod
    def encode_decimal(value: Any, pointer: str, side: Any) -> Any:
        return decimal_text(value)

    @staticmethod
    def encode_enum(value: Any, pointer: str, side: Any) -> Any:
        return value.value

    def encode_model(self, cls: type) -> Callable[[Any, str, Any], Any]:
        return _generated(cls, "encode")


_OBJECTS = _Reading()


def _column_array(
    tp: Any, values: list[Any], where: _Where, side: list[list[tuple[str, Any]]], reading: _Reading = _OBJECTS
) -> pa.Array:
    """The Arrow array of a list of model values of one type, built column by column."""
    arrow_type = _arrow_type(tp)
    kind = _introspect.cell_kind(_introspect.strip_optional(tp)[0])
    if kind in _COUNT_KINDS:
        return _count_array(values, where, side, reading)
    inner, _ = _introspect.strip_optional(tp)
    if inner is str or inner is int or inner is float:
        return pa.array(values, arrow_type)
    if inner is datetime.date:
        return pa.array(reading.dates(values), arrow_type)
    if inner is decimal.Decimal:
        return pa.array(reading.decimals(values), arrow_type)
    if isinstance(inner, type) and issubclass(inner, LabelledEnum):
        return pa.array(reading.enums(inner, values), arrow_type)
    if _introspect.is_model_class(inner):
        counts = _has_counts(inner)
        children = []
        nulls = any(map(_is_none, values))
        for field in _introspect.fields(inner):
            name = field.name
            child_values = reading.fields(inner, name, nulls)(values)
            child_where = where.child(name) if counts and _has_counts(typing.cast(Any, field.type)) else _NOWHERE
            children.append(_column_array(field.type, child_values, child_where, side, reading))
        mask = _null_mask(values) if nulls else None
        return pa.StructArray.from_arrays(children, fields=list(arrow_type), mask=mask)
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        if _introspect.is_model_class(item) and item is not Section:
            offsets = [0]
            items: list[Any] = []
            owners: list[int] = []
            pointers: list[str] = []
            counts = _has_counts(item)
            for k, v in enumerate(values):
                if v:
                    items.extend(v)
                    if counts:
                        row, pointer = where.at(k)
                        owners.extend([row] * len(v))
                        pointers.extend(f"{pointer}/{i}" for i in range(len(v)))
                offsets.append(len(items))
            item_where = _Where(None, owners, pointers) if counts else _NOWHERE
            flat = _column_array(item, items, item_where, side, reading)
            return pa.ListArray.from_arrays(
                pa.array(offsets, pa.int32()), flat, type=arrow_type, mask=_null_mask(values)
            )
        if item is Section:
            return _sections_array(values, arrow_type, reading)
    # cells of other kinds, plain lists and maps: encoded value by value
    encode = reading.encoder(typing.cast(Any, tp))
    encoded: list[Any] = []
    for k, v in enumerate(values):
        if v is None:  # absent, or below a null struct
            encoded.append(None)
        elif where is _NOWHERE:
            encoded.append(encode(v, "", []))
        else:
            row, pointer = where.at(k)
            encoded.append(encode(v, pointer, side[row]))
    return pa.array(encoded, arrow_type)


def to_table(reports: Sequence[AnnualReport]) -> pa.Table:
    """The reports table of a batch of reports, built column by column: the same table
    as ``pa.Table.from_pylist(to_rows(reports), schema=arrow_schema())``, faster."""
    with _gc.paused():
        return build_table(reports, [r.template for r in reports], _OBJECTS)


def build_table(reports: Sequence[Any], templates: Sequence[Template], reading: _Reading) -> pa.Table:
    """The reports table of ``reports`` (of the given templates) read through ``reading``."""
    schema = arrow_schema()
    n = len(reports)
    side: list[list[tuple[str, Any]]] = [[] for _ in range(n)]
    arrays: dict[str, pa.Array] = {}
    present = set(templates)
    bodies: list[Any] | None = None
    for field in schema:
        name = field.name
        if name in ("report_id", "cells"):
            continue  # built from the others below
        if name == "template":
            arrays[name] = pa.array([t.value for t in templates], field.type)
        elif name in _BODY_NAMES:
            template = _BODY_TEMPLATES[name]
            if template not in present:
                arrays[name] = pa.nulls(n, field.type)
            else:
                if bodies is None:
                    bodies = reading.fields(AnnualReport, "body", False)(reports)
                own = [b if t is template else None for b, t in zip(bodies, templates, strict=True)]
                arrays[name] = _column_array(BODY_TYPES[template], own, _Where("/body"), side, reading)
        else:
            model_field = _introspect.fields_by_name(AnnualReport)[name]
            values = reading.fields(AnnualReport, name, False)(reports)
            arrays[name] = _column_array(model_field.type, values, _Where("/" + name), side, reading)
    arrays["cells"] = _cells_array(side, schema.field("cells").type, reading)
    arrays["report_id"] = pa.array(_report_ids(arrays), pa.string())
    return pa.Table.from_arrays([arrays[name] for name in schema.names], schema=schema)


def _report_ids(arrays: dict[str, pa.Array]) -> list[str]:
    """:func:`report_id` of every row, read from the table's columns."""
    agency = arrays["agency"]
    columns = (
        arrays["template"].to_pylist(),
        arrays["year"].to_pylist(),
        pc.struct_field(agency, "name").to_pylist(),
        pc.struct_field(agency, ["region", "name"]).to_pylist(),
        pc.struct_field(agency, ["region", "code"]).to_pylist(),
        arrays["scope"].to_pylist(),
        arrays["title"].to_pylist(),
    )
    return list(itertools.starmap(_report_id, zip(*columns, strict=True)))


# --------------------------------------------------------------------------- rows → objects


def _decode_count(value: Any, pointer: str, side: dict[str, Cell]) -> Any:
    """A count cell from its column value and the report's side table."""
    cell = side.get(pointer)
    return value if cell is None else cell


# Cells are frozen: equal ones are shared (most are blank, "/" or 不适用).
_CELLS: dict[tuple[Any, Any, Any], Cell] = {}


def _cell(status: str, text: str | None, value: int | None) -> Cell:
    key = (status, text, value)
    cell = _CELLS.get(key)
    if cell is None:
        if len(_CELLS) > 65536:
            _CELLS.clear()
        cell = _CELLS[key] = Cell(_STATUS[status], text, value)
    return cell


def _side_table(entries: list[tuple[str, dict[str, Any]]] | None) -> dict[str, Cell]:
    """The ``cells`` map of a row as cells by pointer."""
    if not entries:
        return {}
    return {pointer: _cell(e["status"], e["text"], e["value"]) for pointer, e in entries}


def _decode_money(value: Any, pointer: str, side: Any) -> Any:
    if value is None:
        return None
    if value["amount"] is not None:
        return Money(decimal.Decimal(value["amount"]), _UNITS[value["unit"]], value["text"])
    return Cell(_STATUS[value["status"]], value["text"], value["value"])


def _decode_annex(value: Any, pointer: str, side: Any) -> Any:
    if value["integer"] is not None:
        return value["integer"]
    if value["decimal"] is not None:
        return decimal.Decimal(value["decimal"])
    return Cell(_STATUS[value["status"]], value["text"], value["value"])


def _unflatten_sections(rows: list[dict[str, Any]] | None) -> tuple[Section, ...]:
    if not rows:
        return ()

    def build(start: int, level: int) -> tuple[list[Section], int]:
        out: list[Section] = []
        i = start
        while i < len(rows) and rows[i]["level"] >= level:
            row = rows[i]
            children, i = build(i + 1, level + 1)
            out.append(Section(row["key"], row["heading"], row["text"], tuple(children)))
        return out, i

    sections, _ = build(0, 0)
    return tuple(sections)


def _make_decoder(tp: Any) -> Callable[[Any, str, Any], Any]:
    """A function (Arrow value, JSON Pointer, side table) → the model value."""
    match _introspect.shape(tp):
        case CellType(CellKind.COUNT | CellKind.SIGNED):
            return _decode_count
        case CellType(CellKind.MONEY):
            return _decode_money
        case CellType(CellKind.ANNEX):
            return _decode_annex
        case OptionalOf(inner):
            decode = _decoder(inner)
            return lambda v, p, s: None if v is None else decode(v, p, s)
        case Scalar("str" | "int" | "float" | "date"):
            return _same
        case Scalar("decimal"):
            return lambda v, p, s: decimal.Decimal(v)
        case EnumType(enum):
            members = {m.value: m for m in enum}
            return lambda v, p, s: members[v]
        case ModelClass(cls):
            return _generated(cls, "decode")
        case ListOf(item):
            if item is Section:
                return lambda v, p, s: _unflatten_sections(v)
            decode = _decoder(item)
            if not _has_counts(item):
                return lambda v, p, s: () if v is None else tuple([decode(x, "", s) for x in v])
            return lambda v, p, s: () if v is None else tuple([decode(x, f"{p}/{i}", s) for i, x in enumerate(v)])
        case JsonObject():
            return lambda v, p, s: {} if v is None else json.loads(v)
        case MapOf(value):
            decode = _decoder(value)
            return lambda v, p, s: {} if v is None else {k: decode(x, f"{p}/{_pointer_token(k)}", s) for k, x in v}
    raise TypeError(f"no Arrow decoding for {tp!r}")


_decoder: Callable[[Any], Callable[[Any, str, Any], Any]] = functools.cache(_make_decoder)


def from_rows(rows: Iterable[dict[str, Any]]) -> Iterable[AnnualReport]:
    """Reports from rows of the reports table (``table.to_pylist()``)."""
    fields = [(f.name, _decoder(f.type)) for f in _introspect.fields(AnnualReport) if f.name != "body"]
    bodies = [(template, BODY_COLUMNS[template], _decoder(body)) for template, body in BODY_TYPES.items()]
    for row in rows:
        side = _side_table(row.get("cells"))
        kwargs = {name: decode(row[name], "/" + name, side) for name, decode in fields}
        for _template, column, decode in bodies:
            if row[column] is not None:
                kwargs["body"] = decode(row[column], "/body", side)
                break
        yield AnnualReport(**kwargs)


# --------------------------------------------------------------------------- columns → objects


def _leaf_columns(array: pa.Array, path: str, out: dict[str, list[Any]], lists: dict[str, type]) -> None:
    """Python lists of every leaf column below ``array``, struct levels flattened (a
    struct's nulls carried into its children); struct validity kept as ``path?``. A list
    of model objects named in ``lists`` is decoded column-wise into a tuple per row."""
    if pa.types.is_struct(array.type):
        out[path + "?"] = array.is_valid().to_pylist()
        for field, child in zip(array.type, array.flatten(), strict=True):
            _leaf_columns(child, f"{path}.{field.name}", out, lists)
    elif path in lists:
        out[path] = _object_lists(array, lists[path])
    else:
        out[path] = array.to_pylist()


def _list_parts(array: pa.Array) -> tuple[list[int], pa.Array]:
    """A list (or map) array's offsets, made to start at 0, and its values sliced to match."""
    offsets = array.offsets.to_pylist()
    start = offsets[0]
    values = array.values.slice(start, offsets[-1] - start)
    return [o - start for o in offsets], values


def _object_lists(array: pa.Array, item: type) -> list[tuple[Any, ...]]:
    """A list<struct> column of model objects: every item built column-wise, then cut per row."""
    offsets, values = _list_parts(array)
    run, columns, lists = _item_program(item)
    leaves: dict[str, list[Any]] = {}
    _leaf_columns(values, "", leaves, lists)
    objects = run(len(values), *(leaves.get(path) for path in columns))
    return [tuple(objects[offsets[k] : offsets[k + 1]]) for k in range(len(array))]


@functools.cache
def _item_program(item: type) -> tuple[Callable[..., list[Any]], list[str], dict[str, type]]:
    code = _ColumnCode()
    expr = code.build(item, "", "")
    params = ", ".join(code.columns.values())
    source = f"def run(n, {params}):\n    s = {{}}\n    return [{expr} for i in range(n)]\n"
    _codegen.run(source, code.env, f"Arrow reader of {item.__name__} lists")
    return code.env["run"], list(code.columns), dict(code.lists)


def _side_tables(array: pa.Array) -> list[dict[str, Cell]]:
    """The ``cells`` map column as cells by pointer, one dict per row, built column-wise."""
    offsets, entries = _list_parts(array)
    keys = entries.field("key").to_pylist()
    items = entries.field("value")
    statuses = items.field("status").to_pylist()
    texts = items.field("text").to_pylist()
    values = items.field("value").to_pylist()
    cells = [_cell(a, b, c) for a, b, c in zip(statuses, texts, values, strict=True)]
    return [
        dict(zip(keys[offsets[k] : offsets[k + 1]], cells[offsets[k] : offsets[k + 1]], strict=True))
        if offsets[k] != offsets[k + 1]
        else {}
        for k in range(len(array))
    ]


def _money5(amount: Any, unit: Any, text: Any, status: Any, value: Any) -> Any:
    if amount is not None:
        return Money(decimal.Decimal(amount), _UNITS[unit], text)
    if status is None:
        return None
    return Cell(_STATUS[status], text, value)


class _ColumnCode:
    """Generates the source of an expression building a model object from leaf columns at row ``i``."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {"_dcount": _decode_count, "_money5": _money5, "Decimal": decimal.Decimal}
        self.columns: dict[str, str] = {}
        self.lists: dict[str, type] = {}  # list columns of objects without count cells, decoded column-wise

    def column(self, path: str) -> str:
        if path not in self.columns:
            self.columns[path] = f"c{len(self.columns)}"
        return self.columns[path]

    def constant(self, value: Any) -> str:
        name = f"k{len(self.env)}"
        self.env[name] = value
        return name

    def expr(self, tp: Any, path: str, pointer: str) -> str:
        declared = tp
        kind = _introspect.cell_kind(tp)
        inner, optional = _introspect.strip_optional(tp)
        if kind is None and optional:
            kind = _introspect.cell_kind(inner)
        if kind in (CellKind.COUNT, CellKind.SIGNED):
            column = self.column(path)
            return f"(_dcount({column}[i], {pointer!r}, s) if s else {column}[i])"
        if kind is CellKind.MONEY:
            a, u, t, s, v = (self.column(f"{path}.{k}") for k in ("amount", "unit", "text", "status", "value"))
            return f"_money5({a}[i], {u}[i], {t}[i], {s}[i], {v}[i])"
        if optional and _introspect.is_model_class(inner):
            return f"({self.build(inner, path, pointer)} if {self.column(path + '?')}[i] else None)"
        tp = inner
        if tp in (str, int, float, datetime.date):
            return f"{self.column(path)}[i]"
        if tp is decimal.Decimal:
            col = self.column(path)
            return f"(None if {col}[i] is None else Decimal({col}[i]))"
        if isinstance(tp, type) and issubclass(tp, LabelledEnum):
            return f"{self.constant({m.value: m for m in tp})}.get({self.column(path)}[i])"
        if _introspect.is_model_class(tp):
            return self.build(tp, path, pointer)
        if typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            if _introspect.is_model_class(item) and item is not Section and not _has_counts(item):
                self.lists[path] = item
                return f"{self.column(path)}[i]"
        # lists and maps: decoded from their Python values (an optional list stays None)
        return f"{self.constant(_decoder(declared))}({self.column(path)}[i], {pointer!r}, s)"

    def build(self, cls: type, path: str, pointer: str) -> str:
        fields = _introspect.fields(cls)
        args = [self.expr(f.type, f"{path}.{f.name}", f"{pointer}/{f.name}") for f in fields if not f.kw_only]
        args += [
            f"{f.name}={self.expr(f.type, f'{path}.{f.name}', f'{pointer}/{f.name}')}" for f in fields if f.kw_only
        ]
        return f"{self.constant(cls)}({', '.join(args)})"


@functools.cache
def _column_program() -> tuple[Callable[..., Any], dict[str, str], dict[str, type]]:
    code = _ColumnCode()
    fields = list(_introspect.fields(AnnualReport))
    args = []
    for field in fields:
        if field.name == "body":
            bodies = [
                (code.column(f"{BODY_COLUMNS[template]}?"), code.build(body, BODY_COLUMNS[template], "/body"))
                for template, body in BODY_TYPES.items()
            ]
            expr = " else ".join(f"{body} if {valid}[i]" for valid, body in bodies) + " else None"
            args.append(f"body=({expr})")
        else:
            args.append(f"{field.name}={code.expr(field.type, field.name, '/' + field.name)}")
    params = ", ".join(code.columns.values())
    source = (
        f"def run(n, sides, {params}):\n    out = []\n    for i in range(n):\n        s = sides[i]\n"
        f"        out.append({code.constant(AnnualReport)}({', '.join(args)}))\n    return out\n"
    )
    _codegen.run(source, code.env, "Arrow reader of reports")
    return code.env["run"], dict(code.columns), dict(code.lists)


def from_table(table: pa.Table | pa.RecordBatch) -> list[AnnualReport]:
    """Reports from a reports table, column by column (much faster than row dicts).

    A batch mixing templates is decoded template by template, so that no work goes
    into the leaf columns of bodies that are null in every row of a group."""
    with _gc.paused():
        return _from_mixed_table(table)


def _from_mixed_table(table: pa.Table | pa.RecordBatch) -> list[AnnualReport]:
    templates = table.column("template")
    if len(pc.unique(templates)) > 1:
        out: list[Any] = [None] * table.num_rows
        for template in pc.unique(templates).to_pylist():
            rows = pc.indices_nonzero(pc.equal(templates, template))
            # only this template's body is taken: the others are null in these rows
            own = [
                name
                for name in table.column_names
                if name not in _BODY_NAMES or _BODY_TEMPLATES[name].value == template
            ]
            for index, report in zip(rows.to_pylist(), _from_table(table.select(own).take(rows)), strict=True):
                out[index] = report
        return out
    return _from_table(table)


def _from_table(table: pa.Table | pa.RecordBatch) -> list[AnnualReport]:
    run, columns, lists = _column_program()
    leaves: dict[str, list[Any]] = {}
    sides: list[dict[str, Cell]] = []
    for name in table.column_names:
        column = table.column(name)
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if name == "cells":
            sides = _side_tables(array)
        elif name in _BODY_NAMES and array.null_count == len(array):
            leaves[name + "?"] = [False] * len(array)  # never read further: no row has this body
        else:
            _leaf_columns(array, name, leaves, lists)
    for name in _BODY_NAMES:
        if name not in table.column_names:  # left out: null in every row
            leaves[name + "?"] = [False] * table.num_rows
    return run(table.num_rows, sides, *(leaves.get(path.lstrip(".")) for path in columns))  # type: ignore[no-any-return]
