"""``zerozone report``: the plan's report as one self-contained HTML file, or as PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zerozone.cli.finance import analyse
from zerozone.cli.options import (
    BudgetOption,
    ChargingOption,
    LangOption,
    RateOption,
    ReferenceOption,
    RunArgument,
    ShareOption,
    SolveReferenceOption,
    WaccOption,
    finance_options,
    language_of,
    write_or_fail,
)
from zerozone.finance import Spreading, analyse_run
from zerozone.finance import assumptions as defaults
from zerozone.finance.reference import current_reference
from zerozone.i18n import Language, translator
from zerozone.report.html import render_report, write_html
from zerozone.report.pdf import PdfError, print_pdf
from zerozone.results import read_run

FAILED_EXIT = 1
"""Exit code when Chromium cannot print the PDF."""


def default_report_path(run_dir: Path, lang: Language, suffix: str) -> Path:
    """``RUN_DIR/report.html`` (English) or ``RUN_DIR/report.az.html``, ``.pdf`` alike."""
    return run_dir / (f"report.{suffix}" if lang == "en" else f"report.{lang}.{suffix}")


PLAN_REPORT = "report.html"
"""The report ``zerozone plan`` writes into the run directory."""


def write_plan_report(run_dir: Path, lang: Language) -> Path:
    """The report of a finished run, with the default finance options, as ``RUN_DIR/report.html``.

    Parameters
    ----------
    run_dir : pathlib.Path
        The run directory just written.
    lang : {"en", "az"}
        Language of the report.
    """
    run = read_run(run_dir, lang)
    result = analyse_run(run, reference=current_reference(run))
    return write_html(render_report(result, lang), run_dir / PLAN_REPORT)


def report(
    run_dir: RunArgument,
    lang: LangOption = "en",
    output_format: Annotated[
        str, typer.Option("--format", help="html (default) or pdf (printed by Chromium).")
    ] = "html",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="File to write (default RUN_DIR/report[.az].html or .pdf)."),
    ] = None,
    reference: ReferenceOption = None,
    solve_reference_run: SolveReferenceOption = False,
    wacc: WaccOption = None,
    concessional_share: ShareOption = defaults.CONCESSIONAL_SHARE,
    concessional_rate: RateOption = defaults.CONCESSIONAL_RATE,
    domestic_budget: BudgetOption = defaults.DOMESTIC_BUDGET_USD_PER_YEAR,
    charging_cost: ChargingOption = None,
) -> None:
    """Write the report of a run: headline figures, charts, finance tables, sources, methods."""
    language = language_of(lang)
    _ = translator(language)
    if output_format not in ("html", "pdf"):
        raise typer.BadParameter("use html or pdf", param_hint="--format")
    options = finance_options(
        wacc,
        concessional_share,
        concessional_rate,
        domestic_budget,
        Spreading.BEFORE.value,
        charging_cost,
    )
    run = read_run(run_dir, language)
    console = Console()
    result = analyse(run, options, reference, solve_reference_run, console)
    target = out or default_report_path(run_dir, language, output_format)
    html = render_report(result, language)
    if output_format == "html":
        write_or_fail(lambda: write_html(html, target), target)
    else:
        with tempfile.TemporaryDirectory(prefix="zerozone-report-") as folder:
            page = write_html(html, Path(folder) / "report.html")
            try:
                write_or_fail(lambda: print_pdf(page, target), target)
            except PdfError as error:
                Console(stderr=True).print(f"error: {error}", style="red", highlight=False)
                raise typer.Exit(FAILED_EXIT) from None
    console.print(_("report written to {path}").format(path=target), highlight=False)
