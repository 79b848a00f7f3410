"""Reading Tables 2, 3 and 4 out of the rows of a layout.

Rows are matched to the template by their printed labels; columns by their headings
where the headings can be read, otherwise by the template's fixed column order (which
every report prints). A row whose label was lost (a PDF conversion that moved it) is
placed by the template's row order only when it sits in a gap between labelled rows
that it fills exactly. Blank cells that collapsed in a text copy (fewer figures than
columns) are never guessed: those cells are not captured and flagged.
"""

from __future__ import annotations

import bisect
import decimal
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from govdisclosure.coordinates import TABLE4
from govdisclosure.extraction._layout import Piece, Row, clusters, running_header, runs
from govdisclosure.extraction._normalize import fold, label_key
from govdisclosure.extraction._template import (
    GROUP_VARIANTS,
    ColumnSpec,
    Match,
    Table2Block,
    Table2Row,
    Table3Spec,
    match_label,
    table2,
    table3,
    table4,
)
from govdisclosure.extraction._values import ZERO_WORDS, Read, is_value_token, marker, read_cell, squeeze
from govdisclosure.model import Cell, CellKind, CellStatus, MoneyUnit, Placement, Template

# --------------------------------------------------------------------------- results


@attrs.define
class Placed:
    """One extracted cell: its value, where it came from, how sure the extractor is."""

    pointer: str
    value: object
    piece: Piece | None
    confidence: float
    placement: Placement
    #: Codes of the doubts about this cell (each becomes a flag).
    doubts: list[str] = attrs.Factory(list)


@attrs.define
class Doubt:
    """A doubt about a place that is not one cell (a row, a table)."""

    pointer: str
    code: str
    params: dict[str, object] = attrs.Factory(dict)


@attrs.define
class TableResult:
    cells: dict[str, Placed] = attrs.Factory(dict)
    doubts: list[Doubt] = attrs.Factory(list)
    #: Whether any part of the table was found in the source.
    found: bool = False
    heading: str | None = None
    notes: list[str] = attrs.Factory(list)
    #: Extra rows: (label, pointer of the row printed before it, cells by column name).
    extra_rows: list[tuple[str, str | None, dict[str, Placed]]] = attrs.Factory(list)
    #: The row of a gb2021 （六）其他处理 printed as one row.
    single_other: bool = False
    #: Group subtotal rows found (group name → pointer).
    subtotals: list[str] = attrs.Factory(list)


# --------------------------------------------------------------------------- regions

_SUBHEADING = re.compile(r"^\s*(?:#+\s*)?[（(][一二三四五六七八九十]{1,2}[)）]")
_HEADING_NUMBER = re.compile(
    r"^\s*(?:#+\s*)?(?:表[一二三四五六七八九十]\s*[:：]?\s*)?([一二三四五六七八九十]{1,2})\s*[、.．]"
)

SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "overall": ("总体情况", "概述", "基本情况"),
    "proactive_table": ("主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    "applications_table": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "处理政府信息公开申请情况"),
    "review_table": (
        "政府信息公开行政复议行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "因政府信息公开工作被申请行政复议提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "行政复议行政诉讼情况",
        "行政复议和行政诉讼情况",
    ),
    "problems_and_improvements": (
        "存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "主要问题及改进情况",
        "存在的主要问题",
        "主要问题",
        "存在问题",
    ),
    "other_matters": ("其他需要报告的事项",),
}


@attrs.frozen
class Heading:
    index: int
    kind: str | None
    number: str | None
    text: str


def find_headings(rows: Sequence[Row]) -> list[Heading]:
    """Numbered headings (一、… 六、, 表三：…) and the table and section each names."""
    out = []
    for index, row in enumerate(rows):
        if row.grid:
            continue
        text = row.text.strip()
        if not text or len(text) > 60 or any(is_value_token(p.text) for p in row.pieces):
            continue
        if _SUBHEADING.match(fold(text)):
            continue  # （一）… is a part of a section, never a table's heading
        match = _HEADING_NUMBER.match(fold(text))
        if match and not fold(text)[match.end() :].strip(" #"):
            continue  # 三、 alone: the first line of a label printed a character per line
        markdown = text.lstrip().startswith("#")
        key = label_key(text)
        kind = None
        for name, keys in SECTION_KEYS.items():
            if any(k in key and len(key) <= len(k) + 12 for k in (label_key(x) for x in keys)):
                kind = name
                break
        if match or (markdown and kind) or (kind and len(key) <= 24):
            out.append(Heading(index, kind, match.group(1) if match else None, text))
    return out


@attrs.frozen
class Regions:
    """Row ranges [start, end) of the three tables (None when not found)."""

    proactive: tuple[int, int] | None
    applications: tuple[int, int] | None
    review: tuple[int, int] | None
    #: Where the tables end: the first row of section 五 or 六 after them.
    after: int


def find_regions(rows: Sequence[Row], headings: Sequence[Heading]) -> Regions:
    n = len(rows)

    def first(kind: str, after: int = 0) -> int | None:
        for h in headings:
            if h.kind == kind and h.index >= after:
                return h.index
        return None

    t3 = first("applications_table")
    if t3 is None:
        t3 = _first_row(rows, _is_table3_anchor)
    t2 = first("proactive_table")
    if t2 is None or (t3 is not None and t2 > t3):
        t2 = _first_row(rows, _is_table2_anchor, stop=t3)
    t4 = first("review_table", t3 or 0)
    if t4 is None:
        t4 = _first_row(rows, _is_table4_anchor, start=t3 or 0)
    tail_start = max(x for x in (t2, t3, t4, 0) if x is not None)
    after = n
    tables = ("proactive_table", "applications_table", "review_table")
    for h in headings:
        if h.kind is None and _flattened_width(h.text, rows_only=True) is not None:
            continue  # a row's label on a line of its own (一、本年新收政府信息公开申请数量)
        if h.index > tail_start and h.kind not in tables and (h.number is not None or h.kind is not None):
            after = h.index
            break
    bounds = sorted(x for x in (t2, t3, t4) if x is not None)

    def region(start: int | None) -> tuple[int, int] | None:
        if start is None:
            return None
        later = [b for b in bounds if b > start]
        end = min(later[0] if later else after, after) if start < after else n
        return (start, max(end, start + 1))

    return Regions(region(t2), region(t3), region(t4), after)


def _first_row(rows: Sequence[Row], test: object, start: int = 0, stop: int | None = None) -> int | None:
    end = len(rows) if stop is None else stop
    for i in range(start, end):
        if test(rows[i]):  # type: ignore[operator]
            return i
    return None


def _is_table2_anchor(row: Row) -> bool:
    key = label_key(row.text)
    if "第二十条第一项" in key or "本年制发件数" in key or "本年新制作数量" in key or "第二十条" in key:
        return True
    # a garbled page: the first row of the table, 规章 and its figures
    observed = split(row)
    return label_key(observed.label) == "规章" and len(observed.values) >= 2


def _is_table3_anchor(row: Row) -> bool:
    key = label_key(row.text)
    if "申请人情况" in key or "本年新收政府信息公开申请数量" in key:
        return True
    # a garbled page: a row of figures under a label that resembles a row of Table 3
    observed = split(row)
    if len(observed.values) < 5 or not observed.label:
        return False
    rows = table3(Template.GB2021).rows
    return any(m.index < 3 for m in match_label(observed.label, [r.keys for r in rows]))


def _is_table4_anchor(row: Row) -> bool:
    key = label_key(row.text)
    return ("结果维持" in key and "结果纠正" in key) or ("未经复议直接起诉" in key) or len(split(row).values) == 15


# --------------------------------------------------------------------------- rows as labels and values


@attrs.define
class Observed:
    """A row of a table region: its label text and its values, in order."""

    index: int
    row: Row
    label: str
    labels: list[Piece]
    values: list[Piece]
    #: The grid columns of ``values`` (grid rows), to map them by the table's headings.
    value_columns: list[int] = attrs.Factory(list)
    #: Grid rows: what the header rows above print over each value column.
    header: dict[int, str] = attrs.Factory(dict)
    #: Grid rows: cells of value columns that print words (a header row's headings).
    headings: int = 0
    #: The row's cells are in their places (a grid, a pipe or tab row, a flattened row
    #: whose empty lines stood for blanks): an empty cell is a blank cell.
    placed: bool = False
    #: Grid rows: the first column taken for figures (this grid column) when it is empty
    #: in every row of the grid and no heading stands over it: it may be an empty column
    #: between the labels and the figures (as markitdown sets a page's words into
    #: columns), every figure a column off, or a column of figures printed all blank.
    unheaded: int | None = None
    #: A cell of the row holds several figures (``/ 999999``) that could not be told
    #: apart for sure: the row's cells do not stand one per column.
    joined: bool = False


def split(row: Row, value_columns: frozenset[int] | None = None) -> Observed:
    """A row's label pieces and value pieces."""
    labels: list[Piece] = []
    values: list[Piece] = []
    columns: list[int] = []
    headings = 0
    if row.grid:
        for piece, (first, _last), carried in zip(row.pieces, row.spans, row.carried, strict=True):
            in_values = value_columns is not None and first in value_columns
            if in_values:
                if not _value_like(piece.text):
                    headings += 1  # a heading over the figures, or a cell of text in a row of figures
                if not carried:
                    values.append(piece)
                    columns.append(first)
            elif piece.text.strip():
                labels.append(piece)
    elif row.cells and not any(p.text.strip() for p in row.pieces):
        values = list(row.pieces)  # a row of empty cells: blank cells (Table 4 printed blank)
    elif row.cells and _pipe_header(row):
        labels = [p for p in row.pieces if p.text.strip()]  # a header row: no blank cell in it
    elif row.cells:
        # cells in their places: after the label, an empty cell is a blank cell
        started = False
        leading: list[Piece] = []  # empty cells before anything: blanks if no label follows
        for piece in row.pieces:
            text = piece.text.strip()
            if not started and not labels and not text:
                leading.append(piece)
                continue
            if started or is_value_token(text) or (labels and not text):
                if not started and not labels:
                    values.extend(leading)
                started = True
                if text and not is_value_token(text) and not re.match(r"\d[\d,.]*\s*[（(]", text):
                    # text after the figures: a label a conversion moved, or a note; a
                    # figure with words after it (55（含自然失效29, its note cut where a
                    # converter broke the line) is a cell of figures in its place
                    labels.append(piece)
                    continue
                values.append(piece)
            elif text:
                labels.append(piece)
    else:
        for piece in row.pieces:
            (values if is_value_token(piece.text) else labels).append(piece)
        if _narrative_line(row.line, "".join(p.text for p in labels)):
            labels, values = row.pieces, []
    label = "".join(p.text for p in labels)
    placed = row.grid or row.cells
    return Observed(-1, row, label, labels, values, columns, headings=headings, placed=placed)


def _pipe_header(row: Row) -> bool:
    """A pipe or tab row of headings whose merged cells a converter wrote out as empty
    cells (行政复议 | | | | | 行政诉讼): words after an empty cell that follows words, and no
    figure or marker anywhere. Its empty cells are a span's padding, not blank figures."""
    texts = [p.text.strip() for p in row.pieces]
    if any(t and is_value_token(t) for t in texts):
        return False
    seen_words = seen_gap = False
    for text in texts:
        if text and seen_gap:
            return True
        if text:
            seen_words = True
        elif seen_words:
            seen_gap = True
    return False


def _narrative_line(line: str, label: str) -> bool:
    """A sentence of the narrative, not a row of a table: it ends a sentence, a figure in
    it is a date or a count with its unit (2024 年, 34 件), or its words are too many for
    a row's label."""
    folded = fold(line).replace("\ufffd", "")
    if re.search(r"[。；;！？]", folded):
        return True
    if re.search(r"\d\s*(?:年|月|日|号|时)", folded):
        return True
    return len(label_key(label)) > 48


def _value_columns(grid: Sequence[Row]) -> frozenset[int]:
    """Grid columns that hold figures: a column with a number in some row that has a label."""
    out: set[int] = set()
    for row in grid:
        for piece, (first, _last), carried in zip(row.pieces, row.spans, row.carried, strict=True):
            if not carried and piece.text.strip() and _numeric(piece.text):
                out.add(first)
    # the value columns run from the first after the labels of the rows that hold figures
    # to the grid's last (a column printed all blank, as 复议后起诉 often is, is still a
    # column of figures)
    width = max(row.width for row in grid)
    if out:
        first_figure = min(out)
        label_ends = [
            last
            for row in grid
            for piece, (first, last), carried in zip(row.pieces, row.spans, row.carried, strict=True)
            if first < first_figure and piece.text.strip() and not _value_like(piece.text)
            and any(_numeric(p.text) for p in row.pieces)
        ]  # fmt: skip
        # no label beside the figures (Table 4's row of fifteen): every column is a figure's
        start = min(first_figure, max(label_ends) + 1) if label_ends else 0
        return frozenset(range(start, max(width, max(out) + 1)))
    if not out:
        # no figure at all (every cell printed blank): the columns right of the labels of
        # the tables' rows, or, under no such label (Table 4), every column
        ends = [
            last
            for row in grid
            for piece, (_first, last), carried in zip(row.pieces, row.spans, row.carried, strict=True)
            if not carried
            and len(label_key(piece.text)) > 2  # 其他, 总计 are also column headings
            and _flattened_width(piece.text, rows_only=True) is not None
        ]
        return frozenset(range(max(ends) + 1 if ends else 0, width))
    return frozenset()


def _value_like(text: str) -> bool:
    """What a value cell of a grid may hold: a figure, a blank, a marker, a note beside a figure."""
    return not text.strip() or _numeric(text) or marker(text) is not None


