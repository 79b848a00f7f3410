"""Reports rendered as agencies publish them: web pages, Markdown, plain text, Word,
spreadsheets and PDF, for the extraction tests to read back.

The layouts follow the templates as printed (spec §1–2): Table 3 with its three
label columns and merged group labels, Table 4 with its two header rows. Labels come
from the model (the extractor reads them from there too; what is tested is that the
cells come back where they belong).
"""

from __future__ import annotations

import decimal
import html
import io
import itertools
import random
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure.coordinates import resolve
from govdisclosure.extraction._template import table2, table3, table4
from govdisclosure.model import AnnualReport, Cell, CellStatus, Money, MoneyUnit, Template

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def text_of(value: Any) -> str:
    """A cell as a report prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Money):
        if value.text is not None:
            return value.text
        return format(value.amount, "f")
    if isinstance(value, Cell):
        if value.text is not None:
            return value.text
        return {CellStatus.BLANK: "", CellStatus.SLASH: "/", CellStatus.DASH: "—",
                CellStatus.NOT_APPLICABLE: "不适用"}.get(value.status, "")  # fmt: skip
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    raise TypeError(f"cannot print {value!r}")


def title(report: AnnualReport) -> str:
    return report.title or f"{report.agency.name or ''}{report.year}年政府信息公开工作年度报告"


# --------------------------------------------------------------------------- the tables as rows of cells


@attrs.frozen
class Cellout:
    """A printed cell: its text, and how many rows and columns it spans."""

    text: str
    rows: int = 1
    columns: int = 1


def table2_rows(report: AnnualReport) -> list[list[Cellout]]:
    blocks = table2(report.template)
    width = 1 + max(len(r.columns) for b in blocks for r in b.rows)
    out: list[list[Cellout]] = []
    for block in blocks:
        out.append([Cellout(block.label, columns=width)])
        columns = block.rows[0].columns
        spans = _spread(len(columns), width - 1)
        out.append(
            [
                Cellout("信息内容"),
                *(Cellout(c.label, columns=b - a + 1) for c, (a, b) in zip(columns, spans, strict=True)),
            ]
        )
        for row in block.rows:
            cells = [Cellout(row.label)]
            for column, (a, b) in zip(row.columns, spans, strict=True):
                cells.append(Cellout(text_of(resolve(report, f"{row.pointer}/{column.name}")), columns=b - a + 1))
            out.append(cells)
    return out


def _spread(count: int, width: int) -> list[tuple[int, int]]:
    if count == width:
        return [(i, i) for i in range(count)]
    if count == 1:
        return [(0, width - 1)]
    size = width // count
    out, start = [], 0
    for i in range(count):
        end = start + size - 1 + (1 if i < width % count else 0)
        out.append((start, end))
        start = end + 1
    return out


def table3_rows(report: AnnualReport) -> list[list[Cellout]]:
    """Table 3 as the template prints it: three label columns, seven of figures."""
    spec = table3(report.template)
    columns = list(spec.columns)
    out: list[list[Cellout]] = [
        [Cellout(NOTE, rows=3, columns=3), Cellout("申请人情况", columns=7)],
        [Cellout("自然人", rows=2), Cellout("法人或其他组织", columns=5), Cellout("总计", rows=2)],
        [Cellout(c.label) for c in columns[1:6]],
    ]
    rows = [r for r in spec.rows if resolve(report, r.pointer) is not None]
    other = resolve(report, "/body/applications/results/other")
    single = (
        report.template is Template.GB2021
        and getattr(other, "subtotal", None) is not None
        and getattr(other, "other", None) is None
    )
    results = [r for r in rows if "/results/" in r.pointer]
    groups: dict[str, list[Any]] = {}
    for r in results:
        if r.group is not None:
            groups.setdefault(r.group, []).append(r)
    seen_groups: set[str] = set()
    first_result = True
    for row in rows:
        if single and row.pointer.startswith("/body/applications/results/other/"):
            continue
        cells: list[Cellout] = []
        if "/results/" not in row.pointer:
            cells.append(Cellout(row.label, columns=3))
        else:
            if first_result:
                count = len(
                    [r for r in results if not (single and r.pointer.startswith("/body/applications/results/other/"))]
                )
                count += 1 if single else 0
                cells.append(Cellout("三、本年度办理结果", rows=count))
                first_result = False
            if row.group is None:
                cells.append(Cellout(row.label, columns=2))
            else:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    cells.append(Cellout(_group_label(report, row.group), rows=len(groups[row.group])))
                cells.append(Cellout(row.label))
        cells.extend(Cellout(text_of(resolve(report, f"{row.pointer}/{c.name}"))) for c in columns)
        out.append(cells)
        if single and row.pointer.endswith("/not_processed/confirm_or_reissue"):
            base = "/body/applications/results/other/subtotal"
            out.append([Cellout("（六）其他处理", columns=2),
                        *(Cellout(text_of(resolve(report, f"{base}/{c.name}"))) for c in columns)])  # fmt: skip
    return out


def with_subtotal_column(rows: list[list[Cellout]], *, first: bool = False, label: str = "小计") -> list[list[Cellout]]:
    """Table 3 with a subtotal column of 法人或其他组织 (as some reports print it): after
    the five kinds, or ``first`` before them; the sum of the five kinds, blank where one is
    not a figure."""
    out = [list(row) for row in rows]
    out[0][1] = attrs.evolve(out[0][1], columns=8)
    out[1][1] = attrs.evolve(out[1][1], columns=6)
    out[2].insert(0 if first else len(out[2]), Cellout(label))
    for row in out[3:]:
        kinds = [c.text for c in row[-6:-1]]
        total = str(sum(int(k) for k in kinds)) if all(k.isdigit() for k in kinds) else ""
        row.insert(len(row) - 6 if first else len(row) - 1, Cellout(total))
    return out


def _group_label(report: AnnualReport, group: str) -> str:
    from govdisclosure.model import Gb2019Body, Gb2021Body

    body = Gb2021Body if report.template is Template.GB2021 else Gb2019Body
    applications = _introspect.strip_optional(_introspect.fields_by_name(body)["applications"].type)[0]
    results = _introspect.strip_optional(_introspect.fields_by_name(applications)["results"].type)[0]
    return _introspect.label_zh(_introspect.fields_by_name(results)[group])


def table4_rows(report: AnnualReport) -> list[list[Cellout]]:
    groups, outcomes = table4()
    figures = [
        Cellout(text_of(resolve(report, f"/body/review_litigation/{g.name}/{o.name}")))
        for g in groups
        for o in outcomes
    ]
    return [
        [Cellout("行政复议", columns=5), Cellout("行政诉讼", columns=10)],
        [
            *(Cellout(o.label, rows=2) for o in outcomes),
            Cellout("未经复议直接起诉", columns=5),
            Cellout("复议后起诉", columns=5),
        ],
        [Cellout(o.label) for o in outcomes] * 2,
        figures,
    ]


def table4_transposed(report: AnnualReport) -> list[list[Cellout]]:
    """Table 4 the other way round: a row per outcome, a column per group (行政诉讼's two
    under its merged heading)."""
    groups, outcomes = table4()
    rows = [
        [Cellout("", rows=2), Cellout("行政复议", rows=2), Cellout("行政诉讼", columns=2)],
        [Cellout("未经复议直接起诉"), Cellout("复议后起诉")],
    ]
    for o in outcomes:
        figures = [Cellout(text_of(resolve(report, f"/body/review_litigation/{g.name}/{o.name}"))) for g in groups]
        rows.append([Cellout(o.label), *figures])
    return rows


HEADINGS = {
    "proactive_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}


def _parts(report: AnnualReport) -> Iterator[tuple[str, Any]]:
    """The report in printed order: ("line", text) and ("table", rows of cells)."""
    yield "line", title(report)
    yield "line", f"本报告所列数据统计期限自{report.year}年1月1日至{report.year}年12月31日。"
    sections = {s.key: s for s in report.body.sections}
    overall = sections.get("overall")
    yield "line", "一、总体情况"
    if overall is not None and overall.text:
        yield "line", overall.text
    for name, rows in (
        ("proactive_disclosure", table2_rows(report)),
        ("applications", table3_rows(report)),
        ("review_litigation", table4_rows(report)),
    ):
        yield "line", HEADINGS[name]
        yield "table", rows
    yield "line", "五、存在的主要问题及改进情况"
    yield "line", "（示例文本）本部分列出主要问题和改进措施。"
    yield "line", "六、其他需要报告的事项"
    yield "line", "（示例文本）无。"


# --------------------------------------------------------------------------- formats


def render_html(report: AnnualReport) -> str:
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>', html.escape(title(report)),
           "</title></head><body><nav><a href='/'>首页</a> 政府信息公开</nav><div class='article'>"]  # fmt: skip
    for kind, part in _parts(report):
        if kind == "line":
            out.append(f"<p>{html.escape(part)}</p>")
            continue
        out.append('<table border="1">')
        for row in part:
            out.append("<tr>")
            for cell in row:
                span = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
                    f' colspan="{cell.columns}"' if cell.columns > 1 else ""
                )
                out.append(f"<td{span}><p>{html.escape(cell.text)}</p></td>" if cell.text else f"<td{span}>&nbsp;</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</div><footer>主办：示例网站 电话：010-00000000</footer></body></html>")
    return "".join(out)


def render_mhtml(report: AnnualReport, *, transfer: str = "quoted-printable", charset: str = "utf-8") -> bytes:
    """The web page saved as one file (.mht, as browsers and Word save it): a MIME message,
    the page in the given transfer encoding and character set, a picture after it."""
    import base64
    import quopri

    page = render_html(report).replace('<meta charset="utf-8">', "").encode(charset)
    if transfer == "quoted-printable":
        payload = quopri.encodestring(page).decode("ascii")
    else:
        payload = base64.encodebytes(page).decode("ascii")
    boundary = "----MultipartBoundary--govdisclosure----"
    lines = [
        "From: <Saved by Blink>",
        "Snapshot-Content-Location: http://www.example.gov.cn/report.html",
        # a long title's subject, encoded and folded over lines as Blink writes it
        "Subject: =?utf-8?Q?=E6=94=BF=E5=BA=9C=E4=BF=A1=E6=81=AF=E5=85=AC=E5=BC=80?=",
        " =?utf-8?Q?=E5=B9=B4=E5=BA=A6=E6=8A=A5=E5=91=8A?=",
        "Date: Mon, 1 Jan 2024 00:00:00 -0000",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"',
        "",
        f"--{boundary}",
        f"Content-Type: text/html; charset={charset}",
        f"Content-Transfer-Encoding: {transfer}",
        "Content-Location: http://www.example.gov.cn/report.html",
        "",
        payload,
        f"--{boundary}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: http://www.example.gov.cn/logo.png",
        "",
        "iVBORw0KGgo=",
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode("ascii")


def with_thead(page: str) -> str:
    """A web page with Table 3's three header rows in a ``<thead>`` (which printers repeat
    at the top of each page the table runs on to)."""
    at = page.index("本年新收")
    first = page.index("<tr", page.rfind("<table", 0, at))
    cut = [first + k for k in range(at - first) if page.startswith("<tr", first + k)][3]
    body = page[cut:].replace("</table>", "</tbody></table>", 1)
    return page[:first] + "<thead>" + page[first:cut] + "</thead><tbody>" + body


def render_html_split(report: AnnualReport, cut: int, *, repeat_group: bool = True, gap: str = "") -> str:
    """The web page with Table 3 broken into two tables before its row ``cut`` (as a page
    break splits a Word table, and the page made from it keeps the two): a merged cell
    crossing the break goes on in the second table, its text ``repeat_group``-ed or empty;
    ``gap`` stands between the two tables."""
    out = ['<html><head><meta charset="utf-8"><title>', html.escape(title(report)), "</title></head><body>"]
    for kind, part in _parts(report):
        if kind == "line":
            out.append(f"<p>{html.escape(part)}</p>")
            continue
        placed: list[tuple[int, int, int, int, str]] = []
        _place_grid(part, lambda r, c, r2, c2, text, placed=placed: placed.append((r, c, r2, c2, text)))
        table3 = any("本年新收" in text for *_, text in placed)
        bounds = [0, cut, len(part)] if table3 else [0, len(part)]
        for top, bottom in itertools.pairwise(bounds):
            out.append('<table border="1">')
            for r in range(top, bottom):
                out.append("<tr>")
                for r0, c0, r1, c1, text in sorted(placed, key=lambda p: p[1]):
                    if r0 == r or (r == top and r0 < top <= r1):
                        shown = text if r0 == r or repeat_group else ""
                        rows = min(r1, bottom - 1) - r + 1
                        out.append(f'<td rowspan="{rows}" colspan="{c1 - c0 + 1}">{html.escape(shown)}</td>')
                out.append("</tr>")
            out.append("</table>")
            if bottom != len(part):
                out.append(gap)
    out.append("</body></html>")
    return "".join(out)


def _flat_rows(rows: list[list[Cellout]]) -> list[list[str]]:
    """Each printed row's own cells (a label merged from above is not repeated)."""
    return [[cell.text for cell in row] for row in rows]


