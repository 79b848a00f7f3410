"""Many reports at once: loading folders with progress, and a collection that
notebooks show as a compact summary table and analysts turn into Arrow tables.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal, overload

import attrs

from govdisclosure.errors import InvalidReportError
from govdisclosure.findings import Finding
from govdisclosure.model import AnnualReport
from govdisclosure.model.envelope import identity_of
from govdisclosure.validation import DEFAULT_MAX_BYTES, ValidationResult, iter_validate

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Progress", "Reports", "load_all"]


class Progress:
    """A one-line progress display on a stream: ``\\r`` updates, at most a few per second.

    Jupyter shows ``\\r`` updates of standard error in place, as terminals do.
    """

    def __init__(self, what: str, *, stream: IO[str] | None = None, every: float = 0.2) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.count = 0
        self.rejected = 0
        self._last = 0.0
        self._start = time.monotonic()

    def update(self, count: int, rejected: int = 0) -> None:
        self.count, self.rejected = count, rejected
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._show()

    def _show(self, end: str = "") -> None:
        elapsed = time.monotonic() - self._start
        rate = f", {self.count / elapsed:,.0f}/s" if elapsed > 0.5 and self.count else ""
        rejected = f", {self.rejected:,} rejected" if self.rejected else ""
        self.stream.write(f"\r{self.what}: {self.count:,}{rejected}{rate}{end}")
        self.stream.flush()

    def close(self) -> None:
        self._show("\n")


def _interactive() -> bool:
    """Standard error is a terminal, or this runs in a Jupyter kernel."""
    return "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


class Reports(Sequence[AnnualReport]):
    """An ordered collection of reports.

    Shows as a summary table in Jupyter (one line per report, with its audit
    outcome); ``repr`` is one line. ``rejected`` holds the validation results of
    inputs that were left out by :func:`load_all` with ``errors="skip"``.
    """

    def __init__(
        self,
        reports: Iterable[AnnualReport],
        *,
        sources: Sequence[str | None] | None = None,
        rejected: Sequence[ValidationResult] = (),
    ) -> None:
        self._reports = tuple(reports)
        self.sources: tuple[str | None, ...] = tuple(sources) if sources is not None else (None,) * len(self._reports)
        if len(self.sources) != len(self._reports):
            raise ValueError("give one source per report")
        self.rejected = tuple(rejected)
        self._findings: tuple[tuple[Finding, ...], ...] | None = None

    @overload
    def __getitem__(self, index: int) -> AnnualReport: ...
    @overload
    def __getitem__(self, index: slice) -> Reports: ...
    def __getitem__(self, index: int | slice) -> AnnualReport | Reports:
        if isinstance(index, slice):
            return Reports(self._reports[index], sources=self.sources[index])
        return self._reports[index]

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[AnnualReport]:
        return iter(self._reports)

    def __repr__(self) -> str:
        if not self._reports:
            return "<Reports: none>"
        templates: dict[str, int] = {}
        for report in self._reports:
            templates[report.template.value] = templates.get(report.template.value, 0) + 1
        years = [r.year for r in self._reports]
        span = f"{min(years)}" if min(years) == max(years) else f"{min(years)}–{max(years)}"
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(templates.items()))
        rejected = f", {len(self.rejected)} rejected" if self.rejected else ""
        return f"<Reports {len(self._reports)}: {kinds}; years {span}{rejected}>"

    def _repr_html_(self) -> str:
        from govdisclosure.display import collection_html

        return collection_html(self._reports, findings=self._findings)  # audits only the lines shown

    def filter(self, predicate: Callable[[AnnualReport], bool]) -> Reports:
        """The reports for which ``predicate`` is true, sources kept."""
        kept = [(r, s) for r, s in zip(self._reports, self.sources, strict=True) if predicate(r)]
        return Reports((r for r, _ in kept), sources=[s for _, s in kept])

    def audit(self) -> tuple[tuple[Finding, ...], ...]:
        """The audit findings of each report (computed once)."""
        if self._findings is None:
            from govdisclosure._audit import audit

            self._findings = tuple(audit(r, source=s) for r, s in zip(self._reports, self.sources, strict=True))
        return self._findings

    def failures(self) -> list[Finding]:
        """Every failing rule finding across the collection (within and across reports)."""
        from govdisclosure._audit import audit_collection
        from govdisclosure.findings import Outcome

        within = [f for findings in self.audit() for f in findings if f.outcome is Outcome.FAIL]
        across = [f for f in audit_collection(self._reports) if f.outcome is Outcome.FAIL]
        return within + across

    def facts(self) -> pa.Table:
        """:func:`govdisclosure.parquet.facts_table` of the collection."""
        from govdisclosure.parquet import facts_table

        return facts_table(self._reports)

    def indicators(self) -> pa.Table:
        """:func:`govdisclosure.parquet.indicators_table` of the collection."""
        from govdisclosure.parquet import indicators_table

        return indicators_table(self._reports)

    def ratios(self) -> pa.Table:
        """:func:`govdisclosure.ratios_table` of the collection."""
        from govdisclosure.tables import ratios_table

        return ratios_table(self._reports)

    def to_pandas(self, table: Literal["indicators", "facts", "ratios"] = "indicators") -> Any:
        """One of the analysis tables as a pandas DataFrame (needs pandas)."""
        from govdisclosure.frames import arrow_to_pandas

        tables = {"indicators": self.indicators, "facts": self.facts, "ratios": self.ratios}
        if table not in tables:
            raise ValueError(f"table must be one of {', '.join(tables)}, not {table!r}")
        return arrow_to_pandas(tables[table]())


def load_all(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise", "skip"] = "raise",
    progress: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Reports:
    """Load files, folders (``*.json`` and ``*.jsonl`` inside) and JSONL files as :class:`Reports`.

    Every document is validated. With ``errors="raise"`` the first invalid one
    raises :class:`~govdisclosure.errors.InvalidReportError` naming the file (and
    line); with ``errors="skip"`` it is left out and kept in ``Reports.rejected``.
    ``progress`` shows a count on standard error; by default when loading a
    folder or several files in a terminal or a notebook.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    if progress is None:
        many = len(items) > 1 or any(os.path.isdir(i) or str(i).endswith(".jsonl") for i in items)
        progress = many and _interactive()
    bar = Progress("loading reports") if progress else None
    reports: list[AnnualReport] = []
    sources: list[str | None] = []
    rejected: list[ValidationResult] = []
    try:
        for result in iter_validate(items, max_bytes=max_bytes):
            if result.report is None:
                if errors == "raise":
                    where = result.source if result.line is None else f"{result.source}:{result.line}"
                    raise InvalidReportError(where, result.findings)
                rejected.append(result)
            else:
                reports.append(result.report)
                sources.append(result.source if result.line is None else f"{result.source}:{result.line}")
            if bar is not None:
                bar.update(len(reports), len(rejected))
    finally:
        if bar is not None:
            bar.close()
    return Reports(reports, sources=sources, rejected=rejected)


def report_identity(report: AnnualReport) -> tuple[str, str, int, str, str]:
    """What makes two documents the same report: the agency (name and region), the year,
    the template and the scope. Its figures may differ (a corrected upload)."""
    agency = report.agency
    return identity_of(
        agency.name, agency.region_name, agency.region_code, report.year, report.template.value, report.scope.value
    )


class DuplicateReports:
    """Seen reports by identity; ``check`` gives the finding for one seen before."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str, int, str, str], str] = {}

    def check(self, report: AnnualReport | None, where: str) -> Finding | None:
        if report is None:
            return None
        return self.check_identity(report_identity(report), where)

    def check_identity(self, identity: tuple[str, str, int, str, str], where: str) -> Finding | None:
        """:meth:`check` of a report known by its identity (:func:`report_identity`)."""
        from govdisclosure.findings import make_finding

        if identity not in self._first:
            self._first[identity] = where
            return None
        first = self._first[identity]
        name, region, year, template, scope = identity
        text = f"{name or region or '?'} {year} {template} {scope}"
        finding = make_finding("collection.duplicate_report", identity=text, first=first)
        return attrs.evolve(finding, source=where)
