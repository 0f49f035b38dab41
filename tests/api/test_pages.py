"""The dashboard's pages through the real app: the scenario comparison, a run's page with its
solver log, the settlement page (PV, heat pumps and EV charging on their own, late data), and
who may open which page."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import RUN_ID, Tokens

from zerozone.api.jobs import JOB_COLUMNS, Job
from zerozone.api.pages import STAGE_LABELS
from zerozone.api.run_events import run_events
from zerozone.api.run_log import MAX_CHUNK, read_log
from zerozone.data import load_scenario
from zerozone.model.pipeline import STAGES

COPY = "aghali-copy"


@pytest.fixture(scope="module", autouse=True)
def second_run(data_dir: Path) -> None:
    """A second finished run to compare with the first."""
    shutil.copytree(data_dir / "runs" / RUN_ID, data_dir / "runs" / COPY)


def signed(tokens: Tokens, role: str | None) -> dict[str, str]:
    """The dashboard's cookie of ``role`` (nothing for None)."""
    return {"Cookie": f"zz_token={getattr(tokens, role)}"} if role else {}


# page, roles that may open it (the others: sign-in form for no token, 403 for a token)
PAGES: list[tuple[str, set[str | None]]] = [
    (f"/compare?run={RUN_ID}&run={COPY}", {None, "viewer", "operator", "planner", "admin"}),
    (f"/runs/{RUN_ID}", {None, "viewer", "operator", "planner", "admin"}),
    ("/settlements/aghali", {"viewer", "operator", "planner", "admin"}),
    ("/settlements/shusha", {"viewer", "planner", "admin"}),
]


@pytest.mark.parametrize("role", [None, "viewer", "operator", "planner", "admin"])
@pytest.mark.parametrize(("path", "allowed"), PAGES, ids=[p for p, _ in PAGES])
def test_who_may_open_the_new_pages(
    client: TestClient, tokens: Tokens, role: str | None, path: str, allowed: set[str | None]
) -> None:
    response = client.get(path, headers=signed(tokens, role), follow_redirects=False)
    if role in allowed:
        assert response.status_code == 200, response.text
    elif role is None:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/signin?next=")
    else:
        assert response.status_code == 403


def test_the_comparison_page_names_runs_by_title_and_opens_with_status_and_cost(
    client: TestClient,
) -> None:
    title = load_scenario("aghali").title
    for lang, name in (("en", title.en), ("az", title.az)):
        page = client.get(f"/compare?run={RUN_ID}&run={COPY}&lang={lang}")
        assert page.status_code == 200
        assert f"{name} ({RUN_ID})" in page.text and f"{name} ({COPY})" in page.text
        assert page.text.count('class="chart"') >= 5  # capacity, mix, generation, emissions...
    english = client.get(f"/compare?run={RUN_ID}&run={COPY}&lang=en").text
    first_rows = re.findall(r"<tr(?: class=\"strong\")?><td>([^<]+)</td>", english)[:2]
    assert first_rows == ["Status", "System cost, all assets, discounted (USD m)"]
    assert "Unserved energy" in english and "Emissions against the cap" in english
    assert "Electricity generation in the last period" in english
    assert "Overnight investment per year" in english


def test_the_comparison_page_asks_for_two_runs_and_refuses_unknown_ones(
    client: TestClient,
) -> None:
    one = client.get(f"/compare?run={RUN_ID}")
    assert one.status_code == 200 and "Pick two or more runs." in one.text
    assert 'class="chart"' not in one.text
    picker = client.get("/compare")
    assert f'value="{COPY}"' in picker.text and f'value="{RUN_ID}"' in picker.text
    assert client.get(f"/compare?run={RUN_ID}&run=nothing").status_code == 404
    many = "&".join(f"run=r{k}" for k in range(9))
    assert client.get(f"/compare?{many}").status_code == 422