def render_markdown(report: AnnualReport) -> str:
    """Pipe tables, as converters write them (header cells as printed, blanks kept)."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(("# " if part == title(report) else "") + part)
            continue
        for i, row in enumerate(_flat_rows(part)):
            out.append("| " + " | ".join(c.replace("|", "／") for c in row) + " |")
            if i == 0:
                out.append("|" + "---|" * len(row))
    return "\n".join(out) + "\n"


def render_text(report: AnnualReport, separator: str = " ") -> str:
    """Plain text: a table row per line, its label then its figures (a blank prints nothing,
    so use only for reports without blanks), or tab-separated when ``separator`` is a tab."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for row in _flat_rows(part):
            if separator == "\t":
                out.append("\t".join(row))
            else:
                out.append(" ".join(c for c in row if c))
    return "\n".join(out) + "\n"


def render_flat(report: AnnualReport, *, blank_lines: bool = True) -> str:
    """Tables flattened to one cell per line, as many web-page-to-text copies print them
    (an empty cell an empty line, or, ``blank_lines=False``, nothing at all)."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for row in _flat_rows(part):
            out.extend(cell for cell in row if cell or blank_lines)
    return "\n".join(out) + "\n"


def _grid_text(rows: list[list[Cellout]], *, repeat: bool) -> list[list[str]]:
    """A table as a full grid, every row as wide as the table: a merged cell's text in its
    first position and the rest empty, or (``repeat``) in every position it covers."""
    placed: list[tuple[int, int, int, int, str]] = []
    _place_grid(rows, lambda r, c, r2, c2, text: placed.append((r, c, r2, c2, text)))
    height = max(p[2] for p in placed) + 1
    width = max(p[3] for p in placed) + 1
    grid = [[""] * width for _ in range(height)]
    for r, c, r2, c2, text in placed:
        for rr in range(r, r2 + 1):
            for cc in range(c, c2 + 1):
                grid[rr][cc] = text if repeat or (rr, cc) == (r, c) else ""
    return grid


def render_grid(report: AnnualReport, *, repeat: bool = False, separator: str = " | ") -> str:
    """Every table written out as a full grid (as PDF-to-Markdown converters and spreadsheets
    saved as text write merged cells): pipe rows, or tab-separated with ``separator="\t"``."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for i, row in enumerate(_grid_text(part, repeat=repeat)):
            cells = [c.replace("|", "／") for c in row]
            if separator == "\t":
                out.append("\t".join(cells))
                continue
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * len(cells))
    return "\n".join(out) + "\n"


