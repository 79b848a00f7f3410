"""PDFs as offices print them from Word: tables without ruling lines whose narrow label
columns wrap each label over many lines, group labels wrapping beside them, Table 4's
headings a character a line, notes in a cell wrapping under their figure.

The fixtures are examples printed so by LibreOffice (tests/fixtures/pdf/make.py says
how); each must read back as its example, and what does not read back must be flagged.
"""

from __future__ import annotations

import pathlib
import re

import pytest

import govdisclosure as gd
from govdisclosure.extraction import extract
from govdisclosure.extraction._values import kept

from . import render
from .conftest import EXAMPLES
from .extraction_helpers import cells, is_flagged

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "pdf"


def _example(path: pathlib.Path) -> gd.AnnualReport:
    return gd.load(EXAMPLES / "valid" / f"{path.stem.split('-unruled')[0]}.json")


def _reads_whole(name: str, example: str) -> None:
    """The fixture reads back as its example, cell for cell, nothing flagged."""
    result = extract(FIXTURES / name)
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert cells(result.report) == cells(gd.load(EXAMPLES / "valid" / f"{example}.json"))
    assert result.report.extraction is not None
    assert list(result.report.extraction.flags) == []


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


@pytest.mark.parametrize(
    ("name", "example"),
    [
        ("shuyang-county-government-2025-row-split.pdf", "shuyang-county-government-2025"),
        # text in the middle of its cells; the two pages' grids number their columns differently
        ("hongze-district-government-2024-row-split-centred.pdf", "hongze-district-government-2024"),
        # Table 3's header rows repeated at the top of each page, between the halves of each cut row
        ("shuyang-county-government-2025-row-split-header.pdf", "shuyang-county-government-2025"),
    ],
)
def test_rows_cut_by_page_breaks_read_back_cell_for_cell(name: str, example: str) -> None:
    _reads_whole(name, example)


