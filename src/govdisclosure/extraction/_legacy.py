"""Reports on 2008–2018: the on-request statistics the narrative states, review and
litigation counts, and the statistical annex as an open list of rows.

The narrative is read clause by clause: a clause that states a count (…申请575件,
不同意公开的有16件) is classified by its words; the label is kept as printed.
"""

from __future__ import annotations

import decimal
import itertools
import re
from collections.abc import Sequence

import attrs

from govdisclosure.extraction._layout import Piece, Row
from govdisclosure.extraction._normalize import fold, fold_mapped, label_key
from govdisclosure.extraction._tables import Observed, Placed, observe
from govdisclosure.extraction._values import marker, read_annex, words_number
from govdisclosure.model import (
    AnnexRow,
    Breakdown,
    Cell,
    CellStatus,
    LegacyReviewLitigation,
    LitigationCounts,
    Money,
    MoneyUnit,
    OnRequestStatistics,
    Placement,
    ReviewCounts,
    StatisticalAnnex,
)
from govdisclosure.model.legacy import ChannelKey, RefusalReasonKey, ReplyKey

_CONFIDENCE = 0.9

_CHANNELS = (
    (ChannelKey.IN_PERSON.value, ("当面", "现场")),
    (ChannelKey.FAX.value, ("传真",)),
    (ChannelKey.ONLINE.value, ("网络", "网上", "在线", "互联网", "网站")),
    (ChannelKey.LETTER.value, ("信函", "邮寄", "来信")),
    (ChannelKey.EMAIL.value, ("电子邮件", "邮件", "电子邮箱")),
    (ChannelKey.OTHER.value, ("电话", "其他形式", "其它形式", "其他方式")),
)
_REPLIES = (
    (ReplyKey.ALREADY_PUBLIC.value, ("已主动公开", "已经主动公开", "主动公开范围")),
    (ReplyKey.PARTIALLY_GRANTED.value, ("同意部分公开", "部分公开")),
    (ReplyKey.REFUSED.value, ("不同意公开", "不予公开", "否决公开")),
    (ReplyKey.GRANTED.value, ("同意全部公开", "同意公开", "予以公开", "全部公开")),
    (ReplyKey.NOT_THIS_AGENCY.value, ("不属于本", "非本机关", "非本部门", "不属本")),
    (ReplyKey.DOES_NOT_EXIST.value, ("信息不存在", "不存在")),
    (ReplyKey.ASKED_TO_AMEND.value, ("更正", "补充", "更改")),
    (ReplyKey.REDIRECTED.value, ("其他途径",)),
)
_REASONS = (
    (RefusalReasonKey.STATE_SECRET.value, ("国家秘密",)),
    (RefusalReasonKey.COMMERCIAL_SECRET.value, ("商业秘密",)),
    (RefusalReasonKey.PERSONAL_PRIVACY.value, ("个人隐私",)),
    (RefusalReasonKey.SECURITY_STABILITY.value, ("国家安全", "社会稳定", "公共安全")),
    (RefusalReasonKey.NOT_GOVERNMENT_INFORMATION.value, ("所指政府信息", "不是政府信息", "非政府信息")),
    (RefusalReasonKey.OTHER_LEGAL_GROUNDS.value, ("其他情形", "法律法规规定")),
)
#: A clause ends at a comma, a stop, a line's end, or an enumeration comma or an opening
#: bracket after a count (网上12件、信函20件; 不予公开9件（涉及国家秘密2件，…）).
_CLAUSE = re.compile(r"(?:[^，,；;。、（(\n]|(?<![件条宗起])[、（(])+")
#: A count and its unit; small counts of applications and cases are often written in
#: characters (受理申请一件, 行政复议两起), never for 条, 个 or 次 (一次性告知 is no count);
#: none is written 为零 (行政复议、行政诉讼的数量均为零).
_COUNT = re.compile(
    r"^(?P<label>.*?)(?:有|为|共|共计|达)?\s*"
    r"(?:(?P<n>\d+(?:,\d{3})*)\s*(?P<unit>件|条|宗|起|份|个|人次|次)"
    r"|(?<![一二两三四五六七八九十零〇])(?P<words>[一二两三四五六七八九十]{1,3})(?P<unit_words>件|宗|起)"
    r"|(?<=[为是])(?P<zero>零)(?![一二两三四五六七八九十\d]))"
)
#: Applications counted by the people who made them (共有5人次提出政府信息公开申请).
_BY_PERSON = re.compile(r"^(?:提出|提交)(?:了)?(?:政府信息公开|依申请公开)?申请")
#: The words before the count of applications received: 共受理政府信息公开申请, 收到申请,
#: 受理公民、法人和其他组织提出的政府信息公开申请, 共受理依申请公开事项, 申请总计.
_RECEIVED = re.compile(
    r"(?:受理|收到|接收|接到|共收|办理)\S{0,24}?(?:申请|依申请公开(?:事项|政府信息)?)"
    r"(?:总计|共计|合计|总数|件数|数量|共|数)?(?:为|有|达)?$"
    r"|(?:^|向\S{1,12}?)申请公开政府信息(?:共计|共)?(?:为|有|达)?$"
    r"|^(?:全年|本年度?|共)?依申请公开(?:政府信息)?(?:的)?(?:申请)?(?:数量|总数|件数|数)(?:共|共计)?(?:为|有|达)?$"
    r"|^(?:全年|本年度?)?(?:申请公开政府信息|政府信息公开申请)(?:的)?(?:数量|总数|件数|数)(?:共|共计)?(?:为|有|达)?$"
)