def _numeric(text: str) -> bool:
    s = squeeze(text)
    # a zero written as a character (零, 〇) is a figure too; no other numeral alone is
    # (三 may be the first character of a label printed a character a line)
    return s in ZERO_WORDS or bool(
        re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?(?:件|万元|元|个|项)?|[+-]?[\d,]+(?:\.\d+)?[（(].*", s)
    )


def _header_text(grid: Sequence[Row], column: int, stop: int) -> str:
    """What the header rows (before ``stop``) print over a grid column."""
    parts: list[str] = []
    for row in grid[:stop]:
        for piece, (first, last) in zip(row.pieces, row.spans, strict=True):
            if first <= column <= last and piece.text.strip() and piece.text not in parts:
                parts.append(piece.text)
    return "".join(parts)


def _regrid(rows: Sequence[Row]) -> list[list[Row]]:
    """Consecutive rows of one grid table together; every line on its own."""
    out: list[list[Row]] = []
    for row in rows:
        if row.grid and out and out[-1][0].grid and out[-1][0].table == row.table:
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _without_padding(group: list[Row]) -> list[Row]:
    """A grid table without the columns that are empty in every row, headings included (a
    page's layout column before or after the table's own: 16 cells for Table 4's 15), the
    cells after them moved up. Only a whole table, its headings printed: not a PDF's (a
    table continued on the next page has no headings there) nor a fragment's, where a
    column of blank figures would look the same."""
    width = max((r.width for r in group), default=0)
    if width < 2 or len(group) < 2 or any(r.page is not None for r in group):
        return group
    heads = list(itertools.takewhile(lambda r: not any(_numeric(p.text) for p in r.pieces if p.text.strip()), group))
    figures = {
        c
        for row in group
        for piece, (first, last) in zip(row.pieces, row.spans, strict=True)
        if piece.text.strip() and _numeric(piece.text)
        for c in range(first, last + 1)
    }
    if not any(
        sum(1 for p in r.pieces if p.text.strip()) >= 2
        and any(
            piece.text.strip() and figures.intersection(range(first, last + 1))
            for piece, (first, last) in zip(r.pieces, r.spans, strict=True)
        )
        for r in heads
    ):
        # no headings over the figures (rows of labels with blank cells above the first
        # figure are rows, as where a table goes on after a break): a fragment of a
        # table, whose blank column is a column
        return group
    filled = [False] * width
    for row in group:
        for piece, (first, last) in zip(row.pieces, row.spans, strict=True):
            if piece.text.strip():
                for c in range(first, min(last, width - 1) + 1):
                    filled[c] = True
    empty = [c for c in range(width) if not filled[c]]
    if not empty or len(empty) == width:
        return group
    moved = [c - sum(1 for e in empty if e < c) for c in range(width)]
    out = []
    for row in group:
        pieces, spans, carried = [], [], []
        for piece, (first, last), carry in zip(row.pieces, row.spans, row.carried, strict=True):
            kept = [c for c in range(first, min(last, width - 1) + 1) if filled[c]]
            if not kept:
                continue  # a cell of padding only
            pieces.append(piece)
            spans.append((moved[kept[0]], moved[kept[-1]]))
            carried.append(carry)
        out.append(attrs.evolve(row, pieces=pieces, spans=spans, carried=carried, width=width - len(empty)))
    return out


def _without_padding_cells(rows: Sequence[Row]) -> list[Row]:
    """Pipe or tab rows of one table that all begin (or all end) with an empty cell, header
    rows included: that cell is layout (a converter's leading pipe), not a blank figure."""
    out = list(rows)
    for kept, k, end in runs(out, lambda r: r.cells and not r.grid and r.pieces):
        if not kept:
            continue
        run = out[k:end]
        heads = itertools.takewhile(lambda r: not any(_numeric(p.text) for p in r.pieces if p.text.strip()), run)
        headed = any(sum(1 for p in r.pieces if p.text.strip()) >= 2 for r in heads)
        if len(run) >= 2 and headed:
            for edge in (0, -1):
                if all(len(r.pieces) >= 2 and not r.pieces[edge].text.strip() for r in run):
                    run = [attrs.evolve(r, pieces=r.pieces[1:] if edge == 0 else r.pieces[:-1]) for r in run]
            out[k:end] = run
    return out


def observe(
    rows: Sequence[Row], start: int, template: Template | None = None, *, boxed: bool = False
) -> tuple[list[Observed], dict[int, dict[int, str]]]:
    """Every row of a region split into labels and values; a grid row also gets the
    header text over each of its value columns (from the nearest header rows above it,
    or those of the grid before, for a table continued on the next page)."""
    observed: list[Observed] = []
    headers: dict[int, dict[int, str]] = {}
    previous: dict[int, str] = {}
    rows = _without_padding_cells(rows)
    # a page's running header (the report's title over each page) inside the table is no
    # row of it: among a cell per line it would start a row
    index_of = {id(row): start + i for i, row in enumerate(rows)}
    rows = [row for row in rows if not _running_header(row)]
    for group in _regrid(rows):
        indexes = [index_of[id(row)] for row in group]
        if group[0].grid:
            group = _without_padding(group)
            columns = _value_columns(group)
            header_rows: list[Row] = []
            in_header = True
            header: dict[int, str] = {}
            for row, index in zip(group, indexes, strict=True):
                obs = split(row, columns)
                obs.index = index
                # a header row prints headings over the value columns and no figure; a
                # row of blank cells under a label is a row of the table
                if not _has_number(obs) and (obs.headings or not obs.values):
                    if not in_header:
                        header_rows = []
                    in_header = True
                    header_rows.append(row)
                    obs.values = []
                    obs.value_columns = []
                else:
                    if in_header:
                        header = {c: _header_text(header_rows, c, len(header_rows)) for c in sorted(columns)}
                        if not any(header.values()) and previous and len(previous) == len(header):
                            header = dict(previous)
                        in_header = False
                    obs.header = header
                    previous = header or previous
                observed.append(obs)
            _unheaded_columns(observed[len(observed) - len(group) :])
            headers[group[0].table or 0] = previous
        else:
            obs = split(group[0])
            obs.index = indexes[0]
            observed.append(obs)
    for obs in observed:
        if _WORDS_ROW.search(fold(obs.label)) and not _has_number(obs):
            # words in a row of the table's cells (注：…, 填报单位：…, a sentence), not a row
            # of blank figures
            obs.values, obs.value_columns, obs.placed = [], [], False
    return _merge_flattened(observed, template, boxed=boxed), headers


def _unheaded_columns(grid: Sequence[Observed]) -> None:
    """Columns of figures of one grid that are empty in every row and have no heading over
    them: between columns with headings, a converter's empty column (as markitdown sets a
    page's words into columns of its own, or a heading merged over two columns), left out
    of the rows; where no column has a heading, the first such column is noted on the
    rows (:attr:`Observed.unheaded`): it may be such a column or one of figures printed
    all blank."""
    rows = [obs for obs in grid if obs.value_columns]
    if not rows:
        return
    columns = sorted({c for obs in rows for c in obs.value_columns})

    def empty(column: int) -> bool:
        return all(
            not obs.header.get(column, "").strip()
            and (column not in obs.value_columns or not obs.values[obs.value_columns.index(column)].text.strip())
            for obs in rows
        )

    spare = [c for c in columns if empty(c)]
    if not spare:
        return
    headed = [c for c in columns if any(obs.header.get(c, "").strip() for obs in rows)]
    if headed:
        # only between headed columns: one printed all blank past the headings a page's
        # grid repeats (复议后起诉, often all blank) is a column of figures
        inside = {c for c in spare if headed[0] < c < headed[-1]}
        for obs in rows:
            kept = [k for k, c in enumerate(obs.value_columns) if c not in inside]
            obs.values = [obs.values[k] for k in kept]
            obs.value_columns = [obs.value_columns[k] for k in kept]
        return
    if spare[0] == columns[0]:
        for obs in rows:
            obs.unheaded = columns[0]


def _printed(obs: Observed) -> bool:
    """A line that prints something: words, figures or a grid's cells (no empty line)."""
    return bool(obs.labels or obs.values or obs.row.grid)


def _running_header(row: Row) -> bool:
    """A line that heads a page, not a row of a table: the report's title, no figure."""
    return not row.grid and not row.cells and running_header(row.text) and not split(row).values


#: A table's note: 注：…, 备注：…, 说明：….
_NOTE = re.compile(r"^\s*[（(]?(?:注|备注|说明)\s*[:：]")
#: Words a table prints in a row of its own that are no row of it: a note, a field and its
#: value (填报单位：…, 单位：件, 数据来源：…), a sentence.
_WORDS_ROW = re.compile(_NOTE.pattern + r"|^\s*(?!其中)[\u4e00-\u9fff]{1,8}\s*[:：]|。")


def _merge_flattened(
    observed: list[Observed], template: Template | None = None, *, boxed: bool = False
) -> list[Observed]:
    """A table flattened to one cell per line (a label, then its figures one per line):
    the figures joined to the label they stand under. Only under a label that names a row
    of the tables, and only lines that hold one figure and nothing else. Empty lines among
    them are blank cells only when, counted so, the row has exactly its table's width, and
    the region is not written as text boxes: ``boxed``, or a row's label left standing
    under another's, an empty line apart (a copy writing each blank cell as an empty line
    gives every row its own; text boxes stack the labels of a table's rows)."""
    merged, stacks = _merge_flattened_once(observed, template, boxed=boxed)
    if boxed or all(_printed(obs) for obs in observed):
        return merged
    if not stacks:
        for k, obs in enumerate(merged):
            if not obs.label or obs.row.grid:
                continue
            widths = _flattened_widths(obs.label, template)
            if widths and _stacked_label(merged[:k], widths, template, apart=False):
                stacks = True
                break
    return _merge_flattened_once(observed, template, boxed=True)[0] if stacks else merged


def _merge_flattened_once(
    observed: list[Observed], template: Template | None, *, boxed: bool
) -> tuple[list[Observed], bool]:
    """:func:`_merge_flattened`, the region's empty lines read as ``boxed`` says; and
    whether a stack of several rows' labels was read with its figures column by column."""
    observed, stacks = _merge_columns(observed, template, boxed=boxed)
    out: list[Observed] = []
    i = 0
    while i < len(observed):
        obs = observed[i]
        widths = set() if obs.row.grid or obs.values or not obs.label else _flattened_widths(obs.label, template)
        if not widths:
            out.append(obs)
            i += 1
            continue
        paired = _labels_then_figures(observed, i, template) if widths == {1} else None
        if paired is not None:
            pairs, i = paired
            out.extend(attrs.evolve(label, values=[_boxed(figure, boxed)], placed=True) for label, figure in pairs)
            continue
        j = i + 1
        run: list[Piece | None] = []  # None: an empty line
        sure = True  # every empty line of the run is an empty cell (a lone pipe)
        asides: list[Observed] = []
        while j < len(observed):
            nxt = observed[j]
            if _aside(observed, j, {w - len(run) for w in widths if w > len(run)}, template):
                asides.append(nxt)  # a page's header among a row's figures: kept after the row
                j += 1
                continue
            if nxt.row.grid or nxt.labels or len(nxt.values) > 1:
                break
            if nxt.values or not boxed:  # an empty line parting text boxes is no blank cell
                run.append(nxt.values[0] if nxt.values else None)
                sure = sure and (bool(nxt.values) or nxt.row.lone_pipe)
            j += 1
        figures = [p for p in run if p is not None]
        values = figures
        placed = False
        if _stacked_label(out, widths, template, apart=not boxed):
            # under a stack of labels whose rows took no figure, an empty line apart (a
            # table written labels first, then its figures column by column, a box per
            # column, an empty line after each, a blank cell printing nothing): the
            # figures may be the stack's, a column's worth (行政处罚 / 行政强制 / 22 read
            # 强制 22 where 处罚 printed it; 规章 / 行政规范性文件 / 22 / 34 read 22, 34 and
            # a blank): none is the row's for sure
            values = []
        elif len(figures) not in widths:
            for candidate in _blank_readings(run, sure):
                if len(candidate) in widths:
                    values = [p if p is not None else Piece("") for p in candidate]
                    placed = True
                    break
        if values:
            values = [_boxed(p, boxed) for p in values]
            out.append(attrs.evolve(obs, values=values, placed=placed or len(values) in widths))
            out.extend(asides)
            i = j
        else:
            out.append(obs)
            i += 1
    return out, stacks


def _boxed(piece: Piece, boxed: bool) -> Piece:
    """A figure that stood on a line of its own, in text boxes: its order is the boxes',
    in doubt unless its reader judged it."""
    return attrs.evolve(piece, unordered=True) if boxed and piece.unordered is None and piece.text.strip() else piece


def _stacked_label(out: Sequence[Observed], widths: set[int], template: Template | None, *, apart: bool = True) -> bool:
    """Whether the last line before a row's label that is not empty is another row's
    label, of a row as wide, that took no figures (``apart``: with an empty line between
    them that is no cell, a lone pipe): not a column's heading (其他) or a group's label
    (（六）其他处理, over its rows). A copy that writes a blank cell as an empty line gives
    the row above its empty lines; one that writes nothing for it has no empty line at
    all, and there a label alone is a row of blanks."""
    if not widths or 15 in widths:
        return False  # Table 4's headings stand stacked over its figures
    gap = not apart
    above = None
    for o in reversed(out):
        if _printed(o):
            above = o
            break
        gap = gap or not o.row.lone_pipe
    return (
        gap
        and above is not None
        and not above.row.grid
        and not above.values
        and bool(above.label)
        and label_key(above.label) not in _column_words()
        and not any(k in label_key(above.label) for keys in _t3_groups(Template.GB2021).values() for k in keys)
        and _flattened_widths(above.label, template) == widths
    )


@functools.cache
def _column_words() -> frozenset[str]:
    """What Table 3 prints over its columns (其他, 总计, …): over the rows, no row's label."""
    return frozenset(
        k
        for t in (Template.GB2019, Template.GB2021)
        for c in (*table3(t).columns, table3(t).subtotal_column)
        for k in c.keys
    )


def _blank_readings(run: list[Piece | None], sure: bool) -> list[list[Piece | None]]:
    """The ways to read the empty lines under a flattened row's label (None) as its blank
    cells, likeliest first: all of them, then without those before its first figure (a
    break after the label). Where every empty line was a lone pipe (an empty cell for
    sure), none before the first figure is left out, and one, two, … of those after its
    last figure may be the pad of a row short of the table's widest row; elsewhere an
    empty line after the figures is no pad (the lone pipe that starts a row of a table
    written a cell per line between lone pipes stands before its first empty cell, and
    dropping one at the end would move every figure a column)."""
    if not sure:
        lead = next((k for k, p in enumerate(run) if p is not None), len(run))
        return [run, run[lead:]]
    tail = len(run) - next((k for k, p in enumerate(reversed(run)) if p is not None), len(run))
    return [run[:end] for end in range(len(run), tail - 1, -1)]


def _labels_then_figures(
    observed: Sequence[Observed], i: int, template: Template | None
) -> tuple[list[tuple[Observed, Piece]], int] | None:
    """Rows of one figure each written as their labels one per line, then their figures
    one per line in the same order (行政处罚 / 行政强制 / 2776 / 84: a converter that reads a
    table column by column): each label with its figure, and where the lines end. Only
    as many figures as labels, with no figure after them."""
    lines = [k for k in range(i, len(observed)) if _printed(observed[k])]
    labels: list[int] = []
    for k in lines:
        obs = observed[k]
        if obs.row.grid or obs.values or _flattened_widths(obs.label, template) != {1}:
            break
        labels.append(k)
    if len(labels) < 2:
        return None
    rest = lines[len(labels) :]
    figures = rest[: len(labels)]
    if len(figures) < len(labels) or any(
        observed[k].row.grid or observed[k].labels or len(observed[k].values) != 1 for k in figures
    ):
        return None
    after = rest[len(labels) : len(labels) + 1]
    if after and not observed[after[0]].labels and observed[after[0]].values:
        return None  # a figure more: not this layout
    pairs = [(observed[a], observed[b].values[0]) for a, b in zip(labels, figures, strict=True)]
    return pairs, figures[-1] + 1


#: A label that opens a row of Table 3 by its number: 一、, （一）, 1.
_ROW_NUMBER = re.compile(r"^\s*(?:[一二三四]\s*[、.．]|[（(][一二三四五六七][)）]|\d{1,2}\s*[.．、])")


def _merge_columns(observed: list[Observed], template: Template | None, *, boxed: bool) -> tuple[list[Observed], bool]:
    """Tables written as their rows' labels, then their figures column by column: each
    stack of label lines (from the line after the last figure) with the figures after it,
    where they read so (:func:`_labels_then_columns`; a row alone only in text boxes);
    and whether a stack of several rows was read so (no other copy of a table writes
    several rows' labels, then as many rows' figures)."""
    stacks = False
    out: list[Observed] = []
    i = 0
    previous: Observed | None = None  # the last line that is not empty
    while i < len(observed):
        obs = observed[i]
        if (
            obs.labels
            and not obs.values
            and not obs.row.grid
            and (previous is None or previous.values or previous.row.grid)
        ):
            columns = _labels_then_columns(observed, i, template, boxed=boxed)
            if columns is not None:
                read, i = columns
                out.extend(read)
                rows = [o for o in read if o.values]
                stacks = stacks or len(rows) > 1
                previous = rows[-1]
                continue
        out.append(obs)
        if _printed(obs):
            previous = obs
        i += 1
    return out, stacks


def _labels_then_columns(
    observed: Sequence[Observed], i: int, template: Template | None, *, boxed: bool = False
) -> tuple[list[Observed], int] | None:
    """Rows of several figures written as their labels one per line, then every figure on
    a line of its own, column by column (pdfminer, and the converters built on it, write a
    ruled table so: a column's cells one text box, the boxes in an order of their own, each
    page's part of the table apart): the lines of the stack of labels from ``i`` with each
    row's figures, and where they end. Only where the figures are exactly as many as the
    rows times the table's width, every one alone on its line.

    The columns' order is the boxes' order, which is not the table's for sure (the real
    page this was found on wrote Table 3's total sixth of seven). Table 3's total column
    is the one that is the sum of the others in every row (two such are equal), so it is
    sure; a figure of another column is doubted (``unordered``) unless its row prints the
    same figure in all of them, where no order could change it. Table 2 has no such sum:
    a row's figures are doubted unless they are all the same."""
    lines = (k for k in range(i, len(observed)) if _printed(observed[k]))
    labels: list[int] = []
    figures: list[int] = []  # the lines of one figure each after the labels
    for k in lines:
        obs = observed[k]
        if obs.row.grid or (figures and (obs.labels or len(obs.values) != 1)):
            if obs.values and not obs.row.grid:
                return None  # a line of several figures, or words and figures, next: not this layout
            break
        if not obs.values:
            labels.append(k)
        elif obs.labels or len(obs.values) != 1:
            return None
        else:
            figures.append(k)
    run = len(figures)
    if run < 2:
        return None
    found = _column_rows([observed[k] for k in labels], template)
    if found is None:
        return None
    rows, width, total = found
    n = len(rows)
    if n < (1 if boxed else 2) or width < 2 or run != n * width:
        return None  # one row's figures in a row are any flattened row's, but in text boxes
    pieces = [observed[k].values[0] for k in figures]
    blocks = [pieces[c * n : (c + 1) * n] for c in range(width)]
    sure: set[int] = set()
    if total:
        ordered = _total_last(blocks)
        if ordered is None or _adds_up_by_rows(pieces, width, ordered):
            return None
        blocks, sure = ordered, {width - 1}
    row_of = {labels[p]: r for r, p in enumerate(rows)}
    taken = set(figures)
    read: list[Observed] = []
    for k in range(i, figures[-1] + 1):
        obs = observed[k]
        if k not in row_of:
            if k not in taken:
                read.append(obs)  # the other lines of the stack, and the empty ones
            continue
        row = [blocks[c][row_of[k]] for c in range(width)]
        # a row alone: its figures might be any row's, a sum of seven proves little
        doubtful = n == 1 or len({p.text.strip() for c, p in enumerate(row) if c not in sure}) > 1
        values = [attrs.evolve(p, unordered=doubtful and c not in sure) for c, p in enumerate(row)]
        read.append(attrs.evolve(obs, values=values, placed=True))
    return read, figures[-1] + 1


def _column_rows(labels: Sequence[Observed], template: Template | None) -> tuple[list[int], int, bool] | None:
    """Of the label lines before a table's figures written column by column: which are
    rows (positions in ``labels``), the table's width, and whether it is Table 3 (whose
    total column can be told by its sums).

    Table 2: from the first line naming a row of Table 2, every line naming one, all of
    one width; the others name nothing (the block's headings). Table 3: from the first
    line that opens a row by its number (一、, （一）, 1.) and names it, every line that
    opens a row by its number and names it, or names nothing with its words broken
    (2.其他法律行政止公开); a group's label is one only when none of the group's rows is
    named (（六）其他处理 printed as one row). Other lines are the rest of a wrapped label,
    a heading printed a character or a few a line (三、本年 / 度办理结 / 果), or a column's
    heading (其他), and no row."""
    if template is not None and template is not Template.LEGACY:
        spec = table3(template)
        named = [_t3_row_named(obs.label, spec) for obs in labels]
        numbered = [bool(_ROW_NUMBER.match(fold(obs.label))) for obs in labels]
        first = next((p for p, name in enumerate(named) if name is not None and numbered[p]), None)
        if first is not None:
            groups = {spec.rows[name].group for name in named[first:] if isinstance(name, int)}
            rows: list[int] = []
            for p in range(first, len(labels)):
                name = named[p]
                if not numbered[p]:
                    continue
                if isinstance(name, str):
                    if name not in groups:
                        rows.append(p)
                elif name is not None or (
                    _flattened_widths(labels[p].label, template) <= {7}
                    and not _heading_start(labels[p].label, template)
                ):
                    rows.append(p)
            return rows, 7, True
    widths = [_flattened_widths(obs.label, template) for obs in labels]
    first = next((p for p, w in enumerate(widths) if w and not w & {7, 15}), None)
    if first is None or any(w and w != widths[first] for w in widths[first:]) or len(widths[first]) != 1:
        return None
    (width,) = widths[first]
    return [p for p in range(first, len(labels)) if widths[p]], width, False


def _heading_start(label: str, template: Template) -> bool:
    """Whether a numbered line naming no row of Table 3 is a heading cut short (三、, 三、本年,
    （三）不予: a merged cell's words wrapped), not a row whose words were broken."""
    key = label_key(label)
    return len(key) < 2 or any(k.startswith(key) or key in k for keys in _t3_groups(template).values() for k in keys)


def _total_last(blocks: list[list[Piece]]) -> list[list[Piece]] | None:
    """Table 3's columns as written column by column, the total column moved last: the
    one that is the sum of the others in every row (the last such: all such are equal, the
    others then all 0). None when no column is, or a figure is no number."""
    numbers = [[_number(p) for p in block] for block in blocks]
    if any(v is None for block in numbers for v in block):
        return None
    sums = [sum(v or 0 for v in values) for values in zip(*numbers, strict=True)]
    for c in range(len(numbers) - 1, -1, -1):
        if all(2 * (v or 0) == s for v, s in zip(numbers[c], sums, strict=True)):
            # the last such (all such are equal): where the table prints its total
            return [*blocks[:c], *blocks[c + 1 :], blocks[c]]
    return None


def _adds_up_by_rows(pieces: Sequence[Piece], width: int, blocks: Sequence[Sequence[Piece]]) -> bool:
    """Whether the figures, read row by row instead, add up in every row too (each row's
    last the sum of the others) to a table other than ``blocks``: no telling which."""
    if not _totals_last(width)([_number(p) or 0 for p in pieces]):
        return False
    rows = [pieces[r : r + width] for r in range(0, len(pieces), width)]
    by_columns = [[blocks[c][r].text.strip() for c in range(width)] for r in range(len(rows))]
    return [[p.text.strip() for p in row] for row in rows] != by_columns


def _aside(observed: Sequence[Observed], j: int, missing: set[int], template: Template | None) -> bool:
    """Whether line ``j``, among the cells of a row flattened to one cell per line that
    still lacks ``missing`` cells, is words standing aside (a page's running header where
    the page broke inside the row): words only, naming no row or heading of the tables,
    the row going on after it (empty lines for blank cells, then a lone figure; or just
    as many empty lines as it lacks)."""
    obs = observed[j]
    if not missing or obs.row.grid or obs.values or not obs.labels:
        return False
    empty = 0
    for after in observed[j + 1 :]:
        if after.row.grid or after.labels or after.values:
            break
        empty += 1
    else:
        after = None
    goes_on = after is not None and not after.row.grid and not after.labels and len(after.values) == 1
    if not goes_on and empty not in missing:
        return False
    text = fold(obs.label)
    if _flattened_widths(obs.label, template) or _HEADING_NUMBER.match(text) or _SUBHEADING.match(text):
        return False
    # a numbered label cut short (2.其, as text copied from a narrow column has it) is a row
    return not re.search(r"[。，,；;：:（()）]", text) and not re.match(r"\s*\d+\s*[.．、]", text)


def _flattened_widths(label: str, template: Template | None = None) -> set[int]:
    """The numbers of figures a row under this label may print (Table 2's rows differ by
    template: the template's own when it is known), when the label names a row for sure."""
    width = _flattened_width(label)
    if width is None:
        return set()
    if width == 15 or width == 7:
        return {width}
    entries = _all_row_keys()
    top = [m for m in match_label(label, [k for k, _, _ in entries], fuzzy=False) if not m.fuzzy]
    best = top[0].score
    chosen = [entries[m.index] for m in top if m.score == best]
    own = {w for _, w, t in chosen if t is template}
    return own or {w for _, w, _ in chosen}


def _flattened_width(label: str, *, rows_only: bool = False) -> int | None:
    """The number of figures a row under this label prints, when the label names a row for
    sure (``rows_only``: a row of Table 2 or 3, not Table 4's last heading)."""
    key = label_key(label)
    if key in ("总计", "合计") and re.match(r"^\s*[（(]七[)）]", fold(label)):
        return 7  # （七）总计 of Table 3
    if key in ("总计", "合计", "尚未审结"):
        return None if rows_only else 15  # the last heading over Table 4's figures
    matches = [m for m in match_label(label, [k for k, _, _ in _all_row_keys()], fuzzy=False) if not m.fuzzy]
    if not matches:
        return None
    return _all_row_keys()[matches[0].index][1]


@functools.cache
def _all_row_keys() -> list[tuple[tuple[str, ...], int, Template]]:
    """The keys of every row of Tables 2 and 3 (both templates), with its width and template."""
    keys = [(r.keys, 7, t) for t in (Template.GB2019, Template.GB2021) for r in table3(t).rows]
    keys += [(r.keys, len(r.columns), t) for t in (Template.GB2019, Template.GB2021) for b in table2(t) for r in b.rows]
    return keys


def _heading_and_notes(result: TableResult, observed: Sequence[Observed], word: str, *, notes: bool = True) -> None:
    """The table's heading as printed (a line among its first naming it) and its notes (注：…)."""
    for obs in observed[:3]:
        if not obs.row.grid and word in label_key(obs.row.text):
            result.heading = obs.row.text.strip().lstrip("#").strip()
            break
    if not notes:
        return
    for obs in observed:
        text = obs.row.text.strip()
        if obs.row.grid or obs.row.cells:
            # a note in a row of the table's own, alone in its cells (注：… under the last row)
            cells = {p.text.strip() for p in obs.row.pieces if p.text.strip()}
            if len(cells) != 1:
                continue
            text = cells.pop()
        if _NOTE.match(fold(text)):
            result.notes.append(text)


def _has_number(obs: Observed) -> bool:
    return any(_numeric(p.text) for p in obs.values)


# --------------------------------------------------------------------------- shared placement


_CONFIDENCE_LABEL = 0.98
_CONFIDENCE_ORDER_COLUMNS = 0.96
_CONFIDENCE_ORDER_ROW = 0.9
_CONFIDENCE_FUZZY = 0.7
#: Figures of a row the source ends in, read from its first column.
_CONFIDENCE_CUT = 0.9
FLAG_BELOW = 0.8


def _place(
    result: TableResult,
    pointer: str,
    piece: Piece,
    kind: CellKind,
    confidence: float,
    placement: Placement,
    doubts: Iterable[str] = (),
    money_unit: MoneyUnit | None = None,
) -> Read:
    read = read_cell(piece.text, kind, money_unit=money_unit)
    notes = list(doubts)
    if piece.unordered:
        notes.append("extract.boxes_unordered")
        confidence = min(confidence, 0.6)
    if read.doubt:
        notes.append(read.doubt)
        confidence = min(confidence, 0.6)
    if "\n" in piece.text.strip() and re.fullmatch(r"[\d,]+\n[\d,]+", piece.text.strip()):
        notes.append("extract.split_number")
        confidence = min(confidence, 0.6)
    before = result.cells.get(pointer)
    printed = before.piece.text.strip() if before is not None and before.piece is not None else ""
    if before is not None and printed != piece.text.strip():
        # two rows of the source give this cell: an empty cell never hides a printed one
        # (a row of empty cells closing a table, as Word writes to set its columns'
        # widths); two printed ones that differ cannot both be right: the first stays,
        # doubted
        if not piece.text.strip():
            return read
        if printed:
            if "extract.conflicting_rows" not in before.doubts:
                before.doubts.append("extract.conflicting_rows")
            return read
    result.cells[pointer] = Placed(pointer, read.value, piece, confidence, placement, notes)
    return read


def _column_map(
    header: dict[int, str], specs: Sequence[ColumnSpec], strip_words: Sequence[str] = ()
) -> dict[int, ColumnSpec] | None:
    """Grid value columns mapped to template columns by their headings, when every
    heading names exactly one distinct column."""
    mapping: dict[int, ColumnSpec] = {}
    for column, text in header.items():
        key = label_key(text)
        for word in strip_words:
            key = key.replace(word, "")
        if not key:
            return None
        # the most specific key that ends the heading wins (法人或其他组织 · 其他 is 其他)
        best: tuple[int, ColumnSpec] | None = None
        for spec in specs:
            for k in spec.keys:
                if k and k in key:
                    score = len(k) + (100 if key.endswith(k) else 0)
                    if best is None or score > best[0]:
                        best = (score, spec)
        if best is None:
            return None
        mapping[column] = best[1]
    names = [s.name for s in mapping.values()]
    if len(set(names)) != len(names):
        return None
    return mapping


# --------------------------------------------------------------------------- Table 3

_T3_HEADER_WORDS = (label_key("申请人情况"), label_key("法人或其他组织"))


@attrs.define
class _T3Row:
    obs: Observed
    candidates: dict[int, float]
    fuzzy: bool
    #: Weak candidates from label-only lines next to an unlabelled row.
    weak: set[int] = attrs.Factory(set)


def _t3_groups(template: Template) -> dict[str, tuple[str, ...]]:
    groups = {g: tuple(label_key(k) for k in keys) for g, keys in GROUP_VARIANTS.items()}
    if template is Template.GB2019:
        del groups["other"]  # （六）其他处理 is a row of its own in 2019
    return groups


def _t3_candidates(label: str, spec: Table3Spec, *, fuzzy: bool = True) -> tuple[dict[int, float], bool, str | None]:
    """The template rows a label names (index → score), whether only fuzzily, and the
    group the label names when it names a group and nothing below it."""
    key = label_key(label)
    groups = _t3_groups(spec.template)
    named_group = None
    for group, keys in groups.items():
        for k in keys:
            if k and k in key:
                key = key.replace(k, "", 1)
                if group != "results":
                    named_group = group
                break
    key = re.sub(r"^[\d一二三四五六七八九十]+", "", key)
    results = groups.get("results", ())
    if results and not any(k in label_key(label) for k in results):
        # the heading of all the outcomes cut short (三、本年度办: a merged cell a
        # spreadsheet clipped, or wrapped away), before the row's own label
        cut = next((n for n in range(len(results[0]) - 1, 2, -1) if key.startswith(results[0][:n])), 0)
        key = key[cut:]
        key = re.sub(r"^[\d一二三四五六七八九十]+", "", key) if cut else key
    if not key:
        return {}, False, named_group
    rows = spec.rows
    number = re.search(r"(\d{1,2})[.．、]", fold(label))
    if named_group is not None:
        # within the group the label names: its own rows first, fuzzily if need be
        members = [i for i, r in enumerate(rows) if r.group == named_group]
        inside = [Match(members[m.index], m.score, m.fuzzy) for m in match_label(key, [rows[i].keys for i in members])]
        if not inside and number:
            inside = [Match(i, 0.5, True) for i in members if rows[i].number == int(number.group(1))]
        matches = inside or match_label(key, [r.keys for r in rows], fuzzy=fuzzy)
    else:
        matches = match_label(key, [r.keys for r in rows], fuzzy=fuzzy)
    if number and len(matches) > 1:
        numbered = [m for m in matches if rows[m.index].number == int(number.group(1))]
        if numbered and numbered[0].score >= matches[0].score - 0.2:
            matches = numbered + [m for m in matches if m not in numbered]
    if number and all(m.fuzzy for m in matches):
        # a label cut to its number and first characters (2.其 of a label wrapping a
        # character or two a line): the one row of that number that starts so
        starting = [
            i for i, r in enumerate(rows) if r.number == int(number.group(1)) and any(k.startswith(key) for k in r.keys)
        ]
        if len(starting) == 1:
            return {starting[0]: 0.85}, False, None
    if not matches:
        return {}, False, None
    top = matches[0].score
    fuzzy = all(m.fuzzy for m in matches)
    # keep the close runners-up only (a fragment names several rows)
    kept = {m.index: m.score for m in matches if m.score >= top - 0.05}
    return kept, fuzzy, None


def _nearest_label(
    obs: Observed, spec: Table3Spec, whole: tuple[dict[int, float], bool, str | None]
) -> tuple[dict[int, float], bool, str | None]:
    """A row printing two labels that each name a different row of Table 3 whole
    (其他处理 | （七）总计 | 767 …: a converter that moved a label of the row above into
    this one): the label next to the figures is the row's own. Otherwise the labels read
    together."""
    last = obs.labels[-1].text
    own, own_fuzzy, own_group = _t3_candidates(last, spec, fuzzy=False)
    if len(own) != 1 or own_fuzzy or own_group is not None or set(own) == set(whole[0]):
        return whole
    before = " ".join(p.text for p in obs.labels[:-1])
    other, other_fuzzy, other_group = _t3_candidates(before, spec, fuzzy=False)
    if len(other) != 1 or other_fuzzy or other_group is not None or set(other) == set(own):
        return whole
    return own, False, None


def _t3_row_named(label: str, spec: Table3Spec) -> int | str | None:
    """The one row of Table 3 a label names whole (its index; a group's name for a group's
    label alone: its subtotal row, or its first row), if it does."""
    candidates, fuzzy, group = _t3_candidates(label, spec, fuzzy=False)
    if group is not None:
        return group if not candidates else None
    return next(iter(candidates)) if len(candidates) == 1 and not fuzzy else None


def _names_t2_row(label: str, keys: Sequence[tuple[str, ...]]) -> int | None:
    """The one row of Table 2 a label names whole, if it does."""
    matches = match_label(label, keys, fuzzy=False)
    if not matches or matches[0].fuzzy or (len(matches) > 1 and matches[1].score >= matches[0].score):
        return None
    return matches[0].index


def _names_t3_row(label: str, spec: Table3Spec) -> bool:
    """A label that names exactly one row of Table 3, whole."""
    candidates, fuzzy, group = _t3_candidates(label, spec)
    return len(candidates) == 1 and not fuzzy and group is None


def _blank_subtotal_rows(observed: Sequence[Observed], spec: Table3Spec) -> None:
    """In a table laid out by position, a group printed as one row (（六）其他处理 without
    its sub-rows) with its label alone: a row of blanks. Not when a line next to it names a
    row of the group, or prints figures under no label."""
    for i, obs in enumerate(observed):
        if obs.values or not obs.labels or any(_extent(p) is None for p in obs.labels):
            continue
        _candidates, fuzzy, group = _t3_candidates(obs.label, spec)
        if group is None or fuzzy or group not in spec.subtotals:
            continue
        members = {j for j, row in enumerate(spec.rows) if row.group == group}
        neighbours = [observed[k] for k in (i - 1, i + 1) if 0 <= k < len(observed)]
        if any(
            (n.values and not n.label) or (n.label and set(_t3_candidates(n.label, spec)[0]) & members)
            for n in neighbours
        ):
            continue
        _blank_row(obs, len(spec.columns))


def _join_wrapped_labels(observed: list[Observed], spec: Table3Spec) -> list[Observed]:
    """A label wrapped over two rows (a PDF cell's second line written as a row of its own,
    its other cells empty: 5.要求行政机关确认 | 0 | … then 或重新出具已获取信息 | | …): the two
    rows are one when, joined, their labels name a row better than either does alone and
    one of them prints no figure. Two rows that each name a row whole are never joined. A
    row of figures alone between the two lines of a label centred beside it takes both."""
    out: list[Observed] = []
    i = 0
    while i < len(observed):
        a = observed[i]
        b = observed[i + 1] if i + 1 < len(observed) else None
        c = observed[i + 2] if i + 2 < len(observed) else None
        if (
            b is not None
            and c is not None
            and a.label
            and c.label
            and not b.label
            and _has_figure(b)
            and not _has_figure(a)
            and not _has_figure(c)
            and _joins(a.label, c.label, spec)
        ):
            out.append(attrs.evolve(b, index=a.index, label=a.label + c.label, labels=[*a.labels, *c.labels]))
            i += 3
            continue
        # the rest of a ruled row's label a page break left outside the ruling at the head
        # of the next page (2.没有现成信息需要 | 1 | 0 … then 另行制 / 作), past the group's
        # label left outside it at the foot of the page
        if a.row.grid and _has_figure(a) and a.row.page is not None:
            k = i + 1
            while k < len(observed) and _loose_label(observed[k], a) and observed[k].row.page == a.row.page:
                k += 1
            m = k
            while m < len(observed) and _loose_label(observed[m], a) and observed[m].row.page == a.row.page + 1:
                m += 1
            tail = "".join(o.label for o in observed[k:m])
            if m > k and _completes(a.label, tail, spec):
                labels = [*a.labels, *(p for o in observed[k:m] for p in o.labels)]
                out.append(attrs.evolve(a, label=a.label + tail, labels=labels))
                out.extend(observed[i + 1 : k])
                i = m
                continue
        # the header rows a word processor repeats at the top of the next page (and lines
        # of a merged cell's label a printer left outside the ruling at the foot of the
        # page) stand between the halves of a row a page break cut
        k = i + 1
        while k < len(observed) and (_repeated_header(observed[k], a) or _loose_label(observed[k], a)):
            k += 1
        rest = observed[k] if k < len(observed) else None
        if rest is not None and _figures_then_label(a, rest, spec):
            out.append(attrs.evolve(a, label=a.label + rest.label, labels=[*a.labels, *rest.labels]))
            out.extend(observed[i + 1 : k])
            i = k + 1
            continue
        if rest is not None and _split_by_page(a, rest):
            joined = _joined_by_column(a, rest)
            if _joins(a.label, rest.label, spec, joined=joined):
                source = rest if _has_figure(rest) else a
                labels = [*a.labels, *rest.labels]
                out.append(attrs.evolve(source, index=a.index, label=joined, labels=labels))
                out.extend(observed[i + 1 : k])
                i = k + 1
                continue
        pair = b is not None and bool(a.label) and bool(b.label) and not (_has_figure(a) and _has_figure(b))
        if b is not None and pair and _joins(a.label, b.label, spec):
            source = b if _has_figure(b) else a
            out.append(attrs.evolve(source, index=a.index, label=a.label + b.label, labels=[*a.labels, *b.labels]))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _completes(first: str, rest: str, spec: Table3Spec) -> bool:
    """Whether ``rest`` completes a label ``first`` that does not name its row whole: the
    two together name one row whole, the one each names in part."""
    together, fuzzy, group = _t3_candidates(first + rest, spec)
    if len(together) != 1 or fuzzy or group is not None or max(together.values()) < 1.0:
        return False
    alone = [_t3_candidates(part, spec)[0] for part in (first, rest)]
    return max(alone[0].values(), default=0.0) < 1.0 and all(set(c) <= set(together) for c in alone if c)


def _next_page(a: Observed, b: Observed) -> bool:
    """Whether two rows of ruled tables stand on consecutive pages, ``b`` on the later."""
    return a.row.grid and b.row.grid and a.row.page is not None and b.row.page == a.row.page + 1


def _split_by_page(a: Observed, b: Observed) -> bool:
    """Whether two rows of a ruled table may be one row a page break cut in two (a PDF of a
    word processor that lets a row break across pages): the last row on one page, the
    first on the next, as many cells in each (each page's grid numbers its columns by the
    edges drawn on that page), their labels in pieces, figures on one side only (printed
    at the top or the middle of the cell)."""
    return (
        _next_page(a, b)
        and len(a.row.pieces) == len(b.row.pieces)
        and len(a.values) == len(b.values)
        and bool(a.label)
        and bool(b.label)
        and not (_has_figure(a) and _has_figure(b))
    )


def _figures_then_label(a: Observed, b: Observed, spec: Table3Spec) -> bool:
    """Whether a row cut by a page break left its figures under no label of their own at
    the foot of one page (a group's label beside them at most) and its label, naming one
    row whole, with no figure at the head of the next: the two are that row."""
    return (
        _next_page(a, b)
        and len(a.values) == len(b.values)
        and _has_figure(a)
        and not _has_figure(b)
        and not (a.label and _t3_candidates(a.label, spec)[0])  # a group's label at most
        and _names_t3_row(b.label, spec)
    )


def _repeated_header(obs: Observed, above: Observed) -> bool:
    """A header row at the top of the page after ``above``'s: headings over the figure
    columns, no figure."""
    return (
        _next_page(above, obs)
        and obs.headings > 0
        and not any(_value_like(p.text) and p.text.strip() for p in obs.values)
    )


def _loose_label(obs: Observed, above: Observed) -> bool:
    """A line of words alone, outside the ruling, on the page of the grid row ``above`` or
    the next."""
    return (
        above.row.grid
        and not obs.row.grid
        and not obs.values
        and above.row.page is not None
        and obs.row.page in (above.row.page, above.row.page + 1)
    )


def _joined_by_column(a: Observed, b: Observed) -> str:
    """The label of two halves of a row cut by a page break, joined cell by cell (the
    group's cell with its rest, the row's cell with its rest)."""
    cells = [""] * len(a.row.pieces)
    for obs in (a, b):
        for k, piece in enumerate(obs.row.pieces):
            if any(piece is label for label in obs.labels):
                cells[k] += piece.text
    return "".join(cells)


def _joins(first: str, second: str, spec: Table3Spec, *, joined: str | None = None) -> bool:
    """Whether two parts of a label, joined (as given, or one after the other), name a row
    better than either does alone (and the same one), or name a group printed as one row
    (（六）其他处 + 理) that neither names."""
    together = _t3_candidates(first + second if joined is None else joined, spec)
    alone = [_t3_candidates(part, spec) for part in (first, second)]
    best = max(together[0].values(), default=0.0)
    whole_row = (
        bool(together[0])
        and not together[1]
        and together[2] is None
        and all(best > max(c[0].values(), default=0.0) for c in alone)
        and all(set(c[0]) & set(together[0]) for c in alone if c[0])
    )
    whole_group = together[2] is not None and not together[0] and all(c[2] is None for c in alone)
    return whole_row or whole_group


#: What a label of Table 3 starts with: 一、 （三） 2. (the template numbers every row and group).
_ENUMERATOR = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,2}\s*(?:[)）]|$)|\d{1,2}\s*[.．、](?!\d))"
)


