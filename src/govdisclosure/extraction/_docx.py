"""Word (.docx) into rows: paragraphs become lines, tables become grids with their
merged cells (gridSpan across, vMerge down) filled in.

Reads the document's XML with the standard library (no python-docx needed); the
archive was checked against zip bombs before. The decoded text the spans point into
is the text of the paragraphs and cells as read.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator

from govdisclosure.extraction._layout import Layout, Piece, Row, TextBuilder
from govdisclosure.extraction._normalize import SUPERSCRIPT_DIGITS, fold_compatibility, strip_pinyin
from govdisclosure.findings import Finding, make_finding

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML = 64 * 1024 * 1024


#: One cell placed on a table's grid: its piece, first and last column, and whether it is carried down.
GridCell = tuple[Piece, int, int, bool]


def docx_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_XML:
                return None, [
                    make_finding(
                        "extract.zip_bomb", reason="word/document.xml is too large", reason_zh="word/document.xml过大"
                    )
                ]
            xml = archive.read(info)
        root = ET.fromstring(xml)
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError) as exc:
        return None, [
            make_finding(
                "input.unreadable", reason=f"not a readable Word document ({exc})", reason_zh="不是可读取的Word文档"
            )
        ]
    body = root.find(f"{_W}body")
    if body is None:
        return None, [
            make_finding("input.unreadable", reason="the Word document has no body", reason_zh="Word文档没有正文")
        ]
    text = TextBuilder()
    rows: list[Row] = []
    tables = [0]
    images: list[int] = []
    _blocks(body, text, rows, tables, images)
    layout = Layout(text.value(), rows, images=images)
    source = xml.decode("utf-8", "replace")
    if fold_compatibility(source) != source:
        layout.notes.append("extract.compatibility_folded")
    return layout, []


#: A picture's size in a Word file (EMU: 914400 an inch): from 1.5 by 0.8 inches, a table's size.
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"


def _blocks(parent: ET.Element, text: TextBuilder, rows: list[Row], tables: list[int], images: list[int]) -> None:
    for child in parent:
        if child.tag == f"{_W}p":
            words = _paragraph(child)
            if words.strip():
                start, _end = text.add(words)
                text.add("\n")
                rows.append(line_row(words, start))
            if any(_large(extent) for extent in child.iter(_EXTENT)):
                images.append(len(rows))  # a picture (a table pasted as an image) after these rows
        elif child.tag == f"{_W}tbl" and _lays_out(child):
            # a table holding tables lays the page out (a document set inside a frame):
            # its cells are read as the page's blocks, their tables as tables
            for tr in _wrapped(child, f"{_W}tr"):
                for tc in _wrapped(tr, f"{_W}tc"):
                    _blocks(tc, text, rows, tables, images)
        elif child.tag == f"{_W}tbl":
            tables[0] += 1
            rows.extend(_table(child, tables[0], text))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _blocks(content, text, rows, tables, images)
        elif child.tag in (f"{_W}customXml", f"{_W}smartTag"):
            _blocks(child, text, rows, tables, images)


#: Markup compatibility: a text box is written twice, for new readers (mc:Choice) and old
#: ones (mc:Fallback); only the first is read.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph(paragraph: ET.Element) -> str:
    out: list[str] = []
    _text_of(paragraph, out)
    return fold_compatibility(strip_pinyin("".join(out)))


#: What a tracked change moved away from here (its text stands where it was moved to).
_MOVED_AWAY = f"{_W}moveFrom"


def _hidden(run: ET.Element) -> bool:
    """A run formatted as hidden text (w:vanish), or struck through (a figure corrected in
    place): not read."""
    for flag in ("vanish", "strike", "dstrike"):
        found = run.find(f"{_W}rPr/{_W}{flag}")
        if found is not None and found.get(f"{_W}val", "true") not in ("0", "false", "off"):
            return True
    return False


def _raised(run: ET.Element) -> bool:
    """A run set as superscript (w:vertAlign), a note's mark."""
    align = run.find(f"{_W}rPr/{_W}vertAlign")
    return align is not None and align.get(f"{_W}val") == "superscript"


