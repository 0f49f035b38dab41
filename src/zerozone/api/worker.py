"""What a worker process does for one run: plan the scenario into its run directory.

Runs in a separate process (never in the service's event loop); it reports the stage it enters
in the jobs table of the service's SQLite file, which the service reads for progress.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zerozone.data import load_scenario
from zerozone.model.adequacy import plan_adequately


def set_stage(database: Path, job_id: str, stage: str) -> None:
    """Record the stage ``job_id`` has entered."""
    with sqlite3.connect(database, timeout=30) as con:
        con.execute("UPDATE jobs SET stage = ? WHERE job_id = ?", (stage, job_id))


def run_job(database: Path, job_id: str, scenario: str, resolution: str, out: Path) -> str:
    """Plan ``scenario`` (a bundled name or a YAML file) at ``resolution`` into ``out``, with
    the adequacy loop of ``zerozone plan`` (the plan checked over every hour and made again with
    the days it missed, :mod:`zerozone.model.adequacy`).

    Returns
    -------
    str
        The plan's status (``optimal``, ``infeasible`` or ``failed``).
    """
    loaded = load_scenario(scenario)
    result = plan_adequately(
        loaded,
        resolution=resolution,
        out=out,
        on_stage=lambda stage: set_stage(database, job_id, stage),
        workers=1,  # a service worker is a daemonic process: no pool of its own
    )
    set_stage(database, job_id, "done")
    return result.plan.status.value
