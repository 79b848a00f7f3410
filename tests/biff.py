"""Excel 97–2003 workbooks written for the .xls reader's tests: the records of
[MS-XLS] (BIFF8, and BIFF5 with its 8-bit strings) in a compound file.

Written here rather than by a spreadsheet program so the tests can choose what real
writers vary: where the shared strings are split across CONTINUE records (and whether
the run-on characters change width there), integers as RK and MULRK records, totals as
formulas with their last results, dates as numbers in a date format.
"""

from __future__ import annotations

import datetime
import struct
from collections.abc import Sequence
from typing import Any

import attrs

#: Most bytes of a record's data Excel writes (a longer SST goes on in CONTINUE records).
LIMIT = 8224

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD


@attrs.define
class XlsSheet:
    """A sheet to write: cell values by (row, column), 1-based, and merged ranges
    (first row, first column, last row, last column). A value is a str, an int, a
    float, a date, or a ``Formula`` (a total Excel computed)."""

    title: str
    cells: dict[tuple[int, int], Any]
    merged: list[tuple[int, int, int, int]] = attrs.field(factory=list)
    hidden: bool = False


@attrs.frozen
class Formula:
    """A formula cell: what is stored is its last result."""

    result: Any


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _wide(text: str) -> bool:
    return any(ord(c) > 0xFF for c in text)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def unicode_string(text: str, *, short: bool = False) -> bytes:
    """An XLUnicodeString (a one-byte length when ``short``)."""
    wide = _wide(text)
    body = text.encode("utf-16-le") if wide else text.encode("latin-1")
    length = struct.pack("<B" if short else "<H", _units(text))
    return length + bytes([1 if wide else 0]) + body


def sst_records(strings: Sequence[str], *, limit: int = LIMIT, switch: bool = False) -> bytes:
    """The SST record and its CONTINUE records, split at ``limit`` bytes as Excel splits
    them: a string's header never split, its characters run on into the next record
    after a byte giving their width (with ``switch``, always wide there, as Excel does
    when the run-on part holds a wide character)."""
    chunks: list[bytearray] = []
    current = bytearray(struct.pack("<II", len(strings), len(strings)))
    for text in strings:
        wide = _wide(text)
        if len(current) + 3 + (2 if wide else 1) > limit:
            chunks.append(current)
            current = bytearray()
        current += struct.pack("<HB", _units(text), 1 if wide else 0)
        rest = text
        unit = 2 if wide else 1
        while rest:
            room = (limit - len(current)) // unit
            if room <= 0:
                chunks.append(current)
                wide = wide or switch
                unit = 2 if wide else 1
                current = bytearray([1 if wide else 0])
                continue
            part, rest = _take_units(rest, room)
            if not part:  # a surrogate pair does not fit: the next record
                chunks.append(current)
                current = bytearray([1 if wide else 0])
                continue
            current += part.encode("utf-16-le") if wide else part.encode("latin-1")
    chunks.append(current)
    return record(0x00FC, bytes(chunks[0])) + b"".join(record(0x003C, bytes(c)) for c in chunks[1:])


def _take_units(text: str, units: int) -> tuple[str, str]:
    count = 0
    for i, char in enumerate(text):
        size = 2 if ord(char) > 0xFFFF else 1
        if count + size > units:
            return text[:i], text[i:]
        count += size
    return text, ""


def _rk(value: int) -> int | None:
    if -(1 << 29) <= value < (1 << 29):
        return ((value << 2) | 2) & 0xFFFFFFFF
    return None


_DATE_XF = 16  # the XF record (index) of the cells written as dates
_CUSTOM_DATE = 164


def workbook_stream(sheets: Sequence[XlsSheet], *, biff5: bool = False, limit: int = LIMIT,
                    switch: bool = False, mulrk: bool = True) -> bytes:  # fmt: skip
    """A Workbook stream (BIFF8) or, ``biff5``, a Book stream with GBK strings."""
    version = 0x0500 if biff5 else 0x0600
    strings: list[str] = []
    index: dict[str, int] = {}
    if not biff5:
        for sheet in sheets:
            for key in sorted(sheet.cells):
                value = sheet.cells[key]
                if isinstance(value, str) and value not in index:
                    index[value] = len(strings)
                    strings.append(value)

    def text(value: str, *, short: bool = False) -> bytes:
        if biff5:
            raw = value.encode("gbk")
            return struct.pack("<B" if short else "<H", len(raw)) + raw
        return unicode_string(value, short=short)

    globals_ = bytearray(record(0x0809, struct.pack("<HHHHII", version, 0x0005, 0, 1997, 0, 0)))
    globals_ += record(0x0042, struct.pack("<H", 936 if biff5 else 1200))
    globals_ += record(0x0022, struct.pack("<H", 0))
    globals_ += record(0x041E, struct.pack("<H", _CUSTOM_DATE) + text('yyyy"年"m"月"d"日"', short=biff5))
    for number in range(_DATE_XF + 1):
        fmt = _CUSTOM_DATE if number == _DATE_XF else 0
        globals_ += record(0x00E0, struct.pack("<HH", 0, fmt) + bytes(16 if not biff5 else 12))
    places = []
    for sheet in sheets:
        places.append(len(globals_) + 4)
        name = text(sheet.title, short=True)
        globals_ += record(0x0085, struct.pack("<IBB", 0, 1 if sheet.hidden else 0, 0) + name)
    if strings:
        globals_ += sst_records(strings, limit=limit, switch=switch)
    globals_ += record(0x000A, b"")
    parts: list[bytes | bytearray] = [globals_]
    offset = len(globals_)
    for place, sheet in zip(places, sheets, strict=True):
        struct.pack_into("<I", globals_, place, offset)
        body = _sheet_records(sheet, version, biff5, index, mulrk)
        parts.append(body)
        offset += len(body)
    return b"".join(bytes(p) for p in parts)


