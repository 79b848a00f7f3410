"""pandas views, collections with progress, and charts."""

from __future__ import annotations

import io
import json
import pathlib
import shutil
import warnings

import pandas as pd
import pytest

import govdisclosure as gd
from govdisclosure.collection import Progress, Reports, load_all
from govdisclosure.coordinates import resolve
from govdisclosure.frames import facts_frame, table_frame
from govdisclosure.model import number

from .conftest import EXAMPLES

VALID = EXAMPLES / "valid"


# --------------------------------------------------------------------------- pandas


def test_table3_frame_is_the_official_wide_layout() -> None:
    report = gd.load(VALID / "shuyang-county-government-2025.json")
    frame = table_frame(report, "表三")
    assert frame.shape == (25, 7)
    assert list(frame.columns) == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert frame.index.names == ["row_key", "行标题"]
    for (row_key, column_key), pointer in frame.attrs["pointers"].items():
        label = dict(zip(frame.index.get_level_values(0), frame.index, strict=True))[row_key]
        column = {"natural_person": "自然人", "total": "总计"}.get(column_key)
        if column is not None:
            assert frame.loc[label, column] == number(resolve(report, pointer))
    assert frame.loc[("results.total", "（七）总计"), "总计"] == 718


def test_blank_cells_are_missing_numbers_and_printed_text_is_kept() -> None:
    report = gd.load(VALID / "shanghai-government-office-2019.json")
    numbers = table_frame(report, "applications")
    printed = table_frame(report, "applications", printed=True)
    assert numbers.shape == (23, 7)
    assert str(numbers.dtypes.iloc[0]) == "Int64"
    row = ("results.granted", "（一）予以公开")
    assert pd.isna(numbers.loc[row, "总计"])  # blank, not 0
    assert printed.loc[row, "总计"] == ""
    assert numbers.loc[row, "自然人"] == 258
    table2 = table_frame(report, "表二", printed=True)
    assert (
        table2.loc[("art20_9.centralized_procurement", "第二十条第（九）项 · 政府集中采购"), "采购总金额"] == "251000元"
    )


def test_legacy_tables_and_wrong_tables() -> None:
    report = gd.load(VALID / "chenzhou-2015.json")
    frame = table_frame(report, "on_request")
    assert frame.loc[("received", "收到申请数"), "数值"] == 921
    assert frame.loc[("received_by_channel.online", "申请方式 · 网络申请"), "数值"] == 79
    with pytest.raises(ValueError, match="no table"):
        table_frame(report, "表三")
    with pytest.raises(ValueError, match="unknown table"):
        table_frame(report, "表九")


def test_facts_frame_keeps_status_and_nullable_numbers() -> None:
    reports = [gd.load(p) for p in sorted(VALID.glob("*.json"))]
    frame = facts_frame(reports)
    assert str(frame["value"].dtype) == "Int64"
    blank = frame[(frame["status"] == "blank")]
    assert len(blank) > 0
    assert blank["value"].isna().all()
    zeros = frame[(frame["status"] == "number") & (frame["value"] == 0)]
    assert len(zeros) > 0


# --------------------------------------------------------------------------- collections


def test_load_all_reads_a_folder_and_shows_a_summary() -> None:
    reports = load_all(VALID, progress=False)
    assert len(reports) == len(list(VALID.glob("*.json")))
    assert all(s is not None and s.endswith(".json") for s in reports.sources)
    text = repr(reports)
    assert text.startswith(f"<Reports {len(reports)}:")
    assert "legacy 1" in text
    assert "<table" in reports._repr_html_()
    assert len(reports.failures()) >= 1  # the seed's 93.28%
    assert isinstance(reports[1:3], Reports)
    assert len(reports.filter(lambda r: r.year >= 2021)) == sum(1 for r in reports if r.template.value == "gb2021")
    assert reports.to_pandas("indicators").shape[0] == len(reports)
    with pytest.raises(ValueError, match="table must be"):
        reports.to_pandas("nothing")  # type: ignore[arg-type]


