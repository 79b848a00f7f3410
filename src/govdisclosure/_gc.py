"""Pausing the cyclic garbage collector while a batch of objects is built or read.

Converting a batch between Arrow columns and model objects allocates hundreds of
thousands of objects, none of them in a reference cycle (frozen attrs trees,
tuples, lists). Each allocation counts towards the collector's next pass, and
each pass walks every object the program holds, the caller's other reports
included: with the collector running, converting a batch took 2 to 3 times as
long (``benchmarks/RESULTS.md``). Reference counting still frees everything as
usual while the collector is paused; it is only the search for cycles that
waits until the batch is done.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; a collector the caller had
    disabled stays disabled."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
