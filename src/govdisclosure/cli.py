"""The command line: its arguments, and which command runs.

Importing this module loads no command's modules (``--version`` and ``--help`` start fast);
the commands live in :mod:`govdisclosure._commands`. Streams are injected so it tests
without capturing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import IO

from govdisclosure._defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES
from govdisclosure._version import SCHEMA_VERSION, __version__

__all__ = ["main"]


def _version_text() -> str:
    """The version, the schema's, and which validation path runs by default."""
    import importlib.util

    path = "fast (msgspec)" if importlib.util.find_spec("msgspec") is not None else "reference only"
    return f"%(prog)s {__version__}, schema {SCHEMA_VERSION}, validation {path}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Annual reports on government information disclosure (政府信息公开工作年度报告) as data.",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate",
        help="validate reports; exit 0 valid, 1 findings of severity error, 2 unusable input",
        description="Validate report files, folders, .jsonl files (one report per line) or - for standard input.",
    )
    validate.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH",
        help="a .json, .jsonl or .parquet file, a folder (a dataset folder too), or -",
    )
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
    validate.add_argument(
        "--rules",
        action="store_true",
        help="the upload gate: the rule catalogue and the layout checks too, in the same pass as the schema "
        "(a document with schema errors is checked as far as they allow); a failed error rule makes it invalid",
    )
    validate.add_argument("--no-progress", action="store_true", help="do not show progress on standard error")

    audit = commands.add_parser(
        "audit",
        help="validate and apply every rule of the catalogue; findings of every rule",
        description="Validate reports and apply the rule catalogue (see `govdisclosure rules`). "
        "With several reports, the checks across reports run too. The text output is audited by the columnar "
        "engine, a batch of documents at a time (proven equal to the object audit); the JSON output and --all "
        "list every rule with the cells it read, audited report by report.",
    )
    audit.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH",
        help="a .json, .jsonl or .parquet file, a folder (a dataset folder too), or -",
    )
    audit.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    audit.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="exit 1 when a finding of this severity or worse fails (default: error); unusable input always exits 2",
    )
    audit.add_argument(
        "--all",
        action="store_true",
        help="text format: list every rule (passes and not assessable too), not only failures",
    )
    audit.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N", help="size limit of one document"
    )
    audit.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="text format: worker processes validating, converting and auditing the batches of documents "
        "(default: the CPUs available, at most 8; 1: none)",
    )
    audit.add_argument(
        "--reference",
        action="store_true",
        help="validate with the pure-Python reference path and audit the reports one by one as objects "
        "(what the default path is proven equal to)",
    )
    audit.add_argument("--no-progress", action="store_true", help="do not show progress on standard error")

    ratios = commands.add_parser("ratios", help="derived ratios of reports, with their definitions")
    ratios.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH",
        help="a .json, .jsonl or .parquet file, a folder (a dataset folder too), or -",
    )
    ratios.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="output format (default: text)"
    )
    ratios.add_argument(
        "--blank-as-zero", action="store_true", help="read blank cells as zero (said in each ratio's status)"
    )

    convert = commands.add_parser(
        "convert",
        help="write reports to Parquet (a file, or a hive-partitioned dataset folder), or Parquet back to JSON Lines",
        description="Validate the inputs and write the valid reports to OUTPUT: a .parquet file, or, with "
        "--partition, a dataset folder (new files are added; nothing is rewritten). Invalid inputs are reported "
        "and left out (exit 1). An OUTPUT ending in .jsonl reads Parquet files or dataset folders back into "
        "JSON Lines, one report per line. Any other name is refused.",
    )
    convert.add_argument(
        "paths", nargs="+", metavar="PATH", help="inputs (.json, .jsonl, folders, -; .parquet for .jsonl) then OUTPUT"
    )
    convert.add_argument("--table", choices=("reports", "facts", "indicators"), default="reports",
                         help="reports: lossless, one row per report (default); facts: one row per cell; "
                         "indicators: one row per report with totals and ratios")  # fmt: skip
    convert.add_argument(
        "--partition", metavar="FIELDS", help="write a dataset partitioned by these fields, e.g. year,province"
    )
    convert.add_argument(
        "--mode",
        choices=("error", "append", "replace"),
        default="error",
        help="with --partition, for a report the dataset already holds (same agency, region, year, template and "
        "scope): refuse the whole write (default), add it again, or replace the old one",
    )
    convert.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"reports per batch (default {DEFAULT_BATCH_SIZE})",
    )
    convert.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes converting the reports table (default: the CPUs available, at most 8; 1: none)",
    )
    convert.add_argument("--no-progress", action="store_true", help="do not show progress on standard error")

    compact = commands.add_parser(
        "compact",
        help="rewrite the small files of each partition of a dataset as few large ones (all or nothing)",
        description="Rewrite the small files of each partition of a dataset folder (written by `convert "
        "--partition`) as few large ones, keeping every row and its order. The new files are staged and moved "
        "into place, then the old ones removed: a failure or a kill leaves the dataset as it was. The files of an "
        "empty partition value (`province=`, as earlier versions wrote an unknown value; Spark refuses such a "
        "dataset) move to the null folder `province=__HIVE_DEFAULT_PARTITION__`.",
    )
    compact.add_argument("dataset", metavar="DATASET", help="the dataset folder")
    compact.add_argument(
        "--rows-per-file", type=int, metavar="N", help="rows per file (default: 10,000 reports, 100,000 indicators, "
        "1,000,000 facts)"
    )  # fmt: skip

    extract = commands.add_parser(
        "extract",
        help="published reports (HTML, text, Markdown, PDF, Word, spreadsheets) into documents; "
        "exit 0 nothing doubtful, 1 flagged cells or failing rules, 2 nothing usable",
        description="Extract published reports into validated documents, every figure traced to its source and "
        "every doubtful cell flagged. One input: the document on standard output (or --out), findings on "
        "standard error. Several inputs or a folder: --out names a folder, one document per input.",
    )
    extract.add_argument("inputs", nargs="+", metavar="PATH", help="a report file, a folder of them, or - for stdin")
    extract.add_argument("--out", metavar="PATH", help="where the document goes (a folder for several inputs)")
    extract.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="findings as text on standard error (default), or as JSON on standard output",
    )
    extract.add_argument(
        "--input-format",
        choices=("html", "mhtml", "text", "markdown", "pdf", "docx", "doc", "xlsx", "xls"),
        help="read the input as this format, whatever its bytes look like",
    )
    extract.add_argument("--jobs", type=int, default=1, metavar="N", help="extract N inputs at a time (processes)")
    extract.add_argument(
        "--tables",
        action="store_true",
        help="one input: also print the extracted tables (standard error), flagged cells marked ⚑",
    )
    extract.add_argument("--no-progress", action="store_true", help="do not show progress on standard error")
    extract.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N", help="size limit of one input in bytes"
    )

    new = commands.add_parser(
        "new",
        help="a complete blank document to fill in, or (--xlsx) the official tables as a workbook",
        description="Print a blank document of a template (every cell blank), or with --xlsx write the official "
        "tables as a workbook whose filled copy `govdisclosure extract` reads back by position.",
    )
    new.add_argument("--template", choices=("gb2019", "gb2021", "legacy"), required=True, help="the template")
    new.add_argument("--year", type=int, required=True, help="the report year")
    new.add_argument("--xlsx", action="store_true", help="write the tables as an .xlsx workbook")
    new.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")

    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)"
    )

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
    try:
        return _main(argv, out, err, stdin)
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as Unix tools do
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _main(argv: Sequence[str] | None, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself
        return int(exc.code or 0)
    if args.command == "extract":
        from govdisclosure._extract_cli import run_extract

        return run_extract(args, out, err, stdin)
    if args.command == "new":
        from govdisclosure._extract_cli import run_new

        return run_new(args, out, err)
    from govdisclosure import _commands  # the commands' modules, imported only when one runs

    if args.command == "schema":
        return _commands.run_schema(args, out)
    if args.command == "rules":
        return _commands.run_rules(args.format, out)
    if args.command == "ratios":
        return _commands.run_ratios(args, out, err, stdin)
    if args.command == "convert":
        return _commands.run_convert(args, out, err, stdin)
    if args.command == "compact":
        return _commands.run_compact(args, out, err)
    if args.max_bytes <= 0:
        err.write("govdisclosure: --max-bytes must be positive\n")
        return 2
    if args.command == "audit":
        if args.jobs is not None and args.jobs < 1:
            err.write("govdisclosure audit: --jobs must be positive\n")
            return 2
        return _commands.run_audit(args, out, err, stdin)
    return _commands.run_validate(args, out, err, stdin)
