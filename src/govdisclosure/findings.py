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

__all__ = ["CODES", "CellRef", "Code", "Finding", "InvalidValue", "Outcome", "Severity", "make_finding"]


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
            "input.published_report",
            _F,
            "输入是已发布的报告（{what_zh}），不是JSON文档：请先用govdisclosure extract提取为文档",
            "the input is a published report ({what}), not a JSON document: turn it into one with "
            "govdisclosure extract first",
        ),
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
        _c(
            "json.not_object",
            _F,
            "报告应为JSON对象，实为{found}{hint_zh}",
            "a report must be a JSON object, not {found}{hint}",
        ),
        _c(
            "schema.type",
            _E,
            "类型错误：应为{expected_zh}，实为{found_zh}{value_json}{accepted_zh}",
            "wrong type: expected {expected}, found {found} {value_json}{accepted}",
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
        _c("rules.not_run", Severity.INFO, "未应用规则：{reason_zh}", "the rules were not applied: {reason}"),
        _c(
            "rules.figures_not_checked",
            Severity.INFO,
            "未核对文中数字：{reason_zh}",
            "the stated figures were not checked: {reason}",
        ),
        _c(
            "template.later_year",
            _W,
            "报告年度{year}晚于{template}格式的适用年度（{first}–{last}年），仍按该格式读取",
            "the report year {year} is later than the years of the {template} template ({first}–{last}); "
            "it is read with that template all the same",
        ),
        _c(
            "agency.region_mismatch",
            _W,
            "行政区划代码{region_code}属于{by_code}，而行政区划名称“{name}”属于{by_name}；省级行政区按代码取{by_code}",
            "the region code {region_code} is in {by_code}, but the region name '{name}' is in {by_name}; "
            "the province is taken from the code ({by_code})",
        ),
        # extraction: the input as a whole
        _c(
            "extract.not_a_report",
            _F,
            "输入中未找到政府信息公开工作年度报告（无报告标题、表格或相关正文）",
            "no annual report on government information disclosure in the input (no title, table or text of one)",
        ),
        _c(
            "extract.no_year",
            _F,
            "无法确定报告年度：标题、统计期限和正文均未载明",
            "the report year is printed nowhere: not in the title, the statistical period or the text",
        ),
        _c(
            "extract.no_text_layer",
            _F,
            "PDF没有文字层（扫描件或图片），无法提取；请先进行文字识别（OCR）",
            "the PDF has no text layer (a scan or images): nothing to extract; run OCR on it first",
        ),
        _c(
            "extract.garbled_text_layer",
            _F,
            "PDF的文字层无法解码为文字（字体未映射到正确字符），无法提取；请对页面进行文字识别（OCR），或改用报告的网页版",
            "the PDF's text layer does not decode to text (its fonts do not map their glyphs to characters): "
            "nothing to extract; run OCR on its pages, or use the report's web page",
        ),
        _c("extract.encrypted", _F, "{what_zh}已加密，无法读取", "the {what} is encrypted and cannot be read"),
        _c(
            "extract.unsupported_format",
            _F,
            "不支持的输入：{what}",
            "unsupported input: {what}",
        ),
        _c(
            "extract.needs_extra",
            _F,
            "读取{what}需要安装extract扩展：pip install 'govdisclosure[extract]'",
            "reading {what} needs the extract extra: pip install 'govdisclosure[extract]'",
        ),
        _c("extract.zip_bomb", _F, "拒绝解压此文件：{reason}", "refused to unpack the file: {reason}"),
        _c(
            "extract.json_document",
            _F,
            "输入已是JSON数据文件，请用 govdisclosure validate 校验",
            "the input is already a JSON document: check it with govdisclosure validate",
        ),
        _c(
            "extract.page_limit",
            _W,
            "PDF有{pages}页，只读取了前{limit}页",
            "the PDF has {pages} pages; only the first {limit} were read",
        ),
        _c(
            "extract.page_unreadable",
            _W,
            "PDF第{page}页无法读取，已跳过：{reason}",
            "page {page} of the PDF could not be read and was skipped: {reason}",
        ),
        _c(
            "extract.mojibake_repaired",
            _W,
            "输入是乱码（UTF-8文本被按GBK或Latin-1读取），已按UTF-8读回",
            "the input was mojibake (UTF-8 read as GBK or Latin-1); it was read back as UTF-8",
        ),
        _c(
            "extract.compatibility_folded",
            Severity.INFO,
            "输入中有康熙部首或兼容汉字（PDF字形映射所致，如“⾃”），已按对应的通用汉字读取（字符位置不变）",
            "the input has Kangxi radicals or compatibility ideographs (a PDF's glyph mapping, as ⾃ for 自); "
            "they were read as the characters they stand for (character positions kept)",
        ),
        _c(
            "extract.traditional_converted",
            Severity.INFO,
            "输入为繁体字，已按简体字读取（字符位置不变）",
            "the input is in traditional characters; it was read as simplified (character positions kept)",
        ),
        _c(
            "extract.pinyin_removed",
            Severity.INFO,
            "输入中汉字后插有拼音（转载站点的做法），已删去后读取",
            "the input has pinyin inserted after characters (as mirror sites do); it was read without it",
        ),
        _c(
            "extract.template_contradicts_year",
            _W,
            "报告年度为{year}年，但文中印有2019年以后格式的表格；按年度读作2008–2018年报告",
            "the report year is {year}, but the text prints tables of the 2019 and later templates; "
            "it is read as a report of 2008–2018 by its year",
        ),
        # extraction: doubtful cells, rows and tables (each also a flag in the document)
        _c(
            "extract.year_inferred",
            _W,
            "报告年度{year}系从正文推断，标题和统计期限均未载明",
            "the report year {year} is inferred from the text; neither the title nor the statistical period prints it",
        ),
        _c(
            "extract.table_not_found",
            _W,
            "来源中未找到此表，其单元格均记为未取得",
            "this table was not found in the source; its cells are not captured",
        ),
        _c(
            "extract.table_is_image",
            _W,
            "来源在此表的位置上是图片，没有可读取的文字，其单元格均记为未取得；请对图片进行文字识别（OCR）",
            "the source shows a picture where this table should be (a table printed as an image has no text to "
            "read); its cells are not captured: run OCR on the picture",
        ),
        _c(
            "extract.not_captured",
            _W,
            "此行有单元格在来源中未取得（来源残缺或无法辨认），记为未取得",
            "cells of this row were not captured from the source (cut off or illegible); they are marked not captured",
        ),
        _c(
            "extract.collapsed_row",
            _W,
            "此行印有{count}个数字，少于{width}列（空白单元格被省略），无法确定各数所在列，均记为未取得",
            "this row prints {count} figures for {width} columns (blank cells collapsed); their columns cannot be "
            "told, so its cells are not captured",
        ),
        _c(
            "extract.cut_off",
            _W,
            "来源在此行中断，所印数字按模板列序从第一列起读取（空白单元格若被省略则会错位），请核对",
            "the source ends in this row; its figures were read from the first column on in the template's order "
            "(a collapsed blank cell would shift them); check it",
        ),
        _c(
            "extract.too_many_values",
            _W,
            "此行印有{count}个数字，多于{width}列，无法确定各数所在列，均记为未取得",
            "this row prints {count} figures for {width} columns; their columns cannot be told, so its cells are "
            "not captured",
        ),
        _c(
            "extract.ambiguous_row",
            _W,
            "此行的行标题缺失，按行序也无法唯一确定是哪一行，记为未取得",
            "this row's label is lost and the template's row order does not tell which row it is; not captured",
        ),
        _c(
            "extract.conflicting_rows",
            _W,
            "源文件中有两行给出此单元格，所印数值不同，取前一行的，请核对",
            "two rows of the source give this cell different figures; the first row's is kept, check it",
        ),
        _c(
            "extract.fuzzy_label",
            _W,
            "行标题与模板仅近似相符（文字有缺失或出入），请核对",
            "the row label only resembles the template's (characters lost or changed); check it",
        ),
        _c(
            "extract.order_unverified",
            _W,
            "此行的行标题缺失或残缺，按模板行序定位，但没有跨行的勾稽关系可以核对，请核对",
            "this row's label is lost or broken; it was placed by the template's row order, and no identity "
            "across rows confirms it; check it",
        ),
        _c(
            "extract.boxes_unordered",
            _W,
            "来源把表格的单元格写成一个个分散的文本块（如pdfminer的输出，块后各空一行），此数单独成行，"
            "其先后次序无法核实，请核对",
            "the source writes the table's cells as separate text boxes (as pdfminer does, an empty line after "
            "each); this figure stood on a line of its own and its order cannot be verified; check it",
        ),
        _c(
            "extract.columns_unverified",
            _W,
            "此行数字所在的列在来源中没有列标题，且第一列在各行均为空（可能是转换工具在标题与数字之间插入的空列，"
            "也可能是整列留空），各数字所属的列无法核实，请核对",
            "the columns this row's figures stand in have no heading in the source, and the first of them is empty in "
            "every row (an empty column a converter set between the labels and the figures, or a column left all "
            "blank); which column each figure belongs to cannot be verified; check it",
        ),
        _c(
            "extract.split_number",
            _W,
            "数字可能被拆成两段（跨行或跨单元格），已合并读取，请核对",
            "the number may have been split in two (across lines or cells); it was read joined; check it",
        ),
        _c(
            "extract.note_cut",
            _W,
            "数字后的说明未写完（括号未闭合），单元格内容可能被截断，已读取数字，请核对说明",
            "the note after the figure is unfinished (its bracket is not closed): the cell's text may be cut; "
            "the figure was read, check the note",
        ),
        _c(
            "extract.unreadable_value",
            _W,
            "单元格内容无法读作数字，按文字保留",
            "the cell's text cannot be read as a number; it is kept as text",
        ),
        _c(
            "extract.money_without_unit",
            _W,
            "金额未注明单位，按文字保留",
            "the amount states no unit; it is kept as text",
        ),
        _c(
            "extract.identity_fails",
            _W,
            "读取此单元格的勾稽关系{rule}不成立，请核对",
            "the identity {rule}, which reads this cell, does not hold; check the cell",
        ),
        _c(
            "extract.narrative_disagrees",
            _W,
            "正文所述数字与此单元格不一致（{rule}），请核对",
            "a figure the narrative states disagrees with this cell ({rule}); check it",
        ),
        _c(
            "extract.low_confidence",
            _W,
            "此单元格的置信度较低（{confidence}），请核对",
            "the extractor is not sure of this cell (confidence {confidence}); check it",
        ),
        _c(
            "extract.extra_row",
            _W,
            "此行不在模板中，按额外行保留，请核对",
            "this row is not in the template; it is kept as an extra row; check it",
        ),
        _c(
            "collection.duplicate_report",
            _W,
            "同一份报告（{identity}）在本批中出现两次，另一份在{first}",
            "the same report ({identity}) is in this batch twice; the other one is {first}",
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
    column_name: str  # the cell's column in the wide Parquet layout (coordinates.column_name)
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "location": self.location,
            "column_name": self.column_name,
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

    def format_text(self, *, source: bool = True) -> str:
        """One line for people: where (``source``: the file too), what, in English and Chinese.
        A finding about the whole document (the pointer ``""``) names no place."""
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        place = self.pointer
        if self.location:
            place = f"{place} ({self.location})" if place else f"({self.location})"
        code = self.code if self.instance is None else f"{self.code} {self.instance}"
        status = self.severity.value if self.outcome is None else f"{self.outcome.value} {self.severity.value}"
        head = f"{where}: {status}" if source else status
        return f"{head} [{code}]{' ' + place if place else ''}: {self.message_en} / {self.message_zh}"


def _json_text(value: Any, limit: int = 60) -> str:
    """A value as JSON text for a message, shortened."""
    try:
        text = json.dumps(_jsonable(value), ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@attrs.frozen
class InvalidValue:
    """A cell value that breaks the schema, as the document holds it (JSON data): what a
    rule read from a document with errors (see ``validate(..., rules=True)``)."""

    value: Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, InvalidValue):
        return value.value
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
    if "{value_json}" in spec.message_en:
        params["value_json"] = _json_text(value)
    # a parameter given in Chinese too (reason_zh beside reason) fills the Chinese message
    zh = {**params, **{k[:-3]: v for k, v in params.items() if k.endswith("_zh")}}
    return Finding(
        code=code,
        severity=spec.severity,
        pointer=pointer,
        message_zh=spec.message_zh.format(**zh),
        message_en=spec.message_en.format(**params),
        value=value,
        location=location,
        line=line,
        column=column,
        expected=expected,
        actual=actual,
    )


_OS_ERRORS_ZH = {
    "ENOENT": "文件或文件夹不存在",
    "EACCES": "没有读取权限",
    "EPERM": "没有读取权限",
    "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹",
    "ENAMETOOLONG": "文件名过长",
    "ELOOP": "符号链接循环",
    "EIO": "读写错误",
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """The reason of an operating-system error, in English and Chinese (``input.unreadable``)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    english = exc.strerror or str(exc) or name
    chinese = _OS_ERRORS_ZH.get(name) or (f"操作系统错误{name}" if name else "操作系统错误")
    return english, chinese


#: Python's JSON syntax messages, in Chinese.
_JSON_SYNTAX_ZH = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting ':' delimiter", "此处应为冒号“:”"),
    ("Expecting ',' delimiter", "此处应为逗号“,”"),
    ("Expecting property name enclosed in double quotes", "此处应为双引号括起的字段名"),
    ("Unterminated string starting at", "字符串没有结束引号"),
    ("Invalid control character at", "字符串中有未转义的控制字符"),
    ("Invalid \\uXXXX escape", "\\u转义序列无效"),
    ("Invalid \\escape", "转义序列无效"),
    ("Extra data", "JSON值之后还有多余内容"),
    ("Illegal trailing comma before end of object", "对象末尾多了逗号"),
    ("Illegal trailing comma before end of array", "数组末尾多了逗号"),
)


def json_syntax_reason(message: str) -> str:
    """A JSON syntax message of Python's ``json``, in Chinese (``json.syntax``)."""
    for english, chinese in _JSON_SYNTAX_ZH:
        if message.startswith(english):
            return chinese
    return "无法解析"


#: JSON types, in Chinese.
JSON_TYPES_ZH = {
    "object": "对象",
    "array": "数组",
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "null": "空值(null)",
}