def test_a_row_cut_in_two_by_a_page_break_reads_as_one_row() -> None:
    """Word and LibreOffice let a row break across pages: the label's first lines and the
    figures on one page (1.申请人 | 9 | 0 …), the rest of the label and empty cells on the
    next. The two halves are one row, its figures the ones printed, its blanks none."""
    path = FIXTURES / "shuyang-county-government-2025-row-split.pdf"
    result = extract(path)
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert cells(result.report) == cells(gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json"))
    assert result.report.extraction is not None
    assert list(result.report.extraction.flags) == []
    traces = {t.pointer: t for t in result.report.extraction.cells}
    cut = traces["/body/applications/results/other/no_correction_overdue/natural_person"]
    after = traces["/body/applications/results/other/fee_not_paid_overdue/natural_person"]
    assert (cut.text, after.text) == ("9", "7")
    assert cut.page is not None
    assert after.page == cut.page + 1  # the figures of the cut row stood before the break


def test_group_labels_set_bottom_to_top_are_read_in_their_cells() -> None:
    from govdisclosure.extraction._pdf import pdf_layout

    path = FIXTURES / "hongze-district-government-2024-vertical.pdf"
    result = extract(path)
    assert result.report is not None
    assert cells(result.report) == cells(gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json"))
    layout, _ = pdf_layout(path.read_bytes())
    assert layout is not None
    texts = {kept(p.text) for row in layout.rows if row.grid for p in row.pieces}  # lines of a cell joined
    assert {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"} <= texts


def _glyph(text: str, x: float, top: float, matrix: tuple[float, ...], upright: bool = False) -> dict[str, object]:
    return {"text": text, "x0": x, "x1": x + 10.0, "top": top, "bottom": top + 10.0, "upright": upright,
            "matrix": matrix}  # fmt: skip


def test_turned_glyphs_read_in_their_direction_and_a_watermark_is_not_text() -> None:
    from govdisclosure.extraction import _pdf

    up = (0.0, 1.0, -1.0, 0.0, 0.0, 0.0)  # set bottom to top
    down = (0.0, -1.0, 1.0, 0.0, 0.0, 0.0)  # set top to bottom
    column = [_glyph(c, 100.0, 200.0 - 10 * i, up) for i, c in enumerate("行政复议")]
    assert ["".join(str(c["text"]) for c in run) for run in _pdf._vertical_runs(column[::-1])] == ["行政复议"]
    two = [_glyph(c, 100.0, 10 * i, down) for i, c in enumerate("行政")] + [
        _glyph(c, 85.0, 10 * i, down) for i, c in enumerate("诉讼")
    ]  # columns read right to left
    assert ["".join(str(c["text"]) for c in run) for run in _pdf._vertical_runs(two)] == ["行政", "诉讼"]
    # East Asian glyphs upright down a cell with their brackets turned: one run, top to bottom
    mixed = [_glyph("（", 50.0, 0.0, down), _glyph("五", 50.0, 12.0, (1, 0, 0, 1, 0, 0), upright=True),
             _glyph("）", 50.0, 24.0, down), _glyph("不", 50.0, 36.0, (1, 0, 0, 1, 0, 0), upright=True)]  # fmt: skip
    assert ["".join(str(c["text"]) for c in line) for line in _pdf._reading_lines(mixed)] == ["（五）不"]
    assert _pdf._turned(_glyph("内", 0.0, 0.0, (0.71, 0.71, -0.71, 0.71, 0.0, 0.0))) == 0  # a watermark across
    assert _pdf._turned(_glyph("内", 0.0, 0.0, (1, 0, 0, 1, 0, 0), upright=True)) == 0


def test_a_watermark_across_the_page_stays_out_of_the_cells() -> None:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from govdisclosure.extraction._pdf import pdf_layout

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sink = io.BytesIO()
    page = canvas.Canvas(sink, invariant=1)
    page.setFont("STSong-Light", 11)
    for x in (100, 200, 300):
        page.line(x, 500, x, 700)
    for y in (500, 600, 700):
        page.line(100, y, 300, y)
    page.drawString(110, 650, "规章")
    page.drawString(210, 650, "13")
    page.drawString(210, 550, "60")
    page.saveState()
    page.translate(110, 520)
    page.rotate(90)
    page.drawString(0, 0, "规范性")  # a label set bottom to top
    page.restoreState()
    page.saveState()
    page.translate(120, 560)
    page.rotate(45)
    page.setFont("STSong-Light", 40)
    page.drawString(0, 0, "内部资料")  # a watermark across the table
    page.restoreState()
    page.save()
    layout, _ = pdf_layout(sink.getvalue())
    assert layout is not None
    grid = [[p.text for p in row.pieces] for row in layout.rows if row.grid]
    assert grid == [["规章", "13"], ["规范性", "60"]]


def test_figures_and_label_a_page_break_left_outside_the_tables_are_no_blank_row() -> None:
    """WeasyPrint draws no ruling round a row the page break cuts: its figures stand at the
    foot of one page, its label wrapped over three lines at the head of the next, outside
    the tables. The label's lines are not rows printed blank (each line alone names the
    row): the figures beside them are the row's."""
    path = FIXTURES / "shanghai-government-office-2025-weasyprint.pdf"
    result = extract(path)
    assert result.report is not None
    expected = cells(gd.load(EXAMPLES / "valid" / "shanghai-government-office-2025.json"))
    got = cells(result.report)
    assert result.report.extraction is not None
    flagged = {f.pointer for f in result.report.extraction.flags}
    wrong = [p for p in expected if got.get(p) != expected[p]]
    assert all(any(p == f or p.startswith(f + "/") for f in flagged) for p in wrong)
    row = "/body/applications/results/other/fee_not_paid_overdue"
    assert [got[f"{row}/{c}"] for c in ("natural_person", "total")] == [
        expected[f"{row}/natural_person"],
        expected[f"{row}/total"],
    ]


def test_a_row_left_without_its_ruling_at_the_head_of_a_page_is_the_table_s_row() -> None:
    """A browser's print draws the line between two rows once, at the foot of the page
    before: the first row after the break (一、本年新收… 821 35 …) stands above the ruled
    table without a line over it. It is a row of the table, each figure in its cell."""
    _reads_whole("shanghai-government-office-2019-weasyprint.pdf", "shanghai-government-office-2019")


@pytest.mark.parametrize(
    "name",
    [
        # Table 3's headings as a <thead>, printed again at the top of each page: a cut row's
        # figures under no label at the foot of one page, its group labels outside the
        # ruling, its label without figures after the repeated headings
        "hongze-district-government-2024-weasyprint-thead.pdf",
        # each cell's box drawn apart: a sliver of merged cells after the cut row's figures
        "hongze-district-government-2024-weasyprint-separate.pdf",
        # the cut row's figures beside its group's label, its own label on the next page
        "shanghai-government-office-2025-weasyprint-separate.pdf",
        # the cut row's figures below the ruling at the foot of the page
        "shuyang-county-government-2025-weasyprint-thead.pdf",
        # the rest of the cut row's label above the ruling at the head of the next page (A5)
        "hongze-district-government-2024-weasyprint-a5.pdf",
    ],
)
def test_a_row_cut_with_its_figures_and_label_apart_keeps_its_figures(name: str) -> None:
    path = FIXTURES / name
    result = extract(path)
    assert result.report is not None
    example = name.split("-weasyprint")[0]
    assert cells(result.report) == cells(gd.load(EXAMPLES / "valid" / f"{example}.json"))
    assert result.report.extraction is not None
    # only a cell the example itself prints as words is flagged (read as text, as printed)
    assert [f.code for f in result.report.extraction.flags if f.code != "extract.unreadable_value"] == []


def test_with_thead_moves_the_three_header_rows() -> None:
    page = render.with_thead(render.render_html(gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")))
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert head.count("<tr") == 3
    assert "申请人情况" in head
    assert "本年新收" not in head


def test_tables_ruled_with_compound_borders_are_found_whole() -> None:
    """A thin line beside a thick one (Word's thinThickSmallGap) stops short of the lines
    across it: the table is still one grid, every cell in its place."""
    _reads_whole("hongze-district-government-2024-compound-borders.pdf", "hongze-district-government-2024")


@pytest.mark.parametrize(
    "name",
    [
        "shuyang-county-government-2025-calc.pdf",
        "shuyang-county-government-2025-calc-ruled.pdf",
        "hongze-district-government-2024-calc-ruled.pdf",
    ],
)
def test_a_workbook_printed_with_labels_clipped_at_their_cells_reads_back(name: str) -> None:
    """Printed from a spreadsheet in narrow columns, a label wider than its cell is clipped
    at the next cell's edge: its hidden rest is still in the PDF, running under (or up to)
    the next cell's figure (禁止0公开, 申请12). The label keeps its rest, the figure its
    cell."""
    result = extract(FIXTURES / name)
    assert result.report is not None
    got = cells(result.report)
    expected = cells(gd.load(EXAMPLES / "valid" / f"{name.split('-calc')[0]}.json"))
    assert got == expected
    row = "/body/applications/results/not_processed/petition_or_complaint"
    assert got[f"{row}/natural_person"] == expected[f"{row}/natural_person"]


def test_words_part_where_text_is_printed_over_text_and_where_figures_stand_apart() -> None:
    from govdisclosure.extraction import _pdf

    def glyphs(text: str, x: float, step: float, size: float = 10.0) -> list[dict[str, object]]:
        return [{"text": c, "x0": x + k * step, "x1": x + k * step + step, "top": 0.0, "bottom": size, "size": size}
                for k, c in enumerate(text)]  # fmt: skip

    # a clipped label's hidden rest (公开) runs on under the next cell's figure (0)
    line = sorted([*glyphs("禁止公开", 100, 10), *glyphs("0", 123, 5)], key=lambda c: c["x0"])  # type: ignore[arg-type, return-value]
    words = ["".join(str(c["text"]) for c in w) for w in _pdf._words(line)]
    assert words == ["禁止公开", "0"]
    # two figures in cells side by side, a point apart: two figures, not 6251000
    line = [*glyphs("6", 100, 5), *glyphs("251000元", 107, 5)]
    assert ["".join(str(c["text"]) for c in w) for w in _pdf._words(line)] == ["6", "251000元"]
    # one figure's digits shoulder to shoulder stay one
    assert ["".join(str(c["text"]) for c in w) for w in _pdf._words(glyphs("251000", 0, 5))] == ["251000"]


def test_a_label_under_the_outcomes_heading_cut_short_still_names_its_row() -> None:
    """三、本年度办 (the merged heading of all the outcomes, clipped) before （六）其他处理
    or （七）总计: the row is named as under the whole heading."""
    from govdisclosure.extraction._tables import _t3_candidates
    from govdisclosure.extraction._template import table3

    spec = table3(gd.Template.GB2021)
    assert _t3_candidates("三、本年度办（六）其他处理", spec) == _t3_candidates(
        "三、本年度办理结果（六）其他处理", spec
    )
    assert _t3_candidates("三、本年度办（七）总计", spec) == _t3_candidates("（七）总计", spec)
    assert _t3_candidates("本年度报告", spec)[0] == {}


def test_figures_set_right_in_cells_whose_headings_are_set_left_are_not_guessed() -> None:
    """A spreadsheet printed without ruling sets Table 4's headings at the left of their
    cells and the figures at the right: a figure stands between two headings, under
    neither. Its row is flagged, never placed under the nearer heading's neighbour."""
    result = extract(FIXTURES / "shanghai-government-office-2019-calc.pdf")
    assert result.report is not None
    got = cells(result.report)
    expected = cells(gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json"))
    assert result.report.extraction is not None
    flagged = {f.pointer for f in result.report.extraction.flags}
    wrong = [p for p in expected if got.get(p) != expected[p]]
    assert all(any(p == f or p.startswith(f + "/") for f in flagged) for p in wrong)
    assert "/body/review_litigation" in flagged  # Table 4 not captured, said so


@pytest.mark.parametrize("convert", ["pdfminer", "pdfium"])
@pytest.mark.parametrize(
    "name",
    [
        "hongze-district-government-2024-unruled.pdf",
        "hongze-district-government-2024-weasyprint-thead.pdf",
        "shuyang-county-government-2025-row-split.pdf",
        "shanghai-government-office-2019-weasyprint.pdf",
    ],
)
def test_the_text_other_converters_give_a_pdf_is_wrong_nowhere_unflagged(convert: str, name: str) -> None:
    """The text pdfminer gives (each text box a paragraph, an empty line after it, a table
    column by column) and PDFium gives (a cell's words wrapped, rows of figures): where a
    cell reads wrong it is flagged. Table 4 read zeros left over from Table 3 (not
    flagged, its sums held); （七）总计 took empty lines between boxes for blank cells;
    （六）其他处理 printed as one row was read as its three rows by order, flagged on those
    rows only."""
    pytest.importorskip("pdfplumber")  # brings pdfminer.six and pypdfium2
    pdf = (FIXTURES / name).read_bytes()
    text = render.pdfminer_text(pdf) if convert == "pdfminer" else render.pdfium_text(pdf)
    result = extract(text.encode(), format="text")
    assert result.report is not None
    assert result.report.extraction is not None
    example = gd.load(
        EXAMPLES / "valid" / f"{name.split('-unruled')[0].split('-weasyprint')[0].split('-row-split')[0]}.json"
    )
    want, got = cells(example), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]
    wrong = [p for p in want if got.get(p) != want[p]]
    assert [p for p in wrong if not any(p == f or p.startswith(f + "/") for f in flagged)] == []


@pytest.mark.parametrize("number", ["{n}", "— {n} —"])
def test_a_bare_page_number_under_a_table_without_ruling_lines_is_no_figure(number: str) -> None:
    """A page's number printed bare and centred under Table 3 where a page broke inside it
    (no ruling lines: figures stand where they stand) was read as a figure of a row, 28
    cells wrong (flagged). The number alone in the page's margin, centred, clear of the
    rest, is the page's number; the title over each page is no row either."""
    pytest.importorskip("pdfplumber")
    pytest.importorskip("reportlab")
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    pdf = render.render_pdf(report, ruled=False, header=render.title(report), page_number=number)
    result = extract(pdf)
    assert result.report is not None
    assert cells(result.report) == cells(report)


#: markitdown's Markdown of PDFs of the examples (tests/fixtures/markdown/README.md), and
#: whether the example prints every cell (then every cell comes back).
MARKITDOWN = {
    "hongze-district-government-2024-reportlab-ruled": True,
    "shuyang-county-government-2025-reportlab-ruled": True,
    "hongze-district-government-2024-weasyprint-thead": False,
    "shuyang-county-government-2025-calc-ruled": False,
    "shuyang-development-reform-bureau-2023-reportlab-centred": False,
    "shanghai-government-office-2025-unruled": False,
    "hongze-district-government-2024-calc-ruled": False,
    "generated-gb2021-with-blanks-and-slashes": False,
}


@pytest.mark.parametrize("name", sorted(MARKITDOWN))
def test_markdown_markitdown_writes_from_a_pdf_is_wrong_nowhere_unflagged(name: str) -> None:
    """markitdown sets a PDF's words into tables of its own columns: figures of narrow
    neighbouring columns joined in one cell (``| 95 0 | 0 0 | 0 0 | 95 |``), a row's label
    a line below its figures, an empty column before the figures. Rows with joined cells
    were too short (not captured), a label between two rows' figures was taken by the row
    below (wrong, unflagged), and figures were read a column off after the empty column
    (wrong, unflagged: 32 cells of two of these files); a figure whose note the converter
    cut (55（含自然失效29) was taken for words and an empty column between two headed ones
    for a blank cell, and a row of Table 2 with joined figures took the row's padding for
    its last cell (wrong, unflagged). Joined figures are split (where the row adds up, or
    flagged), empty columns between headed ones left out, the rest not read as sure. A
    generated report with blanks and slashes: joined cells holding a mark (``/ 999999``)
    were read in order, a column off (wrong, unflagged); now flagged."""
    folder = FIXTURES.parent / "markdown"
    own = folder / f"{name}.json"  # a generated report, printed by render_pdf unruled
    example = gd.load(
        own
        if own.exists()
        else EXAMPLES / "valid" / f"{re.sub(r'-(reportlab|calc|unruled|weasyprint).*', '', name)}.json"
    )
    text = (folder / f"{name}.markitdown.md").read_bytes()
    report = extract(text, format="markdown").report
    assert report is not None
    want, got = cells(example), cells(report)
    assert [p for p in want if got.get(p) != want[p] and not is_flagged(report, p)] == []
    if MARKITDOWN[name]:
        assert got == want
