"""Word 97–2003 (.doc, and the .wps WPS Office saves in that format) into rows:
paragraphs become lines, tables become grids with their merged cells filled in.

Read with the standard library from the file's own structures ([MS-DOC]): the text
through the piece table, each paragraph's properties through the paragraph runs
(which paragraph ends a cell, which ends a row), and each row's cell boundaries and
vertical merges from its table definition. Columns are the boundaries of all the
rows of a table: a cell spanning three of another row's cells spans three columns.
Field codes (the instructions of a hyperlink or a page number) are not text; their
results are.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator

import attrs

from govdisclosure.errors import GovDisclosureError
from govdisclosure.extraction._docx import GridCell, grid_rows, line_row
from govdisclosure.extraction._layout import Layout, Piece, Row, TextBuilder, runs
from govdisclosure.extraction._normalize import fold_compatibility, strip_pinyin
from govdisclosure.extraction._ole import CompoundFile, CompoundFileError
from govdisclosure.findings import Finding, make_finding

_WORD_IDENT = 0xA5EC
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_F_OBFUSCATED = 0x8000

# paragraph and table properties (sprm codes of [MS-DOC] 2.6.2 and 2.6.4)
_IN_TABLE = 0x2416
_TTP = 0x2417
_ITAP = 0x6649
_INNER_CELL = 0x244B
_INNER_TTP = 0x244C
_DEF_TABLE = 0xD608
_VERT_MERGE = 0xD62B
_CHANGE_TABS = 0xC615
_HUGE_PAPX = (0x6645, 0x6646)  # the properties are in the Data stream (a row of many cells)
# character properties: text deleted with its changes tracked, hidden text (neither prints)
_DELETED = 0x0800
_VANISH = 0x083C
#: A character property's operand that turns it on (1), or turns the style's off one on (0x81).
_ON = (b"\x01", b"\x81")
#: Characters that give the document its structure: kept whatever their properties.
_STRUCTURE = "\r\x07\x13\x14\x15"

#: Boundaries of two rows' cells closer than this (twips; 1 mm is 57) are one column edge.
_EDGE_TOLERANCE = 60

#: The characters of a compressed (8-bit) piece that are not Latin-1 ([MS-DOC] 2.4.1).
_COMPRESSED = {
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
    0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152", 0x91: "\u2018",
    0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
}  # fmt: skip


class _DocError(CompoundFileError):
    """A Word stream that cannot be read, inside a sound compound file."""


def doc_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    """A Word 97–2003 file as rows; a finding instead when it cannot be read."""
    try:
        compound = CompoundFile(data)
        document = compound.read("WordDocument")
        if document is None:
            # a workbook is read by the .xls reader; this is a presentation or another file
            return None, [
                make_finding(
                    "extract.unsupported_format",
                    what="an Office 97–2003 file that is no Word document or workbook: save it as .docx",
                    what_zh="既非Word文档也非工作簿的Office 97–2003文件：请另存为.docx",
                )
            ]
        paragraphs = _read(document, compound)
    except CompoundFileError as exc:
        return None, [make_finding("input.unreadable", reason=exc.reason, reason_zh=exc.reason_zh)]
    except _Encrypted:
        return None, [make_finding("extract.encrypted", what="Word document", what_zh="Word文档")]
    except (struct.error, IndexError) as exc:
        return None, [
            make_finding(
                "input.unreadable",
                reason=f"the Word 97–2003 document is damaged ({exc})",
                reason_zh="Word 97–2003文档已损坏",
            )
        ]
    text = TextBuilder()
    rows: list[Row] = []
    images: list[int] = []
    number = 0
    for block in _blocks(_unframed(paragraphs)):
        if isinstance(block, _Paragraph):
            words = _clean(block.text)
            if words.strip():
                start, _end = text.add(words)
                text.add("\n")
                rows.append(line_row(words, start))
            elif "\x01" in block.text or "\x08" in block.text:
                images.append(len(rows))  # a paragraph that is a picture (or a drawing) only
        else:
            number += 1
            rows.extend(_grid(block, number, text))
    layout = Layout(text.value(), rows, images=images)
    if any(fold_compatibility(p.text) != p.text for p in paragraphs):
        layout.notes.append("extract.compatibility_folded")
    return layout, []


class _Encrypted(GovDisclosureError):
    """The document is encrypted or obfuscated (always caught: reported as a finding)."""


# --------------------------------------------------------------------------- the file's structures


@attrs.define
class _Paragraph:
    """A paragraph's text (without its mark), its mark and the properties that place it."""

    text: str
    mark: str
    in_table: bool = False
    depth: int = 0  # nesting of tables: 1 for a table in the body
    row_end: bool = False
    inner_cell: bool = False
    inner_row_end: bool = False
    edges: list[int] | None = None  # a row's cell boundaries (twips), on the mark that ends it
    vertical: list[int] | None = None  # each cell's vertical merge (0 none, 1 continues, 3 starts)
    horizontal: list[int] | None = None  # each cell's horizontal merge (0 none, 1 starts, 2 continues)


