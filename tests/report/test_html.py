"""The report is one self-contained page, in the language asked for."""

from __future__ import annotations

import re

from zerozone.finance import FinanceResult
from zerozone.report.html import render_report

EXPECTED_CHARTS = 13
"""Capacity, heat, generation, emissions, map, 2 zones x 2 weeks, storage, investment, cost
split, financing."""


def test_report_is_self_contained(finance_result: FinanceResult) -> None:
    page = render_report(finance_result, "en")
    assert page.count('class="chart"') == EXPECTED_CHARTS
    assert not re.search(r"<script[^>]+src=", page), "no external scripts"
    assert not re.search(r"<link[^>]+href=", page), "no external style sheets"
    assert page.count("Plotly.newPlot") == 1  # one loop draws every chart
    assert "Headline figures" in page and "Methods" in page


def test_azerbaijani_report_uses_its_words_and_numbers(finance_result: FinanceResult) -> None:
    page = render_report(finance_result, "az")
    assert '<html lang="az">' in page
    assert "Əsas göstəricilər" in page and "Metodlar" in page
    assert "Zonaların enerji sisteminin xərci, bütün aktivlər" in page
    assert '"separators":",."' in page
    total = finance_result.total_discounted_usd / 1e6
    whole = f"{total:,.0f}".replace(",", ".")
    assert whole in page


def test_sources_and_assumptions_are_listed(finance_result: FinanceResult) -> None:
    page = render_report(finance_result, "en")
    assert "assumption: test data" in page
    assert "COP29 decision on the New Collective Quantified Goal" in page


def test_azerbaijani_dates_in_the_weeks(finance_result: FinanceResult) -> None:
    page = render_report(finance_result, "az")
    assert "15 yanvar" in page and "15 iyul" in page
    assert "15 January" in render_report(finance_result, "en")
