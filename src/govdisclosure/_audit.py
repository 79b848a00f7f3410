"""The audit: every rule of the catalogue applied to a report, as findings.

Each rule instance gives one finding with an outcome: ``pass``, ``fail``,
``not_assessable`` (an operand was blank, "/", text or absent: never read as
zero) or, for stated rates, ``truncated``. A failure carries expected, actual
and the difference, and names every cell it read three ways: JSON Pointer,
official table coordinates, and the Parquet column.
"""

from __future__ import annotations

import decimal
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import attrs

from govdisclosure._decimal import WIDE, own_context
from govdisclosure._terms import (
    NOT_APPLICABLE,
    AuditError,
    CellSpec,
    Problem,
    _has_number,
    _read_terms,
    _Reading,
    _take,
    cell_number,
    cell_specs,
    sum_program,
)
from govdisclosure.coordinates import MISSING, column_name, locate, resolve
from govdisclosure.findings import CellRef, Finding, Outcome, Severity
from govdisclosure.model import (
    AnnualReport,
    ApplicantRow,
    Cell,
    Denied,
    Money,
    MoneyUnit,
    NotProcessed,
    OtherProcessing,
    Qualifier,
    StatedFigure,
    Template,
    UnableToProvide,
)
from govdisclosure.rules import (
    RULES,
    CrossInstance,
    Relation,
    Rule,
    RuleInstance,
    cross_instances,
    iter_rules,
)

__all__ = ["CrossRecord", "audit", "audit_collection", "figure_findings", "rate_finding", "restatement_finding"]

_RULES = {rule.code: rule for rule in RULES}
_APPROXIMATE_TOLERANCE = decimal.Decimal("0.1")
_WAN = decimal.Decimal(10000)


def _reasons(problems: Sequence[Problem], shown: int = 3, count: int | None = None) -> tuple[str, str]:
    """Why a rule is not assessable, naming the first cells (all are in ``cells``);
    ``count``: how many there are when ``problems`` holds only the first."""
    count = len(problems) if count is None else count
    en = "; ".join(p.reason_en for p in problems[:shown])
    zh = "；".join(p.reason_zh for p in problems[:shown])
    if count > shown:
        en += f" (and {count - shown} more)"
        zh += f"（另有{count - shown}处）"
    return en, zh


def _not_assessable(label: str, problems: Sequence[Problem], count: int | None = None) -> dict[str, Any]:
    """The outcome and messages of a rule that could not be assessed (``count``: see
    :func:`_reasons`)."""
    reasons_en, reasons_zh = _reasons(problems, count=count)
    return {
        "outcome": Outcome.NOT_ASSESSABLE,
        "message_zh": f"无法判断（{label}）：{reasons_zh}",
        "message_en": f"not assessable ({label}): {reasons_en}",
    }


def pass_messages(rule: Rule, label: str) -> tuple[str, str]:
    """The messages of a rule instance that holds (Chinese, English)."""
    return f"通过（{label}）：{rule.formula}", f"holds ({label}): {rule.title_en}"


def fail_messages(rule: Rule, **params: Any) -> tuple[str, str]:
    """The messages of a rule instance that fails: the rule's texts with ``params``
    (``instance_label``, ``expected``, ``actual``, ``difference`` and the rule's own)."""
    return rule.message_zh.format(**params), rule.message_en.format(**params)


def _finding(
    rule: Rule,
    where: dict[str, Any],
    label: str,
    problems: Sequence[Problem] = (),
    *,
    outcome: Outcome = Outcome.FAIL,
    values: dict[str, Any] | None = None,
    messages: tuple[str, str] | None = None,
    severity: Severity | None = None,
) -> Finding:
    """The one builder of the audit's findings: ``where`` (pointer, location, instance,
    cells, source) on ``rule``; not assessable when there are ``problems`` (their reasons
    are the message), else ``outcome`` with ``values`` (expected, actual, difference) and
    ``messages`` (by default the rule's texts: :func:`pass_messages` or
    :func:`fail_messages` with ``values`` as printed)."""
    if problems:
        return Finding(code=rule.code, severity=severity or rule.severity, **_not_assessable(label, problems), **where)
    values = values or {}
    if messages is None:
        if outcome is Outcome.PASS:
            messages = pass_messages(rule, label)
        else:
            printed = {k: _number_text(decimal.Decimal(v)) for k, v in values.items()}
            messages = fail_messages(rule, instance_label=label, **printed)
    return Finding(
        code=rule.code,
        severity=severity or rule.severity,
        outcome=outcome,
        message_zh=messages[0],
        message_en=messages[1],
        **values,
        **where,
    )


