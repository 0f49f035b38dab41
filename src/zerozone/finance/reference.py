"""The reference run of a plan (its scenario without the emission cap), kept in the run directory.

``RUN_DIR/reference`` holds the reference once solved. It is reused while it is current: solved
from this run's scenario without the cap (same scenario hash) at the same resolution; otherwise
it is solved again. Solving belongs to the planner, a layer this one does not import: the caller
passes the function that plans a scenario into a directory (``zerozone.model.pipeline.run_plan``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from zerozone.data import Scenario, scenario_hash
from zerozone.finance.abatement import reference_scenario
from zerozone.results import read_run
from zerozone.results.run_directory import RUN_FILE, RunDirectory

REFERENCE_DIR = "reference"
"""Sub-directory of a run where the run without the cap is kept."""
DEFAULT_RESOLUTION = "days:12"
"""Resolution of the reference when the run does not record its own."""

Planner = Callable[[Scenario, str, Path], object]
"""Plans a scenario at a resolution into a run directory: ``planner(scenario, resolution, out)``."""


def current_reference(run: RunDirectory) -> RunDirectory | None:
    """``RUN_DIR/reference`` when it holds this run's scenario without the cap, solved at the
    same resolution; None otherwise."""
    target = run.path / REFERENCE_DIR
    meta_file = target / RUN_FILE
    if not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    wanted = scenario_hash(reference_scenario(run.scenario))
    if meta.get("scenario_hash") != wanted or meta.get("resolution") != run.meta.get("resolution"):
        return None
    return read_run(target)


def reference_run(run: RunDirectory, planner: Planner) -> RunDirectory:
    """The reference of ``run``: the current one in ``RUN_DIR/reference``, or solved there now.

    Parameters
    ----------
    run : RunDirectory
        The capped run.
    planner : callable
        ``planner(scenario, resolution, out)`` plans and writes a run directory.

    Returns
    -------
    RunDirectory
        The reference run.
    """
    existing = current_reference(run)
    if existing is not None:
        return existing
    target = run.path / REFERENCE_DIR
    resolution = str(run.meta.get("resolution", DEFAULT_RESOLUTION))
    planner(reference_scenario(run.scenario), resolution, target)
    return read_run(target)
