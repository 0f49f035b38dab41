"""The profiles a plan was made from, as stored in its run directory.

The planner writes the full weather year (``profiles_hourly``, 8,760 hours per zone and profile)
and the model's days (``profiles_model``, with ``time`` and ``day_map``); every later stage reads
them back from here, so a change of pvlib, tsam or of the scenario file never changes what a run
is compared with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zerozone.results.run_directory import RunDirectory

PROFILE_COLUMNS = ["zone", "profile"]


def long_profiles(wide: pd.DataFrame, time_columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Profiles with (``zone``, ``profile``) columns as a long table.

    Parameters
    ----------
    wide : pandas.DataFrame
        One row per time step; columns a MultiIndex (``zone``, ``profile``).
    time_columns : dict[str, numpy.ndarray]
        The time columns of the long table, each with one value per row of ``wide``.

    Returns
    -------
    pandas.DataFrame
        ``zone``, ``profile``, the time columns and ``value``.
    """
    steps = len(wide)
    columns = list(wide.columns)
    frame = {
        "zone": np.repeat([str(c[0]) for c in columns], steps),
        "profile": np.repeat([str(c[1]) for c in columns], steps),
    }
    for name, values in time_columns.items():
        frame[name] = np.tile(np.asarray(values), len(columns))
    frame["value"] = wide.to_numpy(dtype=float).T.ravel()
    return pd.DataFrame(frame)


def profile_tables(hourly: pd.DataFrame, model: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The ``profiles_hourly`` and ``profiles_model`` tables of a run.

    Parameters
    ----------
    hourly : pandas.DataFrame
        The weather year: 8,760 rows, columns (``zone``, ``profile``).
    model : pandas.DataFrame
        The model's profiles: MultiIndex (``day``, ``hour``), columns (``zone``, ``profile``).
    """
    return {
        "profiles_hourly": long_profiles(hourly, {"hour_of_year": np.arange(len(hourly))}),
        "profiles_model": long_profiles(
            model,
            {
                "day": model.index.get_level_values("day").to_numpy(),
                "hour": model.index.get_level_values("hour").to_numpy(),
            },
        ),
    }


def _wide(frame: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    """The long table back in the layout of :func:`long_profiles`' input (one column per zone
    and profile); blocks of one zone and profile as written are reshaped, anything else
    pivoted."""
    keys = frame[PROFILE_COLUMNS].drop_duplicates()
    steps = len(frame) // max(len(keys), 1)
    times = frame[index].iloc[:steps].reset_index(drop=True)
    tiled = len(keys) * steps == len(frame) and all(
        np.array_equal(
            frame[c].to_numpy().reshape(len(keys), steps), np.tile(times[c], (len(keys), 1))
        )
        for c in index
    )
    columns = pd.MultiIndex.from_arrays(
        [keys["zone"].astype(str).to_numpy(), keys["profile"].astype(str).to_numpy()],
        names=PROFILE_COLUMNS,
    )
    if tiled and len(keys):
        values = frame["value"].to_numpy(dtype=float).reshape(len(keys), steps).T
        rows = pd.MultiIndex.from_frame(times) if len(index) > 1 else pd.Index(times[index[0]])
        return pd.DataFrame(values, index=rows, columns=columns).sort_index()
    wide = frame.pivot(index=index, columns=PROFILE_COLUMNS, values="value")
    wide.columns = pd.MultiIndex.from_tuples(
        [(str(z), str(p)) for z, p in wide.columns], names=PROFILE_COLUMNS
    )
    return wide.sort_index()


def hourly_profiles(run: RunDirectory, zones: list[str] | None = None) -> pd.DataFrame:
    """The weather year the plan was made from.

    Parameters
    ----------
    run : RunDirectory
        The run.
    zones : list of str, optional
        Zones to return (all when None).

    Returns
    -------
    pandas.DataFrame
        8,760 rows (``hour_of_year``, local standard time); columns (``zone``, ``profile``), as
        :func:`zerozone.profiles.scenario.scenario_profiles` gives them.
    """
    table = run.tables["profiles_hourly"]
    if zones is not None:
        table = table[table["zone"].isin(zones)]
    return _wide(table, ["hour_of_year"])


def model_profiles(run: RunDirectory) -> pd.DataFrame:
    """The profiles the model was solved with: MultiIndex (``day``, ``hour``), columns
    (``zone``, ``profile``)."""
    return _wide(run.tables["profiles_model"], ["day", "hour"])


def day_weights(run: RunDirectory) -> np.ndarray:
    """Calendar days each model day stands for, in model-day order [d]."""
    return run.tables["time"].sort_values("day")["weight_days"].to_numpy(dtype=float)


def day_map(run: RunDirectory) -> np.ndarray:
    """The model day standing for each calendar day, in calendar order [-]."""
    return run.tables["day_map"].sort_values("calendar_day")["day"].to_numpy(dtype=int)