def _sheet_records(sheet: XlsSheet, version: int, biff5: bool, index: dict[str, int], mulrk: bool) -> bytes:
    out = bytearray(record(0x0809, struct.pack("<HHHHII", version, 0x0010, 0, 1997, 0, 0)))
    keys = sorted(sheet.cells)
    i = 0
    while i < len(keys):
        row, column = keys[i]
        value = sheet.cells[keys[i]]
        r, c = row - 1, column - 1
        if isinstance(value, bool) or value is None:
            i += 1
            continue
        if isinstance(value, int) and mulrk and _rk(value) is not None:
            run = [value]
            while (
                i + len(run) < len(keys)
                and keys[i + len(run)] == (row, column + len(run))
                and type(sheet.cells[keys[i + len(run)]]) is int
                and _rk(sheet.cells[keys[i + len(run)]]) is not None
            ):
                run.append(sheet.cells[keys[i + len(run)]])
            if len(run) > 1:
                data = struct.pack("<HH", r, c) + b"".join(struct.pack("<HI", 15, _rk(v)) for v in run)
                out += record(0x00BD, data + struct.pack("<H", c + len(run) - 1))
                i += len(run)
                continue
        if isinstance(value, int) and _rk(value) is not None:
            out += record(0x027E, struct.pack("<HHHI", r, c, 15, _rk(value)))
        elif isinstance(value, (int, float)):
            out += record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))
        elif isinstance(value, datetime.date):
            serial = (value - datetime.date(1899, 12, 30)).days
            out += record(0x0203, struct.pack("<HHHd", r, c, _DATE_XF, float(serial)))
        elif isinstance(value, Formula):
            if isinstance(value.result, str):
                result = b"\x00" + bytes(5) + b"\xff\xff"
            else:
                result = struct.pack("<d", float(value.result))
            tokens = b"\x1e" + struct.pack("<H", 0)  # the formula's own tokens: not read
            out += record(0x0006, struct.pack("<HHH", r, c, 15) + result + struct.pack("<HIH", 0, 0, len(tokens))
                          + tokens)  # fmt: skip
            if isinstance(value.result, str):
                raw = value.result.encode("gbk")
                string = struct.pack("<H", len(raw)) + raw if biff5 else unicode_string(value.result)
                out += record(0x0207, string)
        elif biff5:
            raw = value.encode("gbk")
            out += record(0x0204, struct.pack("<HHHH", r, c, 15, len(raw)) + raw)
        else:
            out += record(0x00FD, struct.pack("<HHHI", r, c, 15, index[value]))
        i += 1
    if sheet.merged:
        refs = b"".join(struct.pack("<HHHH", t - 1, b - 1, left - 1, right - 1) for t, left, b, right in sheet.merged)
        out += record(0x00E5, struct.pack("<H", len(sheet.merged)) + refs)
    out += record(0x000A, b"")
    return bytes(out)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding these top-level streams,
    each padded to 4096 bytes at least so it lives in the regular sectors."""
    size = 512
    sectors: list[bytes] = []
    fat: list[int] = []
    entries: list[tuple[str, int, int, int]] = []  # name, type, start, size
    for name, data in streams.items():
        padded = data.ljust(max(4096, -(-len(data) // size) * size), b"\0")
        start = len(sectors)
        count = len(padded) // size
        sectors.extend(padded[i * size : (i + 1) * size] for i in range(count))
        fat.extend([*range(start + 1, start + count), _END])
        entries.append((name, 2, start, len(padded)))  # Excel pads its stream to 4096 bytes, as here
    directory = bytearray()
    all_entries = [("Root Entry", 5, _END, 0), *entries]
    for number, (name, kind, start, length) in enumerate(all_entries):
        raw = name.encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        struct.pack_into("<HBB", entry, 0x40, len(raw), kind, 1)
        right = number + 1 if 1 <= number < len(all_entries) - 1 else _FREE
        child = 1 if number == 0 and len(all_entries) > 1 else _FREE
        struct.pack_into("<III", entry, 0x44, _FREE, right, child)
        struct.pack_into("<IQ", entry, 0x74, start, length)
        directory += entry
    directory = directory.ljust(-(-len(directory) // size) * size, b"\0")
    first_directory = len(sectors)
    count = len(directory) // size
    sectors.extend(bytes(directory[i * size : (i + 1) * size]) for i in range(count))
    fat.extend([*range(first_directory + 1, first_directory + count), _END])
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (size // 4):
        fat_sectors += 1
    first_fat = len(sectors)
    fat.extend([_FAT_SECTOR] * fat_sectors)
    fat.extend([_FREE] * (fat_sectors * (size // 4) - len(fat)))
    raw_fat = struct.pack(f"<{len(fat)}I", *fat)
    sectors.extend(raw_fat[i * size : (i + 1) * size] for i in range(fat_sectors))
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, fat_sectors, first_directory, 0, 4096, _END, 0, _END, 0)
    difat = [first_fat + i for i in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 0x4C, *difat)
    return bytes(header) + b"".join(sectors)


def workbook(sheets: Sequence[XlsSheet], *, biff5: bool = False, **options: Any) -> bytes:
    """A whole .xls file."""
    return compound_file({"Book" if biff5 else "Workbook": workbook_stream(sheets, biff5=biff5, **options)})