def _stitch_wrapped_labels(observed: list[Observed], spec: Table3Spec) -> list[Observed]:
    """Labels wrapped over many lines in narrow columns of a table laid out by position (a
    PDF without ruling lines, text a converter aligned with spaces): the label cells
    rebuilt column by column and each row's figures given the cells beside them.

    Each label column (where its fragments start across the line) is read down the page:
    a fragment that starts with the template's numbering (一、 （三） 2.) starts a cell, the
    fragments on the lines right below continue it. A line of figures takes the label cells
    whose lines reach it, left to right (the group's cell, then the row's), whether the
    figures stand at the cell's top, middle or bottom. Lines whose fragments all went into
    such cells are spent. Done only where it makes more rows named whole than before."""
    lines = [o for o in observed if not o.row.grid and not o.placed]
    figure_lines = [o for o in lines if o.values]
    if len(figure_lines) < 3 or any(_extent(p) is None for o in lines for p in [*o.labels, *o.values]):
        return observed
    value_left = min(_extent(p)[0] for o in figure_lines for p in o.values)  # type: ignore[index]
    if not any(not o.values and o.labels for o in lines):
        return observed  # no label line of its own: nothing wrapped
    # the label fragments of every line, by the column they start in
    order = {id(o): k for k, o in enumerate(observed)}
    starts = sorted({_extent(p)[0] for o in lines for p in o.labels})  # type: ignore[index]
    on_page = any(p.bbox is not None for o in lines for p in o.labels)
    columns = clusters(starts, 3.0 if on_page else 1.0)  # points on a page, characters in text
    cells: dict[int, list[list[tuple[int, Piece]]]] = {}
    last_line: dict[int, int] = {}
    for o in lines:
        k = order[id(o)]
        fragments = [p for p in o.labels if _extent(p)[1] <= value_left + 1]  # type: ignore[index]
        if len(fragments) != len(o.labels):
            # a line across the figures' columns (a sentence, a heading): every cell ends
            last_line.clear()
            continue
        for piece in fragments:
            column = bisect.bisect_right(columns, _extent(piece)[0]) - 1  # type: ignore[index]
            runs = cells.setdefault(column, [])
            if _ENUMERATOR.match(piece.text) or not runs or k - last_line.get(column, -9) > 2:
                runs.append([(k, piece)])
            else:
                runs[-1].append((k, piece))
            last_line[column] = k
    spans = [
        (column, run[0][0], run[-1][0], run)
        for column, runs in cells.items()
        for run in runs
        if _ENUMERATOR.match(run[0][1].text)
    ]
    rebuilt: dict[int, tuple[str, list[Piece]]] = {}
    used: set[int] = set()
    figure_at = {order[id(o)] for o in figure_lines}
    for k in sorted(figure_at):
        covering = sorted((c, run) for c, first, last, run in spans if first <= k <= last)
        if covering:
            pieces = [p for _, run in covering for _, p in run]
            rebuilt[k] = ("".join(p.text for p in pieces), pieces)
            used.update(id(p) for p in pieces)
    # a row printed without figures (every cell blank): its label cell covers no line of figures
    for _column, first, last, run in sorted(spans, key=lambda span: (span[1], span[0])):
        if any(first <= k <= last for k in figure_at) or any(id(p) in used for _, p in run):
            continue
        pieces = [p for _, p in run]
        label, earlier = rebuilt.get(first, ("", []))
        rebuilt[first] = (label + "".join(p.text for p in pieces), [*earlier, *pieces])
        used.update(id(p) for p in pieces)

    def whole(label: str) -> bool:
        candidates, fuzzy, _group = _t3_candidates(label, spec, fuzzy=False)
        return bool(candidates) and not fuzzy

    laid_out = {id(o) for o in lines}
    before = sum(1 for o in observed if id(o) in laid_out and o.labels and whole(o.label))
    after = sum(1 for label, _ in rebuilt.values() if whole(label))
    if after <= before:
        return observed
    out: list[Observed] = []
    for k, o in enumerate(observed):
        if k in rebuilt:
            label, pieces = rebuilt[k]
            out.append(attrs.evolve(o, label=label, labels=pieces))
            continue
        rest = [p for p in o.labels if id(p) not in used]
        if id(o) in laid_out and not o.values and len(rest) < len(o.labels):
            if rest:
                out.append(attrs.evolve(o, label="".join(p.text for p in rest), labels=rest))
            continue
        out.append(o)
    return out


