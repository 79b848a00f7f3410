"""``govdisclosure extract`` and ``govdisclosure new``: the command line renders what
the extraction package returns (findings are data; this module only prints them)."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import attrs

from govdisclosure._files import umask
from govdisclosure.collection import Progress
from govdisclosure.convert import dumps
from govdisclosure.extraction import EXTENSIONS, ExtractionResult, extract
from govdisclosure.findings import Outcome
from govdisclosure.model import Template
from govdisclosure.schema import SCHEMA_VERSION


def _inputs(paths: list[str]) -> Iterator[tuple[pathlib.Path, pathlib.Path | None]]:
    """Each input file with its folder (for outputs that keep the folder's layout)."""
    for item in paths:
        path = pathlib.Path(item)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS):
                yield file, path
        else:
            yield path, None


def _one(job: tuple[str, str | None, int]) -> ExtractionResult:
    path, declared, max_bytes = job
    return extract(pathlib.Path(path), format=declared, max_bytes=max_bytes)


def _summary(result: ExtractionResult) -> dict[str, Any] | None:
    """What the command line shows of an extracted document (without the document)."""
    report = result.report
    if report is None:
        return None
    extraction = report.extraction
    return {
        "template": report.template.value,
        "year": report.year,
        "agency": report.agency.name,
        "cells": 0 if extraction is None else len(extraction.cells),
        "flags": [] if extraction is None else [
            {"pointer": f.pointer, "code": f.code, "message_zh": f.message_zh, "message_en": f.message_en}
            for f in extraction.flags
        ],
    }  # fmt: skip


def _extract_to(job: tuple[str, str, str | None, int]) -> tuple[ExtractionResult, dict[str, Any] | None]:
    """Extract one input and write its document (in the worker: only a summary travels back)."""
    path, target, declared, max_bytes = job
    result = extract(pathlib.Path(path), format=declared, max_bytes=max_bytes)
    if result.report is not None:
        _write(pathlib.Path(target), dumps(result.report))
    return attrs.evolve(result, report=None), _summary(result)


