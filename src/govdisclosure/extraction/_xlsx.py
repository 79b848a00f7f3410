"""Spreadsheets (.xlsx) into rows: every sheet a grid, merged ranges filled in.

A workbook written by ``govdisclosure new --xlsx`` is read by position (its hidden
sheet names each figure's cell); any other workbook of the official tables is read
by its labels, like a web page's tables.
"""

from __future__ import annotations

import datetime
import decimal
import io
import re
from typing import Any

import attrs

from govdisclosure.extraction._form import FORM_MARKER, INFO_FIELDS, INFO_SHEET, MAP_SHEET, cell_name
from govdisclosure.extraction._layout import Layout, Piece, Row, TextBuilder
from govdisclosure.extraction._normalize import fold_compatibility
from govdisclosure.extraction._values import is_value_token
from govdisclosure.findings import Finding, make_finding
from govdisclosure.model import CellKind

_KINDS = {k.value for k in CellKind}

#: Cells read at most per sheet (a sheet that claims a million rows is not a report).
MAX_CELLS = 200_000


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(decimal.Decimal(repr(value)).normalize(), "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


@attrs.define
class Sheet:
    """A sheet as its values (row 1 first, each row ``width`` long) and merged ranges
    (first row, first column, last row, last column; 1-based)."""

    title: str
    values: list[list[Any]]
    merged: list[tuple[int, int, int, int]]
    height: int
    width: int

    def value(self, row: int, column: int) -> Any:
        if 1 <= row <= len(self.values) and 1 <= column <= len(self.values[row - 1]):
            return self.values[row - 1][column - 1]
        return None


def xlsx_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    try:
        import openpyxl
    except ImportError:
        return None, [make_finding("extract.needs_extra", what="a spreadsheet (.xlsx)", what_zh="电子表格（.xlsx）")]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        return None, [
            make_finding(
                "input.unreadable",
                reason=f"not a readable workbook ({type(exc).__name__})",
                reason_zh="不是可读取的电子表格",
            )
        ]
    sheets = []
    for sheet in book.worksheets:
        height, width = sheet.max_row or 0, sheet.max_column or 0
        if height * width > MAX_CELLS:
            return None, [make_finding("input.too_large", size=f"{height}×{width} cells", limit=MAX_CELLS)]
        ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        sheets.append(Sheet(sheet.title, values, ranges, height, width))
    return book_layout(sheets), []


def book_layout(sheets: list[Sheet]) -> Layout:
    """A workbook's sheets as rows: every sheet a grid, merged ranges filled in; a form
    written by ``govdisclosure new --xlsx`` read by position through its map sheet."""
    text = TextBuilder()
    add = text.add
    by_name = {sheet.title: sheet for sheet in sheets}
    rows: list[Row] = []
    positions: dict[str, tuple[Piece, CellKind]] = {}
    envelope: dict[str, str] = {}
    folded = False
    form = MAP_SHEET in by_name and _text(by_name[MAP_SHEET].value(1, 1)) == FORM_MARKER
    for number, sheet in enumerate(sheets, start=1):
        if sheet.title == MAP_SHEET:
            continue
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for ranges in sheet.merged:
            for r in range(ranges[0], ranges[2] + 1):
                for c in range(ranges[1], ranges[3] + 1):
                    merged[(r, c)] = ranges
        pieces_at: dict[tuple[int, int], Piece] = {}
        width = sheet.width
        for r, values in enumerate(sheet.values, start=1):
            row_pieces: list[Piece] = []
            spans: list[tuple[int, int]] = []
            carried: list[bool] = []
            c = 1
            while c <= len(values):
                origin = merged.get((r, c))
                if origin is not None and (origin[0], origin[1]) != (r, c):
                    # covered by a merged range that starts in a row above
                    piece = pieces_at.get((origin[0], origin[1]))
                    if piece is not None:
                        row_pieces.append(piece)
                        spans.append((origin[1] - 1, origin[3] - 1))
                        carried.append(True)
                    c = origin[3] + 1
                    continue
                raw = _text(values[c - 1])
                content = fold_compatibility(raw)
                folded = folded or content != raw
                start, end = add(content)
                add("\t")
                piece = Piece(content, start, end, table=number, row=r, column=c, sheet=sheet.title)
                pieces_at[(r, c)] = piece
                last = origin[3] if origin is not None else c
                row_pieces.append(piece)
                spans.append((c - 1, last - 1))
                carried.append(False)
                c = last + 1
            add("\n")
            if not any(p.text for p in row_pieces):
                continue
            filled = [p for p in row_pieces if p.text]
            if len(filled) == 1 and not form and not _row_label(filled[0].text) and not is_value_token(filled[0].text):
                # a title or a heading alone on its row: a line of text (a figure or a
                # marker alone is a row of the grid whose other cells are empty)
                piece = filled[0]
                rows.append(Row([piece], line=piece.text, offsets=list(range(piece.start or 0, piece.end or 0))))
                continue
            rows.append(Row(row_pieces, grid=True, spans=spans, carried=carried, table=number, width=width))
        if form and sheet.title == INFO_SHEET:
            labels = {label: key for key, label, _ in INFO_FIELDS}
            for r in range(2, sheet.height + 1):
                label = _text(sheet.value(r, 1))
                if label in labels:
                    envelope[labels[label]] = _text(sheet.value(r, 2))
    if form:
        mapping = by_name[MAP_SHEET]
        names = [sheet.title for sheet in sheets]
        for values in mapping.values[1:]:
            if not values or not values[0]:
                continue
            pointer, sheet_name, ref, kind = (_text(v) for v in [*values, None, None, None][:4])
            place = cell_place(ref)
            if sheet_name not in by_name or place is None:
                continue
            raw = _text(by_name[sheet_name].value(*place))
            content = fold_compatibility(raw)
            folded = folded or content != raw
            start, end = add(content)
            add("\n")
            piece = Piece(content, start, end, sheet=sheet_name, row=place[0], column=place[1],
                          table=names.index(sheet_name) + 1)  # fmt: skip
            positions[pointer] = (piece, CellKind(kind) if kind in _KINDS else CellKind.COUNT)
        envelope["template"] = _text(mapping.value(1, 3))
    layout = Layout(text.value(), rows)
    if folded:
        layout.notes.append("extract.compatibility_folded")
    if form:
        layout.positions = positions
        layout.envelope = envelope
    return layout


def _row_label(text: str) -> bool:
    """A row's label alone on its row: a row of the tables printed blank, not a heading."""
    from govdisclosure.extraction._tables import _flattened_width

    return len(text) <= 60 and _flattened_width(text, rows_only=True) is not None


def a1(piece: Piece) -> str | None:
    """``表三!C12`` for a piece read from a sheet."""
    if piece.sheet is None or piece.row is None or piece.column is None:
        return None
    return f"{piece.sheet}!{cell_name(piece.row, piece.column)}"


def cell_place(ref: str) -> tuple[int, int] | None:
    """``C12`` as (row 12, column 3); None for anything else."""
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})", ref.strip().upper())
    if match is None:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column
