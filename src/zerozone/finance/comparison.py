"""Key figures of several runs side by side (``zerozone compare``).

Every figure comes from :class:`~zerozone.finance.analysis.FinanceResult` and the run's tables:
the objective (decision-relevant costs) and the system cost of all assets, discounted, with the
planned builds' part [USD], total overnight investment [USD], emissions in the first and last
period [t/yr] and over the horizon [t], system LCOE and cost of supply (full costs) in the last
period [USD/MWh], renewable share of generation in the last period [-], capacity by technology
in the last period [MW].
"""

from __future__ import annotations

import pandas as pd

from zerozone.finance.analysis import FinanceResult
from zerozone.finance.annuity import period_table
from zerozone.results.derived import capacity_by_technology, generation_by_technology

METRICS = (
    "objective_usd",
    "total_discounted_usd",
    "planned_discounted_usd",
    "investment_usd",
    "peak_investment_usd",
    "first_emissions_t",
    "last_emissions_t",
    "cumulative_emissions_t",
    "last_lcoe_usd_per_mwh",
    "last_supply_cost_usd_per_mwh",
    "last_renewable_share",
)
"""The headline rows of a comparison, in order."""


def renewable_share(result: FinanceResult, period: int) -> float:
    """Share of electricity generated in ``period`` by renewable technologies [-]."""
    scenario = result.run.scenario
    renewable = {t.id for t in scenario.technologies if t.kind.is_renewable}
    made = generation_by_technology(result.run)[period]
    total = float(made.sum())
    if total <= 0:
        return float("nan")
    return float(made[made.index.isin(renewable)].sum()) / total


def headline(result: FinanceResult) -> dict[str, float]:
    """The :data:`METRICS` of one run."""
    periods = list(result.run.scenario.policy.periods)
    last = periods[-1]
    years = period_table(result.run.scenario)["years"]
    needs = result.needs["need_usd"]
    objective = result.run.meta.get("objective_usd")
    return {
        "objective_usd": float("nan") if objective is None else float(objective),
        "total_discounted_usd": result.total_discounted_usd,
        "planned_discounted_usd": float(
            result.costs.loc[result.costs["part"] == "planned", "discounted_usd"].sum()
        ),
        "investment_usd": float(result.investment["usd"].sum()),
        "peak_investment_usd": float(needs.max()) if len(needs) else 0.0,
        "first_emissions_t": float(result.emissions.iloc[0]),
        "last_emissions_t": float(result.emissions.iloc[-1]),
        "cumulative_emissions_t": float((result.emissions * years).sum()),
        "last_lcoe_usd_per_mwh": float(result.system.at[last, "lcoe_usd_per_mwh"]),
        "last_supply_cost_usd_per_mwh": float(result.system.at[last, "supply_cost_usd_per_mwh"]),
        "last_renewable_share": renewable_share(result, last),
    }


def compare(results: list[FinanceResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline figures and last-period capacity of several runs.

    Returns
    -------
    metrics : pandas.DataFrame
        One row per metric (:data:`METRICS`), one column per run (its directory name).
    capacity : pandas.DataFrame
        Capacity in each run's last period [MW], one row per technology, one column per run.
    """
    names = _labels(results)
    metrics = pd.DataFrame({name: headline(r) for name, r in zip(names, results, strict=True)})
    columns = {}
    for name, result in zip(names, results, strict=True):
        last = capacity_by_technology(result.run)[result.run.periods[-1]]
        columns[name] = last[last != 0.0]
    capacity = pd.DataFrame(columns).fillna(0.0)
    order: list[str] = []
    for result in results:
        order += [t.id for t in result.run.scenario.technologies if t.id not in order]
    capacity = capacity.reindex([t for t in order if t in capacity.index])
    return metrics.reindex(list(METRICS)), capacity


def _labels(results: list[FinanceResult]) -> list[str]:
    """Unique column names: the run directories' names, made unique with their parents."""
    names = [r.run.path.name for r in results]
    if len(set(names)) == len(names):
        return names
    return [str(r.run.path) for r in results]
