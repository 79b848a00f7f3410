"""Walking the model: resolved field types and the Annotated cell markers.

The schema generator, the converter, table coordinates and the test strategies
all read the model through these helpers, so they agree on what a type means.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from govdisclosure.model._meta import DESCRIPTION, LABEL_ZH, SCHEMA
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
