"""The public API used as a user would; checked by mypy --strict, never run."""

from __future__ import annotations

import govdisclosure as gd


def portal(upload: bytes) -> list[str]:
    result: gd.ValidationResult = gd.validate(upload, source="upload.json")
    lines = [f.format_text() for f in result.findings if f.is_error]
    if result.report is not None:
        report: gd.AnnualReport = result.report
        lines.append(f"{report.agency.name} {report.year} {report.template.value}")
    return lines


def analyst(path: str) -> int | None:
    report = gd.load(path)
    if isinstance(report.body, gd.model.Gb2021Body):
        return gd.number(report.body.applications.new_received.total)
    return None


def round_trip(report: gd.AnnualReport) -> str:
    return gd.dumps(gd.structure(gd.unstructure(report)))


def auditor(report: gd.AnnualReport) -> list[str]:
    failures = [f for f in gd.audit(report) if f.outcome is gd.Outcome.FAIL]
    rates = {r.id: r.value for r in gd.ratios(report) if r.status is gd.RatioStatus.OK}
    return [f"{f.code} {f.instance}: {f.expected} != {f.actual}" for f in failures] + [
        f"{k}={v}" for k, v in rates.items()
    ]


def warehouse(reports: list[gd.AnnualReport], folder: str) -> int:
    from govdisclosure.parquet import facts_table, read_parquet, write_dataset

    written = write_dataset(reports, folder, partition=("year", "province"))
    back = sum(1 for _ in read_parquet(folder))
    return written + back + int(facts_table(reports).num_rows)
