"""The fast path: orjson and a compiled validator (jsonschema-rs), when installed.

It only ever says "valid, here is the report". Anything else, a parse error, a
possible duplicate key, a byte order mark, a schema failure, a float in a count,
sends the document to the reference path, which reports every problem. Tests
prove that whatever the fast path accepts, the reference accepts too and reads
the same report.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable
from typing import Any

from govdisclosure._decode import MAX_DEPTH
from govdisclosure.convert import structure
from govdisclosure.model import AnnualReport
from govdisclosure.schema import load_schema

_SPACE_BEFORE_COLON = re.compile(rb'"[ \t\r\n]+:')


@functools.cache
def _compiled() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes], Callable[[Any], bool]] | None:
    try:
        import jsonschema_rs
        import orjson
    except ImportError:
        return None
    validator = jsonschema_rs.validator_for(load_schema())
    return orjson.loads, orjson.dumps, validator.is_valid


def available() -> bool:
    """Whether the optional fast path is installed (``pip install govdisclosure[fast]``)."""
    return _compiled() is not None


def fast_load(raw: bytes) -> AnnualReport | None:
    """The report when ``raw`` is certainly valid; ``None`` means: ask the reference path."""
    compiled = _compiled()
    if compiled is None:
        return None
    loads, dumps, is_valid = compiled
    if raw[:1] != b"{":
        return None  # leading whitespace, BOM, UTF-16: let the reference path judge
    try:
        obj = loads(raw)
    except Exception:
        return None
    if type(obj) is not dict:
        return None
    # Duplicate keys: orjson keeps the last value silently. Every key in the input
    # ends with `":` (checked: no whitespace before a colon), so the same count in
    # the input and in the re-serialised object proves no key was dropped.
    if _SPACE_BEFORE_COLON.search(raw):
        return None
    try:
        keys_kept = dumps(obj).count(b'":')
    except Exception:
        return None  # orjson refuses very deep nesting
    if raw.count(b'":') != keys_kept:
        return None
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and _depth(obj) > MAX_DEPTH:
        return None
    if not is_valid(obj):
        return None
    try:
        return structure(obj)
    except Exception:
        return None  # e.g. 12.0 in a count, an impossible date: the reference path explains


def _depth(obj: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


class paused_gc:
    """Pause the cyclic garbage collector while building many objects (restored after)."""

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()
