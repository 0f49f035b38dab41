"""The report in headless Chromium: charts drawn, no console errors, a non-blank page, in both
languages; and the PDF has its pages."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader
from tests.report.test_html import EXPECTED_CHARTS
from typer.testing import CliRunner

from zerozone.cli.app import app
from zerozone.finance import FinanceResult
from zerozone.i18n import Language
from zerozone.report.html import render_report, write_html

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.mark.parametrize("lang", ["en", "az"])
def test_report_renders_in_chromium(
    finance_result: FinanceResult, tmp_path: Path, lang: Language
) -> None:
    from playwright.sync_api import sync_playwright

    page_file = write_html(render_report(finance_result, lang), tmp_path / "report.html")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            # offline: refuse every request that is not the file itself
            page.route("http*://**", lambda route: route.abort())
            page.goto(page_file.as_uri())
            page.wait_for_function(
                "document.documentElement.dataset.chartsDrawn !== undefined", timeout=30_000
            )
            drawn = int(page.evaluate("document.documentElement.dataset.chartsDrawn"))
            svgs = page.locator(".plotly .main-svg").count()
            bars = page.locator(".plotly .trace.bars .point").count()
            title = page.title()
            shot = page.screenshot(full_page=False)
        finally:
            browser.close()
    assert not errors, errors
    assert [url for url in requests if not url.startswith("file:")] == [], "works offline"
    assert drawn == EXPECTED_CHARTS
    assert svgs >= EXPECTED_CHARTS  # plotly draws two or three svg layers per chart
    assert bars > 0
    assert title == getattr(finance_result.run.scenario.title, lang)
    image = Image.open(BytesIO(shot)).convert("L")
    assert ImageStat.Stat(image).var[0] > 100, "the screenshot is blank"


def outline_titles(outline: list) -> list[str]:
    """Every bookmark title of a PDF outline, nested ones included."""
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(str(item.title))
    return titles


def test_report_command_prints_a_pdf_from_the_extension(
    finance_result: FinanceResult, tmp_path: Path
) -> None:
    """``--out x.pdf`` without ``--format`` prints a PDF: page numbers, bookmarks, charts drawn."""
    target = tmp_path / "x.pdf"
    done = CliRunner().invoke(
        app, ["report", str(finance_result.run.path), "--out", str(target), "--lang", "az"]
    )
    assert done.exit_code == 0, done.output
    assert target.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(target))
    pages = len(reader.pages)
    assert pages >= 5
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {pages}" in text, f"page {number} has no page number"
    titles = outline_titles(reader.outline)
    assert "Əsas göstəricilər" in titles and "Metodlar" in titles, titles
    # tick labels exist only once plotly.js has drawn the charts: the week's first day and the
    # map's axis title
    text = " ".join(texts)
    assert "15 yan" in text
    assert "uzunluğu" in text
