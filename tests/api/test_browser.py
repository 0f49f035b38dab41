"""The dashboard in Debian's Chromium against a real ``zerozone serve``: every page in both
languages at desktop and phone width, a run launched and its chart seen, readings ingested and
the settlement page changed; no console error, no request leaving the machine. Screenshots are
kept in ``build/test-artefacts/dashboard/``."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from tests.api.conftest import RUN_ID, Tokens, make_tokens, prepare_data_dir
from tests.api.server import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
ARTEFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artefacts" / "dashboard"
COPY = "aghali-copy"
PAGES = {
    "overview": ("/", 2),
    "plan": ("/plan", 4),
    "compare": (f"/compare?run={RUN_ID}&run={COPY}", 6),
    "runs": ("/runs", 0),
    "run": (f"/runs/{RUN_ID}", 2),
    "settlements": ("/settlements", 0),
    "settlement": ("/settlements/aghali", 0),
    "settlement-kinds": ("/settlements/shusha", 8),
    "tokens": ("/tokens", 0),
}
"""Page name: (path, charts drawn at least)."""
MAP_FITTED = """() => {
  const traces = document.getElementById('map').data.filter(t => t.meta && t.meta.narrow);
  const applied = traces.filter(t => Object.entries(t.meta.narrow).every(
    ([key, value]) => JSON.stringify(t[key]) === JSON.stringify(value)));
  return [traces.length, applied.length, document.getElementById('map').clientWidth];
}"""
"""How many of the overview map's traces say what they show on a narrow screen, how many show it,
and the map's width [px] (narrow below 600 px, as in the report)."""
WIDTHS = {"desktop": 1366, "phone": 390}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.slow,  # a real service and Chromium: 20-60 s a test on a busy machine
]


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, tiny_run: Path
) -> Iterator[tuple[Server, Tokens]]:
    folder = tmp_path_factory.mktemp("served")
    prepare_data_dir(folder, tiny_run)
    shutil.copytree(tiny_run, folder / "runs" / COPY)  # a second run to compare with
    tokens = make_tokens(folder)
    server = Server(folder).start()
    meter_shusha(server, tokens)
    yield server, tokens
    server.stop()


def meter_shusha(server: Server, tokens: Tokens) -> None:
    """PV, heat-pump and EV-charger meters in Shusha with three days of readings, and two
    readings of the first day that arrive late (after the later days were merged)."""
    header = {"Authorization": f"Bearer {tokens.admin}"}

    def send(batch: list[dict[str, Any]]) -> None:
        reply = httpx.post(f"{server.url}/api/mrv/readings", json=batch, headers=header)
        assert reply.status_code == 202 and not reply.json()["rejects"], reply.text
        assert httpx.post(f"{server.url}/api/mrv/merge", headers=header).status_code == 200

    kinds = {"s-pv": "pv_generation", "s-hp": "heat_pump", "s-ev": "ev_charger"}
    for meter, kind in kinds.items():
        body = {"meter_id": meter, "settlement": "shusha", "site": "block-1", "kind": kind}
        body["interval_minutes"] = 60  # hourly readings: no gaps but the late hours
        added = httpx.post(f"{server.url}/api/mrv/meters", json=body, headers=header)
        assert added.status_code == 201, added.text

    def reading(meter: str, k: int) -> dict[str, Any]:
        day, hour = divmod(k, 24)
        # registers that grow with a daily shape, each kind its own size [kWh]
        value = 1000.0 + sum(1.0 + (h % 24 in range(8, 18)) * 3.0 for h in range(k))
        scale = {"s-pv": 2.0, "s-hp": 1.0, "s-ev": 0.5}[meter]
        return {
            "meter": meter,
            "ts": f"2026-03-{day + 1:02d}T{hour:02d}:00:00Z",
            "value": value * scale,
        }

    send([reading(m, k) for m in kinds for k in [*range(0, 20), *range(22, 72)]])
    send([reading("s-hp", k) for k in (20, 21)])  # late: after 1-3 March were merged


class Watch:
    """Console errors and requests to anywhere but the service, refused and recorded."""

    def __init__(self, base: str) -> None:
        self.host = urlparse(base).netloc
        self.errors: list[str] = []
        self.outside: list[str] = []

    def attach(self, context: Any) -> None:
        def route(route: Any) -> None:
            url = route.request.url
            if urlparse(url).netloc == self.host or url.startswith("data:"):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        context.route("**/*", route)

    def page(self, page: Any) -> Any:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page


def sign_in(page: Any, base: str, token: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=token]", token)
    page.click("form.signin button[type=submit]")
    page.wait_for_load_state("networkidle")


def charts_drawn(page: Any) -> int:
    return int(page.locator("div.chart .main-svg").count() and page.locator("div.chart").count())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["en", "az"])