@attrs.define
class LegacyResult:
    on_request: OnRequestStatistics | None = None
    review_litigation: LegacyReviewLitigation | None = None
    annex: StatisticalAnnex | None = None
    cells: dict[str, Placed] = attrs.Factory(dict)
    #: The rows the annex was read from, [start, end): no narrative.
    annex_rows: tuple[int, int] | None = None


def _family(label: str, table: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    for key, words in table:
        if any(w in label for w in words):
            return key
    return None


@attrs.define
class _Clause:
    text: str
    label: str
    count: int
    start: int
    end: int
    after_of_which: bool
    #: The clause's words after the count and its unit (4件 申请均已办结).
    after: str = ""


def _clauses(folded: str) -> list[_Clause]:
    out = []
    of_which = False
    for match in _CLAUSE.finditer(folded):
        clause = match.group(0)
        stripped = clause.strip()
        if stripped.startswith("其中"):
            of_which = True
            stripped = stripped[2:].lstrip("，,：: ")
        found = _COUNT.search(stripped)
        group = next((g for g in ("n", "words", "zero") if found is not None and found.group(g) is not None), "n")
        counted = found is not None and (
            group != "n"
            or found.group("unit") in ("件", "条", "宗", "起", "份")
            or (found.group("unit") == "人次" and _BY_PERSON.match(stripped[found.end() :]) is not None)
        )
        if found and counted:
            label = found.group("label").strip()
            printed = found.group(group)
            n = int(printed.replace(",", "")) if group == "n" else 0 if group == "zero" else words_number(printed)
            if n is not None:
                # where the count stands (not the first place its digits occur: 2012年…2件)
                start = match.start() + clause.index(stripped) + found.start(group)
                out.append(_Clause(stripped, label, n, start, start + len(printed), of_which, stripped[found.end() :]))
        if clause.rstrip().endswith(("。",)) or (match.end() < len(folded) and folded[match.end()] in "。；;"):
            of_which = False
    return out


def read_legacy(
    text: str, offsets: Sequence[int | None], rows: Sequence[Row], annex_start: int | None, year: int | None = None
) -> LegacyResult:
    """The legacy statistics of a report's narrative ``text`` (its characters' source
    ``offsets`` beside it) and of its rows, for the annex."""
    result = LegacyResult()
    folded, index = fold_mapped(text)
    clauses = _clauses(folded)

    def source(position: int) -> int | None:
        if position >= len(index):
            return None
        at = index[position]
        return offsets[at] if at < len(offsets) else None

    received: tuple[int, _Clause] | None = None
    by_channel: list[tuple[str, str | None, _Clause]] = []
    by_body: list[tuple[str, _Clause]] = []
    replies: list[tuple[str, str | None, _Clause]] = []
    reasons: list[tuple[str, str, _Clause]] = []
    completed = on_time = extended = carried = None
    review = litigation = complaints = None
    in_refusals = False
    previous: _Clause | None = None
    #: Outcomes said right after a review or litigation count (其中维持1件，纠正1件).
    outcomes: dict[str, dict[str, _Clause]] = {"review": {}, "litigation": {}}
    case: str | None = None
    for clause in clauses:
        label = clause.label
        key = label_key(label)
        previous, last = clause, previous
        if last is not None and re.search(r"[。；;\n]", folded[last.end : clause.start]):
            case = None  # the sentence of the cases ended
        outcome = _case_outcome(key, case) if case is not None and clause.count is not None else None
        if case is not None and outcome is not None and outcome not in outcomes[case]:
            outcomes[case][outcome] = clause
            continue
        case = None
        if re.search(r"举报|投诉", key) and not re.search(r"申请|电话|信箱|渠道|行政复议|行政诉讼", key):
            # 收到关于政府信息公开工作的举报投诉2件
            complaints = complaints or clause
            continue
        if "行政复议" in label and review is None and "诉讼" not in label:
            review = clause
            case = "review"
            continue
        if "行政诉讼" in label and "行政复议" in label and not re.search(r"复议后|经复议", label):
            # both named: each of them (均为0件, 各1件, none at all), or their sum (共3件): not placed
            if clause.count == 0 or re.search(r"均|都|各|分别", label):
                review = review or clause
                litigation = litigation or clause
            continue
        if "行政诉讼" in label and litigation is None:
            litigation = clause
            case = "litigation"
            continue
        named_after = re.search(
            r"(?:受理|收到|接收|接到|共有|共计有)(?:了|的)?\s*\d[\d,]*\s*[件起份宗](?:各类)?"
            r"(?:(?:政府信息公开|依申请公开)?申请|(?:政府信息)?依申请公开(?:政府信息)?$)"
            r"|\d\s*人次(?:提出|提交)",
            clause.text,
        )
        if (_RECEIVED.search(key) or named_after) and not re.search(r"答复|办结|结转|按时|延期|同意|不予", key):
            channel = _family(label, _CHANNELS)
            if received is None and not clause.after_of_which and channel is None:
                received = (clause.count, clause)
                continue
            if clause.after_of_which and channel is None and received is not None:
                body = re.sub(r"(?:共)?(?:受理|收到|接收)(?:了)?(?:政府信息公开|依申请公开)?申请.*$", "", label).strip(
                    "，, "
                )
                if body:
                    by_body.append((body, clause))
                continue
        if (
            received is not None
            and (clause.after_of_which or by_body)
            and re.match(r"(?:由|来自)?(?:自然人|公民|个人|群众|法人|其他组织|企业|社会组织|律师|媒体)", key)
        ):
            # who applied (其中：自然人申请4件，法人申请1件)
            by_body.append((label.strip("，,：: "), clause))
            continue
        channel = _family(label, _CHANNELS)
        # a channel named with 申请, or in the breakdown of the applications received (其中通过网络提交112件、信函方式20件)
        listed = (received is not None and (clause.after_of_which or bool(by_channel)) and not completed) or (
            # 通过网上提交申请5件；通过信函提交2件 (not 网站公开信息120条, no application)
            bool(by_channel) and by_channel[-1][2] is last and not re.search(r"公开|发布|信息|咨询|访问|浏览", label)
        )
        if channel is not None and ("申请" in label or listed) and "办结" not in label and "答复" not in label:
            by_channel.append((label, channel, clause))
            continue
        if re.search(r"按时办结|按期办结|按时答复|按期答复", label):
            on_time = clause
            continue
        if re.search(r"延期办结|延期答复", label):
            extended = clause
            continue
        if re.search(
            r"(?:已)?办结(?:答复)?$|答复完毕$|已答复$|完成.*答复$|^(?:共|共计|全年共?)?答复(?:申请)?$"
            r"|^在?已经?(?:办结|答复)(?:答复)?的$|^(?:对申请的)?答复总数$",
            key,
        ) and (completed is None):
            completed = clause
            continue
        if (
            not key
            and completed is None
            and re.match(
                r"(?:政府信息公开)?申请(?:均|全部|都)?(?:已经?)?(?:按时|按期|依法)?(?:办结|答复|予以答复|办理完毕)",
                clause.after,
            )
        ):
            completed = clause  # 4件申请均已办结: what was counted said after the count
            continue
        if re.search(r"上年|上一年|去年|以前年度", label) and "结转" in label:
            continue  # carried over from last year: part of what was handled, not carried forward
        if re.search(r"结转", label) or re.search(r"结转", clause.text[len(label) :]):
            carried = clause
            continue
        reason = _family(label, _REASONS)
        if reason is not None and (in_refusals or clause.after_of_which):
            reasons.append((label, reason, clause))
            continue
        reply = _family(label, _REPLIES)
        if reply is not None and _catalogue_count(key, folded, clause.start):
            continue
        if reply is not None:
            replies.append((label, reply, clause))
            in_refusals = reply == "refused"
            continue
        other_kind = re.search(r"无法提供|不予处理|其他处理|不予受理|告知补正", key)
        follows = bool(replies) and replies[-1][2] is last
        if follows and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", key) and (other_kind or not in_refusals):
            # another kind of reply in the same list (无法提供的18件, 不予处理的6件): kept as printed
            replies.append((label, None, clause))
            in_refusals = False
            continue
    if received is None and not by_channel and not replies:
        # 未收到政府信息公开申请: none received, said in words
        said = _NONE_RECEIVED.search(folded)
        if said is not None:
            received = (0, _Clause(said.group(0), said.group(0), 0, said.start(), said.end(), False))
    base = "/body/on_request"

    def place(pointer: str, clause: _Clause) -> int:
        start, end = source(clause.start), source(clause.end - 1)
        piece = Piece(folded[clause.start : clause.end], start, None if end is None else end + 1)
        result.cells[pointer] = Placed(pointer, clause.count, piece, _CONFIDENCE, Placement.NARRATIVE)
        return clause.count

    fees = _fees(text)
    if any(x is not None for x in (received, completed, carried, fees)) or by_channel or replies:
        values: dict[str, object] = {}
        if received is not None:
            values["received"] = place(f"{base}/received", received[1])
        values["received_by_channel"] = tuple(
            Breakdown(_clean(label), key, place(f"{base}/received_by_channel/{i}/count", c))
            for i, (label, key, c) in enumerate(by_channel)
        )
        if len(by_body) == 1 and received is not None and by_body[0][1].count != received[0]:
            by_body = []  # 其中自然人申请4件 alone names a part, not a breakdown of the whole
        values["received_by_body"] = tuple(
            Breakdown(label, None, place(f"{base}/received_by_body/{i}/count", c))
            for i, (label, c) in enumerate(by_body)
        )
        values["by_content"] = tuple(_shares(text))
        if completed is not None:
            values["completed"] = place(f"{base}/completed", completed)
        if on_time is not None:
            values["completed_on_time"] = place(f"{base}/completed_on_time", on_time)
        if extended is not None:
            values["completed_extended"] = place(f"{base}/completed_extended", extended)
        values["replies"] = tuple(
            Breakdown(_clean(label), key, place(f"{base}/replies/{i}/count", c))
            for i, (label, key, c) in enumerate(replies)
        )
        values["refusal_reasons"] = tuple(
            Breakdown(_clean(label), key, place(f"{base}/refusal_reasons/{i}/count", c))
            for i, (label, key, c) in enumerate(reasons)
        )
        if carried is not None:
            values["carried_forward"] = place(f"{base}/carried_forward", carried)
        if fees is not None:
            values["fees"] = fees
        reductions = _fee_reductions(text)
        if reductions is not None:
            values["fee_reductions"] = reductions
        result.on_request = OnRequestStatistics(**values)  # type: ignore[arg-type]
    if review is None or litigation is None:
        # 未发生因政府信息公开申请提起的行政复议、行政诉讼: none, said in words
        for kind, span in _none_happened(folded):
            if kind == "行政复议" and review is None:
                review = _Clause(folded[span[0] : span[1]], kind, 0, span[0], span[1], False)
            elif kind == "行政诉讼" and litigation is None:
                litigation = _Clause(folded[span[0] : span[1]], kind, 0, span[0], span[1], False)
    if complaints is None:
        # 未收到…举报投诉: none, said in words
        said_none = re.search(
            r"(?:未|没有|无)(?:收到|发生|接到|出现|有)?[^。；;，,\d]{0,20}?(?:举报投诉|投诉举报|举报|投诉)(?!电话|信箱|渠道)",
            folded,
        )
        if said_none is not None:
            complaints = _Clause(said_none.group(0), "举报投诉", 0, said_none.start(), said_none.end(), False)
    if review is not None or litigation is not None or complaints is not None:
        rl = "/body/review_litigation"

        def stated(case: str) -> dict[str, int]:
            return {name: place(f"{rl}/{case}/{name}", c) for name, c in outcomes[case].items()}

        result.review_litigation = LegacyReviewLitigation(
            review=ReviewCounts(total=place(f"{rl}/review/total", review), **stated("review"))
            if review is not None
            else None,
            litigation=LitigationCounts(total=place(f"{rl}/litigation/total", litigation), **stated("litigation"))
            if litigation is not None
            else None,
            complaints=place(f"{rl}/complaints", complaints) if complaints is not None else None,
        )
    if annex_start is not None:
        result.annex = _annex(rows, annex_start, result)
        fill_from_annex(result, year)
    return result


#: No application received, said in words (未收到政府信息公开申请, 没有受理依申请公开事项,
#: 没有收到群众的政府信息公开申请, 未收到申请公开政府信息件, 无依申请公开情况): not where a
#: kind of application or a reply is denied (未收到涉密…申请).
_NONE_RECEIVED = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收|发生)"
    r"(?:任何|过|群众|公民|社会公众|公众|个人|法人|和|或|及|、|其他组织|提出|有关|相关|的)*"
    r"(?:(?:政府信息公开|依申请公开)(?:的)?(?:申请|事项)|申请公开政府信息)|无依申请公开(?:政府信息)?(?:情况|事项|申请)"
    r"|(?:没有|无)(?:任何)?(?:政府信息公开|依申请公开)(?:的)?申请(?=[。；;，,\n]|$)"
)

