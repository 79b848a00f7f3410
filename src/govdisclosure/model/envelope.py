"""The envelope of a report: who published it, when, where it came from."""

from __future__ import annotations

import datetime

import attrs

from govdisclosure.model._meta import LabelledEnum, labelled


class Template(LabelledEnum):
    """Which national template (if any) the report follows."""

    LEGACY = (
        "legacy",
        "2008–2018年度报告（无统一表格格式）",
        "Reports on 2008–2018: narrative with an optional statistical annex.",
    )
    GB2019 = (
        "gb2019",
        "国办公开办函〔2019〕60号格式（试行）",
        "Reports on 2019–2020: the trial template of 国办公开办函〔2019〕60号.",
    )
    GB2021 = (
        "gb2021",
        "国办公开办函〔2021〕30号格式",
        "Reports on 2021 onward: the template of 国办公开办函〔2021〕30号.",
    )


class AgencyLevel(LabelledEnum):
    """Administrative level of the reporting agency."""

    CENTRAL = ("central", "中央（国务院部门）", "Central government: State Council ministries and bodies.")
    PROVINCIAL = (
        "provincial",
        "省级",
        "Province, autonomous region or municipality directly under the central government.",
    )
    PREFECTURAL = ("prefectural", "地市级", "Prefecture-level city, autonomous prefecture or league.")
    COUNTY = ("county", "县级", "County, county-level city or city district.")
    TOWNSHIP = ("township", "乡镇", "Township or town government.")
    SUBDISTRICT = ("subdistrict", "街道", "Subdistrict office.")
    DEVELOPMENT_ZONE = (
        "development_zone",
        "开发区、功能区",
        "Administrative committee of a development or functional zone.",
    )


class AgencyKind(LabelledEnum):
    """What kind of body the reporting agency is."""

    GOVERNMENT = ("government", "人民政府", "A people's government itself.")
    GOVERNMENT_OFFICE = (
        "government_office",
        "人民政府办公厅（室）",
        "The general office of a people's government as an agency.",
    )
    DEPARTMENT = ("department", "政府部门", "A government department or directly affiliated body.")
    AUTHORIZED_ORG = (
        "authorized_org",
        "法律、法规授权的组织",
        "An organisation authorised by law to manage public affairs.",
    )


class Scope(LabelledEnum):
    """Whether the report covers the agency itself or aggregates a whole government."""

    SELF = ("self", "本机关", "The agency's own report.")
    AGGREGATE = (
        "aggregate",
        "本级政府汇总",
        "An aggregate of a whole government built from its subordinate bodies' reports.",
    )


class SourceFormat(LabelledEnum):
    """The format the report was published or retrieved in."""

    HTML = ("html", "网页", "A web page.")
    PDF = ("pdf", "PDF", "A PDF file.")
    DOC = ("doc", "Word文档", "A Word document (.doc or .docx).")
    TEXT = ("text", "纯文本", "Plain text.")
    MARKDOWN = ("markdown", "Markdown", "Markdown converted from another format.")
    IMAGE = ("image", "图片", "A scanned image.")
    SPREADSHEET = ("spreadsheet", "电子表格", "A spreadsheet (.xlsx).")
    OTHER = ("other", "其他", "Any other format.")


@attrs.frozen
class Region:
    """The region the agency belongs to."""

    name: str = labelled("行政区划名称", "Name of the region, as in 湖南省郴州市.", schema={"minLength": 1})
    code: str | None = labelled(
        "行政区划代码",
        "Six-digit administrative division code (GB/T 2260), when known.",
        default=None,
        schema={"pattern": r"^[0-9]{6}$"},
    )


