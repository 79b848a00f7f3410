"""What every input becomes before its tables are read: rows of pieces of text, in
reading order, each piece knowing where it came from.

A row is either a printed line (a paragraph, a line of text, a Markdown table row)
whose pieces are its words, or a row of a real table grid (HTML, Word, a spreadsheet,
a PDF table with ruling lines) whose pieces are its cells: there a blank cell is a
piece with no text, and every piece knows its grid column.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from govdisclosure.extraction._normalize import SUPERSCRIPT_DIGITS, label_key, strip_pinyin
from govdisclosure.extraction._template import table2, table3
from govdisclosure.extraction._values import ZERO_WORDS, is_value_token
from govdisclosure.model import CellKind, Template


@attrs.define(eq=False, slots=True)
class Piece:
    """A piece of printed text: a word of a line or a cell of a grid."""

    text: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    #: The source text ends at this piece (a page cut off): 1 when a cell's delimiter
    #: follows it, 2 when nothing does (the figure itself may be cut short).
    last: int = 0
    #: Where the piece stands across its line, for text laid out by position (a line that
    #: a PDF converter aligned with runs of spaces): its first and end character columns.
    x: tuple[float, float] | None = None
    #: Whether the column this figure belongs to is in doubt, where a converter wrote the
    #: table column by column in an order of its own: True when the figures cannot confirm
    #: it, False when they do (or no order could change it), None when not judged.
    unordered: bool | None = None


@attrs.define(eq=False, slots=True)
class Row:
    """One printed row: a line, or a row of a table grid."""

    pieces: list[Piece]
    grid: bool = False
    #: A line whose cells are in their places (split at pipes or tabs): an empty cell is a cell.
    cells: bool = False
    #: Grid rows: the first and last grid column of each piece.
    spans: list[tuple[int, int]] = attrs.Factory(list)
    #: Grid rows: whether each piece continues a cell from a row above (rowspan).
    carried: list[bool] = attrs.Factory(list)
    table: int | None = None
    #: Grid rows: the number of columns of the grid.
    width: int = 0
    #: The row's own text as printed (for lines: the whole line).
    line: str = ""
    page: int | None = None
    #: For each character of ``line``, its offset in the decoded text (None where the
    #: layout put a character of its own, such as a space between two words).
    offsets: list[int | None] | None = None
    #: Lines laid out by position, how their pieces' places were measured: "page" (a PDF's
    #: boxes), "wide" (text columns, a CJK character two wide, as aligned for reading) or
    #: "narrow" (text columns a PDF converter spaced out, one per character: a word of CJK
    #: characters takes fewer columns than it covered on the page, so only its start is
    #: where it stood, and the words after it on the line are pushed aside).
    measured: str | None = None
    #: An empty line that was a lone pipe in a table written a cell per line, each cell
    #: ending in its pipe: an empty cell (or the pad of a row short of the table's widest
    #: row to its width), never a break between paragraphs or boxes.
    lone_pipe: bool = False

    @property
    def text(self) -> str:
        if self.line:
            return self.line
        return " ".join(p.text for p in self.pieces if p.text)


class TextBuilder:
    """The decoded text of an input read from a structure (PDF, Word, a workbook): what is
    appended, and the span each append took."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def value(self) -> str:
        return "".join(self.parts)


@attrs.define(eq=False)
class Layout:
    """A whole input as rows, and the decoded text the pieces' spans point into."""

    text: str
    rows: list[Row]
    #: Notes on how the input was read (mojibake repaired, traditional characters, ...): finding codes.
    notes: list[str] = attrs.Factory(list)
    #: The page's title element (HTML), when there is one.
    title: str | None = None
    pages: int | None = None
    #: A workbook written by ``govdisclosure new --xlsx``: each figure's cell by JSON
    #: Pointer (with its kind), and the envelope fields of its information sheet.
    positions: dict[str, tuple[Piece, CellKind]] | None = None
    envelope: dict[str, str] | None = None
    #: Where the input shows a picture large enough to be a table (the index of the row
    #: that follows it): a table printed as an image has no text to read.
    images: list[int] = attrs.Factory(list)


# --------------------------------------------------------------------------- plain text and Markdown

_FOOTER = re.compile(
    r"^\s*(?:[-—–－―]+\s*\d{1,3}\s*[-—–－―]+|第\s*\d+\s*页(?:\s*[,，/共]\s*共?\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$|^\s*\|[\s:|]*-[\s:|-]*$")
_WORD = re.compile(r"[^\s\u3000|｜\t]+")
_CELL = re.compile(r"[^|｜]+|(?<=[|｜])(?=[|｜])")


def is_footer(line: str) -> bool:
    """A page number line (- 4 -, — 2 —, 第3页, 3/7)."""
    return _FOOTER.match(line) is not None


