"""The batch audit and ratios (Arrow columns in, Arrow columns out) equal the object code,
finding for finding and ratio for ratio, on the examples and on generated reports of every
template: clean numbers, cells that printed none (the ``cells`` map), absent parts,
（六） printed as one row, the legacy lists and their keys, numbers beyond int64's exact
sums, and stated figures."""

from __future__ import annotations

import decimal
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import RATIOS
from govdisclosure._audit import CrossRecord
from govdisclosure._columnar import cross_records
from govdisclosure.arrow import to_table
from govdisclosure.model import Template
from govdisclosure.rules import RULES, instances_for
from govdisclosure.tables import _indicators_batch

from .conftest import EXAMPLES, THOROUGH
from .strategies import reports as any_report
from .test_audit_properties import consistent_reports

VALID = sorted((EXAMPLES / "valid").glob("*.json"))


def _number(value: Any) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(value)


def object_rows(reports: list[gd.AnnualReport]) -> list[tuple[Any, ...]]:
    """What the object audit says of each report, as the batch audit's rows."""
    rows = []
    for index, report in enumerate(reports):
        for f in gd.audit(report):
            assert f.outcome is not None
            rows.append(
                (index, f.code, f.instance, f.outcome.value, f.severity.value, f.pointer, f.location,
                 _number(f.expected), _number(f.actual), _number(f.difference), f.message_zh, f.message_en)
            )  # fmt: skip
    return rows


def batch_rows(table: pa.Table) -> list[tuple[Any, ...]]:
    names = ["report_index", "code", "instance", "outcome", "severity", "pointer", "location",
             "expected", "actual", "difference", "message_zh", "message_en"]  # fmt: skip
    return [tuple(row[n] for n in names) for row in table.to_pylist()]


def assert_audit_equal(reports: list[gd.AnnualReport]) -> pa.Table:
    table = gd.audit_batch(to_table(reports))
    assert table.schema.equals(gd.AUDIT_BATCH_SCHEMA)
    got, want = batch_rows(table), object_rows(reports)
    for a, b in zip(got, want, strict=False):
        assert a == b
    assert len(got) == len(want)
    # the problems only: the same rows but the passes, each worded the same
    problems = gd.audit_batch(to_table(reports), passes=False)
    assert batch_rows(problems) == [row for row in want if row[3] != "pass"]
    return table


def assert_ratios_equal(reports: list[gd.AnnualReport], blank_as_zero: bool) -> None:
    got = gd.ratios_batch(to_table(reports), blank_as_zero=blank_as_zero)
    assert got.schema.equals(gd.ratios_batch_schema())
    objects = _indicators_batch(reports).to_pylist()
    for row, indicators, report in zip(got.to_pylist(), objects, reports, strict=True):
        by_id = {r.id: r for r in gd.ratios(report, blank_as_zero=blank_as_zero)}
        for name, value in indicators.items():
            if name in by_id:
                ratio = by_id[name]
                assert row[name] == (None if ratio.value is None else float(ratio.value)), name
                assert row[f"{name}_status"] == ratio.status.value, name
            else:
                assert row[name] == value, name
    # the ratios table of the objects is the batch's table, row for row
    table = gd.ratios_table(reports, blank_as_zero=blank_as_zero)
    assert table.schema.equals(got.schema)
    assert [f.metadata for f in table.schema] == [f.metadata for f in got.schema]
    assert table.schema.metadata.items() <= got.schema.metadata.items()
    assert table.to_pylist() == got.to_pylist()


# --------------------------------------------------------------------------- the legacy keys the catalogue reads

_POINTERS = [
    p
    for rule in RULES
    for template in rule.templates
    for instance in instances_for(rule, template)
    for p in instance.pointers
] + [p for d in RATIOS for f in d.formulas.values() for term in (*f.numerator, *f.denominator) for p in term.pointers]
#: Keys the catalogue and the ratios look for (key=X), and prefixes (key^=X) made keys.
CATALOGUE_KEYS = sorted(
    {part.split("=", 1)[1] + ("x" if part.startswith("key^=") else "") for p in _POINTERS for part in p.split("/")
     if part.startswith(("key=", "key^="))}
)  # fmt: skip


@st.composite
def keyed_legacy(draw: st.DrawFn) -> gd.AnnualReport:
    """A legacy report whose list items and annex rows carry the keys the rules read."""
    report = draw(any_report(Template.LEGACY, small=True))
    body: Any = report.body
    keys = st.sampled_from(CATALOGUE_KEYS) | st.none()
    changes = {}
    if body.on_request is not None:
        lists = {}
        for name in ("received_by_channel", "received_by_body", "replies", "refusal_reasons"):
            items = getattr(body.on_request, name)
            lists[name] = tuple(attrs.evolve(item, key=draw(keys)) for item in items)
        changes["on_request"] = attrs.evolve(body.on_request, **lists)
    if body.annex is not None:
        rows = tuple(attrs.evolve(row, key=draw(keys)) for row in body.annex.rows)
        changes["annex"] = attrs.evolve(body.annex, rows=rows)
    return attrs.evolve(report, body=attrs.evolve(body, **changes))


