"""Official table coordinates: a JSON Pointer read as the labels of the printed report.

``/body/applications/results/denied/third_party_rights/legal_service_org`` reads
as ``表三 · （三）不予公开 · 4.保护第三方合法权益 · 法律服务机构``. The labels
come from the model's field metadata, so they are declared once.
"""

from __future__ import annotations

import typing
from typing import Any

from govdisclosure import _introspect
from govdisclosure.model import BODY_TYPES, AnnualReport, Gb2019Body, Gb2021Body, Template
from govdisclosure.model._meta import IN_COORDINATES

__all__ = ["TABLE_NAMES", "locate", "split_pointer"]

#: Short official names of the gb tables, by body field.
TABLE_NAMES = {"proactive_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


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
    labels: list[str] = []
    tp: Any = AnnualReport
    for part in split_pointer(pointer):
        tp, _ = _introspect.strip_optional(tp)
        if _introspect.cell_kind(tp) is not None:
            break
        origin = typing.get_origin(tp)
        if _introspect.is_model_class(tp):
            field = next((f for f in _introspect.fields(tp) if f.name == part), None)
            if field is None:
                break
            if tp is AnnualReport and part == "body":
                try:
                    tp = BODY_TYPES[Template(template)] if template is not None else None
                except ValueError:
                    tp = None
                if tp is None:
                    break
                continue
            if tp in (Gb2021Body, Gb2019Body) and part in TABLE_NAMES:
                labels.append(TABLE_NAMES[part])
            elif field.metadata.get(IN_COORDINATES, True):
                labels.append(_introspect.label_zh(field))
            tp = field.type
        elif origin is tuple:
            if not part.isdigit():
                break
            labels.append(f"第{int(part) + 1}项")
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            labels.append(part)
            tp = typing.get_args(tp)[1]
        else:
            break
    return " · ".join(labels) or None