def test_the_overview_says_whether_the_plan_serves_every_hour(
    client: TestClient, data_dir: Path
) -> None:
    from zerozone.model.adequacy import plan_adequately

    out = data_dir / "runs" / "checked"
    plan_adequately(load_scenario("aghali"), resolution="days:2", out=out, max_plans=1)
    try:
        checked = client.get("/?run=checked").text
        assert "Hourly check: every hour of the weather year" in checked
        assert "after 1 plan(s)" in checked
        assert "Hourly check" not in client.get(f"/?run={RUN_ID}").text  # not checked: no card
        assert "Saatlıq yoxlama" in client.get("/?run=checked&lang=az").text
    finally:
        shutil.rmtree(out)  # the other pages' tests see the runs they expect


def test_the_run_page_shows_the_solver_log_and_the_plan(client: TestClient) -> None:
    page = client.get(f"/runs/{RUN_ID}")
    assert page.status_code == 200
    assert "HiGHS" in page.text  # the solver's log of the run
    assert page.text.count('class="chart"') >= 1
    assert "data-active" not in page.text  # a finished run is not followed
    assert client.get("/runs/nothing").status_code == 404


def test_the_log_endpoint_pages_through_the_whole_log(client: TestClient, data_dir: Path) -> None:
    whole = (data_dir / "runs" / RUN_ID / "highs.log").read_text()
    text, offset = "", 0
    while True:
        chunk = client.get(f"/api/runs/{RUN_ID}/log?offset={offset}").json()
        text += chunk["text"]
        if chunk["next_offset"] == offset:
            break
        offset = chunk["next_offset"]
    assert text == whole and offset == chunk["size"] > 0
    assert client.get(f"/api/runs/{RUN_ID}/log?offset=-1").status_code == 422
    assert client.get("/api/runs/nothing/log").status_code == 404


def sse(text: str) -> list[tuple[str, str | None, dict[str, Any]]]:
    """The events of a server-sent stream: (event, id, data)."""
    events = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != ":"
        )
        if "event" in fields:
            events.append((fields["event"], fields.get("id"), json.loads(fields["data"])))
    return events


def test_the_event_stream_sends_the_whole_log_then_ends(client: TestClient, data_dir: Path) -> None:
    whole = (data_dir / "runs" / RUN_ID / "highs.log").read_text()
    reply = client.get(f"/api/runs/{RUN_ID}/events")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/event-stream")
    events = sse(reply.text)
    assert events[0] == ("state", None, {"status": "done", "stage": None, "stage_index": None})
    assert events[-1] == ("end", None, {"status": "done"})
    logs = [(event_id, data) for kind, event_id, data in events if kind == "log"]
    assert "".join(data["text"] for _, data in logs) == whole
    assert [int(event_id) for event_id, _ in logs] == [data["next_offset"] for _, data in logs]
    # a reconnecting EventSource resumes after its last event id: nothing twice
    middle = len(whole.encode()) // 2
    resumed = client.get(f"/api/runs/{RUN_ID}/events", headers={"Last-Event-ID": str(middle)})
    text = "".join(d["text"] for kind, _, d in sse(resumed.text) if kind == "log")
    assert text.encode() == whole.encode()[middle:]
    assert client.get("/api/runs/nothing/events").status_code == 404
    assert client.get(f"/api/runs/{RUN_ID}/events?offset=-1").status_code == 422


