"""The files generated from declarations in the code, and the command that refreshes them.

    python -m govdisclosure._generate        # rewrite every generated file of the checkout

A test fails when a committed file differs from what this produces.
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Callable

from govdisclosure._docs import (
    arrow_schema_markdown,
    batch_schemas_markdown,
    cli_markdown,
    errors_markdown,
    fields_markdown,
    ratios_markdown,
    rules_markdown,
)
from govdisclosure._ratios import ratio_catalogue_text
from govdisclosure.rules import catalogue_text
from govdisclosure.schema import schema_text

#: Path in the checkout → the function producing its text.
GENERATED: dict[str, Callable[[], str]] = {
    "schemas/report.schema.json": schema_text,
    "schemas/rules.json": catalogue_text,
    "schemas/ratios.json": ratio_catalogue_text,
    "docs/rules.md": rules_markdown,
    "docs/ratios.md": ratios_markdown,
    "docs/arrow-schema.md": arrow_schema_markdown,
    "docs/batch-schemas.md": batch_schemas_markdown,
    "docs/reference/fields.md": fields_markdown,
    "docs/cli.md": cli_markdown,
    "docs/errors.md": errors_markdown,
}


def main(root: str = ".") -> int:
    for relative, produce in GENERATED.items():
        path = pathlib.Path(root) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produce(), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
