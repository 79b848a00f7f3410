"""Word 97–2003 (.doc): reports saved in the binary format many portals still publish.

The fixtures are Word files LibreOffice saved as .doc (tests/fixtures/doc/make.py says
how); the reader is checked against the hand-encoded examples they were made from.
"""

from __future__ import annotations

import importlib
import pathlib
import random
import struct

import pytest

import govdisclosure as gd
from govdisclosure.extraction import extract

from .conftest import EXAMPLES
from .extraction_helpers import cells

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "doc"
_doc = importlib.import_module("govdisclosure.extraction._doc")
_ole = importlib.import_module("govdisclosure.extraction._ole")


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "hongze-district-government-2024.doc",  # （六） printed as one row, Table 3 over two pages
        FIXTURES / "shanghai-government-office-2019.doc",  # gb2019
        EXAMPLES / "published" / "shuyang-development-reform-bureau-2023.doc",  # blank cells
    ],
    ids=lambda p: p.stem,
)
def test_a_word_97_document_reads_as_its_example(path: pathlib.Path) -> None:
    example = gd.load(EXAMPLES / "valid" / f"{path.stem}.json")
    result = extract(path)
    assert result.report is not None, result.findings
    assert result.format is gd.model.SourceFormat.DOC
    assert result.report.template is example.template
    assert result.report.agency.name == example.agency.name
    assert cells(result.report) == cells(example)
    assert not result.flagged
    # every figure is traced into the text the reader decoded
    extraction = result.report.extraction
    assert extraction is not None
    assert extraction.format is gd.model.SourceFormat.DOC
    table3 = [trace for trace in extraction.cells if trace.pointer.startswith("/body/applications/")]
    assert len(table3) >= 150
    for trace in table3:
        assert trace.span is not None
        assert trace.row is not None
        assert trace.column is not None


def test_a_word_97_document_set_inside_a_frame_table_is_read() -> None:
    """The example inside a one-cell table: the frame holds the report's tables, so it lays
    the page out and the tables inside it are the report's."""
    result = extract(FIXTURES / "hongze-district-government-2024-framed.doc")
    example = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    assert result.report is not None
    assert result.report.title == example.title
    assert cells(result.report) == cells(example)


def test_a_word_97_document_is_read_as_it_prints() -> None:
    """Text deleted with the document's changes tracked (Word keeps it until the change is
    accepted) and hidden text are in the file but do not print: 705 and 713 are read, not
    700705 and 9713 (the file: render.with_changes, saved as .doc by LibreOffice)."""
    result = extract(FIXTURES / "shuyang-county-government-2025-changes.doc")
    example = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    assert result.report is not None
    assert cells(result.report) == cells(example)


def test_a_legacy_report_in_word_97_reads_as_its_example() -> None:
    example = gd.load(EXAMPLES / "valid" / "chenzhou-2015.json")
    result = extract(FIXTURES / "chenzhou-2015.doc")
    assert result.report is not None
    assert result.report.template is gd.Template.LEGACY
    assert result.report.year == 2015
    assert cells(result.report) == cells(example)
    assert result.report.body.on_request == example.body.on_request  # type: ignore[union-attr]
    assert result.report.metadata is not None
    assert result.report.metadata.index_no == "430S00/2016-89052"


