"""The command line: ``govdisclosure validate`` and ``govdisclosure schema``.

The CLI only renders findings; streams are injected so it tests without capturing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO, Any

from govdisclosure._version import __version__
from govdisclosure.findings import Severity
from govdisclosure.schema import SCHEMA_VERSION, load_schema, schema_text
from govdisclosure.validation import DEFAULT_MAX_BYTES, ValidationResult, iter_validate

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Annual reports on government information disclosure (政府信息公开工作年度报告) as data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__} (schema {SCHEMA_VERSION})")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate",
        help="validate reports; exit 0 valid, 1 findings of severity error, 2 unusable input",
        description="Validate report files, folders, .jsonl files (one report per line) or - for standard input.",
    )
    validate.add_argument("inputs", nargs="+", metavar="PATH", help="a .json or .jsonl file, a folder, or -")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    validate.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"size limit of one document in bytes (default: {DEFAULT_MAX_BYTES})",
    )
    validate.add_argument(
        "--reference",
        action="store_true",
        help="use only the reference validator (plain jsonschema), never the compiled fast path",
    )
    validate.add_argument("--quiet", action="store_true", help="text format: print only documents with findings")

    schema = commands.add_parser("schema", help="print the bundled JSON Schema")
    schema.add_argument(
        "--generate", action="store_true", help="print the schema generated from the model (to refresh schemas/)"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself
        return int(exc.code or 0)
    if args.command == "schema":
        out.write(schema_text() if args.generate else schema_text(load_schema()))
        return 0
    if args.max_bytes <= 0:
        err.write("govdisclosure: --max-bytes must be positive\n")
        return 2
    results = iter_validate(args.inputs, max_bytes=args.max_bytes, fast=False if args.reference else None, stdin=stdin)
    if args.format == "json":
        return _render_json(results, out)
    return _render_text(results, out, quiet=args.quiet)


def _render_text(results: Any, out: IO[str], *, quiet: bool) -> int:
    worst = 0
    counts = {"valid": 0, "invalid": 0, "unusable": 0}
    for result in results:
        worst = max(worst, result.exit_code)
        counts[("valid", "invalid", "unusable")[result.exit_code]] += 1
        if result.findings:
            for finding in result.findings:
                out.write(finding.format_text() + "\n")
        if not quiet and result.exit_code == 0:
            out.write(f"{_where(result)}: valid{_describe(result)}\n")
    total = sum(counts.values())
    out.write(
        f"{total} document{'s' if total != 1 else ''}: {counts['valid']} valid, "
        f"{counts['invalid']} with errors, {counts['unusable']} unusable\n"
    )
    return worst


def _render_json(results: Any, out: IO[str]) -> int:
    worst = 0
    documents = []
    for result in results:
        worst = max(worst, result.exit_code)
        doc: dict[str, Any] = {"source": result.source}
        if result.line is not None:
            doc["line"] = result.line
        doc["valid"] = result.valid
        doc["usable"] = result.usable
        doc["findings"] = [f.to_dict() for f in result.findings]
        documents.append(doc)
    summary = {
        "documents": len(documents),
        "valid": sum(d["valid"] for d in documents),
        "errors": sum(
            1 for d in documents for f in d["findings"] if f["severity"] in (Severity.ERROR.value, Severity.FATAL.value)
        ),
        "warnings": sum(1 for d in documents for f in d["findings"] if f["severity"] == Severity.WARNING.value),
    }
    json.dump(
        {"schema_version": SCHEMA_VERSION, "summary": summary, "documents": documents},
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")
    return worst


def _where(result: ValidationResult) -> str:
    where = result.source or "<input>"
    return f"{where}:{result.line}" if result.line is not None else where


def _describe(result: ValidationResult) -> str:
    report = result.report
    if report is None:
        return ""
    return f" ({report.template.value} {report.year}, {report.agency.name})"


if __name__ == "__main__":
    raise SystemExit(main())
