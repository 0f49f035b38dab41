"""Totals of a run computed once, for the command line, finance and the report.

Every function reads the run directory's declared tables (:mod:`zerozone.results.tables`) and
returns a small table; the callers only format. Units are those of the tables: energy per
represented year of each period [MWh/yr], emissions [t/yr], costs [USD/yr], power [MW].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zerozone.results.run_directory import RunDirectory


def by_period(
    frame: pd.DataFrame, value: str, periods: list[int], index: str = "tech"
) -> pd.DataFrame:
    """``value`` summed per ``index`` (rows) and period (columns, every period, zero-filled)."""
    if frame.empty:
        return pd.DataFrame(columns=periods, dtype=float)
    return frame.pivot_table(
        index=index, columns="period", values=value, aggfunc="sum", fill_value=0.0
    ).reindex(columns=periods, fill_value=0.0)


def _per_period(frame: pd.DataFrame, value: str, periods: list[int]) -> pd.Series:
    return frame.groupby("period")[value].sum().reindex(periods, fill_value=0.0).astype(float)


def emissions_by_period(run: RunDirectory) -> pd.Series:
    """Annual emissions of every source per period [t/yr]."""
    return _per_period(run.tables["emissions"], "t_per_year", run.periods)


def emissions_by_source(run: RunDirectory) -> pd.DataFrame:
    """Annual emissions per source (rows: technology id, ``import:<market>``,
    ``transport_fuel``) and period (columns) [t/yr]."""
    return by_period(run.tables["emissions"], "t_per_year", run.periods, index="source")


def caps_by_period(run: RunDirectory) -> pd.Series:
    """The emission cap of each period [t/yr] (NaN where a period has none)."""
    return run.tables["caps"].set_index("period")["cap_t_per_year"].reindex(run.periods)


def capacity_by_technology(run: RunDirectory) -> pd.DataFrame:
    """Power in service per technology (rows) and period (columns), all zones [MW]."""
    return by_period(run.tables["capacity"], "capacity_mw", run.periods)


def capacity_by_zone(run: RunDirectory, period: int) -> pd.DataFrame:
    """Power in service in ``period`` per technology (rows) and zone (columns) [MW]."""
    capacity = run.tables["capacity"]
    return capacity[capacity["period"] == period].pivot_table(
        index="tech", columns="zone", values="capacity_mw", aggfunc="sum", fill_value=0.0
    )


def generation_by_technology(run: RunDirectory, role: str = "generation") -> pd.DataFrame:
    """Energy of ``role`` (generation, discharge, charge, heat, spill) per technology (rows)
    and period (columns), all zones [MWh/yr]."""
    generation = run.tables["generation"]
    return by_period(generation[generation["role"] == role], "mwh", run.periods)


def generation_by_zone(run: RunDirectory, role: str = "generation") -> pd.DataFrame:
    """Energy of ``role`` per zone (rows) and period (columns) [MWh/yr]."""
    generation = run.tables["generation"]
    return by_period(generation[generation["role"] == role], "mwh", run.periods, index="zone")


def costs_by_category(run: RunDirectory) -> pd.DataFrame:
    """Annual costs per category (rows) and period (columns) [USD/yr], export revenue
    negative."""
    return by_period(run.tables["costs"], "usd_per_year", run.periods, index="category")


def load_shed_by_period(run: RunDirectory) -> pd.Series:
    """Demand left unserved per period, electricity and heat [MWh/yr]."""
    return _per_period(run.tables["load_shed"], "mwh", run.periods)


def _flow_energy(run: RunDirectory, flows: pd.DataFrame) -> pd.Series:
    """Energy of hourly ``flows`` in a represented year: MW times the days each model day
    stands for [MWh/yr] (index of ``flows``)."""
    weight = run.tables["time"].set_index("day")["weight_days"]
    return flows["mw"] * flows["day"].map(weight)


def imports_by_period(run: RunDirectory) -> pd.Series:
    """Electricity bought from markets per period [MWh/yr]."""
    flows = run.tables["flows"]
    imports = flows[flows["direction"] == "import"]
    energy = _flow_energy(run, imports)
    return energy.groupby(imports["period"]).sum().reindex(run.periods, fill_value=0.0)


def link_losses(run: RunDirectory) -> pd.DataFrame:
    """Energy lost on each link per period, both directions [MWh/yr].

    Returns
    -------
    pandas.DataFrame
        ``link``, ``period``, ``sent_mwh`` and ``lost_mwh`` [MWh/yr].
    """
    flows = run.tables["flows"]
    efficiency = {link.id: link.efficiency for link in run.scenario.links}
    moved = flows[flows["connection"].isin(list(efficiency))]
    sent = _flow_energy(run, moved)
    lost = sent * (1.0 - moved["connection"].map(efficiency))
    frame = pd.DataFrame(
        {"link": moved["connection"], "period": moved["period"], "sent_mwh": sent, "lost_mwh": lost}
    )
    return frame.groupby(["link", "period"], as_index=False)[["sent_mwh", "lost_mwh"]].sum()


def net_flows(run: RunDirectory, zone: str, period: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hourly power a zone receives (after link losses) and sends through links and markets.

    Returns
    -------
    received, sent : pandas.DataFrame
        ``day``, ``hour``, ``mw`` [MW].
    """
    flows = run.tables["flows"]
    flows = flows[flows["period"] == period]
    received, sent = [], []
    for link in run.scenario.links:
        mine = flows[flows["connection"] == link.id]
        forward = mine[mine["direction"] == "forward"]
        backward = mine[mine["direction"] == "backward"]
        if link.from_zone == zone:
            sent.append(forward)
            received.append(backward.assign(mw=backward["mw"] * link.efficiency))
        elif link.to_zone == zone:
            received.append(forward.assign(mw=forward["mw"] * link.efficiency))
            sent.append(backward)
    for market in run.scenario.markets:
        if market.zone == zone:
            mine = flows[flows["connection"] == market.id]
            received.append(mine[mine["direction"] == "import"])
            sent.append(mine[mine["direction"] == "export"])

    def total(frames: list[pd.DataFrame]) -> pd.DataFrame:
        if not frames:
            return pd.DataFrame(columns=["day", "hour", "mw"])
        both = pd.concat(frames, ignore_index=True)
        return both.groupby(["day", "hour"], as_index=False)["mw"].sum()

    return total(received), total(sent)


