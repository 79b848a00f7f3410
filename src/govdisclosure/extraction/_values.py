"""What a printed cell holds, read into the model's cell values.

Zero, blank, "/", a dash and 不适用 stay different. Typography is not data: full-width
digits, thousands separators, spaces and the column's own unit (件 in a count column)
are read through and the printed text is kept in the cell's trace; anything else
printed beside the number (a note, another unit) keeps the cell's text in the document.
"""

from __future__ import annotations

import decimal
import re

import attrs

from govdisclosure.extraction._normalize import fold
from govdisclosure.model import Cell, CellKind, CellStatus, Money, MoneyUnit
from govdisclosure.model.cells import INT64_MAX, INT64_MIN

_SPACES = re.compile(r"[\s\u3000\u00a0\u00ad\u200b-\u200d\u2060\ufeff]+")
_INTEGER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)")
_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_COUNT_UNITS = ("件", "个", "项", "次", "人", "条", "宗", "例")
_DASHES = frozenset({"-", "--", "—", "——", "–", "―", "－", "一", "─", "━"})
#: "/" as fonts and editors print it: the division slash (∕) and fraction slash (⁄) a
#: PDF's font may map it to, the full-width backslash, the box-drawing diagonal.
_SLASHES = frozenset({"/", "／", "\\", "//", "∕", "⁄", "＼", "╱"})
_NOT_APPLICABLE = frozenset({"不适用", "N/A", "n/a", "NA", "无", "暂无", "—/—"})
_NUMBER_WITH_NOTE = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([（(\[【].*)$")
_WAN = decimal.Decimal(10000)


@attrs.frozen
class Read:
    """A cell as read: the model value, and whether reading it took a repair."""

    value: object
    #: The number printed, when there was one.
    number: decimal.Decimal | None = None
    #: Why the reading is doubtful (a code of the catalogue), or None.
    doubt: str | None = None


_WRAP = re.compile(r"[ \t\u3000]*\n[\s\u3000]*")


def kept(text: str) -> str:
    """A cell's text as the document keeps it: stripped, and lines that wrap inside the
    cell joined (nothing between Chinese characters, a space between Latin words)."""
    text = text.strip()
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: _join(text, m.start(), m.end()), text)


def _join(text: str, start: int, end: int) -> str:
    before, after = text[start - 1], text[end] if end < len(text) else ""
    return " " if before.isascii() and after.isascii() and (before + after).isalpha() else ""


def squeeze(text: str) -> str:
    """Folded text without spaces."""
    return _SPACES.sub("", fold(text))


def marker(text: str) -> CellStatus | None:
    """The status of a cell that printed no number: blank, slash, dash, not applicable."""
    s = squeeze(text)
    if not s:
        return CellStatus.BLANK
    if s in _SLASHES:
        return CellStatus.SLASH
    if s in _DASHES or set(s) <= {"-", "—", "–", "－", "―"}:
        return CellStatus.DASH
    if s in _NOT_APPLICABLE:
        return CellStatus.NOT_APPLICABLE
    return None


def _to_int(digits: str) -> int:
    return int(digits.replace(",", ""))


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: A zero written as a character (零, 〇): a figure wherever a figure may stand, kept as printed.
ZERO_WORDS = frozenset(word for word, digit in _DIGITS.items() if digit == 0)


def words_number(words: str) -> int | None:
    """A count written in characters: 零 → 0, 一 → 1, 十二 → 12, 二十 → 20, 三十五 → 35;
    None for what is no such number (一一, 百)."""
    if "十" not in words:
        return _DIGITS.get(words) if len(words) == 1 else None
    tens, _, ones = words.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones or not all(c in _DIGITS for c in tens + ones):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


#: A note's mark after a figure (705①, 705*, 705¹, 705[1], 705注1): no digit of the figure
#: (NFKC would read ① and ¹ as 1).
_NOTE_MARK = re.compile(r"^(.*?[\d０-９])\s*(?:[①-⑳⑴-⒇⒈-⒛*＊※†‡⁰¹²³⁴-⁹]+|[\[［]\d{1,2}[\]］]|注\s*\d{0,2})$")


def read_count(text: str, *, signed: bool = False) -> Read:
    """A count cell (or a signed one, 本年增/减) from its printed text."""
    status = marker(text)
    if status is not None:
        return Read(Cell(status) if status is CellStatus.BLANK else Cell(status, kept(text) or None))
    noted = _NOTE_MARK.match(text.strip())
    if noted is not None:
        figure = read_count(noted.group(1), signed=signed)
        if isinstance(figure.value, int) and figure.doubt is None:
            return Read(Cell(CellStatus.NUMBER, kept(text), figure.value), figure.number)
    s = squeeze(text)
    for unit in _COUNT_UNITS:
        if s.endswith(unit) and len(s) > len(unit):
            s = s[: -len(unit)]
            break
    if _INTEGER.fullmatch(s):
        value = _to_int(s)
        low = INT64_MIN if signed else 0
        if not signed and s.startswith("+"):
            return Read(Cell(CellStatus.NUMBER, kept(text), value), decimal.Decimal(value))
        if low <= value <= INT64_MAX:
            return Read(value, decimal.Decimal(value))
        return Read(Cell(CellStatus.TEXT, kept(text)), None, "extract.unreadable_value")
    whole = re.fullmatch(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+))\.0+", s)
    if whole is not None and (signed or not s.startswith("-")):
        # a count a spreadsheet printed with its decimals (12.0, 12.00): 12, kept as printed
        value = _to_int(whole.group(1))
        if INT64_MIN <= value <= INT64_MAX:
            return Read(Cell(CellStatus.NUMBER, kept(text), value), decimal.Decimal(value))
    spelled = words_number(s)
    if spelled is not None:  # 零, 三: the count in characters, kept as printed
        return Read(Cell(CellStatus.NUMBER, kept(text), spelled), decimal.Decimal(spelled))
    match = _NUMBER_WITH_NOTE.match(s)
    if match and _INTEGER.fullmatch(match.group(1)):
        value = _to_int(match.group(1))
        if (signed or value >= 0) and INT64_MIN <= value <= INT64_MAX:
            note = match.group(2)
            cut = note.count("（") + note.count("(") > note.count("）") + note.count(")")
            doubt = "extract.note_cut" if cut else None  # 22（其中修订: the cell's text cut short
            return Read(Cell(CellStatus.NUMBER, kept(text), value), decimal.Decimal(value), doubt)
    return Read(Cell(CellStatus.TEXT, kept(text)), None, "extract.unreadable_value")


