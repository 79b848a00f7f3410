"""The annual report: envelope and body."""

from __future__ import annotations

from typing import Any

import attrs

from govdisclosure.model._meta import labelled
from govdisclosure.model.envelope import Agency, Contact, PageMetadata, Scope, Source, Template
from govdisclosure.model.extraction import Extraction
from govdisclosure.model.gb import Gb2019Body, Gb2021Body
from govdisclosure.model.legacy import LegacyBody
from govdisclosure.model.narrative import StatedFigure

#: The body class of each template.
BODY_TYPES: dict[Template, type[Gb2021Body | Gb2019Body | LegacyBody]] = {
    Template.LEGACY: LegacyBody,
    Template.GB2019: Gb2019Body,
    Template.GB2021: Gb2021Body,
}
#: The report years each template was issued for (inclusive; ``None`` is open-ended).
TEMPLATE_YEARS: dict[Template, tuple[int, int | None]] = {
    Template.LEGACY: (2008, 2018),
    Template.GB2019: (2019, 2020),
    Template.GB2021: (2021, None),
}
#: The report years a document of each template may have. Real township reports on
#: 2021 and later still follow the 2019 template: valid, with a warning.
TEMPLATE_ALLOWED_YEARS: dict[Template, tuple[int, int | None]] = {
    Template.LEGACY: (2008, 2018),
    Template.GB2019: (2019, None),
    Template.GB2021: (2021, None),
}


@attrs.frozen(repr=False)
class AnnualReport:
    """政府信息公开工作年度报告: one agency's report on one year."""

    template: Template = labelled("报告格式", "Which template the report follows; decides the shape of `body`.")
    year: int = labelled("报告年度", "The year the report covers.", schema={"minimum": 2008, "maximum": 2100})
    title: str | None = labelled(
        "标题",
        "The report title as printed; absent when the source prints none (a page cut off at the top).",
        default=None,
        schema={"minLength": 1},
        kw_only=True,
    )
    agency: Agency = labelled("报告机关", "The agency whose report this is.")
    scope: Scope = labelled("报告范围", "The agency's own report, or an aggregate of a whole government.")
    body: Gb2021Body | Gb2019Body | LegacyBody = labelled("报告正文", "Sections and tables; shaped by `template`.")
    metadata: PageMetadata | None = labelled(
        "信息公开目录信息", "The metadata block printed above the report.", default=None
    )
    contact: Contact | None = labelled("联系方式", "The contact block.", default=None)
    source: Source | None = labelled("来源", "Where this encoding came from.", default=None)
    stated_figures: tuple[StatedFigure, ...] = labelled(
        "文中数据", "Numbers and percentages the narrative states, with their sentences.", default=()
    )
    extensions: dict[str, Any] = labelled(
        "扩展", "Data beyond the schema, kept as given; the only place for unknown top-level data.", factory=dict
    )
    extraction: Extraction | None = labelled(
        "提取信息",
        "How the document was extracted from a published report (absent in a document typed by hand): every "
        "extracted cell's source and confidence, and every doubtful cell.",
        default=None,
    )

    def __attrs_post_init__(self) -> None:
        expected = BODY_TYPES[self.template]
        if not isinstance(self.body, expected):
            raise TypeError(
                f"template {self.template.value!r} needs a {expected.__name__} body, not {type(self.body).__name__}"
            )

    def __repr__(self) -> str:
        from govdisclosure.display import report_repr

        return report_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter shows a report as its official tables, audit failures highlighted."""
        from govdisclosure.display import report_html

        return report_html(self)
