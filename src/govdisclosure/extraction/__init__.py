"""Extraction: published reports (web pages, text, Markdown, PDF, Word, spreadsheets)
into validated documents, every figure traced to its source and every doubt flagged.

    result = govdisclosure.extract("report.pdf")
    result.report      # AnnualReport, or None when nothing usable was found
    result.findings    # extraction findings, validation and the audit, one list

Deterministic and label-driven: no network, no language model. A cell the source does
not show is *not captured*, never blank and never 0; a number that is not printed in
the source never appears in the document.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from collections.abc import Iterable, Iterator

import attrs

from govdisclosure._decimal import own_context
from govdisclosure.extraction._layout import Layout
from govdisclosure.extraction._sources import FORMATS, Kind
from govdisclosure.findings import Finding, Severity, make_finding, os_reason
from govdisclosure.model import AnnualReport, SourceFormat

__all__ = ["DEFAULT_MAX_BYTES", "EXTENSIONS", "ExtractionResult", "extract", "iter_extract"]

#: Largest input read, in bytes (a larger file gets ``input.too_large`` without being read).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: File name endings ``iter_extract`` takes from a folder.
EXTENSIONS = (
    ".html",
    ".htm",
    ".shtml",
    ".txt",
    ".md",
    ".markdown",
    ".pdf",
    ".docx",
    ".doc",
    ".wps",
    ".xlsx",
    ".xls",
    ".et",
    ".mht",
    ".mhtml",
    ".text",
)


@attrs.frozen
class ExtractionResult:
    """The outcome of extracting one input."""

    source: str | None
    findings: tuple[Finding, ...]
    report: AnnualReport | None = None
    format: SourceFormat | None = None

    @property
    def usable(self) -> bool:
        """A report was extracted."""
        return self.report is not None

    @property
    def flagged(self) -> bool:
        """The document flags doubtful cells, or a rule of the audit fails."""
        if self.report is None:
            return False
        if self.report.extraction is not None and self.report.extraction.flags:
            return True
        return any(f.is_error for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 extracted with nothing doubtful, 1 with flagged cells or failing rules, 2 nothing usable."""
        if self.report is None:
            return 2
        return 1 if self.flagged else 0

    def tables(self) -> str:
        """The extracted tables as Markdown, every flagged cell marked ⚑ (empty for a
        legacy report or when nothing was extracted)."""
        from govdisclosure.display import tables_markdown

        if self.report is None:
            return ""
        flags = self.report.extraction.flags if self.report.extraction is not None else ()
        return tables_markdown(self.report, [f.pointer for f in flags])

    def _repr_html_(self) -> str:
        """Jupyter shows the report as its official tables, flagged cells highlighted."""
        from govdisclosure.display import report_html

        if self.report is None:
            return "<pre>" + "\n".join(f.format_text() for f in self.findings) + "</pre>"
        return report_html(self.report, findings=self.findings)


Input = str | bytes | os.PathLike[str]


