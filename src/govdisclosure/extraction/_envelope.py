"""The envelope of a published report: title, year, agency, template, page metadata,
contact block. What the source does not say stays absent.
"""

from __future__ import annotations

import collections
import datetime
import re
from collections.abc import Iterator, Sequence

import attrs

from govdisclosure.extraction._layout import Layout, Row
from govdisclosure.extraction._normalize import fold, plain_key
from govdisclosure.model import AgencyKind, AgencyLevel, Contact, PageMetadata, Scope, Template

_REPORT_WORDS = re.compile(r"(?:(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)|工作年度报告)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_PERIOD = re.compile(
    r"(?:统计(?:期限|周期|时限|区间|时间)|数据统计|所列数据).{0,12}?((?:19|20)\d{2})\s*年\s*(?:1\s*月\s*1|一月一)\s*日"
)
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_SPACE_CJK = re.compile(
    r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])"
)


#: What a title never holds: a sentence's punctuation, its opening words, the agency as "we".
_SENTENCE = re.compile(
    r"[。，,；;]|^(?:根据|按照|依据|依照|现将|现公布)|现公布|现将|我(?:局|办|委|厅|院|中心|单位|部门|市|县|区|镇|乡)|本机关"
)


_CJK_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CJK_YEAR = re.compile(r"(?:一九|二[〇零○Ｏ])[〇零○Ｏ一二三四五六七八九]{2}(?=\s*年)")


def arabic_years(text: str) -> str:
    """Years printed in Chinese numerals (二〇二四年, 二零二三年度) as digits, every offset kept."""
    return _CJK_YEAR.sub(lambda m: m.group(0).translate(_CJK_DIGITS), text)


def tidy(text: str) -> str:
    """Printed text with the spaces a conversion put between Chinese characters removed."""
    text = re.sub(r"^\s*#+\s*", "", text).strip()
    return _SPACE_CJK.sub("", text)


@attrs.define
class Title:
    text: str | None
    row: int | None
    year: int | None
    agency: str | None


#: A site's trail to the page (当前位置：首页 > 政务公开 > 年报), never the title.
_BREADCRUMB = re.compile(r"[>＞»›→]|^(?:当前位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]|^首页\s")


def find_title(layout: Layout, limit: int = 60) -> Title:
    """The report's title: the first short line that names an annual report on
    disclosure work (joined with the line above when the agency is printed there), one
    that names its year before one that does not (a site's menu and trail name the
    report's column, 政府信息公开年报, without a year), a notice about it (关于…) last."""
    candidates = list(_title_candidates(layout, limit))
    if candidates:
        # a page lists other reports (of other years, other bodies) before the article: the
        # report's own title is the one the page's <title> names, or the one of the year its
        # statistics cover; a notice about the report (关于…年度报告的公示) ranks last
        page = plain_key(re.split(r"[_|｜—-]{1,2}(?=[^_|｜—-]*$)", tidy(layout.title or ""))[0])
        period = _period_year(layout)

        def rank(t: Title) -> tuple[bool, bool, bool, bool]:
            own = plain_key(t.text or "")
            named = bool(page) and bool(own) and (own in page or page in own)
            return (
                t.year is None,
                bool(page) and not named,
                period is not None and t.year != period,
                (t.text or "").startswith("关于"),
            )

        return min(candidates, key=rank)
    if layout.title and _REPORT_WORDS.search(fold(layout.title)):
        text = re.split(r"[_|｜—-]{1,2}(?=[^_|｜—-]*$)", tidy(layout.title))[0]
        return _title(text, None)
    return Title(None, None, None, None)


