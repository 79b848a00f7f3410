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
from typing import Any

__all__ = ["run"]

_NUMBERS = itertools.count(1)


def run(source: str, namespace: dict[str, Any], what: str) -> dict[str, Any]:
    """Run ``source`` in ``namespace`` (which then holds what it defines) and return it;
    ``what`` names the code in its file name (``<govdisclosure generated: what #n>``)."""
    filename = f"<govdisclosure generated: {what} #{next(_NUMBERS)}>"
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(code, namespace)
    return namespace
