"""The CLI renders findings; its streams are injected."""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.cli import main

from .conftest import EXAMPLES

VALID = EXAMPLES / "valid" / "chenzhou-2015.json"
NEGATIVE = EXAMPLES / "invalid" / "schema.out_of_range--negative-count.json"
EMPTY = EXAMPLES / "invalid" / "input.empty--empty-file.json"


def run(*args: str, stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out, stderr=io.StringIO(), stdin=io.BytesIO(stdin))
    return code, out.getvalue()


def test_valid_file_exits_0() -> None:
    code, out = run("validate", str(VALID))
    assert code == 0
    assert "valid (legacy 2015, 郴州市人民政府)" in out


def test_findings_of_severity_error_exit_1() -> None:
    code, out = run("validate", str(NEGATIVE))
    assert code == 1
    assert "schema.out_of_range" in out
    assert "表三" in out


def test_unusable_input_exits_2_and_wins_over_errors() -> None:
    code, _ = run("validate", str(NEGATIVE), str(EMPTY), str(VALID))
    assert code == 2


def test_json_format_lists_every_finding_per_document() -> None:
    code, out = run("validate", "--format", "json", str(VALID), str(NEGATIVE))
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {
        "documents": 2,
        "valid": 1,
        "with_errors": 1,
        "unusable": 0,
        "errors": 1,
        "warnings": 0,
    }
    (finding,) = data["documents"][1]["findings"]
    assert finding["code"] == "schema.out_of_range"
    assert finding["pointer"] == "/body/applications/new_received/natural_person"
    assert finding["location"] == "表三 · 一、本年新收政府信息公开申请数量 · 自然人"
    assert finding["value"] == -3
    assert finding["message_zh"]
    assert finding["message_en"]


def test_standard_input() -> None:
    code, out = run("validate", "-", stdin=VALID.read_bytes())
    assert code == 0
    assert "<stdin>: valid" in out


def test_folder_and_jsonl_name_file_and_line(tmp_path: pathlib.Path) -> None:
    lines = [json.dumps(json.loads(VALID.read_text(encoding="utf-8")), ensure_ascii=False), "", "{not json"]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "one.json").write_bytes(NEGATIVE.read_bytes())
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    code, out = run("validate", "--format", "json", str(tmp_path))
    assert code == 2
    docs = json.loads(out)["documents"]
    assert [(pathlib.Path(d["source"]).name, d.get("line"), d["valid"]) for d in docs] == [
        ("batch.jsonl", 1, True),
        ("batch.jsonl", 3, False),
        ("one.json", None, False),
    ]
    assert docs[1]["findings"][0]["code"] == "json.syntax"
    assert docs[1]["findings"][0]["line"] == 3


def test_jsonl_line_over_the_size_limit(tmp_path: pathlib.Path) -> None:
    big = json.dumps(json.loads(VALID.read_text(encoding="utf-8")), ensure_ascii=False)
    small = json.dumps(
        json.loads((EXAMPLES / "valid" / "shuyang-development-reform-bureau-2023.json").read_text(encoding="utf-8")),
        ensure_ascii=False,
    )
    (tmp_path / "batch.jsonl").write_text(big + "\n" + small + "\n", encoding="utf-8")
    limit = len(small.encode()) + 10
    code, out = run("validate", "--max-bytes", str(limit), str(tmp_path / "batch.jsonl"))
    assert code == 2
    assert ":1: fatal [input.too_large]" in out
    assert ":2: valid" in out


def test_reference_flag_gives_the_same_output() -> None:
    assert run("validate", str(NEGATIVE)) == run("validate", "--reference", str(NEGATIVE))


def test_schema_command_prints_the_bundled_schema() -> None:
    code, out = run("schema")
    assert code == 0
    assert json.loads(out) == gd.load_schema()


def test_usage_error_exits_2() -> None:
    code, _ = run("validate")
    assert code == 2


def test_audit_reports_failures_and_summaries() -> None:
    code, out = run("audit", str(VALID))
    assert code == 0  # only a warning fails, and --fail-on is error
    assert "\n  fail (warning)  SF-1 penalty_completion_rate\n    at /stated_figures/86" in out
    assert "\n  truncated  SF-1 channel_online_share\n" in out
    assert "\n  rules: 41 pass, 1 fail, 0 not assessable, 1 truncated\n" in out
    assert out.endswith("rules: 41 pass, 1 fail, 0 not assessable, 1 truncated\nfailed most: SF-1 ×1\n")