# --------------------------------------------------------------------------- stated figures that name cells

_JUNK_REFS = ["/body/no_such_table/total", "/year", "/agency/name", "/body", "no_such_figure"]


def _candidates(report: gd.AnnualReport) -> list[str]:
    """Pointers a figure may name: every cell, Table 3 rows and groups, list items, shares."""
    from govdisclosure.parquet import cell_facts

    pointers = [fact["pointer"] for fact in cell_facts(report)]
    rows = {p.rsplit("/", 1)[0] for p in pointers if p.startswith("/body/applications/")}
    groups = {p.rsplit("/", 1)[0] for p in rows if p.count("/") > 4}
    shares = [f"/body/on_request/{name}/{i}/share" for name in ("by_content", "replies") for i in range(3)]
    return sorted({*pointers, *rows, *groups, *shares, *_JUNK_REFS})


@st.composite
def figured_reports(draw: st.DrawFn) -> gd.AnnualReport:
    """A report whose stated figures are rates over its cells, rows, groups and other
    figures, and restatements of them; half the time with the value that holds."""
    from govdisclosure._audit import ReportCells, rate_finding, restatement_finding
    from govdisclosure.model import Qualifier

    report = draw(any_report(small=True) | keyed_legacy() | consistent_reports(Template.GB2021))
    candidates = _candidates(report)
    figures = list(report.stated_figures)
    if not figures:
        return report
    ids = [f.id for f in figures]
    refs = st.sampled_from(candidates) | st.sampled_from(ids)
    cells = ReportCells(report)
    out = []
    for index, figure in enumerate(figures):
        kind = draw(st.sampled_from(["rate", "restatement", "both", "none"]))
        changes: dict[str, Any] = {"qualifier": draw(st.sampled_from(list(Qualifier)))}
        if kind in ("rate", "both"):
            changes["numerator"], changes["denominator"] = draw(refs), draw(refs)
        if kind in ("restatement", "both"):
            changes["refers_to"] = draw(st.sampled_from(candidates))
        figure = attrs.evolve(figure, **changes)
        if draw(st.booleans()):  # the value that holds, at some printed places
            places = draw(st.integers(0, 3))
            probe = attrs.evolve(figure, value=decimal.Decimal(1).scaleb(-places))
            by_id = {f.id: f for f in figures}
            found = rate_finding(cells, index, probe, by_id) if kind in ("rate", "both") else None
            if found is None and kind in ("restatement", "both"):
                found = restatement_finding(cells, index, probe)
            if found is not None and found.expected is not None:
                figure = attrs.evolve(figure, value=decimal.Decimal(found.expected))
        out.append(figure)
    return attrs.evolve(report, stated_figures=tuple(out))


# --------------------------------------------------------------------------- the examples


def test_examples_audit_equal() -> None:
    reports = [gd.load(path) for path in VALID]
    table = assert_audit_equal(reports)
    assert set(table.column("outcome").to_pylist()) >= {"pass", "fail"}
    assert_cross_records_equal(reports)  # cells printed with more text among them (22（其中修订16件）)


@pytest.mark.parametrize("blank_as_zero", [False, True])
def test_examples_ratios_equal(blank_as_zero: bool) -> None:
    assert_ratios_equal([gd.load(path) for path in VALID], blank_as_zero)


# --------------------------------------------------------------------------- generated reports


@given(st.lists(any_report(), min_size=1, max_size=6 if THOROUGH else 4))
def test_any_reports_audit_equal(reports: list[gd.AnnualReport]) -> None:
    """Reports of every shape: huge numbers (decided by objects), every cell status, figures."""
    assert_audit_equal(reports)
    assert_cross_records_equal(reports)


def assert_cross_records_equal(reports: list[gd.AnnualReport]) -> None:
    """What the checks across reports read of each report, from the columns and from the objects."""
    assert cross_records(to_table(reports)) == [CrossRecord.of(report) for report in reports]


@given(
    st.lists(
        any_report(small=True)
        | keyed_legacy()
        | consistent_reports(Template.GB2021)
        | consistent_reports(Template.GB2019),
        min_size=5 if THOROUGH else 3,
        max_size=40 if THOROUGH else 10,
    )
)
def test_small_reports_audit_equal(reports: list[gd.AnnualReport]) -> None:
    """Numbers the columns add themselves: every rule decided by the batch arithmetic."""
    table = assert_audit_equal(reports)
    by_objects = int(table.schema.metadata[b"govdisclosure.reports_by_objects"])
    note(f"{len(reports)} reports, {by_objects} by objects")


