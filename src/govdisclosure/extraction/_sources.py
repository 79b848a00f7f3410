"""What an input is (a web page, text, a PDF, a Word file, a spreadsheet, or none of
these) and its text, decoded whatever its charset, mojibake repaired.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile

import attrs

from govdisclosure.extraction._normalize import fold_compatibility, looks_traditional, strip_pinyin, to_simplified
from govdisclosure.model import SourceFormat

#: Largest total an Office file may unpack to, and the largest ratio of one member.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200


class Kind:
    """Input kinds the sniffer tells apart (a superset of what can be extracted)."""

    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    IMAGE = "image"
    OLE = "ole"  # .doc (and any other file) of Office 97–2003
    XLS = "xls"  # .xls of Office 97–2003 (and .et of WPS Office)
    MHTML = "mhtml"  # a web page saved as one file (.mht, .mhtml: MIME, the page and its pictures)
    ZIP = "zip"
    JSON = "json"
    EMPTY = "empty"
    BINARY = "binary"


FORMATS: dict[str, SourceFormat] = {
    Kind.HTML: SourceFormat.HTML,
    Kind.TEXT: SourceFormat.TEXT,
    Kind.MARKDOWN: SourceFormat.MARKDOWN,
    Kind.PDF: SourceFormat.PDF,
    Kind.DOCX: SourceFormat.DOC,
    Kind.OLE: SourceFormat.DOC,
    Kind.XLSX: SourceFormat.SPREADSHEET,
    Kind.XLS: SourceFormat.SPREADSHEET,
    Kind.MHTML: SourceFormat.HTML,
}

#: ``format=`` names a caller may give, to their kind.
DECLARED: dict[str, str] = {
    "html": Kind.HTML,
    "htm": Kind.HTML,
    "text": Kind.TEXT,
    "txt": Kind.TEXT,
    "markdown": Kind.MARKDOWN,
    "md": Kind.MARKDOWN,
    "pdf": Kind.PDF,
    "docx": Kind.DOCX,
    "word": Kind.DOCX,
    "doc": Kind.OLE,
    "wps": Kind.OLE,
    "xlsx": Kind.XLSX,
    "excel": Kind.XLSX,
    "xls": Kind.XLS,
    "et": Kind.XLS,
    "mht": Kind.MHTML,
    "mhtml": Kind.MHTML,
}

_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")


def sniff(data: bytes, name: str | None = None) -> str:
    """The kind of an input, from its bytes (the file name only breaks ties)."""
    head = data[:2048]
    if not data.strip():
        return Kind.EMPTY
    if b"%PDF-" in head[:1024]:
        return Kind.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(data)
    if any(head.startswith(m) for m in _IMAGES) and not head[:64].isascii():
        return Kind.IMAGE
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Kind.IMAGE
    data = _utf8_sample(data)  # a page or text saved as "Unicode" (UTF-16) is sniffed as what it holds
    head = data[:2048]
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # a MIME message's headers (a long title's Subject folded over several lines) before
    # a multipart/related body: a web archive
    if (
        re.match(rb"[\w-]+\s*:", sample)
        and re.search(rb"^mime-version\s*:", data[:8192], re.I | re.M)
        and re.search(rb"^content-type\s*:\s*multipart/related", data[:8192], re.I | re.M)
    ):
        return Kind.MHTML
    if sample.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<table", b"<div", b"<p")):
        return Kind.HTML
    if re.search(rb"<(?:html|body|table|div|p|td|tr)[\s>/]", data[:65536], re.I):
        return Kind.HTML
    lowered = (name or "").lower()
    markdown = lowered.endswith((".md", ".markdown")) or re.search(_PIPE_TABLE, data[:200000], re.M) is not None
    if re.search(rb"<br[\s>/]", data[:65536], re.I) and not markdown:
        return Kind.HTML  # line breaks its only tags: a fragment of a page (Markdown writes them in cells)
    if sample.startswith(b"{") and b'"template"' in data[:4096]:
        return Kind.JSON
    if markdown:
        return Kind.MARKDOWN
    return Kind.TEXT


def mhtml_page(data: bytes) -> tuple[str | None, str | None]:
    """The web page a web archive (.mht) holds, decoded (its part's transfer encoding and
    character set), and the character set; None when it holds no page."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset:
            try:
                return payload.decode(_ALIASES.get(charset.lower(), charset.lower())), charset
            except (LookupError, UnicodeDecodeError):
                pass
        return decode(payload, html=True).text, charset
    return None, None


