"""The templates' tables as the extractor matches them: rows, columns and their labels.

The official labels come from the model's field metadata (declared once there); what
this module adds is what real reports print instead: wording drift, missing numbering,
fragments a PDF conversion leaves, the words that tell one row from another.
"""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Iterable
from typing import Any

import attrs

from govdisclosure import _introspect
from govdisclosure.coordinates import TABLE3
from govdisclosure.extraction._normalize import label_key, leading_number
from govdisclosure.model import (
    ApplicantRow,
    CaseOutcomes,
    CellKind,
    Gb2019Body,
    Gb2021Body,
    Template,
)

#: Words that identify a row or a column beyond its official label (folded keys).
#: Keyed by model field name; the official label's own key always counts too.
VARIANTS: dict[str, tuple[str, ...]] = {
    # Table 3 rows
    "new_received": ("本年新收", "新收政府信息公开申请", "本年收到"),
    "carried_over": ("上年结转", "上年度结转", "上年转结"),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开",),
    "state_secret": ("国家秘密",),
    "prohibited_by_law": ("法律行政法规禁止公开", "行政法规禁止公开", "其他法律行政法规", "法律法规禁止公开"),
    "endangers_security_stability": ("三安全一稳定", "危及三安全"),
    "third_party_rights": ("第三方合法权益", "保护第三方"),
    "internal_affairs": ("三类内部事务", "内部事务信息"),
    "process_information": ("四类过程性", "过程性信息"),
    "enforcement_case_file": ("行政执法案卷", "执法案卷"),
    "administrative_query": ("行政查询事项", "行政查询"),
    "not_held": ("不掌握相关政府信息", "本机关不掌握", "不掌握"),
    "requires_creation": ("另行制作", "没有现成信息"),
    "unclear_after_correction": ("补正后申请内容仍不明确", "仍不明确"),
    "petition_or_complaint": ("信访举报投诉", "信访举报", "举报投诉类"),
    "duplicate": ("重复申请",),
    "publication_requested": ("公开出版物",),
    "excessive_repeated": ("大量反复", "无正当理由大量"),
    "confirm_or_reissue": ("确认或重新出具", "重新出具已获取", "确认或重新"),
    "no_correction_overdue": ("逾期不补正", "无正当理由逾期"),
    "fee_not_paid_overdue": ("缴纳费用", "收费通知", "逾期未按收费"),
    "carried_forward": ("结转下年度", "结转下一年", "转下年度", "结转至下年", "下年度继续办理"),
    # Table 3 columns
    "natural_person": ("自然人",),
    "commercial_enterprise": ("商业企业",),
    "research_institution": ("科研机构",),
    "social_welfare_org": ("社会公益组织", "社会公益"),
    "legal_service_org": ("法律服务机构", "法律服务"),
    "organisations_subtotal": ("法人或其他组织小计", "小计"),
    "other_org": ("其他组织",),
    "total": ("合计",),
    # Table 2
    "rules": ("规章",),
    "normative_documents": ("规范性文件", "行政规范性文件"),
    "administrative_licensing": ("行政许可",),
    "other_external_services": ("其他对外管理服务事项", "对外管理服务"),
    "administrative_penalty": ("行政处罚",),
    "administrative_coercion": ("行政强制",),
    "administrative_fees": ("行政事业性收费",),
    "centralized_procurement": ("政府集中采购", "集中采购"),
    "issued": ("本年制发件数", "本年制发", "制发件数"),
    "repealed": ("本年废止件数", "本年废止", "废止件数"),
    "in_force": ("现行有效件数", "现行有效"),
    "newly_made": ("本年新制作数量", "本年新制作", "新制作"),
    "newly_published": ("本年新公开数量", "本年新公开", "新公开"),
    "total_published": ("对外公开总数量", "对外公开总数"),
    "prior_year_items": ("上一年项目数量", "上一年项目", "上年项目数量"),
    "change": ("本年增减", "增减"),
    "decisions": ("处理决定数量", "本年处理决定", "处理决定"),
    "fee_amount": ("本年收费金额", "收费金额"),
    "procurement_items": ("采购项目数量", "采购项目"),
    "procurement_amount": ("采购总金额", "采购金额"),
    # Table 4
    "administrative_review": ("行政复议",),
    "litigation_direct": ("未经复议直接起诉", "直接起诉"),
    "litigation_after_review": ("复议后起诉",),
    "upheld": ("结果维持", "维持"),
    "corrected": ("结果纠正", "纠正"),
    "pending": ("尚未审结", "未审结"),
}

