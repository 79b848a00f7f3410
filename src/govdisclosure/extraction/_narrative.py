"""The narrative: sections under their printed headings, and the figures the text states.

A figure that restates a table cell (收到申请34件, 予以公开9件, 行政复议1件) refers to
that cell, or to the group of cells it sums (不予公开 as a whole); the audit then
checks the two agree (rule SF-2).
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Sequence

import attrs

from govdisclosure.coordinates import TABLE3
from govdisclosure.extraction._envelope import tidy
from govdisclosure.extraction._layout import Row, running_header, runs_on
from govdisclosure.extraction._normalize import fold, label_key
from govdisclosure.extraction._tables import Heading, split
from govdisclosure.model import FigureKind, Qualifier, Section, StatedFigure, Template

#: Section keys by the words of a heading, for the narrative sections of gb reports.
_GB_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overall", ("总体情况", "概述", "基本情况")),
    ("problems_and_improvements", ("存在的主要问题", "主要问题", "存在问题", "改进情况", "改进措施")),
    ("other_matters", ("其他需要报告", "需要报告的事项", "其他事项")),
    ("proactive", ("主动公开",)),
    ("on_request", ("依申请", "政府信息公开申请")),
    ("information_management", ("政府信息管理", "信息管理")),
    ("platform", ("平台建设", "平台")),
    ("oversight", ("监督保障", "监督", "保障")),
    ("mechanisms", ("工作机制", "机制")),
)
#: Legacy section keys (spec §3.1).
_LEGACY_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("概述", "基本情况", "基本工作情况", "工作概述", "总体情况", "主要工作")),
    ("response_interpretation", ("回应解读", "政策解读", "热点舆情")),
    ("withheld", ("不予公开情况",)),
    ("on_request", ("依申请公开", "依申请", "处理政府信息公开申请")),
    ("proactive", ("主动公开",)),
    ("consultation", ("咨询", "谘询")),
    ("fees", ("收费", "减免")),
    ("review_litigation", ("行政复议", "行政诉讼", "申诉")),
    ("staffing_funding", ("机构建设", "保障经费", "机构设置", "人员", "经费")),
    ("meetings_training", ("会议和培训", "培训")),
    ("problems", ("存在的主要问题", "主要问题", "存在问题", "不足")),
    ("plans", ("下一步", "工作计划", "改进措施", "工作打算", "努力方向")),
    ("other", ("其他需要报告", "需要说明的事项", "其他事项")),
    ("annex", ("附表", "附件", "统计表")),
)

_SUBHEADING = re.compile(r"^\s*(?:#+\s*)?[（(]([一二三四五六七八九十]{1,2})[)）]\s*")
#: A sentence ends at its stop, and at the closing marks right after it (（示例。）, “好。”).
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])(?![）)”’」』】\]\"'])|(?<=[。；;！!？?][）)”’」』】\]\"'])")


def _key_for(heading: str, table: tuple[tuple[str, tuple[str, ...]], ...], used: set[str], fallback: str) -> str:
    key = label_key(heading)
    for name, words in table:
        if any(label_key(w) in key for w in words) and name not in used:
            return name
    n = 1
    while f"{fallback}_{n}" in used:
        n += 1
    return f"{fallback}_{n}"


#: The sections of text under the gb templates' table headings, keyed as the tables are.
_TABLE_SECTIONS = {
    "proactive_table": "proactive_disclosure",
    "applications_table": "applications",
    "review_table": "review_litigation",
}


#: Words of a table's own lines: its caption, headers and row labels, a unit, its notes.
_TABLE_WORDS = re.compile(
    r"勾稽关系|申请人情况|信息内容|本年制发|结果维持|结果纠正|未经复议|复议后起诉"
    r"|^表[一二三四1-4\s:：]|^单位[:：]|^[（(]?(?:注|说明|备注)[:：]"
)
#: Words of the tables' headers and row labels, which sentences use too: a line of them
#: with no mark of a sentence is a row.
_LABEL_WORDS = re.compile(
    r"自然人|法人或其他组织|第二十条|本年新收|上年结转|办理结果|结转下年度|予以公开|部分公开|不予公开|无法提供|不予处理"
    r"|其他处理|总计|行政复议|行政诉讼|规章|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费"
)
_SENTENCE_MARK = re.compile(r"[。，,；;：:！!？?]")


def _beside_table(rows: Sequence[Row], start: int, end: int, headed: bool) -> tuple[set[int], set[int]]:
    """The lines of a table's region [start, end) that are text beside the table: those
    before its first line (after the heading, when ``headed``), and those after its last;
    every line of a region where no table is printed is before it."""
    lines = [i for i in range(start + 1 if headed else start, end) if not rows[i].grid and rows[i].text.strip()]
    table = [i for i in range(start + 1 if headed else start, end) if _table_line(rows[i])]
    if not table:
        return set(lines), set()
    # beside a table, a line of words with no mark of a sentence is one of its headers
    lines = [
        i
        for i in lines
        if _SENTENCE_MARK.search(rows[i].text)
        or len(re.sub(r"\s", "", rows[i].text)) >= 20
        or _SUBHEADING.match(fold(rows[i].text))
    ]
    before = {i for i in lines if i < table[0]} if headed else set()
    return before, {i for i in lines if i > table[-1]}


def _table_line(row: Row) -> bool:
    """Whether a line of a table's region is one of the table's own."""
    if row.grid or row.cells or split(row).values:
        return True
    text = fold(row.text.strip())
    return bool(_TABLE_WORDS.search(text) or (_LABEL_WORDS.search(text) and not _SENTENCE_MARK.search(text)))


@attrs.define
class _Open:
    heading: str
    #: The key of a table's section, fixed; None for a narrative section (keyed by its words).
    key: str | None = None
    lines: list[str] = attrs.Factory(list)
    subsections: list[_Open] = attrs.Factory(list)


def narrative_sections(
    rows: Sequence[Row],
    headings: Sequence[Heading],
    template: Template,
    skip: Sequence[tuple[int, int]],
    title_row: int | None = None,
) -> tuple[Section, ...]:
    """The narrative sections in printed order (the tables' regions left out), after the
    introduction that stands between the title (row ``title_row``) and the first of them."""
    table = _LEGACY_KEYS if template is Template.LEGACY else _GB_KEYS
    starts = {h.index: h for h in headings if h.number is not None or h.kind is not None}
    skipped: set[int] = set()
    #: The first line of text after Table 4 where it is section 五 whose heading was lost
    #: (a converter dropped it): （一）主要问题 …
    unheaded: int | None = None
    for start, end in skip:
        skipped.update(range(start, end))
        if template is not Template.LEGACY:
            before, after = _beside_table(rows, start, end, start in starts)
            skipped -= before | after
            heading = starts.get(start)
            if after and heading is not None and heading.kind == "review_table":
                first = rows[min(after)].text
                if re.search(r"问题|改进|不足", fold(first)[:24]):
                    unheaded = min(after)
    sections: list[_Open] = []
    preamble = _Open("")
    introduction: list[tuple[int, str]] = []
    current: _Open | None = None
    tables = {} if template is Template.LEGACY else _TABLE_SECTIONS
    for index, row in enumerate(rows):
        if index == unheaded:
            current = _Open("", "problems_and_improvements")
            sections.append(current)
        if index in skipped:
            heading = starts.get(index)
            if heading is not None:
                # under a table's heading, the text printed beside the table (or instead
                # of it: 本年度未收到政府信息公开申请) is the section named as the table is
                key = tables.get(heading.kind or "")
                current = _Open(tidy(heading.text), key) if key else None
                if current is not None:
                    sections.append(current)
            continue
        if row.grid:
            continue
        text = row.text.strip()
        if not text or (sections and running_header(text)):
            continue  # a page's running header, between two halves of a paragraph
        if sections and _page_trailer(text):
            break  # the website's own lines after the article (上一篇, 【打印本页】, 主办单位)
        heading = starts.get(index)
        # in a report on 2008–2018 the gb tables' headings (二、主动公开政府信息情况) head
        # sections of narrative
        if heading is not None:
            current = _Open(tidy(heading.text), tables.get(heading.kind or ""))
            sections.append(current)
            continue
        target = current if current is not None else (preamble if not sections else None)
        if target is None:
            continue
        match = _SUBHEADING.match(fold(text))
        if match and current is not None:
            first, stop, rest = text.partition("。")
            if len(first) <= 40:
                current.subsections.append(_Open(tidy(first + stop)))  # as printed, its stop kept
                if rest.strip():
                    current.subsections[-1].lines.append(rest.strip())
                continue
        owner = target.subsections[-1] if target.subsections else target
        owner.lines.append(text)
        if target is preamble:
            introduction.append((index, text))
    used: set[str] = set()
    out: list[Section] = []
    if not sections and preamble.lines:
        # a page with no numbered section (a part of a report): its text as one section
        return (Section("text", "", _paragraphs(preamble.lines)),)
    intro = _introduction(introduction, title_row)
    if intro:
        out.append(Section("preamble", "", _paragraphs(intro)))
    for section in sections:
        if section.key is not None:
            if section.lines or section.subsections:
                out.append(_section(section.key, section, table))
            continue
        key = _key_for(section.heading, table, used, "section")
        used.add(key)
        out.append(_section(key, section, table))
    return tuple(out)


#: A line of the page's metadata block or of the platform around the article.
_PAGE_LINE = re.compile(
    r"(?:索\s*引\s*号|公开方式|公开范围|发文日期|发布日期|发布机构|发布时间|成文日期|生成日期|信息来源|来源|"
    r"文\s*号|分\s*类|有\s*效\s*性|主题词|关键词|点击|浏览|阅读|字号)\s*[:：]"
)


#: A line of the website around an article, after its end: links to the articles before
#: and after it, its buttons, related links, the site's footer.
_PAGE_TRAILER = re.compile(
    r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|主办单位|承办单位|主办|承办|协办单位|版权所有|技术支持|"
    r"网站标识码|网站地图|联系我们|扫一扫|分享到|分享|相关链接|相关文件|相关阅读|相关信息|相关新闻|相关稿件|"
    r"责任编辑)"
    r"\s*(?:[:：]|$)|ICP备|公网安备|Copyright|©"
)
_BUTTON = r"(?:打印本页|打印正文|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|保存|返回顶部|返回|我要纠错|纠错)"
#: Buttons printed under an article (【打印本页】【关闭窗口】 分享到：, 打印 | 关闭).
_BUTTONS = re.compile(rf"(?:[【\[〖]\s*{_BUTTON}\s*[】\]〗]\s*)+(?:分享到?.*)?|{_BUTTON}(?:[\s|｜/·]*{_BUTTON})*")


def _page_trailer(text: str) -> bool:
    """A line of the website after the article's end (上一篇：…, 【打印本页】【关闭窗口】,
    主办单位：…, …ICP备…号): the report's text ends before it."""
    folded = fold(text).strip()
    return len(folded) <= 160 and (_PAGE_TRAILER.search(folded) is not None or _BUTTONS.fullmatch(folded) is not None)


