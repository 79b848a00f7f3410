"""The cattrs converter between model objects and JSON-ready Python data.

Built by :func:`make_converter`; the global cattrs converter is never touched.
Structuring assumes the data passed the schema (see :mod:`govdisclosure.validation`);
it is where the data becomes typed objects, not where it is judged.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import typing
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn

from govdisclosure import _introspect
from govdisclosure.errors import GovDisclosureError
from govdisclosure.model import BODY_TYPES, AnnualReport, Template
from govdisclosure.model.cells import Cell, CellKind, CellStatus, Money, MoneyUnit

__all__ = [
    "FieldStructureError",
    "decimal_text",
    "dumps",
    "get_converter",
    "make_converter",
    "structure",
    "unstructure",
]


class FieldStructureError(GovDisclosureError):
    """Structuring one top-level field of a report failed; keeps which one."""

    def __init__(self, field: str, cause: BaseException) -> None:
        super().__init__(f"{field}: {cause}")
        self.field = field
        self.cause = cause


def decimal_text(value: decimal.Decimal) -> str:
    """A Decimal as plain positional text (never exponent notation)."""
    text = str(value)  # positional unless it says E; a third of the time of format()
    return text if "E" not in text else format(value, "f")


def _structure_cell(data: dict[str, Any]) -> Cell:
    value = data.get("value")
    return Cell(CellStatus(data["status"]), data.get("text"), None if value is None else int(value))


def _unstructure_cell(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"status": cell.status.value}
    if cell.text is not None:
        out["text"] = cell.text
    if cell.value is not None:
        out["value"] = cell.value
    return out


def _structure_money(data: dict[str, Any]) -> Money:
    return Money(decimal.Decimal(data["amount"]), MoneyUnit(data["unit"]), data.get("text"))


def _unstructure_money(money: Money) -> dict[str, Any]:
    out: dict[str, Any] = {"amount": decimal_text(money.amount), "unit": money.unit.value}
    if money.text is not None:
        out["text"] = money.text
    return out


def _structure_count(data: Any, _: Any) -> int | Cell:
    if type(data) is int:
        return data
    if isinstance(data, dict):
        return _structure_cell(data)
    # A whole number written as 12.0 passes the schema (JSON Schema reads it as the
    # integer 12). The reference reader reports it and hands over an int; anything
    # else reaching here (the fast path) is refused so the reference path explains.
    raise TypeError(f"not a count cell: {data!r}")


def _structure_money_cell(data: Any, _: Any) -> Money | Cell:
    if "amount" in data:
        return _structure_money(data)
    return _structure_cell(data)


def _structure_annex_value(data: Any, _: Any) -> int | decimal.Decimal | Cell:
    if isinstance(data, str):
        return decimal.Decimal(data)
    return _structure_count(data, None)


def _unstructure_any_cell(value: Any) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, Cell):
        return _unstructure_cell(value)
    if isinstance(value, Money):
        return _unstructure_money(value)
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    return value


def make_converter() -> cattrs.Converter:
    """Build the converter for the report model."""
    conv = cattrs.Converter(omit_if_default=True, prefer_attrib_converters=False)

    conv.register_structure_hook(decimal.Decimal, lambda v, _: decimal.Decimal(v))
    conv.register_unstructure_hook(decimal.Decimal, decimal_text)
    conv.register_structure_hook(datetime.date, lambda v, _: datetime.date.fromisoformat(v))
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook(Cell, lambda v, _: _structure_cell(v))
    conv.register_unstructure_hook(Cell, _unstructure_cell)
    conv.register_structure_hook(Money, lambda v, _: _structure_money(v))
    conv.register_unstructure_hook(Money, _unstructure_money)
    conv.register_structure_hook_func(lambda tp: tp == dict[str, Any], lambda v, _: dict(v))

    kind_hooks = {
        CellKind.COUNT: _structure_count,
        CellKind.SIGNED: _structure_count,
        CellKind.MONEY: _structure_money_cell,
        CellKind.ANNEX: _structure_annex_value,
    }

    def _is_cell_type(tp: Any) -> bool:
        return _introspect.cell_kind(tp) is not None

    conv.register_structure_hook_func(_is_cell_type, lambda v, tp: kind_hooks[_introspect.cell_kind(tp)](v, tp))  # type: ignore[index]
    conv.register_unstructure_hook_func(_is_cell_type, _unstructure_any_cell)

    # Optional cells: ``Count | None``.
    def _is_optional_cell(tp: Any) -> bool:
        inner, optional = _introspect.strip_optional(tp)
        return optional and _introspect.cell_kind(inner) is not None

    def _optional_cell_hook(tp: Any) -> Any:
        inner, _ = _introspect.strip_optional(tp)
        hook = kind_hooks[_introspect.cell_kind(inner)]  # type: ignore[index]
        return lambda v, _t: None if v is None else hook(v, inner)

    conv.register_structure_hook_factory(_is_optional_cell, _optional_cell_hook)
    conv.register_unstructure_hook_func(_is_optional_cell, _unstructure_any_cell)

    # Make sure every model class resolves its annotations before hooks are generated.
    for body in BODY_TYPES.values():
        _resolve_all(body)
    _resolve_all(AnnualReport)

    report_unstructure = make_dict_unstructure_fn(AnnualReport, conv, _cattrs_omit_if_default=True)

    def _structure_report(data: dict[str, Any], _: Any) -> AnnualReport:
        template = Template(data["template"])
        kwargs: dict[str, Any] = {}
        for field in _introspect.fields(AnnualReport):
            if field.name not in data:
                continue
            value = data[field.name]
            try:
                if field.name == "body":
                    kwargs["body"] = conv.structure(value, BODY_TYPES[template])
                elif field.name == "extensions":
                    kwargs["extensions"] = dict(value)
                else:
                    kwargs[field.name] = conv.structure(value, field.type)  # type: ignore[arg-type]
            except Exception as exc:
                raise FieldStructureError(field.name, exc) from exc
        return AnnualReport(**kwargs)

    # cattrs puts fields with defaults after required ones; the JSON keeps model order
    # (an optional title still comes before the agency).
    order = [f.name for f in _introspect.fields(AnnualReport)]

    def _unstructure_report(report: AnnualReport) -> dict[str, Any]:
        out: dict[str, Any] = report_unstructure(report)
        out["body"] = conv.unstructure(report.body, type(report.body))
        return {name: out[name] for name in order if name in out}

    conv.register_structure_hook(AnnualReport, _structure_report)
    conv.register_unstructure_hook(AnnualReport, _unstructure_report)
    return conv


def _resolve_all(cls: type, seen: set[type] | None = None) -> None:
    seen = set() if seen is None else seen
    if cls in seen or not _introspect.is_model_class(cls):
        return
    seen.add(cls)
    for field in _introspect.fields(cls):
        for tp in _walk_types(field.type):
            _resolve_all(tp, seen)


def _walk_types(tp: Any) -> list[Any]:
    """``tp`` and every type argument inside it (``tuple[Section, ...]`` gives Section)."""
    out = [tp]
    for arg in typing.get_args(tp):
        out.extend(_walk_types(arg))
    return out


@functools.cache
def get_converter() -> cattrs.Converter:
    """The shared converter, built once."""
    return make_converter()


def unstructure(report: AnnualReport) -> dict[str, Any]:
    """A report as JSON-ready Python data (dicts, lists, str, int)."""
    if not isinstance(report, AnnualReport):  # None from a result without a report, a dict, ...
        raise TypeError(f"expected an AnnualReport, not {type(report).__name__}")
    result: dict[str, Any] = get_converter().unstructure(report, AnnualReport)
    return result


def structure(data: dict[str, Any]) -> AnnualReport:
    """Typed objects from data that passed validation."""
    return get_converter().structure(data, AnnualReport)


def dumps(report: AnnualReport) -> str:
    """The canonical JSON text of a report: UTF-8, fields in model order, indent 2, final newline."""
    return json.dumps(unstructure(report), ensure_ascii=False, indent=2) + "\n"