def test_audit_text_is_short_lines_and_never_calls_not_assessable_an_error() -> None:
    shuyang = EXAMPLES / "valid" / "shuyang-development-reform-bureau-2023.json"  # 35 rules not assessable
    code, out = run("audit", "--all", str(shuyang), str(VALID))
    assert code == 0
    widths = [sum(2 if ord(c) > 0x2E80 else 1 for c in line) for line in out.splitlines()]
    assert max(widths) <= 200, max(widths)  # was 700 characters, the row label repeated per cell
    gaps = [line for line in out.splitlines() if line.startswith("  not assessable")]
    assert len(gaps) == 35
    assert not any("error" in line for line in gaps)
    assert (
        "\n    blank: 表三 · 一、本年新收政府信息公开申请数量 · 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他\n"
        in out
    )
    assert (
        "\n    空白：表三 · 一、本年新收政府信息公开申请数量 · 商业企业、科研机构、社会公益组织、法律服务机构、其他\n"
        in out
    )
    assert "2 documents: 2 valid, 0 with errors, 0 unusable\nrules: 49 pass, 1 fail, 35 not assessable" in out


def test_audit_fail_on_warning() -> None:
    code, _ = run("audit", "--fail-on", "warning", str(VALID))
    assert code == 1
    code, _ = run("audit", "--fail-on", "never", str(NEGATIVE))
    assert code == 0


def test_audit_json_lists_every_rule_with_outcome_and_cells() -> None:
    code, out = run("audit", "--format", "json", str(VALID))
    assert code == 0
    (document,) = json.loads(out)["documents"]
    assert document["summary"] == {"schema_errors": 0, "pass": 41, "fail": 1, "not_assessable": 0, "truncated": 1}
    failed = next(f for f in document["findings"] if f.get("outcome") == "fail")
    assert failed["expected"] == "95.89"
    assert failed["actual"] == "93.28"
    assert failed["difference"] == "-2.61"


def test_audit_of_an_invalid_file_shows_its_schema_errors() -> None:
    code, out = run("audit", str(NEGATIVE))
    assert code == 1
    assert "schema.out_of_range" in out
    assert out.splitlines()[-1].endswith("; 1 schema error")  # one, not "1 schema errors"


def test_an_unusable_input_is_counted_as_unusable_not_as_a_schema_error(tmp_path: pathlib.Path) -> None:
    """Found by hand: ``audit fake.parquet`` summed up as "1 unusable" and "1 schema errors"."""
    fake = tmp_path / "fake.parquet"
    fake.write_text("not parquet", encoding="utf-8")
    code, out = run("audit", str(fake), str(VALID))
    assert code == 2
    assert "2 documents: 1 valid, 0 with errors, 1 unusable\n" in out
    assert "schema error" not in out
    code, out = run("audit", "--format", "json", str(fake))
    (document,) = json.loads(out)["documents"]
    assert not document["usable"]
    assert document["summary"]["schema_errors"] == 0


def test_audit_across_reports(tmp_path: pathlib.Path) -> None:
    later = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text(encoding="utf-8"))
    later["year"] = 2026
    (tmp_path / "later.json").write_text(json.dumps(later, ensure_ascii=False), encoding="utf-8")
    code, out = run(
        "audit", str(EXAMPLES / "valid" / "shuyang-county-government-2025.json"), str(tmp_path / "later.json")
    )
    assert code == 0
    assert "\n  fail (warning)  C-1 沭阳县人民政府 2026 · 总计\n" in out  # 36 carried over in 2026, 31 carried forward
    assert "across 2 reports (the checks across reports)\n" in out
    assert "\nacross reports: 6 pass, 3 fail, 0 not assessable\n" in out


