"""Firm capacity (reserve margin, N-1) and heat pumps derated in the cold, on cases by hand."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.model.conftest import BOILER, GAS, HEAT_PUMP, SOURCE, ZONE, inputs_of, tiny

from zerozone.data import ScenarioError
from zerozone.data.kinds import KINDS
from zerozone.model.duals import shadow_prices
from zerozone.model.formulation import build_model
from zerozone.model.operation import output_share
from zerozone.model.solve import solve_plan
from zerozone.profiles.demand import heat_pump_cop, heat_pump_output_share


def _solved(raw: dict[str, Any], resolution: str = "weeks:1") -> Any:
    outcome = solve_plan(inputs_of(raw, resolution), threads=1)
    assert outcome.termination == "optimal"
    return outcome.planning


def _capacity(planning: Any, zone: str, tech: str) -> float:
    values = planning.model.variables["capacity"].solution
    return float(values.sel(zone=zone, tech=tech).max())


def _with_reserve(raw: dict[str, Any], **reserve: Any) -> dict[str, Any]:
    raw["policy"]["reserve"] = {"source": SOURCE, **reserve}
    return raw


def test_every_kind_has_a_capacity_credit_between_0_and_1() -> None:
    assert all(0.0 <= row.capacity_credit <= 1.0 for row in KINDS.values())


def test_the_reserve_margin_binds_at_the_capacity_cost_of_gas() -> None:
    """Gas only: without the rule, gas covers the peak; with a 20 % margin at a credit of 0.9,
    gas is 1.2 x peak / 0.9 and one more MW of firm capacity costs gas's annual cost / 0.9."""
    plain = _solved(tiny(technologies=[GAS]))
    peak = float(plain.inputs.electricity_demand.max())
    assert _capacity(plain, "solo", "gas") == pytest.approx(peak, rel=1e-6)
    planning = _solved(_with_reserve(tiny(technologies=[GAS]), margin=0.2))
    assert _capacity(planning, "solo", "gas") == pytest.approx(1.2 * peak / 0.9, rel=1e-6)
    table = shadow_prices(planning)
    row = table[table["constraint"] == "reserve_margin"].iloc[0]
    annual = float(planning.inputs.fixed_cost_per_year.sel(tech="gas", build_period=2025))
    assert row["zone"] == "solo" and row["binding"] == 1
    assert row["shadow_price"] == pytest.approx(annual / 0.9, rel=1e-6)
    assert row["shadow_unit"] == "USD/MW/yr"


def test_a_capacity_credit_given_for_a_technology_overrides_its_kind() -> None:
    gas = dict(GAS, capacity_credit=0.5)
    planning = _solved(_with_reserve(tiny(technologies=[gas]), margin=0.0))
    peak = float(planning.inputs.electricity_demand.max())
    assert _capacity(planning, "solo", "gas") == pytest.approx(peak / 0.5, rel=1e-6)


def test_the_reserve_counts_heat_pump_electricity_at_the_peak() -> None:
    raw = tiny(technologies=[GAS, HEAT_PUMP])
    raw["demand"]["sectors"].append(
        {"sector": "space_heat", "per_capita_mwh": 3.0, "source": SOURCE}
    )
    planning = _solved(_with_reserve(raw, margin=0.0, groups=[["solo"]]))
    inputs = planning.inputs
    heat = planning.model.variables["heat"].solution.sel(tech="heat_pump")
    load = inputs.electricity_demand + heat / inputs.cop
    assert _capacity(planning, "solo", "gas") * 0.9 == pytest.approx(float(load.max()), rel=1e-6)


def _two_zones(n_minus_1: bool) -> dict[str, Any]:
    """Zone ``a`` with a large free gas plant; ``b`` fed by two lines (3 and 2 MW, lossless)."""
    zone_b = copy.deepcopy(ZONE)
    zone_b["id"] = "b"
    zone_a = dict(copy.deepcopy(ZONE), id="a")
    raw = tiny(technologies=[GAS], zones=[zone_a, zone_b])
    raw["settlements"][0]["zone"] = "b"
    raw["plants"] = [
        {
            "name": "A plant",
            "technology": "gas",
            "zone": "a",
            "capacity_mw": 500.0,
            "commissioning_year": 2000,
            "source": SOURCE,
        }
    ]
    line = {
        "from_zone": "a",
        "to_zone": "b",
        "length_km": 50.0,
        "capex_usd_per_mw_km": 1000.0,
        "lifetime_years": 40,
        "expandable": False,
        "efficiency": 1.0,
        "source": SOURCE,
    }
    raw["links"] = [
        dict(line, id="big", name={"en": "Big", "az": "Böyük"}, capacity_mw={2000: 3.0}),
        dict(line, id="small", name={"en": "Small", "az": "Kiçik"}, capacity_mw={2000: 2.0}),
    ]
    return _with_reserve(raw, margin=0.0, groups=[["b"]], n_minus_1=n_minus_1)


