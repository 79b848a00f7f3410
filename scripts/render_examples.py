"""Write ``examples/published/``: bundled examples rendered as agencies publish them (a web
page, a PDF with ruled tables, Markdown, a spreadsheet), to try ``govdisclosure extract``
on without a real report at hand. The narrative in them is govdisclosure's own; the
figures are the examples'.

    python scripts/render_examples.py

``tests/test_extract.py`` checks that each extracts back to its example.
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import render  # noqa: E402

import govdisclosure as gd  # noqa: E402

#: Example → the formats it is published in.
PUBLISHED = {
    "hongze-district-government-2024": ("pdf", "html"),
    "shanghai-government-office-2019": ("html", "md"),
    "shuyang-county-government-2025": ("txt", "xlsx"),
}


def main() -> int:
    folder = ROOT / "examples" / "published"
    folder.mkdir(parents=True, exist_ok=True)
    for name, formats in PUBLISHED.items():
        report = gd.load(ROOT / "examples" / "valid" / f"{name}.json")
        for fmt in formats:
            data: bytes
            if fmt == "pdf":
                data = render.render_pdf(report)
            elif fmt == "html":
                data = render.render_html(report).encode("utf-8")
            elif fmt == "md":
                data = render.render_markdown(report).encode("utf-8")
            elif fmt == "xlsx":
                data = render.render_xlsx(report)
            else:
                data = render.render_text(report).encode("utf-8")
            path = folder / f"{name}.{fmt}"
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