def test_ratios_command() -> None:
    code, out = run("ratios", str(VALID))
    assert code == 0
    assert "实质公开率 substantive_disclosure_rate: 56.15%  (507 / 903)" in out
    code, out = run("ratios", "--format", "csv", str(VALID))
    header, row = out.splitlines()[:2]
    assert header.startswith('"report_id","agency","region"')
    assert '"substantive_disclosure_rate","substantive_disclosure_rate_status"' in header
    assert "郴州市人民政府" in row
    code, out = run("ratios", "--format", "json", str(VALID))
    ratios = {r["id"]: r for r in json.loads(out)["documents"][0]["ratios"]}
    assert ratios["channel_share_online"]["value"] == "8.577633"


def test_rules_command() -> None:
    code, out = run("rules")
    assert code == 0
    assert out.startswith("T3-1")
    code, out = run("rules", "--format", "json")
    assert {r["code"] for r in json.loads(out)["rules"]} >= {"T3-1", "T3-2", "T3-3", "T4-1", "SF-1", "C-1"}


def test_version_says_which_validation_path_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    assert main(["--version"]) == 0
    assert f"govdisclosure {gd.__version__}, schema {gd.SCHEMA_VERSION}, validation fast (msgspec)" in (
        capsys.readouterr().out
    )
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "msgspec" else real(name, *a))
    assert main(["--version"]) == 0
    assert "validation reference only" in capsys.readouterr().out


def test_msgspec_is_a_core_dependency() -> None:
    import tomllib

    project = tomllib.loads((EXAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("msgspec") for d in project["dependencies"])


def test_a_published_report_fed_to_validate_says_what_it_is_and_how_to_extract_it() -> None:
    published = sorted((EXAMPLES / "published").iterdir())
    assert {p.suffix for p in published} >= {".pdf", ".html", ".md", ".txt", ".xlsx"}
    for path in published:
        code, out = run("validate", str(path))
        assert code == 2, path.name
        assert "input.published_report" in out, path.name
        assert "govdisclosure extract" in out
        assert "json.syntax" not in out


def test_audit_keeps_a_report_with_a_failing_rule_in_the_checks_across_reports(tmp_path: pathlib.Path) -> None:
    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text(encoding="utf-8"))
    shuyang = EXAMPLES / "valid" / "shuyang-county-government-2025.json"
    data["year"] = 2024  # the year before, of the same agency: checked across years
    data["body"]["applications"]["results"]["granted"]["natural_person"] += 5  # T3-1 and T3-2 fail
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out = run("audit", str(shuyang), str(altered))
    assert code == 1
    assert "across 2 reports" in out
    code, out = run("audit", "--format", "json", str(shuyang), str(altered))
    collection = json.loads(out)["collection"]
    assert sum(collection["summary"].values()) == len(collection["findings"]) > 0
    # the same checks as the Python API, which keeps every report
    assert len(collection["findings"]) == len(gd.audit_collection([gd.load(shuyang), gd.structure(data)]))


def test_the_json_summary_counts_what_the_text_summary_counts() -> None:
    _, text = run("validate", str(VALID), str(NEGATIVE), str(EMPTY))
    _, out = run("validate", "--format", "json", str(VALID), str(NEGATIVE), str(EMPTY))
    summary = json.loads(out)["summary"]
    assert "3 documents: 1 valid, 1 with errors, 1 unusable" in text
    assert (summary["documents"], summary["valid"], summary["with_errors"], summary["unusable"]) == (3, 1, 1, 1)


def test_a_finding_about_the_whole_document_names_no_place_in_text() -> None:
    _, text = run("validate", str(EMPTY))
    assert "[input.empty]: the input is empty" in text
    assert " /:" not in text
    _, out = run("validate", "--format", "json", str(EMPTY))
    assert json.loads(out)["documents"][0]["findings"][0]["pointer"] == ""


def test_invalid_report_error_names_the_file_once() -> None:
    with pytest.raises(gd.InvalidReportError) as raised:
        gd.load(NEGATIVE)
    assert str(raised.value).count(NEGATIVE.name) == 1


def test_counts_are_written_in_the_singular_and_the_plural(tmp_path: pathlib.Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["convert", str(VALID), str(tmp_path / "one.parquet")], stdout=out, stderr=err) == 0
    messages = out.getvalue() + err.getvalue()
    assert "1 report written" in messages
    assert "1 reports" not in messages
    html = gd.Reports([gd.load(VALID)])._repr_html_()
    assert "1 report · 1份报告" in html
    assert "reports · 份报告" not in html