def _title_candidates(layout: Layout, limit: int) -> Iterator[Title]:
    rows = layout.rows
    seen = 0
    for index, row in enumerate(rows):
        if row.grid or not row.text.strip():
            continue
        seen += 1
        if seen > limit:
            break
        text = tidy(row.text)
        if _BREADCRUMB.search(fold(text)) or re.match(r"(?:附件|附表)\s*\d*\s*[:：]?", text):
            continue  # a site's trail; an attachment's caption (附件：2024年…年度报告统计表)
        if not _REPORT_WORDS.search(fold(text)):
            # a title wrapped in two: …政府信息公开工作 / 年度报告
            following = _next_text(rows, index)
            if following is None or len(tidy(following)) > 12 or not _REPORT_WORDS.search(fold(text + tidy(following))):
                continue
            text = text + tidy(following)
        if len(text) > 70:
            continue
        if (
            re.search(r"(格式|通知|关于|条例|规定|办法|要点|工作要求)》?$", text) or "《" in text[:2]
        ) and not _PUBLISHES.search(arabic_years(fold(text))):
            continue  # the State Council's notice on the format, a rule the report cites
        if _SENTENCE.search(fold(text)):
            continue  # a sentence that names the report (根据《条例》规定，现公布我局…年度报告。)
        # the agency on the line above: 淮安市洪泽区人民政府 / 2024 年政府信息公开工作年度报告
        if _TITLE_YEAR.match(arabic_years(fold(text))) and index > 0 and _title(text, index).agency is None:
            above = _previous_text(rows, index)
            if (
                above
                and len(tidy(above)) <= 30
                and not _REPORT_WORDS.search(fold(above))
                and re.search(
                    r"(政府|办公厅|办公室|局|委|委员会|厅|办|中心|院|办事处|管委会|市|县|区|镇|乡|街道)$", tidy(above)
                )
            ):
                text = tidy(above) + text
        yield _title(text, index)


#: A notice publishing one year's report (关于印发《洪泽区2024年政府信息公开工作年度报告》的通知).
_PUBLISHES = re.compile(r"(?:19|20)\d{2}\s*年度?[^《》]*(?:报告|年报)\s*》?\s*的\s*(?:通知|公告|公示)$")
#: The report a notice publishes (某县人民政府办公室关于印发《某县2023年…年度报告》的通知):
#: the issuer before 关于, the report's own name after the verb.
_NOTICE = re.compile(
    r"关于\s*(?:印发|公布|发布|公开|转发|刊发)\s*(?:了\s*)?《?(?P<report>[^《》]*?(?:报告|年报))\s*》?"
    r"\s*(?:的\s*(?:通知|公告|公示))?\s*$"
)


def _next_text(rows: Sequence[Row], index: int) -> str | None:
    for row in rows[index + 1 : index + 3]:
        if row.text.strip():
            return row.text if not row.grid else None
    return None


def _previous_text(rows: Sequence[Row], index: int) -> str | None:
    for row in reversed(rows[max(0, index - 3) : index]):
        if row.text.strip():
            return row.text if not row.grid else None
    return None


def _title(text: str, row: int | None) -> Title:
    # a page's label (标题：) and a site's name after the title are not part of it
    text = re.sub(r"^(?:标\s*题|名\s*称|信息名称|文章标题)\s*[:：]\s*", "", text)
    notice = _NOTICE.search(text)
    if notice is not None:
        # a notice publishing the report: the report's own name is its title, and the body
        # it names is the report's (the issuer only when it names none)
        inner = _title(notice.group("report"), row)
        if inner.agency is not None:
            return inner
    ends = list(_REPORT_WORDS.finditer(text))
    if ends:
        end = ends[-1].end()
        closing = re.match(r"\s*[（(][^）)]{1,20}[）)]", text[end:])
        text = text[: end + (closing.end() if closing else 0)]
    folded = arabic_years(fold(text))
    match = _TITLE_YEAR.search(folded)
    year = int(match.group(1)) if match else None
    agency = None
    first_words = _REPORT_WORDS.search(folded)
    if match and first_words is not None and first_words.start() < match.start():
        # the year after the report's name: 某局政府信息公开工作年度报告（2024年度）
        agency = folded[: first_words.start()]
    elif match:
        before = folded[: match.start()].strip()
        after = folded[match.end() :]
        words = _REPORT_WORDS.search(after)
        between = after[: words.start()] if words else ""
        agency = before or between or None
    else:
        words = _REPORT_WORDS.search(folded)
        agency = folded[: words.start()] if words else None
    if agency:
        agency = _agency_of_title(agency)
    return Title(text, row, year, agency or None)


#: A column's tag before a title (【年度报告】, [政务公开]).
_TAG = re.compile(r"^\s*[【\[〔][^】\]〕]{1,12}[】\]〕]\s*")
#: A notice that publishes the report (关于印发《…》的通知, 某办关于公布…的公告).
_PUBLISHING = re.compile(r"关于\s*(?:印发|公布|发布|公开|转发|刊发)?\s*(?:了\s*)?《?")