#: A line that is a date and nothing else (2016-03-15 00:00, （2017年2月10日）).
_DATE_LINE = re.compile(
    r"^\s*[（(]?\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）]?\s*$"
)


def _introduction(lines: Sequence[tuple[int, str]], title_row: int | None) -> list[str]:
    """The introduction's lines (本年度报告根据《条例》编制…): those after the title, without
    the page's metadata and without the lines that lead it with no sentence of their own
    (the body that wrote it, its date). None without a title to start from."""
    if title_row is None:
        return []
    # a page prints the title again over the article, after its menus: start after it
    titles = [
        i for i, text in lines if "年度报告" in text and len(text) < 60 and not re.search(r"[。，,《》（(]", text)
    ]
    start = max([title_row, *titles])
    kept: list[str] = []
    for index, text in lines:
        if index <= start or _PAGE_LINE.search(text) or _DATE_LINE.match(fold(text)):
            continue
        if not kept and len(text) < 30 and not re.search(r"[。，,；;：:《》]", text):
            continue  # 龙潭区人民政府, （2017年2月10日）, a second title line
        kept.append(text)
    return kept


def _section(key: str, section: _Open, table: tuple[tuple[str, tuple[str, ...]], ...]) -> Section:
    used: set[str] = set()
    subsections = []
    for sub in section.subsections:
        sub_key = _key_for(sub.heading, table, used, "part")
        used.add(sub_key)
        subsections.append(Section(sub_key, sub.heading, _paragraphs(sub.lines)))
    return Section(key, section.heading, _paragraphs(section.lines), tuple(subsections))


