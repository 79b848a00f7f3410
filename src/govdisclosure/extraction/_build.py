"""From a layout to a report: the envelope, the narrative, the tables, every cell the
source does not show marked not captured, the audit run, and every doubt flagged."""

from __future__ import annotations

import decimal
import re
import typing
from collections.abc import Sequence
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure._version import __version__
from govdisclosure.coordinates import locate
from govdisclosure.extraction._envelope import (
    detect_template,
    find_contact,
    find_metadata,
    find_title,
    find_year,
    guess_agency,
    guess_scope,
    parse_date,
    text_key,
    tidy,
)
from govdisclosure.extraction._layout import Layout, Row, box_separated, joined_with_offsets, paragraph_boxes
from govdisclosure.extraction._legacy import read_legacy
from govdisclosure.extraction._narrative import narrative_sections, stated_figures
from govdisclosure.extraction._normalize import fold, label_key
from govdisclosure.extraction._tables import (
    FLAG_BELOW,
    Doubt,
    Placed,
    TableResult,
    find_headings,
    find_regions,
    read_table2,
    read_table3,
    read_table4,
)
from govdisclosure.extraction._values import is_value_token
from govdisclosure.findings import CODES, Finding, Outcome, Severity, make_finding
from govdisclosure.model import (
    Agency,
    AnnualReport,
    ApplicantRow,
    Cell,
    CellKind,
    CellStatus,
    CellTrace,
    Extraction,
    ExtractionFlag,
    Gb2019Body,
    Gb2021Body,
    LegacyBody,
    MoneyUnit,
    OtherProcessing,
    PageMetadata,
    Placement,
    Region,
    Scope,
    Section,
    SourceFormat,
    StatedFigure,
    Table2ExtraRow,
    Table3ExtraRow,
    Template,
)

NOT_CAPTURED = Cell(CellStatus.NOT_CAPTURED)

#: Rules that check a row within itself: they pass wherever the row is placed.
_WITHIN_ROW = frozenset({"T3-1"})
#: The confidence of a number wrapped in two whose row's sum confirms it read joined.
_CONFIRMED_SPLIT = 0.9
#: Doubts about whole rows or tables, by code: they name no single cell.
_ROW_DOUBTS = ("extract.collapsed_row", "extract.too_many_values", "extract.ambiguous_row")


@attrs.define
class Built:
    """A report made from a layout, or the reason none could be made."""

    report: AnnualReport | None
    findings: list[Finding]