def _plain(value: Any) -> Any:
    if value is MISSING:
        return None
    if isinstance(value, Cell):
        return {"status": value.status.value, "text": value.text, "value": value.value}
    if isinstance(value, Money):
        return {"amount": format(value.amount, "f"), "unit": value.unit.value}
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return value


def _number_text(value: decimal.Decimal | int) -> str:
    if isinstance(value, decimal.Decimal):
        value = value.normalize() if value == value.to_integral_value() else value
        return format(value, "f")
    return str(value)


def _result_value(value: decimal.Decimal) -> int | decimal.Decimal:
    return int(value) if value == value.to_integral_value() else value


def evaluate(report: AnnualReport, rule: Rule, instance: RuleInstance) -> Finding | None:
    """One rule instance on one report; ``None`` where the rule does not apply."""
    template = report.template
    if any(resolve(report, p) is MISSING for p in instance.requires):
        return None
    reading = _Reading()
    lhs = _read_terms(report, instance.lhs, reading)
    lhs_missing = reading.all_missing
    reading.all_missing = bool(instance.rhs)
    rhs = _read_terms(report, instance.rhs, reading)
    if reading.wildcard_empty or lhs_missing or reading.all_missing:
        # A side the report does not give at all (absent, not printed blank): the rule
        # does not apply, e.g. a legacy report that lists no channels.
        return None
    return _conclude(rule, instance, reading, lhs, rhs, locate(instance.lhs[0].pointers[0], template))


def _conclude(
    rule: Rule,
    instance: RuleInstance,
    reading: _Reading,
    lhs: decimal.Decimal,
    rhs: decimal.Decimal,
    location: str | None,
) -> Finding:
    """The finding of a rule instance once its cells are read: a failure names every cell
    it read, a rule that cannot be assessed the cells without a number, a pass none."""
    where: dict[str, Any] = {
        "pointer": instance.lhs[0].pointers[0],
        "location": location,
        "instance": instance.instance,
    }
    cells = (*reading.cells, *(CellRef(*cell) for cell in reading.raw))
    if reading.problems:
        where["cells"] = tuple(c for c in cells if type(c.value) is not int and not _has_number(c.value))
        return _finding(rule, where, instance.label_zh, reading.problems)
    holds = {Relation.EQ: lhs == rhs, Relation.LE: lhs <= rhs, Relation.GE: lhs >= rhs}[instance.relation]
    values = {"expected": _result_value(rhs), "actual": _result_value(lhs), "difference": _result_value(lhs - rhs)}
    if holds:
        return _finding(rule, where, instance.label_zh, outcome=Outcome.PASS, values=values)
    where["cells"] = cells
    return _finding(rule, where, instance.label_zh, values=values)


# --------------------------------------------------------------------------- stated figures

_GROUPS = (Denied, UnableToProvide, NotProcessed, OtherProcessing)


class FigureCells(Protocol):
    """What the checks of stated figures read of a report: the value a pointer names and
    the cells a restating figure is held against. :class:`ReportCells` reads a report
    object; the batch audit reads Arrow columns (``govdisclosure._columnar``)."""

    @property
    def template(self) -> Template: ...

    def value(self, pointer: str) -> Any: ...

    def row_pointers(self, pointer: str) -> Sequence[str]: ...


class ReportCells:
    """:class:`FigureCells` of a report object."""

    __slots__ = ("_node", "_pointer", "report", "template")

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.template = report.template
        # the last pointer :meth:`row_pointers` resolved: a restated cell is then read at once
        self._pointer: str | None = None
        self._node: Any = MISSING

    def value(self, pointer: str) -> Any:
        if pointer == self._pointer:
            return self._node
        return resolve(self.report, pointer)

    def row_pointers(self, pointer: str) -> Sequence[str]:
        """The cells a restating figure is held against (:func:`restated_cells`)."""
        node = resolve(self.report, pointer)
        self._pointer, self._node = pointer, node
        if isinstance(node, _GROUPS):
            names = [f.name for f in attrs.fields(type(node))]
            return restated_cells(pointer, "group", names, lambda name: getattr(node, name) is not None)
        return _fixed_cells(pointer, "row" if isinstance(node, ApplicantRow) else "cell")


