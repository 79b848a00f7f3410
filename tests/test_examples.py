"""examples/ is a conformance suite: valid files validate and round-trip unchanged,
invalid files fail with the finding their name promises (``<code>--<what>.json``)."""

from __future__ import annotations

import json
import pathlib

import jsonschema
import pytest

import govdisclosure as gd
from govdisclosure import _fast

from .conftest import EXAMPLES, ROOT

VALID = sorted((EXAMPLES / "valid").glob("*.json"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.json"))
SCHEMA_FILE = ROOT / "schemas" / "report.schema.json"


def test_the_examples_cover_every_template() -> None:
    templates = {json.loads(p.read_text(encoding="utf-8"))["template"] for p in VALID}
    assert templates == {"legacy", "gb2019", "gb2021"}
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("fast", [False, True], ids=["reference", "fast"])
def test_valid_example_validates_without_errors(path: pathlib.Path, fast: bool) -> None:
    assert _fast.available()  # msgspec is a core dependency: the fast path is always there
    result = gd.validate(path, fast=fast)
    assert [f.format_text() for f in result.findings if f.is_error] == []
    assert result.exit_code == 0
    assert isinstance(result.report, gd.AnnualReport)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_fast_path_takes_every_valid_example(path: pathlib.Path) -> None:
    assert _fast.available()  # msgspec is a core dependency
    assert _fast.fast_load(path.read_bytes()) == gd.load(path, fast=False)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_round_trips_byte_for_byte(path: pathlib.Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert gd.dumps(gd.load(path)) == text


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_passes_independent_validators(path: pathlib.Path) -> None:
    """The published schema works with third-party validators, with no help from this library."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    assert jsonschema_rs.validator_for(schema).is_valid(document)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("fast", [False, True], ids=["reference", "fast"])
def test_invalid_example_fails_with_the_promised_finding(path: pathlib.Path, fast: bool) -> None:
    code = path.name.split("--")[0]
    assert code in gd.CODES, f"{path.name}: unknown code {code}"
    result = gd.validate(path, fast=fast)
    codes = [f.code for f in result.findings]
    assert code in codes, [f.format_text() for f in result.findings]
    assert not result.valid
    assert result.report is None
    expected_exit = 2 if gd.CODES[code].severity is gd.Severity.FATAL else 1
    assert result.exit_code == expected_exit
    for finding in result.findings:
        assert finding.source == str(path)
        assert finding.message_zh
        assert finding.message_en


@pytest.mark.parametrize("path", [p for p in INVALID if p.name.startswith("schema.")], ids=lambda p: p.stem)
def test_invalid_example_is_rejected_by_plain_jsonschema_too(path: pathlib.Path) -> None:
    """Where the problem is one the schema can see, the published schema alone rejects it."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(schema).is_valid(document)


def test_the_seed_is_encoded_whole() -> None:
    """Every section of the seed, its metadata, contact block and stated figures."""
    report = gd.load(EXAMPLES / "valid" / "chenzhou-2015.json")
    assert report.template is gd.Template.LEGACY
    assert [s.key for s in report.body.sections] == ["preamble", "overview", "problems", "plans"]
    overview = report.body.sections[1]
    assert len(overview.subsections) == 6
    assert report.metadata is not None
    assert report.metadata.index_no == "430S00/2016-89052"
    assert report.contact is not None
    assert report.contact.postcode == "423000"
    figures = {f.id: f for f in report.stated_figures}
    assert str(figures["mayor_mailbox_reply_rate"].value) == "98.25"
    assert str(figures["approvals_completion_rate"].value) == "99.64"
    assert str(figures["penalty_completion_rate"].value) == "93.28"
    assert figures["portal_items"].printed == "8.4万余条"
    assert figures["mayor_mailbox_letters"].printed == "1884封"
    on_request = report.body.on_request
    assert on_request is not None
    assert on_request.received == 921
    assert sum(gd.number(b.count) or 0 for b in on_request.received_by_channel) == 921
    assert sum(gd.number(b.count) or 0 for b in on_request.replies) == on_request.completed == 903
    # The seed's sentences are kept as printed, character loss included.
    assert "国办发〔201522号" in overview.text


def test_blank_and_zero_stay_apart_in_the_gb2019_example() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    assert isinstance(report.body, gd.model.Gb2019Body)
    granted = report.body.applications.results.granted
    assert granted.natural_person == 258
    assert granted.total == gd.Cell(gd.CellStatus.BLANK)
    procurement = report.body.proactive_disclosure.art20_9.centralized_procurement.procurement_amount
    assert procurement == gd.Money(__import__("decimal").Decimal("251000"), gd.MoneyUnit.YUAN, "251000元")
    assert report.body.proactive_disclosure.art20_5.administrative_licensing.change == 0
