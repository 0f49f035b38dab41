"""The solver's progress during ``zerozone plan``: elapsed time, iterations, gap, infeasibility.

The solver writes its log to ``RUN_DIR/highs.log`` as it works; :class:`SolveProgress` reads the
lines as the file grows (a background thread, every :data:`POLL_SECONDS`) and keeps the latest
figures: which solve (the plan, or the explanation's re-solve) with which algorithm, the phase
(presolve, interior point, crossover, simplex), the iteration, the gap and the primal and dual
infeasibilities of HiPO's and IPX's interior point and of the simplex, and the pushes crossover
has to make. (HiPO writes its iterations to the console only: the planner points the console at
the log file while it solves.) Each solve after the first (a fallback algorithm, the
explanation) is printed as a line of its own; the live figures go to the console's status line,
shown only on a terminal.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.status import Status

from zerozone.i18n import N_, Language, format_number, translator
from zerozone.model.solve import ATTEMPT_MARKER

POLL_SECONDS = 0.5
"""How often the log is read [s]."""
PURPOSES = {"plan": N_("the plan"), "explanation": N_("the explanation (targets relaxed)")}
PHASES = {
    "Presolving model": N_("presolve"),
    "Solving the presolved LP": N_("solving"),
    "Running HiPO": N_("interior point"),
    "IPX model has": N_("interior point"),
    "Interior point solve": N_("interior point"),
    "Running crossover": N_("crossover"),
    "Using dual simplex": N_("simplex"),
    "Using primal simplex": N_("simplex"),
    "Solving the original LP": N_("postsolve"),
}
"""Log lines that start a phase, and the phase's name (HiGHS 1.15: HiPO, IPX, simplex)."""
NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|[-+]?inf"
IPM_ITERATION = re.compile(
    rf"^\s*(\d+)\*?\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+[\d.]+s?\s*$"
)
"""An interior-point iteration of HiPO or IPX: iteration, primal and dual objective, primal and
dual infeasibility, gap, time."""
SIMPLEX_ITERATION = re.compile(
    rf"^\s*(\d+)\s+({NUMBER})\s+(?:Ph1: \d+\(({NUMBER})\)"
    rf"|Pr: \d+\(({NUMBER})\)(?:; Du: \d+\(({NUMBER})\))?|Du: \d+\(({NUMBER})\))"
)
"""A simplex iteration: iteration, objective, then the sums of infeasibilities: the dual ones of
phase 1, or the primal ones and, when there are any, the dual ones of phase 2."""
PUSHES = re.compile(r"^\s*Number of (primal|dual) pushes required:\s*(\d+)")
"""The work crossover has to do, announced as it starts."""
FINAL_OBJECTIVE = re.compile(rf"^\s*Objective value\s*:\s*({NUMBER})")


