"""Reference schema validation: jsonschema's errors turned into findings."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema

from govdisclosure._decode import json_type
from govdisclosure._patterns import DATE_PATTERN, DECIMAL_PATTERN, NON_NEGATIVE_DECIMAL_PATTERN
from govdisclosure.coordinates import join_pointer
from govdisclosure.findings import JSON_TYPES_ZH, Finding, make_finding
from govdisclosure.model.cells import CellStatus
from govdisclosure.schema import LABEL_ZH, load_schema

_FORMATS = {
    DATE_PATTERN: ("a date YYYY-MM-DD", "日期（YYYY-MM-DD）"),
    DECIMAL_PATTERN: ('a decimal number written as a string, e.g. "12.5"', '以字符串书写的十进制数，如"12.5"'),
    NON_NEGATIVE_DECIMAL_PATTERN: (
        'a non-negative decimal written as a string, e.g. "96171.6"',
        '以字符串书写的非负十进制数，如"96171.6"',
    ),
    r"^[0-9]{6}$": ("six digits", "6位数字"),
    r"^[0-9a-f]{64}$": ("64 lowercase hexadecimal digits", "64位小写十六进制数"),
    r"^[a-z][a-z0-9_]*$": ("a lowercase key such as overview or art20_1", "小写英文键名，如overview或art20_1"),
    r"^/.*": ("a JSON Pointer starting with /", "以/开头的JSON指针"),
}


@functools.cache
def reference_validator() -> jsonschema.protocols.Validator:
    """The reference validator: plain jsonschema, built once, offline."""
    schema = load_schema()
    resource = referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012)
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(schema["$id"], resource)
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(schema, registry=registry)
    return validator


@functools.cache
def _variant_validator(template: str) -> jsonschema.protocols.Validator:
    """The reference validator narrowed to the variant a report's ``template`` names: the
    errors of that ``oneOf`` branch, without checking the report against the other
    templates' variants as well (which a ``oneOf`` does, at three times the cost)."""
    schema = load_schema()
    templates, _ = _variants()
    name = schema["oneOf"][templates.index(template)]["$ref"]
    narrowed = {**{k: v for k, v in schema.items() if k != "oneOf"}, "$ref": name}
    resource = referencing.Resource.from_contents(narrowed, default_specification=referencing.jsonschema.DRAFT202012)
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(schema["$id"], resource)
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(narrowed, registry=registry)
    return validator


def schema_findings(instance: Any) -> list[Finding]:
    """Every schema problem of ``instance``, as findings sorted by pointer."""
    findings: list[Finding] = []
    template = instance.get("template") if isinstance(instance, dict) else None
    validator = reference_validator()
    if isinstance(template, str) and template in _variants()[0]:
        # the variant the report names: the same errors as its branch of the oneOf
        validator = _variant_validator(template)
    for error in validator.iter_errors(instance):
        findings.extend(_map_error(error))
    unique: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.pointer, f.code, f.message_en), f)
    return sorted(unique.values(), key=lambda f: (f.pointer, f.code))


def _short(value: Any) -> Any:
    """The offending value, cut down when it is large."""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
        return value if len(text) <= 200 else text[:200] + "…"
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    return value


