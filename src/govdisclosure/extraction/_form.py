"""Blank documents and the official tables as a workbook to fill in.

``govdisclosure new --template gb2021 --year 2025`` prints a complete blank document;
``--xlsx`` writes the tables as a workbook laid out as the template prints them (the
official labels from the model, merged headings, data validation on every figure),
with a hidden sheet that maps each figure's cell to its JSON Pointer, so a filled
workbook is read back by position, exactly.
"""

from __future__ import annotations

import io
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure.coordinates import TABLE_NAMES
from govdisclosure.extraction._template import table2, table3, table4
from govdisclosure.model import (
    TEMPLATE_YEARS,
    Agency,
    AnnualReport,
    ApplicantRow,
    Cell,
    CellKind,
    CellStatus,
    Gb2019Body,
    Gb2021Body,
    LegacyBody,
    OtherProcessing,
    Scope,
    Section,
    Template,
)

#: The marker of a workbook this module wrote, in cell A1 of its hidden sheet.
FORM_MARKER = "govdisclosure-form"
FORM_VERSION = "1"
MAP_SHEET = "_govdisclosure"
INFO_SHEET = "报告信息"

BLANK = Cell(CellStatus.BLANK)

#: The narrative sections of the gb templates (spec §1.1), in printed order.
GB_SECTIONS = (
    ("overall", "一、总体情况"),
    ("problems_and_improvements", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)
#: Envelope fields of the information sheet: (key, label, description).
INFO_FIELDS = (
    ("year", "报告年度", "The year the report covers."),
    ("title", "标题", "The report title as printed."),
    ("agency", "机关名称", "Name of the agency."),
    ("region", "所属行政区划", "Region of the agency, e.g. 江苏省宿迁市沭阳县."),
    ("region_code", "行政区划代码", "Six-digit administrative division code, when known."),
    ("scope", "报告范围", "本机关 or 本级政府汇总."),
    ("publisher", "发布机构", "The publishing body."),
    ("publish_date", "发布日期", "YYYY-MM-DD."),
)


# --------------------------------------------------------------------------- blank documents


def blank_report(template: Template, year: int) -> AnnualReport:
    """A complete blank document of a template: every cell blank, the narrative sections
    with their headings and no text, the envelope to fill in."""
    first, last = TEMPLATE_YEARS[template]
    if year < first or (template is not Template.GB2019 and last is not None and year > last):
        raise ValueError(f"the {template.value} template covers {first}–{last or '…'}, not {year}")
    body: Gb2021Body | Gb2019Body | LegacyBody
    if template is Template.LEGACY:
        body = LegacyBody(sections=())
    else:
        body_type = Gb2021Body if template is Template.GB2021 else Gb2019Body
        kwargs: dict[str, Any] = {"sections": tuple(Section(key, heading) for key, heading in GB_SECTIONS)}
        for field in _introspect.fields(body_type):
            if field.name != "sections":
                kwargs[field.name] = _blank(field.type)
        body = body_type(**kwargs)
    return AnnualReport(template=template, year=year, agency=Agency(), scope=Scope.SELF, body=body)


def _blank(tp: Any) -> Any:
    inner, optional = _introspect.strip_optional(tp)
    if _introspect.cell_kind(tp) is not None or _introspect.cell_kind(inner) is not None:
        return None if optional else BLANK
    if optional:
        return None
    if inner is OtherProcessing:
        row = _blank(ApplicantRow)
        return OtherProcessing(row, row, row)
    if _introspect.is_model_class(inner):
        kwargs = {}
        for field in _introspect.fields(inner):
            if field.default is not attrs.NOTHING:
                continue
            kwargs[field.name] = _blank(field.type)
        return inner(**kwargs)
    raise TypeError(f"no blank value for {tp!r}")


# --------------------------------------------------------------------------- the workbook layout


@attrs.define
class FormSheet:
    """One sheet of the form: texts, merged ranges, and the cells that take figures."""

    name: str
    texts: list[tuple[int, int, str]] = attrs.Factory(list)
    merges: list[tuple[int, int, int, int]] = attrs.Factory(list)
    #: (row, column, JSON Pointer, cell kind)
    figures: list[tuple[int, int, str, CellKind]] = attrs.Factory(list)
    widths: dict[int, float] = attrs.Factory(dict)


def form_sheets(template: Template) -> list[FormSheet]:
    """The three tables of a gb template as sheets (rows and columns from 1)."""
    if template is Template.LEGACY:
        raise ValueError("the legacy era has no national tables; a workbook form exists for gb2019 and gb2021")
    return [_table2_sheet(template), _table3_sheet(template), _table4_sheet()]


def _body_label(template: Template, name: str) -> str:
    body = Gb2021Body if template is Template.GB2021 else Gb2019Body
    return _introspect.label_zh(_introspect.fields_by_name(body)[name])


def _table2_sheet(template: Template) -> FormSheet:
    sheet = FormSheet(TABLE_NAMES["proactive_disclosure"])
    blocks = table2(template)
    width = 1 + max(len(row.columns) for block in blocks for row in block.rows)
    sheet.texts.append((1, 1, _body_label(template, "proactive_disclosure")))
    sheet.merges.append((1, 1, 1, width))
    r = 2
    for block in blocks:
        sheet.texts.append((r, 1, block.label))
        sheet.merges.append((r, 1, r, width))
        r += 1
        columns = block.rows[0].columns
        sheet.texts.append((r, 1, "信息内容"))
        spans = _spread(len(columns), width - 1)
        for (first, last), column in zip(spans, columns, strict=True):
            sheet.texts.append((r, 1 + first, column.label))
            if last > first:
                sheet.merges.append((r, 1 + first, r, 1 + last))
        r += 1
        for row in block.rows:
            sheet.texts.append((r, 1, row.label))
            for (first, last), column in zip(spans, row.columns, strict=True):
                sheet.figures.append((r, 1 + first, f"{row.pointer}/{column.name}", column.kind))
                if last > first:
                    sheet.merges.append((r, 1 + first, r, 1 + last))
            r += 1
    sheet.widths = {1: 22, **dict.fromkeys(range(2, width + 1), 18)}
    return sheet


def _spread(count: int, width: int) -> list[tuple[int, int]]:
    """``count`` columns over ``width`` grid columns (a lone figure spans them all)."""
    if count == width:
        return [(i + 1, i + 1) for i in range(count)]
    if count == 1:
        return [(1, width)]
    out = []
    start = 1
    for i in range(count):
        end = start + (width // count) - 1 + (1 if i < width % count else 0)
        out.append((start, end))
        start = end + 1
    return out


def _table3_sheet(template: Template) -> FormSheet:
    spec = table3(template)
    sheet = FormSheet(TABLE_NAMES["applications"])
    columns = spec.columns
    first_value = 4
    last = first_value + len(columns) - 1
    sheet.texts.append((1, 1, _body_label(template, "applications")))
    sheet.merges.append((1, 1, 1, last))
    sheet.texts.append((2, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"))
    sheet.merges.append((2, 1, 4, 3))
    sheet.texts.append((2, first_value, "申请人情况"))
    sheet.merges.append((2, first_value, 2, last))
    sheet.texts.append((3, first_value, columns[0].label))
    sheet.merges.append((3, first_value, 4, first_value))
    sheet.texts.append((3, first_value + 1, "法人或其他组织"))
    sheet.merges.append((3, first_value + 1, 3, last - 1))
    for i, column in enumerate(columns[1:-1]):
        sheet.texts.append((4, first_value + 1 + i, column.label))
    sheet.texts.append((3, last, columns[-1].label))
    sheet.merges.append((3, last, 4, last))
    r = 5
    results_start = None
    group_start: dict[str, int] = {}
    group_end: dict[str, int] = {}
    for row in spec.rows:
        in_results = "/results/" in row.pointer
        if in_results and results_start is None:
            results_start = r
        if row.group is None:
            if in_results:
                sheet.texts.append((r, 2, row.label))
                sheet.merges.append((r, 2, r, 3))
            else:
                sheet.texts.append((r, 1, row.label))
                sheet.merges.append((r, 1, r, 3))
        else:
            group_start.setdefault(row.group, r)
            group_end[row.group] = r
            sheet.texts.append((r, 3, row.label))
        for i, column in enumerate(columns):
            sheet.figures.append((r, first_value + i, f"{row.pointer}/{column.name}", CellKind.COUNT))
        if in_results:
            results_end = r
        r += 1
    if results_start is not None:
        sheet.texts.append((results_start, 1, "三、本年度办理结果"))
        sheet.merges.append((results_start, 1, results_end, 1))
    applications = _introspect.strip_optional(
        _introspect.fields_by_name(Gb2021Body if template is Template.GB2021 else Gb2019Body)["applications"].type
    )[0]
    results_type = _introspect.strip_optional(_introspect.fields_by_name(applications)["results"].type)[0]
    for group, start in group_start.items():
        label = _introspect.label_zh(_introspect.fields_by_name(results_type)[group])
        sheet.texts.append((start, 2, label))
        if group_end[group] > start:
            sheet.merges.append((start, 2, group_end[group], 2))
    sheet.widths = {1: 8, 2: 16, 3: 40, **dict.fromkeys(range(first_value, last + 1), 11)}
    return sheet


def _table4_sheet() -> FormSheet:
    groups, outcomes = table4()
    sheet = FormSheet(TABLE_NAMES["review_litigation"])
    n = len(outcomes)
    last = len(groups) * n
    sheet.texts.append((1, 1, _body_label(Template.GB2021, "review_litigation")))
    sheet.merges.append((1, 1, 1, last))
    sheet.texts.append((2, 1, groups[0].label))
    sheet.merges.append((2, 1, 2, n))
    sheet.texts.append((2, n + 1, "行政诉讼"))
    sheet.merges.append((2, n + 1, 2, last))
    for i, outcome in enumerate(outcomes):
        sheet.texts.append((3, 1 + i, outcome.label))
        sheet.merges.append((3, 1 + i, 4, 1 + i))
    for g, group in enumerate(groups[1:], start=1):
        sheet.texts.append((3, 1 + g * n, group.label.split(" · ")[-1]))
        sheet.merges.append((3, 1 + g * n, 3, (g + 1) * n))
        for i, outcome in enumerate(outcomes):
            sheet.texts.append((4, 1 + g * n + i, outcome.label))
    for g, group in enumerate(groups):
        for i, outcome in enumerate(outcomes):
            sheet.figures.append(
                (5, 1 + g * n + i, f"/body/review_litigation/{group.name}/{outcome.name}", CellKind.COUNT)
            )
    sheet.widths = dict.fromkeys(range(1, last + 1), 10)
    return sheet


def cell_name(row: int, column: int) -> str:
    """A1 notation (column 1 is A)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# --------------------------------------------------------------------------- writing


def write_workbook(template: Template, year: int) -> bytes:
    """The official tables of a gb template as an .xlsx workbook to fill in."""
    try:
        import openpyxl
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError as exc:
        raise RuntimeError("writing a workbook needs the extract extra: pip install 'govdisclosure[extract]'") from exc
    blank_report(template, year)  # checks the year
    book = openpyxl.Workbook()
    info = book.active
    info.title = INFO_SHEET
    info.append(["项目", "填写", "说明"])
    info.append(["报告格式", template.value, template.label_zh])
    for key, label, description in INFO_FIELDS:
        info.append([label, year if key == "year" else None, description])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 48
    info.column_dimensions["C"].width = 60
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF8E1")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    mapping = book.create_sheet(MAP_SHEET)
    mapping.append([FORM_MARKER, FORM_VERSION, template.value, year])
    for spec in form_sheets(template):
        sheet = book.create_sheet(spec.name)
        for row, column, text in spec.texts:
            cell = sheet.cell(row=row, column=column, value=text)
            cell.alignment = centre
            cell.font = bold if row <= 4 else Font()
        for r0, c0, r1, c1 in spec.merges:
            sheet.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
        counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        counts.error = "请填写不小于0的整数 / a whole number, 0 or more"
        counts.prompt = "整数；空白表示未填 / a whole number; leave blank for a blank cell"
        signed = DataValidation(type="whole", operator="between", formula1="-1000000000", formula2="1000000000",
                                allow_blank=True)  # fmt: skip
        signed.error = "请填写整数（可为负数） / a whole number (may be negative)"
        money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        money.error = "请填写不小于0的数（单位：万元） / a number, 0 or more (10,000 yuan)"
        for validation in (counts, signed, money):
            sheet.add_data_validation(validation)
        for row, column, pointer, kind in spec.figures:
            name = cell_name(row, column)
            target = {CellKind.COUNT: counts, CellKind.SIGNED: signed, CellKind.MONEY: money}.get(kind, counts)
            target.add(name)
            sheet.cell(row=row, column=column).fill = fill
            mapping.append([pointer, spec.name, name, kind.value])
        for column, width in spec.widths.items():
            sheet.column_dimensions[cell_name(1, column)[:-1]].width = width
    mapping.sheet_state = "hidden"
    sink = io.BytesIO()
    book.save(sink)
    return sink.getvalue()