def _read(document: bytes, compound: CompoundFile) -> list[_Paragraph]:
    ident, n_fib = struct.unpack_from("<HH", document, 0)
    if ident != _WORD_IDENT:
        raise _DocError("not a Word document (its header is not Word's)", "不是Word文档（文件头不符）")
    (flags,) = struct.unpack_from("<H", document, 0x0A)
    if flags & _F_ENCRYPTED or flags & _F_OBFUSCATED:
        raise _Encrypted
    if n_fib < 0x00C1:  # Word 6 and 95 (nFib 101–105) and older wrote another format
        raise _DocError(
            "a Word 6/95 document (an older format): save it as .docx", "Word 6/95文档（更早的格式）：请另存为.docx"
        )
    table = compound.read("1Table" if flags & _F_WHICH_TABLE else "0Table")
    if table is None:
        raise _DocError("the Word document has no table stream", "Word文档缺少表流")
    position = 0x20
    (csw,) = struct.unpack_from("<H", document, position)
    position += 2 + 2 * csw
    (cslw,) = struct.unpack_from("<H", document, position)
    longs = struct.unpack_from(f"<{cslw}I", document, position + 2)
    position += 2 + 4 * cslw
    (count,) = struct.unpack_from("<H", document, position)
    pairs = struct.unpack_from(f"<{2 * count}I", document, position + 2)
    text_length = longs[3]  # ccpText: the main document's characters

    def pair(index: int) -> tuple[int, int]:
        return (pairs[2 * index], pairs[2 * index + 1]) if index < count else (0, 0)

    pieces = _pieces(table, *pair(33))  # fcClx
    runs = _paragraph_runs(document, table, *pair(13))  # fcPlcfBtePapx
    text, places = _text(document, pieces, text_length)
    unprinted = _unprinted(document, table, *pair(12))  # fcPlcfBteChpx
    return _paragraphs(_printed(text, places, unprinted), places, runs, compound.read("Data") or b"")


def _unprinted(document: bytes, table: bytes, offset: int, length: int) -> list[tuple[int, int]]:
    """The stream's byte ranges whose characters do not print: deleted with the document's
    changes tracked (Word keeps them until the change is accepted), or hidden."""
    if not length or offset + length > len(table):
        return []
    n = (length - 4) // 8
    pages = struct.unpack_from(f"<{n}I", table, offset + 4 * (n + 1))
    out: list[tuple[int, int]] = []
    for page in pages:
        start = (page & 0x3FFFFF) * 512
        fkp = document[start : start + 512]
        count = fkp[511] if len(fkp) == 512 else 0
        if not count or 5 * count + 4 > 511:
            continue
        limits = struct.unpack_from(f"<{count + 1}I", fkp, 0)
        for i in range(count):
            at = 2 * fkp[4 * (count + 1) + i]
            if not at or at >= 511:
                continue
            grpprl = fkp[at + 1 : at + 1 + fkp[at]]
            if any(code in (_DELETED, _VANISH) and operand[:1] in _ON for code, operand in _sprms(grpprl)):
                out.append((limits[i], limits[i + 1]))
    return sorted(out)


