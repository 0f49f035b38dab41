"""Small solved runs for the finance and report tests (each solves in a second or two)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.conftest import TWO_ZONES
from tests.model.conftest import GAS, HEAT_PUMP, SOURCE, scenario_of, tiny

from zerozone.model.pipeline import run_plan
from zerozone.results import read_run
from zerozone.results.run_directory import RunDirectory

BIOGAS_FUEL = {
    "id": "biogas",
    "name": {"en": "Biogas", "az": "Bioqaz"},
    "price_usd_per_mwh": {2025: 50},
    "emission_factor_t_per_mwh": 0.0,
    "source": SOURCE,
}
BIOGAS_PLANT = {**GAS, "id": "bio", "name": {"en": "Biogas", "az": "Bioqaz"}, "fuel": "biogas"}


def two_zones_with_link() -> dict[str, Any]:
    """Two zones, three periods, a zero cap in 2035 that can be met: wind in the north only,
    a link that must grow, batteries, heat pumps, a committed solar plant."""
    raw = copy.deepcopy(TWO_ZONES)
    raw["technologies"].append(copy.deepcopy(HEAT_PUMP))
    for sector in raw["demand"]["sectors"]:
        if sector["sector"] == "transport":
            sector["electrification"] = {2024: 0.0, 2035: 1.0}
    raw["links"][0]["capacity_mw"] = {2020: 5}
    raw["committed"] = [c for c in raw["committed"] if "link" not in c]
    return raw


def gas_only(rate: float = 0.05) -> dict[str, Any]:
    """One zone, one period of one year, gas turbines only."""
    raw = tiny()
    raw["policy"]["discount_rate"] = rate
    return raw


def gas_or_biogas(capped: bool) -> dict[str, Any]:
    """Gas and biogas turbines of the same cost; biogas fuel costs 20 USD/MWh more and emits
    nothing, so each tonne avoided costs (50 - 30) / 0.2 = 100 USD."""
    raw = tiny(technologies=[GAS, BIOGAS_PLANT])
    raw["fuels"].append(BIOGAS_FUEL)
    if capped:
        raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: 0.0}}
    return raw


def solve(raw: dict[str, Any], out: Path, resolution: str = "days:3") -> RunDirectory:
    """Plan ``raw`` into ``out`` and read the run back."""
    run_plan(scenario_of(raw), resolution=resolution, out=out)
    return read_run(out)
