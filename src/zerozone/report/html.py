"""The report as one self-contained HTML file: Jinja2 templates, plotly.js inlined once, charts
embedded as JSON figures. Nothing is fetched from the network."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from zerozone.finance import FinanceResult
from zerozone.i18n import Language, format_date
from zerozone.report import charts, tables
from zerozone.report.binding import binding_table
from zerozone.report.check import check_table
from zerozone.report.labels import RUN_STATUS_LABELS, Names
from zerozone.report.map import zone_map
from zerozone.report.needs import need_by_year_table, supply_cost_by_case_table
from zerozone.report.sources import scenario_sources
from zerozone.report.text import introductions, methods, section_titles

PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "displayModeBar": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "toImage"],
}
"""plotly.js options of every chart: no tool bar (nothing that uploads, no English tooltips
over the titles); zoom by dragging, double-click to reset."""


@dataclass(frozen=True)
class Chart:
    """A figure placed in the page: its element id and its JSON (safe inside ``<script>``)."""

    id: str
    json: str


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the package's templates (HTML autoescaped)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("zerozone.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def plotly_js() -> str:
    """plotly.js from the installed ``plotly`` package, safe to inline."""
    return get_plotlyjs().replace("</script", "<\\/script")


class ChartSet:
    """Numbers the figures of one page and serialises them."""

    def __init__(self) -> None:
        self.charts: list[Chart] = []

    def add(self, figure: go.Figure) -> Chart | None:
        """Register ``figure`` and return its placeholder; None for a figure without data."""
        if not any(len(getattr(trace, "x", None) or []) for trace in figure.data):
            return None
        text = pio.to_json(figure, validate=False, engine="json").replace("</", "<\\/")
        chart = Chart(f"chart-{len(self.charts) + 1}", text)
        self.charts.append(chart)
        return chart


def page_context(lang: Language, title: str) -> dict[str, Any]:
    """What every page needs: language, title, plotly.js, the chart configuration."""
    return {
        "lang": lang,
        "title": title,
        "plotly_js": plotly_js(),
        "plot_config": json.dumps(PLOT_CONFIG),
        "generated": format_date(dt.date.today(), lang),
        "version": version("zerozone"),
    }


def render_report(result: FinanceResult, lang: Language = "en") -> str:
    """The HTML report of a run and its finance tables.

    Parameters
    ----------
    result : FinanceResult
        From :func:`zerozone.finance.analyse_run`.
    lang : {"en", "az"}
        Language of the page.

    Returns
    -------
    str
        A complete HTML document.
    """
    names = Names(result.run.scenario, lang)
    _ = names.gettext
    run = result.run
    scenario = run.scenario
    figures = ChartSet()
    intro = introductions(result, names)
    sources = scenario_sources(scenario, lang)
    intro["sources"] = intro["sources"].format(count=sources.assumptions, total=sources.records)
    created = run.meta.get("created", "")
    try:
        created_text = format_date(dt.date.fromisoformat(str(created)[:10]), lang)
    except ValueError:
        created_text = str(created)
    abatement = tables.abatement_table(result, names)
    context = page_context(lang, getattr(scenario.title, lang))
    context.update(
        {
            "_": _,
            "subtitle": _("Plan report of {date}: {status}").format(
                date=created_text,
                status=names.label(RUN_STATUS_LABELS, str(run.meta.get("status", "-"))),
            ),
            "run_label": _("Run folder"),
            "run_name": run.path.name,
            "status": run.meta.get("status", "-"),
            "infeasible_note": _(
                "The targets of this scenario cannot all be met: the plan shown relaxes them as "
                "little as possible (see the command's explanation)."
            ),
            "sections": section_titles(names),
            "intro": intro,
            "headline": tables.headline_figures(result, names),
            "capacity_table": tables.capacity_table(result, names),
            "capacity_chart": figures.add(charts.capacity_chart(run, names)),
            "heat_chart": figures.add(charts.capacity_chart(run, names, heat=True)),
            "generation_chart": figures.add(charts.generation_chart(run, names)),
            "emissions_chart": figures.add(charts.emissions_chart(run, names)),
            "binding_table": binding_table(result, names),
            "check_table": check_table(result, names),
            "map_chart": figures.add(zone_map(result, names)),
            "dispatch_charts": [
                c for c in map(figures.add, charts.dispatch_charts(run, names)) if c is not None
            ],
            "storage_chart": figures.add(charts.storage_chart(run, names)),
            "investment_chart": figures.add(charts.investment_chart(result, names)),
            "cost_chart": figures.add(charts.cost_split_chart(result, names)),
            "financing_chart": figures.add(charts.financing_chart(result, names)),
            "finance_tables": [
                t
                for t in (
                    tables.investment_by_technology_table(result, names),
                    tables.investment_table(result, names),
                    need_by_year_table(result, names),
                    tables.cost_table(result, names),
                    tables.lcoe_table(result, names),
                    tables.financing_table(result, names),
                    supply_cost_by_case_table(result, names),
                    abatement,
                    tables.assumptions_table(result, names),
                )
                if t is not None
            ],
            "sources": sources.sections,
            "references": sources.references,
            "references_title": _("Publications cited"),
            "contents_title": _("Contents"),
            "source_header": [_("Record"), _("Source")],
            "assumption_label": _("assumption"),
            "partly_label": _("partly assumed"),
            "methods": methods(result, names),
            "charts": figures.charts,
            "footer": _("Made with zerozone {version} on {date}. Works offline."),
        }
    )
    for key, chart in (("storage", "storage_chart"), ("dispatch", "dispatch_charts")):
        if not context[chart]:
            context["sections"].pop(key)
    return environment().get_template("report.html.j2").render(context)


def write_html(text: str, path: Path) -> Path:
    """Write an HTML document (creating the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
