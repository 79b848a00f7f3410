"""The rule catalogue: the arithmetic identities of the templates, declared once as data.

Each :class:`Rule` is one family (a stable code such as ``T3-1``) with its
severity (definitional identities are errors, the usual ones warnings), its
formula, its messages in Chinese and English, and its instances: one per row,
column or block, each naming every cell it reads by JSON Pointer. The audit
(:mod:`govdisclosure._audit`), ``schemas/rules.json``, ``docs/rules.md`` and
``govdisclosure rules`` all read this module.

An operand is a :class:`Term`: a list of alternatives, each a list of pointers
whose numbers are added; the first alternative whose cells are all present is
used. That is how （六）其他处理 printed as one row in a gb2021 report still
takes part in the outcome total. A pointer ending in ``/*/count`` stands for
every item of a list (the legacy breakdowns).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure._terms import Term, term
from govdisclosure.coordinates import TABLE2, TABLE3, TABLE4, column_name, locate
from govdisclosure.findings import Severity
from govdisclosure.model import ApplicantRow, Denied, NotProcessed, OtherProcessing, Template, UnableToProvide
from govdisclosure.model._meta import LabelledEnum

__all__ = [
    "CROSS_REPORTS",
    "RULES",
    "RULES_VERSION",
    "CrossInstance",
    "CrossTerm",
    "Relation",
    "Rule",
    "RuleInstance",
    "Term",
    "catalogue",
    "catalogue_text",
    "cross_instances",
    "instances_for",
    "term",
]

#: Version of the published catalogue (``schemas/rules.json``); independent of the package.
RULES_VERSION = "1.0.0"

GB = (Template.GB2019, Template.GB2021)
ALL = (Template.LEGACY, Template.GB2019, Template.GB2021)


class Relation(LabelledEnum):
    """How the two sides of a rule compare."""

    EQ = ("eq", "=", "The two sides are equal.")
    LE = ("le", "≤", "The left side is at most the right side.")
    GE = ("ge", "≥", "The left side is at least the right side.")


@attrs.frozen
class RuleInstance:
    """One concrete check: ``Σ lhs  relation  Σ rhs`` on named cells."""

    instance: str
    label_zh: str
    lhs: tuple[Term, ...]
    relation: Relation
    rhs: tuple[Term, ...]
    requires: tuple[str, ...] = ()  # cells that must exist for the rule to apply (printed subtotals)

    @property
    def pointers(self) -> tuple[str, ...]:
        return tuple(p for term in (*self.lhs, *self.rhs) for p in term.pointers)


#: The reports a check across reports reads, named from the report it checks.
CROSS_REPORTS = {
    "this": "the report checked",
    "previous": "the same agency's report of the year before",
    "parts": "every report of the same year and region, of scope self, that the aggregate report checked sums up",
}


@attrs.frozen
class CrossTerm:
    """A cell of one of the reports a check across reports reads (:data:`CROSS_REPORTS`),
    added with its sign."""

    pointer: str
    report: str
    sign: int = 1


@attrs.frozen
class CrossInstance:
    """One concrete check across reports: ``a cell of this report  relation  Σ sign·cells``
    of this report, the year before or the parts an aggregate report sums up."""

    instance: str
    label_zh: str
    lhs: CrossTerm
    relation: Relation
    rhs: tuple[CrossTerm, ...]

    @property
    def pairs(self) -> str:
        """Which reports it pairs the checked one with: ``previous`` or ``parts``."""
        return "parts" if any(term.report == "parts" for term in self.rhs) else "previous"

    @property
    def pointers(self) -> tuple[str, ...]:
        return tuple(term.pointer for term in (self.lhs, *self.rhs))


@attrs.frozen(kw_only=True)
class Rule:
    """A family of checks with one stable code (built with keyword arguments: the catalogue
    reads as data)."""

    code: str
    severity: Severity
    templates: tuple[Template, ...]
    title_zh: str
    title_en: str
    formula: str
    message_zh: str
    message_en: str
    scope: str = "report"  # report: cells of one report; figures: stated figures; collection: across reports


# --------------------------------------------------------------------------- Table 3

T3 = TABLE3
COLUMNS = [f.name for f in _introspect.fields(ApplicantRow) if f.name != "organisations_subtotal"]
APPLICANT_COLUMNS = COLUMNS[:-1]  # the six applicant columns; the last is 总计
COLUMN_LABELS = {f.name: _introspect.label_zh(f) for f in _introspect.fields(ApplicantRow)}


def _leaves(group: type) -> list[str]:
    """The reason rows of a Table 3 group, in printed order, from the model (its subtotal left out)."""
    return [f.name for f in _introspect.fields(group) if f.name != "subtotal"]


#: The reason rows of （三）不予公开, （四）无法提供, （五）不予处理 and the gb2021 （六）其他处理.
DENIED = _leaves(Denied)
UNABLE = _leaves(UnableToProvide)
NOT_PROCESSED = _leaves(NotProcessed)
OTHER_2021 = _leaves(OtherProcessing)
#: Their official labels, from the model (1.属于国家秘密, ...).
LEAF_LABELS = {
    f.name: _introspect.label_zh(f)
    for group in (Denied, UnableToProvide, NotProcessed, OtherProcessing)
    for f in _introspect.fields(group)
    if f.name != "subtotal"
}
GROUPS_2021 = {"denied": DENIED, "unable_to_provide": UNABLE, "not_processed": NOT_PROCESSED, "other": OTHER_2021}
GROUPS_2019 = {"denied": DENIED, "unable_to_provide": UNABLE, "not_processed": NOT_PROCESSED}


def table3_rows(template: Template) -> list[str]:
    """Pointers of every row of Table 3 in printed order (25 for gb2021, 23 for gb2019)."""
    rows = [f"{T3}/new_received", f"{T3}/carried_over", f"{T3}/results/granted", f"{T3}/results/partially_granted"]
    groups = GROUPS_2021 if template is Template.GB2021 else GROUPS_2019
    for group in ("denied", "unable_to_provide", "not_processed"):
        rows += [f"{T3}/results/{group}/{leaf}" for leaf in groups[group]]
    if template is Template.GB2021:
        rows += [f"{T3}/results/other/{leaf}" for leaf in OTHER_2021]
    else:
        rows.append(f"{T3}/results/other")
    return [*rows, f"{T3}/results/total", f"{T3}/carried_forward"]


def _row_label(pointer: str, template: Template) -> str:
    return locate(pointer, template) or pointer


def _t3_1(template: Template) -> tuple[RuleInstance, ...]:
    out = []
    for row in table3_rows(template):
        key = row.removeprefix(f"{T3}/").replace("/", ".")
        out.append(
            RuleInstance(
                key,
                _row_label(row, template),
                (term(f"{row}/total"),),
                Relation.EQ,
                tuple(term(f"{row}/{c}") for c in APPLICANT_COLUMNS),
            )
        )
    # the subtotal rows a report prints (小计, or （六）其他处理 printed as one row): their own
    # columns add up too
    groups = GROUPS_2021 if template is Template.GB2021 else GROUPS_2019
    for group in groups:
        row = f"{T3}/results/{group}/subtotal"
        out.append(
            RuleInstance(
                f"results.{group}.subtotal",
                _row_label(f"{T3}/results/{group}", template),
                (term(f"{row}/total"),),
                Relation.EQ,
                tuple(term(f"{row}/{c}") for c in APPLICANT_COLUMNS),
                requires=(row,),
            )
        )
    return tuple(out)


def _outcome_terms(template: Template, column: str) -> tuple[Term, ...]:
    r = f"{T3}/results"
    terms = [term(f"{r}/granted/{column}"), term(f"{r}/partially_granted/{column}")]
    for group in ("denied", "unable_to_provide", "not_processed"):
        terms += [term(f"{r}/{group}/{leaf}/{column}") for leaf in GROUPS_2019[group]]
    if template is Template.GB2021:
        # Three sub-rows, or the single row some gb2021 reports print instead.
        leaves = tuple(f"{r}/other/{leaf}/{column}" for leaf in OTHER_2021)
        terms.append(Term((leaves, (f"{r}/other/subtotal/{column}",))))
    else:
        terms.append(term(f"{r}/other/{column}"))
    return tuple(terms)


def _t3_2(template: Template) -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            column,
            COLUMN_LABELS[column],
            (term(f"{T3}/results/total/{column}"),),
            Relation.EQ,
            _outcome_terms(template, column),
        )
        for column in COLUMNS
    )


def _t3_3(template: Template) -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            column,
            COLUMN_LABELS[column],
            (term(f"{T3}/new_received/{column}"), term(f"{T3}/carried_over/{column}")),
            Relation.EQ,
            (term(f"{T3}/results/total/{column}"), term(f"{T3}/carried_forward/{column}")),
        )
        for column in COLUMNS
    )


def _t3_5(template: Template) -> tuple[RuleInstance, ...]:
    out = []
    groups = GROUPS_2021 if template is Template.GB2021 else GROUPS_2019
    for group, leaves in groups.items():
        for column in COLUMNS:
            subtotal = f"{T3}/results/{group}/subtotal/{column}"
            out.append(
                RuleInstance(
                    f"{group}.{column}",
                    f"{_row_label(f'{T3}/results/{group}', template)} · {COLUMN_LABELS[column]}",
                    (term(subtotal),),
                    Relation.EQ,
                    tuple(term(f"{T3}/results/{group}/{leaf}/{column}") for leaf in leaves),
                    requires=(f"{T3}/results/{group}/subtotal",)
                    + ((f"{T3}/results/other/other",) if group == "other" else ()),
                )
            )
    return tuple(out)


# --------------------------------------------------------------------------- Table 4 and Table 2


def _printed(pointer: str, template: Template, parts: int) -> str:
    """The last ``parts`` levels of a place's official coordinates (its labels as printed)."""
    where = locate(pointer, template)
    assert where is not None, pointer
    return " · ".join(where.split(" · ")[-parts:])


