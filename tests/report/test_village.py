"""A village's sub-megawatt plants stay visible: significant figures, not fixed decimals."""

from __future__ import annotations

import json
import re

from zerozone.finance import FinanceResult
from zerozone.report.compare import comparison_tables
from zerozone.report.html import render_report
from zerozone.report.labels import Names
from zerozone.report.tables import capacity_table, headline_figures


def test_aghali_capacity_table_shows_its_0_4_mw_hydro(aghali_result: FinanceResult) -> None:
    for lang, expected in (("en", "0.4"), ("az", "0,4")):
        names = Names(aghali_result.run.scenario, lang)
        table = capacity_table(aghali_result, names)
        hydro = next(row for row in table.rows if row[0] == names.tech("hydro_ror"))
        assert hydro[1:] == [expected] * (len(table.header) - 1)


def test_aghali_headline_keeps_its_small_figures(aghali_result: FinanceResult) -> None:
    names = Names(aghali_result.run.scenario, "en")
    figures = {f.label: f.value for f in headline_figures(aghali_result, names)}
    investment = aghali_result.investment["usd"].sum() / 1e6
    assert investment < 10
    assert figures["Overnight investment"] == f"{investment:.3g}"  # 2.8, not "3"
    emissions = next(v for k, v in figures.items() if k.startswith("Emissions"))
    first = emissions.split(" → ")[0]
    assert float(first) > 0 and "." in first, emissions  # 0.7 kt, not "1"


def test_aghali_report_hover_text_has_units_and_no_raw_floats(aghali_result: FinanceResult) -> None:
    page = render_report(aghali_result, "az")
    figures = [
        json.loads(block)
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    ]
    capacity = figures[0]
    hover = [text for trace in capacity["data"] for text in trace["customdata"]]
    assert any(text.endswith(": 0,4 MVt") for text in hover), hover[:6]
    assert all(trace["hovertemplate"].endswith("<extra></extra>") for trace in capacity["data"])
    for figure in figures:
        for trace in figure["data"]:
            for text in trace.get("customdata") or []:
                # at most three significant figures after the separator (no "295,263665")
                assert not re.search(r"\d[.,]0*[1-9]\d{3,}", str(text)), text


def test_compare_keeps_the_village_beside_the_zones(
    finance_result: FinanceResult, aghali_result: FinanceResult
) -> None:
    tables = comparison_tables([finance_result, aghali_result], "en")
    key, per_person, capacity, shares = tables
    assert key.header[1:] == [
        finance_result.run.scenario.title.en,
        aghali_result.run.scenario.title.en,
    ]
    assert [row[0] for row in key.rows[:2]] == [
        "Status",
        "System cost, all assets, discounted (USD m)",
    ]
    assert key.rows[0][1:] == ["optimal solution", "optimal solution"]
    assert any(row[0].startswith("Unserved energy") for row in key.rows)
    assert per_person.rows[0][0] == "People in the last period"
    hydro = next(row for row in capacity.rows if row[0].startswith("Small hydro"))
    assert hydro[2] == "0.4"
    assert all(row[2].endswith("%") for row in shares.rows)