#: Group rows of Table 3: their own words (a row printed with the group's label and
#: numbers is the group's subtotal).
GROUP_VARIANTS: dict[str, tuple[str, ...]] = {
    "results": ("本年度办理结果", "办理结果"),
    "denied": ("不予公开",),
    "unable_to_provide": ("无法提供",),
    "not_processed": ("不予处理",),
    "other": ("其他处理",),
}


@attrs.frozen
class RowSpec:
    """A numeric row of a table, where it goes in the document and how it is recognised."""

    pointer: str
    label: str
    keys: tuple[str, ...]
    group: str | None = None
    number: int | None = None
    #: A row a report may leave out without a word (the sub-rows of （六）其他处理 when a
    #: gb2021 report prints it as one row).
    optional: bool = False


@attrs.frozen
class ColumnSpec:
    name: str
    label: str
    keys: tuple[str, ...]
    kind: CellKind


def _keys(name: str, label: str) -> tuple[str, ...]:
    out = [label_key(label)]
    out.extend(label_key(v) for v in VARIANTS.get(name, ()))
    return tuple(dict.fromkeys(k for k in out if k))


def _field_type(cls: type, name: str) -> Any:
    return _introspect.strip_optional(_introspect.fields_by_name(cls)[name].type)[0]


# --------------------------------------------------------------------------- Table 3


@attrs.frozen
class Table3Spec:
    template: Template
    rows: tuple[RowSpec, ...]
    #: The subtotal row of each group, by group name (and the single row of （六） in gb2021).
    subtotals: dict[str, RowSpec]
    columns: tuple[ColumnSpec, ...]
    subtotal_column: ColumnSpec


@functools.cache
def table3(template: Template) -> Table3Spec:
    body = Gb2021Body if template is Template.GB2021 else Gb2019Body
    applications = _field_type(body, "applications")
    rows: list[RowSpec] = []
    subtotals: dict[str, RowSpec] = {}
    base = TABLE3

    def walk(cls: type, pointer: str, group: str | None) -> None:
        for field in _introspect.fields(cls):
            tp = _introspect.strip_optional(field.type)[0]
            name = field.name
            label = _introspect.label_zh(field)
            if tp is ApplicantRow:
                if name == "subtotal":
                    assert group is not None
                    keys = tuple(label_key(v) for v in GROUP_VARIANTS[group])
                    subtotals[group] = RowSpec(f"{pointer}/subtotal", label, keys, group)
                    continue
                optional = _introspect.strip_optional(field.type)[1]
                rows.append(
                    RowSpec(f"{pointer}/{name}", label, _keys(name, label), group, leading_number(label), optional)
                )
            elif _introspect.is_model_class(tp) and name not in ("extra_rows",):
                walk(tp, f"{pointer}/{name}", name if name in GROUP_VARIANTS and name != "results" else group)

    walk(applications, base, None)
    # （六）其他处理 as one row: gb2019's leaf, gb2021's subtotal
    if template is Template.GB2019:
        rows = [
            attrs.evolve(r, keys=(*r.keys, *(label_key(v) for v in GROUP_VARIANTS["other"])))
            if r.pointer.endswith("/results/other")
            else r
            for r in rows
        ]
    columns = tuple(
        ColumnSpec(f.name, _introspect.label_zh(f), _keys(f.name, _introspect.label_zh(f)), CellKind.COUNT)
        for f in _introspect.fields(ApplicantRow)
        if f.name != "organisations_subtotal"
    )
    subtotal_field = _introspect.fields_by_name(ApplicantRow)["organisations_subtotal"]
    subtotal_column = ColumnSpec(
        "organisations_subtotal",
        _introspect.label_zh(subtotal_field),
        _keys("organisations_subtotal", _introspect.label_zh(subtotal_field)),
        CellKind.COUNT,
    )
    return Table3Spec(template, tuple(rows), subtotals, columns, subtotal_column)


# --------------------------------------------------------------------------- Table 2


@attrs.frozen
class Table2Row:
    pointer: str
    block: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]


