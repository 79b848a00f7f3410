"""Extraction: published reports into documents, every figure traced, every doubt flagged.

The examples are rendered as agencies publish them (web pages, Markdown, text, Word,
spreadsheets, PDF) and must extract back cell for cell; the real published samples
of ../shared/samples (when present beside the project) must extract to their
hand-encoded examples.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import io
import json
import pathlib
import re
import zipfile
from collections.abc import Callable

import attrs
import pytest

import govdisclosure as gd
from govdisclosure.cli import main
from govdisclosure.extraction import extract
from govdisclosure.model import Cell, CellStatus, Money, MoneyUnit

from . import render
from .conftest import EXAMPLES
from .extraction_helpers import SAMPLES, cells, is_flagged

VALID = sorted((EXAMPLES / "valid").glob("*.json"))
GB = [p for p in VALID if json.loads(p.read_text(encoding="utf-8"))["template"] != "legacy"]
NOT_CAPTURED = Cell(CellStatus.NOT_CAPTURED)


# --------------------------------------------------------------------------- the published samples

#: Sample → its example, and the cells the extraction cannot read (the conversion garbled them).
PUBLISHED = {
    "gb2019-shanghai-government-office-2019.html": ("shanghai-government-office-2019", ()),
    "gb2021-shuyang-development-reform-bureau-2023.html": ("shuyang-development-reform-bureau-2023", ()),
    "gb2021-shuyang-county-government-2025.txt": ("shuyang-county-government-2025", ()),
    "gb2021-shanghai-science-commission-2024.md": ("shanghai-science-commission-2024", ()),
    "gb2021-hongze-district-government-2024.pdf": ("hongze-district-government-2024", ()),
    # Table 2's first block lost a cell in the PDF conversion: both rows print two figures
    # for three columns, so neither row can be placed (the example places them by meaning).
    "gb2021-shanghai-government-office-2025.md": (
        "shanghai-government-office-2025",
        ("/body/proactive_disclosure/art20_1/rules", "/body/proactive_disclosure/art20_1/normative_documents"),
    ),
}
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "samples").is_dir(), reason="the published samples (../shared/samples) are not beside the project"
)


@needs_samples
@pytest.mark.parametrize("sample", sorted(PUBLISHED))
def test_published_sample_extracts_to_its_example(sample: str) -> None:
    example, unreadable = PUBLISHED[sample]
    result = extract(SAMPLES / "samples" / sample)
    assert result.report is not None, [f.format_text() for f in result.findings]
    expected = cells(gd.load(EXAMPLES / "valid" / f"{example}.json"))
    got = cells(result.report)
    assert set(got) == set(expected)
    wrong = {p: (expected[p], got[p]) for p in expected if got[p] != expected[p]}
    garbled = {p for p in wrong if p.startswith(unreadable)} if unreadable else set()
    assert set(wrong) == garbled, wrong
    for pointer in garbled:  # never a guess: not captured, and flagged
        assert got[pointer] == NOT_CAPTURED
        assert is_flagged(result.report, pointer)
    assert result.report.extraction is not None
    assert [f.pointer for f in result.report.extraction.flags] == list(unreadable)
    assert result.exit_code == (1 if unreadable else 0)


@pytest.mark.parametrize(
    ("line", "publisher", "published"),
    [
        ("来源:区人民政府办公室 时间:2017-01-12 10:01", "区人民政府办公室", datetime.date(2017, 1, 12)),
        (
            "来源：政府信息公开办  浏览次数：132  时间：2019-03-07 11:43  【字号：大 中 小】",
            "政府信息公开办",
            datetime.date(2019, 3, 7),
        ),
        ("来源：http://www.example.gov.cn/a/b.shtml\n采集时间：2025-12-30T21:37:37+08:00", None, None),
        ("发布时间：2018-02-26    点击数：56", None, datetime.date(2018, 2, 26)),
    ],
)
def test_a_page_s_source_and_time_line(line: str, publisher: str | None, published: datetime.date | None) -> None:
    """来源 and 时间 as a content platform prints them over an article are its publisher and
    publishing date (counters and font-size links after them are not); where a page was
    saved from and when it was collected are neither."""
    text = f"某区2016年政府信息公开工作年度报告\n{line}\n一、概述\n本年度工作平稳。\n二、依申请公开情况\n全年共受理申请5件。\n"
    report = extract(text, format="text").report
    assert report is not None
    metadata = report.metadata
    assert (metadata.publisher if metadata else None) == publisher
    assert (metadata.publish_date if metadata else None) == published


def test_the_introduction_is_a_section_of_its_own() -> None:
    """The text between the title and the first numbered section is the preamble: after
    the title a page prints again over the article (its menus before it), without the
    metadata block, the body and date under the title, or a date line; a line the page
    wrapped keeps its place in the paragraph."""
    text = (
        "标题：某县某局2023年政府信息公开年度报告-某县某局\n首页\n政府信息公开\n"
        "索引号：014314799/2024-00002 发布机构：某县某局\n"
        "某县某局2023年政府信息公开年度报告\n某县某局\n（2024年1月17日）\n2024-01-17 09:30\n"
        "根据《中华人民共和国政府信息公开条例》（以下简称\n《条例》）要求编制本报告。本报告所列数据的统计期限为2023年1月1日至2023年12月31日。\n"
        "一、总体情况\n本年度工作平稳。\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    sections = report.body.sections
    assert [s.key for s in sections][:2] == ["preamble", "overall"]
    assert sections[0].heading == ""
    assert sections[0].text == (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制本报告。"
        "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
    )


def test_a_legacy_section_headed_as_a_gb_table_is_narrative() -> None:
    """二、主动公开政府信息情况 heads Table 2 in the gb templates and a section of narrative
    in a report on 2008–2018: its text is kept."""
    text = "某区人民政府2016年政府信息公开工作年度报告\n一、概述\n工作平稳。\n二、主动公开政府信息情况\n全年主动公开信息120条。\n"
    report = extract(text, format="text").report
    assert report is not None
    assert [(s.key, s.text) for s in report.body.sections] == [
        ("overview", "工作平稳。"),
        ("proactive", "全年主动公开信息120条。"),
    ]


def _with_text_beside_tables(report: gd.AnnualReport, shape: str, before: str, after: str) -> str:
    """The report rendered in ``shape`` with a paragraph under Table 3's heading, before the
    table, and one after Table 4."""
    heading = "三、收到和处理政府信息公开申请情况"
    if shape == "html":
        page = render.render_html(report)
        end = page.index("</p>", page.index(heading)) + len("</p>")
        page = page[:end] + f"<p>{before}</p>" + page[end:]
        five = page.index("<p>五、")
        return page[:five] + f"<p>{after}</p>" + page[five:]
    page = render.render_markdown(report) if shape == "markdown" else render.render_text(report)
    page = page.replace(heading + "\n", f"{heading}\n{before}\n", 1)
    five = page.index("\n五、")
    return page[:five] + f"\n{after}" + page[five:]


@pytest.mark.parametrize("shape", ["html", "markdown", "text"])
def test_text_printed_beside_a_table_under_its_heading_is_kept(shape: str) -> None:
    """A paragraph under Table 3's heading before the table (收到申请713件，…) and one after
    Table 4 were dropped with the tables' regions: they are the sections keyed as the
    tables are, their figures restate the cells, and no cell changes."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    before = "2025年，本机关共收到政府信息公开申请713件，均已按时办结。其中，予以公开294件，部分公开101件。"
    after = "本年度行政复议案件较上年有所增加，主要涉及征收补偿类信息。"
    page = _with_text_beside_tables(report, shape, before, after)
    result = extract(page.encode(), format=shape).report
    assert result is not None
    assert cells(result) == cells(report)
    beside = [
        (s.key, s.heading, s.text) for s in result.body.sections if s.key in ("applications", "review_litigation")
    ]
    assert beside == [
        ("applications", "三、收到和处理政府信息公开申请情况", before),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", after),
    ]
    restated = [(f.value, f.refers_to) for f in result.stated_figures if f.section == "applications"]
    assert restated == [
        (713, "/body/applications/new_received"),
        (294, "/body/applications/results/granted"),
        (101, "/body/applications/results/partially_granted"),
    ]


@pytest.mark.parametrize(
    "shape",
    [render.render_text, render.render_markdown, render.render_padded, render.render_cell_lines, render.render_flat],
)
def test_a_tables_own_lines_are_no_text_beside_it(shape: Callable[[gd.AnnualReport], str]) -> None:
    """Headers (行政复议 行政诉讼, | 行政复议 |  | …), captions and row labels on lines of
    their own stay the table's: no section of text beside a table comes of them."""
    for path in sorted((EXAMPLES / "valid").glob("*.json")):
        report = gd.load(path)
        if report.template is gd.Template.LEGACY:
            continue
        result = extract(shape(report).encode(), format="text").report
        assert result is not None
        keys = [s.key for s in result.body.sections]
        assert not {"proactive_disclosure", "applications", "review_litigation"} & set(keys), path.name


@pytest.mark.parametrize("shape", ["html", "markdown", "text"])
def test_a_note_printed_under_table_2_is_its_note(shape: str) -> None:
    """注：… under Table 2 was kept by Tables 3 and 4 only: Table 2's was lost."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    note = "注：行政许可数量含备案事项。"
    heading = "三、收到和处理政府信息公开申请情况"
    if shape == "html":
        page = render.render_html(report).replace(f"<p>{heading}", f"<p>{note}</p><p>{heading}", 1)
    else:
        page = (render.render_markdown if shape == "markdown" else render.render_text)(report)
        page = page.replace(f"\n{heading}", f"\n{note}\n{heading}", 1)
    assert note in page
    result = extract(page.encode(), format=shape).report
    assert result is not None
    assert result.body.proactive_disclosure.notes == (note,)  # type: ignore[union-attr]
    assert cells(result) == cells(report)


def _with_note_rows(report: gd.AnnualReport, shape: str) -> str:
    """The report with a note (注：…) in a last row of each table: one merged cell of a web
    page's table, or a pipe row of one filled cell and blank ones."""
    if shape == "html":
        page = render.render_html(report)
        ends = [m.start() for m in re.finditer("</table>", page)]
        for n, end in reversed(list(enumerate(ends))):
            page = page[:end] + f'<tr><td colspan="16">注：第{n}表的说明。</td></tr>' + page[end:]
        return page
    lines = render.render_markdown(report).split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if line.startswith("|") and not (i + 1 < len(lines) and lines[i + 1].startswith("|")):
            out.append(f"| 注：第{len([x for x in out if x.startswith('| 注：')])}表的说明。 |" + " |" * 8)
    return "\n".join(out)


@pytest.mark.parametrize("shape", ["html", "markdown"])
def test_a_note_in_a_row_of_the_tables_own_is_its_note(shape: str) -> None:
    """注：… in a last row of a table: in a web page's merged cell it was lost; in a pipe row
    with blank cells after it, it was read as a row of blanks, Table 2 got an extra row and
    Table 4 was lost whole."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = extract(_with_note_rows(report, shape).encode(), format=shape).report
    assert result is not None
    assert cells(result) == cells(report)
    body = result.body
    assert isinstance(body, gd.model.Gb2021Body)
    notes = [body.proactive_disclosure.notes, body.applications.notes, body.review_litigation.notes]
    assert notes == [("注：第0表的说明。",), ("注：第1表的说明。",), ("注：第2表的说明。",)]
    assert result.extraction is not None
    assert not [f for f in result.extraction.flags if f.code in ("extract.extra_row", "extract.table_not_found")]


@pytest.mark.parametrize(
    "words", ["填报单位：某局 填表人：张三", "单位：件", "以上数据统计截至2025年12月31日。", "填报人 张三"]
)
def test_words_in_a_last_pipe_row_of_each_table_are_no_row_of_figures(words: str) -> None:
    """A pipe row of words and blank cells under each table (who filled it in, the unit, a
    sentence): read as a row of blank figures, it lost Table 4 whole. Words with no colon
    or stop (填报人 张三) may be a row printed beyond Table 2: kept as one, blank, flagged."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    lines = render.render_markdown(report).split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if line.startswith("|") and not (i + 1 < len(lines) and lines[i + 1].startswith("|")):
            out.append(f"| {words} |" + " |" * 8)
    result = extract("\n".join(out).encode(), format="markdown").report
    assert result is not None
    extra = {p for p in cells(result) if "/extra_rows/" in p}
    assert {p: c for p, c in cells(result).items() if p not in extra} == cells(report)
    assert extra == (
        {"/body/proactive_disclosure/extra_rows/0/cells/fee_amount"}
        if "：" not in words and "。" not in words
        else set()
    )


@pytest.mark.parametrize("header", ["某县人民政府2025年政府信息公开工作年度报告", "某县人民政府办公室"])
@pytest.mark.parametrize("stem", ["shanghai-government-office-2019", "hongze-district-government-2024"])
def test_a_page_break_inside_a_table_flattened_to_a_cell_per_line(header: str, stem: str) -> None:
    """Text copied from a PDF, a cell per line, empty lines for blanks, with a page's
    running header and number where a page broke inside a table: the header started a
    row of its own, the cells after it went to it, and the rest of the table shifted
    (some cells wrong and not flagged). Now it stands aside, wherever the break falls."""
    report = gd.load(EXAMPLES / "valid" / f"{stem}.json")
    lines = render.render_flat(report).split("\n")
    first = next(i for i, line in enumerate(lines) if "本年新收" in line)
    for at in range(first + 1, len(lines), 23):
        page = "\n".join([*lines[:at], header, "— 3 —", *lines[at:]])
        result = extract(page.encode(), format="text").report
        assert result is not None
        assert cells(result) == cells(report), (at, lines[at - 2 : at + 2])


def test_a_running_header_between_two_halves_of_a_paragraph_is_left_out() -> None:
    """Text copied from a PDF: the title over the next page (and its number) stood in the
    middle of a sentence of the narrative."""
    text = (
        "某县人民政府2025年政府信息公开工作年度报告\n一、总体情况\n2025年，我县全面推进政务公开工作，不断\n"
        "某县人民政府2025年政府信息公开工作年度报告\n— 2 —\n提升政府工作透明度。\n"
    )
    report = extract(text.encode(), format="text").report
    assert report is not None
    assert [(s.key, s.text) for s in report.body.sections] == [
        ("overall", "2025年，我县全面推进政务公开工作，不断提升政府工作透明度。")
    ]


