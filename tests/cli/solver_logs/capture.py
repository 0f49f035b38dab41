"""Capture the solver logs the progress tests read: ``python tests/cli/solver_logs/capture.py``.

Solves the bundled ``aghali`` scenario (default resolution) once with each algorithm the planner
tries (HiPO with crossover, IPX with crossover, the dual simplex) and once more as the planner's
explanation (the elastic problem, HiPO), each exactly as ``zerozone plan`` does (same options, the
log written through the planner's own solve), and keeps each log beside this script.
"""

from __future__ import annotations

from pathlib import Path

from zerozone.cli.options import scenario_of
from zerozone.model.formulation import build_model
from zerozone.model.pipeline import plan_inputs
from zerozone.model.solve import ALGORITHMS, _solve, solver_scaling

HERE = Path(__file__).parent


def main() -> None:
    """Write ``hipo.log``, ``ipx.log``, ``simplex.log`` and ``explanation.log``."""
    inputs = plan_inputs(scenario_of("aghali"))
    for name, options in ALGORITHMS:
        planning = build_model(inputs)
        scaling, _numerics = solver_scaling(planning.model)
        log = HERE / f"{name}.log"
        log.unlink(missing_ok=True)
        _solve(planning, log, 2, scaling, algorithms=((name, options),))
    elastic = build_model(inputs, elastic=True)
    scaling, _numerics = solver_scaling(elastic.model)
    log = HERE / "explanation.log"
    log.unlink(missing_ok=True)
    _solve(elastic, log, 2, scaling, "explanation", algorithms=ALGORITHMS[:1])


if __name__ == "__main__":
    main()
