"""What a worker process does for one run: plan the scenario into its run directory.

Runs in a separate process (never in the service's event loop); it reports the stage it enters
and its end in the jobs table of the service's SQLite file, which the service reads for progress.
The same process serves the local pool (:mod:`zerozone.api.jobs`) and a Dask worker
(:mod:`zerozone.api.dask_runs`, which starts it as ``python -m zerozone.api.worker``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

ACTIVE = ("queued", "running")
"""States of a job that has not ended."""

WorkerArgs = tuple[Path, str, str, str, Path, bool]
"""The arguments of :func:`entry`: service database, job id, scenario, resolution, run
directory, and whether the plan is checked hour by hour (the adequacy loop)."""


def now() -> str:
    """The current UTC time as the jobs table keeps it."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_stage(database: Path, job_id: str, stage: str) -> None:
    """Record the stage ``job_id`` has entered."""
    with sqlite3.connect(database, timeout=30) as con:
        con.execute("UPDATE jobs SET stage = ? WHERE job_id = ?", (stage, job_id))


def finish(
    database: Path,
    job_id: str,
    status: str,
    *,
    plan_status: str | None = None,
    error: str | None = None,
) -> None:
    """Record the end of ``job_id`` (unless it has already ended, e.g. cancelled)."""
    with sqlite3.connect(database, timeout=30) as con:
        con.execute(
            "UPDATE jobs SET status = ?, plan_status = coalesce(?, plan_status), "
            "error = coalesce(?, error), finished = ? WHERE job_id = ? AND status IN (?, ?)",
            (status, plan_status, error, now(), job_id, *ACTIVE),
        )


def run_job(
    database: Path, job_id: str, scenario: str, resolution: str, out: Path, adequacy: bool = True
) -> str:
    """Plan ``scenario`` (a bundled name or a YAML file) at ``resolution`` into ``out``, with
    the adequacy loop of ``zerozone plan`` (the plan checked over every hour and made again with
    the days it missed, :mod:`zerozone.model.adequacy`) unless ``adequacy`` is False (one plan,
    not checked, as ``zerozone plan --no-adequacy``).

    Returns
    -------
    str
        The plan's status (``optimal``, ``infeasible`` or ``failed``).
    """
    from zerozone.data import load_scenario
    from zerozone.model.adequacy import MAX_PLANS, plan_adequately

    loaded = load_scenario(scenario)
    result = plan_adequately(
        loaded,
        resolution=resolution,
        out=out,
        on_stage=lambda stage: set_stage(database, job_id, stage),
        workers=1,  # a service worker (or a Dask worker) is one process: no pool of its own
        max_plans=MAX_PLANS if adequacy else 0,
    )
    set_stage(database, job_id, "done")
    return result.plan.status.value


def entry(
    database: Path, job_id: str, scenario: str, resolution: str, out: Path, adequacy: bool = True
) -> None:
    """The worker process: run the job and record its end (the service records crashes)."""
    try:
        status = run_job(database, job_id, scenario, resolution, out, adequacy)
    except BaseException as error:
        finish(database, job_id, "failed", error=f"{type(error).__name__}: {error}")
        raise SystemExit(1) from None
    finish(database, job_id, "done", plan_status=status)


def main(argv: list[str]) -> None:
    """``python -m zerozone.api.worker DATABASE JOB SCENARIO RESOLUTION OUT [ADEQUACY]``
    (``ADEQUACY`` 1 or 0, default 1)."""
    database, job_id, scenario, resolution, out, *rest = argv
    adequacy = (rest[0] if rest else "1") != "0"
    entry(Path(database), job_id, scenario, resolution, Path(out), adequacy)


if __name__ == "__main__":
    main(sys.argv[1:])