def _agency_of_title(agency: str) -> str | None:
    """Who a title names: without a column's tag and the words of a notice publishing it."""
    agency = _TAG.sub("", agency)
    before, about, after = agency.partition("关于")
    if about:
        # 某办公室关于公布… names the office; 关于印发《洪泽区… names the place the report is on
        agency = before if before.strip(" 　:：-—_") else _PUBLISHING.sub("", about + after, count=1)
    return agency.strip(" 　:：-—_《》") or None


def _period_year(layout: Layout) -> int | None:
    """The year the statistical period names (本报告所列数据统计期限自2024年1月1日…)."""
    match = _PERIOD.search(fold(arabic_years("\n".join(r.text for r in layout.rows[:200] if not r.grid))))
    return int(match.group(1)) if match else None


def find_year(layout: Layout, title: Title) -> tuple[int | None, bool]:
    """The report year and whether it was only inferred (not printed in the title or the
    statistical period)."""
    if title.year is not None:
        return title.year, False
    head = arabic_years("\n".join(r.text for r in layout.rows[:80]))
    match = _PERIOD.search(fold(head))
    if match:
        return int(match.group(1)), False
    match = re.search(r"((?:19|20)\d{2})\s*年度?(?:政府信息公开|政务公开)", fold(head))
    if match:
        return int(match.group(1)), False
    years = collections.Counter(int(m.group(1)) for m in _ANY_YEAR.finditer(fold(head)))
    plausible = {y: c for y, c in years.items() if 2008 <= y <= datetime.date.today().year}
    if plausible:
        return max(plausible, key=lambda y: (plausible[y], -y)), True
    return None, False


# --------------------------------------------------------------------------- template


_GB2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "逾期不补正", "逾期未按收费通知", "本年收费金额")
_GB2019_MARKERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额")
_GB_MARKERS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "第二十条第一项", "结果维持")


def detect_template(year: int | None, text_key: str) -> tuple[Template, str | None]:
    """The template and, when the tables contradict the year, a note code."""
    gb2021 = sum(marker in text_key for marker in _GB2021_MARKERS)
    gb2019 = sum(marker in text_key for marker in _GB2019_MARKERS)
    gb = gb2021 or gb2019 or any(marker in text_key for marker in _GB_MARKERS)
    if year is not None and year <= 2018:
        return Template.LEGACY, ("extract.template_contradicts_year" if gb else None)
    if gb2021 > gb2019:
        return Template.GB2021, None
    if gb2019 > gb2021:
        return Template.GB2019, None
    if year is not None and year <= 2020:
        return Template.GB2019, None
    return Template.GB2021, None


# --------------------------------------------------------------------------- the agency


_PROVINCE_LEVEL_CITIES = ("北京市", "上海市", "天津市", "重庆市")
_INSTITUTION = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府办|街道办事处|办事处|管理委员会|管委会|委员会|"
    r"[^\s]{0,12}(?:局|厅|委|办公室|办|中心|署|院|所|站|队|处|会|馆|部|司|行|社))$"
)
_PLACE = re.compile(r"^(.*?(?:省|自治区|特别行政区|市|自治州|州|地区|盟|县|自治县|旗|区|新区|乡|镇|街道))")


@attrs.frozen
class AgencyGuess:
    name: str | None
    level: AgencyLevel | None
    kind: AgencyKind | None
    region: str | None