def test_fields_give_their_result_and_a_table_holding_a_table_lays_out() -> None:
    """A hyperlink is a field: its instruction (HYPERLINK "http://…") is not text, the
    link's words are. A table holding a table lays the page out: its own text is lines,
    the table inside it a table (as in a Word file and on a web page)."""
    raw = (FIXTURES / "features.doc").read_bytes()
    layout, findings = _doc.doc_layout(raw)
    assert findings == []
    assert layout is not None
    assert "HYPERLINK" not in layout.text
    assert "example.gov.cn" not in layout.text
    assert any(row.text == "本报告电子版见门户网站。" for row in layout.rows)
    at = next(k for k, row in enumerate(layout.rows) if not row.grid and row.text == "联系方式")
    inner = layout.rows[at + 1]
    assert inner.grid
    assert [p.text for p in inner.pieces] == ["电话", "0527-00000000"]
    result = extract(raw)
    assert result.report is not None
    assert cells(result.report) == cells(gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json"))


def test_field_codes_and_control_characters() -> None:
    clean = _doc._clean
    assert clean("第\x13 PAGE \x14 3\x15页") == "第 3页"
    assert clean("见\x13 HYPERLINK \x13 REF x \x14y\x15 \x14网站\x15。") == "见网站。"  # a field inside an instruction
    assert clean("无结果\x13 TOC \x15。") == "无结果。"  # a field without a result
    assert clean("一\x0b二") == "一\n二"  # a line break inside a paragraph
    assert clean("\x01图\x08表\x1e号\x1f") == "图表-号"  # object anchors dropped, a non-breaking hyphen kept
    assert clean("⾃然⼈") == "自然人"


def _paragraph(text: str, mark: str = "\x07", **properties: object) -> object:
    return _doc._Paragraph(text, mark, **properties)


def _table_row(texts: list[str], **row_end: object) -> list[object]:
    """A table row as Word stores it: a paragraph per cell, then the row's end mark with its properties."""
    cells = [_paragraph(text, in_table=True, depth=1) for text in texts]
    return [*cells, _paragraph("", in_table=True, depth=1, row_end=True, **row_end)]


def test_cells_merged_across_and_down_are_placed_by_their_boundaries() -> None:
    """Columns come from every row's cell boundaries: a label over three columns spans
    them; a cell continuing a vertical merge repeats the cell above; a cell merged into
    the one before it (the old horizontal merge) widens that cell."""
    rows = [
        # row 1: a label over 0–300, then two figures
        *_table_row(["一、本年新收", "5", "6"], edges=[0, 300, 400, 500], vertical=[0, 0, 0], horizontal=[0, 0, 0]),
        # row 2: a group starting a vertical merge, a sub-label, two figures
        *_table_row(
            ["（三）不予公开", "1.属于国家秘密", "1", ""],
            edges=[0, 100, 300, 400, 500],
            vertical=[3, 0, 0, 0],
            horizontal=[0, 0, 0, 0],
        ),
        # row 3: the group continued, a sub-label, a figure and a cell merged into it
        *_table_row(
            ["", "2.其他法律行政法规禁止公开", "7", ""],
            edges=[0, 100, 300, 400, 500],
            vertical=[1, 0, 0, 0],
            horizontal=[0, 0, 1, 2],
        ),
        _paragraph("正文", "\r"),
    ]
    blocks = list(_doc._blocks(rows))
    assert len(blocks) == 2
    table = blocks[0]
    builder = importlib.import_module("govdisclosure.extraction._layout").TextBuilder()
    grid = _doc._grid(table, 1, builder)
    assert [[p.text for p in r.pieces] for r in grid] == [
        ["一、本年新收", "5", "6"],
        ["（三）不予公开", "1.属于国家秘密", "1", ""],
        ["（三）不予公开", "2.其他法律行政法规禁止公开", "7"],
    ]
    assert [r.spans for r in grid] == [
        [(0, 1), (2, 2), (3, 3)],
        [(0, 0), (1, 1), (2, 2), (3, 3)],
        [(0, 0), (1, 1), (2, 3)],
    ]
    assert [r.carried for r in grid] == [[False] * 3, [False] * 4, [True, False, False]]
    assert grid[2].pieces[0] is grid[1].pieces[0]
    assert {r.width for r in grid} == {4}


def _stream_offset(raw: bytes, name: str) -> int:
    """Where a stream of 4096 bytes or more starts in the file (its first sector)."""
    entry = _ole.CompoundFile(raw).streams[name]
    return (entry.start + 1) * 512


def test_an_encrypted_word_document_says_so() -> None:
    raw = bytearray((FIXTURES / "hongze-district-government-2024.doc").read_bytes())
    at = _stream_offset(bytes(raw), "WordDocument")
    raw[at + 0x0B] |= 0x01  # fEncrypted
    result = extract(bytes(raw))
    assert result.report is None
    assert [f.code for f in result.findings] == ["extract.encrypted"]
    assert "Word文档已加密" in result.findings[0].message_zh
    assert result.exit_code == 2


def test_a_word_95_document_is_named_as_such() -> None:
    raw = bytearray((FIXTURES / "hongze-district-government-2024.doc").read_bytes())
    at = _stream_offset(bytes(raw), "WordDocument")
    struct.pack_into("<H", raw, at + 2, 0x0065)  # nFib of Word 6/95
    result = extract(bytes(raw))
    assert result.report is None
    assert result.findings[0].code == "input.unreadable"
    assert "Word 6/95" in result.findings[0].message_en


def test_a_word_document_under_a_workbook_s_name_is_unreadable_not_a_traceback() -> None:
    raw = bytearray((FIXTURES / "hongze-district-government-2024.doc").read_bytes())
    old = "WordDocument".encode("utf-16-le")
    at = raw.index(old)
    raw[at : at + 64] = "Workbook".encode("utf-16-le").ljust(64, b"\0")
    struct.pack_into("<H", raw, at + 0x40, 18)
    result = extract(bytes(raw))
    assert result.report is None
    assert result.findings[0].code == "input.unreadable"
    assert "not an Excel workbook" in result.findings[0].message_en


@pytest.mark.parametrize("cut", [100, 600, 5000, 20000, 40000, 55000])
def test_a_truncated_word_document_is_unreadable_not_a_traceback(cut: int) -> None:
    raw = (FIXTURES / "hongze-district-government-2024.doc").read_bytes()[:cut]
    result = extract(raw, format="doc")
    assert result.report is None
    assert result.findings[0].code in ("input.unreadable", "extract.unsupported_format")
    assert result.exit_code == 2


def test_damaged_bytes_never_raise() -> None:
    raw = (FIXTURES / "shanghai-government-office-2019.doc").read_bytes()
    rng = random.Random(2026)
    for _ in range(60):
        damaged = bytearray(raw)
        for _ in range(rng.randrange(1, 30)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        result = extract(bytes(damaged))
        assert result.report is not None or result.findings[0].severity is gd.Severity.FATAL


def test_a_sector_chain_that_loops_is_a_damaged_file() -> None:
    raw = bytearray((FIXTURES / "hongze-district-government-2024.doc").read_bytes())
    compound = _ole.CompoundFile(bytes(raw))
    start = compound.streams["WordDocument"].start
    # the first FAT sector: point the stream's first sector at itself
    (first_fat,) = struct.unpack_from("<I", raw, 0x4C)
    struct.pack_into("<I", raw, (first_fat + 1) * 512 + 4 * start, start)
    result = extract(bytes(raw))
    assert result.report is None
    assert result.findings[0].code == "input.unreadable"
    assert "loops" in result.findings[0].message_en


def test_a_picture_in_a_word_97_table_s_place_says_so() -> None:
    """A table pasted into a .doc as a picture: the source shows a picture where Table 3
    should be, and the finding says so; the other tables are read."""
    result = extract(FIXTURES / "hongze-district-government-2024-pictured.doc")
    assert result.report is not None
    assert result.report.extraction is not None
    tables = {f.pointer: f.code for f in result.report.extraction.flags if f.pointer.count("/") == 2}
    assert tables == {"/body/applications": "extract.table_is_image"}