def _paragraphs(lines: Sequence[str]) -> str:
    """Lines joined into paragraphs: a PDF's wrapped lines run on, and a figure put on a line
    of its own with the words after it; a line that ends a sentence (or a short
    heading-like line) ends a paragraph."""
    out: list[str] = []
    current = ""
    previous = ""
    for line in lines:
        if current and (not _ends(current) or runs_on(previous, line)):
            current += line
        else:
            if current:
                out.append(current)
            current = line
        previous = line
    if current:
        out.append(current)
    return "\n".join(out).strip()


def _ends(text: str) -> bool:
    return text.rstrip().endswith(("。", "：", ":", "；", "！", "？", "）", ")")) or len(text) < 20


# --------------------------------------------------------------------------- stated figures

_FIGURE = re.compile(
    r"(?P<pre>约|近|超过|逾|达|共计|共|累计|合计|不足|仅)?\s*"
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<scale>万|亿)?(?P<more>余|多)?\s*"
    r"(?P<unit>%|％|件次|人次|件|条|次|个|人|篇|期|场|项|封|家|份|万元|元|起|宗|批|部|类|天|个工作日)"
    r"(?P<post>以上|左右|余)?"
)
_NOT_FIGURE_BEFORE = re.compile(r"(?:第|国令第|〔\d{4}〕|号)$")