_NONE_HAPPENED = re.compile(
    r"(?:未|没有|无|不存在)(?:发生|出现|收到|接到|产生|有)?[^。；;，,\d]{0,30}?"
    r"(行政复议|行政诉讼)(?:\s*(?:或者|以及|[、和及与或])\s*(?:被)?(?:提起|申请|引起|引发)?\s*(行政复议|行政诉讼))?"
)


def _case_outcome(key: str, case: str) -> str | None:
    """The outcome a clause right after a review or litigation count names (其中维持1件,
    纠正1件, 法院判决驳回1件, 其他1件), as the case's field; None for any other clause."""
    if len(key) > 14 or re.search(r"申请|公开|答复|办结|信息", key):
        return None
    if re.search(r"纠正|纠错|撤销|确认违法|责令|败诉", key):
        return "corrected"
    if re.search(r"维持|驳回", key):
        return "upheld" if case == "review" else "upheld_or_dismissed"
    if re.search(r"其他|其它|终止|撤回", key):
        return "other"
    return None


def _catalogue_count(key: str, folded: str, at: int) -> bool:
    """A count of information by the way it is disclosed, not of replies: 主动公开信息734条，
    依申请公开信息12条，不予公开信息27条 counts the items of the disclosure catalogue."""
    if not re.search(r"(?:不予公开|依申请公开|部分公开)(?:的)?(?:政府)?信息$", key):
        return False
    start = max(folded.rfind(stop, 0, at) for stop in "。；;\n") + 1
    return re.search(r"主动公开(?:的)?(?:政府)?信息", folded[start:at]) is not None


