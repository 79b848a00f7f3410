"""Findings are data: a stable code, a severity, a JSON Pointer, the official
table coordinates, a message in Chinese and in English, and the values involved.

The catalogue :data:`CODES` declares every code once; the CLI and notebooks only
render findings.
"""

from __future__ import annotations

import decimal
import json
from typing import Any

import attrs

from govdisclosure.model._meta import LabelledEnum

__all__ = ["CODES", "CellRef", "Code", "Finding", "Outcome", "Severity", "make_finding"]


class Severity(LabelledEnum):
    """How bad a finding is."""

    FATAL = ("fatal", "无法读取", "The input could not be read as a report at all.")
    ERROR = ("error", "错误", "The report breaks the schema or a definitional rule.")
    WARNING = ("warning", "警告", "Probably a problem; the report is still accepted.")
    INFO = ("info", "提示", "For information.")


@attrs.frozen
class Code:
    """A finding code in the catalogue."""

    code: str
    severity: Severity
    message_zh: str
    message_en: str


def _c(code: str, severity: Severity, zh: str, en: str) -> Code:
    return Code(code, severity, zh, en)


_F, _E, _W = Severity.FATAL, Severity.ERROR, Severity.WARNING

#: Every finding code, declared once. Messages are ``str.format`` templates.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        _c("internal.error", _F, "内部错误（请报告此问题）：{reason}", "internal error (please report it): {reason}"),
        _c("input.unreadable", _F, "无法读取文件：{reason}", "cannot read the file: {reason}"),
        _c("input.empty", _F, "输入为空", "the input is empty"),
        _c(
            "input.too_large",
            _F,
            "输入过大：{size}字节，超过上限{limit}字节",
            "the input is too large: {size} bytes, over the limit of {limit} bytes",
        ),
        _c(
            "input.binary",
            _F,
            "输入不是文本（第{offset}字节起无法按UTF-8或GB18030解码）",
            "the input is not text (cannot be decoded as UTF-8 or GB18030 from byte {offset})",
        ),
        _c(
            "input.encoding",
            _E,
            "输入编码为{encoding}，JSON应使用UTF-8编码",
            "the input is encoded as {encoding}; JSON must be UTF-8",
        ),
        _c(
            "input.utf8_bom",
            _W,
            "输入以UTF-8字节顺序标记（BOM）开头，已忽略",
            "the input starts with a UTF-8 byte order mark, which was ignored",
        ),
        _c(
            "json.syntax",
            _F,
            "JSON语法错误：{reason}（第{line}行第{column}列）",
            "JSON syntax error: {reason} (line {line}, column {column})",
        ),
        _c(
            "json.too_deep",
            _F,
            "JSON嵌套层级过深（超过{limit}层）",
            "the JSON nests too deep (more than {limit} levels)",
        ),
        _c(
            "json.number_too_long",
            _F,
            "JSON中的数字位数过多，无法读取",
            "a number in the JSON has too many digits to read",
        ),
        _c(
            "json.duplicate_key",
            _E,
            "对象中字段“{key}”重复出现{count}次，取值分别为{values}",
            "key '{key}' appears {count} times in one object, with values {values}",
        ),
        _c("json.non_finite", _E, "“{token}”不是有效的JSON数字", "'{token}' is not a valid JSON number"),
        _c(
            "json.integer_as_float",
            _W,
            "整数写成了小数形式（{token}），按整数{integer}读取",
            "a whole number is written as a float ({token}); it is read as the integer {integer}",
        ),
        _c(
            "json.lone_surrogate",
            _E,
            "字符串中含有不成对的代理字符（\\u{codepoint:04x}），不是有效的Unicode文本",
            "a string holds a lone surrogate (\\u{codepoint:04x}), which is not valid Unicode text",
        ),
        _c("json.not_object", _F, "报告应为JSON对象，实为{found}", "a report must be a JSON object, not {found}"),
        _c(
            "schema.type",
            _E,
            "类型错误：应为{expected_zh}，实为{found_zh}",
            "wrong type: expected {expected}, found {found}",
        ),
        _c("schema.required", _E, "缺少必填项“{name}”（{label}）", "required property '{name}' ({label}) is missing"),
        _c("schema.unknown_property", _E, "未知字段“{name}”{hint_zh}", "unknown property '{name}'{hint}"),
        _c("schema.out_of_range", _E, "数值{value}超出允许范围（{bound_zh}）", "{value} is out of range ({bound})"),
        _c(
            "schema.format",
            _E,
            "“{value}”格式不正确，应为{format_zh}",
            "'{value}' is not in the required format: {format}",
        ),
        _c(
            "schema.enum",
            _E,
            "“{value}”不是允许的取值，可选：{allowed}",
            "'{value}' is not an allowed value; one of: {allowed}",
        ),
        _c("schema.empty", _E, "不能为空字符串", "must not be an empty string"),
        _c("schema.cell", _E, "单元格写法不正确：{reason_zh}", "malformed cell: {reason}"),
        _c("schema.invalid", _E, "不符合数据规范：{reason}", "does not conform to the schema: {reason}"),
        _c("value.invalid", _E, "取值无效：{reason}", "invalid value: {reason}"),
        _c(
            "layout.single_row_other_processing",
            _W,
            "（六）其他处理按一行填报，未分三个子项（gb2021格式应分项填报）",
            "（六）其他处理 is printed as one row instead of the three sub-rows of the gb2021 template",
        ),
        _c(
            "layout.incomplete_group",
            _E,
            "（六）其他处理缺少子项：{missing}",
            "（六）其他处理 lacks sub-rows: {missing}",
        ),
        _c(
            "template.later_year",
            _W,
            "报告年度{year}晚于{template}格式的适用年度（{first}–{last}年），仍按该格式读取",
            "the report year {year} is later than the years of the {template} template ({first}–{last}); "
            "it is read with that template all the same",
        ),
        _c("figures.duplicate_id", _E, "文中数据编号“{id}”重复", "stated figure id '{id}' is used more than once"),
        _c(
            "figures.bad_reference",
            _E,
            "文中数据引用“{ref}”无法解析",
            "stated figure reference '{ref}' does not resolve",
        ),
    ]
}