def _has_figure(obs: Observed) -> bool:
    return any(p.text.strip() for p in obs.values)


# --------------------------------------------------------------------------- tables laid out by position


def _extent(piece: Piece) -> tuple[float, float] | None:
    """Where a piece stands across its line: its character columns in text a converter
    aligned, or its box on a PDF page."""
    if piece.x is not None:
        return piece.x
    if piece.bbox is not None:
        return piece.bbox[0], piece.bbox[2]
    return None


def _at(extent: tuple[float, float], edge: int) -> float:
    """A piece's left edge (0), centre (1) or right edge (2)."""
    return extent[0] if edge == 0 else extent[1] if edge == 2 else (extent[0] + extent[1]) / 2


def place_by_position(
    observed: Sequence[Observed], columns: Sequence[ColumnSpec], names: Callable[[str], bool] | None = None
) -> bool:
    """Rows of a table laid out by position, not by cells (a PDF without ruling lines,
    text that a PDF converter aligned with spaces): a row that prints fewer figures than
    the table has columns left its blank cells empty. Each figure stands under its column:
    the columns are where the rows that print every figure print them (two at least, in
    agreement), else where the header prints the columns' headings, aligned as the page
    aligns them (left, centred or right: the alignment that puts most figures squarely
    under a heading). A row whose every figure stands clearly under a distinct column
    gets them there and its other cells blank; any other row is left as it is (and
    flagged as collapsed further on). Once the table shows its columns so, a row printed
    with a label ``names`` accepts and no figure at all is a row of blank cells (see
    ``_blank_rows``). True when the columns could be told."""
    width = len(columns)
    laid_out = [
        obs
        for obs in observed
        if obs.values and not obs.placed and not obs.row.grid and all(_extent(p) is not None for p in obs.values)
    ]
    short = [obs for obs in laid_out if len(obs.values) < width and not any(p.last for p in obs.values)]
    anchors = _anchors_of_rows([obs for obs in laid_out if len(obs.values) == width], width)
    if anchors is None:
        anchors = _anchors_of_figures(laid_out, width)
    headings = anchors is None
    if anchors is None:
        anchors = _anchors_of_header(observed, columns)
    if anchors is None:
        return False
    if short:
        _place_short(short, anchors, width, under=headings)
    if names is not None:
        _blank_rows(observed, width, names)
    return True


