"""Full annual costs of a plan per period, split by what pays them: computed once, read by the
command line, finance, the report, ``compare`` and ensembles.

Every asset of the run's ``builds`` table and every operating cost of its ``costs`` table is
counted, in one of six parts (:data:`PARTS`):

* ``existing``: plants and links in service before the plan. Their capital is sunk: **no
  remaining annuity is counted, not even for plants built recently** (:data:`EXISTING_CAPITAL`);
  they pay their fixed O&M while in service (``build_year <= p < retire_year``);
* ``committed``: decided builds, links included (a link's overnight cost is its
  ``capex_usd_per_mw_km`` times its length per MW). They pay their annuity for their lifetime from
  their first period in service (``build_year <= p < build_year + lifetime``) and their fixed O&M
  while in service;
* ``planned``: the planner's builds, as the planner costs them (annuity and fixed O&M);
* ``operating``: fuel and variable O&M, imports, transport fuel not yet electrified (and any
  other operating category of the ``costs`` table, e.g. a CO2 price);
* ``exports``: export revenue (negative);
* ``unserved``: demand left unserved at the value of lost load.

Asset rows carry category ``annuity`` or ``fixed_om``; the others keep the ``costs`` table's
category. ``in_objective`` marks what the planner's objective holds, the **decision-relevant**
costs (planned, operating except transport fuel, exports, unserved); existing and committed
costs and transport fuel are constants no decision changes. Every reported figure says which of
the two it is: the *system cost, all assets* (every row) or the *objective,
decision-relevant* (rows in the objective).

Units: annual costs per represented year of each period [USD/yr], undiscounted;
``discounted_usd`` the period's years in present value at the scenario's discount rate [USD].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from zerozone.data.economics import period_lengths, period_objective_weights
from zerozone.results.run_directory import RunDirectory

PARTS = ("existing", "committed", "planned", "operating", "exports", "unserved")
"""The parts of the full cost, in the order reported."""
ASSET_PARTS = ("existing", "committed", "planned")
"""The parts that are assets of the ``builds`` table (their ``status``)."""
ASSET_CATEGORIES = ("annuity", "fixed_om")
"""Categories of the asset rows: capital annuity and fixed O&M."""
EXISTING_CAPITAL = "none"
"""Remaining annuity counted for existing plants: none (their capital is sunk, even for
plants built recently)."""
OUTSIDE_OBJECTIVE = ("transport_fuel",)
"""Operating categories the planner's objective leaves out (constants)."""
PART_OF_CATEGORY = {
    "operation": "operating",
    "imports": "operating",
    "transport_fuel": "operating",
    "exports": "exports",
    "unserved": "unserved",
}
"""The part of each category of the run's ``costs`` table other than capital (unknown
categories are operating)."""
COLUMNS = ["period", "part", "category", "item", "usd_per_year", "discounted_usd", "in_objective"]

Annuity = Callable[[float], float]
"""Capital recovery factor for a lifetime: ``annuity(lifetime [yr]) -> [1/yr]``."""


def period_weights(run: RunDirectory) -> pd.Series:
    """Present-value weight of each period at the scenario's discount rate [yr]."""
    policy = run.scenario.policy
    periods = list(policy.periods)
    lengths = period_lengths(periods, policy.last_period_years)
    weights = period_objective_weights(periods, lengths, policy.discount_rate)
    return pd.Series(weights, index=pd.Index(periods, name="period"), dtype=float)


def asset_item(asset: str, tech: str) -> str:
    """The item name of an asset: the technology id, or ``<asset>:<id>`` (``link:<id>``,
    ``interconnector:<id>``) for the others."""
    return tech if asset == "technology" else f"{asset}:{tech}"


def asset_costs(run: RunDirectory, annuity: Annuity | None = None) -> pd.DataFrame:
    """Annuity and fixed O&M of every asset in each period it pays (see the module docstring).

    Parameters
    ----------
    run : RunDirectory
        The run.
    annuity : callable, optional
        Capital recovery factor by lifetime [1/yr], to finance committed and planned assets at
        another rate; the ``builds`` table's own annuity (the scenario's discount rate) when
        None.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``part`` (the asset's status), ``asset``, ``item``, ``kind``,
        ``annuity_usd_per_year`` and ``fixed_om_usd_per_year`` [USD/yr]; rows that pay
        nothing are left out.
    """
    builds = run.tables["builds"]
    columns = ["period", "part", "asset", "item", "kind"]
    values = ["annuity_usd_per_year", "fixed_om_usd_per_year"]
    if builds.empty:
        return pd.DataFrame(columns=columns + values)
    built = builds["build_year"].to_numpy(dtype=float)
    retire = builds["retire_year"].fillna(np.inf).to_numpy(dtype=float)
    lifetime = builds["lifetime_years"].to_numpy(dtype=float)
    if annuity is None:
        charge = builds["annuity_usd_per_year"].to_numpy(dtype=float)
    else:
        factors = np.array([annuity(float(n)) for n in lifetime])
        charge = builds["overnight_usd"].to_numpy(dtype=float) * factors
    charge = np.where(builds["status"].to_numpy() == "existing", 0.0, charge)
    fixed = builds["fixed_om_usd_per_year"].to_numpy(dtype=float)
    items = [
        asset_item(str(a), str(t)) for a, t in zip(builds["asset"], builds["tech"], strict=True)
    ]
    frames = []
    for period in run.periods:
        paying = (built <= period) & (period < built + lifetime)
        serving = (built <= period) & (period < retire)
        frame = pd.DataFrame(
            {
                "period": period,
                "part": builds["status"].to_numpy(),
                "asset": builds["asset"].to_numpy(),
                "item": items,
                "kind": builds["kind"].to_numpy(),
                "annuity_usd_per_year": np.where(paying, charge, 0.0),
                "fixed_om_usd_per_year": np.where(serving, fixed, 0.0),
            }
        )
        frames.append(frame[(frame[values] != 0.0).any(axis=1)])
    return pd.concat(frames, ignore_index=True)[columns + values]


