"""Bytes to text to parsed JSON, turning every way an input can be broken into findings.

This is the reference reader: the standard library's JSON parser with hooks that
see duplicate keys, NaN/Infinity, floats and lone surrogates, so nothing is
silently dropped or changed.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from typing import Any

import attrs

from govdisclosure.coordinates import join_pointer
from govdisclosure.findings import JSON_TYPES_ZH, Finding, json_syntax_reason, make_finding

#: Deepest nesting accepted in a document (a report nests about ten levels).
MAX_DEPTH = 500

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _DupDict(dict[str, Any]):
    """A parsed object that had duplicate keys; keeps every value of each."""

    __slots__ = ("duplicates",)
    duplicates: dict[str, list[Any]]


@attrs.frozen
class _NonFinite:
    token: str


@attrs.define
class _ParseState:
    saw_float: bool = False
    saw_special: bool = False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


#: File signatures of the formats reports are published in (``govdisclosure extract`` reads them).
_PUBLISHED_MAGIC = (
    (b"%PDF-", "a PDF", "PDF文件"),
    (b"PK\x03\x04", "a Word file or a spreadsheet", "Word文件或电子表格"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Word 97–2003 (.doc) or other Office 97–2003 file",
        "Word 97–2003（.doc）或其他Office 97–2003文件",
    ),
)
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<table|<p[\s>])", re.IGNORECASE)


def published_report(raw: bytes, text: str | None = None) -> Finding | None:
    """A finding when the input is a report as published (a PDF, a Word file, a web page,
    its text) rather than a JSON document."""
    head = raw[:4096].lstrip()
    for magic, what, what_zh in _PUBLISHED_MAGIC:
        if head.startswith(magic):
            return make_finding("input.published_report", what=what, what_zh=what_zh)
    if _HTML.match(head):
        return make_finding("input.published_report", what="a web page", what_zh="网页")
    if text is not None and text.lstrip()[:1] not in ("{", "[", '"') and "政府信息公开" in text[:20000]:
        return make_finding("input.published_report", what="its text", what_zh="报告文本")
    return None


def decode_bytes(raw: bytes) -> tuple[str | None, list[Finding]]:
    """Text from bytes. ``None`` when the bytes are not text at all."""
    findings: list[Finding] = []
    if not raw.strip():
        return None, [make_finding("input.empty")]
    published = published_report(raw)
    if published is not None:
        return None, [published]
    for bom, codec, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return None, [make_finding("input.binary", offset=len(bom))]
            if _looks_binary(text):
                return None, [make_finding("input.binary", offset=len(bom))]
            return text, [make_finding("input.encoding", encoding=encoding)]
    if raw.startswith(codecs.BOM_UTF8):
        findings.append(make_finding("input.utf8_bom"))
        raw = raw[len(codecs.BOM_UTF8) :]
    if len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0):
        codec = "utf-16-be" if raw[0] == 0 else "utf-16-le"
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text):
                return text, [
                    make_finding(
                        "input.encoding", encoding="UTF-16 (no byte order mark)", encoding_zh="UTF-16（无字节顺序标记）"
                    )
                ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, [make_finding("input.binary", offset=offset)]
        if _looks_binary(text):
            return None, [make_finding("input.binary", offset=offset)]
        findings.append(make_finding("input.encoding", encoding="GB18030 (or GBK)", encoding_zh="GB18030（或GBK）"))
        return text, findings
    if _looks_binary(text):
        offset = next(i for i, ch in enumerate(text) if ch == "\x00" or (ord(ch) < 32 and ch not in "\t\r\n"))
        return None, [*findings, make_finding("input.binary", offset=offset)]
    return text, findings


def _looks_binary(text: str) -> bool:
    return any(ch == "\x00" or (ord(ch) < 32 and ch not in "\t\r\n") for ch in text[:4096])


def parse_text(text: str) -> tuple[Any, list[Finding], bool]:
    """Parsed JSON, findings, and whether the result is usable at all."""
    state = _ParseState()

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        dup = _DupDict(result)
        dup.duplicates = {}
        for key, value in pairs:
            dup.duplicates.setdefault(key, []).append(value)
        dup.duplicates = {k: v for k, v in dup.duplicates.items() if len(v) > 1}
        state.saw_special = True
        return dup

    def parse_float(token: str) -> Any:
        state.saw_float = True
        value = float(token)
        if math.isinf(value):
            state.saw_special = True
            return _NonFinite(token)
        return _FloatToken(value, token)

    def parse_constant(token: str) -> Any:
        state.saw_special = True
        return _NonFinite(token)

    try:
        obj = json.loads(text, object_pairs_hook=pairs_hook, parse_float=parse_float, parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        syntax = make_finding(
            "json.syntax", reason=exc.msg, reason_zh=json_syntax_reason(exc.msg), line=exc.lineno, column=exc.colno
        )
        return None, [syntax], False
    except RecursionError:
        return None, [make_finding("json.too_deep", limit=MAX_DEPTH)], False
    except ValueError:
        return None, [make_finding("json.number_too_long")], False

    findings: list[Finding] = []
    check_surrogates = bool(_SURROGATE_ESCAPE.search(text))
    if not isinstance(obj, dict):
        found = json_type(obj)
        hint = (
            (
                "; an array of reports is read as a collection by govdisclosure validate and iter_validate, "
                "or write one report per line (JSONL)",
                "；报告数组可由govdisclosure validate和iter_validate按集合读取，或每行写一份报告（JSONL）",
            )
            if found == "array"
            else ("", "")
        )
        findings.append(
            make_finding(
                "json.not_object", found=found, found_zh=JSON_TYPES_ZH.get(found, found), hint=hint[0], hint_zh=hint[1]
            )
        )
        return obj, findings, False
    obj, deep = _clean(obj, findings, state.saw_float or state.saw_special, check_surrogates)
    if deep:
        return None, [make_finding("json.too_deep", limit=MAX_DEPTH)], False
    return obj, findings, True


class _FloatToken(float):
    """A float that remembers how it was written."""

    token: str

    def __new__(cls, value: float, token: str) -> _FloatToken:
        obj = super().__new__(cls, value)
        obj.token = token
        return obj


def _clean(obj: Any, findings: list[Finding], special: bool, surrogates: bool) -> tuple[Any, bool]:
    """Walk the parsed tree (iteratively): report what the parser hooks marked,
    read whole floats as integers, and check the nesting depth.

    Returns the cleaned tree and whether it nests deeper than :data:`MAX_DEPTH`.
    """
    root_holder: dict[str, Any] = {"root": obj}
    stack: list[tuple[Any, Any, list[str | int]]] = [(root_holder, "root", [])]
    while stack:
        parent, key, path = stack.pop()
        node = parent[key]
        if len(path) > MAX_DEPTH:
            return obj, True
        if isinstance(node, dict):
            if special and isinstance(node, _DupDict):
                for dup_key, values in node.duplicates.items():
                    pointer = join_pointer([*path, dup_key])
                    findings.append(
                        make_finding(
                            "json.duplicate_key",
                            pointer,
                            value=[_plain(v) for v in values],
                            key=dup_key,
                            count=len(values),
                            values=", ".join(json.dumps(_plain(v), ensure_ascii=False)[:60] for v in values),
                        )
                    )
                node = dict(node)
                parent[key] = node
            for k in node:
                if surrogates:
                    _check_string(k, [*path, k], findings)
                stack.append((node, k, [*path, k]))
        elif isinstance(node, list):
            for i in range(len(node)):
                stack.append((node, i, [*path, i]))
        elif special and isinstance(node, _NonFinite):
            findings.append(make_finding("json.non_finite", join_pointer(path), value=node.token, token=node.token))
            parent[key] = None
        elif isinstance(node, _FloatToken):
            # numbers may be fractional in extensions and in the extraction section
            # (confidences, PDF boxes); elsewhere a whole float is an integer written oddly
            floats_allowed = bool(path) and path[0] in ("extensions", "extraction")
            if node.is_integer() and not floats_allowed:
                findings.append(_float_finding(path, node))
                parent[key] = int(node)
            else:
                parent[key] = float(node)
        elif surrogates and isinstance(node, str):
            _check_string(node, path, findings)
    return root_holder["root"], False


def _float_finding(path: list[str | int], node: _FloatToken) -> Finding:
    return make_finding(
        "json.integer_as_float", join_pointer(path), value=node.token, token=node.token, integer=int(node)
    )


def _check_string(text: str, path: list[str | int], findings: list[Finding]) -> None:
    for ch in text:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            findings.append(make_finding("json.lone_surrogate", join_pointer(path), codepoint=ord(ch)))
            return


def _plain(value: Any) -> Any:
    if isinstance(value, _NonFinite):
        return value.token
    if isinstance(value, _FloatToken):
        return float(value)
    return value


def json_type(value: Any) -> str:
    """The JSON Schema type name of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