def render_padded(report: AnnualReport, *, at_end: bool = False) -> str:
    """Pipe rows that write a merged cell's extra columns as empty cells right after it
    (HTML-to-Markdown converters), or all at the end of the row (``at_end``: ``x | y | ||``);
    a row merged from above is not repeated."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for i, row in enumerate(part):
            if at_end:
                pad = sum(c.columns - 1 for c in row)
                out.append(" | ".join(c.text for c in row) + " |" + (" " + "|" * pad if pad else ""))
                continue
            cells = [text for c in row for text in (c.text, *[""] * (c.columns - 1))]
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * len(cells))
    return "\n".join(out) + "\n"


def render_wrapped(report: AnnualReport, *, figures_first: bool = True) -> str:
    """Markdown whose long row labels wrap over two rows (a PDF cell's second line written
    as a row of its own, its other cells empty): the figures on the first row, or
    (``figures_first=False``) on the second, beside the label's end."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for i, row in enumerate(part):
            texts = [c.text.replace("|", "／") for c in row]
            longest = max(range(len(texts)), key=lambda k: len(texts[k]))
            if i > 0 and len(texts[longest]) > 14 and not any(ch.isdigit() for ch in texts[longest][2:]):
                first, second = list(texts), [""] * len(texts)
                first[longest], second[longest] = texts[longest][:10], texts[longest][10:]
                if not figures_first:
                    for k in range(longest + 1, len(texts)):
                        first[k], second[k] = "", texts[k]
                out.append("| " + " | ".join(first) + " |")
                out.append("| " + " | ".join(second) + " |")
            else:
                out.append("| " + " | ".join(texts) + " |")
            if i == 0:
                out.append("|" + "---|" * len(texts))
    return "\n".join(out) + "\n"