def run_extract(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    if args.max_bytes <= 0 or args.jobs <= 0:
        err.write("govdisclosure extract: --max-bytes and --jobs must be positive\n")
        return 2
    if args.inputs == ["-"]:
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(args.max_bytes + 1)
        result = extract(raw, format=args.input_format, source="<stdin>", max_bytes=args.max_bytes)
        return _single(result, args, out, err)
    items = list(_inputs(args.inputs))
    single = len(items) == 1 and items[0][1] is None
    if single:
        return _single(_one((str(items[0][0]), args.input_format, args.max_bytes)), args, out, err)
    if not items:
        err.write("govdisclosure extract: no report files in the inputs\n")
        return 2
    if not args.out:
        err.write("govdisclosure extract: several inputs need --out FOLDER (one document per input)\n")
        return 2
    folder = pathlib.Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err.write(f"govdisclosure extract: cannot create {folder}: {exc.strerror or exc}\n")
        return 2
    show = not args.no_progress and hasattr(err, "isatty") and err.isatty()
    bar = Progress("reports extracted", stream=err) if show else None
    jobs = []
    for path, base in items:
        relative = path.relative_to(base) if base is not None else pathlib.Path(path.name)
        jobs.append((str(path), str(folder / relative.with_suffix(".json")), args.input_format, args.max_bytes))
    worst = 0
    documents: list[dict[str, Any]] = []
    unusable = 0
    for count, ((_, target, _, _), (result, summary)) in enumerate(
        zip(jobs, _results(jobs, args.jobs), strict=True), start=1
    ):
        worst = max(worst, result.exit_code if summary is None else (1 if summary["flags"] or _errors(result) else 0))
        if summary is None:
            unusable += 1
        if args.format == "json":
            documents.append(_document(result, summary, pathlib.Path(target) if summary else None))
        else:
            _print_findings(result, summary, err)
        if bar is not None:
            bar.update(count, unusable)
    if bar is not None:
        bar.close()
    if args.format == "json":
        _json(documents, out)
    else:
        usable = len(items) - unusable
        err.write(f"{len(items)} inputs: {usable} extracted to {folder}, {unusable} with nothing usable\n")
    return worst


def _errors(result: ExtractionResult) -> bool:
    return any(f.is_error for f in result.findings)


def _results(
    jobs: list[tuple[str, str, str | None, int]], processes: int
) -> Iterator[tuple[ExtractionResult, dict[str, Any] | None]]:
    if processes <= 1 or len(jobs) <= 1:
        yield from map(_extract_to, jobs)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else None)
    chunk = max(1, len(jobs) // (processes * 16))
    with context.Pool(processes) as pool:
        yield from pool.imap(_extract_to, jobs, chunksize=chunk)


def _single(result: ExtractionResult, args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    target = None
    if result.report is not None:
        text = dumps(result.report)
        if args.out:
            target = pathlib.Path(args.out)
            _write(target, text)
        elif args.format == "text":
            out.write(text)
    if args.tables and result.report is not None:
        err.write(result.tables())
    if args.format == "json":
        _json([_document(result, _summary(result), target)], out)
    else:
        _print_findings(result, _summary(result), err)
    return result.exit_code


def _print_findings(result: ExtractionResult, summary: dict[str, Any] | None, err: IO[str]) -> None:
    shown = [f for f in result.findings if f.outcome is None or f.outcome is Outcome.FAIL]
    for finding in shown:
        err.write(finding.format_text() + "\n")
    where = result.source or "<input>"
    if summary is None:
        err.write(f"{where}: nothing usable extracted\n")
        return
    err.write(
        f"{where}: {summary['template']} {summary['year']}, {summary['agency'] or '(agency not named)'}: "
        f"{summary['cells']} cells extracted, {len(summary['flags'])} flagged\n"
    )


def _document(result: ExtractionResult, summary: dict[str, Any] | None, target: pathlib.Path | None) -> dict[str, Any]:
    flagged = summary is not None and (bool(summary["flags"]) or _errors(result))
    return {
        "source": result.source,
        "usable": summary is not None,
        "exit_code": 2 if summary is None else (1 if flagged else 0),
        "output": None if target is None else str(target),
        "format": None if result.format is None else result.format.value,
        "template": None if summary is None else summary["template"],
        "year": None if summary is None else summary["year"],
        "agency": None if summary is None else summary["agency"],
        "cells": 0 if summary is None else summary["cells"],
        "flags": [] if summary is None else summary["flags"],
        "findings": [f.to_dict() for f in result.findings if f.outcome is None or f.outcome is Outcome.FAIL],
    }


def _json(documents: list[dict[str, Any]], out: IO[str]) -> None:
    summary = {
        "inputs": len(documents),
        "extracted": sum(d["usable"] for d in documents),
        "flagged": sum(1 for d in documents if d["usable"] and d["exit_code"] == 1),
        "unusable": sum(1 for d in documents if not d["usable"]),
    }
    json.dump({"schema_version": SCHEMA_VERSION, "summary": summary, "documents": documents}, out,
              ensure_ascii=False, indent=2)  # fmt: skip
    out.write("\n")


def _write(target: pathlib.Path, text: str | bytes) -> None:
    """Write atomically: a temporary file in the same folder, renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~umask())
        os.replace(temporary, target)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


def run_new(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from govdisclosure.extraction._form import blank_report, write_workbook

    template = Template(args.template)
    try:
        if args.xlsx:
            data: str | bytes = write_workbook(template, args.year)
        else:
            data = dumps(blank_report(template, args.year))
    except (ValueError, RuntimeError) as exc:
        err.write(f"govdisclosure new: {exc}\n")
        return 2
    if args.out:
        _write(pathlib.Path(args.out), data)
        return 0
    if isinstance(data, str):
        out.write(data)
        return 0
    buffer = getattr(out, "buffer", None)
    if buffer is None or (hasattr(out, "isatty") and out.isatty()):
        err.write("govdisclosure new: a workbook is binary: give --out form.xlsx or redirect standard output\n")
        return 2
    out.flush()
    buffer.write(data)
    buffer.flush()
    return 0
