"""The committed JSON Schema is what the model generates, and it documents itself."""

from __future__ import annotations

import json
import re
from typing import Any

import govdisclosure as gd
from govdisclosure.schema import LABEL_ZH, SCHEMA_ID, SCHEMA_VERSION, generate_schema, schema_text

from .conftest import ROOT

COMMITTED = ROOT / "schemas" / "report.schema.json"


def test_committed_schema_matches_the_model() -> None:
    """Fails when the model changes without `python -m govdisclosure.schema`."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()


def test_bundled_schema_is_the_committed_one() -> None:
    assert gd.load_schema() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_schema_id_carries_the_schema_version() -> None:
    schema = generate_schema()
    assert schema["$id"] == SCHEMA_ID
    assert SCHEMA_VERSION in schema["$id"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, definition in schema["$defs"].items():
        out.extend((f"{name}.{k}", v) for k, v in definition.get("properties", {}).items())
    return out


def test_every_property_has_its_chinese_label_and_an_english_description() -> None:
    schema = generate_schema()
    missing = [name for name, prop in _properties(schema) if not prop.get(LABEL_ZH) or not prop.get("description")]
    assert missing == []
    assert schema["$defs"]["Gb2021Report"]["properties"]["body"][LABEL_ZH] == "报告正文"
    assert schema[LABEL_ZH] == "政府信息公开工作年度报告"


def test_definitions_are_named_for_code_generators() -> None:
    """Generators name types after ``title``: every definition's is its English type name,
    and no property has one (a generator would make a type of each)."""
    schema = generate_schema()
    assert schema["title"] == "AnnualReport"
    assert all(d["title"] == name for name, d in schema["$defs"].items())
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) for name in schema["$defs"])
    assert [name for name, prop in _properties(schema) if "title" in prop] == []
    enum_members = [m for d in schema["$defs"].values() for m in d.get("oneOf", []) if "const" in m]
    assert enum_members
    assert all("title" not in m and m[LABEL_ZH] and m["description"] for m in enum_members)


def test_the_report_is_a_union_of_one_variant_per_template() -> None:
    schema = generate_schema()
    names = [branch["$ref"].rsplit("/", 1)[-1] for branch in schema["oneOf"]]
    assert names == ["LegacyReport", "Gb2019Report", "Gb2021Report"]
    for name, template, body in zip(names, gd.Template, ("LegacyBody", "Gb2019Body", "Gb2021Body"), strict=True):
        properties = schema["$defs"][name]["properties"]
        assert properties["template"]["const"] == template.value
        assert properties["body"]["allOf"] == [{"$ref": f"#/$defs/{body}"}]
        first, last = gd.model.TEMPLATE_ALLOWED_YEARS[template]
        assert properties["year"]["minimum"] == first
        assert properties["year"]["maximum"] == (last if last is not None else 2100)  # the model's own bound
        assert schema["$defs"][name]["additionalProperties"] is False


def test_enums_list_their_labels() -> None:
    defs = generate_schema()["$defs"]
    template = defs["Template"]["oneOf"]
    assert [o["const"] for o in template] == ["legacy", "gb2019", "gb2021"]
    assert all(o[LABEL_ZH] and o["description"] for o in template)
    marks = defs["MarkCell"]["properties"]["status"]["oneOf"]
    assert {"const": "blank", "description": "The cell was printed empty.", LABEL_ZH: "空白"} in marks
    statuses = [o["const"] for o in marks]
    statuses += [defs[name]["properties"]["status"]["const"] for name in ("NumberCell", "TextCell")]
    assert sorted(statuses) == sorted(s.value for s in gd.CellStatus)


def test_official_labels_are_verbatim() -> None:
    defs = generate_schema()["$defs"]
    assert (
        defs["Results2021"]["properties"]["partially_granted"][LABEL_ZH]
        == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert defs["Denied"]["properties"]["endangers_security_stability"][LABEL_ZH] == "3.危及“三安全一稳定”"
    assert defs["FeeAmount2021"]["properties"]["fee_amount"][LABEL_ZH] == "本年收费金额（单位：万元）"
    assert defs["ItemCounts2019"]["properties"]["change"][LABEL_ZH] == "本年增/减"


def test_every_published_version_is_kept_and_bundled() -> None:
    import importlib.resources

    old = ROOT / "schemas" / "1.0.0" / "report.schema.json"
    assert json.loads(old.read_text(encoding="utf-8"))["$id"].endswith("/1.0.0/report.schema.json")
    bundled = importlib.resources.files("govdisclosure").joinpath("schemas")
    if bundled.joinpath("report.schema.json").is_file():  # an installed wheel
        assert bundled.joinpath("1.0.0").joinpath("report.schema.json").is_file()


def test_unknown_top_level_data_goes_only_into_extensions() -> None:
    schema = generate_schema()
    report = schema["$defs"]["Gb2021Report"]
    assert report["additionalProperties"] is False
    assert report["properties"]["extensions"]["type"] == "object"
    # (CountCell narrows NumberCell, which closes the object)
    nested = [
        d for d in schema["$defs"].values() if d.get("type") == "object" and "properties" in d and "allOf" not in d
    ]
    assert all(d["additionalProperties"] is False for d in nested)


def test_schema_has_no_remote_references() -> None:
    text = schema_text()
    refs = [line for line in text.splitlines() if '"$ref"' in line]
    assert refs
    assert all('"#/$defs/' in line for line in refs)
