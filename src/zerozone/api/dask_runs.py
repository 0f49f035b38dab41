"""Runs on a Dask scheduler (``zerozone serve --dask ADDRESS``), the engine of the ensembles
(:mod:`zerozone.ensemble.cluster`).

Each run is one task pinned to one Dask worker that has no other run, so that a worker solves one
plan at a time; runs beyond the number of workers wait in the service's queue. The task starts
the run as its own process (``python -m zerozone.api.worker``) and stops it when the job is no
longer ``running`` in the jobs table (cancelled, or marked failed by a restarted service). The
workers write the run directory and the jobs table of the service's data directory: they must
see it at the same path (the same machine, or a shared file system).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from distributed import Client, Future

from zerozone.api.worker import WorkerArgs

POLL_SECONDS = 0.5
"""How often a task looks for a cancellation [s]."""


def job_status(database: Path, job_id: str) -> str | None:
    """The status of ``job_id`` in the jobs table (None when it is not there)."""
    with sqlite3.connect(database, timeout=30) as con:
        row = con.execute("SELECT status FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
    return None if row is None else str(row[0])


def run_task(
    database: Path, job_id: str, scenario: str, resolution: str, out: Path, adequacy: bool = True
) -> int:
    """The Dask task of one run: its worker process, stopped when the job stops running.

    Returns
    -------
    int
        The worker process's exit code (negative: stopped by a signal).
    """
    if job_status(database, job_id) != "running":
        return 0  # cancelled before a worker took it
    command = [sys.executable, "-m", "zerozone.api.worker", str(database), job_id, scenario]
    command += [resolution, str(out), "1" if adequacy else "0"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    while process.poll() is None:
        if job_status(database, job_id) != "running":
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            break
        time.sleep(POLL_SECONDS)
    return int(process.wait())


class DaskPool:
    """The workers of the Dask scheduler at ``address``, one run each.

    Parameters
    ----------
    address : str
        The scheduler, e.g. ``tcp://127.0.0.1:8786``.
    """

    def __init__(self, address: str) -> None:
        self.client = Client(address, timeout=30)
        self.futures: dict[str, Future] = {}
        self.placed: dict[str, str] = {}

    def _workers(self) -> list[str]:
        return sorted(self.client.scheduler_info(n_workers=-1)["workers"])

    def free(self) -> int:
        """Workers of the scheduler without a run of this service [-]."""
        return len(set(self._workers()) - set(self.placed.values()))

    def start(self, job_id: str, args: WorkerArgs) -> None:
        """Submit ``job_id`` to an idle worker."""
        idle = sorted(set(self._workers()) - set(self.placed.values()))
        worker = idle[0]
        self.futures[job_id] = self.client.submit(
            run_task,
            *args,
            key=f"zerozone-run-{job_id}",
            workers=[worker],
            allow_other_workers=False,
            pure=False,
            retries=0,
        )
        self.placed[job_id] = worker

    def reap(self) -> dict[str, str]:
        """Ended tasks (their worker is free again), and tasks whose worker has left."""
        alive = set(self._workers())
        ended = {}
        for job_id, future in list(self.futures.items()):
            if future.done():
                ended[job_id] = _how(future)
            elif self.placed[job_id] not in alive:
                future.cancel()
                ended[job_id] = f"Dask worker {self.placed[job_id]} left"
            else:
                continue
            del self.futures[job_id], self.placed[job_id]
        return ended

    def stop(self, job_id: str) -> None:
        """Nothing to do: the task stops its run once the job is no longer ``running`` and keeps
        its worker busy until then."""

    def close(self) -> None:
        """Release the tasks and the client (the scheduler and its workers stay up; each task
        stops its run, as the service marks its job failed)."""
        for future in self.futures.values():
            future.cancel()
        self.futures.clear()
        self.placed.clear()
        self.client.close()


def _how(future: Future) -> str:
    """How a finished task ended."""
    if future.cancelled():
        return "Dask task cancelled"
    if future.status == "error":
        return f"Dask task failed: {future.exception()}"
    return f"worker exited with code {future.result()}"