def _utf8_sample(data: bytes) -> bytes:
    """The start of a UTF-16 or UTF-32 input (with its byte-order mark, or UTF-16 without one,
    as Windows saves "Unicode" text) in UTF-8, for sniffing; any other input as it is."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            body = data[len(bom) : len(bom) + 400_000]
            return body[: len(body) // 4 * 4].decode(codec, errors="replace").encode("utf-8")
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        body = data[: 400_000 // 2 * 2]
        try:
            return body.decode("utf-16-be" if data[0] == 0 else "utf-16-le").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


#: A Markdown table's header row and its ruler.
_PIPE_TABLE = rb"^\s*\|.*\|\s*$\n^\s*\|?\s*:?-{3,}"


def _ole_kind(data: bytes) -> str:
    """A workbook or another Office 97–2003 file (a damaged one is the Word reader's to report)."""
    from govdisclosure.extraction._ole import CompoundFile, CompoundFileError

    try:
        streams = CompoundFile(data).streams
    except (CompoundFileError, struct.error, ValueError, IndexError, OverflowError):
        return Kind.OLE
    if "WordDocument" not in streams and ("Workbook" in streams or "Book" in streams):
        return Kind.XLS
    return Kind.OLE


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return Kind.BINARY
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    return Kind.ZIP


def zip_problem(data: bytes) -> tuple[str, str] | None:
    """Why an Office file must not be unpacked (a zip bomb), in English and Chinese, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.file_size > 16 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    return (
                        f"member {info.filename} unpacks {info.file_size} bytes from {info.compress_size}",
                        f"成员{info.filename}由{info.compress_size}字节解压为{info.file_size}字节",
                    )
                if total > MAX_UNPACKED:
                    return (
                        f"the archive unpacks to more than {MAX_UNPACKED} bytes",
                        f"压缩包解压后超过{MAX_UNPACKED}字节",
                    )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"not a readable archive: {exc}", "不是可读取的压缩包"
    return None


# --------------------------------------------------------------------------- text


@attrs.frozen
class Decoded:
    text: str
    encoding: str
    #: Codes of the repairs made (extract.mojibake_repaired, extract.compatibility_folded, …).
    notes: tuple[str, ...] = ()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_COMMON = frozenset("的政府信息公开申请年度报告工作情况行政主动处理办理依法规定")


def _score(text: str) -> int:
    return sum(1 for ch in text[:20000] if ch in _COMMON)


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """Text from bytes: a byte order mark, an HTML page's declared charset, UTF-8,
    GB18030, Big5, then a detector; mojibake repaired and traditional characters made
    simplified (the length kept, so spans still point into the text)."""
    text, encoding = _decode(data, html)
    notes: list[str] = []
    repaired = repair_mojibake(text)
    if repaired is not None:
        text = repaired
        notes.append("extract.mojibake_repaired")
    folded = fold_compatibility(text)
    if folded != text:
        text = folded
        notes.append("extract.compatibility_folded")
    if looks_traditional(text):
        text = to_simplified(text)
        notes.append("extract.traditional_converted")
    stripped = strip_pinyin(text)
    if stripped != text:
        text = stripped
        notes.append("extract.pinyin_removed")
    return Decoded(text, encoding, tuple(notes))


def _decode(data: bytes, html: bool) -> tuple[str, str]:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    tried: list[str] = []
    if html:
        match = _META_CHARSET.search(data[:8192])
        if match:
            declared = match.group(1).decode("ascii", "replace").lower()
            declared = _ALIASES.get(declared, declared)
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                tried.append(declared)
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        try:
            return data.decode("utf-16-be" if data[0] == 0 else "utf-16-le"), "utf-16"
        except UnicodeDecodeError:
            pass
    for codec in ("utf-8", "gb18030", "big5"):
        if codec in tried:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "big5" and _score(text) < 5:
            continue
        return text, codec
    try:
        from charset_normalizer import from_bytes  # the extract extra
    except ImportError:
        return data.decode("gb18030", errors="replace"), "gb18030 (with replacement characters)"
    best = from_bytes(data[:4_000_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacement characters)"


#: Characters UTF-8 Chinese turns into when read as GBK (鏀垮簻淇℃伅 for 政府信息) or as
#: Latin-1 (æ”¿åºœ): text with none of them is not mojibake.
_MOJIBAKE = re.compile("[鏀垮簻淇℃伅鍏紑寮鐢宠銆锛鎯鐨缁鏈浜涓瀹鍙鍐閮璇ã¤¥¦§¨ª«¬¯±²³´µ¶¸¹º»¼½¾¿ÃÂÅÆæåçèéäâ]")


def repair_mojibake(text: str) -> str | None:
    """UTF-8 that was read as GBK (鏀垮簻淇℃伅) or as Latin-1 (æ”¿åºœ), read back line by
    line (a page may mix good lines and garbled ones); None when nothing was garbled.

    What the wrong reading already lost (a byte replaced by �) stays lost: the repaired
    line keeps a replacement character there, never a guess."""
    if len(_MOJIBAKE.findall(text[:200000], 0)) < 8 or _score(text) > len(text[:20000]) / 30:
        return None
    lines = text.splitlines(keepends=True)
    changed = False
    out = []
    for line in lines:
        fixed = _repair_line(line)
        if fixed is not None:
            changed = True
            out.append(fixed)
        else:
            out.append(line)
    return "".join(out) if changed else None


def _repair_line(line: str) -> str | None:
    if line.isascii():
        return None
    before = _score(line)
    for codec in ("gb18030", "cp1252", "latin-1"):
        try:
            # a character the wrong reading already replaced becomes one invalid byte
            # again (0xFF), never the replacement character's own bytes (which would
            # read back as stray digits)
            raw = line.replace("\ufffd", "\udcff").encode(codec, errors="surrogateescape")
        except UnicodeEncodeError:
            continue
        repaired = raw.decode("utf-8", errors="replace")
        if repaired == line:
            continue
        gain = _score(repaired) - before
        if gain >= 2 and repaired.count("\ufffd") <= max(2, len(repaired) // 3):
            return repaired
    return None
