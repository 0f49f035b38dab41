"""Levelised costs: of the whole electricity system per period, and of each technology.

Both system figures are on **full costs** (:mod:`zerozone.results.costs`): existing plants'
fixed O&M, committed and planned assets' annuity and fixed O&M, committed links included.

System LCOE of period ``p`` [USD/MWh]::

    (capital of generation, storage and grid + operation of generators + imports) / (G_p + M_p)

with ``G_p`` the electricity generated in the zones and ``M_p`` the electricity imported
[MWh/yr]: what a MWh put on the region's grid costs to make or buy, exports included (they are
valued at the export price separately). Heat and transport are left out, and so are market
interconnectors (``builds`` asset ``interconnector``: commercial, for trade, like the export
revenue they earn).

Average cost of supply of period ``p`` [USD/MWh]: the system cost, all assets (every part,
export revenue subtracted) per MWh of final energy served (electricity demand, useful heat, and
transport fuel not yet electrified; unserved demand subtracted).

LCOE of technology ``t`` built in period ``p`` [USD/MWh], at the plan's utilisation::

    C_tp·(a(r, n_t) + f_t) / (8760·CF_tp) + o_tp

with ``C_tp`` the overnight cost per MW (batteries: power plus energy at the fleet's energy per
power), ``CF_tp`` the capacity factor the plan gives the technology in ``p`` (output over
capacity in service, all zones), and ``o_tp`` its operating cost per MWh (fuel and variable
O&M, from the run's ``costs`` table). Storage: per MWh discharged, charging energy not counted;
heat technologies: per MWh of heat, their electricity not counted.
"""

from __future__ import annotations

import pandas as pd

from zerozone.data.economics import HOURS_PER_YEAR
from zerozone.data.kinds import GENERATOR_KINDS
from zerozone.data.projections import demand_table
from zerozone.data.schema import Scenario, TechnologyKind
from zerozone.data.series import interpolate
from zerozone.finance.annuity import annuity_factor
from zerozone.finance.categories import ELECTRICITY_CATEGORIES, category_of
from zerozone.finance.costs import CAPITAL_CATEGORIES, net_cost_by_period
from zerozone.results.derived import (
    generation_by_technology,
    imports_by_period,
    load_shed_by_period,
)
from zerozone.results.run_directory import RunDirectory

OUTPUT_ROLE = {"generation": "generation", "storage": "discharge", "heat": "heat"}
"""The ``generation`` table's role that counts as a category's output."""


def _kinds(scenario: Scenario) -> dict[str, TechnologyKind]:
    return {t.id: t.kind for t in scenario.technologies}


def electricity_supplied(run: RunDirectory) -> pd.DataFrame:
    """Electricity generated in the zones and imported, per period [MWh/yr].

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` with ``generated_mwh`` and ``imported_mwh``.
    """
    kinds = _kinds(run.scenario)
    made = generation_by_technology(run)
    generators = [t for t in made.index if kinds[str(t)] in GENERATOR_KINDS]
    return pd.DataFrame(
        {
            "generated_mwh": made.loc[generators].sum().reindex(run.periods, fill_value=0.0),
            "imported_mwh": imports_by_period(run),
        }
    ).rename_axis("period")


def final_energy_served(run: RunDirectory) -> pd.Series:
    """Final energy served per period: electricity, useful heat and transport fuel [MWh/yr]."""
    periods = list(run.scenario.policy.periods)
    demand = demand_table(run.scenario, periods)
    total = (
        demand.groupby("year")[["electricity_mwh", "heat_mwh", "fuel_mwh"]]
        .sum()
        .sum(axis=1)
        .reindex(periods, fill_value=0.0)
    )
    shed = load_shed_by_period(run)
    return (total - shed).rename_axis("period")


