"""The commands of the command line (:mod:`govdisclosure.cli` parses the arguments and
calls one): they only render findings; streams are injected so they test without capturing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pathlib
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import attrs

from govdisclosure._defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES
from govdisclosure.collection import DuplicateReports, Progress
from govdisclosure.findings import Finding, Outcome, Severity
from govdisclosure.rules import RULES, RULES_VERSION, catalogue_text
from govdisclosure.schema import SCHEMA_VERSION, load_schema, schema_text
from govdisclosure.validation import ValidationResult, _iter_validate, iter_validate, with_audit

if TYPE_CHECKING:
    from govdisclosure._audit import CrossRecord

__all__ = ["run_audit", "run_compact", "run_convert", "run_ratios", "run_rules", "run_schema", "run_validate"]


def run_validate(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    """``govdisclosure validate``: the upload gate, or (``--rules``, ``--reference``) the full path."""
    if args.rules and not args.reference and args.format == "text":
        # the gate with the rules: what the text prints of them (their failures) from the
        # columnar engine, as ``audit`` does; each valid document judged without its report
        from govdisclosure._fast import Gated

        results: Any = (
            a.result if a.identity is None or a.heading is None else Gated(a.result, a.identity, *a.heading)
            for a in _audited_columns(args.inputs, args.max_bytes, None, stdin)
        )
    elif args.rules or args.reference:
        results = iter_validate(
            args.inputs,
            max_bytes=args.max_bytes,
            fast=False if args.reference else None,
            stdin=stdin,
            rules=args.rules,
        )
    else:  # the upload gate: a valid document is judged without building its report
        from govdisclosure._fast import gate

        results = _iter_validate(args.inputs, args.max_bytes, None, stdin, False, gate)
    bar = _progress(err, "documents validated", not args.no_progress)
    if args.format == "json":
        head = {"schema_version": SCHEMA_VERSION, **({"rules_version": RULES_VERSION} if args.rules else {})}
        return _render_json(results, out, bar=bar, head=head)
    return _render_text(results, out, quiet=args.quiet, bar=bar)


def run_schema(args: argparse.Namespace, out: IO[str]) -> int:
    out.write(schema_text() if args.generate else schema_text(load_schema()))
    return 0


def run_compact(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from govdisclosure.parquet import ParquetError
    from govdisclosure.parquet import compact as compact_dataset

    try:
        before, after = compact_dataset(args.dataset, rows_per_file=args.rows_per_file)
    except (ParquetError, ValueError) as exc:
        err.write(f"govdisclosure compact: {exc}\n")
        return 2
    out.write(f"{args.dataset}: {before:,} file{'s' if before != 1 else ''} → {after:,}\n")
    return 0


class _Tally:
    """Counts over a stream of validated (and audited) documents, for the summaries."""

    def __init__(self) -> None:
        self.documents = self.valid = self.with_errors = self.unusable = 0
        self.errors = self.warnings = 0
        self.outcomes = {"schema_errors": 0, "pass": 0, "fail": 0, "not_assessable": 0, "truncated": 0}
        self.failed_rules: dict[str, int] = {}

    def add(self, result: ValidationResult, findings: Sequence[Any], counted: dict[str, int] | None = None) -> None:
        """One document; ``counted``: the outcomes of its rules that have no finding in ``findings``."""
        self.documents += 1
        if not result.usable:
            self.unusable += 1
        elif any(f.is_error for f in findings):
            self.with_errors += 1
        else:
            self.valid += 1
        for finding in findings:
            self.count(finding)
        for outcome, count in (counted or {}).items():
            self.outcomes[outcome] += count

    def count(self, finding: Any) -> None:
        if finding.is_problem and finding.severity in (Severity.ERROR, Severity.FATAL):
            self.errors += 1
        elif finding.is_problem and finding.severity is Severity.WARNING:
            self.warnings += 1
        if finding.outcome is None:
            # an unusable input's fatal finding is no schema error: the documents line counts it
            self.outcomes["schema_errors"] += finding.is_error and finding.severity is not Severity.FATAL
        else:
            self.outcomes[finding.outcome.value] += 1
            if finding.outcome is Outcome.FAIL:
                self.failed_rules[finding.code] = self.failed_rules.get(finding.code, 0) + 1

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "valid": self.valid,
            "with_errors": self.with_errors,
            "unusable": self.unusable,
            "errors": self.errors,
            "warnings": self.warnings,
        }

    def documents_text(self) -> str:
        total = self.documents
        return (
            f"{total} document{'s' if total != 1 else ''}: {self.valid} valid, "
            f"{self.with_errors} with errors, {self.unusable} unusable"
        )


def _progress(err: IO[str], what: str, enabled: bool) -> Progress | None:
    """A progress line on standard error when it is a terminal (and not turned off)."""
    return Progress(what, stream=err) if enabled and hasattr(err, "isatty") and err.isatty() else None


def _render_text(results: Any, out: IO[str], *, quiet: bool, bar: Progress | None = None) -> int:
    worst = 0
    tally = _Tally()
    seen = DuplicateReports()
    for item in results:
        result, duplicate = _seen(item, seen)
        worst = max(worst, result.exit_code)
        findings = [*result.findings, *([duplicate] if duplicate else [])]
        tally.add(result, findings)
        for finding in findings:
            if finding.outcome is None or finding.outcome is Outcome.FAIL:
                out.write(finding.format_text() + "\n")
        if not quiet and result.exit_code == 0:
            out.write(f"{_where(result)}: valid{_describe(item)}\n")
        if bar is not None:
            bar.update(tally.documents, tally.with_errors + tally.unusable)
    if bar is not None:
        bar.close()
    out.write(tally.documents_text() + "\n")
    return worst


def _render_json(results: Any, out: IO[str], *, bar: Progress | None = None, head: dict[str, Any]) -> int:
    """One JSON object, written as the documents come (never all held at once)."""
    worst = 0
    tally = _Tally()
    seen = DuplicateReports()
    out.write("{\n" + "".join(f"  {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items()))
    out.write('  "documents": [')
    for item in results:
        result, duplicate = _seen(item, seen)
        worst = max(worst, result.exit_code)
        findings = [*result.findings, *([duplicate] if duplicate else [])]
        tally.add(result, findings)
        doc: dict[str, Any] = {"source": result.source}
        if result.line is not None:
            doc["line"] = result.line
        doc["valid"] = result.valid
        doc["usable"] = result.usable
        if any(f.outcome is not None for f in findings):
            doc["rules"] = _outcomes(findings)
        doc["findings"] = [f.to_dict() for f in findings]
        out.write(("\n" if tally.documents == 1 else ",\n") + _indented(doc, 4))
        if bar is not None:
            bar.update(tally.documents, tally.with_errors + tally.unusable)
    if bar is not None:
        bar.close()
    out.write("\n  ],\n" if tally.documents else "],\n")
    out.write(f'  "summary": {_indented(tally.summary(), 2).lstrip()}\n}}\n')
    return worst


def _indented(value: Any, indent: int) -> str:
    """``value`` as JSON, two spaces a level, every line indented by ``indent``: the text of
    ``json.dumps(value, ensure_ascii=False, indent=2)`` (a float with an exponent aside:
    ``1e16`` for ``1e+16``), written by msgspec in C (the json module's indented encoder is
    pure Python: half the time of ``audit --format json``)."""
    import msgspec

    text = msgspec.json.format(msgspec.json.encode(value), indent=2).decode("utf-8")
    return "\n".join(" " * indent + line for line in text.splitlines())


_SEVERITY_ORDER = {"never": 99, "error": 2, "warning": 1}
_RANK = {Severity.FATAL: 3, Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class _Audited(NamedTuple):
    """One document audited, as the output needs it."""

    result: ValidationResult
    #: The findings printed: every finding, or (``counted`` given) all but the rules that
    #: passed or were not assessable, which are only counted.
    findings: list[Finding]
    counted: dict[str, int] | None
    #: The template, year and agency name of a report, for the heading.
    heading: tuple[str, int, str | None] | None
    #: What the checks across reports need of the report, and what makes it the same report.
    record: CrossRecord | None
    identity: tuple[str, str, int, str, str] | None


def _audited_objects(args: argparse.Namespace, stdin: IO[bytes] | None) -> Iterator[_Audited]:
    """Each document validated and its report audited as objects, one at a time."""
    from govdisclosure._audit import CrossRecord
    from govdisclosure.collection import report_identity

    # documents with schema errors come with their rule findings; valid ones are audited here
    for validated in _iter_validate(args.inputs, args.max_bytes, False if args.reference else None, stdin, True):
        report = validated.report
        result = with_audit(validated)
        if report is None:
            yield _Audited(result, list(result.findings), None, None, None, None)
            continue
        heading = (report.template.value, report.year, report.agency.name)
        yield _Audited(result, list(result.findings), None, heading, CrossRecord.of(report), report_identity(report))


def _audited_columns(
    inputs: Sequence[str], max_bytes: int, jobs: int | None, stdin: IO[bytes] | None
) -> Iterator[_Audited]:
    """Each document validated, the valid ones batch by batch as columns audited by the
    columnar engine (``gd.audit_batch``, proven equal to the object audit): only the rules'
    problems become findings, the rules that passed or were not assessable are counted."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from govdisclosure._bulk import _chunks, _converted, _defer, default_jobs

    jobs = jobs if jobs is not None else default_jobs()
    documents = _iter_validate(inputs, max_bytes, None, stdin, True, _defer)
    # the workers (--jobs) validate, convert and audit a batch each; here they are printed in order
    for converted in _converted(_chunks(documents, DEFAULT_BATCH_SIZE), jobs, "findings"):
        invalid = iter(converted.invalid)
        found = converted.data
        if found is None or converted.identities is None or converted.records is None:
            for _ in converted.kinds:
                result = next(invalid)
                yield _Audited(result, list(result.findings), None, None, None, None)
            continue
        identities, records = converted.identities, converted.records
        index = found.column("report_index").to_numpy()
        outcome = found.column("outcome").cast(pa.string())
        n = converted.reports
        counted = {
            name: np.bincount(index[pc.equal(outcome, name).to_numpy(zero_copy_only=False)], minlength=n).tolist()
            for name in (Outcome.PASS.value, Outcome.NOT_ASSESSABLE.value)
        }
        shown = np.flatnonzero(~pc.is_in(outcome, pa.array(list(counted))).to_numpy(zero_copy_only=False))
        problems: list[list[Finding]] = [[] for _ in range(n)]
        for row in found.take(pa.array(shown, pa.int64())).to_pylist():
            problems[row["report_index"]].append(_rule_finding(row))
        rows = iter(range(n))
        for valid in converted.kinds:
            if not valid:
                result = next(invalid)
                yield _Audited(result, list(result.findings), None, None, None, None)
                continue
            k = next(rows)
            accepted = converted.accepted[k]
            rules = [attrs.evolve(f, source=accepted.source, line=accepted.line) for f in problems[k]]
            findings = [*accepted.findings, *rules]
            result = ValidationResult(accepted.source, tuple(findings), None, accepted.line)
            name, _, year, template, _ = identities[k]
            counts = {key: values[k] for key, values in counted.items()}
            yield _Audited(result, findings, counts, (template, year, name or None), records[k], identities[k])


