"""Field metadata: the one place where official labels and descriptions live.

Every field of the model carries its official Chinese label (``label_zh``) and an
English description. The JSON Schema, table coordinates in findings and (later)
the Arrow schema read them from here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

LABEL_ZH = "govdisclosure.label_zh"
DESCRIPTION = "govdisclosure.description"
SCHEMA = "govdisclosure.schema"
IN_COORDINATES = "govdisclosure.in_coordinates"


def labelled(
    label_zh: str,
    description: str,
    *,
    default: Any = attrs.NOTHING,
    factory: Callable[[], Any] | None = None,
    schema: dict[str, Any] | None = None,
    in_coordinates: bool = True,
    kw_only: bool = False,
) -> Any:
    """Declare a model field with its official Chinese label and English description.

    ``schema`` holds extra JSON Schema keywords for this field (a pattern, bounds).
    ``in_coordinates=False`` leaves the label out of table coordinates (a grouping
    level the official coordinates do not name). ``kw_only=True`` lets an optional
    field keep its place (and its place in the JSON) before required ones.
    """
    metadata: dict[str, Any] = {LABEL_ZH: label_zh, DESCRIPTION: description}
    if schema:
        metadata[SCHEMA] = schema
    if not in_coordinates:
        metadata[IN_COORDINATES] = False
    if factory is not None:
        return attrs.field(factory=factory, metadata=metadata, kw_only=kw_only)
    if default is attrs.NOTHING:
        return attrs.field(metadata=metadata, kw_only=kw_only)
    return attrs.field(default=default, metadata=metadata, kw_only=kw_only)


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a Chinese label and an English description."""

    label_zh: str
    description: str

    def __new__(cls, value: str, label_zh: str = "", description: str = "") -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label_zh = label_zh
        obj.description = description
        return obj

    def __str__(self) -> str:
        return str(self.value)