def _lines_of_rows(report: AnnualReport, write: Callable[[list[Cellout]], list[str]]) -> str:
    """The report as text, each table row written as the lines ``write`` gives it."""
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        for row in part:
            out.extend(write(row))
    return "\n".join(out) + "\n"


def render_cell_lines(report: AnnualReport) -> str:
    """A cell per line, each ending in its pipe, a lone pipe before each row (as page-to-text
    converters write a table whose cells hold line breaks); an empty cell is a lone pipe."""
    return _lines_of_rows(report, lambda row: ["|", *(f"{c.text} |".strip() + "|" * (c.columns - 1) for c in row)])


def render_led_cells(report: AnnualReport, *, wrap: int = 0) -> str:
    """A cell per line with its pipe in front, as some page-to-text converters write a
    table: a row's first cell alone, each further cell led by its pipe (``| 0``), an empty
    cell a lone pipe, a lone pipe closing the row; ``wrap``: a cell's text longer than that
    runs on over the next line."""

    def write(row: list[Cellout]) -> list[str]:
        lines = []
        for i, cell in enumerate(row):
            text = cell.text
            if wrap and len(text) > wrap:
                text = text[:wrap] + "\n" + text[wrap:]
            lines.append(text if i == 0 else f"| {text}" if text else "|")
        return [*lines, "|"]

    return _lines_of_rows(report, write)


def render_trailed_cells(report: AnnualReport, *, parted: bool = False, padded: bool = False) -> str:
    """A cell per line, each ending in its pipe, an empty cell a lone pipe, no pipe before
    a row; ``parted``: an empty line after each row; ``padded``: a row with fewer cells
    than the table's widest row is followed by a line of as many pipes as it lacks (as a
    crawler writes a page whose table cells hold paragraphs: ``本年处理决定数量 |`` / ``||``)."""
    if not padded:
        return _lines_of_rows(
            report, lambda row: [*(f"{c.text} |" if c.text else "|" for c in row), *([""] if parted else [])]
        )
    out = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        widest = max(len(row) for row in part)
        for row in part:
            out.extend(f"{c.text} |" if c.text else "|" for c in row)
            if len(row) < widest:
                out.append("|" * (widest - len(row)))
            if parted:
                out.append("")
    return "\n".join(out) + "\n"


def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice's ``soffice`` to
    ``target`` (``pdf``, ``doc:MS Word 97``, ``xls:MS Excel 97``): the bytes it writes."""
    import pathlib
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / f"report.{suffix}"
        source.write_bytes(data)
        subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", folder, str(source)],
                       check=True, capture_output=True)  # fmt: skip
        return (pathlib.Path(folder) / f"report.{target.split(':')[0]}").read_bytes()


def render_doc(report: AnnualReport) -> bytes:
    """The Word rendering saved as Word 97–2003 (.doc) by LibreOffice (``soffice`` on the
    PATH; the benchmark's shape and tests/fixtures/doc/make.py, not the test suite)."""
    return soffice_convert(render_docx(report), "docx", "doc:MS Word 97")


def render_office_xls(report: AnnualReport) -> bytes:
    """The workbook rendering saved as Excel 97–2003 (.xls) by LibreOffice (``soffice`` on
    the PATH; the benchmark's shape and tests/fixtures/xls/make.py, not the test suite)."""
    return soffice_convert(render_xlsx(report), "xlsx", "xls:MS Excel 97")


def render_sheet_pdf(report: AnnualReport, *, ruled: bool = False) -> bytes:
    """The workbook rendering printed to PDF by LibreOffice Calc, fitted to the page's width
    in narrow columns (``ruled``: each cell of the tables' rows bordered): labels wider than
    their cells are clipped at the next cell's edge, their hidden rest still in the PDF."""
    import openpyxl
    from openpyxl.styles import Border, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book.active
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    for column in "ABCDEFGHIJKLMNOP":
        sheet.column_dimensions[column].width = 9
    if ruled:
        thin = Side(style="thin")
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            if sum(1 for cell in row if cell.value not in (None, "")) >= 2:
                for cell in row:
                    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sink = io.BytesIO()
    book.save(sink)
    return soffice_convert(sink.getvalue(), "xlsx", "pdf")


def office_pdf_available() -> bool:
    """Whether LibreOffice and a Chinese font are here to print the Word rendering to PDF."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None or shutil.which("fc-list") is None:
        return False
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(fonts.stdout.strip())


#: The merged cells of Table 3 and 4 that some reports set vertically in their cells.
VERTICAL_LABELS = ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "行政复议", "行政诉讼")


def render_office_pdf(report: AnnualReport, *, ruled: bool = True, centred: bool = False, shift: int = 0,
                      vertical: bool = False, repeat_header: bool = False, border: str | None = None) -> bytes:  # fmt: skip
    """The Word rendering printed to PDF by LibreOffice (``soffice`` and a Chinese font on
    the machine): a PDF as offices make them, embedded subset fonts, ruled tables that
    break across pages (rows too: ``shift`` puts that many short paragraphs before Table 3
    to move where its page breaks fall), ``vertical`` the group labels set bottom to top
    in their cells, ``repeat_header`` Table 3's three header rows repeated at the top of
    each page it runs on to, ``border`` every table's ruling in that Word border style
    (``double``, ``thinThickSmallGap`` …). The benchmark's shape and the PDF fixtures'
    maker, not the test suite."""
    data = render_docx(report, ruled=ruled, centred=centred)
    if shift:
        data = rewrite_docx(data, lambda xml: _before_table(xml, 1, "<w:p><w:r><w:t>。</w:t></w:r></w:p>" * shift))
    if vertical:
        data = rewrite_docx(data, _vertical_cells)
    if repeat_header:
        data = rewrite_docx(data, _repeated_header_rows)
    if border is not None:
        data = rewrite_docx(data, lambda xml: _bordered(xml, border))
    return soffice_convert(data, "docx", "pdf")


def render_page_pdf(report: AnnualReport) -> bytes:
    """The web page printed to PDF by LibreOffice (``soffice`` and a Chinese font on the
    machine), as a page saved from a browser: the page's table with its narrow columns."""
    return soffice_convert(render_html(report).encode(), "html", "pdf")


def rewrite_docx(data: bytes, change: Callable[[str], str]) -> bytes:
    """A Word file with its document part rewritten by ``change`` (the other parts kept)."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            part = old.read(item)
            if item.filename == "word/document.xml":
                part = change(part.decode("utf-8")).encode("utf-8")
            new.writestr(item, part)
    return target.getvalue()


def _before_table(xml: str, number: int, inserted: str) -> str:
    """A Word document part with ``inserted`` put before its table ``number`` (0 the first)."""
    at = -1
    for _ in range(number + 1):
        at = xml.index("<w:tbl>", at + 1)
    return xml[:at] + inserted + xml[at:]


def _bordered(xml: str, style: str) -> str:
    """Every table of a Word document part ruled inside and out in a border ``style``."""
    import re

    sides = ("top", "bottom", "left", "right", "insideH", "insideV")
    lines = "".join(f'<w:{side} w:val="{style}" w:sz="12" w:space="0" w:color="000000"/>' for side in sides)
    xml = re.sub(r'<w:tblStyle w:val="[^"]*"/>', "", xml)
    return xml.replace("<w:tblPr>", f"<w:tblPr><w:tblBorders>{lines}</w:tblBorders>")


def _repeated_header_rows(xml: str) -> str:
    """Table 3's first three rows (its headings) marked to repeat on each page (``w:tblHeader``)."""
    import re

    start = xml.index("<w:tbl>", xml.index("<w:tbl>") + 1)
    end = xml.index("</w:tbl>", start)
    marked = [0]

    def mark(match: re.Match[str]) -> str:
        marked[0] += 1
        row = match.group(0)
        if marked[0] > 3:
            return row
        if "<w:trPr>" in row:
            return row.replace("<w:trPr>", "<w:trPr><w:tblHeader/>", 1)
        return re.sub(r"^<w:tr(?: [^>]*)?>", lambda m: m.group(0) + "<w:trPr><w:tblHeader/></w:trPr>", row)

    return xml[:start] + re.sub(r"<w:tr(?: [^>]*)?>.*?</w:tr>", mark, xml[start:end], flags=re.S) + xml[end:]


def _vertical_cells(xml: str) -> str:
    """The cells holding one of ``VERTICAL_LABELS`` set bottom to top (``w:textDirection btLr``)."""
    import re

    def turn(match: re.Match[str]) -> str:
        cell = match.group(0)
        if "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", cell)) not in VERTICAL_LABELS:
            return cell
        direction = '<w:textDirection w:val="btLr"/>'
        if "<w:tcPr>" in cell:
            return cell.replace("<w:tcPr>", "<w:tcPr>" + direction, 1)
        return cell.replace("<w:tc>", f"<w:tc><w:tcPr>{direction}</w:tcPr>", 1)

    return re.sub(r"<w:tc>.*?</w:tc>", turn, xml, flags=re.S)


