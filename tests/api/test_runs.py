"""Runs as background jobs in worker processes: start, progress, results, report, cancel,
restart with a run in flight."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import RUN_ID, Tokens

from zerozone.api.jobs import JobManager
from zerozone.api.pools import LocalPool
from zerozone.api.tokens import SERVICE_DB

TINY = {"scenario": "aghali", "resolution": "days:2", "adequacy": False}
"""A quick run: one plan, not checked hour by hour."""
CHECKED = {"scenario": "aghali", "resolution": "days:2"}
"""A run with the adequacy loop (the default): plans and checks until every hour is served."""


def wait_for(client: TestClient, run: str, states: set[str], limit: float = 420) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while True:
        view = client.get(f"/api/runs/{run}").json()
        if view["status"] in states or time.monotonic() > deadline:
            return view
        time.sleep(0.3)


@pytest.mark.slow  # the adequacy loop of several plans and hourly checks in a worker: minutes
def test_a_run_goes_through_its_stages_and_lands_as_a_run_directory(
    client: TestClient, tokens: Tokens, data_dir: Path
) -> None:
    started = client.post("/api/runs", json=CHECKED, headers=tokens.of("planner"))
    assert started.status_code == 202
    assert started.json()["adequacy"] is True
    run = started.json()["job_id"]
    assert started.json()["status"] in ("queued", "running")
    assert client.get("/api/health").json()["status"] == "ok"  # the API is not blocked
    seen = set()
    log, offset, streamed = "", 0, False
    deadline = time.monotonic() + 420  # plans and hourly checks of the adequacy loop
    while time.monotonic() < deadline:
        view = client.get(f"/api/runs/{run}").json()
        seen.add(view["stage"])
        chunk = client.get(f"/api/runs/{run}/log?offset={offset}").json()
        log += chunk["text"]
        offset = chunk["next_offset"]
        streamed |= bool(chunk["text"]) and chunk["status"] == "running"
        if view["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert view["status"] == "done", view
    assert streamed  # the solver's log came while the run was going
    log += client.get(f"/api/runs/{run}/log?offset={offset}").json()["text"]
    assert log == (data_dir / "runs" / run / "highs.log").read_text()
    assert view["result"]["status"] == "optimal"
    assert view["result"]["headline"]["objective_usd"] > 0
    assert seen & {"profiles", "build and solve", "extract", "write"}
    assert "hourly check" in seen
    checked = json.loads((data_dir / "runs" / run / "run.json").read_text())
    # aghali at two days needs more than the loop's four plans: what matters here is that the
    # service's worker ran the loop, checked each plan and recorded it
    assert checked["adequacy"]["verdict"] in ("passed", "iteration_limit")
    assert len(checked["adequacy"]["iterations"]) >= 2 and checked["check"]
    assert (data_dir / "runs" / run / "run.json").is_file()
    assert run in [r["job_id"] for r in client.get("/api/runs").json()]


def test_a_run_without_the_hourly_check_plans_once(
    client: TestClient, tokens: Tokens, data_dir: Path
) -> None:
    started = client.post("/api/runs", json=TINY, headers=tokens.of("planner")).json()
    assert started["adequacy"] is False
    view = wait_for(client, started["job_id"], {"done", "failed", "cancelled"})
    assert view["status"] == "done", view
    assert view["adequacy"] is False
    written = json.loads((data_dir / "runs" / started["job_id"] / "run.json").read_text())
    assert written["adequacy"]["verdict"] == "skipped"  # one plan, not checked
    assert not written.get("check")  # no hourly check ran


def test_a_jobs_table_of_an_earlier_service_gains_the_adequacy_column(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / SERVICE_DB) as con:
        con.execute(
            "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, scenario TEXT NOT NULL, "
            "resolution TEXT NOT NULL, status TEXT NOT NULL, stage TEXT, plan_status TEXT, "
            "error TEXT, created TEXT NOT NULL, started TEXT, finished TEXT)"
        )
        con.execute(
            "INSERT INTO jobs VALUES ('old', 'aghali', 'days:2', 'done', 'write', 'optimal', "
            "NULL, '2026-11-30T10:00:00Z', '2026-11-30T10:00:01Z', '2026-11-30T10:01:00Z')"
        )
    jobs = JobManager(tmp_path, tmp_path / "runs", workers=1)
    try:
        old = jobs.get("old")
        assert old is not None and old.adequacy is True and old.status == "done"
        assert old.as_dict()["adequacy"] is True
    finally:
        jobs.close()


def test_results_as_json_csv_and_parquet(client: TestClient) -> None:
    records = client.get(f"/api/runs/{RUN_ID}/tables/capacity").json()
    csv = client.get(f"/api/runs/{RUN_ID}/tables/capacity?format=csv")
    parquet = client.get(f"/api/runs/{RUN_ID}/tables/capacity?format=parquet")
    assert csv.headers["content-type"].startswith("text/csv")
    from_csv = pd.read_csv(io.StringIO(csv.text))
    from_parquet = pd.read_parquet(io.BytesIO(parquet.content))
    assert len(records) == len(from_csv) == len(from_parquet) > 0
    assert from_parquet["capacity_mw"].tolist() == [r["capacity_mw"] for r in records]
    assert "capacity" in client.get(f"/api/runs/{RUN_ID}/tables").json()


def test_the_report_in_both_languages(client: TestClient) -> None:
    english = client.get(f"/api/runs/{RUN_ID}/report")
    azerbaijani = client.get(f"/api/runs/{RUN_ID}/report?lang=az")
    assert english.status_code == azerbaijani.status_code == 200
    assert '<html lang="en"' in english.text and '<html lang="az"' in azerbaijani.text


def test_compare_two_runs(client: TestClient) -> None:
    body = client.get(f"/api/runs/compare?run={RUN_ID}&run={RUN_ID}").json()
    assert len(body["metrics"]) >= 5 and len(body["metrics"][0]) >= 2  # metric, runs
    assert body["capacity_mw"]


def test_cancel_a_queued_or_running_run(client: TestClient, tokens: Tokens) -> None:
    run = client.post("/api/runs", json=TINY, headers=tokens.of("planner")).json()["job_id"]
    response = client.post(f"/api/runs/{run}/cancel", headers=tokens.of("planner"))
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = client.post(f"/api/runs/{run}/cancel", headers=tokens.of("planner"))
    assert again.status_code == 409
    results = client.get(f"/api/runs/{run}/tables")
    assert results.status_code == 409
    assert results.json()["error"]["kind"] == "Conflict"


def test_a_run_left_running_by_a_stopped_service_is_marked_failed(tmp_path: Path) -> None:
    jobs = JobManager(tmp_path, tmp_path / "runs", workers=1)
    job = jobs.submit("aghali", "days:2", adequacy=False)
    queued = jobs.submit("aghali", "days:2", adequacy=False)  # one worker: this one waits
    assert jobs.get(job.job_id).status == "running"  # type: ignore[union-attr]
    assert isinstance(jobs._pool, LocalPool)
    process = jobs._pool.processes[job.job_id]
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)  # the service dies with its worker, no clean close
    process.join()
    jobs._con.close()

    restarted = JobManager(tmp_path, tmp_path / "runs", workers=1)
    try:
        after = restarted.get(job.job_id)
        assert after is not None and after.status == "failed"
        assert after.error and "stopped" in after.error
        assert restarted.get(queued.job_id).status == "queued"  # type: ignore[union-attr]
    finally:
        restarted.close()