T4 = TABLE4
#: Table 4's blocks with their labels as printed (below 表四).
T4_BLOCKS = {
    block: _printed(f"{T4}/{block}", Template.GB2021, levels)
    for block, levels in (("administrative_review", 1), ("litigation_direct", 2), ("litigation_after_review", 2))
}


def _t4_1() -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            block,
            label,
            (term(f"{T4}/{block}/total"),),
            Relation.EQ,
            tuple(term(f"{T4}/{block}/{k}") for k in ("upheld", "corrected", "other", "pending")),
        )
        for block, label in T4_BLOCKS.items()
    )


T2 = TABLE2
#: The 2019 Table 2's rows the T2-19 rules read, with their labels as printed.
T2_19_DOCUMENTS = {row: _printed(f"{T2}/art20_1/{row}", Template.GB2019, 1) for row in ("rules", "normative_documents")}
T2_19_ITEMS = {
    row: _printed(f"{T2}/{row}", Template.GB2019, 1)
    for row in (
        "art20_5/administrative_licensing",
        "art20_5/other_external_services",
        "art20_6/administrative_penalty",
        "art20_6/administrative_coercion",
        "art20_8/administrative_fees",
    )
}


def _t2_19_1() -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            row,
            label,
            (term(f"{T2}/art20_1/{row}/total_published"),),
            Relation.GE,
            (term(f"{T2}/art20_1/{row}/newly_published"),),
        )
        for row, label in T2_19_DOCUMENTS.items()
    )