def build(layout: Layout, source_format: SourceFormat, sha256: str) -> Built:
    if layout.positions is not None:
        return _build_form(layout, source_format, sha256)
    rows = layout.rows
    findings: list[Finding] = [make_finding(code) for code in layout.notes]
    headings = find_headings(rows)
    title = find_title(layout)
    year, inferred = find_year(layout, title)
    key = text_key(rows)
    regions = find_regions(rows, headings)
    looks_like_report = (
        title.text is not None
        or regions.applications is not None
        or regions.proactive is not None
        or ("政府信息公开" in key and ("年度报告" in key or "依申请" in key))
    )
    if not looks_like_report:
        return Built(None, [*findings, make_finding("extract.not_a_report")])
    if year is None:
        return Built(None, [*findings, make_finding("extract.no_year")])
    template, template_note = detect_template(year, key)
    if template_note:
        findings.append(make_finding(template_note, "/template", year=year))
    flags: list[ExtractionFlag] = []
    if inferred:
        flags.append(_flag("/year", "extract.year_inferred", year=year))

    cells: dict[str, Placed] = {}
    doubts: list[Doubt] = []
    skip: list[tuple[int, int]] = []
    body: Gb2021Body | Gb2019Body | LegacyBody
    if template is Template.LEGACY:
        text, offsets = joined_with_offsets(rows)
        annex = next((h.index for h in headings if re.search(r"(附表|统计表|附件)", h.text)), None)
        if annex is None:
            annex = _annex_caption(rows)
        if annex is None:
            annex = _first_annex_row(rows)
        legacy = read_legacy(text, offsets, rows, annex, year)
        # the annex's lines are no narrative (a table printed as lines of text)
        skip = [legacy.annex_rows] if legacy.annex_rows else []
        sections = narrative_sections(rows, headings, template, skip, title.row)
        cells.update(legacy.cells)
        body = LegacyBody(sections, legacy.on_request, legacy.review_litigation, legacy.annex)
    else:
        results: dict[str, TableResult] = {}
        boxed = box_separated(rows)
        parted = boxed or paragraph_boxes(rows)  # an empty line parts boxes: no blank cell
        for name, region in (
            ("proactive_disclosure", regions.proactive),
            ("applications", regions.applications),
            ("review_litigation", regions.review),
        ):
            if region is None:
                results[name] = TableResult(found=False)
                doubts.append(Doubt(f"/body/{name}", _missing(layout, None)))
                continue
            start, end = region
            skip.append(region)
            if name == "proactive_disclosure":
                results[name] = read_table2(rows[start:end], start, template, boxed=parted)
            elif name == "applications":
                results[name] = read_table3(rows[start:end], start, template, boxed=parted)
            else:
                results[name] = read_table4(rows[start:end], start, boxed=parted)
            if not results[name].cells:
                doubts.append(Doubt(f"/body/{name}", _missing(layout, region)))
        for result in results.values():
            cells.update(result.cells)
            doubts.extend(result.doubts)
        if parted:
            _doubt_boxed_figures(rows, (regions.proactive, regions.applications, regions.review), cells)
        doubts.extend(_uncaptured_rows(template, results, cells, doubts))
        sections = narrative_sections(rows, headings, template, skip, title.row)
        body = _gb_body(template, sections, results, cells)

    agency_name = title.agency
    first_heading = min((h.index for h in headings), default=40)
    metadata = find_metadata(rows, max(first_heading, title.row or 0))
    signer = _signer(rows)
    if agency_name is None:
        agency_name = signer or (metadata.publisher if metadata is not None else None)
    elif signer is not None:
        agency_name = _named_in_full(agency_name, signer)
    guess = guess_agency(agency_name)
    intro = "\n".join(r.text for r in rows[: (title.row or 0) + 12] if not r.grid)
    outro = "\n".join(r.text for r in rows[-8:] if not r.grid)
    contact = find_contact(intro) or None
    written = _date_under_title(rows, title.row) or _signature_date(rows)
    if written is not None and (metadata is None or metadata.written_date is None):
        metadata = attrs.evolve(metadata or PageMetadata(), written_date=written)
    del outro
    figures = stated_figures(sections, template)
    if template is Template.LEGACY:
        figures = _link_legacy(figures, cells, layout.text)
    report_kwargs: dict[str, Any] = {
        "template": template,
        "year": year,
        "title": title.text,
        "agency": Agency(
            guess.name,
            guess.level,
            guess.kind,
            Region(guess.region) if guess.region else None,
        ),
        "scope": guess_scope(guess.kind, guess.name, "\n".join(r.text for r in rows[:200])),
        "body": body,
        "metadata": metadata,
        "contact": contact,
        "stated_figures": tuple(figures),
    }
    report = AnnualReport(**report_kwargs)
    return _finish(report, cells, doubts, flags, findings, source_format, sha256, len(layout.text))


def _link_legacy(figures: list[StatedFigure], cells: dict[str, Placed], text: str) -> list[StatedFigure]:
    """A legacy report's statistics are read from its narrative: the stated figure each
    one was read from refers to it (the same number after the same words)."""
    out = list(figures)
    narrative = sorted(
        (
            p
            for p in cells.values()
            if p.placement is Placement.NARRATIVE and p.piece is not None and p.piece.start is not None
        ),
        key=lambda p: p.piece.start if p.piece is not None and p.piece.start is not None else 0,
    )
    next_figure = 0
    for placed in narrative:
        assert placed.piece is not None
        assert placed.piece.start is not None
        if isinstance(placed.value, bool) or not isinstance(placed.value, (int, decimal.Decimal)):
            continue
        lead = fold(text[max(0, placed.piece.start - 24) : placed.piece.start])
        before = re.sub(r"\s", "", re.split(r"[。；;！？!?\n]", lead)[-1])[-6:]
        for i in range(next_figure, len(out)):
            figure = out[i]
            if figure.refers_to is not None or figure.value != placed.value:
                continue
            sentence = re.sub(r"\s", "", fold(figure.sentence))
            if before + re.sub(r"\s", "", figure.printed) in sentence or (
                before and before + str(placed.value) in sentence
            ):
                out[i] = attrs.evolve(figure, refers_to=placed.pointer)
                next_figure = i + 1
                break
    return out


