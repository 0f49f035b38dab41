"""The comparison of several runs, in the terminal and as one HTML page (``zerozone compare``).

Runs are named by their scenario's title (with the run folder when two runs share a title). The
key figures open with the plan's status and its total cost and include the energy left unserved;
beside the absolute figures stand the same figures per person (so that a village and a region
can be read side by side) and each run's capacity mix as shares of its total.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from zerozone.data.projections import zone_population
from zerozone.finance import FinanceResult
from zerozone.finance.comparison import compare
from zerozone.i18n import N_, Language, translator
from zerozone.report.charts import base_layout, hover_values
from zerozone.report.colors import LINE_COLORS
from zerozone.report.html import ChartSet, environment, page_context
from zerozone.report.labels import METRIC_LABELS, METRIC_SCALE, RUN_STATUS_LABELS, Names
from zerozone.report.tables import HtmlTable
from zerozone.results.derived import caps_by_period, generation_by_technology

FIRST_METRICS = (
    "total_discounted_usd",
    "planned_discounted_usd",
    "investment_usd",
    "peak_investment_usd",
)
"""The money rows, in order, ahead of the other metrics (the planner's objective comes last)."""
PER_PERSON = {
    "total_discounted_usd": (N_("System cost, all assets, discounted, per person (USD)"), 1.0),
    "investment_usd": (N_("Overnight investment per person (USD)"), 1.0),
    "first_emissions_t": (N_("Emissions per person in the first period (t CO2/yr)"), 1.0),
    "last_emissions_t": (N_("Emissions per person in the last period (t CO2/yr)"), 1.0),
}
"""Metrics shown per person of the last period's population: label and factor."""


def run_labels(results: list[FinanceResult], lang: Language) -> list[str]:
    """Each run's name: its scenario's title, with the run folder when titles repeat."""
    titles = [getattr(r.run.scenario.title, lang) for r in results]
    return [
        f"{title} ({r.run.path.name})" if titles.count(title) > 1 else title
        for title, r in zip(titles, results, strict=True)
    ]


def population(result: FinanceResult) -> float:
    """People in the run's zones in its last period (central variant) [people]."""
    scenario = result.run.scenario
    last = list(scenario.policy.periods)[-1]
    return sum(zone_population(scenario, zone.id, last) for zone in scenario.zones)


def unserved_mwh(result: FinanceResult) -> float:
    """Energy left unserved in the worst period [MWh/yr]."""
    shed = result.run.tables.get("load_shed")
    if shed is None or shed.empty:
        return 0.0
    return float(shed.groupby("period")["mwh"].sum().max())


def key_figures(results: list[FinanceResult], labels: list[str], names: Names) -> HtmlTable:
    """Status, total cost first, the other headline metrics and the unserved energy."""
    _ = names.gettext
    metrics, _capacity = compare(results)
    table = HtmlTable(_("Key figures"), ["", *labels])
    table.rows.append(
        [
            _("Status"),
            *(names.label(RUN_STATUS_LABELS, str(r.run.meta.get("status", "-"))) for r in results),
        ]
    )
    order = [*FIRST_METRICS, *(k for k in metrics.index if k not in FIRST_METRICS)]
    order = [k for k in order if k != "objective_usd"] + ["objective_usd"]
    for key in order:
        factor, _digits = METRIC_SCALE[str(key)]
        row = metrics.loc[key]
        table.rows.append(
            [names.label(METRIC_LABELS, str(key)), *(names.number(v * factor) for v in row)]
        )
        if key == "total_discounted_usd":
            table.strong.add(len(table.rows) - 1)
    table.rows.append(
        [
            _("Unserved energy, worst period (MWh/yr)"),
            *(names.number(unserved_mwh(r)) for r in results),
        ]
    )
    return table


def per_person(results: list[FinanceResult], labels: list[str], names: Names) -> HtmlTable:
    """The figures per person of the last period's population, comparable across scales."""
    _ = names.gettext
    metrics, _capacity = compare(results)
    people = [population(r) for r in results]
    table = HtmlTable(_("Per person (population of the last period)"), ["", *labels])
    table.rows.append([_("People in the last period"), *(names.number(p) for p in people)])
    for key, (label, factor) in PER_PERSON.items():
        row = metrics.loc[key]
        table.rows.append(
            [
                _(label),
                *(
                    names.number(float(v) * factor / p) if p > 0 else "-"
                    for v, p in zip(row, people, strict=True)
                ),
            ]
        )
    return table


def capacity_tables(
    results: list[FinanceResult], labels: list[str], names: Names
) -> list[HtmlTable]:
    """Last-period capacity by technology: in MW and as shares of each run's total."""
    _ = names.gettext
    _metrics, capacity = compare(results)
    capacity.columns = labels
    tech_names: dict[str, str] = {}
    for result in reversed(results):
        tech_names.update(Names(result.run.scenario, names.lang).techs)
    absolute = HtmlTable(_("Capacity in the last period (MW)"), [_("Technology"), *labels])
    shares = HtmlTable(
        _("Capacity mix in the last period (% of each plan's total)"), [_("Technology"), *labels]
    )
    totals = capacity.sum()
    for tech, row in capacity.iterrows():
        name = tech_names.get(str(tech), str(tech))
        absolute.rows.append([name, *(names.number(v) for v in row)])
        shares.rows.append(
            [
                name,
                *(names.percent(v / t) if t > 0 else "-" for v, t in zip(row, totals, strict=True)),
            ]
        )
    return [absolute, shares]


def comparison_tables(results: list[FinanceResult], lang: Language) -> list[HtmlTable]:
    """Key figures, figures per person, and last-period capacity in MW and as shares."""
    names = Names(results[0].run.scenario, lang)
    labels = run_labels(results, lang)
    return [
        key_figures(results, labels, names),
        per_person(results, labels, names),
        *capacity_tables(results, labels, names),
    ]


def _line_chart(
    names: Names, title: str, unit: str, series: dict[str, tuple[list, list]]
) -> go.Figure:
    figure = go.Figure()
    for k, (label, (x, y)) in enumerate(series.items()):
        figure.add_scatter(
            x=x,
            y=y,
            name=label,
            mode="lines+markers",
            line={"color": LINE_COLORS[k % len(LINE_COLORS)]},
        )
    figure.update_layout(**base_layout(names, title, unit))
    return hover_values(figure, names, unit)


def _capacity_chart(
    names: Names, title: str, unit: str, rows: list[str], columns: dict[str, list[float]]
) -> go.Figure:
    """Horizontal grouped bars: one group per technology, one bar per run."""
    figure = go.Figure()
    for k, (label, values) in enumerate(columns.items()):
        figure.add_bar(
            y=rows,
            x=values,
            name=label,
            orientation="h",
            marker_color=LINE_COLORS[k % len(LINE_COLORS)],
        )
    figure.update_layout(
        **base_layout(
            names,
            title,
            "",
            barmode="group",
            height=160 + 22 * len(rows) * max(1, len(columns)),
            xaxis={"title": {"text": unit}, "tickformat": ",~r", "automargin": True},
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    return hover_values(figure, names, unit)


def comparison_figures(results: list[FinanceResult], lang: Language = "en") -> list[go.Figure]:
    """The comparison's charts, one series per run named by its scenario's title: capacity and
    generation in the last period, emissions against each run's cap (absolute and per person),
    investment per year and the system LCOE."""
    _ = translator(lang)
    names = Names(results[0].run.scenario, lang)
    labels = run_labels(results, lang)
    people = {label: population(r) for label, r in zip(labels, results, strict=True)}
    emissions = {
        label: ([str(p) for p in r.emissions.index], (r.emissions / 1e3).tolist())
        for label, r in zip(labels, results, strict=True)
    }
    emissions_per_person = {
        label: (
            [str(p) for p in r.emissions.index],
            (r.emissions / max(people[label], 1.0)).tolist(),
        )
        for label, r in zip(labels, results, strict=True)
    }
    investment = {}
    for label, result in zip(labels, results, strict=True):
        needs = result.needs["need_usd"]
        investment[label] = ([int(y) for y in needs.index], (needs / 1e6).tolist())
    lcoe = {
        label: ([str(p) for p in r.system.index], r.system["lcoe_usd_per_mwh"].tolist())
        for label, r in zip(labels, results, strict=True)
    }
    _metrics, capacity = compare(results)
    capacity.columns = labels
    tech_names: dict[str, str] = {}
    for result in reversed(results):
        tech_names.update(Names(result.run.scenario, lang).techs)
    rows = [tech_names.get(str(t), str(t)) for t in capacity.index]
    totals = capacity.sum()
    generation = last_generation(results, labels, list(capacity.index))
    emissions_chart = _line_chart(names, _("Emissions against the cap"), _("kt CO2/yr"), emissions)
    add_caps(emissions_chart, results, labels, names)
    return [
        _capacity_chart(
            names,
            _("Capacity in the last period (MW)"),
            _("MW"),
            rows,
            {c: capacity[c].tolist() for c in labels},
        ),
        _capacity_chart(
            names,
            _("Capacity mix in the last period (% of each plan's total)"),
            "%",
            rows,
            {c: (100 * capacity[c] / totals[c]).tolist() if totals[c] > 0 else [] for c in labels},
        ),
        _capacity_chart(
            names,
            _("Electricity generation in the last period (GWh/yr)"),
            _("GWh/yr"),
            [tech_names.get(str(t), str(t)) for t in generation.index],
            {c: (generation[c] / 1e3).tolist() for c in labels},
        ),
        emissions_chart,
        _line_chart(
            names, _("Emissions per person"), _("t CO2/yr per person"), emissions_per_person
        ),
        _line_chart(names, _("Overnight investment per year"), _("USD m"), investment),
        _line_chart(names, _("System LCOE"), _("USD/MWh"), lcoe),
    ]


def last_generation(
    results: list[FinanceResult], labels: list[str], order: list[str]
) -> pd.DataFrame:
    """Electricity generated in each run's last period by technology (rows), one column per run
    [MWh/yr]; technologies in ``order`` first, rows without generation left out."""
    columns = {}
    for label, result in zip(labels, results, strict=True):
        made = generation_by_technology(result.run)[result.run.periods[-1]]
        columns[label] = made[made != 0.0]
    table = pd.DataFrame(columns).fillna(0.0)
    ranked = [t for t in order if t in table.index] + sorted(
        str(t) for t in table.index if t not in order
    )
    return table.reindex(ranked)


def add_caps(
    figure: go.Figure, results: list[FinanceResult], labels: list[str], names: Names
) -> None:
    """Each run's emission cap as a dashed line in its colour [kt CO2/yr] (runs without one:
    none)."""
    _ = names.gettext
    for k, (label, result) in enumerate(zip(labels, results, strict=True)):
        caps = caps_by_period(result.run)
        if not caps.notna().any():
            continue
        figure.add_scatter(
            x=[str(p) for p in caps.index],
            y=(caps / 1e3).tolist(),
            name=_("cap: {run}").format(run=label),
            mode="lines",
            line={"color": LINE_COLORS[k % len(LINE_COLORS)], "dash": "dash", "width": 2},
        )


def render_comparison(results: list[FinanceResult], lang: Language = "en") -> str:
    """The comparison page of ``results`` (at least one run)."""
    _ = translator(lang)
    labels = run_labels(results, lang)
    figures = ChartSet()
    charts = [figures.add(f) for f in comparison_figures(results, lang)]
    context = page_context(lang, _("Comparison of plans"))
    context.update(
        {
            "subtitle": ", ".join(labels),
            "tables": comparison_tables(results, lang),
            "figures": charts,
            "charts": figures.charts,
            "footer": _("Made with zerozone {version} on {date}. Works offline."),
        }
    )
    return environment().get_template("compare.html.j2").render(context)
