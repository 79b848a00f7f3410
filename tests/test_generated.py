"""Every file generated from a declaration in the code matches the committed copy."""

from __future__ import annotations

import pytest

from govdisclosure._generate import GENERATED

from .conftest import ROOT


@pytest.mark.parametrize("relative", sorted(GENERATED))
def test_committed_file_matches_its_declaration(relative: str) -> None:
    """Fails when a declaration changes without `python -m govdisclosure._generate`."""
    assert (ROOT / relative).read_text(encoding="utf-8") == GENERATED[relative]()