def _build_form(layout: Layout, source_format: SourceFormat, sha256: str) -> Built:
    """A workbook written by ``govdisclosure new --xlsx``, read by position: an empty
    figure cell is a blank cell, as on the printed form."""
    from govdisclosure.extraction._form import BLANK
    from govdisclosure.extraction._values import read_cell

    envelope = layout.envelope or {}
    positions = layout.positions or {}
    try:
        template = Template(envelope.get("template", ""))
        year = int(envelope.get("year", ""))
    except ValueError:
        return Built(None, [make_finding("extract.no_year")])
    cells: dict[str, Placed] = {}
    for pointer, (piece, kind) in positions.items():
        if not piece.text.strip():
            cells[pointer] = Placed(pointer, BLANK, piece, 0.99, Placement.POSITION)
            continue
        unit = MoneyUnit.WAN_YUAN if kind is CellKind.MONEY else None
        read = read_cell(piece.text, kind, money_unit=unit)
        cells[pointer] = Placed(pointer, read.value, piece, 0.99 if read.doubt is None else 0.6, Placement.POSITION,
                                [read.doubt] if read.doubt else [])  # fmt: skip
    results = {name: TableResult(found=True) for name in ("proactive_disclosure", "applications", "review_litigation")}
    body = _gb_body(template, (), results, cells)
    name = envelope.get("agency") or None
    guess = guess_agency(name)
    region = envelope.get("region") or guess.region
    scope = (
        Scope.AGGREGATE if "汇总" in envelope.get("scope", "") or envelope.get("scope") == "aggregate" else Scope.SELF
    )
    date = parse_date(envelope.get("publish_date", ""))
    metadata = None
    if envelope.get("publisher") or date:
        metadata = PageMetadata(publisher=envelope.get("publisher") or None, publish_date=date)
    report = AnnualReport(
        template=template,
        year=year,
        title=envelope.get("title") or None,
        agency=Agency(
            name, guess.level, guess.kind, Region(region, envelope.get("region_code") or None) if region else None
        ),
        scope=scope,
        body=body,
        metadata=metadata,
    )
    return _finish(report, cells, [], [], [], source_format, sha256, len(layout.text))


def _doubt_boxed_figures(
    rows: Sequence[Row], regions: Sequence[tuple[int, int] | None], cells: dict[str, Placed]
) -> None:
    """A page written as text boxes (pdfminer) puts a table's cells in the order of its
    boxes, often column by column and out of order across tables: a figure that stood on a
    line of its own in a table there is doubted, unless its reader confirmed its column."""
    lone = {
        r.pieces[0].start
        for region in regions
        if region is not None
        for r in rows[region[0] : region[1]]
        if not r.grid and len(r.pieces) == 1 and r.pieces[0].start is not None and is_value_token(r.text.strip())
    }
    for placed in cells.values():
        # not a figure whose column its reader confirmed (Table 3's total, by its sums)
        if placed.piece is not None and placed.piece.start in lone and placed.piece.unordered is not False:
            placed.doubts.append("extract.boxes_unordered")


def _missing(layout: Layout, region: tuple[int, int] | None) -> str:
    """Why a table's cells are all missing: a picture where the table is (or, when no
    table was found at all, anywhere in a source with no table of text), or nothing."""
    if region is not None:
        pictured = any(region[0] < at <= region[1] for at in layout.images)  # after its heading, before the next
    else:
        pictured = bool(layout.images) and not any(row.grid for row in layout.rows)
    return "extract.table_is_image" if pictured else "extract.table_not_found"


def _annex_caption(rows: Sequence[Any]) -> int | None:
    """The line that captions a statistical annex (附件：政府信息公开情况统计表), when a
    table follows it (a grid, or lines under a row of the annex's headings)."""
    from govdisclosure.extraction._legacy import across_heads, annex_headings

    for index, row in enumerate(rows):
        text = row.text.strip()
        if row.grid or not text or len(text) > 40:
            continue
        if re.search(r"^(?:附表|附件)|统计(?:报)?表", text) and any(
            r.grid or annex_headings(r) is not None or across_heads(r) for r in rows[index + 1 : index + 4]
        ):
            return index
    return None