@given(st.lists(figured_reports(), min_size=1, max_size=10 if THOROUGH else 6))
def test_stated_figures_audit_equal(reports: list[gd.AnnualReport]) -> None:
    """Rates and restatements over cells, rows, groups, shares and other figures, holding
    or not: decided by the columns where they hold, by the object code's functions else."""
    assert_audit_equal(reports)


@given(
    st.lists(any_report() | any_report(small=True) | keyed_legacy(), min_size=1, max_size=6),
    st.booleans(),
)
def test_ratios_equal(reports: list[gd.AnnualReport], blank_as_zero: bool) -> None:
    assert_ratios_equal(reports, blank_as_zero)


# --------------------------------------------------------------------------- the batch's own behaviour


def test_most_reports_need_no_objects() -> None:
    """The examples go through the columns alone, their stated figures included."""
    reports = [gd.load(path) for path in VALID]
    table = gd.audit_batch(to_table(reports))
    metadata = table.schema.metadata
    assert metadata[b"govdisclosure.reports_by_objects"] == b"0"
    assert int(metadata[b"govdisclosure.reports"]) == len(reports)


def test_without_passes() -> None:
    reports = [gd.load(path) for path in VALID]
    everything = gd.audit_batch(to_table(reports))
    problems = gd.audit_batch(to_table(reports), passes=False)
    assert problems.num_rows == sum(o != "pass" for o in everything.column("outcome").to_pylist())
    assert "pass" not in problems.column("outcome").to_pylist()


def test_record_batches_and_chunked_tables() -> None:
    reports = [gd.load(path) for path in VALID]
    table = to_table(reports)
    whole = gd.audit_batch(table)
    chunked = pa.concat_tables([table.slice(0, 3), table.slice(3)])
    assert gd.audit_batch(chunked).equals(whole)
    assert gd.audit_batch(table.to_batches()[0]).equals(whole) or table.num_rows != len(table.to_batches()[0])


def test_empty_batch() -> None:
    empty = to_table([gd.load(VALID[0])]).slice(0, 0)
    assert gd.audit_batch(empty).num_rows == 0
    assert gd.ratios_batch(empty).num_rows == 0


def test_not_the_reports_layout() -> None:
    with pytest.raises(gd.GovDisclosureError, match="template"):
        gd.audit_batch(pa.table({"x": [1]}))
    table = to_table([gd.load(VALID[0])])
    wrong = table.set_column(table.schema.get_field_index("template"), "template", pa.array(["gb2030"]))
    with pytest.raises(gd.GovDisclosureError, match="gb2030"):
        gd.audit_batch(wrong)


def test_read_from_a_dataset(tmp_path: Any) -> None:
    """Batches as a dataset gives them (partition columns added) audit the same."""
    import pyarrow.dataset as ds

    reports = [gd.load(path) for path in VALID]
    gd.write_dataset(reports, tmp_path / "data")
    dataset = ds.dataset(tmp_path / "data", format="parquet", partitioning="hive")
    got = pa.concat_tables(gd.audit_batch(batch) for batch in dataset.to_batches())
    ids = got.column("report_id").to_pylist()
    by_report = {gd.arrow.report_id(r): r for r in reports}
    assert set(ids) == set(by_report)
    for report_id, report in by_report.items():
        mine = got.filter(pa.compute.equal(got.column("report_id"), report_id))
        assert [r[1:] for r in batch_rows(mine)] == [r[1:] for r in object_rows([report])]


