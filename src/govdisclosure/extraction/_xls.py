"""Excel 97–2003 workbooks (.xls, and the .et WPS Office saves in that format) into
sheets, read with the standard library from the file's records ([MS-XLS], BIFF8; the
Excel 5/95 records, BIFF5, too).

What a cell shows is what is read: its text (shared strings included, wherever Excel
split them across records), its number, its formula's last result, a date as a date.
Merged ranges are kept, so the grid fills them in as it does for .xlsx. Hidden sheets
are read like the others (a workbook written by ``govdisclosure new --xlsx`` keeps its
map of cells in one).
"""

from __future__ import annotations

import datetime
import struct
from typing import Any

from govdisclosure.errors import GovDisclosureError
from govdisclosure.extraction._layout import Layout
from govdisclosure.extraction._ole import CompoundFile, CompoundFileError
from govdisclosure.extraction._xlsx import MAX_CELLS, Sheet, book_layout
from govdisclosure.findings import Finding, make_finding

# record types ([MS-XLS] 2.3)
_BOF = 0x0809
_EOF = 0x000A
_FILEPASS = 0x002F
_CODEPAGE = 0x0042
_DATEMODE = 0x0022
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_CONTINUE = 0x003C
_FORMAT = 0x041E
_FORMAT_BIFF4 = 0x001E
_XF = 0x00E0
_LABELSST = 0x00FD
_LABEL = 0x0204
_RSTRING = 0x00D6
_NUMBER = 0x0203
_RK = 0x027E
_MULRK = 0x00BD
_BOOLERR = 0x0205
_FORMULA = 0x0006
_STRING = 0x0207
_MERGEDCELLS = 0x00E5

_BIFF8 = 0x0600
_WORKSHEET = 0x0010

#: Excel's built-in number formats that show a date or a time ([MS-XLS] 2.4.126).
_DATE_FORMATS = frozenset((*range(14, 23), 45, 46, 47, 57, 58))
#: Error codes as Excel shows them.
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A"}  # fmt: skip


class _XlsError(CompoundFileError):
    """A workbook stream that cannot be read, inside a sound compound file."""


class _Encrypted(GovDisclosureError):
    """The workbook is encrypted (always caught: reported as a finding)."""


def xls_layout(data: bytes) -> tuple[Layout | None, list[Finding]]:
    """An Excel 97–2003 workbook as rows; a finding instead when it cannot be read."""
    try:
        compound = CompoundFile(data)
        stream = compound.read("Workbook")
        if stream is None:
            stream = compound.read("Book")
        if stream is None:
            raise _XlsError("the workbook has no Workbook stream", "工作簿缺少Workbook流")
        sheets = read_workbook(stream)
    except CompoundFileError as exc:
        return None, [make_finding("input.unreadable", reason=exc.reason, reason_zh=exc.reason_zh)]
    except _Encrypted:
        return None, [make_finding("extract.encrypted", what="workbook", what_zh="工作簿")]
    except (struct.error, IndexError, ValueError) as exc:
        return None, [
            make_finding(
                "input.unreadable",
                reason=f"the Excel 97–2003 workbook is damaged ({exc})",
                reason_zh="Excel 97–2003工作簿已损坏",
            )
        ]
    for sheet in sheets:
        if sheet.height * sheet.width > MAX_CELLS:
            return None, [make_finding("input.too_large", size=f"{sheet.height}×{sheet.width} cells", limit=MAX_CELLS)]
    return book_layout(sheets), []


# --------------------------------------------------------------------------- records


def _records(stream: bytes, start: int = 0) -> list[tuple[int, bytes, int]]:
    """The records of one substream (from its BOF to its EOF): type, data, offset."""
    out: list[tuple[int, bytes, int]] = []
    position = start
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        data = stream[position + 4 : position + 4 + length]
        if len(data) < length:
            raise _XlsError("a record runs past the end of the workbook", "记录超出工作簿末尾")
        out.append((kind, data, position))
        position += 4 + length
        if kind == _EOF:
            return out
    raise _XlsError("a part of the workbook has no end record", "工作簿的某部分缺少结束记录")


