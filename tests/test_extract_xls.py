"""Excel 97–2003 workbooks (.xls): the record reader behind ``extract``.

The fixtures in tests/fixtures/xls were saved by LibreOffice (tests/fixtures/xls/make.py);
tests/biff.py writes the variants real writers produce (shared strings split across
records, Excel 5/95 strings in GBK, formulas, dates).
"""

from __future__ import annotations

import datetime
import importlib
import pathlib
import random
import struct
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.extraction import extract, iter_extract
from govdisclosure.model import SourceFormat

from . import biff, render
from .conftest import EXAMPLES
from .extraction_helpers import cells

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "xls"
_xls = importlib.import_module("govdisclosure.extraction._xls")
GB = ("hongze-district-government-2024", "shanghai-government-office-2019")


def _traces(report: gd.AnnualReport) -> dict[str, tuple[str | None, int | None, int | None]]:
    assert report.extraction is not None
    return {t.pointer: (t.sheet, t.row, t.column) for t in report.extraction.cells}


@pytest.mark.parametrize("name", GB)
def test_a_workbook_saved_as_xls_by_libreoffice_reads_like_the_xlsx(name: str) -> None:
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    result = extract(FIXTURES / f"{name}.xls")
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert result.format == SourceFormat.SPREADSHEET
    assert cells(result.report) == cells(report)
    pytest.importorskip("openpyxl")
    from_xlsx = extract(render.render_xlsx(report))
    assert from_xlsx.report is not None
    assert _traces(result.report) == _traces(from_xlsx.report)  # the same sheet, row and column for each figure


def test_the_workbook_form_saved_as_xls_reads_back_by_position() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = extract(FIXTURES / "form-gb2021.xls")
    assert result.report is not None
    assert result.report.agency.name == "沭阳县人民政府"
    assert cells(result.report) == cells(report)
    assert result.exit_code == 0
    assert result.report.extraction is not None
    trace = {t.pointer: t for t in result.report.extraction.cells}["/body/applications/new_received/natural_person"]
    assert (trace.sheet, trace.row, trace.column, trace.placement.value) == ("表三", 5, 4, "position")


