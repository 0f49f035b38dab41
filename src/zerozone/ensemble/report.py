"""The ensemble report: fans, no-regret builds, regret and alternatives in one offline HTML page.

It shows tables computed by :mod:`zerozone.ensemble.summary`, :mod:`zerozone.ensemble.regret` and
:mod:`zerozone.ensemble.alternatives`; it computes nothing itself. The page is built like the plan
report (:mod:`zerozone.report.html`): plotly.js inlined from the installed package, no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from zerozone.data import Scenario
from zerozone.ensemble.runner import CENTRAL
from zerozone.ensemble.summary import EnsembleTables
from zerozone.i18n import Language
from zerozone.report.charts import base_layout
from zerozone.report.colors import OTHER_COLOR, lighter, technology_colors
from zerozone.report.html import PLOT_CONFIG, ChartSet, environment, page_context, write_html
from zerozone.report.labels import Names
from zerozone.report.tables import HtmlTable

ENSEMBLE_PLOT_CONFIG = {**PLOT_CONFIG, "modeBarButtonsToRemove": ["sendDataToCloud"]}
"""The charts' toolbar: as the plan report's, without any button that uploads data."""
REPORT_NAME = "ensemble-{lang}.html"


@dataclass
class EnsembleResults:
    """Everything the report shows.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    outcomes : pandas.DataFrame
        One row per sample (:func:`zerozone.ensemble.runner.run_ensemble`).
    tables : EnsembleTables
        The optimal futures' results.
    capacity_fan, pathway_fan, no_regret : pandas.DataFrame
        From :mod:`zerozone.ensemble.summary`.
    regret : pandas.DataFrame
        From :func:`zerozone.ensemble.regret.run_regret` (empty if not computed).
    ranges : pandas.DataFrame
        From :func:`zerozone.ensemble.alternatives.capacity_ranges` (empty if not computed).
    slack : float | None
        The slack of ``ranges`` [-].
    """

    scenario: Scenario
    outcomes: pd.DataFrame
    tables: EnsembleTables
    capacity_fan: pd.DataFrame
    pathway_fan: pd.DataFrame
    no_regret: pd.DataFrame
    regret: pd.DataFrame
    ranges: pd.DataFrame
    slack: float | None = None


def _band(
    figure: go.Figure, frame: pd.DataFrame, name: str, color: str, scale: float = 1.0
) -> None:
    x = [str(p) for p in frame["period"]]
    figure.add_scatter(
        x=x + x[::-1],
        y=((frame["q95"] * scale).tolist() + (frame["q05"] * scale).tolist()[::-1]),
        fill="toself",
        mode="lines",
        fillcolor=lighter(color, 0.7),
        line={"width": 0},
        name=name,
        legendgroup=name,
        showlegend=False,
        hoverinfo="skip",
    )
    figure.add_scatter(
        x=x,
        y=(frame["q50"] * scale).tolist(),
        name=name,
        legendgroup=name,
        mode="lines+markers",
        line={"color": color},
    )


def capacity_fan_chart(results: EnsembleResults, names: Names) -> go.Figure:
    """Capacity per technology and period: median and 5-95 % band across futures [MW]."""
    _ = names.gettext
    figure = go.Figure()
    colors = technology_colors(results.scenario)
    fan = results.capacity_fan
    for tech in [t.id for t in results.scenario.technologies]:
        rows = fan[fan["tech"] == tech] if len(fan) else fan
        if len(rows) and rows["q95"].max() > 0.5:
            _band(figure, rows.sort_values("period"), names.tech(tech), colors[tech])
    title = _("Capacity per technology across the futures (median, 5-95 % band)")
    figure.update_layout(**base_layout(names, title, _("MW")))
    return figure


def pathway_fan_chart(
    results: EnsembleResults, names: Names, quantity: str, title: str, unit: str, scale: float
) -> go.Figure:
    """One quantity of the pathway across futures, with the central plan's line."""
    _ = names.gettext
    figure = go.Figure()
    fan = results.pathway_fan
    rows = fan[fan["quantity"] == quantity].sort_values("period") if len(fan) else fan
    if len(rows):
        _band(figure, rows, _("futures (median, 5-95 %)"), "#3a86c8", scale)
    central = results.tables.pathway
    central = central[central["key"] == CENTRAL] if len(central) else central
    if len(central) and len(rows):
        figure.add_scatter(
            x=[str(p) for p in central["period"]],
            y=(central[quantity] * scale).tolist(),
            name=_("central plan"),
            mode="lines",
            line={"color": OTHER_COLOR, "dash": "dash"},
        )
    figure.update_layout(**base_layout(names, title, unit))
    return figure


def outcome_table(results: EnsembleResults, names: Names) -> HtmlTable:
    """Samples by outcome, with the reason of each failure."""
    _ = names.gettext
    outcomes = results.outcomes
    samples = outcomes[outcomes["key"] != CENTRAL] if len(outcomes) else outcomes
    table = HtmlTable(_("Samples by outcome"), [_("Outcome"), _("Samples")])
    for status, label in (
        ("optimal", _("optimal")),
        ("infeasible", _("targets relaxed")),
        ("failed", _("failed")),
    ):
        count = int((samples["status"] == status).sum()) if len(samples) else 0
        table.rows.append([label, names.number(count)])
    failed = samples[samples["status"] != "optimal"] if len(samples) else samples
    for row in failed.itertuples():
        table.rows.append([str(row.key), str(row.reason)[:300]])
    table.text_columns = {1}
    return table


