"""Writing and reading run directories.

A run directory holds:

* ``run.json``: what was run and how it went (scenario name and hash, package and solver versions,
  resolution, status, objective, timings, relaxations when the plan was infeasible);
* ``scenario.yaml``: the validated scenario, so the run can be reproduced and read on its own;
* ``<table>.parquet``: one file per result table
  (see :func:`zerozone.model.extract.extract_tables`);
* ``highs.log``: the solver's log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.data import Scenario, parse_scenario

RUN_FILE = "run.json"
SCENARIO_FILE = "scenario.yaml"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class RunDirectory:
    """A run read back from disk.

    Attributes
    ----------
    path : pathlib.Path
        The directory.
    meta : dict
        The content of ``run.json``.
    scenario : Scenario
        The scenario that was run.
    tables : dict[str, pandas.DataFrame]
        Result tables by name.
    """

    path: Path
    meta: dict[str, Any]
    scenario: Scenario
    tables: dict[str, pd.DataFrame]


def write_run(
    path: Path, meta: dict[str, Any], scenario_yaml: str, tables: dict[str, pd.DataFrame]
) -> Path:
    """Write a run directory (creating it; existing tables of the same name are replaced).

    Parameters
    ----------
    path : pathlib.Path
        Directory to write.
    meta : dict
        Run metadata, stored as ``run.json``.
    scenario_yaml : str
        The scenario as YAML text.
    tables : dict[str, pandas.DataFrame]
        Result tables.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_parquet(path / f"{name}.parquet", index=False)
    (path / SCENARIO_FILE).write_text(scenario_yaml, encoding="utf-8")
    payload = {"format_version": FORMAT_VERSION, **meta, "tables": sorted(tables)}
    (path / RUN_FILE).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return path


def read_run(path: Path) -> RunDirectory:
    """Read a run directory written by :func:`write_run`.

    Raises
    ------
    FileNotFoundError
        When ``path`` holds no ``run.json``.
    """
    meta_file = path / RUN_FILE
    if not meta_file.is_file():
        raise FileNotFoundError(f"{path} is not a run directory (no {RUN_FILE})")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    scenario = parse_scenario((path / SCENARIO_FILE).read_text(encoding="utf-8"), str(path))
    tables = {name: pd.read_parquet(path / f"{name}.parquet") for name in meta.get("tables", [])}
    return RunDirectory(path, meta, scenario, tables)
