"""Generated reports of all three templates, rendered as agencies publish them, extract
back equal: every cell a format can print comes back where it belongs, and nothing is
read that the page does not print."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import _introspect
from govdisclosure.extraction import extract
from govdisclosure.extraction._form import blank_report
from govdisclosure.extraction._legacy import ANNEX_KEYS
from govdisclosure.model import (
    AnnexRow,
    Breakdown,
    Cell,
    CellKind,
    CellStatus,
    Money,
    MoneyUnit,
    OnRequestStatistics,
    OtherProcessing,
    StatisticalAnnex,
    Template,
)

from . import render
from .extraction_helpers import cells

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
BLANK = Cell(CellStatus.BLANK)
#: Extraction is slow beside the model's own properties: a sixth of the profile's examples
#: (5 by default, 83 in the thorough profile .ci/run uses).
SLOW = settings(
    deadline=None, suppress_health_check=list(HealthCheck), max_examples=max(3, settings().max_examples // 6)
)


def _fill(value: Any, tp: Any, draw: st.DrawFn, blanks: bool, template: Template) -> Any:
    inner, _optional = _introspect.strip_optional(tp)
    kind = _introspect.cell_kind(tp) or _introspect.cell_kind(inner)
    if kind is CellKind.COUNT:
        if blanks and draw(st.integers(0, 4)) == 0:
            return draw(st.sampled_from([BLANK, Cell(CellStatus.SLASH, "/")]))
        return draw(st.integers(0, 10**6) | st.integers(0, 30))
    if kind is CellKind.SIGNED:
        return draw(st.integers(-500, 500))
    if kind is CellKind.MONEY:
        amount = draw(st.decimals(0, 10**7, places=draw(st.integers(0, 3)), allow_nan=False, allow_infinity=False))
        if template is Template.GB2021:
            return Money(amount, MoneyUnit.WAN_YUAN)
        return Money(amount, MoneyUnit.YUAN, f"{amount}元")
    if value is None or not _introspect.is_model_class(inner):
        return value
    changes = {
        f.name: _fill(getattr(value, f.name), f.type, draw, blanks, template)
        for f in _introspect.fields(inner)
        if f.name not in ("sections", "heading", "notes", "extra_rows") and getattr(value, f.name) is not None
    }
    return attrs.evolve(value, **changes)


@st.composite
def printable_reports(draw: st.DrawFn, template: Template, *, blanks: bool = True) -> gd.AnnualReport:
    """A gb report whose every cell a published table prints (figures, and blanks or "/"
    when ``blanks``); （六）其他处理 as one row or three for gb2021."""
    year = draw(st.integers(2019, 2020) if template is Template.GB2019 else st.integers(2021, 2026))
    report = blank_report(template, year)
    body = _fill(report.body, type(report.body), draw, blanks, template)
    if template is Template.GB2021 and draw(st.booleans()):
        results = body.applications.results
        single = OtherProcessing(subtotal=results.other.no_correction_overdue)
        body = attrs.evolve(
            body, applications=attrs.evolve(body.applications, results=attrs.evolve(results, other=single))
        )
    agency = draw(
        st.sampled_from(["沭阳县人民政府", "上海市科学技术委员会", "淮安市洪泽区人民政府办公室", "某某市交通运输局"])
    )
    return attrs.evolve(
        report, body=body, agency=gd.model.Agency(agency), title=f"{agency}{year}年政府信息公开工作年度报告"
    )


GRID_FORMATS = {
    "html": lambda r: render.render_html(r).encode(),
    "markdown": lambda r: render.render_markdown(r).encode(),
    "tab-separated text": lambda r: render.render_text(r, "\t").encode(),
    "one cell per line": lambda r: render.render_flat(r).encode(),
    "full grid, merged cells empty": lambda r: render.render_grid(r).encode(),
    "full grid, merged cells repeated": lambda r: render.render_grid(r, repeat=True).encode(),
    "full grid, tab-separated": lambda r: render.render_grid(r, repeat=True, separator="\t").encode(),
    "pipe rows, spans padded after the cell": lambda r: render.render_padded(r).encode(),
    "long labels wrapped, figures on the first row": lambda r: render.render_wrapped(r).encode(),
    "long labels wrapped, figures on the second row": lambda r: render.render_wrapped(r, figures_first=False).encode(),
    "docx": render.render_docx,
    "xlsx": render.render_xlsx,
}


def _assert_equal_cells(
    report: gd.AnnualReport, data: bytes, *, empty_rows_vanish: bool = False
) -> gd.ExtractionResult:
    """Every cell comes back; with ``empty_rows_vanish`` (a spreadsheet, where a row of
    empty cells is no row at all) a row printed all blank may come back not captured,
    and flagged."""
    result = extract(data)
    assert result.report is not None, [f.format_text() for f in result.findings]
    assert result.report.template is report.template
    assert result.report.year == report.year
    assert result.report.agency.name == report.agency.name
    expected, got = cells(report), cells(result.report)
    wrong = {p: (expected[p], got.get(p)) for p in expected if got.get(p) != expected[p]}
    if empty_rows_vanish:
        flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
        for pointer in list(wrong):
            row = pointer.rsplit("/", 1)[0]
            siblings = [v for p, v in expected.items() if p.rsplit("/", 1)[0] == row]
            whole = row if "/review_litigation/" not in row else "/body/review_litigation"
            all_blank = [v for p, v in expected.items() if p.startswith(whole + "/")]
            if all(v == BLANK for v in siblings) and all(v == BLANK for v in all_blank):
                assert got.get(pointer) == Cell(CellStatus.NOT_CAPTURED)
                assert any(pointer.startswith(f) for f in flagged)
                del wrong[pointer]
    assert wrong == {}
    return result


@pytest.mark.parametrize("fmt", sorted(GRID_FORMATS))
@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_generated_report_extracts_back_equal(template: Template, fmt: str, data: st.DataObject) -> None:
    report = data.draw(printable_reports(template))
    _assert_equal_cells(report, GRID_FORMATS[fmt](report), empty_rows_vanish=fmt == "xlsx")


_PDF_LAYOUTS = {
    "ruled": {"ruled": True},
    "without ruling lines": {"ruled": False},
    "without ruling lines, centred": {"ruled": False, "centred": True},
}


@pytest.mark.parametrize("layout", sorted(_PDF_LAYOUTS))
@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@settings(SLOW, max_examples=max(2, settings().max_examples // 15))
@given(data=st.data())
def test_generated_report_extracts_back_from_pdf(template: Template, layout: str, data: st.DataObject) -> None:
    """Without ruling lines, a blank cell is empty space: every figure comes back under its
    column. Only a row or a table printed wholly blank may come back not captured (a row of
    one column, or a table with no figure to tell its columns), flagged."""
    report = data.draw(printable_reports(template))
    options = _PDF_LAYOUTS[layout]
    result = _assert_equal_cells(report, render.render_pdf(report, **options), empty_rows_vanish=not options["ruled"])
    traces = result.report.extraction.cells  # type: ignore[union-attr]
    assert all(t.page is not None for t in traces if t.text)


@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_generated_report_without_blanks_extracts_back_from_plain_text(template: Template, data: st.DataObject) -> None:
    report = data.draw(printable_reports(template, blanks=False))
    _assert_equal_cells(report, render.render_text(report).encode())


#: Layouts where a blank cell can vanish or look like a row's delimiter: plain text (a blank
#: prints nothing), pipe rows whose spans are padded at the end (a leading empty cell has
#: no pipe before it), a cell per line (an empty cell and a row's start are both a lone pipe).
_LOSSY_FORMATS = {
    "plain text": lambda r: render.render_text(r),
    "pipe rows, spans padded at the end": lambda r: render.render_padded(r, at_end=True),
    "a cell per line, a lone pipe per row": render.render_cell_lines,
    "text a PDF converter spaced out": lambda r: render.layout_text(render.render_pdf(r, ruled=False)),
}


@pytest.mark.parametrize("fmt", sorted(_LOSSY_FORMATS))
@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_collapsed_blanks_never_give_a_wrong_cell(template: Template, fmt: str, data: st.DataObject) -> None:
    """Where blank cells vanish or are mistaken for delimiters: whatever is read is right,
    the rest is not captured and flagged."""
    report = data.draw(printable_reports(template))
    result = extract(_LOSSY_FORMATS[fmt](report).encode())
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    for pointer, value in expected.items():
        if got.get(pointer) != value:
            assert got.get(pointer) in (Cell(CellStatus.NOT_CAPTURED), None), pointer
            assert any(pointer.startswith(f) for f in flagged), pointer


_CUT_FORMATS = {
    "html": lambda r: render.render_html(r),
    "markdown": lambda r: render.render_markdown(r),
    "text": lambda r: render.render_text(r),
}


@pytest.mark.parametrize("fmt", sorted(_CUT_FORMATS))
@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_a_page_cut_off_anywhere_never_gives_a_wrong_cell_unflagged(
    template: Template, fmt: str, data: st.DataObject
) -> None:
    """Partial pages are normal: cut at any character (inside a tag, a row, a number),
    every cell read is right or flagged, and what was cut away is not captured."""
    report = data.draw(printable_reports(template))
    page = _CUT_FORMATS[fmt](report)
    start = page.index("收到和处理") if "收到和处理" in page else 0
    cut = data.draw(st.integers(start, len(page)))
    note(f"the page ends: {page[max(0, cut - 400) : cut]!r}")
    result = extract(page[:cut], format=fmt)
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    for pointer, value in expected.items():
        if pointer not in got:
            continue  # （六）其他处理 printed as one row, cut away: read as the template's three rows
        if got[pointer] != value:
            assert got[pointer] == Cell(CellStatus.NOT_CAPTURED) or fmt == "text", pointer
            assert any(pointer == f or pointer.startswith(f + "/") for f in flagged), (pointer, got[pointer])


# --------------------------------------------------------------------------- legacy

_CHANNELS = [("当面申请", "in_person"), ("传真申请", "fax"), ("网络申请", "online"), ("信函申请", "letter")]
_REPLIES = [
    ("属于已主动公开的", "already_public"),
    ("同意公开的", "granted"),
    ("同意部分公开的", "partially_granted"),
    ("不同意公开的", "refused"),
    ("不属于本行政机关公开的", "not_this_agency"),
    ("申请信息不存在的", "does_not_exist"),
]
_ANNEX_LABELS = {
    "proactive.total": ("主动公开政府信息数", "条"),
    "proactive.channels.website": ("政府网站公开政府信息数", "条"),
    "response.hot_topics": ("回应公众关注热点或重大舆情数", "次"),
    "capacity.staff": ("从事政府信息公开工作人员数", "人"),
    "capacity.staff.full_time": ("专职人员数", "人"),
    "meetings_training.trainees": ("接受培训人员数", "人次"),
}


@st.composite
def legacy_reports(draw: st.DrawFn) -> gd.AnnualReport:
    report = blank_report(Template.LEGACY, draw(st.integers(2008, 2018)))
    count = st.integers(0, 5000)
    channels = draw(st.lists(st.sampled_from(_CHANNELS), unique=True, max_size=4))
    replies = draw(st.lists(st.sampled_from(_REPLIES), unique=True, min_size=1, max_size=6))
    on_request = OnRequestStatistics(
        received=draw(count),
        received_by_channel=tuple(Breakdown(label, key, draw(count)) for label, key in channels),
        completed=draw(count),
        replies=tuple(Breakdown(label, key, draw(count)) for label, key in replies),
        carried_forward=draw(count),
    )
    keys = draw(st.lists(st.sampled_from(sorted(_ANNEX_LABELS)), unique=True, min_size=1))
    rows = tuple(AnnexRow(_ANNEX_LABELS[k][0], (draw(count),), _ANNEX_LABELS[k][1], k) for k in keys)
    body = attrs.evolve(report.body, on_request=on_request, annex=StatisticalAnnex(rows, "政府信息公开情况统计表"))
    agency = draw(st.sampled_from(["郴州市人民政府", "缙云县三溪乡人民政府"]))
    return attrs.evolve(
        report, body=body, agency=gd.model.Agency(agency), title=f"{agency}{report.year}年政府信息公开工作年度报告"
    )


@SLOW
@given(report=legacy_reports())
def test_generated_legacy_report_extracts_back_equal(report: gd.AnnualReport) -> None:
    result = extract(render.render_legacy_html(report).encode())
    assert result.report is not None
    assert result.report.template is Template.LEGACY
    got = result.report.body.on_request  # type: ignore[union-attr]
    want = report.body.on_request  # type: ignore[union-attr]
    assert got is not None
    assert want is not None
    assert got.received == want.received
    assert got.completed == want.completed
    assert got.carried_forward == want.carried_forward
    assert [(b.key, b.count) for b in got.received_by_channel] == [(b.key, b.count) for b in want.received_by_channel]
    assert [(b.key, b.count) for b in got.replies] == [(b.key, b.count) for b in want.replies]
    annex = result.report.body.annex  # type: ignore[union-attr]
    assert annex is not None
    assert [(r.key, r.values, r.unit) for r in annex.rows] == [
        (r.key, r.values, r.unit) for r in report.body.annex.rows
    ]  # type: ignore[union-attr]


def test_the_annex_keys_are_the_ones_the_audit_reads() -> None:
    """Every annex key the rule catalogue reads can be given by the extractor, and every
    key it gives fits the model's key pattern."""
    import re

    from govdisclosure.rules import iter_rules

    given = {key for key, _ in ANNEX_KEYS}
    pattern = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
    assert all(pattern.match(key) for key in given)
    read = {
        m.group(1)
        for _rule, instance in iter_rules(Template.LEGACY)
        for pointer in instance.pointers
        for m in [re.search(r"/annex/rows/key\^?=([^/]+)", pointer)]
        if m
    }
    assert read
    assert {k for k in read if not k.endswith(".")} <= given


