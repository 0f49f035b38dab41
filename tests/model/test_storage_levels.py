"""Stores carried across chronological days: the hourly chain is the day map's exact equal."""

from __future__ import annotations

import pytest
from tests.model.conftest import BATTERY, GAS, RESERVOIR, SOLAR, SOLAR_SITES, inputs_of, tiny

from zerozone.model import storage
from zerozone.model.solve import PlanStatus, solve_plan


def test_the_hourly_chain_carries_stores_like_the_day_map(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The chain replaced the day map's four per-day variables in the hourly check's year.
    raw = tiny(technologies=[GAS, SOLAR, BATTERY, RESERVOIR], potentials=SOLAR_SITES)
    inputs = inputs_of(raw, "weeks:2")
    assert inputs.time.chronological
    chain = solve_plan(inputs)
    monkeypatch.setattr(storage, "add_chronological_levels", storage.add_mapped_levels)
    mapped = solve_plan(inputs)
    assert chain.status is PlanStatus.OPTIMAL and mapped.status is PlanStatus.OPTIMAL
    variables = set(chain.planning.model.variables)
    assert {"level_storage", "level_reservoir"} <= variables
    assert not {"level_storage_base", "level_reservoir_base"} & variables
    assert "level_reservoir_base" in mapped.planning.model.variables
    assert chain.objective == pytest.approx(mapped.objective, rel=1e-9)
    assert chain.planning.model.ncons < mapped.planning.model.ncons


def test_the_chain_wraps_from_the_last_hour_to_the_first() -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    planning = solve_plan(inputs_of(raw, "weeks:1")).planning
    change = planning.model.constraints["level_storage_change"]
    first = change.sel(day=0, hour=0).lhs
    last_day = int(planning.inputs.time.n_days) - 1
    level = planning.model.variables["level_storage"]
    wrapped = level.sel(day=last_day, hour=23).labels.values.ravel()
    assert set(wrapped) <= set(first.vars.values.ravel())
