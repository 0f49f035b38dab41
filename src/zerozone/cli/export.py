"""``zerozone export-pypsa``: a run's planning problem as a PyPSA network file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zerozone.crosscheck import export_pypsa
from zerozone.errors import USAGE_ERROR
from zerozone.i18n import translator
from zerozone.model.inputs import build_inputs
from zerozone.model.pipeline import stored_time_structure
from zerozone.results import RunDirectoryError, read_run


def export_pypsa_command(
    run_dir: Annotated[Path, typer.Argument(help="Run directory written by zerozone plan.")],
    out: Annotated[Path, typer.Argument(help="netCDF file to write (loads with pypsa.Network).")],
) -> None:
    """Write the run's planning problem as a PyPSA network, for the independent cross-check.

    Rebuilds the problem from the run directory's scenario and the profiles it was solved with
    (stored in the run directory, never regenerated): the same time steps, weights, vintages
    and caps. Needs a chronological resolution (hourly or weeks:N).

    Example: zerozone export-pypsa runs/aghali aghali.nc
    """
    console = Console(stderr=True)
    run = read_run(run_dir)
    if not run.tables:
        _ = translator("en")
        raise RunDirectoryError(
            _(
                "{path} has no result tables (the solver failed); plan again with zerozone plan"
            ).format(path=run_dir)
        )
    structure = stored_time_structure(run)
    inputs = build_inputs(run.scenario, structure)
    try:
        export_pypsa(inputs, out)
    except NotImplementedError as error:
        console.print(f"[red]cannot export {run_dir}:[/] {error}", highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    Console().print(
        f"wrote {out} ({run.scenario.name}, resolution {structure.resolution}, "
        f"{len(inputs.periods)} periods x {structure.n_days * 24} hours)",
        highlight=False,
    )
