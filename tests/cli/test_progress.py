"""The solver's progress on real HiGHS logs of every algorithm the planner tries.

The logs in ``solver_logs/`` were written by the planner's own solve of the bundled ``aghali``
scenario with HiPO, IPX and the dual simplex, and by its explanation (the elastic re-solve);
``solver_logs/capture.py`` writes them again. Each is replayed line by line into a log file that
:class:`SolveProgress` watches, as it does during ``zerozone plan``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from zerozone.cli.progress import Figures, SolveProgress

LOGS = Path(__file__).parent / "solver_logs"


def replay(name: str) -> list[tuple[str, Figures]]:
    """Each line of log ``name`` with a copy of the figures once it is read."""
    figures, seen = Figures(), []
    for line in (LOGS / f"{name}.log").read_text().splitlines():
        figures.read(line)
        seen.append((line, Figures(**vars(figures))))
    return seen


def summary(name: str, label: str) -> int:
    """The number HiGHS reports at the end of the log after ``label`` (iterations)."""
    found = re.search(rf"^{label}\s*:?\s*(\d+)", (LOGS / f"{name}.log").read_text(), re.M)
    assert found, f"{label} not in {name}.log"
    return int(found[1])


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("hipo", "HiPO iterations"),
        ("ipx", "IPM       iterations"),
        ("explanation", "HiPO iterations"),
    ],
)
def test_interior_point_iterations_and_gap_are_followed(name: str, label: str) -> None:
    seen = replay(name)
    during = [f for _line, f in seen if f.phase == "interior point" and f.iteration is not None]
    assert during, "no interior-point iteration recognised"
    iterations = [f.iteration for f in during]
    assert iterations == sorted(iterations) and max(iterations) == summary(name, label)
    gaps = [f.gap for f in during if f.gap is not None]
    assert gaps[-1] < 1e-6 < gaps[0]  # the gap closes as the solve goes on
    assert all(f.primal_infeasibility is not None for f in during)


@pytest.mark.parametrize("name", ["hipo", "ipx"])
def test_crossover_is_a_phase_of_its_own_with_its_pushes(name: str) -> None:
    seen = replay(name)
    crossing = [f for _line, f in seen if f.phase == "crossover"]
    assert crossing and crossing[-1].pushes
    assert crossing[-1].pushes == sum(
        int(n) for n in re.findall(r"pushes required:\s*(\d+)", (LOGS / f"{name}.log").read_text())
    )
    assert crossing[-1].iteration is None  # no interior-point figure is left over


def test_simplex_iterations_and_infeasibilities_are_followed() -> None:
    seen = replay("simplex")
    during = [f for _line, f in seen if f.phase == "simplex" and f.iteration is not None]
    assert during[-1].iteration == summary("simplex", "Simplex   iterations")
    assert during[0].dual_infeasibility is not None  # phase 1: dual infeasibilities
    assert during[-1].primal_infeasibility == 0 and during[-1].gap is None


def _status(name: str, lang: str, tmp_path: Path) -> list[str]:
    """The status lines shown while log ``name`` grows, once per poll of each line."""
    log = tmp_path / "highs.log"
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    shown = []
    progress = SolveProgress(log, console, None, lang, started=0.0)  # type: ignore[arg-type]
    with progress, log.open("a") as growing:
        for line in (LOGS / f"{name}.log").read_text().splitlines(keepends=True):
            growing.write(line)
            growing.flush()
            progress.poll()
            shown.append(progress.status_line())
    return shown


def test_status_line_moves_during_a_hipo_solve(tmp_path: Path) -> None:
    shown = _status("hipo", "en", tmp_path)
    moving = [s for s in shown if "interior point, iteration" in s]
    assert len(set(moving)) >= summary("hipo", "HiPO iterations")
    assert re.search(r"iteration 1\d, gap \d\.\de[-+]\d\d$", moving[15])
    assert max(len(s) for s in moving) <= 80
    assert any("crossover" in s and "pushes" in s for s in shown)
    simplex = _status("simplex", "en", tmp_path)
    assert any(s.endswith("dual infeasibility 1.5e-11") for s in simplex), simplex


def test_status_line_in_azerbaijani(tmp_path: Path) -> None:
    shown = [s for s in _status("ipx", "az", tmp_path) if "iterasiya" in s]
    assert shown and "daxili nöqtə" in shown[-1] and "fərq" in shown[-1]
    assert re.search(r"\d,\de-\d\d", shown[-1]) and "gap" not in shown[-1]


def test_each_extra_solve_is_a_line_of_its_own(tmp_path: Path) -> None:
    log = tmp_path / "highs.log"
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    with SolveProgress(log, console, None, "en") as progress:
        for name in ("hipo", "explanation"):
            with log.open("a") as growing:
                growing.write((LOGS / f"{name}.log").read_text())
            progress.poll()
    said = console.export_text()
    assert "solve 2: the explanation (targets relaxed), algorithm hipo" in said
    assert progress.figures.iteration is None and progress.figures.phase == "postsolve"