def _text_of(node: ET.Element, out: list[str]) -> None:
    for child in node:
        tag = child.tag
        if tag == _MOVED_AWAY or (tag == f"{_W}r" and _hidden(child)):
            continue
        if tag == f"{_W}r" and _raised(child):
            # a note's mark set above the line (705¹): its digits as such, no digit of a figure
            raised: list[str] = []
            _text_of(child, raised)
            out.append("".join(raised).translate(SUPERSCRIPT_DIGITS))
            continue
        if tag == f"{_W}t":
            if child.text:
                out.append(child.text)
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag != _FALLBACK:
            _text_of(child, out)


def line_row(content: str, start: int) -> Row:
    """A paragraph as a line of words, each word's span in the decoded text."""
    pieces = []
    offset = start
    for word in content.replace("\t", " ").split(" "):
        if word:
            pieces.append(Piece(word, offset, offset + len(word)))
        offset += len(word) + 1
    return Row(pieces, line=content.strip(), offsets=list(range(start, start + len(content.strip()))))


#: Elements that wrap a table's rows or a row's cells without being one (content controls, custom XML).
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})


def _lays_out(table: ET.Element) -> bool:
    """Whether a table holds tables in its cells."""
    return any(tc.find(f"{_W}tbl") is not None for tr in _wrapped(table, f"{_W}tr") for tc in _wrapped(tr, f"{_W}tc"))


def _large(extent: ET.Element) -> bool:
    try:
        return int(extent.get("cx") or 0) >= 1_371_600 and int(extent.get("cy") or 0) >= 731_520
    except ValueError:
        return False


def _wrapped(parent: ET.Element, tag: str) -> Iterator[ET.Element]:
    """The ``tag`` children of an element, those inside content controls included, in order."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _wrapped(child, tag)


def _int(value: str | None, default: int, least: int = 1) -> int:
    try:
        return max(least, min(int(value or default), 100))
    except ValueError:
        return default


def _table(table: ET.Element, number: int, text: TextBuilder) -> list[Row]:
    above: dict[int, Piece] = {}  # grid column → the cell that a vMerge continues
    width = 0
    parsed: list[list[GridCell]] = []
    for r, tr in enumerate(_wrapped(table, f"{_W}tr")):
        # a row may start past the grid's first columns (w:gridBefore: nothing printed there)
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        column = _int(before.get(f"{_W}val"), 0, least=0) if before is not None else 0
        row: list[GridCell] = []
        for tc in _wrapped(tr, f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span = 1
            merge = None
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(f"{_W}val"), 1)
                v_merge = props.find(f"{_W}vMerge")
                if v_merge is not None:
                    merge = v_merge.get(f"{_W}val") or "continue"
                h_merge = props.find(f"{_W}hMerge")
                if h_merge is not None and (h_merge.get(f"{_W}val") or "continue") == "continue" and row:
                    # the old horizontal merge (WPS, Word 97 files converted): the cell widens the one before
                    piece, first, _last, carried = row[-1]
                    row[-1] = (piece, first, column + span - 1, carried)
                    if not carried:
                        for c in range(column, column + span):
                            above[c] = piece
                    column += span
                    continue
            if merge == "continue" and column in above:
                piece = above[column]
                row.append((piece, column, column + span - 1, True))
            else:
                lines = [_paragraph(p) for p in tc.iter(f"{_W}p")]
                content = "\n".join(line for line in lines if line.strip())
                start, end = text.add(content)
                text.add("\t")
                piece = Piece(content, start, end, table=number, row=r + 1, column=column + 1)
                row.append((piece, column, column + span - 1, False))
                for c in range(column, column + span):
                    above[c] = piece
            column += span
        text.add("\n")
        width = max(width, column)
        parsed.append(row)
    return grid_rows(parsed, number, width)


def grid_rows(parsed: list[list[GridCell]], number: int, width: int) -> list[Row]:
    """A Word table's rows on its grid (empty rows dropped)."""
    return [
        Row(
            [p for p, _, _, _ in row],
            grid=True,
            spans=[(a, b) for _, a, b, _ in row],
            carried=[c for _, _, _, c in row],
            table=number,
            width=width,
        )
        for row in parsed
        if row
    ]
