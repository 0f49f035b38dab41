"""``zerozone compare``: several runs side by side, in the terminal and as an HTML page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zerozone.cli.finance import to_rich
from zerozone.cli.options import LangOption, language_of, write_or_fail
from zerozone.cli.tables import print_tables
from zerozone.finance import FinanceResult, analyse_run
from zerozone.i18n import translator
from zerozone.report.compare import comparison_tables, render_comparison
from zerozone.report.html import write_html
from zerozone.results import read_run


def compare_command(
    runs: Annotated[
        list[Path],
        typer.Argument(
            metavar="RUN_DIR...", help="Two or more run directories.", show_default=False
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            show_default=False,
            help="Also write the comparison as an HTML page.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Compare plans: status, cost, investment, emissions, LCOE and capacity, also per person.

    Example: zerozone compare runs/default runs/aghali --out compare.html
    """
    language = language_of(lang)
    _ = translator(language)
    if len(runs) < 2:
        raise typer.BadParameter(_("give at least two run directories"), param_hint="RUN_DIR")
    results: list[FinanceResult] = [analyse_run(read_run(path, language)) for path in runs]
    console = Console()
    tables = comparison_tables(results, language)
    for k, name in enumerate(tables[0].header[1:], start=1):
        console.print(f"[{k}] {name}", highlight=False, markup=False)
    # the runs' full names are listed above; the columns carry their numbers to fit 80 columns
    short = [
        to_rich(replace(t, header=[t.header[0], *(f"[{k}]" for k in range(1, len(t.header)))]))
        for t in tables
    ]
    print_tables(console, short, language)
    if out is not None:
        page = render_comparison(results, language)
        write_or_fail(lambda: write_html(page, out), out)
        console.print(
            _("report written to {path}").format(path=out), highlight=False, soft_wrap=True
        )