@pytest.mark.parametrize("shape", ["flat", "spaces", "tabs"])
def test_bare_page_numbers_before_form_feeds_are_left_out(shape: str) -> None:
    """pdftotext and pdfminer end each page with a form feed, the page's number (3) often
    the line before it: read as a figure, it shifted a flattened table's cells and ended
    Table 4 (53 cells wrong in one case). Numbers that number the pages in turn are left
    out, and the form feed is no empty line (an empty line is a blank cell there)."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    write = {
        "flat": render.render_flat,
        "spaces": render.render_text,
        "tabs": lambda r: render.render_text(r, "\t"),
    }[shape]
    lines = write(report).split("\n")
    for shift in (0, 13, 27):
        out: list[str] = []
        number = 1
        for i, line in enumerate(lines):
            out.append(line)
            if (i + shift) % 40 == 39:
                out.append(f"{number}\n\x0c")  # pdftotext: the number, then the form feed
                number += 1
        page = "\n".join(out).replace("\x0c\n", "\x0c")
        result = extract(page.encode(), format="text").report
        assert result is not None
        assert cells(result) == cells(report), shift


def test_a_numbered_label_cut_short_is_a_row_not_words_aside() -> None:
    """Among a table flattened to one cell per line, blanks vanished, a label cut to its
    number (2.其, text copied from a narrow column) after a row short of its figures was
    taken for words aside (a page's header), and its figures went to the row before."""
    from govdisclosure.extraction._layout import text_layout
    from govdisclosure.extraction._tables import observe

    text = "（三）不予公开\n1.属于国家秘密\n14\n14\n2.其\n3\n3\n3.危及“三安全一稳定”\n0\n0\n"
    observed, _ = observe(text_layout(text).rows, 0, gd.Template.GB2021)
    first = next(o for o in observed if o.label == "1.属于国家秘密")
    assert [p.text for p in first.values] == ["14", "14"]


def test_a_lone_bare_number_before_a_form_feed_stays_a_figure() -> None:
    """One page break only, or numbers out of turn: a number before a form feed may be a
    figure that ends its page, and is kept."""
    text = "某县人民政府2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n行政许可\n5\n\x0c行政处罚\n0\n行政强制\n0\n"
    result = extract(text.encode(), format="text").report
    assert result is not None
    assert cells(result)["/body/proactive_disclosure/art20_5/administrative_licensing/decisions"] == 5


def test_text_written_as_paragraph_boxes_column_by_column() -> None:
    """pdfminer writes each text box as a paragraph, an empty line after each, and a
    table's columns one after another (行政处罚 / 行政强制 / 2776 / 84): an empty line was
    taken for a blank cell (行政处罚 blank, not flagged); labels of one figure each, then
    as many figures, are read in order."""
    text = (
        "某区人民政府2024年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n第二十条第（五）项\n\n"
        "信息内容\n\n本年处理决定数量\n\n行政许可\n\n9487\n\n第二十条第（六）项\n\n信息内容\n\n本年处理决定数量\n\n"
        "行政处罚\n\n行政强制\n\n2776\n\n84\n\n第二十条第（八）项\n\n信息内容\n\n本年收费金额（单位：万元）\n\n"
        "行政事业性收费\n\n7545\n\n三、收到和处理政府信息公开申请情况\n"
    )
    result = extract(text.encode(), format="text").report
    assert result is not None
    got = cells(result)
    t2 = "/body/proactive_disclosure"
    assert got[f"{t2}/art20_5/administrative_licensing/decisions"] == 9487
    assert got[f"{t2}/art20_6/administrative_penalty/decisions"] == 2776
    assert got[f"{t2}/art20_6/administrative_coercion/decisions"] == 84


@pytest.mark.parametrize("cut", [None, 13, 20])
@pytest.mark.parametrize("total_at", [6, 5, 0])
def test_tables_written_labels_first_then_column_by_column_read_their_rows(total_at: int, cut: int | None) -> None:
    """pdfminer (and markitdown, which is pdfminer) writes a ruled table as its headings,
    the labels of its rows one per line, then its figures column by column, a box per
    column, each page's part apart; the real page this was found on wrote Table 3's total
    sixth of seven. Table 3 went unread (table_not_found) and Table 2's rows had too many
    figures: every cell reads back now. Table 3's total column is told by its sums and
    sure; the other columns' order is the boxes' and not sure, so a row's figures are
    flagged unless the row prints the same figure in all of them."""
    example = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    text = render.render_column_boxes(example, total_at=total_at, cut=cut)
    report = extract(text.encode(), format="text").report
    assert report is not None
    want, got = cells(example), cells(report)
    assert got == want
    t3 = "/body/applications"
    for pointer in want:
        row, column = pointer.rsplit("/", 1)
        if not pointer.startswith(t3):
            continue
        figures = {str(v) for p, v in want.items() if p.startswith(row + "/") and not p.endswith("/total")}
        doubtful = column != "total" and len(figures) > 1
        assert is_flagged(report, pointer) == doubtful, pointer
    t2 = "/body/proactive_disclosure/art20_1"
    assert not is_flagged(report, f"{t2}/rules/issued")  # 0, 0, 0: no order changes it
    assert is_flagged(report, f"{t2}/normative_documents/in_force")  # 3, 0, 8


@pytest.mark.parametrize(
    "name",
    [
        "hongze-district-government-2024",
        "shanghai-government-office-2019",
        "shanghai-government-office-2025",
        "shanghai-science-commission-2024",
        "shuyang-county-government-2025",
        "shuyang-development-reform-bureau-2023",
    ],
)
def test_tables_written_column_by_column_are_wrong_nowhere_unflagged(name: str) -> None:
    """Written so, a blank cell prints nothing and a cell may print words (a note, or what
    a converter could not read): such tables are not all read, and no cell is read wrong
    unflagged. A row of Table 2 whose label stood under another row's label (规章 /
    行政规范性文件 / 22（其中修订16件） / 34 / …) took a column's figures and an empty line
    for its own, wrong and unflagged."""
    example = gd.load(EXAMPLES / "valid" / f"{name}.json")
    report = extract(render.render_column_boxes(example, total_at=5, cut=13).encode(), format="text").report
    assert report is not None
    want, got = cells(example), cells(report)
    assert [p for p in want if got.get(p) != want[p] and not is_flagged(report, p)] == []


def test_in_text_boxes_the_empty_line_after_a_lone_row_s_figure_is_no_blank_cell() -> None:
    """pdfminer's text, a blank cell printing nothing: 行政事业性收费 / -372 / (empty line)
    read the empty line as the row's second cell, -372 under 上一年项目数量 and a blank
    under 本年增/减, wrong and unflagged. The region is text boxes (the labels of 规章 and
    规范性文件 stand stacked over their figures, read column by column): an empty line there
    parts boxes, and the row with one figure for two columns is not captured, flagged."""
    text = (
        "某市某局2019年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n"
        "本年新制作数量\n\n本年新公开数量\n\n对外公开总数量\n\n规章\n规范性文件\n\n0\n3\n\n0\n2\n\n5\n9\n\n"
        "第二十条第（八）项\n\n信息内容\n\n上一年项目数量\n\n本年增/减\n\n行政事业性收费\n\n-372\n\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    report = extract(text.encode(), format="text").report
    assert report is not None
    got = cells(report)
    t2 = "/body/proactive_disclosure"
    assert [got[f"{t2}/art20_1/rules/{c}"] for c in ("newly_made", "newly_published", "total_published")] == [0, 0, 5]
    assert [
        got[f"{t2}/art20_1/normative_documents/{c}"] for c in ("newly_made", "newly_published", "total_published")
    ] == [3, 2, 9]
    for column in ("prior_year_items", "change"):
        pointer = f"{t2}/art20_8/administrative_fees/{column}"
        assert got[pointer] == Cell(CellStatus.NOT_CAPTURED)
        assert is_flagged(report, pointer)


@pytest.mark.parametrize(("total", "read"), [("95", True), ("96", False)])
def test_figures_of_neighbouring_columns_joined_in_one_cell_are_split_where_the_row_adds_up(
    total: str, read: bool
) -> None:
    """markitdown joins the figures of narrow neighbouring columns in one cell (``| 95 0 |
    0 0 | 0 0 | 95 |``): the row printed four cells for seven columns, not captured. Split,
    the row prints its seven figures, and where its total is their sum it is read; where
    it is not (a joined cell might hold a number with a space in it) the row stays too
    short, not captured and flagged."""
    text = (
        "某区人民政府2024年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
        f"| 一、本年新收政府信息公开申请数量 | 95 0 | 0 0 | 0 0 | {total} |\n| --- | --- | --- | --- | --- |\n\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = extract(text.encode(), format="markdown").report
    assert report is not None
    row = "/body/applications/new_received"
    got = [cells(report)[f"{row}/{c}"] for c in ("natural_person", "commercial_enterprise", "other_org", "total")]
    if read:
        assert got == [95, 0, 0, 95]
        assert not is_flagged(report, f"{row}/total")
    else:
        assert all(v == Cell(CellStatus.NOT_CAPTURED) for v in got)
        assert is_flagged(report, f"{row}/total")


@pytest.mark.parametrize(
    ("line", "cell", "figures"),
    [
        ("| 行政规范性文件 | 34 | 55（含自然失效29 | | 189 |", "55（含自然失效29", True),
        ("| | | | | - | 3 - |", "3 -", False),
    ],
)
def test_a_figure_whose_note_was_cut_stays_a_cell_of_figures_and_a_page_number_none(
    line: str, cell: str, figures: bool
) -> None:
    """markitdown breaks a cell's note over lines (55（含自然失效29 / 件）): the cell was taken
    for words beside the label and the row's cells moved a column. A figure with its note
    opening after it is a cell of figures in its place; a page's number (3 -) is none
    (taken for one, the row of it took the label above it, 1.本机关不掌握相关政府信息)."""
    from govdisclosure.extraction._layout import text_layout
    from govdisclosure.extraction._tables import split

    (row,) = [r for r in text_layout(line + "\n").rows if r.pieces]
    observed = split(row)
    assert (cell in [p.text.strip() for p in observed.values]) is figures
    assert (cell in [p.text.strip() for p in observed.labels]) is not figures


def test_figures_column_by_column_that_add_up_read_row_by_row_too_are_not_read() -> None:
    """Two rows of Table 3's figures, labels first, whose fourteen figures add up as seven
    columns of two (the last the total) and as two rows of seven alike, to different
    tables: which the source meant cannot be told, and neither is read unflagged."""
    figures = ["0", "0", "0", "2", "0", "0", "2", "0", "0", "0", "0", "2", "2", "4"]
    text = (
        "某县人民政府2024年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
        "一、本年新收政府信息公开申请数量\n\n二、上年结转政府信息公开申请数量\n\n"
        + "".join(f"{a}\n{b}\n\n" for a, b in zip(figures[::2], figures[1::2], strict=True))
        + "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = extract(text.encode(), format="text").report
    assert report is not None
    got = cells(report)
    row = "/body/applications/carried_over"
    assert any(p.startswith(row + "/") for p in got)
    for pointer, value in got.items():
        if pointer.startswith(row + "/"):
            assert is_flagged(report, pointer) or (isinstance(value, Cell) and value.status is CellStatus.NOT_CAPTURED)


def test_a_subheading_on_a_line_of_its_own_keeps_its_stop() -> None:
    """（一）系统化推进主动公开。 alone on its line was kept without its 。, while one with
    its text after it on the line kept it: a heading is kept as printed."""
    text = (
        "某县人民政府2025年政府信息公开工作年度报告\n一、总体情况\n（一）系统化推进主动公开。\n本年度工作平稳。\n"
        "（二）规范化办理依申请公开。全年办理平稳。\n（三）监督保障\n考核到位。\n"
    )
    report = extract(text.encode(), format="text").report
    assert report is not None
    overall = report.body.sections[0]
    assert [(s.heading, s.text) for s in overall.subsections] == [
        ("（一）系统化推进主动公开。", "本年度工作平稳。"),
        ("（二）规范化办理依申请公开。", "全年办理平稳。"),
        ("（三）监督保障", "考核到位。"),
    ]


def test_a_report_that_prints_no_table_keeps_what_it_says_instead() -> None:
    """A gb report that writes under each table's heading what happened instead of printing
    the table (本年度未收到政府信息公开申请): the tables are not found and flagged, and what
    it says is kept, where it was lost."""
    text = (
        "某市审计局2022年政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n"
        "二、主动公开政府信息情况\n2022年，本局未制发规章和行政规范性文件。\n"
        "三、收到和处理政府信息公开申请情况\n2022年，本局未收到政府信息公开申请。\n"
        "四、政府信息公开行政复议、行政诉讼情况\n2022年，本局未发生政府信息公开行政复议、行政诉讼案件。\n"
        "五、政府信息公开工作存在的主要问题及改进情况\n宣传不够深入。\n"
    )
    result = extract(text.encode(), format="text")
    assert result.report is not None
    sections = {s.key: s.text for s in result.report.body.sections}
    assert sections["proactive_disclosure"] == "2022年，本局未制发规章和行政规范性文件。"
    assert sections["applications"] == "2022年，本局未收到政府信息公开申请。"
    assert sections["review_litigation"] == "2022年，本局未发生政府信息公开行政复议、行政诉讼案件。"
    assert sections["problems_and_improvements"] == "宣传不够深入。"
    flagged = {f.pointer for f in result.report.extraction.flags if f.code == "extract.table_not_found"}
    assert flagged == {"/body/proactive_disclosure", "/body/applications", "/body/review_litigation"}


def test_problems_after_table_4_whose_heading_a_converter_lost_are_section_five() -> None:
    """A PDF's Markdown that lost 五、…存在的主要问题及改进情况 (as two real reports' do):
    the text after Table 4, opening with （一）主要问题, was dropped; it is section 五 with
    no heading printed, its subsections kept."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_markdown(report)
    five = page.index("\n五、")
    end = page.index("\n六、", five)
    page = page[:five] + "\n（一）主要问题\n公开内容不够丰富。\n（二）改进情况\n下一步将加以改进。" + page[end:]
    result = extract(page.encode(), format="markdown").report
    assert result is not None
    section = next(s for s in result.body.sections if s.key == "problems_and_improvements")
    assert section.heading == ""
    assert [(s.heading, s.text) for s in section.subsections] == [
        ("（一）主要问题", "公开内容不够丰富。"),
        ("（二）改进情况", "下一步将加以改进。"),
    ]
    assert "review_litigation" not in [s.key for s in result.body.sections]


#: What a government website prints after an article (made up in the shape real pages have).
_SITE_TRAILER = (
    "<div><p>上一篇：<a>2024年政府信息公开工作年度报告</a></p><p>下一篇：<a>关于网站检查情况的通报</a></p></div>"
    "<div>【打印本页】【关闭窗口】 分享到：</div><div><h4>相关文件</h4><ul><li><a>2023年年度报告</a></li></ul></div>"
    "<div><p>主办单位：某县人民政府办公室 承办单位：某县大数据中心</p><p>网站标识码：3213000000 苏ICP备05000000号-1</p></div>"
)


@pytest.mark.parametrize(
    "trailer",
    [
        _SITE_TRAILER,
        "<p>打印</p><p>收藏</p><p>关闭本页</p>",
        "<p>打印本页 | 关闭窗口</p><p>责任编辑：张三</p>",
        "<p>分享：</p>",
        "<p>Copyright © 2025 某县人民政府</p>",
    ],
)
def test_the_websites_lines_after_the_article_are_no_part_of_its_last_section(trailer: str) -> None:
    """A saved page goes on after the report's end with the website's own lines (links
    to the articles before and after it, buttons, related links, the site's footer): they
    were the text of section 六 (其他需要报告的事项). The report's text ends before them;
    its cells are as before."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report)
    plain = extract(page.encode(), format="html").report
    result = extract(page.replace("</body>", trailer + "</body>").encode(), format="html").report
    assert plain is not None
    assert result is not None
    assert result.body.sections == plain.body.sections
    assert cells(result) == cells(report)


def test_a_sentence_that_merely_opens_with_a_buttons_word_stays() -> None:
    """Words a website's buttons use that open a line of the report (打印机, 关闭) are its
    text (a guard on the rule above: it passes before the rule as after)."""
    text = (
        "某区2016年政府信息公开工作年度报告\n一、概述\n本年度工作平稳。\n"
        "六、其他需要报告的事项\n打印机等设备已更新。\n关闭的网站栏目已迁移。\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    assert report.body.sections[-1].text == "打印机等设备已更新。\n关闭的网站栏目已迁移。"


@needs_samples
def test_the_seed_extracts_to_its_example() -> None:
    result = extract(SAMPLES / "seeds" / "000_868b779dd27454bb.txt")
    assert result.report is not None
    example = gd.load(EXAMPLES / "valid" / "chenzhou-2015.json")
    assert result.report.template is gd.Template.LEGACY
    assert result.report.year == 2015
    assert result.report.body.on_request == example.body.on_request  # type: ignore[union-attr]
    assert result.report.body.sections[0] == example.body.sections[0]  # the introduction
    assert cells(result.report) == cells(example)
    assert result.report.metadata is not None
    assert result.report.metadata.index_no == "430S00/2016-89052"
    assert result.report.contact == gd.model.Contact(
        unit="郴州市人民政府政务公开政务服务领导小组办公室",
        address="郴州市政务服务中心1108室",
        postcode="423000",
        phone="07352877415",
        email="43463146@qq.com",
        website="www.czs.gov.cn",
    )


@needs_samples
@pytest.mark.parametrize("sample", sorted(PUBLISHED))
def test_every_span_points_at_the_printed_cell(sample: str) -> None:
    from govdisclosure.extraction import _layout
    from govdisclosure.extraction._sources import sniff

    raw = (SAMPLES / "samples" / sample).read_bytes()
    layout, _ = _layout(raw, sniff(raw, sample))
    assert layout is not None
    report = extract(raw).report
    assert report is not None
    assert report.extraction is not None
    traced = [c for c in report.extraction.cells if c.span is not None]
    assert traced
    for trace in traced:
        start, end = trace.span  # type: ignore[misc]
        assert trace.text is not None
        assert layout.text[start:end].split() == trace.text.split(), trace.pointer
    assert report.extraction.sha256 == __import__("hashlib").sha256(raw).hexdigest()


# --------------------------------------------------------------------------- rendered examples

FORMATS = {
    "html": lambda r: render.render_html(r).encode(),
    "markdown": lambda r: render.render_markdown(r).encode(),
    "markdown, cells wrapped with <br>": lambda r: render.with_breaks(render.render_markdown(r)).encode(),
    "markdown, bold, escapes and &nbsp;": lambda r: render.with_markup(render.render_markdown(r)).encode(),
    "tab-separated text": lambda r: render.render_text(r, "\t").encode(),
    "one cell per line": lambda r: render.render_flat(r).encode(),
    "full grid, merged cells empty": lambda r: render.render_grid(r).encode(),
    "full grid, merged cells repeated": lambda r: render.render_grid(r, repeat=True).encode(),
    "full grid, tab-separated": lambda r: render.render_grid(r, separator="\t").encode(),
    "pipe rows, spans padded after the cell": lambda r: render.render_padded(r).encode(),
    "long labels wrapped, figures on the first row": lambda r: render.render_wrapped(r).encode(),
    "long labels wrapped, figures on the second row": lambda r: render.render_wrapped(r, figures_first=False).encode(),
    "pipe rows, spans padded at the end": lambda r: render.render_padded(r, at_end=True).encode(),
    "a cell per line, a lone pipe per row": lambda r: render.render_cell_lines(r).encode(),
    "docx": render.render_docx,
    "xlsx": render.render_xlsx,
    "pdf": render.render_pdf,
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("path", GB, ids=lambda p: p.stem)
def test_rendered_example_extracts_back(path: pathlib.Path, fmt: str) -> None:
    """Every cell the format can print comes back where it belongs; what it cannot print
    (a note beside a figure in a pipe table) is not captured and flagged, never guessed."""
    report = gd.load(path)
    result = extract(FORMATS[fmt](report))
    assert result.report is not None, [f.format_text() for f in result.findings]
    expected, got = cells(report), cells(result.report)
    for pointer, value in expected.items():
        if got[pointer] != value:
            assert got[pointer] == NOT_CAPTURED, (pointer, value, got[pointer])
            assert is_flagged(result.report, pointer), pointer
    readable = sum(1 for p in expected if got[p] == expected[p])
    assert readable >= len(expected) - 6


def test_a_group_label_printed_a_character_per_line_keeps_table_3_whole() -> None:
    """Text copied from a PDF prints Table 3's merged group label a character per line
    (三、 / 本 / 年 / 度 / …, as a real report's text has it): 三、 alone was taken for the
    heading of a section and, where nothing after the table bounded it, ended the table:
    every row after it was lost. It is no heading."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    text = render.render_text(report)
    assert "三、本年度办理结果 （一）予以公开" in text
    text = text.replace("三、本年度办理结果 （一）予以公开", "三、\n本\n年\n度\n办\n理\n结\n果\n（一）予以公开")
    text = text.replace("（三）不予公开 1.", "（三）不\n予公开\n1.")
    result = extract(text.encode(), format="text")
    assert result.report is not None
    assert cells(result.report) == cells(report)
    # where nothing after Table 3 bounds it (a page cut off after it, Table 4 an image)
    cut = extract(text[: text.index("四、政府信息公开行政复议")].encode(), format="text")
    assert cut.report is not None
    want = {p: v for p, v in cells(report).items() if p.startswith("/body/applications/")}
    assert {p: cells(cut.report)[p] for p in want} == want


@pytest.mark.parametrize("cut", [6, 8, 10, 15, 20, 22])
@pytest.mark.parametrize("repeat_group", [True, False])
@pytest.mark.parametrize("path", GB, ids=lambda p: p.stem)
def test_table_3_broken_into_two_tables_reads_back_whole(path: pathlib.Path, cut: int, repeat_group: bool) -> None:
    """A page made from a Word file whose Table 3 a page break split keeps two tables, the
    second without headings, a merged group label going on in it (repeated or empty).
    Columns blank in every row of the second part are columns, not layout."""
    report = gd.load(path)
    result = extract(render.render_html_split(report, cut, repeat_group=repeat_group, gap="<p>&nbsp;</p>").encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_text_without_blank_cells_reads_back_whole() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = extract(render.render_text(report).encode(), format="text")
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert result.exit_code == 0


@pytest.mark.parametrize("path", GB, ids=lambda p: p.stem)
def test_one_cell_per_line_without_blank_lines_never_guesses(path: pathlib.Path) -> None:
    """Flattened with its empty cells dropped, a row with blanks cannot be placed: not
    captured and flagged; a row without blanks reads back."""
    report = gd.load(path)
    result = extract(render.render_flat(report, blank_lines=False).encode())
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    for pointer, value in expected.items():
        if got[pointer] != value:
            assert got[pointer] == NOT_CAPTURED, pointer
            assert is_flagged(result.report, pointer), pointer
    full_rows = [p for p, v in expected.items() if not isinstance(v, Cell)]
    assert sum(got[p] == expected[p] for p in full_rows) >= len(full_rows) // 10


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_pdf_whose_pages_show_turned_is_read_as_one_turns_it(rotation: int) -> None:
    """Pages a viewer shows turned (a table set sideways, a page rotated the wrong way):
    their text is read as one turns the page to read it, every cell back."""
    pytest.importorskip("pdfplumber")
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    result = extract(render.render_pdf(report, rotation=rotation))
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_a_pdf_without_ruling_lines_reads_back() -> None:
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    result = extract(render.render_pdf(report, ruled=False))
    assert result.report is not None
    assert cells(result.report) == cells(report)
    traces = {t.pointer: t for t in result.report.extraction.cells}  # type: ignore[union-attr]
    trace = traces["/body/applications/new_received/natural_person"]
    assert trace.page is not None
    assert trace.bbox is not None
    assert trace.text == "95"


@pytest.mark.parametrize("centred", [False, True], ids=["left", "centred"])
@pytest.mark.parametrize("name", ["shuyang-development-reform-bureau-2023", "shanghai-government-office-2019"])
def test_a_pdf_without_ruling_lines_keeps_its_blank_cells(name: str, centred: bool) -> None:
    """A blank cell of a table laid out without ruling lines is empty space: each figure
    is read under the column it stands in (where the header prints the columns, as the
    page aligns them), and a row printed with its label alone is a row of blanks. These
    two reports leave most cells blank: no row prints all seven figures."""
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    result = extract(render.render_pdf(report, ruled=False, centred=centred))
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert result.report.extraction is not None
    assert not [f for f in result.report.extraction.flags if f.code == "extract.collapsed_row"]


_BLANK = Cell(CellStatus.BLANK)


def _with_blanks(report: gd.AnnualReport, pointers: list[str], cell: Cell = _BLANK) -> gd.AnnualReport:
    from govdisclosure.coordinates import split_pointer

    def go(node: object, rest: list[str]) -> object:
        if not rest:
            return cell
        return attrs.evolve(node, **{rest[0]: go(getattr(node, rest[0]), rest[1:])})  # type: ignore[misc]

    for pointer in pointers:
        report = go(report, split_pointer(pointer))  # type: ignore[assignment]
    return report


@pytest.mark.parametrize("centred", [False, True], ids=["left", "centred"])
def test_text_a_pdf_converter_spaced_out_keeps_its_blank_cells(centred: bool) -> None:
    """In text spaced out one column per character, the rows that print every figure say
    where the columns are; a row with blank cells gets its figures under them."""
    pytest.importorskip("pdfplumber")
    blanks = [
        "/body/applications/new_received/commercial_enterprise",
        "/body/applications/results/granted/total",
        "/body/applications/results/unable_to_provide/not_held/research_institution",
        "/body/applications/results/unable_to_provide/not_held/other_org",
        "/body/applications/carried_forward/natural_person",
        "/body/proactive_disclosure/art20_1/rules/repealed",
    ]
    report = _with_blanks(gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json"), blanks)
    text = render.layout_text(render.render_pdf(report, ruled=False, centred=centred))
    assert "      " in text
    result = extract(text.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_a_label_shrunk_to_fit_its_cell_is_on_the_line_of_its_figures() -> None:
    """A long label printed smaller to fit its cell stands lower than the figures beside
    it (its top is not theirs): they are one line, and a row whose only figure is a "/"
    keeps it, not the row above."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    columns = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
               "legal_service_org", "other_org", "total")  # fmt: skip
    rows = ("no_correction_overdue", "fee_not_paid_overdue")
    report = _with_blanks(report, [f"/body/applications/results/other/{r}/{c}" for r in rows for c in columns])
    report = _with_blanks(
        report, ["/body/applications/results/other/fee_not_paid_overdue/total"], Cell(CellStatus.SLASH, "/")
    )
    result = extract(render.render_pdf(report, ruled=False))
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_padded_pipe_rows_of_a_table_of_blanks_take_their_padding_from_the_header() -> None:
    """A table left blank but for one "/": no row shows on which side the padding of a merged
    label stands, the header rows do (申请人情况 | | …: after the cell it pads)."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    counts = [p for p, v in cells(report).items() if isinstance(v, int | Cell) and "/fee" not in p]
    report = _with_blanks(report, counts)
    report = _with_blanks(
        report, ["/body/applications/results/partially_granted/other_org"], Cell(CellStatus.SLASH, "/")
    )
    result = extract(render.render_padded(report).encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


# --------------------------------------------------------------------------- honest about what it did not see


def test_a_page_cut_in_table_3_keeps_what_it_shows_and_captures_nothing_more() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_text(report)
    cut = text.index("（五）不予处理")
    result = extract(text[:cut].encode())
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    rows_before = [
        p
        for p in expected
        if "/not_processed/" not in p and "/other/" not in p and "/total" not in p.split("results")[-1][:7]
    ]
    for pointer in expected:
        if got[pointer] != expected[pointer]:
            assert got[pointer] == NOT_CAPTURED, pointer  # never blank, never 0
    assert got["/body/applications/new_received/total"] == 713
    assert got["/body/applications/results/unable_to_provide/not_held/natural_person"] == 111
    assert got["/body/applications/carried_forward/total"] == NOT_CAPTURED
    assert got["/body/review_litigation/administrative_review/total"] == NOT_CAPTURED
    assert rows_before
    flags = {(f.pointer, f.code) for f in result.report.extraction.flags}  # type: ignore[union-attr]
    assert ("/body/review_litigation", "extract.table_not_found") in flags
    assert ("/body/applications/carried_forward", "extract.not_captured") in flags
    assert result.exit_code == 1
    # the document is valid, and the audit reads not captured as not assessable
    assert gd.validate(gd.unstructure(result.report)).valid
    outcomes = {f.instance: f.outcome for f in gd.audit(result.report) if f.code == "T3-3"}
    assert set(outcomes.values()) == {gd.Outcome.NOT_ASSESSABLE}


def test_a_page_cut_in_a_row_reads_the_figures_it_shows_from_the_first_column() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_markdown(report)
    granted = "/body/applications/results/granted"
    row = text.index("（一）予以公开")
    # the page ends after the third figure of the row, and then in the middle of the fourth
    third = text.index("|", text.index("|", text.index("|", text.index("|", row) + 1) + 1) + 1)
    fourth_end = text.index("|", third + 1)
    expected = cells(report)
    for cut, captured in ((third + 1, 3), (fourth_end - 1, 3)):
        result = extract(text[:cut], format="markdown")
        assert result.report is not None
        got = cells(result.report)
        columns = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org"]
        for i, column in enumerate(columns):
            pointer = f"{granted}/{column}"
            if i < captured:
                assert got[pointer] == expected[pointer], pointer
            elif text[fourth_end - 2 : fourth_end - 1] != "0":
                assert got[pointer] == NOT_CAPTURED, pointer  # a figure the page ends in may be cut short
        flags = {(f.pointer, f.code) for f in result.report.extraction.flags}  # type: ignore[union-attr]
        assert (f"{granted}/total", "extract.not_captured") in flags
        # ended inside a figure, the row was surely cut there: its cells are in their places;
        # ended after a pipe, it may be a whole row that lost a cell: its figures are flagged
        doubted = (f"{granted}/natural_person", "extract.cut_off") in flags
        assert doubted == (cut == third + 1)


def test_a_page_cut_inside_a_tag_or_an_empty_cell_reads_no_blank() -> None:
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report)
    row = page.index("（一）予以公开")
    first_cell = page.index("<td", page.index("</td>", row))
    for cut in (first_cell + 2, page.index(">", first_cell) + 1):
        result = extract(page[:cut], format="html")
        assert result.report is not None
        got = cells(result.report)
        assert got["/body/applications/results/granted/natural_person"] == NOT_CAPTURED


def test_markdown_rows_without_outer_pipes_and_label_rows_keep_their_cells() -> None:
    text = (
        "2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 | 58 | 7 |  |  | 1 | 0 | 66 |\n"
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n"
        "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    result = extract(text, format="markdown")
    assert result.report is not None
    got = cells(result.report)
    a = "/body/applications"
    assert got[f"{a}/new_received/research_institution"] == Cell(CellStatus.BLANK)
    assert got[f"{a}/new_received/legal_service_org"] == 1
    assert got[f"{a}/new_received/total"] == 66
    assert got[f"{a}/carried_over/total"] == 2  # the last cell of a row without a closing pipe
    assert got[f"{a}/carried_forward/total"] == 1


def test_legacy_counts_in_enumerations_and_their_stated_figures() -> None:
    text = (
        "某县人民政府2016年政府信息公开工作年度报告\n"
        "三、依申请公开政府信息情况\n"
        "2016年共受理政府信息公开申请38件，其中网上申请12件、信函申请20件、当面申请6件。"
        "同意公开25件，同意部分公开3件，不予公开2件，信息不存在5件，非本机关职责范围3件。\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
        "全年发生因政府信息公开申请行政复议1件，提起行政诉讼2件。\n"
    )
    result = extract(text, format="text")
    report = result.report
    assert report is not None
    body = report.body
    assert isinstance(body, gd.model.LegacyBody)
    assert body.on_request is not None
    assert body.on_request.received == 38
    assert [(b.key, b.count) for b in body.on_request.received_by_channel] == [
        ("online", 12),
        ("letter", 20),
        ("in_person", 6),
    ]
    assert body.review_litigation is not None
    assert body.review_litigation.review is not None
    assert body.review_litigation.review.total == 1
    assert body.review_litigation.litigation is not None
    assert body.review_litigation.litigation.total == 2
    refers = {f.printed: f.refers_to for f in report.stated_figures if f.unit == "件"}
    assert refers["38件"] == "/body/on_request/received"
    assert refers["20件"] == "/body/on_request/received_by_channel/1/count"
    assert refers["1件"] == "/body/review_litigation/review/total"


def test_the_seeds_stated_figures_refer_to_the_statistics_read_from_them() -> None:
    if not (SAMPLES / "seeds").is_dir():
        pytest.skip("the seed (../shared/seeds) is not beside the project")
    report = extract(SAMPLES / "seeds" / "000_868b779dd27454bb.txt").report
    assert report is not None
    example = gd.load(EXAMPLES / "valid" / "chenzhou-2015.json")
    got = {(f.refers_to, f.printed) for f in report.stated_figures if f.refers_to}
    want = {(f.refers_to, f.printed) for f in example.stated_figures if f.refers_to}
    assert got <= want
    # the shares by content are read as a list of their own, not as traced cells
    assert {w for w in want if "/by_content/" not in w[0]} <= got


def test_a_last_figure_the_page_ends_in_is_kept_only_when_it_cannot_be_cut_short() -> None:
    head = "2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | "
    total = "/body/applications/new_received/total"
    for tail, expected in (("12", 12), ("1", NOT_CAPTURED), ("12 |", 12), ("0", 0)):
        result = extract(head + tail, format="text")
        assert result.report is not None
        assert cells(result.report)[total] == expected, tail  # 12 = 10 + 2: the sum confirms it whole


def test_table_4_in_one_row_cut_inside_its_last_figure_keeps_it_only_when_its_total_confirms_it() -> None:
    """Found by the cut-page property: the whole of Table 4 in one row, the page ending inside
    the last figure (1 of 10), was read as complete."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    review = report.body.review_litigation  # type: ignore[union-attr]
    after = gd.model.CaseOutcomes(1, 2, 3, 4, 10)
    report = attrs.evolve(
        report, body=attrs.evolve(report.body, review_litigation=attrs.evolve(review, litigation_after_review=after))
    )
    page = render.render_markdown(report)
    header = page.index("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持")
    row = page.index("\n", header)  # the figures' row starts after the second header row
    end = page.index("| 4 | 10 |", row) + len("| 4 | 1")  # the page ends inside the last figure
    total = "/body/review_litigation/litigation_after_review/total"
    for cut, expected in ((end, NOT_CAPTURED), (end + 1, 10)):  # "1" may be cut short; "10" = 1 + 2 + 3 + 4
        result = extract(page[:cut], format="markdown")
        assert result.report is not None
        assert cells(result.report)[total] == expected, page[cut - 20 : cut]
        assert cells(result.report)["/body/review_litigation/litigation_after_review/pending"] == 4


def test_a_part_of_a_report_without_numbered_sections_keeps_its_figures() -> None:
    text = (
        "本报告所列数据为2020年1月1日至2020年12月31日。\n"
        "（一）主动公开情况：2020年，中心网站发布各类信息635条。\n"
        "（二）依申请公开情况：全年收到政府信息公开申请7件，其中予以公开3件、部分公开2件。\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    assert [s.key for s in report.body.sections] == ["text"]
    figures = {f.printed: f.refers_to for f in report.stated_figures}
    assert figures["635条"] is None
    assert figures["3件"] == "/body/applications/results/granted"
    assert figures["2件"] == "/body/applications/results/partially_granted"  # after an enumeration comma
    assert report.scope is gd.model.Scope.SELF


def test_a_stated_count_that_holds_more_than_its_cell_restates_none() -> None:
    """收到申请15件（含上年结转2件） and 收到申请15件，其中上年结转2件 count more than the
    applications newly received: restating that cell, they made the audit report a
    difference the report does not have."""
    text = (
        "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "本年度共收到政府信息公开申请15件（含上年结转2件）。全年收到政府信息公开申请15件，其中上年结转2件。"
        "本年新收政府信息公开申请13件，上年结转2件。\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    figures = [(f.printed, f.refers_to) for f in report.stated_figures if f.unit == "件"]
    t3 = "/body/applications"  # 上年结转2件 names no applications: restates none either
    assert figures == [
        ("15件", None),
        ("2件", None),
        ("15件", None),
        ("2件", None),
        ("13件", f"{t3}/new_received"),
        ("2件", None),
    ]


def test_a_stated_figure_s_sentence_subject_and_the_words_after_it() -> None:
    """A sentence ends after the bracket that closes it (（说明。）2020年… is two sentences);
    the year and the body that counted are not what a figure counts; a figure that only the
    words after it name (另有5件结转下年度办理) restates the row those words name."""
    text = (
        "本报告所列数据为2020年1月1日至2020年12月31日。\n"
        "（二）依申请公开情况\n"
        "（本段为说明。）2020年本机关收到政府信息公开申请7件，另有5件结转下年度办理，另有2件已撤回。\n"
        "因本机关不掌握等原因无法提供3件，信息公开类行政复议1件，另有4件申请按照规定顺延至下年度答复。\n"
        "属信访、重复申请等不予处理6件。2020 年市科委有 8 件涉及政府信息公开工作的行政复议。\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    figures = {f.printed: f for f in report.stated_figures}
    assert figures["7件"].sentence == "2020年本机关收到政府信息公开申请7件，另有5件结转下年度办理，另有2件已撤回。"
    t3, review = "/body/applications", "/body/review_litigation/administrative_review/total"
    assert {printed: (f.subject, f.refers_to) for printed, f in figures.items()} == {
        "7件": ("收到政府信息公开申请", f"{t3}/new_received"),
        "5件": ("结转下年度办理", f"{t3}/carried_forward"),
        "2件": ("已撤回", None),
        "3件": ("因本机关不掌握等原因无法提供", f"{t3}/results/unable_to_provide"),
        "1件": ("信息公开类行政复议", review),
        "4件": ("按照规定顺延至下年度答复", f"{t3}/carried_forward"),
        "6件": ("重复申请等不予处理", f"{t3}/results/not_processed"),
        "8 件": ("涉及政府信息公开工作的行政复议", review),
    }


def test_a_restated_review_count_is_checked_against_table_4() -> None:
    """信息公开类行政复议N件 restates Table 4's review total: the audit assesses it (it
    passes when N is the table's total, fails when it is not), never "not a number"."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-science-commission-2024.json")
    total = report.body.review_litigation.administrative_review.total  # type: ignore[union-attr]
    page = render.render_html(report)
    heading = "<p>二、主动公开政府信息情况</p>"
    assert heading in page
    outcomes = []
    for stated in (total, total + 1):
        sentence = f"<p>全年信息公开类行政复议{stated}件。</p>"
        result = extract(page.replace(heading, sentence + heading, 1).encode())
        assert result.report is not None
        figures = result.report.stated_figures
        (index,) = [i for i, f in enumerate(figures) if f.sentence == f"全年信息公开类行政复议{stated}件。"]
        assert figures[index].refers_to == "/body/review_litigation/administrative_review/total"
        (finding,) = [
            f for f in gd.audit(result.report) if f.code == "SF-2" and f.pointer == f"/stated_figures/{index}"
        ]
        outcomes.append(finding.outcome.value)
    assert outcomes == ["pass", "fail"]


def test_a_mirror_site_in_taiwan_wording_still_names_the_rows() -> None:
    text = (
        "2021年某市人民政府辦公室政府信息公開工作年度報告\n二、主動公開政府信息情況\n第二十條第（一）項\n"
        "信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數\n行政規範性檔案 | 43 | 2 | 200 |\n"
    )
    report = extract(text, format="text").report
    assert report is not None
    assert cells(report)["/body/proactive_disclosure/art20_1/normative_documents/in_force"] == 200


def test_collapsed_blank_cells_are_never_guessed() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    result = extract(render.render_text(report).encode(), format="text")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    for pointer, value in got.items():
        assert value == expected[pointer] or value == NOT_CAPTURED, pointer
    granted = "/body/applications/results/granted"
    assert got[f"{granted}/natural_person"] == NOT_CAPTURED  # 258 12 1 1: four figures for seven columns
    assert (granted, "extract.collapsed_row") in {(f.pointer, f.code) for f in result.report.extraction.flags}  # type: ignore[union-attr]


def test_never_invents_a_number() -> None:
    """Every number in the extracted tables is printed in the source, at the cell's span."""
    for path in GB:
        report = gd.load(path)
        source = render.render_html(report)
        result = extract(source.encode())
        assert result.report is not None
        extracted = cells(result.report)
        for trace in result.report.extraction.cells:  # type: ignore[union-attr]
            value = extracted[trace.pointer]
            number = gd.number(value) if isinstance(value, (int, Cell)) else None
            if number is None:
                continue
            assert trace.text is not None
            assert str(number) in trace.text.replace(",", ""), trace.pointer
            assert trace.span is not None
            assert source[trace.span[0] : trace.span[1]] == trace.text, trace.pointer


def test_a_failing_identity_flags_the_cells_it_reads() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_text(report).replace("290 1 0 0 3 0 294", "290 1 0 0 3 0 295")
    result = extract(text.encode())
    assert result.report is not None
    flags = {(f.pointer, f.code) for f in result.report.extraction.flags}  # type: ignore[union-attr]
    assert ("/body/applications/results/granted/total", "extract.identity_fails") in flags
    assert ("/body/applications/results/granted/natural_person", "extract.identity_fails") in flags
    assert result.exit_code == 1


# --------------------------------------------------------------------------- noisy text


def _shuyang_text() -> tuple[gd.AnnualReport, str]:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    return report, render.render_text(report)


@pytest.mark.parametrize(("codec", "readable"), [("gb18030", 195), ("gbk", 175)])
def test_mojibake_is_repaired(codec: str, readable: int) -> None:
    """UTF-8 read as GB18030 comes back almost whole; read as GBK with replacement, a
    quarter of the characters are lost for good: what cannot be read is not captured or
    flagged, never wrong."""
    report, text = _shuyang_text()
    garbled = text.encode("utf-8").decode(codec, errors="replace")
    result = extract(garbled.encode("utf-8"))
    assert result.report is not None
    assert "extract.mojibake_repaired" in [f.code for f in result.findings]
    got, expected = cells(result.report), cells(report)
    assert sum(got[p] == expected[p] for p in expected) >= readable
    for pointer in expected:
        if got[pointer] != expected[pointer]:
            assert got[pointer] == NOT_CAPTURED or is_flagged(result.report, pointer), pointer


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("shape", ["html", "markdown", "text"])
def test_a_file_saved_as_unicode_is_read_as_what_it_holds(codec: str, shape: str) -> None:
    """A page or text saved as "Unicode" (UTF-16, with or without its byte-order mark, or
    UTF-32) is a web page, Markdown or text like any other, not a text of tags."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    render_as = {
        "html": render.render_html,
        "markdown": render.render_markdown,
        "text": lambda r: render.render_text(r, "\t"),
    }
    result = extract(render_as[shape](report).encode(codec))
    assert result.report is not None
    assert cells(result.report) == cells(report)


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_web_page_saved_as_one_file_is_read_as_the_page(transfer: str, charset: str, tmp_path: pathlib.Path) -> None:
    """A web archive (.mht, .mhtml: what a browser's "save as one file" and Word's "single
    file web page" write) is the web page it holds, whatever its transfer encoding and
    character set; a folder's .mht files are taken."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    archive = render.render_mhtml(report, transfer=transfer, charset=charset)
    result = extract(archive)
    assert result.report is not None
    assert result.format is gd.model.SourceFormat.HTML
    assert cells(result.report) == cells(report)
    (tmp_path / "report.mht").write_bytes(archive)
    (found,) = list(gd.extraction.iter_extract([tmp_path]))
    assert found.report is not None
    assert cells(found.report) == cells(report)


def test_a_web_archive_without_a_page_is_no_report() -> None:
    archive = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n'
    result = extract(archive)
    assert result.report is None
    assert [f.code for f in result.findings] == ["extract.not_a_report"]


def test_traditional_characters_full_width_digits_and_thousands_separators() -> None:
    opencc = pytest.importorskip("opencc")
    report, text = _shuyang_text()
    noisy = opencc.OpenCC("s2t").convert(text)
    noisy = noisy.replace("517645", "５１７，６４５").replace("693957", "693,957")
    result = extract(noisy.encode("gb18030"))
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert "extract.traditional_converted" in [f.code for f in result.findings]


def test_spam_lines_and_page_numbers_in_a_mirror_page() -> None:
    report, text = _shuyang_text()
    lines = text.splitlines()
    noisy = []
    for i, line in enumerate(lines):
        noisy.append(line)
        if i % 7 == 3:
            noisy.append("本站声明：转载请注明出处 www.example.com")
        if i % 11 == 5:
            noisy.append("- 3 -")
    result = extract("\n".join(noisy).encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_pinyin_injected_by_a_mirror_site_is_removed() -> None:
    report, text = _shuyang_text()
    noisy = text.replace("政府信息公开", "政(zheng)(zheng)府(fu)信(xin)息(xi)公开").replace("申请", "申(shen)请")
    result = extract(noisy.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert "extract.pinyin_removed" in [f.code for f in result.findings]


def _radical_count(text: str) -> int:
    return sum(1 for ch in text if "\u2f00" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff")


def test_kangxi_radicals_of_a_pdf_copy_are_read_as_the_characters() -> None:
    """Labels and cells written with radicals (⾃然⼈, ⾏政复议) read as written with the
    characters, the cells' text included, and the spans still point into the input."""
    report, text = _shuyang_text()
    noisy = render.radicals(text)
    assert _radical_count(noisy) > 100
    result = extract(noisy.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert result.report.agency.name == report.agency.name
    assert result.report.title == report.title
    plain = extract(text.encode()).report
    assert plain is not None
    assert result.report.body.sections == plain.body.sections
    assert "extract.compatibility_folded" in [f.code for f in result.findings]
    assert result.report.extraction is not None
    for trace in result.report.extraction.cells:
        if trace.span is not None and trace.text:
            start, end = trace.span
            assert render.radicals(trace.text) == noisy[start:end], trace.pointer


def _old_style_word(xml: str) -> str:
    """A Word table written the way WPS and converted Word 97 files write it: merged
    cells as w:hMerge runs of cells (not w:gridSpan), and a row whose first cell only
    continues a merge from above skipping that column with w:gridBefore."""
    import re

    def widen(match: re.Match[str]) -> str:
        span = int(match.group(2))
        first = match.group(0).replace(match.group(1), '<w:hMerge w:val="restart"/>', 1)
        rest = "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>" * (span - 1)
        return first + rest

    # a row starting with a merge continued from above: the columns skipped instead
    xml = re.sub(
        r'<w:tr><w:tc><w:tcPr><w:tcW [^>]*/>(?:<w:gridSpan w:val="(\d+)"/>)?<w:vMerge/></w:tcPr><w:p/></w:tc>',
        lambda m: f'<w:tr><w:trPr><w:gridBefore w:val="{m.group(1) or 1}"/></w:trPr>',
        xml,
    )
    return re.sub(r'<w:tc>(?:(?!</w:tc>).)*?(<w:gridSpan w:val="(\d+)"/>).*?</w:tc>', widen, xml, flags=re.S)


def test_old_style_word_merges_and_skipped_columns_are_read_in_place() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    written: list[str] = []

    def change(xml: str) -> str:
        written.append(_old_style_word(xml))
        return written[-1]

    result = extract(render.rewrite_docx(render.render_docx(report), change))
    assert "hMerge" in written[0]
    assert "gridBefore" in written[0]
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_kangxi_radicals_in_a_word_file_and_a_pdf_text_layer() -> None:
    pytest.importorskip("pdfplumber")
    import pdfplumber

    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    from_word = extract(render.rewrite_docx(render.render_docx(report), render.radicals))
    assert from_word.report is not None
    assert cells(from_word.report) == cells(report)
    assert from_word.report.title == report.title
    assert "extract.compatibility_folded" in [f.code for f in from_word.findings]

    real_open = pdfplumber.open

    class Page:
        def __init__(self, page: object) -> None:
            self._page = page

        @property
        def chars(self) -> list[dict[str, object]]:
            return [{**c, "text": render.radicals(c["text"])} for c in self._page.chars]  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self._page, name)

    class Pdf:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self._pdf = real_open(*args, **kwargs)
            self.pages = [Page(p) for p in self._pdf.pages]

        def __enter__(self) -> Pdf:
            return self

        def __exit__(self, *exc: object) -> None:
            self._pdf.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfplumber, "open", Pdf)
        from_pdf = extract(render.render_pdf(report))
    assert from_pdf.report is not None
    assert cells(from_pdf.report) == cells(report)
    assert from_pdf.report.title == report.title
    assert "extract.compatibility_folded" in [f.code for f in from_pdf.findings]


def test_a_page_laid_out_in_a_table_of_its_own() -> None:
    """Older sites put the whole article in a layout table: its text reads as lines, the
    report's tables inside it as grids."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    page = render.render_html(report)
    page = page.replace("<div class='article'>", "<table><tr><td>首页 &gt; 年报</td></tr><tr><td><div>")
    page = page.replace("</div><footer>", "</div></td></tr></table><footer>")
    result = extract(page.encode())
    assert result.report is not None
    assert result.report.title == report.title
    assert cells(result.report) == cells(report)


def test_a_label_with_lost_characters_is_placed_by_order_and_checked() -> None:
    report, text = _shuyang_text()
    text = text.replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    result = extract(text.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


# --------------------------------------------------------------------------- bad input


def _finding_codes(result: gd.ExtractionResult) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "extract.unsupported_format"),
        (b"", "input.empty"),
        (b"   \n\t", "input.empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "input.unreadable"),
        ("<html><body><p>欢迎访问本网站</p><p>今日天气晴</p></body></html>".encode(), "extract.not_a_report"),
        (json.dumps({"template": "gb2021"}).encode(), "extract.json_document"),
        (b"%PDF-1.4\n garbage that is no pdf", "input.unreadable"),
    ],
    ids=["png", "empty", "whitespace", "damaged-old-office", "html-no-report", "json", "broken-pdf"],
)
def test_bad_input_gives_a_clear_finding_and_exit_2(data: bytes, code: str) -> None:
    result = extract(data, source="upload")
    assert result.report is None
    assert result.exit_code == 2
    assert code in _finding_codes(result), [f.format_text() for f in result.findings]
    assert all(f.source == "upload" and f.message_en and f.message_zh for f in result.findings)


def test_a_scanned_pdf_has_no_text_layer() -> None:
    from reportlab.pdfgen import canvas

    sink = io.BytesIO()
    pdf = canvas.Canvas(sink)
    pdf.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    pdf.save()
    result = extract(sink.getvalue())
    assert result.exit_code == 2
    assert "extract.no_text_layer" in _finding_codes(result)


def _pdf_without_character_map(codes: bytes) -> bytes:
    """A PDF whose font (Identity-H, nothing embedded) has no ToUnicode map: its glyphs
    decode to no character, as in PDFs whose producer dropped the map."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ]
    lines = b"".join(b"BT /F1 12 Tf 40 %d Td <%s> Tj ET\n" % (800 - 14 * i, codes.hex().encode()) for i in range(40))
    objects[3] = b"<< /Length %d >>\nstream\n" % len(lines) + lines + b"endstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_whose_text_layer_does_not_decode_says_so() -> None:
    """Glyphs without a character (pdfminer's (cid:N)) are no report: the finding says the
    text layer is garbled and what to do, not that the input is no report."""
    raw = _pdf_without_character_map(bytes(range(1, 41)) * 2)
    result = extract(raw)
    assert result.exit_code == 2
    assert _finding_codes(result) == ["extract.garbled_text_layer"]
    assert "OCR" in result.findings[0].message_en


def test_a_text_layer_of_one_repeated_character_is_garbled() -> None:
    """A font whose map sends every glyph to one character (淮淮淮…, what a PDF printed
    without the fonts it names gives) is as unreadable as no map at all."""
    garbled = importlib.import_module("govdisclosure.extraction._pdf")._garbled
    assert garbled("淮" * 150 + "2024" + "淮淮 淮" * 40)
    prose = "本机关全年主动公开政府信息二千四百余条，依申请公开办理答复及时，行政复议维持率较高。" * 8
    assert not garbled(prose)
    assert not garbled("(cid:12)" * 5 + prose)  # a few unmapped glyphs in readable text
    # every Chinese glyph read as one letter (a font that an HTML-to-PDF tool could not map)
    assert garbled("nn nnnnnn\nnnnnnnnnnn2024nnnnnnnnnnnnn\n" * 12 + "nnnn 0 0 0\nnnnnnnn 3 0 8\n" * 4)
    english = "The office received applications for government information and answered them in time. " * 4
    assert not garbled(english + prose)


def test_an_encrypted_pdf_is_refused() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    sink = io.BytesIO()
    pdf = canvas.Canvas(sink, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    pdf.drawString(100, 700, "2024")
    pdf.save()
    result = extract(sink.getvalue())
    assert result.exit_code == 2
    assert _finding_codes(result)[0] in ("extract.encrypted", "extract.no_text_layer")


def test_a_zip_bomb_workbook_is_not_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    from govdisclosure.extraction import _sources

    monkeypatch.setattr(_sources, "MAX_UNPACKED", 1024 * 1024)
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (2 * 1024 * 1024))
    result = extract(sink.getvalue())
    assert result.exit_code == 2
    assert "extract.zip_bomb" in _finding_codes(result)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no room
    result = extract(path)
    assert result.exit_code == 2
    assert "input.too_large" in _finding_codes(result)
    assert result.findings[0].source == str(path)


def test_a_missing_file_names_the_file(tmp_path: pathlib.Path) -> None:
    result = extract(tmp_path / "nothing.pdf")
    assert result.exit_code == 2
    assert "input.unreadable" in _finding_codes(result)


# --------------------------------------------------------------------------- the workbook form and blank documents


def test_the_workbook_form_reads_back_by_position(tmp_path: pathlib.Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from govdisclosure.extraction._form import form_sheets, write_workbook

    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(gd.Template.GB2021, 2025)))
    expected = cells(report)
    for sheet in form_sheets(gd.Template.GB2021):
        for row, column, pointer, _kind in sheet.figures:
            value = expected[pointer]
            book[sheet.name].cell(
                row=row, column=column, value=float(value.amount) if isinstance(value, Money) else value
            )
    book["报告信息"]["B5"] = "沭阳县人民政府"
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = extract(path)
    assert result.report is not None
    assert result.report.agency.name == "沭阳县人民政府"
    assert cells(result.report) == expected
    assert result.exit_code == 0
    traces = {t.pointer: t for t in result.report.extraction.cells}  # type: ignore[union-attr]
    trace = traces["/body/applications/new_received/natural_person"]
    assert (trace.sheet, trace.row, trace.column, trace.placement.value) == ("表三", 5, 4, "position")


def test_an_empty_form_cell_is_blank_and_a_bad_one_is_flagged(tmp_path: pathlib.Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from govdisclosure.extraction._form import write_workbook

    book = openpyxl.load_workbook(io.BytesIO(write_workbook(gd.Template.GB2021, 2025)))
    book["表三"]["D5"] = "若干"
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = extract(path)
    assert result.report is not None
    row = result.report.body.applications.new_received
    assert row.natural_person == Cell(CellStatus.TEXT, "若干")
    assert row.total == Cell(CellStatus.BLANK)
    flagged = [f for f in result.findings if f.code == "extract.unreadable_value"]
    assert flagged
    assert flagged[0].location is not None
    assert flagged[0].location.startswith("表三!D5")


@pytest.mark.parametrize("template", ["gb2019", "gb2021", "legacy"])
def test_new_prints_a_complete_blank_document(template: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    year = {"gb2019": 2020, "gb2021": 2025, "legacy": 2015}[template]
    assert main(["new", "--template", template, "--year", str(year)], stdout=out, stderr=err) == 0
    result = gd.validate(out.getvalue())
    assert result.valid, [f.format_text() for f in result.findings]
    report = result.report
    assert report is not None
    if template != "legacy":
        assert all(v == Cell(CellStatus.BLANK) for v in cells(report).values())
        assert len(cells(report)) == {"gb2019": 198, "gb2021": 200}[template]


def test_new_refuses_a_year_outside_the_template(tmp_path: pathlib.Path) -> None:
    err = io.StringIO()
    assert main(["new", "--template", "gb2021", "--year", "2015"], stdout=io.StringIO(), stderr=err) == 2
    assert "2015" in err.getvalue()


# --------------------------------------------------------------------------- the command line


def test_extract_command_prints_the_document_and_findings(tmp_path: pathlib.Path) -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    path = tmp_path / "page.html"
    path.write_text(render.render_html(report), encoding="gb18030")
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", str(path)], stdout=out, stderr=err)
    assert code == 0
    extracted = gd.loads(out.getvalue())
    assert cells(extracted) == cells(report)
    assert "198 cells extracted, 0 flagged" in err.getvalue()


def test_extract_command_json_findings_and_out(tmp_path: pathlib.Path) -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    path = tmp_path / "report.txt"
    text = render.render_text(report)
    path.write_text(text[: text.index("（五）不予处理")], encoding="utf-8")
    out = io.StringIO()
    code = main(
        ["extract", str(path), "--format", "json", "--out", str(tmp_path / "doc.json")],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 1  # cut off: rows not captured
    summary = json.loads(out.getvalue())
    assert summary["summary"] == {"inputs": 1, "extracted": 1, "flagged": 1, "unusable": 0}
    assert summary["documents"][0]["flags"]
    assert gd.load(tmp_path / "doc.json").year == 2025


def test_extract_command_folder_with_jobs(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in GB[:3]:
        report = gd.load(path)
        (folder / f"{path.stem}.html").write_text(render.render_html(report), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 no pdf")
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2"], stdout=out, stderr=err)
    assert code == 2  # one input had nothing usable
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{p.stem}.json" for p in GB[:3])
    assert "4 inputs: 3 extracted" in err.getvalue()


def test_extract_command_refuses_several_inputs_without_out(tmp_path: pathlib.Path) -> None:
    err = io.StringIO()
    assert main(["extract", str(tmp_path), str(tmp_path)], stdout=io.StringIO(), stderr=err) == 2
    assert "--out" in err.getvalue() or "no report files" in err.getvalue()


def test_extract_reads_text_given_directly() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = gd.extract(render.render_text(report))
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert result.format is gd.model.SourceFormat.TEXT
    assert result.report.extraction is not None
    assert result.report.extraction.format is gd.model.SourceFormat.TEXT


def test_the_extracted_document_round_trips_through_json_and_parquet(tmp_path: pathlib.Path) -> None:
    from govdisclosure.parquet import read_parquet, write_parquet

    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    extracted = extract(render.render_pdf(report)).report
    assert extracted is not None
    assert extracted.extraction is not None
    assert gd.loads(gd.dumps(extracted)) == extracted
    write_parquet([extracted], tmp_path / "x.parquet")
    assert list(read_parquet(tmp_path / "x.parquet")) == [extracted]


def test_money_with_the_unit_of_the_template() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = extract(render.render_html(report).encode())
    assert result.report is not None
    fee = result.report.body.proactive_disclosure.art20_8.administrative_fees.fee_amount  # type: ignore[union-attr]
    assert fee == Money(decimal.Decimal("4068.208"), MoneyUnit.WAN_YUAN)


PUBLISHED_EXAMPLES = sorted((EXAMPLES / "published").iterdir())


@pytest.mark.parametrize("path", PUBLISHED_EXAMPLES, ids=lambda p: p.name)
def test_bundled_published_example_extracts_to_its_example(path: pathlib.Path) -> None:
    """examples/published/ (scripts/render_examples.py) reads back cell for cell, nothing flagged."""
    result = extract(path)
    assert result.report is not None
    example = gd.load(EXAMPLES / "valid" / f"{path.stem}.json")
    assert cells(result.report) == cells(example)
    assert result.exit_code == 0
    assert result.report.extraction is not None
    assert result.report.extraction.flags == ()


# --------------------------------------------------------------------------- pipe tables as converters write them


def test_padded_pipe_rows_read_their_empty_cells_as_span_padding() -> None:
    """A converter that writes a merged cell's extra columns as empty cells: a block's heading
    (第二十条第（五）项 | | |) and a header row (信息内容 | 本年处理决定数量 | |) are no extra rows,
    Table 4's header rows (行政复议 | | | | | 行政诉讼) no row of blank figures, and a row
    with empty cells at both ends (（一）予以公开 | | 258 … | |) keeps each figure in its column."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    for text in (render.render_padded(report), render.render_padded(report, at_end=True)):
        result = extract(text.encode(), format="markdown")
        assert result.report is not None
        assert cells(result.report) == cells(report)
        assert result.report.body.proactive_disclosure.extra_rows == ()
        codes = {f.code for f in result.findings}
        assert not codes & {"extract.extra_row", "extract.table_not_found", "extract.collapsed_row"}


def test_a_table_printed_a_cell_per_line_between_lone_pipes() -> None:
    """Each cell on its own line ending in a pipe, a lone pipe before each row and for each
    empty cell: the figures come back in their columns, an empty cell stays blank."""
    text = "\n".join(
        [
            "某某区审计局2022年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "|", "第二十条第（一）项 | |||",
            "|", "信息内容 |", "本年制发件数 |", "本年废止件数 |", "现行有效件数 |",
            "|", "规章 |", "0 |", "0 |", "|",
            "|", "行政规范性文件 |", "5 |", "12 |", "8 |",
            "|", "第二十条第（五）项 | |||",
            "|", "信息内容 |", "本年处理决定数量 | ||",
            "|", "行政许可 |", "3 | ||",
            "三、收到和处理政府信息公开申请情况",
        ]
    )  # fmt: skip
    result = extract(text.encode(), format="text")
    assert result.report is not None
    art20_1 = result.report.body.proactive_disclosure.art20_1
    assert (art20_1.rules.issued, art20_1.rules.repealed, art20_1.rules.in_force) == (0, 0, Cell(CellStatus.BLANK))
    docs = art20_1.normative_documents
    assert (docs.issued, docs.repealed, docs.in_force) == (5, 12, 8)
    assert result.report.body.proactive_disclosure.art20_5.administrative_licensing.decisions == 3
    assert result.report.body.proactive_disclosure.extra_rows == ()


def test_a_sentence_that_names_the_report_is_not_its_title() -> None:
    """根据《条例》…现公布我局2022年政府信息公开工作年度报告。 names no agency: the agency
    stays unnamed rather than being read as that sentence."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_markdown(report).splitlines()
    text[0] = "根据《中华人民共和国政府信息公开条例》规定，现公布我局2025年政府信息公开工作年度报告。"
    result = extract("\n".join(text).encode(), format="markdown")
    assert result.report is not None
    assert result.report.year == 2025
    assert result.report.agency.name is None


def test_a_spreadsheet_row_whose_only_filled_cell_is_a_figure_stays_a_row() -> None:
    """Table 4 printed blank but for a slash in its last cell: the slash is that cell's,
    the blank cells stay blank (the row was read as a line of text and lost)."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    blank = Cell(CellStatus.BLANK)
    outcomes = gd.model.CaseOutcomes(blank, blank, blank, blank, blank)
    review = attrs.evolve(
        report.body.review_litigation,
        administrative_review=outcomes,
        litigation_direct=outcomes,
        litigation_after_review=attrs.evolve(outcomes, total=Cell(CellStatus.SLASH, text="/")),
    )
    report = attrs.evolve(report, body=attrs.evolve(report.body, review_litigation=review))
    result = extract(render.render_xlsx(report))
    assert result.report is not None
    got, expected = cells(result.report), cells(report)
    review_cells = [p for p in expected if p.startswith("/body/review_litigation/")]
    assert len(review_cells) == 15
    assert {p: got[p] for p in review_cells} == {p: expected[p] for p in review_cells}


def test_a_page_titled_only_in_its_head_names_its_agency() -> None:
    """Many portals print the report's name only in the page's <title> (and the body starts
    with 根据《条例》…): the title and the agency come from there, the site's name after
    "_" dropped. An SVG's title and a second title element are not the page's text."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report)
    head_title = title_text = render.title(report)
    page = page.replace(f"<p>{title_text}</p>", "")  # the body no longer prints it
    assert title_text not in page.split("</head>")[1]
    page = page.replace(f"<title>{head_title}</title>", f"<title>{head_title}_沭阳县人民政府门户网站</title>")
    page = page.replace("<body>", "<body><svg><title>图标</title></svg><title>另一个</title>")
    result = extract(page.encode(), format="html")
    assert result.report is not None
    assert result.report.title == title_text
    assert result.report.agency.name == report.agency.name
    assert cells(result.report) == cells(report)
    body = gd.dumps(result.report)
    assert "图标" not in body
    assert "另一个" not in body


def test_a_head_left_open_does_not_hide_the_page() -> None:
    """<head> never closed: the first tag of the body (or text) ends it, as in a browser."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report).replace("</head>", "")
    result = extract(page.encode(), format="html")
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_line_breaks_in_markdown_cells_do_not_make_the_file_a_web_page() -> None:
    from govdisclosure.extraction._sources import Kind, sniff

    markdown = "| 一、本年新收政府<br>信息公开申请数量 | 5 |\n|---|---|\n| 规章 | 0 |\n".encode()
    assert sniff(markdown) == Kind.MARKDOWN
    assert sniff("第一段<br>第二段<br/>第三段".encode()) == Kind.HTML  # a page's fragment
    assert sniff("<p>一</p>| a | b |\n|---|---|".encode()) == Kind.HTML


@pytest.mark.parametrize(("total", "value", "flagged"), [("71<br>3", 713, False), ("71<br>4", 714, True)])
def test_a_number_wrapped_in_a_narrow_cell_is_confirmed_by_its_row(total: str, value: int, flagged: bool) -> None:
    """713 printed 71 / 3 in a narrow cell is read 713; the doubt that it is two numbers
    goes when the row's columns add up to it (blanks counting nothing). A row that does
    not add up keeps the flag."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report)
    row = page.index("一、本年新收政府信息公开申请数量")
    cell = page.index(">713<", row)
    page = page[: cell + 1] + total + page[cell + 4 :]
    result = extract(page.encode())
    assert result.report is not None
    pointer = "/body/applications/new_received/total"
    assert cells(result.report)[pointer] == value
    assert result.report.extraction is not None
    codes = {f.code for f in result.report.extraction.flags if f.pointer == pointer}
    assert ("extract.split_number" in codes) is flagged


def test_pdfminer_s_warnings_about_fonts_stay_out_of_the_user_s_output(caplog: pytest.LogCaptureFixture) -> None:
    """A font without a FontBBox makes pdfminer log a warning: what matters comes back as
    findings, the library's workarounds are not printed (and its level is restored)."""
    import logging

    before = logging.getLogger("pdfminer").level
    with caplog.at_level(logging.WARNING):
        extract(_pdf_without_character_map(bytes(range(1, 41)) * 2))
    assert [r for r in caplog.records if r.name.startswith("pdfminer")] == []
    assert logging.getLogger("pdfminer").level == before


@pytest.mark.parametrize(
    "title",
    [
        "淮安市洪泽区人民政府二〇二四年政府信息公开工作年度报告",
        "淮安市洪泽区人民政府二零二四年度政府信息公开工作年度报告",
        "淮安市洪泽区人民政府政府信息公开工作年度报告（2024年度）",
        "二〇二四年淮安市洪泽区人民政府政府信息公开工作年度报告",
    ],
)
def test_the_year_in_chinese_numerals_or_after_the_name_is_the_title_s(title: str) -> None:
    """二〇二四年 is a year as 2024年 is; a year printed after the report's name (（2024年度）)
    leaves the agency before the name, not the name itself."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report).replace("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", title)
    page = page.replace("2024年1月1日", "二〇二四年一月一日").replace("2024年12月31日", "十二月三十一日")
    result = extract(page.encode())
    assert result.report is not None
    assert result.report.year == 2024
    assert result.report.agency.name == "淮安市洪泽区人民政府"
    assert "extract.year_inferred" not in [f.code for f in result.findings]


@pytest.mark.parametrize(
    "before",
    [
        "<div class='crumb'>当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>",
        "<div>首页 > 信息公开 > 政府信息公开年度报告</div>",
        "<ul><li>政府信息公开指南</li><li>政府信息公开制度</li><li>政府信息公开年报</li></ul>",
        "<h1>关于2024年政府信息公开工作年度报告的公示</h1>",
        "<p>附件：2024年政府信息公开工作年度报告统计表</p>",
    ],
    ids=["trail", "trail-arrows", "menu", "notice", "attachment"],
)
def test_a_site_s_trail_menu_or_notice_above_the_title_is_not_the_title(before: str) -> None:
    """Pages print the site's trail to the page (…> 政府信息公开年报) and its menu above the
    report: they name the report's column, not the report, and have no year."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report).replace("<body>", "<body>" + before, 1)
    result = extract(page.encode())
    assert result.report is not None
    assert result.report.title == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
    assert result.report.agency.name == "淮安市洪泽区人民政府"


@pytest.mark.parametrize("page_title", [True, False])
def test_a_list_of_other_reports_above_the_article_does_not_name_the_report(page_title: bool) -> None:
    """A page lists the body's other reports (2023, 2022) before the article: the report's
    title and year are the ones the page's <title> names, or, where it names only the site,
    the ones of the year the statistics cover (统计期限自2024年1月1日)."""
    import re

    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report)
    if not page_title:
        page = re.sub(r"<title>.*?</title>", "<title>洪泽区人民政府网</title>", page)
    others = "".join(
        f"<li><a href='{year}.html'>淮安市洪泽区人民政府{year}年政府信息公开工作年度报告</a></li>"
        for year in (2023, 2022)
    )
    result = extract(page.replace("<body>", f"<body><ul class='list'>{others}</ul>", 1).encode())
    assert result.report is not None
    assert (result.report.year, result.report.title) == (2024, "淮安市洪泽区人民政府2024年政府信息公开工作年度报告")


@pytest.mark.parametrize(
    ("change", "run"),
    [
        ("moved", '<w:moveFrom w:id="1" w:author="a"><w:r><w:t>700</w:t></w:r></w:moveFrom>'
                  '<w:moveTo w:id="2" w:author="a"><w:r><w:t>705</w:t></w:r></w:moveTo>'),
        ("hidden", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r><w:r><w:t>705</w:t></w:r>"),
        ("struck", "<w:r><w:rPr><w:strike/></w:rPr><w:t>700</w:t></w:r><w:r><w:t>705</w:t></w:r>"),
        ("deleted", '<w:del w:id="1" w:author="a"><w:r><w:delText>700</w:delText></w:r></w:del>'
                    '<w:ins w:id="2" w:author="a"><w:r><w:t>705</w:t></w:r></w:ins>'),
    ],
)  # fmt: skip
def test_a_word_cell_is_read_as_it_prints(change: str, run: str) -> None:
    """Text a tracked change moved away (it prints where it was moved to), deleted, or
    formatted as hidden is not printed, and a figure struck through was corrected: the
    cell reads 705."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    figure = "<w:r><w:t>705</w:t></w:r>"
    result = extract(render.rewrite_docx(render.render_docx(report), lambda xml: xml.replace(figure, run, 1)))
    assert result.report is not None
    assert cells(result.report) == cells(report), change


def test_a_word_text_box_is_read_once() -> None:
    """Word writes a text box twice (mc:Choice for new readers, mc:Fallback for old ones):
    its words are read once. A non-breaking hyphen is a hyphen."""
    docx_layout = importlib.import_module("govdisclosure.extraction._docx").docx_layout
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>沭阳县人民政府2025年政府信息公开工作年度报告</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        f'<w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body><w:p><w:r><mc:AlternateContent>'
        f"<mc:Choice Requires='wps'>{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>电话0527</w:t><w:noBreakHyphen/><w:t>1</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        archive.writestr("word/document.xml", xml)
    layout, findings = docx_layout(sink.getvalue())
    assert findings == []
    assert layout is not None
    assert [row.text for row in layout.rows] == ["沭阳县人民政府2025年政府信息公开工作年度报告", "电话0527-1"]


def test_an_annex_section_heading_row_is_no_row_and_a_dash_unit_is_no_unit() -> None:
    """三、依申请公开情况 | —— | ——: a section's heading in the national form prints dashes
    where a row prints its unit and figure; it is no row of figures. A row of the form
    that prints a dash for its figure keeps it."""
    page = (
        "<html><body><p>某市2016年政府信息公开工作年度报告</p><p>附表：政府信息公开情况统计表</p><table>"
        "<tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>"
        "<tr><td>一、主动公开情况</td><td>——</td><td>——</td></tr>"
        "<tr><td>（一）主动公开政府信息数</td><td>条</td><td>3520</td></tr>"
        "<tr><td>三、依申请公开情况</td><td>——</td><td>——</td></tr>"
        "<tr><td>（一）收到申请数</td><td>件</td><td>86</td></tr>"
        "<tr><td>2.传真申请数</td><td>件</td><td>—</td></tr>"
        "</table></body></html>"
    )
    result = extract(page.encode())
    assert result.report is not None
    annex = result.report.body.annex  # type: ignore[union-attr]
    assert annex is not None
    assert [row.label for row in annex.rows] == ["（一）主动公开政府信息数", "（一）收到申请数", "2.传真申请数"]
    assert annex.rows[2].values == (Cell(CellStatus.DASH, "—"),)


@pytest.mark.parametrize("cumulative_first", [False, True])
def test_an_early_annex_with_a_running_total_column(cumulative_first: bool) -> None:
    """The local forms of 2008–2013 (指标名称 | 计量单位 | 2009年度 | 历年累计, rows 主动公开信息数,
    其中:1.政府网站, 行政复议数): the annex starts at its caption line, every row is keyed,
    and the statistics come from the year's column, never the running total."""
    head = ["历年累计", "2009年度"] if cumulative_first else ["2009年度", "历年累计"]

    def row(label: str, unit: str, year: int, total: int) -> str:
        cells = [total, year] if cumulative_first else [year, total]
        return f"<tr><td>{label}</td><td>{unit}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>"

    page = (
        "<html><body><p>某市某局2009年政府信息公开工作年度报告</p><p>一、概述</p><p>本年度工作平稳。</p>"
        "<p>附件：政府信息公开情况统计表</p><table>"
        f"<tr><td>指标名称</td><td>计量单位</td><td>{head[0]}</td><td>{head[1]}</td></tr>"
        + row("主动公开信息数", "条", 120, 560)
        + row("其中:1.政府网站", "条", 100, 480)
        + row("受理依申请公开信息总数", "件", 5, 31)
        + row("其中:1.当面申请数", "件", 2, 10)
        + row("本年度对申请的答复总数", "件", 5, 31)
        + row("行政复议数", "件", 0, 1)
        + "</table></body></html>"
    )
    result = extract(page.encode())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    assert body.annex is not None
    assert body.annex.columns == tuple(head)
    assert [row.key for row in body.annex.rows] == [
        "proactive.total",
        "proactive.channels.website",
        "on_request.received",
        "on_request.received.in_person",
        "on_request.replies",
        "review.total",
    ]
    assert _received_and_reviews(body) == (5, 0)
    # the breakdown the narrative does not give, from the annex's year column, traced to it
    assert body.on_request is not None
    assert body.on_request.received_by_channel == (gd.model.Breakdown("当面申请数", "in_person", 2),)
    assert result.report.extraction is not None
    traced = {c.pointer: c.text for c in result.report.extraction.cells}
    assert traced["/body/on_request/received_by_channel/0/count"] == "2"


#: The coded statistical form some provinces used (指标名称 | 计量单位 | 代码 | 本期实际 |
#: 本年累计, its columns numbered 甲 乙 丙 1 2): label, unit, code, the period's and the year's figures.
_CODED_FORM = [
    ("主动公开信息数", "条", "01", 300, 1234),
    ("其中：全文电子化的主动公开信息数", "条", "02", 300, 1200),
    ("申请总数", "条", "10", 20, 56),
    ("其中：1.当面申请数", "条", "11", 5, 16),
    ("对申请的答复总数", "条", "17", 20, 56),
    ("3.否决公开答复总数", "条", "20", 3, 10),
    ("行政复议数", "件", "32", 0, 1),
    ("行政诉讼数", "件", "33", 0, 2),
]


def _coded_form(shape: str) -> str:
    head = ["指 标 名 称", "计量单位", "代码", "本期实际", "本年累计"]
    table = [head, ["甲", "乙", "丙", "1", "2"], *[[str(c) for c in row] for row in _CODED_FORM]]
    lines = [
        "某市人民政府2016年政府信息公开工作年度报告",
        "一、概述",
        "本年度工作平稳。",
        "二、依申请公开政府信息情况",
        "全年共受理政府信息公开申请56件。",
        "附表：政府信息公开情况统计表",
    ]
    if shape == "html":
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in table)
        return "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + f"<table>{cells}</table></body></html>"
    if shape == "markdown":
        rows = [f"| {' | '.join(row)} |" for row in table]
        return "\n\n".join(lines) + "\n\n" + "\n".join([rows[0], "|---" * len(head) + "|", *rows[1:]]) + "\n"
    if shape == "led cells":
        # a cell per line with its pipe in front, a lone pipe closing each row; the unit's
        # heading runs on over two lines (计量 / 单位)
        led = [line for row in table for line in (row[0], *(f"| {c}" for c in row[1:]), "|")]
        return "\n".join(lines + led).replace("| 计量单位", "| 计量\n单位") + "\n"
    separator = "\t" if shape == "tabs" else "  "
    return "\n".join(lines + [separator.join(row) for row in table]) + "\n"


@pytest.mark.parametrize("shape", ["html", "markdown", "tabs", "spaces", "led cells"])
def test_a_coded_statistical_form_keeps_its_codes_apart_and_gives_the_year_s_figures(shape: str) -> None:
    """A form with a code column (01, 02, … 33) and a period's column before the year's:
    the codes are no figures (行政复议数 | 件 | 32 | 0 | 1 is one review, not 32), the
    row numbering the columns (甲 乙 丙 1 2) is no row, the statistics come from 本年累计,
    a 其中 row is no total, and the annex's lines are no narrative."""
    result = extract(_coded_form(shape).encode(), format="text" if shape == "led cells" else None)
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    annex = body.annex
    assert annex is not None
    assert annex.title == "附表：政府信息公开情况统计表"
    assert annex.columns == ("本期实际", "本年累计")
    assert [(row.label, row.unit, row.code, row.values) for row in annex.rows] == [
        (label, unit, code, (period, year)) for label, unit, code, period, year in _CODED_FORM
    ]
    assert [row.key for row in annex.rows] == [
        "proactive.total",
        None,
        "on_request.received",
        "on_request.received.in_person",
        "on_request.replies",
        "on_request.replies.refused",
        "review.total",
        "litigation.total",
    ]
    rl = body.review_litigation
    assert rl is not None
    assert rl.review is not None
    assert rl.litigation is not None
    assert (rl.review.total, rl.litigation.total) == (1, 2)
    assert result.report.extraction is not None
    traces = {trace.pointer: trace.text for trace in result.report.extraction.cells}
    assert traces["/body/review_litigation/review/total"] == "1"
    assert body.sections[-1].text == "全年共受理政府信息公开申请56件。"


@pytest.mark.parametrize(
    ("columns", "year"),
    [
        (("上年度", "本年度"), 1),
        (("本年度", "上年度"), 0),
        (("区政府统计数", "区直单位统计数", "乡镇街道统计数"), None),
    ],
)
def test_an_annex_s_year_column_is_taken_only_when_one_column_is_the_year_s(
    columns: tuple[str, ...], year: int | None
) -> None:
    """Statistics come from the one column that is the year's own; when several columns
    count parts (a district form by kind of body), none is taken for the year's count."""
    figures = (3, 7, 11)[: len(columns)]
    body = _annex_page_body(
        "<tr><td>统计指标</td><td>单位</td>" + "".join(f"<td>{c}</td>" for c in columns) + "</tr>"
        "<tr><td>四、行政复议数量</td><td>件</td>" + "".join(f"<td>{n}</td>" for n in figures) + "</tr>"
    )
    assert body.annex is not None
    assert body.annex.columns == columns
    assert body.annex.rows[0].values == figures
    assert _received_and_reviews(body) == (None, None if year is None else figures[year])


_ACROSS = ("申请总数", "当面申请", "网上申请", "同意公开", "部分公开", "行政复议数")


def _across(shape: str, rows: list[tuple[str, list[int]]], caption: bool) -> str:
    """A report on 2012 whose statistics are a table printed across: the form's rows as
    headings, a row of figures under them (named by its first cell, when it has one)."""
    named = any(label for label, _ in rows)
    head = (["年度"] if named else []) + list(_ACROSS)
    body = [([label] if named else []) + [str(n) for n in figures] for label, figures in rows]
    lines = [
        "某县某局2012年政府信息公开工作年度报告",
        "一、概述",
        "本年度工作平稳。",
        "二、依申请公开情况",
        "详见下表。",
    ]
    lines += ["表1 依申请公开情况统计表"] if caption else []
    if shape == "html":
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in [head, *body])
        return (
            "<html><body>"
            + "".join(f"<p>{line}</p>" for line in lines)
            + f"<table>{cells}</table><p>三、其他</p><p>无。</p></body></html>"
        )
    if shape == "spaces":  # as a PDF without ruling reads: words and figures set apart
        return "\n".join(lines + ["    ".join(row) for row in [head, *body]] + ["三、其他", "无。"]) + "\n"
    table = [f"| {' | '.join(head)} |", "|---" * len(head) + "|"] + [f"| {' | '.join(row)} |" for row in body]
    return "\n\n".join(lines) + "\n\n" + "\n".join(table) + "\n\n三、其他\n\n无。\n"


@pytest.mark.parametrize("shape", ["html", "markdown", "spaces"])
@pytest.mark.parametrize("caption", [True, False])
def test_statistics_printed_across_are_an_annex_of_their_own(shape: str, caption: bool) -> None:
    """申请总数 | 当面申请 | … over one row of figures: each heading is a row of the annex
    with the figure under it, keyed, and the statistics come from it; with or without a
    caption over the table."""
    figures = [25, 5, 20, 20, 3, 1]
    result = extract(_across(shape, [("", figures)], caption).encode())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    assert body.annex is not None
    assert [(row.label, row.values) for row in body.annex.rows] == [
        (h, (n,)) for h, n in zip(_ACROSS, figures, strict=True)
    ]
    assert [row.key for row in body.annex.rows] == [
        "on_request.received",
        "on_request.received.in_person",
        "on_request.received.online",
        "on_request.replies.granted",
        "on_request.replies.partially_granted",
        "review.total",
    ]
    assert _received_and_reviews(body) == (25, 1)
    assert [s.text for s in body.sections] == ["本年度工作平稳。", "详见下表。", "无。"]


def test_statistics_printed_across_for_several_years_give_the_report_s_year() -> None:
    """A row of figures for each year (2011年, 2012年): the annex has a value column for
    each, and the statistics come from the report's own year's."""
    rows = [("2012年", [25, 5, 20, 20, 3, 0]), ("2011年", [20, 5, 15, 18, 1, 1])]
    result = extract(_across("html", rows, caption=True).encode())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    assert body.annex is not None
    assert body.annex.columns == ("2012年", "2011年")
    assert body.annex.rows[0].values == (25, 20)
    assert _received_and_reviews(body) == (25, 0)


def test_an_annex_with_more_figures_than_named_columns_gives_no_statistics() -> None:
    """Two figures a row under headings that do not say which is the year's: the annex
    keeps both, and neither is taken for the year's count."""
    body = _annex_page_body(
        "<tr><td>行政复议数</td><td>件</td><td>3</td><td>7</td></tr><tr><td>行政诉讼数</td><td>件</td><td>0</td><td>2</td></tr>"
    )
    assert body.annex is not None
    assert [row.values for row in body.annex.rows] == [(3, 7), (0, 2)]
    assert body.review_litigation is None


def _annex_page_body(table_rows: str) -> gd.model.LegacyBody:
    """The body extracted from a web page of a report on 2016 whose statistical annex
    (captioned 附表) holds ``table_rows``."""
    page = (
        "<html><body><p>某县人民政府2016年政府信息公开工作年度报告</p><p>一、概述</p><p>本年度工作平稳。</p>"
        f"<p>附表：政府信息公开情况统计表</p><table>{table_rows}</table></body></html>"
    )
    result = extract(page.encode())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    return body


def _received_and_reviews(body: gd.model.LegacyBody) -> tuple[object, object]:
    """A legacy body's applications received and review cases (None where not given)."""
    received = body.on_request.received if body.on_request is not None else None
    rl = body.review_litigation
    return received, (rl.review.total if rl is not None and rl.review is not None else None)


def _legacy_body(sections: str) -> gd.model.LegacyBody:
    """The body extracted from a report on 2013 whose text after its overview is ``sections``."""
    text = "某县人民政府2013年政府信息公开工作年度报告\n一、概述\n本年度工作平稳。\n" + sections
    result = extract(text.encode())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    return body


@pytest.mark.parametrize(
    ("sentence", "received", "completed", "review", "litigation"),
    [
        ("依申请公开数量为8件，答复8件。", 8, 8, None, None),
        ("2012年，共受理政府信息公开申请一件，已按时答复。", 1, None, None, None),
        ("全年共受理政府信息公开申请十二件，办结十件。", 12, 10, None, None),
        ("本机关被申请行政复议0起，被提起行政诉讼两起。", None, None, 0, 2),
        ("全年开展一次性告知3次，受理申请2件。", 2, None, None, None),
    ],
)
def test_legacy_counts_in_other_words_and_characters(
    sentence: str, received: int | None, completed: int | None, review: int | None, litigation: int | None
) -> None:
    """依申请公开数量为8件 is the applications received and a bare 答复8件 those completed;
    counts of applications and cases written in characters (一件, 十二件, 两起) and cases
    counted in 起 are read; 一次性 is no count."""
    body = _legacy_body("二、依申请公开情况\n" + sentence + "\n")
    stats = body.on_request
    assert (stats.received if stats else None, stats.completed if stats else None) == (received, completed)
    rl = body.review_litigation
    assert (rl.review.total if rl and rl.review else None) == review
    assert (rl.litigation.total if rl and rl.litigation else None) == litigation


@pytest.mark.parametrize(
    ("sentence", "received", "review", "litigation", "fees"),
    [
        ("本年度没有收到群众的政府信息公开申请。", 0, None, None, None),
        ("本单位2012年未收到申请公开政府信息件。", 0, None, None, None),
        ("本年度未收到涉及国家秘密的政府信息公开申请。", None, None, None, None),
        ("本单位未发生因政府信息公开申请行政复议、提起行政诉讼的情况。", None, 0, 0, None),
        ("全年受理申请2件，没有向申请人收取复印、邮寄等任何费用。", 2, None, None, 0),
    ],
)
def test_legacy_none_said_in_words(
    sentence: str, received: int | None, review: int | None, litigation: int | None, fees: int | None
) -> None:
    """No application received (没有收到群众的…申请, 未收到申请公开政府信息件), no review and
    no litigation (…行政复议、提起行政诉讼), no fee (没有向申请人收取…费用), each said in
    words, is 0; an application of one kind said not to have come is no count of all."""
    body = _legacy_body("二、依申请公开情况\n" + sentence + "\n")
    stats = body.on_request
    assert (stats.received if stats else None) == received
    assert (stats.fees.amount if stats and isinstance(stats.fees, Money) else None) == fees
    rl = body.review_litigation
    assert (rl.review.total if rl and rl.review else None) == review
    assert (rl.litigation.total if rl and rl.litigation else None) == litigation


def test_legacy_figures_each_on_a_line_of_their_own_run_on_with_their_sentence() -> None:
    """Text converted from a PDF puts a figure printed in another font on a line of its own
    (受理政府信息公开申请 / 36 / 件，其中…): no count was read. The figure runs on with its
    sentence, in the statistics, in the section's text and in the stated figures."""
    body = _legacy_body(
        "二、依申请公开情况\n全年共受理政府信息公开申请\n36\n件，其中网上申请\n20\n件、信函申请\n16\n件。"
        "同意公开\n25\n件，不予公开\n11\n件。\n三、行政复议和行政诉讼情况\n"
        "全年因政府信息公开申请提起行政复议\n2\n件、行政诉讼\n1\n件。\n"
    )
    stats = body.on_request
    assert stats is not None
    assert stats.received == 36
    assert [(b.key, b.count) for b in stats.received_by_channel] == [("online", 20), ("letter", 16)]
    assert [(b.key, b.count) for b in stats.replies] == [("granted", 25), ("refused", 11)]
    assert body.review_litigation is not None
    assert body.review_litigation.review is not None
    assert body.review_litigation.review.total == 2
    assert body.review_litigation.litigation is not None
    assert body.review_litigation.litigation.total == 1
    on_request = next(s for s in body.sections if s.key == "on_request")
    assert on_request.text.startswith("全年共受理政府信息公开申请36件，其中网上申请20件、")


def test_a_legacy_page_run_together_on_one_line_has_its_sections_and_counts() -> None:
    """A page whose paragraphs a crawler parted by spaces only, headings inline (一、概述 根据…):
    it was one section of text and its counts under unread headings; each heading now
    heads its section (收到和处理政府信息公开申请情况, worded as the later templates word it,
    is the applications' section) and the counts under it are read."""
    text = (
        "某县某局2012年政府信息公开工作年度报告 根据《条例》要求，现公布本报告。 一、概述 本年度工作平稳。 "
        "二、主动公开政府信息的情况 本年度共主动公开政府信息83条。 三、收到和处理政府信息公开申请情况 "
        "本年度共受理政府信息公开申请3件，同意公开3件。 四、因政府信息公开申请行政复议、提起行政诉讼的情况 "
        "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。 五、存在的主要问题和改进措施 一是公开内容不够丰富。"
    )
    report = extract(text.encode()).report
    assert report is not None
    body = report.body
    assert isinstance(body, gd.model.LegacyBody)
    keys = ["preamble", "overview", "proactive", "on_request", "review_litigation", "problems"]
    assert [s.key for s in body.sections] == keys
    assert body.sections[0].text == "根据《条例》要求，现公布本报告。"
    assert body.sections[2].heading == "二、主动公开政府信息的情况"
    assert body.sections[2].text == "本年度共主动公开政府信息83条。"
    assert body.on_request is not None
    assert body.on_request.received == 3
    assert body.review_litigation is not None
    assert body.review_litigation.litigation is not None
    assert body.review_litigation.litigation.total == 0


@pytest.mark.parametrize("separator", [" ", "\t"])
@pytest.mark.parametrize(
    "path",
    [
        EXAMPLES / "valid" / "shanghai-government-office-2019.json",
        EXAMPLES / "valid" / "hongze-district-government-2024.json",
    ],
    ids=lambda p: p.stem,
)
def test_a_gb_page_run_together_on_one_line_reads_as_its_lines(path: pathlib.Path, separator: str) -> None:
    """A gb page run together on one line, its lines parted by a space (each table row's
    cells by spaces or tabs): no cell was read. Each heading, table row and paragraph is a
    line again: the cells read are those of the same text with its lines (tab-separated:
    every cell; spaced: the rows without blanks, the others flagged), every offset kept."""
    report = gd.load(path)
    lines = render.render_text(report, separator)
    run_together = lines.replace("\n", " ")
    result, by_lines = extract(run_together.encode()), extract(lines.encode())
    assert result.report is not None
    assert by_lines.report is not None
    assert cells(result.report) == cells(by_lines.report)
    if separator == "\t":
        assert cells(result.report) == cells(report)
    assert [f.pointer for f in result.report.extraction.flags] == [f.pointer for f in by_lines.report.extraction.flags]
    assert [s.heading for s in result.report.body.sections] == [s.heading for s in by_lines.report.body.sections]
    for trace in result.report.extraction.cells:
        if trace.span is not None and trace.text:
            assert run_together[trace.span[0] : trace.span[1]].split() == trace.text.split(), trace.pointer


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        (
            "全年收到申请5件，其中：自然人申请4件，法人或其他组织申请1件。",
            [("自然人申请", 4), ("法人或其他组织申请", 1)],
        ),
        ("全年收到申请5件，其中公民申请3件、企业申请2件。", [("公民申请", 3), ("企业申请", 2)]),
        ("全年收到申请5件，其中自然人申请4件。", []),
    ],
)
def test_legacy_applications_by_who_applied(sentence: str, bodies: list[tuple[str, int]]) -> None:
    """Who applied, in the breakdown of the applications received, is kept by kind of
    applicant; one kind named alone is a part, not a breakdown (it would not add up)."""
    stats = _legacy_body("二、依申请公开情况\n" + sentence + "\n").on_request
    assert stats is not None
    assert stats.received == 5
    assert [(b.label, b.count) for b in stats.received_by_body] == bodies


def test_legacy_counts_named_after_them_and_channels_in_a_list() -> None:
    """4件申请均已办结 gives the applications completed (what was counted said after the
    count); 对申请的答复总数 is the replies' total; a list of channels goes on after its
    first (通过信函提交2件) but not into a count of information (网站公开信息120条); a fee
    said not to have happened (未发生…收费情况) is no fee."""
    body = _legacy_body(
        "二、依申请公开情况\n（一）申请情况。全年共受理政府信息公开申请8件。\n"
        "（二）申请处理情况。8件申请均已办结，其中同意公开的7件，不属于本机关职责范围的1件。\n"
        "申请人通过网上提交申请5件，占62.5%；通过信函提交2件；当面提交1件。网站公开信息120条。\n"
        "三、收费情况\n全年未发生政府信息公开收费情况。\n"
    )
    stats = body.on_request
    assert stats is not None
    assert (stats.received, stats.completed) == (8, 8)
    assert [(b.key, b.count) for b in stats.received_by_channel] == [("online", 5), ("letter", 2), ("in_person", 1)]
    assert stats.fees is not None
    assert stats.fees.amount == 0
    answered = _legacy_body("二、依申请公开情况\n受理申请总数为6件。对申请的答复总数为6件，其中同意公开答复数为5件。\n")
    assert answered.on_request is not None
    assert answered.on_request.completed == 6


@pytest.mark.parametrize(
    ("sentence", "review", "litigation"),
    [
        (
            "全年发生行政复议2件，其中维持1件，纠正1件；行政诉讼1件，法院判决驳回1件。",
            (2, 1, 1, None),
            (1, 1, None, None),
        ),
        ("全年发生行政复议3件，复议机关维持原决定2件，其他1件。行政诉讼0件。", (3, 2, None, 1), (0, None, None, None)),
        ("全年发生行政复议2件。同意公开3件。", (2, None, None, None), None),
    ],
)
def test_outcomes_said_after_a_review_or_litigation_count(
    sentence: str, review: tuple[int | None, ...], litigation: tuple[int | None, ...] | None
) -> None:
    """其中维持1件，纠正1件 after 行政复议2件 are the review's outcomes (read as nothing);
    a count in the next sentence is not."""
    body = _legacy_body(f"二、行政复议和行政诉讼情况\n{sentence}\n")
    found = body.review_litigation
    assert found is not None
    assert found.review is not None
    assert (found.review.total, found.review.upheld, found.review.corrected, found.review.other) == review
    got = found.litigation
    assert (None if got is None else (got.total, got.upheld_or_dismissed, got.corrected, got.other)) == litigation


@pytest.mark.parametrize(
    "sentence", ["本年度依申请公开数为零。", "全年共收到政府信息公开申请为零。", "全年没有政府信息公开申请。"]
)
def test_no_application_said_with_zero_in_words_or_without_a_verb(sentence: str) -> None:
    """为零 is a count of none; 没有政府信息公开申请 says none came, as 没有收到… does."""
    body = _legacy_body(f"二、依申请公开政府信息的情况\n{sentence}\n")
    assert body.on_request is not None
    assert body.on_request.received == 0


@pytest.mark.parametrize(
    ("sentence", "fees", "reduced"),
    [
        ("收取检索、复制、邮寄等费用共计120元，减免费用30元。", 120, 30),
        ("减免费用30元，实际收取费用120元。", 120, 30),
        ("未收取任何费用，也无减免情况。", 0, 0),
        ("共收取费用0.5万元。", decimal.Decimal("0.5"), None),
    ],
)
def test_fees_reduced_or_waived_are_read_apart_from_fees_charged(
    sentence: str, fees: decimal.Decimal | int, reduced: int | None
) -> None:
    """减免费用30元 was never read, and taken for the fees charged when said first; 无减免
    情况 is none reduced."""
    body = _legacy_body(f"二、依申请公开情况\n全年受理申请5件。{sentence}\n")
    stats = body.on_request
    assert stats is not None
    assert stats.fees is not None
    assert stats.fees.amount == fees
    got = stats.fee_reductions
    assert (None if got is None else got.amount) == reduced


@pytest.mark.parametrize(
    ("sentence", "complaints"),
    [
        ("全年收到关于政府信息公开工作的举报投诉2件，均已处理。", 2),
        ("全年未收到涉及政府信息公开的举报投诉。", 0),
        ("我局设立了投诉举报电话，全年受理申请5件。", None),
    ],
)
def test_complaints_about_disclosure_work_are_read(sentence: str, complaints: int | None) -> None:
    """举报投诉 about the disclosure work (a field of the legacy model) was never read from
    the narrative; a hotline for them is no count."""
    body = _legacy_body(f"二、监督情况\n{sentence}\n")
    found = body.review_litigation
    assert (None if found is None else found.complaints) == complaints


def test_fees_said_alone_and_counts_of_the_catalogue_are_no_replies() -> None:
    """A report that states no count of applications but says no fee was charged
    (未向申请人收取费用) has fees of 0; 主动公开信息734条，依申请公开信息12条，不予公开信息27条
    counts items of the disclosure catalogue by how they are disclosed, not replies (27
    refusals against 1 application). 谘询情况 (the older form of 咨询) heads the
    consultations."""
    body = _legacy_body(
        "二、收费情况\n本年度在办理依申请公开工作中，未向申请人收取费用。\n三、谘询情况\n全年接受谘询20人次。\n"
    )
    assert [s.key for s in body.sections] == ["overview", "fees", "consultation"]
    assert body.on_request is not None
    assert body.on_request.fees is not None
    assert body.on_request.fees.amount == 0
    assert body.on_request.received is None
    listed = _legacy_body(
        "二、依申请公开情况\n本年度主动公开信息734条，依申请公开信息12条，不予公开信息27条。"
        "收到政府信息公开申请1件，其中不予公开1件。\n"
    )
    assert listed.on_request is not None
    assert listed.on_request.received == 1
    assert [(b.key, b.count) for b in listed.on_request.replies] == [("refused", 1)]


def test_a_legacy_count_is_traced_to_where_it_stands() -> None:
    """2012年共受理申请2件: the count's trace points at 2件, not at the 2 of 2012."""
    text = "某县某局2012年政府信息公开工作年度报告\n一、概述\n本年度工作平稳。\n二、依申请公开情况\n2012年共受理申请2件。\n"
    report = extract(text.encode()).report
    assert report is not None
    assert report.extraction is not None
    trace = next(c for c in report.extraction.cells if c.pointer == "/body/on_request/received")
    assert trace.span is not None
    assert text[trace.span[0] : trace.span[1] + 1] == "2件"


def test_legacy_applications_answered_and_fees_in_a_section_of_their_own() -> None:
    """在已经答复的9件申请中 gives the applications completed; the fees' sentence is the one
    under its own heading, not run together with the line before it."""
    body = _legacy_body(
        "二、依申请公开情况\n全年共受理申请10件。在已经答复的9件申请中，同意公开的7件。\n"
        "以组织名义提交的申请有2件\n三、收费情况\n本年度依申请公开收取的费用为0元。\n"
    )
    stats = body.on_request
    assert stats is not None
    assert (stats.received, stats.completed) == (10, 9)
    assert stats.fees is not None
    assert stats.fees.text == "本年度依申请公开收取的费用为0元。"


@pytest.mark.parametrize(
    ("sentence", "review", "litigation"),
    [
        ("2013年，未发生因政府信息公开申请提起的行政复议、行政诉讼。", 0, 0),
        ("全年没有发生政府信息公开行政诉讼案件。", None, 0),
        ("全年发生政府信息公开行政复议3件，未发生行政诉讼。", 3, 0),
        ("全年未发生被行政复议纠错的情况。", None, None),
        ("全年未发生因政府信息公开工作被申请行政复议和提起行政诉讼的情况。", 0, 0),
        ("本年度没有因政府信息公开被申请行政复议、被提起行政诉讼的案件。", 0, 0),
        ("全年未发生因政府信息公开产生申请行政复议或者提起行政诉讼的情况。", 0, 0),
        ("全年未发生行政复议被撤销、纠错的情况。", None, None),
        ("行政复议和行政诉讼均为0件。", 0, 0),
        ("因政府信息公开申请行政复议、提起行政诉讼的数量均为零。", 0, 0),
        ("全年发生行政复议、行政诉讼各1件。", 1, 1),
        ("全年发生行政复议和行政诉讼共3件。", None, None),
        ("全年因政府信息公开申请行政复议后提起行政诉讼1件。", None, 1),
    ],
)
def test_review_and_litigation_said_in_words_not_to_have_happened(
    sentence: str, review: int | None, litigation: int | None
) -> None:
    """未发生…行政复议、行政诉讼 states a count of none, the agency named as the party
    (被申请行政复议、被提起行政诉讼) or not, joined by 、 和 or 或者; a denial of an outcome
    only (未发生被纠错, 行政复议被撤销) states no count. A count naming both is each one's
    where it says so (均为0件, 均为零, 各1件), their sum (共3件) is neither's, and litigation
    after review is litigation."""
    body = _legacy_body(
        "二、依申请公开政府信息的情况\n全年共收到政府信息公开申请42件。\n"
        f"三、因政府信息公开申请提起行政复议、行政诉讼的情况\n{sentence}\n"
    )
    found = body.review_litigation
    got_review = found.review.total if found is not None and found.review is not None else None
    got_litigation = found.litigation.total if found is not None and found.litigation is not None else None
    assert (got_review, got_litigation) == (review, litigation)


@pytest.mark.parametrize(
    "sentence",
    [
        "全年共受理依申请公开事项42件。",
        "共办理依申请公开政府信息42件。",
        "全年共接到政府信息公开申请42件。",
        "全年受理公民、法人和其他组织提出的政府信息公开申请42件。",
        "全年共受理政府信息公开申请总计42件。",
        "2013年，我局收到42起政府信息依申请公开，均按程序办理。",
        "全年共收到42份政府信息公开申请。",
        "本年度共有42人次提出政府信息公开申请，均已答复。",
        "本年度申请公开政府信息的数量为42件。",
        "2013年共有42件政府信息公开申请。",
        "2013年，公民、法人和其他组织向本机关申请公开政府信息42件。",
        "本年度我委共受理政府信息公开申请件数为42件。",
        "申请公开政府信息共42件，均已办结。",
    ],
)
def test_the_ways_reports_on_2008_2018_say_how_many_applications_came(sentence: str) -> None:
    body = _legacy_body(f"二、依申请公开政府信息的情况\n{sentence}已办理答复申请40件。\n")
    assert body.on_request is not None
    assert body.on_request.received == 42


def test_word_rows_and_cells_inside_content_controls_are_read() -> None:
    """Forms made in Word wrap rows and cells in content controls (w:sdt): they are rows and
    cells of the table all the same."""
    import re

    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")

    def wrap(xml: str) -> str:
        xml = re.sub(r"(<w:tc>.*?</w:tc>)", r"<w:sdt><w:sdtContent>\1</w:sdtContent></w:sdt>", xml, flags=re.S)
        xml = re.sub(r"(<w:tr>.*?</w:tr>)", r"<w:sdt><w:sdtContent>\1</w:sdtContent></w:sdt>", xml, flags=re.S)
        assert xml.count("<w:sdt>") > 100
        return xml

    result = extract(render.rewrite_docx(render.render_docx(report), wrap))
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_what_a_page_does_not_show_is_not_read() -> None:
    """A copy of the tables the page keeps hidden (for printing or sharing, display:none or
    the hidden attribute) is not the report's: the tables read are the ones shown."""
    import re

    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report)
    article = page[page.index("<div class='article'>") : page.rindex("</div>") + 6]
    other = re.sub(r">(\d+)<", lambda m: f">{int(m.group(1)) + 7}<", article)
    for wrapper in ("<div style='display: none'>{}</div>", "<section hidden>{}</section>"):
        result = extract(page.replace("<body>", "<body>" + wrapper.format(other), 1).encode())
        assert result.report is not None
        assert cells(result.report) == cells(report)


@pytest.mark.parametrize(
    "decoy",
    [
        '705<font style="font-size:0px">3</font>',
        '7<span style="font-size: 0">8</span>05',
        '705<span class="a spoil">3</span>',
        '7<b id="n9">1</b>05',
        '7<span class="tiny">2</span>05',
        "<del>700</del>705",
        "<s>700</s> 705",
    ],
)
def test_characters_a_page_sets_where_they_do_not_show_are_not_read(decoy: str) -> None:
    """Pages that spoil copying slip characters into the text in type of no size, or in
    elements their style sheet hides (.spoil{display:none}): 705 is read, not 7053. A rule
    for small screens only (@media) hides nothing on the page as printed. A figure
    corrected in place (<del>700</del>705) is the figure not struck through."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    css = (
        "<style>/* copy guard */ .spoil{display:none} #n9, span.tiny { font-size:0px; }"
        " @media (max-width:600px){.phone{display:none}}</style>"
    )
    page = render.render_html(report).replace("<body>", "<body>" + css, 1)
    page = page.replace(">705<", f"><span class='phone'>{decoy}</span><", 1)
    result = extract(page.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


@pytest.mark.parametrize(
    "wrap",
    [
        lambda article: f"<div style='display:none' id='content'>{article}</div>",  # shown by a script
        lambda article: f"<div style='display:none'>{article}",  # never closed
    ],
    ids=["all-hidden", "unclosed"],
)
def test_a_page_whose_report_is_hidden_until_a_script_shows_it_is_read(wrap: Callable[[str], str]) -> None:
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report)
    article = page[page.index("<div class='article'>") : page.rindex("</div>") + 6]
    result = extract(page.replace(article, wrap(article)).encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_a_table_printed_as_a_picture_says_so() -> None:
    """Some pages print a table as a picture: no text to read. The finding says that the
    source shows a picture there, not that the table is missing."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    page = render.render_html(report)
    start = page.index("<table", page.index("三、收到和处理政府信息公开申请情况"))
    end = page.index("</table>", start) + len("</table>")
    pictured = (
        page[:start] + "<p><img src='table3.png' width='600'></p><p><img src='icon.png' width='16'></p>" + page[end:]
    )
    result = extract(pictured.encode())
    assert result.report is not None
    assert result.report.extraction is not None
    codes = {f.pointer: f.code for f in result.report.extraction.flags}
    assert codes["/body/applications"] == "extract.table_is_image"
    assert "/body/proactive_disclosure" not in codes
    # an icon is no picture of a table
    iconic = page[:start] + "<p><img src='icon.png' width='16' height='16'></p>" + page[end:]
    flags = extract(iconic.encode()).report.extraction.flags  # type: ignore[union-attr]
    assert {f.pointer: f.code for f in flags}["/body/applications"] == "extract.table_not_found"


def test_a_pdf_whose_tables_are_pictures_says_so() -> None:
    pytest.importorskip("reportlab")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    picture = ImageReader(Image.new("RGB", (400, 200), "white"))
    sink = io.BytesIO()
    pdf = canvas.Canvas(sink)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 800, "某县人民政府2024年政府信息公开工作年度报告")
    pdf.drawString(72, 780, "一、总体情况")
    pdf.drawString(72, 760, "本年度工作平稳。")
    y = 740
    for heading in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ):
        pdf.drawString(72, y, heading)
        pdf.drawImage(picture, 72, y - 170, width=400, height=160)
        y -= 200
    pdf.save()
    result = extract(sink.getvalue())
    assert result.report is not None
    assert result.report.extraction is not None
    codes = {f.pointer: f.code for f in result.report.extraction.flags if f.pointer.count("/") == 2}
    assert codes == {
        "/body/proactive_disclosure": "extract.table_is_image",
        "/body/applications": "extract.table_is_image",
        "/body/review_litigation": "extract.table_is_image",
    }


@pytest.mark.parametrize("where", ["before", "after", "both"])
def test_a_column_empty_in_every_row_of_a_web_page_s_table_is_layout(where: str) -> None:
    """A page's table with an empty column before or after its own (16 cells for Table 4's
    15): the column is layout, not a column of blank figures; nothing moves."""
    report = gd.load(
        EXAMPLES / "valid" / "shanghai-government-office-2019.json"
    )  # blank cells, blank last cell of Table 4
    page = render.render_html(report)
    if where in ("before", "both"):
        page = page.replace("<tr>", "<tr><td>&nbsp;</td>")
    if where in ("after", "both"):
        page = page.replace("</tr>", "<td></td></tr>")
    result = extract(page.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


_WIDTHS_ROW = "<tr{height}>" + "<td width=40 style='border:none'></td>" * 15 + "</tr>"


@pytest.mark.parametrize(
    "closing",
    [
        "<![if !supportMisalignedColumns]>" + _WIDTHS_ROW.format(height=" height=0") + "<![endif]>",
        "<![if !supportMisalignedColumns]>" + _WIDTHS_ROW.format(height="") + "<![endif]>",
        _WIDTHS_ROW.format(height=' style="height:0pt"'),
        _WIDTHS_ROW.format(height=""),
    ],
)
@pytest.mark.parametrize("name", ["shuyang-county-government-2025", "shanghai-government-office-2019"])
def test_a_row_of_empty_cells_closing_a_table_hides_no_figure(name: str, closing: str) -> None:
    """Word saving a page closes each table with a row of empty cells that only sets the
    columns' widths (in <![if !supportMisalignedColumns]>, height 0; editors keep it with
    or without those marks): under Table 4 it was read as the row of figures, every cell
    blank, wrong and unflagged (12 of 15 cells in one example, 6 in the other). It is no
    row, and an empty cell never hides a printed one."""
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    page = render.render_html(report).replace("</table>", closing + "</table>")
    result = extract(page.encode(), format="html")
    assert result.report is not None
    assert cells(result.report) == cells(report)
    plain = extract(render.render_html(report).encode(), format="html").report
    assert plain is not None
    assert result.report.extraction.flags == plain.extraction.flags  # type: ignore[union-attr]


def test_two_rows_giving_a_cell_different_figures_keep_the_first_doubted() -> None:
    """Two rows of Table 4's figures (a row printed twice, changed): the later one took the
    cells unflagged. The first stays, each cell given twice flagged."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report)
    table4 = page.rindex("<table")
    later = "<tr>" + "<td>1</td>" * 15 + "</tr>"
    page = page[:table4] + page[table4:].replace("</table>", later + "</table>", 1)
    result = extract(page.encode(), format="html")
    assert result.report is not None
    got = cells(result.report)
    for pointer, value in cells(report).items():
        if pointer.startswith("/body/review_litigation/"):
            assert got[pointer] == value, pointer
    flagged = {f.pointer for f in result.report.extraction.flags if f.code == "extract.conflicting_rows"}
    expected = {p for p, v in cells(report).items() if p.startswith("/body/review_litigation/") and v != 1}
    assert flagged == expected


@pytest.mark.parametrize("edge", ["lead", "tail"])
def test_pipe_rows_that_all_begin_or_end_with_an_empty_cell_keep_their_figures_in_place(edge: str) -> None:
    """A converter that writes every row of a table with an extra pipe (|  | 行政复议 | …)
    leaves an empty first (or last) cell in every row, headings included: layout, not a
    blank figure (Table 4 of this example ends in a blank cell, so the figures' row alone
    cannot tell)."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    lines = []
    for line in render.render_markdown(report).splitlines():
        if line.startswith("|---"):
            line = "|---" + line if edge == "lead" else line + "---|"
        elif line.startswith("|"):
            line = "|  " + line if edge == "lead" else line + "  |"
        lines.append(line)
    result = extract("\n".join(lines).encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_a_table_pasted_into_word_as_a_picture_says_so() -> None:
    import re

    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    picture = (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5486400" cy="2743200"/></wp:inline></w:drawing></w:r></w:p>'
    )

    def paste(xml: str) -> str:
        assert 'xmlns:wp="' in xml
        tables = [m.span() for m in re.finditer(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S)]
        start, end = tables[-2]  # Table 3 (Table 4 is the last)
        return xml[:start] + picture + xml[end:]

    result = extract(render.rewrite_docx(render.render_docx(report), paste))
    assert result.report is not None
    assert result.report.extraction is not None
    codes = {f.pointer: f.code for f in result.report.extraction.flags if f.pointer.count("/") == 2}
    assert codes == {"/body/applications": "extract.table_is_image"}


def test_a_legacy_narrative_s_breakdowns_in_brackets_and_channels_without_the_word_application() -> None:
    """其中通过网络提交112件、信函方式20件: channels listed under the applications received;
    已按时答复150件 is the replies on time; 不予公开的9件（涉及国家秘密2件，…）: the reasons in
    brackets are the refusals' reasons, so the refusals add up."""
    body = _legacy_body(
        "二、依申请公开政府信息情况\n"
        "2012年共受理政府信息公开申请156件，其中通过网络提交112件、信函方式20件、当面申请18件、传真6件。"
        "已按时答复150件，延期答复6件。在已答复的申请中，同意公开的87件，"
        "不予公开的9件（涉及国家秘密2件，涉及商业秘密3件，涉及个人隐私4件），信息不存在的15件。\n"
    )
    stats = body.on_request
    assert stats is not None
    assert [(b.key, b.count) for b in stats.received_by_channel] == [
        ("online", 112),
        ("letter", 20),
        ("in_person", 18),
        ("fax", 6),
    ]
    assert stats.completed_on_time == 150
    assert [(b.key, b.count) for b in stats.refusal_reasons] == [
        ("state_secret", 2),
        ("commercial_secret", 3),
        ("personal_privacy", 4),
    ]


@pytest.mark.parametrize(
    ("sentence", "received", "carried_forward"),
    [
        ("全市受理的921件政府信息公开申请中,已办结903件,其余18件申请按照《条例》规定结转至2016年度办理。", 921, 18),
        ("共受理申请156件，其中上年结转18件。", 156, None),
        ("共受理政府信息公开申请156件（含上年结转18件），已办结150件，结转下年度办理6件。", 156, 6),
    ],
)
def test_applications_named_after_their_count_and_carried_over_from_last_year(
    sentence: str, received: int, carried_forward: int | None
) -> None:
    """受理的921件…申请 names what it counts after the count; 上年结转 is carried over from the
    year before (part of what was handled), never carried forward to the next."""
    stats = _legacy_body(f"二、依申请公开政府信息的情况\n{sentence}\n").on_request
    assert stats is not None
    assert (stats.received, stats.carried_forward) == (received, carried_forward)


def test_a_word_document_set_inside_a_frame_table_is_read() -> None:
    """A document laid out inside a one-cell table (a frame round the page): the table
    holds the report's tables, so it lays the page out and its cell is read as the page."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    result = extract(render.rewrite_docx(render.render_docx(report), render.framed))
    assert result.report is not None
    assert result.report.title == report.title
    assert cells(result.report) == cells(report)


def test_a_table_whose_headings_are_a_table_of_their_own_keeps_its_blank_columns() -> None:
    """Table 3's headings in one table and its rows in the next: the rows' table has no
    headings, so a column blank in every row of it (科研机构 here) is a column of blank
    figures, not layout."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    page = render.render_html(report)
    start = page.index("<table", page.index("三、收到和处理"))
    end = page.index("</table>", start)
    table = page[start:end]
    cut = table.rindex("<tr", 0, table.index("一、本年新收"))
    split = page[:start] + table[:cut] + "</table><table border=1>" + table[cut:] + page[end:]
    result = extract(split.encode())
    assert result.report is not None
    assert cells(result.report) == cells(report)


@pytest.mark.parametrize(
    ("html", "printed"),
    [
        ("705①", "705①"),
        ("705*", "705*"),
        ("705[1]", "705[1]"),
        ("705<sup>1</sup>", "705¹"),
        ("705<sup>注</sup>", "705注"),
    ],
)
def test_a_note_s_mark_after_a_figure_is_no_digit_of_it(html: str, printed: str) -> None:
    """705① or 705 with a raised 1 is 705 with a note's mark (① and ¹ are no digit 1: read
    so, the cell was 7051), kept as printed."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    result = extract(render.render_html(report).replace(">705<", f">{html}<", 1).encode())
    assert result.report is not None
    got = cells(result.report)
    assert got["/body/applications/new_received/natural_person"] == Cell(CellStatus.NUMBER, printed, 705)
    assert not result.report.extraction.flags  # type: ignore[union-attr]


def test_a_raised_note_mark_in_a_word_cell_is_no_digit_of_the_figure() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    raised = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r>'
    figure = "<w:r><w:t>705</w:t></w:r>"
    result = extract(
        render.rewrite_docx(render.render_docx(report), lambda xml: xml.replace(figure, figure + raised, 1))
    )
    assert result.report is not None
    assert cells(result.report)["/body/applications/new_received/natural_person"] == Cell(
        CellStatus.NUMBER, "705¹", 705
    )


def test_a_raised_note_mark_in_a_pdf_is_no_digit_of_the_figure() -> None:
    """A PDF prints a note's mark small and raised right after a figure (3 with a 1 above
    the line): the annex row is 3 reviews, not 31."""
    pytest.importorskip("pdfplumber")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sink = io.BytesIO()
    pdf = canvas.Canvas(sink, pagesize=A4, invariant=1)
    y = A4[1] - 50
    for line in (
        "某市人民政府2016年政府信息公开工作年度报告",
        "一、概述",
        "本年度工作平稳。",
        "附表：政府信息公开情况统计表",
    ):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(50, y, line)
        y -= 18
    for row in (("统计指标", "单位", "统计数"), ("（一）收到申请数", "件", "86"), ("四、行政复议数量", "件", "3")):
        x = 50
        for text, width in zip(row, (200, 60, 80), strict=True):
            pdf.rect(x, y - 16, width, 16)
            pdf.setFont("STSong-Light", 10)
            pdf.drawString(x + 3, y - 12, text)
            if text == "3":  # the note's mark: 6 points, raised 4
                pdf.setFont("STSong-Light", 6)
                pdf.drawString(x + 3 + pdfmetrics.stringWidth("3", "STSong-Light", 10), y - 8, "1")
            x += width
        y -= 16
    pdf.save()
    result = extract(sink.getvalue())
    assert result.report is not None
    body = result.report.body
    assert isinstance(body, gd.model.LegacyBody)
    assert _received_and_reviews(body) == (86, Cell(CellStatus.NUMBER, "3¹", 3))


def test_a_count_written_in_characters_is_its_number_kept_as_printed() -> None:
    """零 in a figure's cell is the number 0, kept as printed (a number cell with its text),
    never a blank and never text; the row still adds up."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = render.render_html(report)
    cell = "<td><p>0</p></td>"
    assert cell in page
    result = extract(page.replace(cell, "<td><p>零</p></td>", 1).encode())
    assert result.report is not None
    got, want = cells(result.report), cells(report)
    (changed,) = [p for p in want if got[p] != want[p]]
    assert want[changed] == 0
    assert got[changed] == Cell(CellStatus.NUMBER, "零", 0)
    assert not [f for f in gd.audit(result.report) if f.is_error]


@pytest.mark.parametrize("text", ["705\u00ad", "\u200b705", "70\u200c5", "705\u2060", "\ufeff705\u200d"])
def test_characters_that_print_nothing_are_no_part_of_a_figure(text: str) -> None:
    """A soft hyphen, zero-width spaces and joiners, a word joiner or a byte-order mark that
    an editor left in a cell print nothing: the figure is read whole, without a doubt."""
    from govdisclosure.extraction._values import read_count

    read = read_count(text)
    assert read.value == 705
    assert read.doubt is None


@pytest.mark.parametrize("text", ["/", "／", "∕", "⁄", "＼", "╱"])
def test_a_slash_however_the_font_maps_it_is_a_slash(text: str) -> None:
    from govdisclosure.extraction._values import read_count

    read = read_count(text)
    assert read.value == Cell(CellStatus.SLASH, text)
    assert read.doubt is None


@pytest.mark.parametrize("text", ["∕", "⁄"])
def test_a_slash_a_pdf_font_maps_elsewhere_is_a_figure_s_place_on_a_line(text: str) -> None:
    from govdisclosure.extraction._values import is_value_token

    assert is_value_token(text)


def test_replies_completed_and_of_kinds_outside_the_key_list_are_read() -> None:
    """共完成政府信息依申请公开答复145件 is the applications completed; 无法提供的18件 and
    不予处理的6件 in the list of replies are replies, kept as printed (no key of their own),
    so the replies add up to what was completed."""
    body = _legacy_body(
        "二、依申请公开政府信息情况\n"
        "2013年，共收到政府信息依申请公开149件。其中，通过网络申请130件；通过信函申请17件；通过当面申请2件。"
        "共完成政府信息依申请公开答复145件，包括上年结转申请3件。其中，予以公开答复96件；部分公开6件；"
        "不予公开8件；无法提供的18件；不予处理的6件；其他处理11件。\n"
        "三、因政府信息公开申请提起行政复议、行政诉讼的情况\n本年度发生行政复议2件，行政诉讼1件。\n"
    )
    stats = body.on_request
    assert stats is not None
    assert stats.received == 149
    assert stats.completed == 145
    assert [(b.key, b.count) for b in stats.replies] == [
        ("granted", 96),
        ("partially_granted", 6),
        ("refused", 8),
        (None, 18),
        (None, 6),
        (None, 11),
    ]
    assert sum(b.count or 0 for b in stats.replies) == stats.completed
    assert stats.carried_forward is None  # 上年结转 is what came in from last year


@pytest.mark.parametrize(
    ("sentence", "received"),
    [
        ("2013年，我局未收到政府信息公开申请。", 0),
        ("本年度没有受理公民、法人或其他组织提出的政府信息公开申请。", 0),
        ("全年无依申请公开情况。", 0),
        ("全年未收到涉及国家秘密的举报。", None),
    ],
)
def test_no_application_received_said_in_words(sentence: str, received: int | None) -> None:
    """未收到政府信息公开申请: none received, traced to the words that say so."""
    body = _legacy_body("二、依申请公开政府信息情况\n" + sentence + "\n")
    got = body.on_request.received if body.on_request is not None else None
    assert got == received


def test_a_figure_whose_note_is_unfinished_is_read_and_flagged() -> None:
    """22（其中修订 (the rest clipped by its cell): the figure is 22, the note may be cut."""
    from govdisclosure.extraction._values import read_count

    cut = read_count("22（其中修订")
    assert cut.value == Cell(CellStatus.NUMBER, "22（其中修订", 22)
    assert cut.doubt == "extract.note_cut"
    whole = read_count("22（其中修订16件）")
    assert whole.doubt is None


@pytest.mark.parametrize(
    ("title", "signature", "agency", "level", "kind"),
    [
        # a notice publishing the report names the place it is on, not "关于印发《洪泽区"
        ("关于印发《淮安市洪泽区2024年政府信息公开工作年度报告》的通知", None, "淮安市洪泽区", "county", "government"),
        # an office's notice publishing its government's report: the report's body, not the
        # office (the title was cut to 淮安市洪泽区人民政府办公室关于印发《…), with or without 《》
        ("淮安市洪泽区人民政府办公室关于印发《淮安市洪泽区2024年政府信息公开工作年度报告》的通知", None,
         "淮安市洪泽区", "county", "government"),
        ("淮安市洪泽区人民政府办公室关于印发淮安市洪泽区2024年政府信息公开工作年度报告的通知", None,
         "淮安市洪泽区", "county", "government"),
        # a title naming its place alone, no one signing: the place's government (its kind)
        ("淮安市洪泽区2024年政府信息公开工作年度报告", None, "淮安市洪泽区", "county", "government"),
        ("淮安经济技术开发区2024年政府信息公开工作年度报告", None, "淮安经济技术开发区", None, None),
        ("淮安市洪泽区人民政府办公室关于公布2024年度政府信息公开工作年度报告的公告", None,
         "淮安市洪泽区人民政府办公室", "county", "government_office"),
        ("【年度报告】洪泽区民政局2024年政府信息公开工作年度报告", None, "洪泽区民政局", "county", "department"),
        # a title naming no body, or only its place: the body that signs the report
        ("2024年政府信息公开工作年度报告", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "county", "government"),
        ("江苏省淮安市洪泽区2024年政府信息公开工作年度报告", "洪泽区人民政府",
         "江苏省淮安市洪泽区人民政府", "county", "government"),
        # a title that names its body keeps it, whoever signs
        ("洪泽区民政局2024年政府信息公开工作年度报告", "洪泽区人民政府", "洪泽区民政局", "county", "department"),
        # a line above the date that is no body's name signs nothing
        ("2024年政府信息公开工作年度报告", "特此报告", None, None, None),
    ],
)  # fmt: skip
def test_the_agency_is_who_the_title_names_or_who_signs(
    title: str, signature: str | None, agency: str | None, level: str | None, kind: str | None
) -> None:
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    lines = render.render_markdown(report).splitlines()
    lines[0] = f"# {title}"
    if signature is not None:
        lines += ["", signature, "2025年2月25日"]
    result = extract("\n".join(lines).encode(), format="markdown")
    assert result.report is not None
    found = result.report.agency
    assert (found.name, found.level and found.level.value, found.kind and found.kind.value) == (agency, level, kind)
    assert cells(result.report) == cells(report)
    if "《" in title or "关于印发" in title:
        assert result.report.title == "淮安市洪泽区2024年政府信息公开工作年度报告"


@pytest.mark.parametrize("first", [False, True])
@pytest.mark.parametrize("label", ["小计", "合计"])
@pytest.mark.parametrize("shape", ["markdown", "text"])
def test_a_subtotal_column_of_organisations_is_read_where_the_header_puts_it(
    monkeypatch: pytest.MonkeyPatch, first: bool, label: str, shape: str
) -> None:
    """Table 3 printed with a subtotal of 法人或其他组织 (eight columns of figures): where
    the organisations' figures are all 0, the sums fit the subtotal before the kinds and
    after them alike (95 0 0 0 0 0 0 95), and a pair of zeros read as one number (00)
    made the rows fit seven columns too: every row was lost. The header's 小计 (or 合计
    beside 总计) says where it stands; the blank subtotal of a row whose total is blank
    is kept, not taken for padding."""
    table3_rows = render.table3_rows
    monkeypatch.setattr(
        render, "table3_rows", lambda r: render.with_subtotal_column(table3_rows(r), first=first, label=label)
    )
    for name in (
        "hongze-district-government-2024",
        "shanghai-science-commission-2024",
        "shanghai-government-office-2019",
    ):
        report = gd.load(EXAMPLES / "valid" / f"{name}.json")
        data = render.render_markdown(report) if shape == "markdown" else render.render_text(report, "\t")
        result = extract(data.encode(), format=shape)
        assert result.report is not None
        got, want = cells(result.report), cells(report)
        assert {p: got.get(p) for p in want} == want, name
        received = result.report.body.applications.new_received
        kinds = [getattr(received, f) for f in ("commercial_enterprise", "research_institution",
                 "social_welfare_org", "legal_service_org", "other_org")]  # fmt: skip
        printed = sum(kinds) if all(isinstance(k, int) for k in kinds) else Cell(CellStatus.BLANK)
        assert received.organisations_subtotal == printed, name


def test_a_subtotal_column_no_header_names_is_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight figures a row under a header that names no subtotal, the organisations' all 0:
    which figure is the subtotal cannot be told, so the rows are flagged, never placed."""
    table3_rows = render.table3_rows
    monkeypatch.setattr(render, "table3_rows", lambda r: render.with_subtotal_column(table3_rows(r), label="　"))
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    result = extract(render.render_markdown(report).encode(), format="markdown")
    assert result.report is not None
    assert result.report.extraction is not None
    got, want = cells(result.report), cells(report)
    wrong = [p for p in want if got.get(p) != want[p]]
    assert wrong
    assert all(p.startswith("/body/applications/") for p in wrong)
    flagged = {f.pointer for f in result.report.extraction.flags if f.code == "extract.too_many_values"}
    assert all(any(p.startswith(f + "/") for f in flagged) for p in wrong)


@pytest.mark.parametrize("name", ["shanghai-government-office-2019", "shanghai-science-commission-2024"])
@pytest.mark.parametrize("wrap", [0, 12])
def test_a_table_written_a_cell_per_line_with_its_pipe_in_front_is_read_as_rows(name: str, wrap: int) -> None:
    """Tables as some page-to-text converters write them (a row's first cell alone, each
    further cell led by its pipe, an empty cell a lone pipe, a lone pipe closing the row; a
    long label running on over the next line): the empty cells were lost with their places,
    so every row holding a blank went unread (flagged). Each row is now a row, its empty
    cells in their places."""
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    result = extract(render.render_led_cells(report, wrap=wrap).encode(), format="text")
    assert result.report is not None
    assert cells(result.report) == cells(report)


@pytest.mark.parametrize("parted", [False, True])
def test_a_table_written_a_cell_per_line_each_ending_in_its_pipe_keeps_its_empty_cells(parted: bool) -> None:
    """Cells ending in their pipes with no lone pipe before a row (``规章 |``, an empty cell
    a lone pipe), the rows run together or parted by empty lines: the lone pipes were read
    as nothing, so every row holding a blank went unread (flagged). They are empty cells;
    rows parted by empty lines are rows."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    result = extract(render.render_trailed_cells(report, parted=parted).encode(), format="text")
    assert result.report is not None
    assert cells(result.report) == cells(report)


@pytest.mark.parametrize("name", ["shanghai-government-office-2019", "hongze-district-government-2024"])
def test_a_label_moved_into_the_row_below_leaves_that_row_its_own(name: str) -> None:
    """A PDF's conversion that split the label （六）其他处理 over its row and the next:
    ``| （六） | … |`` then ``| 其他处理 | （七）总计 | 767 | … |``. The second row names
    two rows whole; it was read as （六）其他处理 with （七）总计's figures, wrong and
    unflagged. The label next to the figures is the row's own; （六）, its label lost, is
    not captured, flagged (printed as one row, its group is flagged whole)."""
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    text = render.render_markdown(report)
    six = next(line for line in text.splitlines() if line.startswith("| （六）其他处理 |"))
    seven = next(line for line in text.splitlines() if line.startswith("| （七）总计 |"))
    text = text.replace(six, six.replace("（六）其他处理", "（六）")).replace(seven, "| 其他处理 " + seven)
    result = extract(text.encode(), format="markdown")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    total = "/body/applications/results/total/"
    assert {p: v for p, v in got.items() if p.startswith(total)} == {
        p: v for p, v in expected.items() if p.startswith(total)
    }
    for pointer, value in expected.items():
        if got.get(pointer) != value:
            assert got.get(pointer) in (NOT_CAPTURED, None), pointer
            assert any(pointer.startswith(f) for f in flagged), pointer


def test_a_label_printed_apart_above_its_figures_names_them() -> None:
    """A converter that lost a row's label cell prints the label as a line of text (whole,
    or wrapped over two lines) above a pipe row of the figures only: Table 2's rows went
    unread (not captured, flagged), Table 3's were placed by order at best. The figures
    take the label above them when it names one row for sure."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_markdown(report)
    for label, lines in (
        ("规章", ["规章"]),
        ("行政许可", ["行政许可"]),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ["（二）部分公开（区分处理的，只计这一情", "形，不计其他情形）"],
        ),
        ("3.要求提供公开出版物", ["3.要求提供公开出版物"]),
    ):
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        figures = row[len(f"| {label} ") :]
        text = text.replace(row, "\n".join([*lines, figures]))
    result = extract(text.encode(), format="markdown")
    assert result.report is not None
    assert cells(result.report) == cells(report)
    assert result.report.extraction.flags == ()  # type: ignore[union-attr]


def test_labels_stacked_over_several_rows_figures_lend_them_no_label() -> None:
    """Labels a converter wrote as a column apart from their rows (5.属于三类内部事务信息 /
    1.本机关不掌握相关政府信息 over one row of figures, and the next row's figures without
    a label, as a real report's Markdown has them): the nearest label is not the
    figures' own for sure; taking it gave 不掌握相关政府信息 the figures of 内部事务信息.
    Both rows are read by the template's order, and no cell is read wrong unflagged."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    text = render.render_markdown(report)
    lines = text.splitlines()
    internal = next(line for line in lines if line.startswith("| 5.属于三类内部事务信息 |"))
    held = next(line for line in lines if "| 1.本机关不掌握相关政府信息 |" in line)
    stacked = "5.属于三类内部事务信息\n1.本机关不掌握相关政府信息\n" + internal[len("| 5.属于三类内部事务信息 ") :]
    text = text.replace(internal, stacked).replace(held, "| " + held.split("| 1.本机关不掌握相关政府信息 | ", 1)[1])
    result = extract(text.encode(), format="markdown")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    for row in ("denied/internal_affairs", "unable_to_provide/not_held"):
        base = f"/body/applications/results/{row}/"
        assert {p: v for p, v in got.items() if p.startswith(base)} == {
            p: v for p, v in expected.items() if p.startswith(base)
        }
    for pointer, value in expected.items():
        if got.get(pointer) != value:
            assert any(pointer.startswith(f) for f in flagged), pointer


def test_a_figure_split_in_two_before_a_blank_total_is_not_taken_for_padding() -> None:
    """A pipe row with one cell more than the table's columns, the last one empty, alone
    in its table: its empty last cell was dropped as a converter's padding, and 10 | 2
    split as 1 | 0 | 2 read 1, 0, 2 into three columns, wrong and unflagged (the report
    leaves its totals blank, so no sum told). Where no other row is ragged, the empty
    cell stays a cell: the row has too many for its columns, not captured and flagged."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    text = render.render_markdown(report)
    row = "| 8.属于行政查询事项 | 10 | 2 |"
    assert row in text
    result = extract(text.replace(row, "| 8.属于行政查询事项 | 1 | 0 | 2 |").encode(), format="markdown")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    query = "/body/applications/results/denied/administrative_query"
    assert query in flagged
    for pointer, value in expected.items():
        if pointer.startswith(query + "/"):
            assert got[pointer] == NOT_CAPTURED, pointer
        else:
            assert got[pointer] == value, pointer


@pytest.mark.parametrize("name", ["shanghai-government-office-2019", "shuyang-development-reform-bureau-2023"])
@pytest.mark.parametrize("parted", [False, True])
def test_pipes_padding_a_row_to_the_tables_width_are_no_cells(name: str, parted: bool) -> None:
    """A crawler's copy of a page whose table cells hold paragraphs: a cell per line, each
    ending in its pipe, and after a row with fewer cells than the table's widest a line of
    as many pipes as it lacks (``本年处理决定数量 |`` / ``||``; one lacking cell a lone
    pipe, like an empty cell). The pads were read as blank cells: Table 3's rows had too
    many and went unread (flagged; 133 and 140 cells of these two reports). A line of pipes
    pads; a lone pipe after a row's seven cells pads; one before them never does."""
    report = gd.load(EXAMPLES / "valid" / f"{name}.json")
    text = render.render_trailed_cells(report, parted=parted, padded=True)
    assert text != render.render_trailed_cells(report, parted=parted)  # the pads this test is about
    result = extract(text.encode(), format="text")
    assert result.report is not None
    assert cells(result.report) == cells(report)


def test_a_row_starting_with_a_blank_between_lone_pipes_is_never_moved_a_column() -> None:
    """A table written a cell per line with a lone pipe before each row: Table 4's row of
    figures opening with a blank cell prints two lone pipes (the row's start, the blank),
    and ending with one an empty line more. Reading the last empty line as a pad (as a
    crawler's copy has them) moved every figure a column, wrong and unflagged (found by
    the thorough property profile); only lone pipes after cells ending in their pipes
    pad. The row is not captured, flagged, as before."""
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    review = report.body.review_litigation
    assert review is not None
    blank = Cell(CellStatus.BLANK)
    review = attrs.evolve(
        review,
        administrative_review=attrs.evolve(review.administrative_review, upheld=blank),
        litigation_after_review=attrs.evolve(review.litigation_after_review, total=blank),
    )
    report = attrs.evolve(report, body=attrs.evolve(report.body, review_litigation=review))
    result = extract(render.render_cell_lines(report).encode(), format="text")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    for pointer, value in expected.items():
        if got.get(pointer) != value:
            assert got.get(pointer) in (NOT_CAPTURED, None), pointer
            assert any(pointer.startswith(f) for f in flagged), pointer


def test_a_lone_pipe_before_a_rows_figures_is_its_first_blank_cell() -> None:
    """In a table whose cells each end in their pipes, a lone pipe right under a row's
    label is its first cell, blank, never a break to skip: skipping it would move every
    figure one column to the left (自然人 taking 商业企业's figure, 总计 blank), unflagged."""
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    text = render.render_trailed_cells(report, padded=True)
    row = "一、本年新收政府信息公开申请数量 |\n821 |"
    assert row in text
    text = text.replace(row, "一、本年新收政府信息公开申请数量 |\n|")  # 自然人 blank: 35 … 859 and a pad
    result = extract(text.encode(), format="text")
    assert result.report is not None
    got = cells(result.report)
    base = "/body/applications/new_received"
    assert got[f"{base}/natural_person"] == Cell(CellStatus.BLANK)
    assert got[f"{base}/commercial_enterprise"] == cells(report)[f"{base}/commercial_enterprise"]
    assert got[f"{base}/total"] == cells(report)[f"{base}/total"]


@pytest.mark.parametrize("shape", ["html", "markdown"])
def test_table4_printed_the_other_way_round_is_read_by_its_row_and_column_headings(
    monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """Table 4 with a row per outcome (结果维持 … 总计) and a column per group: its figures
    were read as one group's row after another (27 10 9 as 结果维持 结果纠正 其他结果 of
    行政复议), flagged only by the sums that failed."""
    monkeypatch.setattr(render, "table4_rows", render.table4_transposed)
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    data = render.render_html(report) if shape == "html" else render.render_markdown(report)
    result = extract(data.encode(), format=shape)
    assert result.report is not None
    assert result.report.body.review_litigation == report.body.review_litigation
    assert cells(result.report) == cells(report)


def test_metadata_keys_spaced_out_in_a_pipe_block_are_keys() -> None:
    """A page's metadata block written as pipe rows, its short keys spaced out to the width
    of the longest (分 类, 文 号, 有 效 性): 分 类 was no key, so the category was lost; an
    empty value (文 号 |) stays absent."""
    text = (
        "索 引 号 | 014416330/2018-04736 | 分 类 | 政府信息公开年报 综合政务 |\n"
        "发布机构 | 市政府办 | 发文日期 | 2018-02-28 |\n"
        "文 号 | 有 效 性 |\n"
        "某市人民政府2017年政府信息公开工作年度报告\n一、概述\n本年度工作平稳。\n"
    )
    report = extract(text.encode(), format="text").report
    assert report is not None
    assert report.metadata == gd.model.PageMetadata(
        index_no="014416330/2018-04736",
        publisher="市政府办",
        publish_date=datetime.date(2018, 2, 28),
        category="政府信息公开年报 综合政务",
    )


@pytest.mark.parametrize("shape", ["html", "text"])
def test_a_zero_written_as_a_character_is_a_figure_in_every_table(shape: str) -> None:
    """Every 0 printed 〇: a row of 〇 was taken for one merged cell of words (规章 | 〇 | 〇 |
    〇 as 规章 over one span), a column of 〇 for a column of headings, and 〇 in a money
    cell for text: rows went unread. Each 〇 is now the figure 0, kept as printed."""
    report = gd.load(EXAMPLES / "valid" / "hongze-district-government-2024.json")
    if shape == "html":
        data = re.sub(r"<p>0</p>", "<p>〇</p>", render.render_html(report))
    else:
        data = re.sub(r"(?<=\t)0(?=\t|\n)", "〇", render.render_text(report, "\t"))
    result = extract(data.encode(), format=shape)
    assert result.report is not None
    got, want = cells(result.report), cells(report)
    zero = {p for p, v in want.items() if v == 0 or (isinstance(v, Money) and v.amount == 0)}
    assert len(zero) > 100
    assert {p: got[p] for p in want if p not in zero} == {p: v for p, v in want.items() if p not in zero}
    for pointer in zero:
        value = got[pointer]
        assert isinstance(value, (Cell, Money)), pointer
        if isinstance(value, Cell):
            assert (value.status, value.text, value.value) == (CellStatus.NUMBER, "〇", 0), pointer
        else:
            assert (value.amount, value.text) == (0, "〇"), pointer
    assert gd.validate(gd.unstructure(result.report)).valid


@pytest.mark.parametrize("text", ["零", "〇"])
def test_a_zero_written_as_a_character_in_a_money_or_annex_cell_is_zero(text: str) -> None:
    """A fee of 〇 (万元) and an annex value of 零 were text: they are 0, kept as printed."""
    from govdisclosure.extraction._values import read_annex, read_money

    assert read_money(text, MoneyUnit.WAN_YUAN).value == Money(decimal.Decimal(0), MoneyUnit.WAN_YUAN, text)
    assert read_money(text, None).doubt == "extract.money_without_unit"
    assert read_annex(text).value == Cell(CellStatus.NUMBER, text, 0)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.0", 12), ("0.00", 0), ("1,234.0", 1234), ("12.5", None), ("-3.0", None), ("12.", None)],
)
def test_a_count_printed_with_decimals_of_zero_is_its_whole_number(text: str, value: int | None) -> None:
    """A count a spreadsheet printed with its decimals (12.0) was text; it is 12, kept as
    printed. A count with a fraction (12.5), or a negative one where counts are not, stays
    text, flagged."""
    from govdisclosure.extraction._values import read_count

    read = read_count(text)
    if value is None:
        assert read.value == Cell(CellStatus.TEXT, text)
        assert read.doubt == "extract.unreadable_value"
    else:
        assert read.value == Cell(CellStatus.NUMBER, text, value)
        assert read.doubt is None