def text_layout(text: str) -> Layout:
    """Lines of plain text or Markdown: pipe-table rows split at their pipes, other lines at
    their spaces. Page-number lines and Markdown table rulers are left out."""
    rows: list[Row] = []
    lines: list[tuple[str, int]] = []
    pos = 0
    text = _unflatten(_unmark(text))
    for raw in text.splitlines(keepends=True):
        if raw != "\x0c":  # a form feed before a page's first line is no empty line
            lines.append((raw.rstrip("\r\n\x0c"), pos))
        pos += len(raw)
    page_numbers = _bare_page_numbers(text, lines)
    width = _column_width(lines)
    k = 0
    flat_until = 0
    rows_led = True
    while k < len(lines):
        led = (_led_cells_table(lines, k) or _trailed_cells_table(lines, k)) if k >= flat_until else None
        if led is not None:
            table_rows, k = led
            rows.extend(table_rows)
            continue
        line, start = lines[k]
        if k >= flat_until and line.strip() in ("|", "｜"):
            flat_until = k + _cell_per_line_region(lines, k)
            rows_led = True
        elif k >= flat_until and _trailed_cell(line) and line.strip() not in ("|", "｜"):
            # cells ending in their pipes with no lone pipe before the first row: every
            # lone pipe is an empty cell
            flat_until = k + _cell_per_line_region(lines, k, lead=False)
            rows_led = False
        k += 1
        if k <= flat_until:
            # a cell per line: read as a table flattened to one cell per line, its pipes
            # blanked so that every offset stays; a lone pipe before a label's cell starts
            # a row (left out), any other is an empty cell (an empty line)
            following = lines[k][0].strip() if k < len(lines) else ""
            if rows_led and line.strip() in ("|", "｜") and k < flat_until and following not in ("|", "｜"):
                words = following.replace("|", " ").replace("｜", " ").strip()
                if words and not is_value_token(words):
                    continue
            if not rows_led and _pipes_only(line) > 1:
                # pipes alone (``||``) pad a row short of the table's widest to its width
                # (a crawler's copy): no cells of the report
                continue
            if not rows_led and _pipes_only(line) == 1:
                rows.append(Row([], line="", lone_pipe=True))
                continue
            line = line.replace("|", " ").replace("｜", " ")
        if line.count("\t") >= 2 and not line.strip(" \t"):
            rows.append(_line_row(line, start, width))  # a row of empty tab-separated cells
            continue
        if not line.strip() or is_footer(line) or _MD_SEPARATOR.match(line) or k - 1 in page_numbers:
            if not line.strip():
                rows.append(Row([], line=""))
            continue
        rows.append(_line_row(line, start, width))
    _rectangular_grids(rows)
    text = _blank_breaks(text)
    _mark_last(text, rows)
    return Layout(text, rows)


def running_header(text: str) -> bool:
    """A report's title printed over each page (…政府信息公开工作年度报告, no mark of a
    sentence): page furniture, no line of the report's text or tables."""
    key = label_key(text)
    return (
        len(key) <= 60
        and key.endswith(
            ("政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开工作年报", "政府信息公开年报")
        )
        and re.search(r"[。，,；;：:！!？?]", text) is None
    )


def box_separated(rows: Sequence[Row]) -> bool:
    """Whether a page's lines are text boxes each followed by one empty line (as pdfminer
    writes a page): most figures on a line of their own have an empty line after them, and
    two empty lines hardly ever follow each other (an empty line never stands for a blank
    cell). There an empty line parts two boxes, and a table's figures come in the order
    of their boxes, often column by column."""
    lines = [r.text.strip() for r in rows if not r.grid]
    figures = [k for k, text in enumerate(lines) if _LONE_FIGURE.fullmatch(text)]
    if len(figures) < 8 or _empty_pairs(lines) > len(lines) // 100:
        return False
    parted = sum(1 for k in figures if k + 1 < len(lines) and not lines[k + 1])
    return parted >= 0.75 * len(figures)


_LONE_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _empty_pairs(lines: Sequence[str]) -> int:
    """How often two empty lines follow each other (text boxes part with one)."""
    return sum(1 for a, b in itertools.pairwise(lines) if not a and not b)


