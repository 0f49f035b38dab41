"""Small models whose optimum is known by hand, and the behaviours the planner must show."""

from __future__ import annotations

import numpy as np
import pytest
from tests.model.conftest import BATTERY, BOILER, GAS, HEAT_PUMP, RESERVOIR, SOLAR, inputs_of, tiny

from zerozone.data.economics import annuity_factor
from zerozone.model.extract import extract_tables
from zerozone.model.solve import PlanStatus, solve_plan


def solved(raw, resolution="weeks:1"):
    inputs = inputs_of(raw, resolution)
    outcome = solve_plan(inputs)
    return inputs, outcome


def test_one_zone_one_period_gas_only_matches_hand_calculation() -> None:
    inputs, outcome = solved(tiny())
    assert outcome.status is PlanStatus.OPTIMAL
    demand = inputs.electricity_demand.sel(zone="solo", period=2025)
    peak = float(demand.max())
    annual = float((demand * inputs.day_weight).sum())
    # discount rate 0, one one-year period: capital = capex x (1/lifetime + fixed O&M share)
    capital = peak * 800e3 * (1 / 30 + 0.02)
    fuel = annual * 30 / 0.5
    assert outcome.objective == pytest.approx(capital + fuel, rel=1e-6)
    tables = extract_tables(outcome.planning)
    built = tables["capacity"].set_index("tech").loc["gas", "new_mw"]
    assert built == pytest.approx(peak, rel=1e-6)
    emissions = tables["emissions"].set_index("source").loc["gas", "t_per_year"]
    assert emissions == pytest.approx(annual / 0.5 * 0.2, rel=1e-6)


def test_annuity_factor() -> None:
    assert annuity_factor(0.0, 20) == pytest.approx(0.05)
    assert annuity_factor(0.08, 25) == pytest.approx(0.08 / (1 - 1.08**-25))


def test_two_periods_with_a_retirement_build_replacement_in_time() -> None:
    raw = tiny(
        policy={
            "target_year": 2030,
            "periods": [2025, 2030],
            "last_period_years": 5,
            "discount_rate": 0.05,
            "emission_cap": {"shape": "none"},
            "source": "x",
        },
        plants=[
            {
                "name": "old",
                "technology": "gas",
                "zone": "solo",
                "capacity_mw": 5000,
                "commissioning_year": 2000,
                "retirement_year": 2028,
                "source": "x",
            }
        ],
    )
    inputs, outcome = solved(raw)
    assert outcome.status is PlanStatus.OPTIMAL
    table = extract_tables(outcome.planning)["capacity"].set_index("period")
    peak_2030 = float(inputs.electricity_demand.sel(period=2030).max())
    assert table.loc[2025, "new_mw"] == pytest.approx(0.0, abs=1e-6)  # the old plant suffices
    assert table.loc[2025, "existing_mw"] == 5000
    assert table.loc[2030, "existing_mw"] == 0  # retired in 2028
    assert table.loc[2030, "new_mw"] == pytest.approx(peak_2030, rel=1e-6)


def test_vintages_leave_service_after_their_lifetime() -> None:
    short = dict(GAS, lifetime_years=5)
    raw = tiny(
        technologies=[short],
        policy={
            "target_year": 2030,
            "periods": [2025, 2030],
            "last_period_years": 5,
            "discount_rate": 0.0,
            "emission_cap": {"shape": "none"},
            "source": "x",
        },
    )
    inputs, outcome = solved(raw)
    assert inputs.active.sel(tech="gas", build_period=2025, period=2030).item() is False
    table = extract_tables(outcome.planning)["capacity"].set_index("period")
    for period in (2025, 2030):  # built again: the 2025 vintage is gone in 2030
        peak = float(inputs.electricity_demand.sel(period=period).max())
        assert table.loc[period, "new_mw"] == pytest.approx(peak, rel=1e-6)
        assert table.loc[period, "capacity_mw"] == pytest.approx(peak, rel=1e-6)


def test_binding_cap_limits_emissions_and_brings_in_clean_supply() -> None:
    free = tiny(
        technologies=[GAS, SOLAR, BATTERY],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": "x"}],
    )
    _, uncapped = solved(free)
    emitted = extract_tables(uncapped.planning)["emissions"]["t_per_year"].sum()
    capped = dict(
        free,
        policy=dict(
            free["policy"],
            target_year=2029,
            last_period_years=5,
            emission_cap={"shape": "explicit", "values_t": {2025: float(emitted) / 2, 2029: 0.0}},
        ),
    )
    _, outcome = solved(capped)
    assert outcome.status is PlanStatus.OPTIMAL
    tables = extract_tables(outcome.planning)
    assert tables["emissions"]["t_per_year"].sum() == pytest.approx(emitted / 2, rel=1e-5)
    assert outcome.objective > uncapped.objective
    dual = outcome.planning.model.constraints["emission_cap"].dual
    assert float(dual.sel(period=2025)) < 0  # the cap binds: tightening it costs money


def _battery_case():
    return tiny(
        technologies=[GAS, SOLAR, BATTERY],
        fuels=[dict(BASE_FUEL, price_usd_per_mwh={2025: 200})],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": "x"}],
    )


def test_battery_conserves_energy_within_each_representative_day() -> None:
    _, outcome = solved(_battery_case(), "days:6")
    dispatch = extract_tables(outcome.planning)["dispatch"]
    battery = dispatch[dispatch["tech"] == "battery"]
    per_day = battery.pivot_table(index="day", columns="role", values="mw", aggfunc="sum")
    assert per_day["discharge"].sum() > 1.0  # the battery is used
    # what goes in times the round-trip efficiency comes out, day by day
    np.testing.assert_allclose(per_day["charge"] * 0.81, per_day["discharge"], rtol=1e-6, atol=1e-6)


