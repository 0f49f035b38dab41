"""Solved runs shared by the finance tests (solved once per session)."""

from __future__ import annotations

import pytest
from tests.finance.runs import gas_only, gas_or_biogas, solve, two_zones_with_link

from zerozone.results.run_directory import RunDirectory


@pytest.fixture(scope="session")
def linked_run(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    """Two zones with a growing link (see :func:`tests.finance.runs.two_zones_with_link`)."""
    return solve(two_zones_with_link(), tmp_path_factory.mktemp("linked") / "run")


@pytest.fixture(scope="session")
def gas_run(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    """Gas turbines only, discount rate 5 %."""
    return solve(gas_only(0.05), tmp_path_factory.mktemp("gas") / "run", "weeks:1")


@pytest.fixture(scope="session")
def biogas_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunDirectory, RunDirectory]:
    """The capped gas-or-biogas run and its reference without the cap."""
    folder = tmp_path_factory.mktemp("biogas")
    return (
        solve(gas_or_biogas(True), folder / "capped", "weeks:1"),
        solve(gas_or_biogas(False), folder / "reference", "weeks:1"),
    )