def guess_agency(name: str | None) -> AgencyGuess:
    """Level, kind and region when the agency's name makes them plain; otherwise absent."""
    if not name:
        return AgencyGuess(None, None, None, None)
    kind = None
    if name.endswith(("人民政府办公厅", "人民政府办公室", "政府办公室", "政府办")):
        kind = AgencyKind.GOVERNMENT_OFFICE
    elif name.endswith(("人民政府", "街道办事处")):
        kind = AgencyKind.GOVERNMENT
    elif _INSTITUTION.search(name) and not name.endswith(("市", "县", "区", "省", "镇", "乡")):
        kind = AgencyKind.DEPARTMENT
    elif name == _place_of(name) and not re.search(r"(?:开发区|园区|新区)$", name):
        # a report titled by its place alone (福州市晋安区2016年…年度报告) is its government's
        kind = AgencyKind.GOVERNMENT
    level = None
    region = None
    if name.startswith(("国务院", "国家", "中华人民共和国", "中国")):
        level = AgencyLevel.CENTRAL
    else:
        place = _place_of(name)
        region = place
        if place:
            if re.search(r"(街道)$", place) or "街道" in name:
                level = AgencyLevel.SUBDISTRICT
            elif re.search(r"(开发区|高新区|园区|经济区|试验区)", name) and "管" in name:
                level = AgencyLevel.DEVELOPMENT_ZONE
            elif re.search(r"[乡镇]$", place):
                level = AgencyLevel.TOWNSHIP
            elif re.search(r"(县|旗|自治县)$", place) or re.search(r"(?:市.+|(?<![地新]))区$", place):
                # a city's district, named with or without its city (洪泽区): not 地区, 自治区 or a 新区
                level = AgencyLevel.COUNTY
            elif re.search(r"(省|自治区)$", place) or place in _PROVINCE_LEVEL_CITIES:
                level = AgencyLevel.PROVINCIAL
            elif re.search(r"(自治州|州|盟|地区)$", place):
                level = AgencyLevel.PREFECTURAL
            elif re.search(r"省.+市$", place) and len(place) <= 8:
                level = None  # a prefecture-level or a county-level city: the name does not say
    return AgencyGuess(name, level, kind, region)


_PLACE_TOKEN = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|地区|盟|县|旗|新区|区|乡|镇|街道)(?![场域级直属委长])"
)
#: Words of department names, never of place names (城乡 is not the 乡 of a township).
_NOT_PLACE = re.compile(
    r"城乡|建设|管理|发展|服务|卫生|健康|教育|交通|公安|财政|农业|农村|水利|资源|生态|环境|文化|旅游|商务|民政|司法|审计|统计|"
    r"人力|社会|保障|住房|市场|监督|应急|科学|技术|工业|信息|机关|事务|政务|数据|行政|审批|综合|执法|金融|体育|改革|规划|"
    r"自然|退役|医疗|广播|电视|新闻|宗教|民族|档案|人民|政府|办公|委员|和|与|及"
)


def _place_of(name: str) -> str | None:
    """The administrative place a name starts with (淮安市洪泽区人民政府 → 淮安市洪泽区)."""
    end = 0
    while (match := _PLACE_TOKEN.match(name, end)) is not None:
        if _NOT_PLACE.search(match.group(0)[:-1] if not match.group(0).endswith("街道") else match.group(0)[:-2]):
            break
        end = match.end()
        # 郴州 + 市: the unit ends the name part, not the 州 inside it
        while end < len(name) and name[end] in "市县区" and name[end + 1 : end + 2] not in set("场域级直属委长"):
            end += 1
    return name[:end] or None


def guess_scope(kind: AgencyKind | None, name: str | None, text: str) -> Scope:
    """An aggregate when a government's report speaks for a whole area (全市, 全县 …)."""
    if kind in (AgencyKind.DEPARTMENT, AgencyKind.GOVERNMENT_OFFICE, AgencyKind.AUTHORIZED_ORG):
        return Scope.SELF
    key = fold(text)
    whole = re.search(r"全(?:省|市|县|区|州|盟|旗)(?:各级|行政机关|共|各部门|政府信息公开)", key)
    aggregated = re.search(r"(?:汇总|综合各|各级行政机关)", key)  # not 编制而成 alone: every report is
    if whole or aggregated:
        return Scope.AGGREGATE
    return Scope.SELF


# --------------------------------------------------------------------------- page metadata and contact


_META_KEYS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "索 引 号", "索引编号"),
    "publisher": ("发布机构", "发文机关", "信息来源", "发布单位", "来源"),
    "written_date": ("成文日期", "生成日期"),
    # 时间 alone (来源：区政府办 时间：2017-01-12 10:01) only where a date follows it
    "publish_date": ("发布日期", "发文日期", "公开日期", "发布时间", "时间"),
    "doc_no": ("文号", "发文字号", "发布文号"),
    "category": ("主题分类", "组配分类", "信息分类", "公开目录", "分类"),
    "disclosure_mode": ("公开方式",),
    "validity": ("有效性", "时效"),
    "keywords": ("关键词", "主题词"),
}
_ALL_META = sorted((k for keys in _META_KEYS.values() for k in keys), key=len, reverse=True)
#: Keys too short to stand inside other words (采集时间, 数据来源 are none of the page's).
_SHORT_META = ("来源", "时间")


