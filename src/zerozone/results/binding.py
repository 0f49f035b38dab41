"""What binds in a run: the CO2 price per period and the limits worth relaxing, from the
``shadow_prices`` table (written by the planner, see :mod:`zerozone.model.duals`).

Shadow prices are the objective's saving per unit a limit is relaxed, in the period's own money;
``pv_usd_per_unit`` is the same in present value, which ranks limits of one unit across periods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from zerozone.i18n import N_, Language, format_number, translator

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
KEPT_DAY_PRICE_NOTE = N_(
    "{period}: the CO2 price of {price} USD/t is not a price paid for CO2. It is what one tonne "
    "more a year would save on {date} in {zone}, a day the plan must serve, where a MWh is worth "
    "{value} USD/MWh in {hours} of its hours (the capacity built to serve that day; the value of "
    "lost load is {voll} USD/MWh): {amount} MWh of {source} at {intensity} t CO2/MWh in place "
    "of that capacity."
)
"""How summaries explain a CO2 price set on a kept day (``co2_price_set_by`` in ``run.json``,
:mod:`zerozone.model.co2_setter`)."""
KEPT_DAY_SHED_NOTE = N_(
    "{period}: the CO2 price of {price} USD/t is not a price paid for CO2. It is set by the "
    "penalty on demand left unserved on {date} in {zone}, a day the plan must serve ({value} "
    "USD/MWh, against a value of lost load of {voll} USD/MWh): one tonne more a year would "
    "serve {amount} MWh of it with {source} at {intensity} t CO2/MWh."
)
"""The same, when the hour that sets the price sheds demand (the price is then the penalty's)."""
OUTPUT_LABEL = N_("{item} output")
"""How a note names a technology that would emit the last tonne (``item``: its name)."""


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


def kept_day_prices(meta: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """The periods whose CO2 price is set by the requirement to serve a kept day: the hour the
    last tonne would go to values energy above the value of lost load (``reading``
    ``kept_day_capacity`` or ``kept_day_penalty``, :data:`zerozone.model.co2_setter.READINGS`).

    Parameters
    ----------
    meta : mapping
        A run's ``run.json`` (its ``co2_price_set_by`` entry; runs written before it have none).

    Returns
    -------
    dict[int, dict]
        Period -> its ``co2_price_set_by`` record.
    """
    records = meta.get("co2_price_set_by") or {}
    return {int(p): r for p, r in records.items() if r.get("reading", "operation") != "operation"}


def co2_price_notes(
    meta: Mapping[str, Any],
    lang: Language,
    item_names: Mapping[str, str],
    zone_names: Mapping[str, str],
) -> list[str]:
    """One sentence per period whose CO2 price is set on a kept day, saying it is not a price
    and what sets it: capacity built to serve that day (:data:`KEPT_DAY_PRICE_NOTE`) or, where
    the hour sheds demand, the penalty on it (:data:`KEPT_DAY_SHED_NOTE`).

    Parameters
    ----------
    meta : mapping
        A run's ``run.json``.
    lang : {"en", "az"}
        Language.
    item_names, zone_names : mapping
        Display names of technologies and markets, and of zones, by id.

    Returns
    -------
    list of str
        The sentences, by period.
    """
    _ = translator(lang)
    notes = []
    for period, record in sorted(kept_day_prices(meta).items()):
        item = str(record["item"])
        label = LIMIT_LABELS["import_limit"] if record["source"] == "import" else OUTPUT_LABEL
        source = _(label).format(item=item_names.get(item, item))
        zone = str(record["zone"])
        shed = record["reading"] == "kept_day_penalty"
        notes.append(
            _(KEPT_DAY_SHED_NOTE if shed else KEPT_DAY_PRICE_NOTE).format(
                period=period,
                price=format_number(float(record["price_usd_per_t"]), lang),
                date=str(record["time"] or "-")[:10],
                hours=record["hours_at_value"],
                zone=zone_names.get(zone, zone),
                amount=format_number(float(record["mwh_per_t"]), lang, 1),
                source=source,
                intensity=format_number(float(record["t_per_mwh"]), lang, 3),
                value=format_number(float(record["value_usd_per_mwh"]), lang),
                voll=format_number(float(record["value_of_lost_load_usd_per_mwh"]), lang),
            )
        )
    return notes


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
    "KEPT_DAY_PRICE_NOTE",
    "KEPT_DAY_SHED_NOTE",
    "LIMIT_LABELS",
    "MW_LIMITS",
    "binding_records",
    "co2_price_notes",
    "co2_prices",
    "kept_day_prices",
    "top_limits",
]
