"""Derived ratios with explicit definitions: numerator, denominator, unit, zero rule.

Declared once as data (:data:`RATIOS`); the computation, ``schemas/ratios.json``,
``docs/ratios.md`` and ``govdisclosure ratios`` all read the declarations. No
undocumented arithmetic: a ratio is ``Σ numerator cells ÷ Σ denominator cells``
times its scale, nothing else. A blank, "/" or text cell makes a ratio not
assessable (``blank_as_zero=True`` reads blank cells as zero, and says so in the
status); a zero denominator makes it undefined.
"""

from __future__ import annotations

import decimal
import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from govdisclosure._decimal import WIDE, own_context
from govdisclosure._terms import sum_program, sum_terms
from govdisclosure.coordinates import TABLE3, TABLE4
from govdisclosure.model import AnnualReport, Cell, Template
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.legacy import ChannelKey, ReplyKey
from govdisclosure.rules import APPLICANT_COLUMNS, DENIED, LEAF_LABELS, NOT_PROCESSED, OTHER_2021, UNABLE, Term, term

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "RATIOS",
    "RATIOS_VERSION",
    "RatioDefinition",
    "RatioStatus",
    "RatioValue",
    "ratio_catalogue",
    "ratios",
    "year_over_year",
]

RATIOS_VERSION = "1.0.0"
_PLACES = decimal.Decimal("0.000001")


class RatioStatus(LabelledEnum):
    """Whether a ratio could be computed."""

    OK = ("ok", "已计算", "Computed from numbers.")
    OK_BLANK_AS_ZERO = ("ok_blank_as_zero", "已计算（空白按0）", "Computed, reading blank cells as zero as asked.")
    UNDEFINED = ("undefined", "分母为0", "The denominator is 0; the ratio is undefined (null).")
    NOT_ASSESSABLE = ("not_assessable", "无法计算", "A cell is blank, '/', text or not applicable.")
    NOT_REPORTED = ("not_reported", "未报告", "The report does not give these cells.")
    NOT_APPLICABLE = ("not_applicable", "不适用", "The ratio is not defined for this template.")


@attrs.frozen
class Formula:
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]


@attrs.frozen
class RatioDefinition:
    """One derived ratio."""

    id: str
    name_zh: str
    name_en: str
    description: str
    formulas: dict[Template, Formula]
    unit: str = "percent"  # percent (× 100) or per_100_applications (× 100)
    zero_rule: str = "undefined when the denominator is 0 (null, never 0 or infinity)"
    comparable_across_eras: bool = True
    comparability: str = ""
    variant_of: str | None = None

    @property
    def scale(self) -> int:
        return 100


@attrs.frozen
class RatioValue:
    """A ratio of one report."""

    id: str
    value: decimal.Decimal | None
    numerator: decimal.Decimal | None
    denominator: decimal.Decimal | None
    status: RatioStatus
    reason: str | None = None


# --------------------------------------------------------------------------- declarations

T3 = TABLE3
RESULTS = f"{T3}/results"
T4 = TABLE4
ON_REQUEST = "/body/on_request"
GB = (Template.GB2019, Template.GB2021)


def row_total(row: str) -> Term:
    """A Table 3 row's 总计; where it is not a number, the sum of the row's six applicant
    columns (the template's identity T3-1), so a report that leaves 总计 blank still counts."""
    return Term(((f"{row}/total",), tuple(f"{row}/{c}" for c in APPLICANT_COLUMNS)))


HANDLED = (row_total(f"{RESULTS}/total"),)
RECEIVED_AND_CARRIED = (row_total(f"{T3}/new_received"), row_total(f"{T3}/carried_over"))
_ORG = ("commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org")


def _gb(numerator: tuple[Term, ...], denominator: tuple[Term, ...]) -> dict[Template, Formula]:
    return {template: Formula(numerator, denominator) for template in GB}


def _group(group: str, leaves: Iterable[str]) -> tuple[Term, ...]:
    return tuple(row_total(f"{RESULTS}/{group}/{leaf}") for leaf in leaves)


