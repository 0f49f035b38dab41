"""``zerozone compare``: several runs side by side, in the terminal and as an HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zerozone.cli.finance import to_rich
from zerozone.cli.options import LangOption, language_of, write_or_fail
from zerozone.finance import FinanceResult, analyse_run
from zerozone.i18n import translator
from zerozone.report.compare import comparison_tables, render_comparison
from zerozone.report.html import write_html
from zerozone.results import read_run


def compare_command(
    runs: Annotated[list[Path], typer.Argument(help="Two or more run directories.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the comparison as an HTML file.")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Compare plans: cost, investment, emissions, LCOE and capacity in the last period."""
    language = language_of(lang)
    _ = translator(language)
    if len(runs) < 2:
        raise typer.BadParameter("give at least two run directories", param_hint="RUNS")
    results: list[FinanceResult] = [analyse_run(read_run(path, language)) for path in runs]
    console = Console()
    for data in comparison_tables(results, language):
        console.print(to_rich(data))
    if out is not None:
        page = render_comparison(results, language)
        write_or_fail(lambda: write_html(page, out), out)
        console.print(_("report written to {path}").format(path=out), highlight=False)
