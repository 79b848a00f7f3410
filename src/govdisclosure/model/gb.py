"""The tables of the national templates: gb2019 (国办公开办函〔2019〕60号) and gb2021 (〔2021〕30号).

Labels are the template's, verbatim. Extra rows that real reports print, and group
subtotals the template does not have, are kept rather than refused.
"""

from __future__ import annotations

from typing import Any

import attrs

from govdisclosure.model._meta import labelled
from govdisclosure.model.cells import Count, MoneyCell, SignedCount
from govdisclosure.model.narrative import KEY_PATTERN, Section

# Fields that both templates print the same way, declared once.
_SHARED: dict[str, tuple[str, str]] = {
    "administrative_coercion": ("行政强制", "Administrative coercive measures."),
    "administrative_fees": ("行政事业性收费", "Administrative and institutional fees."),
    "administrative_licensing": ("行政许可", "Administrative licensing."),
    "administrative_penalty": ("行政处罚", "Administrative penalties."),
    "applications": ("三、收到和处理政府信息公开申请情况", "Table 3: applications received and handled."),
    "art20_1": ("第二十条第（一）项", "Article 20 item 1: rules and normative documents."),
    "art20_6": ("第二十条第（六）项", "Article 20 item 6: penalties and coercive measures."),
    "art20_8": ("第二十条第（八）项", "Article 20 item 8: administrative fees."),
    "carried_forward": ("四、结转下年度继续办理", "Applications carried forward to next year."),
    "carried_over": ("二、上年结转政府信息公开申请数量", "Applications carried over from the previous year."),
    "denied": ("（三）不予公开", "Not disclosed."),
    "extra_rows": ("额外行", "Rows printed beyond the template."),
    "granted": ("（一）予以公开", "Disclosed."),
    "heading": ("标题", "The section heading as printed."),
    "label": ("行标题", "The row label exactly as printed."),
    "new_received": ("一、本年新收政府信息公开申请数量", "Applications newly received this year."),
    "not_processed": ("（五）不予处理", "Not processed."),
    "notes": ("表注", "Notes printed with the table."),
    "other": ("（六）其他处理", "Other handling."),
    "partially_granted": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "Partly disclosed."),
    "proactive_disclosure": ("二、主动公开政府信息情况", "Table 2: proactive disclosure."),
    "results": ("三、本年度办理结果", "Results of handling this year."),
    "review_litigation": ("四、政府信息公开行政复议、行政诉讼情况", "Table 4: administrative review and litigation."),
    "rules": ("规章", "Government rules (规章)."),
    "subtotal": ("小计", "A group subtotal row; not in the template, kept when printed."),
    "total": ("（七）总计", "Total of results."),
    "unable_to_provide": ("（四）无法提供", "Unable to provide."),
}