def _first_annex_row(rows: Sequence[Any]) -> int | None:
    """Where a statistical annex printed without a heading starts: its first row of the
    national form's rows with figures (a table, or a line of label, unit and figure)."""
    from govdisclosure.extraction._legacy import across_heads, is_annex_row
    from govdisclosure.extraction._tables import split

    for index, row in enumerate(rows):
        observed = split(row)
        if row.grid:
            labels = [p.text for p in row.pieces if p.text.strip()]
            if any(is_annex_row(text) for text in labels) and any(re.fullmatch(r"\d+", t.strip()) for t in labels):
                return index
            # printed across: headings naming two rows of the form over a row of figures
            below = rows[index + 1] if index + 1 < len(rows) else None
            if (
                sum(is_annex_row(text) for text in labels) >= 2
                and not any(re.search(r"\d", t) for t in labels)
                and below is not None
                and below.grid
                and below.table == row.table
                and any(re.fullmatch(r"\d+", p.text.strip()) for p in below.pieces)
            ):
                return index
        elif observed.values and observed.label and len(observed.label) < 40 and is_annex_row(observed.label):
            return index
        elif across_heads(row) and index + 1 < len(rows) and not rows[index + 1].grid:
            # printed across as lines: the form's rows as words over a line of as many figures
            below = split(rows[index + 1])
            if len(below.values) == len([p for p in row.pieces if p.text.strip()]) and not below.label.strip():
                return index
    return None


def _uncaptured_rows(
    template: Template, results: dict[str, TableResult], cells: dict[str, Placed], doubts: list[Doubt]
) -> list[Doubt]:
    """A doubt for every row of a table found in the source that has cells not captured
    and no other doubt that says why."""
    from govdisclosure.extraction._template import table2, table3, table4

    said = {d.pointer for d in doubts}
    rows: list[tuple[str, str, list[str]]] = []
    for block in table2(template):
        for block_row in block.rows:
            rows.append(("proactive_disclosure", block_row.pointer, [c.name for c in block_row.columns]))
    spec = table3(template)
    names = [c.name for c in spec.columns]
    single = results["applications"].single_other
    for row_spec in spec.rows:
        if single and row_spec.optional:
            continue
        rows.append(("applications", row_spec.pointer, names))
    # the subtotal rows the source prints (（六）其他处理 as one row, 小计): read in part when cut off
    rows.extend(("applications", pointer, names) for pointer in dict.fromkeys(results["applications"].subtotals))
    groups, outcomes = table4()
    for group in groups:
        rows.append(("review_litigation", f"/body/review_litigation/{group.name}", [o.name for o in outcomes]))
    out = []
    for table, pointer, columns in rows:
        if not results[table].found or not results[table].cells or pointer in said:
            continue
        missing = [f"{pointer}/{c}" for c in columns if f"{pointer}/{c}" not in cells]
        if len(missing) == len(columns):
            out.append(Doubt(pointer, "extract.not_captured"))
        else:
            # a row read in part (the source ends in it): the flag names only the cells it lacks
            out.extend(Doubt(cell, "extract.not_captured") for cell in missing)
    optional = {row_spec.pointer for row_spec in spec.rows if row_spec.optional}
    unread = {d.pointer for d in out} | {
        pointer for pointer in said if not any(cell.startswith(pointer + "/") for cell in cells)
    }
    if optional and not single and results["applications"].found and optional <= unread:
        # none of （六）其他处理's rows read (not captured, or a row that says why: a label
        # lost): printed as one row or as three, the group is not captured (its one row's
        # cells, subtotal, are under it too)
        other = min(optional).rsplit("/", 1)[0]
        out = [d for d in out if d.pointer not in optional] + [Doubt(other, "extract.not_captured")]
    return out


def _date_under_title(rows: Sequence[Any], title_row: int | None) -> Any:
    if title_row is None:
        return None
    for row in rows[title_row + 1 : title_row + 4]:
        text = fold(row.text).strip()
        if re.fullmatch(r"[（(]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?", text):
            return parse_date(text)
    return None