def test_the_event_stream_follows_a_run_as_it_is_written(tmp_path: Path) -> None:
    """Stages and log lines arrive as they are written; whole lines only, until the end."""
    (tmp_path / "r1").mkdir()
    log = tmp_path / "r1" / "highs.log"
    job = {"status": "running", "stage": "profiles"}

    def job_of(run: str) -> Job:
        values = {name: None for name in JOB_COLUMNS} | {"job_id": run} | job
        return Job(**values)

    async def never() -> bool:
        return False

    async def follow() -> list[tuple[str, str | None, dict[str, Any]]]:
        stream = run_events(tmp_path, "r1", 0, job_of, never, poll_seconds=0.01)
        seen: list[tuple[str, str | None, dict[str, Any]]] = []
        appended = False
        async for text in stream:
            seen.extend(sse(text))
            stages = [data["stage"] for kind, _, data in seen if kind == "state"]
            if stages == ["profiles"] and not log.exists():
                log.write_text("HiGHS starts\nhalf a li")
                job["stage"] = "build and solve"
            logged = [kind for kind, *_ in seen].count("log")
            if "build and solve" in stages and logged == 1 and not appended:
                with log.open("a") as handle:
                    handle.write("ne\nlast words")
                job["status"], job["stage"], appended = "done", "write", True
        return seen

    events = asyncio.run(asyncio.wait_for(follow(), timeout=30))
    states = [(data["status"], data["stage"]) for kind, _, data in events if kind == "state"]
    assert states == [("running", "profiles"), ("running", "build and solve"), ("done", "write")]
    logs = [data["text"] for kind, _, data in events if kind == "log"]
    assert logs[0] == "HiGHS starts\n"  # the unfinished line waits for its end
    assert "".join(logs) == "HiGHS starts\nhalf a line\nlast words"
    assert all(text.endswith("\n") for text in logs[:-1])  # whole lines while running
    assert events[-1] == ("end", None, {"status": "done"})


def test_a_log_being_written_is_sent_in_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "highs.log"
    assert read_log(path, 0).text == ""  # not started yet
    path.write_text("first line\nsecond, unfini")
    going = read_log(path, 0)
    assert going.text == "first line\n" and going.next_offset == len("first line\n")
    assert read_log(path, going.next_offset).text == ""
    assert read_log(path, going.next_offset, finished=True).text == "second, unfini"
    path.write_text("x" * (MAX_CHUNK + 10))  # one line longer than a chunk: sent in parts
    assert len(read_log(path, 0).text) == MAX_CHUNK


def post_readings(client: TestClient, tokens: Tokens, meter: str, hours: list[str]) -> None:
    batch = [{"meter": meter, "ts": ts, "value": 100.0 + k} for k, ts in enumerate(sorted(hours))]
    reply = client.post("/api/mrv/readings", json=batch, headers=tokens.of("admin"))
    assert reply.status_code == 202, reply.text
    assert client.post("/api/mrv/merge", headers=tokens.of("admin")).json()["pending"] == 0


def test_the_settlement_page_shows_pv_heat_pumps_ev_charging_and_late_data(
    client: TestClient, tokens: Tokens
) -> None:
    added = client.post(
        "/api/mrv/meters",
        json={"meter_id": "m-hp", "settlement": "aghali", "site": "house", "kind": "heat_pump"},
        headers=tokens.of("admin"),
    )
    assert added.status_code == 201, added.text
    page = client.get("/settlements/aghali", headers=signed(tokens, "viewer")).text
    assert "No energy of this kind yet." in page  # a heat-pump meter without readings
    assert "No meter of this kind in this settlement." in page  # no PV, no EV charger
    assert "Late data (0)" in page

    later = [f"2026-04-02T{h:02d}:00:00Z" for h in range(24)]
    post_readings(client, tokens, "m-hp", later)
    post_readings(client, tokens, "m-aghali", later)  # grid electricity: emissions
    post_readings(client, tokens, "m-hp", ["2026-04-01T22:00:00Z", "2026-04-01T23:00:00Z"])
    page = client.get("/settlements/aghali", headers=signed(tokens, "viewer")).text
    assert 'id="heat_pump-daily"' in page and 'id="heat_pump-monthly"' in page
    assert "Late data (2)" in page  # both arrived after 2 April had been merged
    assert "Emissions 2026 (GPC BASIC, national grid factor)" in page
    late_table = page.split('id="late"')[1].split('id="meters"')[0]
    late_rows = re.findall(r"<tr><td>m-hp</td><td>2026-04-01 (\d\d:00)</td>", late_table)
    assert late_rows == ["23:00", "22:00"]
    azerbaijani = client.get("/settlements/aghali?lang=az", headers=signed(tokens, "viewer"))
    assert "Gecikmiş məlumat (2)" in azerbaijani.text


def test_every_stage_of_a_run_has_a_label() -> None:
    """The run page names the stage a run is in; a stage without a label broke the page."""
    assert set(STAGES) <= set(STAGE_LABELS)