@attrs.frozen
class Table2Block:
    name: str
    label: str
    keys: tuple[str, ...]
    rows: tuple[Table2Row, ...]


@functools.cache
def table2(template: Template) -> tuple[Table2Block, ...]:
    body = Gb2021Body if template is Template.GB2021 else Gb2019Body
    proactive = _field_type(body, "proactive_disclosure")
    blocks = []
    for block_field in _introspect.fields(proactive):
        block_type = _introspect.strip_optional(block_field.type)[0]
        if not (block_field.name.startswith("art20_") and _introspect.is_model_class(block_type)):
            continue
        rows = []
        for row_field in _introspect.fields(block_type):
            row_type = row_field.type
            columns = tuple(
                ColumnSpec(
                    f.name,
                    _introspect.label_zh(f),
                    _keys(f.name, _introspect.label_zh(f)),
                    _introspect.cell_kind(f.type) or CellKind.COUNT,
                )
                for f in _introspect.fields(row_type)
            )
            label = _introspect.label_zh(row_field)
            rows.append(
                Table2Row(
                    f"/body/proactive_disclosure/{block_field.name}/{row_field.name}",
                    block_field.name,
                    label,
                    _keys(row_field.name, label),
                    columns,
                )
            )
        label = _introspect.label_zh(block_field)
        blocks.append(Table2Block(block_field.name, label, (label_key(label),), tuple(rows)))
    return tuple(blocks)


# --------------------------------------------------------------------------- Table 4


@attrs.frozen
class Table4Group:
    name: str
    label: str
    keys: tuple[str, ...]


@functools.cache
def table4() -> tuple[tuple[Table4Group, ...], tuple[ColumnSpec, ...]]:
    review = _field_type(Gb2021Body, "review_litigation")
    groups = []
    for field in _introspect.fields(review):
        if _introspect.strip_optional(field.type)[0] is CaseOutcomes:
            label = _introspect.label_zh(field)
            groups.append(Table4Group(field.name, label, _keys(field.name, label.split(" · ")[-1])))
    columns = tuple(
        ColumnSpec(f.name, _introspect.label_zh(f), _keys(f.name, _introspect.label_zh(f)), CellKind.COUNT)
        for f in _introspect.fields(CaseOutcomes)
    )
    return tuple(groups), columns


# --------------------------------------------------------------------------- matching


@attrs.frozen
class Match:
    """How well a printed label names a spec: 1.0 exact … 0 not at all."""

    index: int
    score: float
    fuzzy: bool = False


def match_label(text: str, candidates: Iterable[tuple[str, ...]], *, fuzzy: bool = True) -> list[Match]:
    """The candidates a printed label names, best first.

    A candidate matches when one of its keys occurs in the label (the longest key that
    occurs decides the score, so 1.属于国家秘密 beats a bare 公开). Failing that, a
    label whose characters were partly lost (2.其他法律行政止公开) matches the key it
    is close to, as a fuzzy match. A fragment (a label a conversion cut in two) names
    every candidate whose key contains it.
    """
    key = label_key(text)
    if not key:
        return []
    found: list[Match] = []
    keyed = list(candidates)
    for index, keys in enumerate(keyed):
        best = 0.0
        for k in keys:
            # a key of one or two characters (其他, 规章) names a row only as the whole label
            if k and (k in key if len(k) > 2 else k == key):
                # the more of the label the key explains, the better
                best = max(best, 0.6 + 0.4 * len(k) / max(len(key), len(k)))
        if best:
            found.append(Match(index, best))
    if found:
        found.sort(key=lambda m: -m.score)
        return found
    if len(key) >= 4:
        fragments = [i for i, keys in enumerate(keyed) if any(key in k for k in keys if len(k) > len(key))]
        if fragments:
            return [Match(i, 0.5, fuzzy=True) for i in fragments]
    if not fuzzy or len(key) < 4:
        return []
    scored = []
    for index, keys in enumerate(keyed):
        ratio = max((difflib.SequenceMatcher(None, key, k).ratio() for k in keys if len(k) >= 3), default=0.0)
        if ratio >= 0.72:
            scored.append(Match(index, 0.4 * ratio, fuzzy=True))
    scored.sort(key=lambda m: -m.score)
    return scored


def count_kinds(columns: typing.Sequence[ColumnSpec]) -> tuple[CellKind, ...]:
    return tuple(c.kind for c in columns)