def _t2_19_2() -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            row,
            label,
            (term(f"{T2}/art20_1/{row}/newly_published"),),
            Relation.LE,
            (term(f"{T2}/art20_1/{row}/newly_made"),),
        )
        for row, label in T2_19_DOCUMENTS.items()
    )


def _t2_19_4() -> tuple[RuleInstance, ...]:
    return tuple(
        RuleInstance(
            row.replace("/", "."),
            label,
            (term(f"{T2}/{row}/prior_year_items"), term(f"{T2}/{row}/change")),
            Relation.GE,
            (),
        )
        for row, label in T2_19_ITEMS.items()
    )


# --------------------------------------------------------------------------- legacy

ON_REQUEST = "/body/on_request"
REVIEW_LITIGATION = "/body/review_litigation"
ANNEX_ROWS = "/body/annex/rows"


def _single(
    instance: str, label: str, lhs: Sequence[str], relation: Relation, rhs: Sequence[str]
) -> tuple[RuleInstance, ...]:
    return (RuleInstance(instance, label, tuple(term(p) for p in lhs), relation, tuple(term(p) for p in rhs)),)


# --------------------------------------------------------------------------- across reports

C2_ROWS = ("rules", "normative_documents")
C3_ROWS = (
    "art20_5/administrative_licensing",
    "art20_5/other_external_services",
    "art20_6/administrative_penalty",
    "art20_6/administrative_coercion",
    "art20_8/administrative_fees",
)
C4_CELLS = (f"{T3}/new_received/total", f"{T3}/results/total/total", f"{T4}/administrative_review/total")


