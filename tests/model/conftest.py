"""Tiny planning problems whose optimum can be computed by hand."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from zerozone.data import Scenario, parse_scenario
from zerozone.model.inputs import ModelInputs, build_inputs
from zerozone.model.time import build_time_structure
from zerozone.profiles.scenario import scenario_profiles

SOURCE = "assumption: test data"

ZONE: dict[str, Any] = {
    "id": "solo",
    "name": {"en": "Solo", "az": "Solo"},
    "bbox": {"lon_min": 46.0, "lat_min": 39.0, "lon_max": 47.0, "lat_max": 40.0},
    "weather_site": {"lat": 39.4, "lon": 46.5},
    "climate": {
        "annual_ghi_kwh_m2": 1750,
        "wind_capacity_factor": 0.3,
        "hydro_capacity_factor": 0.4,
        "mean_temperature_c": 13,
        "seasonal_temperature_amplitude_c": 12,
        "diurnal_temperature_amplitude_c": 5,
        "source": SOURCE,
    },
    "source": SOURCE,
}

GAS = {
    "id": "gas",
    "name": {"en": "Gas", "az": "Qaz"},
    "kind": "thermal",
    "fuel": "natural_gas",
    "capex_usd_per_kw": {2025: 800},
    "fixed_om_share": 0.02,
    "lifetime_years": 30,
    "efficiency": 0.5,
    "source": SOURCE,
}
SOLAR = {
    "id": "solar",
    "name": {"en": "Solar", "az": "Günəş"},
    "kind": "solar",
    "mount": "fixed",
    "capex_usd_per_kw": {2025: 600},
    "lifetime_years": 30,
    "source": SOURCE,
}
BATTERY = {
    "id": "battery",
    "name": {"en": "Battery", "az": "Batareya"},
    "kind": "battery",
    "capex_usd_per_kw": {2025: 200},
    "energy_capex_usd_per_kwh": {2025: 150},
    "lifetime_years": 30,
    "efficiency": 0.81,
    "source": SOURCE,
}
RESERVOIR = {
    "id": "dam",
    "name": {"en": "Dam", "az": "Bənd"},
    "kind": "hydro_reservoir",
    "capex_usd_per_kw": {2025: 3000},
    "lifetime_years": 80,
    "storage_hours": 500,
    "source": SOURCE,
}
HEAT_PUMP = {
    "id": "heat_pump",
    "name": {"en": "Heat pump", "az": "İstilik nasosu"},
    "kind": "heat_pump",
    "capex_usd_per_kw": {2025: 900},
    "lifetime_years": 20,
    "efficiency": 3.0,
    "source": SOURCE,
}
BOILER = {
    "id": "boiler",
    "name": {"en": "Gas boiler", "az": "Qaz qazanı"},
    "kind": "gas_boiler",
    "fuel": "natural_gas",
    "capex_usd_per_kw": {2025: 100},
    "lifetime_years": 20,
    "efficiency": 0.9,
    "source": SOURCE,
}

BASE: dict[str, Any] = {
    "name": "tiny",
    "title": {"en": "Tiny", "az": "Kiçik"},
    "timezone": "Asia/Baku",
    "policy": {
        "target_year": 2025,
        "periods": [2025],
        "last_period_years": 1,
        "discount_rate": 0.0,
        "emission_cap": {"shape": "none"},
        "source": SOURCE,
    },
    "zones": [ZONE],
    "settlements": [
        {
            "id": "town",
            "name": {"en": "Town", "az": "Qəsəbə"},
            "zone": "solo",
            "location": {"lat": 39.5, "lon": 46.5},
            "population": {2024: {"central": 10000}},
            "source": SOURCE,
        }
    ],
    "technologies": [GAS],
    "fuels": [
        {
            "id": "natural_gas",
            "name": {"en": "Natural gas", "az": "Təbii qaz"},
            "price_usd_per_mwh": {2025: 30},
            "emission_factor_t_per_mwh": 0.2,
            "source": SOURCE,
        }
    ],
    "demand": {
        "base_year": 2024,
        "sectors": [{"sector": "residential", "per_capita_mwh": 2.0, "source": SOURCE}],
    },
}


def tiny(**changes: Any) -> dict[str, Any]:
    """A copy of the one-zone base scenario with top-level ``changes`` applied."""
    raw = copy.deepcopy(BASE)
    raw.update(copy.deepcopy(changes))
    return raw


def scenario_of(raw: dict[str, Any]) -> Scenario:
    """Validate a scenario given as a dict."""
    return parse_scenario(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "test")


def inputs_of(raw: dict[str, Any], resolution: str = "weeks:1") -> ModelInputs:
    """Model inputs of a scenario dict at ``resolution``."""
    scenario = scenario_of(raw)
    return build_inputs(scenario, build_time_structure(scenario_profiles(scenario), resolution))


SOLAR_SITES = [{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": SOURCE}]
"""Room for plenty of solar in the one zone."""


def transport_above_zero_cap() -> dict[str, Any]:
    """Gas, solar and batteries, with transport fuel (80 % not electrified, 1,600 t/yr) that no
    investment can remove, under a zero cap: infeasible by construction."""
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    raw["demand"]["sectors"].append(
        {
            "sector": "transport",
            "per_capita_mwh": 1.0,
            "fuel": "natural_gas",
            "electrification": {2024: 0.2},
            "source": SOURCE,
        }
    )
    raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: 0.0}}
    return raw
