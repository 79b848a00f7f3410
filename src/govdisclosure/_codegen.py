"""Generated code, compiled in one place.

Several engines write Python source for speed (the fast path's converters, the column
builders' field readers, compiled sums, pointer getters). They all compile it here, so the
source is registered with :mod:`linecache` under a file name that says what it is, as attrs
and cattrs do: tracebacks, debuggers and profilers show the generated lines instead of
``<string>``.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["NO_DEFAULT", "field_reader", "run"]

_NUMBERS = itertools.count(1)


def run(source: str, namespace: dict[str, Any], what: str) -> dict[str, Any]:
    """Run ``source`` in ``namespace`` (which then holds what it defines) and return it;
    ``what`` names the code in its file name (``<govdisclosure generated: what #n>``)."""
    filename = f"<govdisclosure generated: {what} #{next(_NUMBERS)}>"
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(code, namespace)
    return namespace


#: For :func:`field_reader`: the field has no default (it is always there).
NO_DEFAULT: Any = object()


def field_reader(
    what: str, name: str, nulls: bool, default: Any = NO_DEFAULT, unset: Any = None
) -> Callable[[Sequence[Any]], list[Any]]:
    """A function reading attribute ``name`` over a list of values, as generated code (the
    interpreter specializes its attribute reads for the class's slots, several times faster
    than ``operator.attrgetter``). ``nulls``: a ``None`` value reads as ``None``;
    ``default``: what the attribute reads as where it holds ``unset`` (a decoded document's
    absent field). Used for the model's objects and for the fast path's decoded Structs."""
    namespace: dict[str, Any] = {}
    value = f"v.{name}"
    if default is not NO_DEFAULT:
        namespace["DEFAULT"], namespace["UNSET"] = default, unset
        value = f"(DEFAULT if (x := v.{name}) is UNSET else x)"
    if nulls:
        value = f"None if v is None else {value}"
    run(f"def read(values):\n    return [{value} for v in values]\n", namespace, f"reader of {what}.{name}")
    function: Callable[[Sequence[Any]], list[Any]] = namespace["read"]
    return function
