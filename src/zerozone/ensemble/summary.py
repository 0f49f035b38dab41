"""What the futures of an ensemble have in common: fans, no-regret builds.

Statistics are taken over the samples whose plan is optimal; samples whose targets had to be
relaxed (``infeasible``) or that failed are counted, not pooled (their plans answer another
question). The central plan is kept beside the statistics, not in them.

* **Fans**: quantiles across the futures, per period, of capacity per technology (all zones),
  emissions, the net system cost and the average cost of supply.
* **No-regret builds**: for each zone, technology and period, the new capacity built by that
  period (cumulated) in at least :data:`NO_REGRET_SHARE` of the futures: with ``n`` futures and
  their builds sorted upward ``v[0] <= ... <= v[n-1]``, the value ``v[n - ceil(0.9 n)]``, which
  ``ceil(0.9 n)`` futures reach or exceed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from zerozone.ensemble.runner import CENTRAL, RUNS_FOLDER
from zerozone.finance.lcoe import final_energy_served
from zerozone.results import read_run
from zerozone.results.costs import full_costs, total_by_period

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantiles of the fans [-]."""
NO_REGRET_SHARE = 0.9
"""Share of futures that must build a capacity for it to count as no-regret [-]."""
BUILD_TOLERANCE_MW = 0.01
"""New capacity below this is solver noise, not a build [MW]."""


@dataclass
class EnsembleTables:
    """The results of every optimal sample (and the central plan) in long tables.

    Attributes
    ----------
    capacity : pandas.DataFrame
        ``key``, ``zone``, ``tech``, ``period``, ``capacity_mw``, ``new_mw``, ``built_mw`` (new
        capacity built up to and including the period) [MW].
    pathway : pandas.DataFrame
        ``key``, ``period``, ``emissions_t`` [t/yr], ``net_cost_usd`` (system cost, all
        assets, export revenue subtracted) [USD/yr], ``supply_cost_usd_per_mwh`` (on the same
        full costs) [USD/MWh].
    futures : list[str]
        Keys of the samples the statistics pool.
    """

    capacity: pd.DataFrame
    pathway: pd.DataFrame
    futures: list[str]


def _run_tables(path: Path, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    run = read_run(path)
    periods = list(run.scenario.policy.periods)
    capacity = run.tables["capacity"][["zone", "tech", "period", "capacity_mw", "new_mw"]].copy()
    capacity = capacity.sort_values(["zone", "tech", "period"])
    capacity["built_mw"] = capacity.groupby(["zone", "tech"])["new_mw"].cumsum()
    capacity.insert(0, "key", key)
    emissions = run.tables["emissions"].groupby("period")["t_per_year"].sum()
    net = total_by_period(full_costs(run), periods)
    served = final_energy_served(run)
    pathway = pd.DataFrame(
        {
            "emissions_t": emissions.reindex(periods, fill_value=0.0),
            "net_cost_usd": net.reindex(periods, fill_value=0.0),
            "supply_cost_usd_per_mwh": net.reindex(periods, fill_value=0.0)
            / served.where(served > 0),
        }
    ).rename_axis("period")
    pathway = pathway.reset_index()
    pathway.insert(0, "key", key)
    return capacity, pathway


def collect(out: Path, outcomes: pd.DataFrame) -> EnsembleTables:
    """Read the optimal samples' (and the central plan's) run directories of ensemble ``out``."""
    optimal = outcomes[outcomes["status"] == "optimal"]["key"].tolist()
    futures = [key for key in optimal if key != CENTRAL]
    frames = [_run_tables(out / RUNS_FOLDER / key, key) for key in optimal]
    capacity = pd.concat([f[0] for f in frames], ignore_index=True) if frames else pd.DataFrame()
    pathway = pd.concat([f[1] for f in frames], ignore_index=True) if frames else pd.DataFrame()
    return EnsembleTables(capacity, pathway, futures)


def _quantile_frame(grouped: pd.core.groupby.SeriesGroupBy) -> pd.DataFrame:
    frame = pd.concat({f"q{round(q * 100):02d}": grouped.quantile(q) for q in QUANTILES}, axis=1)
    frame["mean"] = grouped.mean()
    return frame.reset_index()


def capacity_fan(tables: EnsembleTables) -> pd.DataFrame:
    """Quantiles across futures of capacity per technology (all zones) and period [MW]."""
    if not tables.futures:
        return pd.DataFrame()
    capacity = tables.capacity[tables.capacity["key"].isin(tables.futures)]
    total = capacity.groupby(["key", "tech", "period"])["capacity_mw"].sum()
    full = total.unstack("key", fill_value=0.0).reindex(columns=tables.futures, fill_value=0.0)
    long = full.stack().rename("capacity_mw").reset_index()
    return _quantile_frame(long.groupby(["tech", "period"])["capacity_mw"])


def pathway_fan(tables: EnsembleTables) -> pd.DataFrame:
    """Quantiles across futures per period of emissions [t/yr], net cost [USD/yr] and cost of
    supply [USD/MWh], one row per ``quantity`` and period."""
    if not tables.futures:
        return pd.DataFrame()
    pathway = tables.pathway[tables.pathway["key"].isin(tables.futures)]
    frames = []
    for quantity in ("emissions_t", "net_cost_usd", "supply_cost_usd_per_mwh"):
        frame = _quantile_frame(pathway.groupby("period")[quantity])
        frame.insert(0, "quantity", quantity)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def no_regret_value(values: np.ndarray, share: float = NO_REGRET_SHARE) -> float:
    """The largest amount that at least ``share`` of ``values`` reach or exceed [unit of values]."""
    ordered = np.sort(np.asarray(values, dtype=float))
    needed = math.ceil(share * len(ordered) - 1e-9)
    return float(ordered[len(ordered) - needed]) if needed else float(ordered[-1])


def no_regret(tables: EnsembleTables, share: float = NO_REGRET_SHARE) -> pd.DataFrame:
    """No-regret builds per zone, technology and period (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``zone``, ``tech``, ``period``, ``no_regret_mw`` [MW], ``share_building`` (share of
        futures that build anything by then) [-], ``median_mw``, ``min_mw``, ``max_mw`` [MW] and
        ``central_mw`` (the central plan's) [MW]; rows where no future builds are left out.
    """
    columns = ["zone", "tech", "period", "no_regret_mw", "share_building"]
    columns += ["median_mw", "min_mw", "max_mw", "central_mw"]
    if not tables.futures:
        return pd.DataFrame(columns=columns)
    built = tables.capacity.pivot_table(
        index=["zone", "tech", "period"], columns="key", values="built_mw", aggfunc="sum"
    )
    central = (built[CENTRAL] if CENTRAL in built else pd.Series(np.nan, index=built.index)).fillna(
        0.0
    )
    matrix = built.reindex(columns=tables.futures).fillna(0.0).to_numpy()
    frame = pd.DataFrame(index=built.index)
    frame["no_regret_mw"] = [no_regret_value(row, share) for row in matrix]
    frame["share_building"] = (matrix > BUILD_TOLERANCE_MW).mean(axis=1)
    frame["median_mw"] = np.median(matrix, axis=1)
    frame["min_mw"] = matrix.min(axis=1)
    frame["max_mw"] = matrix.max(axis=1)
    frame["central_mw"] = central
    frame = frame[frame["max_mw"] > BUILD_TOLERANCE_MW]
    return frame.reset_index()[columns]
