"""What binds in a run: the CO2 price per period and the limits worth relaxing, from the
``shadow_prices`` table (written by the planner, see :mod:`zerozone.model.duals`).

Shadow prices are the objective's saving per unit a limit is relaxed, in the period's own money;
``pv_usd_per_unit`` is the same in present value, which ranks limits of one unit across periods.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zerozone.i18n import N_

MW_LIMITS = ("potential", "build_rate", "link", "import_limit", "export_limit", "interconnector")
"""Limits in MW whose present values per MW rank against each other (what to relax first)."""
LIMIT_LABELS = {
    "potential": N_("potential of {item} in {zone}"),
    "build_rate": N_("build rate of {item}"),
    "link": N_("transfer capacity of {item}"),
    "import_limit": N_("imports from {item}"),
    "export_limit": N_("exports to {item}"),
    "interconnector": N_("largest interconnector to {item}"),
}
"""How summaries name each kind of MW limit (``item``: technology, link or market name)."""
EMISSION_LIMITS = ("emission_cap", "emission_budget")
"""The limits whose shadow prices together make the CO2 price."""


def co2_prices(table: pd.DataFrame) -> dict[int, float]:
    """The CO2 price of each period [USD/t]: emission cap and budget shadow prices summed.

    Parameters
    ----------
    table : pandas.DataFrame
        A ``shadow_prices`` table.

    Returns
    -------
    dict[int, float]
        Period -> price in the period's money [USD/t]; periods without a cap or budget absent.
    """
    emission = table[table["constraint"].isin(EMISSION_LIMITS)]
    summed = emission.groupby("period")["shadow_price"].sum()
    return {int(p): float(v) for p, v in summed.items()}


def binding_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The limits the plan sits at, for ``run.json`` (``binding_limits``).

    Parameters
    ----------
    table : pandas.DataFrame
        A ``shadow_prices`` table.

    Returns
    -------
    list of dict
        ``kind``, ``period``, ``zone`` and ``technology`` (the technology, link or market id;
        None when not applicable), ``limit`` with its ``unit``, ``shadow_price`` with its
        ``shadow_unit``.
    """
    return [
        {
            "kind": str(r.constraint),
            "period": int(r.period),
            "zone": str(r.zone) or None,
            "technology": str(r.item) or None,
            "limit": float(r.limit),
            "unit": str(r.unit),
            "shadow_price": float(r.shadow_price),
            "shadow_unit": str(r.shadow_unit),
        }
        for r in table[table["binding"] == 1].itertuples()
    ]


def top_limits(table: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The MW limits whose relaxation would lower the cost most (present value per MW).

    Parameters
    ----------
    table : pandas.DataFrame
        A ``shadow_prices`` table.
    count : int
        How many rows.

    Returns
    -------
    pandas.DataFrame
        The ``count`` rows of :data:`MW_LIMITS` with the highest positive ``pv_usd_per_unit``.
    """
    limits = table[table["constraint"].isin(MW_LIMITS) & (table["pv_usd_per_unit"] > 1e-6)]
    return limits.sort_values("pv_usd_per_unit", ascending=False).head(count)


__all__ = [
    "EMISSION_LIMITS",
    "LIMIT_LABELS",
    "MW_LIMITS",
    "binding_records",
    "co2_prices",
    "top_limits",
]
