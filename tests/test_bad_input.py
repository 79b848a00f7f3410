"""The bad-input catalogue: every way a file can be broken gives a finding, never a traceback."""

from __future__ import annotations

import codecs
import json
import pathlib
import re

import pytest

import govdisclosure as gd
from govdisclosure import _fast

from .conftest import EXAMPLES

BASE = (EXAMPLES / "valid" / "shuyang-development-reform-bureau-2023.json").read_text(encoding="utf-8")
COUNT = '"natural_person": 26,'


def _with(replacement: str) -> bytes:
    assert COUNT in BASE
    return BASE.replace(COUNT, replacement, 1).encode()


CATALOGUE: list[tuple[str, bytes, str, str]] = [
    ("empty", b"", "input.empty", ""),
    ("whitespace", b" \r\n\t", "input.empty", ""),
    ("binary junk", bytes(range(256)) * 4, "input.binary", ""),
    ("nul bytes", b"{\x00\x00\x00\x01\x02", "input.binary", ""),
    ("UTF-8 with BOM", codecs.BOM_UTF8 + BASE.encode(), "input.utf8_bom", ""),
    ("UTF-16 with BOM", BASE.encode("utf-16"), "input.encoding", ""),
    ("UTF-16 without BOM", BASE.encode("utf-16-le"), "input.encoding", ""),
    ("UTF-32", BASE.encode("utf-32"), "input.encoding", ""),
    ("GB18030", BASE.encode("gb18030"), "input.encoding", ""),
    ("syntax error", b'{"template": "gb2021",\n "year": }', "json.syntax", ""),
    ("truncated", BASE.encode()[:100], "json.syntax", ""),
    (
        "duplicate key",
        _with('"natural_person": 26, "natural_person": 27,'),
        "json.duplicate_key",
        "/body/applications/new_received/natural_person",
    ),
    ("NaN", _with('"natural_person": NaN,'), "json.non_finite", "/body/applications/new_received/natural_person"),
    (
        "Infinity",
        _with('"natural_person": -Infinity,'),
        "json.non_finite",
        "/body/applications/new_received/natural_person",
    ),
    (
        "float overflow",
        _with('"natural_person": 1e400,'),
        "json.non_finite",
        "/body/applications/new_received/natural_person",
    ),
    (
        "float in count",
        _with('"natural_person": 26.5,'),
        "schema.type",
        "/body/applications/new_received/natural_person",
    ),
    (
        "whole float in count",
        _with('"natural_person": 26.0,'),
        "json.integer_as_float",
        "/body/applications/new_received/natural_person",
    ),
    (
        "negative count",
        _with('"natural_person": -26,'),
        "schema.out_of_range",
        "/body/applications/new_received/natural_person",
    ),
    (
        "beyond int64",
        _with('"natural_person": 9223372036854775808,'),
        "schema.out_of_range",
        "/body/applications/new_received/natural_person",
    ),
    ("string count", _with('"natural_person": "26",'), "schema.type", "/body/applications/new_received/natural_person"),
    (
        "boolean count",
        _with('"natural_person": true,'),
        "schema.type",
        "/body/applications/new_received/natural_person",
    ),
    ("null count", _with('"natural_person": null,'), "schema.type", "/body/applications/new_received/natural_person"),
    ("5000-digit number", _with('"natural_person": ' + "1" * 5000 + ","), "json.number_too_long", ""),
    ("nested 100000 deep", b"[" * 100000 + b"]" * 100000, "json.too_deep", ""),
    (
        "nested 600 deep in extensions",
        BASE.replace('"template"', '"extensions": {"a": ' + "[" * 600 + "]" * 600 + '}, "template"', 1).encode(),
        "json.too_deep",
        "",
    ),
    ("top-level string", b'"report"', "json.not_object", ""),
    ("lone surrogate", BASE.replace('"title": "', '"title": "\\udc00', 1).encode(), "json.lone_surrogate", "/title"),
]


