"""Narrative sections and the figures the narrative states."""

from __future__ import annotations

import decimal

import attrs

from govdisclosure.model._meta import LabelledEnum, labelled

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
FIGURE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
#: A reference to a stated figure (its id) or to a report cell (a JSON Pointer).
REFERENCE_PATTERN = r"^(/.*|[a-z0-9][a-z0-9_.-]*)$"


@attrs.frozen
class Section:
    """A narrative section: canonical key, heading as printed, text and subsections."""

    key: str = labelled(
        "章节键",
        "Canonical key of the section (every template: preamble, the introduction before the first numbered "
        "section, its heading empty; text, the whole of a part of a report without numbered sections; "
        "gb templates: overall, problems_and_improvements, other_matters, and proactive_disclosure, applications, "
        "review_litigation for the text printed under a table's heading beside the table or instead of it; "
        "legacy: overview, proactive, response_interpretation, on_request, withheld, consultation, fees, "
        "review_litigation, staffing_funding, meetings_training, problems, plans, other, annex; "
        "subsections use descriptive keys).",
        schema={"pattern": KEY_PATTERN},
    )
    heading: str = labelled("标题", "The heading exactly as printed, numbering included.")
    text: str = labelled("正文", "The section's own text; paragraphs separated by a newline.", default="")
    subsections: tuple[Section, ...] = labelled("子章节", "Subsections in printed order.", default=())


class FigureKind(LabelledEnum):
    """What a stated figure measures."""

    COUNT = ("count", "数量", "A count of items, applications, cases, people.")
    PERCENT = ("percent", "百分比", "A percentage or rate; value is in percent.")
    AMOUNT = ("amount", "金额", "An amount of money; unit is 元 or 万元.")
    RANK = ("rank", "名次", "A rank or position.")
    OTHER = ("other", "其他", "Any other quantity.")


class Qualifier(LabelledEnum):
    """How exact the narrative says the figure is."""

    EXACT = ("exact", "确数", "Stated as an exact number.")
    APPROXIMATE = ("approximate", "约数（约、近）", "Stated as approximate (约, 近, 左右).")
    MORE_THAN = ("more_than", "以上（余、多、超）", "Stated as more than the number (余, 多, 超, 以上).")
    LESS_THAN = ("less_than", "以下（不足）", "Stated as less than the number (不足, 以下).")


@attrs.frozen
class StatedFigure:
    """A number or percentage the narrative states, with the sentence it came from."""

    id: str = labelled(
        "编号", "Identifier of the figure, unique within the report.", schema={"pattern": FIGURE_ID_PATTERN}
    )
    printed: str = labelled(
        "原文数值", "The figure exactly as printed, unit included (e.g. 98.25%, 8.4万余条).", schema={"minLength": 1}
    )
    value: decimal.Decimal = labelled("数值", "The figure's value in `unit`, exact (8.4万 is 84000).")
    unit: str = labelled(
        "单位", "Unit of the value as printed (件, 条, 封, 次, %, 元, 万元, ...).", schema={"minLength": 1}
    )
    kind: FigureKind = labelled("类别", "What the figure measures.")
    sentence: str = labelled(
        "出处语句", "The sentence of the report the figure was taken from.", schema={"minLength": 1}
    )
    qualifier: Qualifier = labelled("精确程度", "How exact the narrative says the figure is.", default=Qualifier.EXACT)
    subject: str | None = labelled("指标", "What the figure counts, in a few words of Chinese.", default=None)
    section: str | None = labelled(
        "所在章节", "Key path of the section that states it, e.g. overview/on_request.", default=None
    )
    refers_to: str | None = labelled(
        "对应单元格",
        "JSON Pointer of a report cell this figure restates, when there is one.",
        default=None,
        schema={"pattern": r"^/.*"},
    )
    numerator: str | None = labelled(
        "分子",
        "For a rate: the id of the stated figure, or the JSON Pointer of the cell, that is its numerator.",
        default=None,
        schema={"pattern": REFERENCE_PATTERN},
    )
    denominator: str | None = labelled(
        "分母",
        "For a rate: the id of the stated figure, or the JSON Pointer of the cell, that is its denominator.",
        default=None,
        schema={"pattern": REFERENCE_PATTERN},
    )
