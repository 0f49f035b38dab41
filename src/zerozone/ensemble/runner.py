"""Running the plans of an ensemble on Dask, resumable sample by sample.

Layout of an ensemble directory::

    ensemble.json          what the ensemble is (scenario hash, resolution, samples, seed)
    samples.parquet        the sample table (see :mod:`zerozone.ensemble.sampling`)
    runs/central/          the plan of the scenario as written (no sample applied)
    runs/s0000/ ...        one run directory per sample, written as soon as it is solved
    runs/s0003.failed.json the reason a sample failed
    outcomes.parquet       status, objective and timings of every sample

A sample's run directory is first written as ``<key>.partial`` and renamed when complete, so an
interrupted ensemble never leaves a half-written run that looks finished; a rerun skips every
sample whose run directory exists (optimal or infeasible) and tries failed ones again.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from distributed import Client, as_completed, get_worker

from zerozone.data import Scenario, dump_scenario, parse_scenario, scenario_hash
from zerozone.ensemble.apply import apply_sample, certain
from zerozone.ensemble.sampling import SAMPLE_COLUMN
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.i18n import Language, translator
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import PlanStatus
from zerozone.results.run_directory import RUN_FILE

CENTRAL = "central"
"""Key of the central plan: the scenario as written, without a sample applied."""
MANIFEST_FILE = "ensemble.json"
OUTCOMES_FILE = "outcomes.parquet"
RUNS_FOLDER = "runs"


class EnsembleMismatchError(ZerozoneError):
    """The output directory holds an ensemble of another scenario, resolution or sample set."""

    def __init__(self, path: Path, field: str, lang: Language = "en") -> None:
        _ = translator(lang)
        super().__init__(
            _(
                "{path} holds an ensemble with another {field}; choose another --out or remove "
                "the directory"
            ).format(path=path, field=field),
            exit_code=USAGE_ERROR,
        )


def sample_key(index: int) -> str:
    """The run directory name of sample ``index`` [-]."""
    return f"s{index:04d}"


@dataclass(frozen=True)
class SampleOutcome:
    """How one sample's plan went.

    Attributes
    ----------
    key : str
        ``central`` or ``sNNNN``.
    status : str
        ``optimal``, ``infeasible`` (targets relaxed, explained in its run) or ``failed``.
    reason : str
        Why it failed or what was relaxed; empty when optimal.
    objective_usd : float | None
        The plan's objective [USD].
    seconds : float
        Wall time of the task on its worker [s].
    solve_seconds : float
        Of which the solver [s].
    worker : str
        Address of the worker that ran it.
    """

    key: str
    status: str
    reason: str
    objective_usd: float | None
    seconds: float
    solve_seconds: float
    worker: str


def worker_threads() -> tuple[int, str]:
    """Threads of the Dask worker running this task (1 outside a worker), and its address."""
    try:
        worker = get_worker()
    except ValueError:
        return 1, "local"
    return max(1, int(worker.state.nthreads)), str(worker.address)


def _failure(runs: Path, key: str, reason: str, started: float, worker: str) -> SampleOutcome:
    outcome = SampleOutcome(key, "failed", reason, None, time.perf_counter() - started, 0.0, worker)
    (runs / f"{key}.failed.json").write_text(json.dumps(asdict(outcome), indent=2), "utf-8")
    return outcome


def plan_sample(
    scenario_yaml: str, key: str, row: dict[str, Any] | None, resolution: str, runs: str
) -> SampleOutcome:
    """Plan one future and write its run directory (a Dask task; never raises).

    Parameters
    ----------
    scenario_yaml : str
        The base scenario with its uncertainty section, as YAML text.
    key : str
        Run directory name (``central`` or ``sNNNN``).
    row : dict or None
        The sample's values; None for the central plan.
    resolution : str
        Time resolution of the plan (``days:N``, ``weeks:N``, ``hourly``).
    runs : str
        Folder of the ensemble's run directories.

    Returns
    -------
    SampleOutcome
    """
    started = time.perf_counter()
    threads, worker = worker_threads()
    folder = Path(runs)
    partial = folder / f"{key}.partial"
    try:
        base = parse_scenario(scenario_yaml, key)
        future = certain(base) if row is None else apply_sample(base, row, key)
        shutil.rmtree(partial, ignore_errors=True)
        result = run_plan(future, resolution=resolution, out=partial, threads=threads)
    except ZerozoneError as error:
        return _failure(folder, key, error.render(), started, worker)
    except Exception as error:  # a sample's crash is its own outcome, never the ensemble's
        return _failure(folder, key, f"{type(error).__name__}: {error}", started, worker)
    if result.status is PlanStatus.FAILED:
        shutil.rmtree(partial, ignore_errors=True)
        return _failure(folder, key, f"solver: {result.outcome.termination}", started, worker)
    shutil.rmtree(folder / key, ignore_errors=True)
    partial.rename(folder / key)
    (folder / f"{key}.failed.json").unlink(missing_ok=True)
    return _outcome_of(folder / key, key, time.perf_counter() - started, worker)


def _outcome_of(run: Path, key: str, seconds: float, worker: str) -> SampleOutcome:
    meta = json.loads((run / RUN_FILE).read_text("utf-8"))
    relaxed = "; ".join(
        f"{r['kind']} {r.get('period') or ''} {r.get('technology') or ''} +{r['excess']:.4g}"
        for r in meta.get("relaxations", [])
    )
    timings = meta.get("timings_s", {})
    return SampleOutcome(
        key,
        str(meta["status"]),
        relaxed,
        meta.get("objective_usd"),
        seconds,
        float(timings.get("solve", 0.0)) + float(timings.get("solve_elastic", 0.0)),
        worker,
    )


def finished(runs: Path, key: str) -> bool:
    """Whether the run directory of ``key`` is complete (written and renamed)."""
    return (runs / key / RUN_FILE).is_file()


def prepare(
    out: Path, scenario: Scenario, samples: pd.DataFrame, resolution: str, lang: Language = "en"
) -> None:
    """Write or check the manifest of the ensemble directory ``out``.

    Raises
    ------
    EnsembleMismatchError
        When ``out`` already holds an ensemble of another scenario, resolution or sample set.
    """
    manifest = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "resolution": resolution,
        "samples": len(samples),
        "seed": scenario.uncertainty.seed if scenario.uncertainty else None,
    }
    path = out / MANIFEST_FILE
    if path.is_file():
        existing = json.loads(path.read_text("utf-8"))
        for field in ("scenario_hash", "resolution", "samples", "seed"):
            if existing.get(field) != manifest[field]:
                raise EnsembleMismatchError(out, field, lang)
    (out / RUNS_FOLDER).mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2), "utf-8")


@dataclass
class Progress:
    """Counts of an ensemble under way.

    Attributes
    ----------
    total, skipped, done, failed, running : int
        Samples in all, already finished before this run, finished now, failed, being solved.
    """

    total: int
    skipped: int = 0
    done: int = 0
    failed: int = 0
    running: int = 0


def run_ensemble(
    scenario: Scenario,
    samples: pd.DataFrame,
    out: Path,
    client: Client,
    *,
    resolution: str,
    on_progress: Callable[[Progress], None] | None = None,
) -> pd.DataFrame:
    """Plan the central future and every sample on the Dask cluster of ``client``.

    Parameters
    ----------
    scenario : Scenario
        Base scenario with its uncertainty section.
    samples : pandas.DataFrame
        The sample table.
    out : pathlib.Path
        Ensemble directory (see the module docstring); prepared with :func:`prepare`.
    client : distributed.Client
        Client of the cluster that runs the plans (one solve per worker thread).
    resolution : str
        Time resolution of every plan.
    on_progress : callable, optional
        Called with the counts after every change.

    Returns
    -------
    pandas.DataFrame
        The outcomes of every sample (see :class:`SampleOutcome`), also written as
        ``outcomes.parquet``; samples skipped because finished before are read from their runs.
    """
    runs = out / RUNS_FOLDER
    tasks: list[tuple[str, dict[str, Any] | None]] = [(CENTRAL, None)]
    for record in samples.to_dict(orient="records"):
        tasks.append((sample_key(int(record[SAMPLE_COLUMN])), record))
    todo = [(key, row) for key, row in tasks if not finished(runs, key)]
    progress = Progress(total=len(tasks), skipped=len(tasks) - len(todo))
    notify = on_progress or (lambda _progress: None)
    text = dump_scenario(scenario)
    slots = max(1, sum(client.nthreads().values()))
    batch = uuid.uuid4().hex[:8]  # task keys unique on a scheduler shared by other ensembles
    futures = {
        client.submit(
            plan_sample, text, key, row, resolution, str(runs), key=f"plan-{key}-{batch}"
        ): key
        for key, row in todo
    }
    progress.running = min(slots, len(futures))
    notify(progress)
    outcomes: dict[str, SampleOutcome] = {}
    for future in as_completed(futures):
        key = futures[future]
        try:
            outcome = future.result()
        except Exception as error:  # the worker died: recorded like any failure
            outcome = _failure(
                runs, key, f"{type(error).__name__}: {error}", time.perf_counter(), ""
            )
        outcomes[key] = outcome
        progress.failed += outcome.status == "failed"
        progress.done += outcome.status != "failed"
        progress.running = min(slots, len(futures) - progress.done - progress.failed)
        notify(progress)
    table = outcomes_table(runs, [key for key, _ in tasks], outcomes)
    table.to_parquet(out / OUTCOMES_FILE, index=False)
    return table


def outcomes_table(
    runs: Path, keys: Iterable[str], fresh: dict[str, SampleOutcome]
) -> pd.DataFrame:
    """One row per sample: this run's outcomes, else what its run directory or failure says."""
    rows = []
    for key in keys:
        outcome = fresh.get(key)
        if outcome is None and finished(runs, key):
            outcome = _outcome_of(runs / key, key, 0.0, "")
        elif outcome is None and (runs / f"{key}.failed.json").is_file():
            outcome = SampleOutcome(**json.loads((runs / f"{key}.failed.json").read_text("utf-8")))
        if outcome is not None:
            rows.append({**asdict(outcome), "resumed": key not in fresh})
    return pd.DataFrame(rows)
