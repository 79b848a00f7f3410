"""Derived ratios: declared definitions, exact values, zero and blank rules, the table."""

from __future__ import annotations

import decimal

import attrs
import pyarrow as pa
import pytest

import govdisclosure as gd
from govdisclosure import RATIOS, RatioStatus, ratio_catalogue, ratios_table, year_over_year

from .conftest import EXAMPLES

D = decimal.Decimal
VALID = sorted((EXAMPLES / "valid").glob("*.json"))


def values(report: gd.AnnualReport, **options: bool) -> dict[str, gd.RatioValue]:
    return {v.id: v for v in gd.ratios(report, **options)}


def test_every_definition_states_its_parts() -> None:
    ids = [d.id for d in RATIOS]
    assert len(ids) == len(set(ids))
    required = {
        "substantive_disclosure_rate",
        "full_disclosure_rate",
        "partial_disclosure_rate",
        "refusal_rate",
        "unable_to_provide_rate",
        "not_processed_rate",
        "completion_rate",
        "carry_forward_rate",
        "natural_person_share",
        "organisation_share",
        "review_correction_rate",
        "litigation_correction_rate",
        "disputes_per_100_applications",
        "on_time_completion_rate",
        "channel_share_in_person",
        "reply_share_granted",
    }
    assert required <= set(ids)
    for definition in RATIOS:
        assert all((definition.name_zh, definition.name_en, definition.description, definition.zero_rule))
        assert definition.formulas
        for formula in definition.formulas.values():
            assert formula.numerator
            assert formula.denominator
        if not definition.comparable_across_eras:
            assert definition.comparability
        if definition.variant_of is not None:
            assert definition.variant_of in ids
    published = ratio_catalogue()
    assert [r["id"] for r in published["ratios"]] == ids


def test_gb2021_ratios_are_exact() -> None:
    ratios = values(gd.load(EXAMPLES / "valid" / "shanghai-government-office-2025.json"))
    # 208 of 1191 handled were disclosed in full or in part: the report's own 17.46%.
    assert ratios["substantive_disclosure_rate"].value == D("17.464316")
    assert (ratios["substantive_disclosure_rate"].numerator, ratios["substantive_disclosure_rate"].denominator) == (
        208,
        1191,
    )
    assert ratios["substantive_disclosure_rate_received"].denominator == 1295 + 189
    assert ratios["unable_to_provide_rate"].numerator == 564
    assert ratios["other_processing_rate"].numerator == 319
    assert ratios["completion_rate"].value == D("80.256065")  # 1191 / 1484
    assert ratios["natural_person_share"].numerator == 1259
    assert ratios["organisation_share"].numerator == 36
    # Review: 40 upheld, 0 corrected, 10 other (5 pending); litigation 8 + 13 concluded.
    assert ratios["review_correction_rate"].value == 0
    assert ratios["review_correction_rate"].denominator == 50
    assert ratios["review_correction_rate_all"].denominator == 55
    assert ratios["litigation_correction_rate"].denominator == 2 + 0 + 4 + 6 + 0 + 9
    assert ratios["disputes_per_100_applications"].value == D("6.872587")  # (55 + 12 + 22) / 1295 * 100
    assert ratios["channel_share_in_person"].status is RatioStatus.NOT_APPLICABLE


def test_legacy_ratios_use_the_legacy_statistics() -> None:
    ratios = values(gd.load(EXAMPLES / "valid" / "chenzhou-2015.json"))
    assert ratios["channel_share_online"].value == D("8.577633")  # 79 / 921
    assert ratios["reply_share_already_public"].value == D("34.662237")  # 313 / 903
    assert ratios["full_disclosure_rate"].numerator == 395
    assert ratios["carry_forward_rate"].value == D("1.954397")  # 18 / 921
    assert ratios["on_time_completion_rate"].status is RatioStatus.NOT_REPORTED
    assert ratios["review_correction_rate"].status is RatioStatus.NOT_REPORTED
    assert ratios["natural_person_share"].status is RatioStatus.NOT_APPLICABLE


def test_a_zero_denominator_is_undefined_never_zero() -> None:
    ratios = values(gd.load(EXAMPLES / "valid" / "shuyang-development-reform-bureau-2023.json"))
    # One review, still pending: no concluded review to correct.
    undefined = ratios["review_correction_rate"]
    assert undefined.status is RatioStatus.UNDEFINED
    assert undefined.value is None
    assert undefined.denominator == 0
    assert ratios["review_correction_rate_all"].value == 0


