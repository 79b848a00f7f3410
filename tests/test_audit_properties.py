"""Property tests of the audit: consistent tables pass every error rule; changing any
one cell makes exactly the error rules that read it fail."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, note
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure._audit import _evaluate_all, evaluate
from govdisclosure.coordinates import resolve, split_pointer
from govdisclosure.findings import Outcome
from govdisclosure.model import ApplicantRow, CaseOutcomes, Template
from govdisclosure.rules import DENIED, NOT_PROCESSED, OTHER_2021, RULES, UNABLE, iter_rules

from .conftest import EXAMPLES
from .strategies import reports

BASES = {
    Template.GB2021: gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json"),
    Template.GB2019: gd.load(EXAMPLES / "valid" / "shanghai-government-office-2019.json"),
}
small = st.integers(0, 500)


@st.composite
def rows(draw: st.DrawFn) -> ApplicantRow:
    cells = [draw(small) for _ in range(6)]
    return ApplicantRow(*cells, sum(cells))


def _add(*items: ApplicantRow) -> ApplicantRow:
    columns = [f.name for f in attrs.fields(ApplicantRow) if f.name != "organisations_subtotal"]
    return ApplicantRow(*(sum(gd.number(getattr(r, c)) or 0 for r in items) for c in columns))


@st.composite
def consistent_reports(draw: st.DrawFn, template: Template) -> gd.AnnualReport:
    """A report whose Table 3 and Table 4 satisfy every identity."""
    base = BASES[template]
    body: Any = base.body
    m = gd.model
    denied = m.Denied(*(draw(rows()) for _ in DENIED))
    unable = m.UnableToProvide(*(draw(rows()) for _ in UNABLE))
    not_processed = m.NotProcessed(*(draw(rows()) for _ in NOT_PROCESSED))
    granted, partial = draw(rows()), draw(rows())
    leaves = [
        granted,
        partial,
        *(getattr(denied, k) for k in DENIED),
        *(getattr(unable, k) for k in UNABLE),
        *(getattr(not_processed, k) for k in NOT_PROCESSED),
    ]
    if template is Template.GB2021:
        other_rows = [draw(rows()) for _ in OTHER_2021]
        other: Any = m.OtherProcessing(*other_rows)
        leaves += other_rows
        results: Any = m.Results2021(granted, partial, denied, unable, not_processed, other, _add(*leaves))
    else:
        other = draw(rows())
        leaves.append(other)
        results = m.Results2019(granted, partial, denied, unable, not_processed, other, _add(*leaves))
    carried_over, carried_forward = draw(rows()), draw(rows())
    # 一 = 三 + 四 − 二, column by column, kept non-negative by adding to 二's complement.
    handled = _add(results.total, carried_forward)
    new_cells = []
    over_cells = []
    for name in [f.name for f in attrs.fields(ApplicantRow)][:6]:
        total = getattr(handled, name)
        over = min(getattr(carried_over, name), total)
        over_cells.append(over)
        new_cells.append(total - over)
    carried_over = ApplicantRow(*over_cells, sum(over_cells))
    new_received = ApplicantRow(*new_cells, sum(new_cells))
    applications = attrs.evolve(
        body.applications,
        new_received=new_received,
        carried_over=carried_over,
        results=results,
        carried_forward=carried_forward,
    )

    def outcomes() -> CaseOutcomes:
        cells = [draw(small) for _ in range(4)]
        return CaseOutcomes(*cells, sum(cells))

    review = m.ReviewLitigation(outcomes(), outcomes(), outcomes())
    return attrs.evolve(
        base, body=attrs.evolve(body, applications=applications, review_litigation=review), stated_figures=()
    )


def _error_failures(report: gd.AnnualReport) -> set[tuple[str, str | None]]:
    return {
        (f.code, f.instance) for f in gd.audit(report) if f.outcome is Outcome.FAIL and f.severity is gd.Severity.ERROR
    }


@given(data=st.data(), template=st.sampled_from([Template.GB2021, Template.GB2019]))
def test_consistent_tables_pass_every_error_rule(data: st.DataObject, template: Template) -> None:
    report = data.draw(consistent_reports(template))
    findings = gd.audit(report)
    assert _error_failures(report) == set()
    assert {f.outcome for f in findings if f.code.startswith(("T3", "T4"))} == {Outcome.PASS}


def _replace(report: Any, pointer: str, value: Any) -> Any:
    parts = split_pointer(pointer)

    def go(node: Any, rest: list[str]) -> Any:
        if not rest:
            return value
        return attrs.evolve(node, **{rest[0]: go(getattr(node, rest[0]), rest[1:])})

    return go(report, parts)


@given(data=st.data(), template=st.sampled_from([Template.GB2021, Template.GB2019]))
def test_changing_one_cell_fails_exactly_the_error_rules_that_read_it(data: st.DataObject, template: Template) -> None:
    report = data.draw(consistent_reports(template))
    equalities = [
        (rule, inst)
        for rule, inst in iter_rules(template)
        if rule.severity is gd.Severity.ERROR and rule.code in ("T3-1", "T3-2", "T3-3", "T4-1")
    ]
    cells = sorted(
        {p for _, inst in equalities for p in inst.pointers if resolve(report, p) is not None and "subtotal" not in p}
    )
    pointer = data.draw(st.sampled_from(cells))
    delta = data.draw(st.integers(1, 50))
    old = resolve(report, pointer)
    assert isinstance(old, int)
    changed = _replace(report, pointer, old + delta)
    note(f"{pointer}: {old} -> {old + delta}")
    expected = {(rule.code, inst.instance) for rule, inst in equalities if pointer in inst.pointers}
    assert expected
    assert _error_failures(changed) == expected


def test_the_error_rules_of_the_property_are_the_definitional_ones() -> None:
    errors = {rule.code for rule in RULES if rule.severity is gd.Severity.ERROR and rule.scope == "report"}
    assert errors == {"T3-1", "T3-2", "T3-3", "T3-5", "T4-1", "T2-19-4", "L-1", "L-2", "L-5", "L-6", "L-9"}


@given(
    st.lists(
        reports(small=True) | reports() | consistent_reports(Template.GB2021) | consistent_reports(Template.GB2019),
        min_size=1,
        max_size=6,
    )
)
def test_the_compiled_evaluation_equals_the_reference_evaluation(batch: list[gd.AnnualReport]) -> None:
    """The audit reads rules through generated code and shares findings between reports
    that give a rule the same values; every report still gets exactly the findings the
    reference evaluation (:func:`govdisclosure._audit.evaluate`, cell by cell) gives it,
    whatever was audited before."""
    for _ in range(2):  # the second pass reads from the shared findings
        for report in batch:
            reference = [
                finding
                for rule, instance in iter_rules(report.template)
                if (finding := evaluate(report, rule, instance)) is not None
            ]
            assert _evaluate_all(report) == reference
