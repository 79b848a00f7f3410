"""Bulk conversion: documents to the reports table straight from the fast path's decoded
Structs, equal to the objects' table, and files byte-identical to the object path's."""

from __future__ import annotations

import decimal
import io
import json
import pathlib

import attrs
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import _fast
from govdisclosure._bulk import Converted, _Document, convert_batches, convert_documents, reports_table
from govdisclosure._patterns import DECIMAL_PATTERN
from govdisclosure.arrow import to_table
from govdisclosure.cli import main
from govdisclosure.convert import decimal_text
from govdisclosure.parquet import with_province, write_batches, write_dataset, write_dataset_batches, write_parquet
from govdisclosure.validation import DEFAULT_MAX_BYTES

from .conftest import EXAMPLES, THOROUGH
from .strategies import reports as report_strategy

VALID = sorted((EXAMPLES / "valid").glob("*.json"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.json"))
# the bulk path hands invalid documents to the reference path, which costs; by default one
# example of each family (input, json, schema, layout, figures, value), all in the thorough run
FEW_INVALID = (
    INVALID
    if THOROUGH
    else [p for p in INVALID if p.name.split(".")[0] not in {q.name.split(".")[0] for q in INVALID[: INVALID.index(p)]}]
)


def _decoded(raws: list[bytes]) -> list[tuple[gd.Template, object]]:
    out = []
    for raw in raws:
        checked = _fast.fast_struct(raw)
        assert checked is not None, raw[:200]
        out.append((checked[0], checked[1]))
    return out


def test_the_examples_give_the_objects_table_without_objects() -> None:
    raws = [p.read_bytes() for p in VALID]
    decoded = _decoded([raw for raw in raws if _fast.fast_struct(raw) is not None])
    assert len(decoded) >= len(VALID) - 1  # every example the fast path takes (one may carry extensions)
    reports = [gd.loads(raw) for raw in raws if _fast.fast_struct(raw) is not None]
    assert reports_table(decoded).equals(to_table(reports), check_metadata=True)


@settings(deadline=None)
@given(st.lists(report_strategy(), min_size=1, max_size=4), st.booleans())
def test_generated_reports_give_the_objects_table_without_objects(reports: list[gd.AnnualReport], spaced: bool) -> None:
    """Every template, every cell status, money, dates, decimals, legacy annexes, sections,
    absent fields read as their defaults: the same columns as the objects give."""
    reports = [attrs.evolve(r, extensions={}) for r in reports]  # extensions go to the reference path
    raws = [gd.dumps(r).encode("utf-8") if spaced else json.dumps(json.loads(gd.dumps(r))).encode() for r in reports]
    accepted = [(raw, r) for raw, r in zip(raws, reports, strict=True) if _fast.fast_struct(raw) is not None]
    if accepted:
        table = reports_table(_decoded([raw for raw, _ in accepted]))
        assert table.equals(to_table([r for _, r in accepted]), check_metadata=True)


def test_a_batch_mixing_fast_reference_and_invalid_documents_keeps_its_order() -> None:
    with_extensions = attrs.evolve(gd.load(VALID[0]), extensions={"note": [1, 2]})  # the reference path's
    documents = [
        *(p.read_bytes() for p in VALID),
        gd.dumps(with_extensions).encode("utf-8"),
        *(p.read_bytes() for p in FEW_INVALID),
        *(p.read_bytes() for p in reversed(VALID)),
    ]
    items = [_Document(raw, f"doc{i}", None, DEFAULT_MAX_BYTES) for i, raw in enumerate(documents)]
    converted = convert_documents(items)
    assert isinstance(converted, Converted)
    expected = [gd.validate_bytes(raw, source=f"doc{i}") for i, raw in enumerate(documents)]
    valid = [r.report for r in expected if r.report is not None]
    assert converted.reports == len(valid) == 2 * len(VALID) + 1
    assert converted.data is not None
    assert converted.data.equals(with_province(to_table(valid)), check_metadata=True)
    assert list(converted.invalid) == [r for r in expected if r.report is None]
    assert len(converted.invalid) == sum(1 for r in expected if not r.valid) > 0


@given(st.from_regex(DECIMAL_PATTERN, fullmatch=True))
def test_a_decimal_the_schema_allows_prints_as_itself(text: str) -> None:
    """Why the bulk path copies decimal texts: the model's Decimal of such a text prints as it."""
    assert decimal_text(decimal.Decimal(text)) == text


def _inputs(folder: pathlib.Path) -> list[str]:
    """The examples, valid and not, and a JSON Lines file of generated-like reports with bad lines."""
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in VALID]
    lines[1:1] = ["{broken", "", json.dumps({"template": "gb2021"})]
    jsonl = folder / "reports.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invalid = folder / "invalid"
    invalid.mkdir()
    for path in FEW_INVALID:
        (invalid / path.name).write_bytes(path.read_bytes())
    return [str(EXAMPLES / "valid"), str(jsonl), str(invalid)]


def test_bulk_files_and_datasets_are_byte_identical_to_the_object_paths(tmp_path: pathlib.Path) -> None:
    inputs = _inputs(tmp_path)
    results = list(gd.iter_validate(inputs))
    reports = [r.report for r in results if r.report is not None]
    bad: list[gd.ValidationResult] = []
    assert write_parquet(reports, tmp_path / "objects.parquet", batch_size=3) == len(reports)
    batches = convert_batches(inputs, invalid=bad.append, batch_size=3)  # with workers: the test below
    assert write_batches(batches, tmp_path / "bulk.parquet") == len(reports)
    assert (tmp_path / "bulk.parquet").read_bytes() == (tmp_path / "objects.parquet").read_bytes()
    assert bad == [r for r in results if r.report is None]
    # a dataset: the same files in the same partitions (their names carry the run's id)
    unique = [r for i, r in enumerate(reports) if all(r != s for s in reports[:i])]
    documents = tmp_path / "unique.jsonl"
    documents.write_text("".join(json.dumps(json.loads(gd.dumps(r))) + "\n" for r in unique), encoding="utf-8")

    def files(base: pathlib.Path) -> list[tuple[str, bytes]]:
        return sorted((str(p.parent.relative_to(base)), p.read_bytes()) for p in base.rglob("*.parquet"))

    for partition in (("year", "province"), ("region_code", "level", "template", "scope")):
        objects, bulk = tmp_path / f"objects-{len(partition)}", tmp_path / f"bulk-{len(partition)}"
        write_dataset(unique, objects, partition=partition, batch_size=2)
        batches = convert_batches([str(documents)], invalid=bad.append, batch_size=2)
        write_dataset_batches(batches, bulk, partition=partition)
        assert files(objects) == files(bulk)
        assert len(files(bulk)) > 1


def test_convert_gives_the_same_file_messages_and_exit_with_any_number_of_workers(tmp_path: pathlib.Path) -> None:
    inputs = _inputs(tmp_path)[1:]  # the JSON Lines file holds the valid examples too
    seen = []
    for jobs in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        target = tmp_path / f"out{jobs}.parquet"
        code = main(["convert", *inputs, str(target), "--jobs", jobs, "--batch-size", "4"], stdout=out, stderr=err)
        seen.append((code, out.getvalue().replace(str(target), "OUT"), err.getvalue(), target.read_bytes()))
    assert seen[0] == seen[1]
    code, said, errors, _ = seen[0]
    assert code == 1
    results = list(gd.iter_validate(inputs))
    invalid = [r for r in results if r.report is None]
    assert f"{len(invalid)} invalid inputs left out" in said
    assert errors.splitlines() == [f.format_text() for r in invalid for f in r.findings if f.is_error]
    read = pq.read_table(tmp_path / "out1.parquet")
    assert read.num_rows == sum(1 for r in results if r.report is not None)


def test_convert_refuses_a_nonsense_number_of_workers(tmp_path: pathlib.Path) -> None:
    err = io.StringIO()
    code = main(["convert", str(VALID[0]), str(tmp_path / "x.parquet"), "--jobs", "0"], stdout=io.StringIO(),
                stderr=err)  # fmt: skip
    assert code == 2
    assert "--jobs" in err.getvalue()


def test_a_worker_that_cannot_write_its_table_sends_it_back(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full /dev/shm (64 MB in many containers) never ends a conversion: the folder is not
    used without room to spare, and a table that cannot be written goes back pickled."""
    from govdisclosure import _bulk

    items = [_Document(p.read_bytes(), str(p), None, DEFAULT_MAX_BYTES) for p in VALID]
    converted, path = _bulk._convert_to_file(items, str(tmp_path / "missing-folder" / "0.arrow"))
    assert path is None
    assert converted.data is not None
    assert converted.data.num_rows == converted.reports == len(VALID)
    assert _bulk._read_back(converted, path) is converted
    monkeypatch.setattr(_bulk, "_SHARED_MEMORY_NEEDED", 1 << 62)
    assert _bulk._exchange_folder() is None


def test_every_kind_of_input_converts_as_through_the_objects(tmp_path: pathlib.Path) -> None:
    """Standard input, a JSON array of reports, a Parquet file and a folder: the bulk path
    reads them as ``iter_validate`` does and writes what the objects would."""
    reports = [gd.load(p) for p in VALID]
    array = tmp_path / "array.json"
    array.write_text("[" + ",".join(gd.dumps(r) for r in reports) + "]", encoding="utf-8")
    parquet = tmp_path / "in.parquet"
    write_parquet(reports, parquet)
    for inputs, stdin in (([str(array)], None), ([str(parquet)], None), (["-"], VALID[0].read_bytes())):
        bad: list[gd.ValidationResult] = []
        stream = None if stdin is None else io.BytesIO(stdin)
        batches = convert_batches(inputs, invalid=bad.append, batch_size=4, stdin=stream)
        write_batches(batches, tmp_path / "bulk.parquet")
        again = None if stdin is None else io.BytesIO(stdin)
        objects = [r.report for r in gd.iter_validate(inputs, stdin=again) if r.report is not None]
        write_parquet(objects, tmp_path / "objects.parquet", batch_size=4)
        assert (tmp_path / "bulk.parquet").read_bytes() == (tmp_path / "objects.parquet").read_bytes(), inputs
        assert not bad


def test_the_indicators_table_converts_as_through_the_objects(tmp_path: pathlib.Path) -> None:
    """``convert --table indicators``: the indicators computed from the reports table's columns
    (the columnar engine), files and datasets byte-identical to the objects' indicators table."""
    reports = [gd.load(p) for p in VALID]
    documents = tmp_path / "reports.jsonl"
    documents.write_text("".join(json.dumps(json.loads(gd.dumps(r))) + "\n" for r in reports), encoding="utf-8")
    bad: list[gd.ValidationResult] = []
    batches = convert_batches([str(documents)], invalid=bad.append, batch_size=3, table="indicators")
    write_batches(batches, tmp_path / "bulk.parquet", table="indicators")
    write_parquet(reports, tmp_path / "objects.parquet", table="indicators", batch_size=3)
    assert (tmp_path / "bulk.parquet").read_bytes() == (tmp_path / "objects.parquet").read_bytes()

    def files(base: pathlib.Path) -> list[tuple[str, bytes]]:
        return sorted((str(p.parent.relative_to(base)), p.read_bytes()) for p in base.rglob("*.parquet"))

    for partition in (("region_code", "level", "kind"),):  # year and province: the reports table's test
        objects, bulk = tmp_path / f"objects-{len(partition)}", tmp_path / f"bulk-{len(partition)}"
        write_dataset(reports, objects, partition=partition, table="indicators", batch_size=2)
        batches = convert_batches([str(documents)], invalid=bad.append, batch_size=2, table="indicators")
        write_dataset_batches(batches, bulk, partition=partition, table="indicators")
        assert files(objects) == files(bulk)
    assert not bad
    with pytest.raises(ValueError, match="facts"):
        next(convert_batches([str(documents)], invalid=bad.append, table="facts"))