def with_changes(xml: str) -> str:
    """A Word document with a change tracked and not yet accepted (700 deleted, 705 put in
    its place: the first 705) and a hidden character (9 before the first 713): neither the
    deleted nor the hidden text prints."""
    stamp = 'w:author="editor" w:date="2025-01-01T00:00:00Z"'
    tracked = (
        f'<w:del w:id="901" {stamp}><w:r><w:delText>700</w:delText></w:r></w:del>'
        f'<w:ins w:id="902" {stamp}><w:r><w:t>705</w:t></w:r></w:ins>'
    )
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r><w:r><w:t>713</w:t></w:r>"
    for figure, changed in (("705", tracked), ("713", hidden)):
        run = f"<w:r><w:t>{figure}</w:t></w:r>"
        assert run in xml, figure
        xml = xml.replace(run, changed, 1)
    return xml


def framed(xml: str) -> str:
    """A Word document part with its body set inside a one-cell table (a frame round the
    page, as documents converted from web pages often are)."""
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.rindex("<w:sectPr")
    cell = xml[start:end] + "<w:p/>"
    table = f'<w:tbl><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>'
    return xml[:start] + table + xml[end:]


def render_docx(report: AnnualReport, *, ruled: bool = True, centred: bool = False) -> bytes:
    import docx  # python-docx, test only

    document = docx.Document()
    for kind, part in _parts(report):
        if kind == "line":
            document.add_paragraph(part)
            continue
        width = sum(c.columns for c in part[-1])
        table = document.add_table(rows=len(part), cols=width)
        if ruled:
            table.style = "Table Grid"
        placed: list[tuple[int, int, int, int, str]] = []
        _place_grid(part, lambda r, c, r2, c2, text, placed=placed: placed.append((r, c, r2, c2, text)))
        # python-docx walks the whole table for each table.cell(): merge the spans first,
        # then set every text through one walk of the merged grid
        for r, c, r2, c2, _ in placed:
            if (r2, c2) != (r, c):
                table.cell(r, c).merge(table.cell(r2, c2))
        grid = table._cells
        for r, c, _, _, text in placed:
            grid[r * width + c].text = text
            if centred:  # the text in the middle of its cell, as many reports set their tables
                grid[r * width + c].vertical_alignment = docx.enum.table.WD_ALIGN_VERTICAL.CENTER
    sink = io.BytesIO()
    document.save(sink)
    return sink.getvalue()