@functools.lru_cache(maxsize=4096)
def _fixed_cells(pointer: str, kind: str) -> tuple[str, ...]:
    """:func:`restated_cells` of a row or a cell, which depend on the pointer alone."""
    return tuple(restated_cells(pointer, kind, (), lambda name: False))


def restated_cells(pointer: str, kind: str, children: Sequence[str], present: Callable[[str], bool]) -> list[str]:
    """The cells a figure restating ``pointer`` is held against, by what it names: a number
    cell (``cell``) itself; a Table 3 row (``row``) its 总计; a group of rows (``group``, whose
    ``children`` are its rows and perhaps the printed ``subtotal``) the 总计 of every row it
    gives (``present``), or of its subtotal when it gives only that. The object audit and the
    batch's per-report reading call it; the batch's columns follow the same rule."""
    if kind == "row":
        return [f"{pointer}/total"]
    if kind == "group":
        rows = [f"{pointer}/{name}" for name in children if name != "subtotal" and present(name)]
        if not rows and "subtotal" in children and present("subtotal"):
            rows = [f"{pointer}/subtotal"]
        return [f"{row}/total" for row in rows]
    return [pointer]


class _FigureReading:
    """What reading a stated figure's operands noted: the cells read and why any gave no
    number (:class:`_Reading`'s two lists that figures use, made faster: a legacy report
    has dozens of figures)."""

    __slots__ = ("cells", "problems")

    def __init__(self) -> None:
        self.cells: list[CellRef] = []
        self.problems: list[Problem] = []


def _operand(
    cells: FigureCells, ref: str, figures: dict[str, StatedFigure], reading: _FigureReading
) -> decimal.Decimal:
    if ref.startswith("/"):
        return _cells_operand(cells, ref, reading)[0]
    figure = figures.get(ref)
    if figure is None:
        reading.problems.append(AuditError(f"stated figure {ref!r} does not exist", f"文中数据“{ref}”不存在"))
        return decimal.Decimal(0)
    return figure.value


def _cells_operand(cells: FigureCells, ref: str, reading: _FigureReading) -> tuple[decimal.Decimal, Any]:
    """The sum of the cells a pointer operand is held against (:meth:`FigureCells.row_pointers`),
    each noted in ``reading``, and the value at ``ref`` when it is a cell itself (else ``None``)."""
    total = decimal.Decimal(0)
    template = cells.template
    node = None
    for pointer in cells.row_pointers(ref):
        value = cells.value(pointer)
        where, column = _cell_names(pointer, template)
        if pointer == ref:
            node = value
        if type(value) is int:
            reading.cells.append(CellRef(pointer, where, column, value))
            total += value
            continue
        reading.cells.append(CellRef(pointer, where, column, _plain(value)))
        try:
            total += cell_number(value, where or pointer)
        except AuditError as exc:
            reading.problems.append(exc)
    return total, node


@functools.lru_cache(maxsize=4096)
def _cell_names(pointer: str, template: Template) -> tuple[str | None, str]:
    """A cell's official coordinates and its column name (:func:`locate`, :func:`column_name`)."""
    return locate(pointer, template), column_name(pointer)


#: The messages of stated figures that hold or are truncated (Chinese, English), as format
#: strings: the batch audit writes them column by column from the same text.
RATE_HOLDS = (
    "通过：{instance_label} {actual}% = {numerator} ÷ {denominator}",
    "holds: {instance_label} {actual}% = {numerator} / {denominator}",
)
RATE_TRUNCATED = (
    "截尾：{instance_label} {actual}%是{numerator} ÷ {denominator} = {exact}%截去尾数所得，四舍五入应为{expected}%",
    "truncated: {instance_label} {actual}% is {numerator} / {denominator} = {exact}% cut off, not rounded "
    "(rounded: {expected}%)",
)
RESTATEMENT_HOLDS = (
    "通过：{instance_label} {actual}与表格一致",
    "holds: {instance_label} {actual} agrees with the table",
)


_HUNDRED = decimal.Decimal(100)


@functools.cache
def _places(decimals: int) -> decimal.Decimal:
    """The quantum of a number printed with ``decimals`` places (2 → 0.01)."""
    return decimal.Decimal(1).scaleb(-decimals, context=WIDE)


