"""The notebook display: official tables, every cell as printed, audit highlights."""

from __future__ import annotations

import html.parser
import json
import pathlib
from typing import Any

import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.coordinates import resolve
from govdisclosure.display import TABLE3_NOTE, cell_text, collection_html, report_html, table_html
from govdisclosure.model import Template
from govdisclosure.parquet import cell_facts

from .conftest import EXAMPLES
from .strategies import reports

VALID = sorted((EXAMPLES / "valid").glob("*.json"))


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[dict[str, Any]]] = []


class _Parser(html.parser.HTMLParser):
    """Tables as rows of cells (tag, attributes, text); cells with data-pointer by pointer."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[_Table] = []
        self.cells: dict[str, list[dict[str, Any]]] = {}
        self._cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(_Table())
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            self._cell = {"tag": tag, **{k: v or "" for k, v in attributes}, "text": ""}
            self.tables[-1].rows[-1].append(self._cell)
            if "data-pointer" in self._cell:
                self.cells.setdefault(self._cell["data-pointer"], []).append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def parse(text: str) -> _Parser:
    parser = _Parser()
    parser.feed(text)
    return parser


def grid_widths(table: _Table) -> list[int]:
    """The width of each row once row and column spans are laid out."""
    occupied: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while occupied.get((r, c)):
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    assert not occupied.get((r + dr, c + dc)), f"cells overlap at row {r}"
                    occupied[(r + dr, c + dc)] = True
            c += int(cell.get("colspan", 1))
        widths.append(max((cc + 1 for (rr, cc) in occupied if rr == r), default=0))
    return widths


def check_every_cell_shown_once_as_printed(report: gd.AnnualReport, page: _Parser) -> None:
    facts = list(cell_facts(report))
    assert facts or report.template is Template.LEGACY
    for fact in facts:
        shown = page.cells.get(fact["pointer"], [])
        assert len(shown) == 1, fact["pointer"]
        assert shown[0]["text"] == cell_text(resolve(report, fact["pointer"])), fact["pointer"]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_every_cell_of_every_example_is_shown_once_as_printed(path: pathlib.Path) -> None:
    report = gd.load(path)
    page = parse(report._repr_html_())
    check_every_cell_shown_once_as_printed(report, page)
    for table in page.tables:
        widths = grid_widths(table)
        assert len(set(widths)) == 1, f"a ragged table: {widths}"


@given(reports())
def test_generated_reports_render_every_cell_in_a_rectangular_table(report: gd.AnnualReport) -> None:
    """Extra rows, a subtotal column, （六） printed as one row, blanks and text cells all fit."""
    page = parse(report_html(report, audit=False))
    check_every_cell_shown_once_as_printed(report, page)
    for table in page.tables:
        assert len(set(grid_widths(table))) == 1


def test_table3_is_laid_out_as_the_template_prints_it() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    page = parse(report_html(report))
    table3 = next(t for t in page.tables if t.rows[0][0]["text"] == TABLE3_NOTE)
    assert table3.rows[0][0].get("colspan") == "3"
    assert table3.rows[0][0].get("rowspan") == "3"
    assert [c["text"] for c in table3.rows[1]] == ["自然人", "法人或其他组织", "总计"]
    assert [c["text"] for c in table3.rows[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    body = table3.rows[3:]
    assert len(body) == 25  # the gb2021 template's 25 rows
    assert grid_widths(table3) == [10] * len(table3.rows)  # 3 label columns and 7 applicant columns
    group = next(c for row in body for c in row if c["text"] == "三、本年度办理结果")
    assert group["rowspan"] == "22"
    denied = next(c for row in body for c in row if c["text"] == "（三）不予公开")
    assert denied["rowspan"] == "8"


def test_gb2019_table3_has_23_rows_and_its_own_table2_columns() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    page = parse(report_html(report))
    table3 = next(t for t in page.tables if t.rows[0][0]["text"] == TABLE3_NOTE)
    assert len(table3.rows) - 3 == 23
    headers = [c["text"] for t in page.tables for row in t.rows for c in row if c["tag"] == "th"]
    assert "上一年项目数量" in headers
    assert "采购总金额" in headers
    assert "本年制发件数" not in headers


def test_blank_slash_and_zero_are_shown_apart() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    page = parse(report_html(report))
    blank = page.cells["/body/applications/results/granted/total"][0]
    assert blank["text"] == ""
    assert "gd-blank" in blank["class"]
    zero_pointer = "/body/proactive_disclosure/art20_5/administrative_licensing/prior_year_items"
    assert resolve(report, zero_pointer) == 0
    zero = page.cells[zero_pointer][0]
    assert zero["text"] == "0"
    assert "gd-blank" not in zero.get("class", "")
    money = page.cells["/body/proactive_disclosure/art20_9/centralized_procurement/procurement_amount"][0]
    assert money["text"] == "251000元"  # as printed


def test_slash_and_text_cells_show_their_printed_text() -> None:
    assert cell_text(gd.Cell(gd.CellStatus.SLASH)) == "/"
    assert cell_text(gd.Cell(gd.CellStatus.SLASH, text="／")) == "／"
    assert cell_text(gd.Cell(gd.CellStatus.NOT_APPLICABLE)) == "不适用"
    assert cell_text(gd.Cell(gd.CellStatus.BLANK)) == ""
    assert cell_text(gd.Cell(gd.CellStatus.NUMBER, text="约5件", value=5)) == "约5件"
    assert cell_text(0) == "0"


def _altered(delta: int) -> gd.AnnualReport:
    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text("utf-8"))
    data["body"]["applications"]["results"]["granted"]["natural_person"] += delta
    return gd.structure(data)


def test_cells_of_failing_rules_are_highlighted_with_the_message_on_hover() -> None:
    page = parse(report_html(_altered(5)))
    culprit = page.cells["/body/applications/results/granted/natural_person"][0]
    assert "gd-fail2" in culprit["class"]  # read by two failing rules: the row and the column
    assert "[T3-1" in culprit["title"]
    assert "[T3-2" in culprit["title"]
    row_total = page.cells["/body/applications/results/granted/total"][0]
    assert "gd-target" in row_total["class"]
    assert "应为299" in row_total["title"]
    assert "gd-fail2" not in row_total["class"]  # read by one failing rule only
    untouched = page.cells["/body/applications/new_received/natural_person"][0]
    assert "gd-fail" not in untouched.get("class", "")


def test_a_consistent_report_has_no_highlight() -> None:
    page = parse(report_html(_altered(0)))
    assert not any("gd-fail" in c.get("class", "") for cells in page.cells.values() for c in cells)


def test_the_seed_failing_stated_figure_is_highlighted() -> None:
    report = gd.load(EXAMPLES / "valid" / "chenzhou-2015.json")
    page = parse(report._repr_html_())
    index = next(i for i, f in enumerate(report.stated_figures) if f.printed == "93.28%")
    cell = page.cells[f"/stated_figures/{index}"][0]
    assert "gd-warn" in cell["class"]
    assert "95.89" in cell["title"]


def test_text_is_escaped() -> None:
    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text("utf-8"))
    data["title"] = "<script>alert(1)</script>"
    report = gd.structure(data)
    out = report_html(report)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


def test_plain_repr_is_one_short_line() -> None:
    for path in VALID:
        report = gd.load(path)
        text = repr(report)
        assert "\n" not in text
        assert len(text) < 160
        assert report.template.value in text
        assert str(report.year) in text
        assert report.agency.name in text


def test_gb_tables_show_alone_in_a_notebook() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-science-commission-2024.json")
    body = report.body
    assert not isinstance(body, gd.model.LegacyBody)
    page = parse(body.applications._repr_html_())
    assert page.tables[0].rows[0][0]["text"] == TABLE3_NOTE
    assert "行政复议" in body.review_litigation._repr_html_()
    with pytest.raises(TypeError):
        table_html(report)


def test_collection_summary_has_one_line_per_report() -> None:
    loaded = [gd.load(p) for p in VALID]
    page = parse(collection_html(loaded))
    rows = page.tables[0].rows
    assert len(rows) == 1 + len(loaded)
    seed = next(r for r in rows[1:] if r[2]["text"] == "郴州市人民政府")
    assert seed[7]["text"] == "1"  # its one failing rule
    assert {r[1]["text"] for r in rows[1:]} == {t.value for t in Template}


def test_a_large_collection_shows_its_first_lines_only() -> None:
    loaded = [gd.load(p) for p in VALID] * 20
    page = parse(collection_html(loaded, max_rows=10))
    assert len(page.tables[0].rows) == 1 + 10
    assert f"{len(loaded)} reports" in collection_html(loaded, max_rows=10)
    assert "showing the first 10" in collection_html(loaded, max_rows=10)
