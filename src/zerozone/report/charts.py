"""Plotly figures of a run and its finance tables (reshaping only; every number comes from the
run's tables or :class:`~zerozone.finance.FinanceResult`).

Every figure uses the language's separators (``1.234,5`` in Azerbaijani) and translated titles;
the HTML page renders them with the plotly.js inlined once (:mod:`zerozone.report.html`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as babel_date
from babel.dates import get_month_names

from zerozone.data.kinds import HEAT_KINDS, STORAGE_KINDS, TechnologyKind, spec
from zerozone.finance import FinanceResult
from zerozone.i18n import N_, babel_locale
from zerozone.report.colors import (
    CAP_COLOR,
    EXCHANGE_COLOR,
    FLOW_COLORS,
    ITEM_COLORS,
    LINE_COLORS,
    MARKET_COLORS,
    OTHER_COLOR,
    TRANSPORT_COLOR,
    technology_colors,
)
from zerozone.report.labels import CASE_LABELS, PART_LABELS, Names
from zerozone.report.weeks import Week, typical_weeks, week_series
from zerozone.results.costs import split_by_period
from zerozone.results.derived import (
    caps_by_period,
    emissions_by_source,
    generation_by_technology,
    net_flows,
    storage_energy,
)
from zerozone.results.run_directory import RunDirectory

SEPARATORS = {"en": ".,", "az": ",."}
"""Plotly's ``separators`` (decimal, then thousands) per language."""


def base_layout(names: Names, title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    """The layout every chart shares: language separators, white template, legend below.

    The legend sits below the plot, anchored to the bottom of the figure (``yref`` container)
    so that it never covers the axis labels; the page's script makes room for it at any width.
    """
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "template": "plotly_white",
        "separators": SEPARATORS[names.lang],
        "yaxis": {"title": {"text": y_title}, "tickformat": ",~r", "automargin": True},
        "xaxis": {"automargin": True},
        "legend": LEGEND_BELOW,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "height": 420,
        "font": {"family": "Segoe UI, Helvetica, Arial, sans-serif", "size": 12},
        "hoverlabel": {"namelength": -1},
    }
    layout.update(extra)
    return layout


LEGEND_BELOW: dict[str, Any] = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "x": 0,
    "font": {"size": 11},
}
"""The legend of every chart: horizontal, at the bottom of the figure, clear of the axes."""


def hover_values(
    figure: go.Figure, names: Names, unit: str, points: list[str] | None = None
) -> go.Figure:
    """Hover text of every trace: its full name, the point and the value with ``unit``.

    Values are shown with significant figures in the report's language (``0.4``, ``3,686``)
    instead of Plotly's raw numbers.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        Bars or lines; horizontal bars take their value from ``x``.
    names : Names
        The report's language.
    unit : str
        Unit of the values (already translated) [-].
    points : list of str, optional
        Label of each point (the same for every trace); default the trace's ``meta`` when it is
        a list of labels, else its ``x`` (or ``y``).
    """
    for trace in figure.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        values = list((trace.x if horizontal else trace.y) or [])
        own = trace.meta if isinstance(trace.meta, (list, tuple)) else None
        axis = list((trace.y if horizontal else trace.x) or [])
        where = points or (list(own) if own else [_point_label(p) for p in axis])
        trace.customdata = [
            f"{label}: {names.number(float(v))} {unit}".strip()
            for label, v in zip(where, values, strict=False)
        ]
        trace.hovertemplate = "<b>%{fullData.name}</b><br>%{customdata}<extra></extra>"
    return figure


def _point_label(point: Any) -> str:
    if isinstance(point, (list, tuple)):
        return " ".join(str(p) for p in point)
    return str(point)


def _kind(run: RunDirectory) -> dict[str, str]:
    return {t.id: t.kind.value for t in run.scenario.technologies}


def _tech_order(run: RunDirectory, present: set[str]) -> list[str]:
    return [t.id for t in run.scenario.technologies if t.id in present]