def test_load_all_names_the_bad_file_or_skips_it(tmp_path: pathlib.Path) -> None:
    shutil.copy(VALID / "chenzhou-2015.json", tmp_path / "a.json")
    shutil.copy(EXAMPLES / "invalid" / "json.syntax--truncated.json", tmp_path / "b.json")
    with pytest.raises(gd.InvalidReportError, match=r"b\.json"):
        load_all(tmp_path, progress=False)
    reports = load_all(tmp_path, errors="skip", progress=False)
    assert len(reports) == 1
    assert len(reports.rejected) == 1
    assert reports.rejected[0].source is not None
    assert reports.rejected[0].source.endswith("b.json")


def test_jsonl_lines_are_named_in_sources(tmp_path: pathlib.Path) -> None:
    line = json.dumps(json.loads((VALID / "chenzhou-2015.json").read_text("utf-8")), ensure_ascii=False)
    (tmp_path / "many.jsonl").write_text(f"{line}\n{line}\n", "utf-8")
    reports = load_all(tmp_path / "many.jsonl", progress=False)
    assert [s.rsplit(":", 1)[1] for s in reports.sources if s] == ["1", "2"]


def test_progress_counts_on_its_stream() -> None:
    stream = io.StringIO()
    bar = Progress("loading reports", stream=stream, every=0)
    for i in range(1, 4):
        bar.update(i, rejected=1 if i == 3 else 0)
    bar.close()
    out = stream.getvalue()
    assert out.count("\r") == 4
    assert out.endswith("loading reports: 3, 1 rejected\n") or "loading reports: 3, 1 rejected" in out


# --------------------------------------------------------------------------- charts


def test_outcomes_chart_draws_the_groups_with_chinese_labels() -> None:
    from matplotlib import font_manager

    from govdisclosure.plot import cjk_font_path, outcomes, outcomes_chart

    report = gd.load(VALID / "shuyang-county-government-2025.json")
    data = outcomes(report)
    # the groups add up to （七）总计
    assert sum(v for _, v in data if v is not None) == 718
    ax = outcomes_chart(report)
    heights = [bar.get_width() for bar in ax.patches]
    assert heights == [float(v) for _, v in data if v is not None]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [label for label, _ in data]
    font = font_manager.findfont(ax.get_yticklabels()[0].get_fontproperties(), fallback_to_default=False)
    # the bundled Noto Sans CJK SC (or the same family installed on the system)
    bundled = font_manager.FontProperties(fname=str(cjk_font_path())).get_name()
    assert font_manager.get_font(font).family_name == bundled == "Noto Sans CJK SC"
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns: no tofu boxes
        ax.figure.savefig(buffer, format="png")
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_group_that_cannot_be_counted_is_not_drawn_as_zero() -> None:
    from govdisclosure.plot import outcomes, outcomes_chart

    report = gd.load(VALID / "shanghai-government-office-2019.json")
    data = dict(outcomes(report))
    # 总计 is blank, and so are some applicant columns: no group can be counted
    assert set(data.values()) == {None}
    ax = outcomes_chart(report)
    assert [t.get_text() for t in ax.texts] == ["无法计算"] * len(data)
    assert all(bar.get_width() == 0 for bar in ax.patches)
    # read as zero only when asked, and the chart says so
    as_zero = dict(outcomes(report, blank_as_zero=True))
    assert as_zero["（一）予以公开"] == 258 + 12 + 1 + 1
    ax = outcomes_chart(report, blank_as_zero=True)
    assert "空白按0计" in ax.get_title()


def test_ratio_chart_by_year_and_by_agency() -> None:
    from govdisclosure.plot import ratio_chart

    reports = load_all(VALID, progress=False)
    ax = ratio_chart(reports, "completion_rate", by="year")
    assert ax.get_title() == "办结率（%）"
    agencies = {r.agency.name for r in reports}
    assert {t.get_text() for t in ax.get_legend().get_texts()} == agencies
    ax = ratio_chart(reports, "substantive_disclosure_rate", by="agency")
    assert len(ax.patches) == len(reports)
    assert any("无法计算" in t.get_text() for t in ax.texts)  # Shanghai 2019: blank totals
    with pytest.raises(ValueError, match="unknown ratio"):
        ratio_chart(reports, "nothing")