class _ShownAsTable:
    """Jupyter shows a gb table as printed (rendering lives in ``govdisclosure.display``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from govdisclosure.display import table_html

        return table_html(self)


def _shared(name: str, **options: Any) -> Any:
    label_zh, description = _SHARED[name]
    return labelled(label_zh, description, **options)


# --------------------------------------------------------------------------- Table 2


@attrs.frozen
class DocumentCounts2021:
    """第二十条第（一）项, gb2021 columns."""

    issued: Count = labelled("本年制发件数", "Documents issued this year.")
    repealed: Count = labelled("本年废止件数", "Documents repealed this year.")
    in_force: Count = labelled("现行有效件数", "Documents in force at year end.")


@attrs.frozen
class DocumentCounts2019:
    """第二十条第（一）项, gb2019 columns."""

    newly_made: Count = labelled("本年新制作数量", "Documents newly made this year.")
    newly_published: Count = labelled("本年新公开数量", "Documents newly published this year.")
    total_published: Count = labelled("对外公开总数量", "Documents published in total.")


@attrs.frozen
class Decisions:
    """A row of 本年处理决定数量 (gb2021)."""

    decisions: Count = labelled("本年处理决定数量", "Decisions made this year.")


@attrs.frozen
class ItemCounts2019:
    """A row of 上一年项目数量 / 本年增/减 / 处理决定数量 (gb2019)."""

    prior_year_items: Count = labelled("上一年项目数量", "Items on the official list in the previous year.")
    change: SignedCount = labelled("本年增/减", "Change in the number of items this year (signed).")
    decisions: Count = labelled("处理决定数量", "Decisions made.")


@attrs.frozen
class FeeItems2019:
    """行政事业性收费 (gb2019): item counts, not amounts."""

    prior_year_items: Count = labelled("上一年项目数量", "Fee items on the official list in the previous year.")
    change: SignedCount = labelled("本年增/减", "Change in the number of fee items this year (signed).")


@attrs.frozen
class FeeAmount2021:
    """行政事业性收费 (gb2021): the amount collected."""

    fee_amount: MoneyCell = labelled(
        "本年收费金额（单位：万元）", "Fees collected this year; the template's unit is 万元."
    )


@attrs.frozen
class Procurement2019:
    """政府集中采购 (gb2019)."""

    procurement_items: Count = labelled("采购项目数量", "Number of procurement projects.")
    procurement_amount: MoneyCell = labelled("采购总金额", "Total procurement amount; the template states no unit.")


@attrs.frozen
class Art20Item1Of2021:
    rules: DocumentCounts2021 = _shared("rules")
    normative_documents: DocumentCounts2021 = labelled("行政规范性文件", "Administrative normative documents.")


@attrs.frozen
class Art20Item1Of2019:
    rules: DocumentCounts2019 = _shared("rules")
    normative_documents: DocumentCounts2019 = labelled("规范性文件", "Normative documents.")


@attrs.frozen
class Art20Item5Of2021:
    administrative_licensing: Decisions = _shared("administrative_licensing")


@attrs.frozen
class Art20Item5Of2019:
    administrative_licensing: ItemCounts2019 = _shared("administrative_licensing")
    other_external_services: ItemCounts2019 = labelled(
        "其他对外管理服务事项", "Other external management and service items."
    )


@attrs.frozen
class Art20Item6Of2021:
    administrative_penalty: Decisions = _shared("administrative_penalty")
    administrative_coercion: Decisions = _shared("administrative_coercion")


@attrs.frozen
class Art20Item6Of2019:
    administrative_penalty: ItemCounts2019 = _shared("administrative_penalty")
    administrative_coercion: ItemCounts2019 = _shared("administrative_coercion")


@attrs.frozen
class Art20Item8Of2021:
    administrative_fees: FeeAmount2021 = _shared("administrative_fees")


@attrs.frozen
class Art20Item8Of2019:
    administrative_fees: FeeItems2019 = _shared("administrative_fees")


@attrs.frozen
class Art20Item9Of2019:
    centralized_procurement: Procurement2019 = labelled("政府集中采购", "Centralised government procurement.")


@attrs.frozen
class Table2ExtraRow:
    """A row a report prints in Table 2 that the template does not have (e.g. 其他主动公开文件)."""

    block: str = labelled(
        "所在栏目", "Key of the block the row appears in (art20_1, art20_5, ...).", schema={"pattern": KEY_PATTERN}
    )
    label: str = _shared("label", schema={"minLength": 1})
    cells: dict[str, Count] = labelled("单元格", "Cells by column key of the block (e.g. issued, repealed, in_force).")


@attrs.frozen
class ProactiveDisclosure2021(_ShownAsTable):
    """表二 二、主动公开政府信息情况 (gb2021)."""

    art20_1: Art20Item1Of2021 = _shared("art20_1")
    art20_5: Art20Item5Of2021 = labelled("第二十条第（五）项", "Article 20 item 5: administrative licensing.")
    art20_6: Art20Item6Of2021 = _shared("art20_6")
    art20_8: Art20Item8Of2021 = _shared("art20_8")
    heading: str | None = _shared("heading", default=None)
    extra_rows: tuple[Table2ExtraRow, ...] = _shared("extra_rows", default=())
    notes: tuple[str, ...] = _shared("notes", default=())


@attrs.frozen
class ProactiveDisclosure2019(_ShownAsTable):
    """表二 二、主动公开政府信息情况 (gb2019)."""

    art20_1: Art20Item1Of2019 = _shared("art20_1")
    art20_5: Art20Item5Of2019 = labelled(
        "第二十条第（五）项", "Article 20 item 5: licensing and other external services."
    )
    art20_6: Art20Item6Of2019 = _shared("art20_6")
    art20_8: Art20Item8Of2019 = _shared("art20_8")
    art20_9: Art20Item9Of2019 = labelled("第二十条第（九）项", "Article 20 item 9: centralised procurement.")
    heading: str | None = _shared("heading", default=None)
    extra_rows: tuple[Table2ExtraRow, ...] = _shared("extra_rows", default=())
    notes: tuple[str, ...] = _shared("notes", default=())


# --------------------------------------------------------------------------- Table 3


@attrs.frozen
class ApplicantRow:
    """One row of Table 3: the seven applicant columns."""

    natural_person: Count = labelled("自然人", "Natural persons.")
    commercial_enterprise: Count = labelled("商业企业", "Legal persons or other organisations: commercial enterprises.")
    research_institution: Count = labelled("科研机构", "Legal persons or other organisations: research institutions.")
    social_welfare_org: Count = labelled(
        "社会公益组织", "Legal persons or other organisations: social welfare organisations."
    )
    legal_service_org: Count = labelled(
        "法律服务机构", "Legal persons or other organisations: legal service organisations."
    )
    other_org: Count = labelled("其他", "Legal persons or other organisations: others.")
    total: Count = labelled("总计", "Total of all applicants.")
    organisations_subtotal: Count | None = labelled(
        "法人或其他组织小计",
        "A subtotal column for legal persons and other organisations; not in the template, kept when printed.",
        default=None,
    )


@attrs.frozen
class Denied:
    """（三）不予公开."""

    state_secret: ApplicantRow = labelled("1.属于国家秘密", "State secrets.")
    prohibited_by_law: ApplicantRow = labelled(
        "2.其他法律行政法规禁止公开", "Disclosure prohibited by other laws and regulations."
    )
    endangers_security_stability: ApplicantRow = labelled(
        "3.危及“三安全一稳定”", "Would endanger national, public or economic security or social stability."
    )
    third_party_rights: ApplicantRow = labelled("4.保护第三方合法权益", "Protection of third parties' lawful rights.")
    internal_affairs: ApplicantRow = labelled("5.属于三类内部事务信息", "Internal affairs information (three kinds).")
    process_information: ApplicantRow = labelled("6.属于四类过程性信息", "Process information (four kinds).")
    enforcement_case_file: ApplicantRow = labelled("7.属于行政执法案卷", "Administrative enforcement case files.")
    administrative_query: ApplicantRow = labelled("8.属于行政查询事项", "Matters of administrative query.")
    subtotal: ApplicantRow | None = _shared("subtotal", default=None)


@attrs.frozen
class UnableToProvide:
    """（四）无法提供."""

    not_held: ApplicantRow = labelled("1.本机关不掌握相关政府信息", "The agency does not hold the information.")
    requires_creation: ApplicantRow = labelled(
        "2.没有现成信息需要另行制作", "No existing information; it would have to be created."
    )
    unclear_after_correction: ApplicantRow = labelled(
        "3.补正后申请内容仍不明确", "The request is still unclear after correction."
    )
    subtotal: ApplicantRow | None = _shared("subtotal", default=None)


@attrs.frozen
class NotProcessed:
    """（五）不予处理."""

    petition_or_complaint: ApplicantRow = labelled("1.信访举报投诉类申请", "Petitions, reports and complaints.")
    duplicate: ApplicantRow = labelled("2.重复申请", "Duplicate applications.")
    publication_requested: ApplicantRow = labelled("3.要求提供公开出版物", "Requests for public publications.")
    excessive_repeated: ApplicantRow = labelled(
        "4.无正当理由大量反复申请", "Large numbers of repeated applications without good reason."
    )
    confirm_or_reissue: ApplicantRow = labelled(
        "5.要求行政机关确认或重新出具已获取信息", "Requests to confirm or reissue information already obtained."
    )
    subtotal: ApplicantRow | None = _shared("subtotal", default=None)


@attrs.frozen
class OtherProcessing:
    """（六）其他处理 (gb2021: three sub-rows).

    Some gb2021 reports print （六）其他处理 as one row, as gb2019 did; that row is
    kept in ``subtotal`` and the sub-rows are absent. Validation says so.
    """

    no_correction_overdue: ApplicantRow | None = labelled(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "The applicant did not correct the request in time without good reason.",
        default=None,
    )
    fee_not_paid_overdue: ApplicantRow | None = labelled(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "The applicant did not pay the fee in time.",
        default=None,
    )
    other: ApplicantRow | None = labelled("3.其他", "Other handling.", default=None)
    subtotal: ApplicantRow | None = labelled(
        "小计", "A single row for the whole group, when the report printed one.", default=None
    )


@attrs.frozen
class Results2021:
    """三、本年度办理结果 (gb2021)."""

    granted: ApplicantRow = _shared("granted")
    partially_granted: ApplicantRow = _shared("partially_granted")
    denied: Denied = _shared("denied")
    unable_to_provide: UnableToProvide = _shared("unable_to_provide")
    not_processed: NotProcessed = _shared("not_processed")
    other: OtherProcessing = _shared("other")
    total: ApplicantRow = _shared("total")


@attrs.frozen
class Results2019:
    """三、本年度办理结果 (gb2019): （六）其他处理 is a single row."""

    granted: ApplicantRow = _shared("granted")
    partially_granted: ApplicantRow = _shared("partially_granted")
    denied: Denied = _shared("denied")
    unable_to_provide: UnableToProvide = _shared("unable_to_provide")
    not_processed: NotProcessed = _shared("not_processed")
    other: ApplicantRow = _shared("other")
    total: ApplicantRow = _shared("total")


@attrs.frozen
class Table3ExtraRow:
    """A row a report prints in Table 3 that the template does not have."""

    label: str = _shared("label", schema={"minLength": 1})
    cells: ApplicantRow = labelled("单元格", "The row's cells.")
    after: str | None = labelled(
        "位置",
        "JSON Pointer of the template row it was printed after, when known.",
        default=None,
        schema={"pattern": r"^/.*"},
    )


@attrs.frozen
class Applications2021(_ShownAsTable):
    """表三 三、收到和处理政府信息公开申请情况 (gb2021, 25 rows)."""

    new_received: ApplicantRow = _shared("new_received")
    carried_over: ApplicantRow = _shared("carried_over")
    results: Results2021 = _shared("results", in_coordinates=False)
    carried_forward: ApplicantRow = _shared("carried_forward")
    heading: str | None = _shared("heading", default=None)
    extra_rows: tuple[Table3ExtraRow, ...] = _shared("extra_rows", default=())
    notes: tuple[str, ...] = _shared("notes", default=())


@attrs.frozen
class Applications2019(_ShownAsTable):
    """表三 三、收到和处理政府信息公开申请情况 (gb2019, 23 rows)."""

    new_received: ApplicantRow = _shared("new_received")
    carried_over: ApplicantRow = _shared("carried_over")
    results: Results2019 = _shared("results", in_coordinates=False)
    carried_forward: ApplicantRow = _shared("carried_forward")
    heading: str | None = _shared("heading", default=None)
    extra_rows: tuple[Table3ExtraRow, ...] = _shared("extra_rows", default=())
    notes: tuple[str, ...] = _shared("notes", default=())


# --------------------------------------------------------------------------- Table 4


@attrs.frozen
class CaseOutcomes:
    """Five cells of Table 4 for review or one kind of litigation."""

    upheld: Count = labelled("结果维持", "Decisions upheld.")
    corrected: Count = labelled("结果纠正", "Decisions corrected.")
    other: Count = labelled("其他结果", "Other outcomes.")
    pending: Count = labelled("尚未审结", "Not yet concluded.")
    total: Count = labelled("总计", "Total.")


@attrs.frozen
class ReviewLitigation(_ShownAsTable):
    """表四 四、政府信息公开行政复议、行政诉讼情况 (15 cells)."""

    administrative_review: CaseOutcomes = labelled("行政复议", "Administrative review.")
    litigation_direct: CaseOutcomes = labelled(
        "行政诉讼 · 未经复议直接起诉", "Administrative litigation filed directly, without review."
    )
    litigation_after_review: CaseOutcomes = labelled(
        "行政诉讼 · 复议后起诉", "Administrative litigation filed after review."
    )
    heading: str | None = _shared("heading", default=None)
    notes: tuple[str, ...] = _shared("notes", default=())


# --------------------------------------------------------------------------- bodies


@attrs.frozen
class Gb2021Body:
    """The six sections of a gb2021 report."""

    sections: tuple[Section, ...] = labelled(
        "文字章节",
        "Narrative sections (一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项, and the text "
        "printed under a table's heading beside the table) in printed order.",
    )
    proactive_disclosure: ProactiveDisclosure2021 = _shared("proactive_disclosure")
    applications: Applications2021 = _shared("applications")
    review_litigation: ReviewLitigation = _shared("review_litigation")


@attrs.frozen
class Gb2019Body:
    """The six sections of a gb2019 report."""

    sections: tuple[Section, ...] = labelled(
        "文字章节",
        "Narrative sections (一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项, and the text "
        "printed under a table's heading beside the table) in printed order.",
    )
    proactive_disclosure: ProactiveDisclosure2019 = _shared("proactive_disclosure")
    applications: Applications2019 = _shared("applications")
    review_litigation: ReviewLitigation = _shared("review_litigation")