@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_a_converters_damage_to_the_tables_never_gives_a_wrong_cell_unflagged(
    template: Template, data: st.DataObject
) -> None:
    """Markdown whose table rows a PDF converter damaged as real ones are (a label printed
    apart from its figures, rulers and page numbers among the rows, ragged rows, labels
    cut, header rows run together, a group's label split over two rows): every cell read
    wrong is flagged."""
    import random

    report = data.draw(printable_reports(template))
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rate = data.draw(st.sampled_from([0.1, 0.25, 0.5]), label="rate")
    text = render.with_converter_defects(render.render_markdown(report), random.Random(seed), rate)
    note(text)
    result = extract(text.encode(), format="markdown")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    for pointer, value in expected.items():
        if got.get(pointer) != value:
            assert any(pointer.startswith(f) for f in flagged), pointer


def _with_row_totals(report: gd.AnnualReport) -> gd.AnnualReport:
    """Table 3 with each row's total the sum of its other figures, as reports print it."""
    from govdisclosure.coordinates import resolve
    from govdisclosure.extraction._template import table3

    spec = table3(report.template)
    doc = gd.unstructure(report)
    for row in (*spec.rows, *spec.subtotals.values()):
        if resolve(report, row.pointer) is None:
            continue
        figures = [resolve(report, f"{row.pointer}/{c.name}") for c in spec.columns[:-1]]
        if all(isinstance(v, int) for v in figures):
            target: Any = doc
            for part in row.pointer.strip("/").split("/"):
                target = target[part]
            target[spec.columns[-1].name] = sum(figures)
    return gd.structure(doc)


