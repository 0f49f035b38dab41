"""Near-optimal alternatives of a plan, solved as Dask tasks.

Each *direction* minimises or maximises the new capacity of technology groups (all zones and
periods) with the system cost held within ``slack`` times the size of the plan's optimum above it
(:func:`zerozone.model.alternatives.near_optimal`): ``min:<group>`` and ``max:<group>`` for each
group, and ``random:<i>`` directions with normally distributed weights on the groups (seeded), which
reach the inside of the space of alternatives. The summary gives, per technology, the range of
capacity in the last period across the alternatives found, beside the optimum's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from distributed import Client, as_completed

from zerozone.data import Scenario, dump_scenario, parse_scenario
from zerozone.ensemble.runner import worker_threads
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.i18n import Language, translator
from zerozone.model.alternatives import group_of, near_optimal, technology_groups
from zerozone.model.pipeline import plan_inputs
from zerozone.results import read_run

ALTERNATIVES_FILE = "alternatives.parquet"
RANGES_FILE = "alternative_ranges.parquet"
OPTIMUM = "optimum"


class DirectionsError(ZerozoneError):
    """The ``--directions`` option names something that is not a direction."""

    def __init__(self, text: str, groups: list[str], lang: Language = "en") -> None:
        _ = translator(lang)
        super().__init__(
            _("unknown direction {text!r}; use groups, random:N or a group: {groups}").format(
                text=text, groups=", ".join(groups)
            ),
            exit_code=USAGE_ERROR,
        )


@dataclass(frozen=True)
class Direction:
    """A direction of the near-optimal space: group weights and a sense.

    Attributes
    ----------
    label : str
        ``min:<group>``, ``max:<group>`` or ``random:<i>``.
    weights : dict[str, float]
        Weight of each group's new capacity [1/MW].
    sense : {"min", "max"}
        Minimise or maximise.
    """

    label: str
    weights: dict[str, float]
    sense: Literal["min", "max"]


def scenario_groups(scenario: Scenario) -> list[str]:
    """Technology groups of the scenario's technologies, in the order of the file."""
    return list(dict.fromkeys(group_of(t.kind) for t in scenario.technologies))


def parse_directions(
    text: str, groups: list[str], seed: int = 0, lang: Language = "en"
) -> list[Direction]:
    """Directions from ``--directions``: comma-separated ``groups`` (every group, both senses),
    group names (both senses) and ``random:N`` (N random directions, seeded)."""
    found: list[Direction] = []
    chosen: list[str] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part == "groups":
            chosen += groups
        elif part in groups:
            chosen.append(part)
        elif part.startswith("random:") and part.removeprefix("random:").isdigit():
            rng = np.random.default_rng(seed)
            for index in range(int(part.removeprefix("random:"))):
                weights = dict(zip(groups, rng.normal(size=len(groups)).tolist(), strict=True))
                found.append(Direction(f"random:{index}", weights, "min"))
        else:
            raise DirectionsError(part, groups, lang)
    for group in dict.fromkeys(chosen):
        found.append(Direction(f"min:{group}", {group: 1.0}, "min"))
        found.append(Direction(f"max:{group}", {group: 1.0}, "max"))
    return found


def alternative_task(
    scenario_yaml: str, resolution: str, optimum_usd: float, slack: float, direction: Direction
) -> dict[str, Any]:
    """Solve one direction (a Dask task; never raises).

    Returns
    -------
    dict
        ``direction``, ``status``, ``cost_usd`` [USD] and ``build`` (a table of ``zone``,
        ``tech``, ``period``, ``new_mw``, ``capacity_mw`` [MW]).
    """
    threads, _ = worker_threads()
    try:
        inputs = plan_inputs(parse_scenario(scenario_yaml, direction.label), resolution)
        weights = {
            tech: direction.weights.get(group, 0.0)
            for group, techs in technology_groups(inputs).items()
            for tech in techs
        }
        found = near_optimal(
            inputs,
            optimum_usd,
            slack,
            weights,
            direction.sense,
            direction=direction.label,
            threads=threads,
        )
    except Exception as error:  # one direction's failure is recorded, the others go on
        return {"direction": direction.label, "status": f"{type(error).__name__}: {error}"}
    return {
        "direction": direction.label,
        "status": found.status,
        "cost_usd": found.cost_usd,
        "build": found.build,
    }