def _printed(text: str, places: list[tuple[int, int, int, bool]], unprinted: list[tuple[int, int]]) -> str:
    """The text with the characters that do not print blanked out of it (as NUL, which no
    paragraph keeps), so that every character keeps its place."""
    if not unprinted:
        return text
    chars = list(text)
    for first, n, offset, compressed in places:
        width = 1 if compressed else 2
        end = offset + n * width
        for a, b in unprinted:
            if b <= offset or a >= end:
                continue
            lo = first + max(0, -(-(a - offset) // width))
            hi = first + min(n, (b - offset) // width)
            for i in range(lo, hi):
                if chars[i] not in _STRUCTURE:
                    chars[i] = "\x00"
    return "".join(chars)


@attrs.frozen
class _Piece:
    start: int  # first character position
    end: int
    offset: int  # byte offset in the WordDocument stream
    compressed: bool


def _pieces(table: bytes, offset: int, length: int) -> list[_Piece]:
    if not length or offset + length > len(table):
        raise _DocError("the Word document's piece table is missing", "Word文档缺少文本片段表")
    position = offset
    end = offset + length
    while position < end:
        kind = table[position]
        if kind == 1:  # formatting of pieces: skipped
            (size,) = struct.unpack_from("<H", table, position + 1)
            position += 3 + size
        elif kind == 2:
            (size,) = struct.unpack_from("<I", table, position + 1)
            position += 5
            n = (size - 4) // 12
            if n <= 0 or position + size > len(table):
                break
            starts = struct.unpack_from(f"<{n + 1}I", table, position)
            out = []
            for i in range(n):
                (value,) = struct.unpack_from("<I", table, position + 4 * (n + 1) + 8 * i + 2)
                compressed = bool(value & 0x40000000)
                byte = value & 0x3FFFFFFF
                out.append(_Piece(starts[i], starts[i + 1], byte // 2 if compressed else byte, compressed))
            return out
        else:
            break
    raise _DocError("the Word document's piece table is damaged", "Word文档的文本片段表已损坏")


def _text(document: bytes, pieces: list[_Piece], length: int) -> tuple[str, list[tuple[int, int, int, bool]]]:
    """The main document's text, and where each piece's characters lie in the stream."""
    parts: list[str] = []
    places: list[tuple[int, int, int, bool]] = []  # (first char in the text, count, byte offset, compressed)
    taken = 0
    for piece in sorted(pieces, key=lambda p: p.start):
        if taken >= length:
            break
        n = min(piece.end, length) - piece.start
        if n <= 0:
            continue
        if piece.compressed:
            raw = document[piece.offset : piece.offset + n]
            chunk = "".join(_COMPRESSED.get(b, chr(b)) for b in raw)
        else:
            raw = document[piece.offset : piece.offset + 2 * n]
            chunk = raw.decode("utf-16-le", "replace")
        if len(chunk) < n:
            raise _DocError("the Word document's text is cut short", "Word文档的文本不完整")
        places.append((taken, n, piece.offset, piece.compressed))
        parts.append(chunk)
        taken += n
    return "".join(parts), places


def _paragraph_runs(document: bytes, table: bytes, offset: int, length: int) -> list[tuple[int, int, bytes]]:
    """Every run of paragraph properties: (first byte, end byte, the properties)."""
    if not length or offset + length > len(table):
        return []
    n = (length - 4) // 8
    pages = struct.unpack_from(f"<{n}I", table, offset + 4 * (n + 1))
    runs: list[tuple[int, int, bytes]] = []
    for page in pages:
        start = (page & 0x3FFFFF) * 512
        fkp = document[start : start + 512]
        if len(fkp) < 512:
            continue
        count = fkp[511]
        limits = struct.unpack_from(f"<{count + 1}I", fkp, 0)
        for i in range(count):
            at = 2 * fkp[4 * (count + 1) + 13 * i]
            grpprl = b""
            if at:
                size = fkp[at]
                if size:
                    grpprl = fkp[at + 1 : at + 1 + 2 * size - 1]
                else:
                    size = fkp[at + 1]
                    grpprl = fkp[at + 2 : at + 2 + 2 * size]
            runs.append((limits[i], limits[i + 1], grpprl[2:]))  # the style's index first
    runs.sort()
    return runs


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    position = 0
    while position + 2 <= len(grpprl):
        (code,) = struct.unpack_from("<H", grpprl, position)
        position += 2
        kind = code >> 13
        if kind in (0, 1):
            size = 1
        elif kind in (2, 4, 5):
            size = 2
        elif kind == 3:
            size = 4
        elif kind == 7:
            size = 3
        elif code == _DEF_TABLE:
            if position + 2 > len(grpprl):
                return
            (size,) = struct.unpack_from("<H", grpprl, position)
            position += 2
            size -= 1
        elif code == _CHANGE_TABS and position < len(grpprl) and grpprl[position] == 255:
            deleted = grpprl[position + 1] if position + 1 < len(grpprl) else 0
            added_at = position + 2 + 4 * deleted
            added = grpprl[added_at] if added_at < len(grpprl) else 0
            size = 1 + 1 + 4 * deleted + 1 + 3 * added
        else:
            if position >= len(grpprl):
                return
            size = grpprl[position]
            position += 1
        if size < 0 or position + size > len(grpprl):
            return
        yield code, grpprl[position : position + size]
        position += size


def _paragraphs(
    text: str, places: list[tuple[int, int, int, bool]], runs: list[tuple[int, int, bytes]], data: bytes
) -> list[_Paragraph]:
    starts = [r[0] for r in runs]
    firsts = [p[0] for p in places]
    out: list[_Paragraph] = []
    begin = 0
    for index, char in enumerate(text):
        if char not in "\r\x07":
            continue
        paragraph = _Paragraph(text[begin:index].replace("\x00", ""), char)
        begin = index + 1
        out.append(paragraph)
        # the mark's byte in the stream, and the run of properties it ends
        at = bisect.bisect_right(firsts, index) - 1
        if at < 0:
            continue
        first, _n, offset, compressed = places[at]
        byte = offset + (index - first) * (1 if compressed else 2)
        run = bisect.bisect_right(starts, byte) - 1
        if run < 0 or not runs[run][0] <= byte < runs[run][1]:
            continue
        _properties(paragraph, runs[run][2], data)
    return out


def _properties(paragraph: _Paragraph, grpprl: bytes, data: bytes, depth: int = 0) -> None:
    for code, operand in _sprms(grpprl):
        if code in _HUGE_PAPX and depth == 0 and len(operand) == 4:
            (at,) = struct.unpack("<I", operand)
            if at + 2 <= len(data):
                (size,) = struct.unpack_from("<H", data, at)
                _properties(paragraph, data[at + 2 : at + 2 + size], data, 1)
        elif code == _IN_TABLE:
            paragraph.in_table = bool(operand[0])
            if paragraph.in_table and not paragraph.depth:
                paragraph.depth = 1
        elif code == _TTP:
            paragraph.row_end = bool(operand[0])
        elif code == _ITAP:
            (paragraph.depth,) = struct.unpack("<i", operand)
            paragraph.in_table = paragraph.depth > 0
        elif code == _INNER_CELL:
            paragraph.inner_cell = bool(operand[0])
        elif code == _INNER_TTP:
            paragraph.inner_row_end = bool(operand[0])
        elif code == _DEF_TABLE and operand:
            columns = operand[0]
            if len(operand) < 1 + 2 * (columns + 1):
                continue
            paragraph.edges = list(struct.unpack_from(f"<{columns + 1}h", operand, 1))
            cells_at = 1 + 2 * (columns + 1)
            vertical, horizontal = [], []
            for c in range(columns):
                at = cells_at + 20 * c
                flags = struct.unpack_from("<H", operand, at)[0] if at + 2 <= len(operand) else 0
                horizontal.append(flags & 0x3)
                vertical.append((flags >> 5) & 0x3)
            paragraph.vertical, paragraph.horizontal = vertical, horizontal
        elif code == _VERT_MERGE and len(operand) >= 2 and paragraph.vertical and operand[0] < len(paragraph.vertical):
            paragraph.vertical[operand[0]] = operand[1] & 0x3


# --------------------------------------------------------------------------- tables


@attrs.define
class _Cell:
    text: str


@attrs.define
class _TableRow:
    cells: list[_Cell]
    edges: list[int] | None
    vertical: list[int] | None
    horizontal: list[int] | None


@attrs.define
class _Table:
    rows: list[_TableRow] = attrs.Factory(list)


def _unframed(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """A table that holds tables lays the page out (a document set inside a frame): its own
    paragraphs are read as the page's, the tables in it one level up, as tables of the page."""
    out: list[_Paragraph] = []
    for in_table, k, end in runs(paragraphs, lambda p: p.in_table):
        run = paragraphs[k:end]
        if not in_table or not any(p.depth >= 2 and p.inner_row_end for p in run):
            out.extend(run)
        else:
            for p in run:
                if p.depth <= 1:
                    if not p.row_end and p.text.strip():
                        out.append(attrs.evolve(p, mark="\r", in_table=False, depth=0))
                elif p.depth == 2:
                    mark = "\x07" if p.inner_cell or p.inner_row_end else "\r"
                    out.append(
                        attrs.evolve(
                            p, mark=mark, depth=1, row_end=p.inner_row_end, inner_cell=False, inner_row_end=False
                        )
                    )
                else:
                    out.append(attrs.evolve(p, depth=p.depth - 1))
    return out


def _blocks(paragraphs: list[_Paragraph]) -> Iterator[_Paragraph | _Table]:
    """Paragraphs outside tables, and tables (a nested table's text stays in its cell)."""
    table: _Table | None = None
    cell: list[str] = []
    cells: list[_Cell] = []
    for paragraph in paragraphs:
        if not paragraph.in_table:
            if table is not None:
                if cells:
                    table.rows.append(_TableRow(cells, None, None, None))
                yield table
                table, cells, cell = None, [], []
            yield paragraph
            continue
        if table is None:
            table = _Table()
        if paragraph.depth > 1:
            if not paragraph.inner_row_end and paragraph.text.strip():
                cell.append(paragraph.text)
            continue
        if paragraph.row_end:
            if cell and "".join(cell).strip():
                cells.append(_Cell("\n".join(cell)))
            table.rows.append(_TableRow(cells, paragraph.edges, paragraph.vertical, paragraph.horizontal))
            cells, cell = [], []
        elif paragraph.mark == "\x07":
            cell.append(paragraph.text)
            cells.append(_Cell("\n".join(part for part in cell if part.strip() or len(cell) == 1)))
            cell = []
        else:
            cell.append(paragraph.text)
    if table is not None:
        if cells:
            table.rows.append(_TableRow(cells, None, None, None))
        yield table


def _columns(table: _Table) -> list[int]:
    """The table's column edges: every row's cell boundaries, near ones as one."""
    edges = sorted({e for row in table.rows if row.edges for e in row.edges})
    merged: list[int] = []
    for edge in edges:
        if merged and edge - merged[-1] <= _EDGE_TOLERANCE:
            continue
        merged.append(edge)
    return merged


def _grid(table: _Table, number: int, text: TextBuilder) -> list[Row]:
    columns = _columns(table)
    above: dict[int, Piece] = {}  # grid column → the cell a vertical merge continues
    parsed: list[list[GridCell]] = []
    width = 0
    for r, row in enumerate(table.rows):
        spans = _spans(row, columns)
        out: list[GridCell] = []
        for c, (cell, (first, last)) in enumerate(zip(row.cells, spans, strict=True)):
            vertical = row.vertical[c] if row.vertical and c < len(row.vertical) else 0
            horizontal = row.horizontal[c] if row.horizontal and c < len(row.horizontal) else 0
            if horizontal == 2 and out and not _clean(cell.text).strip():
                piece, a, _b, carried = out[-1]
                out[-1] = (piece, a, last, carried)  # merged into the cell before it
                continue
            if vertical == 1 and first in above:
                out.append((above[first], first, last, True))
                continue
            content = _clean(cell.text)
            start, end = text.add(content)
            text.add("\t")
            piece = Piece(content, start, end, table=number, row=r + 1, column=first + 1)
            out.append((piece, first, last, False))
            for column in range(first, last + 1):
                above[column] = piece
        text.add("\n")
        if out:
            width = max(width, out[-1][2] + 1)
        parsed.append(out)
    return grid_rows(parsed, number, width)


def _spans(row: _TableRow, columns: list[int]) -> list[tuple[int, int]]:
    """Each cell's first and last grid column, from its boundaries (in order when the row
    has none)."""
    n = len(row.cells)
    if not row.edges or len(row.edges) < n + 1 or len(columns) < 2:
        return [(c, c) for c in range(n)]
    out = []
    for c in range(n):
        left = _nearest(columns, row.edges[c])
        right = _nearest(columns, row.edges[c + 1])
        out.append((left, max(left, right - 1)))
    # monotone: a cell never starts before the one before it ends
    fixed: list[tuple[int, int]] = []
    for first, last in out:
        if fixed and first <= fixed[-1][1]:
            first = fixed[-1][1] + 1
            last = max(first, last)
        fixed.append((first, last))
    return fixed


def _nearest(columns: list[int], edge: int) -> int:
    at = bisect.bisect_left(columns, edge)
    if at == len(columns) or (at > 0 and edge - columns[at - 1] <= columns[at] - edge):
        at -= 1
    return max(at, 0)


# --------------------------------------------------------------------------- characters


def _clean(text: str) -> str:
    """A paragraph's printed text: field instructions, object anchors and other control
    characters left out, a line break kept, compatibility ideographs folded."""
    out: list[str] = []
    fields: list[bool] = []  # for each open field: whether its result has begun
    for char in text:
        code = ord(char)
        if char == "\x13":
            fields.append(False)
            continue
        if char == "\x14":
            if fields:
                fields[-1] = True
            continue
        if char == "\x15":
            if fields:
                fields.pop()
            continue
        if not all(fields):
            continue  # a field's instructions (a field's result inside them too)
        if char in "\x0b\n":
            out.append("\n")
        elif char == "\t":
            out.append("\t")
        elif char == "\x1e":
            out.append("-")
        elif char == "\xa0":
            out.append(" ")
        elif code < 0x20 or char == "\x7f":
            continue
        else:
            out.append(char)
    return fold_compatibility(strip_pinyin("".join(out)))
