"""Regret of the central plan: its build fixed, re-dispatched in each future.

For every optimal sample, the central plan's new power capacity (and battery energy capacity) is
fixed and the sample's future is solved for dispatch only (demand that cannot be served is shed at
the value of lost load, as in every plan; a future whose cap the central build cannot meet is
reported ``infeasible``). The regret is what that
costs above the sample's own optimum [USD]: how much the central plan loses in that future
against the plan made for it. Link expansions are left free (the run directory does not keep them
in MW), so the regret slightly understates the cost of a central grid plan.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
from distributed import Client, as_completed

from zerozone.data import Scenario, dump_scenario, parse_scenario
from zerozone.ensemble.apply import apply_sample
from zerozone.ensemble.runner import CENTRAL, RUNS_FOLDER, sample_key, worker_threads
from zerozone.ensemble.sampling import SAMPLE_COLUMN
from zerozone.model.alternatives import fixed_build
from zerozone.model.pipeline import plan_inputs
from zerozone.results import read_run

REGRET_FILE = "regret.parquet"


def regret_task(
    scenario_yaml: str,
    key: str,
    row: dict[str, Any],
    resolution: str,
    build: pd.DataFrame,
    optimum_usd: float,
) -> dict[str, Any]:
    """Cost the central ``build`` in one sample's future (a Dask task; never raises).

    Returns
    -------
    dict
        ``key``, ``status``, ``cost_usd`` (the central build in this future) [USD],
        ``optimum_usd`` (this future's own plan) [USD], ``regret_usd`` [USD], ``regret_share``
        (regret per optimum) [-], ``seconds`` [s].
    """
    started = time.perf_counter()
    threads, _ = worker_threads()
    record: dict[str, Any] = {"key": key, "optimum_usd": optimum_usd}
    try:
        future = apply_sample(parse_scenario(scenario_yaml, key), row, key)
        termination, cost, _ = fixed_build(plan_inputs(future, resolution), build, threads=threads)
    except Exception as error:  # one future's failure is recorded, the others go on
        termination, cost = f"{type(error).__name__}: {error}", None
    record["status"] = "optimal" if cost is not None else termination
    record["cost_usd"] = cost
    record["regret_usd"] = None if cost is None else cost - optimum_usd
    record["regret_share"] = None if cost is None else (cost - optimum_usd) / abs(optimum_usd)
    record["seconds"] = time.perf_counter() - started
    return record


def central_build(out: Path) -> pd.DataFrame:
    """New power capacity and battery energy capacity of the central plan of ensemble ``out``."""
    capacity = read_run(out / RUNS_FOLDER / CENTRAL).tables["capacity"]
    return capacity[["zone", "tech", "period", "new_mw", "energy_mwh"]].reset_index(drop=True)


def run_regret(
    scenario: Scenario,
    samples: pd.DataFrame,
    outcomes: pd.DataFrame,
    out: Path,
    client: Client,
    *,
    resolution: str,
) -> pd.DataFrame:
    """The regret of the central plan in every optimal sample, solved on ``client``'s cluster.

    Returns
    -------
    pandas.DataFrame
        One row per sample (see :func:`regret_task`), also written as ``regret.parquet``.
    """
    objective = outcomes.set_index("key")["objective_usd"]
    status = outcomes.set_index("key")["status"]
    if status.get(CENTRAL) != "optimal":
        return pd.DataFrame()
    build = client.scatter(central_build(out), broadcast=True)
    text = dump_scenario(scenario)
    batch = uuid.uuid4().hex[:8]
    futures = []
    for record in samples.to_dict(orient="records"):
        key = sample_key(int(record[SAMPLE_COLUMN]))
        if status.get(key) == "optimal":
            optimum = float(objective[key])
            futures.append(
                client.submit(
                    regret_task,
                    text,
                    key,
                    record,
                    resolution,
                    build,
                    optimum,
                    key=f"regret-{key}-{batch}",
                )
            )
    rows = [future.result() for future in as_completed(futures)]
    table = pd.DataFrame(rows).sort_values("key").reset_index(drop=True) if rows else pd.DataFrame()
    table.to_parquet(out / REGRET_FILE, index=False)
    return table
