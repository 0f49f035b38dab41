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
from zerozone.errors import SOLVER_FAILURE, USAGE_ERROR, ZerozoneError
from zerozone.finance import Spreading, analyse_run
from zerozone.finance import assumptions as defaults
from zerozone.finance.reference import current_reference
from zerozone.i18n import Language, translator
from zerozone.report.html import render_report, write_html
from zerozone.report.pdf import PdfError, print_pdf
from zerozone.results import read_run

FORMATS = ("html", "pdf")
"""The formats ``zerozone report`` writes."""
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
"""The format an output file's extension asks for."""


class ReportFormatError(ZerozoneError):
    """``--format`` is unknown or contradicts the extension of ``--out``."""


def output_format_of(requested: str | None, out: Path | None, lang: Language = "en") -> str:
    """The report's format: ``--format`` if given, else the extension of ``--out``, else html.

    Parameters
    ----------
    requested : str or None
        The ``--format`` option.
    out : pathlib.Path or None
        The ``--out`` option.
    lang : {"en", "az"}
        Language of the error message.

    Raises
    ------
    ReportFormatError
        An unknown format, or one that contradicts the extension (``--format html --out r.pdf``).
    """
    _ = translator(lang)
    implied = SUFFIX_FORMATS.get(out.suffix.lower()) if out is not None else None
    if requested is None:
        return implied or "html"
    chosen = requested.lower()
    if chosen not in FORMATS:
        raise ReportFormatError(
            _("--format {value}: use html or pdf").format(value=requested), exit_code=USAGE_ERROR
        )
    if implied is not None and implied != chosen:
        raise ReportFormatError(
            _(
                "--format {format} does not match --out {path}: give a .{format} file or drop "
                "--format"
            ).format(format=chosen, path=out),
            exit_code=USAGE_ERROR,
        )
    return chosen


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
    lang: LangOption = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="html|pdf",
            show_default=False,
            help="html or pdf (printed by Chromium); by default the extension of --out, else html.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            show_default=False,
            help="File to write; default RUN_DIR/report.html (report.az.html in Azerbaijani).",
        ),
    ] = None,
    reference: ReferenceOption = None,
    solve_reference_run: SolveReferenceOption = False,
    wacc: WaccOption = None,
    concessional_share: ShareOption = defaults.CONCESSIONAL_SHARE,
    concessional_rate: RateOption = defaults.CONCESSIONAL_RATE,
    domestic_budget: BudgetOption = defaults.DOMESTIC_BUDGET_USD_PER_YEAR,
    charging_cost: ChargingOption = None,
) -> None:
    """Write the report of a run: headline figures, charts, finance tables, sources, methods.

    Example: zerozone report runs/aghali --out aghali.pdf --lang az
    """
    language = language_of(lang)
    _ = translator(language)
    output_format = output_format_of(output_format, out, language)
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
                Console(stderr=True).print(_("error: ") + str(error), style="red", highlight=False)
                raise typer.Exit(SOLVER_FAILURE) from None  # Chromium could not print the PDF
    console.print(
        _("report written to {path}").format(path=target), highlight=False, soft_wrap=True
    )