def _c1(template: Template) -> tuple[CrossInstance, ...]:
    return tuple(
        CrossInstance(
            column,
            COLUMN_LABELS[column],
            CrossTerm(f"{T3}/carried_over/{column}", "this"),
            Relation.EQ,
            (CrossTerm(f"{T3}/carried_forward/{column}", "previous"),),
        )
        for column in COLUMNS
    )


def _c2(template: Template) -> tuple[CrossInstance, ...]:
    return tuple(
        CrossInstance(
            row,
            locate(base, template) or row,
            CrossTerm(f"{base}/in_force", "this"),
            Relation.EQ,
            (
                CrossTerm(f"{base}/in_force", "previous"),
                CrossTerm(f"{base}/issued", "this"),
                CrossTerm(f"{base}/repealed", "this", -1),
            ),
        )
        for row in C2_ROWS
        for base in [f"{T2}/art20_1/{row}"]
    )


def _c3(template: Template) -> tuple[CrossInstance, ...]:
    return tuple(
        CrossInstance(
            row.replace("/", "."),
            locate(base, template) or row,
            CrossTerm(f"{base}/prior_year_items", "this"),
            Relation.EQ,
            (CrossTerm(f"{base}/prior_year_items", "previous"), CrossTerm(f"{base}/change", "previous")),
        )
        for row in C3_ROWS
        for base in [f"{T2}/{row}"]
    )


def _c4(template: Template) -> tuple[CrossInstance, ...]:
    return tuple(
        CrossInstance(
            pointer.removeprefix("/body/").replace("/", "."),
            locate(pointer, template) or pointer,
            CrossTerm(pointer, "this"),
            Relation.GE,
            (CrossTerm(pointer, "parts"),),
        )
        for pointer in C4_CELLS
    )


_CROSS = {"C-1": _c1, "C-2": _c2, "C-3": _c3, "C-4": _c4}


# --------------------------------------------------------------------------- the catalogue

_SUM_ZH = "应为{expected}，实为{actual}，相差{difference}"
_SUM_EN = "expected {expected}, found {actual} (difference {difference})"