def capacity_chart(run: RunDirectory, names: Names, heat: bool = False) -> go.Figure:
    """Capacity in service by technology, per zone and period (stacked bars) [MW]."""
    _ = names.gettext
    kinds = _kind(run)
    colors = technology_colors(run.scenario)
    table = run.tables["capacity"]
    table = table[table["tech"].map(lambda t: (kinds[str(t)] in HEAT_KINDS) == heat)]
    periods = list(run.scenario.policy.periods)
    zones = [z.id for z in run.scenario.zones]
    x = [
        [names.zone(z) for z in zones for _p in periods],
        [str(p) for _z in zones for p in periods],
    ]
    pivot = table.pivot_table(
        index="tech", columns=["zone", "period"], values="capacity_mw", aggfunc="sum"
    )
    figure = go.Figure()
    for tech in _tech_order(run, set(pivot.index)):
        values = [float(pivot.loc[tech].get((z, p), 0.0) or 0.0) for z in zones for p in periods]
        figure.add_bar(x=x, y=values, name=names.tech(tech), marker_color=colors[tech])
    title = (
        _("Heat capacity by zone and period (MW of heat)")
        if heat
        else _("Electric capacity by zone and period (MW)")
    )
    figure.update_layout(**base_layout(names, title, _("MW"), barmode="stack"))
    hover_values(figure, names, _("MW"), [f"{x[0][k]} {x[1][k]}" for k in range(len(x[0]))])
    return figure


def generation_chart(run: RunDirectory, names: Names) -> go.Figure:
    """Electricity generated by technology per period, all zones [GWh/yr]."""
    _ = names.gettext
    colors = technology_colors(run.scenario)
    periods = run.periods
    pivot = generation_by_technology(run)
    figure = go.Figure()
    for tech in _tech_order(run, set(pivot.index)):
        figure.add_bar(
            x=[str(p) for p in periods],
            y=(pivot.loc[tech] / 1e3).tolist(),
            name=names.tech(tech),
            marker_color=colors[tech],
        )
    figure.update_layout(
        **base_layout(
            names, _("Electricity generation by technology"), _("GWh/yr"), barmode="stack"
        )
    )
    return hover_values(figure, names, _("GWh/yr"))


def emissions_chart(run: RunDirectory, names: Names) -> go.Figure:
    """Emissions by source per period against the cap [kt CO2/yr]."""
    _ = names.gettext
    colors = technology_colors(run.scenario)
    periods = run.periods
    pivot = emissions_by_source(run)
    figure = go.Figure()
    markets = [m.id for m in run.scenario.markets]
    for source, row in pivot.iterrows():
        key = str(source)
        if key.startswith("import:"):
            market = key.removeprefix("import:")
            label = _("imports from {market}").format(market=names.markets.get(market, market))
            index = markets.index(market) if market in markets else 0
            color = MARKET_COLORS[index % len(MARKET_COLORS)]
        elif key == "transport_fuel":
            label, color = _("transport fuel"), TRANSPORT_COLOR
        else:
            label, color = names.tech(key), colors.get(key, OTHER_COLOR)
        figure.add_bar(
            x=[str(p) for p in periods], y=(row / 1e3).tolist(), name=label, marker_color=color
        )
    caps = caps_by_period(run)
    if caps.notna().any():
        figure.add_scatter(
            x=[str(p) for p in periods],
            y=(caps / 1e3).tolist(),
            name=_("cap"),
            mode="lines+markers",
            line={"color": CAP_COLOR, "width": 3, "dash": "dash"},
        )
    figure.update_layout(
        **base_layout(names, _("Emissions against the cap"), _("kt CO2/yr"), barmode="stack")
    )
    return hover_values(figure, names, _("kt CO2/yr"))


def investment_chart(result: FinanceResult, names: Names) -> go.Figure:
    """Overnight investment per year by technology, with the domestic budget [USD m]."""
    _ = names.gettext
    colors = technology_colors(result.run.scenario)
    investment = result.investment
    figure = go.Figure()
    if investment.empty:
        figure.update_layout(**base_layout(names, _("Investment per year"), _("USD m")))
        return figure
    pivot = investment.pivot_table(index="item", columns="year", values="usd", aggfunc="sum")
    years = list(range(int(investment["year"].min()), int(investment["year"].max()) + 1))
    pivot = pivot.reindex(columns=years).fillna(0.0)
    order = _tech_order(result.run, set(pivot.index)) + sorted(
        str(i) for i in pivot.index if str(i).startswith(("link:", "interconnector:"))
    )
    for item in order:
        figure.add_bar(
            x=years,
            y=(pivot.loc[item] / 1e6).tolist(),
            name=names.tech(item),
            marker_color=colors.get(item, ITEM_COLORS.get(item, EXCHANGE_COLOR)),
        )
    budget = result.options.domestic_budget_usd_per_year / 1e6
    figure.add_scatter(
        x=years,
        y=[budget] * len(years),
        name=_("domestic budget (assumption)"),
        mode="lines",
        line={"color": CAP_COLOR, "width": 2, "dash": "dash"},
    )
    figure.update_layout(
        **base_layout(
            names,
            _("Overnight investment per year by technology (planned and committed)"),
            _("USD m"),
            barmode="stack",
            bargap=0.1,
        )
    )
    return hover_values(figure, names, _("USD m"))