def storage_energy(run: RunDirectory, period: int) -> pd.Series:
    """Energy capacity of every store in service in ``period`` [MWh], by (``zone``, ``tech``):
    batteries their own, pumped hydro and reservoirs their power times ``storage_hours``."""
    capacity = run.tables["capacity"]
    capacity = capacity[capacity["period"] == period]
    hours = {t.id: t.storage_hours or 0.0 for t in run.scenario.technologies}
    own = capacity["energy_mwh"].to_numpy(dtype=float)
    derived = capacity["capacity_mw"].to_numpy(dtype=float) * capacity["tech"].map(hours).to_numpy(
        dtype=float
    )
    energy = np.where(capacity["kind"] == "battery", own, derived)
    index = pd.MultiIndex.from_frame(capacity[["zone", "tech"]])
    return pd.Series(energy, index=index, name="energy_mwh")


def link_capacity(run: RunDirectory) -> pd.DataFrame:
    """Capacity of each link in service per period: existing, committed and new [MW].

    Returns
    -------
    pandas.DataFrame
        ``link``, ``period``, ``capacity_mw``.
    """
    builds = run.tables["builds"]
    links = builds[builds["asset"] == "link"]
    retire = links["retire_year"].fillna(np.inf)
    rows = []
    for link in run.scenario.links:
        mine = links["tech"] == link.id
        for period in run.periods:
            active = mine & (links["build_year"] <= period) & (period < retire)
            total = float(links.loc[active, "capacity_mw"].sum())
            rows.append({"link": link.id, "period": period, "capacity_mw": total})
    return pd.DataFrame(rows, columns=["link", "period", "capacity_mw"])