_OTHER = {
    Template.GB2019: (row_total(f"{RESULTS}/other"),),
    Template.GB2021: (
        Term(
            (
                tuple(f"{RESULTS}/other/{leaf}/total" for leaf in OTHER_2021),
                (f"{RESULTS}/other/subtotal/total",),
                tuple(f"{RESULTS}/other/{leaf}/{c}" for leaf in OTHER_2021 for c in APPLICANT_COLUMNS),
            )
        ),
    ),
}
_REVIEW_CONCLUDED = tuple(term(f"{T4}/administrative_review/{k}") for k in ("upheld", "corrected", "other"))
_LITIGATION_CONCLUDED = tuple(
    term(f"{T4}/{block}/{k}")
    for block in ("litigation_direct", "litigation_after_review")
    for k in ("upheld", "corrected", "other")
)
_LEGACY_NOTE = (
    "Legacy reports answer in other categories (同意公开, 同意部分公开, 不同意公开 … over 申请办结数), "
    "so their value is not comparable with the gb templates' outcome shares."
)

RATIOS: tuple[RatioDefinition, ...] = (
    RatioDefinition(
        "substantive_disclosure_rate",
        "实质公开率",
        "Substantive disclosure rate",
        "Applications disclosed in full or in part, over applications handled this year (（七）总计).",
        _gb((row_total(f"{RESULTS}/granted"), row_total(f"{RESULTS}/partially_granted")), HANDLED)
        | {
            Template.LEGACY: Formula(
                (
                    term(f"{ON_REQUEST}/replies/key=granted/count"),
                    term(f"{ON_REQUEST}/replies/key=partially_granted/count"),
                ),
                (term(f"{ON_REQUEST}/completed"),),
            )
        },
        comparable_across_eras=False,
        comparability=_LEGACY_NOTE,
    ),
    RatioDefinition(
        "substantive_disclosure_rate_received",
        "实质公开率（按收到申请）",
        "Substantive disclosure rate over applications received",
        "The same numerator over applications newly received plus carried over (一 + 二), as some reports compute it.",
        _gb((row_total(f"{RESULTS}/granted"), row_total(f"{RESULTS}/partially_granted")), RECEIVED_AND_CARRIED),
        variant_of="substantive_disclosure_rate",
    ),
    RatioDefinition(
        "full_disclosure_rate",
        "予以公开率",
        "Full disclosure rate",
        "（一）予以公开 over （七）总计.",
        _gb((row_total(f"{RESULTS}/granted"),), HANDLED)
        | {
            Template.LEGACY: Formula(
                (term(f"{ON_REQUEST}/replies/key=granted/count"),), (term(f"{ON_REQUEST}/completed"),)
            )
        },
        comparable_across_eras=False,
        comparability=_LEGACY_NOTE,
    ),
    RatioDefinition(
        "partial_disclosure_rate",
        "部分公开率",
        "Partial disclosure rate",
        "（二）部分公开 over （七）总计.",
        _gb((row_total(f"{RESULTS}/partially_granted"),), HANDLED)
        | {
            Template.LEGACY: Formula(
                (term(f"{ON_REQUEST}/replies/key=partially_granted/count"),), (term(f"{ON_REQUEST}/completed"),)
            )
        },
        comparable_across_eras=False,
        comparability=_LEGACY_NOTE,
    ),
    RatioDefinition(
        "refusal_rate",
        "不予公开率",
        "Refusal rate",
        "（三）不予公开, all eight reasons, over （七）总计.",
        _gb(_group("denied", DENIED), HANDLED)
        | {
            Template.LEGACY: Formula(
                (term(f"{ON_REQUEST}/replies/key=refused/count"),), (term(f"{ON_REQUEST}/completed"),)
            )
        },
        comparable_across_eras=False,
        comparability="The legacy refusal grounds differ from the eight of the 2019 条例.",
    ),
    *(
        RatioDefinition(
            f"refusal_rate_{reason}",
            f"不予公开率（{label}）",
            f"Refusal rate: {reason.replace('_', ' ')}",
            f"（三）不予公开 {label} over （七）总计.",
            _gb((row_total(f"{RESULTS}/denied/{reason}"),), HANDLED),
            variant_of="refusal_rate",
        )
        for reason, label in ((reason, LEAF_LABELS[reason]) for reason in DENIED)
    ),
    RatioDefinition(
        "unable_to_provide_rate",
        "无法提供率",
        "Unable-to-provide rate",
        "（四）无法提供, all three reasons, over （七）总计.",
        _gb(_group("unable_to_provide", UNABLE), HANDLED),
    ),
    RatioDefinition(
        "not_processed_rate",
        "不予处理率",
        "Not-processed rate",
        "（五）不予处理, all five reasons, over （七）总计.",
        _gb(
            _group("not_processed", NOT_PROCESSED),
            HANDLED,
        ),
    ),
    RatioDefinition(
        "other_processing_rate",
        "其他处理率",
        "Other-handling rate",
        "（六）其他处理 over （七）总计.",
        {template: Formula(_OTHER[template], HANDLED) for template in GB},
    ),
    RatioDefinition(
        "completion_rate",
        "办结率",
        "Completion rate",
        "Applications handled this year (（七）总计) over applications newly received plus carried over (一 + 二).",
        _gb(HANDLED, RECEIVED_AND_CARRIED)
        | {Template.LEGACY: Formula((term(f"{ON_REQUEST}/completed"),), (term(f"{ON_REQUEST}/received"),))},
        comparable_across_eras=False,
        comparability="Legacy reports give no carried-over count: their denominator is 收到申请数 alone.",
    ),
    RatioDefinition(
        "carry_forward_rate",
        "结转率",
        "Carry-forward rate",
        "四、结转下年度继续办理 over 一 + 二.",
        _gb((row_total(f"{T3}/carried_forward"),), RECEIVED_AND_CARRIED)
        | {Template.LEGACY: Formula((term(f"{ON_REQUEST}/carried_forward"),), (term(f"{ON_REQUEST}/received"),))},
        comparable_across_eras=False,
        comparability="Legacy reports give no carried-over count: their denominator is 收到申请数 alone.",
    ),
    RatioDefinition(
        "natural_person_share",
        "自然人申请占比",
        "Share of applications by natural persons",
        "一、本年新收 by natural persons over all new applications.",
        _gb((term(f"{T3}/new_received/natural_person"),), (row_total(f"{T3}/new_received"),)),
    ),
    RatioDefinition(
        "organisation_share",
        "法人或其他组织申请占比",
        "Share of applications by legal persons and other organisations",
        "一、本年新收 by the five organisation columns over all new applications.",
        _gb(tuple(term(f"{T3}/new_received/{c}") for c in _ORG), (row_total(f"{T3}/new_received"),)),
    ),
    RatioDefinition(
        "review_correction_rate",
        "行政复议纠错率",
        "Administrative review correction rate",
        "结果纠正 over concluded reviews (结果维持 + 结果纠正 + 其他结果).",
        _gb((term(f"{T4}/administrative_review/corrected"),), _REVIEW_CONCLUDED)
        | {
            Template.LEGACY: Formula(
                (term(f"{T4}/review/corrected"),),
                tuple(term(f"{T4}/review/{k}") for k in ("upheld", "corrected", "other")),
            )
        },
    ),
    RatioDefinition(
        "review_correction_rate_all",
        "行政复议纠错率（按总计）",
        "Administrative review correction rate over all cases",
        "结果纠正 over all reviews (总计, pending included).",
        _gb((term(f"{T4}/administrative_review/corrected"),), (term(f"{T4}/administrative_review/total"),))
        | {Template.LEGACY: Formula((term(f"{T4}/review/corrected"),), (term(f"{T4}/review/total"),))},
        variant_of="review_correction_rate",
    ),
    RatioDefinition(
        "litigation_correction_rate",
        "行政诉讼纠错率",
        "Administrative litigation correction rate",
        "结果纠正 over concluded cases, litigation filed directly and after review together.",
        _gb(
            tuple(term(f"{T4}/{b}/corrected") for b in ("litigation_direct", "litigation_after_review")),
            _LITIGATION_CONCLUDED,
        )
        | {
            Template.LEGACY: Formula(
                (term(f"{T4}/litigation/corrected"),),
                tuple(term(f"{T4}/litigation/{k}") for k in ("upheld_or_dismissed", "corrected", "other")),
            )
        },
    ),
    RatioDefinition(
        "litigation_correction_rate_all",
        "行政诉讼纠错率（按总计）",
        "Administrative litigation correction rate over all cases",
        "结果纠正 over all litigation (总计, pending included).",
        _gb(
            tuple(term(f"{T4}/{b}/corrected") for b in ("litigation_direct", "litigation_after_review")),
            tuple(term(f"{T4}/{b}/total") for b in ("litigation_direct", "litigation_after_review")),
        )
        | {Template.LEGACY: Formula((term(f"{T4}/litigation/corrected"),), (term(f"{T4}/litigation/total"),))},
        variant_of="litigation_correction_rate",
    ),
    RatioDefinition(
        "disputes_per_100_applications",
        "每百件申请引发的复议诉讼数",
        "Disputes per 100 applications",
        "Administrative reviews plus litigation (all 总计) per 100 applications newly received.",
        _gb(
            (
                term(f"{T4}/administrative_review/total"),
                term(f"{T4}/litigation_direct/total"),
                term(f"{T4}/litigation_after_review/total"),
            ),
            (row_total(f"{T3}/new_received"),),
        )
        | {
            Template.LEGACY: Formula(
                (term(f"{T4}/review/total"), term(f"{T4}/litigation/total")), (term(f"{ON_REQUEST}/received"),)
            )
        },
        unit="per_100_applications",
    ),
    *(
        RatioDefinition(
            f"channel_share_{key}",
            f"{label}占比",
            f"Share of applications received {key.replace('_', ' ')}",
            f"{label} over 收到申请数.",
            {
                Template.LEGACY: Formula(
                    (term(f"{ON_REQUEST}/received_by_channel/key={key}/count"),), (term(f"{ON_REQUEST}/received"),)
                )
            },
        )
        for key, label in ((channel.value, channel.label_zh) for channel in ChannelKey)
    ),
    RatioDefinition(
        "on_time_completion_rate",
        "按时办结率",
        "On-time completion rate",
        "按时办结数 over 申请办结数.",
        {Template.LEGACY: Formula((term(f"{ON_REQUEST}/completed_on_time"),), (term(f"{ON_REQUEST}/completed"),))},
    ),
    *(
        RatioDefinition(
            f"reply_share_{key}",
            f"{label}占比",
            f"Share of replies: {key.replace('_', ' ')}",
            f"{label} over 申请办结数.",
            {
                Template.LEGACY: Formula(
                    (term(f"{ON_REQUEST}/replies/key={key}/count"),), (term(f"{ON_REQUEST}/completed"),)
                )
            },
        )
        for key, label in ((reply.value, reply.label_zh) for reply in ReplyKey)
    ),
)