PART_COLORS = {
    "existing": "#7f7f7f",
    "committed": "#8c564b",
    "planned": "#1f77b4",
    "operating": "#ff7f0e",
    "exports": "#2ca02c",
    "unserved": "#d62728",
}
"""Colours of the parts of the full cost (:data:`zerozone.results.costs.PARTS`)."""


def cost_split_chart(result: FinanceResult, names: Names) -> go.Figure:
    """Full annual cost per period by part (export revenue below zero), with the system cost of
    all assets and the objective's decision-relevant costs [USD m/yr]."""
    _ = names.gettext
    periods = list(result.run.periods)
    split = split_by_period(result.costs, periods) / 1e6
    x = [str(p) for p in periods]
    figure = go.Figure()
    for part, color in PART_COLORS.items():
        if split.loc[part].abs().sum() > 0:
            figure.add_bar(
                x=x,
                y=split.loc[part].tolist(),
                name=names.label(PART_LABELS, part),
                marker_color=color,
            )
    for key, dash in (("total", "solid"), ("objective", "dot")):
        figure.add_scatter(
            x=x,
            y=split.loc[key].tolist(),
            name=names.label(PART_LABELS, key),
            mode="lines+markers",
            line={"color": "#000000", "width": 2, "dash": dash},
        )
    figure.update_layout(
        **base_layout(
            names,
            _("Annual cost per year of each period, all assets"),
            _("USD m/yr"),
            barmode="relative",
        )
    )
    return hover_values(figure, names, _("USD m/yr"))


def financing_chart(result: FinanceResult, names: Names) -> go.Figure:
    """Average cost of supply per period under each financing case [USD/MWh]."""
    _ = names.gettext
    periods = [str(p) for p in result.supply_cost.columns]
    figure = go.Figure()
    for key, row in result.supply_cost.iterrows():
        rate = float(result.financing.set_index("key").at[key, "rate"])
        figure.add_scatter(
            x=periods,
            y=row.tolist(),
            mode="lines+markers",
            name=f"{names.label(CASE_LABELS, str(key))} ({names.percent(rate)})",
        )
    figure.update_layout(
        **base_layout(
            names,
            _("Average cost of supply under each cost of capital (same build)"),
            _("USD/MWh"),
        )
    )
    return hover_values(figure, names, _("USD/MWh"))


def _week_hours(week: Week, names: Names) -> tuple[list[str], list[str], dict[str, Any]]:
    """The week's hours as timestamps, their labels in the language, and the axis' day ticks."""
    days = [week.first_day + dt.timedelta(days=k) for k in range(len(week.model_days))]
    locale = babel_locale(names.lang)
    stamps = [f"{d.isoformat()} {h:02d}:00" for d in days for h in range(24)]
    labels = [
        f"{babel_date(d, 'd MMM', locale=locale)} {h:02d}:00" for d in days for h in range(24)
    ]
    axis = {
        "type": "date",
        "tickvals": [f"{d.isoformat()} 00:00" for d in days],
        "ticktext": [babel_date(d, "d MMM", locale=locale) for d in days],
        "automargin": True,
    }
    return stamps, labels, axis


WEEK_GROUPS: dict[str, str] = {
    "sun": N_("solar"),
    "wind": N_("wind"),
    "water": N_("hydro"),
    "fuel": N_("gas and other fuels"),
    "discharge": N_("storage discharge"),
    "import": N_("net import"),
    "charge": N_("storage charge"),
    "export": N_("net export"),
}
"""The few series of a week chart: supply by source (the kinds' ``group`` in
:mod:`zerozone.data.kinds`, above zero), storage and net exchange, then uses (below zero)."""


