"""Validation for data portals: every problem of a document at once, as findings.

:func:`validate` takes a path, bytes, text or a parsed dict and never raises for
bad data. The verdict is the JSON Schema's (run with plain ``jsonschema``), plus
the checks that need typed objects (dates that do not exist, layout deviations,
stated-figure references). Only a document without errors becomes objects.
"""

from __future__ import annotations

import codecs
import json
import os
import pathlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs
import cattrs

from govdisclosure import _fast
from govdisclosure._decode import MAX_DEPTH, decode_bytes, parse_text, published_report
from govdisclosure._defaults import DEFAULT_MAX_BYTES
from govdisclosure._regions import coded_province, named_province
from govdisclosure.convert import FieldStructureError, structure
from govdisclosure.coordinates import MISSING, join_pointer, locate, resolve, split_pointer
from govdisclosure.errors import InvalidReportError
from govdisclosure.findings import Finding, Severity, make_finding, os_reason
from govdisclosure.model import TEMPLATE_YEARS, AnnualReport, Template

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ValidationResult",
    "iter_validate",
    "load",
    "loads",
    "validate",
]


@attrs.frozen
class ValidationResult:
    """The verdict on one document: its findings and, when valid, the report."""

    source: str | None
    findings: tuple[Finding, ...]
    report: AnnualReport | None = None
    line: int | None = None

    @property
    def valid(self) -> bool:
        """No finding of severity error or fatal."""
        return not any(f.is_error for f in self.findings)

    @property
    def usable(self) -> bool:
        """The input could be read as JSON at all (no fatal finding)."""
        return not any(f.severity is Severity.FATAL for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 findings of severity error, 2 unusable input."""
        if not self.usable:
            return 2
        return 0 if self.valid else 1


Input = str | bytes | os.PathLike[str] | dict[str, Any]


def validate(
    data: Input,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fast: bool | None = None,
    rules: bool = False,
) -> ValidationResult:
    """Validate one document.

    ``data`` is a path (``os.PathLike``, or a ``str`` that does not start with
    ``{``), the document's bytes, its text, or an already parsed ``dict``.
    ``fast=None`` uses the compiled fast path when it is installed; ``False``
    forces the reference path. The result is the same either way. ``rules=True``
    adds the audit's findings (see :func:`govdisclosure.audit`) to a valid
    document's findings; a failed error rule makes it invalid.
    """
    result = _validate(data, source=source, max_bytes=max_bytes, fast=fast, rules=rules)
    return with_audit(result) if rules else result


def _validate(
    data: Input, *, source: str | None, max_bytes: int, fast: bool | None, rules: bool = False
) -> ValidationResult:
    if isinstance(data, dict):
        # Read parsed data the way a file is read, so NaN, floats and depth are
        # judged the same (and the caller's dict is never changed).
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=True)
        except (TypeError, ValueError, RecursionError) as exc:
            if isinstance(exc, RecursionError):  # nested too deep, as a file would be
                return _finish(source, ([make_finding("json.too_deep", limit=MAX_DEPTH)], None))
            invalid = make_finding("value.invalid", reason=f"not JSON data: {exc}", reason_zh="不是可写成JSON的数据")
            return _finish(source, ([invalid], None))
        return _finish(source, _validate_text(text, [], rules))
    if isinstance(data, os.PathLike) or (isinstance(data, str) and not data.lstrip().startswith(("{", "["))):
        path = pathlib.Path(data)
        source = source or str(path)
        raw, findings = _read_file(path, max_bytes)
        if raw is None:
            return _finish(source, (findings, None))
        return _validate_bytes_safely(raw, source, None, max_bytes, fast, rules)
    if isinstance(data, str):
        return _finish(source, _validate_text(data, [], rules))
    if isinstance(data, (bytes, bytearray, memoryview)):
        return _validate_bytes_safely(bytes(data), source, None, max_bytes, fast, rules)
    raise TypeError(f"validate() takes a path, bytes, str or dict, not {type(data).__name__}")


def validate_bytes(
    raw: bytes,
    *,
    source: str | None = None,
    line: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fast: bool | None = None,
    rules: bool = False,
    objects: bool = True,
) -> ValidationResult:
    """Validate one document given as bytes (JSON must be UTF-8).

    ``objects=False`` is the upload gate's fast answer, "valid, or these findings",
    without building the model: the result's ``report`` is ``None`` and its findings
    are those of the full path (proven equal by the tests). ``rules=True`` needs the
    model and builds it."""
    if not objects and not rules and fast is not False and len(raw) <= max_bytes:
        found = _fast.fast_check(raw)
        if found is not None:
            return _finish(source, (found, None), line)
    result = _validate_bytes_safely(raw, source, line, max_bytes, fast, rules)
    if not objects and not rules and result.report is not None:
        return ValidationResult(result.source, result.findings, None, result.line)
    return with_audit(result) if rules else result


def _validate_bytes_safely(
    raw: bytes, source: str | None, line: int | None, max_bytes: int, fast: bool | None, rules: bool
) -> ValidationResult:
    try:
        return _validate_bytes(raw, source, line, max_bytes, fast, rules)
    except Exception as exc:  # a bug of ours must still not end a portal's batch with a traceback
        return _finish(source, ([make_finding("internal.error", reason=repr(exc)[:300])], None), line)


def with_audit(result: ValidationResult) -> ValidationResult:
    """``result`` with the audit's findings of its report added (schema findings first).
    A document that is no report already carries its rule findings (see ``rules=True``)."""
    if result.report is None:
        return result
    from govdisclosure._audit import audit

    rule_findings = audit(result.report)
    findings = result.findings + tuple(attrs.evolve(f, source=result.source, line=result.line) for f in rule_findings)
    report = result.report if not any(f.is_error for f in rule_findings) else None
    return ValidationResult(result.source, findings, report, result.line)


def _validate_bytes(
    raw: bytes, source: str | None, line: int | None, max_bytes: int, fast: bool | None, rules: bool = False
) -> ValidationResult:
    if len(raw) > max_bytes:
        return _finish(source, ([make_finding("input.too_large", size=len(raw), limit=max_bytes)], None), line)
    if fast is not False:
        report = _fast.fast_load(raw)
        if report is not None:
            return _finish(source, (_model_findings(report), report), line)
    text, findings = decode_bytes(raw)
    if text is None:
        return _finish(source, (findings, None), line)
    return _finish(source, _validate_text(text, findings, rules), line)


def _validate_text(
    text: str, findings: list[Finding], rules: bool = False
) -> tuple[list[Finding], AnnualReport | None]:
    obj, parse_findings, usable = parse_text(text)
    if not usable and any(f.code == "json.syntax" for f in parse_findings):
        published = published_report(text[:4096].encode("utf-8", "replace"), text)
        if published is not None:  # a published report's text or page, not broken JSON
            return [*findings, published], None
    findings = findings + parse_findings
    if not usable:
        return findings, None
    return _validate_parsed(obj, findings, rules)


def _validate_parsed(
    obj: dict[str, Any], findings: list[Finding], rules: bool = False
) -> tuple[list[Finding], AnnualReport | None]:
    seen = {f.pointer for f in findings if f.code in ("json.non_finite",)}
    from govdisclosure._schema_findings import schema_findings  # jsonschema: the reference path only

    found = [f for f in schema_findings(obj) if f.pointer not in seen]
    findings = findings + found
    template = obj.get("template") if isinstance(obj, dict) else None
    findings = [
        attrs.evolve(f, location=f.location or locate(f.pointer, _template_or_none(template))) for f in findings
    ]
    if any(f.is_error for f in findings):
        return _with_rules(obj, _in_document_order(obj, findings), rules), None
    try:
        report = structure(obj)
    except Exception as exc:  # the schema passed; what is left is a value no type can hold
        found = _in_document_order(obj, findings + _structure_findings(exc, template))
        return _with_rules(obj, found, rules), None
    return findings + _model_findings(report), report


def _with_rules(obj: Any, findings: list[Finding], rules: bool) -> list[Finding]:
    """With ``rules``, a document with errors gets its layout and rule findings too."""
    if not rules or any(f.severity is Severity.FATAL for f in findings):
        return findings
    from govdisclosure._salvage import rules_of_invalid

    return findings + [
        attrs.evolve(f, location=f.location or locate(f.pointer, _template_or_none(obj.get("template"))))
        for f in rules_of_invalid(obj, findings)
    ]


def _in_document_order(obj: Any, findings: list[Finding]) -> list[Finding]:
    """``findings`` in the order of the places they name in the document (a missing
    property right after its object's last member); stable for one place."""
    order: dict[str, int] = {}

    def walk(node: Any, pointer: str) -> None:
        order[pointer] = len(order)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, join_pointer([*split_pointer(pointer), key]))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")
        order[pointer + "/\uffff"] = len(order)  # the end of this node

    walk(obj, "")

    def key(finding: Finding) -> tuple[int, int]:
        pointer = finding.pointer
        if pointer in order:
            return order[pointer], 0
        parts = split_pointer(pointer)
        while parts:  # a place the document does not have: at the end of its nearest ancestor
            parts.pop()
            end = order.get(join_pointer(parts) + "/\uffff")
            if end is not None:
                return end, 1
        return len(order), 1

    return sorted(findings, key=key)


def _template_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _structure_findings(exc: BaseException, template: Any) -> list[Finding]:
    out: list[Finding] = []
    prefix = "$"
    if isinstance(exc, FieldStructureError):
        prefix = f"$.{exc.field}"
        exc = exc.cause
    if isinstance(exc, (cattrs.ClassValidationError, cattrs.IterableValidationError, ValueError, TypeError)):
        for message in cattrs.transform_error(exc, prefix, format_exception=_describe_exception):
            text, _, path = message.rpartition(" @ ")
            pointer = _jsonpath_to_pointer(path)
            out.append(
                make_finding(
                    "value.invalid",
                    pointer,
                    reason=text or message,
                    reason_zh="无法按数据模型读取此值",
                    location=locate(pointer, _template_or_none(template)),
                )
            )
    else:
        out.append(make_finding("value.invalid", "", reason=str(exc), reason_zh="无法按数据模型读取此文档"))
    return out


def _describe_exception(exc: BaseException, tp: Any) -> str:
    return str(exc) or type(exc).__name__


def _jsonpath_to_pointer(path: str) -> str:
    """``$.a.b[0].c`` → ``/a/b/0/c``."""
    parts: list[str] = []
    for chunk in path.removeprefix("$").split("."):
        if not chunk:
            continue
        name, *indexes = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(i.rstrip("]").strip("'\"") for i in indexes)
    return join_pointer(parts)


def _model_findings(
    report: Any,
    template: Template | None = None,
    absent: Callable[[Any], bool] = lambda value: value is None,
    resolves: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """Checks that need the typed report: layout deviations and figure references.

    ``report`` is the model's report, or (``template``, ``absent`` and ``resolves``
    given) the fast path's decoded Structs, read the same way without building objects."""
    out: list[Finding] = []
    template = template or report.template
    first, last = TEMPLATE_YEARS[template]
    if last is not None and report.year > last:
        out.append(
            make_finding(
                "template.later_year", "/year", value=report.year, year=report.year,
                template=template.value, first=first, last=last,
            )
        )  # fmt: skip
    out += _region_findings(report.agency, absent)
    if template is Template.GB2021:
        other = report.body.applications.results.other
        from govdisclosure.rules import OTHER_2021

        leaves = {leaf: getattr(other, leaf) for leaf in OTHER_2021}
        missing = [k for k, v in leaves.items() if absent(v)]
        pointer = "/body/applications/results/other"
        if len(missing) == 3 and not absent(other.subtotal):
            out.append(make_finding("layout.single_row_other_processing", pointer, location=locate(pointer, "gb2021")))
        elif missing:
            out.append(
                make_finding(
                    "layout.incomplete_group", pointer, missing=", ".join(missing), location=locate(pointer, "gb2021")
                )
            )
    figures = report.stated_figures
    if absent(figures) or not figures:
        return out
    ids: set[str] = set()
    for i, figure in enumerate(figures):
        if figure.id in ids:
            out.append(make_finding("figures.duplicate_id", f"/stated_figures/{i}/id", value=figure.id, id=figure.id))
        ids.add(figure.id)
    found = resolves if resolves is not None else (lambda pointer: _resolves(report, pointer))
    for i, figure in enumerate(figures):
        for name in ("refers_to", "numerator", "denominator"):
            ref = getattr(figure, name)
            if absent(ref):
                continue
            if not (found(ref) if ref.startswith("/") else ref in ids):
                out.append(make_finding("figures.bad_reference", f"/stated_figures/{i}/{name}", value=ref, ref=ref))
    return out


def _region_findings(agency: Any, absent: Callable[[Any], bool]) -> list[Finding]:
    """A region whose code and name name two different provinces (江苏省苏州市 with 431000):
    the derived province follows the code, and a portal should hear that the two disagree."""
    region = None if absent(agency) else agency.region
    if region is None or absent(region) or absent(region.code) or absent(region.name):
        return []
    by_code, by_name = coded_province(region.code), named_province(region.name)
    if by_code is None or by_name is None or by_code == by_name:
        return []
    pointer = "/agency/region/code"
    return [
        make_finding(
            "agency.region_mismatch", pointer, value=region.code, location=locate(pointer, None),
            region_code=region.code, name=region.name, by_code=by_code, by_name=by_name,
        )
    ]  # fmt: skip


def _resolves(report: AnnualReport, pointer: str) -> bool:
    """Whether a JSON Pointer names something present in the report."""
    return resolve(report, pointer) is not MISSING


def _finish(
    source: str | None, outcome: tuple[list[Finding], AnnualReport | None], line: int | None = None
) -> ValidationResult:
    findings, report = outcome
    stamped = tuple(attrs.evolve(f, source=source, line=_file_line(f.line, line)) for f in findings)
    return ValidationResult(source, stamped, report if not any(f.is_error for f in stamped) else None, line)


def _file_line(in_document: int | None, document_line: int | None) -> int | None:
    """The line in the file: a JSONL document starts at ``document_line``."""
    if document_line is None:
        return in_document
    return document_line + (in_document or 1) - 1


def _read_file(path: pathlib.Path, max_bytes: int) -> tuple[bytes | None, list[Finding]]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [make_finding("input.too_large", size=size, limit=max_bytes)]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [make_finding("input.unreadable", reason=os_reason(exc)[0], reason_zh=os_reason(exc)[1])]


# --------------------------------------------------------------------------- many documents


def iter_validate(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fast: bool | None = None,
    stdin: IO[bytes] | None = None,
    rules: bool = False,
) -> Iterator[ValidationResult]:
    """Validate files, folders (``*.json`` and ``*.jsonl`` inside, sorted), ``-`` for
    standard input, and ``.jsonl`` files of one report per line; one result per document."""
    for result in _iter_validate(inputs, max_bytes, fast, stdin, rules):
        yield with_audit(result) if rules else result


#: What validates one document's bytes where the iteration below finds them: by default
#: :func:`_validate_bytes_safely`; the bulk conversion defers them to its workers.
Leaf = Callable[[bytes, str | None, int | None, int, bool | None, bool], Any]


def _iter_validate(
    inputs: Iterable[str | os.PathLike[str]],
    max_bytes: int,
    fast: bool | None,
    stdin: IO[bytes] | None,
    rules: bool,
    leaf: Leaf | None = None,
) -> Iterator[Any]:
    """One result per document of ``inputs``; with ``leaf``, what it gives for each
    document's bytes (results for what is no document: an unreadable file, an empty folder)."""
    leaf = leaf or _validate_bytes_safely
    for item in inputs:
        if str(item) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            raw = stream.read(max_bytes + 1)
            yield leaf(raw, "<stdin>", None, max_bytes, fast, rules)
            continue
        path = pathlib.Path(item)
        if path.suffix == ".parquet" or (path.is_dir() and _is_dataset(path)):
            yield from _validate_parquet(path, max_bytes, fast, rules, leaf)
            continue
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl"))
            if not files:
                yield _finish(
                    str(path),
                    (
                        [
                            make_finding(
                                "input.unreadable",
                                reason="no .json or .jsonl files in this folder",
                                reason_zh="文件夹中没有.json或.jsonl文件",
                            )
                        ],
                        None,
                    ),
                )
            for file in files:
                yield from _validate_file(file, max_bytes, fast, rules, leaf)
        else:
            yield from _validate_file(path, max_bytes, fast, rules, leaf)


def _validate_file(
    path: pathlib.Path, max_bytes: int, fast: bool | None, rules: bool = False, leaf: Leaf = _validate_bytes_safely
) -> Iterator[Any]:
    if path.suffix != ".jsonl":
        if not _is_array(path):  # what ``_validate`` does with a path, the document's bytes given to ``leaf``
            raw, findings = _read_file(path, max_bytes)
            yield _finish(str(path), (findings, None)) if raw is None else leaf(raw, str(path), None, max_bytes,
                                                                                 fast, rules)  # fmt: skip
            return
        result = _validate(path, source=None, max_bytes=max_bytes, fast=fast, rules=rules)
        if [f.code for f in result.findings] == ["json.not_object"]:
            yield from _validate_array(path, max_bytes, fast, rules, leaf)  # an array of reports: a collection
            return
        yield result
        return
    try:
        handle = path.open("rb", buffering=1 << 20)  # lines of tens of KB: a large buffer reads them 5x faster
    except OSError as exc:
        yield _finish(
            str(path), ([make_finding("input.unreadable", reason=os_reason(exc)[0], reason_zh=os_reason(exc)[1])], None)
        )
        return
    with handle:
        number = documents = 0
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                break
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line)
                while True:  # skip the rest of the over-long line
                    rest = handle.readline(1 << 20)
                    size += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
                documents += 1
                yield _finish(str(path), ([make_finding("input.too_large", size=size, limit=max_bytes)], None), number)
                continue
            if not line.strip():
                continue
            documents += 1
            yield leaf(line.rstrip(b"\r\n"), str(path), number, max_bytes, fast, rules)
    if not documents:  # no line, or blank lines only: nothing to judge, as an empty .json file
        yield _finish(str(path), ([make_finding("input.empty")], None))


def _is_dataset(path: pathlib.Path) -> bool:
    """A folder of Parquet files (a dataset ``convert --partition`` wrote) and no JSON."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return any(p.suffix == ".parquet" for p in files) and not any(p.suffix in (".json", ".jsonl") for p in files)


def _validate_parquet(
    path: pathlib.Path, max_bytes: int, fast: bool | None, rules: bool = False, leaf: Leaf = _validate_bytes_safely
) -> Iterator[Any]:
    """The reports of a Parquet file or dataset, each validated again as the JSON document
    it stands for (``FILE[i]``): what Parquet's types cannot hold (a negative count, a
    broken identity) is found as in a file."""
    from govdisclosure.convert import dumps
    from govdisclosure.parquet import ParquetError, read_parquet

    try:
        for index, report in enumerate(read_parquet(path)):
            raw = dumps(report).encode("utf-8")
            yield leaf(raw, f"{path}[{index}]", None, max_bytes, fast, rules)
    except (ParquetError, OSError, ValueError) as exc:
        reason = str(exc)[:300]
        yield _finish(
            str(path),
            ([make_finding("input.unreadable", reason=reason, reason_zh="无法读取Parquet文件或数据集")], None),
        )


def _is_array(path: pathlib.Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"["


def _validate_array(
    path: pathlib.Path, max_bytes: int, fast: bool | None, rules: bool = False, leaf: Leaf = _validate_bytes_safely
) -> Iterator[Any]:
    """A JSON array of reports, each element validated from its own text (so duplicate keys,
    number forms and depth are judged as in a file); a result's source is ``FILE[i]``."""
    raw, findings = _read_file(path, max_bytes)
    text, decoded = decode_bytes(raw) if raw is not None else (None, findings)
    if text is None:
        yield _finish(str(path), (decoded, None))
        return
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    index = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            if not index:  # [] holds no report: nothing to judge, as an empty file
                yield _finish(str(path), ([make_finding("input.empty")], None))
            return
        try:
            _, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            yield leaf(text[position:].encode("utf-8"), f"{path}[{index}]", None, max_bytes, None, rules)
            return
        element = text[position:end].encode("utf-8")
        yield leaf(element, f"{path}[{index}]", None, max_bytes, fast, rules)
        position = end
        index += 1


# --------------------------------------------------------------------------- loading


def load(data: Input, *, fast: bool | None = None) -> AnnualReport:
    """A typed report from a path, bytes, text or dict; raises
    :class:`~govdisclosure.errors.InvalidReportError` (with every finding) when invalid."""
    result = validate(data, fast=fast)
    if result.report is None:
        raise InvalidReportError(result.source, result.findings)
    return result.report


def loads(text: str | bytes, *, fast: bool | None = None) -> AnnualReport:
    """A typed report from JSON text or bytes."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = validate_bytes(raw, fast=fast)
    if result.report is None:
        raise InvalidReportError(result.source, result.findings)
    return result.report