def _map_error(error: jsonschema.ValidationError) -> Iterable[Finding]:
    pointer = join_pointer(error.absolute_path)
    validator = error.validator
    instance: Any = error.instance
    validator_value: Any = error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "anyOf":
        yield from _map_any_of(error, pointer)
    elif validator == "type":
        expected = error.validator_value
        names = [str(n) for n in expected] if isinstance(expected, list) else [str(expected)]
        yield make_finding(
            "schema.type",
            pointer,
            value=_short(instance),
            expected=" or ".join(names),
            found=json_type(instance),
            expected_zh="或".join(JSON_TYPES_ZH.get(n, n) for n in names),
            found_zh=JSON_TYPES_ZH.get(json_type(instance), "?"),
            accepted="",
            accepted_zh="",
        )
    elif validator == "required":
        properties = schema.get("properties", {})
        for name in validator_value:
            if isinstance(instance, dict) and name not in instance:
                label = properties.get(name, {}).get(LABEL_ZH, name)
                yield make_finding(
                    "schema.required", join_pointer([*error.absolute_path, name]), name=name, label=label
                )
    elif validator == "additionalProperties":
        known = set(schema.get("properties", {}))
        top = not error.absolute_path
        for name in sorted(k for k in instance if k not in known):
            yield make_finding(
                "schema.unknown_property",
                join_pointer([*error.absolute_path, name]),
                value=_short(instance[name]),
                name=name,
                hint="; data beyond the schema goes under 'extensions'" if top else "",
                hint_zh="；规范以外的数据请放入extensions" if top else "",
            )
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[str(validator)]
        bound = f"{sign} {error.validator_value}"
        yield make_finding("schema.out_of_range", pointer, value=instance, bound=bound, bound_zh=f"应{bound}")
    elif validator == "pattern":
        fmt_en, fmt_zh = _FORMATS.get(
            str(error.validator_value), (f"text matching {error.validator_value}", f"符合{error.validator_value}的文本")
        )
        yield make_finding("schema.format", pointer, value=_short(instance), format=fmt_en, format_zh=fmt_zh)
    elif validator == "minLength":
        yield make_finding("schema.empty", pointer, value=instance)
    elif validator == "oneOf" and not error.absolute_path and not _is_enum(schema, validator):
        yield from _map_variants(error)
    elif validator in ("oneOf", "const", "enum") and _is_enum(schema, validator):
        allowed = _allowed(schema, validator, error.validator_value)
        yield make_finding("schema.enum", pointer, value=_short(instance), allowed=", ".join(allowed))
    elif validator == "not" and error.validator_value == {"required": ["value"]}:
        yield make_finding(
            "schema.cell",
            pointer,
            value=_short(instance),
            reason="only a cell of status 'number' has a value",
            reason_zh="只有状态为number的单元格才有value",
        )
    elif validator == "not":
        yield make_finding(
            "schema.cell",
            pointer,
            value=_short(instance),
            reason='a money cell holding a number is written as {"amount": ..., "unit": ...}',
            reason_zh='含金额的单元格应写作{"amount": …, "unit": …}',
        )
    elif validator == "propertyNames":
        yield make_finding(
            "schema.format", pointer, value=_short(instance), format="a lowercase key", format_zh="小写英文键名"
        )
    else:
        yield make_finding(
            "schema.invalid",
            pointer,
            value=_short(instance),
            reason=error.message[:300],
            reason_zh=f"不满足“{error.validator}”约束",
        )


@functools.cache
def _variants() -> tuple[tuple[str, ...], dict[str, Any]]:
    """The templates of the report's variants in the schema's order, and the properties of
    the first variant (the envelope's labels)."""
    schema = load_schema()
    names = [branch["$ref"].rsplit("/", 1)[-1] for branch in schema["oneOf"]]
    variants = [schema["$defs"][name] for name in names]
    return tuple(v["properties"]["template"]["const"] for v in variants), variants[0]["properties"]


def _map_variants(error: jsonschema.ValidationError) -> Iterable[Finding]:
    """A report that fits none of the template's variants: the problems of the variant its
    ``template`` names; without one, what is wrong with ``template`` and what every variant
    finds (the envelope's problems)."""
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    templates, properties = _variants()
    instance = error.instance
    template = instance.get("template") if isinstance(instance, dict) else None
    if isinstance(template, str) and template in templates:
        for sub in branches.get(templates.index(template), []):
            yield from _map_error(sub)
        return
    if isinstance(instance, dict):
        if "template" not in instance:
            label = properties["template"].get(LABEL_ZH, "template")
            yield make_finding("schema.required", "/template", name="template", label=label)
        else:
            yield make_finding("schema.enum", "/template", value=_short(template), allowed=", ".join(templates))

    def key(e: jsonschema.ValidationError) -> tuple[Any, ...]:
        return (tuple(e.absolute_path), e.validator, e.message)

    first = branches.get(0, [])
    others = [{key(e) for e in errors} for index, errors in branches.items() if index != 0]
    for sub in first:
        if list(sub.absolute_path)[:1] == ["template"]:
            continue
        if all(key(sub) in keys for keys in others):
            yield from _map_error(sub)


