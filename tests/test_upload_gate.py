"""The upload gate: schema, layout and rules in one pass (``validate(..., rules=True)``,
``govdisclosure validate --rules``), findings in document order, values shown."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.coordinates import cell_of, join_pointer
from govdisclosure.findings import InvalidValue, Outcome

from .conftest import EXAMPLES
from .strategies import reports

SHUYANG_2023 = EXAMPLES / "valid" / "shuyang-development-reform-bureau-2023.json"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out, stderr=io.StringIO(), stdin=io.BytesIO())
    return code, out.getvalue()


def _upload() -> dict[str, Any]:
    """The portal page's upload: a negative count, a total typed as text, an empty （六）."""
    upload = json.loads(SHUYANG_2023.read_text("utf-8"))
    rows = upload["body"]["applications"]
    rows["new_received"]["commercial_enterprise"] = -1
    rows["results"]["granted"]["total"] = str(rows["results"]["granted"]["total"])
    rows["results"]["other"] = {}
    return upload


def test_schema_errors_layout_and_rules_come_in_one_pass() -> None:
    result = gd.validate(json.dumps(_upload(), ensure_ascii=False), source="upload.json", rules=True)
    problems = [f.code for f in result.findings if f.is_problem]
    # the empty （六） was only reported once every schema error was fixed
    assert problems == ["schema.out_of_range", "schema.type", "layout.incomplete_group"]
    assert result.exit_code == 1
    assert result.report is None
    rules = [f for f in result.findings if f.outcome is not None]
    fixed = _upload()  # the schema errors put right, （六） still empty
    fixed["body"]["applications"]["new_received"]["commercial_enterprise"] = 0
    fixed["body"]["applications"]["results"]["granted"]["total"] = 26
    expected = {(f.code, f.instance) for f in gd.audit(gd.structure(fixed))}
    assert {(f.code, f.instance) for f in rules} == expected  # every rule instance that applies
    passed = [f for f in rules if f.outcome is Outcome.PASS]
    assert passed, "the rules that read no bad cell are assessed"
    touched = next(f for f in rules if f.code == "T3-1" and f.instance == "new_received")
    assert touched.outcome is Outcome.NOT_ASSESSABLE
    assert "商业企业 has an error (see above)" in touched.message_en
    assert "商业企业有错误（见上文）" in touched.message_zh
    cell = next(c for c in touched.cells if c.pointer.endswith("new_received/commercial_enterprise"))
    assert cell.value == InvalidValue(-1)  # the value the upload holds, never a stand-in
    assert cell.to_dict()["value"] == -1


def test_validate_rules_on_the_command_line() -> None:
    path = EXAMPLES.parent / "build" / "upload.json"
    path.parent.mkdir(exist_ok=True)
    try:
        path.write_text(json.dumps(_upload(), ensure_ascii=False), "utf-8")
        code, out = run("validate", "--rules", str(path))
        assert code == 1
        lines = [line for line in out.splitlines() if line.startswith(str(path))]
        codes = [line.split("[")[1].split("]")[0] for line in lines]
        assert codes == ["schema.out_of_range", "schema.type", "layout.incomplete_group"]
        code, out = run("validate", "--rules", "--format", "json", str(path))
        document = json.loads(out)["documents"][0]
        assert document["rules"]["not_assessable"] > 0
        assert document["rules"]["pass"] > 0
        assert json.loads(out)["rules_version"] == gd.rules.RULES_VERSION
        code, out = run("validate", str(path))  # without --rules: the schema and layout only
        assert "layout.incomplete_group" not in out
        assert "T3-" not in out
    finally:
        path.unlink(missing_ok=True)


def test_rules_that_cannot_run_say_why() -> None:
    upload = _upload()
    upload["template"] = "gb2030"
    result = gd.validate(json.dumps(upload), rules=True)
    assert [f.code for f in result.findings if f.severity is gd.Severity.INFO] == ["rules.not_run"]
    assert "template" in result.findings[-1].message_en
    upload = json.loads((EXAMPLES / "invalid" / "value.invalid--date-that-does-not-exist.json").read_text("utf-8"))
    result = gd.validate(json.dumps(upload, ensure_ascii=False), rules=True)
    assert [f.code for f in result.findings if f.outcome is None] == ["value.invalid"]  # a date: the rules run
    assert any(f.outcome is Outcome.PASS for f in result.findings)


def test_a_stated_figure_with_an_error_leaves_the_figures_unchecked_and_says_so() -> None:
    upload = json.loads((EXAMPLES / "valid" / "chenzhou-2015.json").read_text("utf-8"))
    upload["stated_figures"][3]["value"] = "many"
    result = gd.validate(json.dumps(upload, ensure_ascii=False), rules=True)
    codes = [f.code for f in result.findings]
    assert "rules.figures_not_checked" in codes
    assert not any(f.code.startswith("SF-") for f in result.findings)
    assert any(f.code == "L-1" and f.outcome is Outcome.PASS for f in result.findings)


def test_findings_come_in_document_order() -> None:
    upload = json.loads(SHUYANG_2023.read_text("utf-8"))
    upload = {"zzz_first": 1, **upload}  # an unknown property at the top of the document
    upload["year"] = "2023"
    upload["body"]["applications"]["new_received"]["natural_person"] = -5
    result = gd.validate(json.dumps(upload, ensure_ascii=False))
    # sorted by pointer these were /body..., /year, /zzz_first
    assert [f.pointer for f in result.findings] == [
        "/zzz_first",
        "/year",
        "/body/applications/new_received/natural_person",
    ]


