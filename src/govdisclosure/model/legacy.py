"""Reports on 2008–2018: open narrative sections, structured on-request statistics,
review and litigation counts, and the statistical annex as an open list of rows.

No binding national template existed, so every list here is open: a row or a
breakdown the spec does not know still fits, with its label as printed and an
optional canonical key.
"""

from __future__ import annotations

import decimal

import attrs

from govdisclosure.model._meta import LabelledEnum, labelled
from govdisclosure.model.cells import AnnexValue, Count, MoneyCell
from govdisclosure.model.narrative import KEY_PATTERN, Section


class ChannelKey(LabelledEnum):
    """The canonical keys of the channels applications came by (申请方式), with their rows' labels."""

    IN_PERSON = ("in_person", "当面申请", "Applications made in person.")
    FAX = ("fax", "传真申请", "Applications sent by fax.")
    ONLINE = ("online", "网络申请", "Applications made online.")
    LETTER = ("letter", "信函申请", "Applications sent by letter.")
    EMAIL = ("email", "电子邮件申请", "Applications sent by e-mail (local forms).")
    OTHER = ("other", "其他形式申请", "Applications made in other ways (local forms).")


class ReplyKey(LabelledEnum):
    """The canonical keys of the kinds of reply (申请答复), with their rows' labels."""

    ALREADY_PUBLIC = ("already_public", "属于已主动公开范围", "The information was already disclosed proactively.")
    GRANTED = ("granted", "同意公开", "Disclosure granted.")
    PARTIALLY_GRANTED = ("partially_granted", "同意部分公开", "Disclosure partly granted.")
    REFUSED = ("refused", "不同意公开", "Disclosure refused.")
    NOT_THIS_AGENCY = ("not_this_agency", "不属于本行政机关公开", "Not this agency's information to disclose.")
    DOES_NOT_EXIST = ("does_not_exist", "申请信息不存在", "The information asked for does not exist.")
    ASKED_TO_AMEND = ("asked_to_amend", "告知作出更改补充", "The applicant was asked to amend or complete the request.")
    REDIRECTED = ("redirected", "告知通过其他途径办理", "The applicant was told to use another procedure.")


class RefusalReasonKey(LabelledEnum):
    """The canonical keys of the reasons for refusal (不同意公开的原因), with their rows' labels."""

    STATE_SECRET = ("state_secret", "涉及国家秘密", "The information is a state secret.")
    COMMERCIAL_SECRET = ("commercial_secret", "涉及商业秘密", "The information is a commercial secret.")
    PERSONAL_PRIVACY = ("personal_privacy", "涉及个人隐私", "The information concerns personal privacy.")
    SECURITY_STABILITY = (
        "security_stability",
        "危及国家安全、公共安全、经济安全和社会稳定",
        "Disclosure would endanger national, public or economic security or social stability.",
    )
    NOT_GOVERNMENT_INFORMATION = (
        "not_government_information",
        "不是《条例》所指政府信息",
        "Not government information in the sense of the Regulations.",
    )
    OTHER_LEGAL_GROUNDS = ("other_legal_grounds", "法律法规规定的其他情形", "Other grounds laws and regulations give.")


#: The canonical keys of a breakdown's lines, by breakdown.
BREAKDOWN_KEYS: dict[str, type[LabelledEnum]] = {
    "channels": ChannelKey,
    "replies": ReplyKey,
    "refusal reasons": RefusalReasonKey,
}


@attrs.frozen
class Breakdown:
    """One line of a breakdown: a channel, a content category, a reply kind, a reason."""

    label: str = labelled("类别", "The category exactly as printed.", schema={"minLength": 1})
    key: str | None = labelled(
        "类别键",
        "Canonical key when the category is a known one ("
        + "; ".join(f"{name}: {', '.join(key.value for key in keys)}" for name, keys in BREAKDOWN_KEYS.items())
        + ").",
        default=None,
        schema={"pattern": KEY_PATTERN},
    )
    count: Count | None = labelled("数量", "The count, when the report gives one.", default=None)
    share: decimal.Decimal | None = labelled(
        "占比（%）", "The share in percent as printed, when the report gives only a share.", default=None
    )