def _place_short(
    short: Sequence[Observed], anchors: Sequence[tuple[float, float]], width: int, *, under: bool = False
) -> None:
    """Each short row's figures under their columns; with ``under`` (the columns are the
    headings' extents) a figure must stand under its heading's words, not beside them (a
    spreadsheet sets its headings left and its figures right in the cell: a figure between
    two headings is under neither for sure)."""
    best: tuple[int, float, list[tuple[Observed, list[int]]]] | None = None
    for edge in (1, 0, 2):
        at = [_at(a, edge) for a in anchors]
        gaps = [b - a for a, b in itertools.pairwise(at)]
        if not gaps or min(gaps) <= 0:
            continue
        placed, distance = _slots(short, at, 0.4 * min(gaps), edge, extents=anchors if under else None)
        if best is None or (len(placed), -distance) > (best[0], -best[1]):
            best = (len(placed), distance, placed)
    if best is None:
        return
    for obs, slots in best[2]:
        page = obs.values[0].page
        values = [Piece("", page=page) for _ in range(width)]
        for piece, slot in zip(obs.values, slots, strict=True):
            values[slot] = piece
        obs.values = values
        obs.placed = True


def _blank_rows(observed: Sequence[Observed], width: int, names: Callable[[str], bool]) -> None:
    """Rows printed with their label and no figure, in a table that shows its blanks by
    position: rows of blank cells. Not when a neighbouring line prints figures under no
    label of its own (the label's figures, on the line before or after it)."""

    def figures_elsewhere(obs: Observed | None) -> bool:
        return obs is not None and bool(obs.values) and not (obs.label and names(obs.label))

    def label_alone(obs: Observed) -> bool:
        return not obs.values and bool(obs.labels) and all(_extent(p) is not None for p in obs.labels)

    # lines of labels alone one after another are looked at together: the lines of one
    # label wrapped (2.申请人逾期未按收费通知 / 要求缴纳费用、行政机关不 / …) whose figures
    # stand before or after them are no rows of blanks, whatever each line names
    for alone, i, j in runs(observed, label_alone):
        if not alone:
            continue
        before = observed[i - 1] if i else None
        after = observed[j] if j < len(observed) else None
        if figures_elsewhere(before) or figures_elsewhere(after):
            continue
        for obs in observed[i:j]:
            if names(obs.label):
                _blank_row(obs, width)


def _blank_row(obs: Observed, width: int) -> None:
    """A row printed with its label alone, in a table laid out by position: blank cells."""
    obs.values = [Piece("", page=obs.labels[0].page) for _ in range(width)]
    obs.placed = True


def _slots(
    rows: Sequence[Observed],
    anchors: Sequence[float],
    tolerance: float,
    edge: int,
    extents: Sequence[tuple[float, float]] | None = None,
) -> tuple[list[tuple[Observed, list[int]]], float]:
    """The rows whose every figure stands within ``tolerance`` of a distinct column, left
    to right, with the columns; and the figures' total distance from their columns."""
    out: list[tuple[Observed, list[int]]] = []
    total = 0.0
    for obs in rows:
        if any(
            (extent := _extent(piece)) is not None and _at(extent, edge) > anchors[0] - tolerance
            for piece in obs.labels
        ):
            continue  # words among the figures: a cell of text, or a wrapped one, not a blank
        if obs.row.measured == "narrow" and _pushed(obs):
            continue
        slots: list[int] = []
        distance = 0.0
        for piece in obs.values:
            extent = _extent(piece)
            assert extent is not None
            where = _at(extent, edge)
            slot = min(range(len(anchors)), key=lambda k: abs(anchors[k] - where))
            if abs(anchors[slot] - where) > tolerance or (slots and slot <= slots[-1]):
                break
            if extents is not None and (extent[1] <= extents[slot][0] or extent[0] >= extents[slot][1]):
                break  # beside its heading's words, not under them
            slots.append(slot)
            distance += abs(anchors[slot] - where)
        else:
            out.append((obs, slots))
            total += distance
    return out, total


def _pushed(obs: Observed) -> bool:
    """Whether a figure of a row of spaced-out text stands one space after the word
    before it: where a converter puts a word that the one before it (a figure or a label
    wider than its column) pushed aside, so not where it stood on the page."""
    extents = sorted(e for p in obs.row.pieces if (e := _extent(p)) is not None)
    figures = {e for p in obs.values if (e := _extent(p)) is not None}
    return any(b in figures and b[0] - a[1] <= 1 for a, b in itertools.pairwise(extents))


