"""The outputs of an ensemble directory: Parquet tables and the report in both languages.

Tables written beside the runs: ``capacity_fan.parquet`` [MW], ``pathway_fan.parquet``
(emissions [t/yr], net cost [USD/yr], cost of supply [USD/MWh]), ``no_regret.parquet`` [MW],
``ensemble_capacity.parquet`` and ``ensemble_pathway.parquet`` (every optimal future's results in
long form); ``regret.parquet`` is written by :func:`zerozone.ensemble.regret.run_regret`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from zerozone.data import Scenario
from zerozone.ensemble.alternatives import RANGES_FILE
from zerozone.ensemble.regret import REGRET_FILE
from zerozone.ensemble.report import EnsembleResults, write_ensemble_reports
from zerozone.ensemble.runner import CENTRAL, RUNS_FOLDER
from zerozone.ensemble.summary import capacity_fan, collect, no_regret, pathway_fan


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.is_file() else pd.DataFrame()


def summarise(out: Path, scenario: Scenario, outcomes: pd.DataFrame) -> EnsembleResults:
    """Compute and write the ensemble's tables; the regret and the central plan's alternatives
    are read when they were computed (``regret.parquet``, ``runs/central/alternative_ranges``)."""
    tables = collect(out, outcomes)
    ranges_path = out / RUNS_FOLDER / CENTRAL / RANGES_FILE
    ranges = _read(ranges_path)
    slack = None
    alternatives = out / RUNS_FOLDER / CENTRAL / "alternatives.parquet"
    if len(ranges) and alternatives.is_file():
        slack = float(pd.read_parquet(alternatives, columns=["slack"])["slack"].iloc[0])
    results = EnsembleResults(
        scenario=scenario,
        outcomes=outcomes,
        tables=tables,
        capacity_fan=capacity_fan(tables),
        pathway_fan=pathway_fan(tables),
        no_regret=no_regret(tables),
        regret=_read(out / REGRET_FILE),
        ranges=ranges,
        slack=slack,
    )
    for name, frame in (
        ("capacity_fan", results.capacity_fan),
        ("pathway_fan", results.pathway_fan),
        ("no_regret", results.no_regret),
        ("ensemble_capacity", tables.capacity),
        ("ensemble_pathway", tables.pathway),
    ):
        frame.to_parquet(out / f"{name}.parquet", index=False)
    return results


def write_outputs(out: Path, scenario: Scenario, outcomes: pd.DataFrame) -> list[Path]:
    """Tables and reports of ensemble ``out``; returns the report paths (English, Azerbaijani)."""
    return write_ensemble_reports(summarise(out, scenario, outcomes), out)