def paragraph_boxes(rows: Sequence[Row]) -> bool:
    """Whether a page's lines come in text boxes with an empty line after each (pdfminer,
    and markitdown on it), though a table's figures stand in boxes of many lines (a
    column's cells): most lines of words have an empty line after them, and two empty
    lines hardly ever follow each other. There an empty line parts two boxes and is no
    blank cell (a copy writing each blank cell as an empty line has them in runs where
    blanks meet, and its lines of words run into their figures)."""
    lines = [r.text.strip() for r in rows if not r.grid]
    words = [k for k, text in enumerate(lines) if text and not _LONE_FIGURE.fullmatch(text)]
    if len(words) < 20:
        return False
    if _empty_pairs(lines) > max(8, len(lines) // 50):
        return False
    parted = sum(1 for k in words if k + 1 < len(lines) and not lines[k + 1])
    return parted >= 0.7 * len(words)


def _bare_page_numbers(text: str, lines: Sequence[tuple[str, int]]) -> set[int]:
    """The lines that are a page's number printed bare (3) where a converter marked each
    page's end with a form feed (pdftotext): the last line before the form feed that holds
    a number and nothing else, where such lines number the pages in turn (3, 4, 5 at the
    ends of the third, fourth and fifth pages, or one apart from that) at least twice. A
    lone bare number, or one out of turn, may be a figure that ends a page: kept."""
    if "\x0c" not in text:
        return set()
    candidates: list[tuple[int, int]] = []  # (page, line)
    page = 0
    for k, (_line, start) in enumerate(lines):
        end = lines[k + 1][1] if k + 1 < len(lines) else len(text)
        if "\x0c" not in text[start:end]:
            continue
        page += 1
        j = k
        while j >= 0 and not lines[j][0].strip():
            j -= 1
        if j >= 0 and re.fullmatch(r"\s*\d{1,3}\s*", lines[j][0]):
            candidates.append((page, j))
    offsets = [int(lines[j][0]) - page for page, j in candidates]
    if not offsets:
        return set()
    offset = max(set(offsets), key=offsets.count)
    if offsets.count(offset) < 2:
        return set()
    return {j for (page, j), d in zip(candidates, offsets, strict=True) if d == offset}


T = TypeVar("T")


def runs(items: Sequence[T], keep: Callable[[T], object]) -> list[tuple[bool, int, int]]:
    """The maximal stretches [start, end) of consecutive items alike under ``keep``, each
    with whether ``keep`` holds for it."""
    out: list[tuple[bool, int, int]] = []
    for k, item in enumerate(items):
        kept = bool(keep(item))
        if out and out[-1][0] == kept:
            out[-1] = (kept, out[-1][1], k + 1)
        else:
            out.append((kept, k, k + 1))
    return out


def clusters(values: Iterable[float], tolerance: float) -> list[float]:
    """The values sorted, each within ``tolerance`` of the one before taken as that one."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _rectangular_grids(rows: list[Row]) -> None:
    """A pipe or tab table whose every row has the same number of cells is a grid whose
    merged cells a converter wrote out in full (docling, marker, a spreadsheet saved as
    text): the cells a span covered are empty, or repeat the span's text. Such a table is
    read as a grid, each cell in its column, so that an empty cell a span left is never
    taken for a blank figure. A cell of words that repeats the one before it (or above it)
    is the same merged cell."""
    number = 0
    for kept, i, j in runs(rows, lambda r: r.cells):
        if not kept:
            continue
        run = rows[i:j]
        width = len(run[0].pieces)
        if len(run) >= 2 and width >= 2 and all(len(r.pieces) == width for r in run):
            number += 1
            above: list[str] = [""] * width
            spans: list[tuple[int, int]] = []
            for r in run:
                spans = _as_grid_row(r, -number, width, above, spans)


def _as_grid_row(
    row: Row, table: int, width: int, above: list[str], spans_above: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A pipe row as a grid row (``above``: the text of each column in the row before,
    ``spans_above``: that row's cells); returns its own cells."""
    merged_above = {c for first, last in spans_above for c in range(first + 1, last + 1)}
    pieces: list[Piece] = []
    spans: list[tuple[int, int]] = []
    carried: list[bool] = []
    for column, piece in enumerate(row.pieces):
        text = piece.text.strip()
        words = bool(text) and not _FIGURE_LIKE.fullmatch(text)
        same = bool(pieces) and pieces[-1].text.strip() == text and spans[-1][1] == column - 1
        if same and (words or column in merged_above):
            # a merged cell written out once per column (figures only under a merged cell
            # of the row before, as 本年处理决定数量 over Table 2's columns)
            spans[-1] = (spans[-1][0], column)
            continue
        pieces.append(piece)
        spans.append((column, column))
        carried.append(words and above[column] == text)
    for (first, last), piece in zip(spans, pieces, strict=True):
        for column in range(first, last + 1):
            above[column] = piece.text.strip()
    row.pieces, row.spans, row.carried = pieces, spans, carried
    row.grid, row.table, row.width = True, table, width
    return spans


#: A cell that prints a figure or a marker, never a merged label cell written out twice.
_FIGURE_LIKE = re.compile(r"[\d０-９" + "".join(sorted(ZERO_WORDS)) + r".,，．+\-%％/／\s（）()件万元个项—–-]*")


def _mark_last(text: str, rows: list[Row]) -> None:
    """Mark the piece the text ends at: a page cut off in the middle of a table ends in a
    row with fewer figures than columns, read from its first column on."""
    for row in reversed(rows):
        filled = [i for i, p in enumerate(row.pieces) if p.text.strip()]
        if not filled:
            continue
        piece = row.pieces[filled[-1]]
        if piece.end is None:
            return
        rest = text[piece.end :]
        if rest.strip(" \t\r\n\u3000|｜"):
            return
        row.pieces[filled[-1]] = attrs.evolve(piece, last=2 if not rest.strip() else 1)
        return


def _cell_per_line_region(lines: list[tuple[str, int]], k: int, *, lead: bool = True) -> int:
    """From a line that is a lone pipe: how many lines print a table a cell per line, each
    cell ending in its pipe (``规章 |``, an empty cell a lone pipe, a lone pipe before each
    row), as some page-to-text converters write a table whose cells hold line breaks;
    (``lead=False``) from the first of such cells, eight lines or more, where no lone pipe
    leads the rows. 0 when there is no such cell."""

    def cell(i: int) -> bool:
        stripped = lines[i][0].strip()
        return stripped not in ("|", "｜") and stripped.endswith(("|", "｜"))

    first = k + 1 if lead else k
    if first >= len(lines) or not cell(first):
        return 0
    end = first
    while end < len(lines) and lines[end][0].strip().endswith(("|", "｜")):
        end += 1
    if not lead and end - first < 8:
        return 0  # a line or two ending in a pipe: no table
    return end - k


def _pipes_only(line: str) -> int:
    """How many pipes a line of nothing but pipes holds (0 for any other line)."""
    stripped = line.replace(" ", "").replace("\u3000", "")
    return len(stripped) if stripped and not stripped.strip("|｜") else 0


def _trailed_cell(line: str) -> bool:
    """A line that is one cell ending in its pipe (``规章 |``; an empty cell a lone pipe)."""
    stripped = line.strip()
    return stripped[-1:] in ("|", "｜") and not any(c in "|｜" for c in stripped[:-1])


def _trailed_cells_table(lines: list[tuple[str, int]], k: int) -> tuple[list[Row], int] | None:
    """A table written a cell per line, each ending in its pipe (an empty cell a lone
    pipe), its rows parted by empty lines: each run of such lines a row, its empty cells
    in their places. None unless three rows or more are written so."""
    rows: list[Row] = []
    i = k
    while i < len(lines) and _trailed_cell(lines[i][0]):
        j = i
        while j < len(lines) and _trailed_cell(lines[j][0]):
            j += 1
        if j - i < 2 and not rows:
            return None
        cells = [[n] for n in range(i, j)]
        rows.append(_led_row(lines, cells, trailing=True))
        if j < len(lines) and _pipes_only(lines[j][0]) > 1:
            j += 1  # pipes alone pad the row to the table's width: no cells
        if j >= len(lines) or lines[j][0].strip() or j + 1 >= len(lines) or not _trailed_cell(lines[j + 1][0]):
            i = j
            break
        i = j + 1  # the empty line that parts two rows
    if len(rows) < 3:
        return None
    return rows, i


def _led_cell(line: str) -> bool:
    """A line that starts a cell of a table written a cell per line with its pipe in front
    (``| 条``; an empty cell, or the end of a row, a lone pipe): no other pipe on it."""
    stripped = line.strip()
    return stripped[:1] in ("|", "｜") and not any(c in "|｜" for c in stripped[1:])


def _plain(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and stripped[0] not in "|｜"


def _led_cells_table(lines: list[tuple[str, int]], k: int) -> tuple[list[Row], int] | None:
    """A table some page-to-text converters write a cell per line: a row's first cell on
    lines of its own, each further cell on a line led by its pipe (``| 条``), a cell's text
    running on over the lines below it (``| 计量`` / ``单位``), an empty cell a lone pipe and
    a lone pipe closing the row. Its rows as pipe rows (each cell in its place, the empty
    ones kept) and the line after it; None unless two rows or more are written so."""
    rows: list[Row] = []
    i = k
    while i < len(lines):
        j = i
        first: list[int] = []
        # the first row's first cell is the line before its first pipe (the lines above it
        # are the text before the table); a later row's runs from the pipe closing the last
        while j < len(lines) and _plain(lines[j][0]) and len(first) < (4 if rows else 1):
            first.append(j)
            j += 1
        if not first or j >= len(lines) or not _led_cell(lines[j][0]):
            break
        cells: list[list[int]] = [first]  # each cell: its lines
        closed = False
        while j < len(lines) and _led_cell(lines[j][0]):
            lone = lines[j][0].strip() in ("|", "｜")
            if lone and (j + 1 >= len(lines) or not _led_cell(lines[j + 1][0])):
                closed = True  # the pipe that closes the row: what follows is no cell of it
                j += 1
                break
            cells.append([j])
            j += 1
            while not lone and j < len(lines) and _plain(lines[j][0]):
                cells[-1].append(j)  # the cell's text runs on
                j += 1
        if not closed or len(cells) < 2:
            break
        rows.append(_led_row(lines, cells))
        i = j
    if len(rows) < 2:
        return None
    return rows, i


def _led_row(lines: list[tuple[str, int]], cells: list[list[int]], *, trailing: bool = False) -> Row:
    """A row from the lines of its cells (each cell's pipe in front, or ``trailing``: after it)."""
    pieces: list[Piece] = []
    line_parts: list[str] = []
    offsets: list[int | None] = []
    for number, cell in enumerate(cells):
        first_line, first_start = lines[cell[0]]
        skip = 0
        if trailing:
            first_line = first_line.rstrip()[:-1]  # its pipe
        elif number > 0:
            skip = len(first_line) - len(first_line.lstrip()) + 1  # past the cell's pipe
        begin = first_start + skip + len(first_line[skip:]) - len(first_line[skip:].lstrip())
        last_line, last_start = lines[cell[-1]]
        if trailing:
            last_line = first_line
        end = max(last_start + len(last_line.rstrip()), begin)
        text = "\n".join(
            (first_line[skip:] if index == 0 else line).strip()
            for index, (line, _start) in enumerate(lines[c] for c in cell)
        ).strip("\n")
        pieces.append(Piece(text, begin, end if text else begin))
        if number:
            line_parts.append(" | ")
            offsets.extend([None, None, None])
        flat = text.replace("\n", " ")
        line_parts.append(flat)
        offsets.extend([begin + n if len(cell) == 1 else None for n in range(len(flat))])
    line = "".join(line_parts)
    return Row(pieces, cells=True, line=line, offsets=offsets)


def _pipe_pieces(line: str, start: int, *, lead_cell: bool = False) -> list[Piece]:
    """The cells between a line's pipes; the outer pipes of a Markdown row are optional
    (``lead_cell``: the text before the first pipe is a cell even when it is empty)."""
    pieces = []
    bounds = [m.start() for m in re.finditer(r"[|｜]", line)]
    lead_text = line[: bounds[0]]
    edges = ([-1] if lead_text.strip() or lead_cell else []) + bounds
    tail = line[bounds[-1] + 1 :]
    if tail.strip():
        edges.append(len(line))
    for left, right in itertools.pairwise(edges):
        cell = line[left + 1 : right]
        lead = len(cell) - len(cell.lstrip())
        content = cell.strip()
        cell_start = start + left + 1 + lead
        # a line break inside a cell, as PDF-to-Markdown converters write it (22<br>件)
        pieces.append(Piece(_BREAK.sub("\n", content), cell_start, cell_start + len(content)))
    return pieces


#: Markup a converter leaves in text, none of it printed: Markdown's bold (**, __), its
#: escapes (the backslash of \. or \-; an escaped pipe stays escaped) and HTML's spaces.
_MARKUP = re.compile(r"\*\*|__|\\(?=[!-/:-@\[-`{~])|&(?:nbsp|ensp|emsp|thinsp);|&#(?:160|12288|[xX](?:[aA]0|3000));")


def _unmark(text: str) -> str:
    """The text with the markup converters leave blanked, every offset kept."""
    if not any(c in text for c in "*_\\&"):
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text)


#: A page's text run together on one line (a web page whose paragraphs, headings and table
#: rows a crawler parted by spaces only) is as long as this at least, and starts this many
#: printed lines inside it, before it is read as lines again.
_FLAT_LENGTH = 150
_FLAT_STARTS = 3
#: A word that starts a printed line: a numbered heading or Table 3 row (一、, （一）), a
#: block of Table 2 (第二十条第（一）项) or its heading row (信息内容), Table 3's note.
_LINE_START = re.compile(
    r"[一二三四五六七八九十]{1,2}[、．.](?!\d)|[（(][一二三四五六七八九十]{1,2}[)）]|第二十条|信息内容|[（(]本列数据"
)
#: A numbered sub-row of Table 3 (2.其他法律行政法规禁止公开).
_SUB_ROW = re.compile(r"\d{1,2}\s*[.．、]\s*[\u4e00-\u9fff]")
_GAP = re.compile(r"[ \t\u3000]+")
#: A clause's or a sentence's mark: no heading or title holds one.
_CLAUSE_MARK = re.compile(r"[，,。；;：:]")


@functools.cache
def _table3_heading_keys() -> tuple[str, str]:
    """Table 3's first two column headings (自然人, 商业企业), as keys."""
    natural, commercial = (label_key(c.label) for c in table3(Template.GB2021).columns[:2])
    return natural, commercial


@functools.cache
def _table2_row_keys() -> frozenset[str]:
    return frozenset(
        key
        for template in (Template.GB2019, Template.GB2021)
        for b in table2(template)
        for r in b.rows
        for key in r.keys
    )


def _starts_line(before: str, word: str, after: str, segment: str, gap: str) -> bool:
    """Whether ``word`` (between the words ``before`` and ``after``, after the blanks
    ``gap``) starts a printed line of a page run together, the line so far being ``segment``."""
    if _LINE_START.match(word):
        return True
    if is_value_token(before) or "\t" in gap:
        # after a row's figures (or its empty cells, tab-separated): a numbered sub-row, or
        # a row of Table 2 with its figures
        return _SUB_ROW.match(word) is not None or (label_key(word) in _table2_row_keys() and is_value_token(after))
    if label_key(word) in _table2_row_keys() and is_value_token(after):
        return True  # Table 2's first row, after its heading row
    if _SUB_ROW.match(word) and any(_SUB_ROW.match(w) for w in segment.split()):
        return True  # a numbered sub-row after one whose cells are all blank
    natural, commercial = _table3_heading_keys()
    if label_key(word) == natural or (label_key(word) == commercial and label_key(before) in ("总计", "合计")):
        return True  # Table 3's heading rows: the applicants, then the kinds of organisation
    if re.search(r"(?:年度报告|年报)$", segment) and len(segment) <= 60 and not _CLAUSE_MARK.search(segment):
        return True  # the text after the title
    if is_value_token(word) and len(segment.split()) >= 5:
        return True  # figures after a table's heading rows (Table 4's one row)
    # the text after a heading (二、主动公开政府信息情况 根据…; （一）主动公开方面 2019年，…)
    heading = _LINE_START.match(segment)
    return (
        heading is not None
        and not is_value_token(word)
        and len(re.findall(r"[\u4e00-\u9fff]", segment[heading.end() :])) >= 2
        and len(segment) <= 40
        and not _CLAUSE_MARK.search(segment)
        and not segment.startswith(("第二十条", "信息内容"))
        and not any(is_value_token(w) for w in segment.split())
        and (segment[0] not in "（(" or re.search(r"[，,。；;]", after + word) is not None)
    )


def _unflatten(text: str) -> str:
    """The text with each long line that holds a page run together (its headings, paragraphs
    and table rows parted by spaces) broken back into printed lines: a space before each
    line's first word becomes a line break, so every offset stays."""
    if len(text) < _FLAT_LENGTH:
        return text
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if len(line) < _FLAT_LENGTH or "|" in line or "｜" in line or re.search(r"\S {3,}\S", line):
            out.append(line)
            continue
        chars = list(line)
        gaps = list(_GAP.finditer(line))
        segment_start = 0
        breaks: list[int] = []
        for i, gap in enumerate(gaps):
            if gap.start() == 0:
                continue
            before_start = gaps[i - 1].end() if i else 0
            before = line[before_start : gap.start()]
            after_end = gaps[i + 2].start() if i + 2 < len(gaps) else len(line)
            word_end = gaps[i + 1].start() if i + 1 < len(gaps) else len(line)
            word, after = line[gap.end() : word_end], line[word_end:after_end].strip()
            if not word.strip():
                continue
            # a tab parts a row's cells: the line breaks at the space after them
            space = max(gap.group().rfind(" "), gap.group().rfind("\u3000"))
            if space >= 0 and _starts_line(before, word, after, line[segment_start : gap.start()].strip(), gap.group()):
                breaks.append(gap.start() + space)
                segment_start = gap.end()
        if len(breaks) < _FLAT_STARTS:
            out.append(line)
            continue
        for at in breaks:
            chars[at] = "\n"
        out.append("".join(chars))
    return "".join(out)


#: An HTML line break inside a Markdown table's cell.
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _blank_breaks(text: str) -> str:
    """The text with the line breaks inside its pipe rows' cells blanked, every offset kept."""
    if "<" not in text:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        if ("|" in line or "｜" in line) and _BREAK.search(line):
            line = _BREAK.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return "".join(out)


_ALIGNED = re.compile(r"\S[ \u3000]{3,}(?=\S)")
_WIDE = frozenset("WF")


def _column_width(lines: Sequence[tuple[str, int]]) -> Callable[[str], int] | None:
    """How to count a line's character columns when the text is laid out by position (a
    PDF converter spaced the words out to where they stand on the page: pdftotext
    -layout, pdfplumber's layout text; a table aligned by hand): one column for each
    character, or two for a wide (CJK) one, whichever lines the figures up in fewer
    columns. None when the text is not laid out so (fewer than three lines with wide gaps
    between their words): word positions then say nothing."""
    aligned = [line for line, _ in lines if "|" not in line and "\t" not in line and _ALIGNED.search(line)]
    if len(aligned) < 3:
        return None

    def spread(measure: Callable[[str], int]) -> int:
        starts = {
            measure(line[: m.start()])
            for line in aligned
            for m in _WORD.finditer(line)
            if m.start() and is_value_token(m.group(0))
        }
        return len(starts)

    return _narrow if spread(_narrow) <= spread(_wide) else _wide


def _narrow(text: str) -> int:
    return len(text)


def _wide(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def _line_row(line: str, start: int, width: Callable[[str], int] | None = None) -> Row:
    stripped = line.strip()
    bars = stripped.count("|") + stripped.count("｜")
    if bars >= 2 or (bars == 1 and stripped.startswith(("|", "｜")) and len(stripped) > 1):
        pieces = _pipe_pieces(line, start)
        return Row(pieces, cells=True, line=stripped, offsets=_line_offsets(line, start))
    if "\t" in line:
        # tab-separated cells (a table copied from a spreadsheet or a web page): empty ones kept
        pieces = []
        position = 0
        for cell in line.split("\t"):
            lead = len(cell) - len(cell.lstrip())
            content = cell.strip()
            pieces.append(Piece(content, start + position + lead, start + position + lead + len(content)))
            position += len(cell) + 1
        return Row(pieces, cells=True, line=line.strip(" "), offsets=_line_offsets(line, start))
    # text laid out by position: each word's columns say which cell is whose
    pieces = [
        Piece(
            m.group(0),
            start + m.start(),
            start + m.end(),
            x=None if width is None else (width(line[: m.start()]), width(line[: m.end()])),
        )
        for m in _WORD.finditer(line)
    ]
    measured = None if width is None else "wide" if width is _wide else "narrow"
    return Row(pieces, line=stripped, offsets=_line_offsets(line, start), measured=measured)


def _line_offsets(line: str, start: int) -> list[int | None]:
    lead = len(line) - len(line.lstrip())
    return list(range(start + lead, start + lead + len(line.strip())))


# --------------------------------------------------------------------------- HTML

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<",
    re.S,
)
_ATTR = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_SKIP = frozenset({"script", "style", "noscript", "template", "select", "option", "button", "textarea", "svg"})
# What a document's head holds; any other tag starts its body.
_HEAD = frozenset({"head", "title", "meta", "link", "base", "script", "style", "noscript", "template"})
# Menus and side bars; not <form> (whole ASP.NET pages sit in one) nor <header>/<footer>.
_CHROME = frozenset({"nav", "aside", "menu"})
_BLOCK = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "table", "tr", "td", "th", "caption", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "center",
        "main", "body", "tbody", "thead", "tfoot", "figure", "figcaption",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"})


@attrs.define
class _Cell:
    pieces: list[Piece] = attrs.Factory(list)
    rowspan: int = 1
    colspan: int = 1


@attrs.define
class _Table:
    rows: list[list[_Cell]] = attrs.Factory(list)
    depth: int = 0
    #: A table that holds other tables lays out the page (older sites put the whole
    #: article in one): its cells' text is read as lines, the tables inside as grids.
    layout: bool = False
    #: Rows that only set the columns' widths, as Word writes at a table's end when it
    #: saves a page (``<![if !supportMisalignedColumns]><tr height=0><td width=40></td>…``):
    #: left out where all their cells are empty.
    shims: set[int] = attrs.Factory(set)

    def without_shims(self) -> _Table:
        """The table without its rows that only set its columns' widths."""
        keep = [
            cells
            for r, cells in enumerate(self.rows)
            if r not in self.shims or any(p.text.strip() for c in cells for p in c.pieces)
        ]
        return _Table(keep, self.depth, self.layout)


def _zero_height(attributes: dict[str, str]) -> bool:
    """An element set 0 high (height=0, style="height:0pt")."""
    style = re.search(r"(?:^|;)\s*height\s*:\s*([^;]+)", attributes.get("style", ""), re.I)
    height = attributes.get("height") or (style.group(1) if style else "")
    return re.fullmatch(r"0(?:px|pt)?", height.strip()) is not None


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for match in _ATTR.finditer(text):
        value = match.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out[match.group(1).lower()] = html.unescape(value)
    return out


def _pixels(value: str | None) -> int:
    """An image's printed size in pixels; a size not given (or in %) counts as large."""
    digits = re.match(r"\s*(\d+)\s*(?:px)?\s*$", value or "")
    return int(digits.group(1)) if digits else 10_000


def _span_int(value: str | None) -> int:
    try:
        n = int(re.sub(r"[^0-9]", "", value or "") or 1)
    except ValueError:
        return 1
    return max(1, min(n, 100))


#: An element the page does not show (a copy kept for printing or sharing, a template, a
#: character set in type of no size to spoil copying).
_HIDDEN = re.compile(
    r"""display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:;|!|$)""",
    re.IGNORECASE,
)
#: Text struck through (a figure corrected in place: <del>700</del>705) is no text of the report.
_STRUCK = frozenset({"del", "s", "strike"})
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_AT_BLOCK = re.compile(r"@[a-z-]+[^{;]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.IGNORECASE)


def _css_hidden(source: str) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and ids a page's own style sheets hide (.x{display:none}), for every
    screen: rules under @media and the like are left out (a column hidden on phones only)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for sheet in re.findall(r"<style[^>]*>(.*?)</style>", source, re.IGNORECASE | re.DOTALL):
        sheet = _CSS_AT_BLOCK.sub("", re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL))
        for selectors, declarations in _CSS_RULE.findall(sheet):
            if not _HIDDEN.search(declarations.replace("!important", ";")):
                continue
            for selector in selectors.split(","):
                simple = re.fullmatch(r"\s*[a-z0-9]*([.#])([\w-]+)\s*", selector, re.IGNORECASE)
                if simple:
                    (classes if simple.group(1) == "." else ids).add(simple.group(2))
    return frozenset(classes), frozenset(ids)


def html_layout(source: str, *, skip_hidden: bool = True) -> Layout:
    """A web page as rows: its tables as grids (rowspan and colspan filled in), its other
    text as lines; scripts, styles, menus, headers, footers, forms and what the page does
    not show (display:none, the hidden attribute) left out. A hidden element that never
    closes hides nothing (the page is read again with it shown)."""
    rows: list[Row] = []
    line: list[Piece] = []
    title_parts: list[str] = []
    tables: list[_Table] = []
    table_count = 0
    skip = 0
    chrome = 0
    in_title = False
    in_head = False  # the document's head: no text of the page but its <title>
    titles = 0
    stack: list[str] = []
    # a page cut off inside a tag: the tag's start is no text
    end = len(source)
    last_open, last_close = source.rfind("<"), source.rfind(">")
    ended_in_tag = last_open > last_close
    if ended_in_tag:
        end = last_open
    cell_open = False  # inside a table cell whose end tag has not come yet
    hidden: list[tuple[str, int]] = []  # the element hiding its content: its tag, nested depth
    hidden_tables = 0
    superscript = 0  # inside <sup>: a note's mark (705<sup>1</sup>), its digits set as such (705¹)
    hidden_classes, hidden_ids = _css_hidden(source) if skip_hidden else (frozenset(), frozenset())
    images: list[int] = []
    widths_only = False  # inside Word's <![if !supportMisalignedColumns]>

    def flush_line() -> None:
        if line:
            text, offsets = _join_mapped(line)
            rows.append(Row(list(line), line=text, offsets=offsets))
            line.clear()

    for match in _TOKEN.finditer(source, 0, end):
        token = match.group(0)
        name = (match.group(2) or "").lower()
        if hidden:
            if name == "table" and not match.group(1):
                hidden_tables += 1
            if name == hidden[-1][0] and name not in _VOID and not token.endswith("/>"):
                depth = hidden[-1][1] + (-1 if match.group(1) else 1)
                hidden[-1] = (name, depth)
                if depth == 0:
                    hidden.pop()
            continue
        if name and skip_hidden and not match.group(1) and name not in _VOID and not token.endswith("/>"):
            shown = _attrs(match.group(3) or "")
            if (
                name in _STRUCK
                or _HIDDEN.search(shown.get("style", ""))
                or "hidden" in shown
                or not hidden_classes.isdisjoint(shown.get("class", "").split())
                or shown.get("id") in hidden_ids
            ):
                hidden.append((name, 1))
                if name == "table":
                    hidden_tables += 1
                continue
        if name:
            closing = bool(match.group(1))
            if name in ("td", "th"):
                cell_open = not closing
            elif name in ("tr", "table", "tbody", "thead", "tfoot"):
                cell_open = False
            if name in _SKIP:
                if not closing and not token.endswith("/>"):
                    skip += 1
                elif closing and skip:
                    skip -= 1
                continue
            if name == "head":
                in_head = not closing
                continue
            if name == "title":
                # the document's first title element; an SVG's or a later one is not shown
                if not closing and not skip and titles == 0:
                    in_title = True
                elif not closing:
                    skip += 1
                elif in_title:
                    in_title = False
                    titles += 1
                elif skip:
                    skip -= 1
                continue
            if in_head and name not in _HEAD:
                in_head = False  # a head never closed: the first tag of the page's body ends it
            if skip or in_head:
                continue
            if name in _CHROME:
                if not closing:
                    chrome += 1
                elif chrome:
                    chrome -= 1
                continue
            if chrome:
                continue
            if name == "sup" and not token.endswith("/>"):
                superscript = max(0, superscript + (-1 if closing else 1))
                continue
            if name == "img" and not tables:
                size = _attrs(match.group(3) or "")
                if _pixels(size.get("width")) >= 100 and _pixels(size.get("height")) >= 60:
                    flush_line()
                    images.append(len(rows))
                continue
            if name == "table":
                if not closing:
                    if tables and not tables[-1].layout:
                        # a table inside a table: the outer one lays out the page; what
                        # it held so far is text
                        outer = tables[-1]
                        outer.layout = True
                        for table_row in outer.rows:
                            for cell in table_row:
                                for piece in cell.pieces:
                                    if piece.text == "\n":
                                        flush_line()
                                    else:
                                        line.append(piece)
                                flush_line()
                        outer.rows = []
                    flush_line()
                    tables.append(_Table(depth=len(tables)))
                elif tables:
                    finished = tables.pop()
                    flush_line()
                    if not finished.layout:
                        table_count += 1
                        rows.extend(_grid_rows(finished.without_shims(), table_count))
                continue
            if tables and tables[-1].layout:
                if name in ("tr", "td", "th") or name in _BLOCK:
                    flush_line()
                continue
            if tables:
                table = tables[-1]
                if name == "tr" and not closing:
                    table.rows.append([])
                    if widths_only or _zero_height(_attrs(match.group(3) or "")):
                        table.shims.add(len(table.rows) - 1)
                elif name in ("td", "th") and not closing:
                    if not table.rows:
                        table.rows.append([])
                    a = _attrs(match.group(3) or "")
                    table.rows[-1].append(
                        _Cell(rowspan=_span_int(a.get("rowspan")), colspan=_span_int(a.get("colspan")))
                    )
                elif name in ("br", "p", "div", "li") and table.rows and table.rows[-1]:
                    table.rows[-1][-1].pieces.append(Piece("\n"))
                continue
            if name in _BLOCK:
                flush_line()
            if name not in _VOID and not closing:
                stack.append(name)
            continue
        if token.startswith("<!") or token.startswith("<?"):
            if "supportMisalignedColumns" in token:
                widths_only = token.startswith("<![if")
            elif token.startswith("<![endif"):
                widths_only = False
            continue
        if in_title:
            title_parts.append(html.unescape(token))
            continue
        if in_head and not skip and token.strip():
            in_head = False  # text ends a head never closed, as in a browser
        if skip or chrome or in_head:
            continue
        for piece in _text_pieces(token, match.start()):
            if superscript:
                piece = attrs.evolve(piece, text=piece.text.translate(SUPERSCRIPT_DIGITS))
            if tables and not tables[-1].layout:
                table = tables[-1]
                if table.rows and table.rows[-1]:
                    table.rows[-1][-1].pieces.append(piece)
                # text between cells is page noise
            else:
                line.append(piece)
    if hidden or (hidden_tables and not table_count and not tables):
        # a hidden element never closed, or the page's tables all hidden (shown by a script):
        # the page read with everything shown
        return html_layout(source, skip_hidden=False)
    flush_line()
    if cell_open and tables and tables[-1].rows and tables[-1].rows[-1]:
        # the page ends inside a cell: an empty one is no blank cell, and a figure the
        # page ends right after may be cut short (12 of 125), unless it is 0
        words = "".join(p.text for p in tables[-1].rows[-1][-1].pieces if p.text != "\n").strip()
        if not words or (not ended_in_tag and not source[end:].strip() and words not in ("0", "０")):
            tables[-1].rows[-1].pop()
    while tables:  # unclosed tables (a page cut off)
        unclosed = tables.pop()
        if not unclosed.layout:
            table_count += 1
            rows.extend(_grid_rows(unclosed.without_shims(), table_count))
    title = re.sub(r"\s+", " ", "".join(title_parts)).strip() or None
    return Layout(source, rows, title=title, images=images)


_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _text_pieces(token: str, offset: int) -> Iterator[Piece]:
    """Words of a text node with their spans in the page source (entities decoded)."""
    if "&" not in token:
        for m in _WORD.finditer(token):
            yield Piece(strip_pinyin(m.group(0)), offset + m.start(), offset + m.end())
        return
    # decode entity by entity, keeping a map from decoded characters to source offsets
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(token):
        for i in range(pos, m.start()):
            chars.append(token[i])
            where.append(offset + i)
        decoded = html.unescape(m.group(0))
        for ch in decoded:
            chars.append(ch)
            where.append(offset + m.start())
        pos = m.end()
    for i in range(pos, len(token)):
        chars.append(token[i])
        where.append(offset + i)
    text = "".join(chars).replace("\xa0", " ").replace("\u3000", " ")
    for m in _WORD.finditer(text):
        yield Piece(strip_pinyin(m.group(0)), where[m.start()], where[m.end() - 1] + 1)


def _join(pieces: list[Piece]) -> str:
    return _join_mapped(pieces)[0]


def _join_mapped(pieces: list[Piece]) -> tuple[str, list[int | None]]:
    """Words joined as printed, and each character's offset in the source."""
    out = ""
    offsets: list[int | None] = []
    for piece in pieces:
        if piece.text == "\n":
            continue
        if out and _needs_space(out[-1], piece.text[:1]):
            out += " "
            offsets.append(None)
        out += piece.text
        if piece.start is not None and piece.end is not None and piece.end - piece.start == len(piece.text):
            offsets.extend(range(piece.start, piece.end))
        else:  # an entity or pinyin was decoded away: spread the piece over its span
            width = (piece.end or 0) - (piece.start or 0)
            offsets.extend(
                None if piece.start is None else piece.start + min(i, max(width - 1, 0)) for i in range(len(piece.text))
            )
    return out, offsets


#: A line that is a figure and nothing else: a text converter put a figure printed in
#: another font (the Latin digits of a Chinese paragraph) on a line of its own.
_BARE_FIGURE = re.compile(r"^\s*\d[\d,，.]*\s*(?:%|％|万|亿)?\s*$")
#: The end of a sentence, or of a heading (a line that runs on needs none of these).
_LINE_END = re.compile(r"[。；;！!？?：:）)]\s*$")


def runs_on(previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence of ``previous`` (受理申请 / 36 / 件，…):
    a figure alone on its line, or the words after one, where no sentence ended."""
    if _BARE_FIGURE.match(line):
        return bool(previous.strip()) and not _LINE_END.search(previous)
    return _BARE_FIGURE.match(previous) is not None and bool(line.strip())


def joined_with_offsets(rows: list[Row]) -> tuple[str, list[int | None]]:
    """Lines of text rows joined by newlines, with each character's source offset; a figure
    alone on its line runs on with the sentence it stands in."""
    text: list[str] = []
    offsets: list[int | None] = []
    previous = ""
    for row in rows:
        if row.grid or not row.line:
            continue
        if text and runs_on(previous, row.line):
            text[-1] = text[-1][:-1]
            offsets.pop()
        text.append(row.line + "\n")
        row_offsets = row.offsets if row.offsets is not None else [None] * len(row.line)
        offsets.extend(row_offsets[: len(row.line)])
        offsets.extend([None] * (len(row.line) - len(row_offsets)))
        offsets.append(None)
        previous = row.line
    return "".join(text), offsets


def _needs_space(a: str, b: str) -> bool:
    """Words of Chinese text are joined without a space; numbers and Latin words keep one."""
    return bool(a and b) and (a.isascii() and a.isalnum()) and (b.isascii() and b.isalnum())


def _grid_rows(table: _Table, number: int) -> list[Row]:
    """A parsed table as grid rows, rowspan and colspan filled in."""
    occupied: dict[tuple[int, int], tuple[Piece, int]] = {}  # (row, col) → (piece, origin row)
    origins: dict[int, tuple[int, int]] = {}
    width = 0
    merged: list[list[tuple[Piece, int, int]]] = []
    for r, cells in enumerate(table.rows):
        c = 0
        placed: list[tuple[Piece, int, int]] = []
        for cell in cells:
            while (r, c) in occupied:
                c += 1
            starts = [p.start for p in cell.pieces if p.start is not None]
            ends = [p.end for p in cell.pieces if p.end is not None]
            piece = Piece(
                _cell_text(cell.pieces),
                min(starts) if starts else None,
                max(ends) if ends else None,
                table=number,
                row=r + 1,
                column=c + 1,
            )
            origins[id(piece)] = (r, c)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied[(r + dr, c + dc)] = (piece, r)
            placed.append((piece, c, c + cell.colspan - 1))
            c += cell.colspan
            width = max(width, c)
        merged.append(placed)
    out = []
    for r in range(len(table.rows)):
        pieces: list[Piece] = []
        spans: list[tuple[int, int]] = []
        carried: list[bool] = []
        c = 0
        while c < width:
            entry = occupied.get((r, c))
            if entry is None:
                c += 1
                continue
            piece, origin_row = entry
            last = c
            while last + 1 < width and occupied.get((r, last + 1), (None, 0))[0] is piece:
                last += 1
            pieces.append(piece)
            spans.append((c, last))
            carried.append(origin_row != r)
            c = last + 1
        if pieces:
            out.append(Row(pieces, grid=True, spans=spans, carried=carried, table=number, width=width))
    return out


def _cell_text(pieces: list[Piece]) -> str:
    """A cell's text: its lines joined; a line break between two digit groups is kept as a
    newline (a number wrapped in a narrow cell, or two numbers)."""
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.text == "\n":
            lines.append([])
        else:
            lines[-1].append(piece)
    texts = [_join(line) for line in lines if line]
    return "\n".join(texts)
