"""Options and arguments shared by several commands, and how their values are checked.

Each option is declared once here (its flag, help and type) and imported by every command that
takes it; :func:`language_of`, :func:`parsed_option` and :func:`finance_options` turn the values
into the domain's types or a usage error (exit code 2) naming the option.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from zerozone.finance import FinanceInputError, FinanceOptions, Spreading
from zerozone.i18n import Language

T = TypeVar("T")

LangOption = Annotated[str, typer.Option("--lang", help="Language of the output: en or az.")]
RunArgument = Annotated[Path, typer.Argument(help="Run directory written by zerozone plan.")]
ReferenceOption = Annotated[
    Path | None,
    typer.Option(
        "--reference",
        help="Run directory of the same scenario without the cap (default: RUN_DIR/reference "
        "when it holds one).",
    ),
]
SolveReferenceOption = Annotated[
    bool,
    typer.Option(
        "--solve-reference",
        help="Solve the scenario without its cap (kept in RUN_DIR/reference) for the "
        "abatement cost.",
    ),
]
WaccOption = Annotated[
    float | None,
    typer.Option("--wacc", help="Market cost of capital, e.g. 0.08 (default: the discount rate)."),
]
ShareOption = Annotated[
    float,
    typer.Option("--concessional-share", help="Share of the investment on concessional terms."),
]
RateOption = Annotated[
    float, typer.Option("--concessional-rate", help="Interest rate of the concessional part.")
]
BudgetOption = Annotated[
    float,
    typer.Option("--domestic-budget", help="Domestic budget for the investment [USD/yr]."),
]
ChargingOption = Annotated[
    float | None,
    typer.Option(
        "--charging-cost",
        help="Cost of charging stations per kW of peak charging load [USD/kW]; not costed "
        "without it.",
    ),
]
SpreadingOption = Annotated[
    str,
    typer.Option(
        "--spreading", help="When a period's investment is paid: before (default) or within."
    ),
]


def language_of(value: str) -> Language:
    """The ``--lang`` option's value as a language, or a usage error."""
    if value not in ("en", "az"):
        raise typer.BadParameter("use en or az", param_hint="--lang")
    return value  # type: ignore[return-value]


def parsed_option(parse: Callable[[str], T], value: str, option: str) -> T:
    """An option's value parsed, or a usage error naming the option.

    Parameters
    ----------
    parse : callable
        Parser of the value; raises ``ValueError`` with a message for the user.
    value : str
        The option's value as given.
    option : str
        The option named in the usage error, e.g. ``--unit``.
    """
    try:
        return parse(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


def finance_options(
    wacc: float | None,
    share: float,
    rate: float,
    budget: float,
    spreading: str,
    charging: float | None = None,
) -> FinanceOptions:
    """The finance options from the command line, or a usage error."""
    try:
        chosen = Spreading(spreading)
    except ValueError:
        raise typer.BadParameter("use before or within", param_hint="--spreading") from None
    options = FinanceOptions(wacc, share, rate, budget, chosen, charging)
    try:
        options.check()
    except FinanceInputError as error:
        raise typer.BadParameter(str(error)) from None
    return options


def write_or_fail(write: Callable[[], T], target: Path) -> T:
    """Call ``write``; a file that cannot be written is a usage error naming ``--out``."""
    try:
        return write()
    except OSError as error:
        reason = error.strerror or str(error)
        raise typer.BadParameter(f"cannot write {target}: {reason}", param_hint="--out") from None
