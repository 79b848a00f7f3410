"""How a document was extracted from a published report: every figure traced to its
source, every doubtful cell flagged.

A document typed by hand has no ``extraction`` section; one made by
``govdisclosure extract`` has one, and keeps it through JSON and Parquet.
"""

from __future__ import annotations

import attrs

from govdisclosure.model._meta import LabelledEnum, labelled
from govdisclosure.model.envelope import SourceFormat

POINTER_PATTERN = r"^/.*"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Placement(LabelledEnum):
    """How an extracted cell was placed in the template."""

    LABEL = ("label", "按标签", "Its row and column were matched by their printed labels.")
    POSITION = (
        "position",
        "按固定位置",
        "Read from the fixed position of a workbook written by `govdisclosure new --xlsx`.",
    )
    ORDER = (
        "order",
        "按行序",
        "Its row printed no usable label; placed by the template's row order between rows matched by label.",
    )
    IDENTITY = (
        "identity",
        "按勾稽关系",
        "Blank cells had collapsed; the template's identities admitted exactly one placement.",
    )
    NARRATIVE = ("narrative", "按正文", "Read from a sentence of the narrative (legacy statistics).")


@attrs.frozen
class CellTrace:
    """Where one extracted cell came from and how sure the extractor is of it."""

    pointer: str = labelled("单元格", "JSON Pointer of the cell in this document.", schema={"pattern": POINTER_PATTERN})
    confidence: float = labelled(
        "置信度",
        "How sure the extractor is that the cell holds what the source prints there, from 0 to 1.",
        schema={"minimum": 0, "maximum": 1},
    )
    placement: Placement = labelled("定位方式", "How the cell was placed in the template.")
    text: str | None = labelled("原文", "The cell's text as the extractor read it.", default=None)
    span: tuple[int, ...] | None = labelled(
        "字符范围",
        "[start, end): character offsets of the cell's text in the decoded text the extractor read "
        "(for HTML the page's source, for PDF the text layer of its pages joined by form feeds).",
        default=None,
        schema={"minItems": 2, "maxItems": 2},
    )
    page: int | None = labelled("页码", "PDF: the page, from 1.", default=None, schema={"minimum": 1})
    bbox: tuple[float, ...] | None = labelled(
        "位置框",
        "PDF: the box of the cell's text, [x0, top, x1, bottom] in points from the page's top left corner.",
        default=None,
        schema={"minItems": 4, "maxItems": 4},
    )
    table: int | None = labelled(
        "表格序号", "Word, HTML: the table, from 1, in document order.", default=None, schema={"minimum": 1}
    )
    sheet: str | None = labelled("工作表", "Spreadsheet: the sheet's name.", default=None)
    row: int | None = labelled(
        "行号", "Word, HTML, spreadsheet: the row of the table or sheet, from 1.", default=None, schema={"minimum": 1}
    )
    column: int | None = labelled(
        "列号",
        "Word, HTML, spreadsheet: the column of the table or sheet, from 1 (merged cells counted as the grid has them).",
        default=None,
        schema={"minimum": 1},
    )


@attrs.frozen
class ExtractionFlag:
    """A doubtful cell: what the extractor is not sure of, and why."""

    pointer: str = labelled(
        "位置", "JSON Pointer of the doubtful cell, row or figure.", schema={"pattern": POINTER_PATTERN}
    )
    code: str = labelled("代码", "Stable code of the doubt (see the error reference).", schema={"minLength": 1})
    message_zh: str = labelled("说明（中文）", "What is doubtful, in Chinese.", schema={"minLength": 1})
    message_en: str = labelled("说明（英文）", "What is doubtful, in English.", schema={"minLength": 1})


@attrs.frozen
class Extraction:
    """提取信息: how this document was extracted from a published report."""

    method: str = labelled("提取方法", "The extractor and its method, e.g. govdisclosure.extract/label.")
    version: str = labelled("版本", "Version of the library that extracted the document.", schema={"minLength": 1})
    format: SourceFormat = labelled("输入格式", "Format of the input that was read.")
    sha256: str = labelled(
        "输入校验和", "SHA-256 of the input's bytes, lowercase hexadecimal.", schema={"pattern": SHA256_PATTERN}
    )
    text_length: int | None = labelled(
        "文本长度", "Length in characters of the decoded text the spans point into.", default=None
    )
    cells: tuple[CellTrace, ...] = labelled("单元格来源", "Every extracted cell: where it came from.", default=())
    flags: tuple[ExtractionFlag, ...] = labelled("存疑标记", "Every doubtful cell, with the reason.", default=())