# --------------------------------------------------------------------------- computation


@own_context
def ratios(report: AnnualReport, *, blank_as_zero: bool = False) -> tuple[RatioValue, ...]:
    """Every ratio for one report, in catalogue order."""
    sums = _program(report.template)(report)
    out = []
    for definition, summed in zip(RATIOS, sums, strict=True):
        if summed is not None and len(summed) == 2 and type(summed[0]) is int and type(summed[1]) is int:
            out.append(_from_sums(definition, decimal.Decimal(summed[0]), decimal.Decimal(summed[1])))
        else:
            out.append(_compute(definition, report, blank_as_zero))
    return tuple(out)


@functools.cache
def _program(template: Template) -> Callable[[AnnualReport], list[Any]]:
    """Every ratio's numerator and denominator read at once (clean integers only)."""
    return sum_program(
        [(f.numerator, f.denominator) if (f := d.formulas.get(template)) is not None else None for d in RATIOS]
    )


def _from_sums(definition: RatioDefinition, numerator: decimal.Decimal, denominator: decimal.Decimal) -> RatioValue:
    if denominator == 0:
        return RatioValue(definition.id, None, numerator, denominator, RatioStatus.UNDEFINED, "the denominator is 0")
    with decimal.localcontext(WIDE):
        value = (numerator / denominator * definition.scale).quantize(_PLACES)
    return RatioValue(definition.id, value, numerator, denominator, RatioStatus.OK)