def test_a_json_array_of_reports_is_read_as_a_collection(tmp_path: pathlib.Path) -> None:
    first = json.loads(VALID.read_text(encoding="utf-8"))
    second = json.loads((EXAMPLES / "valid" / "hongze-district-government-2024.json").read_text(encoding="utf-8"))
    second["year"] = 1990
    path = tmp_path / "reports.json"
    path.write_text(json.dumps([first, second], ensure_ascii=False), encoding="utf-8")
    code, out = run("validate", str(path))
    assert code == 1
    assert f"{path}[0]: valid" in out
    assert f"{path}[1]: error [schema.out_of_range] /year" in out
    assert "2 documents: 1 valid, 1 with errors, 0 unusable" in out
    assert [r.valid for r in gd.iter_validate([path])] == [True, False]
    # one document expected: refused, with the way to read it
    (finding,) = gd.validate(path).findings
    assert finding.code == "json.not_object"
    assert "collection" in finding.message_en
    assert "JSONL" in finding.message_zh


def test_a_document_may_name_its_schema_for_editors() -> None:
    data = json.loads(VALID.read_text(encoding="utf-8"))
    named = {"$schema": gd.SCHEMA_ID, **data}
    raw = json.dumps(named, ensure_ascii=False).encode()
    for fast in (True, False):
        result = gd.validate_bytes(raw, fast=fast)
        assert result.valid
        assert result.report == gd.load(VALID)
    assert not gd.validate_bytes(json.dumps({**data, "$schema": 5}).encode()).valid  # a string, if given


def test_the_command_line_starts_without_the_heavy_modules() -> None:
    """--version and validating a file import no Arrow, no jsonschema (the fast path needs
    neither) and no extraction reader; commands that need them import them."""
    import subprocess
    import sys

    heavy = ("pyarrow", "jsonschema", "msgspec", "pdfplumber", "openpyxl", "pandas")
    probe = f"import govdisclosure.cli, sys; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    # --version and --help: not even the model, attrs or the commands (the package's names are lazy)
    light = ("govdisclosure.model", "attrs", "cattrs", "govdisclosure._commands", "govdisclosure.validation")
    probe = (
        "import sys, io, contextlib, govdisclosure.cli as c\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    c.main(['--version'])\n"
        f"print([m for m in {light!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    probe = (
        "import sys, io, govdisclosure.cli as c; "
        f"c.main(['validate', {str(VALID)!r}], stdout=io.StringIO()); "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['msgspec']"  # the fast path; the reference path was not needed


def test_convert_reads_what_it_writes_and_refuses_names_it_will_not_write(tmp_path: pathlib.Path) -> None:
    parquet = tmp_path / "reports.parquet"
    assert run("convert", str(EXAMPLES / "valid"), str(parquet), "--no-progress")[0] == 0
    back = tmp_path / "reports.jsonl"
    code, out = run("convert", str(parquet), str(back))
    assert code == 0
    assert "7 reports written (JSON Lines)" in out
    originals = [gd.load(p) for p in sorted((EXAMPLES / "valid").glob("*.json"))]
    again = [r.report for r in gd.iter_validate([back])]
    assert sorted(again, key=gd.dumps) == sorted(originals, key=gd.dumps)
    err = io.StringIO()
    assert main(["convert", str(VALID), str(tmp_path / "out.csv")], stdout=io.StringIO(), stderr=err) == 2
    assert "convert writes Parquet" in err.getvalue()
    assert not (tmp_path / "out.csv").exists()
    err = io.StringIO()
    code = main(
        ["convert", str(VALID), str(tmp_path / "d.json"), "--partition", "year"], stdout=io.StringIO(), stderr=err
    )
    assert code == 2
    assert "a dataset is a folder" in err.getvalue()


def test_an_output_that_cannot_be_created_is_named_as_given(tmp_path: pathlib.Path) -> None:
    """Found by hand: ``convert c.json /proc/x.parquet`` said "No such file or directory:
    '/proc/.x.parquet.9534.wh13mzve.tmp'", the name of a temporary file the user never gave."""
    parquet = tmp_path / "reports.parquet"
    assert run("convert", str(VALID), str(parquet))[0] == 0
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    for args in (
        [str(VALID), str(blocker / "x.parquet")],
        [str(parquet), str(blocker / "x.jsonl")],
        [str(VALID), str(blocker / "dataset"), "--partition", "year"],
        [str(VALID), str(blocker), "--partition", "year"],
    ):
        err = io.StringIO()
        assert main(["convert", *args], stdout=io.StringIO(), stderr=err) == 2
        message = err.getvalue()
        assert message == f"govdisclosure convert: {args[1]}: cannot be written ({blocker} is a file, not a folder)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "reports.parquet"]  # nothing left behind


def test_validate_audit_and_ratios_read_parquet_files_and_dataset_folders(tmp_path: pathlib.Path) -> None:
    parquet = tmp_path / "reports.parquet"
    dataset = tmp_path / "dataset"
    assert run("convert", str(EXAMPLES / "valid"), str(parquet), "--no-progress")[0] == 0
    assert run("convert", str(EXAMPLES / "valid"), str(dataset), "--partition", "year", "--no-progress")[0] == 0
    for source in (parquet, dataset):
        code, out = run("validate", str(source))
        assert code == 0
        assert "7 documents: 7 valid, 0 with errors, 0 unusable" in out
        code, out = run("audit", str(source))
        assert code in (0, 1)
        assert out.count("\n  rules: ") == 7
        code, out = run("ratios", str(source))
        assert code == 0
        assert "郴州市人民政府 2015" in out
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"junk")
    code, out = run("validate", str(broken))
    assert code == 2
    assert "input.unreadable" in out


