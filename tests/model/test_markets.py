"""Trade with markets by hand: exports that pay for a build, hourly price shapes, interconnectors
built only when the price spread pays their annuity."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from tests.model.conftest import BATTERY, GAS, SOLAR, ZONE, inputs_of, tiny

from zerozone.data.economics import HOURS_PER_YEAR
from zerozone.model.extract import extract_tables
from zerozone.model.solve import PlanStatus, solve_plan

X = "assumption: test data"
SOLAR_ANNUITY = 600e3 / 30  # USD/MW/yr: 600 USD/kW over 30 years at a discount rate of 0
EXPORTER_SOLAR_MW = 10.0


def exporter(export_price: float, **market: Any) -> dict[str, Any]:
    """Two zones: ``solo`` with the town's demand, served by gas, and ``duo`` without demand,
    where up to 10 MW of solar may be built and a market buys exports at ``export_price``
    (mean, USD/MWh). Discount rate 0, one one-year period: solar costs its annuity, 20,000
    USD/MW/yr."""
    duo = copy.deepcopy(ZONE)
    duo.update(id="duo", name={"en": "Duo", "az": "Duo"})
    entry = {
        "id": "buyer",
        "name": {"en": "Buyer", "az": "Alıcı"},
        "zone": "duo",
        "import_capacity_mw": {2000: 0.0},
        "export_capacity_mw": {2000: 1000.0},
        "import_price_usd_per_mwh": {2025: 100.0},
        "export_price_usd_per_mwh": {2025: export_price},
        "emission_factor_t_per_mwh": {2025: 0.0},
        "source": X,
        **market,
    }
    potential = {"zone": "duo", "technology": "solar", "max_capacity_mw": 10, "source": X}
    return tiny(
        zones=[ZONE, duo],
        technologies=[GAS, SOLAR],
        potentials=[potential],
        markets=[entry],
    )


def solved(raw: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    inputs = inputs_of(raw)
    outcome = solve_plan(inputs)
    assert outcome.status is PlanStatus.OPTIMAL
    return inputs, outcome, extract_tables(outcome.planning)


def solar_built(tables: dict[str, Any]) -> float:
    capacity = tables["capacity"]
    rows = capacity[(capacity["tech"] == "solar") & (capacity["zone"] == "duo")]
    return float(rows["new_mw"].sum())


def solar_yield(inputs: Any) -> float:
    """Annual output of 1 MW of solar in ``duo`` [MWh/yr]."""
    availability = inputs.availability.sel(zone="duo", tech="solar")
    return float((availability * inputs.day_weight).sum())


def test_an_export_price_above_the_lcoe_drives_the_build() -> None:
    inputs = inputs_of(exporter(0.0))
    lcoe = SOLAR_ANNUITY / solar_yield(inputs)  # about 12 USD/MWh
    _, with_exports, tables = solved(exporter(2.0 * lcoe))
    _, without, tables_without = solved(exporter(0.0))
    _, _, tables_below = solved(exporter(0.8 * lcoe))
    assert solar_built(tables) == pytest.approx(EXPORTER_SOLAR_MW, rel=1e-6)
    assert solar_built(tables_without) == pytest.approx(0.0, abs=1e-6)
    assert solar_built(tables_below) == pytest.approx(0.0, abs=1e-6)
    # by hand: 10 MW cost their annuity and earn the export price on all they make
    margin = EXPORTER_SOLAR_MW * (SOLAR_ANNUITY - 2.0 * lcoe * solar_yield(inputs))
    assert with_exports.objective - without.objective == pytest.approx(margin, rel=1e-6)
    costs = tables["costs"].set_index(["category", "item"])
    revenue = costs.loc[("exports", "buyer"), "usd_per_year"]
    assert revenue == pytest.approx(-2.0 * lcoe * EXPORTER_SOLAR_MW * solar_yield(inputs), 1e-6)


MIDDAY = range(9, 16)


def evening_shape(midday: float) -> list[float]:
    """Export multipliers: ``midday`` from 09:00 to 16:00, the rest evenly so they average 1."""
    rest = (24.0 - midday * len(MIDDAY)) / (24 - len(MIDDAY))
    return [midday if h in MIDDAY else rest for h in range(24)]


def exports_by_hour(tables: dict[str, Any]) -> np.ndarray:
    flows = tables["flows"]
    exports = flows[flows["direction"] == "export"]
    return exports.groupby("hour")["mw"].sum().reindex(range(24), fill_value=0.0).to_numpy()


def test_a_price_shape_that_makes_midday_exports_worthless_moves_them_to_the_evening() -> None:
    lcoe_price = 3.0 * SOLAR_ANNUITY / 1500.0  # well above solar's LCOE
    flat = exporter(lcoe_price)
    flat["technologies"].append(BATTERY)
    shaped = copy.deepcopy(flat)
    shaped["markets"][0]["export_price_shape"] = {2025: evening_shape(-0.05)}
    _, _, flat_tables = solved(flat)
    _, _, shaped_tables = solved(shaped)
    price = inputs_of(shaped).export_price.sel(market="buyer", period=2025).to_numpy()
    assert price.mean() == pytest.approx(lcoe_price)  # the shape keeps the annual mean
    assert price[12] < 0
    flat_exports, shaped_exports = exports_by_hour(flat_tables), exports_by_hour(shaped_tables)
    assert flat_exports[list(MIDDAY)].sum() > 1.0  # flat: exported as the sun shines
    assert shaped_exports[list(MIDDAY)].sum() == pytest.approx(0.0, abs=1e-6)
    assert shaped_exports[17:22].sum() > flat_exports[17:22].sum() + 1.0
    built = shaped_tables["builds"]
    battery = built[(built["tech"] == "battery") & (built["status"] == "planned")]
    assert float(battery["energy_mwh"].sum()) > 1.0  # storage carries midday sun to the evening
    prices = shaped_tables["market_prices"].set_index(["market", "period", "hour"])
    assert prices.loc[("buyer", 2025, 12), "export_usd_per_mwh"] == pytest.approx(price[12])


def test_a_flat_shape_changes_nothing() -> None:
    plain = exporter(30.0, import_capacity_mw={2000: 2.0})
    ones = copy.deepcopy(plain)
    ones["markets"][0]["export_price_shape"] = {2025: [1.0] * 24}
    ones["markets"][0]["import_price_shape"] = {2020: [1.0] * 24, 2030: [1.0] * 24}
    _, first, _ = solved(plain)
    _, second, _ = solved(ones)
    assert second.objective == pytest.approx(first.objective, rel=1e-9)


def test_shapes_are_interpolated_linearly_between_years() -> None:
    raw = exporter(30.0)
    raw["policy"].update(target_year=2030, periods=[2025, 2030], last_period_years=5)
    morning = [2.0 if h < 12 else 0.0 for h in range(24)]
    raw["markets"][0]["export_price_shape"] = {2020: [1.0] * 24, 2040: morning}
    price = inputs_of(raw).export_price.sel(market="buyer")
    assert price.sel(period=2025, hour=0) == pytest.approx(30.0 * 1.25)
    assert price.sel(period=2030, hour=23) == pytest.approx(30.0 * 0.5)


SPREAD = 60.0 - 40.0  # USD/MWh: gas at 30 USD/MWh of fuel and 50 % efficiency against imports
INTERCONNECTOR_MW = 0.5
BREAK_EVEN_CAPEX = SPREAD * HOURS_PER_YEAR * 30  # USD/MW over a 30-year life at rate 0


def importer(capex_usd_per_mw: float) -> dict[str, Any]:
    """``solo`` served by an existing gas plant (ample, sunk) at 60 USD/MWh, and a market at
    40 USD/MWh that can be reached only through an interconnector of up to 0.5 MW (less than
    the lowest demand: a MW of it runs every hour)."""
    market = {
        "id": "neighbour",
        "name": {"en": "Neighbour", "az": "Qonşu"},
        "zone": "solo",
        "import_capacity_mw": {2000: 0.0},
        "export_capacity_mw": {2000: 0.0},
        "import_price_usd_per_mwh": {2025: 40.0},
        "export_price_usd_per_mwh": {2025: 20.0},
        "emission_factor_t_per_mwh": {2025: 0.0},
        "interconnector": {
            "from_year": 2025,
            "max_capacity_mw": INTERCONNECTOR_MW,
            "capex_usd_per_mw": capex_usd_per_mw / 2,
            "capex_usd_per_mw_km": capex_usd_per_mw / 2 / 100,
            "length_km": 100,
            "lifetime_years": 30,
            "source": X,
        },
        "source": X,
    }
    plant = {
        "name": "old gas",
        "technology": "gas",
        "zone": "solo",
        "capacity_mw": 100,
        "commissioning_year": 2010,
        "source": X,
    }
    return tiny(markets=[market], plants=[plant])


def test_an_interconnector_is_built_only_when_the_spread_pays_its_annuity() -> None:
    inputs = inputs_of(importer(BREAK_EVEN_CAPEX))
    assert float(inputs.electricity_demand.min()) > INTERCONNECTOR_MW
    assert float(inputs.market_overnight_capex.sel(market="neighbour")) == pytest.approx(
        BREAK_EVEN_CAPEX
    )
    _, cheap, tables = solved(importer(0.9 * BREAK_EVEN_CAPEX))
    _, dear, dear_tables = solved(importer(1.1 * BREAK_EVEN_CAPEX))
    builds = tables["builds"].set_index("asset")
    assert builds.loc["interconnector", "capacity_mw"] == pytest.approx(INTERCONNECTOR_MW)
    assert builds.loc["interconnector", "kind"] == "interconnector"
    assert builds.loc["interconnector", "tech"] == "neighbour"
    assert builds.loc["interconnector", "overnight_usd"] == pytest.approx(
        0.9 * BREAK_EVEN_CAPEX * INTERCONNECTOR_MW
    )
    assert "interconnector" not in set(dear_tables["builds"]["asset"])
    # by hand: each MW saves the spread in every hour and costs its annuity
    saving = INTERCONNECTOR_MW * (SPREAD * HOURS_PER_YEAR - 0.9 * BREAK_EVEN_CAPEX / 30)
    assert dear.objective - cheap.objective == pytest.approx(saving, rel=1e-6)
    capacity = tables["market_capacity"].set_index("market").loc["neighbour"]
    assert capacity["import_capacity_mw"] == pytest.approx(INTERCONNECTOR_MW)
    assert capacity["export_capacity_mw"] == pytest.approx(INTERCONNECTOR_MW)
    assert capacity["interconnector_mw"] == pytest.approx(INTERCONNECTOR_MW)
    costs = tables["costs"].set_index(["category", "item"])
    annual = costs.loc[("capital", "interconnector:neighbour"), "usd_per_year"]
    assert annual == pytest.approx(INTERCONNECTOR_MW * 0.9 * BREAK_EVEN_CAPEX / 30)
    shadow = tables["shadow_prices"]
    limit = shadow[shadow["constraint"] == "interconnector"].iloc[0]
    assert limit["binding"] == 1
    # the largest expansion is worth the spread over the year less the annuity, per MW
    assert limit["shadow_price"] == pytest.approx(
        SPREAD * HOURS_PER_YEAR - 0.9 * BREAK_EVEN_CAPEX / 30, rel=1e-6
    )
    imports = shadow[shadow["constraint"] == "import_limit"].iloc[0]
    assert imports["limit"] == pytest.approx(INTERCONNECTOR_MW)
    assert imports["binding"] == 1


def test_an_interconnector_is_built_no_earlier_than_its_first_year() -> None:
    raw = importer(0.5 * BREAK_EVEN_CAPEX)
    raw["policy"].update(target_year=2030, periods=[2025, 2030], last_period_years=5)
    raw["markets"][0]["interconnector"]["from_year"] = 2028
    _, _, tables = solved(raw)
    built = tables["builds"][tables["builds"]["asset"] == "interconnector"]
    assert list(built["build_year"]) == [2030]
    capacity = tables["market_capacity"].set_index("period")["interconnector_mw"]
    assert capacity.loc[2025] == pytest.approx(0.0)
    assert capacity.loc[2030] == pytest.approx(INTERCONNECTOR_MW)
