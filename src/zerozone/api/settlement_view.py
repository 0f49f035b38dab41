"""The settlement page's content: energy charts, meters, gaps and the status against a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from zerozone.api.page_support import chart
from zerozone.api.runs import run_of
from zerozone.errors import ZerozoneError
from zerozone.i18n import Language, translator
from zerozone.mrv import registry
from zerozone.mrv.energy import find_gaps, local_energy
from zerozone.mrv.factors import grid_factor
from zerozone.mrv.labels import KIND_LABELS
from zerozone.mrv.late import late_readings
from zerozone.mrv.status import StatusRow, compare
from zerozone.report.charts import SEPARATORS

KIND_COLORS = {
    "grid_import": "#4062bb",
    "grid_export": "#59c3c3",
    "pv_generation": "#f0b429",
    "heat_pump": "#d64545",
    "ev_charger": "#8e44ad",
    "gas": "#7b8794",
}
DAY_BAR_MS = 0.8 * 24 * 3600 * 1000
"""Width of a day's bar on a time axis [ms]."""
MAX_GAPS = 50
"""Gaps listed on the page (the latest first) [-]."""
MAX_LATE = 50
"""Late readings listed on the page (the latest arrivals first) [-]."""
OPEN_METERS = 20
"""Longest meter list shown open; a longer one is folded under its heading [-]."""
OWN_VIEWS = ("pv_generation", "heat_pump", "ev_charger")
"""Meter kinds shown on their own (by day and month) beside the energy of every kind."""


def energy_chart(frame: pd.DataFrame, by: str, lang: Language, title: str) -> str | None:
    """Stacked bars of energy per local day or month and meter kind [kWh]."""
    _ = translator(lang)
    figure = go.Figure()
    fmt = "%Y-%m-%d" if by == "day" else "%Y-%m"
    for kind, rows in frame.groupby("kind", sort=True):
        key = str(kind)
        figure.add_bar(
            x=[pd.Timestamp(p).strftime(fmt) for p in rows["period"]],
            y=rows["kwh"].tolist(),
            name=_(KIND_LABELS.get(key, key)),
            marker_color=KIND_COLORS.get(key, "#9aa5b1"),
            # days on a time axis: a few horizontal ISO dates, not one turned label per bar
            width=DAY_BAR_MS if by == "day" else None,
        )
    figure.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        separators=SEPARATORS[lang],
        barmode="stack",
        yaxis={"title": {"text": "kWh"}, "tickformat": ",~f"},
        legend={"orientation": "h", "y": -0.25, "x": 0},
        margin={"l": 55, "r": 10, "t": 45, "b": 40},
    )
    if by == "day":
        figure.update_xaxes(type="date", tickformat="%Y-%m-%d", nticks=6)
    else:
        figure.update_xaxes(type="category")
    return chart(figure, height=340)


def kind_views(
    daily: pd.DataFrame, monthly: pd.DataFrame, kinds: set[str], lang: Language
) -> list[dict[str, Any]]:
    """PV generation, heat-pump and EV-charging energy on their own, by local day and month: one
    view per kind of :data:`OWN_VIEWS` (without charts when no meter of it has energy yet)."""
    _ = translator(lang)
    views = []
    for kind in OWN_VIEWS:
        label = _(KIND_LABELS.get(kind, kind))
        day = daily[daily["kind"] == kind]
        month = monthly[monthly["kind"] == kind]
        views.append(
            {
                "kind": kind,
                "label": label,
                "metered": kind in kinds,
                "total_kwh": float(day["kwh"].sum()),
                "daily": energy_chart(
                    day, "day", lang, _("{kind} by local day (kWh)").format(kind=label)
                ),
                "monthly": energy_chart(
                    month, "month", lang, _("{kind} by local month (kWh)").format(kind=label)
                ),
            }
        )
    return views


def measured_emissions(
    con: duckdb.DuckDBPyConnection, settlement: str, years: list[int]
) -> list[dict[str, Any]]:
    """The settlement's GPC BASIC emissions [t CO2] and energy [MWh] of each local year with
    readings (default grid factor, as ``zerozone mrv inventory``)."""
    from zerozone.mrv.gpc import build_inventory

    found = []
    for year in years:
        try:
            inventory = build_inventory(con, year, grid_factor(None), settlement=settlement)
        except ZerozoneError:  # e.g. no meter with energy counted in the inventory
            continue
        totals = inventory.settlement_totals()
        if len(totals):
            found.append(
                {
                    "year": year,
                    "t_co2": float(totals["t_co2"].sum()),
                    "mwh": float(totals["mwh"].sum()),
                }
            )
    return found


def status_rows(
    con: duckdb.DuckDBPyConnection, run_dir: Path | None, settlement: str
) -> tuple[list[StatusRow], str]:
    """The settlement's rows against the plan of ``run_dir``, or a reason why there are none."""
    if run_dir is None:
        return [], "no plan run yet"
    try:
        rows = compare(con, run_of(run_dir), year=None)
    except ZerozoneError as error:
        # The reason names the run, not where the service keeps it.
        return [], str(error).replace(str(run_dir), run_dir.name)
    return [r for r in rows if r.place_id == settlement], ""


def settlement_context(
    con: duckdb.DuckDBPyConnection, settlement: str, run_dir: Path | None, lang: Language
) -> dict[str, Any]:
    """Everything the settlement page shows."""
    _ = translator(lang)
    daily = local_energy(con, by="day", settlement=settlement)
    monthly = local_energy(con, by="month", settlement=settlement)
    gaps = find_gaps(con, settlement=settlement)
    rows, note = status_rows(con, run_dir, settlement)
    meters = registry.list_meters(con, settlement)
    late = late_readings(con, settlement)
    years = sorted({pd.Timestamp(p).year for p in monthly["period"]}) if len(monthly) else []
    return {
        "emissions": measured_emissions(con, settlement, years),
        "views": kind_views(daily, monthly, {str(m["kind"]) for m in meters}, lang),
        "late": late.head(MAX_LATE).to_dict("records"),
        "late_count": len(late),
        "daily": energy_chart(daily, "day", lang, _("Energy by local day (kWh)")),
        "monthly": energy_chart(monthly, "month", lang, _("Energy by local month (kWh)")),
        "totals": daily.groupby("kind")["kwh"].sum().to_dict() if len(daily) else {},
        "kind_labels": {k: _(v) for k, v in KIND_LABELS.items()},
        "meters": meters,
        "open_meters": OPEN_METERS,
        "gaps": gaps.sort_values("gap_start", ascending=False).head(MAX_GAPS).to_dict("records"),
        "gap_count": len(gaps),
        "status": rows,
        "status_note": note,
        "run": run_dir.name if run_dir is not None else None,
    }