def _place_grid(rows: list[list[Cellout]], put: Callable[[int, int, int, int, str], None]) -> None:
    """Cells on a grid, spans honoured: ``put(row, col, last_row, last_col, text)``."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rows):
                for dc in range(cell.columns):
                    taken.add((r + dr, c + dc))
            put(r, c, r + cell.rows - 1, c + cell.columns - 1, cell.text)
            c += cell.columns


def render_xlsx(report: AnnualReport) -> bytes:
    """An agency's own workbook: the tables one under another on one sheet, merged cells."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "年报"
    line = 1
    for kind, part in _parts(report):
        if kind == "line":
            sheet.cell(row=line, column=1, value=part)
            line += 1
            continue
        top = line

        def put(r: int, c: int, r2: int, c2: int, text: str, top: int = top) -> None:
            value: Any = text
            if text and text.lstrip("-").isdigit():
                value = int(text)
            sheet.cell(row=top + r, column=1 + c, value=value if text else None)
            if (r2, c2) != (r, c):
                sheet.merge_cells(start_row=top + r, start_column=1 + c, end_row=top + r2, end_column=1 + c2)

        _place_grid(part, put)
        line += len(part)
    sink = io.BytesIO()
    book.save(sink)
    return sink.getvalue()


def render_xls(report: AnnualReport, *, biff5: bool = False, formulas: bool = False, **options: Any) -> bytes:
    """The workbook of ``render_xlsx`` as Excel 97–2003 (.xls) writes it (tests/biff.py):
    ``formulas`` stores each table's last column as formulas with their results."""
    from tests.biff import Formula, XlsSheet, workbook

    sheet = XlsSheet("年报", {})
    line = 1
    for kind, part in _parts(report):
        if kind == "line":
            sheet.cells[(line, 1)] = part
            line += 1
            continue
        top = line
        width = sum(c.columns for c in part[-1])

        def put(r: int, c: int, r2: int, c2: int, text: str, top: int = top, width: int = width) -> None:
            value: Any = text
            if text and text.lstrip("-").isdigit():
                value = int(text)
                if formulas and c2 == width - 1:
                    value = Formula(value)
            if text:
                sheet.cells[(top + r, 1 + c)] = value
            if (r2, c2) != (r, c):
                sheet.merged.append((top + r, 1 + c, top + r2, 1 + c2))

        _place_grid(part, put)
        line += len(part)
    return workbook([sheet], biff5=biff5, **options)


def render_pdf(
    report: AnnualReport,
    *,
    ruled: bool = True,
    centred: bool = False,
    rotation: int = 0,
    header: str | None = None,
    page_number: str | None = None,
) -> bytes:
    """A PDF with a text layer: tables drawn with ruling lines (or, ``ruled=False``,
    without, the figures in columns), each cell's text at its left edge or ``centred``.
    Page breaks fall where they fall, tables included. ``rotation``: every page shown
    turned by so many degrees (its text sideways or upside down in a viewer); ``header``
    printed over every page, ``page_number`` (a format of ``n``: ``"{n}"``, ``"— {n} —"``)
    centred under it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sink = io.BytesIO()
    pdf = canvas.Canvas(sink, pagesize=A4, invariant=1)
    width, height = A4
    margin = 50
    y = height - margin
    size = 9
    pdf.setFont("STSong-Light", size)
    pdf.setPageRotation(rotation)

    page = 1

    def furniture() -> None:
        if header is not None:
            pdf.drawCentredString(width / 2, height - margin / 2, header)
        if page_number is not None:
            pdf.drawCentredString(width / 2, margin / 2, page_number.format(n=page))

    def new_page() -> None:
        nonlocal y, page
        furniture()
        pdf.showPage()
        page += 1
        pdf.setFont("STSong-Light", size)
        pdf.setPageRotation(rotation)
        y = height - margin

    labels_of = {1: [130], 3: [24, 60, 150], 0: []}
    for kind, part in _parts(report):
        if kind == "line":
            for chunk in [part[i : i + 50] for i in range(0, len(part), 50)] or [""]:
                if y < margin + 20:
                    new_page()
                pdf.drawString(margin, y, chunk)
                y -= 16
            continue
        ncols = sum(c.columns for c in part[-1])
        label_columns = 0 if ncols == 15 else 3 if ncols == 10 else 1
        label_widths = labels_of[label_columns]
        rest = (width - 2 * margin - sum(label_widths)) / max(ncols - label_columns, 1)
        xs = [margin]
        for w in label_widths + [rest] * (ncols - label_columns):
            xs.append(xs[-1] + w)
        row_height = 16
        # draw row by row; a merged cell is drawn on its first row, spanning down
        taken: dict[tuple[int, int], bool] = {}
        for r, row in enumerate(part):
            if y - row_height < margin:
                new_page()
            c = 0
            for cell in row:
                while taken.get((r, c)):
                    c += 1
                for dr in range(cell.rows):
                    for dc in range(cell.columns):
                        taken[(r + dr, c + dc)] = True
                x0, x1 = xs[c], xs[min(c + cell.columns, ncols)]
                rows_down = cell.rows if y - row_height * cell.rows >= margin else 1
                if ruled:
                    pdf.rect(x0, y - row_height * rows_down, x1 - x0, row_height * rows_down, stroke=1, fill=0)
                text = cell.text
                fits = pdfmetrics.stringWidth(text, "STSong-Light", size) if text else 0
                font = size if fits <= x1 - x0 - 4 else max(size * (x1 - x0 - 4) / fits, 1.5)
                pdf.setFont("STSong-Light", font)
                if centred:
                    pdf.drawCentredString((x0 + x1) / 2, y - 12, text)
                else:
                    pdf.drawString(x0 + 2, y - 12, text)
                pdf.setFont("STSong-Light", size)
                c += cell.columns
            y -= row_height
        y -= 10
    furniture()
    pdf.save()
    return sink.getvalue()


def money(amount: str, unit: MoneyUnit = MoneyUnit.WAN_YUAN) -> Money:
    return Money(decimal.Decimal(amount), unit)


# --------------------------------------------------------------------------- reports on 2008–2018


def legacy_sentences(report: AnnualReport) -> list[str]:
    """The on-request statistics as a legacy report's narrative states them."""
    on_request = report.body.on_request  # type: ignore[union-attr]
    if on_request is None:
        return []
    out = []
    if on_request.received is not None:
        sentence = f"{report.year}年，共受理政府信息公开申请{text_of(on_request.received)}件"
        channels = "；".join(f"{b.label}{text_of(b.count)}件" for b in on_request.received_by_channel)
        out.append(sentence + ("。从申请形式来看，" + channels if channels else "") + "。")
    if on_request.completed is not None:
        replies = "；".join(f"{b.label}有{text_of(b.count)}件" for b in on_request.replies)
        out.append(f"已办结{text_of(on_request.completed)}件" + ("，其中" + replies if replies else "") + "。")
    if on_request.refusal_reasons:
        out.append(
            "不同意公开的原因中，"
            + "；".join(f"其中{b.label}有{text_of(b.count)}件" for b in on_request.refusal_reasons)
            + "。"
        )
    if on_request.carried_forward is not None:
        out.append(f"其余{text_of(on_request.carried_forward)}件申请结转至下一年度办理。")
    return out


