"""Charging stations for electric vehicles: investment sized to the charging load (optional).

The scenario schema has no charging technology: the planner sees electric vehicles only as
electricity demand. When the user gives a cost per kW of charging load
(``zerozone finance --charging-cost``), the finance need counts the charging stations that
load needs, an investment outside the plan's objective (like committed builds):

* peak charging load of zone ``z`` in period ``p`` [MW] = ``E_zp / 8760 · max(s)``, ``E_zp``
  the transport electricity of the scenario's demand projection [MWh/yr] and ``s`` the hourly
  charging shape of :func:`zerozone.profiles.ev_charging_shape` (mean 1; uncontrolled
  charging, evening peak);
* new stations in period ``p`` [MW] = the growth of that peak since the previous period (never
  negative; stations are not replaced within the horizon);
* overnight cost [USD] = new MW × 1,000 × cost [USD/kW].

Sizing to the aggregate peak is a lower bound: many chargers serve few cars at once, so the
installed charger power is several times the peak load. There is no default cost (none is
published for the zones); without one the category stays at zero.
"""

from __future__ import annotations

import pandas as pd

from zerozone.data.economics import HOURS_PER_YEAR
from zerozone.data.projections import demand_table
from zerozone.data.schema import DemandSector, Scenario
from zerozone.finance.builds import PLANNED_COLUMNS
from zerozone.finance.categories import Category
from zerozone.profiles import ev_charging_shape

ITEM = "ev_charging"
"""Item name of charging stations in the investment tables."""


def charging_load(scenario: Scenario) -> pd.DataFrame:
    """Electricity and peak load of electric-vehicle charging per zone and period.

    Returns
    -------
    pandas.DataFrame
        ``zone``, ``period`` [yr], ``ev_mwh`` [MWh/yr], ``peak_mw`` [MW].
    """
    periods = list(scenario.policy.periods)
    demand = demand_table(scenario, periods)
    transport = demand[demand["sector"] == DemandSector.TRANSPORT.value]
    frame = (
        transport.groupby(["zone", "year"], as_index=False)["electricity_mwh"]
        .sum()
        .rename(columns={"year": "period", "electricity_mwh": "ev_mwh"})
    )
    peak_factor = float(ev_charging_shape(scenario.weather_year).max())
    frame["peak_mw"] = frame["ev_mwh"] / HOURS_PER_YEAR * peak_factor
    return frame


def charging_builds(scenario: Scenario, cost_usd_per_kw: float) -> pd.DataFrame:
    """New charging stations per zone and period, with their overnight cost.

    Parameters
    ----------
    scenario : Scenario
        The run's scenario.
    cost_usd_per_kw : float
        Overnight cost per kW of peak charging load [USD/kW].

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`zerozone.finance.builds.Builds.planned` (item ``ev_charging``,
        category ``transport_charging``); lifetime and fixed O&M are not used.
    """
    load = charging_load(scenario).sort_values(["zone", "period"])
    rows = []
    for zone, frame in load.groupby("zone"):
        previous = 0.0
        for row in frame.itertuples():
            new = max(float(row.peak_mw) - previous, 0.0)
            previous = max(previous, float(row.peak_mw))
            if new <= 0.0:
                continue
            rows.append(
                {
                    "zone": str(zone),
                    "item": ITEM,
                    "technology": ITEM,
                    "kind": ITEM,
                    "category": Category.TRANSPORT_CHARGING.value,
                    "period": int(row.period),
                    "new": new,
                    "unit": "MW",
                    "overnight_usd": new * 1000.0 * cost_usd_per_kw,
                    "lifetime_years": float("inf"),
                    "fixed_om_share": 0.0,
                }
            )
    return pd.DataFrame(rows, columns=PLANNED_COLUMNS)
