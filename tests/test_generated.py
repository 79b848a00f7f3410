"""Every file generated from a declaration in the code matches the committed copy."""

from __future__ import annotations

import pytest

from govdisclosure._generate import GENERATED

from .conftest import ROOT


@pytest.mark.parametrize("relative", sorted(GENERATED))
def test_committed_file_matches_its_declaration(relative: str) -> None:
    """Fails when a declaration changes without `python -m govdisclosure._generate`."""
    assert (ROOT / relative).read_text(encoding="utf-8") == GENERATED[relative]()


def test_field_reference_names_real_parquet_columns_and_schema_titles() -> None:
    """The field reference's Parquet paths are columns of the Arrow layout, and its labels
    are the schema titles of the same pointers."""
    from govdisclosure._docs import arrow_schema_markdown, field_rows
    from govdisclosure.model import Template

    lines = [line for line in arrow_schema_markdown().splitlines() if line.startswith("| `")]
    columns = {line.split("`")[1] for line in lines}
    sections = {line.split("`")[1] for line in lines if "| list<section> |" in line}
    for template in Template:
        rows = field_rows(template)
        assert len(rows) > 30
        for row in rows:
            if "[]" in row["parquet"] and row["parquet"].split("[]")[0] in sections:  # the shared section layout
                assert row["parquet"].split("[]")[1] in (
                    ".key",
                    ".heading",
                    ".text",
                    " (flattened: the next rows, level + 1)",
                )
            else:
                assert row["parquet"] in columns, row
    gb = {r["pointer"]: r for r in field_rows(Template.GB2021)}
    cell = gb["/body/applications/results/denied/third_party_rights/legal_service_org"]
    assert cell["label"] == "法律服务机构"
    assert cell["location"] == "表三 · （三）不予公开 · 4.保护第三方合法权益 · 法律服务机构"
    assert cell["column_name"] == "applications__results__denied__third_party_rights__legal_service_org"


def test_cli_reference_lists_every_command_and_option() -> None:
    import argparse

    from govdisclosure._docs import cli_markdown
    from govdisclosure.cli import _parser

    text = cli_markdown()
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        assert f"## `govdisclosure {name}`" in text
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}" in text, (name, option)


def test_generated_code_shows_its_source_in_tracebacks() -> None:
    """Code the engines write is registered with linecache: a traceback through it shows
    the generated line, not ``<string>``."""
    import inspect
    import traceback

    from govdisclosure.arrow import _field_reader
    from govdisclosure.model import Agency

    read = _field_reader(Agency, "name", False)
    assert "def read(values):" in inspect.getsource(read)
    try:
        read([object()])
    except AttributeError as exc:
        text = "".join(traceback.format_exception(exc))
    assert "<govdisclosure generated: reader of Agency.name" in text
    assert "return [v.name for v in values]" in text