def test_the_same_report_twice_in_a_batch_is_reported(tmp_path: pathlib.Path) -> None:
    corrected = json.loads(VALID.read_text(encoding="utf-8"))
    corrected["body"]["on_request"]["received"] = 922  # a corrected upload is still the same report
    second = tmp_path / "corrected.json"
    second.write_text(json.dumps(corrected, ensure_ascii=False), encoding="utf-8")
    for command in ("validate", "audit"):
        _, out = run(command, str(VALID), str(second), str(EXAMPLES / "valid" / "hongze-district-government-2024.json"))
        assert out.count("collection.duplicate_report") == 1, command
        if command == "validate":
            assert f"{second}: warning [collection.duplicate_report]" in out
        else:
            block = out.split(f"\n{second} · legacy 2015 · 郴州市人民政府\n")[1].split("\n  rules: ")[0]
            assert "\n  warning  collection.duplicate_report\n" in block
        assert str(VALID) in out.split("collection.duplicate_report")[1]
    _, out = run("validate", "--format", "json", str(VALID), str(second))
    codes = [[f["code"] for f in d["findings"]] for d in json.loads(out)["documents"]]
    assert codes == [[], ["collection.duplicate_report"]]


def test_convert_into_a_dataset_refuses_a_report_already_there_unless_told(tmp_path: pathlib.Path) -> None:
    dataset = tmp_path / "dataset"
    convert = ("convert", str(VALID), str(dataset), "--partition", "year", "--no-progress")
    assert run(*convert)[0] == 0
    err = io.StringIO()
    assert main(list(convert), stdout=io.StringIO(), stderr=err) == 2
    assert "already holds 1 of the reports given (郴州市人民政府 2015 legacy aggregate)" in err.getvalue()
    assert len(list(gd.read_parquet(dataset))) == 1
    assert run(*convert, "--mode", "replace")[0] == 0
    assert len(list(gd.read_parquet(dataset))) == 1
    assert run(*convert, "--mode", "append")[0] == 0
    assert len(list(gd.read_parquet(dataset))) == 2
    code, out = run("validate", str(dataset))
    assert code == 0
    assert out.count("collection.duplicate_report") == 1  # the dataset now holds it twice, and says so