def _none_happened(folded: str) -> list[tuple[str, tuple[int, int]]]:
    """Review or litigation said in words not to have happened (未发生…行政复议、行政诉讼;
    没有…行政诉讼案件), each with the span of the words that say so. Not where the words
    deny an outcome only (未发生被纠错的行政复议 says nothing of how many there were)."""
    out = []
    for match in _NONE_HAPPENED.finditer(folded):
        phrase = match.group(0)
        # an outcome denied (未发生被行政复议纠错的情况), not the agency being the party
        # reviewed or sued (未发生…被申请行政复议、被提起行政诉讼的情况)
        outcome = r"纠错|败诉|撤销|确认违法|维持|驳回|被(?:行政复议|行政诉讼|复议机关|法院)"
        if re.search(outcome, phrase) or re.match(
            r"[^。；;，,]{0,6}?(?:纠错|败诉|撤销|确认违法)", folded[match.end() :]
        ):
            continue
        for group in (1, 2):
            if match.group(group):
                out.append((match.group(group), (match.start(), match.end())))
    return out


def _clean(label: str) -> str:
    label = re.sub(r"^(?:其中|从申请形式来看|从申请方式来看|在已办结答复的.*?中|另有)[，,：:]?", "", label).strip()
    label = re.sub(r"(?:有|为|共|共计)$", "", label).strip()
    return label or "（未注明）"


def _shares(text: str) -> list[Breakdown]:
    out = []
    for match in re.finditer(
        r"(?:涉及)?([\u4e00-\u9fff、和及与]{2,24}?(?:类)?信息)(?:的)?占(?:总数的)?(\d+(?:\.\d+)?)%", fold(text)
    ):
        out.append(Breakdown(match.group(1), None, None, decimal.Decimal(match.group(2))))
    return out


def _sentences(text: str) -> list[str]:
    """The text folded, cut after each sentence's stop (。；) and at each line's end."""
    return re.split(r"(?<=[。；;\n])", fold(text))


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")
#: Words right before an amount that make it an amount reduced or waived.
_REDUCED = re.compile(r"(?:减免|免收|减收|免除)[^，,。；;\d]{0,8}$")


