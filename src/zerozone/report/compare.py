"""The comparison of several runs as one HTML page (``zerozone compare --out``)."""

from __future__ import annotations

import plotly.graph_objects as go

from zerozone.finance import FinanceResult
from zerozone.finance.comparison import compare
from zerozone.i18n import Language, translator
from zerozone.report.charts import base_layout
from zerozone.report.html import ChartSet, environment, page_context
from zerozone.report.labels import METRIC_LABELS, METRIC_SCALE, Names
from zerozone.report.tables import HtmlTable


def comparison_tables(results: list[FinanceResult], lang: Language) -> list[HtmlTable]:
    """Headline metrics and last-period capacity of the runs, side by side."""
    _ = translator(lang)
    metrics, capacity = compare(results)
    names = Names(results[0].run.scenario, lang)
    runs = list(metrics.columns)
    head = HtmlTable(_("Key figures"), ["", *runs])
    for key, row in metrics.iterrows():
        factor, digits = METRIC_SCALE[str(key)]
        head.rows.append(
            [names.label(METRIC_LABELS, str(key)), *(names.number(v * factor, digits) for v in row)]
        )
    tech_names: dict[str, str] = {}
    for result in reversed(results):
        tech_names.update(Names(result.run.scenario, lang).techs)
    cap = HtmlTable(_("Capacity in the last period (MW)"), [_("Technology"), *runs])
    for tech, row in capacity.iterrows():
        cap.rows.append([tech_names.get(str(tech), str(tech)), *(names.number(v) for v in row)])
    return [head, cap]


def _line_chart(
    names: Names, title: str, unit: str, series: dict[str, tuple[list, list]]
) -> go.Figure:
    figure = go.Figure()
    for label, (x, y) in series.items():
        figure.add_scatter(x=x, y=y, name=label, mode="lines+markers")
    figure.update_layout(**base_layout(names, title, unit))
    return figure


def render_comparison(results: list[FinanceResult], lang: Language = "en") -> str:
    """The comparison page of ``results`` (at least one run)."""
    _ = translator(lang)
    names = Names(results[0].run.scenario, lang)
    labels = [str(r.run.path.name) for r in results]
    if len(set(labels)) < len(labels):
        labels = [str(r.run.path) for r in results]
    figures = ChartSet()
    emissions = {
        label: ([str(p) for p in r.emissions.index], (r.emissions / 1e3).tolist())
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
    tech_names: dict[str, str] = {}
    for result in reversed(results):
        tech_names.update(Names(result.run.scenario, lang).techs)
    capacity_figure = go.Figure()
    for column in capacity.columns:
        capacity_figure.add_bar(
            y=[tech_names.get(str(t), str(t)) for t in capacity.index],
            x=capacity[column].tolist(),
            name=str(column),
            orientation="h",
        )
    capacity_figure.update_layout(
        **base_layout(
            names,
            _("Capacity in the last period (MW)"),
            "",
            barmode="group",
            height=160 + 22 * len(capacity.index) * max(1, len(capacity.columns)),
            xaxis={"title": {"text": _("MW")}, "tickformat": ",~f"},
        )
    )
    capacity_figure.update_yaxes(autorange="reversed")
    charts = [
        figures.add(capacity_figure),
        figures.add(_line_chart(names, _("Emissions"), _("kt CO2e/yr"), emissions)),
        figures.add(_line_chart(names, _("Overnight investment per year"), _("USD m"), investment)),
        figures.add(_line_chart(names, _("System LCOE"), _("USD/MWh"), lcoe)),
    ]
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