def test_compact_merges_the_files_of_each_partition(tmp_path: pathlib.Path) -> None:
    dataset = tmp_path / "dataset"
    for path in sorted((EXAMPLES / "valid").glob("*.json")):  # one write per report: one file each
        assert run("convert", str(path), str(dataset), "--partition", "template", "--no-progress")[0] == 0
    code, out = run("compact", str(dataset))
    assert code == 0
    assert out == f"{dataset}: 7 files → 3\n"  # legacy, gb2019, gb2021
    code, out = run("validate", str(dataset))
    assert "7 documents: 7 valid" in out
    err = io.StringIO()
    assert main(["compact", str(tmp_path / "nothing")], stdout=io.StringIO(), stderr=err) == 2
    assert "not a dataset folder" in err.getvalue()


def test_validate_judges_valid_documents_without_building_them_and_says_the_same(tmp_path: pathlib.Path) -> None:
    """``validate`` is an upload gate: a document the fast path finds valid is judged without
    its report (``_fast.gate``); every line of output, in text and JSON, and the exit code are
    what the full path (``--reference``) gives, duplicates across documents included."""
    from unittest import mock

    from govdisclosure import _fast

    valid = sorted((EXAMPLES / "valid").glob("*.json"))
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in valid]
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text("\n".join([*lines, lines[0], "{broken", lines[2]]) + "\n", encoding="utf-8")
    invalid = sorted((EXAMPLES / "invalid").glob("*.json"))[::6]  # a few kinds of bad input
    inputs = [str(jsonl), *map(str, invalid)]
    with mock.patch.object(_fast, "Gated", wraps=_fast.Gated) as gated:
        for form in ("text", "json"):
            code, out = run("validate", "--format", form, *inputs)
            ref_code, ref_out = run("validate", "--reference", "--format", form, *inputs)
            assert (code, out) == (ref_code, ref_out)
    assert gated.call_count >= 2 * (len(lines) + 2)  # the valid documents were judged without their report
    assert code == 2  # "{broken" is no JSON at all
    assert "collection.duplicate_report" in out


def _collection(tmp_path: pathlib.Path) -> list[str]:
    """A JSON Lines file of every valid example, two altered copies (checked across years, sums
    that fail), a report twice and a broken line; and a few invalid files."""

    def altered(name: str, change: Any) -> str:
        data = json.loads((EXAMPLES / "valid" / name).read_text(encoding="utf-8"))
        change(data)
        return json.dumps(data, ensure_ascii=False)

    def year_before(data: dict[str, Any]) -> None:  # checked across years; its figures differ
        data["year"] -= 1
        data["body"]["applications"]["carried_forward"]["total"] = 99

    def sums_broken(data: dict[str, Any]) -> None:
        data["year"] = 2026
        data["body"]["applications"]["results"]["granted"]["natural_person"] += 5  # T3-1 and T3-2 fail

    valid = sorted((EXAMPLES / "valid").glob("*.json"))
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in valid]
    lines += [
        altered("shanghai-government-office-2025.json", year_before),  # cells printed with text (22（其中…）)
        altered("shuyang-county-government-2025.json", sums_broken),
        lines[0],  # the same report twice
        "{broken",
    ]
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(jsonl), *map(str, sorted((EXAMPLES / "invalid").glob("*.json"))[::5])]


def test_audit_text_comes_from_the_columnar_engine_and_says_what_the_objects_say(tmp_path: pathlib.Path) -> None:
    """The text output of ``audit`` (every document's problems and counts, the checks across
    reports, the summary) comes from ``gd.audit_batch`` over columns, batch by batch; every
    line and the exit code are what the object audit (``--reference``) gives."""
    from unittest import mock

    from govdisclosure import _columnar, _commands, validation

    inputs = _collection(tmp_path)
    with (
        mock.patch.object(_commands, "DEFAULT_BATCH_SIZE", 4),  # several batches, invalid documents between rows
        mock.patch.object(_columnar, "audit_batch", wraps=_columnar.audit_batch) as by_columns,
        mock.patch.object(_commands, "with_audit", wraps=validation.with_audit) as by_objects,
    ):
        code, out = run("audit", "--jobs", "1", *inputs)
        assert by_columns.call_count == 3
        assert by_objects.call_count == 0
        ref_code, ref_out = run("audit", "--reference", *inputs)
        assert by_objects.call_count > 0
        assert run("audit", "--jobs", "2", *inputs) == (code, out)  # batches read and audited by workers
    assert out.splitlines() == ref_out.splitlines()
    assert code == ref_code == 2  # "{broken" is no JSON at all
    assert "  fail (error)  T3-1" in out
    assert "collection.duplicate_report" in out
    assert "across 10 reports (the checks across reports)" in out
    assert "\n  fail (warning)  C-1 " in out