def no_regret_table(results: EnsembleResults, names: Names) -> HtmlTable:
    """No-regret builds by the first and the last period, per zone and technology."""
    _ = names.gettext
    periods = list(results.scenario.policy.periods)
    first, last = periods[0], periods[-1]
    table = HtmlTable(
        _("No-regret builds: new capacity built in at least 90 % of the futures (MW)"),
        [
            _("Zone"),
            _("Technology"),
            _("by {year}").format(year=first),
            _("by {year}").format(year=last),
            _("share of futures building by {year}").format(year=last),
            _("median by {year}").format(year=last),
            _("central plan by {year}").format(year=last),
        ],
        text_columns={1},
        note=_("{count} futures pooled.").format(count=len(results.tables.futures)),
    )
    frame = results.no_regret
    if not len(frame):
        return table
    keyed = frame.set_index(["zone", "tech", "period"])
    for zone, tech in frame[["zone", "tech"]].drop_duplicates().itertuples(index=False):
        at_first = keyed["no_regret_mw"].get((zone, tech, first), 0.0)
        end = keyed.loc[(zone, tech, last)] if (zone, tech, last) in keyed.index else None
        if end is None:
            continue
        table.rows.append(
            [
                names.zone(str(zone)),
                names.tech(str(tech)),
                names.number(float(at_first), 1),
                names.number(float(end["no_regret_mw"]), 1),
                names.number(100 * float(end["share_building"])) + " %",
                names.number(float(end["median_mw"]), 1),
                names.number(float(end["central_mw"]), 1),
            ]
        )
    return table


def regret_table(results: EnsembleResults, names: Names) -> HtmlTable | None:
    """The central plan's regret across futures: quantiles in USD m and per cent."""
    _ = names.gettext
    regret = results.regret
    if not len(regret):
        return None
    solved = regret[regret["status"] == "optimal"]
    table = HtmlTable(
        _("Regret of the central plan: its build fixed and re-dispatched in each future"),
        [_("Statistic"), _("USD m")],
        note=_(
            "{solved} of {total} futures solved; in the others the central build cannot meet "
            "the targets. Link expansions are re-optimised, not fixed. Demand the central build "
            "cannot serve is counted at the value of lost load."
        ).format(solved=len(solved), total=len(regret)),
    )
    for label, q in ((_("median"), 0.5), (_("90th percentile"), 0.9), (_("largest"), 1.0)):
        if len(solved):
            value = float(solved["regret_usd"].quantile(q)) / 1e6
            table.rows.append([label, names.number(value, 2)])
    return table


def ranges_table(results: EnsembleResults, names: Names) -> HtmlTable | None:
    """Capacity ranges of the near-optimal alternatives per technology."""
    _ = names.gettext
    ranges = results.ranges
    if not len(ranges):
        return None
    last = results.scenario.policy.periods[-1]
    table = HtmlTable(
        _(
            "Near-optimal alternatives within {slack} % of the least cost: capacity in {year} (MW)"
        ).format(slack=names.number(100 * (results.slack or 0.0), 1), year=last),
        [_("Technology"), _("optimum"), _("lowest"), _("highest")],
    )
    for row in ranges.itertuples():
        table.rows.append(
            [
                names.tech(str(row.tech)),
                names.number(float(row.optimum_mw), 1),
                names.number(float(row.min_mw), 1),
                names.number(float(row.max_mw), 1),
            ]
        )
    return table


def render_ensemble_report(results: EnsembleResults, lang: Language = "en") -> str:
    """The HTML page of an ensemble in ``lang``."""
    names = Names(results.scenario, lang)
    _ = names.gettext
    figures = ChartSet()
    charts = [
        figures.add(capacity_fan_chart(results, names)),
        figures.add(
            pathway_fan_chart(
                results,
                names,
                "emissions_t",
                _("Emissions across the futures"),
                _("kt CO2/yr"),
                1e-3,
            )
        ),
        figures.add(
            pathway_fan_chart(
                results,
                names,
                "net_cost_usd",
                _("System cost, all assets, across the futures"),
                _("USD m/yr"),
                1e-6,
            )
        ),
        figures.add(
            pathway_fan_chart(
                results,
                names,
                "supply_cost_usd_per_mwh",
                _("Average cost of supply across the futures"),
                _("USD/MWh"),
                1.0,
            )
        ),
    ]
    tables = [
        outcome_table(results, names),
        no_regret_table(results, names),
        regret_table(results, names),
        ranges_table(results, names),
    ]
    context = page_context(lang, getattr(results.scenario.title, lang))
    context["plot_config"] = json.dumps(ENSEMBLE_PLOT_CONFIG)
    samples = int((results.outcomes["key"] != CENTRAL).sum()) if len(results.outcomes) else 0
    context.update(
        {
            "subtitle": _("Ensemble of {count} futures").format(count=samples),
            "tables": [t for t in tables if t is not None],
            "figures": [c for c in charts if c is not None],
            "charts": figures.charts,
            "footer": _("Made with zerozone {version} on {date}. Works offline."),
        }
    )
    return environment().get_template("compare.html.j2").render(context)


def write_ensemble_reports(results: EnsembleResults, out: Path) -> list[Path]:
    """Write the report in English and Azerbaijani into ``out``; returns the paths."""
    return [
        write_html(render_ensemble_report(results, lang), out / REPORT_NAME.format(lang=lang))
        for lang in ("en", "az")
    ]