def test_battery_conserves_energy_over_a_chronological_window() -> None:
    _, outcome = solved(_battery_case(), "weeks:1")
    tables = extract_tables(outcome.planning)
    battery = tables["dispatch"][tables["dispatch"]["tech"] == "battery"]
    totals = battery.groupby("role")["mw"].sum()
    assert totals["discharge"] > 1.0
    assert totals["charge"] * 0.81 == pytest.approx(totals["discharge"], rel=1e-6)
    levels = tables["storage_levels"]
    content = levels[levels["tech"] == "battery"].sort_values("hour_of_year")["level_mwh"]
    energy = tables["capacity"].set_index("tech").loc["battery", "energy_mwh"]
    assert content.max() <= energy * (1 + 1e-6)
    assert content.min() >= -1e-6


BASE_FUEL = tiny()["fuels"][0]


def test_reservoir_spills_what_it_cannot_use_or_store() -> None:
    raw = tiny(
        technologies=[GAS, RESERVOIR],
        plants=[
            {
                "name": "dam",
                "technology": "dam",
                "zone": "solo",
                "capacity_mw": 20000,
                "commissioning_year": 2000,
                "source": "x",
            }
        ],
    )
    inputs, outcome = solved(raw)
    tables = extract_tables(outcome.planning)
    generation = tables["generation"].set_index(["tech", "role"])["mwh"]
    inflow = float((inputs.inflow.sel(zone="solo", tech="dam") * 20000 * inputs.day_weight).sum())
    spilled = generation.loc[("dam", "spill")]
    produced = generation.loc[("dam", "generation")]
    assert spilled > 0
    assert ("gas", "generation") not in generation.index  # hydro serves the whole demand
    # water balance over the (cyclic) horizon: inflow = output + spill
    assert produced + spilled == pytest.approx(inflow, rel=1e-6)


def test_reservoir_carries_snowmelt_across_seasons_with_representative_days() -> None:
    expensive = dict(BASE_FUEL, price_usd_per_mwh={2025: 2000})
    raw = tiny(
        technologies=[GAS, dict(RESERVOIR, storage_hours=2000)],
        fuels=[expensive],
        plants=[
            {
                "name": "dam",
                "technology": "dam",
                "zone": "solo",
                "capacity_mw": 10,
                "commissioning_year": 2000,
                "source": "x",
            }
        ],
    )
    inputs, outcome = solved(raw, "days:12")
    tables = extract_tables(outcome.planning)
    levels = tables["storage_levels"].set_index("hour_of_year")["level_mwh"]
    assert len(levels) == 8760
    assert levels.max() <= 10 * 2000 * (1 + 1e-9)
    assert levels.min() >= -1e-6
    # water stored in the snowmelt season (April-June) is released later in the year
    june_end, march_end = levels.loc[180 * 24], levels.loc[85 * 24]
    assert june_end > march_end + 1000
    generation = tables["generation"].set_index(["tech", "role"])["mwh"]
    demand = float((inputs.electricity_demand * inputs.day_weight).sum())
    assert generation.get(("gas", "generation"), 0.0) < 0.2 * demand


def test_load_shedding_is_reported_when_nothing_can_be_built() -> None:
    raw = tiny(
        technologies=[SOLAR],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 1, "source": "x"}],
    )
    inputs, outcome = solved(raw)
    assert outcome.status is PlanStatus.OPTIMAL_WITH_UNSERVED  # never plainly "optimal"
    shed = extract_tables(outcome.planning)["load_shed"]
    electricity = shed[shed["carrier"] == "electricity"]["mwh"].sum()
    annual = float((inputs.electricity_demand * inputs.day_weight).sum())
    assert 0.5 * annual < electricity < annual


def test_heat_pumps_replace_boilers_under_a_zero_cap() -> None:
    raw = tiny(
        technologies=[GAS, SOLAR, BATTERY, HEAT_PUMP, BOILER],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": "x"}],
    )
    raw["demand"]["sectors"].append({"sector": "space_heat", "per_capita_mwh": 3.0, "source": "x"})
    raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: 0.0}}
    raw["policy"]["target_year"] = 2025
    inputs, outcome = solved(raw)
    assert outcome.status is PlanStatus.OPTIMAL
    generation = extract_tables(outcome.planning)["generation"].set_index(["tech", "role"])
    heat = float((inputs.heat_demand * inputs.day_weight).sum())
    assert generation.loc[("heat_pump", "heat"), "mwh"] == pytest.approx(heat, rel=1e-6)
    assert ("boiler", "heat") not in generation.index
    prices = extract_tables(outcome.planning)["prices"]
    assert list(prices.columns) == ["zone", "period", "day", "hour", "usd_per_mwh"]


def test_existing_capacity_above_a_potential_stays_but_nothing_new_is_built() -> None:
    raw = tiny(
        technologies=[GAS, SOLAR],
        plants=[
            {
                "name": "farm",
                "technology": "solar",
                "zone": "solo",
                "capacity_mw": 50,
                "commissioning_year": 2020,
                "source": "x",
            }
        ],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 20, "source": "x"}],
    )
    _, outcome = solved(raw)
    assert outcome.status is PlanStatus.OPTIMAL
    solar = extract_tables(outcome.planning)["capacity"].set_index("tech").loc["solar"]
    assert solar["capacity_mw"] == pytest.approx(50.0)
    assert solar["new_mw"] == pytest.approx(0.0, abs=1e-6)