def full_costs(run: RunDirectory, annuity: Annuity | None = None) -> pd.DataFrame:
    """Every annual cost of the plan per period, split by part (see the module docstring).

    Parameters
    ----------
    run : RunDirectory
        The run.
    annuity : callable, optional
        As :func:`asset_costs`.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``part``, ``category``, ``item``, ``usd_per_year`` [USD/yr],
        ``discounted_usd`` [USD], ``in_objective`` (bool).
    """
    assets = asset_costs(run, annuity)
    keys = ["period", "part", "item"]
    grouped = assets.groupby(keys, as_index=False)[
        ["annuity_usd_per_year", "fixed_om_usd_per_year"]
    ].sum()
    long = grouped.melt(
        id_vars=keys,
        value_vars=["annuity_usd_per_year", "fixed_om_usd_per_year"],
        var_name="category",
        value_name="usd_per_year",
    )
    long["category"] = long["category"].str.removesuffix("_usd_per_year")
    long = long[long["usd_per_year"] != 0.0]
    costs = run.tables["costs"]
    other = costs[costs["category"] != "capital"][["period", "category", "item", "usd_per_year"]]
    other = other.assign(part=other["category"].map(PART_OF_CATEGORY).fillna("operating"))
    frame = pd.concat([long, other], ignore_index=True)
    frame["period"] = frame["period"].astype("int64")
    frame["usd_per_year"] = frame["usd_per_year"].astype(float)
    frame["discounted_usd"] = frame["usd_per_year"] * frame["period"].map(period_weights(run))
    frame["in_objective"] = frame["part"].isin(["planned", "operating", "exports", "unserved"]) & (
        ~frame["category"].isin(OUTSIDE_OBJECTIVE)
    )
    order = {part: i for i, part in enumerate(PARTS)}
    frame = frame.sort_values(["period", "part", "category", "item"], key=_by_part(order))
    return frame[COLUMNS].reset_index(drop=True)


def _by_part(order: dict[str, int]) -> Callable[[pd.Series], pd.Series]:
    def key(column: pd.Series) -> pd.Series:
        return column.map(order) if column.name == "part" else column

    return key


def split_by_period(costs: pd.DataFrame, periods: list[int]) -> pd.DataFrame:
    """Annual cost per part (rows, :data:`PARTS` order) and period (columns) [USD/yr], with the
    rows ``total`` (system cost, all assets) and ``objective`` (decision-relevant).

    Parameters
    ----------
    costs : pandas.DataFrame
        From :func:`full_costs`.
    periods : list of int
        The periods (columns).
    """
    table = costs.pivot_table(
        index="part", columns="period", values="usd_per_year", aggfunc="sum", fill_value=0.0
    ).reindex(index=list(PARTS), columns=periods, fill_value=0.0)
    table.loc["total"] = table.loc[list(PARTS)].sum()
    table.loc["objective"] = (
        costs[costs["in_objective"]]
        .groupby("period")["usd_per_year"]
        .sum()
        .reindex(periods, fill_value=0.0)
    )
    return table.astype(float)


def total_by_period(costs: pd.DataFrame, periods: list[int]) -> pd.Series:
    """System cost, all assets, per period (export revenue subtracted) [USD/yr]."""
    return costs.groupby("period")["usd_per_year"].sum().reindex(periods, fill_value=0.0)


def discounted_totals(costs: pd.DataFrame) -> dict[str, float]:
    """Present value of the whole horizon [USD]: ``total`` (system cost, all assets),
    ``objective`` (decision-relevant) and each part of :data:`PARTS`."""
    totals = {"total": float(costs["discounted_usd"].sum())}
    totals["objective"] = float(costs.loc[costs["in_objective"], "discounted_usd"].sum())
    by_part = costs.groupby("part")["discounted_usd"].sum()
    totals.update({part: float(by_part.get(part, 0.0)) for part in PARTS})
    return totals
