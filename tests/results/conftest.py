"""A small solved run of two zones with a link, batteries, plants and committed builds."""

from __future__ import annotations

import pytest
from tests.finance.runs import solve, two_zones_with_link

from zerozone.results.run_directory import RunDirectory


@pytest.fixture(scope="session")
def two_zone_run(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    return solve(two_zones_with_link(), tmp_path_factory.mktemp("results") / "linked")