@attrs.frozen
class Restatement:
    """Words that make a figure restate a cell or a group of cells."""

    pattern: re.Pattern[str]
    pointer: str


def _r(pattern: str, pointer: str) -> Restatement:
    # the words must be all the clause says before the figure (予以公开及部分公开 is two rows)
    lead = (
        r"^(?:[^，,。；;]*?(?:中|来看|其中)[，,]?)?(?:其中|全年|本年|年度|共|共计|累计|另有|另|有|为|达)*"
        r"(?:因[^，,。；;]{1,20}?(?:等)?原因)?"  # 因本机关不掌握等原因无法提供
        r"(?:属|因)?(?:[^，,。；;]{1,16}?等)?"  # (属信访、)重复申请等不予处理
    )
    return Restatement(re.compile(lead + pattern + r"$"), pointer)


_A = TABLE3
#: Words right before a count that make it restate a Table 3 or 4 figure (gb templates).
RESTATEMENTS: tuple[Restatement, ...] = (
    _r(r"(?:本年|全年|年度)?(?:新收|收到)(?:各类)?政府信息公开申请(?:共计|共|数量为|数量)?", f"{_A}/new_received"),
    _r(r"上年(?:度)?结转(?:的)?(?:政府信息公开)?申请(?:共计|共)?", f"{_A}/carried_over"),
    _r(r"(?:予以公开|同意公开)(?:答复)?(?:的)?(?:有)?", f"{_A}/results/granted"),
    _r(r"部分公开(?:答复)?(?:的)?(?:有)?", f"{_A}/results/partially_granted"),
    _r(r"不予公开(?:答复)?(?:的)?(?:有)?", f"{_A}/results/denied"),
    _r(r"无法提供(?:答复)?(?:的)?(?:有)?", f"{_A}/results/unable_to_provide"),
    _r(r"不予处理(?:答复)?(?:的)?(?:有)?", f"{_A}/results/not_processed"),
    _r(r"其他处理(?:答复)?(?:的)?(?:有)?", f"{_A}/results/other"),
    _r(r"(?:结转|转)(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理)?(?:答复)?(?:的)?(?:有)?", f"{_A}/carried_forward"),
    _r(
        r"(?:(?:政府)?信息公开类?|涉及政府信息公开的?)?行政复议(?:案件)?(?:共)?",
        "/body/review_litigation/administrative_review/total",
    ),
)


def stated_figures(sections: Sequence[Section], template: Template) -> list[StatedFigure]:
    """Every count, amount and percentage the narrative states, with its sentence."""
    out: list[StatedFigure] = []
    used_ids: set[str] = set()

    def walk(section: Section, path: str) -> None:
        for sentence in _sentences(section.text):
            for match in _FIGURE.finditer(fold(sentence)):
                figure = _figure(sentence, match, path, template, used_ids)
                if figure is not None:
                    used_ids.add(figure.id)
                    out.append(figure)
        for sub in section.subsections:
            walk(sub, f"{path}/{sub.key}")

    for section in sections:
        walk(section, section.key)
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line) if s.strip()]