def test_validate_with_rules_judges_documents_by_columns_and_says_what_the_objects_say(tmp_path: pathlib.Path) -> None:
    """``validate --rules`` (text) takes the rules' failures from the columnar engine and judges
    each valid document without its report; every line and the exit code are the full path's."""
    from unittest import mock

    from govdisclosure import _bulk, _columnar, _commands

    inputs = _collection(tmp_path)
    with (
        mock.patch.object(_commands, "DEFAULT_BATCH_SIZE", 4),
        mock.patch.object(_bulk, "default_jobs", return_value=1),  # here, where the mock counts
        mock.patch.object(_columnar, "audit_batch", wraps=_columnar.audit_batch) as by_columns,
    ):
        code, out = run("validate", "--rules", *inputs)
        assert by_columns.call_count == 3
    ref_code, ref_out = run("validate", "--rules", "--reference", *inputs)
    assert out.splitlines() == ref_out.splitlines()
    assert code == ref_code == 2
    assert "fail error [T3-1 results.granted]" in out
    assert ": valid (gb2021 2025, 上海市人民政府办公厅)" in out


def test_the_json_output_is_laid_out_as_the_json_module_lays_it_out() -> None:
    """The JSON output is written by msgspec (C) in the layout of ``json.dumps(indent=2,
    ensure_ascii=False)``: the same text, Chinese unescaped, empty lists and objects inline."""
    from govdisclosure._commands import _indented

    invalid = sorted((EXAMPLES / "invalid").glob("*.json"))[::4]  # every kind of part, unusable input too
    code, out = run("audit", "--format", "json", "--no-progress", str(EXAMPLES / "valid"), *map(str, invalid))
    assert code == 2  # the invalid examples include unusable input
    document = json.loads(out)
    parts = [*document["documents"], document["collection"], document["summary"]]
    parts.append({"empty": [], "none": {}, "text": '行\u2028\x1f"\\', "fraction": 1.5, "null": None, "yes": True})
    for part in parts:
        expected = "\n".join("    " + line for line in json.dumps(part, ensure_ascii=False, indent=2).splitlines())
        assert _indented(part, 4) == expected


def test_ratios_csv_comes_from_the_columnar_engine_and_says_what_the_objects_say(tmp_path: pathlib.Path) -> None:
    """``ratios --format csv`` writes the table a batch at a time from ``gd.ratios_batch``: one
    header, then the rows of every valid report in document order, the very text of the objects'
    ``gd.ratios_table`` written whole; the invalid documents are reported on standard error."""
    from unittest import mock

    import pyarrow.csv as pacsv

    from govdisclosure import _commands

    inputs = _collection(tmp_path)
    reports = [r.report for r in gd.iter_validate(inputs) if r.report is not None]
    for blank in ([], ["--blank-as-zero"]):
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.object(_commands, "DEFAULT_BATCH_SIZE", 4):  # several batches
            code = main(["ratios", "--format", "csv", *blank, *inputs], stdout=out, stderr=err)
        sink = io.BytesIO()
        pacsv.write_csv(gd.ratios_table(reports, blank_as_zero=bool(blank)), sink)
        assert out.getvalue() == sink.getvalue().decode("utf-8")
        assert code == 2  # "{broken" is no JSON at all
        assert "json.syntax" in err.getvalue()


def test_every_top_level_name_is_declared_once_for_the_lazy_import_and_resolves() -> None:
    """The package's names are listed in ``__all__`` and in the lazy map that imports them
    (PEP 562): the two lists hold the same names, and each resolves to what its module defines."""
    import importlib

    names = set(gd.__all__) - {"__version__"}
    assert names == set(gd._LAZY)
    for name in sorted(names):
        module = importlib.import_module(gd._LAZY[name])
        expected = module if gd._LAZY[name] == f"govdisclosure.{name}" else getattr(module, name)
        assert getattr(gd, name) is expected, name
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = gd.nothing_here
