"""The streams of a compound file (the container of Office 97–2003 files: .doc, .wps,
.xls), read with the standard library.

Only the streams at the top of the file are read (an embedded object's own streams
are not the document's), each through its sector chain with every step checked: a
chain that loops, leaves the file or is longer than the stream is a damaged file,
reported as such, never read past.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

import attrs

from govdisclosure.errors import GovDisclosureError

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_NO_STREAM = 0xFFFFFFFF
_MAX_DIRECTORY_ENTRIES = 1 << 16


class CompoundFileError(GovDisclosureError, ValueError):
    """A compound file that cannot be read: what is wrong, in English and in Chinese."""

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_zh = reason_zh


@attrs.frozen
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    left: int
    right: int
    child: int
    start: int
    size: int


class CompoundFile:
    """A compound file's top-level streams by name."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise CompoundFileError("not a compound file", "不是复合文档")
        self._data = data
        major, byte_order, shift, mini_shift = struct.unpack_from("<HHHH", data, 0x1A)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6 or major not in (3, 4):
            raise CompoundFileError("the compound file's header is damaged", "复合文档的文件头已损坏")
        self._size = 1 << shift
        (fat_sectors, first_directory, _tx, self._cutoff, first_mini_fat, mini_fat_sectors,
         first_difat, difat_sectors) = struct.unpack_from("<IIIIIIII", data, 0x2C)  # fmt: skip
        self._count = max(0, (len(data) - self._size) // self._size)  # whole sectors in the file
        fat_list = [n for n in struct.unpack_from("<109I", data, 0x4C) if n < self._count]
        sector = first_difat
        per = self._size // 4 - 1
        for _ in range(min(difat_sectors, self._count)):
            if sector >= self._count:
                break
            values = struct.unpack_from(f"<{per + 1}I", self._sector(sector))
            fat_list.extend(n for n in values[:per] if n < self._count)
            sector = values[per]
        fat_list = fat_list[:fat_sectors] if fat_sectors else fat_list
        self._fat: list[int] = []
        for number in fat_list:
            self._fat.extend(struct.unpack_from(f"<{self._size // 4}I", self._sector(number)))
        directory = self._chain(first_directory, None, self._fat, self._size, self._sector)
        entries = []
        for offset in range(0, min(len(directory), 128 * _MAX_DIRECTORY_ENTRIES), 128):
            raw = directory[offset : offset + 128]
            if len(raw) < 128:
                break
            length = struct.unpack_from("<H", raw, 0x40)[0]
            name = raw[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            kind = raw[0x42]
            left, right, child = struct.unpack_from("<III", raw, 0x44)
            start, size = struct.unpack_from("<IQ", raw, 0x74)
            if major == 3:
                size &= 0xFFFFFFFF
            entries.append(_Entry(name, kind, left, right, child, start, size))
        if not entries or entries[0].kind != 5:
            raise CompoundFileError("the compound file has no root entry", "复合文档缺少根目录")
        self._entries = entries
        root = entries[0]
        self._mini_fat: list[int] = []
        if mini_fat_sectors and first_mini_fat < self._count:
            raw_mini_fat = self._chain(first_mini_fat, None, self._fat, self._size, self._sector)
            self._mini_fat = list(struct.unpack_from(f"<{len(raw_mini_fat) // 4}I", raw_mini_fat))
        self._mini_stream = (
            self._chain(root.start, root.size, self._fat, self._size, self._sector) if root.size else b""
        )
        self.streams = self._top_level(root.child)

    def _sector(self, number: int) -> bytes:
        if number >= self._count:
            raise CompoundFileError(f"sector {number} lies beyond the end of the file", "扇区超出文件末尾")
        start = (number + 1) * self._size
        return self._data[start : start + self._size]

    def _mini_sector(self, number: int) -> bytes:
        start = number * 64
        if start >= len(self._mini_stream):
            raise CompoundFileError(f"mini sector {number} lies beyond the mini stream", "小扇区超出小流末尾")
        return self._mini_stream[start : start + 64]

    def _chain(self, first: int, size: int | None, fat: list[int], sector_size: int,
               read: Callable[[int], bytes]) -> bytes:  # fmt: skip
        parts: list[bytes] = []
        seen: set[int] = set()
        number = first
        wanted = None if size is None else -(-size // sector_size)
        while number not in (_END_OF_CHAIN, _FREE):
            if wanted is not None and len(parts) >= wanted:
                break
            if number in seen or number >= len(fat):
                raise CompoundFileError("a stream's sector chain is broken (it loops or leaves the file)",
                                        "流的扇区链已损坏（循环或超出文件）")  # fmt: skip
            seen.add(number)
            parts.append(read(number))
            number = fat[number]
        data = b"".join(parts)
        if size is not None:
            if len(data) < size:
                raise CompoundFileError("a stream is shorter than its directory entry says", "流的长度短于目录记录")
            data = data[:size]
        return data

    def _top_level(self, child: int) -> dict[str, _Entry]:
        found: dict[str, _Entry] = {}
        stack = [child]
        seen: set[int] = set()
        while stack:
            index = stack.pop()
            if index == _NO_STREAM or index >= len(self._entries) or index in seen:
                continue
            seen.add(index)
            entry = self._entries[index]
            found.setdefault(entry.name, entry)
            stack.extend((entry.left, entry.right))
        return found

    def read(self, name: str) -> bytes | None:
        """A top-level stream's bytes, or None when there is no such stream."""
        entry = self.streams.get(name)
        if entry is None or entry.kind != 2:
            return None
        if entry.size < self._cutoff:
            return self._chain(entry.start, entry.size, self._mini_fat, 64, self._mini_sector)
        return self._chain(entry.start, entry.size, self._fat, self._size, self._sector)
