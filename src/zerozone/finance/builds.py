"""What the plan builds, when, and what it costs overnight, read from the run's ``builds`` table.

The run directory records every asset (:data:`zerozone.results.tables.TABLES`, ``builds``):
existing plants, committed and planned builds, links included, each with its capacity, energy
capacity, overnight cost per MW and per MWh, lifetime and fixed O&M. Finance reads them as they
are; nothing is recovered from the costs.

Committed builds (scenario ``committed``) are decided investments still to be paid; the planner
treats them as existing capacity, so they carry no cost in its objective (the full costs of
:mod:`zerozone.results.costs` count them). They are listed here apart, valued at their
technology's overnight cost in their first year in service (links: ``capex_usd_per_mw_km`` times
the length). Market interconnectors (``builds`` asset ``interconnector``) are commercial
investments: :data:`COMMERCIAL_ASSETS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zerozone.data.schema import TechnologyKind
from zerozone.finance.categories import Category, category_of
from zerozone.results.costs import asset_item
from zerozone.results.derived import link_capacity
from zerozone.results.run_directory import RunDirectory

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
COMMERCIAL_ASSETS = ("interconnector",)
"""``builds`` asset types that are commercial investments (trade with markets): the finance
need leaves them out and shows them apart."""
COMMERCIAL_PREFIXES = tuple(f"{asset}:" for asset in COMMERCIAL_ASSETS)
"""Item prefixes of the commercial assets (``interconnector:<id>``)."""

COMMITTED_COLUMNS = [
    "name",
    "zone",
    "item",
    "kind",
    "category",
    "year",
    "new",
    "unit",
    "overnight_usd",
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


def _item(row: pd.Series) -> str:
    return asset_item(str(row["asset"]), str(row["tech"]))


def _category(asset: str, kind: str) -> str:
    """Links and interconnectors are grid; technologies the category of their kind."""
    if asset != "technology":
        return Category.GRID.value
    return category_of(TechnologyKind(kind)).value


def is_commercial(item: str) -> bool:
    """Whether an item (``interconnector:<id>``...) is a commercial investment."""
    return item.startswith(COMMERCIAL_PREFIXES)


def _planned(builds: pd.DataFrame) -> pd.DataFrame:
    """Power and energy of every planned vintage as separate items."""
    planned = builds[builds["status"] == "planned"]
    rows = []
    for _, row in planned.iterrows():
        overnight = float(row["overnight_usd"])
        share = float(row["fixed_om_usd_per_year"]) / overnight if overnight > 0 else 0.0
        common = {
            "zone": str(row["zone"]),
            "technology": str(row["tech"]),
            "kind": str(row["kind"]),
            "period": int(row["build_year"]),
            "lifetime_years": float(row["lifetime_years"]),
            "fixed_om_share": share,
        }
        power = float(row["capacity_mw"])
        if power > 0:
            rows.append(
                {
                    **common,
                    "item": _item(row),
                    "category": _category(str(row["asset"]), str(row["kind"])),
                    "new": power,
                    "unit": "MW",
                    "overnight_usd": power * float(row["capex_usd_per_mw"]),
                }
            )
        energy = float(row["energy_mwh"])
        if energy > 0:
            rows.append(
                {
                    **common,
                    "item": f"{row['tech']}:energy",
                    "category": Category.STORAGE.value,
                    "new": energy,
                    "unit": "MWh",
                    "overnight_usd": energy * float(row["energy_capex_usd_per_mwh"]),
                }
            )
    return pd.DataFrame(rows, columns=PLANNED_COLUMNS)


def _committed(builds: pd.DataFrame) -> pd.DataFrame:
    committed = builds[builds["status"] == "committed"]
    frame = pd.DataFrame(
        {
            "name": committed["name"],
            "zone": committed["zone"],
            "item": [_item(row) for _, row in committed.iterrows()],
            "kind": committed["kind"],
            "category": [
                _category(str(a), str(k))
                for a, k in zip(committed["asset"], committed["kind"], strict=True)
            ],
            "year": committed["build_year"],
            "new": committed["capacity_mw"],
            "unit": "MW",
            "overnight_usd": committed["overnight_usd"],
        },
        columns=COMMITTED_COLUMNS,
    )
    return frame.reset_index(drop=True)


def read_builds(run: RunDirectory) -> Builds:
    """The planned and committed investments of ``run``, from its ``builds`` table.

    Parameters
    ----------
    run : RunDirectory
        A run read with :func:`zerozone.results.read_run`.

    Returns
    -------
    Builds
    """
    builds = run.tables["builds"]
    return Builds(
        planned=_planned(builds),
        committed=_committed(builds),
        link_capacity=link_capacity(run),
    )


def active_mask(built: pd.Series, lifetime: pd.Series, period: int) -> np.ndarray:
    """Whether each vintage (build period ``built``, ``lifetime`` [yr]) serves in ``period``."""
    return ((built <= period) & (period < built + lifetime)).to_numpy()