def _figure(
    sentence: str, match: re.Match[str], section: str, template: Template, used: set[str]
) -> StatedFigure | None:
    folded = fold(sentence)
    before = folded[: match.start("number")]
    if _NOT_FIGURE_BEFORE.search(before.rstrip()) or re.search(r"\d$", before):
        return None
    after = folded[match.end() :]
    if match.group("unit") in ("个", "项", "类", "部", "天", "个工作日") and re.match(
        r"^[\u4e00-\u9fff]{0,1}(?:月|日|号)", after
    ):
        return None
    number = decimal.Decimal(match.group("number").replace(",", ""))
    scale = match.group("scale")
    if scale == "万":
        number *= 10000
    elif scale == "亿":
        number *= 100000000
    unit = match.group("unit").replace("％", "%")
    kind = FigureKind.PERCENT if unit == "%" else FigureKind.AMOUNT if unit in ("元", "万元") else FigureKind.COUNT
    if unit == "万元" and scale is None:
        kind = FigureKind.AMOUNT
    qualifier = Qualifier.EXACT
    pre, post, more = match.group("pre"), match.group("post"), match.group("more")
    if more or post in ("以上", "余") or pre in ("超过", "逾"):
        qualifier = Qualifier.MORE_THAN
    elif pre in ("约", "近") or post == "左右":
        qualifier = Qualifier.APPROXIMATE
    elif pre == "不足":
        qualifier = Qualifier.LESS_THAN
    printed = folded[match.start("number") : match.end()].strip()
    # 市科委有1件涉及政府信息公开工作的行政复议: who has it before, what it is after
    owned = re.search(r"有\s*$", before) is not None and _subject_after(after) is not None
    subject = _subject_after(after) if owned else _subject(before) or _subject_after(after)
    refers_to = None
    if (
        template is not Template.LEGACY
        and kind is FigureKind.COUNT
        and qualifier is Qualifier.EXACT
        and unit in ("件", "起")
    ):
        refers_to = _restates(before) or _restates_after(before, after)
        if re.match(r"^\s*[（(]\s*(?:含|包括|包含)", after) or (
            refers_to == f"{_A}/new_received" and re.match(r"^[^。；;]*?(?:其中|含|包括)[^。；;]{0,8}?上年", after)
        ):
            refers_to = None  # a count that holds more than the cell (申请15件（含上年结转2件）)
    base = re.sub(r"[^a-z0-9_.-]", "_", section.replace("/", ".").lower()) or "text"
    n = 1
    while f"{base}.{n}" in used:
        n += 1
    return StatedFigure(
        id=f"{base}.{n}",
        printed=printed,
        value=number.normalize() if number != number.to_integral_value() else number.quantize(decimal.Decimal(1)),
        unit=unit,
        kind=kind,
        sentence=sentence,
        qualifier=qualifier,
        subject=subject,
        section=section,
        refers_to=refers_to,
    )


#: 2019年本机关受理…: the year and who did it are not what was counted.
_WHEN_WHO = re.compile(
    r"^(?:\d{4}\s*年(?:度)?(?:以来)?)?\s*(?:本机关|本单位|本部门|我局|本局|我委|本委|我办|本办|我市|全市|我区|全区|我县|全县)?"
)


def _subject(before: str) -> str | None:
    tail = _WHEN_WHO.sub("", re.split(r"[，,。；;：:、（(）)“”\"]", before)[-1].strip())
    tail = re.sub(r"^(?:其中|全年|共|累计|共计|合计|约|近|达|为|有|另有|另)+", "", tail)
    tail = re.sub(r"(?:共计|共|累计|合计|约|近|达|为|有|的)+$", "", tail)
    return tail[-16:] or None


def _subject_after(after: str) -> str | None:
    """What a figure counts, said after it (另有72件结转下年度答复)."""
    words = re.split(r"[，,。；;：:、（(）)“”\"]", after)[0].strip()
    words = re.sub(r"^(?:申请|政府信息公开申请)?(?:的)?", "", words) if words.startswith(("申请", "政府")) else words
    return words[:16] or None


#: Words right after a count that make it restate a Table 3 figure (另有72件结转下年度).
_AFTER = (
    (
        re.compile(r"^(?:政府信息公开)?(?:申请)?[^，,。；;\d]{0,12}?(?:结转|转|顺延)(?:至|到|入)?下(?:一)?年度?"),
        f"{_A}/carried_forward",
    ),
    (
        re.compile(r"^(?:涉及|关于|因)?(?:政府)?信息公开(?:工作)?(?:类|的)?(?:行政复议|复议)"),
        "/body/review_litigation/administrative_review/total",
    ),
)


def _restates_after(before: str, after: str) -> str | None:
    """A figure that the words after it restate, when nothing before it says what it is."""
    tail = _WHEN_WHO.sub("", re.split(r"[，,。；;：:、（(“”\"]", before)[-1].strip()).strip()
    # nothing but 另有 or 其中, or who it is that has them (市科委有1件…行政复议)
    if not re.fullmatch(r"(?:其中|另有|另|还有|共|共计|有)*|[\u4e00-\u9fff]{1,10}?(?:共|共计)?有", tail):
        return None
    for pattern, pointer in _AFTER:
        if pattern.match(after.strip()):
            return pointer
    return None


def _restates(before: str) -> str | None:
    tail = _WHEN_WHO.sub("", re.split(r"[，,。；;：:、（(“”\"]", before)[-1].replace(" ", ""))
    for restatement in RESTATEMENTS:
        if restatement.pattern.search(tail):
            return restatement.pointer
    return None
