from __future__ import annotations

import os
import pathlib

import pytest
from hypothesis import HealthCheck, settings

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# The default profile (5 examples) keeps the whole suite near a minute on two cores, fast
# enough to run all day; .ci/run also runs the
# property tests with the thorough "long" profile.
settings.register_profile(
    "default", max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
# the thorough profile also draws larger collections where a test sizes them
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the long property tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long run; opt in with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
