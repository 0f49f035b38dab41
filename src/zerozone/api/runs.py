"""Finding the service's run directories and reading them (tables, finance, report), cached.

Runs are the jobs of :mod:`zerozone.api.jobs` and any other run directory placed in
``<data dir>/runs/`` (e.g. written by ``zerozone plan --out <data dir>/runs/default``).
"""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.api.errors import ConflictError, NotFoundError
from zerozone.api.jobs import Job
from zerozone.finance import FinanceResult, analyse_run
from zerozone.finance.comparison import headline
from zerozone.i18n import N_, Language
from zerozone.report.html import render_report
from zerozone.results import read_run
from zerozone.results.run_directory import RUN_FILE, RunDirectory

RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
}
"""Media types of the table formats."""

NO_RUN = N_("no run {run}")
NOT_FINISHED = N_("run {run} has no results yet (status: {status})")
NO_TABLE = N_("run {run} has no table {table}")


def run_path(runs_dir: Path, run_id: str, job: Job | None = None) -> Path:
    """The directory of a finished run.

    Raises
    ------
    NotFoundError
        When there is no such run.
    ConflictError
        When the run exists but has not written its results.
    """
    if not re.match(RUN_ID_PATTERN, run_id) or ".." in run_id:
        raise NotFoundError(NO_RUN, {"run": run_id})
    path = runs_dir / run_id
    if not (path / RUN_FILE).is_file():
        if job is not None:
            raise ConflictError(NOT_FINISHED, {"run": run_id, "status": job.status})
        raise NotFoundError(NO_RUN, {"run": run_id})
    return path


def finished_runs(runs_dir: Path) -> list[str]:
    """Ids of the run directories with results, newest first."""
    found = [p for p in runs_dir.glob(f"*/{RUN_FILE}")]
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    return [p.parent.name for p in found]


def _stamp(path: Path) -> float:
    return (path / RUN_FILE).stat().st_mtime


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: float) -> RunDirectory:
    return read_run(path)


@lru_cache(maxsize=8)
def _finance(path: Path, _stamp: float) -> FinanceResult:
    return analyse_run(_read(path, _stamp))


def run_of(path: Path) -> RunDirectory:
    """The run directory at ``path`` (cached while its ``run.json`` is unchanged)."""
    return _read(path, _stamp(path))


def finance_of(path: Path) -> FinanceResult:
    """The finance tables of the run at ``path`` with the default options (cached)."""
    return _finance(path, _stamp(path))


def table_of(path: Path, name: str) -> pd.DataFrame:
    """The result table ``name`` of the run at ``path``.

    Raises
    ------
    NotFoundError
        When the run has no such table.
    """
    tables = run_of(path).tables
    if name not in tables:
        raise NotFoundError(NO_TABLE, {"run": path.name, "table": name})
    return tables[name]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame`` as JSON records: numbers exact (not rounded), times in ISO 8601, NaN as null."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].map(lambda t: None if pd.isna(t) else t.isoformat())
    records = out.to_dict(orient="records")
    return [{str(k): _clean(v) for k, v in row.items()} for row in records]


def encode_table(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` as ``csv`` or ``parquet`` bytes."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def summary(path: Path) -> dict[str, Any]:
    """The run's metadata and headline figures (finance with the default options)."""
    run = run_of(path)
    figures: dict[str, Any] = {}
    if run.meta.get("status") != "failed" and run.tables:
        figures = {k: _clean(v) for k, v in headline(finance_of(path)).items()}
    keep = ("scenario", "resolution", "status", "objective_usd", "created", "tables")
    return {
        "run": path.name,
        **{k: run.meta.get(k) for k in keep},
        "headline": figures,
    }


def report_html(path: Path, lang: Language) -> str:
    """The run's report page in ``lang`` (kept in the run directory once written)."""
    target = path / ("report.html" if lang == "en" else f"report.{lang}.html")
    if target.is_file() and target.stat().st_mtime >= _stamp(path):
        return target.read_text(encoding="utf-8")
    text = render_report(finance_of(path), lang)
    partial = target.with_suffix(".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return text
