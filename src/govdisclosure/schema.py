"""The open JSON Schema (Draft 2020-12), generated from the model.

The committed file ``schemas/report.schema.json`` is the output of
:func:`generate_schema`; a test fails when the two differ. Run
``govdisclosure schema --generate > schemas/report.schema.json`` after changing the model.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import importlib.resources
import json
import pathlib
import typing
from typing import Any

from govdisclosure import _introspect
from govdisclosure._patterns import DATE_PATTERN, DECIMAL_PATTERN, DICT_KEY_PATTERN
from govdisclosure.model import BODY_TYPES, TEMPLATE_ALLOWED_YEARS, AnnualReport
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.cells import INT64_MAX, INT64_MIN, Cell, CellKind, CellStatus, Money

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "generate_schema", "load_schema", "schema_text"]

#: Version of the data schema; independent of the package version.
SCHEMA_VERSION = "1.1.0"
SCHEMA_ID = f"https://schemas.govdisclosure.org/report/{SCHEMA_VERSION}/report.schema.json"
SCHEMA_FILE = "report.schema.json"


_CELL_KIND_DEFS = {
    CellKind.COUNT: "Count",
    CellKind.SIGNED: "SignedCount",
    CellKind.MONEY: "MoneyCell",
    CellKind.ANNEX: "AnnexValue",
}


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        kind = _introspect.cell_kind(tp)
        if kind is not None:
            self.cell_defs()
            return self.ref(_CELL_KIND_DEFS[kind])
        origin = typing.get_origin(tp)
        if tp is str:
            return {"type": "string"}
        if tp is int:
            return {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}
        if tp is float:
            return {"type": "number"}
        if tp is decimal.Decimal:
            return {"type": "string", "pattern": DECIMAL_PATTERN}
        if tp is datetime.date:
            return {"type": "string", "pattern": DATE_PATTERN}
        if isinstance(tp, type) and issubclass(tp, LabelledEnum):
            return self.enum_def(tp)
        if _introspect.is_model_class(tp):
            return self.class_def(tp)
        if origin is tuple:
            item, _ellipsis = typing.get_args(tp)
            return {"type": "array", "items": self.type_schema(item)}
        if origin is dict:
            _key, value = typing.get_args(tp)
            if value is Any:
                return {"type": "object"}
            return {
                "type": "object",
                "propertyNames": {"pattern": DICT_KEY_PATTERN},
                "additionalProperties": self.type_schema(value),
            }
        raise TypeError(f"no JSON Schema mapping for {tp!r}")

    def enum_def(self, enum_cls: type[LabelledEnum]) -> dict[str, Any]:
        name = enum_cls.__name__
        if name not in self.defs:
            self.defs[name] = {
                "title": _first_line(enum_cls.__doc__),
                "type": "string",
                "oneOf": [
                    {"const": member.value, "title": member.label_zh, "description": member.description}
                    for member in enum_cls
                ],
            }
        return self.ref(name)

    def class_def(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion (Section)
            self.defs[name] = self.object_schema(cls)
        return self.ref(name)

    def object_schema(self, cls: type) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in _introspect.fields(cls):
            tp, optional = _introspect.strip_optional(field.type)
            if cls is AnnualReport and field.name == "body":
                prop: dict[str, Any] = {"type": "object"}
            else:
                prop = self.type_schema(tp)
            prop = {
                **prop,
                "title": _introspect.label_zh(field),
                "description": _introspect.description(field),
                **_introspect.schema_extras(field),
            }
            properties[field.name] = prop
            if not optional and field.default is _NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "title": _first_line(cls.__doc__),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def cell_defs(self) -> None:
        if "Cell" in self.defs:
            return
        cell = self.object_schema(Cell)
        self.enum_def(CellStatus)
        number = CellStatus.NUMBER.value
        text = CellStatus.TEXT.value
        cell["allOf"] = [
            {
                "if": {"properties": {"status": {"const": number}}},
                "then": {"required": ["value", "text"]},
                "else": {"not": {"required": ["value"]}},
            },
            {"if": {"properties": {"status": {"const": text}}}, "then": {"required": ["text"]}},
        ]
        self.defs["Cell"] = cell
        self.defs["Money"] = self.object_schema(Money)
        self.defs["Count"] = {
            "title": "计数单元格",
            "description": CellKind.COUNT.description,
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
                {"allOf": [self.ref("Cell")], "properties": {"value": {"minimum": 0, "maximum": INT64_MAX}}},
            ],
        }
        self.defs["SignedCount"] = {
            "title": "增减数单元格",
            "description": CellKind.SIGNED.description,
            "anyOf": [
                {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX},
                {"allOf": [self.ref("Cell")], "properties": {"value": {"minimum": INT64_MIN, "maximum": INT64_MAX}}},
            ],
        }
        self.defs["MoneyCell"] = {
            "title": "金额单元格",
            "description": CellKind.MONEY.description,
            "anyOf": [
                self.ref("Money"),
                {"allOf": [self.ref("Cell")], "properties": {"status": {"not": {"const": number}}}},
            ],
        }
        self.defs["AnnexValue"] = {
            "title": "统计值",
            "description": CellKind.ANNEX.description,
            "anyOf": [
                {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX},
                {"type": "string", "pattern": DECIMAL_PATTERN},
                {"allOf": [self.ref("Cell")], "properties": {"value": {"minimum": INT64_MIN, "maximum": INT64_MAX}}},
            ],
        }


_NOTHING = __import__("attrs").NOTHING


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of a report, generated from the model."""
    gen = _Generator()
    root = gen.object_schema(AnnualReport)
    conditions = []
    for template, body in BODY_TYPES.items():
        first, last = TEMPLATE_ALLOWED_YEARS[template]
        year: dict[str, Any] = {"minimum": first}
        if last is not None:
            year["maximum"] = last
        conditions.append(
            {
                "if": {"properties": {"template": {"const": template.value}}, "required": ["template"]},
                "then": {"properties": {"body": gen.class_def(body), "year": year}},
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告",
        "description": (
            "An annual report on government information disclosure (政府信息公开工作年度报告) "
            f"of the People's Republic of China, govdisclosure data schema {SCHEMA_VERSION}."
        ),
        "x-schema-version": SCHEMA_VERSION,
        **{k: v for k, v in root.items() if k != "title"},
        "allOf": conditions,
        "$defs": dict(sorted(gen.defs.items())),
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    """The schema as committed: UTF-8 JSON, indent 2, final newline."""
    return json.dumps(generate_schema() if schema is None else schema, ensure_ascii=False, indent=2) + "\n"


@functools.cache
def load_schema() -> dict[str, Any]:
    """The bundled schema (never fetched from the network)."""
    resource = importlib.resources.files("govdisclosure").joinpath("schemas").joinpath(SCHEMA_FILE)
    if resource.is_file():
        data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
        return data
    # A source checkout (editable install): the committed file at the project root.
    checkout = pathlib.Path(__file__).resolve().parents[2] / "schemas" / SCHEMA_FILE
    if checkout.is_file():
        committed: dict[str, Any] = json.loads(checkout.read_text(encoding="utf-8"))
        return committed
    return generate_schema()