def _rule_finding(row: dict[str, Any]) -> Finding:
    """A row of the batch audit's findings as the object audit's finding (without its cells)."""
    return Finding(
        code=row["code"],
        severity=Severity(row["severity"]),
        pointer=row["pointer"],
        message_zh=row["message_zh"],
        message_en=row["message_en"],
        location=row["location"],
        expected=row["expected"],
        actual=row["actual"],
        outcome=Outcome(row["outcome"]),
        difference=row["difference"],
        instance=row["instance"],
    )


def run_audit(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    """Audit a stream of documents: each is printed as it is audited; what the checks
    across reports need of it is kept (a few cells), never the report itself. The text
    output of the rules' problems comes from the columnar engine; the JSON output and
    ``--all`` (every rule's finding with its cells) and ``--reference`` from the objects."""
    from govdisclosure._audit import audit_collection

    records: list[CrossRecord] = []
    seen = DuplicateReports()
    tally = _Tally()
    threshold = _SEVERITY_ORDER[args.fail_on]
    worst = 0
    bar = _progress(err, "reports audited", not args.no_progress)
    as_json = args.format == "json"

    def failing(findings: Sequence[Any]) -> bool:
        return any(f.is_problem and _RANK[f.severity] >= threshold for f in findings)

    if as_json:
        out.write(f'{{\n  "rules_version": {json.dumps(RULES_VERSION)},\n  "documents": [')
    by_columns = not (as_json or args.all or args.reference)
    documents = (
        _audited_columns(args.inputs, args.max_bytes, args.jobs, stdin) if by_columns else _audited_objects(args, stdin)
    )
    for audited in documents:
        result = audited.result
        if audited.record is not None:
            records.append(audited.record)
        duplicate = seen.check_identity(audited.identity, _where(result)) if audited.identity else None
        findings = [*audited.findings, *([duplicate] if duplicate else [])]
        tally.add(result, findings, audited.counted)
        worst = max(worst, 2 if not result.usable else 1 if failing(findings) else 0)
        if as_json:
            doc = {
                "source": result.source,
                **({"line": result.line} if result.line is not None else {}),
                "usable": result.usable,
                "summary": _outcomes(findings),
                "findings": [f.to_dict() for f in findings],
            }
            out.write(("\n" if tally.documents == 1 else ",\n") + _indented(doc, 4))
        else:
            _audit_block(result, audited.heading, findings, audited.counted, out, show_all=args.all)
        if bar is not None:
            bar.update(tally.documents, tally.unusable)
    if bar is not None:
        bar.close()
    collection = audit_collection(records) if len(records) > 1 else ()
    if failing(collection):
        worst = max(worst, 1)
    across = _Tally()
    for finding in collection:
        across.count(finding)
    if as_json:
        out.write("\n  ],\n" if tally.documents else "],\n")
        block = {"summary": _outcomes(collection), "findings": [f.to_dict() for f in collection]}
        out.write(f'  "collection": {_indented(block, 2).lstrip()},\n')
        summary = {**tally.summary(), "rules": tally.outcomes, "failed_rules": dict(sorted(tally.failed_rules.items()))}
        summary["collection"] = {"reports": len(records), "rules": across.outcomes}
        out.write(f'  "summary": {_indented(summary, 2).lstrip()}\n}}\n')
        return worst
    if collection:
        out.write(f"across {len(records)} reports (the checks across reports)\n")
        for finding in collection:
            if args.all or finding.outcome not in (Outcome.PASS, Outcome.NOT_ASSESSABLE):
                out.write(_finding_block(finding))
        out.write(f"  {_summary_text(collection)}\n")
    out.write(_audit_summary(tally, across if collection else None))
    return worst


def _audit_block(
    result: ValidationResult,
    heading: tuple[str, int, str | None] | None,
    findings: Sequence[Any],
    counted: dict[str, int] | None,
    out: IO[str],
    *,
    show_all: bool,
) -> None:
    """One document: a heading, its findings in short lines, its rule counts."""
    if heading is not None:
        template, year, agency = heading
        out.write(f"{_where(result)} · {template} {year} · {agency or '?'}\n")
    else:
        out.write(f"{_where(result)}{'' if result.usable else ' · unusable'}\n")
    for finding in findings:
        if show_all or finding.outcome not in (Outcome.PASS, Outcome.NOT_ASSESSABLE):
            out.write(_finding_block(finding))
    if result.usable:
        out.write(f"  {_rules_text(_outcomes(findings, counted))}\n")


def _finding_block(finding: Any) -> str:
    """A finding as a few short lines: what and where, then the message in each language."""
    if finding.outcome is None:
        status = finding.severity.value
    elif finding.outcome is Outcome.FAIL:
        status = f"fail ({finding.severity.value})"
    else:
        status = finding.outcome.value.replace("_", " ")
    code = finding.code if finding.instance is None else f"{finding.code} {finding.instance}"
    lines = [f"  {status}  {code}"]
    if finding.pointer or finding.location:
        lines.append(f"    at {finding.pointer}{f' ({finding.location})' if finding.location else ''}")
    if finding.outcome is Outcome.NOT_ASSESSABLE and finding.cells:
        en, zh = _gaps(finding)
        lines += [f"    {en}", f"    {zh}"]
    elif finding.outcome is not Outcome.PASS:
        lines += [
            *textwrap.wrap(finding.message_en, 100, initial_indent="    ", subsequent_indent="      "),
            *textwrap.wrap(finding.message_zh, 64, initial_indent="    ", subsequent_indent="      "),
        ]
    return "\n".join(lines) + "\n"


def _gaps(finding: Any) -> tuple[str, str]:
    """Why a rule is not assessable, short: the cells without a number by what they held,
    the columns of one row named after it once."""
    from govdisclosure.coordinates import MISSING
    from govdisclosure.findings import InvalidValue
    from govdisclosure.model import Cell, CellStatus

    groups: dict[str, list[tuple[str, str]]] = {}
    for cell in finding.cells:
        value = cell.value
        if isinstance(value, InvalidValue):
            status = "invalid"
        elif value is MISSING or value is None:
            status = "absent"
        elif isinstance(value, Cell) and value.value is None:
            status = value.status.value
        else:
            continue
        row, _, column = (cell.location or cell.pointer).rpartition(" · ")
        groups.setdefault(status, []).append((row, column))
    en: list[str] = []
    zh: list[str] = []
    for status, cells in groups.items():
        by_row: dict[str, list[str]] = {}
        by_column: dict[str, list[str]] = {}
        for row, column in cells:
            by_row.setdefault(row, []).append(column)
            by_column.setdefault(column, []).append(row.partition(" · ")[2] or row)
        # name each row once, or each column once, whichever is shorter
        use = by_row if len(by_row) <= len(by_column) else by_column
        shown = [(k, v[: 3 if use is by_column else 6]) for k, v in list(use.items())[:2]]
        named_en = "; ".join(f"{k} · {', '.join(v)}" if k else ", ".join(v) for k, v in shown)
        named_zh = "；".join(f"{k} · {'、'.join(v)}" if k else "、".join(v) for k, v in shown)
        more = len(cells) - sum(len(v) for _, v in shown)
        if more:
            named_en += f" (and {more} more)"
            named_zh += f"（另有{more}处）"
        label_zh = _GAPS_ZH[status] if status in _GAPS_ZH else CellStatus(status).label_zh
        en.append(f"{_GAPS_EN.get(status, status.replace('_', ' '))}: {named_en}")
        zh.append(f"{label_zh}：{named_zh}")
    return "; ".join(en) or finding.message_en, "；".join(zh) or finding.message_zh


_GAPS_EN = {"invalid": "with an error (see above)", "slash": '"/"', "dash": '"—"'}
_GAPS_ZH = {"absent": "缺失", "invalid": "有错误（见上文）"}


def _audit_summary(tally: _Tally, across: _Tally | None) -> str:
    lines = [tally.documents_text(), _rules_text(tally.outcomes, thousands=True)]
    if tally.failed_rules:
        ranked = sorted(tally.failed_rules.items(), key=lambda item: (-item[1], item[0]))
        lines.append("failed most: " + ", ".join(f"{code} ×{count}" for code, count in ranked[:8]))
    if across is not None:
        a = across.outcomes
        lines.append(f"across reports: {a['pass']} pass, {a['fail']} fail, {a['not_assessable']} not assessable")
    return "\n".join(lines) + "\n"


def _outcomes(findings: Any, counted: dict[str, int] | None = None) -> dict[str, int]:
    """The rule outcomes and schema errors among ``findings`` (counted as :class:`_Tally`
    does), and the outcomes ``counted`` without findings."""
    tally = _Tally()
    for finding in findings:
        tally.count(finding)
    for outcome, count in (counted or {}).items():
        tally.outcomes[outcome] += count
    return tally.outcomes


def _summary_text(findings: Any) -> str:
    return _rules_text(_outcomes(findings))


def _rules_text(c: dict[str, int], *, thousands: bool = False) -> str:
    n = "{:,}" if thousands else "{}"
    text = (
        f"rules: {n.format(c['pass'])} pass, {n.format(c['fail'])} fail, {n.format(c['not_assessable'])} not assessable"
    )
    if c["truncated"]:
        text += f", {n.format(c['truncated'])} truncated"
    if c["schema_errors"]:
        text += f"; {n.format(c['schema_errors'])} schema error{'s' if c['schema_errors'] != 1 else ''}"
    return text


def run_rules(fmt: str, out: IO[str]) -> int:
    if fmt == "json":
        out.write(catalogue_text())
    elif fmt == "markdown":
        from govdisclosure._docs import rules_markdown

        out.write(rules_markdown())
    else:
        for rule in RULES:
            out.write(
                f"{rule.code:8} {rule.severity.value:8} {rule.formula}\n         {rule.title_zh} / {rule.title_en}\n"
            )
    return 0


def run_ratios(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    """``govdisclosure ratios``: each document as it is read (a collection of any size in
    bounded memory); the CSV table from the columnar engine, a batch at a time."""
    from govdisclosure._ratios import RATIOS, RATIOS_VERSION, RatioStatus, ratios

    worst = 0

    def left_out(result: ValidationResult) -> None:
        nonlocal worst
        worst = max(worst, result.exit_code)
        for finding in result.findings:
            if finding.is_error:
                err.write(finding.format_text() + "\n")

    if args.format == "csv":
        return max(_ratios_csv(args, out, stdin, left_out), worst)
    definitions = {d.id: d for d in RATIOS}
    as_json = args.format == "json"
    if as_json:
        out.write(f'{{\n  "ratios_version": {json.dumps(RATIOS_VERSION)},\n  "documents": [')
    written = 0
    for result in iter_validate(args.inputs, stdin=stdin):
        report = result.report
        if report is None:
            left_out(result)
            continue
        values = ratios(report, blank_as_zero=args.blank_as_zero)
        doc: dict[str, Any] = {
            "source": result.source,
            "agency": report.agency.name,
            "year": report.year,
            "template": report.template.value,
            "ratios": [
                {
                    "id": v.id,
                    "value": None if v.value is None else format(v.value, "f"),
                    "numerator": None if v.numerator is None else format(v.numerator, "f"),
                    "denominator": None if v.denominator is None else format(v.denominator, "f"),
                    "status": v.status.value,
                    **({"reason": v.reason} if v.reason else {}),
                }
                for v in values
                if v.status is not RatioStatus.NOT_APPLICABLE
            ],
        }
        written += 1
        if as_json:
            out.write(("\n" if written == 1 else ",\n") + _indented(doc, 4))
            continue
        out.write(f"{doc['source']}: {doc['agency']} {doc['year']} ({doc['template']})\n")
        for r in doc["ratios"]:
            d = definitions[r["id"]]
            unit = "%" if d.unit == "percent" else " per 100"
            if r["value"] is not None:
                shown = f"{float(r['value']):.2f}{unit}  ({r['numerator']} / {r['denominator']})"
            else:
                shown = r["status"] + (f": {r['reason']}" if r.get("reason") else "")
            out.write(f"  {d.name_zh} {d.id}: {shown}\n")
    if as_json:
        out.write("\n  ]\n}\n" if written else "]\n}\n")
    return worst


def _ratios_csv(args: argparse.Namespace, out: IO[str], stdin: IO[bytes] | None, left_out: Any) -> int:
    """The ratios table (``gd.ratios_table``'s layout) as CSV, one header, written a batch at a
    time: the documents read straight into columns and the ratios computed by
    ``gd.ratios_batch`` (proven equal to the objects' ratios)."""
    import pyarrow.csv as pacsv

    from govdisclosure._bulk import _chunks, _converted, _defer
    from govdisclosure._columnar import ratios_batch, ratios_batch_schema

    schema = ratios_batch_schema()
    sink = io.BytesIO()
    documents = _iter_validate(args.inputs, DEFAULT_MAX_BYTES, None, stdin, False, _defer)
    with pacsv.CSVWriter(sink, schema) as writer:  # the header now, then each batch's rows
        for converted in _converted(_chunks(documents, DEFAULT_BATCH_SIZE), 1):
            for result in converted.invalid:
                left_out(result)
            if converted.data is not None:
                writer.write_table(ratios_batch(converted.data, blank_as_zero=args.blank_as_zero).cast(schema))
            out.write(sink.getvalue().decode("utf-8"))
            sink.seek(0)
            sink.truncate()
    out.write(sink.getvalue().decode("utf-8"))
    return 0


#: Names that say a file of another format, not a dataset folder.
_NOT_FOLDERS = (".csv", ".tsv", ".json", ".jsonl", ".xlsx", ".txt", ".arrow", ".feather", ".orc", ".parquet", ".pq")


def _convert_to_json(inputs: list[str], output: str, out: IO[str], err: IO[str]) -> int:
    """Reports of Parquet files or dataset folders back to JSON Lines (one report per line)."""
    from govdisclosure.convert import unstructure
    from govdisclosure.parquet import ParquetError, _unwritable, read_parquet

    target = pathlib.Path(output)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    count = 0
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            for item in inputs:
                for report in read_parquet(item):
                    handle.write(json.dumps(unstructure(report), ensure_ascii=False) + "\n")
                    count += 1
        os.replace(temporary, target)
    except (ParquetError, OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        message = str(exc)
        if isinstance(exc, OSError) and exc.filename in (str(temporary), str(target)):
            message = str(_unwritable(target, target.parents, exc))  # not the temporary's name
        err.write(f"govdisclosure convert: {message}\n")
        return 2
    out.write(f"{output}: {count} report{'' if count == 1 else 's'} written (JSON Lines)\n")
    return 0


def run_convert(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    from govdisclosure.parquet import ParquetError, write_dataset, write_parquet

    if len(args.paths) < 2:
        err.write("govdisclosure convert: give the inputs and then the output\n")
        return 2
    *inputs, output = args.paths
    suffix = pathlib.Path(output).suffix.lower()
    if suffix in (".jsonl", ".json") and not args.partition:
        return _convert_to_json(inputs, output, out, err)
    if not args.partition and suffix not in (".parquet", ".pq"):
        err.write(
            f"govdisclosure convert: {output}: convert writes Parquet (name the output .parquet), "
            "JSON Lines back from Parquet (.jsonl), or a dataset folder with --partition\n"
        )
        return 2
    if args.partition and suffix in _NOT_FOLDERS:
        err.write(f"govdisclosure convert: {output}: a dataset is a folder; give a folder name, not a {suffix} file\n")
        return 2
    if args.batch_size < 1 or (args.jobs is not None and args.jobs < 1):
        err.write("govdisclosure convert: --batch-size and --jobs must be positive\n")
        return 2
    invalid = 0

    def left_out(result: ValidationResult) -> None:
        nonlocal invalid
        invalid += 1
        for finding in result.findings:
            if finding.is_error:
                err.write(finding.format_text() + "\n")

    def reports() -> Any:
        for result in iter_validate(inputs, stdin=stdin):
            if result.report is None:
                left_out(result)
                continue
            yield result.report

    show = not args.no_progress and hasattr(err, "isatty") and err.isatty()
    bar = Progress("reports written", stream=err) if show else None

    def progress(count: int) -> None:
        if bar is not None:
            bar.update(count, invalid)

    from concurrent.futures.process import BrokenProcessPool

    from govdisclosure._bulk import TABLES, convert_batches, default_jobs
    from govdisclosure.parquet import TableBatch, write_batches, write_dataset_batches

    batches: Iterable[TableBatch] | None = None
    if args.table in TABLES:  # straight from the decoded documents to columns, by worker processes
        jobs = args.jobs if args.jobs is not None else default_jobs()
        batches = convert_batches(
            inputs, invalid=left_out, batch_size=args.batch_size, jobs=jobs, stdin=stdin, table=args.table
        )
    try:
        if args.partition:
            fields = [f.strip() for f in args.partition.split(",") if f.strip()]
            if batches is not None:
                count = write_dataset_batches(
                    batches, output, partition=fields, table=args.table, progress=progress, mode=args.mode
                )
            else:
                count = write_dataset(reports(), output, partition=fields, table=args.table,
                                      batch_size=args.batch_size, progress=progress, mode=args.mode)  # fmt: skip
        elif batches is not None:
            count = write_batches(batches, output, table=args.table, progress=progress)
        else:
            count = write_parquet(reports(), output, table=args.table, batch_size=args.batch_size, progress=progress)
    except (ParquetError, ValueError, OSError) as exc:
        err.write(f"govdisclosure convert: {exc}\n")
        return 2
    except BrokenProcessPool as exc:
        err.write(f"govdisclosure convert: a worker process ended abruptly ({exc}); try --jobs 1\n")
        return 2
    if bar is not None:
        bar.close()
    out.write(
        f"{output}: {count} report{'' if count == 1 else 's'} written ({args.table})"
        f"{f', {invalid} invalid input' + ('' if invalid == 1 else 's') + ' left out' if invalid else ''}\n"
    )
    return 1 if invalid else 0


def _where(result: ValidationResult) -> str:
    where = result.source or "<input>"
    return f"{where}:{result.line}" if result.line is not None else where


def _seen(item: Any, seen: DuplicateReports) -> tuple[ValidationResult, Any]:
    """The result of a validated document (a result, or the gate's :class:`Gated`), and the
    finding that it repeats a report seen before, if it does."""
    identity = getattr(item, "identity", None)
    if identity is not None:
        return item.result, seen.check_identity(identity, _where(item.result))
    return item, seen.check(item.report, _where(item))


def _describe(item: Any) -> str:
    if getattr(item, "identity", None) is not None:  # judged by the gate, without the report
        return f" ({item.template} {item.year}, {item.agency})"
    report = item.report
    if report is None:
        return ""
    return f" ({report.template.value} {report.year}, {report.agency.name})"
