"""Hypothesis strategies for reports of all three templates, derived from the model.

The strategies walk the same field types the schema generator walks, so a new
field is generated without touching this file.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from hypothesis import strategies as st

from govdisclosure import _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, Scalar
from govdisclosure.model import (
    BODY_TYPES,
    TEMPLATE_YEARS,
    AnnualReport,
    ApplicantRow,
    Cell,
    CellStatus,
    Money,
    MoneyUnit,
    OtherProcessing,
    Section,
    StatedFigure,
    Template,
)
from govdisclosure.model.cells import INT64_MAX, INT64_MIN, CellKind

small_counts = st.integers(0, 2000)
counts = st.one_of(small_counts, small_counts, st.integers(0, INT64_MAX))
signed = st.integers(INT64_MIN, INT64_MAX) | st.integers(-50, 50)
texts = st.text(max_size=12)
nonempty_texts = st.text(min_size=1, max_size=12)


@st.composite
def cells(draw: st.DrawFn, *, signed_value: bool = False, allow_number: bool = True) -> Cell:
    statuses = [s for s in CellStatus if allow_number or s is not CellStatus.NUMBER]
    status = draw(st.sampled_from(statuses))
    if status is CellStatus.NUMBER:
        value = draw(signed if signed_value else counts)
        return Cell(status, draw(nonempty_texts), value)
    if status is CellStatus.TEXT:
        return Cell(status, draw(texts))
    return Cell(status, draw(st.none() | texts))


money_amounts = st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False).map(abs)
money = st.builds(Money, money_amounts, st.sampled_from(list(MoneyUnit)), st.none() | nonempty_texts)
decimals = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)

CELL_STRATEGIES: dict[CellKind, st.SearchStrategy[Any]] = {
    CellKind.COUNT: st.one_of(counts, counts, cells()),
    CellKind.SIGNED: st.one_of(signed, cells(signed_value=True)),
    CellKind.MONEY: st.one_of(money, cells(allow_number=False)),
    CellKind.ANNEX: st.one_of(signed, decimals, cells(signed_value=True)),
}

#: Small numbers only: sums stay far inside int64 (the batch audit's own arithmetic).
SMALL_CELL_STRATEGIES: dict[CellKind, st.SearchStrategy[Any]] = {
    CellKind.COUNT: st.one_of(small_counts, small_counts, st.just(0), cells(signed_value=False)).map(
        lambda c: Cell(c.status, c.text, c.value % 5000) if isinstance(c, Cell) and c.value is not None else c
    ),
    CellKind.SIGNED: st.one_of(st.integers(-50, 50), cells(signed_value=True)).map(
        lambda c: Cell(c.status, c.text, c.value % 100) if isinstance(c, Cell) and c.value is not None else c
    ),
    CellKind.MONEY: CELL_STRATEGIES[CellKind.MONEY],
    CellKind.ANNEX: st.one_of(st.integers(-500, 5000), st.integers(-500, 5000), decimals, cells(signed_value=True)).map(
        lambda c: Cell(c.status, c.text, c.value % 5000) if isinstance(c, Cell) and c.value is not None else c
    ),
}

json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | texts
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def for_type(
    tp: Any, extras: dict[str, Any] | None = None, depth: int = 0, small: bool = False
) -> st.SearchStrategy[Any]:
    extras = extras or {}
    match _introspect.shape(tp):
        case CellType(kind):
            return (SMALL_CELL_STRATEGIES if small else CELL_STRATEGIES)[kind]
        case Scalar("str"):
            if "pattern" in extras:
                return st.from_regex(extras["pattern"], fullmatch=True)
            return nonempty_texts if extras.get("minLength") else texts
        case Scalar("int"):
            return st.integers(extras.get("minimum", INT64_MIN), extras.get("maximum", INT64_MAX))
        case Scalar("float"):
            return st.floats(extras.get("minimum"), extras.get("maximum"), allow_nan=False, allow_infinity=False)
        case Scalar("decimal"):
            return decimals
        case Scalar("date"):
            return st.dates()
        case EnumType(enum):
            return st.sampled_from(list(enum))
        case ModelClass(cls):
            return for_class(cls, depth, small)
        case ListOf(item):
            if item is Section and depth >= 2:
                return st.just(())
            size = {"min_size": extras.get("minItems", 0), "max_size": extras.get("maxItems", 2)}
            return st.lists(for_type(item, depth=depth + 1, small=small), **size).map(tuple)
        case JsonObject():
            return st.dictionaries(texts, json_values, max_size=3)
        case MapOf(value):
            return st.dictionaries(
                st.from_regex(r"^[a-z][a-z0-9_]{0,8}$", fullmatch=True), for_type(value, small=small), max_size=3
            )
    raise TypeError(f"no strategy for {tp!r}")


# Strategies are built once per class and reused: Hypothesis validates a strategy the first
# time it draws from it, and rebuilding the model's walk for every report cost most of the
# property tests' time.
@functools.cache
def for_class(cls: type, depth: int = 0, small: bool = False) -> st.SearchStrategy[Any]:
    if cls is OtherProcessing:
        return other_processing(small)
    if cls is StatedFigure:
        return stated_figure()
    kwargs = {}
    for field in _introspect.fields(cls):
        tp, optional = _introspect.strip_optional(field.type)
        strategy = for_type(tp, _introspect.schema_extras(field), depth, small)
        if optional:
            strategy = st.none() | strategy
        kwargs[field.name] = strategy
    return st.builds(cls, **kwargs)


@functools.cache
def other_processing(small: bool = False) -> st.SearchStrategy[OtherProcessing]:
    rows = for_class(ApplicantRow, small=small)
    full = st.builds(OtherProcessing, rows, rows, rows, st.none() | rows)
    single = st.builds(OtherProcessing, subtotal=rows)
    return full | single


@functools.cache
def stated_figure() -> st.SearchStrategy[StatedFigure]:
    kwargs = {}
    for field in _introspect.fields(StatedFigure):
        if field.name in ("refers_to", "numerator", "denominator"):
            continue
        tp, optional = _introspect.strip_optional(field.type)
        strategy = for_type(tp, _introspect.schema_extras(field))
        kwargs[field.name] = (st.none() | strategy) if optional else strategy
    return st.builds(StatedFigure, **kwargs)


@st.composite
def reports(draw: st.DrawFn, template: Template | None = None, *, small: bool = False) -> AnnualReport:
    """Any report of ``template`` (or of any); ``small``: its counts small enough that
    their sums stay far inside int64."""
    template = template or draw(st.sampled_from(list(Template)))
    first, last = TEMPLATE_YEARS[template]
    kwargs: dict[str, Any] = {"template": template, "year": draw(st.integers(first, last or 2100))}
    kwargs["body"] = draw(for_class(BODY_TYPES[template], small=small))
    figures = draw(st.lists(stated_figure(), max_size=3, unique_by=lambda f: f.id))
    kwargs["stated_figures"] = tuple(figures)
    for name, strategy in _envelope_strategies():
        kwargs[name] = draw(strategy)
    return AnnualReport(**kwargs)


@functools.cache
def _envelope_strategies() -> tuple[tuple[str, st.SearchStrategy[Any]], ...]:
    """The strategy of each field of the report itself (the body and figures drawn apart)."""
    out = []
    for field in _introspect.fields(AnnualReport):
        if field.name in ("template", "year", "body", "stated_figures"):
            continue
        tp, optional = _introspect.strip_optional(field.type)
        strategy = for_type(tp, _introspect.schema_extras(field))
        out.append((field.name, (st.none() | strategy) if optional else strategy))
    return tuple(out)


def evolve(obj: Any, **changes: Any) -> Any:
    return attrs.evolve(obj, **changes)