def _fee_reductions(text: str) -> Money | None:
    """The fees reduced or waived (减免费用30元; 无减免情况 is none), where said."""
    for sentence in _sentences(text):
        for amount in _AMOUNT.finditer(sentence):
            if _REDUCED.search(sentence[: amount.start()]):
                unit = MoneyUnit.WAN_YUAN if amount.group(2) == "万元" else MoneyUnit.YUAN
                return Money(decimal.Decimal(amount.group(1)), unit, sentence.strip())
        if re.search(r"(?:无|未|没有|不存在)(?:发生|产生|出现|任何)?(?:费用)?(?:减免|免收)", sentence):
            return Money(decimal.Decimal(0), MoneyUnit.YUAN, sentence.strip())
    return None


def _fees(text: str) -> Money | Cell | None:
    for sentence in _sentences(text):
        if "收取" not in sentence or "费" not in sentence:
            continue
        # an amount reduced or waived (减免费用30元) is not what was charged
        amount = next((m for m in _AMOUNT.finditer(sentence) if not _REDUCED.search(sentence[: m.start()])), None)
        if amount:
            unit = MoneyUnit.WAN_YUAN if amount.group(2) == "万元" else MoneyUnit.YUAN
            return Money(decimal.Decimal(amount.group(1)), unit, sentence.strip())
        if re.search(r"(?:未|没有)(?:[向对][^。]*?)?收取|不收取|均未收取|无收费", sentence):
            return Money(decimal.Decimal(0), MoneyUnit.YUAN, sentence.strip())
    for sentence in _sentences(text):
        # 全年未发生政府信息公开收费情况: no fee charged, said without 收取
        if re.search(r"(?:未|没有|无)(?:发生|产生|出现)?[^。；;，,\d]{0,16}?收费(?:情况|行为|事项)?", sentence):
            return Money(decimal.Decimal(0), MoneyUnit.YUAN, sentence.strip())
    return None


_UNITS = ("条", "件", "次", "个", "人", "人次", "篇", "万元", "元", "项", "期", "场")

#: Rows of the national statistical annex (spec §3.2) by the words of their label, in the
#: form's order; a word list starting with a context (review, litigation) applies only
#: below that block's own row. The first entry whose words all occur names the row.
ANNEX_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proactive.normative_documents_issued", ("制发规范性文件",)),
    ("proactive.normative_documents", ("主动公开规范性文件",)),
    ("proactive.total", ("主动公开政府信息数",)),
    ("proactive.channels.gazette", ("政府公报",)),
    ("proactive.channels.website", ("政府网站公开",)),
    ("proactive.channels.weibo", ("政务微博",)),
    ("proactive.channels.wechat", ("政务微信",)),
    ("proactive.channels.other", ("其他方式公开",)),
    ("response.channels.press_conferences_by_head", ("负责同志", "新闻发布会")),
    ("response.channels.online_interviews_by_head", ("负责同志", "在线访谈")),
    ("response.hot_topics", ("回应公众关注热点",)),
    ("response.hot_topics", ("重大舆情数",)),
    ("response.channels.press_conferences", ("新闻发布会",)),
    ("response.channels.online_interviews", ("在线访谈",)),
    ("response.channels.interpretation_articles", ("解读稿件",)),
    ("response.channels.weibo_wechat_responses", ("微博微信回应",)),
    ("response.channels.other_responses", ("其他方式回应",)),
    ("on_request.received.in_person", ("当面申请",)),
    ("on_request.received.fax", ("传真申请",)),
    ("on_request.received.online", ("网络申请",)),
    ("on_request.received.online", ("网上申请",)),
    ("on_request.received.letter", ("信函申请",)),
    ("on_request.received", ("收到申请",)),
    ("on_request.received", ("受理", "申请", "总数")),
    ("on_request.received", ("申请总数",)),
    ("on_request.completed.on_time", ("按时办结",)),
    ("on_request.completed.extended", ("延期办结",)),
    ("on_request.completed", ("申请办结",)),
    ("on_request.replies.already_public", ("已主动公开",)),
    ("on_request.replies.partially_granted", ("同意部分公开",)),
    ("on_request.replies.partially_granted", ("部分公开",)),
    ("on_request.replies.refused", ("不同意公开",)),
    ("on_request.replies.refused", ("否决公开",)),
    ("on_request.replies.refused", ("不予公开",)),
    ("on_request.replies.granted", ("同意公开",)),
    ("on_request.replies.refused.state_secret", ("国家秘密",)),
    ("on_request.replies.refused.commercial_secret", ("商业秘密",)),
    ("on_request.replies.refused.personal_privacy", ("个人隐私",)),
    ("on_request.replies.refused.security_stability", ("国家安全",)),
    ("on_request.replies.refused.not_government_information", ("所指政府信息",)),
    ("on_request.replies.refused.other_legal_grounds", ("法律法规规定的其他情形",)),
    ("on_request.replies.not_this_agency", ("不属于本",)),
    ("on_request.replies.not_this_agency", ("非本部门",)),
    ("on_request.replies.does_not_exist", ("不存在",)),
    ("on_request.replies.asked_to_amend", ("更改补充",)),
    ("on_request.replies.asked_to_amend", ("更正补充",)),
    ("on_request.replies.redirected", ("其他途径",)),
    ("on_request.replies", ("申请答复数",)),
    ("on_request.replies", ("答复总数",)),
    ("on_request.received.email", ("电子邮件申请",)),
    ("on_request.received.other", ("其他形式申请",)),
    ("on_request.received.other", ("其它形式申请",)),
    ("review.total", ("行政复议数",)),
    ("litigation.total", ("行政诉讼数",)),
    ("litigation.upheld_or_dismissed", ("驳回",)),
    ("review.upheld", ("review", "维持")),
    ("review.corrected", ("review", "纠错")),
    ("review.other", ("review", "其他情形")),
    ("litigation.corrected", ("litigation", "纠错")),
    ("litigation.other", ("litigation", "其他情形")),
    ("complaints.total", ("举报投诉",)),
    ("fees_wan_yuan", ("收取的费用",)),
    ("capacity.dedicated_units", ("专门机构",)),
    ("capacity.reading_points", ("查阅点",)),
    ("capacity.staff.full_time", ("专职人员",)),
    ("capacity.staff.part_time", ("兼职人员",)),
    ("capacity.staff", ("工作人员数",)),
    ("capacity.budget_wan_yuan", ("专项经费",)),
    ("meetings_training.meetings", ("会议",)),
    ("meetings_training.training_sessions", ("培训班",)),
    ("meetings_training.trainees", ("接受培训",)),
    # the simpler local forms of 2008–2013 (主动公开信息数; 其中:1.政府网站 2.政府公报)
    ("proactive.total", ("主动公开信息数",)),
    ("proactive.channels.website", ("政府网站",)),
)


