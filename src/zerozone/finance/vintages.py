"""What the plan builds, when, and what it costs overnight, read back from a run directory.

The run's ``capacity`` table gives new power per zone, technology and build period
(``new_mw``) and the energy capacity of batteries in service (``energy_mwh``); the new battery
energy of each period and the new link capacity are not stored, so they are recovered here:

* battery energy: ``E_p = E^exist_p + Σ_{b active in p} e_b`` solved for ``e_p`` period by period
  (existing batteries hold their technology's ``storage_hours`` times their power, 2 h when it
  is not given, as in the planner);
* links: the ``costs`` table's annual capital of link ``l`` in period ``p`` is
  ``A_p = c_l·a(ρ, n_l)·Σ_{b active in p} x_b`` with ``c_l`` the overnight cost per MW
  [USD/MW]; solved for ``x_p`` in the same way.

Committed builds (scenario ``committed``) are decided investments still to be paid; the planner
treats them as existing capacity, so they carry no cost in its objective. They are listed here
apart, valued at their technology's overnight cost in their first year in service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zerozone.data.economics import DEFAULT_BATTERY_HOURS
from zerozone.data.schema import Scenario, TechnologyKind
from zerozone.data.series import interpolate, step
from zerozone.finance.annuity import annuity_factor
from zerozone.finance.categories import Category, category_of
from zerozone.results.run_directory import RunDirectory

TOLERANCE_MW = 1e-6
"""Recovered builds below this are solver noise and set to zero [MW, MWh]."""

PLANNED_COLUMNS = [
    "zone",
    "item",
    "technology",
    "kind",
    "category",
    "period",
    "new",
    "unit",
    "overnight_usd",
    "lifetime_years",
    "fixed_om_share",
]


@dataclass(frozen=True)
class Builds:
    """The investments of a run.

    Attributes
    ----------
    planned : pandas.DataFrame
        One row per zone, item and build period with new capacity: ``zone`` (the link's first
        zone for links), ``item`` (technology id, ``<tech>:energy`` for battery energy,
        ``link:<id>``), ``kind``, ``category``, ``period`` [yr], ``new`` [MW or MWh], ``unit``,
        ``overnight_usd`` [USD] and ``lifetime_years`` [yr], ``fixed_om_share`` [1/yr],
        ``technology`` (technology or link id).
    committed : pandas.DataFrame
        Committed builds: ``name``, ``zone``, ``item``, ``kind``, ``category``, ``year`` (first
        year in service) [yr], ``new`` [MW], ``unit``, ``overnight_usd`` [USD].
    link_capacity : pandas.DataFrame
        ``link``, ``period``, ``capacity_mw`` [MW]: existing, committed and new capacity in
        service.
    """

    planned: pd.DataFrame
    committed: pd.DataFrame
    link_capacity: pd.DataFrame


def _active(built: int, period: int, lifetime: float) -> bool:
    return built <= period < built + lifetime


def _recover(total: dict[int, float], lifetime: float, periods: list[int]) -> dict[int, float]:
    """Builds per period from the sum of the active vintages in each period."""
    builds: dict[int, float] = {}
    for period in periods:
        earlier = sum(x for b, x in builds.items() if _active(b, period, lifetime))
        value = total.get(period, 0.0) - earlier
        builds[period] = value if value > TOLERANCE_MW else 0.0
    return builds


def _power_builds(run: RunDirectory) -> pd.DataFrame:
    scenario = run.scenario
    capacity = run.tables["capacity"]
    rows = []
    for row in capacity[capacity["new_mw"] > TOLERANCE_MW].itertuples():
        tech = scenario.technology(str(row.tech))
        capex = interpolate(tech.capex_usd_per_kw, int(row.period)) * 1000.0
        rows.append(
            {
                "zone": str(row.zone),
                "item": tech.id,
                "technology": tech.id,
                "kind": tech.kind.value,
                "category": category_of(tech.kind).value,
                "period": int(row.period),
                "new": float(row.new_mw),
                "unit": "MW",
                "overnight_usd": float(row.new_mw) * capex,
                "lifetime_years": tech.lifetime_years,
                "fixed_om_share": tech.fixed_om_share,
            }
        )
    return pd.DataFrame(rows, columns=PLANNED_COLUMNS)


def _energy_builds(run: RunDirectory) -> pd.DataFrame:
    scenario = run.scenario
    periods = list(scenario.policy.periods)
    capacity = run.tables["capacity"]
    rows = []
    for tech in scenario.technologies:
        if tech.kind is not TechnologyKind.BATTERY or tech.energy_capex_usd_per_kwh is None:
            continue
        hours = tech.storage_hours or DEFAULT_BATTERY_HOURS
        mine = capacity[capacity["tech"] == tech.id]
        for zone, frame in mine.groupby("zone"):
            by_period = frame.set_index("period")
            vintage_energy = {
                int(p): float(
                    by_period.at[p, "energy_mwh"] - by_period.at[p, "existing_mw"] * hours
                )
                for p in by_period.index
            }
            for period, new in _recover(vintage_energy, tech.lifetime_years, periods).items():
                if new <= 0.0:
                    continue
                capex = interpolate(tech.energy_capex_usd_per_kwh, period) * 1000.0
                rows.append(
                    {
                        "zone": str(zone),
                        "item": f"{tech.id}:energy",
                        "technology": tech.id,
                        "kind": tech.kind.value,
                        "category": Category.STORAGE.value,
                        "period": period,
                        "new": new,
                        "unit": "MWh",
                        "overnight_usd": new * capex,
                        "lifetime_years": tech.lifetime_years,
                        "fixed_om_share": tech.fixed_om_share,
                    }
                )
    return pd.DataFrame(rows)


def _link_builds(run: RunDirectory) -> pd.DataFrame:
    scenario = run.scenario
    periods = list(scenario.policy.periods)
    costs = run.tables["costs"]
    capital = costs[costs["category"] == "capital"].set_index(["item", "period"])["usd_per_year"]
    rows = []
    for link in scenario.links:
        unit_cost = link.capex_usd_per_mw_km * link.length_km
        if not link.expandable or unit_cost <= 0.0:
            continue
        per_mw_year = unit_cost * annuity_factor(scenario.policy.discount_rate, link.lifetime_years)
        active_mw = {
            p: float(capital.get((f"link:{link.id}", p), 0.0)) / per_mw_year for p in periods
        }
        for period, new in _recover(active_mw, link.lifetime_years, periods).items():
            if new <= 0.0:
                continue
            rows.append(
                {
                    "zone": link.from_zone,
                    "item": f"link:{link.id}",
                    "technology": link.id,
                    "kind": "link",
                    "category": Category.GRID.value,
                    "period": period,
                    "new": new,
                    "unit": "MW",
                    "overnight_usd": new * unit_cost,
                    "lifetime_years": link.lifetime_years,
                    "fixed_om_share": 0.0,
                }
            )
    return pd.DataFrame(rows)


def _committed(scenario: Scenario) -> pd.DataFrame:
    rows = []
    for build in scenario.committed:
        if build.link is not None:
            link = scenario.link(build.link)
            rows.append(
                {
                    "name": build.name,
                    "zone": link.from_zone,
                    "item": f"link:{link.id}",
                    "kind": "link",
                    "category": Category.GRID.value,
                    "year": build.year,
                    "new": build.capacity_mw,
                    "unit": "MW",
                    "overnight_usd": build.capacity_mw * link.capex_usd_per_mw_km * link.length_km,
                }
            )
        elif build.technology is not None and build.zone is not None:
            tech = scenario.technology(build.technology)
            rows.append(
                {
                    "name": build.name,
                    "zone": build.zone,
                    "item": tech.id,
                    "kind": tech.kind.value,
                    "category": category_of(tech.kind).value,
                    "year": build.year,
                    "new": build.capacity_mw,
                    "unit": "MW",
                    "overnight_usd": build.capacity_mw
                    * interpolate(tech.capex_usd_per_kw, build.year)
                    * 1000.0,
                }
            )
    columns = ["name", "zone", "item", "kind", "category", "year", "new", "unit", "overnight_usd"]
    return pd.DataFrame(rows, columns=columns)


def _link_capacity(scenario: Scenario, planned: pd.DataFrame) -> pd.DataFrame:
    periods = list(scenario.policy.periods)
    rows = []
    for link in scenario.links:
        mine = planned[planned["item"] == f"link:{link.id}"] if len(planned) else planned
        for period in periods:
            total = step(link.capacity_mw, period)
            total += sum(
                b.capacity_mw for b in scenario.committed if b.link == link.id and b.year <= period
            )
            if len(mine):
                total += float(
                    mine.loc[
                        [_active(int(b), period, link.lifetime_years) for b in mine["period"]],
                        "new",
                    ].sum()
                )
            rows.append({"link": link.id, "period": period, "capacity_mw": total})
    return pd.DataFrame(rows, columns=["link", "period", "capacity_mw"])


def read_builds(run: RunDirectory) -> Builds:
    """The planned and committed investments of ``run``.

    Parameters
    ----------
    run : RunDirectory
        A run read with :func:`zerozone.results.read_run`.

    Returns
    -------
    Builds
    """
    frames = [f for f in (_power_builds(run), _energy_builds(run), _link_builds(run)) if len(f)]
    planned = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PLANNED_COLUMNS)
    )
    return Builds(
        planned=planned,
        committed=_committed(run.scenario),
        link_capacity=_link_capacity(run.scenario, planned),
    )


def active_mask(built: pd.Series, lifetime: pd.Series, period: int) -> np.ndarray:
    """Whether each vintage (build period ``built``, ``lifetime`` [yr]) serves in ``period``."""
    return ((built <= period) & (period < built + lifetime)).to_numpy()
