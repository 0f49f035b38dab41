"""Runs as background jobs: a queue in SQLite, worker processes, progress, cancel, restart.

Each run is a job (``queued`` -> ``running`` -> ``done`` / ``failed`` / ``cancelled``) in the
service's SQLite file. A dispatcher thread starts queued jobs in worker processes, at most
``workers`` at a time (more wait in the queue), each in its own process so that a run can be
cancelled (the process is stopped) and never blocks the API; with a Dask scheduler's address,
on its workers instead, one run per worker (:mod:`zerozone.api.pools`). A worker records the
stage it enters (:data:`zerozone.model.pipeline.STAGES`). When the service starts, jobs left
``running`` by a previous service are marked ``failed`` (their process is gone) and queued jobs
start again.
Results are ordinary run directories: ``<data dir>/runs/<job id>/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zerozone.api.pools import LocalPool, Pool
from zerozone.api.tokens import SERVICE_DB, connect_service_db
from zerozone.api.worker import ACTIVE
from zerozone.api.worker import now as _now
from zerozone.i18n import N_

LOG = logging.getLogger(__name__)
RESTART_FAILURE = N_("the service stopped while the run was running")
CANCELLED = N_("cancelled")

JOB_COLUMNS = (
    "job_id",
    "scenario",
    "resolution",
    "status",
    "stage",
    "plan_status",
    "error",
    "created",
    "started",
    "finished",
    "adequacy",
)


@dataclass(frozen=True)
class Job:
    """One run of the service (see the module's documentation for the states)."""

    job_id: str
    scenario: str
    resolution: str
    status: str
    stage: str | None
    plan_status: str | None
    error: str | None
    created: str
    started: str | None
    finished: str | None
    adequacy: bool = True
    """Whether the run checks its plan hour by hour and plans again (the adequacy loop)."""

    def as_dict(self) -> dict[str, Any]:
        """The job as JSON."""
        return {name: getattr(self, name) for name in JOB_COLUMNS}


class JobManager:
    """The queue of runs and its worker processes.

    Parameters
    ----------
    data_dir : pathlib.Path
        The service's data directory (SQLite file, ``runs/``).
    runs_dir : pathlib.Path
        Where the run directories are written.
    workers : int
        Runs at once in local worker processes [-].
    dask_address : str, optional
        A Dask scheduler whose workers run the plans instead (one run per worker at once).
    """

    def __init__(
        self,
        data_dir: Path,
        runs_dir: Path,
        workers: int = 1,
        dask_address: str | None = None,
    ) -> None:
        self.database = data_dir / SERVICE_DB
        self.runs_dir = runs_dir
        self._con = connect_service_db(data_dir)
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, scenario TEXT NOT NULL, "
            "resolution TEXT NOT NULL, status TEXT NOT NULL, stage TEXT, plan_status TEXT, "
            "error TEXT, created TEXT NOT NULL, started TEXT, finished TEXT, "
            "adequacy INTEGER NOT NULL DEFAULT 1)"
        )
        _add_adequacy_column(self._con)
        self._lock = threading.Lock()
        self._pool: Pool = LocalPool(workers) if dask_address is None else _dask(dask_address)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        with self._lock, self._con:
            self._con.execute(
                "UPDATE jobs SET status = 'failed', error = ?, finished = ? "
                "WHERE status = 'running'",
                (RESTART_FAILURE, _now()),
            )

    def submit(self, scenario: str, resolution: str, adequacy: bool = True) -> Job:
        """Queue a run of ``scenario`` (bundled name or YAML path) at ``resolution``, checked
        hour by hour and planned again until it serves every hour unless ``adequacy`` is False."""
        job_id = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        with self._lock, self._con:
            self._con.execute(
                "INSERT INTO jobs (job_id, scenario, resolution, status, created, adequacy) "
                "VALUES (?, ?, ?, 'queued', ?, ?)",
                (job_id, scenario, resolution, _now(), int(adequacy)),
            )
        self.dispatch()
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        """The job ``job_id``, or None."""
        rows = self._select("WHERE job_id = ?", (job_id,))
        return rows[0] if rows else None

    def all(self) -> list[Job]:
        """Every job, newest first."""
        return self._select("ORDER BY created DESC, job_id DESC", ())

    def _select(self, clause: str, params: tuple[Any, ...]) -> list[Job]:
        with self._lock:
            rows = self._con.execute(
                f"SELECT {', '.join(JOB_COLUMNS)} FROM jobs {clause}", params
            ).fetchall()
        records = [dict(zip(JOB_COLUMNS, row, strict=True)) for row in rows]
        return [Job(**(record | {"adequacy": bool(record["adequacy"])})) for record in records]

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job; False when it had already ended."""
        with self._lock, self._con:
            cursor = self._con.execute(
                "UPDATE jobs SET status = 'cancelled', error = ?, finished = ? "
                "WHERE job_id = ? AND status IN (?, ?)",
                (CANCELLED, _now(), job_id, *ACTIVE),
            )
            self._pool.stop(job_id)
        return cursor.rowcount > 0

    def dispatch(self) -> None:
        """Reap ended workers and start queued jobs while a worker is free."""
        with self._lock:
            for job_id, how in self._pool.reap().items():
                self._con.execute(
                    "UPDATE jobs SET status = 'failed', error = ?, finished = ? "
                    "WHERE job_id = ? AND status = 'running'",
                    (how, _now(), job_id),
                )
            queued = self._con.execute(
                "SELECT job_id, scenario, resolution, adequacy FROM jobs WHERE status = 'queued' "
                "ORDER BY created, job_id LIMIT ?",
                (max(self._pool.free(), 0),),
            ).fetchall()
            for job_id, scenario, resolution, adequacy in queued:
                self._con.execute(
                    "UPDATE jobs SET status = 'running', stage = 'starting', started = ? "
                    "WHERE job_id = ?",
                    (_now(), job_id),
                )
                self._con.commit()  # the worker reads its job as running
                out = self.runs_dir / job_id
                self._pool.start(
                    job_id, (self.database, job_id, scenario, resolution, out, bool(adequacy))
                )
            self._con.commit()

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            try:
                self.dispatch()
            except Exception:  # e.g. a Dask scheduler out of reach: try again next time
                LOG.exception("dispatching runs failed")

    def start(self) -> None:
        """Start the dispatcher thread."""
        self._thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the dispatcher and the running workers; their jobs are marked failed."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            with self._con:
                self._con.execute(
                    "UPDATE jobs SET status = 'failed', error = ?, finished = ? "
                    "WHERE status = 'running'",
                    (RESTART_FAILURE, _now()),
                )
            self._pool.close()
        self._con.close()


def _add_adequacy_column(con: sqlite3.Connection) -> None:
    """Give a jobs table of an earlier service its ``adequacy`` column (its runs were checked)."""
    columns = {row[1] for row in con.execute("PRAGMA table_info(jobs)")}
    if "adequacy" not in columns:
        with con:
            con.execute("ALTER TABLE jobs ADD COLUMN adequacy INTEGER NOT NULL DEFAULT 1")


def _dask(address: str) -> Pool:
    from zerozone.api.dask_runs import DaskPool  # distributed is imported only when used

    return DaskPool(address)