def annex_key(label: str, context: str | None) -> str | None:
    """The canonical key of an annex row, when its label names a row of the national form
    (a note in brackets, such as 不包括政府公报…, is not part of the name)."""
    key = label_key(re.sub(r"[（(][^（()）]{4,}[)）]", "", fold(label)))
    for name, words in ANNEX_KEYS:
        if words[0] in ("review", "litigation"):
            if context != words[0]:
                continue
            words = words[1:]
        if all(w in key for w in words):
            # 其中：全文电子化的主动公开信息数 is a part of the total its words name
            return None if name in _TOTALS and key.startswith("其中") else name
    return None


#: Keys of rows that a 其中 row is a part of, never itself.
_TOTALS = frozenset(
    {"proactive.total", "on_request.received", "on_request.replies", "review.total", "litigation.total"}
)


def is_annex_row(label: str) -> bool:
    return annex_key(label, None) is not None


#: Annex keys that fill the on-request statistics when the narrative does not state them.
_ON_REQUEST_FIELDS = {
    "on_request.received": "received",
    "on_request.completed": "completed",
    "on_request.completed.on_time": "completed_on_time",
    "on_request.completed.extended": "completed_extended",
}


#: Cells of an annex row that print no figure.
_NO_DATA = frozenset({CellStatus.DASH, CellStatus.SLASH, CellStatus.BLANK})


#: Headings of an annex's label, unit and code columns (spaces removed: 指 标 名 称).
_LABEL_HEADINGS = frozenset({"统计指标", "指标名称", "指标", "项目", "统计项目", "单位", "计量单位"})
_CODE_HEADINGS = frozenset({"代码", "编码", "编号", "行次", "序号", "栏次"})
#: A heading of a value column: 统计数, 数量, 2009年度, 本期实际, 本年累计, 历年累计.
_VALUE_HEADING = re.compile(r"^(?:统计数|数量|数值|合计|\d{4}年.*|.*(?:年度|累计|本期|本年|全年|实际|上年).*)$")


def annex_headings(row: Row) -> list[str] | None:
    """The headings of an annex's header row, or None when the row is no header."""
    headings: list[str] = []
    single = False
    for piece in row.pieces:
        text = re.sub(r"\s+", "", fold(piece.text))
        if not text:
            continue
        if single and len(text) == 1 and headings:
            headings[-1] += text  # 指 标 名 称, a heading spaced out one character at a time
        else:
            headings.append(text)
        single = len(text) == 1
    known = [h for h in headings if h in _LABEL_HEADINGS or h in _CODE_HEADINGS or _VALUE_HEADING.match(h)]
    if len(known) < 2 or not any(h in _LABEL_HEADINGS or h in ("统计数", "数量") for h in known):
        return None
    return headings


def _numbering_row(obs: Observed) -> bool:
    """甲 | 乙 | 丙 | 1 | 2: the row that numbers a statistical form's columns."""
    cells = [re.sub(r"\s+", "", fold(p.text)) for p in obs.row.pieces if p.text.strip()]
    return "甲" in cells and all(c in "甲乙丙丁戊己" or re.fullmatch(r"\d{1,2}", c) for c in cells)


def _code_first(observed: Sequence[Observed], headings: list[str] | None) -> bool:
    """Whether the first figure of each row is the row's code (代码 01, 02, …): said by a
    heading over it, or shown by the codes themselves (numbers of two or three digits,
    zero-padded, rising row by row)."""
    if headings is not None:
        rest = [h for h in headings if h not in _LABEL_HEADINGS]
        return bool(rest) and rest[0] in _CODE_HEADINGS
    firsts = [fold(o.values[0].text).strip() for o in observed if len(o.values) >= 2 and not _numbering_row(o)]
    if len(firsts) < 3 or not all(re.fullmatch(r"\d{2,3}", f) for f in firsts):
        return False
    numbers = [int(f) for f in firsts]
    return any(f.startswith("0") for f in firsts) and all(a < b for a, b in itertools.pairwise(numbers))


def _transposed(observed: Sequence[Observed], result: LegacyResult) -> StatisticalAnnex | None:
    """An annex printed across (申请总数 | 当面申请 | … over one row of figures): a row of
    the annex under each heading, a value column for each row of figures (named by the
    row's label: 2011年 | 2012年). None when the table is not printed so."""
    data = [o for o in observed if o.row.grid and o.values]
    if not data:
        return _transposed_lines(observed, result)
    if any(o.row.table != data[0].row.table or o.header != data[0].header for o in data):
        return None
    header = data[0].header
    heads = [header.get(c, "").strip() for c in data[0].value_columns]
    return _across(observed, data, heads, result)


