"""Solved runs and their finance tables for the report tests: the two-zone test scenario and the
bundled Aghali village (whose 0.4 MW hydro plant must stay visible)."""

from __future__ import annotations

import pytest
from tests.finance.runs import solve, two_zones_with_link

from zerozone.data import load_scenario
from zerozone.finance import FinanceResult, analyse_run
from zerozone.model.pipeline import run_plan
from zerozone.results import read_run


@pytest.fixture(scope="session")
def finance_result(tmp_path_factory: pytest.TempPathFactory) -> FinanceResult:
    """Finance tables of the two-zone run (days:3, so winter and summer weeks exist)."""
    run = solve(two_zones_with_link(), tmp_path_factory.mktemp("report") / "run")
    return analyse_run(run)


@pytest.fixture(scope="session")
def aghali_result(tmp_path_factory: pytest.TempPathFactory) -> FinanceResult:
    """Finance tables of the bundled Aghali village (days:3): capacities below 1 MW."""
    out = tmp_path_factory.mktemp("report") / "aghali"
    run_plan(load_scenario("aghali"), resolution="days:3", out=out)
    return analyse_run(read_run(out))