def _decimals(value: decimal.Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _figure_finding(
    rule: Rule,
    index: int,
    figure: StatedFigure,
    label: str,
    reading: _FigureReading,
    outcome: Outcome | None = None,
    values: tuple[Any, Any, Any] = (None, None, None),
    messages: tuple[str, str] = ("", ""),
    severity: Severity | None = None,
) -> Finding:
    """:func:`_finding` of a stated figure, built at once (there are dozens in a legacy
    report): pointing at the figure, with the cells it was held against; not assessable
    when reading them noted problems, else ``outcome`` with ``values`` (expected, actual,
    difference) and ``messages``."""
    if reading.problems:
        return Finding(
            code=rule.code,
            severity=rule.severity,
            pointer=f"/stated_figures/{index}",
            location=f"文中数据 · {label}",
            instance=figure.id,
            cells=tuple(reading.cells),
            **_not_assessable(label, reading.problems),
        )
    expected, actual, difference = values
    return Finding(
        code=rule.code,
        severity=severity or rule.severity,
        pointer=f"/stated_figures/{index}",
        message_zh=messages[0],
        message_en=messages[1],
        location=f"文中数据 · {label}",
        expected=expected,
        actual=actual,
        outcome=outcome,
        difference=difference,
        instance=figure.id,
        cells=tuple(reading.cells),
    )


def rate_finding(
    cells: FigureCells, index: int, figure: StatedFigure, figures: dict[str, StatedFigure]
) -> Finding | None:
    """SF-1 on one stated rate: its numerator over its denominator, rounded as printed."""
    if figure.numerator is None or figure.denominator is None:
        return None
    rule = _RULES["SF-1"]
    reading = _FigureReading()
    numerator = _operand(cells, figure.numerator, figures, reading)
    denominator = _operand(cells, figure.denominator, figures, reading)
    label = figure.subject or figure.id
    if not reading.problems and denominator == 0:
        reading.problems.append(AuditError("the denominator is 0", "分母为0"))
    if reading.problems:
        return _figure_finding(rule, index, figure, label, reading)
    ctx = WIDE  # 40 digits, whatever the caller's context
    rate = ctx.multiply(ctx.divide(numerator, denominator), _HUNDRED)
    places = _places(_decimals(figure.value))
    rounded = rate.quantize(places, rounding=decimal.ROUND_HALF_UP, context=ctx)
    difference = figure.value - rounded
    values = (rounded, figure.value, difference)
    stated, over, under = _number_text(figure.value), _number_text(numerator), _number_text(denominator)
    if rounded == figure.value:  # the message of a pass names neither the expected value nor a difference
        holds = (
            RATE_HOLDS[0].format(instance_label=label, actual=stated, numerator=over, denominator=under),
            RATE_HOLDS[1].format(instance_label=label, actual=stated, numerator=over, denominator=under),
        )
        return _figure_finding(rule, index, figure, label, reading, Outcome.PASS, values, holds)
    params = {
        "instance_label": label,
        "actual": stated,
        "expected": _number_text(rounded),
        "difference": _number_text(difference),
        "numerator": over,
        "denominator": under,
    }
    if rate.quantize(places, rounding=decimal.ROUND_DOWN, context=ctx) == figure.value:  # truncated
        exact = _number_text(rate.quantize(decimal.Decimal("0.0001")))
        cut = (RATE_TRUNCATED[0].format(exact=exact, **params), RATE_TRUNCATED[1].format(exact=exact, **params))
        return _figure_finding(rule, index, figure, label, reading, Outcome.TRUNCATED, values, cut, Severity.INFO)
    return _figure_finding(rule, index, figure, label, reading, Outcome.FAIL, values, fail_messages(rule, **params))


def restatement_finding(cells: FigureCells, index: int, figure: StatedFigure) -> Finding | None:
    """SF-2 on one figure that restates a cell, a row or a group."""
    if figure.refers_to is None:
        return None
    rule = _RULES["SF-2"]
    reading = _FigureReading()
    node = None
    if figure.refers_to.startswith("/"):
        cell, node = _cells_operand(cells, figure.refers_to, reading)
    else:
        cell = _operand(cells, figure.refers_to, {}, reading)
    label = figure.subject or figure.id
    if reading.problems:
        return _figure_finding(rule, index, figure, label, reading)
    stated = figure.value
    if isinstance(node, Money):
        cell = node.amount * (_WAN if node.unit is MoneyUnit.WAN_YUAN else 1)
        stated = stated * (_WAN if figure.unit == "万元" else 1)
    qualifier = figure.qualifier
    if qualifier is Qualifier.EXACT:
        holds = stated == cell
    elif qualifier is Qualifier.MORE_THAN:
        holds = cell >= stated
    elif qualifier is Qualifier.LESS_THAN:
        holds = cell <= stated
    else:
        holds = abs(cell - stated) <= abs(stated) * _APPROXIMATE_TOLERANCE
    values = (_result_value(cell), _result_value(stated), _result_value(stated - cell))
    if holds:
        agrees = (
            RESTATEMENT_HOLDS[0].format(instance_label=label, actual=figure.printed),
            RESTATEMENT_HOLDS[1].format(instance_label=label, actual=figure.printed),
        )
        return _figure_finding(rule, index, figure, label, reading, Outcome.PASS, values, agrees)
    params = {
        "instance_label": label,
        "expected": _number_text(cell),
        "actual": figure.printed,
        "difference": _number_text(stated - cell),
    }
    return _figure_finding(rule, index, figure, label, reading, Outcome.FAIL, values, fail_messages(rule, **params))


# --------------------------------------------------------------------------- the fast evaluation


@attrs.frozen
class _Compiled:
    """A rule instance prepared once per template: the cells of its terms' first
    alternatives with their coordinates (``None`` where they are not fixed cells), where its
    findings point, and the messages of a pass."""

    rule: Rule
    instance: RuleInstance
    lhs: tuple[CellSpec, ...] | None
    rhs: tuple[CellSpec, ...] | None
    where: dict[str, Any]
    passed: tuple[str, str]
    multiple_alternatives: bool


@functools.cache
def _compiled(template: Template) -> tuple[_Compiled, ...]:
    out = []
    for rule, instance in iter_rules(template):
        target = instance.lhs[0].pointers[0]
        where = {"pointer": target, "location": locate(target, template), "instance": instance.instance}
        lhs, rhs = cell_specs(instance.lhs, template), cell_specs(instance.rhs, template)
        multiple = any(len(term.alternatives) > 1 for term in (*instance.lhs, *instance.rhs))
        out.append(_Compiled(rule, instance, lhs, rhs, where, pass_messages(rule, instance.label_zh), multiple))
    return tuple(out)


def _from_values(report: AnnualReport, compiled: _Compiled, values: tuple[Any, ...]) -> Finding | None:
    """A rule concluded from the values the compiled program read of its terms' first
    alternatives (the only ones, or the ones that decide: see :func:`_evaluate_all`)."""
    assert compiled.lhs is not None
    assert compiled.rhs is not None
    reading = _Reading()
    sides = []
    missing = []
    offset = 0
    for specs, initially_missing in ((compiled.lhs, True), (compiled.rhs, bool(compiled.rhs))):
        reading.all_missing = initially_missing
        total = decimal.Decimal(0)
        for spec, value in zip(specs, values[offset : offset + len(specs)], strict=True):
            value = MISSING if value is None else value
            reading.raw.append((*spec, value))
            total += _take(reading, spec[0], value, report.template)
        offset += len(specs)
        sides.append(total)
        missing.append(reading.all_missing)
    if missing[0] or missing[1]:
        return None
    return _conclude(compiled.rule, compiled.instance, reading, sides[0], sides[1], compiled.where["location"])


@functools.cache
def _fast_program(template: Template) -> Callable[[AnnualReport], list[Any]]:
    """:func:`sum_program` for every rule instance of ``template`` (``None`` for those
    whose cells are not fixed: the reference evaluation reads them)."""
    compiled = _compiled(template)
    return sum_program(
        [None if c.lhs is None or c.rhs is None else (c.instance.lhs, c.instance.rhs) for c in compiled],
        requires=[c.instance.requires for c in compiled],
    )


# Findings are frozen and depend only on the rule and the values it read, so a
# finding is shared between reports that give a rule the same values (zeros and
# blanks repeat a great deal). Bounded; cleared when full.
_CACHE: dict[tuple[int, Any], Finding | None] = {}
_INT = object()  # stands for "some integer" in a cache key
_CACHE_LIMIT = 100_000


def _evaluate_all(report: AnnualReport) -> list[Finding]:
    """Every rule instance of the report's template: the compiled reading where it decides,
    the reference evaluation (:func:`evaluate`) elsewhere; the two are proven equal."""
    findings: list[Finding] = []
    compiled_rules = _compiled(report.template)
    readings = _fast_program(report.template)(report)
    for compiled, read in zip(compiled_rules, readings, strict=True):
        if read is NOT_APPLICABLE:
            continue
        clean = read is not None and len(read) == 2 and type(read[0]) is int and type(read[1]) is int
        if read is None or (compiled.multiple_alternatives and not clean):
            # Not fixed cells, a part absent on the way, or other alternatives that may
            # decide (the first holds no clean numbers): the reference evaluation.
            finding = evaluate(report, compiled.rule, compiled.instance)
            if finding is not None:
                findings.append(finding)
            continue
        # A pass depends on the sums alone; a rule that cannot be assessed names the cells
        # that hold no number, never the numbers of the others: keyed by where the gaps are.
        key = (id(compiled), read if clean else tuple(_INT if type(v) is int else v for v in read))
        cached = _CACHE.get(key, _CACHE)
        if cached is not _CACHE:
            if cached is not None:
                findings.append(cached)  # type: ignore[arg-type]
            continue
        if clean:
            lhs, rhs = read
            relation = compiled.instance.relation
            if lhs == rhs if relation is Relation.EQ else lhs <= rhs if relation is Relation.LE else lhs >= rhs:
                values = {"expected": rhs, "actual": lhs, "difference": lhs - rhs}
                label = compiled.instance.label_zh
                passed = _finding(
                    compiled.rule, compiled.where, label, outcome=Outcome.PASS, values=values, messages=compiled.passed
                )
                _remember(key, passed)
                findings.append(passed)
                continue
            # A failure names every cell with its value, which the sums do not give:
            # concluded from the report's own cells, never shared by equal sums.
            finding = evaluate(report, compiled.rule, compiled.instance)
        else:
            finding = _from_values(report, compiled, read)
            if finding is None or finding.outcome is Outcome.NOT_ASSESSABLE:
                _remember(key, finding)
        if finding is not None:
            findings.append(finding)
    return findings


def _remember(key: tuple[int, Any], finding: Finding | None) -> None:
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = finding


# --------------------------------------------------------------------------- public


def figure_findings(report: AnnualReport) -> list[Finding]:
    """The findings on the figures the narrative states (SF-1, SF-2), in their order."""
    findings = []
    figures = {f.id: f for f in report.stated_figures}
    cells = ReportCells(report)
    for index, figure in enumerate(report.stated_figures):
        # most figures are neither a rate nor a restatement: asked before any call
        if figure.numerator is not None and (rate := rate_finding(cells, index, figure, figures)) is not None:
            findings.append(rate)
        if figure.refers_to is not None and (same := restatement_finding(cells, index, figure)) is not None:
            findings.append(same)
    return findings


@own_context
def audit(report: AnnualReport, *, source: str | None = None) -> tuple[Finding, ...]:
    """Every rule of the catalogue on one report: one finding per rule instance that applies."""
    findings = _evaluate_all(report)
    findings += figure_findings(report)
    if source is not None:
        findings = [attrs.evolve(f, source=source) for f in findings]
    return tuple(findings)


# --------------------------------------------------------------------------- across reports


#: Every cell the checks across reports read.
_CROSS_CELLS = tuple(
    dict.fromkeys(
        pointer
        for rule in RULES
        for template in rule.templates
        for instance in cross_instances(rule, template)
        for pointer in instance.pointers
    )
)
_CROSS_INDEX = {pointer: i for i, pointer in enumerate(_CROSS_CELLS)}


@attrs.frozen(slots=True)
class CrossRecord:
    """What the checks across reports need of one report: who, when, which template and
    scope, and the few cells they read. Keeping these instead of the reports lets a
    stream of any length be checked in little memory (see :func:`audit_collection`)."""

    name: str
    region: str
    year: int
    template: Template
    scope: str
    values: tuple[Any, ...]

    @classmethod
    def of(cls, report: AnnualReport) -> CrossRecord:
        name, region = report.agency.key
        return cls(
            name,
            region,
            report.year,
            report.template,
            report.scope.value,
            tuple(resolve(report, pointer) for pointer in _CROSS_CELLS),
        )


def _agency_key(record: CrossRecord) -> tuple[str, str]:
    return record.name, record.region


def _name(record: CrossRecord) -> str:
    return f"{record.name or '?'} {record.year}"


def _pairs(rule: Rule) -> str:
    """``previous`` or ``parts``: which reports a check across reports pairs a report with."""
    pairs = {instance.pairs for template in rule.templates for instance in cross_instances(rule, template)}
    if len(pairs) != 1:
        raise ValueError(f"{rule.code}: its instances pair reports in different ways ({pairs})")
    return pairs.pop()


def _cross_finding(
    rule: Rule, instance: CrossInstance, this: CrossRecord, others: dict[str, list[CrossRecord]]
) -> Finding:
    """One instance of a check across reports on ``this`` report and the ones it is paired with."""
    reports = {"this": [this], **others}
    return _compare(
        rule,
        this,
        instance.lhs.pointer,
        [(instance.lhs.pointer, this)],
        [(term.pointer, report, term.sign) for term in instance.rhs for report in reports[term.report]],
        f"{_name(this)} · {instance.label_zh}",
        relation=instance.relation,
    )


def _compare(
    rule: Rule,
    later: CrossRecord,
    pointer: str,
    actual_cells: list[tuple[str, CrossRecord]],
    expected_cells: list[tuple[str, CrossRecord, int]],
    label: str,
    relation: Relation = Relation.EQ,
) -> Finding:
    """``Σ actual_cells  relation  Σ sign·expected_cells``, cells taken from several reports."""
    reading = _Reading()
    actual = decimal.Decimal(0)
    expected = decimal.Decimal(0)
    for cell_pointer, report in actual_cells:
        actual += _read_one(report, cell_pointer, reading)
    for cell_pointer, report, sign in expected_cells:
        expected += sign * _read_one(report, cell_pointer, reading)
    where = {
        "pointer": pointer,
        "location": locate(pointer, later.template),
        "instance": label,
        "source": _name(later),
        "cells": tuple(reading.cells),
    }
    if reading.problems:
        return _finding(rule, where, label, reading.problems)
    holds = actual == expected if relation is Relation.EQ else actual >= expected
    values = {
        "expected": _result_value(expected),
        "actual": _result_value(actual),
        "difference": _result_value(actual - expected),
    }
    return _finding(rule, where, label, outcome=Outcome.PASS if holds else Outcome.FAIL, values=values)


def _read_one(report: CrossRecord, pointer: str, reading: _Reading) -> decimal.Decimal:
    value = report.values[_CROSS_INDEX[pointer]]
    where = f"{_name(report)} {locate(pointer, report.template) or pointer}"
    reading.cells.append(CellRef(pointer, locate(pointer, report.template), column_name(pointer), value))
    try:
        return decimal.Decimal(cell_number(value, where))
    except AuditError as exc:
        reading.problems.append(exc)
        return decimal.Decimal(0)


@own_context
def audit_collection(reports: Iterable[AnnualReport | CrossRecord]) -> tuple[Finding, ...]:
    """Checks across reports: continuity from one year to the next for the same agency,
    and aggregate reports against the reports of their region. ``reports`` may be
    :class:`CrossRecord` s (``CrossRecord.of(report)``) kept while streaming."""
    records = [r if isinstance(r, CrossRecord) else CrossRecord.of(r) for r in reports]
    across = [rule for rule in RULES if rule.scope == "collection"]
    yearly = [rule for rule in across if _pairs(rule) == "previous"]
    aggregating = [rule for rule in across if _pairs(rule) == "parts"]
    findings: list[Finding] = []
    by_agency: dict[tuple[str, str], dict[int, CrossRecord]] = defaultdict(dict)
    for report in records:
        by_agency[_agency_key(report)][report.year] = report
    for years in by_agency.values():
        for year, later in sorted(years.items()):
            earlier = years.get(year - 1)
            if earlier is None:
                continue
            for rule in yearly:
                if earlier.template in rule.templates:
                    for instance in cross_instances(rule, later.template):
                        findings.append(_cross_finding(rule, instance, later, {"previous": [earlier]}))
    # an aggregate's parts: the reports of its own (scope self) of the same region and year
    own: dict[tuple[str, int], list[CrossRecord]] = defaultdict(list)
    for report in records:
        if report.scope == "self":
            own[report.region, report.year].append(report)
    for aggregate in records:
        if aggregate.scope != "aggregate":
            continue
        candidates = own.get((aggregate.region, aggregate.year), [])
        for rule in aggregating:
            parts = [r for r in candidates if r.template in rule.templates]
            if parts:
                for instance in cross_instances(rule, aggregate.template):
                    findings.append(_cross_finding(rule, instance, aggregate, {"parts": parts}))
    return tuple(findings)