RULES: tuple[Rule, ...] = (
    Rule(
        code="T3-1",
        severity=Severity.ERROR,
        templates=GB,
        title_zh="表三各行：总计等于各类申请人之和",
        title_en="Table 3, every row: 总计 is the sum of the six applicant columns",
        formula="总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
        message_zh="“{instance_label}”行总计" + _SUM_ZH,
        message_en="row '{instance_label}': 总计 " + _SUM_EN,
    ),
    Rule(
        code="T3-2",
        severity=Severity.ERROR,
        templates=GB,
        title_zh="表三各列：（七）总计等于各项办理结果之和",
        title_en="Table 3, every column: （七）总计 is the sum of the outcomes",
        formula="（七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）",
        message_zh="“{instance_label}”列（七）总计" + _SUM_ZH,
        message_en="column '{instance_label}': （七）总计 " + _SUM_EN,
    ),
    Rule(
        code="T3-3",
        severity=Severity.ERROR,
        templates=GB,
        title_zh="表三各列：第一项加第二项之和，等于第三项加第四项之和",
        title_en="Table 3, every column: 一 + 二 = 三（七）总计 + 四",
        formula="一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理",
        message_zh="“{instance_label}”列：一加二为{actual}，三加四为{expected}，相差{difference}",
        message_en="column '{instance_label}': 一 + 二 is {actual} but 三 + 四 is {expected} (difference {difference})",
    ),
    Rule(
        code="T3-5",
        severity=Severity.ERROR,
        templates=GB,
        title_zh="表三：报告另印的组小计等于该组各行之和",
        title_en="Table 3: a group subtotal a report prints is the sum of the group's rows",
        formula="小计 = Σ 该组各行",
        message_zh="“{instance_label}”小计" + _SUM_ZH,
        message_en="'{instance_label}' subtotal: " + _SUM_EN,
    ),
    Rule(
        code="T4-1",
        severity=Severity.ERROR,
        templates=GB,
        title_zh="表四：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        title_en="Table 4: 总计 is 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        formula="总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        message_zh="表四“{instance_label}”总计" + _SUM_ZH,
        message_en="Table 4 '{instance_label}': 总计 " + _SUM_EN,
    ),
    Rule(
        code="T2-19-1",
        severity=Severity.WARNING,
        templates=(Template.GB2019,),
        title_zh="表二（2019）：对外公开总数量不少于本年新公开数量",
        title_en="Table 2 (gb2019): 对外公开总数量 is at least 本年新公开数量",
        formula="对外公开总数量 ≥ 本年新公开数量",
        message_zh="“{instance_label}”对外公开总数量{actual}少于本年新公开数量{expected}",
        message_en="'{instance_label}': 对外公开总数量 {actual} is less than 本年新公开数量 {expected}",
    ),
    Rule(
        code="T2-19-2",
        severity=Severity.WARNING,
        templates=(Template.GB2019,),
        title_zh="表二（2019）：本年新公开数量通常不超过本年新制作数量",
        title_en="Table 2 (gb2019): 本年新公开数量 is usually at most 本年新制作数量",
        formula="本年新公开数量 ≤ 本年新制作数量",
        message_zh="“{instance_label}”本年新公开数量{actual}多于本年新制作数量{expected}",
        message_en="'{instance_label}': 本年新公开数量 {actual} exceeds 本年新制作数量 {expected}",
    ),
    Rule(
        code="T2-19-4",
        severity=Severity.ERROR,
        templates=(Template.GB2019,),
        title_zh="表二（2019）：上一年项目数量加本年增/减不为负",
        title_en="Table 2 (gb2019): 上一年项目数量 + 本年增/减 is not negative",
        formula="上一年项目数量 + 本年增/减 ≥ 0",
        message_zh="“{instance_label}”上一年项目数量加本年增/减为{actual}，不能为负",
        message_en="'{instance_label}': 上一年项目数量 + 本年增/减 is {actual}, which cannot be negative",
    ),
    Rule(
        code="L-1",
        severity=Severity.ERROR,
        templates=(Template.LEGACY,),
        title_zh="依申请公开：收到申请数等于各申请方式之和",
        title_en="On request: applications received is the sum of the channels",
        formula="收到申请数 = Σ 申请方式",
        message_zh="收到申请数" + _SUM_ZH,
        message_en="applications received: " + _SUM_EN,
    ),
    Rule(
        code="L-1b",
        severity=Severity.WARNING,
        templates=(Template.LEGACY,),
        title_zh="依申请公开：收到申请数等于各受理机关之和",
        title_en="On request: applications received is the sum over the bodies that received them",
        formula="收到申请数 = Σ 受理机关",
        message_zh="收到申请数" + _SUM_ZH,
        message_en="applications received: " + _SUM_EN,
    ),
    Rule(
        code="L-2",
        severity=Severity.ERROR,
        templates=(Template.LEGACY,),
        title_zh="依申请公开：办结数等于按时办结数加延期办结数",
        title_en="On request: completed is completed on time plus completed after extension",
        formula="申请办结数 = 按时办结数 + 延期办结数",
        message_zh="申请办结数" + _SUM_ZH,
        message_en="applications completed: " + _SUM_EN,
    ),
    Rule(
        code="L-3",
        severity=Severity.WARNING,
        templates=(Template.LEGACY,),
        title_zh="依申请公开：办结数通常等于各类答复之和",
        title_en="On request: completed is usually the sum of the replies by kind",
        formula="申请办结数 = Σ 申请答复",
        message_zh="申请办结数" + _SUM_ZH,
        message_en="applications completed: " + _SUM_EN,
    ),
    Rule(
        code="L-4",
        severity=Severity.WARNING,
        templates=(Template.LEGACY,),
        title_zh="依申请公开：不同意公开答复数通常等于各项原因之和",
        title_en="On request: refusals are usually the sum of the refusal reasons",
        formula="不同意公开答复数 = Σ 不同意公开原因",
        message_zh="不同意公开答复数" + _SUM_ZH,
        message_en="refusals: " + _SUM_EN,
    ),
    Rule(
        code="L-5",
        severity=Severity.ERROR,
        templates=(Template.LEGACY,),
        title_zh="行政复议、行政诉讼：总数等于各项结果之和",
        title_en="Review and litigation: the total is the sum of the outcomes",
        formula="行政复议数量 = 维持 + 纠错 + 其他；行政诉讼数量 = 维持或驳回 + 纠错 + 其他",
        message_zh="“{instance_label}”" + _SUM_ZH,
        message_en="'{instance_label}': " + _SUM_EN,
    ),
    Rule(
        code="L-6",
        severity=Severity.ERROR,
        templates=(Template.LEGACY,),
        title_zh="统计附表：从事政府信息公开工作人员数等于专职加兼职",
        title_en="Annex: staff is full-time plus part-time staff",
        formula="从事政府信息公开工作人员数 = 专职人员数 + 兼职人员数（统计数列）",
        message_zh="“{instance_label}”" + _SUM_ZH,
        message_en="'{instance_label}': " + _SUM_EN,
    ),
    Rule(
        code="L-7",
        severity=Severity.WARNING,
        templates=(Template.LEGACY,),
        title_zh="统计附表：主动公开信息数不超过各渠道之和",
        title_en="Annex: information published proactively is at most the sum over channels",
        formula="主动公开政府信息数 ≤ Σ 通过不同渠道和方式公开政府信息数（同一信息多渠道公开计1条）",
        message_zh="“{instance_label}”为{actual}，多于各渠道之和{expected}",
        message_en="'{instance_label}' is {actual}, more than the channels' sum {expected}",
    ),
    Rule(
        code="L-8",
        severity=Severity.WARNING,
        templates=(Template.LEGACY,),
        title_zh="统计附表：回应热点或舆情数不超过各回应方式之和",
        title_en="Annex: hot topics responded to are at most the sum over response channels",
        formula="回应公众关注热点或重大舆情数 ≤ Σ 通过不同渠道和方式回应解读的情况",
        message_zh="“{instance_label}”为{actual}，多于各方式之和{expected}",
        message_en="'{instance_label}' is {actual}, more than the channels' sum {expected}",
    ),
    Rule(
        code="L-9",
        severity=Severity.ERROR,
        templates=(Template.LEGACY,),
        title_zh="统计附表：“其中”项不超过其所属项",
        title_en="Annex: an 其中 (of which) row is at most its parent row",
        formula="其中项 ≤ 所属项",
        message_zh="“{instance_label}”为{actual}，多于所属项{expected}",
        message_en="'{instance_label}' is {actual}, more than its parent {expected}",
    ),
    Rule(
        code="SF-1",
        severity=Severity.WARNING,
        templates=ALL,
        title_zh="文中比率与计算值一致（按所印小数位四舍五入）",
        title_en="A rate the narrative states equals the computed rate, rounded to the printed decimals",
        formula="所印比率 = round(分子 ÷ 分母 × 100, 所印小数位)",
        message_zh="文中“{instance_label}”为{actual}%，按{numerator}÷{denominator}计算应为{expected}%，相差{difference}",
        message_en="'{instance_label}' is stated as {actual}% but {numerator} / {denominator} is {expected}% (difference {difference})",
        scope="figures",
    ),
    Rule(
        code="SF-2",
        severity=Severity.WARNING,
        templates=ALL,
        title_zh="文中数字与其重述的表格单元格一致",
        title_en="A number the narrative states equals the table cell it restates",
        formula="文中数字 = 单元格（行指其总计，组指各行总计之和；“余、多”为至少，“不足”为至多，“约、近”为相差不超过10%）",
        message_zh="文中“{instance_label}”为{actual}，表格为{expected}，相差{difference}",
        message_en="'{instance_label}' is stated as {actual} but the table gives {expected} (difference {difference})",
        scope="figures",
    ),
    Rule(
        code="C-1",
        severity=Severity.WARNING,
        templates=GB,
        title_zh="同一机关：本年上年结转等于上年结转下年度",
        title_en="Same agency: this year's 上年结转 equals last year's 结转下年度继续办理",
        formula="二、上年结转[t] = 四、结转下年度继续办理[t−1]（各列）",
        message_zh="{instance_label}：本年上年结转为{actual}，上年结转下年度为{expected}，相差{difference}",
        message_en="{instance_label}: 上年结转 is {actual} but last year's 结转下年度 was {expected} (difference {difference})",
        scope="collection",
    ),
    Rule(
        code="C-2",
        severity=Severity.WARNING,
        templates=(Template.GB2021,),
        title_zh="同一机关：现行有效件数与上年衔接",
        title_en="Same agency: 现行有效件数 continues from last year",
        formula="现行有效件数[t] = 现行有效件数[t−1] + 本年制发件数[t] − 本年废止件数[t]",
        message_zh="{instance_label}：现行有效件数为{actual}，按上年计算应为{expected}，相差{difference}",
        message_en="{instance_label}: 现行有效件数 is {actual} but last year's figures give {expected} (difference {difference})",
        scope="collection",
    ),
    Rule(
        code="C-3",
        severity=Severity.WARNING,
        templates=(Template.GB2019,),
        title_zh="同一机关：上一年项目数量与上年衔接",
        title_en="Same agency: 上一年项目数量 continues from last year",
        formula="上一年项目数量[t+1] = 上一年项目数量[t] + 本年增/减[t]",
        message_zh="{instance_label}：上一年项目数量为{actual}，按上年计算应为{expected}，相差{difference}",
        message_en="{instance_label}: 上一年项目数量 is {actual} but last year's figures give {expected} (difference {difference})",
        scope="collection",
    ),
    Rule(
        code="C-4",
        severity=Severity.WARNING,
        templates=GB,
        title_zh="汇总报告不少于其所汇总各报告之和",
        title_en="An aggregate report is at least the sum of the reports of the same year and region it aggregates",
        formula="汇总报告总计 ≥ Σ 同年同区域各机关报告总计",
        message_zh="{instance_label}：汇总报告为{actual}，少于各机关报告之和{expected}",
        message_en="{instance_label}: the aggregate gives {actual}, less than the sum of its parts {expected}",
        scope="collection",
    ),
)

