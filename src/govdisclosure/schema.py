"""The open JSON Schema (Draft 2020-12), generated from the model.

The committed file ``schemas/report.schema.json`` is the output of
:func:`generate_schema`; a test fails when the two differ. Run
``govdisclosure schema --generate > schemas/report.schema.json`` after changing the model.

Written for other ecosystems' code generators as much as for validators: every
definition's ``title`` is its English type name (the model's class name), properties
carry no ``title`` (so generators type them by their definitions instead of inventing a
name per property), the official Chinese label of every property, definition and enum
member is in the keyword ``x-label-zh``, and the report is a ``oneOf`` of one variant per
template that fixes ``template`` by ``const`` (with the template's years) and types
``body``: a discriminated union that TypeScript and pydantic generators turn into a typed
union.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import pathlib
from typing import Any

from govdisclosure import _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, Scalar
from govdisclosure._patterns import DATE_PATTERN, DECIMAL_PATTERN, DICT_KEY_PATTERN
from govdisclosure._version import SCHEMA_VERSION
from govdisclosure.model import BODY_TYPES, TEMPLATE_ALLOWED_YEARS, AnnualReport
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.cells import INT64_MAX, INT64_MIN, Cell, CellKind, CellStatus, Money

__all__ = ["LABEL_ZH", "SCHEMA_ID", "SCHEMA_VERSION", "generate_schema", "load_schema", "schema_text"]

SCHEMA_ID = f"https://schemas.govdisclosure.org/report/{SCHEMA_VERSION}/report.schema.json"
SCHEMA_FILE = "report.schema.json"
#: The keyword that carries the official Chinese label of a property, definition or enum member.
LABEL_ZH = "x-label-zh"
#: The report's variant per template: its definition's name.
_VARIANTS = {"legacy": "LegacyReport", "gb2019": "Gb2019Report", "gb2021": "Gb2021Report"}


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
        match _introspect.shape(tp):
            case CellType(kind):
                self.cell_defs()
                return self.ref(_CELL_KIND_DEFS[kind])
            case Scalar("str"):
                return {"type": "string"}
            case Scalar("int"):
                return {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}
            case Scalar("float"):
                return {"type": "number"}
            case Scalar("decimal"):
                return {"type": "string", "pattern": DECIMAL_PATTERN}
            case Scalar("date"):
                return {"type": "string", "pattern": DATE_PATTERN}
            case EnumType(enum):
                return self.enum_def(enum)
            case ModelClass(cls):
                return self.class_def(cls)
            case ListOf(item):
                return {"type": "array", "items": self.type_schema(item)}
            case JsonObject():
                return {"type": "object"}
            case MapOf(value):
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
                "title": name,
                "description": _first_line(enum_cls.__doc__),
                "oneOf": [
                    {"const": member.value, "description": member.description, LABEL_ZH: member.label_zh}
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
            # the report's body is typed per template by its variant (generate_schema)
            prop = {} if cls is AnnualReport and field.name == "body" else self.type_schema(tp)
            prop = {
                **_annotatable(prop),
                "description": _introspect.description(field),
                LABEL_ZH: _introspect.label_zh(field),
                **_introspect.schema_extras(field),
            }
            properties[field.name] = prop
            if not optional and field.default is _NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "title": cls.__name__,
            "description": _first_line(cls.__doc__),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def cell_defs(self) -> None:
        """A cell that was not a clean number, as one definition per kind of cell (a number
        with its text, text, or a mark such as blank or "/"), so that code generators type
        it as a union; and the four cell kinds as their plain value or one of these."""
        if "NumberCell" in self.defs:
            return
        fields = {f.name: f for f in _introspect.fields(Cell)}

        def prop(name: str, schema: dict[str, Any]) -> dict[str, Any]:
            field = fields[name]
            return {**schema, "description": _introspect.description(field), LABEL_ZH: _introspect.label_zh(field)}

        def cell_def(name: str, description: str, status: dict[str, Any], value: bool, text: bool) -> None:
            properties = {"status": prop("status", status)}
            if value:
                properties["value"] = prop("value", {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX})
            properties["text"] = prop("text", {"type": "string"})
            self.defs[name] = {
                "title": name,
                "description": description,
                "type": "object",
                "properties": properties,
                "additionalProperties": False,
                "required": ["status", *(["value"] if value else []), *(["text"] if text else [])],
            }

        marks = [m for m in CellStatus if m not in (CellStatus.NUMBER, CellStatus.TEXT)]
        cell_def(
            "NumberCell",
            "A cell that printed a number with words around it (22（其中修订16件）): the number and the text.",
            {"const": CellStatus.NUMBER.value},
            value=True,
            text=True,
        )
        cell_def(
            "TextCell",
            "A cell that printed text and no number (见附件).",
            {"const": CellStatus.TEXT.value},
            False,
            True,
        )
        cell_def(
            "MarkCell",
            "A cell that printed no figure: blank, a slash, a dash, not applicable, or not captured.",
            {"oneOf": [{"const": m.value, "description": m.description, LABEL_ZH: m.label_zh} for m in marks]},
            value=False,
            text=False,
        )
        others = [self.ref("TextCell"), self.ref("MarkCell")]
        self.defs["CountCell"] = {
            "title": "CountCell",
            "description": "A number cell of a count: its value is never negative.",
            "type": "object",
            "allOf": [self.ref("NumberCell")],
            "properties": {"value": prop("value", {"type": "integer", "minimum": 0, "maximum": INT64_MAX})},
        }
        self.defs["Money"] = self.object_schema(Money)
        self.defs["Count"] = {
            "title": "Count",
            "description": CellKind.COUNT.description,
            LABEL_ZH: "计数单元格",
            "anyOf": [{"type": "integer", "minimum": 0, "maximum": INT64_MAX}, self.ref("CountCell"), *others],
        }
        self.defs["SignedCount"] = {
            "title": "SignedCount",
            "description": CellKind.SIGNED.description,
            LABEL_ZH: "增减数单元格",
            "anyOf": [{"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}, self.ref("NumberCell"), *others],
        }
        self.defs["MoneyCell"] = {
            "title": "MoneyCell",
            "description": CellKind.MONEY.description,
            LABEL_ZH: "金额单元格",
            "anyOf": [self.ref("Money"), *others],
        }
        self.defs["AnnexValue"] = {
            "title": "AnnexValue",
            "description": CellKind.ANNEX.description,
            LABEL_ZH: "统计值",
            "anyOf": [
                {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX},
                {"type": "string", "pattern": DECIMAL_PATTERN},
                self.ref("NumberCell"),
                *others,
            ],
        }


_NOTHING = __import__("attrs").NOTHING


def _annotatable(prop: dict[str, Any]) -> dict[str, Any]:
    """A reference that a property's description and label can sit beside: ``allOf`` of
    the one reference (a ``$ref`` with sibling keywords makes code generators declare a
    copy of the referenced type under a new name, Count1, Count2, …)."""
    if set(prop) == {"$ref"}:
        return {"allOf": [prop]}
    return prop


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of a report, generated from the model."""
    gen = _Generator()
    report = gen.object_schema(AnnualReport)
    # the schema a document names for editors (completion, checks as one types); not data
    report["properties"] = {
        "$schema": {
            "type": "string",
            "description": "The schema this document follows, for editors; ignored when the document is read.",
            LABEL_ZH: "数据规范",
        },
        **report["properties"],
    }
    variants = []
    for template, body in BODY_TYPES.items():
        first, last = TEMPLATE_ALLOWED_YEARS[template]
        name = _VARIANTS[template.value]
        properties = dict(report["properties"])
        year: dict[str, Any] = {**properties["year"], "minimum": first}
        if last is not None:
            year["maximum"] = last
        properties["template"] = {
            "const": template.value,
            **{k: v for k, v in properties["template"].items() if k not in ("$ref", "allOf")},
        }
        properties["year"] = year
        properties["body"] = {**_annotatable(gen.class_def(body)), **properties["body"]}
        gen.defs[name] = {
            **report,
            "title": name,
            "description": f"A report that follows the template {template.value} ({template.label_zh}).",
            "properties": properties,
        }
        variants.append(gen.ref(name))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "AnnualReport",
        "description": (
            "An annual report on government information disclosure (政府信息公开工作年度报告) "
            f"of the People's Republic of China, govdisclosure data schema {SCHEMA_VERSION}: one variant "
            "per template, told apart by `template`."
        ),
        LABEL_ZH: "政府信息公开工作年度报告",
        "x-schema-version": SCHEMA_VERSION,
        "oneOf": variants,
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