def system_lcoe(run: RunDirectory, costs: pd.DataFrame) -> pd.DataFrame:
    """System LCOE and average cost of supply per period (see the module docstring).

    Parameters
    ----------
    run : RunDirectory
        The run.
    costs : pandas.DataFrame
        Full annual costs from :func:`zerozone.finance.costs.annual_costs`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period``: ``electricity_cost_usd`` [USD/yr], ``supplied_mwh`` [MWh/yr],
        ``lcoe_usd_per_mwh``, ``net_cost_usd`` (system cost, all assets) [USD/yr],
        ``final_energy_mwh`` [MWh/yr],
        ``supply_cost_usd_per_mwh`` [USD/MWh].
    """
    periods = list(run.scenario.policy.periods)
    kinds = _kinds(run.scenario)
    electric = {c.value for c in ELECTRICITY_CATEGORIES}

    def counts(row: pd.Series) -> bool:
        if row["category"] in CAPITAL_CATEGORIES:
            item = str(row["item"])
            if ":" in item:
                return item.startswith("link:")
            return category_of(kinds[item]).value in electric
        if row["category"] == "operation":
            return kinds[str(row["item"])] in GENERATOR_KINDS
        return row["category"] == "imports"

    mask = costs.apply(counts, axis=1) if len(costs) else pd.Series(dtype=bool)
    electricity_cost = (
        costs[mask].groupby("period")["usd_per_year"].sum().reindex(periods, fill_value=0.0)
    )
    supplied = electricity_supplied(run).sum(axis=1)
    net = net_cost_by_period(costs, periods)
    final = final_energy_served(run)
    frame = pd.DataFrame(
        {
            "electricity_cost_usd": electricity_cost,
            "supplied_mwh": supplied,
            "net_cost_usd": net,
            "final_energy_mwh": final,
        }
    )
    frame["lcoe_usd_per_mwh"] = frame["electricity_cost_usd"] / frame["supplied_mwh"].where(
        frame["supplied_mwh"] > 0
    )
    frame["supply_cost_usd_per_mwh"] = frame["net_cost_usd"] / frame["final_energy_mwh"].where(
        frame["final_energy_mwh"] > 0
    )
    return frame.rename_axis("period")


def technology_lcoe(run: RunDirectory, rate: float) -> pd.DataFrame:
    """LCOE of each technology built in each period at the plan's utilisation.

    Parameters
    ----------
    run : RunDirectory
        The run.
    rate : float
        Financing rate of the annuity [1/yr].

    Returns
    -------
    pandas.DataFrame
        ``period``, ``tech``, ``kind``, ``category``, ``capacity_mw`` [MW], ``output_mwh``
        [MWh/yr], ``capacity_factor`` [-], ``capital_usd_per_mwh``, ``operation_usd_per_mwh``,
        ``lcoe_usd_per_mwh`` [USD/MWh]; technologies without output in a period are left out.
    """
    scenario = run.scenario
    capacity = run.tables["capacity"].groupby(["tech", "period"])[["capacity_mw", "energy_mwh"]]
    capacity = capacity.sum()
    generation = run.tables["generation"]
    costs = run.tables["costs"]
    operation = costs[costs["category"] == "operation"].groupby(["item", "period"])["usd_per_year"]
    operation = operation.sum()
    rows = []
    for tech in scenario.technologies:
        category = category_of(tech.kind)
        role = OUTPUT_ROLE.get(category.value, "generation")
        output = generation[(generation["tech"] == tech.id) & (generation["role"] == role)]
        output = output.groupby("period")["mwh"].sum()
        for period, mwh in output.items():
            key = (tech.id, period)
            if key not in capacity.index or mwh <= 0:
                continue
            power = float(capacity.at[key, "capacity_mw"])
            if power <= 0:
                continue
            capex = interpolate(tech.capex_usd_per_kw, int(period)) * 1000.0
            if tech.energy_capex_usd_per_kwh is not None:
                hours = float(capacity.at[key, "energy_mwh"]) / power
                capex += interpolate(tech.energy_capex_usd_per_kwh, int(period)) * 1000.0 * hours
            factor = float(mwh) / (power * HOURS_PER_YEAR)
            charge = capex * (annuity_factor(rate, tech.lifetime_years) + tech.fixed_om_share)
            capital = charge / (HOURS_PER_YEAR * factor)
            running = float(operation.get(key, 0.0)) / float(mwh)
            rows.append(
                {
                    "period": int(period),
                    "tech": tech.id,
                    "kind": tech.kind.value,
                    "category": category.value,
                    "capacity_mw": power,
                    "output_mwh": float(mwh),
                    "capacity_factor": factor,
                    "capital_usd_per_mwh": capital,
                    "operation_usd_per_mwh": running,
                    "lcoe_usd_per_mwh": capital + running,
                }
            )
    columns = [
        "period",
        "tech",
        "kind",
        "category",
        "capacity_mw",
        "output_mwh",
        "capacity_factor",
        "capital_usd_per_mwh",
        "operation_usd_per_mwh",
        "lcoe_usd_per_mwh",
    ]
    return pd.DataFrame(rows, columns=columns)