def _anchors_of_rows(full: Sequence[Observed], width: int) -> list[tuple[float, float]] | None:
    """The columns where the rows that print every figure print them: the median of each
    figure's place, when two rows at least and most of them print every figure within a
    quarter of a column of it (a row whose long label pushed its figures aside is one of
    the few)."""
    if len(full) < 2:
        return None
    extents = [[e for p in obs.values if (e := _extent(p)) is not None] for obs in full]
    anchors: list[tuple[float, float]] = []
    for k in range(width):
        ordered = sorted(extents, key=lambda row: _at(row[k], 1))
        anchors.append(ordered[len(ordered) // 2][k])
    centres = [_at(a, 1) for a in anchors]
    gaps = [b - a for a, b in itertools.pairwise(centres)]
    if not gaps or min(gaps) <= 0:
        return None
    tolerance = 0.25 * min(gaps)
    agree = sum(all(abs(_at(row[k], 1) - centres[k]) <= tolerance for k in range(width)) for row in extents)
    if agree < 2 or 2 * agree < len(extents):
        return None  # figures that follow their labels, not columns
    return anchors


def _anchors_of_figures(rows: Sequence[Observed], width: int) -> list[tuple[float, float]] | None:
    """The columns where the figures of all rows stand, when they stand in exactly as many
    tight groups as the table has columns (every column prints a figure in some row, though
    no row prints them all). Two figures of one row are never closer than the columns are
    apart; a group is tight when its figures lie within half that of each other."""
    figures = [[extent for p in obs.values if (extent := _extent(p)) is not None and p.text.strip()] for obs in rows]
    apart = [
        _at(b, 1) - _at(a, 1) for row in figures for a, b in itertools.pairwise(sorted(row, key=lambda e: _at(e, 1)))
    ]
    if not apart or min(apart) <= 0:
        return None
    reach = min(apart) / 2
    extents = sorted((e for row in figures for e in row), key=lambda e: _at(e, 1))
    groups: list[list[tuple[float, float]]] = [[extents[0]]]
    for extent in extents[1:]:
        if _at(extent, 1) - _at(groups[-1][-1], 1) > reach:
            groups.append([extent])
        else:
            groups[-1].append(extent)
    if len(groups) != width or any(_at(g[-1], 1) - _at(g[0], 1) > reach for g in groups):
        return None
    return [g[len(g) // 2] for g in groups]


def _anchors_of_header(observed: Sequence[Observed], columns: Sequence[ColumnSpec]) -> list[tuple[float, float]] | None:
    """Where the header lines above the first row of figures print the columns' headings
    (a heading wrapped over two lines by its first part), taken left to right in the
    template's order. Not from text a PDF converter spaced out one column per character:
    its headings are pushed aside by the wide characters before them."""
    header: list[tuple[int, Piece, tuple[float, float]]] = []
    for line, obs in enumerate(observed):
        if obs.values:
            break
        if obs.row.measured not in ("page", "wide"):
            continue
        header.extend((line, piece, extent) for piece in obs.labels if (extent := _extent(piece)) is not None)
    pieces = [(_at(extent, 1), extent, key, False) for _, piece, extent in header if (key := label_key(piece.text))]
    pieces.extend(_stacked_headings(header))
    pieces.sort()
    anchors: list[tuple[float, float]] = []
    at = 0
    for column in columns:
        while at < len(pieces) and not _heads(pieces[at][2], column, stacked=pieces[at][3]):
            at += 1
        if at == len(pieces):
            return None
        anchors.append(pieces[at][1])
        at += 1
    return anchors


def _stacked_headings(
    header: Sequence[tuple[int, Piece, tuple[float, float]]],
) -> list[tuple[float, tuple[float, float], str, bool]]:
    """Headings a narrow column wraps over several lines (结果 / 维持, or a character a
    line): the pieces that start at one place on consecutive lines, read down."""
    stacks: list[list[tuple[int, Piece, tuple[float, float]]]] = []
    for item in sorted(header, key=lambda h: (round(h[2][0]), h[0])):
        line, _piece, extent = item
        last = stacks[-1][-1] if stacks else None
        if last is not None and abs(last[2][0] - extent[0]) <= 2 and line == last[0] + 1:
            stacks[-1].append(item)
        else:
            stacks.append([item])
    out = []
    for stack in stacks:
        if len(stack) < 2:
            continue
        extent = stack[-1][2]  # where the heading ends, right over its column (not a wider heading above)
        key = label_key("".join(p.text for _, p, _ in stack))
        if key:
            out.append((_at(extent, 1), extent, key, True))
    return out


def _heads(key: str, column: ColumnSpec, *, stacked: bool = False) -> bool:
    """A heading printed over a column: its key whole, or its first part (two characters
    at least) where the heading wraps; a heading read down a narrow column may follow the
    heading of the columns it stands under (行政复议 / 结果 / 维持)."""
    return any(key == k or (len(key) >= 2 and k.startswith(key)) or (stacked and key.endswith(k)) for k in column.keys)


def read_table3(rows: Sequence[Row], start: int, template: Template, *, boxed: bool = False) -> TableResult:
    spec = table3(template)
    result = TableResult(found=True)
    observed, _headers = observe(rows, start, template, boxed=boxed)
    observed = _stitch_wrapped_labels(observed, spec)
    observed = _join_wrapped_labels(observed, spec)
    observed = _labels_above_figures(observed, functools.partial(_t3_row_named, spec=spec))
    if place_by_position(observed, spec.columns, functools.partial(_names_t3_row, spec=spec)):
        _blank_subtotal_rows(observed, spec)
    _heading_and_notes(result, observed, "收到和处理")

    width = len(spec.columns)
    headed = _subtotal_in_header(rows)
    printed = width + (headed is not None)  # the columns of figures printed
    lead = _padding_leads(observed, printed)
    # rows with empty cells past the table's width: a converter's ragged rows when several
    # show them; one alone may hold a figure split in two instead
    ragged = sum(1 for obs in observed if obs.placed and not obs.row.grid and 0 < len(obs.values) - printed <= 2) > 1
    items: list[_T3Row] = []
    group_rows: list[tuple[Observed, str]] = []
    label_only: list[tuple[int, dict[int, float]]] = []  # (observed position, candidates)
    for position, obs in enumerate(observed):
        # a label alone on its line lends only what it names for sure: no fuzzy reading
        candidates, fuzzy, group = (
            _t3_candidates(obs.label, spec, fuzzy=bool(obs.values)) if obs.label else ({}, False, None)
        )
        if obs.values and len(obs.labels) >= 2:
            candidates, fuzzy, group = _nearest_label(obs, spec, (candidates, fuzzy, group))
        if not obs.values:
            # a label printed alone (the figures on another line); a column's heading
            # printed alone (其他, 总计 of a flattened header) is no row's label
            if candidates and not fuzzy and label_key(obs.label) not in _column_words():
                label_only.append((position, candidates))
            continue
        if printed == width:
            _split_joined_cells(obs, width)
        if obs.row.grid:
            _trim_observed(obs, width + (1 if len(obs.values) > width else 0))
        elif obs.placed:
            obs.values = _trim_t3(obs.values, printed, lead, ragged=ragged)
        if group is not None:
            obs.index = position
            group_rows.append((obs, group))
            continue
        if not candidates and all(not p.text.strip() for p in obs.values):
            continue  # a row of empty cells under no label of the table: a converter's debris
        if len(obs.values) > width + 2:
            continue  # not a row of Table 3 (a line of Table 4's figures, a page of numbers)
        if obs.label and not candidates and len(label_key(obs.label)) > 40:
            continue  # a sentence of narrative
        item = _T3Row(obs, candidates, fuzzy)
        item.obs.index = position
        items.append(item)
    # A group's label with figures and no row label: the group's subtotal, or its first
    # row whose own label a conversion moved (the group's label sits on the first row of
    # its merged cell). It is the first row when the group's other rows are printed and
    # the first one is not.
    named = {j for item in items if item.candidates and not item.fuzzy for j in item.candidates}
    named |= {j for _, candidates in label_only for j in candidates}
    kept_groups = []
    for obs, group in group_rows:
        members = [j for j, r in enumerate(spec.rows) if r.group == group]
        first = members[0] if members else None
        others_printed = any(j in named for j in members[1:])
        first_labelled = any(
            first in item.candidates and not item.fuzzy and len(item.candidates) == 1 for item in items
        )
        if first is not None and others_printed and not first_labelled:
            items.append(_T3Row(obs, {first: 0.7}, True))
        else:
            kept_groups.append((obs, group))
    group_rows = kept_groups
    items.sort(key=lambda item: item.obs.index)
    # label-only lines next to an unlabelled row lend it weak candidates
    for item in items:
        if item.candidates:
            continue
        for position, candidates in label_only:
            if abs(position - item.obs.index) == 1:
                item.weak.update(candidates)

    # a stray figure (a page number, a digit of a label a conversion cut off) where the
    # table's rows print all their columns: not a row
    full = sum(1 for item in items if len(_trim_blanks(item.obs.values, width)) == width)
    if items and full >= 0.6 * len(items):
        items = [item for item in items if item.candidates or len(item.obs.values) >= width or len(item.obs.values) > 2]
    alignment = _align(items, spec)
    subtotal_at = _subtotal_position(items, width, headed)
    matched_template: set[int] = set()
    previous_pointer: str | None = None
    anchors = [(k, j) for k, (item, j) in enumerate(alignment) if j is not None and item.candidates and not item.fuzzy]
    for k, (item, j) in enumerate(alignment):
        if j is None:
            if item.obs.label and label_key(item.obs.label):
                _extra_row(result, item.obs, previous_pointer, spec)
            continue
        row_spec = spec.rows[j]
        matched_template.add(j)
        previous_pointer = row_spec.pointer
        doubts: list[str] = []
        if item.candidates and not item.fuzzy:
            placement = Placement.LABEL
            confidence = _CONFIDENCE_LABEL
        elif item.candidates:
            # a label read only in part (a fragment, lost characters): sure when the row
            # also fills its place in the template's order exactly
            if _gap_is_exact(k, j, alignment, anchors, spec):
                placement, confidence = Placement.ORDER, _CONFIDENCE_ORDER_ROW
            else:
                placement, confidence, doubts = Placement.LABEL, _CONFIDENCE_FUZZY, ["extract.fuzzy_label"]
        else:
            placement = Placement.ORDER
            exact = _gap_is_exact(k, j, alignment, anchors, spec)
            if not exact:
                result.doubts.append(Doubt(row_spec.pointer, "extract.ambiguous_row"))
                continue
            confidence = _CONFIDENCE_ORDER_ROW
            doubts = []
        _place_t3_row(
            result, row_spec.pointer, item.obs, spec, confidence, placement, doubts, lead, subtotal_at, ragged=ragged
        )

    for obs, group in group_rows:
        if group in spec.subtotals:
            pointer = spec.subtotals[group].pointer
            if group == "other" and template is Template.GB2021:
                result.single_other = True
            result.subtotals.append(pointer)
            _place_t3_row(
                result, pointer, obs, spec, _CONFIDENCE_LABEL, Placement.LABEL, [], lead, subtotal_at, ragged=ragged
            )
    return result


def _joined(text: str) -> bool:
    """Whether a cell holds several figures or marks on one line (``95 0``, ``/ 999999``;
    a figure wrapped over lines in a narrow cell is one, split in two)."""
    tokens = text.split()
    return "\n" not in text.strip() and len(tokens) > 1 and all(is_value_token(t) for t in tokens)


def _totals_last(size: int) -> Callable[[list[int]], bool]:
    """Whether figures are runs of ``size``, each run's last the sum of the others."""
    return lambda numbers: all(
        sum(numbers[k : k + size - 1]) == numbers[k + size - 1] for k in range(0, len(numbers), size)
    )


def _joined_figures(values: Sequence[Piece]) -> list[Piece] | None:
    """The figures of a row's cells, a cell holding several figures apart (``95 0``),
    empty cells left out; None when no cell holds several."""
    if not any(_joined(p.text) for p in values):
        return None
    pieces: list[Piece] = []
    for piece in values:
        text = piece.text.strip()
        if not _joined(text):
            if text:
                pieces.append(piece)
            continue
        offset = piece.text.index(text)
        for m in re.finditer(r"\S+", text):
            start = None if piece.start is None else piece.start + offset + m.start()
            end = None if start is None else start + len(m.group())
            pieces.append(attrs.evolve(piece, text=m.group(), start=start, end=end))
    return pieces


def _split_joined_cells(obs: Observed, width: int, adds_up: Callable[[list[int]], bool] | None = None) -> None:
    """A row whose converter joined neighbouring narrow columns' figures into one cell
    (``| 95 0 | 0 0 | 0 0 | 95 |``, as markitdown sets a page's words into columns of its
    own): the figures apart, each in its column, where the row then prints exactly its
    ``width`` figures and they add up (Table 3's total the sum of the others; each of
    Table 4's groups); else the row stays as printed (too few figures, flagged)."""
    adds_up = adds_up or _totals_last(width)
    figures = _joined_figures(obs.values)
    if figures is None:
        return
    numbers = [_number(p) for p in figures]
    if len(figures) != width or not adds_up([n if n is not None else -1 for n in numbers]) or None in numbers:
        # the row's cells do not stand one per column: however many they are, which
        # figure is whose is not verified
        obs.joined = True
        return
    obs.values = figures
    obs.value_columns = []  # the cells no longer stand one per column: the template's order
    obs.placed = True


def _gap_is_exact(
    k: int, j: int, alignment: list[tuple[_T3Row, int | None]], anchors: list[tuple[int, int]], spec: Table3Spec
) -> bool:
    """Whether an unlabelled row sits in a run of unlabelled rows that fills the template
    rows between its labelled neighbours exactly."""
    before = [(a, t) for a, t in anchors if a < k]
    after = [(a, t) for a, t in anchors if a > k]
    lo_k, lo_t = before[-1] if before else (-1, -1)
    hi_k, hi_t = after[0] if after else (len(alignment), len(spec.rows))
    run = [a for a in range(lo_k + 1, hi_k) if alignment[a][1] is not None]
    slots = list(range(lo_t + 1, hi_t))
    if not after:
        # the table runs on past the last label (a page cut off, or unlabelled last rows):
        # the rows follow the template only while they fill its next rows in order
        return len(run) <= len(slots) and all(alignment[a][1] == lo_t + 1 + i for i, a in enumerate(run))
    return len(run) == len(slots)


def _align(items: list[_T3Row], spec: Table3Spec) -> list[tuple[_T3Row, int | None]]:
    """The best order-keeping alignment of observed rows with template rows."""
    n, m = len(items), len(spec.rows)
    neg = float("-inf")
    score = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = score[i][j]
            if here == neg:
                continue
            if j < m:  # the template row is not printed (or its label is lost further on)
                skip = here - 1.5
                if skip > score[i][j + 1]:
                    score[i][j + 1], back[i][j + 1] = skip, (i, j, False)
            if i < n:
                item = items[i]
                skip = here - (3.0 if item.candidates and not item.fuzzy else 1.2)
                if skip > score[i + 1][j]:
                    score[i + 1][j], back[i + 1][j] = skip, (i, j, False)
                if j < m:
                    gain = _match_gain(item, j)
                    if gain is not None and here + gain > score[i + 1][j + 1]:
                        score[i + 1][j + 1], back[i + 1][j + 1] = here + gain, (i, j, True)
    out: list[tuple[_T3Row, int | None]] = []
    i, j = n, max(range(m + 1), key=lambda c: score[n][c])
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:
            break
        pi, pj, matched = step
        if pi < i:
            out.append((items[pi], pj if matched else None))
        i, j = pi, pj
    out.reverse()
    return out


def _match_gain(item: _T3Row, j: int) -> float | None:
    if item.candidates:
        if j in item.candidates:
            # a label read whole is an anchor, however many template rows it skips
            return 40.0 * item.candidates[j] if not item.fuzzy else 4.0 * item.candidates[j] + 1.0
        return None if not item.fuzzy else -2.0
    return 1.0 + (0.5 if j in item.weak else 0.0)


def _place_t3_row(
    result: TableResult,
    pointer: str,
    obs: Observed,
    spec: Table3Spec,
    confidence: float,
    placement: Placement,
    doubts: list[str],
    lead: bool = False,
    subtotal_at: tuple[int | None, bool] = (None, False),
    *,
    ragged: bool = True,
) -> None:
    columns = list(spec.columns)
    if obs.joined or (obs.unheaded is not None and obs.value_columns[:1] == [obs.unheaded]):
        # joined figures not told apart, or the unheaded empty column still read as the
        # first column of figures
        doubts = [*doubts, "extract.columns_unverified"]
    mapping = None
    if obs.row.grid and obs.value_columns:
        chosen = {c: obs.header.get(c, "") for c in obs.value_columns}
        mapping = _column_map(chosen, [*columns, spec.subtotal_column], _T3_HEADER_WORDS)
    values = obs.values
    if mapping is not None and len(mapping) >= len(columns) - 1:
        for piece, column in zip(values, obs.value_columns, strict=True):
            target = mapping[column]
            _place(result, f"{pointer}/{target.name}", piece, CellKind.COUNT, confidence, placement, doubts)
        return
    # the template's column order
    printed = len(columns) + (1 if subtotal_at[1] else 0)
    if obs.placed:
        values = _trim_blanks(values, printed) if obs.row.grid else _trim_t3(values, printed, lead, ragged=ragged)
    cut = _cut_short(values, len(columns), total=True)
    if cut is not None:
        # the source ends in this row: its figures fill the first columns
        cut_doubts = doubts if _cut_inside(values, obs.placed) else [*doubts, "extract.cut_off"]
        for piece, spec_column in zip(cut, columns, strict=False):
            name = spec_column.name
            _place(result, f"{pointer}/{name}", piece, CellKind.COUNT, _CONFIDENCE_CUT, placement, cut_doubts)
        return
    names = _t3_order(values, columns, spec, result, pointer, subtotal_at)
    if names is None:
        return
    column_confidence = min(confidence, _CONFIDENCE_ORDER_COLUMNS)
    placed_values = values
    if len(names) != len(values):  # a number split in two: the pair is joined
        placed_values = _join_split(values, names)
        doubts = [*doubts, "extract.split_number"]
        column_confidence = 0.6
    for piece, name in zip(placed_values, names, strict=True):
        _place(result, f"{pointer}/{name}", piece, CellKind.COUNT, column_confidence, placement, doubts)


def _cut_short(values: list[Piece], width: int, *, total: bool = False) -> list[Piece] | None:
    """The figures of a row the source text ends in (a page cut off), fewer than the
    row's columns: they are its first ones. A last figure that nothing follows may itself
    be cut short (12 of 125) and is left out, unless it is 0 or (``total``: the row's last
    column is the sum of the others) the sum of the figures before it. None when the row
    is whole."""
    if not values or len(values) > width or not values[-1].last:
        return None
    out = list(values)
    if out[-1].last == 2 and out[-1].text.strip() not in ("0", "０"):
        numbers = [_number(p) for p in out]
        whole = (
            total
            and len(out) == width
            and all(n is not None for n in numbers)
            and sum(n for n in numbers[:-1] if n is not None) == numbers[-1]
        )
        if not whole:
            out.pop()
    return out if len(out) < width else None


def _cut_inside(values: list[Piece], placed: bool) -> bool:
    """Whether a row the source ends in was surely cut inside (its last figure runs to the
    end of the text, no delimiter after it) and its cells are in their places: its figures
    are then its first columns for sure. A row that ends with a delimiter may instead be a
    whole row that lost a cell."""
    return placed and bool(values) and values[-1].last == 2


def _trim_observed(obs: Observed, width: int) -> None:
    """Empty cells past the table's width dropped from a grid or pipe row, columns kept aligned."""
    if not obs.placed:
        return
    values = list(obs.values)
    columns = list(obs.value_columns)
    while len(values) > width and not values[-1].text.strip():
        values.pop()
        if columns:
            columns.pop()
    while len(values) > width and not values[0].text.strip():
        values.pop(0)
        if columns:
            columns.pop(0)
    obs.values, obs.value_columns = values, columns


def _padding_leads(observed: Sequence[Observed], width: int) -> bool:
    """Whether the surplus empty cells of this table's pipe rows come before their figures:
    a converter that writes a merged label cell out as empty cells (（七）总计 | | 710 | …)
    puts them there, where a ragged row's stray cells come after. Decided by the rows that
    show it for sure (a figure at one end, surplus empty cells at the other); failing
    those (a table of blanks), by its header rows: words after the empty cells that pad a
    merged heading (申请人情况 | | …) say the converter writes a span's padding after it."""
    leading = trailing = headers = 0
    for obs in observed:
        values = obs.values
        if obs.row.cells and not obs.row.grid and not values and _pipe_header(obs.row):
            headers += 1
        if obs.row.grid or not obs.placed or len(values) <= width:
            continue
        first, last = bool(values[0].text.strip()), bool(values[-1].text.strip())
        if last and not first:
            leading += 1
        elif first and not last:
            trailing += 1
    if leading or trailing:
        return leading > trailing
    return headers > 0


def _trim_t3(values: list[Piece], width: int, lead: bool, *, ragged: bool = True) -> list[Piece]:
    """A pipe row's surplus empty cells dropped (Table 3): when the row has empty cells at
    both ends, the one way whose total is the sum of the other six (a blank counted as 0),
    else the way this table's other rows show, else those at the end first. A row alone in
    its table (not ``ragged``) with surplus empty cells after a figure keeps them unless
    its total is printed: the surplus may be a figure split in two (1 | 0 | 2 for 10 | 2),
    and a blank total would confirm nothing."""
    if len(values) <= width or values[0].text.strip() or values[-1].text.strip():
        trimmed = _trim_blanks(values, width)
        if (
            not ragged
            and len(trimmed) == width
            and values[0].text.strip()
            and not values[-1].text.strip()
            and not trimmed[-1].text.strip()
        ):
            return values
        return trimmed
    surplus = len(values) - width
    options = []
    for k in range(surplus + 1):
        kept = values[k : len(values) - (surplus - k)]
        if any(p.text.strip() for p in values[:k]) or any(
            p.text.strip() for p in values[len(values) - (surplus - k) :]
        ):
            continue
        numbers = [_number(p) for p in kept]
        fits = None
        if kept[-1].text.strip() and all(n is not None for n in numbers):
            fits = sum(n for n in numbers[:-1] if n is not None) == numbers[-1]
        options.append((k, kept, fits))
    if not options:
        return _trim_blanks(values, width)
    consistent = [o for o in options if o[2] is True]
    if len(consistent) == 1:
        return consistent[0][1]
    return options[-1][1] if lead else options[0][1]


def _trim_blanks(values: list[Piece], width: int) -> list[Piece]:
    """Empty cells past the table's width (a converter's ragged rows) are not cells."""
    out = list(values)
    while len(out) > width and not out[-1].text.strip():
        out.pop()
    while len(out) > width and not out[0].text.strip():
        out.pop(0)
    return out


def _number(piece: Piece) -> int | None:
    read = read_cell(piece.text, CellKind.COUNT)
    value = read.value
    if isinstance(value, int):
        return value
    if isinstance(value, Cell) and value.status is CellStatus.BLANK:
        return 0
    if isinstance(value, Cell) and value.value is not None:
        return value.value
    return None


def _subtotal_fits(ints: Sequence[int]) -> list[int]:
    """Where a row of eight figures can hold a subtotal of 法人或其他组织 (its second or
    its seventh figure): the subtotal is the sum of the five kinds, the total that of 自然人
    and the subtotal."""
    fits = []
    if ints[1] == sum(ints[2:7]) and ints[7] == ints[0] + ints[1]:
        fits.append(1)
    if ints[6] == sum(ints[1:6]) and ints[7] == ints[0] + ints[6]:
        fits.append(6)
    return fits


def _with_subtotal(names: list[str], at: int) -> list[str]:
    return [*names[:at], "organisations_subtotal", *names[at:]]


def _subtotal_in_header(region: Sequence[Row]) -> int | None:
    """Where this table's header prints a subtotal column of 法人或其他组织 (小计, or 合计
    beside 总计): before 商业企业 (the second figure) or after the kinds (the seventh)."""
    header = ""
    for row in region[:16]:
        key = label_key(row.text)
        if "本年新收" in key:
            break  # the header is over
        header += key
    at = header.find("小计")
    if at < 0 and "总计" in header:
        at = header.find("合计")  # 合计 beside 总计; alone, 合计 names the total
    first_kind = header.find(label_key("商业企业"))
    if at >= 0 and first_kind >= 0:
        return 6 if at > first_kind else 1
    return None


def _subtotal_position(items: Sequence[_T3Row], width: int, headed: int | None) -> tuple[int | None, bool]:
    """Where this table prints a subtotal column, and whether its header says so: as the
    header places it, else where all its rows of eight figures that fit one way only put
    it (a row of zeros for organisations fits both ways)."""
    if headed is not None:
        return headed, True
    votes = set()
    for item in items:
        numbers = [_number(p) for p in _trim_blanks(item.obs.values, width)]
        if len(numbers) == width + 1 and all(n is not None for n in numbers):
            fits = _subtotal_fits([n for n in numbers if n is not None])
            if len(fits) == 1:
                votes.add(fits[0])
    return (votes.pop() if len(votes) == 1 else None), False


def _t3_order(
    values: list[Piece],
    columns: list[ColumnSpec],
    spec: Table3Spec,
    result: TableResult,
    pointer: str,
    subtotal_at: tuple[int | None, bool] = (None, False),
) -> list[str] | None:
    """Column names for a row's values in the template's order; None (and a doubt) when
    the values cannot be placed for sure."""
    width = len(columns)
    names = [c.name for c in columns]
    if len(values) == width:
        return names
    numbers = [_number(p) for p in values]
    if len(values) == width + 1 and all(n is not None for n in numbers):
        # a subtotal column of 法人或其他组织: after 自然人, or before 总计
        ints = [n for n in numbers if n is not None]
        fits = _subtotal_fits(ints)
        joins = _split_fits(ints, width)
        at, headed = subtotal_at
        if at is not None and (headed or at in fits):
            # the table's header says where it stands (its figures may disagree: the
            # audit's to tell), or its rows that fit one way only do
            return _with_subtotal(names, at)
        if len(fits) == 1 and not joins:
            return _with_subtotal(names, fits[0])
        if len(joins) == 1 and not fits:
            return names[:width]  # the caller joins the pair
    if len(values) > width:
        result.doubts.append(Doubt(pointer, "extract.too_many_values", {"count": len(values), "width": width}))
        return None
    result.doubts.append(Doubt(pointer, "extract.collapsed_row", {"count": len(values), "width": width}))
    return None


def _split_fits(ints: list[int], width: int) -> list[int]:
    """Where joining two neighbouring figures (a number wrapped in two) makes a row whose
    total is the sum of its six columns."""
    fits = []
    for k in range(len(ints) - 1):
        if ints[k] == 0:
            continue  # no number is printed with a leading zero (0 | 5 is no 05 cut in two)
        joined = [*ints[:k], int(f"{ints[k]}{ints[k + 1]}"), *ints[k + 2 :]]
        if len(joined) == width and joined[-1] == sum(joined[:-1]):
            fits.append(k)
    return fits


def _join_split(values: list[Piece], names: list[str]) -> list[Piece]:
    ints = [_number(p) or 0 for p in values]
    k = _split_fits(ints, len(names))[0]
    a, b = values[k], values[k + 1]
    joined = Piece(a.text.strip() + b.text.strip(), a.start, b.end, a.page, a.bbox, a.table, a.row, a.column, a.sheet)
    return [*values[:k], joined, *values[k + 2 :]]


def _extra_row(result: TableResult, obs: Observed, after: str | None, spec: Table3Spec) -> None:
    names = [c.name for c in spec.columns]
    values = _trim_blanks(obs.values, len(names))
    if len(values) != len(names):
        return
    cells: dict[str, Placed] = {}
    for piece, name in zip(values, names, strict=True):
        read = read_cell(piece.text, CellKind.COUNT)
        cells[name] = Placed("", read.value, piece, 0.7, Placement.ORDER, ["extract.extra_row"])
    result.extra_rows.append((obs.label.strip(), after, cells))


# --------------------------------------------------------------------------- Table 2


def read_table2(rows: Sequence[Row], start: int, template: Template, *, boxed: bool = False) -> TableResult:
    blocks = table2(template)
    all_rows: list[Table2Row] = [r for b in blocks for r in b.rows]
    result = TableResult(found=True)
    observed, headers = observe(rows, start, template, boxed=boxed)
    observed = _stitch_t2_labels(_join_wrapped_cells(observed), [r.keys for r in all_rows])
    observed = _labels_above_figures(observed, functools.partial(_names_t2_row, keys=[r.keys for r in all_rows]))
    _heading_and_notes(result, observed, "主动公开")
    block_keys = {b.name: b.keys for b in blocks}
    current_block: str | None = None
    header_words = {label_key(w) for w in ("信息内容",)} | {
        label_key(k) for r in all_rows for c in r.columns for k in c.keys
    }
    _t2_by_position(observed, blocks)
    for obs in observed:
        key = label_key(obs.label)
        names_block = False
        for name, keys in block_keys.items():
            if any(k in key for k in keys):
                current_block = name
                names_block = True
        if not obs.values or not obs.label:
            continue
        if all(not p.text.strip() for p in obs.values) and (names_block or any(w and w in key for w in header_words)):
            continue  # a block's heading or a header row, its merged cells written out empty
        matches = match_label(obs.label, [r.keys for r in all_rows], fuzzy=True)
        if current_block is not None and len(matches) > 1:
            inside = [m for m in matches if all_rows[m.index].block == current_block]
            matches = inside or matches
        if not matches:
            if current_block is not None and len(key) <= 20:
                _t2_extra(result, obs, current_block, blocks)
            continue
        row = all_rows[matches[0].index]
        if row.pointer in result.cells or any(p.startswith(row.pointer + "/") for p in result.cells):
            continue
        fuzzy = matches[0].fuzzy
        doubts = ["extract.fuzzy_label"] if fuzzy else []
        confidence = _CONFIDENCE_FUZZY if fuzzy else _CONFIDENCE_LABEL
        joined = _joined_figures(obs.values)
        if joined is not None:
            # neighbouring columns' figures joined in one cell (markitdown): apart, in
            # order, where as many as the row's columns; nothing adds them up to confirm it
            doubts = [*doubts, "extract.columns_unverified"]
            if len(joined) == len(row.columns):
                obs.values, obs.value_columns, obs.placed = joined, [], True
        values = obs.values
        mapping = None
        if obs.row.grid and obs.value_columns:
            mapping = _column_map({c: obs.header.get(c, "") for c in obs.value_columns}, row.columns)
        unit = _money_unit(obs, headers, template)
        if mapping is not None and len(mapping) == len(row.columns):
            for piece, column in zip(values, obs.value_columns, strict=True):
                spec = mapping[column]
                _place(
                    result, f"{row.pointer}/{spec.name}", piece, spec.kind, confidence, Placement.LABEL, doubts, unit
                )
            continue
        if obs.placed:
            values = _trim_blanks(values, len(row.columns))
            if obs.row.grid and len(values) > len(row.columns):
                # a value cell merged across several columns: the first ones that hold text
                filled = [p for p in values if p.text.strip()]
                if len(filled) == len(row.columns):
                    values = filled
        cut = _cut_short(values, len(row.columns))
        if cut is not None:
            cut_doubts = doubts if _cut_inside(values, obs.placed) else [*doubts, "extract.cut_off"]
            for piece, spec in zip(cut, row.columns, strict=False):
                _place(
                    result,
                    f"{row.pointer}/{spec.name}",
                    piece,
                    spec.kind,
                    _CONFIDENCE_CUT,
                    Placement.LABEL,
                    cut_doubts,
                    unit,
                )
            continue
        if len(values) != len(row.columns):
            code = "extract.collapsed_row" if len(values) < len(row.columns) else "extract.too_many_values"
            result.doubts.append(Doubt(row.pointer, code, {"count": len(values), "width": len(row.columns)}))
            continue
        for piece, spec in zip(values, row.columns, strict=True):
            column_confidence = min(confidence, _CONFIDENCE_ORDER_COLUMNS if len(row.columns) > 1 else confidence)
            _place(
                result, f"{row.pointer}/{spec.name}", piece, spec.kind, column_confidence, Placement.LABEL, doubts, unit
            )
    return result


def _join_wrapped_cells(observed: list[Observed]) -> list[Observed]:
    """Cells of a table laid out by position whose text wraps in a narrow column (22（其中修订16
    / 件）): the line below that prints only such continuations, each starting where a cell of
    the row above starts (right of its label), joins that row, each part to its cell."""
    out: list[Observed] = []
    for obs in observed:
        previous = out[-1] if out else None
        if previous is not None and _continues_cells(previous, obs):
            pieces = list(previous.row.pieces)
            for piece in obs.row.pieces:
                k = next(i for i, p in enumerate(pieces) if abs(_extent(p)[0] - _extent(piece)[0]) <= 2)  # type: ignore[index]
                pieces[k] = _joined_piece(pieces[k], piece)
            row = attrs.evolve(previous.row, pieces=pieces, line=" ".join(p.text for p in pieces))
            joined = split(row)
            joined.index = previous.index
            out[-1] = joined
            continue
        out.append(obs)
    return out


def _stitch_t2_labels(observed: list[Observed], keys: Sequence[tuple[str, ...]]) -> list[Observed]:
    """A row of Table 2 laid out by position whose label wraps round its figures (the label
    centred in its cell: 其他对外管理服务 / the figures / 事项): the figures take the label
    lines above and below them when, joined, they name a row better than either does alone."""
    out = list(observed)
    k = 0
    while k < len(out):
        obs = out[k]
        if obs.row.grid or obs.placed or obs.labels or not obs.values:
            k += 1
            continue
        above = out[k - 1] if k > 0 and _label_line(out[k - 1]) else None
        below = out[k + 1] if k + 1 < len(out) and _label_line(out[k + 1]) else None
        parts = [o for o in (above, below) if o is not None]

        def score(label: str) -> float:
            return max((m.score for m in match_label(label, keys, fuzzy=False) if not m.fuzzy), default=0.0)

        if len(parts) == 2 and score(parts[0].label + parts[1].label) > max(score(o.label) for o in parts):
            labels = [*parts[0].labels, *parts[1].labels]
            out[k] = attrs.evolve(obs, label=parts[0].label + parts[1].label, labels=labels)
            del out[k + 1]
            del out[k - 1]
            continue
        k += 1
    return out


def _labels_above_figures(observed: list[Observed], names: Callable[[str], int | str | None]) -> list[Observed]:
    """A row whose label a converter printed apart, on the line above its figures (规章 /
    ``| 0 | 0 | 0 |``; a long label wrapped over two lines): the figures take the label
    when it names one row of the table for sure (``names``: the row, or None) that no
    other line of the table names, the figures have no label of their own, no other
    label-only line stands above it (labels stacked over several rows' figures, as a
    converter writes a column of labels apart from its rows, say nothing of whose is
    whose), and no figures without a label stand right above the label (it may be theirs,
    printed under them)."""
    named: dict[int | str, int] = {}
    for obs in observed:
        row = names(obs.label) if obs.label else None
        if row is not None:
            named[row] = named.get(row, 0) + 1
    out = list(observed)
    k = 0
    while k < len(out):
        obs = out[k]
        if obs.labels or not obs.values or k == 0 or not _label_line(out[k - 1]):
            k += 1
            continue
        taken = 0
        stacked = 0  # the label-only lines right above the figures
        while stacked < k and _label_line(out[k - 1 - stacked]):
            stacked += 1
        for lines in (2, 1):
            if lines != stacked:
                continue  # labels stacked over several rows' figures: whose is whose is unsure
            before = next((o for o in reversed(out[: k - lines]) if _printed(o)), None)
            if before is not None and before.values and not before.label.strip():
                # figures without a label right above it too: the label may be theirs,
                # printed under them (a converter that sets a cell's words lower than
                # the row's figures), whose is whose is unsure
                continue
            above = out[k - lines : k]
            label = "".join(o.label for o in above)
            row = names(label)
            if row is None or named.get(row, 0) > (1 if lines == 1 else 0):
                continue
            labels = [p for o in above for p in o.labels]
            out[k] = attrs.evolve(obs, label=label, labels=labels)
            del out[k - lines : k]
            taken = lines
            break
        k += 1 - taken
    return out


def _label_line(obs: Observed) -> bool:
    return not obs.row.grid and not obs.placed and not obs.values and bool(obs.labels)


def _continues_cells(above: Observed, obs: Observed) -> bool:
    if above.row.grid or obs.row.grid or above.placed or obs.placed or len(above.row.pieces) < 2:
        return False
    pieces = obs.row.pieces
    extents = [_extent(p) for p in above.row.pieces]
    if not pieces or any(e is None for e in extents) or any(_extent(p) is None for p in pieces):
        return False
    label_end = extents[0][1]  # type: ignore[index]
    starts = [e[0] for e in extents[1:]]  # type: ignore[index]
    for piece in pieces:
        start = _extent(piece)[0]  # type: ignore[index]
        if start <= label_end or is_value_token(piece.text) or not any(abs(start - s) <= 2 for s in starts):
            return False
    # the cell above is left unfinished: a bracket not closed, or text that is no figure
    return all(
        not is_value_token(p.text)
        for p in above.row.pieces[1:]
        if any(abs(_extent(p)[0] - _extent(q)[0]) <= 2 for q in pieces)  # type: ignore[index]
    )


def _joined_piece(first: Piece, rest: Piece) -> Piece:
    box = None
    if first.bbox is not None and rest.bbox is not None:
        box = (
            min(first.bbox[0], rest.bbox[0]),
            min(first.bbox[1], rest.bbox[1]),
            max(first.bbox[2], rest.bbox[2]),
            max(first.bbox[3], rest.bbox[3]),
        )
    x = None
    if first.x is not None and rest.x is not None:
        x = (min(first.x[0], rest.x[0]), max(first.x[1], rest.x[1]))
    return attrs.evolve(first, text=first.text + rest.text, end=rest.end, bbox=box, x=x)


def _t2_by_position(observed: Sequence[Observed], blocks: Sequence[Table2Block]) -> None:
    """Each block of Table 2 laid out by position under its own header (its columns are
    its own): its rows' figures placed under their columns, blanks kept."""
    segments: list[tuple[Table2Block, list[Observed]]] = []
    for obs in observed:
        key = label_key(obs.label)
        named = next((b for b in blocks if any(k in key for k in b.keys)), None)
        if named is not None and not obs.values:
            segments.append((named, []))
        elif segments:
            segments[-1][1].append(obs)
    for block, rows in segments:
        columns = block.rows[0].columns
        if len(columns) < 2 or any(r.columns != columns for r in block.rows):
            continue

        def names(label: str, block: Table2Block = block) -> bool:
            matches = match_label(label, [r.keys for r in block.rows], fuzzy=False)
            return len(matches) == 1

        place_by_position(rows, columns, names)


def _money_unit(obs: Observed, headers: dict[int, dict[int, str]], template: Template) -> MoneyUnit | None:
    """The unit a money column states (（单位：万元）); gb2021's fee column is in 万元 by the template."""
    texts = [obs.row.text]
    if obs.row.grid:
        texts.extend(obs.header.values())
    joined = fold("".join(texts))
    if "万元" in joined:
        return MoneyUnit.WAN_YUAN
    if re.search(r"单位[:：]?\s*元", joined):
        return MoneyUnit.YUAN
    return MoneyUnit.WAN_YUAN if template is Template.GB2021 else None


def _t2_extra(result: TableResult, obs: Observed, block: str, blocks: Sequence[object]) -> None:
    spec = next(b for b in table2_blocks(blocks) if b[0] == block)
    columns = spec[1]
    values = _trim_blanks(obs.values, len(columns))
    if len(values) != len(columns):
        return
    cells = {}
    for piece, column in zip(values, columns, strict=True):
        read = read_cell(piece.text, CellKind.COUNT)
        cells[column.name] = Placed("", read.value, piece, 0.7, Placement.LABEL, ["extract.extra_row"])
    result.extra_rows.append((obs.label.strip(), block, cells))


def table2_blocks(blocks: Sequence[object]) -> list[tuple[str, tuple[ColumnSpec, ...]]]:
    out = []
    for block in blocks:
        rows = block.rows  # type: ignore[attr-defined]
        if rows:
            out.append((block.name, rows[0].columns))  # type: ignore[attr-defined]
    return out


# --------------------------------------------------------------------------- Table 4


def read_table4(rows: Sequence[Row], start: int, *, boxed: bool = False) -> TableResult:
    groups, outcomes = table4()
    result = TableResult(found=True)
    observed, _headers = observe(rows, start, boxed=boxed)
    _heading_and_notes(result, observed, "行政复议")
    # laid out by position: the whole table in one row under its fifteen headings, or a
    # row for each group under five
    if not place_by_position(observed, [*outcomes] * len(groups)):
        place_by_position(observed, outcomes)
    base = TABLE4
    order = [(g.name, o.name) for g in groups for o in outcomes]
    group_keys = {g.name: g.keys for g in groups}
    if _t4_transposed(result, observed, [g.name for g in groups], outcomes, group_keys):
        return result
    current: str | None = None
    pending: list[Observed] = []
    for obs in observed:
        key = label_key(obs.label or obs.row.text)
        named = _t4_group(key, group_keys)
        if any(word in key for word in ("结果维持", "结果纠正", "尚未审结", "其他结果")):
            named = None  # a header row over the figures, not a group's own heading
        if named is not None and not obs.values:
            # a heading of one group; a header line naming several (未经复议直接起诉复议后起诉) is none
            current = named if len(_t4_groups_named(key)) == 1 else None
        if not obs.values or (not _has_number(obs) and not obs.placed):
            continue
        if not _has_number(obs) and key and named is None and _t4_outcome(key, outcomes) is None:
            continue  # a row of words and blank cells that names nothing of the table (填报人 张三)
        if not obs.row.grid and not _has_number(obs) and len(obs.labels) >= 2:
            continue  # a header row (行政复议 | 行政诉讼 | | |), its merged cells written out empty
        if obs.row.grid and obs.value_columns:
            placed = _t4_by_headers(result, obs, obs.header, group_keys, outcomes, named or current)
            if placed:
                continue
        group = named or current
        _split_joined_cells(obs, 15 if group is None else 5, _totals_last(5))
        values = obs.values
        if obs.placed:
            values = _trim_blanks(values, 15 if group is None or len(values) >= 15 else 5)
        if len(values) == 15:
            group = None  # the whole table's figures in one row
        # a row the source ends in: its group named on the row or by the heading above
        sure_group = named or current
        cut = _cut_short(values, 5, total=True) if sure_group is not None and len(values) < 15 else None
        if cut is not None:
            group = sure_group
            cut_doubts = [] if _cut_inside(values, obs.placed) else ["extract.cut_off"]
            for piece, outcome in zip(cut, outcomes, strict=False):
                _place(
                    result,
                    f"{base}/{group}/{outcome.name}",
                    piece,
                    CellKind.COUNT,
                    _CONFIDENCE_CUT,
                    Placement.LABEL,
                    cut_doubts,
                )
            continue
        if group is not None and len(values) == 5:
            for piece, outcome in zip(values, outcomes, strict=True):
                _place(result, f"{base}/{group}/{outcome.name}", piece, CellKind.COUNT, 0.96, Placement.LABEL)
            current = None
            continue
        pending.append(attrs.evolve(obs, values=values))
    figures = [p for obs in pending for p in obs.values]
    if figures and not result.cells:
        cut = _cut_short(figures, len(order))
        if cut is not None and len(figures) == len(order):
            # the whole table in one row that the source ends in: its last figure may be cut
            # short, unless its group's total confirms it
            numbers = [_number(p) for p in figures[-len(outcomes) :]]
            if all(n is not None for n in numbers) and sum(n for n in numbers[:-1] if n is not None) == numbers[-1]:
                cut = None
        if len(figures) == len(order) and cut is None:
            for piece, (group_name, outcome_name) in zip(figures, order, strict=True):
                _place(result, f"{base}/{group_name}/{outcome_name}", piece, CellKind.COUNT, 0.96, Placement.LABEL)
        elif cut is not None:
            # the source ends in the table: the figures fill it from its first cell
            whole = all(obs.placed for obs in pending)
            cut_doubts = [] if _cut_inside(figures, whole) else ["extract.cut_off"]
            for piece, (group_name, outcome_name) in zip(cut, order, strict=False):
                pointer = f"{base}/{group_name}/{outcome_name}"
                _place(result, pointer, piece, CellKind.COUNT, _CONFIDENCE_CUT, Placement.LABEL, cut_doubts)
        else:
            resolved = _t4_resolve(figures, order)
            if resolved is None:
                result.doubts.append(Doubt(base, "extract.collapsed_row", {"count": len(figures), "width": len(order)}))
            else:
                for (group_name, outcome_name), found in resolved.items():
                    pointer = f"{base}/{group_name}/{outcome_name}"
                    if found is None:
                        result.cells[pointer] = Placed(pointer, Cell(CellStatus.BLANK), None, 0.85, Placement.IDENTITY)
                    else:
                        _place(result, pointer, found, CellKind.COUNT, 0.85, Placement.IDENTITY)
    return result


def _t4_outcome(key: str, outcomes: Sequence[ColumnSpec]) -> str | None:
    """The outcome a heading names (结果维持, 其他结果, 总计 …), if one: the last a key names,
    the one whose key ends the heading first."""
    outcome = None
    for spec in outcomes:
        if any(k in key for k in spec.keys if len(k) >= 2):
            outcome = spec.name
            if key.endswith(spec.keys[0]) or key.endswith(spec.keys[-1]):
                break
    if key.endswith(("总计", "合计")):
        return "total"
    if "其他" in key and "结果" in key:
        return "other"
    return outcome


def _t4_transposed(
    result: TableResult,
    observed: Sequence[Observed],
    group_names: Sequence[str],
    outcomes: Sequence[ColumnSpec],
    group_keys: dict[str, tuple[str, ...]],
) -> bool:
    """Table 4 printed the other way round: a row per outcome (结果维持 … 总计), a column
    per group (行政复议, 未经复议直接起诉, 复议后起诉: as the header names them, else in the
    template's order). Placed when four outcomes or more are rows of three figures each."""
    rows: list[tuple[str, Observed, list[Piece]]] = []
    for obs in observed:
        key = label_key(obs.label or "")
        if not obs.values or not key or _t4_group(key, group_keys) is not None or "行政诉讼" in key:
            continue
        outcome = _t4_outcome(key, outcomes)
        if outcome is None:
            continue
        values = _trim_blanks(obs.values, 3) if obs.placed else obs.values
        if len(values) != 3 or not any(_number(p) is not None for p in values):
            return False  # an outcome's row of another shape: not this layout
        rows.append((outcome, obs, values))
    if len(rows) < 4 or len({outcome for outcome, _, _ in rows}) != len(rows):
        return False
    for outcome, obs, values in rows:
        columns = list(group_names)
        if obs.row.grid and obs.value_columns and len(obs.value_columns) == 3:
            named = [_t4_group(label_key(obs.header.get(c, "")), group_keys) for c in obs.value_columns]
            if all(named) and len(set(named)) == 3:
                columns = [n for n in named if n is not None]
        for piece, group in zip(values, columns, strict=True):
            _place(result, f"{TABLE4}/{group}/{outcome}", piece, CellKind.COUNT, 0.9, Placement.LABEL)
    return True


def _t4_groups_named(key: str) -> set[str]:
    named = set()
    if "未经复议" in key or "直接起诉" in key:
        named.add("litigation_direct")
    if "复议后起诉" in key:
        named.add("litigation_after_review")
    if "行政复议" in key:
        named.add("administrative_review")
    if "行政诉讼" in key and not named - {"administrative_review"}:
        named |= {"litigation_direct", "litigation_after_review"}
    return named


def _t4_group(key: str, group_keys: dict[str, tuple[str, ...]]) -> str | None:
    if "未经复议" in key or "直接起诉" in key:
        return "litigation_direct"
    if "复议后起诉" in key:
        return "litigation_after_review"
    if "行政复议" in key and "行政诉讼" not in key:
        return "administrative_review"
    return None


def _t4_by_headers(
    result: TableResult,
    obs: Observed,
    header: dict[int, str],
    group_keys: dict[str, tuple[str, ...]],
    outcomes: Sequence[ColumnSpec],
    context: str | None,
) -> bool:
    placements: dict[int, tuple[str, str]] = {}
    for column in obs.value_columns:
        key = label_key(header.get(column, ""))
        group = _t4_group(key, group_keys) or context
        outcome = _t4_outcome(key, outcomes)
        if group is None or outcome is None:
            return False
        placements[column] = (group, outcome)
    if len(set(placements.values())) != len(placements):
        return False
    for piece, column in zip(obs.values, obs.value_columns, strict=True):
        group, outcome = placements[column]
        _place(result, f"/body/review_litigation/{group}/{outcome}", piece, CellKind.COUNT, 0.98, Placement.LABEL)
    return True


def _t4_resolve(figures: list[Piece], order: list[tuple[str, str]]) -> dict[tuple[str, str], Piece | None] | None:
    """Figures of Table 4 whose blank cells collapsed: placed only when the three
    identities (总计 = the other four, blanks read as nothing) admit exactly one placement."""
    numbers = [_number(p) for p in figures]
    if any(n is None for n in numbers) or len(figures) > len(order) or len(figures) > 12:
        return None
    found: list[tuple[int, ...]] = []
    for positions in itertools.combinations(range(len(order)), len(figures)):
        chosen = dict(zip(positions, numbers, strict=True))
        ok = True
        for g in range(3):
            cells = [chosen.get(g * 5 + c) for c in range(5)]
            total = cells[4]
            parts = [c for c in cells[:4] if c is not None]
            if (total is None and parts) or (total is not None and total != sum(parts)):
                ok = False
        if ok:
            found.append(positions)
            if len(found) > 1:
                return None
    if len(found) != 1:
        return None
    out: dict[tuple[str, str], Piece | None] = dict.fromkeys(order)
    for position, piece in zip(found[0], figures, strict=True):
        out[order[position]] = piece
    return out


def decimal_of(value: object) -> decimal.Decimal | None:
    from govdisclosure.extraction._values import number_of

    return number_of(value)