def read_money(text: str, default_unit: MoneyUnit | None) -> Read:
    """A money cell: the amount in the unit the cell or its column states."""
    status = marker(text)
    if status is not None:
        return Read(Cell(status) if status is CellStatus.BLANK else Cell(status, kept(text) or None))
    s = squeeze(text)
    unit = default_unit
    stated = False
    for suffix, suffix_unit in (("万元", MoneyUnit.WAN_YUAN), ("元", MoneyUnit.YUAN)):
        if s.endswith(suffix):
            s, unit, stated = s[: -len(suffix)], suffix_unit, True
            break
    zero = s in ZERO_WORDS  # none written as a character: kept as printed
    if zero or (_DECIMAL.fullmatch(s) and not s.startswith("-")):
        amount = decimal.Decimal(0) if zero else decimal.Decimal(s.replace(",", "").lstrip("+"))
        stated = stated or zero
        if unit is None:
            return Read(Cell(CellStatus.TEXT, kept(text)), amount, "extract.money_without_unit")
        # a unit printed in the cell is kept with the cell's text, as the cell printed it
        return Read(Money(amount, unit, kept(text) if stated else None), amount)
    return Read(Cell(CellStatus.TEXT, kept(text)), None, "extract.unreadable_value")


def read_cell(text: str, kind: CellKind, *, money_unit: MoneyUnit | None = None) -> Read:
    if kind is CellKind.MONEY:
        return read_money(text, money_unit)
    if kind is CellKind.ANNEX:
        return read_annex(text)
    return read_count(text, signed=kind is CellKind.SIGNED)


def read_annex(text: str) -> Read:
    """A value of a legacy annex: an integer, an exact decimal, or a cell."""
    status = marker(text)
    if status is not None:
        return Read(Cell(status) if status is CellStatus.BLANK else Cell(status, kept(text) or None))
    noted = _NOTE_MARK.match(text.strip())
    if noted is not None:
        figure = read_annex(noted.group(1))
        if isinstance(figure.value, int) and figure.doubt is None:
            return Read(Cell(CellStatus.NUMBER, kept(text), figure.value), figure.number)
    s = squeeze(text)
    if _INTEGER.fullmatch(s):
        value = _to_int(s)
        if INT64_MIN <= value <= INT64_MAX:
            return Read(value, decimal.Decimal(value))
    if _DECIMAL.fullmatch(s):
        amount = decimal.Decimal(s.replace(",", ""))
        return Read(amount, amount)
    if s in ZERO_WORDS:  # none written as a character: kept as printed
        return Read(Cell(CellStatus.NUMBER, kept(text), 0), decimal.Decimal(0))
    match = _NUMBER_WITH_NOTE.match(s)
    if match and _INTEGER.fullmatch(match.group(1)):
        value = _to_int(match.group(1))
        if INT64_MIN <= value <= INT64_MAX:
            return Read(Cell(CellStatus.NUMBER, kept(text), value), decimal.Decimal(value))
    return Read(Cell(CellStatus.TEXT, kept(text)), None, "extract.unreadable_value")


#: A token of a text line that is a cell value rather than label text.
VALUE_TOKEN = re.compile(
    r"^(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|个|项|次|人|条|万元|元)?(?:[（(][^（()）]{1,30}[)）])?"
    r"|" + "|".join(sorted(ZERO_WORDS)) + r"|/|／|∕|⁄|-|—|——|–|－|不适用|N/A)$"
)


def is_value_token(text: str) -> bool:
    return VALUE_TOKEN.match(squeeze(text)) is not None


def number_of(value: object) -> decimal.Decimal | None:
    """The number a model cell value holds, if any."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, Money):
        return value.amount * (_WAN if value.unit is MoneyUnit.WAN_YUAN else 1)
    if isinstance(value, Cell) and value.value is not None:
        return decimal.Decimal(value.value)
    return None
