"""Dask with two workers gives the single-process numbers: the audit, the ratios and the
validation of documents."""

from __future__ import annotations

import pathlib
from typing import Any

import pyarrow as pa
import pytest

import govdisclosure as gd

from .conftest import EXAMPLES
from .engine_helpers import assert_ratios_match, finding_key

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
import pandas as pd  # noqa: E402

import govdisclosure.dask as gdd  # noqa: E402

VALID = sorted((EXAMPLES / "valid").glob("*.json"))


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, list[gd.AnnualReport]]:
    reports = gd.load_all(EXAMPLES / "valid", progress=False)
    folder = tmp_path_factory.mktemp("dask") / "dataset"
    gd.write_dataset(reports, folder, partition=("year",))
    return folder, list(reports)


def test_audit_equals_one_process(client: Any, dataset: tuple[pathlib.Path, list[gd.AnnualReport]]) -> None:
    folder, reports = dataset
    frame = gdd.read_reports(folder)
    assert frame.npartitions > 1
    got = gdd.audit(frame, passes=True).compute()
    want = gd.audit_batch(gd.arrow.to_table(reports))
    got_rows = sorted(map(finding_key, pa.Table.from_pandas(got, preserve_index=False).to_pylist()))
    assert got_rows == sorted(map(finding_key, want.to_pylist()))
    problems = gdd.audit(frame).compute()
    assert len(problems) == sum(o != "pass" for o in want.column("outcome").to_pylist()) > 0


def test_partition_columns_keep_one_type(client: Any, tmp_path: pathlib.Path) -> None:
    """year an integer as in every table, a region code text (never Dask's guess from the folder names)."""
    reports = gd.load_all(EXAMPLES / "valid", progress=False)
    gd.write_dataset(reports, tmp_path / "ds", partition=("year", "region_code"))
    frame = gdd.read_reports(tmp_path / "ds", columns=["report_id", "year", "region_code"]).compute()
    assert str(frame["year"].dtype) == "int64[pyarrow]"
    assert str(frame["region_code"].dtype) == "string[pyarrow]"
    assert sorted(frame["year"].tolist()) == sorted(r.year for r in reports)
    codes = [None if pd.isna(code) else code for code in frame["region_code"].tolist()]  # no code: null, not ""
    assert sorted(codes, key=repr) == sorted((r.agency.region_code for r in reports), key=repr)
    one = sorted((tmp_path / "ds").glob("year=*"))[0]  # a partition folder on its own
    assert str(gdd.read_reports(one).compute()["year"].dtype) == "int64[pyarrow]"


def test_ratios_equal_one_process(client: Any, dataset: tuple[pathlib.Path, list[gd.AnnualReport]]) -> None:
    folder, reports = dataset
    got = pa.Table.from_pandas(gdd.ratios(gdd.read_reports(folder)).compute(), preserve_index=False).to_pylist()
    assert_ratios_match(got, reports)


def test_validate_bag(client: Any) -> None:
    documents = [path.read_bytes() for path in VALID] + [b'{"template": "gb2021"}', b"not json"]
    got = gdd.validate_bag(db.from_sequence(documents, npartitions=2)).compute()
    want = [gd.validate_bytes(raw) for raw in documents]
    assert [g["valid"] for g in got] == [w.valid for w in want]
    assert [[f["code"] for f in g["findings"]] for g in got] == [[f.code for f in w.findings] for w in want]
