"""Writing and reading run directories.

A run directory holds:

* ``run.json``: what was run and how it went (``format_version``, scenario name and hash, package
  and solver versions, resolution, status, objective, timings, relaxations when the plan was
  infeasible);
* ``scenario.yaml``: the validated scenario, so the run can be reproduced and read on its own;
* ``<table>.parquet``: one file per result table, as declared in :mod:`zerozone.results.tables`;
* ``highs.log``: the solver's log.

Both :func:`write_run` and :func:`read_run` check the tables against the declaration; a run
directory this version cannot read is a :class:`RunDirectoryError` (exit code 2) naming the
directory, what was found and what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.data import Scenario, parse_scenario
from zerozone.errors import ZerozoneError
from zerozone.i18n import Language, translator
from zerozone.results.tables import (
    BY_NAME,
    FORMAT_VERSION,
    TABLES,
    Table,
    conform,
    differences,
)

RUN_FILE = "run.json"
SCENARIO_FILE = "scenario.yaml"
FAILED = "failed"
"""Status of a run whose solver gave no answer: its run directory has no tables."""


class RunDirectoryError(ZerozoneError):
    """A directory that is not a run directory this version of zerozone can read."""


class NotARunDirectoryError(RunDirectoryError, FileNotFoundError):
    """A path that is no run directory at all (no directory, or no ``run.json``)."""


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
        Result tables by name (see :data:`zerozone.results.tables.TABLES`).
    """

    path: Path
    meta: dict[str, Any]
    scenario: Scenario
    tables: dict[str, pd.DataFrame]

    @property
    def periods(self) -> list[int]:
        """The scenario's investment periods [yr]."""
        return list(self.scenario.policy.periods)


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
        Result tables: every declared table, or none for a failed run.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        When a table is not declared, a declared table is missing, or its columns differ from
        the declaration (a programming error, not the user's).
    """
    undeclared = sorted(set(tables) - set(BY_NAME))
    required = [t.name for t in TABLES if not t.optional]
    missing = [name for name in required if name not in tables] if tables else []
    if undeclared or missing:
        raise ValueError(f"tables not declared: {undeclared}; declared but missing: {missing}")
    conformed = {name: conform(BY_NAME[name], frame) for name, frame in tables.items()}
    path.mkdir(parents=True, exist_ok=True)
    for name, table in conformed.items():
        table.to_parquet(path / f"{name}.parquet", index=False)
    (path / SCENARIO_FILE).write_text(scenario_yaml, encoding="utf-8")
    payload = {"format_version": FORMAT_VERSION, **meta, "tables": sorted(conformed)}
    (path / RUN_FILE).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return path


def _refuse(
    lang: Language, path: Path, found: str, kind: type[RunDirectoryError] = RunDirectoryError
) -> RunDirectoryError:
    _ = translator(lang)
    return kind(
        _(
            "{path} cannot be read as a run directory of this version of zerozone: {found}; "
            "plan again with zerozone plan (format version {version})"
        ).format(path=path, found=found, version=FORMAT_VERSION)
    )


def _read_meta(path: Path, lang: Language) -> dict[str, Any]:
    _ = translator(lang)
    meta_file = path / RUN_FILE
    if not path.is_dir():
        raise _refuse(lang, path, _("the directory does not exist"), NotARunDirectoryError)
    if not meta_file.is_file():
        missing = _("it has no {file}").format(file=RUN_FILE)
        raise _refuse(lang, path, missing, NotARunDirectoryError)
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _refuse(lang, path, f"{RUN_FILE}: {error}") from None
    if not isinstance(meta, dict):
        raise _refuse(lang, path, _("{file} is not a JSON object").format(file=RUN_FILE))
    found = meta.get("format_version")
    if found != FORMAT_VERSION:
        raise _refuse(
            lang,
            path,
            _("it has format version {found}, this version reads {version}").format(
                found=found if found is not None else _("none"), version=FORMAT_VERSION
            ),
        )
    return meta


def _read_table(path: Path, name: str, lang: Language) -> pd.DataFrame:
    _ = translator(lang)
    file = path / f"{name}.parquet"
    if not file.is_file():
        raise _refuse(lang, path, _("the table {table} is missing").format(table=name))
    try:
        frame = pd.read_parquet(file)
    except (OSError, ValueError) as error:
        raise _refuse(lang, path, f"{file.name}: {error}") from None
    problems = differences(BY_NAME[name], frame)
    if problems:
        raise _refuse(
            lang,
            path,
            _("the table {table} differs from its declaration ({problems})").format(
                table=name, problems="; ".join(problems)
            ),
        )
    return frame


def read_run(path: Path, lang: Language = "en") -> RunDirectory:
    """Read a run directory written by :func:`write_run`, checked against the declaration.

    Parameters
    ----------
    path : pathlib.Path
        The run directory.
    lang : {"en", "az"}
        Language of the error message.

    Raises
    ------
    RunDirectoryError
        When ``path`` is not a directory, has no readable ``run.json`` or ``scenario.yaml``, was
        written with another ``format_version``, or a declared table is missing or has a
        missing, undeclared or mistyped column (a failed run has no tables).
    """
    meta = _read_meta(path, lang)
    try:
        text = (path / SCENARIO_FILE).read_text(encoding="utf-8")
        scenario = parse_scenario(text, str(path / SCENARIO_FILE))
    except (OSError, ValueError) as error:
        raise _refuse(lang, path, f"{SCENARIO_FILE}: {error}") from None
    names = [] if meta.get("status") == FAILED else [t.name for t in TABLES if _expected(path, t)]
    tables = {name: _read_table(path, name, lang) for name in names}
    return RunDirectory(path, meta, scenario, tables)


def _expected(path: Path, table: Table) -> bool:
    """Whether ``table`` must be read: every required table, optional ones when written."""
    return not table.optional or (path / f"{table.name}.parquet").is_file()


def add_tables(
    path: Path, tables: dict[str, pd.DataFrame], meta: dict[str, Any] | None = None
) -> Path:
    """Add optional tables (a later stage's) to a run directory and merge ``meta`` into its
    ``run.json`` (any directory, created if needed, when ``meta`` is None).

    Parameters
    ----------
    path : pathlib.Path
        An existing run directory.
    tables : dict[str, pandas.DataFrame]
        Optional tables of :data:`~zerozone.results.tables.TABLES` (replaced when present).
    meta : dict, optional
        Keys to set in ``run.json``; ``run.json`` is left alone if None.

    Raises
    ------
    ValueError
        When a table is not declared optional or differs from its declaration (a programming
        error).
    """
    wrong = sorted(n for n in tables if n not in BY_NAME or not BY_NAME[n].optional)
    if wrong:
        raise ValueError(f"not optional tables: {wrong}")
    conformed = {name: conform(BY_NAME[name], frame) for name, frame in tables.items()}
    path.mkdir(parents=True, exist_ok=True)
    for name, table in conformed.items():
        table.to_parquet(path / f"{name}.parquet", index=False)
    if meta is None:
        return path
    payload = json.loads((path / RUN_FILE).read_text(encoding="utf-8"))
    payload.update(meta)
    payload["tables"] = sorted(set(payload.get("tables", [])) | set(conformed))
    (path / RUN_FILE).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return path
