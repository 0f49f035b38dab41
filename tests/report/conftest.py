"""A solved two-zone run and its finance tables for the report tests."""

from __future__ import annotations

import pytest
from tests.finance.runs import solve, two_zones_with_link

from zerozone.finance import FinanceResult, analyse_run


@pytest.fixture(scope="session")
def finance_result(tmp_path_factory: pytest.TempPathFactory) -> FinanceResult:
    """Finance tables of the two-zone run (days:3, so winter and summer weeks exist)."""
    run = solve(two_zones_with_link(), tmp_path_factory.mktemp("report") / "run")
    return analyse_run(run)
