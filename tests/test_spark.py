"""PySpark in local mode (two cores) gives the single-process numbers: the audit, the ratios,
the checks across reports, validation of JSON text, and partition values as written."""

from __future__ import annotations

import os
import pathlib
import sys
from typing import Any

import attrs
import pytest

import govdisclosure as gd
from govdisclosure.arrow import report_id, to_table

from .conftest import EXAMPLES
from .engine_helpers import assert_ratios_match, finding_key

pytest.importorskip("pyspark")
# a JVM starts: run by .ci/run (pytest --run-slow tests/test_spark.py); PySpark 4.3 warns that
# it does not yet fully support pandas 3, which its Arrow functions do not use
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")]

import govdisclosure.spark as gds  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Any:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("govdisclosure-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, list[gd.AnnualReport]]:
    reports = list(gd.load_all(EXAMPLES / "valid", progress=False))
    # an agency whose region says no province and has no code: its province is null, and its
    # folder ``province=__HIVE_DEFAULT_PARTITION__`` (Spark refused ``province=`` for the whole dataset)
    first = reports[0]
    unknown = attrs.evolve(first, agency=attrs.evolve(first.agency, name="某某局", region=gd.model.Region(name="某县")))
    reports.append(unknown)
    folder = tmp_path_factory.mktemp("spark") / "dataset"
    gd.write_dataset(reports, folder)  # year, province
    return folder, reports


def test_partition_values_read_back_as_written(spark: Any, dataset: tuple[pathlib.Path, list[gd.AnnualReport]]) -> None:
    folder, reports = dataset
    frame = gds.read_reports(spark, folder)
    from govdisclosure.parquet import province

    got = sorted(
        (row["report_id"], row["province"], row["year"])
        for row in frame.select("report_id", "province", "year").collect()
    )
    assert got == sorted((report_id(r), province(r), r.year) for r in reports)
    assert frame.where("province is null").count() == sum(province(r) is None for r in reports) == 1
    assert frame.where("province = '上海市'").count() == sum(province(r) == "上海市" for r in reports) > 0
    assert frame.schema["year"].dataType.simpleString() == "bigint"  # as in every table, not Spark's guess


def test_audit_equals_one_process(spark: Any, dataset: tuple[pathlib.Path, list[gd.AnnualReport]]) -> None:
    folder, reports = dataset
    got = [row.asDict() for row in gds.audit(gds.read_reports(spark, folder), passes=True).collect()]
    want = gd.audit_batch(to_table(reports)).to_pylist()
    assert sorted(map(finding_key, got)) == sorted(map(finding_key, want))


def test_ratios_equal_one_process(spark: Any, dataset: tuple[pathlib.Path, list[gd.AnnualReport]]) -> None:
    folder, reports = dataset
    assert_ratios_match([row.asDict() for row in gds.ratios(gds.read_reports(spark, folder)).collect()], reports)


def test_checks_across_reports(spark: Any, tmp_path: pathlib.Path) -> None:
    """Two years of one agency, the later one's 上年结转 changed: C-1 fails in Spark as here."""
    import attrs

    base = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    body: Any = base.body
    earlier = attrs.evolve(base, year=2024)
    carried = attrs.evolve(
        body.applications.carried_over,
        natural_person=(gd.number(body.applications.carried_over.natural_person) or 0) + 1,
    )
    later = attrs.evolve(
        base, body=attrs.evolve(body, applications=attrs.evolve(body.applications, carried_over=carried))
    )
    gd.write_dataset([earlier, later], tmp_path / "two")
    got = [row.asDict() for row in gds.audit_across(gds.read_reports(spark, tmp_path / "two")).collect()]
    want = gd.audit_collection([earlier, later])
    assert sorted((r["code"], r["outcome"], r["message_en"]) for r in got) == sorted(
        (f.code, f.outcome.value if f.outcome else None, f.message_en) for f in want
    )
    assert {r["report_id"] for r in got if r["outcome"] == "fail"} == {report_id(later)}


def test_validate_json(spark: Any) -> None:
    documents = [path.read_text("utf-8") for path in sorted((EXAMPLES / "valid").glob("*.json"))]
    documents += ['{"template": "gb2021"}', "not json"]
    frame = spark.createDataFrame([(d,) for d in documents], "value string")
    got = [row.asDict(recursive=True) for row in gds.validate_json(frame).collect()]
    want = [gd.validate_bytes(d.encode()) for d in documents]
    assert [g["valid"] for g in got] == [w.valid for w in want]
    assert [[f["code"] for f in g["findings"]] for g in got] == [[f.code for f in w.findings] for w in want]


def test_extract_published_reports_and_build_their_table(spark: Any) -> None:
    """A binaryFile DataFrame of published reports: each extracted as here, then the reports
    table built from the extracted JSON, audited and its ratios computed as here."""
    from govdisclosure.extraction import extract

    files = spark.read.format("binaryFile").load(str(EXAMPLES / "published"))
    got = sorted((row.asDict(recursive=True) for row in gds.extract(files).collect()), key=lambda r: r["path"])
    assert len(got) == len(list((EXAMPLES / "published").iterdir())) > 0
    for row in got:
        uri = row["path"]
        local = pathlib.Path(uri.removeprefix("file:"))
        want = extract(local.read_bytes(), source=uri)
        assert (row["format"], row["usable"], row["flagged"], row["exit_code"]) == (
            want.format.value if want.format else None,
            want.usable,
            want.flagged,
            want.exit_code,
        )
        assert row["report"] == (gd.dumps(want.report) if want.report is not None else None)
        assert [f["code"] for f in row["findings"]] == [f.code for f in want.findings]
    reports = [gd.loads(row["report"]) for row in got if row["report"] is not None]
    assert reports
    table = gds.reports_from_json(gds.extract(files))
    assert sorted(r["report_id"] for r in table.select("report_id").collect()) == sorted(map(report_id, reports))
    assert_ratios_match([row.asDict() for row in gds.ratios(table).collect()], reports)
    found = [row.asDict() for row in gds.audit(table, passes=True).collect()]
    assert sorted(map(finding_key, found)) == sorted(map(finding_key, gd.audit_batch(to_table(reports)).to_pylist()))


def test_reports_from_json_leaves_out_what_is_invalid(spark: Any) -> None:
    documents = [path.read_text("utf-8") for path in sorted((EXAMPLES / "valid").glob("*.json"))]
    frame = spark.createDataFrame([(d,) for d in [*documents, '{"template": "gb2021"}', "not json"]], "report string")
    table = gds.reports_from_json(frame)
    assert table.schema == gds.spark_schema("reports")
    want = sorted(report_id(gd.loads(d)) for d in documents)
    assert sorted(row["report_id"] for row in table.select("report_id").collect()) == want


def test_schemas() -> None:
    assert [f.name for f in gds.spark_schema("findings").fields] == gd.AUDIT_BATCH_SCHEMA.names
    assert "cells" in gds.spark_schema("reports").fieldNames()
    with pytest.raises(gd.GovDisclosureError, match="no table"):
        gds.spark_schema("nope")