def dispatch_chart(run: RunDirectory, names: Names, zone: str, week: Week) -> go.Figure:
    """Electricity supply (above zero) and its uses (below) in a zone over a week, last period.

    Generation is grouped by source, storage shown as charge and discharge, and the exchange
    with other zones and markets as the net import or net export of each hour [MW].
    """
    _ = names.gettext
    period = list(run.scenario.policy.periods)[-1]
    kinds = _kind(run)
    dispatch = run.tables["dispatch"]
    dispatch = dispatch[(dispatch["zone"] == zone) & (dispatch["period"] == period)]
    hours = list(range(24 * len(week.model_days)))

    def hourly(frame: pd.DataFrame) -> pd.Series:
        series = week_series(frame, week).groupby("hour_of_week")["mw"].sum()
        return series.reindex(hours, fill_value=0.0).clip(lower=0.0)

    series = {key: pd.Series(0.0, index=hours) for key in WEEK_GROUPS}
    for row_kind, frame in dispatch.groupby(dispatch["tech"].map(lambda t: kinds[str(t)])):
        kind = str(row_kind)
        if kind in HEAT_KINDS:
            continue
        made = frame[frame["role"].isin(["generation", "discharge"])]
        key = "discharge" if kind in STORAGE_KINDS else spec(kind).group
        series[key] += hourly(made)
        series["charge"] += hourly(frame[frame["role"] == "charge"])
    received, sent = net_flows(run, zone, period)
    net = hourly(received) - hourly(sent)
    series["import"] = net.clip(lower=0.0)
    series["export"] = (-net).clip(lower=0.0)
    stamps, labels, axis = _week_hours(week, names)
    figure = go.Figure()
    for key, values in series.items():
        if float(values.max()) <= 1e-6:
            continue
        below = key in ("charge", "export")
        figure.add_scatter(
            x=stamps,
            y=(-values if below else values).tolist(),
            name=_(WEEK_GROUPS[key]),
            stackgroup="use" if below else "supply",
            mode="none",
            fillcolor=FLOW_COLORS[key],
        )
    supply = sum((v for k, v in series.items() if k not in ("charge", "export")), start=0.0 * net)
    figure.add_scatter(
        x=stamps,
        y=(supply - series["charge"] - series["export"]).tolist(),
        name=_("local use (demand and heating)"),
        mode="lines",
        line={"color": FLOW_COLORS["use"], "width": 1.5},
    )
    season = {"winter": _("winter week"), "summer": _("summer week"), "modelled": _("model week")}
    title = _("{zone}: {season} from {date}, {year}").format(
        zone=names.zone(zone),
        season=season[week.season],
        date=babel_date(week.first_day, "d MMMM", locale=babel_locale(names.lang)),
        year=period,
    )
    figure.update_layout(
        **base_layout(names, title, _("MW"), xaxis=axis, height=380),
    )
    return hover_values(figure, names, _("MW"), labels)


def dispatch_charts(run: RunDirectory, names: Names) -> list[go.Figure]:
    """A typical winter and summer week of every zone, in the last period."""
    weeks = typical_weeks(run.tables["day_map"], run.scenario.weather_year)
    return [
        dispatch_chart(run, names, zone.id, week) for zone in run.scenario.zones for week in weeks
    ]


def storage_chart(run: RunDirectory, names: Names) -> go.Figure:
    """Daily mean filling of every store over the year, last period [% of its energy capacity].

    The x axis holds the dates of the weather year; every store has its own colour (reservoirs
    drawn thick, batteries thin).
    """
    _ = names.gettext
    scenario = run.scenario
    period = list(scenario.policy.periods)[-1]
    levels = run.tables["storage_levels"]
    levels = levels[levels["period"] == period]
    energies = storage_energy(run, period)
    locale = babel_locale(names.lang)
    start = dt.date(scenario.weather_year, 1, 1)
    figure = go.Figure()
    for zone, tech in sorted(set(zip(levels["zone"], levels["tech"], strict=True))):
        if (zone, tech) not in energies.index:
            continue
        spec = scenario.technology(str(tech))
        energy = float(energies.loc[(zone, tech)])
        if energy <= 0:
            continue
        frame = levels[(levels["zone"] == zone) & (levels["tech"] == tech)]
        daily = frame.groupby(frame["hour_of_year"] // 24)["level_mwh"].mean()
        days = [start + dt.timedelta(days=int(d)) for d in daily.index]
        battery = spec.kind is TechnologyKind.BATTERY
        figure.add_scatter(
            x=[d.isoformat() for d in days],
            y=(100.0 * daily / energy).tolist(),
            name=f"{names.zone(str(zone))}: {names.tech(str(tech))}",
            mode="lines",
            line={
                "color": LINE_COLORS[len(figure.data) % len(LINE_COLORS)],
                "width": 1 if battery else 2.5,
            },
            opacity=0.6 if battery else 1.0,
            meta=[babel_date(d, "d MMM", locale=locale) for d in days],
        )
    months = get_month_names("abbreviated", locale=locale)
    figure.update_layout(
        **base_layout(
            names,
            _("Storage levels over the year, {year} (daily mean)").format(year=period),
            _("% of energy capacity"),
            xaxis={
                "type": "date",
                "tickvals": [dt.date(start.year, m, 1).isoformat() for m in range(1, 13)],
                "ticktext": [months[m] for m in range(1, 13)],
                "automargin": True,
            },
        )
    )
    return hover_values(figure, names, "%")
