"""The fast path: typed decoding with msgspec, when installed (the ``fast`` extra).

It only ever says "valid, here is the report". Anything else, a parse error, a
possible duplicate key, a byte order mark, a schema failure, a float in a count,
sends the document to the reference path, which reports every problem. Tests
prove that whatever the fast path accepts, the reference accepts too and reads
the same report.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from govdisclosure.model import AnnualReport

if TYPE_CHECKING:
    from govdisclosure.validation import ValidationResult


@functools.cache
def _decoder() -> Any:
    try:
        from govdisclosure._fastcodec import FastDecoder
    except ImportError:  # msgspec is not installed
        return None
    return FastDecoder()


def available() -> bool:
    """Whether the optional fast path is installed (``pip install 'govdisclosure[fast]'``)."""
    return _decoder() is not None


def fast_load(raw: bytes) -> AnnualReport | None:
    """The report when ``raw`` is certainly valid; ``None`` means: ask the reference path."""
    decoder = _decoder()
    if decoder is None or raw[:1] != b"{":
        return None  # leading whitespace, a BOM, UTF-16: the reference path judges
    from govdisclosure._fastcodec import Fallback

    try:
        report: AnnualReport = decoder.decode(raw)
    except Fallback:
        return None
    return report


def fast_check(raw: bytes) -> list[Any] | None:
    """The findings of a document that is certainly valid, found without building the
    model (the same as :func:`govdisclosure.validation` gives for it); ``None`` means:
    ask the full path."""
    checked = fast_struct(raw)
    return None if checked is None else checked[2]


def fast_struct(raw: bytes) -> tuple[Any, Any, list[Any]] | None:
    """The template, the decoded Structs and the findings of a document that is certainly
    valid under the schema, without building the model; ``None`` means: ask the full path."""
    decoder = _decoder()
    if decoder is None or raw[:1] != b"{":
        return None
    from govdisclosure._fastcodec import UNSET, Fallback
    from govdisclosure.validation import _model_findings

    try:
        template, struct = decoder.check(raw)
    except Fallback:
        return None
    findings = _model_findings(
        struct,
        template,
        absent=lambda value: value is None or value is UNSET,
        resolves=decoder.resolver(struct),
    )
    return template, struct, findings


# --------------------------------------------------------------------------- the upload gate


@attrs.frozen
class Gated:
    """A document the fast path found valid, judged without building its report: its result
    (findings, no report) and what names it (:func:`govdisclosure.collection.report_identity`,
    and the template, year and agency a listing shows)."""

    result: ValidationResult
    identity: tuple[str, str, int, str, str]
    template: str
    year: int
    agency: str | None


def gate(raw: bytes, source: str | None, line: int | None, max_bytes: int, fast: bool | None, rules: bool) -> Any:
    """A leaf for ``validation._iter_validate``: a :class:`Gated` where the fast path decides
    the document is a valid report (its findings are those of the full path), else the full
    validation's result."""
    from govdisclosure._fastcodec import _struct_reader
    from govdisclosure.model import Agency, Region
    from govdisclosure.model.envelope import identity_of
    from govdisclosure.validation import _finish, _validate_bytes_safely

    checked = fast_struct(raw) if not rules and fast is not False and len(raw) <= max_bytes else None
    if checked is None or any(f.is_error for f in checked[2]):
        return _validate_bytes_safely(raw, source, line, max_bytes, fast, rules)
    template, struct, findings = checked
    agency = struct.agency
    name = _struct_reader(Agency, "name", False)([agency])[0]
    region = _struct_reader(Agency, "region", False)([agency])[0]
    code = None if region is None else _struct_reader(Region, "code", False)([region])[0]
    scope = _struct_reader(AnnualReport, "scope", False)([struct])[0]
    identity = identity_of(name, None if region is None else region.name, code, struct.year, template.value, scope)
    return Gated(_finish(source, (findings, None), line), identity, template.value, struct.year, name)