_INSTANCES = {
    "T3-1": _t3_1,
    "T3-2": _t3_2,
    "T3-3": _t3_3,
    "T3-5": _t3_5,
}
_STATIC: dict[str, tuple[RuleInstance, ...]] = {
    "T4-1": _t4_1(),
    "T2-19-1": _t2_19_1(),
    "T2-19-2": _t2_19_2(),
    "T2-19-4": _t2_19_4(),
    "L-1": _single(
        "received", "收到申请数", [f"{ON_REQUEST}/received"], Relation.EQ, [f"{ON_REQUEST}/received_by_channel/*/count"]
    ),
    "L-1b": _single(
        "received", "收到申请数", [f"{ON_REQUEST}/received"], Relation.EQ, [f"{ON_REQUEST}/received_by_body/*/count"]
    ),
    "L-2": _single(
        "completed",
        "申请办结数",
        [f"{ON_REQUEST}/completed"],
        Relation.EQ,
        [f"{ON_REQUEST}/completed_on_time", f"{ON_REQUEST}/completed_extended"],
    ),
    "L-3": _single(
        "completed", "申请办结数", [f"{ON_REQUEST}/completed"], Relation.EQ, [f"{ON_REQUEST}/replies/*/count"]
    ),
    "L-4": _single(
        "refused",
        "不同意公开答复数",
        [f"{ON_REQUEST}/replies/key=refused/count"],
        Relation.EQ,
        [f"{ON_REQUEST}/refusal_reasons/*/count"],
    ),
    "L-6": _single(
        "capacity.staff",
        "从事政府信息公开工作人员数",
        [f"{ANNEX_ROWS}/key=capacity.staff/values/0"],
        Relation.EQ,
        [f"{ANNEX_ROWS}/key=capacity.staff.full_time/values/0", f"{ANNEX_ROWS}/key=capacity.staff.part_time/values/0"],
    ),
    "L-7": _single(
        "proactive.total",
        "主动公开政府信息数",
        [f"{ANNEX_ROWS}/key=proactive.total/values/0"],
        Relation.LE,
        [f"{ANNEX_ROWS}/key^=proactive.channels./values/0"],
    ),
    "L-8": _single(
        "response.hot_topics",
        "回应公众关注热点或重大舆情数",
        [f"{ANNEX_ROWS}/key=response.hot_topics/values/0"],
        Relation.LE,
        [
            f"{ANNEX_ROWS}/key=response.channels.{k}/values/0"
            for k in (
                "press_conferences",
                "online_interviews",
                "interpretation_articles",
                "weibo_wechat_responses",
                "other_responses",
            )
        ],
    ),
    "L-9": tuple(
        RuleInstance(
            child,
            label,
            (term(f"{ANNEX_ROWS}/key={child}/values/0"),),
            Relation.LE,
            (term(f"{ANNEX_ROWS}/key={parent}/values/0"),),
        )
        for child, parent, label in (
            ("proactive.normative_documents", "proactive.total", "其中：主动公开规范性文件数"),
            (
                "response.channels.press_conferences_by_head",
                "response.channels.press_conferences",
                "其中：主要负责同志参加新闻发布会次数",
            ),
            (
                "response.channels.online_interviews_by_head",
                "response.channels.online_interviews",
                "其中：主要负责同志参加政府网站在线访谈次数",
            ),
        )
    ),
    "L-5": (
        RuleInstance(
            "review",
            "行政复议",
            (term(f"{REVIEW_LITIGATION}/review/total"),),
            Relation.EQ,
            tuple(term(f"{REVIEW_LITIGATION}/review/{k}") for k in ("upheld", "corrected", "other")),
        ),
        RuleInstance(
            "litigation",
            "行政诉讼",
            (term(f"{REVIEW_LITIGATION}/litigation/total"),),
            Relation.EQ,
            tuple(term(f"{REVIEW_LITIGATION}/litigation/{k}") for k in ("upheld_or_dismissed", "corrected", "other")),
        ),
    ),
}


