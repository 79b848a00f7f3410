"""msgspec Structs equivalent to the govdisclosure model, derived from it, for comparison only.

Counts are ``int`` (0..int64) or a cell Struct; enums are literals; money cells
are plain mappings (msgspec cannot tell two untagged Structs apart), so msgspec
does slightly less checking than govdisclosure: the comparison favours msgspec.
"""

from __future__ import annotations

import sys
import types
from typing import Annotated, Any, Literal

import msgspec

from govdisclosure import _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, OptionalOf, Scalar
from govdisclosure.model import BODY_TYPES, AnnualReport, Template
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.cells import INT64_MAX, INT64_MIN, Cell, CellKind

_structs: dict[Any, Any] = {}
_in_progress: set[Any] = set()
# Recursive types (Section.subsections) are written as forward references that
# msgspec resolves in this module's namespace.
_NAMESPACE = types.ModuleType("_govdisclosure_msgspec")
sys.modules[_NAMESPACE.__name__] = _NAMESPACE

NonNegative = Annotated[int, msgspec.Meta(ge=0, le=INT64_MAX)]
Signed = Annotated[int, msgspec.Meta(ge=INT64_MIN, le=INT64_MAX)]


def _type(tp: Any) -> Any:
    match _introspect.shape(tp):
        case CellType(CellKind.COUNT):
            return NonNegative | _struct(Cell)
        case CellType(CellKind.SIGNED):
            return Signed | _struct(Cell)
        case CellType(CellKind.MONEY):
            return dict[str, Any]
        case CellType(CellKind.ANNEX):
            return Signed | str | _struct(Cell)
        case OptionalOf(inner):
            return _type(inner) | None
        case Scalar(type=scalar):
            return scalar
        case EnumType(enum):
            return Literal[tuple(m.value for m in enum)]  # type: ignore[misc]
        case ModelClass(cls):
            return _struct(cls)
        case ListOf(item):
            return list[_type(item)]  # type: ignore[misc]
        case JsonObject():
            return dict[str, Any]
        case MapOf(value):
            return dict[str, _type(value)]  # type: ignore[misc]
    raise TypeError(tp)


def _struct(cls: type, name: str | None = None, overrides: dict[str, Any] | None = None) -> Any:
    key = name or cls
    if key in _structs:
        return _structs[key]
    if key in _in_progress:
        return name or cls.__name__
    _in_progress.add(key)
    fields = []
    for field in _introspect.fields(cls):
        tp = (overrides or {}).get(field.name) or _type(field.type)
        if field.default is _NOTHING:
            fields.append((field.name, tp))
        elif hasattr(field.default, "factory"):
            fields.append((field.name, tp, msgspec.field(default_factory=field.default.factory)))
        else:
            default = field.default
            if isinstance(default, tuple):
                fields.append((field.name, tp, msgspec.field(default_factory=list)))
                continue
            fields.append((field.name, tp, default.value if isinstance(default, LabelledEnum) else default))
    struct = msgspec.defstruct(
        name or cls.__name__, fields, forbid_unknown_fields=True, kw_only=True, module=_NAMESPACE.__name__
    )
    setattr(_NAMESPACE, name or cls.__name__, struct)
    _structs[key] = struct
    return struct


_NOTHING = __import__("attrs").NOTHING


def decoders() -> dict[str, msgspec.json.Decoder[Any]]:
    """One typed decoder per template (the body type depends on the template)."""
    out = {}
    for template, body in BODY_TYPES.items():
        report = _struct(
            AnnualReport,
            name=f"AnnualReport_{template.value}",
            overrides={"body": _struct(body), "template": Literal[template.value]},
        )
        out[Template(template).value] = msgspec.json.Decoder(report)
    return out