def run_alternatives(
    run_dir: Path, slack: float, directions: list[Direction], client: Client
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Solve every direction on ``client``'s cluster and summarise the capacity ranges.

    Parameters
    ----------
    run_dir : pathlib.Path
        A run directory of an optimal plan (its scenario, resolution and objective are used).
    slack : float
        Allowed relative increase of the system cost [-].
    directions : list[Direction]
        The directions to explore.
    client : distributed.Client
        Client of the cluster.

    Returns
    -------
    tuple[pandas.DataFrame, pandas.DataFrame]
        Every alternative's build (``direction``, ``status``, ``cost_usd``, ``zone``, ``tech``,
        ``period``, ``new_mw``, ``capacity_mw``; also ``alternatives.parquet`` in ``run_dir``) and
        the ranges per technology (see :func:`capacity_ranges`; ``alternative_ranges.parquet``).
    """
    run = read_run(run_dir)
    text = dump_scenario(run.scenario.model_copy(update={"uncertainty": None}))
    optimum = float(run.meta["objective_usd"])
    resolution = str(run.meta["resolution"])
    batch = uuid.uuid4().hex[:8]
    futures = [
        client.submit(
            alternative_task, text, resolution, optimum, slack, d, key=f"mga-{d.label}-{batch}"
        )
        for d in directions
    ]
    frames = [_optimum_frame(run.tables["capacity"], optimum)]
    for future in as_completed(futures):
        result = future.result()
        build = result.pop("build", None)
        frame = build.copy() if build is not None and len(build) else pd.DataFrame([{}])
        for name, value in result.items():
            frame[name] = value
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["slack"] = slack
    ranges = capacity_ranges(table, run.scenario)
    table.to_parquet(run_dir / ALTERNATIVES_FILE, index=False)
    ranges.to_parquet(run_dir / RANGES_FILE, index=False)
    return table, ranges


def _optimum_frame(capacity: pd.DataFrame, optimum: float) -> pd.DataFrame:
    frame = capacity[["zone", "tech", "period", "new_mw", "capacity_mw"]].copy()
    frame["direction"] = OPTIMUM
    frame["status"] = "optimal"
    frame["cost_usd"] = optimum
    return frame


def capacity_ranges(table: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Per technology: capacity in the last period (all zones) in the optimum and its range
    across the optimal alternatives [MW], and the same for new capacity over the horizon.

    Returns
    -------
    pandas.DataFrame
        ``tech``, ``group``, ``optimum_mw``, ``min_mw``, ``max_mw`` (last period's capacity),
        ``optimum_new_mw``, ``min_new_mw``, ``max_new_mw`` (new capacity, all periods) [MW];
        ``alternatives`` the number of optimal directions pooled.
    """
    last = scenario.policy.periods[-1]
    solved = table[table["status"] == "optimal"].dropna(subset=["tech"])
    labels = solved["direction"].unique().tolist()
    techs = [t.id for t in scenario.technologies]
    final = (
        solved[solved["period"] == last]
        .pivot_table(index="tech", columns="direction", values="capacity_mw", aggfunc="sum")
        .reindex(index=techs, columns=labels)
        .fillna(0.0)
    )
    new = (
        solved.pivot_table(index="tech", columns="direction", values="new_mw", aggfunc="sum")
        .reindex(index=techs, columns=labels)
        .fillna(0.0)
    )
    kinds = {t.id: group_of(t.kind) for t in scenario.technologies}
    frame = pd.DataFrame(
        {
            "tech": techs,
            "group": [kinds[t] for t in techs],
            "optimum_mw": final.get(OPTIMUM, pd.Series(0.0, index=techs)).to_numpy(),
            "min_mw": final.min(axis=1).to_numpy(),
            "max_mw": final.max(axis=1).to_numpy(),
            "optimum_new_mw": new.get(OPTIMUM, pd.Series(0.0, index=techs)).to_numpy(),
            "min_new_mw": new.min(axis=1).to_numpy(),
            "max_new_mw": new.max(axis=1).to_numpy(),
        }
    )
    frame["alternatives"] = len(labels) - (OPTIMUM in labels)
    return frame