def test_a_cell_of_the_wrong_type_shows_its_value_and_the_forms_a_cell_takes() -> None:
    result = gd.validate(EXAMPLES / "invalid" / "schema.type--count-as-string.json")
    (finding,) = result.findings
    assert 'found string "26"' in finding.message_en
    assert 'a count cell is written 12 (an integer ≥ 0), {"status": "number"' in finding.message_en
    assert '实为字符串"26"；计数单元格应写作12（非负整数）' in finding.message_zh
    assert "(or" not in finding.message_zh  # wholly Chinese around the JSON forms


def test_audit_json_has_a_summary_across_documents() -> None:
    _code, out = run("audit", "--format", "json", str(EXAMPLES / "valid"), str(EXAMPLES / "invalid"))
    data = json.loads(out)
    summary = data["summary"]
    documents = data["documents"]
    assert summary["documents"] == len(documents)
    assert summary["unusable"] == sum(not d["usable"] for d in documents)
    for outcome in ("pass", "fail", "not_assessable", "truncated"):
        assert summary["rules"][outcome] == sum(d["summary"][outcome] for d in documents)
    assert summary["failed_rules"] == {"SF-1": 1}
    # the reports that loaded take part in the checks across reports
    assert summary["collection"]["reports"] == sum(
        1 for d in documents if d["usable"] and not d["summary"]["schema_errors"]
    )


def _cells(node: Any, parts: list[str], template: str, out: list[str]) -> None:
    pointer = join_pointer(parts)
    if parts and cell_of(pointer, template) == pointer:
        out.append(pointer)
        return
    if isinstance(node, dict):
        for key, value in node.items():
            _cells(value, [*parts, key], template, out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _cells(value, [*parts, str(index)], template, out)


@given(report=reports(), data=st.data())
def test_a_bad_cell_is_read_as_a_cell_not_captured_and_said_to_be_bad(report: gd.AnnualReport, data: Any) -> None:
    """The rules on a document with a bad cell are the rules on the same report with that
    cell not captured; those that needed it say the cell has an error."""
    document = gd.unstructure(report)
    pointers: list[str] = []
    _cells(document["body"], ["body"], report.template.value, pointers)
    if not pointers:
        return
    pointer = data.draw(st.sampled_from(pointers))
    note(pointer)

    def with_cell(value: Any) -> dict[str, Any]:
        changed = json.loads(json.dumps(document, ensure_ascii=False))
        node = changed
        *path, last = pointer.strip("/").split("/")
        for part in path:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value
        return changed

    result = gd.validate(json.dumps(with_cell("not a number"), ensure_ascii=False), rules=True)
    assert [f.pointer for f in result.findings if f.outcome is None and f.is_error] == [pointer]
    uncaptured = gd.structure(with_cell({"status": "not_captured"}))
    before = {(f.code, f.instance, f.pointer): f for f in gd.audit(uncaptured)}
    after = {(f.code, f.instance, f.pointer): f for f in result.findings if f.outcome is not None}
    assert after.keys() == before.keys()
    for key, finding in before.items():
        now = after[key]
        assert (now.outcome, now.expected, now.actual) == (finding.outcome, finding.expected, finding.actual), key
        if now.message_en != finding.message_en:
            assert "has an error (see above)" in now.message_en
            assert "有错误（见上文）" in now.message_zh
            assert any(c.value == InvalidValue("not a number") for c in now.cells)


def test_a_region_code_and_name_of_two_provinces_are_reported_on_every_path() -> None:
    upload = json.loads(SHUYANG_2023.read_text("utf-8"))
    assert gd.tables.province_of(upload["agency"]["region"]["name"], None, False) == "江苏省"
    for code, name, mismatch in [
        ("431000", upload["agency"]["region"]["name"], True),  # a 江苏省 name, a 湖南省 code
        ("320000", upload["agency"]["region"]["name"], False),
        ("431000", "郴州市", False),  # a name that names no province cannot disagree
        ("990000", upload["agency"]["region"]["name"], False),  # a code that names no province neither
    ]:
        upload["agency"]["region"] = {"name": name, "code": code}
        raw = json.dumps(upload, ensure_ascii=False).encode()
        results = [gd.validate_bytes(raw, fast=True), gd.validate_bytes(raw, fast=False)]
        results.append(gd.validate_bytes(raw, objects=False))
        for result in results:
            found = [f for f in result.findings if f.code == "agency.region_mismatch"]
            assert len(found) == mismatch, (code, name)
            assert result.valid  # a warning: the report loads, its province follows the code
        if mismatch:
            (finding,) = found
            assert finding.pointer == "/agency/region/code"
            assert finding.value == code
            assert "湖南省" in finding.message_zh
            assert "江苏省" in finding.message_zh
            assert results[0].report is not None
            assert gd.tables.province(results[0].report) == "湖南省"
            assert results[0].findings == results[1].findings  # fast and reference alike


def test_a_collection_that_holds_no_report_is_an_empty_input(tmp_path: Any) -> None:
    """Found by hand: an empty JSON Lines upload (no line, or blank lines only) and ``[]``
    passed the gate as "0 documents", exit 0; an empty .json file was already ``input.empty``."""
    one = SHUYANG_2023.read_text("utf-8").replace("\n", " ")
    cases = {
        "nothing.jsonl": ("", True),
        "blank.jsonl": ("\n  \r\n\n", True),
        "empty-array.json": ("[ ]", True),
        "one.jsonl": (f"\n{one}\n\n", False),
        "one-array.json": (f"[{one}]", False),
    }
    for name, (text, empty) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        results = list(gd.iter_validate([path]))
        codes = [f.code for r in results for f in r.findings]
        assert ("input.empty" in codes) is empty, name
        assert len(results) == 1, name
        code, out = run("validate", str(path))
        assert code == (2 if empty else 0), name
        assert ("1 unusable" in out) is empty, name
