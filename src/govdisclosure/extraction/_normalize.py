"""Text as the extractor compares it: full-width forms folded (NFKC), traditional
characters made simplified, whitespace and punctuation dropped for label keys.

Spans always point into the decoded text as read; only comparisons use these forms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

#: Traditional → simplified for the characters of the templates' labels, headings and
#: envelope words; used when OpenCC (the ``extract`` extra) is not installed.
_T2S_BUILTIN = str.maketrans(
    "開請資訊機關處結轉數國護權務執檔詢項無現製補後確認複議訴訟維糾審計總規範許罰強費採購發廢則單體構織會業學際經濟應當"
    "舉報訪貨況題進實質聯繫電話傳郵編網區縣鎮鄉廳辦員財與為於個條萬們這對說書從來門戶統錄類級稱號碼聲據歸納決紀問獲證屬東"
    "廣陝遼寧黃龍濱滬蘇錫蘭貴雲島灣澤陽長圍屆劃勢頒佈隊憑隨險檢測監導車軌跡標準備註參閱讀寫產環運輸衛醫療藥養擔負責揮戰勝"
    "價錢償還衆眾觀點時間",
    "开请资讯机关处结转数国护权务执档询项无现制补后确认复议诉讼维纠审计总规范许罚强费采购发废则单体构织会业学际经济应当"
    "举报访货况题进实质联系电话传邮编网区县镇乡厅办员财与为于个条万们这对说书从来门户统录类级称号码声据归纳决纪问获证属东"
    "广陕辽宁黄龙滨沪苏锡兰贵云岛湾泽阳长围届划势颁布队凭随险检测监导车轨迹标准备注参阅读写产环运输卫医疗药养担负责挥战胜"
    "价钱偿还众众观点时间",
)


@functools.cache
def _opencc() -> Callable[[str], str] | None:
    try:
        import opencc  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        converter = opencc.OpenCC("t2s")
    except Exception:  # a broken install must not stop extraction
        return None
    convert: Callable[[str], str] = converter.convert
    return convert


def to_simplified(text: str) -> str:
    """Traditional characters as simplified ones, the length kept (character by
    character where a phrase conversion would change it)."""
    convert = _opencc()
    if convert is None:
        return text.translate(_T2S_BUILTIN)
    converted = convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(convert(ch) if len(convert(ch)) == 1 else ch for ch in text)


#: Characters that only traditional text uses, common in these reports.
_TRADITIONAL_ONLY = frozenset(
    "開請資訊機關處結轉數國護權務執檔詢項無現製補後確認複議訴訟維糾審計總規範許罰強費採購發廢"
)


def looks_traditional(text: str) -> bool:
    """Whether a text is written in traditional characters (a mirror page)."""
    sample = text[:20000]
    hits = sum(1 for ch in sample if ch in _TRADITIONAL_ONLY)
    return hits >= 10 and hits > len(sample) / 400


_DROP = re.compile(
    r"[\s\u3000\u00a0\u00ad\u200b-\u200d\u2060\ufeff\ufffd\"'“”‘’「」『』《》〈〉<>()（）\[\]【】{}、，,。.．：:；;！!？?·•…—–\-－_~～*#|｜/／\\^`]+"
)
_NUMBERING = re.compile(
    r"^(?:[\s#*]*(?:第?[一二三四五六七八九十]+[、.．,，]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．,，)）]|[①②③④⑤⑥⑦⑧⑨⑩]))+"
)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC and simplified characters: the form numbers and words are read from."""
    return to_simplified(unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A label as compared: folded, leading numbering removed, no spaces or punctuation."""
    folded = fold(text)
    key = _DROP.sub("", _NUMBERING.sub("", folded))
    # a Taiwan-style conversion of a mirror site writes 文件 as 檔案 (档案)
    return key.replace("规范性档案", "规范性文件") if "档案" in key else key


#: Digits set as superscript (a note's mark above the line, 705¹): read as such, never as
#: digits of the figure beside them.
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@functools.lru_cache(maxsize=65536)
def plain_key(text: str) -> str:
    """Folded, no spaces or punctuation, numbering kept (for headings)."""
    return _DROP.sub("", fold(text))


#: Kangxi radicals, CJK radicals and compatibility ideographs: PDF producers map glyphs
#: to them (⾃ U+2F83 for 自, ⾏ U+2F8F for 行), and text copied from such a PDF keeps them.
_COMPATIBILITY = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


@functools.cache
def _compatibility_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code) and "\u3400" <= folded <= "\u9fff":
            table[code] = folded
    return table


def fold_compatibility(text: str) -> str:
    """Kangxi radicals and compatibility ideographs as the characters they stand for
    (⾃然 → 自然), one character for one, so spans still point into the text."""
    if _COMPATIBILITY.search(text) is None:
        return text
    return text.translate(_compatibility_table())


_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:\([a-z]{1,7}\))+")


def strip_pinyin(text: str) -> str:
    """Mirror pages inject pinyin after characters: 政(zheng)(zheng)府 → 政府."""
    return _PINYIN.sub("", text)


def leading_number(text: str) -> int | None:
    """The leaf number a label starts with (``3.危及…`` → 3), if any."""
    match = re.match(r"^\s*[（(]?(\d{1,2})[.．、)）]", fold(text))
    return int(match.group(1)) if match else None


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """``fold`` of a text, and for each folded character the index of the character it
    came from (NFKC may turn one character into several)."""
    if text.isascii():
        return text, list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch) if not ("\u4e00" <= ch <= "\u9fff") else ch
        out.append(folded)
        index.extend([i] * len(folded))
    return to_simplified("".join(out)), index