#: The date a report is signed with, a line of its own (2026年1月23日).
_SIGNATURE_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
#: A body's name as it signs a report (淮安市洪泽区人民政府办公室), one line of its own.
_SIGNER = re.compile(r"[\u4e00-\u9fff（）()]{2,40}")


def _signer(rows: Sequence[Any]) -> str | None:
    """Who signs the report: the line above the date it ends with (沭阳县人民政府 /
    2026年1月23日), when that line is a body's name."""
    tail = [fold(row.text).strip() for row in list(rows[-6:]) if not row.grid and row.text.strip()]
    for index in range(len(tail) - 1, 0, -1):
        if _SIGNATURE_DATE.fullmatch(tail[index]):
            name = re.sub(r"\s+", "", tail[index - 1])
            if _SIGNER.fullmatch(name) and guess_agency(name).kind is not None:
                return name
            return None
    return None


def _named_in_full(named: str, signer: str) -> str:
    """A title naming only a place (洪泽区2023年…) is the report of the body that signs it,
    the title's place kept (江苏省淮安市洪泽区 + 人民政府)."""
    if guess_agency(named).region != named:
        return named
    place = guess_agency(signer).region
    if place and named.endswith(place):
        return named + signer[len(place) :]
    if place and place.endswith(named):
        return signer
    return named


def _signature_date(rows: Sequence[Any]) -> Any:
    for row in list(rows[-4:])[::-1]:
        text = fold(row.text).strip()
        if _SIGNATURE_DATE.fullmatch(text):
            return parse_date(text)
    return None


# --------------------------------------------------------------------------- gb bodies


def _gb_body(
    template: Template, sections: tuple[Section, ...], results: dict[str, TableResult], cells: dict[str, Placed]
) -> Gb2021Body | Gb2019Body:
    body_type = Gb2021Body if template is Template.GB2021 else Gb2019Body
    kwargs: dict[str, Any] = {"sections": sections}
    for field in _introspect.fields(body_type):
        if field.name == "sections":
            continue
        result = results[field.name]
        kwargs[field.name] = _build(field.type, f"/body/{field.name}", cells, result)
    return body_type(**kwargs)


def _build(tp: Any, pointer: str, cells: dict[str, Placed], result: TableResult) -> Any:
    """The model value at ``pointer``: placed cells, everything else not captured."""
    inner, optional = _introspect.strip_optional(tp)
    if _introspect.cell_kind(inner) is not None or _introspect.cell_kind(tp) is not None:
        placed = cells.get(pointer)
        if placed is not None:
            return placed.value
        return None if optional else NOT_CAPTURED
    if _introspect.is_model_class(inner):
        if inner is OtherProcessing:
            return _other_processing(pointer, cells, result)
        # an optional row (a subtotal, the 法人或其他组织 subtotal column) exists only when printed
        if optional and not any(p == pointer or p.startswith(pointer + "/") for p in cells):
            return None
        kwargs: dict[str, Any] = {}
        for field in _introspect.fields(inner):
            name = field.name
            child = f"{pointer}/{name}"
            if name == "heading":
                kwargs[name] = result.heading
            elif name == "notes":
                kwargs[name] = tuple(result.notes)
            elif name == "extra_rows":
                kwargs[name] = _extra_rows(field.type, pointer, result, cells)
            elif inner is ApplicantRow and name == "organisations_subtotal":
                placed = cells.get(child)
                kwargs[name] = placed.value if placed is not None else None
            else:
                kwargs[name] = _build(field.type, child, cells, result)
        return inner(**kwargs)
    raise TypeError(f"no extraction for {tp!r} at {pointer}")


def _other_processing(pointer: str, cells: dict[str, Placed], result: TableResult) -> OtherProcessing:
    def row(name: str, *, required: bool) -> ApplicantRow | None:
        p = f"{pointer}/{name}"
        if not required and not any(c.startswith(p + "/") for c in cells):
            return None
        return typing.cast(ApplicantRow, _build(ApplicantRow, p, cells, result))

    subtotal = row("subtotal", required=False)
    if result.single_other and not any(
        c.startswith(f"{pointer}/{leaf}/")
        for leaf in ("no_correction_overdue", "fee_not_paid_overdue", "other")
        for c in cells
    ):
        return OtherProcessing(subtotal=subtotal)
    return OtherProcessing(
        row("no_correction_overdue", required=True),
        row("fee_not_paid_overdue", required=True),
        row("other", required=True),
        subtotal,
    )