def test_n_minus_1_binds_with_the_largest_line_lost() -> None:
    loose = _solved(_two_zones(False))
    peak = float(loose.inputs.electricity_demand.sel(zone="b").max())
    assert 2.0 < peak < 5.0  # the two lines carry the peak, the small one alone does not
    assert _capacity(loose, "b", "gas") == pytest.approx(0.0, abs=1e-6)
    planning = _solved(_two_zones(True))
    assert _capacity(planning, "b", "gas") == pytest.approx((peak - 2.0) / 0.9, rel=1e-6)
    table = shadow_prices(planning)
    rows = table[table["constraint"] == "n_minus_1"].set_index("item")
    assert set(rows.index) == {"big", "small"}
    assert rows.loc["big", "binding"] == 1 and rows.loc["small", "binding"] == 0
    annual = float(planning.inputs.fixed_cost_per_year.sel(tech="gas", build_period=2025))
    assert rows.loc["big", "shadow_price"] == pytest.approx(annual / 0.9, rel=1e-6)


def test_without_a_reserve_rule_the_model_is_unchanged() -> None:
    raw = tiny(technologies=[GAS])
    model = build_model(inputs_of(raw)).model
    assert "reserve_margin" not in model.constraints and "n_minus_1" not in model.constraints


def test_output_share_follows_the_cop_below_the_rating_point() -> None:
    temperatures = pd.Series([-18.0, -5.0, 7.0, 20.0])
    cop = heat_pump_cop(temperatures).to_numpy()
    share = heat_pump_output_share(cop, 7.0)
    assert share[2] == pytest.approx(1.0) and share[3] == pytest.approx(1.0)
    assert share[0] == pytest.approx(cop[0] / cop[2]) and share[0] < share[1] < 1.0


def _heated(rated: float | None) -> dict[str, Any]:
    pump = dict(HEAT_PUMP) if rated is None else dict(HEAT_PUMP, rated_temperature_c=rated)
    raw = tiny(technologies=[GAS, pump])
    raw["demand"]["sectors"].append(
        {"sector": "space_heat", "per_capita_mwh": 3.0, "source": SOURCE}
    )
    return raw


def test_derating_raises_the_heat_pump_capacity_needed_in_the_cold() -> None:
    plain = _solved(_heated(None))
    derated = _solved(_heated(7.0))
    share = output_share(derated.inputs, ["heat_pump"])
    assert isinstance(share, type(derated.inputs.cop)) and float(share.min()) < 1.0
    peak_heat = float(plain.inputs.heat_demand.max())
    assert _capacity(plain, "solo", "heat_pump") == pytest.approx(peak_heat, rel=1e-6)
    needed = float((derated.inputs.heat_demand / share.sel(tech="heat_pump")).max())
    assert _capacity(derated, "solo", "heat_pump") == pytest.approx(needed, rel=1e-6)
    assert needed > peak_heat * 1.05


def test_a_boiler_is_never_derated() -> None:
    raw = _heated(7.0)
    raw["technologies"].append(BOILER)
    inputs = inputs_of(raw)
    share = output_share(inputs, ["heat_pump", "boiler"])
    assert np.all(share.sel(tech="boiler").to_numpy() == 1.0)


def test_a_reserve_group_with_an_unknown_or_repeated_zone_is_refused() -> None:
    raw = _with_reserve(tiny(technologies=[GAS]), margin=0.1, groups=[["solo"], ["sollo", "solo"]])
    with pytest.raises(ScenarioError) as caught:
        inputs_of(raw)
    message = str(caught.value)
    assert "policy.reserve.groups[1][0]" in message and "did you mean 'solo'" in message
    assert "zone 'solo' is already in reserve group 0" in message