class _Strings:
    """Reads strings that may run on from a record into its CONTINUE records."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks
        self._index = 0
        self._position = 0

    def _here(self) -> bytes:
        while self._position >= len(self._chunks[self._index]):
            self._index += 1
            self._position = 0
            if self._index >= len(self._chunks):
                raise _XlsError("the shared strings run past their records", "共享字符串超出其记录")
        return self._chunks[self._index]

    def take(self, count: int) -> bytes:
        parts = []
        while count:
            chunk = self._here()
            part = chunk[self._position : self._position + count]
            parts.append(part)
            self._position += len(part)
            count -= len(part)
        return b"".join(parts)

    def unicode(self) -> str:
        """An XLUnicodeRichExtendedString ([MS-XLS] 2.5.293)."""
        (length,) = struct.unpack("<H", self.take(2))
        (flags,) = self.take(1)
        runs = struct.unpack("<H", self.take(2))[0] if flags & 0x08 else 0
        extra = struct.unpack("<I", self.take(4))[0] if flags & 0x04 else 0
        wide = bool(flags & 0x01)
        parts: list[str] = []
        left = length
        while True:
            chunk = self._chunks[self._index]
            size = 2 if wide else 1
            n = min(left, max(0, (len(chunk) - self._position) // size))
            raw = chunk[self._position : self._position + n * size]
            parts.append(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
            self._position += n * size
            left -= n
            if not left:
                break
            # the characters go on in the next record, which starts with their width
            self._index += 1
            if self._index >= len(self._chunks) or not self._chunks[self._index]:
                raise _XlsError("the shared strings run past their records", "共享字符串超出其记录")
            wide = bool(self._chunks[self._index][0] & 0x01)
            self._position = 1
        self.take(4 * runs + extra)
        return "".join(parts)


def _short_string(data: bytes, position: int, biff8: bool, codepage: str, wide_length: bool) -> str:
    """A string inside one record: its length (one or two bytes), in BIFF8 a flag, its characters."""
    if wide_length:
        (length,) = struct.unpack_from("<H", data, position)
        position += 2
    else:
        length = data[position]
        position += 1
    if not biff8:
        return data[position : position + length].decode(codepage, "replace")
    flags = data[position]
    position += 1
    if flags & 0x08:
        position += 2
    if flags & 0x04:
        position += 4
    if flags & 0x01:
        return data[position : position + 2 * length].decode("utf-16-le", "replace")
    return data[position : position + length].decode("latin-1", "replace")


def _rk(value: int) -> float:
    if value & 0x02:
        number: float = float(value >> 2) if not value & 0x80000000 else float((value >> 2) - (1 << 30))
    else:
        (number,) = struct.unpack("<d", struct.pack("<Q", (value & 0xFFFFFFFC) << 32))
    return number / 100 if value & 0x01 else number


_CODEPAGES = {1200: "utf-16-le", 936: "gbk", 950: "big5", 65001: "utf-8", 1252: "cp1252", 367: "ascii",
              32768: "mac-roman", 10008: "gb2312"}  # fmt: skip


def _is_date_format(code: str) -> bool:
    """Whether a number format shows a date (y, m, d or h outside quotes, brackets and escapes)."""
    plain = []
    quoted = bracket = escaped = False
    for char in code:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "[":
            bracket = True
        elif char == "]":
            bracket = False
        elif not bracket:
            plain.append(char.lower())
    text = "".join(plain).split(";")[0]
    return any(c in text for c in "ymdh") and "general" not in text


def read_workbook(stream: bytes) -> list[Sheet]:
    """The worksheets of a Workbook (or Book) stream, in order."""
    if len(stream) < 8 or struct.unpack_from("<H", stream)[0] != _BOF:
        raise _XlsError("not an Excel workbook (its stream does not start with a BOF record)",
                        "不是Excel工作簿（其数据流不以BOF记录开头）")  # fmt: skip
    globals_ = _records(stream)
    (version,) = struct.unpack_from("<H", globals_[0][1], 0)
    biff8 = version == _BIFF8
    codepage = "cp1252"
    date_1904 = False
    sheets: list[tuple[int, str, int]] = []  # offset, name, kind
    strings: list[str] = []
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    index = 0
    while index < len(globals_):
        kind, data, _ = globals_[index]
        if kind == _FILEPASS:
            raise _Encrypted
        if kind == _CODEPAGE and len(data) >= 2:
            codepage = _CODEPAGES.get(struct.unpack_from("<H", data)[0], "gbk")
        elif kind == _DATEMODE and len(data) >= 2:
            date_1904 = struct.unpack_from("<H", data)[0] == 1
        elif kind == _BOUNDSHEET:
            offset, _state, sheet_kind = struct.unpack_from("<IBB", data)
            sheets.append((offset, _short_string(data, 6, biff8, codepage, wide_length=False), sheet_kind))
        elif kind == _SST and biff8:
            chunks = [data[8:]]
            while index + 1 < len(globals_) and globals_[index + 1][0] == _CONTINUE:
                index += 1
                chunks.append(globals_[index][1])
            (unique,) = struct.unpack_from("<I", data, 4)
            reader = _Strings(chunks)
            strings = [reader.unicode() for _ in range(unique)] if unique and chunks[0] else []
        elif kind in (_FORMAT, _FORMAT_BIFF4) and len(data) >= 3:
            (number,) = struct.unpack_from("<H", data)
            formats[number] = _short_string(data, 2, biff8, codepage, wide_length=biff8)
        elif kind == _XF and len(data) >= 4:
            xf_formats.append(struct.unpack_from("<H", data, 2)[0])
        index += 1
    dates = {
        i
        for i, number in enumerate(xf_formats)
        if number in _DATE_FORMATS or (number in formats and _is_date_format(formats[number]))
    }
    out = []
    for offset, name, sheet_kind in sheets:
        if sheet_kind != 0:
            continue  # a chart, a macro sheet or a module
        records = _records(stream, offset)
        if not records or records[0][0] != _BOF or struct.unpack_from("<H", records[0][1], 2)[0] != _WORKSHEET:
            continue
        out.append(_sheet(name, records, strings, biff8, codepage, dates, date_1904))
    return out


def _sheet(name: str, records: list[tuple[int, bytes, int]], strings: list[str], biff8: bool, codepage: str,
           dates: set[int], date_1904: bool) -> Sheet:  # fmt: skip
    cells: dict[tuple[int, int], Any] = {}
    merged: list[tuple[int, int, int, int]] = []

    def number(row: int, column: int, xf: int, value: float) -> None:
        if xf in dates and 0 < value < 2958466:
            base = datetime.date(1904, 1, 1) if date_1904 else datetime.date(1899, 12, 30)
            if not date_1904 and value < 61:
                base = datetime.date(1899, 12, 31)  # the days before Excel's 29 February 1900
            cells[(row + 1, column + 1)] = base + datetime.timedelta(days=int(value))
        else:
            cells[(row + 1, column + 1)] = value

    pending: tuple[int, int] | None = None  # a formula whose text result follows in a STRING record
    for kind, data, _ in records[1:]:
        if kind == _LABELSST:
            row, column, _xf, index = struct.unpack_from("<HHHI", data)
            if index >= len(strings):
                raise _XlsError(f"a cell names shared string {index} of {len(strings)}",
                                f"单元格引用的共享字符串{index}不存在（共{len(strings)}个）")  # fmt: skip
            cells[(row + 1, column + 1)] = strings[index]
        elif kind in (_LABEL, _RSTRING):
            row, column = struct.unpack_from("<HH", data)
            cells[(row + 1, column + 1)] = _short_string(data, 6, biff8, codepage, wide_length=True)
        elif kind == _NUMBER:
            row, column, xf, value = struct.unpack_from("<HHHd", data)
            number(row, column, xf, value)
        elif kind == _RK:
            row, column, xf, value = struct.unpack_from("<HHHI", data)
            number(row, column, xf, _rk(value))
        elif kind == _MULRK:
            row, first = struct.unpack_from("<HH", data)
            count = (len(data) - 6) // 6
            for i in range(count):
                xf, value = struct.unpack_from("<HI", data, 4 + 6 * i)
                number(row, first + i, xf, _rk(value))
        elif kind == _BOOLERR:
            row, column, _xf, value, error = struct.unpack_from("<HHHBB", data)
            cells[(row + 1, column + 1)] = _ERRORS.get(value, "#ERROR") if error else bool(value)
        elif kind == _FORMULA:
            row, column, xf = struct.unpack_from("<HHH", data)
            result = data[6:14]
            if result[6:8] == b"\xff\xff":
                if result[0] == 0:
                    pending = (row + 1, column + 1)
                elif result[0] == 1:
                    cells[(row + 1, column + 1)] = bool(result[2])
                elif result[0] == 2:
                    cells[(row + 1, column + 1)] = _ERRORS.get(result[2], "#ERROR")
            else:
                number(row, column, xf, struct.unpack("<d", result)[0])
        elif kind == _STRING and pending is not None:
            cells[pending] = _short_string(data, 0, biff8, codepage, wide_length=True)
            pending = None
        elif kind == _MERGEDCELLS:
            (count,) = struct.unpack_from("<H", data)
            for i in range(min(count, (len(data) - 2) // 8)):
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data, 2 + 8 * i)
                merged.append((first_row + 1, first_col + 1, last_row + 1, last_col + 1))
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    merged = [(t, left, min(b, height), min(r, width)) for t, left, b, r in merged if t <= height and left <= width]
    if height * width > MAX_CELLS:
        return Sheet(name, [], merged, height, width)
    grid = [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]
    return Sheet(name, grid, merged, height, width)