@attrs.frozen
class OnRequestStatistics:
    """依申请公开情况: the statistics a legacy report gives on applications."""

    received: Count | None = labelled("收到申请数", "Applications received.", default=None)
    received_by_channel: tuple[Breakdown, ...] = labelled("申请方式", "Applications received by channel.", default=())
    received_by_body: tuple[Breakdown, ...] = labelled(
        "受理机关", "Applications received by the bodies that received them.", default=()
    )
    by_content: tuple[Breakdown, ...] = labelled("申请内容", "Applications by content category.", default=())
    completed: Count | None = labelled("申请办结数", "Applications completed.", default=None)
    completed_on_time: Count | None = labelled("按时办结数", "Applications completed on time.", default=None)
    completed_extended: Count | None = labelled(
        "延期办结数", "Applications completed after an extension.", default=None
    )
    replies: tuple[Breakdown, ...] = labelled("申请答复", "Replies by kind.", default=())
    refusal_reasons: tuple[Breakdown, ...] = labelled("不同意公开原因", "Refusals by reason.", default=())
    carried_forward: Count | None = labelled(
        "结转下年度办理数", "Applications carried forward to next year.", default=None
    )
    fees: MoneyCell | None = labelled(
        "依申请公开信息收取的费用", "Fees charged for information provided on request.", default=None
    )
    fee_reductions: MoneyCell | None = labelled("减免费用", "Fees reduced or waived.", default=None)


@attrs.frozen
class ReviewCounts:
    """行政复议: counts a legacy report gives."""

    total: Count | None = labelled("行政复议数量", "Administrative review cases.", default=None)
    upheld: Count | None = labelled("维持具体行政行为数", "Decisions upheld.", default=None)
    corrected: Count | None = labelled("被依法纠错数", "Decisions corrected.", default=None)
    other: Count | None = labelled("其他情形数", "Other outcomes.", default=None)


@attrs.frozen
class LitigationCounts:
    """行政诉讼: counts a legacy report gives."""

    total: Count | None = labelled("行政诉讼数量", "Administrative litigation cases.", default=None)
    upheld_or_dismissed: Count | None = labelled(
        "维持具体行政行为或者驳回原告诉讼请求数", "Decisions upheld or claims dismissed.", default=None
    )
    corrected: Count | None = labelled("被依法纠错数", "Decisions corrected.", default=None)
    other: Count | None = labelled("其他情形数", "Other outcomes.", default=None)


@attrs.frozen
class LegacyReviewLitigation:
    """因政府信息公开申请行政复议、提起行政诉讼的情况 (legacy)."""

    review: ReviewCounts | None = labelled("行政复议", "Administrative review.", default=None)
    litigation: LitigationCounts | None = labelled("行政诉讼", "Administrative litigation.", default=None)
    complaints: Count | None = labelled("举报投诉数量", "Reports and complaints about disclosure work.", default=None)


@attrs.frozen
class AnnexRow:
    """One row of a statistical annex, as printed."""

    label: str = labelled("统计指标", "The indicator exactly as printed, numbering included.", schema={"minLength": 1})
    values: tuple[AnnexValue, ...] = labelled("统计数", "The row's values, one per value column of the annex.")
    unit: str | None = labelled("单位", "The unit as printed (条, 件, 次, 人, 万元, ...).", default=None)
    key: str | None = labelled(
        "指标键",
        "Canonical key when the row is a known one (e.g. on_request.received, proactive.total).",
        default=None,
        schema={"pattern": r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"},
    )
    code: str | None = labelled("代码", "The row code some forms print.", default=None)


@attrs.frozen
class StatisticalAnnex:
    """《政府信息公开情况统计表》 or a local form: an open list of rows."""

    rows: tuple[AnnexRow, ...] = labelled("统计行", "The rows in printed order.")
    title: str | None = labelled("表名", "The annex title as printed.", default=None)
    columns: tuple[str, ...] = labelled(
        "统计列", "Headings of the value columns as printed (e.g. 统计数; 2009年度, 历年累计).", default=("统计数",)
    )


@attrs.frozen
class LegacyBody:
    """The body of a report on 2008–2018."""

    sections: tuple[Section, ...] = labelled("文字章节", "Narrative sections in printed order.")
    on_request: OnRequestStatistics | None = labelled("依申请公开情况", "Statistics on applications.", default=None)
    review_litigation: LegacyReviewLitigation | None = labelled(
        "行政复议、行政诉讼情况", "Review and litigation counts.", default=None
    )
    annex: StatisticalAnnex | None = labelled("统计附表", "The statistical annex.", default=None)