def _extra_rows(tp: Any, pointer: str, result: TableResult, cells: dict[str, Placed]) -> tuple[Any, ...]:
    item = typing.get_args(tp)[0]
    out: list[Any] = []
    for i, (label, after, row_cells) in enumerate(result.extra_rows):
        base = f"{pointer}/extra_rows/{i}/cells"
        for name, placed in row_cells.items():
            placed.pointer = f"{base}/{name}"
            cells[placed.pointer] = placed
        if item is Table3ExtraRow:
            values = {name: placed.value for name, placed in row_cells.items()}
            out.append(Table3ExtraRow(label, ApplicantRow(**values), after))  # type: ignore[arg-type]
        else:
            out.append(Table2ExtraRow(after or "art20_1", label, {n: p.value for n, p in row_cells.items()}))  # type: ignore[misc]
    return tuple(out)


# --------------------------------------------------------------------------- traces, flags, audit


def _flag(pointer: str, code: str, **params: Any) -> ExtractionFlag:
    finding = make_finding(code, pointer, **params)
    return ExtractionFlag(pointer, code, finding.message_zh, finding.message_en)


def _finish(
    report: AnnualReport,
    cells: dict[str, Placed],
    doubts: list[Doubt],
    flags: list[ExtractionFlag],
    findings: list[Finding],
    source_format: SourceFormat,
    sha256: str,
    text_length: int,
) -> Built:
    from govdisclosure._audit import audit
    from govdisclosure.rules import iter_rules

    audit_findings = audit(report)
    failing: dict[str, list[str]] = {}
    reads = {(rule.code, instance.instance): instance.pointers for rule, instance in iter_rules(report.template)}
    confirmed: set[str] = set()
    for finding in audit_findings:
        if finding.outcome is Outcome.PASS and finding.severity is Severity.ERROR and finding.code not in _WITHIN_ROW:
            # what a passing rule read (a pointer of a row stands for its cells)
            for pointer in reads.get((finding.code, finding.instance or ""), ()):
                confirmed.add(pointer)
                confirmed.add(pointer.rsplit("/", 1)[0])
        if finding.outcome is not Outcome.FAIL:
            continue
        if finding.severity is Severity.ERROR or finding.code == "SF-2":
            for ref in finding.cells:
                if ref.pointer in cells:
                    failing.setdefault(ref.pointer, []).append(finding.code)
    traces: list[CellTrace] = []
    for pointer in sorted(cells):
        placed = cells[pointer]
        confidence = placed.confidence
        codes = list(dict.fromkeys(placed.doubts))
        if codes == ["extract.split_number"] and _row_adds_up(pointer, cells):
            # 2 / 6 in a narrow cell read as 26, and the row's columns add up to its total so
            codes = []
            confidence = max(confidence, _CONFIRMED_SPLIT)
        for rule in failing.get(pointer, []):
            confidence = min(confidence, 0.5)
            code = "extract.narrative_disagrees" if rule == "SF-2" else "extract.identity_fails"
            flags.append(_flag(pointer, code, rule=rule))
        for code in codes:
            if code == "extract.extra_row":
                continue
            flags.append(_flag(pointer, code))
        if (
            placed.placement is Placement.ORDER
            and pointer not in confirmed
            and pointer.rsplit("/", 1)[0] not in confirmed
            and pointer not in failing
        ):
            # placed by the template's row order: only an identity across rows confirms it
            confidence = min(confidence, 0.6)
            codes.append("extract.order_unverified")
            row = pointer.rsplit("/", 1)[0]
            flags.append(_flag(row, "extract.order_unverified"))
            group = row.rsplit("/", 1)[0]
            if group.endswith("/results/other") and all(
                c.placement is Placement.ORDER for p, c in cells.items() if p.startswith(group + "/")
            ):
                # （六）其他处理 is printed as one row or as three: none of its rows placed by
                # its label, which of the two it was is not verified either
                flags.append(_flag(group, "extract.order_unverified"))
        if confidence < FLAG_BELOW and not codes and pointer not in failing:
            flags.append(_flag(pointer, "extract.low_confidence", confidence=f"{confidence:.2f}"))
        traces.append(_trace(placed, confidence))
    extra_rows = {p.rsplit("/cells/", 1)[0] for p, c in cells.items() if "extract.extra_row" in c.doubts}
    for row in sorted(extra_rows):
        flags.append(_flag(row, "extract.extra_row"))
    for doubt in doubts:
        flags.append(_flag(doubt.pointer, doubt.code, **{"count": "", "width": "", **doubt.params}))
    extraction = Extraction(
        method="govdisclosure.extract",
        version=__version__,
        format=source_format,
        sha256=sha256,
        text_length=text_length,
        cells=tuple(traces),
        flags=tuple(_unique(flags)),
    )
    report = attrs.evolve(report, extraction=extraction)
    traces_by_pointer = {t.pointer: t for t in traces}
    from govdisclosure.validation import _model_findings

    model_findings = _model_findings(report)
    flag_findings = [
        Finding(
            code=f.code,
            severity=CODES[f.code].severity,
            pointer=f.pointer,
            message_zh=f.message_zh,
            message_en=f.message_en,
            location=locate(f.pointer, report.template),
        )
        for f in extraction.flags
    ]
    located = [_with_cell_name(f, traces_by_pointer) for f in [*flag_findings, *model_findings, *audit(report)]]
    return Built(report, [*findings, *located])