def test_every_page_in_both_languages(
    served: tuple[Server, Tokens], browser: Any, lang: str, width: str
) -> None:
    server, tokens = served
    watch = Watch(server.url)
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    watch.attach(context)
    page = watch.page(context.new_page())
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    try:
        sign_in(page, server.url, tokens.admin)
        page.goto(f"{server.url}/lang/{lang}?next=/")
        for name, (path, charts) in PAGES.items():
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            if charts:
                page.wait_for_selector("div.chart .main-svg", timeout=30_000)
                assert page.locator("div.chart").count() >= charts, name
            assert page.locator("html").get_attribute("lang") == lang
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{name} is wider than the screen at {width}"
            if name == "overview":  # the map is fitted to the screen as in the report
                narrow, applied, map_width = page.evaluate(MAP_FITTED)
                assert narrow > 0 and (applied == narrow) == (map_width < 600), applied
                assert applied == narrow or width == "desktop"
            page.screenshot(path=str(ARTEFACTS / f"{name}-{lang}-{width}.png"), full_page=True)
        page.goto(f"{server.url}/lang/en?next=/")
    finally:
        context.close()
    assert not watch.errors, watch.errors
    assert not watch.outside, watch.outside


def test_launch_a_run_and_see_its_chart(served: tuple[Server, Tokens], browser: Any) -> None:
    server, tokens = served
    watch = Watch(server.url)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    watch.attach(context)
    page = watch.page(context.new_page())
    try:
        sign_in(page, server.url, tokens.planner)
        page.goto(f"{server.url}/runs")
        page.select_option("select[name=scenario]", "aghali")
        page.fill("input[name=resolution]", "days:2")
        page.uncheck("input[name=adequacy]")  # one plan: the loop is the service tests' part
        page.click("#launch")
        page.wait_for_selector("div.run-state[data-active]", timeout=10_000)  # the run's page
        # the solver's log arrives while the run is going
        page.wait_for_function(  # (or the run has already ended and the page reloaded)
            "document.getElementById('log').textContent.includes('HiGHS')"
            " || !document.querySelector('div.run-state[data-active]')",
            timeout=180_000,
        )
        page.screenshot(path=str(ARTEFACTS / "run-live-en-desktop.png"), full_page=True)
        # the page reloads itself when the run ends and shows its charts
        page.wait_for_selector("div.chart .main-svg", timeout=180_000)
        assert "HiGHS" in page.locator("#log").inner_text()
        page.screenshot(path=str(ARTEFACTS / "run-done-en-desktop.png"), full_page=True)
        page.click("a[href^='/plan?run=']")
        page.wait_for_selector("div.chart .main-svg", timeout=30_000)
        page.screenshot(path=str(ARTEFACTS / "plan-launched-en-desktop.png"), full_page=True)
    finally:
        context.close()
    assert not watch.errors, watch.errors
    assert not watch.outside, watch.outside


def test_ingested_readings_show_on_the_settlement_page(
    served: tuple[Server, Tokens], browser: Any
) -> None:
    server, tokens = served
    context = browser.new_context(viewport={"width": 390, "height": 900})
    watch = Watch(server.url)
    watch.attach(context)
    page = watch.page(context.new_page())
    try:
        sign_in(page, server.url, tokens.operator)
        page.goto(f"{server.url}/settlements/aghali")
        assert page.locator("#daily").count() == 0
        readings = [
            {"meter": "m-aghali", "ts": f"2026-02-{d:02d}T{h:02d}:00:00Z", "value": 10 * d + h}
            for d in range(1, 4)
            for h in range(24)
        ]
        header = {"Authorization": f"Bearer {tokens.operator}"}
        reply = httpx.post(f"{server.url}/api/mrv/readings", json=readings, headers=header)
        assert reply.status_code == 202 and reply.json()["accepted"] == len(readings)
        deadline = time.monotonic() + 10
        while httpx.get(f"{server.url}/api/health").json()["pending_readings"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        page.reload()
        page.wait_for_selector("#daily .main-svg", timeout=30_000)
        assert "m-aghali" in page.locator("main").inner_text()
        page.screenshot(
            path=str(ARTEFACTS / "settlement-after-ingest-en-phone.png"), full_page=True
        )
    finally:
        context.close()
    assert not watch.errors, watch.errors
    assert not watch.outside, watch.outside


def test_a_restart_with_a_run_in_flight_marks_it_failed(tmp_path: Path, tiny_run: Path) -> None:
    prepare_data_dir(tmp_path, tiny_run)
    tokens = make_tokens(tmp_path)
    server = Server(tmp_path).start()
    try:
        header = {"Authorization": f"Bearer {tokens.planner}"}
        started = httpx.post(
            f"{server.url}/api/runs",
            json={"scenario": "aghali", "resolution": "days:2", "adequacy": False},
            headers=header,
        ).json()
        run = started["job_id"]
        assert started["status"] == "running"
        server.kill()
        server.start()
        after = httpx.get(f"{server.url}/api/runs/{run}").json()
        assert after["status"] == "failed"
        assert "stopped" in after["error"]
    finally:
        server.stop()
