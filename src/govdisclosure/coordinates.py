"""Official table coordinates: a JSON Pointer read as the labels of the printed report.

``/body/applications/results/denied/third_party_rights/legal_service_org`` reads
as ``表三 · （三）不予公开 · 4.保护第三方合法权益 · 法律服务机构``. The labels
come from the model's field metadata, so they are declared once.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Any

import attrs

from govdisclosure import _codegen, _introspect
from govdisclosure._introspect import CellType, JsonObject, ListOf, MapOf, ModelClass
from govdisclosure.model import BODY_TYPES, AnnualReport, Gb2019Body, Gb2021Body, Template
from govdisclosure.model._meta import IN_COORDINATES

__all__ = [
    "LEGACY_SECTIONS",
    "MISSING",
    "TABLE2",
    "TABLE3",
    "TABLE4",
    "TABLE_NAMES",
    "column_name",
    "join_pointer",
    "locate",
    "resolve",
    "split_pointer",
]

#: Short official names of the gb tables, by body field.
TABLE_NAMES = {"proactive_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
#: The JSON Pointers of the gb tables: 表二 (proactive disclosure), 表三 (applications), 表四
#: (administrative review and litigation).
TABLE2, TABLE3, TABLE4 = (f"/body/{key}" for key in TABLE_NAMES)
#: Short names of the legacy body's blocks that the analysis tables name like tables, by body field.
LEGACY_SECTIONS = {"on_request": "依申请公开情况", "annex": "统计附表"}


def split_pointer(pointer: str) -> list[str]:
    """The reference tokens of a JSON Pointer (RFC 6901)."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def join_pointer(parts: typing.Iterable[str | int]) -> str:
    """A JSON Pointer from reference tokens."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def locate(pointer: str, template: str | Template | None = None) -> str | None:
    """The official coordinates of a pointer into a report, or ``None``."""
    # a Template is a str with the same hash and equality: the cache takes it as it is
    return _locate(pointer, template)


@functools.lru_cache(maxsize=16384)
def _locate(pointer: str, template: str | None) -> str | None:
    labels: list[str] = []
    tp: Any = AnnualReport
    for part in split_pointer(pointer):
        match _introspect.shape(_introspect.strip_optional(tp)[0]):
            case ModelClass(cls):
                field = _introspect.fields_by_name(cls).get(part)
                if field is None:
                    break
                if cls is AnnualReport and part == "body":
                    tp = _body(template)
                    if tp is None:
                        break
                    continue
                if cls in (Gb2021Body, Gb2019Body) and part in TABLE_NAMES:
                    labels.append(TABLE_NAMES[part])
                elif field.metadata.get(IN_COORDINATES, True):
                    labels.append(_introspect.label_zh(field))
                tp = field.type
            case ListOf(item) if part.isdigit():
                labels.append(f"第{int(part) + 1}项")
                tp = item
            case MapOf() | JsonObject():
                labels.append(part)
                tp = _introspect.child(tp, part)
            case _:  # inside a cell, free JSON, or a step that leads nowhere
                break
    return " · ".join(labels) or None


def _body(template: str | None) -> Any:
    """The body's type of a template (``None`` for no template or an unknown one)."""
    try:
        return BODY_TYPES[Template(template)] if template is not None else None
    except ValueError:
        return None


class _Missing:
    """Nothing at a pointer: falsy, one instance (pickled as the name, so still ``is MISSING``
    in another process)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "MISSING"


#: What :func:`resolve` returns for a pointer that names nothing in the report.
MISSING: Any = _Missing()


def resolve(report: Any, pointer: str) -> Any:
    """The model value a JSON Pointer names in a report, or :data:`MISSING`.

    Fields that are ``None`` (absent in the JSON) are missing too.
    """
    cls: Any = type(report)
    body: Any = type(report.body) if cls is AnnualReport else None
    getter = _field_path(cls, body, pointer)
    if getter is not None:
        try:
            value = getter(report)
        except (AttributeError, IndexError):  # a field on the way is None, a list too short
            return MISSING
        return MISSING if value is None else value
    return _walk(report, pointer)


def _walk(report: Any, pointer: str) -> Any:
    """:func:`resolve` step by step, for any pointer."""
    node: Any = report
    for part in _parts(pointer):
        cls: Any = type(node)
        if attrs.has(cls):
            names = _introspect.fields_by_name(cls)
            if part not in names:
                return MISSING
            node = getattr(node, part)
            if node is None:
                return MISSING
        elif isinstance(node, tuple):
            if not part.isdigit() or int(part) >= len(node):
                return MISSING
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return MISSING
    return node


@functools.lru_cache(maxsize=16384)
def _field_path(root: Any, body: Any, pointer: str) -> Callable[[Any], Any] | None:
    """A compiled getter for a pointer made of field names and list indexes (the
    common case: a cell, an item of an open list), worked out from the model's
    types; ``None`` for anything else (map entries, names the model does not
    have), which :func:`resolve` walks step by step. The getter raises
    ``AttributeError`` where a field on the way is ``None`` and ``IndexError``
    where a list is too short."""
    tp: Any = root
    steps: list[str] = []
    for part in _parts(pointer):
        match _introspect.shape(_introspect.strip_optional(tp)[0]):
            case ModelClass(cls):
                field = _introspect.fields_by_name(cls).get(part)
                if field is None:
                    return None
                steps.append(f".{part}")  # a field name: a Python identifier
                tp = body if cls is AnnualReport and part == "body" else field.type
            case ListOf(item) if part.isdigit() and part.isascii():
                steps.append(f"[{int(part)}]")
                tp = item
            case _:
                return None
    if not steps:
        return None
    namespace: dict[str, Any] = {}
    _codegen.run(f"def get(node):\n    return node{''.join(steps)}\n", namespace, f"getter of {pointer}")
    getter: Callable[[Any], Any] = namespace["get"]
    return getter


@functools.lru_cache(maxsize=16384)
def _parts(pointer: str) -> tuple[str, ...]:
    return tuple(split_pointer(pointer))


@functools.lru_cache(maxsize=16384)
@functools.lru_cache(maxsize=16384)
def column_name(pointer: str) -> str:
    """The column a cell has in the Parquet tables: the pointer below ``/body``,
    its steps joined by ``__`` (``/body/applications/results/total/natural_person``
    is ``applications__results__total__natural_person``)."""
    parts = split_pointer(pointer)
    if parts[:1] == ["body"]:
        parts = parts[1:]
    return "__".join(parts)


@functools.lru_cache(maxsize=16384)
def cell_of(pointer: str, template: str | None) -> str | None:
    """The pointer of the table cell that ``pointer`` names or lies inside (a cell
    object's ``status``, a money amount), or ``None`` outside every cell."""
    tp: Any = AnnualReport
    parts = split_pointer(pointer)
    for depth, part in enumerate(parts):
        match _introspect.shape(_introspect.strip_optional(tp)[0]):
            case CellType():
                return join_pointer(parts[:depth])
            case ModelClass(cls) if cls is AnnualReport and part == "body":
                tp = _body(template)
                if tp is None:
                    return None
            case ModelClass() | ListOf() | MapOf():
                tp = _introspect.child(tp, part)
                if tp is None:
                    return None
            case _:
                return None
    return pointer if isinstance(_introspect.shape(_introspect.strip_optional(tp)[0]), CellType) else None