@pytest.mark.parametrize("template", [Template.GB2019, Template.GB2021])
@SLOW
@given(data=st.data())
def test_tables_written_column_by_column_never_give_a_wrong_cell_unflagged(
    template: Template, data: st.DataObject
) -> None:
    """pdfminer's text of a ruled table (labels first, then the figures column by column,
    a box per column, Table 3's total column anywhere, each page's part apart, the outcomes'
    heading a few characters a line, a block's headings after its labels, the labels in one
    box or a box each): no cell is
    read wrong unflagged, and where no cell is blank (and the headings come first) every
    cell is read, every total right."""
    blanks = data.draw(st.booleans())
    report = _with_row_totals(data.draw(printable_reports(template, blanks=blanks)))
    total_at = data.draw(st.integers(0, 6))
    cut = data.draw(st.none() | st.integers(1, 24))
    headings_after = data.draw(st.booleans())
    text = render.render_column_boxes(
        report,
        total_at=total_at,
        cut=cut,
        vertical=data.draw(st.integers(0, 4)),
        headings_after=headings_after,
        packed=data.draw(st.booleans()),
    )
    note(text)
    result = extract(text.encode(), format="text")
    assert result.report is not None
    expected, got = cells(report), cells(result.report)
    flagged = [f.pointer for f in result.report.extraction.flags]  # type: ignore[union-attr]
    wrong = [p for p in expected if got.get(p) != expected[p]]
    assert [p for p in wrong if not any(p == f or p.startswith(f + "/") for f in flagged)] == []
    if not blanks and not headings_after:
        # every cell is read (a block's headings between a lone row's label and its
        # figures leave them apart); a wrong one is an applicant column of a row whose
        # figures differ, where two columns equal the sum of the others (which is the total?)
        assert [p for p in wrong if got.get(p) == Cell(CellStatus.NOT_CAPTURED) or p.endswith("/total")] == []
