"""The Dask cluster an ensemble runs on: a local one by default, any scheduler otherwise.

A :class:`distributed.LocalCluster` gets one worker process per core with one thread each, so
that each worker solves one plan at a time and HiGHS runs with one thread (the tasks read their
worker's thread count): one solve per core. With a scheduler address (``tcp://host:8786``), the
workers are whatever was started there (``dask worker``, dask-jobqueue); see ``docs/ensemble.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from distributed import Client, LocalCluster


def available_cores() -> int:
    """Cores this process may use (its CPU affinity where the system tells it) [-]."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Dask client, closed (with its local cluster) on exit.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler; a local cluster is started when None.
    workers : int, optional
        Local cluster only: worker processes of one thread each; one per available core if not
        given.

    Yields
    ------
    distributed.Client
    """
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    count = workers or available_cores()
    with (
        LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: other clusters may hold 8787
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
