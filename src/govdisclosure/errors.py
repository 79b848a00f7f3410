"""One exception root. Bad data is reported as findings, not raised; these
exceptions are for API misuse and for :func:`govdisclosure.load` on invalid input."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govdisclosure.findings import Finding

__all__ = ["GovDisclosureError", "InvalidReportError"]


class GovDisclosureError(Exception):
    """Base class of every exception this library raises."""


class InvalidReportError(GovDisclosureError, ValueError):
    """A document did not validate; ``findings`` holds every problem found."""

    def __init__(self, source: str | None, findings: tuple[Finding, ...]) -> None:
        self.source = source
        self.findings = findings
        worst = [f for f in findings if f.is_error]
        head = worst[0].format_text(source=False) if worst else "invalid report"
        more = f" (and {len(worst) - 1} more)" if len(worst) > 1 else ""
        super().__init__(f"{source or '<input>'}: {head}{more}")