def instances_for(rule: Rule, template: Template) -> tuple[RuleInstance, ...]:
    """The instances of ``rule`` for reports of ``template``."""
    if template not in rule.templates or rule.scope != "report":
        return ()
    if rule.code in _INSTANCES:
        return _INSTANCES[rule.code](template)
    return _STATIC[rule.code]


def cross_instances(rule: Rule, template: Template) -> tuple[CrossInstance, ...]:
    """The instances of a check across reports (scope ``collection``) for a checked report
    of ``template``; every report it pairs that one with is of the rule's templates too."""
    if template not in rule.templates or rule.scope != "collection":
        return ()
    return _CROSS[rule.code](template)


def iter_rules(template: Template) -> Iterator[tuple[Rule, RuleInstance]]:
    for rule in RULES:
        for instance in instances_for(rule, template):
            yield rule, instance


# --------------------------------------------------------------------------- publishing


def _cross_entry(inst: CrossInstance, template: Template) -> dict[str, Any]:
    def terms(items: Sequence[CrossTerm]) -> list[dict[str, Any]]:
        return [{"pointer": t.pointer, "report": t.report, "sign": t.sign} for t in items]

    return {
        "instance": inst.instance,
        "label_zh": inst.label_zh,
        "relation": inst.relation.value,
        "lhs": terms([inst.lhs]),
        "rhs": terms(inst.rhs),
        "cells": [
            {"pointer": p, "location": locate(p, template), "column_name": column_name(p)}
            for p in dict.fromkeys(inst.pointers)
        ],
    }


