"""Property tests over generated reports of all three templates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import _fast
from govdisclosure._schema_findings import reference_validator
from govdisclosure.coordinates import MISSING, resolve
from govdisclosure.model import AnnualReport, Template

from .conftest import EXAMPLES
from .strategies import reports

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


@pytest.mark.parametrize("template", list(Template))
@given(data=st.data())
def test_json_round_trip_is_lossless(template: Template, data: st.DataObject) -> None:
    """structure(unstructure(x)) == x and the canonical text is stable, blank vs 0 vs "/" included."""
    report = data.draw(reports(template))
    text = gd.dumps(report)
    again = gd.loads(text, fast=False)
    assert again == report
    assert gd.dumps(again) == text


def _committed_schema_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return reference_validator()
    return jsonschema_rs.validator_for(gd.load_schema())


@pytest.mark.parametrize("template", list(Template))
@given(data=st.data())
def test_every_generated_report_passes_the_committed_schema(template: Template, data: st.DataObject) -> None:
    report = data.draw(reports(template))
    document = json.loads(gd.dumps(report))
    # an independent validator of the committed schema (the reference path's own verdict is
    # checked against the fast path by the tests below)
    assert [e.message for e in _committed_schema_validator().iter_errors(document)] == []


@pytest.mark.skipif(not _fast.available(), reason="fast path not installed")
@pytest.mark.parametrize("template", list(Template))
@given(data=st.data())
def test_fast_path_reads_the_same_report(template: Template, data: st.DataObject) -> None:
    report = data.draw(reports(template))
    raw = gd.dumps(report).encode()
    accepted = _fast.fast_load(raw)
    # The fast path may decline a valid document (a string that starts with a
    # colon defeats its duplicate-key count); it never reads it differently.
    event("fast path took it" if accepted is not None else "fast path declined")
    assert accepted is None or accepted == report
    fast = gd.validate_bytes(raw, fast=True)
    reference = gd.validate_bytes(raw, fast=False)
    assert fast.report == reference.report == report
    assert fast.findings == reference.findings


def _mutations(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """Places in a document (as pointers) with a value; used to break one of them."""
    out: list[tuple[str, Any]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")
        out.append((path, node))

    walk(document, "")
    return out


_BAD_VALUES = [
    -1,
    1.5,
    "x",
    None,
    True,
    [],
    {},
    2**63,
    {"status": "number"},
    {"status": "blank", "value": 1},
    "2023-02-30",
]


def _break_one_value(document: dict[str, Any], data: st.DataObject, bad_values: list[Any]) -> None:
    """Put one of ``bad_values`` at one place of ``document`` (``__delete__`` removes the
    member, ``__unknown__`` adds an unknown one beside it)."""
    places = [p for p in _mutations(document) if p[0]]
    pointer, _ = data.draw(st.sampled_from(places))
    bad = data.draw(st.sampled_from(bad_values))
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
    parent: Any = document
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last: Any = int(parts[-1]) if isinstance(parent, list) else parts[-1]
    if bad == "__delete__":
        del parent[last]
    elif bad == "__unknown__" and isinstance(parent, dict):
        parent["zz_unknown"] = 1
    else:
        parent[last] = bad
    note(f"{pointer} -> {bad!r}")


@pytest.mark.skipif(not _fast.available(), reason="fast path not installed")
@given(data=st.data())
def test_fast_path_never_accepts_what_the_reference_rejects(data: st.DataObject) -> None:
    """Break one value of a valid document: both paths give the same verdict and findings."""
    report = data.draw(reports())
    document = json.loads(gd.dumps(report))
    _break_one_value(document, data, [*_BAD_VALUES, "__delete__", "__unknown__"])
    raw = json.dumps(document, ensure_ascii=False).encode()
    fast = gd.validate_bytes(raw, fast=True)
    reference = gd.validate_bytes(raw, fast=False)
    assert fast.valid == reference.valid
    assert fast.findings == reference.findings
    assert fast.report == reference.report
    if reference.report is not None:
        assert isinstance(reference.report, AnnualReport)


def test_a_bounding_box_of_the_wrong_length_is_refused_by_both_paths() -> None:
    """Found by the property above: the fast path took ``"bbox": []``, which the schema refuses."""
    report = gd.extract((EXAMPLES / "published" / "hongze-district-government-2024.pdf").read_bytes()).report
    assert report is not None
    document = json.loads(gd.dumps(report))
    traced = next(i for i, c in enumerate(document["extraction"]["cells"]) if "bbox" in c)
    for bbox in ([], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0]):
        document["extraction"]["cells"][traced]["bbox"] = bbox
        raw = json.dumps(document, ensure_ascii=False).encode()
        fast, reference = gd.validate_bytes(raw, fast=True), gd.validate_bytes(raw, fast=False)
        assert not reference.valid
        assert fast.findings == reference.findings


@pytest.mark.skipif(not _fast.available(), reason="fast path not installed")
@given(data=st.data())
def test_validation_without_objects_gives_the_findings_of_the_full_path(data: st.DataObject) -> None:
    """The upload gate's fast answer (``objects=False``) on generated reports, each possibly
    broken in one place: the same verdict and findings as the full path, and no report."""
    report = data.draw(reports())
    document = json.loads(gd.dumps(report))
    if data.draw(st.booleans()):
        _break_one_value(document, data, [*_BAD_VALUES, "__delete__"])
    raw = json.dumps(document, ensure_ascii=False).encode()
    quick = gd.validate_bytes(raw, objects=False)
    full = gd.validate_bytes(raw)
    assert quick.report is None
    assert quick.findings == full.findings
    assert quick.valid == full.valid


@pytest.mark.skipif(not _fast.available(), reason="fast path not installed")
@given(data=st.data())
def test_pointers_resolve_on_the_decoded_values_as_on_the_report(data: st.DataObject) -> None:
    """Stated figures' references are checked on the decoded values: every pointer (present,
    absent with a default, absent, into a cell) names something there exactly when it does
    in the report."""
    report = data.draw(reports())
    raw = gd.dumps(report).encode()
    decoder = _fast._decoder()
    try:
        _, struct = decoder.check(raw)
    except Exception:
        return  # a document the fast path leaves to the reference (its own test covers it)
    present = [p for p, _ in _mutations(json.loads(raw)) if p]
    candidates = [
        *present,
        *(p + "/status" for p in present[:20]),
        *(p + "/0" for p in present[:20]),
        "/template", "/year", "/body/sections", "/stated_figures", "/extraction/cells/0", "/body/annex/rows/0",
        "/body/applications/results/other/subtotal", "/agency/region/code", "/extensions", "/nothing", "/",
    ]  # fmt: skip
    resolver = decoder.resolver(struct)  # the same, many pointers on one document (their parents kept)
    for pointer in data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=30)):
        want = resolve(report, pointer) is not MISSING
        assert decoder.resolves(struct, pointer) == want, pointer
        assert resolver(pointer) == want, pointer