def stdout_console() -> Console:
    """A console writing to a duplicate of standard output's descriptor.

    While it solves, the planner points descriptor 1 at the solver's log (to catch what the
    solver library prints); a console on a duplicate keeps the progress, the status line and the
    tables on the terminal.
    """
    try:
        descriptor = os.dup(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real descriptor (an embedding host)
        return Console()
    stream = open(descriptor, "w", encoding="utf-8", buffering=1, closefd=True)  # noqa: SIM115
    return Console(file=stream)


@dataclass
class Figures:
    """The latest figures of the running solve (in the solver's own, scaled units)."""

    solve: int = 0
    purpose: str = ""
    algorithm: str = ""
    phase: str = ""
    iteration: int | None = None
    objective: float | None = None
    gap: float | None = None
    primal_infeasibility: float | None = None
    dual_infeasibility: float | None = None
    pushes: int | None = None
    crossing: bool = False
    """Whether HiPO has handed its point to IPX for the crossover."""

    def read(self, line: str) -> bool:
        """Take what ``line`` of the log says; True when it starts a new solve."""
        if line.startswith(ATTEMPT_MARKER):
            purpose, _space, algorithm = line.removeprefix(ATTEMPT_MARKER).strip().partition(" ")
            vars(self).update(vars(Figures(self.solve + 1, purpose, algorithm)))
            return True
        self._read_phase(line.lstrip())
        if found := IPM_ITERATION.match(line):
            self.iteration, self.objective, self.gap = (
                int(found[1]),
                float(found[2]),
                float(found[6]),
            )
            self.primal_infeasibility, self.dual_infeasibility = float(found[4]), float(found[5])
        elif found := SIMPLEX_ITERATION.match(line):
            self.phase, self.gap, self.pushes = "simplex", None, None
            self.iteration, self.objective = int(found[1]), float(found[2])
            primal, dual = found[4], found[3] or found[5] or found[6]
            self.primal_infeasibility = float(primal) if primal else None
            self.dual_infeasibility = float(dual) if dual else None
        elif found := PUSHES.match(line):
            self.pushes = (self.pushes or 0) + int(found[2])
        elif found := FINAL_OBJECTIVE.match(line):
            self.objective = float(found[1])
        return False

    def _read_phase(self, line: str) -> None:
        """Follow the phase a line starts; crossover keeps its name while IPX, which runs
        HiPO's crossover, announces its own interior point (skipped, HiPO's point is used)."""
        for start, phase in PHASES.items():
            if line.startswith(start) and not (phase == "interior point" and self.crossing):
                if phase != self.phase:
                    self.iteration, self.gap, self.pushes = None, None, None
                    self.primal_infeasibility = self.dual_infeasibility = None
                self.phase = phase
        if line.startswith("Running HiPO") or line.startswith("Solving the original LP"):
            self.crossing = False
        elif line.startswith("Running crossover with"):
            self.crossing = True


class SolveProgress:
    """Watch a growing solver log and show its figures on ``console`` (a context manager).

    Parameters
    ----------
    log_path : pathlib.Path
        The solver's log (``RUN_DIR/highs.log``); it need not exist yet.
    console : rich.console.Console
        Where lines are printed.
    status : rich.status.Status or None
        The status line updated with the live figures (None when not a terminal).
    lang : {"en", "az"}
        Language of the lines.
    started : float, optional
        The :func:`time.perf_counter` the elapsed times count from (default: now).
    """

    def __init__(
        self,
        log_path: Path,
        console: Console,
        status: Status | None,
        lang: Language,
        started: float | None = None,
    ) -> None:
        self.log_path, self.console, self.status, self.lang = log_path, console, status, lang
        self.figures = Figures()
        self.started = time.perf_counter() if started is None else started
        self._file: tuple[int, int] | None = None
        self._offset, self._pending = 0, ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="zerozone-progress", daemon=True)

    def __enter__(self) -> SolveProgress:
        self.log_path.unlink(missing_ok=True)  # an earlier run's log, which the planner replaces
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.poll()
        self.poll()

    def poll(self) -> None:
        """Read the lines added to the log since the last poll and show what they say."""
        with self._lock:
            self._poll()

    def _poll(self) -> None:
        identity = _identity(self.log_path)
        if identity != self._file:  # a new log (the planner replaces an earlier run's)
            self._file, self._offset, self._pending = identity, 0, ""
        try:
            with self.log_path.open("r", encoding="utf-8", errors="replace") as log:
                log.seek(self._offset)
                text = log.read()
                self._offset = log.tell()
        except FileNotFoundError:
            return
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            if self.figures.read(line) and self.figures.solve > 1:
                self.console.print(self.solve_line(), style="dim", highlight=False)
        if self.status is not None and self.figures.solve and text:
            self.status.update(self.status_line())

    def solve_line(self) -> str:
        """The line that announces a solve after the first."""
        _ = translator(self.lang)
        figures = self.figures
        elapsed = f"{time.perf_counter() - self.started:6.1f} s"
        return _("{elapsed} solve {number}: {purpose}, algorithm {algorithm}").format(
            elapsed=elapsed,
            number=figures.solve,
            purpose=_(PURPOSES.get(figures.purpose, figures.purpose)),
            algorithm=figures.algorithm,
        )

    def status_line(self) -> str:
        """The live figures: elapsed time, solve, phase, iteration, and the gap (interior point)
        or the primal and dual infeasibilities (simplex); short enough for an 80-column line."""
        _ = translator(self.lang)
        figures = self.figures
        parts = [
            _("{elapsed} s, solve {number} ({algorithm})").format(
                elapsed=format_number(time.perf_counter() - self.started, self.lang),
                number=figures.solve,
                algorithm=figures.algorithm,
            )
        ]
        if figures.phase:
            parts.append(_(figures.phase))
        if figures.iteration is not None:
            parts.append(_("iteration {number}").format(number=figures.iteration))
        if figures.gap is not None:
            parts.append(_("gap {value}").format(value=_scientific(figures.gap, self.lang)))
        if figures.gap is None and figures.primal_infeasibility is not None:  # the simplex
            value = _scientific(figures.primal_infeasibility, self.lang)
            parts.append(_("primal infeasibility {value}").format(value=value))
        if figures.gap is None and figures.dual_infeasibility is not None:
            value = _scientific(figures.dual_infeasibility, self.lang)
            parts.append(_("dual infeasibility {value}").format(value=value))
        if figures.pushes is not None:
            parts.append(
                _("{number} pushes").format(number=format_number(figures.pushes, self.lang))
            )
        return ", ".join(parts)


def _scientific(value: float, lang: Language) -> str:
    """A solver figure in two significant digits: ``3.2e-02`` (``3,2e-02`` in Azerbaijani)."""
    text = f"{value:.1e}"
    return text.replace(".", ",") if lang == "az" else text


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode, None when it does not exist."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


PHASE_NAMES = (*PHASES.values(), N_("simplex"))
"""Every phase name (translated where shown)."""
