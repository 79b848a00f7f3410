"""Walking the model: resolved field types and the Annotated cell markers.

The schema generator, the converter, table coordinates and the test strategies
all read the model through these helpers, so they agree on what a type means.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from govdisclosure.model._meta import DESCRIPTION, LABEL_ZH, SCHEMA, LabelledEnum
from govdisclosure.model.cells import CellKind


def _fields(cls: Any) -> tuple[attrs.Attribute[Any], ...]:
    attrs.resolve_types(cls)
    return tuple(attrs.fields(cls))


#: The attrs fields of a class with their annotations resolved (extras kept); cached.
fields: Callable[[Any], tuple[attrs.Attribute[Any], ...]] = functools.cache(_fields)


@functools.cache
def fields_by_name(cls: Any) -> dict[str, attrs.Attribute[Any]]:
    """The fields of :func:`fields`, by name; cached."""
    return {f.name: f for f in fields(cls)}


def label_zh(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata[LABEL_ZH])


def description(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata[DESCRIPTION])


def schema_extras(field: attrs.Attribute[Any]) -> dict[str, Any]:
    return dict(field.metadata.get(SCHEMA, {}))


def cell_kind(tp: Any) -> CellKind | None:
    """The cell marker of an ``Annotated`` cell type, or ``None``."""
    if typing.get_origin(tp) is typing.Annotated:
        for extra in tp.__metadata__:
            if isinstance(extra, CellKind):
                return extra
    return None


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(tp, False)``."""
    if cell_kind(tp) is None and typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) < len(typing.get_args(tp)):
            if len(args) == 1:
                return args[0], True
            return functools.reduce(lambda a, b: a | b, args), True
    return tp, False


def is_model_class(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp)


# --------------------------------------------------------------------------- the one walker
#
# Every artefact derived from the model (the JSON Schema, the fast path's Structs and
# converters, the Arrow layout and its encoders and decoders, the test strategies, the
# benchmarks' msgspec model) asks the same question of a field type: what is it? ``shape``
# answers it once; the derivers ``match`` on the answer:
#
#     match shape(tp):
#         case CellType(kind): ...
#         case OptionalOf(inner): ...
#         case Scalar("str"): ...
#         case EnumType(enum): ...
#         case ModelClass(cls): ...
#         case ListOf(item): ...
#         case MapOf(value): ...
#         case JsonObject(): ...
#         case JsonValue(): ...
#         case UnionOf(options): ...


@attrs.frozen
class CellType:
    """A table cell (``Annotated[..., CellKind]``): a number, or a cell that printed none."""

    kind: CellKind


@attrs.frozen
class OptionalOf:
    """``X | None``: the field may be absent."""

    inner: Any


@attrs.frozen
class Scalar:
    """A plain value: ``"str"``, ``"int"``, ``"float"``, ``"decimal"`` (exact, as text on the
    wire) or ``"date"``."""

    name: str
    type: Any


@attrs.frozen
class EnumType:
    """A :class:`LabelledEnum` (its values on the wire, its labels in the metadata)."""

    enum: Any


@attrs.frozen
class ModelClass:
    """An attrs class of the model."""

    cls: Any


@attrs.frozen
class ListOf:
    """``tuple[X, ...]``: a list on the wire."""

    item: Any


@attrs.frozen
class MapOf:
    """``dict[str, X]``: an object keyed by canonical keys."""

    value: Any


@attrs.frozen
class JsonObject:
    """``dict[str, Any]``: free JSON (extensions)."""


@attrs.frozen
class JsonValue:
    """``Any``: a JSON value inside free JSON."""


@attrs.frozen
class UnionOf:
    """``A | B | ...`` of model classes (the body of each template)."""

    options: tuple[Any, ...]


Shape = CellType | OptionalOf | Scalar | EnumType | ModelClass | ListOf | MapOf | JsonObject | JsonValue | UnionOf

_SCALARS = {str: "str", int: "int", float: "float", decimal.Decimal: "decimal", datetime.date: "date"}


@functools.cache
def shape(tp: Any) -> Shape:
    """What a field type of the model is (see the module's walker notes); ``TypeError`` for a
    type the model does not use."""
    if tp is Any:
        return JsonValue()
    kind = cell_kind(tp)
    if kind is not None:
        return CellType(kind)
    inner, optional = strip_optional(tp)
    if optional:
        return OptionalOf(inner)
    if tp in _SCALARS:
        return Scalar(_SCALARS[tp], tp)
    if isinstance(tp, type) and issubclass(tp, LabelledEnum):
        return EnumType(tp)
    if is_model_class(tp):
        return ModelClass(tp)
    origin = typing.get_origin(tp)
    if origin is tuple:
        return ListOf(typing.get_args(tp)[0])
    if origin is dict:
        value = typing.get_args(tp)[1]
        return JsonObject() if value is Any else MapOf(value)
    if origin in (typing.Union, types.UnionType):
        return UnionOf(typing.get_args(tp))
    raise TypeError(f"the model does not use the type {tp!r}")


def child(tp: Any, part: str) -> Any:
    """The type one step of a JSON Pointer leads to from a value of type ``tp`` (an optional
    one unwrapped): a model class's field, a list's item (``part`` an index), a map's or free
    JSON's value; ``None`` where the step leads nowhere. The report's ``body`` leads to the
    union of the bodies: callers that know the template choose."""
    match shape(strip_optional(tp)[0]):
        case ModelClass(cls):
            field = fields_by_name(cls).get(part)
            return None if field is None else field.type
        case ListOf(item) if part.isdigit() and part.isascii():
            return item
        case MapOf(value):
            return value
        case JsonObject():
            return Any
    return None