def _row_adds_up(pointer: str, cells: dict[str, Placed]) -> bool:
    """Whether the row of a cell of Table 3 adds up: its 总计 the sum of its applicant
    columns, a blank cell counting nothing (T3-1 itself leaves a row with blanks unassessed)."""
    row = pointer.rsplit("/", 1)[0]
    if not row.startswith("/body/applications/"):
        return False
    members = {p.rsplit("/", 1)[1]: c.value for p, c in cells.items() if p.rsplit("/", 1)[0] == row}
    members.pop("organisations_subtotal", None)
    numbers: dict[str, int] = {}
    for name, value in members.items():
        if isinstance(value, Cell) and value.status is CellStatus.BLANK:
            numbers[name] = 0
        elif isinstance(value, int) and not isinstance(value, bool):
            numbers[name] = value
        else:
            return False
    total = numbers.pop("total", None)
    return total is not None and len(numbers) >= 6 and total == sum(numbers.values())


def _with_cell_name(finding: Finding, traces: dict[str, CellTrace]) -> Finding:
    """A finding about a cell read from a spreadsheet names the cell as 表三!D5 too."""
    trace = traces.get(finding.pointer)
    if trace is None or trace.sheet is None or trace.row is None or trace.column is None:
        return finding
    from govdisclosure.extraction._form import cell_name

    name = f"{trace.sheet}!{cell_name(trace.row, trace.column)}"
    return attrs.evolve(finding, location=f"{name} · {finding.location}" if finding.location else name)


def _unique(flags: list[ExtractionFlag]) -> list[ExtractionFlag]:
    seen: set[tuple[str, str]] = set()
    out = []
    for flag in flags:
        if (flag.pointer, flag.code) not in seen:
            seen.add((flag.pointer, flag.code))
            out.append(flag)
    return out


def _trace(placed: Placed, confidence: float) -> CellTrace:
    piece = placed.piece
    span = None
    if piece is not None and piece.start is not None and piece.end is not None:
        span = (piece.start, piece.end)
    return CellTrace(
        pointer=placed.pointer,
        confidence=round(confidence, 2),
        placement=placed.placement,
        text=None if piece is None else piece.text,
        span=span,
        page=None if piece is None else piece.page,
        bbox=None if piece is None or piece.bbox is None else tuple(round(x, 2) for x in piece.bbox),
        table=None if piece is None else piece.table,
        sheet=None if piece is None else piece.sheet,
        row=None if piece is None else piece.row,
        column=None if piece is None else piece.column,
    )


def label_of(text: str) -> str:
    return tidy(label_key(text))