def across_heads(row: Row) -> bool:
    """A line printing two or more of the form's rows as words, and no figure: the
    headings of statistics printed across."""
    words = [p.text for p in row.pieces if p.text.strip()]
    return not row.grid and not any(re.search(r"\d", w) for w in words) and sum(is_annex_row(w) for w in words) >= 2


def _transposed_lines(observed: Sequence[Observed], result: LegacyResult) -> StatisticalAnnex | None:
    """The same printed as lines: a line of the form's rows as words, each line after it
    as many figures (after a label naming the line, such as its year)."""
    for i, obs in enumerate(observed):
        if obs.values or not across_heads(obs.row):
            continue
        heads = [p.text.strip() for p in obs.labels if p.text.strip()]
        data = []
        for nxt in observed[i + 1 :]:
            named = [p for p in nxt.labels if p.text.strip()]
            if len(nxt.values) != len(heads) or len(named) > 1:
                break
            data.append(nxt)
        return _across(observed, data, heads, result) if data else None
    return None


def _across(
    observed: Sequence[Observed], data: Sequence[Observed], heads: Sequence[str], result: LegacyResult
) -> StatisticalAnnex | None:
    """The annex of a table printed across: ``heads`` over each of the ``data`` rows' figures."""
    named = [annex_key(h, None) for h in heads]
    if len(heads) < 2 or not all(heads) or len(set(heads)) < len(heads) or sum(k is not None for k in named) < 2:
        return None
    if any(o.value_columns != data[0].value_columns or len(o.values) != len(heads) for o in data):
        return None
    labels = [o.label.strip() for o in data]
    if len(data) > 1 and not all(labels):
        return None  # several rows of figures, not one of them named
    columns = tuple(labels) if all(labels) else ("统计数",)
    rows: list[AnnexRow] = []
    context: str | None = None
    for c, head in enumerate(heads):
        key = annex_key(head, context)
        if key in ("review.total", "litigation.total"):
            context = key.split(".")[0]
        values = []
        for j, obs in enumerate(data):
            piece = obs.values[c]
            read = read_annex(piece.text)
            pointer = f"/body/annex/rows/{len(rows)}/values/{j}"
            result.cells[pointer] = Placed(pointer, read.value, piece, 0.95, Placement.LABEL)
            values.append(read.value)
        unit = re.search(r"[（(](" + "|".join(_UNITS) + r")[)）]$", fold(head))
        rows.append(AnnexRow(head, tuple(values), unit.group(1) if unit else None, key))  # type: ignore[arg-type]
    title = next(
        (
            (o.row.line or o.row.text).strip()
            for o in observed
            if not o.row.grid and re.search(r"(统计表|附表|表\s*\d)", o.row.text)
        ),
        None,
    )
    result.annex_rows = (observed[0].index, data[-1].index + 1)
    return StatisticalAnnex(tuple(rows), title if title and len(title) < 60 else None, columns)


def _annex(rows: Sequence[Row], start: int, result: LegacyResult) -> StatisticalAnnex | None:
    observed, _headers = observe(rows[start:], start)
    across = _transposed(observed[: _table_end(observed)], result)
    if across is not None:
        return across
    annex_rows: list[AnnexRow] = []
    title = None
    columns: tuple[str, ...] | None = None
    headings: list[str] | None = None
    context: str | None = None
    for obs in observed:
        if headings is None and not obs.values and (found := annex_headings(obs.row)) is not None:
            headings = found
    code_first = _code_first(observed, headings)
    if headings is not None:
        columns = tuple(h for h in headings if h not in _LABEL_HEADINGS and h not in _CODE_HEADINGS)
    end = start
    for obs in observed:
        if title is None and not obs.values and re.search(r"(统计表|附表)", obs.row.text) and len(obs.row.text) < 60:
            title = obs.row.text.strip()
            end = obs.index + 1
            continue
        if obs.row.grid or (headings is not None and annex_headings(obs.row) == headings) or _numbering_row(obs):
            end = obs.index + 1
        if not obs.values or not obs.label.strip() or _numbering_row(obs):
            continue
        code = None
        pieces = obs.values
        if code_first and len(pieces) >= 2 and re.fullmatch(r"\d{1,4}", fold(pieces[0].text).strip()):
            code, pieces = fold(pieces[0].text).strip(), pieces[1:]
        unit = None
        labels = [p for p in obs.labels if p.text.strip()]
        if labels and fold(labels[-1].text.strip()) in _UNITS:
            unit = fold(labels[-1].text.strip())
            labels = labels[:-1]
        elif len(labels) >= 2 and marker(labels[-1].text) is not None:
            labels = labels[:-1]  # a dash in the unit column: no unit
        label = "".join(p.text for p in labels).strip()
        if not label or len(label_key(label)) > 60:
            continue
        key = annex_key(label, context)
        reads = [read_annex(piece.text) for piece in pieces]
        heading = re.match(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]", fold(label)) is not None
        if heading and key is None and all(isinstance(r.value, Cell) and r.value.status in _NO_DATA for r in reads):
            continue  # a section's heading row (三、依申请公开情况 | —— | ——): no figure of its own
        if key in ("review.total", "litigation.total"):
            context = key.split(".")[0]
        elif key is not None and not key.startswith(("review.", "litigation.")):
            context = None
        index = len(annex_rows)
        values = []
        for j, (piece, read) in enumerate(zip(pieces, reads, strict=True)):
            pointer = f"/body/annex/rows/{index}/values/{j}"
            result.cells[pointer] = Placed(pointer, read.value, piece, 0.95, Placement.LABEL)
            values.append(read.value)
        annex_rows.append(AnnexRow(label, tuple(values), unit, key, code))  # type: ignore[arg-type]
        end = obs.index + 1
    if not annex_rows:
        return None
    result.annex_rows = (start, end)
    if columns and len(columns) != max(len(r.values) for r in annex_rows):
        columns = None
    return StatisticalAnnex(tuple(annex_rows), title, columns or ("统计数",))