VARIANTS: dict[str, dict[str, Any]] = {
    "BIFF8 as Excel writes it": {},
    "Excel 5/95 (BIFF5), strings in GBK": {"biff5": True},
    "shared strings split every 40 bytes, run-on characters wide": {"limit": 40, "switch": True},
    "shared strings split every 13 bytes, each figure its own record": {"limit": 13, "mulrk": False},
    "totals as formulas": {"formulas": True},
    "Excel 5/95 with formulas": {"biff5": True, "formulas": True},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", [*GB, "shuyang-county-government-2025"])
def test_every_cell_comes_back_from_the_ways_xls_files_are_written(name: str, variant: str) -> None:
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    result = extract(render.render_xls(report, **VARIANTS[variant]))
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert cells(result.report) == cells(report)
    assert result.report.agency.name == report.agency.name


def _chunks(raw: bytes) -> list[bytes]:
    out = []
    position = 0
    while position < len(raw):
        _kind, length = struct.unpack_from("<HH", raw, position)
        out.append(raw[position + 4 : position + 4 + length])
        position += 4 + length
    out[0] = out[0][8:]  # the SST's counts
    return out


@given(
    st.lists(st.text(st.characters(codec="utf-8"), max_size=30), max_size=20),
    st.integers(min_value=9, max_value=120),
    st.booleans(),
)
def test_shared_strings_read_back_wherever_the_records_split_them(strings: list[str], limit: int, switch: bool) -> None:
    reader = _xls._Strings(_chunks(biff.sst_records(strings, limit=limit, switch=switch)))
    assert [reader.unicode() for _ in strings] == strings


def test_characters_after_a_header_that_ends_its_record_start_with_their_width() -> None:
    reader = _xls._Strings([struct.pack("<HB", 3, 0), b"\x01" + "年报表".encode("utf-16-le")])
    assert reader.unicode() == "年报表"


def test_rich_text_runs_and_phonetic_data_are_skipped_even_across_records() -> None:
    text = "表三".encode("utf-16-le")
    first = struct.pack("<HBHI", 2, 0x0D, 1, 6) + text + b"\x00\x00"
    reader = _xls._Strings([first, b"\x00\x00" + bytes(6) + struct.pack("<HB", 2, 0) + b"ok"])
    assert [reader.unicode(), reader.unicode()] == ["表三", "ok"]


def test_a_date_cell_reads_as_its_date_and_other_numbers_as_numbers() -> None:
    sheet = biff.XlsSheet("封面", {(1, 1): "成文日期", (1, 2): datetime.date(2025, 1, 20), (2, 1): "数量",
                                  (2, 2): 12.5, (3, 2): -3, (4, 2): 1 << 40})  # fmt: skip
    (read,) = _xls.read_workbook(biff.workbook_stream([sheet]))
    assert read.value(1, 2) == datetime.date(2025, 1, 20)
    assert read.value(2, 2) == 12.5
    assert read.value(3, 2) == -3
    assert read.value(4, 2) == 1 << 40


@pytest.mark.parametrize(
    ("code", "is_date"),
    [('yyyy"年"m"月"d"日"', True), ("0.00", False), ("[Red]0", False), ('"d"0', False), ("m/d/yy", True),
     ("#,##0;[Red]-#,##0", False), ("General", False), ("h:mm", True), (r"0\d", False)],
)  # fmt: skip
def test_number_formats_that_show_dates(code: str, is_date: bool) -> None:
    assert _xls._is_date_format(code) is is_date


def test_an_encrypted_workbook_says_so() -> None:
    stream = bytearray(biff.workbook_stream([biff.XlsSheet("年报", {(1, 1): "x"})]))
    bof_end = 4 + struct.unpack_from("<H", stream, 2)[0]
    stream[bof_end:bof_end] = biff.record(0x002F, bytes(54))
    result = extract(biff.compound_file({"Workbook": bytes(stream)}))
    assert result.report is None
    assert result.findings[0].code == "extract.encrypted"
    assert "工作簿" in result.findings[0].message_zh


def test_a_word_document_stored_as_a_workbook_stream_is_unreadable_not_a_traceback() -> None:
    result = extract(biff.compound_file({"Workbook": b"\xec\xa5" + bytes(600)}))
    assert result.report is None
    assert result.findings[0].code == "input.unreadable"
    assert result.exit_code == 2


def test_an_office_97_file_that_is_neither_word_nor_excel_is_named_unsupported() -> None:
    result = extract(biff.compound_file({"PowerPoint Document": bytes(600)}))
    assert result.report is None
    assert result.findings[0].code == "extract.unsupported_format"
    assert ".docx" in result.findings[0].message_en


def test_a_sheet_that_claims_millions_of_cells_is_refused() -> None:
    sheet = biff.XlsSheet("年报", {(1, 1): "表三", (60000, 200): 1})
    result = extract(biff.workbook([sheet]))
    assert result.report is None
    assert result.findings[0].code == "input.too_large"


@pytest.mark.parametrize("cut", [100, 700, 3000, 6000, 9000])
def test_a_truncated_workbook_is_unreadable_not_a_traceback(cut: int) -> None:
    raw = (FIXTURES / "hongze-district-government-2024.xls").read_bytes()[:cut]
    result = extract(raw, format="xls")
    assert result.report is None
    assert result.findings[0].code in ("input.unreadable", "extract.no_report")
    assert result.exit_code == 2


def test_damaged_bytes_never_raise() -> None:
    raw = (FIXTURES / "shanghai-government-office-2019.xls").read_bytes()
    rng = random.Random(2026)
    for _ in range(60):
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(512, len(damaged))] = rng.randrange(256)
        result = extract(bytes(damaged))  # a finding or a report, never an exception
        assert result.findings or result.report is not None


def test_wps_spreadsheets_and_folders_of_workbooks_are_read(tmp_path: pathlib.Path) -> None:
    raw = (FIXTURES / "hongze-district-government-2024.xls").read_bytes()
    (tmp_path / "report.et").write_bytes(raw)
    (tmp_path / "report.xls").write_bytes(raw)
    results = list(iter_extract([tmp_path]))
    assert [pathlib.Path(str(r.source)).name for r in results] == ["report.et", "report.xls"]
    assert all(r.report is not None and r.format == SourceFormat.SPREADSHEET for r in results)
