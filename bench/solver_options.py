"""Benchmark: one planning LP solved by HiGHS under different options.

Usage::

    .venv/bin/python bench/solver_options.py [--scenario default] [--resolution days:12]
        [--variant solver=ipm] [--variant solver=ipm,run_crossover=off] [--log]

Builds the model once, then for each ``--variant`` (comma-separated HiGHS ``option=value``
pairs, added to zerozone's own solver options) passes it to a fresh HiGHS instance the way
linopy's direct interface does, solves, and prints the HiGHS run time [s], the interior-point
and crossover iterations and the objective [USD]; ``--threads`` sets the threads of every
variant unless the variant sets its own. Variants run one after the other, never at
once. Whether ``highspy-extras`` is importable is printed first: with it, HiGHS' ``ipm`` is the
HiPO interior point, without it IPX (and ``solver=hipo`` silently falls back to the dual
simplex, which is many times slower on these problems).
"""

from __future__ import annotations

import argparse
import importlib.util
import time
import warnings

import highspy
from linopy.config import LinopySemanticsWarning

from zerozone.data import load_scenario
from zerozone.model.formulation import build_model
from zerozone.model.inputs import build_inputs
from zerozone.model.pipeline import DEFAULT_RESOLUTION
from zerozone.model.solve import SOLVER_OPTIONS, solver_scaling
from zerozone.model.time import build_time_structure
from zerozone.profiles.scenario import scenario_profiles


def _parse(variant: str) -> dict[str, bool | int | float | str]:
    """HiGHS options from ``name=value,name=value`` (numbers and booleans converted)."""
    options: dict[str, bool | int | float | str] = {}
    for item in filter(None, variant.split(",")):
        name, _, text = item.partition("=")
        value: bool | int | float | str = text
        if text.lower() in {"true", "false"}:
            value = text.lower() == "true"
        else:
            for convert in (int, float):
                try:
                    value = convert(text)
                    break
                except ValueError:
                    continue
        options[name.strip()] = value
    return options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--resolution", default=DEFAULT_RESOLUTION)
    parser.add_argument("--variant", action="append", default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--log", action="store_true", help="print the HiGHS log")
    args = parser.parse_args()
    variants = args.variant or [""]
    hipo = importlib.util.find_spec("highspy_extras") is not None
    print(f"highspy-extras installed: {hipo} (ipm is {'HiPO' if hipo else 'IPX'})", flush=True)
    scenario = load_scenario(args.scenario)
    inputs = build_inputs(
        scenario, build_time_structure(scenario_profiles(scenario), args.resolution)
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        model = build_model(inputs).model
    scaling, _numerics = solver_scaling(model)
    print(f"zerozone's scaling: {scaling}", flush=True)
    for variant in variants:
        options = {**SOLVER_OPTIONS, **scaling, "threads": args.threads, **_parse(variant)}
        # HiGHS keeps one thread pool per process; reset it so that variants may differ in threads.
        highspy.Highs.resetGlobalScheduler(True)
        highs = model.to_highspy()
        highs.setOptionValue("output_flag", args.log)
        highs.setOptionValue("log_to_console", args.log)
        for name, value in options.items():
            highs.setOptionValue(name, value)
        clock = time.perf_counter()
        highs.run()
        elapsed = time.perf_counter() - clock
        info = highs.getInfo()
        print(
            f"{variant or '(zerozone options)'}: {elapsed:.1f} s, "
            f"status {highs.modelStatusToString(highs.getModelStatus())}, "
            f"ipm iterations {info.ipm_iteration_count}, "
            f"crossover iterations {info.crossover_iteration_count}, "
            f"objective {info.objective_function_value:,.2f} USD",
            flush=True,
        )


if __name__ == "__main__":
    main()