def test_read_batches_of_a_dataset_a_partition_folder_and_a_file(tmp_path: Any) -> None:
    """gd.read_batches gives the reports layout without the narrative, from a dataset (with a
    filter), one partition folder or one file: what a Parquet file's own reader gives for
    batch_columns, and the batch audit of it is the object audit's."""
    import pyarrow.parquet as pq

    reports = [gd.load(path) for path in VALID]
    gd.write_dataset(reports, tmp_path / "data", partition=["year", "province"])
    whole = pa.Table.from_batches(gd.read_batches(tmp_path / "data", batch_size=3))
    assert whole.num_rows == len(reports)
    for name in ("body_legacy", "body_gb2019", "body_gb2021"):
        assert "sections" not in whole.schema.field(name).type.names
    by_id = {gd.arrow.report_id(r): r for r in reports}
    got = gd.audit_batch(whole)
    for report_id, report in by_id.items():
        mine = got.filter(pc.equal(got.column("report_id"), report_id))
        assert [r[1:] for r in batch_rows(mine)] == [r[1:] for r in object_rows([report])]
    # each file: the same columns and values as the file's own reader gives
    for file in sorted((tmp_path / "data").rglob("*.parquet")):
        reader = pq.ParquetFile(file)
        direct = reader.read(columns=gd.batch_columns(reader.schema_arrow))
        mine = pa.Table.from_batches(list(gd.read_batches(file)))
        assert mine.select(direct.column_names).to_pylist() == direct.to_pylist()
        assert gd.audit_batch(mine).to_pylist() == gd.audit_batch(direct).to_pylist()
    # a partition folder, and a filter pushed down
    folder = next(p for p in (tmp_path / "data").iterdir() if p.name == "year=2015")
    assert {row["year"] for row in pa.Table.from_batches(gd.read_batches(folder)).to_pylist()} == {2015}
    filtered = pa.Table.from_batches(gd.read_batches(tmp_path / "data", filter=pc.field("year") == 2019))
    assert set(filtered.column("year").to_pylist()) == {2019}
    assert filtered.num_rows == sum(r.year == 2019 for r in reports)
    with pytest.raises(gd.ParquetError, match="no such file"):
        list(gd.read_batches(tmp_path / "nothing"))


def test_a_batch_read_flat_is_refused_with_the_way_to_read_it(tmp_path: Any) -> None:
    """pq.read_table reads batch_columns' nested paths as flat columns: a BatchError names the
    missing body column and gd.read_batches, never a KeyError."""
    import pyarrow.parquet as pq

    pq.write_table(to_table([gd.load(path) for path in VALID]), tmp_path / "r.parquet")
    flat = pq.read_table(tmp_path / "r.parquet", columns=gd.batch_columns(pq.read_schema(tmp_path / "r.parquet")))
    for function in (gd.audit_batch, gd.ratios_batch):
        with pytest.raises(gd.BatchError, match=r"no column body_\w+.*gd\.read_batches"):
            function(flat)


def test_reading_only_the_columns_it_reads(tmp_path: Any) -> None:
    """batch_columns leaves the narrative out; what the batch then reads it names, never guesses."""
    import pyarrow.parquet as pq

    reports = [gd.load(path) for path in VALID]
    pq.write_table(to_table(reports), tmp_path / "r.parquet")
    reader = pq.ParquetFile(tmp_path / "r.parquet")
    slim = reader.read(columns=gd.batch_columns(reader.schema_arrow))
    assert "sections" not in slim.schema.field("body_gb2021").type.names
    assert batch_rows(gd.audit_batch(slim)) == object_rows(reports)
    without_annex = reader.read(columns=[c for c in gd.batch_columns(reader.schema_arrow) if c != "body_legacy.annex"])
    with pytest.raises(gd.BatchError, match=r"body_legacy\.annex"):
        gd.audit_batch(without_annex)


@given(st.from_regex(r"^-?(0|[1-9][0-9]{0,16})(\.[0-9]{1,8})?$", fullmatch=True) | st.text(max_size=12))
def test_the_batch_reads_a_figure_value_only_where_the_schema_would(text: str) -> None:
    """The batch's pattern for a figure's value narrows the schema's decimal pattern."""
    import re

    from govdisclosure._columnar import _VALUE
    from govdisclosure._patterns import DECIMAL_PATTERN

    if re.fullmatch(_VALUE.strip("^$"), text):
        assert re.fullmatch(DECIMAL_PATTERN.strip("^$"), text)


@given(
    st.lists(
        st.from_regex(r"^-?(0|[0-9]{1,17})(\.[0-9]{1,8})?$", fullmatch=True)
        | st.sampled_from(["0", "00", "007", "-0", "-0.0", "１２", "", "1e3", " 1", "٣"])
        | st.text(max_size=8)
        | st.none(),
        max_size=30,
    )
)
@example(texts=["100000000000000.00000", "12345678901234567.12345678", "-99999999999999999.9"])  # past int64
def test_the_plain_integers_read_fast_as_the_pattern_reads_them(texts: list[str | None]) -> None:
    """Plain integer texts are cast without the pattern: the same numbers, places, verdicts
    and printed texts as the pattern gives for every text."""
    from govdisclosure._columnar import _decimal_texts, _parsed_decimals

    values = pa.array(texts, pa.string())
    fast, slow = _decimal_texts(values), _parsed_decimals(values)
    clean = slow[2]
    assert fast[2].tolist() == clean.tolist()
    for got, want in zip(fast[:2], slow[:2], strict=True):
        assert got[clean].tolist() == want[clean].tolist()
    assert fast[3].to_pylist() == slow[3].to_pylist()