def test_blank_cells_make_ratios_not_assessable_unless_asked() -> None:
    report = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json")
    plain = values(report)
    assert plain["substantive_disclosure_rate"].status is RatioStatus.NOT_ASSESSABLE
    assert "blank" in (plain["substantive_disclosure_rate"].reason or "")
    # The printed totals of （七）总计, 一 and 二 are numbers: no blank is needed for these.
    assert plain["completion_rate"].status is RatioStatus.OK
    assert plain["completion_rate"].value == D("91.790194")  # 805 / (859 + 18)
    as_zero = values(report, blank_as_zero=True)
    # （一）予以公开 prints no 总计; its columns 258 + 12 + blank + blank + 1 + 1 stand for it.
    substantive = as_zero["substantive_disclosure_rate"]
    assert substantive.status is RatioStatus.OK_BLANK_AS_ZERO
    assert (substantive.numerator, substantive.denominator) == (272 + 3, 805)
    assert as_zero["natural_person_share"].numerator == 821


def test_the_table_reads_in_duckdb_and_polars() -> None:
    reports = [gd.load(p) for p in VALID]
    table = ratios_table(reports)
    assert table.num_rows == len(VALID)
    assert table.schema.field("substantive_disclosure_rate").metadata[b"label_zh"] == "实质公开率".encode()
    assert table.schema.field("substantive_disclosure_rate_status").type == pa.dictionary(pa.int8(), pa.string())
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("ratios", table)
    rows = connection.sql(
        "select agency, year, round(substantive_disclosure_rate, 2) from ratios where template = 'gb2021' order by year, agency"
    ).fetchall()
    assert ("上海市人民政府办公厅", 2025, 17.46) in rows
    polars = pytest.importorskip("polars")
    frame = polars.from_arrow(table)
    assert frame.filter(polars.col("template") == "legacy")["channel_share_fax"].to_list() == [pytest.approx(12.812161)]


def test_year_over_year_change() -> None:
    this_year = gd.load(EXAMPLES / "valid" / "shanghai-government-office-2025.json")
    last_year = attrs.evolve(
        gd.load(EXAMPLES / "valid" / "shanghai-science-commission-2024.json"), agency=this_year.agency
    )
    table = year_over_year([this_year, last_year]).to_pylist()
    received = next(r for r in table if r["measure"] == "applications_received")
    assert (received["year"], received["value"], received["previous"], received["change"]) == (2025, 1295, 34, 1261)
    rate = next(r for r in table if r["measure"] == "substantive_disclosure_rate")
    assert rate["change"] == pytest.approx(17.464316 - 25.714286)
    assert rate["comparable"] is True


def test_a_cell_read_by_both_sums_is_named_once_in_the_reason() -> None:
    import json

    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text(encoding="utf-8"))
    data["body"]["review_litigation"]["administrative_review"]["corrected"] = {"status": "text", "text": "见附件"}
    rate = {v.id: v for v in gd.ratios(gd.structure(data))}[
        "review_correction_rate"
    ]  # corrected / (upheld + corrected)
    assert rate.status is gd.RatioStatus.NOT_ASSESSABLE
    assert rate.reason == "表四 · 行政复议 · 结果纠正 is text"


def test_the_table_says_why_a_ratio_has_no_value() -> None:
    import json

    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text(encoding="utf-8"))
    data["body"]["review_litigation"]["administrative_review"]["corrected"] = {"status": "text", "text": "见附件"}
    reports = [gd.load(EXAMPLES / "valid" / "chenzhou-2015.json"), gd.structure(data)]
    table = ratios_table(reports).to_pylist()
    legacy, altered = table
    assert legacy["substantive_disclosure_rate_status"] == "ok"
    assert legacy["substantive_disclosure_rate"] == pytest.approx(56.146179)
    for row, report in zip(table, reports, strict=True):
        assert {v.id: v.status.value for v in gd.ratios(report)} == {d.id: row[f"{d.id}_status"] for d in RATIOS}
    assert (altered["review_correction_rate"], altered["review_correction_rate_status"]) == (None, "not_assessable")
    statuses = {row[f"{d.id}_status"] for row in table for d in RATIOS}
    assert statuses <= {s.value for s in RatioStatus}
