"""Charts (the ``plot`` extra: matplotlib, and mplfonts for its bundled Noto Sans CJK SC).

- :func:`outcomes_chart`: how one report's applications were handled, group by
  group of Table 3 (or the replies of a legacy report), with the official labels.
- :func:`ratio_chart`: one derived ratio across years (a line per agency) or
  across agencies (a bar per report).

The counts come from the numerators of the ratio definitions in
:mod:`govdisclosure._ratios`, so a chart and the ratios table always agree. A
group that cannot be counted (a blank, "/" or text cell) is drawn as a gap
marked 无法计算, never as 0. Chinese labels are set in Noto Sans CJK SC, which
the extra installs, so they never fall back to empty boxes.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import importlib.resources
import pathlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from govdisclosure._decimal import own_context
from govdisclosure._ratios import RATIOS, RatioDefinition, RatioStatus, ratios
from govdisclosure._terms import sum_terms
from govdisclosure.model import AnnualReport, Template
from govdisclosure.model.legacy import ReplyKey

__all__ = ["OUTCOME_GROUPS", "cjk_font_path", "outcomes_chart", "ratio_chart"]

#: The groups of an outcomes chart: (ratio whose numerator counts the group, label).
OUTCOME_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "gb": (
        ("full_disclosure_rate", "（一）予以公开"),
        ("partial_disclosure_rate", "（二）部分公开"),
        ("refusal_rate", "（三）不予公开"),
        ("unable_to_provide_rate", "（四）无法提供"),
        ("not_processed_rate", "（五）不予处理"),
        ("other_processing_rate", "（六）其他处理"),
    ),
    "legacy": tuple((f"reply_share_{reply.value}", reply.label_zh) for reply in ReplyKey),
}

_FONT_FILE = "NotoSansCJKsc-Regular.otf"
_COLOURS = ("#2e7d32", "#7cb342", "#c62828", "#ef6c00", "#6d4c41", "#78909c", "#5e35b1", "#00838f")


def _matplotlib() -> Any:
    try:
        import matplotlib
        import matplotlib.pyplot  # the backend is matplotlib's choice: inline in Jupyter, Agg headless

        # Activate the backend now, outside the font context below: were it activated inside,
        # leaving the context would undo what activating it set (Jupyter's interactive mode,
        # without which later charts would not show).
        pyplot = matplotlib.pyplot
        if hasattr(pyplot, "_get_backend_mod"):
            pyplot._get_backend_mod()
        else:  # pragma: no cover - older or newer matplotlib
            pyplot.close(pyplot.figure())
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("charts need the plot extra: pip install 'govdisclosure[plot]'") from exc
    return matplotlib


@functools.cache
def cjk_font_path() -> pathlib.Path:
    """The CJK font charts use: Noto Sans CJK SC as bundled by mplfonts."""
    try:
        fonts = importlib.resources.files("mplfonts") / "fonts" / _FONT_FILE
    except ModuleNotFoundError as exc:
        raise ImportError("charts need the plot extra: pip install 'govdisclosure[plot]'") from exc
    path = pathlib.Path(str(fonts))
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the CJK font mplfonts should bundle is missing; reinstall mplfonts")
    return path


@functools.cache
def _font_family() -> str:
    matplotlib = _matplotlib()
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name: str = font_manager.FontProperties(fname=str(path)).get_name()
    del matplotlib
    return name


@contextlib.contextmanager
def _cjk() -> Iterator[Any]:
    matplotlib = _matplotlib()
    family = _font_family()
    # Named families, not the generic "sans-serif": artists keep these names, so the
    # font is found again when the figure is drawn later, outside this context.
    with matplotlib.rc_context({"font.family": [family, "DejaVu Sans"], "axes.unicode_minus": False}):
        import matplotlib.pyplot as plt

        yield plt


def _definition(ratio_id: str) -> RatioDefinition:
    for definition in RATIOS:
        if definition.id == ratio_id:
            return definition
    raise ValueError(f"unknown ratio {ratio_id!r}; see govdisclosure.RATIOS")


@own_context
def _count(report: AnnualReport, ratio_id: str, blank_as_zero: bool) -> decimal.Decimal | None:
    formula = _definition(ratio_id).formulas.get(report.template)
    if formula is None:
        return None
    return sum_terms(report, formula.numerator, blank_as_zero=blank_as_zero).value


def outcomes(report: AnnualReport, *, blank_as_zero: bool = False) -> list[tuple[str, decimal.Decimal | None]]:
    """The groups of an outcomes chart with their counts (``None``: cannot be counted,
    because a cell is blank, "/" or text; ``blank_as_zero`` reads blank cells as 0)."""
    groups = OUTCOME_GROUPS["legacy" if report.template is Template.LEGACY else "gb"]
    return [(label, _count(report, ratio_id, blank_as_zero)) for ratio_id, label in groups]


def outcomes_chart(report: AnnualReport, *, blank_as_zero: bool = False, ax: Any = None) -> Any:
    """A horizontal bar chart of how the report's applications were handled.

    A group with a blank, "/" or text cell is marked 无法计算 rather than drawn;
    ``blank_as_zero=True`` reads blank cells as 0 and says so in the title.
    Returns the matplotlib ``Axes``; draws on ``ax`` when given.
    """
    data = outcomes(report, blank_as_zero=blank_as_zero)
    if report.template is Template.LEGACY:
        data = [(label, value) for label, value in data if value is not None] or data
    with _cjk() as plt:
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 0.45 * len(data) + 1.4), layout="constrained")
        labels = [label for label, _ in data]
        values = [float(v) if v is not None else 0.0 for _, v in data]
        positions = list(range(len(data)))[::-1]
        bars = ax.barh(positions, values, color=[_COLOURS[i % len(_COLOURS)] for i in range(len(data))])
        ax.set_yticks(positions, labels)
        top = max(values, default=0.0) or 1.0
        for bar, (_, value) in zip(bars, data, strict=True):
            text = "无法计算" if value is None else f"{value:f}".rstrip("0").rstrip(".")
            ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, text, va="center",
                    color="#777" if value is None else "#222", fontsize=9)  # fmt: skip
        ax.set_xlim(0, top * 1.15)
        what = "申请答复情况" if report.template is Template.LEGACY else "本年度办理结果（总计列）"
        note = "（空白按0计）" if blank_as_zero else ""
        ax.set_title(f"{report.agency.name} {report.year}年 {what}{note}", fontsize=11)
        ax.set_xlabel("件")
        ax.spines[["top", "right"]].set_visible(False)
    return ax


def ratio_chart(
    reports: Iterable[AnnualReport],
    ratio: str,
    *,
    by: Literal["year", "agency"] = "year",
    ax: Any = None,
) -> Any:
    """One derived ratio across a collection.

    ``by="year"``: a line per agency over the years; ``by="agency"``: a bar per
    report. Reports where the ratio is undefined or cannot be computed leave a
    gap, listed under the chart. Returns the matplotlib ``Axes``.
    """
    definition = _definition(ratio)
    if by not in ("year", "agency"):
        raise ValueError(f"by must be 'year' or 'agency', not {by!r}")
    points: list[tuple[AnnualReport, float | None, RatioStatus]] = []
    for report in reports:
        value = next(v for v in ratios(report) if v.id == ratio)
        points.append((report, float(value.value) if value.value is not None else None, value.status))
    gaps = [f"{r.agency.name} {r.year}: {s.label_zh}" for r, v, s in points if v is None]
    unit = "%" if definition.unit == "percent" else "每百件"
    with _cjk() as plt:
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
        if by == "year":
            _lines(ax, points)
        else:
            _bars(ax, points)
        ax.set_title(f"{definition.name_zh}（{unit}）", fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        if gaps:
            shown = "；".join(gaps[:4]) + ("……" if len(gaps) > 4 else "")
            ax.annotate(f"未绘出 · not drawn: {shown}", (0, 0), xycoords="figure fraction", xytext=(6, 4),
                        textcoords="offset points", fontsize=8, color="#777")  # fmt: skip
    return ax


def _lines(ax: Any, points: Sequence[tuple[AnnualReport, float | None, RatioStatus]]) -> None:
    series: dict[str, list[tuple[int, float | None]]] = {}
    for report, value, _ in points:
        series.setdefault(report.agency.name or "?", []).append((report.year, value))
    for i, (agency, values) in enumerate(sorted(series.items())):
        values.sort()
        ax.plot([y for y, _ in values], [v if v is not None else float("nan") for _, v in values], marker="o",
                label=agency, color=_COLOURS[i % len(_COLOURS)])  # fmt: skip
    years = sorted({r.year for r, _, _ in points})
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlabel("报告年度")
    if series:
        ax.legend(fontsize=8, frameon=False)


def _bars(ax: Any, points: Sequence[tuple[AnnualReport, float | None, RatioStatus]]) -> None:
    labels = [f"{r.agency.name} {r.year}" for r, _, _ in points]
    values = [v if v is not None else 0.0 for _, v, _ in points]
    positions = list(range(len(points)))[::-1]
    bars = ax.barh(positions, values, color=[_COLOURS[0] if v is not None else "#ccc" for _, v, _ in points])
    ax.set_yticks(positions, labels)
    top = max(values, default=0.0) or 1.0
    for bar, (_, value, status) in zip(bars, points, strict=True):
        text = status.label_zh if value is None else f"{value:.2f}"
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.15)