def _compute(definition: RatioDefinition, report: AnnualReport, blank_as_zero: bool) -> RatioValue:
    formula = definition.formulas.get(report.template)
    if formula is None:
        return RatioValue(definition.id, None, None, None, RatioStatus.NOT_APPLICABLE)
    numerator = sum_terms(report, formula.numerator, blank_as_zero=blank_as_zero)
    denominator = sum_terms(report, formula.denominator, blank_as_zero=blank_as_zero)
    if numerator.absent or denominator.absent:
        return RatioValue(definition.id, None, numerator.value, denominator.value, RatioStatus.NOT_REPORTED)
    # a cell both sums read (a group in its numerator and in 总计) is named once
    problems = list({p.reason_en: p for p in numerator.problems + denominator.problems}.values())
    if problems:
        reason = "; ".join(p.reason_en for p in problems[:3]) + (
            f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        )
        return RatioValue(definition.id, None, numerator.value, denominator.value, RatioStatus.NOT_ASSESSABLE, reason)
    assert numerator.value is not None
    assert denominator.value is not None
    result = _from_sums(definition, numerator.value, denominator.value)
    if result.status is not RatioStatus.OK:
        return result
    value = result.value
    blanks = blank_as_zero and any(
        isinstance(c.value, Cell) and c.value.status.value == "blank" for c in numerator.cells + denominator.cells
    )
    status = RatioStatus.OK_BLANK_AS_ZERO if blanks else RatioStatus.OK
    return RatioValue(definition.id, value, numerator.value, denominator.value, status)