def _is_enum(schema: dict[str, Any], validator: Any) -> bool:
    if validator in ("const", "enum"):
        return True
    return all(isinstance(o, dict) and "const" in o for o in schema.get("oneOf", [{}]))


def _allowed(schema: dict[str, Any], validator: Any, value: Any) -> list[str]:
    if validator == "oneOf":
        return [str(o["const"]) for o in schema["oneOf"]]
    if validator == "const":
        return [str(value)]
    return [str(v) for v in value]


#: The definitions of a cell object, by the status that selects them.
_CELL_DEFS = {"NumberCell": "number", "CountCell": "number", "TextCell": "text", "MarkCell": None}
_VALUE_ON_A_MARK = (
    "only a cell of status 'number' has a value",
    "只有状态为number的单元格才有value",
)
_MONEY_AS_NUMBER = (
    'a money cell holding a number is written as {"amount": ..., "unit": ...}',
    '含金额的单元格应写作{"amount": …, "unit": …}',
)


def _map_cell(
    error: jsonschema.ValidationError, pointer: str, branches: dict[int, list[jsonschema.ValidationError]]
) -> Iterable[Finding] | None:
    """A cell object that fits none of its kind's cell definitions: the problems of the
    definition its ``status`` selects (a mark's value, a number cell's missing text);
    with no known status, what is wrong with it and the problems any cell has. None
    when the kind takes no cell objects, or the instance is no object."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if not isinstance(instance, dict):
        return None
    by_status: dict[str | None, int] = {}
    money = None
    for index, branch in enumerate(schema.get("anyOf", [])):
        name = str(branch.get("$ref", "")).rsplit("/", 1)[-1]
        if name in _CELL_DEFS:
            by_status[_CELL_DEFS[name]] = index
        elif name == "Money":
            money = index
    if None not in by_status:
        return None
    out: list[Finding] = []
    status = instance.get("status")
    if money is not None and ("amount" in instance or "unit" in instance or "status" not in instance):
        for sub in branches.get(money, []):
            out.extend(_map_error(sub))
        return out
    if status == "number" and "number" not in by_status:
        reason_en, reason_zh = _MONEY_AS_NUMBER
        return [make_finding("schema.cell", pointer, value=_short(instance), reason=reason_en, reason_zh=reason_zh)]
    known = {m.value for m in CellStatus}
    chosen = by_status.get(status) if status in ("number", "text") else by_status[None]
    status_pointer = join_pointer([*error.absolute_path, "status"])
    if "status" not in instance:
        out.append(make_finding("schema.required", status_pointer, name="status", label="单元格状态"))
    elif status not in known:
        allowed = ", ".join(m.value for m in CellStatus)
        out.append(make_finding("schema.enum", status_pointer, value=_short(status), allowed=allowed))
    for sub in branches.get(chosen if chosen is not None else by_status[None], []):
        if list(sub.absolute_path)[len(error.absolute_path) :][:1] == ["status"]:
            continue
        if sub.validator == "required" and status not in known:
            continue
        if sub.validator == "additionalProperties" and isinstance(sub.instance, dict):
            sub_schema = sub.schema if isinstance(sub.schema, dict) else {}
            extra = [k for k in sub.instance if k not in sub_schema.get("properties", {})]
            if "value" in extra:
                reason_en, reason_zh = _VALUE_ON_A_MARK
                out.append(
                    make_finding("schema.cell", pointer, value=_short(instance), reason=reason_en, reason_zh=reason_zh)
                )
            for name in sorted(k for k in extra if k != "value"):
                out.append(
                    make_finding(
                        "schema.unknown_property",
                        join_pointer([*sub.absolute_path, name]),
                        value=_short(sub.instance[name]),
                        name=name,
                        hint="",
                        hint_zh="",
                    )
                )
            continue
        out.extend(_map_error(sub))
    return out


def _map_any_of(error: jsonschema.ValidationError, pointer: str) -> Iterable[Finding]:
    """A cell that fits no branch: report the branch that matches its JSON type."""
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    cell = _map_cell(error, pointer, branches)
    if cell is not None:
        yield from cell
        return
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and len(e.relative_schema_path) == 2 for e in errors)
        and not any(e.validator == "$ref" for e in errors)
    ]
    # Among branches of the right JSON type, prefer the one with the fewest problems.
    fitting = [b for b in fitting if not _wrong_type_in_ref(b)]
    if fitting:
        best = min(fitting, key=len)
        for sub in best:
            yield from _map_error(sub)
        return
    title = error.schema.get(LABEL_ZH, "") if isinstance(error.schema, dict) else ""
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    name = error.schema.get("title", "") if isinstance(error.schema, dict) else ""
    accepted_en, accepted_zh = _ACCEPTED.get(name, ("", ""))
    yield make_finding(
        "schema.type",
        pointer,
        value=_short(error.instance),
        expected=(description[:1].lower() + description[1:]).rstrip(".") or "a valid value",
        found=json_type(error.instance),
        expected_zh=title or "有效取值",
        found_zh=JSON_TYPES_ZH.get(json_type(error.instance), "?"),
        accepted=accepted_en,
        accepted_zh=accepted_zh,
    )


_MARKS = '{"status": "blank"} (or "slash", "dash", "not_applicable", "not_captured")'
_MARKS_ZH = '{"status": "blank"}（或"slash"、"dash"、"not_applicable"、"not_captured"）'
_TEXT = '{"status": "text", "text": "见附件"}'
_NUMBER = '{"status": "number", "text": "12（其中新增3）", "value": 12}'
#: The forms a cell of each kind accepts, shown when a cell has the wrong type.
_ACCEPTED = {
    "Count": (
        f"; a count cell is written 12 (an integer ≥ 0), {_NUMBER}, {_TEXT} or {_MARKS}",
        f"；计数单元格应写作12（非负整数）、{_NUMBER}、{_TEXT}或{_MARKS_ZH}",
    ),
    "SignedCount": (
        f"; a signed cell is written -3 (an integer), {_NUMBER}, {_TEXT} or {_MARKS}",
        f"；增减数单元格应写作-3（整数）、{_NUMBER}、{_TEXT}或{_MARKS_ZH}",
    ),
    "MoneyCell": (
        f'; a money cell is written {{"amount": "1.5", "unit": "wan_yuan"}} (or "yuan"), {_TEXT} or {_MARKS}',
        f'；金额单元格应写作{{"amount": "1.5", "unit": "wan_yuan"}}（或"yuan"）、{_TEXT}或{_MARKS_ZH}',
    ),
    "AnnexValue": (
        f'; an annex value is written 12, "12.5" (an exact decimal as text), {_NUMBER}, {_TEXT} or {_MARKS}',
        f'；统计值应写作12、"12.5"（小数写成文本）、{_NUMBER}、{_TEXT}或{_MARKS_ZH}',
    ),
}


def _wrong_type_in_ref(errors: list[jsonschema.ValidationError]) -> bool:
    """True when a branch failed only because the instance is not of the branch's JSON type."""
    return any(e.validator == "type" and not list(e.relative_path) for e in errors)
