"""The province-level regions (GB/T 2260) and the province a report's agency belongs to:
a light module (no pyarrow), read by the tables and by validation."""

from __future__ import annotations

#: The province-level divisions by the first two digits of their code (GB/T 2260).
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip
CENTRAL = "中央"
#: The province of a report whose agency's region says none: null in every table, and the
#: folder ``province=__HIVE_DEFAULT_PARTITION__`` of a dataset (read as null by every engine).
UNKNOWN_PROVINCE = None


def province_of(region_name: str | None, region_code: str | None, central: bool) -> str | None:
    """The province-level region from the agency's region name, region code and whether it is
    central: the province the code's first two digits name (the code decides: 郴州市 with
    431000 → 湖南省); else the province the region name begins with (江苏省淮安市洪泽区 →
    江苏省, 上海市 → 上海市); else ``中央`` for a central agency; else ``None``, unknown: a name
    such as 郴州市 or 沭阳县 does not say its province, and a guess would put the report in a
    wrong group."""
    return coded_province(region_code) or named_province(region_name) or (CENTRAL if central else UNKNOWN_PROVINCE)


def coded_province(region_code: str | None) -> str | None:
    """The province a region code's first two digits name (GB/T 2260), or ``None``."""
    return PROVINCES.get(region_code[:2]) if region_code else None


def named_province(region_name: str | None) -> str | None:
    """The province a region name begins with (江苏省淮安市洪泽区 → 江苏省), or ``None``."""
    if region_name:
        for known in PROVINCES.values():
            if region_name.startswith(known):
                return known
    return None