def _table_end(observed: Sequence[Observed]) -> int:
    """How many of the observed rows go up to the end of the first grid table among them
    (all of them when there is none)."""
    table = next((o.row.table for o in observed if o.row.grid), None)
    if table is None:
        return len(observed)  # no grid: lines
    last = max(i for i, o in enumerate(observed) if o.row.grid and o.row.table == table)
    return last + 1


def year_column(columns: Sequence[str], year: int | None = None) -> int | None:
    """The column of an annex that gives the year's figures: the year's own, not the
    running total over the years (2009年度 | 历年累计), and the total of the year rather
    than of the period a monthly form was filled for (本期实际 | 本年累计); None when no
    one column is. A column named by the report's ``year`` (2011年 | 2012年) is its."""
    if year is not None:
        named = [
            c for c, name in enumerate(columns) if re.match(rf"^{year}年(?:度)?(?:数|数量|统计数)?$", name.strip())
        ]
        if len(named) == 1:
            return named[0]
    for test in (_YEAR_TOTAL.search, lambda name: "累计" not in name):
        found = [c for c, name in enumerate(columns) if test(name)]
        if found:
            # 区政府统计数 | 区直单位统计数 | 乡镇街道统计数: no one column is the year's
            return found[0] if len(found) == 1 else None
    return None


#: A column heading that names the year's total (本年累计, 全年, 2009年度, 合计), not a running
#: total over the years (历年累计) nor the year before's (上年度).
_YEAR_TOTAL = re.compile(r"本年累计|全年|(?<![历上])年度|^(?:合计|总计)$")


def _annex_label(label: str) -> str:
    """An annex row's label without its numbering and 其中 (其中：1.当面申请数 → 当面申请数)."""
    label = re.sub(
        r"^\s*(?:其中\s*[:：]?\s*)?(?:\d+\s*[.．、]|[（(]\d+[)）]|[（(][一二三四五六七八九十]+[)）])\s*", "", label
    )
    return label.strip() or label


def fill_from_annex(result: LegacyResult, year: int | None = None) -> None:
    """The on-request statistics the narrative does not state, from the annex rows that
    give them (the same printed cells, traced to the annex)."""
    annex = result.annex
    if annex is None:
        return
    column = year_column(annex.columns, year)
    if column is None:
        return
    # a row with more figures than the annex names columns: which is the year's is unknown
    width = len(annex.columns)
    by_key = {row.key: (i, row) for i, row in enumerate(annex.rows) if row.key and len(row.values) == width}
    values: dict[str, object] = {}
    current = result.on_request
    for key, field in _ON_REQUEST_FIELDS.items():
        if key in by_key and (current is None or getattr(current, field) is None):
            i, row = by_key[key]
            if isinstance(row.values[column], (int, Cell)):
                values[field] = row.values[column]
                source = result.cells.get(f"/body/annex/rows/{i}/values/{column}")
                if source is not None:
                    pointer = f"/body/on_request/{field}"
                    result.cells[pointer] = attrs.evolve(source, pointer=pointer)
    # the breakdowns the narrative does not give: channels, replies, reasons for refusal
    for field, prefix, keys in (
        ("received_by_channel", "on_request.received.", {k.value for k in ChannelKey}),
        ("replies", "on_request.replies.", {k.value for k in ReplyKey}),
        ("refusal_reasons", "on_request.replies.refused.", {k.value for k in RefusalReasonKey}),
    ):
        if current is not None and getattr(current, field):
            continue
        lines: list[Breakdown] = []
        for i, row in enumerate(annex.rows):
            name = (row.key or "").removeprefix(prefix)
            if not row.key or not row.key.startswith(prefix) or name not in keys or len(row.values) != width:
                continue
            printed = row.values[column]
            if not isinstance(printed, (int, Cell)):
                continue
            pointer = f"/body/on_request/{field}/{len(lines)}/count"
            lines.append(Breakdown(_clean(_annex_label(row.label)), name, printed))
            source = result.cells.get(f"/body/annex/rows/{i}/values/{column}")
            if source is not None:
                result.cells[pointer] = attrs.evolve(source, pointer=pointer)
        if lines:
            values[field] = tuple(lines)
    if values:
        result.on_request = attrs.evolve(current or OnRequestStatistics(), **values)  # type: ignore[arg-type]
    # review and litigation counts
    blocks: dict[str, dict[str, tuple[int, object]]] = {"review": {}, "litigation": {}}
    for key, (i, row) in by_key.items():
        block, _, field = key.partition(".")
        if block in blocks and field and isinstance(row.values[column], (int, Cell)):
            blocks[block][field] = (i, row.values[column])
    existing = result.review_litigation
    made: dict[str, object] = {}
    for block, fields in blocks.items():
        if not fields or (existing is not None and getattr(existing, block) is not None):
            continue
        kwargs: dict[str, object] = {}
        for field, (i, value) in fields.items():
            kwargs[field] = value
            source = result.cells.get(f"/body/annex/rows/{i}/values/{column}")
            if source is not None:
                pointer = f"/body/review_litigation/{block}/{field}"
                result.cells[pointer] = attrs.evolve(source, pointer=pointer)
        made[block] = (ReviewCounts if block == "review" else LitigationCounts)(**kwargs)  # type: ignore[arg-type]
    if made:
        result.review_litigation = attrs.evolve(existing or LegacyReviewLitigation(), **made)  # type: ignore[arg-type]