class Outcome(LabelledEnum):
    """What a rule found (rule findings only)."""

    PASS = ("pass", "通过", "The rule holds.")
    FAIL = ("fail", "不通过", "The rule does not hold.")
    NOT_ASSESSABLE = (
        "not_assessable",
        "无法判断",
        "An operand is blank, '/', text or absent, so the rule cannot be checked.",
    )
    TRUNCATED = ("truncated", "截尾", "The stated figure equals the computed value truncated, not rounded.")


@attrs.frozen
class CellRef:
    """A cell a rule read, named three ways, with the value it held."""

    pointer: str
    location: str | None
    column: str
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "location": self.location,
            "column": self.column,
            "value": _jsonable(self.value),
        }


@attrs.frozen
class Finding:
    """One problem (or note) about one place of one document."""

    code: str
    severity: Severity
    pointer: str
    message_zh: str
    message_en: str
    value: Any = None
    location: str | None = None
    source: str | None = None
    line: int | None = None
    column: int | None = None
    expected: Any = None
    actual: Any = None
    outcome: Outcome | None = None
    difference: Any = None
    instance: str | None = None
    cells: tuple[CellRef, ...] = ()

    @property
    def is_error(self) -> bool:
        """True for findings of severity error or fatal (for a rule: one that failed)."""
        if self.outcome is not None and self.outcome is not Outcome.FAIL:
            return False
        return self.severity in (Severity.ERROR, Severity.FATAL)

    @property
    def is_problem(self) -> bool:
        """True unless this is a rule that passed, or a note."""
        return self.outcome in (None, Outcome.FAIL) and self.severity is not Severity.INFO

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; absent parts are omitted."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "pointer": self.pointer,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }
        if self.outcome is not None:
            out["outcome"] = self.outcome.value
        for name in ("instance", "location", "source", "line", "column"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        for name in ("value", "expected", "actual", "difference"):
            value = getattr(self, name)
            if value is not None:
                out[name] = _jsonable(value)
        if self.cells:
            out["cells"] = [c.to_dict() for c in self.cells]
        return out

    def format_text(self) -> str:
        """One line for people: where, what, in English and Chinese."""
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        place = self.pointer or "/"
        if self.location:
            place += f" ({self.location})"
        code = self.code if self.instance is None else f"{self.code} {self.instance}"
        status = self.severity.value if self.outcome is None else f"{self.outcome.value} {self.severity.value}"
        return f"{where}: {status} [{code}] {place}: {self.message_en} / {self.message_zh}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    try:
        json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)
    return value


def make_finding(
    code: str,
    pointer: str = "",
    *,
    value: Any = None,
    location: str | None = None,
    expected: Any = None,
    actual: Any = None,
    line: int | None = None,
    column: int | None = None,
    **params: Any,
) -> Finding:
    """A finding from the catalogue, its messages filled from ``params``."""
    spec = CODES[code]
    params = {"value": value, "line": line, "column": column, "expected": expected, "actual": actual, **params}
    return Finding(
        code=code,
        severity=spec.severity,
        pointer=pointer,
        message_zh=spec.message_zh.format(**params),
        message_en=spec.message_en.format(**params),
        value=value,
        location=location,
        line=line,
        column=column,
        expected=expected,
        actual=actual,
    )
