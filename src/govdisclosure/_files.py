"""Small file helpers shared by the writers (Parquet, extracted documents)."""

from __future__ import annotations

import os


def umask() -> int:
    """The process's umask (read by setting and restoring it)."""
    current = os.umask(0)
    os.umask(current)
    return current