@attrs.frozen
class Agency:
    """The body whose report this is.

    What the source does not say is absent, never guessed: an extracted report may
    name its agency but not its level, kind or region.
    """

    name: str | None = labelled(
        "机关名称",
        "Name of the agency as printed; absent only when the source names no agency (a page cut off at the top).",
        default=None,
        schema={"minLength": 1},
    )
    level: AgencyLevel | None = labelled(
        "行政层级", "Administrative level of the agency; absent when the source does not tell it.", default=None
    )
    kind: AgencyKind | None = labelled(
        "机关类型", "What kind of body the agency is; absent when the source does not tell it.", default=None
    )
    region: Region | None = labelled(
        "所属行政区划", "The region the agency belongs to; absent when the source does not tell it.", default=None
    )

    @property
    def region_name(self) -> str | None:
        """The region's name, or ``None`` when the region is not known."""
        return None if self.region is None else self.region.name

    @property
    def region_code(self) -> str | None:
        """The region's code, or ``None`` when it is not known."""
        return None if self.region is None else self.region.code

    @property
    def key(self) -> tuple[str, str]:
        """What makes two reports the same agency's: its name and its region (the code when
        known, else the name). Reports of one agency from year to year share it."""
        return agency_key(self.name, self.region_name, self.region_code)


def agency_key(name: str | None, region_name: str | None, region_code: str | None) -> tuple[str, str]:
    """:attr:`Agency.key` from the agency's name, region name and region code (as a table holds them)."""
    return name or "", region_code or region_name or ""


def identity_of(
    name: str | None, region_name: str | None, region_code: str | None, year: int, template: str, scope: str
) -> tuple[str, str, int, str, str]:
    """What makes two documents the same report (``collection.report_identity``), from the
    values a report, a table row or decoded document holds."""
    return (*agency_key(name, region_name, region_code), year, template, scope)


@attrs.frozen
class PageMetadata:
    """The key-value block a disclosure platform prints above the report."""

    index_no: str | None = labelled("索引号", "Index number of the disclosure catalogue entry; opaque.", default=None)
    publisher: str | None = labelled(
        "发布机构", "Publishing body as printed (发布机构, 发文机关, 信息来源).", default=None
    )
    written_date: datetime.date | None = labelled(
        "成文日期", "Date the report was written (成文日期, 生成日期).", default=None
    )
    publish_date: datetime.date | None = labelled(
        "发布日期", "Date the report was published (发布日期, 发文日期, 公开日期).", default=None
    )
    doc_no: str | None = labelled("文号", "Document number (文号), usually empty for annual reports.", default=None)
    category: str | None = labelled("分类", "Catalogue category as printed (分类, 主题分类, 公开目录).", default=None)
    disclosure_mode: str | None = labelled(
        "公开方式", "Mode of disclosure as printed (公开方式), e.g. 主动公开.", default=None
    )
    validity: str | None = labelled("有效性", "Validity as printed (有效性, 时效).", default=None)
    keywords: str | None = labelled("关键词", "Keywords as printed (关键词, 主题词).", default=None)


@attrs.frozen
class Contact:
    """The contact block the report gives for questions about it."""

    unit: str | None = labelled("联系单位", "The office to contact.", default=None)
    address: str | None = labelled("地址", "Postal address.", default=None)
    postcode: str | None = labelled("邮编", "Postcode.", default=None, schema={"pattern": r"^[0-9]{6}$"})
    phone: str | None = labelled("联系电话", "Telephone number as printed.", default=None)
    fax: str | None = labelled("传真", "Fax number as printed.", default=None)
    email: str | None = labelled("电子邮箱", "E-mail address as printed.", default=None)
    website: str | None = labelled("网站", "Website where the report can be downloaded, as printed.", default=None)


@attrs.frozen
class Source:
    """Where this encoding of the report came from."""

    format: SourceFormat = labelled("来源格式", "Format of the document that was encoded.")
    url: str | None = labelled("网址", "Address of the published report.", default=None)
    retrieved_on: datetime.date | None = labelled("获取日期", "Date the document was retrieved.", default=None)
    sha256: str | None = labelled(
        "校验和",
        "SHA-256 checksum of the retrieved document, lowercase hexadecimal.",
        default=None,
        schema={"pattern": r"^[0-9a-f]{64}$"},
    )
    note: str | None = labelled("说明", "Free-text note on the source, e.g. how it was converted.", default=None)
