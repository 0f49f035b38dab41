"""Where the service's runs execute: worker processes of this machine (the default), or a Dask
scheduler's workers (:mod:`zerozone.api.dask_runs`).

A pool starts one job per free worker and tells the dispatcher of :mod:`zerozone.api.jobs` which
of its jobs have ended; each job records its stages and its end itself (in the service's SQLite
file), so the pool only reports jobs that ended without doing so (a crash).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.process import BaseProcess
from typing import Protocol

from zerozone.api.worker import WorkerArgs, entry


class Pool(Protocol):
    """What the dispatcher needs of the place runs execute."""

    def free(self) -> int:
        """Workers without a run [-]."""
        ...

    def start(self, job_id: str, args: WorkerArgs) -> None:
        """Start ``job_id``: ``args`` of :func:`zerozone.api.worker.entry`."""
        ...

    def reap(self) -> dict[str, str]:
        """Jobs that have ended since the last call, each with how its worker ended."""
        ...

    def stop(self, job_id: str) -> None:
        """Stop the run of ``job_id`` (nothing when it is not running here)."""
        ...

    def close(self) -> None:
        """Stop every run and release the workers."""
        ...


class LocalPool:
    """At most ``workers`` worker processes of this machine (``spawn``), one run each.

    Parameters
    ----------
    workers : int
        Runs at once [-].
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.processes: dict[str, BaseProcess] = {}
        self._context = multiprocessing.get_context("spawn")

    def free(self) -> int:
        """Worker processes that may still start [-]."""
        return self.workers - len(self.processes)

    def start(self, job_id: str, args: WorkerArgs) -> None:
        """Start a worker process for ``job_id``."""
        process = self._context.Process(target=entry, args=args, daemon=True)
        process.start()
        self.processes[job_id] = process

    def reap(self) -> dict[str, str]:
        """Ended worker processes and their exit codes."""
        ended = {}
        for job_id, process in list(self.processes.items()):
            if not process.is_alive():
                process.join()
                del self.processes[job_id]
                ended[job_id] = f"worker exited with code {process.exitcode}"
        return ended

    def stop(self, job_id: str) -> None:
        """Terminate the process of ``job_id``."""
        process = self.processes.pop(job_id, None)
        if process is not None:
            process.terminate()
            process.join(5)

    def close(self) -> None:
        """Terminate every worker process."""
        for job_id in list(self.processes):
            self.stop(job_id)