def year_over_year(reports: Iterable[AnnualReport], *, blank_as_zero: bool = False) -> pa.Table:
    """For each agency with reports in consecutive years: the change of applications
    received and of every ratio (in percentage points), one row per agency, year and measure."""
    import pyarrow as pa  # only the tables need Arrow: imported when they are built

    by_agency: dict[tuple[str, str], dict[int, AnnualReport]] = defaultdict(dict)
    for report in reports:
        by_agency[report.agency.key][report.year] = report
    rows: dict[str, list[Any]] = defaultdict(list)
    for (agency, _), years in sorted(by_agency.items()):
        for year, report in sorted(years.items()):
            previous = years.get(year - 1)
            if previous is None:
                continue
            now = {v.id: v.value for v in ratios(report, blank_as_zero=blank_as_zero)}
            before = {v.id: v.value for v in ratios(previous, blank_as_zero=blank_as_zero)}
            measures = [
                ("applications_received", _received(report, blank_as_zero), _received(previous, blank_as_zero), True)
            ]
            eras_differ = (report.template is Template.LEGACY) != (previous.template is Template.LEGACY)
            for definition in RATIOS:
                comparable = definition.comparable_across_eras or not eras_differ
                measures.append((definition.id, now[definition.id], before[definition.id], comparable))
            for measure, value, prior, comparable in measures:
                rows["agency"].append(agency)
                rows["year"].append(year)
                rows["previous_year"].append(year - 1)
                rows["measure"].append(measure)
                rows["value"].append(None if value is None else float(value))
                rows["previous"].append(None if prior is None else float(prior))
                change = None if value is None or prior is None or not comparable else float(value - prior)
                rows["change"].append(change)
                rows["comparable"].append(comparable)
    schema = pa.schema(
        [
            ("agency", pa.string()),
            ("year", pa.int64()),
            ("previous_year", pa.int64()),
            ("measure", pa.string()),
            ("value", pa.float64()),
            ("previous", pa.float64()),
            ("change", pa.float64()),
            ("comparable", pa.bool_()),
        ]
    )
    return pa.table({name: rows[name] for name in schema.names}, schema=schema)


@own_context
def _received(report: AnnualReport, blank_as_zero: bool) -> decimal.Decimal | None:
    terms = (
        (term(f"{ON_REQUEST}/received"),) if report.template is Template.LEGACY else (row_total(f"{T3}/new_received"),)
    )
    return sum_terms(report, terms, blank_as_zero=blank_as_zero).value


# --------------------------------------------------------------------------- publishing


def ratio_catalogue() -> dict[str, Any]:
    """The ratio definitions as published in ``schemas/ratios.json``."""
    return {
        "$comment": "The govdisclosure ratio definitions, generated from govdisclosure.ratios; do not edit by hand.",
        "version": RATIOS_VERSION,
        "statuses": {s.value: s.description for s in RatioStatus},
        "ratios": [
            {
                "id": d.id,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "description": d.description,
                "unit": d.unit,
                "scale": d.scale,
                "zero_rule": d.zero_rule,
                "comparable_across_eras": d.comparable_across_eras,
                **({"comparability": d.comparability} if d.comparability else {}),
                **({"variant_of": d.variant_of} if d.variant_of else {}),
                "formulas": {
                    template.value: {
                        "numerator": [[list(a) for a in term.alternatives] for term in formula.numerator],
                        "denominator": [[list(a) for a in term.alternatives] for term in formula.denominator],
                    }
                    for template, formula in d.formulas.items()
                },
            }
            for d in RATIOS
        ],
    }


def ratio_catalogue_text() -> str:
    return json.dumps(ratio_catalogue(), ensure_ascii=False, indent=2) + "\n"
