"""Results of a solved planning model as long tables (one row per key, one column per value).

Annual figures are per represented year of each period (operation weighted by each model day's
calendar days); hourly tables keep the model's days and hours, with ``time`` giving the weight of
each day and ``day_map`` the day standing for each calendar day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data.economics import DEFAULT_BATTERY_HOURS, HOURS_PER_DAY, annuity_factor
from zerozone.data.kinds import VARIABLE_KINDS
from zerozone.data.projections import plant_retirement_year
from zerozone.data.schema import Link, Scenario, Technology, TechnologyKind
from zerozone.data.series import interpolate
from zerozone.model.duals import energy_value, shadow_prices
from zerozone.model.formulation import PlanningModel
from zerozone.model.inputs import ModelInputs
from zerozone.model.market_results import (
    interconnector_builds,
    market_capacity,
    market_prices,
    trade_costs,
)
from zerozone.results.tables import BY_NAME


def _solution(planning: PlanningModel, name: str) -> xr.DataArray | None:
    variables = planning.model.variables
    if name not in variables:
        return None
    return variables[name].solution.fillna(0.0)


def _long(array: xr.DataArray, value: str) -> pd.DataFrame:
    """``array`` as a long table, one column per dimension (scalar coordinates left out)."""
    scalars = [name for name in array.coords if name not in array.dims]
    return array.drop_vars(scalars).to_dataframe(name=value).reset_index()


def _annual(array: xr.DataArray, inputs: ModelInputs) -> xr.DataArray:
    return (array * inputs.day_weight).sum(["day", "hour"])


def extract_tables(planning: PlanningModel) -> dict[str, pd.DataFrame]:
    """Every result table of a solved model.

    Returns
    -------
    dict[str, pandas.DataFrame]
        ``capacity`` [MW, MWh], ``builds`` (every asset and its costs), ``generation``
        [MWh/yr], ``dispatch`` [MW], ``storage_levels`` [MWh], ``flows`` [MW], ``emissions``
        [t/yr], ``costs`` [USD/yr], ``prices`` [USD/MWh], ``shadow_prices`` (every limit's
        shadow price, see :mod:`zerozone.model.duals`), ``market_prices`` [USD/MWh],
        ``market_capacity`` [MW], ``curtailment`` [MWh/yr],
        ``load_shed`` [MWh/yr], ``time`` and ``day_map``: the tables of
        :data:`zerozone.results.tables.TABLES` except the profiles, which the pipeline adds.
    """
    inputs = planning.inputs
    tables: dict[str, pd.DataFrame] = {}
    capacity = _solution(planning, "capacity")
    build = _solution(planning, "build")
    assert capacity is not None and build is not None
    frame = _long(capacity, "capacity_mw")
    frame["new_mw"] = _long(build, "new_mw")["new_mw"]
    frame["existing_mw"] = _long(inputs.existing_capacity, "existing_mw")["existing_mw"]
    energy = _solution(planning, "energy_capacity")
    frame["energy_mwh"] = 0.0
    if energy is not None:
        keyed = _long(energy, "energy_mwh").set_index(["zone", "tech", "period"])["energy_mwh"]
        index = pd.MultiIndex.from_frame(frame[["zone", "tech", "period"]])
        frame["energy_mwh"] = keyed.reindex(index).fillna(0.0).to_numpy()
    frame["kind"] = frame["tech"].map(lambda t: inputs.kind[t].value)
    present = frame[["capacity_mw", "new_mw", "existing_mw"]].abs().sum(axis=1) > 1e-6
    tables["capacity"] = frame[present].reset_index(drop=True)
    tables["builds"] = _builds(planning)

    hourly: list[pd.DataFrame] = []
    annual: list[pd.DataFrame] = []
    for variable, role in (
        ("dispatch", "generation"),
        ("discharge", "discharge"),
        ("charge", "charge"),
        ("heat", "heat"),
        ("spill", "spill"),
    ):
        values = _solution(planning, variable)
        if values is None:
            continue
        long = _long(values, "mw")
        long["role"] = role
        hourly.append(long)
        total = _long(_annual(values, inputs), "mwh")
        total["role"] = role
        annual.append(total)
    dispatch = pd.concat(hourly, ignore_index=True)
    keep = dispatch.groupby(["zone", "tech", "role"])["mw"].transform("max") > 1e-6
    tables["dispatch"] = dispatch[keep].reset_index(drop=True)
    generation = pd.concat(annual, ignore_index=True)
    tables["generation"] = generation[generation["mwh"].abs() > 1e-6].reset_index(drop=True)

    tables["storage_levels"] = _storage_levels(planning)
    tables["flows"] = _flows(planning)
    tables["emissions"] = _emissions(planning)
    tables["caps"] = _caps(inputs)
    tables["costs"] = _costs(planning)
    tables["prices"] = _prices(planning)
    tables["shadow_prices"] = shadow_prices(planning)
    tables["market_prices"] = market_prices(inputs)
    tables["market_capacity"] = market_capacity(planning)
    tables["curtailment"] = _curtailment(planning, capacity)
    tables["load_shed"] = _load_shed(planning)
    tables["time"] = pd.DataFrame(
        {"day": np.arange(inputs.time.n_days), "weight_days": inputs.time.day_weight}
    )
    tables["day_map"] = pd.DataFrame(
        {
            "calendar_day": np.arange(len(inputs.time.day_to_representative)),
            "day": inputs.time.day_to_representative,
        }
    )
    return tables


def _storage_levels(planning: PlanningModel) -> pd.DataFrame:
    """Content of every store over the 8,760 hours of the year, per period [MWh]."""
    frames = []
    mapping = planning.inputs.time.day_to_representative
    for group in ("daily", "storage", "reservoir"):
        level = _solution(planning, f"level_{group}")
        if level is None:
            continue
        within = level.isel(day=xr.DataArray(mapping, dims="calendar_day")).drop_vars("day")
        within = within.assign_coords(calendar_day=np.arange(len(mapping)))
        base = _solution(planning, f"level_{group}_base")  # None for daily-cycling batteries
        full = within if base is None else base + within
        stacked = full.transpose("zone", "tech", "period", "calendar_day", "hour")
        long = _long(stacked, "level_mwh")
        long["hour_of_year"] = long["calendar_day"] * HOURS_PER_DAY + long["hour"]
        keep = long.groupby(["zone", "tech"])["level_mwh"].transform("max") > 1e-6
        frames.append(long[keep].drop(columns=["calendar_day", "hour"]))
    if not frames:
        return pd.DataFrame(columns=["zone", "tech", "period", "hour_of_year", "level_mwh"])
    return pd.concat(frames, ignore_index=True)


def _flows(planning: PlanningModel) -> pd.DataFrame:
    frames = []
    for name, column in (
        ("flow_forward", "forward_mw"),
        ("flow_backward", "backward_mw"),
        ("imports", "import_mw"),
        ("exports", "export_mw"),
    ):
        values = _solution(planning, name)
        if values is None:
            continue
        long = _long(values, "mw")
        long["direction"] = column.removesuffix("_mw")
        long = long.rename(columns={"link": "connection", "market": "connection"})
        frames.append(long)
    if not frames:
        return pd.DataFrame(columns=["connection", "period", "day", "hour", "mw", "direction"])
    return pd.concat(frames, ignore_index=True)


def _emissions(planning: PlanningModel) -> pd.DataFrame:
    """Emissions per period by source [t/yr], with the cap."""
    inputs = planning.inputs
    rows = []
    for variable in ("dispatch", "heat"):
        values = _solution(planning, variable)
        if values is None:
            continue
        per_tech = (
            _annual(values, inputs) * inputs.emission_intensity.sel(tech=values.coords["tech"])
        ).sum("zone")
        for tech in values.coords["tech"].values:
            for period in inputs.periods:
                rows.append((period, str(tech), float(per_tech.sel(tech=tech, period=period))))
    imports = _solution(planning, "imports")
    if imports is not None:
        per_market = _annual(imports, inputs) * inputs.import_emission_factor
        for market in inputs.markets:
            for period in inputs.periods:
                rows.append(
                    (
                        period,
                        f"import:{market}",
                        float(per_market.sel(market=market, period=period)),
                    )
                )
    for period in inputs.periods:
        rows.append((period, "transport_fuel", float(inputs.fixed_emissions.sel(period=period))))
    frame = pd.DataFrame(rows, columns=["period", "source", "t_per_year"])
    frame = frame[frame["t_per_year"].abs() > 1e-6]
    cap = inputs.emission_cap
    caps = {p: (float(cap.sel(period=p)) if cap is not None else np.nan) for p in inputs.periods}
    for period in inputs.zero_emission_periods:
        caps[period] = 0.0
    frame = frame.assign(cap_t_per_year=frame["period"].map(caps))
    return frame.reset_index(drop=True)


def _caps(inputs: ModelInputs) -> pd.DataFrame:
    """The emission cap of each period [t/yr] (NaN where a period has none)."""
    cap = inputs.emission_cap
    values = {p: (float(cap.sel(period=p)) if cap is not None else np.nan) for p in inputs.periods}
    for period in inputs.zero_emission_periods:
        values[period] = 0.0
    return pd.DataFrame({"period": list(values), "cap_t_per_year": list(values.values())})


def _costs(planning: PlanningModel) -> pd.DataFrame:
    """Annual costs per period by category and technology [USD/yr] (undiscounted)."""
    inputs = planning.inputs
    rows: list[tuple[int, str, str, float]] = []
    build = _solution(planning, "build")
    assert build is not None
    vintage = build.rename(period="build_period") * inputs.fixed_cost_per_year
    annual_capital = (vintage * inputs.active).sum(["build_period", "zone"])
    energy = _solution(planning, "build_energy")
    if energy is not None:
        energy_vintage = energy.rename(period="build_period") * inputs.energy_fixed_cost_per_year
        annual_capital = annual_capital + (energy_vintage * inputs.active).sum(
            ["build_period", "zone"]
        ).reindex(tech=annual_capital.tech, fill_value=0.0)
    for tech in inputs.techs:
        for period in inputs.periods:
            rows.append(
                (period, "capital", tech, float(annual_capital.sel(tech=tech, period=period)))
            )
    for variable in ("dispatch", "heat"):
        values = _solution(planning, variable)
        if values is None:
            continue
        per_tech = (
            _annual(values, inputs) * inputs.marginal_cost.sel(tech=values.coords["tech"])
        ).sum("zone")
        for tech in values.coords["tech"].values:
            for period in inputs.periods:
                rows.append(
                    (period, "operation", str(tech), float(per_tech.sel(tech=tech, period=period)))
                )
    for link in inputs.links:
        for period in inputs.periods:
            rows.append((period, "capital", f"link:{link}", _link_annual(planning, link, period)))
    rows += trade_costs(planning)
    voll = inputs.value_of_lost_load
    for name in ("shed", "heat_shed"):
        values = _solution(planning, name)
        if values is not None:
            lost = _annual(values, inputs).sum("zone") * voll
            for period in inputs.periods:
                rows.append((period, "unserved", name, float(lost.sel(period=period))))
    for period in inputs.periods:
        rows.append(
            (period, "transport_fuel", "", float(inputs.fixed_fuel_cost.sel(period=period)))
        )
    frame = pd.DataFrame(rows, columns=["period", "category", "item", "usd_per_year"])
    frame = frame[frame["usd_per_year"].abs() > 1e-3].reset_index(drop=True)
    weights = inputs.objective_weight.to_series()
    frame["discounted_usd"] = frame["usd_per_year"] * frame["period"].map(weights)
    return frame


def _link_annual(planning: PlanningModel, link: str, period: int) -> float:

    inputs = planning.inputs
    build_link = _solution(planning, "build_link")
    if build_link is None:
        return 0.0
    spec = inputs.scenario.link(link)
    factor = annuity_factor(inputs.scenario.policy.discount_rate, spec.lifetime_years)
    active = inputs.link_active.sel(link=link, period=period)
    built = build_link.sel(link=link).rename(period="build_period")
    return (
        float((built * active).sum()) * float(inputs.link_overnight_capex.sel(link=link)) * (factor)
    )


def _prices(planning: PlanningModel) -> pd.DataFrame:
    """Marginal price of electricity per zone and hour [USD/MWh] from the balance duals."""
    price = energy_value(planning, "balance")
    return _long(price.transpose("zone", "period", "day", "hour"), "usd_per_mwh")


def _curtailment(planning: PlanningModel, capacity: xr.DataArray) -> pd.DataFrame:
    inputs = planning.inputs
    dispatch = _solution(planning, "dispatch")
    assert dispatch is not None
    variable = [t for t in dispatch.coords["tech"].values if inputs.kind[str(t)] in VARIABLE_KINDS]
    if not variable:
        return pd.DataFrame(columns=["zone", "tech", "period", "curtailed_mwh"])
    available = inputs.availability.sel(tech=variable) * capacity.sel(tech=variable)
    curtailed = _annual((available - dispatch.sel(tech=variable)).clip(min=0.0), inputs)
    frame = _long(curtailed, "curtailed_mwh")
    return frame[frame["curtailed_mwh"] > 1e-3].reset_index(drop=True)


def _load_shed(planning: PlanningModel) -> pd.DataFrame:
    inputs = planning.inputs
    frames = []
    for name in ("shed", "heat_shed"):
        values = _solution(planning, name)
        if values is None:
            continue
        frame = _long(_annual(values, inputs), "mwh")
        frame["carrier"] = "electricity" if name == "shed" else "heat"
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


BUILD_TOLERANCE = 1e-6
"""Planned builds below this are solver noise and left out [MW, MWh]."""


def _asset(
    scenario: Scenario,
    tech: Technology,
    status: str,
    name: str,
    zone: str,
    year: int,
    power: float,
    energy: float,
    retire: float,
) -> dict[str, object]:
    """One row of ``builds`` for a technology, costed at its cost in ``year``."""
    capex = interpolate(tech.capex_usd_per_kw, year) * 1000.0
    energy_capex = (
        0.0
        if tech.energy_capex_usd_per_kwh is None
        else interpolate(tech.energy_capex_usd_per_kwh, year) * 1000.0
    )
    overnight = power * capex + energy * energy_capex
    return {
        "status": status,
        "asset": "technology",
        "tech": tech.id,
        "zone": zone,
        "build_year": year,
        "name": name,
        "kind": tech.kind.value,
        "to_zone": "",
        "retire_year": retire,
        "lifetime_years": tech.lifetime_years,
        "capacity_mw": power,
        "energy_mwh": energy,
        "capex_usd_per_mw": capex,
        "energy_capex_usd_per_mwh": energy_capex,
        "overnight_usd": overnight,
        "annuity_usd_per_year": overnight
        * annuity_factor(scenario.policy.discount_rate, tech.lifetime_years),
        "fixed_om_usd_per_year": overnight * tech.fixed_om_share,
    }


def _link_asset(
    scenario: Scenario, link: Link, status: str, name: str, year: int, power: float, retire: float
) -> dict[str, object]:
    """One row of ``builds`` for a link (no fixed O&M, no energy)."""
    capex = link.capex_usd_per_mw_km * link.length_km
    return {
        "status": status,
        "asset": "link",
        "tech": link.id,
        "zone": link.from_zone,
        "build_year": year,
        "name": name,
        "kind": "link",
        "to_zone": link.to_zone,
        "retire_year": retire,
        "lifetime_years": link.lifetime_years,
        "capacity_mw": power,
        "energy_mwh": 0.0,
        "capex_usd_per_mw": capex,
        "energy_capex_usd_per_mwh": 0.0,
        "overnight_usd": power * capex,
        "annuity_usd_per_year": power
        * capex
        * annuity_factor(scenario.policy.discount_rate, link.lifetime_years),
        "fixed_om_usd_per_year": 0.0,
    }


def _battery_energy(tech: Technology, power: float) -> float:
    """Energy of an existing or committed battery of ``power`` [MWh], as the planner counts it."""
    if tech.kind is not TechnologyKind.BATTERY:
        return 0.0
    return power * (tech.storage_hours or DEFAULT_BATTERY_HOURS)


def _existing_and_committed(scenario: Scenario) -> list[dict[str, object]]:
    rows = []
    for index, plant in enumerate(scenario.plants):
        tech = scenario.technology(plant.technology)
        power = plant.capacity_mw
        retire = plant_retirement_year(scenario, index)
        year = plant.commissioning_year
        energy = _battery_energy(tech, power)
        rows.append(
            _asset(scenario, tech, "existing", plant.name, plant.zone, year, power, energy, retire)
        )
    for link in scenario.links:
        previous = 0.0
        for year, value in sorted(link.capacity_mw.items()):
            if value != previous:
                rows.append(
                    _link_asset(scenario, link, "existing", "", year, value - previous, np.nan)
                )
            previous = value
    for build in scenario.committed:
        if build.link is not None:
            link = scenario.link(build.link)
            power = build.capacity_mw
            rows.append(
                _link_asset(scenario, link, "committed", build.name, build.year, power, np.nan)
            )
        elif build.technology is not None and build.zone is not None:
            tech = scenario.technology(build.technology)
            power = build.capacity_mw
            retire = build.year + tech.lifetime_years
            energy = _battery_energy(tech, power)
            rows.append(
                _asset(
                    scenario,
                    tech,
                    "committed",
                    build.name,
                    build.zone,
                    build.year,
                    power,
                    energy,
                    retire,
                )
            )
    return rows


def _planned(planning: PlanningModel) -> list[dict[str, object]]:
    scenario = planning.inputs.scenario
    build = _solution(planning, "build")
    assert build is not None
    power = _long(build, "mw").set_index(["zone", "tech", "period"])["mw"]
    energy_values = _solution(planning, "build_energy")
    energy = (
        pd.Series(dtype=float)
        if energy_values is None
        else _long(energy_values, "mwh").set_index(["zone", "tech", "period"])["mwh"]
    )
    keys = power.index.union(energy.index)
    power = power.reindex(keys, fill_value=0.0).fillna(0.0)
    energy = energy.reindex(keys, fill_value=0.0).fillna(0.0)
    rows = []
    for (zone, tech_id, period), mw in power.items():
        mwh = float(energy.loc[(zone, tech_id, period)])
        if mw <= BUILD_TOLERANCE and mwh <= BUILD_TOLERANCE:
            continue
        tech = scenario.technology(str(tech_id))
        mw = max(float(mw), 0.0) if mw > BUILD_TOLERANCE else 0.0
        mwh = mwh if mwh > BUILD_TOLERANCE else 0.0
        retire = int(period) + tech.lifetime_years
        rows.append(_asset(scenario, tech, "planned", "", str(zone), int(period), mw, mwh, retire))
    build_link = _solution(planning, "build_link")
    if build_link is not None:
        for row in _long(build_link, "mw").itertuples():
            if float(row.mw) <= BUILD_TOLERANCE:
                continue
            link = scenario.link(str(row.link))
            period = int(row.period)
            retire = period + link.lifetime_years
            rows.append(_link_asset(scenario, link, "planned", "", period, float(row.mw), retire))
    return rows


def _builds(planning: PlanningModel) -> pd.DataFrame:
    """Every asset with its capacity and costs: existing, committed and planned, links and
    interconnectors to markets included.

    Planned builds are costed as the planner costs them (the technology's cost in the build
    period); existing plants at their technology's cost in their commissioning year, committed
    builds in their year (both outside the objective). Annuities at the scenario's discount rate.
    """
    scenario = planning.inputs.scenario
    rows = _existing_and_committed(scenario) + _planned(planning) + interconnector_builds(planning)
    return pd.DataFrame(rows, columns=BY_NAME["builds"].names)
