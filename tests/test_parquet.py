"""Parquet: lossless files, analysis tables read by DuckDB and Polars, datasets, safe writes."""

from __future__ import annotations

import json
import pathlib
import re
import tempfile
from typing import Any
from urllib.parse import unquote

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.arrow import ARROW_SCHEMA_VERSION, arrow_schema, from_rows, report_id, to_rows, to_table
from govdisclosure.collection import report_identity
from govdisclosure.parquet import (
    ParquetError,
    _folder_value,
    compact,
    data_files,
    dataset_identities,
    facts_table,
    indicators_table,
    province,
    read_parquet,
    write_dataset,
    write_parquet,
)

from .conftest import EXAMPLES
from .strategies import reports as report_strategy

VALID = sorted((EXAMPLES / "valid").glob("*.json"))
REPORTS = [gd.load(p) for p in VALID]


def test_every_example_round_trips_through_parquet_unchanged(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "reports.parquet"
    assert write_parquet(REPORTS, path) == len(REPORTS)
    back = list(read_parquet(path))
    assert back == REPORTS
    assert [gd.dumps(r) for r in back] == [p.read_text(encoding="utf-8") for p in VALID]
    # small batches are slices of the file's arrays: lists, maps and structs read at an offset
    for size in (1, 2, 4):
        assert list(read_parquet(path, batch_size=size)) == REPORTS
    # many reports mixing templates in one batch come back in their order
    many = REPORTS * 7
    write_parquet(many, path, batch_size=5, row_group_reports=10)
    assert list(read_parquet(path, batch_size=9)) == many


@settings(max_examples=max(5, settings().max_examples // 2), deadline=None)
@given(st.lists(report_strategy(), min_size=1, max_size=4))
def test_generated_reports_round_trip_through_parquet(reports: list[gd.AnnualReport]) -> None:
    """Blank vs 0 vs "/", exact money, dates, Chinese text, extensions: nothing is lost."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "r.parquet"
        write_parquet(reports, path, batch_size=2)
        back = list(read_parquet(path))
    assert back == reports
    # the column-wise builder gives the very table the row-wise encoder describes
    expected = pa.Table.from_pylist(to_rows(reports), schema=arrow_schema())
    assert to_table(reports).equals(expected)
    assert list(from_rows(expected.to_pylist())) == reports
    assert [gd.dumps(r) for r in back] == [gd.dumps(r) for r in reports]


def test_the_schema_is_explicit_and_labelled() -> None:
    schema = arrow_schema()
    assert schema.metadata[b"govdisclosure.schema_id"] == gd.SCHEMA_ID.encode()

    def walk(field: pa.Field) -> list[pa.Field]:
        out = [field]
        tp = field.type
        if pa.types.is_struct(tp):
            for child in tp:
                out += walk(child)
        elif pa.types.is_list(tp):
            out += walk(tp.value_field)
        return out

    fields = [f for top in schema for f in walk(top)]
    labelled = [f for f in fields if f.metadata and b"label_zh" in f.metadata and b"description" in f.metadata]
    unlabelled = {f.name for f in fields if f not in labelled} - {"item", "element"}
    assert unlabelled == set()
    body = schema.field("body_gb2021").type
    t3 = body.field("applications").type
    assert t3.field("new_received").metadata[b"label_zh"].decode() == "一、本年新收政府信息公开申请数量"


def test_count_cells_are_plain_integer_columns_and_the_rest_is_kept_by_pointer(tmp_path: pathlib.Path) -> None:
    """A count cell is one int64 column (what SQL sums); a cell that printed no clean number
    is also an entry of `cells`, so a blank stays blank and never reads as 0."""
    duckdb = pytest.importorskip("duckdb")
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    path = tmp_path / "one.parquet"
    write_parquet([report], path)
    table = pq.read_table(path)
    body = table.column("body_gb2019").to_pylist()[0]
    assert (
        table.schema.field("body_gb2019").type.field("applications").type.field("new_received").type.field("total").type
        == pa.int64()
    )
    assert body["applications"]["new_received"]["total"] == 859
    assert body["applications"]["results"]["granted"]["total"] is None
    cells = dict(table.column("cells").to_pylist()[0])
    assert cells["/body/applications/results/granted/total"] == {"status": "blank", "text": None, "value": None}
    assert "/body/applications/new_received/total" not in cells
    # the number of a number printed with text is in its column too
    assert all(entry["status"] != "number" or entry["value"] is not None for entry in cells.values())
    total = duckdb.sql(f"select body_gb2019.applications.new_received.total from '{path}'").fetchall()
    assert total == [(859,)]
    (back,) = read_parquet(path)
    assert back == report


def test_file_metadata_names_schema_version_and_templates(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "reports.parquet"
    write_parquet(REPORTS[:2], path)
    metadata = pq.read_metadata(path).metadata
    assert metadata[b"govdisclosure.schema_version"] == gd.SCHEMA_VERSION.encode()
    assert metadata[b"govdisclosure.arrow_schema_version"] == ARROW_SCHEMA_VERSION.encode()
    assert metadata[b"govdisclosure.version"] == gd.__version__.encode()
    templates = sorted({r.template.value for r in REPORTS[:2]})
    assert metadata[b"govdisclosure.templates"] == ",".join(templates).encode()


def test_foreign_truncated_and_incompatible_files_are_refused(tmp_path: pathlib.Path) -> None:
    foreign = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), foreign)
    with pytest.raises(ParquetError, match=r"foreign\.parquet: not a govdisclosure reports file"):
        list(read_parquet(foreign))
    good = tmp_path / "good.parquet"
    write_parquet(REPORTS, good)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ParquetError, match=r"truncated\.parquet: not a readable Parquet file"):
        list(read_parquet(truncated))
    table = pq.read_table(good)
    future = tmp_path / "future.parquet"
    other = f"{int(ARROW_SCHEMA_VERSION.split('.')[0]) + 1}.0.0"
    metadata = {**pq.read_metadata(good).metadata, b"govdisclosure.arrow_schema_version": other.encode()}
    metadata.pop(b"ARROW:schema")
    pq.write_table(table.replace_schema_metadata(metadata), future)
    with pytest.raises(ParquetError, match=rf"written with Arrow layout {re.escape(other)}"):
        list(read_parquet(future))
    facts = tmp_path / "facts.parquet"
    write_parquet(REPORTS, facts, table="facts")
    with pytest.raises(ParquetError, match="holds the facts table"):
        list(read_parquet(facts))
    with pytest.raises(ParquetError, match="no such file"):
        list(read_parquet(tmp_path / "missing.parquet"))


def test_a_failed_write_leaves_the_good_file_in_place(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "reports.parquet"
    write_parquet(REPORTS, path)
    before = path.read_bytes()

    def broken() -> object:
        yield from REPORTS
        raise RuntimeError("killed in the middle")

    with pytest.raises(RuntimeError):
        write_parquet(broken(), path, batch_size=2)  # type: ignore[arg-type]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.parquet"]


def test_datasets_partition_append_and_filter(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    write_dataset(REPORTS, base)
    write_dataset(REPORTS[:1], base, mode="append")
    assert len(list(base.rglob("*.parquet"))) == len(REPORTS) + 1
    assert len(list(read_parquet(base))) == len(REPORTS) + 1
    shanghai = list(read_parquet(base, filter=(pc.field("year") == 2025) & (pc.field("province") == "上海市")))
    assert [(r.agency.name, r.year) for r in shanghai] == [("上海市人民政府办公厅", 2025)]
    assert shanghai[0] == gd.load(EXAMPLES / "valid" / "shanghai-government-office-2025.json")


def test_a_report_already_in_a_dataset_is_refused_replaced_or_appended_as_asked(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    write_dataset(REPORTS, base, partition=("year",))
    before = sorted((p.relative_to(base), p.read_bytes()) for p in base.rglob("*.parquet"))
    corrected = attrs.evolve(REPORTS[0], title="corrected")  # the same report (identity), corrected
    new = attrs.evolve(REPORTS[0], year=REPORTS[0].year + 1)
    with pytest.raises(gd.parquet.DuplicateReportError, match="already holds 1 of the reports given") as caught:
        write_dataset([new, corrected], base, partition=("year",))
    assert caught.value.identities == (report_identity(corrected),)
    assert sorted((p.relative_to(base), p.read_bytes()) for p in base.rglob("*.parquet")) == before  # all or nothing
    with pytest.raises(gd.parquet.DuplicateReportError, match="given twice"):
        write_dataset([new, new], base, partition=("year",))  # twice in one write
    assert write_dataset([corrected], base, partition=("year",), mode="replace") == 1
    back = list(read_parquet(base))
    assert len(back) == len(REPORTS)
    assert corrected in back
    assert REPORTS[0] not in back
    assert set(map(report_identity, back)) == set(map(report_identity, REPORTS))
    write_dataset([corrected], base, partition=("year",), mode="append")
    assert len(list(read_parquet(base))) == len(REPORTS) + 1
    with pytest.raises(ValueError, match="mode must be one of"):
        write_dataset([], base, mode="overwrite")


def test_partition_folders_are_readable_and_every_engine_reads_the_values_back(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    write_dataset(REPORTS, base)
    folders = {p.parent.relative_to(base).as_posix() for p in base.rglob("*.parquet")}
    assert "year=2025/province=上海市" in folders  # was province=%E4%B8%8A%E6%B5%B7%E5%B8%82
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(
        f"select distinct province from read_parquet('{base}/**/*.parquet', hive_partitioning = true) order by 1"
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted({province(r) for r in REPORTS})
    polars = pytest.importorskip("polars")
    frame = polars.scan_parquet(f"{base}/**/*.parquet", hive_partitioning=True).select("province").collect()
    assert set(frame["province"].to_list()) == {province(r) for r in REPORTS}
    assert {r.year for r in read_parquet(base / "year=2025")} == {2025}  # one partition on its own
    one = next((base / "year=2025" / "province=上海市").glob("*.parquet"))
    assert [(r.year, province(r)) for r in read_parquet(one)] == [(2025, "上海市")]  # one file on its own


def _unknown_region(report: gd.AnnualReport, name: str) -> gd.AnnualReport:
    """``report`` of an agency whose region says no province and has no code."""
    return attrs.evolve(report, agency=attrs.evolve(report.agency, name=name, region=gd.model.Region(name="某县")))


def test_unknown_values_are_null_folders_that_every_engine_reads_as_null(tmp_path: pathlib.Path) -> None:
    # an unknown province or region code was written as the folder ``province=``: pyarrow,
    # DuckDB and Polars read it as the empty text, Spark refused the whole dataset
    unknown = _unknown_region(REPORTS[0], "某某局")
    reports = [unknown, *REPORTS]
    assert province(unknown) is None
    base = tmp_path / "dataset"
    write_dataset(reports, base, partition=("year", "province", "region_code"))
    folders = {p.parent.relative_to(base).as_posix() for p in base.rglob("*.parquet")}
    assert not any(part.endswith("=") for folder in folders for part in folder.split("/"))
    assert f"year={unknown.year}/province=__HIVE_DEFAULT_PARTITION__/region_code=__HIVE_DEFAULT_PARTITION__" in folders

    def read_back(rows: Any) -> list[tuple[str, str | None, str | None]]:
        # engines guess a type for ``region_code`` (a number): compared as text
        return sorted(((i, p, None if c is None else str(c)) for i, p, c in rows), key=repr)

    want = read_back((report_id(r), province(r), r.agency.region_code) for r in reports)
    got = pads.dataset(base, partitioning="hive").to_table(columns=["report_id", "province", "region_code"])
    assert read_back(zip(*got.to_pydict().values(), strict=True)) == want
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(
        f"select report_id, province, region_code from read_parquet('{base}/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    assert read_back(rows) == want
    polars = pytest.importorskip("polars")
    frame = polars.scan_parquet(f"{base}/**/*.parquet", hive_partitioning=True).collect()
    assert read_back(frame.select("report_id", "province", "region_code").rows()) == want
    # our own readers: objects equal, batches with the null province, identities as written
    assert sorted(read_parquet(base), key=report_identity) == sorted(reports, key=report_identity)
    batches = [b.to_pydict() for b in gd.read_batches(base)]
    got_batches = [(i, p) for b in batches for i, p in zip(b["report_id"], b["province"], strict=True)]
    assert sorted(got_batches, key=repr) == sorted(((w[0], w[1]) for w in want), key=repr)
    assert set(dataset_identities(base)) == {report_identity(r) for r in reports}
    # a text that would read back as null is written apart from null
    assert _folder_value(None) == _folder_value("") == "__HIVE_DEFAULT_PARTITION__"
    assert unquote(_folder_value("__HIVE_DEFAULT_PARTITION__")) == "__HIVE_DEFAULT_PARTITION__"
    assert _folder_value("__HIVE_DEFAULT_PARTITION__") != "__HIVE_DEFAULT_PARTITION__"


def test_compact_moves_the_empty_folders_of_earlier_versions_to_the_null_folder(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    unknown = [_unknown_region(REPORTS[0], "某某局"), _unknown_region(REPORTS[0], "某某办")]
    write_dataset([*unknown, *REPORTS], base)
    null = base / f"year={unknown[0].year}" / "province=__HIVE_DEFAULT_PARTITION__"
    old = null.with_name("province=")  # as earlier versions wrote it
    null.rename(old)
    assert sorted(read_parquet(base), key=report_identity) == sorted([*unknown, *REPORTS], key=report_identity)
    before = len(data_files(base))
    assert compact(base) == (before, before)  # one file of that folder: moved, not merged
    assert not old.exists()
    assert len(list(null.glob("*.parquet"))) == 1
    assert sorted(read_parquet(base), key=report_identity) == sorted([*unknown, *REPORTS], key=report_identity)
    assert compact(base) == (before, before)  # nothing left to move


def test_a_write_makes_one_file_per_partition_not_one_per_batch_and_compact_merges_appends(
    tmp_path: pathlib.Path,
) -> None:
    base = tmp_path / "dataset"
    many = [
        attrs.evolve(r, agency=attrs.evolve(r.agency, name=f"{r.agency.name}{i}")) for i in range(3) for r in REPORTS
    ]
    write_dataset(many[:11], base, partition=("year",), batch_size=2)  # 6 batches
    years = {r.year for r in many}
    assert len(data_files(base)) == len(years)  # was one file per batch and partition
    write_dataset(many[11:], base, partition=("year",), batch_size=2, rows_per_file=2)
    appended = len(data_files(base))
    assert appended > 2 * len(years)
    before = sorted((r.year, r.agency.name) for r in read_parquet(base))
    assert compact(base) == (appended, len(years))
    assert len(data_files(base)) == len(years)
    assert sorted((r.year, r.agency.name) for r in read_parquet(base)) == before
    assert sorted(read_parquet(base), key=report_identity) == sorted(many, key=report_identity)
    assert compact(base) == (len(years), len(years))  # nothing left to merge
    assert not list(base.glob(".staging-*"))


def test_a_killed_append_leaves_the_dataset_as_it_was(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    write_dataset(REPORTS[:2], base)
    before = sorted(p.relative_to(base) for p in base.rglob("*.parquet"))

    def dying() -> Any:
        yield from REPORTS[2:4]
        raise KeyboardInterrupt  # killed in the middle of the write

    with pytest.raises(KeyboardInterrupt):
        write_dataset(dying(), base, batch_size=1)
    assert sorted(p.relative_to(base) for p in base.rglob("*.parquet")) == before
    assert not list(base.glob(".staging-*"))
    stale = base / ".staging-999999999-dead" / "year=2020"  # a writer killed by SIGKILL
    stale.mkdir(parents=True)
    (stale / "part.parquet").write_bytes(b"half")
    assert len(list(read_parquet(base))) == 2  # readers skip staging folders
    write_dataset(REPORTS[2:3], base)
    assert not stale.exists()


def test_partition_values_never_escape_the_dataset(tmp_path: pathlib.Path) -> None:
    base = tmp_path / "dataset"
    hostile = attrs.evolve(  # built past the validation, as a careless caller might
        REPORTS[0],
        agency=attrs.evolve(REPORTS[0].agency, region=gd.model.Region(name="../../escape/省", code="../../x")),
    )
    write_dataset([hostile], base, partition=("region_code",))
    files = list(tmp_path.rglob("*.parquet"))
    assert len(files) == 1
    assert files[0].resolve().is_relative_to(base.resolve())
    assert province(hostile) is None  # a name that begins with no province gives none, never a path
    (back,) = read_parquet(base)
    assert back == hostile


@pytest.mark.parametrize(
    ("name", "code", "central", "expected"),
    [
        ("湖南省郴州市", "431000", False, "湖南省"),
        ("郴州市", "431000", False, "湖南省"),  # the code decides; the name alone says no province
        ("郴州市", None, False, None),  # was 郴州市: a prefecture taken for a province
        ("沭阳县", None, False, None),  # was 沭阳县
        ("江苏省淮安市洪泽区", None, False, "江苏省"),
        ("上海市", None, False, "上海市"),
        ("广西壮族自治区南宁市", None, False, "广西壮族自治区"),
        ("香港特别行政区", None, False, "香港特别行政区"),
        ("湖南省郴州市", "990000", False, "湖南省"),  # a code that names no province: the name
        ("江苏省苏州市", "431000", False, "湖南省"),  # the code wins over a name that disagrees
        ("中华人民共和国", None, True, "中央"),
        (None, None, False, None),
    ],
)
def test_the_province_is_the_codes_or_the_names_never_a_guess(
    name: str | None, code: str | None, central: bool, expected: str
) -> None:
    from govdisclosure.tables import PROVINCES, province_of

    assert province_of(name, code, central) == expected
    # every province-level code names its province, and every province's name names itself
    for prefix, province_name in PROVINCES.items():
        assert province_of(None, prefix + "0000", False) == province_name
        assert province_of(province_name + "某市", None, False) == province_name


def test_facts_table_reads_in_duckdb_and_polars(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "facts.parquet"
    write_parquet(REPORTS, path, table="facts")
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(
        f"select year, sum(value) from '{path}' where \"table\" = '表三' and row_key = 'new_received' "
        "and column_key = 'total' group by year order by year"
    ).fetchall()
    expected: dict[int, int] = {}
    for report in REPORTS:
        if report.template is not gd.Template.LEGACY:
            expected[report.year] = expected.get(report.year, 0) + gd.number(
                report.body.applications.new_received.total
            )  # type: ignore[union-attr,operator]
    assert rows == sorted(expected.items())
    polars = pytest.importorskip("polars")
    frame = polars.read_parquet(path)
    blanks = frame.filter((polars.col("status") == "blank") & (polars.col("agency") == "上海市人民政府办公厅"))
    assert blanks.height > 0
    assert blanks["value"].null_count() == blanks.height  # a blank is no number, never 0
    money = frame.filter(polars.col("column_key") == "fee_amount").sort("year")
    assert money.filter(polars.col("agency") == "沭阳县人民政府")["amount"].to_list() == [4068.208]


def test_facts_table_keeps_every_cell_and_its_labels() -> None:
    table = facts_table([gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")])
    rows = table.to_pylist()
    t3 = [r for r in rows if r["table"] == "表三"]
    assert len(t3) == 25 * 7
    cell = next(
        r for r in t3 if r["pointer"] == "/body/applications/results/denied/third_party_rights/legal_service_org"
    )
    assert cell["row_key"] == "results.denied.third_party_rights"
    assert cell["column_key"] == "legal_service_org"
    assert cell["row_label_zh"] == "（三）不予公开 · 4.保护第三方合法权益"
    assert cell["column_label_zh"] == "法律服务机构"
    assert cell["column_name"] == "applications__results__denied__third_party_rights__legal_service_org"
    assert len([r for r in rows if r["table"] == "表四"]) == 15


def test_indicators_table_has_totals_and_ratios() -> None:
    table = indicators_table(REPORTS)
    rows = {(r["agency"], r["year"]): r for r in table.to_pylist()}
    county = rows[("沭阳县人民政府", 2025)]
    assert county["applications_received"] == 713
    assert county["review_total"] == 61
    assert county["litigation_total"] == 13
    assert county["substantive_disclosure_rate"] == pytest.approx(55.013928)
    seed = rows[("郴州市人民政府", 2015)]
    assert seed["applications_received"] == 921
    assert seed["channel_share_online"] == pytest.approx(8.577633)
    # Blank 总计 cells give no total, never 0.
    assert rows[("上海市人民政府办公厅", 2019)]["granted"] is None


def test_year_is_one_type_in_every_table(tmp_path: pathlib.Path) -> None:
    from govdisclosure import ratios_table, year_over_year
    from govdisclosure.parquet import data_files, partitioning, reports_schema

    schemas = {
        "reports": reports_schema(),
        "facts": facts_table(REPORTS).schema,
        "indicators": indicators_table(REPORTS).schema,
        "ratios": ratios_table(REPORTS).schema,
        "ratios_batch": gd.ratios_batch_schema(),
        "year_over_year": year_over_year(REPORTS).schema,
    }
    assert {name: schema.field("year").type for name, schema in schemas.items()} == dict.fromkeys(schemas, pa.int64())
    # a dataset's folders are read with the same type, and a region code as text
    write_dataset(REPORTS, tmp_path / "ds", partition=("year", "region_code"))
    files = data_files(tmp_path / "ds")
    hive = partitioning(files, tmp_path / "ds")
    assert hive.schema == pa.schema([("year", pa.int64()), ("region_code", pa.string())])
    import pyarrow.dataset as pads

    read = pads.dataset([str(f) for f in files], partitioning=hive, partition_base_dir=str(tmp_path / "ds"))
    assert read.schema.field("year").type == pa.int64()
    codes = read.to_table(columns=["region_code"]).column(0).to_pylist()
    assert sorted(codes, key=repr) == sorted((r.agency.region_code for r in REPORTS), key=repr)  # no code: null
    assert None in codes


def test_convert_command(tmp_path: pathlib.Path) -> None:
    import io

    from govdisclosure.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["convert", str(EXAMPLES / "valid"), str(tmp_path / "r.parquet")], stdout=out, stderr=err)
    assert code == 0
    assert f"{len(VALID)} reports written (reports)" in out.getvalue()
    assert list(read_parquet(tmp_path / "r.parquet")) == REPORTS
    code = main(
        ["convert", str(EXAMPLES / "valid"), str(tmp_path / "ds"), "--partition", "year,province"],
        stdout=out,
        stderr=err,
    )
    assert code == 0
    assert {p.parent.parent.name for p in (tmp_path / "ds").rglob("*.parquet")} == {
        "year=2015",
        "year=2019",
        "year=2023",
        "year=2024",
        "year=2025",
    }
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"template": "gb2021"}), encoding="utf-8")
    err = io.StringIO()
    code = main(
        ["convert", str(bad), str(VALID[0]), str(tmp_path / "i.parquet"), "--table", "indicators"],
        stdout=out,
        stderr=err,
    )
    assert code == 1
    assert "schema.required" in err.getvalue()
    assert pq.read_table(tmp_path / "i.parquet").num_rows == 1


def test_a_parquet_file_gets_the_permissions_the_umask_gives(tmp_path: pathlib.Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        write_parquet(REPORTS, tmp_path / "r.parquet")
        os.umask(0o077)
        write_parquet(REPORTS, tmp_path / "private.parquet")
    finally:
        os.umask(previous)
    assert (tmp_path / "r.parquet").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.parquet").stat().st_mode & 0o777 == 0o600


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write_never_a_running_ones(
    tmp_path: pathlib.Path,
) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        stale = tmp_path / f".r.parquet.{dead_pid}.abc123.tmp"
        live = tmp_path / f".r.parquet.{running.pid}.def456.tmp"
        other = tmp_path / f".other.parquet.{dead_pid}.x.tmp"
        for path in (stale, live, other):
            path.write_bytes(b"partial")
        write_parquet(REPORTS, tmp_path / "r.parquet")
        assert not stale.exists()
        assert live.exists()  # its writer still runs
        assert other.exists()  # another target's
    finally:
        running.kill()
        running.wait()


def test_a_write_terminated_by_sigterm_leaves_no_temporary_file(tmp_path: pathlib.Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    script = f"""
import time, govdisclosure as gd
from govdisclosure.parquet import write_parquet
reports = [gd.load(p) for p in {[str(p) for p in VALID]!r}]
def slow(n):
    time.sleep(60)
write_parquet(reports * 50, {str(tmp_path / "big.parquet")!r}, batch_size=10, progress=slow)
"""
    writer = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".big.parquet.*.tmp")):
            assert time.monotonic() < deadline, "the writer never started"
            assert writer.poll() is None, "the writer ended early"
            time.sleep(0.05)
        writer.send_signal(signal.SIGTERM)
        assert writer.wait(timeout=30) == -signal.SIGTERM  # ended as SIGTERM ends a process
    finally:
        writer.kill()
    assert list(tmp_path.iterdir()) == []


def test_a_sigterm_right_after_the_temporary_file_is_created_removes_it(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by CI: a SIGTERM between the temporary file's creation and its being noted
    for removal left it behind (the handler knew no file yet). It is named, and noted,
    before it is created. Here the signal comes the instant the file exists, to a handler
    the program set (which the write's own handler calls after removing the file)."""
    import os
    import signal

    from govdisclosure.parquet import write_parquet

    removed: list[bool] = []
    real_open = os.open

    def open_then_signal(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(file, flags, *args, **kwargs)
        if str(file).endswith(".tmp"):
            handler = signal.getsignal(signal.SIGTERM)
            assert callable(handler)
            handler(signal.SIGTERM, None)
            removed.append(not os.path.exists(file))
        return fd

    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    monkeypatch.setattr(os, "open", open_then_signal)
    try:
        write_parquet(REPORTS[:1], tmp_path / "one.parquet")
    finally:
        monkeypatch.undo()
        signal.signal(signal.SIGTERM, previous)
    assert received == [signal.SIGTERM]
    assert removed == [True]


def test_a_reports_identity_is_the_same_from_objects_and_from_every_table() -> None:
    """Which report a row is (agency name, region code or else name, year, template, scope):
    the same read from the objects, the reports table and the flat analysis tables."""
    from govdisclosure.parquet import _row_identities, with_province

    want = [report_identity(r) for r in REPORTS]
    assert _row_identities(with_province(to_table(REPORTS))) == want
    assert _row_identities(indicators_table(REPORTS)) == want
    coded = next(r for r in REPORTS if r.agency.region_code)
    renamed = attrs.evolve(
        coded, agency=attrs.evolve(coded.agency, region=attrs.evolve(coded.agency.region, name="别名"))
    )
    assert report_identity(renamed) == report_identity(coded)  # the code names the region
