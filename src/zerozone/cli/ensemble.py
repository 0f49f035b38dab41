"""``zerozone ensemble`` and ``zerozone alternatives``: plans across futures, and near-optimal
plans, on a Dask cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from zerozone.cli.data import LangOption, language_of
from zerozone.cli.options import SCENARIO_HELP, resolution_of, scenario_of
from zerozone.cli.tables import print_tables
from zerozone.ensemble import alternatives as mga
from zerozone.ensemble.apply import check_uncertainty
from zerozone.ensemble.cluster import dask_client
from zerozone.ensemble.outputs import write_outputs
from zerozone.ensemble.regret import run_regret
from zerozone.ensemble.runner import Progress as Counts
from zerozone.ensemble.runner import prepare, run_ensemble
from zerozone.ensemble.sampling import latin_hypercube, save_samples
from zerozone.i18n import format_number, translator
from zerozone.model.pipeline import DEFAULT_RESOLUTION
from zerozone.results import read_run

SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", help="Address of a Dask scheduler (default: a local cluster)."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Local cluster: worker processes (default: one per core)."
    ),
]


def ensemble(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "default",
    samples: Annotated[int, typer.Option("--samples", min=1, help="Number of futures.")] = 20,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    resolution: Annotated[
        str, typer.Option("--resolution", help="days:N, weeks:N or hourly, as for zerozone plan.")
    ] = DEFAULT_RESOLUTION,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Ensemble directory (default: ensembles/SCENARIO)."),
    ] = None,
    regret: Annotated[
        bool, typer.Option("--regret/--no-regret", help="Cost the central build in each future.")
    ] = True,
    lang: LangOption = None,
) -> None:
    """Plan many sampled futures on Dask; report the fans and the no-regret builds.

    Example: zerozone ensemble aghali --samples 8 --resolution weeks:1
    """
    language = language_of(lang)
    _ = translator(language)
    resolution_of(resolution)
    loaded = scenario_of(scenario)
    section = check_uncertainty(loaded)
    target = out or Path("ensembles") / loaded.name
    table = latin_hypercube(section, samples)
    prepare(target, loaded, table, resolution, language)
    save_samples(table, target)
    console = Console()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with dask_client(scheduler, workers) as client, Progress(*columns, console=console) as bar:
        task = bar.add_task(_("futures"), total=samples + 1, counts="")

        def show(counts: Counts) -> None:
            text = _("done {done}, failed {failed}, running {running}, skipped {skipped}")
            bar.update(
                task,
                completed=counts.skipped + counts.done + counts.failed,
                counts=text.format(**vars(counts)),
            )

        outcomes = run_ensemble(
            loaded, table, target, client, resolution=resolution, on_progress=show
        )
        if regret:
            bar.update(task, description=_("regret"))
            run_regret(loaded, table, outcomes, target, client, resolution=resolution)
    reports = write_outputs(target, loaded, outcomes)
    counts = outcomes["status"].value_counts()
    console.print(
        _("futures: {optimal} optimal, {infeasible} with targets relaxed, {failed} failed").format(
            optimal=int(counts.get("optimal", 0)),
            infeasible=int(counts.get("infeasible", 0)),
            failed=int(counts.get("failed", 0)),
        ),
        highlight=False,
    )
    for row in outcomes[outcomes["status"] == "failed"].itertuples():
        console.print(f"  {row.key}: {row.reason}", style="red", highlight=False)
    console.print(
        _("ensemble directory: {path}").format(path=target), highlight=False, soft_wrap=True
    )
    for path in reports:
        console.print(_("report: {path}").format(path=path), highlight=False, soft_wrap=True)


def alternatives(
    run_dir: Annotated[Path, typer.Argument(help="Run directory of an optimal plan.")],
    slack: Annotated[
        float, typer.Option("--slack", min=0.0, help="Allowed cost increase (0.05: 5 %).")
    ] = 0.05,
    directions: Annotated[
        str,
        typer.Option(
            "--directions",
            help="Comma-separated: groups (min and max of every technology group), group names, "
            "random:N.",
        ),
    ] = "groups",
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of random directions.")] = 0,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    lang: LangOption = None,
) -> None:
    """Explore plans within a cost slack of the optimum (modelling to generate alternatives).

    Example: zerozone alternatives runs/aghali --slack 0.05
    """
    language = language_of(lang)
    _ = translator(language)
    run = read_run(run_dir, language)
    if run.meta.get("status") != "optimal":
        raise typer.BadParameter(
            _("alternatives need an optimal plan; this run is {status}").format(
                status=run.meta.get("status")
            ),
            param_hint="RUN_DIR",
        )
    chosen = mga.parse_directions(directions, mga.scenario_groups(run.scenario), seed, language)
    console = Console()
    with dask_client(scheduler, workers) as client, console.status(_("solving alternatives")):
        solved, ranges = mga.run_alternatives(run_dir, slack, chosen, client)
    names = {t.id: getattr(t.name, language) for t in run.scenario.technologies}
    view = Table(
        title=_("Capacity in {year} within {slack} % of the least cost (MW)").format(
            year=run.scenario.policy.periods[-1], slack=format_number(100 * slack, language, 1)
        ),
        title_justify="left",
    )
    for heading in (_("Technology"), _("optimum"), _("lowest"), _("highest")):
        view.add_column(heading, justify="left" if heading == _("Technology") else "right")
    for row in ranges.itertuples():
        values = (row.optimum_mw, row.min_mw, row.max_mw)
        view.add_row(
            names.get(str(row.tech), str(row.tech)),
            *(format_number(v, language, 1) for v in values),
        )
    print_tables(console, [view], language)
    failed = solved[solved["status"] != "optimal"]["direction"].unique().tolist()
    if failed:
        console.print(
            _("directions not solved: {names}").format(names=", ".join(failed)), style="yellow"
        )
    console.print(
        _("tables: {path}").format(path=run_dir / mga.RANGES_FILE), highlight=False, soft_wrap=True
    )
