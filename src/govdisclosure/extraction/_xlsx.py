"""Spreadsheets (.xlsx) into rows: every sheet a grid, merged ranges filled in.

A workbook written by ``govdisclosure new --xlsx`` is read by position (its hidden
sheet names each figure's cell); any other workbook of the official tables is read
by its labels, like a web page's tables.
"""

from __future__ import annotations

import datetime
import decimal
import io
from typing import Any

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
    text = TextBuilder()
    add = text.add

    rows: list[Row] = []
    positions: dict[str, tuple[Piece, CellKind]] = {}
    envelope: dict[str, str] = {}
    folded = False
    form = MAP_SHEET in book.sheetnames and _text(book[MAP_SHEET]["A1"].value) == FORM_MARKER
    for number, sheet in enumerate(book.worksheets, start=1):
        if sheet.title == MAP_SHEET:
            continue
        if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
            return None, [make_finding("input.too_large", size=f"{sheet.max_row}×{sheet.max_column} cells",
                                       limit=MAX_CELLS)]  # fmt: skip
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for ranges in sheet.merged_cells.ranges:
            for r in range(ranges.min_row, ranges.max_row + 1):
                for c in range(ranges.min_col, ranges.max_col + 1):
                    merged[(r, c)] = (ranges.min_row, ranges.min_col, ranges.max_row, ranges.max_col)
        pieces_at: dict[tuple[int, int], Piece] = {}
        width = sheet.max_column or 0
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
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
            for r in range(2, (sheet.max_row or 1) + 1):
                label = _text(sheet.cell(row=r, column=1).value)
                if label in labels:
                    envelope[labels[label]] = _text(sheet.cell(row=r, column=2).value)
    if form:
        mapping = book[MAP_SHEET]
        for row in mapping.iter_rows(min_row=2, values_only=True):
            if not row or not row[0]:
                continue
            pointer, sheet_name, ref, kind = _text(row[0]), _text(row[1]), _text(row[2]), _text(row[3])
            if sheet_name not in book.sheetnames:
                continue
            cell = book[sheet_name][ref]
            raw = _text(cell.value)
            content = fold_compatibility(raw)
            folded = folded or content != raw
            start, end = add(content)
            add("\n")
            piece = Piece(content, start, end, sheet=sheet_name, row=cell.row, column=cell.column,
                          table=book.sheetnames.index(sheet_name) + 1)  # fmt: skip
            positions[pointer] = (piece, CellKind(kind) if kind in _KINDS else CellKind.COUNT)
        envelope["template"] = _text(mapping["C1"].value)
    layout = Layout(text.value(), rows)
    if folded:
        layout.notes.append("extract.compatibility_folded")
    if form:
        layout.positions = positions
        layout.envelope = envelope
    return layout, []


def _row_label(text: str) -> bool:
    """A row's label alone on its row: a row of the tables printed blank, not a heading."""
    from govdisclosure.extraction._tables import _flattened_width

    return len(text) <= 60 and _flattened_width(text, rows_only=True) is not None


def a1(piece: Piece) -> str | None:
    """``表三!C12`` for a piece read from a sheet."""
    if piece.sheet is None or piece.row is None or piece.column is None:
        return None
    return f"{piece.sheet}!{cell_name(piece.row, piece.column)}"
