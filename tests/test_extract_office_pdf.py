"""PDFs as offices print them from Word: tables without ruling lines whose narrow label
columns wrap each label over many lines, group labels wrapping beside them, Table 4's
headings a character a line, notes in a cell wrapping under their figure.

The fixtures are examples printed so by LibreOffice (tests/fixtures/pdf/make.py says
how); each must read back as its example, and what does not read back must be flagged.
"""

from __future__ import annotations

import pathlib

import pytest

import govdisclosure as gd
from govdisclosure.extraction import extract
from govdisclosure.extraction._values import kept

from .conftest import EXAMPLES
from .extraction_helpers import cells

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "pdf"


def _example(path: pathlib.Path) -> gd.AnnualReport:
    return gd.load(EXAMPLES / "valid" / f"{path.stem.split('-unruled')[0]}.json")


@pytest.mark.parametrize(
    "name",
    [
        "hongze-district-government-2024-unruled.pdf",  # figures at the top of their label's lines
        "shanghai-government-office-2019-unruled-centred.pdf",  # figures between their label's lines, blank rows
    ],
)
def test_labels_wrapped_over_many_lines_read_back_cell_for_cell(name: str) -> None:
    path = FIXTURES / name
    result = extract(path)
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert cells(result.report) == cells(_example(path))
    assert result.report.extraction is not None
    assert list(result.report.extraction.flags) == []


def test_a_note_wrapping_under_its_figure_stays_in_its_cell() -> None:
    """22（其中修订16 / 件）: the second line joins the cell it starts under. The one row whose
    cells print only text (no figure to place them by) is flagged, never read wrong."""
    path = FIXTURES / "shanghai-government-office-2025-unruled.pdf"
    result = extract(path)
    assert result.report is not None
    got, expected = cells(result.report), cells(_example(path))
    repealed = "/body/proactive_disclosure/art20_1/normative_documents/repealed"
    assert got[repealed] == expected[repealed]
    wrong = sorted(p for p in expected if got.get(p) != expected[p])
    assert all(p.startswith("/body/proactive_disclosure/art20_1/rules/") for p in wrong)
    assert result.report.extraction is not None
    flagged = {f.pointer for f in result.report.extraction.flags}
    assert all(any(p == f or p.startswith(f + "/") for f in flagged) for p in wrong)


def test_a_cell_s_wrapped_lines_are_joined_as_the_language_reads() -> None:
    assert kept("22（其中修订16\n件）") == "22（其中修订16件）"
    assert kept(" （来源PDF转换后\n此单元格无法辨\n认） ") == "（来源PDF转换后此单元格无法辨认）"
    assert kept("see\n note") == "see note"  # Latin words keep their space
    assert kept("12\n34") == "1234"
    assert kept("无") == "无"


def test_text_copied_from_such_a_pdf_reads_back() -> None:
    """Copied without layout, the label's lines follow its figures (1.属 | figures, then
    于国 / 家秘 / 密) and group labels wrap among them: a label cut to its number and first
    characters names the one row of that number that starts so; （六）其他处 / 理 is the
    group printed as one row."""
    path = FIXTURES / "hongze-district-government-2024-unruled.txt"
    result = extract(path)
    assert result.report is not None
    assert cells(result.report) == cells(_example(path))


def test_text_copied_from_a_centred_pdf_leaves_nothing_wrong_unflagged() -> None:
    """The figures between their label's lines, no positions to tell the columns: what
    cannot be placed is flagged, never placed wrong."""
    path = FIXTURES / "hongze-district-government-2024-unruled-centred.txt"
    result = extract(path)
    assert result.report is not None
    assert result.report.extraction is not None
    got, expected = cells(result.report), cells(_example(path))
    flagged = {f.pointer for f in result.report.extraction.flags}
    wrong = [p for p in expected if got.get(p) != expected[p]]
    assert all(any(p == f or p.startswith(f + "/") for f in flagged) for p in wrong)
    subtotal = "/body/applications/results/other/subtotal/total"
    assert got[subtotal] == expected[subtotal]  # （六）其他处 / figures / 理