def catalogue() -> dict[str, Any]:
    """The catalogue as published in ``schemas/rules.json``."""
    rules = []
    for rule in RULES:
        entry: dict[str, Any] = {
            "code": rule.code,
            "severity": rule.severity.value,
            "templates": [tpl.value for tpl in rule.templates],
            "title_zh": rule.title_zh,
            "title_en": rule.title_en,
            "formula": rule.formula,
            "message_zh": rule.message_zh,
            "message_en": rule.message_en,
            "scope": rule.scope,
        }
        if rule.scope == "collection":
            entry["instances"] = {
                template.value: [_cross_entry(inst, template) for inst in cross_instances(rule, template)]
                for template in rule.templates
            }
        if rule.scope == "report":
            entry["instances"] = {}
        for template in rule.templates if rule.scope == "report" else ():
            entry["instances"][template.value] = [
                {
                    "instance": inst.instance,
                    "label_zh": inst.label_zh,
                    "relation": inst.relation.value,
                    "lhs": [[list(alt) for alt in term.alternatives] for term in inst.lhs],
                    "rhs": [[list(alt) for alt in term.alternatives] for term in inst.rhs],
                    **({"requires": list(inst.requires)} if inst.requires else {}),
                    "cells": [
                        {"pointer": p, "location": locate(p, template), "column_name": column_name(p)}
                        for p in dict.fromkeys(inst.pointers)
                    ],
                }
                for inst in instances_for(rule, template)
            ]
        rules.append(entry)
    return {
        "$comment": "The govdisclosure rule catalogue, generated from govdisclosure.rules; do not edit by hand.",
        "version": RULES_VERSION,
        "outcomes": ["pass", "fail", "not_assessable", "truncated"],
        "rules": rules,
    }


def catalogue_text() -> str:
    return json.dumps(catalogue(), ensure_ascii=False, indent=2) + "\n"
