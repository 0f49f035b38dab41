"""Runs on a Dask scheduler (``zerozone serve --dask ADDRESS``): a real ``LocalCluster`` with one
worker runs a small plan through the service, a second run waits in the queue meanwhile."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import Tokens, make_tokens
from tests.api.test_runs import TINY, wait_for

from zerozone.api.app import create_app
from zerozone.api.state import Settings


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def test_a_plan_runs_on_a_dask_worker_one_at_a_time(scheduler: str, tmp_path: Path) -> None:
    tokens: Tokens = make_tokens(tmp_path)
    app = create_app(Settings(tmp_path, dask_address=scheduler, merge_interval=0.2))
    with TestClient(app, raise_server_exceptions=False) as client:
        header = tokens.of("planner")
        first = client.post("/api/runs", json=TINY, headers=header).json()
        second = client.post("/api/runs", json=TINY, headers=header).json()
        assert first["status"] == "running"
        assert second["status"] == "queued"  # one worker: one run at a time
        time.sleep(2)
        assert client.get(f"/api/runs/{second['job_id']}").json()["status"] == "queued"
        cancelled = client.post(f"/api/runs/{second['job_id']}/cancel", headers=header)
        assert cancelled.json()["status"] == "cancelled"

        done = wait_for(client, first["job_id"], {"done", "failed", "cancelled"})
        assert done["status"] == "done", done
        assert done["result"]["status"] == "optimal"
        assert (tmp_path / "runs" / first["job_id"] / "run.json").is_file()
        assert client.get(f"/api/runs/{first['job_id']}/log").json()["text"].strip()


def test_cancel_stops_the_run_on_its_dask_worker(scheduler: str, tmp_path: Path) -> None:
    tokens: Tokens = make_tokens(tmp_path)
    app = create_app(Settings(tmp_path, dask_address=scheduler, merge_interval=0.2))
    with TestClient(app, raise_server_exceptions=False) as client:
        header = tokens.of("planner")
        run = client.post("/api/runs", json=TINY, headers=header).json()["job_id"]
        wait_for(client, run, {"running"})
        client.post(f"/api/runs/{run}/cancel", headers=header)
        following = client.post("/api/runs", json=TINY, headers=header).json()["job_id"]
        # the worker is free again once the cancelled run has stopped: the next one runs there
        done = wait_for(client, following, {"done", "failed", "cancelled"})
        assert done["status"] == "done", done
    # started earlier with the same plan, the cancelled run would have finished by now
    assert not (tmp_path / "runs" / run / "run.json").exists()