def _meta_key(key: str) -> str:
    # a key spaced out to the width of the longest (分 类, 文 号, 有 效 性) is the key
    pattern = r"[ \t\u3000]*".join(re.escape(c) for c in key.replace(" ", ""))
    return rf"(?<![\u4e00-\u9fff]){pattern}" if key in _SHORT_META else pattern


_META = re.compile(
    r"(" + "|".join(_meta_key(k) for k in _ALL_META) + r")\s*[:：]?\s*"
    r"(.*?)(?=\s*(?:"
    + "|".join(_meta_key(k) for k in _ALL_META)
    + r"|名称|标题|点击数|点击量|浏览次数|浏览量|访问量|阅读数|字号|【|\[|$))"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def parse_date(text: str) -> datetime.date | None:
    match = _DATE.search(fold(text))
    if not match:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def find_metadata(rows: Sequence[Row], before: int) -> PageMetadata | None:
    """The key-value block a disclosure platform prints above the report."""
    found: dict[str, str] = {}
    for row in rows[: max(before, 0) + 1][:80]:
        text = fold(row.text if not row.grid else " ".join(p.text for p in row.pieces))
        if not any(k.replace(" ", "") in text.replace(" ", "") for k in _ALL_META):
            continue
        for match in _META.finditer(text):
            label = re.sub(r"\s+", "", match.group(1))
            value = match.group(2).strip(" :：|")
            for name, keys in _META_KEYS.items():
                if label in (k.replace(" ", "") for k in keys) and name not in found and value:
                    if label == "时间" and parse_date(value) is None:
                        continue
                    if label == "来源" and re.match(r"(?:https?://|www\.)", value):
                        continue  # where a page was saved from, not who published it
                    found[name] = value
    if not found:
        return None
    values: dict[str, object] = {}
    for name, value in found.items():
        if name in ("written_date", "publish_date"):
            date = parse_date(value)
            if date is not None:
                values[name] = date
        elif name == "index_no":
            values[name] = value.split()[0]
        else:
            values[name] = value
    return PageMetadata(**values) if values else None  # type: ignore[arg-type]


_CONTACT = {
    "address": re.compile(r"(?:通信地址|通讯地址|办公地址|联系地址|地址)\s*[:：为]\s*([^，,；;。)）\n]{4,60})"),
    "postcode": re.compile(r"(?:邮政编码|邮编)\s*[:：为]?\s*(\d{6})"),
    "phone": re.compile(
        r"(?:联系电话|咨询电话|电话(?:、传真|（传真）|\(传真\))?)\s*[:：为]?\s*(\d[\d\-—－ ()（）]{6,}\d)"
    ),
    "fax": re.compile(r"(?:传真号码|传真)\s*[:：为]\s*(\d[\d\-—－ ]{6,}\d)"),
    "email": re.compile(r"(?:电子邮箱|电子邮件|邮箱|E-?mail)\s*[:：为]?\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I),
    "website": re.compile(
        r"((?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.cn|com|cn|org|net)(?:/[\w./?=&%-]*)?)", re.I
    ),
    "unit": re.compile(r"请(?:与|联系)\s*([\u4e00-\u9fff（）()]{4,40}?)\s*(?:联系|咨询)"),
}


def find_contact(text: str) -> Contact | None:
    """The contact block of the report's introduction or end."""
    key = re.sub(r"\s*\n\s*", "", fold(text))  # lines a PDF wrapped run on
    values: dict[str, str] = {}
    for name, pattern in _CONTACT.items():
        match = pattern.search(key)
        if not match:
            continue
        value = match.group(1).strip().rstrip("。.，,")
        if name == "website" and not re.search(
            r"(网站|网址|门户|下载|查阅|网)", key[max(0, match.start() - 40) : match.start()]
        ):
            continue
        values[name] = value
    if not values:
        return None
    return Contact(**values)


def text_key(rows: Sequence[Row]) -> str:
    return plain_key("".join(r.text for r in rows))