@pytest.mark.parametrize(("name", "raw", "code", "pointer"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
@pytest.mark.parametrize("fast", [False, True], ids=["reference", "fast"])
def test_bad_input_gives_the_finding(name: str, raw: bytes, code: str, pointer: str, fast: bool) -> None:
    result = gd.validate(raw, source="upload.json", fast=fast)
    matching = [f for f in result.findings if f.code == code]
    assert matching, [f.format_text() for f in result.findings]
    assert matching[0].pointer == pointer
    assert all(f.source == "upload.json" for f in result.findings)
    assert all(f.code != "internal.error" for f in result.findings)
    if gd.CODES[code].severity is gd.Severity.WARNING:
        assert result.valid
    else:
        assert not result.valid
        assert result.report is None


def test_syntax_errors_give_line_and_column() -> None:
    result = gd.validate(b'{\n  "template": "gb2021",\n  "year": ,\n}')
    (finding,) = result.findings
    assert (finding.code, finding.line, finding.column) == ("json.syntax", 3, 11)
    assert result.exit_code == 2


def test_duplicate_keys_report_every_value() -> None:
    result = gd.validate(_with('"natural_person": 26, "natural_person": 27,'))
    (finding,) = [f for f in result.findings if f.code == "json.duplicate_key"]
    assert finding.value == [26, 27]
    assert "26" in finding.message_en
    assert "27" in finding.message_en


def test_whole_float_is_read_as_integer_with_a_warning() -> None:
    result = gd.validate(_with('"natural_person": 26.0,'), fast=False)
    assert result.valid
    assert result.report is not None
    assert result.report.body.applications.new_received.natural_person == 26  # type: ignore[union-attr]


def test_size_limit_is_configurable_and_checked_before_reading(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(BASE.encode())
    result = gd.validate(path, max_bytes=1000)
    (finding,) = result.findings
    assert finding.code == "input.too_large"
    assert str(path.stat().st_size) in finding.message_en
    assert "1000" in finding.message_en
    assert result.exit_code == 2
    assert gd.validate(path).valid


def test_unreadable_path_names_the_file(tmp_path: pathlib.Path) -> None:
    result = gd.validate(tmp_path / "missing.json")
    (finding,) = result.findings
    assert finding.code == "input.unreadable"
    assert finding.source == str(tmp_path / "missing.json")


def test_every_problem_is_reported_at_once() -> None:
    document = json.loads(BASE)
    document["year"] = 1999
    document["agency"]["level"] = "city"
    document["body"]["applications"]["new_received"]["total"] = -1
    del document["scope"]
    pointers = sorted({f.pointer for f in gd.validate(document).findings})
    assert pointers == ["/agency/level", "/body/applications/new_received/total", "/scope", "/year"]


def test_load_raises_with_every_finding() -> None:
    with pytest.raises(gd.InvalidReportError) as info:
        gd.loads(_with('"natural_person": -1,'))
    assert isinstance(info.value, ValueError)
    assert [f.code for f in info.value.findings] == ["schema.out_of_range"]
    assert "natural_person" in str(info.value)


@pytest.mark.skipif(not _fast.available(), reason="fast path not installed")
def test_fast_path_counts_keys_past_colons_in_text() -> None:
    document = json.loads(BASE)
    document["source"]["url"] = "https://example.gov.cn/a:b"  # colons outside keys
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    assert _fast.fast_load(compact) == gd.load(compact, fast=False)  # still taken, read the same
    # a duplicate key written with a space before its colon hides from the `":` count
    hidden = compact.replace(b'"year":', b'"year" :2024,"year":', 1)
    assert _fast.fast_load(hidden) is None
    result = gd.validate(hidden)
    assert [f.pointer for f in result.findings if f.code == "json.duplicate_key"] == ["/year"]


#: Commands and names that a Chinese message quotes as they are typed.
_VERBATIM = re.compile(r"pip install|govdisclosure extract|'govdisclosure\[extract\]'")
_ENGLISH = re.compile(r"\b[A-Za-z]{2,} [A-Za-z]{2,}\b")


def _all_bad_input_findings(tmp_path: pathlib.Path) -> list[gd.Finding]:
    from govdisclosure.extraction import extract

    findings: list[gd.Finding] = []
    for _, raw, _, _ in CATALOGUE:
        for fast in (False, True):
            findings += gd.validate(raw, fast=fast).findings
    # the invalid examples through the fast path (their findings equal the reference path's:
    # tests/test_examples.py, tests/test_properties.py); the catalogue above through both
    for path in sorted((EXAMPLES / "invalid").glob("*.json")):
        findings += gd.validate(path).findings
    deep: dict[str, object] = {}
    cursor = deep
    for _ in range(2000):
        cursor["x"] = {}
        cursor = cursor["x"]  # type: ignore[assignment]
    findings += gd.validate(deep).findings
    findings += gd.validate(tmp_path / "missing.json").findings
    (tmp_path / "empty").mkdir()
    findings += [f for r in gd.iter_validate([tmp_path / "empty"]) for f in r.findings]
    findings += gd.validate(b'{"template": "gb2021" "year": 2024}').findings
    findings += gd.validate(b"[1, 2]").findings
    for data in (
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        b"%PDF-1.4\n%broken",
    ):
        findings += extract(data).findings
    findings += extract(b"PK\x03\x04broken", format="docx").findings
    findings += extract(b"PK\x03\x04broken", format="xlsx").findings
    findings += extract(tmp_path / "missing.pdf").findings
    return findings


def test_every_message_is_wholly_chinese_in_chinese_and_english_in_english(tmp_path: pathlib.Path) -> None:
    findings = _all_bad_input_findings(tmp_path)
    codes = {f.code for f in findings}
    assert {"input.unreadable", "json.syntax", "json.not_object", "json.too_deep", "input.encoding"} <= codes
    assert "extract.unsupported_format" in codes
    english_in_chinese = [
        (f.code, f.message_zh)
        for f in findings
        if _ENGLISH.search(_VERBATIM.sub("", f.message_zh.replace(str(f.value), "") if f.value else f.message_zh))
    ]
    assert english_in_chinese == []
    # the English half is English (official labels quoted in it stay Chinese, as printed)
    assert all(re.search(r"[A-Za-z]{3,}", f.message_en) for f in findings)
    assert not [f for f in findings if re.search(r"[，。；：]", f.message_en.replace(str(f.value), ""))]


def test_a_dict_nested_too_deep_is_reported_as_a_file_would_be() -> None:
    deep: dict[str, object] = {}
    cursor = deep
    for _ in range(5000):
        cursor["x"] = {}
        cursor = cursor["x"]  # type: ignore[assignment]
    result = gd.validate({"template": "gb2021", "extensions": deep})
    assert [f.code for f in result.findings] == ["json.too_deep"]


@pytest.mark.parametrize("value", [None, {"template": "gb2021"}, "report.json"])
def test_writing_what_is_no_report_is_a_type_error_that_says_so(value: object) -> None:
    """Found by hand: ``gd.dumps(result.report)`` of a result without a report raised
    ``AttributeError: 'NoneType' object has no attribute 'template'``."""
    for write in (gd.dumps, gd.unstructure):
        with pytest.raises(TypeError, match=f"expected an AnnualReport, not {type(value).__name__}$"):
            write(value)  # type: ignore[arg-type]