@own_context
def extract(
    data: Input,
    *,
    format: str | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ExtractionResult:
    """Extract one published report.

    ``data`` is a path (``os.PathLike``, or a ``str`` naming an existing file), the
    input's bytes, or its text. ``format`` (html, text, markdown, pdf, docx, xlsx)
    overrides what the bytes say. Never raises for bad input: the result then has no
    report and a finding that says why (exit code 2).
    """
    try:
        return _extract(data, format, source, max_bytes)
    except MemoryError:
        return _unusable(source, make_finding("input.too_large", size="?", limit=max_bytes))
    except Exception as exc:  # a bug of ours must still not end a batch with a traceback
        return _unusable(source, make_finding("internal.error", reason=repr(exc)[:300]))


def _unusable(source: str | None, *findings: Finding) -> ExtractionResult:
    return ExtractionResult(source, tuple(attrs.evolve(f, source=source) for f in findings))


def _extract(data: Input, declared: str | None, source: str | None, max_bytes: int) -> ExtractionResult:
    from govdisclosure.extraction._sources import DECLARED, sniff

    name: str | None = None
    raw: bytes
    if isinstance(data, os.PathLike) or (isinstance(data, str) and _is_path(data)):
        path = pathlib.Path(data)
        source = source or str(path)
        name = path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                return _unusable(source, make_finding("input.too_large", size=size, limit=max_bytes))
            raw = path.read_bytes()
        except OSError as exc:
            return _unusable(
                source, make_finding("input.unreadable", reason=os_reason(exc)[0], reason_zh=os_reason(exc)[1])
            )
    elif isinstance(data, str):
        raw = data.encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raise TypeError(f"extract() takes a path, bytes or str, not {type(data).__name__}")
    if len(raw) > max_bytes:
        return _unusable(source, make_finding("input.too_large", size=len(raw), limit=max_bytes))
    kind = sniff(raw, name)
    if declared is not None:
        wanted = DECLARED.get(declared.lower().lstrip("."))
        if wanted is None:
            return _unusable(
                source,
                make_finding("extract.unsupported_format", what=f"format {declared!r}", what_zh=f"格式“{declared}”"),
            )
        if kind not in (Kind.EMPTY, Kind.IMAGE, Kind.OLE, Kind.XLS, Kind.BINARY):
            kind = wanted
    if kind == Kind.EMPTY:
        return _unusable(source, make_finding("input.empty"))
    if kind == Kind.JSON:
        return _unusable(source, make_finding("extract.json_document"))
    if kind == Kind.IMAGE:
        return _unusable(
            source,
            make_finding(
                "extract.unsupported_format",
                what="an image (a scan): run OCR on it first",
                what_zh="图片（扫描件）：请先进行文字识别（OCR）",
            ),
        )
    if kind in (Kind.ZIP, Kind.BINARY):
        return _unusable(
            source,
            make_finding(
                "extract.unsupported_format",
                what="a binary file that is no report format",
                what_zh="不属于任何报告格式的二进制文件",
            ),
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    layout, findings = _layout(raw, kind)
    if layout is None:
        return _unusable(source, *findings)
    from govdisclosure.extraction._build import build

    built = build(layout, FORMATS[kind], sha256)
    stamped = tuple(attrs.evolve(f, source=source) for f in [*findings, *built.findings])
    return ExtractionResult(source, stamped, built.report, FORMATS[kind])


def _is_path(text: str) -> bool:
    return not ("\n" in text or len(text) > 4096 or text.lstrip().startswith("<"))


def _layout(raw: bytes, kind: str) -> tuple[Layout | None, list[Finding]]:
    from govdisclosure.extraction._layout import html_layout, text_layout
    from govdisclosure.extraction._sources import decode, zip_problem

    if kind == Kind.MHTML:
        from govdisclosure.extraction._sources import mhtml_page

        page, _charset = mhtml_page(raw)
        if page is None:
            return None, [make_finding("extract.not_a_report")]
        return html_layout(page), []
    if kind in (Kind.HTML, Kind.TEXT, Kind.MARKDOWN):
        decoded = decode(raw, html=kind == Kind.HTML)
        layout = html_layout(decoded.text) if kind == Kind.HTML else text_layout(decoded.text)
        layout.notes.extend(decoded.notes)
        return layout, []
    if kind == Kind.PDF:
        from govdisclosure.extraction._pdf import pdf_layout

        return pdf_layout(raw)
    if kind == Kind.OLE:
        from govdisclosure.extraction._doc import doc_layout

        return doc_layout(raw)
    if kind == Kind.XLS:
        from govdisclosure.extraction._xls import xls_layout

        return xls_layout(raw)
    problem = zip_problem(raw)
    if problem is not None:
        return None, [make_finding("extract.zip_bomb", reason=problem[0], reason_zh=problem[1])]
    if kind == Kind.DOCX:
        from govdisclosure.extraction._docx import docx_layout

        return docx_layout(raw)
    from govdisclosure.extraction._xlsx import xlsx_layout

    return xlsx_layout(raw)


def iter_extract(
    inputs: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ExtractionResult]:
    """Extract files and folders (every input file inside, sorted), one result each."""
    for item in inputs:
        path = pathlib.Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            if not files:
                yield _unusable(
                    str(path),
                    make_finding(
                        "input.unreadable", reason="no report files in this folder", reason_zh="文件夹中没有报告文件"
                    ),
                )
            for file in files:
                yield extract(file, max_bytes=max_bytes)
        else:
            yield extract(path, max_bytes=max_bytes)


def _severity_rank(finding: Finding) -> int:
    return {Severity.FATAL: 3, Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}[finding.severity]
