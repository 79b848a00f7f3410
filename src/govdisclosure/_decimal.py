"""The library's own decimal arithmetic, whatever the caller's decimal context.

Sums, differences, rates and ratios are worked out with :class:`decimal.Decimal`, whose
arithmetic follows the thread's current context. A caller who lowered its precision,
changed its rounding or trapped ``Inexact`` would otherwise get rounded sums, different
findings or an exception from inside the audit. The public functions that compute run in
:data:`CONTEXT` instead (:func:`own_context`), the standard context written out in full
so that a changed ``decimal.DefaultContext`` cannot reach it either.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

#: Python's standard context, fixed: 28 significant digits, half-even rounding, the usual traps.
CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
#: Rates and ratios are divided to 40 significant digits before they are rounded as printed.
WIDE = CONTEXT.copy()
WIDE.prec = 40

P = ParamSpec("P")
R = TypeVar("R")


def own_context(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in :data:`CONTEXT` (a copy of it: the caller's context is restored after)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with decimal.localcontext(CONTEXT):
            return func(*args, **kwargs)

    return wrapper