def render_legacy_html(report: AnnualReport) -> str:
    """A legacy report: the title, its narrative with the on-request statistics, and the
    statistical annex as a table (统计指标 · 单位 · 统计数)."""
    body = report.body
    out = [f"<html><body><p>{html.escape(title(report))}</p>",
           f"<p>本报告所列数据统计期限自{report.year}年1月1日起至{report.year}年12月31日止。</p>",
           "<p>一、概述</p><p>（示例文本）本年度工作概述。</p>", "<p>二、依申请公开情况</p>"]  # fmt: skip
    out.extend(f"<p>{html.escape(s)}</p>" for s in legacy_sentences(report))
    annex = body.annex  # type: ignore[union-attr]
    if annex is not None:
        out.append(f"<p>附表：{html.escape(annex.title or '政府信息公开情况统计表')}</p><table>")
        out.append("<tr><td>统计指标</td><td>单位</td>" + "".join(f"<td>{c}</td>" for c in annex.columns) + "</tr>")
        for row in annex.rows:
            cells = "".join(f"<td>{html.escape(text_of(v))}</td>" for v in row.values)
            out.append(f"<tr><td>{html.escape(row.label)}</td><td>{row.unit or ''}</td>{cells}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "".join(out)


# --------------------------------------------------------------------------- what converters make of a page


def layout_text(pdf: bytes) -> str:
    """The text a PDF converter spaces out to where the words stand on the page
    (pdfplumber's layout text, as pdftotext -layout): one column per character; figures
    wider than their columns push the next ones aside."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text(layout=True) for page in document.pages)


def with_breaks(markdown: str) -> str:
    """Markdown whose table cells wrap with ``<br>`` (as PDF-to-Markdown converters such as
    pymupdf4llm write a cell of several lines): every cell of more than six characters
    broken in its middle."""
    import re

    def wrap(match: re.Match[str]) -> str:
        text = match.group(1)
        if len(text) > 6:
            text = text[: len(text) // 2] + "<br>" + text[len(text) // 2 :]
        return f"| {text} "

    return re.sub(r"\| ([^|\n]+?) (?=\|)", wrap, markdown)


def with_markup(markdown: str) -> str:
    """Markdown as converters such as marker and docling write it: headings and each row's
    first cell in bold, the dot of a decimal or a numbered label escaped (4068\\.208, 1\\.属于),
    a blank cell written as ``&nbsp;``."""
    import re

    out = []
    for line in markdown.splitlines():
        if line.startswith("|---"):
            pass
        elif line.startswith("|"):
            line = re.sub(r"^\| ([^|]+?) (?=\|)", lambda m: f"| **{m.group(1)}** ", line)
            line = line.replace("|  |", "| &nbsp; |")
        elif line.strip() and not line.startswith("#"):
            line = f"**{line}**" if len(line) < 40 else line
        out.append(re.sub(r"(\d)\.", r"\1\\.", line))
    return "\n".join(out) + "\n"


def plain_text(pdf: bytes) -> str:
    """The text a PDF gives when copied or converted without layout (pdfplumber's plain
    text): each line's words in order, one space between them, columns lost."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def pdfminer_text(pdf: bytes) -> str:
    """The text pdfminer.six gives a PDF (``extract_text``): each text box a paragraph with
    an empty line after it, a table's boxes often column by column, a form feed after each
    page."""
    from pdfminer.high_level import extract_text

    text: str = extract_text(io.BytesIO(pdf))
    return text


def render_column_boxes(
    report: AnnualReport,
    *,
    total_at: int = 6,
    cut: int | None = None,
    vertical: int = 1,
    headings_after: bool = False,
    packed: bool = False,
) -> str:
    """The text pdfminer (and markitdown, which is pdfminer) gives a report printed with
    ruled tables, as the real Word-exported pages show it: each text box a paragraph, an
    empty line after it; a table's headings, then the labels of its rows one per line,
    then its figures column by column, a box per column; a blank cell prints nothing.
    Table 3's total column comes ``total_at`` among the seven (the real page wrote it
    sixth); ``cut``: Table 3 breaks over a page after so many rows, each page's part
    written apart, its headings again; ``vertical``: 三、本年度办理结果 printed so many
    characters a line (a narrow merged cell; 0: on one line); ``headings_after``: a Table 2
    block's column headings after its rows' labels; ``packed``: the labels one box, no
    empty line between them."""
    out: list[str] = []

    def box(*lines: str) -> None:
        kept = [line for line in lines if line]
        if kept:
            out.append("\n".join(kept) + "\n")

    def rows_then_columns(labels: list[list[str]], figures: list[list[str]], after: Sequence[str] = ()) -> None:
        lines: list[str] = []
        for cells in labels:
            for text in cells:
                if vertical and text == "三、本年度办理结果":
                    lines.extend(text[i : i + vertical] for i in range(0, len(text), vertical))
                else:
                    lines.append(text)
        if packed:
            box(*lines)
        else:
            for line in lines:
                box(line)
        for text in after:
            box(text)
        for column in zip(*figures, strict=True):
            box(*column)

    for kind, part in _parts(report):
        if kind == "line":
            box(part)
            continue
        if part[0][0].text == NOTE:
            header = [c.text for row in part[:3] for c in row]
            data = part[3:]
            parts = [data[:cut], data[cut:]] if cut else [data]
            for number, rows in enumerate(parts):
                if number:
                    out.append("- 2 -\n\x0c")
                for text in header:
                    box(text)
                figures = [[c.text for c in row[-7:]] for row in rows]
                order = [*range(6)]
                order.insert(total_at, 6)
                rows_then_columns(
                    [[c.text for c in row[:-7]] for row in rows], [[f[c] for c in order] for f in figures]
                )
        elif part[0][0].text == "行政复议":
            for row in part[:-1]:
                for c in row:
                    box(c.text)
            for c in part[-1]:
                box(c.text)
        else:
            blocks: list[list[list[Cellout]]] = []
            for row in part:
                if len(row) == 1:
                    blocks.append([])
                blocks[-1].append(row)
            for rows in blocks:
                box(rows[0][0].text)
                headings = [c.text for c in rows[1]]
                if not headings_after:
                    for text in headings:
                        box(text)
                rows_then_columns(
                    [[row[0].text] for row in rows[2:]],
                    [[c.text for c in row[1:]] for row in rows[2:]],
                    headings if headings_after else (),
                )
    return "\n".join(out)


def pdfium_text(pdf: bytes) -> str:
    """The text PDFium gives a PDF (pypdfium2's ``get_text_range``), pages parted by form
    feeds: the words in the order they were drawn, a cell's words wrapped over lines."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\x0c".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def radicals(text: str) -> str:
    """Text as a PDF whose fonts map glyphs to Kangxi radicals and compatibility
    ideographs gives it (⾃然人, ⾏政)."""
    import unicodedata

    table: dict[str, str] = {}
    for code in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFB00)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and "\u4e00" <= folded <= "\u9fff":
            table.setdefault(folded, chr(code))
    return "".join(table.get(ch, ch) for ch in text)


def render_html_in_markdown(report: AnnualReport) -> str:
    """Markdown whose tables are HTML (as MinerU writes them)."""
    out: list[str] = []
    for kind, part in _parts(report):
        if kind == "line":
            out.append(part)
            continue
        rows = []
        for row in part:
            tds = []
            for c in row:
                span = (f' rowspan="{c.rows}"' if c.rows > 1 else "") + (
                    f' colspan="{c.columns}"' if c.columns > 1 else ""
                )
                tds.append(f"<td{span}>{html.escape(c.text)}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        out.append("<table>" + "".join(rows) + "</table>")
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- converter defects

_FIGURE_CELL = re.compile(r"[\d.]+")


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _label_apart(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    """The row's last label printed as text (whole, or wrapped over two lines) above a
    pipe row of its figures only (a converter that lost the label's cell)."""
    cells = _pipe_cells(lines[i])
    labels = [c for c in cells if c and not _FIGURE_CELL.fullmatch(c)]
    figures = [c for c in cells if c not in labels]
    if not labels or not figures:
        return None
    label = labels[-1]
    cut = rng.randint(1, max(1, len(label) - 1))
    return [label[:cut], label[cut:], _pipe_row(figures)] if rng.random() < 0.5 else [label, _pipe_row(figures)]


def _ruler_after(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    return [lines[i], "|" + "---|" * len(_pipe_cells(lines[i]))]  # a new table starts


def _empty_cell_after(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    return [lines[i].rstrip() + "  |"]  # a ragged row


def _page_number_after(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    return [lines[i], f"— {rng.randint(2, 9)} —"]


def _empty_line_after(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    return [lines[i], ""]


def _label_cut(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    """A long label losing its first characters (a cell clipped by its neighbour); a
    figure's cell (1343448.70元) is no label."""
    cells = _pipe_cells(lines[i])
    for k, cell in enumerate(cells):
        if len(cell) > 8 and not re.search(r"\d", cell[3:]):
            cells[k] = cell[rng.randint(2, 5) :]
            return [_pipe_row(cells)]
    return None


def _header_run_together(lines: list[str], i: int, rng: random.Random) -> list[str] | None:
    """A header row printed as one line of text (its cells run together)."""
    cells = _pipe_cells(lines[i])
    if any(_FIGURE_CELL.fullmatch(c) for c in cells if c):
        return None
    return ["".join(cells)]


#: What PDF-to-Markdown converters do to a table's rows (as the real samples show them).
CONVERTER_DEFECTS: tuple[Callable[[list[str], int, random.Random], list[str] | None], ...] = (
    _label_apart,
    _ruler_after,
    _empty_cell_after,
    _page_number_after,
    _empty_line_after,
    _label_cut,
    _header_run_together,
)


def with_converter_defects(markdown: str, rng: random.Random, rate: float) -> str:
    """Markdown whose table rows a converter damaged: each pipe row, with probability
    ``rate``, gets one of ``CONVERTER_DEFECTS`` (and a group's label split over its row
    and the next: ``| （三）不 | …`` / ``| 予公开 | …``)."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|") and not line.startswith("|---") and rng.random() < rate:
            cells = _pipe_cells(line)
            split_group = (
                rng.random() < 0.15
                and len(cells) >= 3
                and cells[0].startswith("（")
                and len(cells[0]) >= 5
                and i + 1 < len(lines)
                and lines[i + 1].startswith("|")
            )
            if split_group:
                head, rest = cells[0][:3], cells[0][3:]
                out.extend([_pipe_row([head, *cells[1:]]), _pipe_row([rest, *_pipe_cells(lines[i + 1])])])
                i += 2
                continue
            damaged = rng.choice(CONVERTER_DEFECTS)(lines, i, rng)
            if damaged is not None:
                out.extend(damaged)
                i += 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)
