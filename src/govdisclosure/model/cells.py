"""Table cells: what a count or money cell printed, kept apart from what it means.

A clean non-negative integer is stored as a plain ``int`` (the common case and
the shortest JSON). Anything else, a blank cell, "/", "—", 不适用, unparsable
text, or a number printed with extra text such as ``251000元``, is a
:class:`Cell` that keeps the printed text. Zero, blank, "/" and not applicable
stay different values, and a cell the source does not show at all (a page cut
off in the middle of a table) is *not captured*, never blank and never 0.
"""

from __future__ import annotations

import decimal
from typing import Annotated

import attrs

from govdisclosure._patterns import NON_NEGATIVE_DECIMAL_PATTERN
from govdisclosure.model._meta import LabelledEnum, labelled

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


class CellStatus(LabelledEnum):
    """What a table cell held, as printed."""

    NUMBER = ("number", "数字", "A number printed with extra text; `value` holds the number.")
    BLANK = ("blank", "空白", "The cell was printed empty.")
    SLASH = ("slash", "/", 'The cell held a slash ("/").')
    DASH = ("dash", "—", 'The cell held a dash ("—", "-", "－").')
    NOT_APPLICABLE = ("not_applicable", "不适用", "The cell said not applicable (不适用, 无, N/A).")
    TEXT = ("text", "文字", "The cell held text that is not a number.")
    NOT_CAPTURED = (
        "not_captured",
        "未取得",
        "The source does not show this cell (cut off, illegible, or the table is absent): nothing is known of "
        "it. Not the same as a printed blank.",
    )


@attrs.frozen
class Cell:
    """A cell that was not a clean number: keeps its status and printed text."""

    status: CellStatus = labelled("单元格状态", "What the cell held.")
    text: str | None = labelled(
        "原文",
        "The cell's text exactly as printed; required for status number and text.",
        default=None,
    )
    value: int | None = labelled(
        "数值",
        "The number read from the cell; present only when status is number.",
        default=None,
    )

    def __attrs_post_init__(self) -> None:
        if (self.status is CellStatus.NUMBER) != (self.value is not None):
            raise ValueError("a Cell has a value exactly when its status is 'number'")
        if self.status in (CellStatus.NUMBER, CellStatus.TEXT) and self.text is None:
            raise ValueError(f"a Cell of status {self.status.value!r} keeps its printed text")


class MoneyUnit(LabelledEnum):
    """The unit of a money amount."""

    YUAN = ("yuan", "元", "Chinese yuan (renminbi).")
    WAN_YUAN = ("wan_yuan", "万元", "Ten thousand yuan.")


@attrs.frozen
class Money:
    """An exact money amount with an explicit unit."""

    amount: decimal.Decimal = labelled(
        "金额", "The amount, exact, as a decimal; never negative.", schema={"pattern": NON_NEGATIVE_DECIMAL_PATTERN}
    )
    unit: MoneyUnit = labelled("单位", "The unit of the amount.")
    text: str | None = labelled(
        "原文", "The cell's text exactly as printed, when it was not a clean number.", default=None
    )


class CellKind(LabelledEnum):
    """The kinds of table cell; used as ``Annotated`` markers on field types."""

    COUNT = ("count", "计数", "A non-negative integer count (fits in int64), or a cell object.")
    SIGNED = ("signed", "增减数", "A signed integer (fits in int64), or a cell object.")
    MONEY = ("money", "金额", "An exact money amount with its unit, or a cell object.")
    ANNEX = ("annex", "统计值", "An integer, an exact decimal, or a cell object.")


#: A count cell: a non-negative integer, or a :class:`Cell` for anything else.
Count = Annotated[int | Cell, CellKind.COUNT]
#: A signed count cell (本年增/减): any integer, or a :class:`Cell`.
SignedCount = Annotated[int | Cell, CellKind.SIGNED]
#: A money cell: a :class:`Money` amount, or a :class:`Cell` that held no amount.
MoneyCell = Annotated[Money | Cell, CellKind.MONEY]
#: A value of a legacy statistical annex: integer, exact decimal or a :class:`Cell`.
AnnexValue = Annotated[int | decimal.Decimal | Cell, CellKind.ANNEX]


def number(cell: int | Cell | None) -> int | None:
    """The number in a count cell, or ``None`` when the cell held no number."""
    if cell is None or isinstance(cell, int):
        return cell
    return cell.value


__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "AnnexValue",
    "Cell",
    "CellKind",
    "CellStatus",
    "Count",
    "Money",
    "MoneyCell",
    "MoneyUnit",
    "SignedCount",
    "number",
]
