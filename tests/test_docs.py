"""The code examples of the README and the documentation site run, and print what they show.

In a page, every ```python block runs (in order, sharing one namespace, in a scratch
folder where ``examples/`` is at hand). A ```text block right after the marker
``<!-- output -->`` is what the python block before it prints. A ```console block
runs each ``$ govdisclosure ...`` line through the command line and compares its
standard output with the lines that follow it. ``<!-- skip -->`` before a block
leaves it out (for setup commands that need a network or a fresh machine).

``DOCS_UPDATE=1 python -m pytest tests/test_docs.py`` rewrites the shown outputs
from what the code prints; read the diff before committing it.
"""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import re
import shlex
from typing import Any

import attrs
import pytest

from govdisclosure import cli

from .conftest import ROOT

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
UPDATE = os.environ.get("DOCS_UPDATE") == "1"


@attrs.define
class Block:
    lang: str
    code: str
    line: int
    start: int  # offsets of the code in the page text
    end: int
    marker: str | None


def blocks(text: str) -> list[Block]:
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip().rsplit("\n", 1)[-1].strip()
        marker = before[5:-4].strip() if before.startswith("<!--") and before.endswith("-->") else None
        found.append(
            Block(
                match.group(1),
                match.group(2),
                text.count("\n", 0, match.start()) + 2,
                match.start(2),
                match.end(2),
                marker,
            )
        )
    return found


def runnable(page: pathlib.Path) -> bool:
    return any(b.lang in ("python", "console") and b.marker != "skip" for b in blocks(page.read_text("utf-8")))


#: The pages with examples to run (the generated reference pages have none).
PAGES = [p for p in sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]) if runnable(p)]


def test_the_pages_with_examples_are_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in PAGES}
    assert {"README.md", "docs/tour.md", "docs/portal.md", "docs/notebook.md", "docs/parquet.md"} <= names


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_console(code: str, where: str) -> tuple[str, str]:
    """Run each ``$`` line; returns (expected, actual) transcripts."""
    expected: list[str] = []
    actual: list[str] = []
    command: str | None = None
    for line in [*code.splitlines(), "$ "]:
        if line.startswith("$ "):
            if command is not None:
                argv = shlex.split(command)
                assert argv[0] == "govdisclosure", f"{where}: only govdisclosure commands run here: {command}"
                out, err = io.StringIO(), io.StringIO()
                cli.main(argv[1:], stdout=out, stderr=err)
                actual.append(f"$ {command}")
                actual.extend(out.getvalue().rstrip("\n").splitlines())
            command = line[2:].strip() or None
            if command is not None:
                expected.append(line.rstrip())
        else:
            expected.append(line.rstrip())
    return "\n".join(expected), "\n".join(actual)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    found = blocks(text)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    replacements: list[tuple[int, int, str]] = []
    printed = ""
    name = page.relative_to(ROOT)
    for block in found:
        where = f"{name}:{block.line}"
        if block.marker == "skip":
            continue
        if block.lang == "python":
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(block.code, where, "exec"), namespace)
            printed = buffer.getvalue()
        elif block.lang == "text" and block.marker == "output":
            if UPDATE:
                replacements.append((block.start, block.end, printed.rstrip("\n") + "\n"))
            else:
                assert normalise(printed) == normalise(block.code), (
                    f"{where}: the output shown is not what the code prints"
                )
        elif block.lang == "console":
            expected, actual = run_console(block.code, where)
            if UPDATE:
                replacements.append((block.start, block.end, actual + "\n"))
            else:
                assert normalise(actual) == normalise(expected), (
                    f"{where}: the transcript is not what the commands print"
                )
    if UPDATE and replacements:
        for start, end, new in sorted(replacements, reverse=True):
            text = text[:start] + new + text[end:]
        page.write_text(text, encoding="utf-8")


def test_the_report_screenshots_are_legible_at_page_width() -> None:
    """Laid out at the docs' text width and taken at twice the pixels (the PNG's resolution
    says so), a screenshot shown at page width shows its text at the text's own size; the
    earlier ones were laid out 1,000–1,250 pixels wide and shrank to two thirds."""
    from PIL import Image

    for name in ("report-gb2021-audit", "report-gb2019-blanks", "report-legacy", "collection"):
        with Image.open(ROOT / "docs" / "images" / f"{name}.png") as image:
            dpi = image.info.get("dpi", (96, 96))[0]
            css_width = image.width * 96 / dpi
        assert dpi >= 190, name  # taken at twice the pixels
        assert css_width <= 840, (name, css_width)  # the width of the docs' text column
