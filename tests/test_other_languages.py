"""The published schema as other ecosystems read it: ajv validates every example as the
reference validator does, json-schema-to-typescript names every type and types the body
per template, and pydantic models from datamodel-code-generator accept every valid example
and reject every schema-invalid one their type system can express.

The JavaScript tools are test-only npm packages in tests/js (``npm ci --prefix tests/js``,
which .ci/run does); without them those tests are skipped.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure._schema_findings import reference_validator

from .conftest import EXAMPLES, ROOT

SCHEMA = ROOT / "schemas" / "report.schema.json"
JS = ROOT / "tests" / "js"
NODE = shutil.which("node")
needs_js = pytest.mark.skipif(
    NODE is None or not (JS / "node_modules" / "ajv").is_dir(),
    reason="node and the test-only npm packages are not installed (npm ci --prefix tests/js)",
)
VALID = sorted((EXAMPLES / "valid").glob("*.json"))
SCHEMA_INVALID = sorted((EXAMPLES / "invalid").glob("schema.*.json"))
#: A count beyond 2^53 is rounded by JavaScript's numbers before any validator sees it.
JS_NUMBER_LIMIT = {"schema.out_of_range--count-beyond-int64.json"}
#: The schema-invalid examples that generated pydantic models accept in pydantic's default
#: lax mode (it reads "12" as 12); strict mode rejects them too.
PYDANTIC_CANNOT = {"schema.type--count-as-string.json"}


def _node(script: str, *args: str) -> str:
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(JS / script), *args], capture_output=True, text=True, check=True, timeout=120, cwd=JS
    )
    return done.stdout


def _json_examples() -> list[pathlib.Path]:
    """Every example that Python reads as JSON (the invalid ones include binary junk)."""
    out = []
    for path in [*VALID, *sorted((EXAMPLES / "invalid").glob("*.json"))]:
        try:
            json.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        out.append(path)
    return out


@needs_js
def test_ajv_validates_every_example_as_the_reference_validator_does() -> None:
    paths = _json_examples()
    verdicts: dict[str, bool | None] = json.loads(_node("validate.mjs", str(SCHEMA), *map(str, paths)))
    assert len(verdicts) == len(paths)
    differ = []
    for path in paths:
        verdict = verdicts[str(path)]
        if verdict is None:  # JavaScript does not read it as JSON (NaN, Infinity): nor does the library
            assert not gd.validate(path).valid, path.name
            continue
        reference = reference_validator().is_valid(json.loads(path.read_text(encoding="utf-8")))
        if verdict != reference:
            differ.append(path.name)
    assert set(differ) == JS_NUMBER_LIMIT


@needs_js
def test_typescript_types_are_named_and_the_body_typed_per_template() -> None:
    ts = _node("typescript.mjs", str(SCHEMA))
    assert "NoName" not in ts
    assert "export type AnnualReport = LegacyReport | Gb2019Report | Gb2021Report;" in ts
    for name, template, body in (
        ("LegacyReport", "legacy", "LegacyBody"),
        ("Gb2019Report", "gb2019", "Gb2019Body"),
        ("Gb2021Report", "gb2021", "Gb2021Body"),
    ):
        block = ts[ts.index(f"export interface {name} {{") :]
        block = block[: block.index("\n}\n")]
        assert f'  template: "{template}";' in block
        assert f"  body: {body};" in block
        assert "[k: string]: unknown" not in block.split("extensions")[0]
    assert "export type Count = number | CountCell | TextCell | MarkCell;" in ts
    names = set(re.findall(r"^export (?:type|interface) (\w+)", ts, re.MULTILINE))
    # a type declared again under a numbered name (Count1 beside Count) would mean a
    # property's annotations made the generator copy its type
    copies = [n for n in names if (m := re.fullmatch(r"(.*\D)\d+", n)) and m.group(1) in names]
    assert copies == ["CountCell1"]  # CountCell's own constraint, intersected with NumberCell


#: The command a developer runs (docs/other-languages.md).
DATAMODEL_CODEGEN = [
    "--input-file-type",
    "jsonschema",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--use-annotated",
    "--formatters",
    "builtin",
]


def _pydantic_models(tmp_path: pathlib.Path) -> Any:
    pytest.importorskip("datamodel_code_generator")
    output = tmp_path / "report_models.py"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(SCHEMA),
            *DATAMODEL_CODEGEN,
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    spec = importlib.util.spec_from_file_location("report_models", output)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["report_models"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["report_models"]
    return module


def test_pydantic_models_accept_the_valid_and_reject_the_schema_invalid_examples(tmp_path: pathlib.Path) -> None:
    module = _pydantic_models(tmp_path)
    import pydantic

    model = module.AnnualReport
    assert model.__mro__[1].__name__.startswith("RootModel")
    variants = {v.__name__ for v in (module.LegacyReport, module.Gb2019Report, module.Gb2021Report)}
    assert variants == {"LegacyReport", "Gb2019Report", "Gb2021Report"}
    variant = {"legacy": "LegacyReport", "gb2019": "Gb2019Report", "gb2021": "Gb2021Report"}
    for path in VALID:
        report = model.model_validate_json(path.read_bytes())
        assert type(report.root).__name__ == variant[gd.load(path).template.value], path.name
    accepted = []
    for path in SCHEMA_INVALID:
        try:
            model.model_validate_json(path.read_bytes())
        except pydantic.ValidationError:
            continue
        accepted.append(path.name)
    assert set(accepted) == PYDANTIC_CANNOT
    # in pydantic's strict mode every valid example still passes and nothing invalid does
    for path in VALID:
        model.model_validate_json(path.read_bytes(), strict=True)
    for path in SCHEMA_INVALID:
        with pytest.raises(pydantic.ValidationError):
            model.model_validate_json(path.read_bytes(), strict=True)
    for must in ("negative-count", "unknown-cell-status", "missing-table-row", "blank-cell-with-value"):
        assert not any(must in name for name in accepted), must
