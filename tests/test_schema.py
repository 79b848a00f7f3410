"""The committed JSON Schema is what the model generates, and it documents itself."""

from __future__ import annotations

import json
from typing import Any

import govdisclosure as gd
from govdisclosure.schema import SCHEMA_ID, SCHEMA_VERSION, generate_schema, schema_text

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
    out = [("(root)." + k, v) for k, v in schema["properties"].items()]
    for name, definition in schema["$defs"].items():
        out.extend((f"{name}.{k}", v) for k, v in definition.get("properties", {}).items())
    return out


def test_every_property_has_a_chinese_title_and_an_english_description() -> None:
    schema = generate_schema()
    missing = [name for name, prop in _properties(schema) if not prop.get("title") or not prop.get("description")]
    assert missing == []
    assert schema["properties"]["body"]["title"] == "报告正文"


def test_enums_list_their_labels() -> None:
    defs = generate_schema()["$defs"]
    template = defs["Template"]["oneOf"]
    assert [o["const"] for o in template] == ["legacy", "gb2019", "gb2021"]
    assert all(o["title"] and o["description"] for o in template)
    assert {"const": "blank", "title": "空白", "description": "The cell was printed empty."} in defs["CellStatus"][
        "oneOf"
    ]


def test_official_labels_are_verbatim() -> None:
    defs = generate_schema()["$defs"]
    assert (
        defs["Results2021"]["properties"]["partially_granted"]["title"]
        == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert defs["Denied"]["properties"]["endangers_security_stability"]["title"] == "3.危及“三安全一稳定”"
    assert defs["FeeAmount2021"]["properties"]["fee_amount"]["title"] == "本年收费金额（单位：万元）"
    assert defs["ItemCounts2019"]["properties"]["change"]["title"] == "本年增/减"


def test_unknown_top_level_data_goes_only_into_extensions() -> None:
    schema = generate_schema()
    assert schema["additionalProperties"] is False
    assert schema["properties"]["extensions"]["type"] == "object"
    nested = [d for d in schema["$defs"].values() if d.get("type") == "object" and "properties" in d]
    assert all(d["additionalProperties"] is False for d in nested)


def test_schema_has_no_remote_references() -> None:
    text = schema_text()
    refs = [line for line in text.splitlines() if '"$ref"' in line]
    assert refs
    assert all('"#/$defs/' in line for line in refs)
