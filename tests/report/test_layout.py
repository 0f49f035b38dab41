"""The report at phone (390 px) and desktop (1366 px) width, in both languages, in Debian's
Chromium: no sideways scrolling of the page, nothing wider than the screen (tables scroll inside
their card, their titles wrap), chart legends clear of the axis labels, the map's labels clear of
each other, and no chart tool bar that could upload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zerozone.finance import FinanceResult
from zerozone.i18n import Language
from zerozone.report.html import PLOT_CONFIG, render_report, write_html

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
WIDTHS = (390, 1366)

LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.left < -1000 || e.closest('.table-scroll')) continue;  // plotly's tester
    if (r.right > width + 1 || r.left < -1) wide.push(`${e.tagName} ${e.textContent.slice(0, 40)}`);
  }
  const scrollers = [...document.querySelectorAll('.table-scroll')].filter(
    s => getComputedStyle(s).overflowX !== 'auto');
  const overlaps = [];
  for (const div of document.querySelectorAll('div.chart')) {
    const legend = div.querySelector('g.legend');
    if (!legend) continue;
    const box = legend.getBoundingClientRect();
    const labels = div.querySelectorAll(
      'g.xtick text, g.xtick2 text, g.xaxislayer-above text, g.g-xtitle text, g.ytick text');
    for (const t of labels) {
      const b = t.getBoundingClientRect();
      if (b.width && b.bottom > box.top + 1 && b.top < box.bottom - 1 && b.right > box.left + 1
          && b.left < box.right - 1) overlaps.push(`${div.id}: ${t.textContent}`);
    }
  }
  const uploads = [...document.querySelectorAll('.modebar-btn, [data-title]')].filter(
    b => /cloud|upload|share|chart studio/i.test(['data-title', 'data-attr', 'data-val'].map(
      name => b.getAttribute(name)).join(' ')));
  // the map's labels (zones, markets, links) clear of each other
  const crowded = [];
  const map = document.querySelector('section#map div.chart');
  const labels = map ? [...map.querySelectorAll('g.textpoint text, g.annotation-text-g text')]
    .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, b]) => b.width > 0) : [];
  labels.forEach(([a, p], i) => labels.slice(i + 1).forEach(([b, q]) => {
    const across = p.right > q.left + 1 && q.right > p.left + 1;
    if (across && p.bottom > q.top + 1 && q.bottom > p.top + 1) crowded.push(`${a} / ${b}`);
  }));
  return {
    crowded, labels: labels.length,
    scroll: document.documentElement.scrollWidth, width, wide, scrollers: scrollers.length,
    overlaps, uploads: uploads.length, modebar: document.querySelectorAll('.modebar-btn').length,
    charts: document.querySelectorAll('div.chart .main-svg').length,
  };
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


def layout_of(browser: Any, page_file: Path, width: int) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.route("http*://**", lambda route: route.abort())
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "document.documentElement.dataset.chartsDrawn !== undefined", timeout=30_000
        )
        return dict(page.evaluate(LAYOUT))
    finally:
        page.close()


def test_no_chart_tool_bar_and_nothing_that_uploads() -> None:
    assert PLOT_CONFIG["displayModeBar"] is False
    assert PLOT_CONFIG["displaylogo"] is False
    assert "sendDataToCloud" in PLOT_CONFIG["modeBarButtonsToRemove"]


@pytest.mark.parametrize("lang", ["en", "az"])
def test_report_fits_phone_and_desktop(
    browser: Any,
    finance_result: FinanceResult,
    aghali_result: FinanceResult,
    tmp_path: Path,
    lang: Language,
) -> None:
    for name, result in (("two_zones", finance_result), ("aghali", aghali_result)):
        page_file = write_html(render_report(result, lang), tmp_path / f"{name}.html")
        for width in WIDTHS:
            found = layout_of(browser, page_file, width)
            where = f"{name} {lang} {width} px"
            assert found["charts"] > 0, where
            assert found["scroll"] <= found["width"], f"{where}: the page scrolls sideways"
            assert not found["wide"], f"{where}: wider than the screen: {found['wide'][:5]}"
            assert not found["scrollers"], f"{where}: a table that cannot scroll in its card"
            assert not found["overlaps"], (
                f"{where}: legend over axis labels: {found['overlaps'][:5]}"
            )
            assert found["modebar"] == 0 and found["uploads"] == 0, where
            assert found["labels"] >= 1, f"{where}: the map has no label"
            assert not found["crowded"], f"{where}: map labels overlap: {found['crowded']}"
