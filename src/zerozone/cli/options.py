"""Options and arguments shared by several commands, and how their values are checked.

Each option is declared once here (its flag, help and type) and imported by every command that
takes it; :func:`language_of`, :func:`parsed_option` and :func:`finance_options` turn the values
into the domain's types or a usage error (exit code 2) naming the option.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from zerozone.cli.context import state
from zerozone.cli.failures import write_or_fail
from zerozone.data import load_scenario
from zerozone.data.loader import bundled_scenarios
from zerozone.data.schema import Scenario
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.finance import FinanceInputError, FinanceOptions, Spreading
from zerozone.i18n import LANGUAGES, N_, Language, translator
from zerozone.model.time import DAYS_PER_YEAR, parse_resolution

T = TypeVar("T")

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of help, messages and output: en or az (default: $ZEROZONE_LANG, else en).",
    ),
]
SCENARIO_HELP = "Bundled scenario ({bundled}) or the path of a YAML file."
"""Help of every scenario option and argument (the bundled names are read from the package)."""
RunArgument = Annotated[
    Path, typer.Argument(metavar="RUN_DIR", help="Run directory written by zerozone plan.")
]
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


def language_of(value: str | None) -> Language:
    """The ``--lang`` option's value as a language (the invocation's when not given), or a usage
    error."""
    if value is None:
        return state.lang
    if value not in LANGUAGES:
        _ = translator(state.lang)
        raise typer.BadParameter(_("use en or az"), param_hint="--lang")
    state.lang = value
    return state.lang


RESOLUTION_FORMS = N_(
    "hourly (the whole year), days:N (N representative days, 1 to 365) or weeks:N (the first N "
    "weeks, hourly, 1 to 52)"
)
"""The accepted resolutions, as every resolution error lists them."""


class UnknownScenarioError(ZerozoneError):
    """A scenario that is neither bundled nor an existing file (exit code 2)."""


def scenario_of(name: str) -> Scenario:
    """The bundled scenario or YAML file ``name``, or a plain error naming the bundled ones.

    Raises
    ------
    UnknownScenarioError
        When ``name`` is neither a bundled scenario nor an existing file (a directory included).
    zerozone.data.problems.ScenarioError
        When the file is not a valid scenario (every problem listed).
    """
    _ = translator(state.lang)
    bundled = bundled_scenarios()
    names = ", ".join(bundled)
    if name not in bundled and not Path(name).is_file():
        if Path(name).is_dir():
            text = _("{name} is a directory; give the path of a scenario's YAML file")
        else:
            text = _("there is no bundled scenario called {name} and no file {name}")
        raise UnknownScenarioError(
            text.format(name=name)
            + "; "
            + _(
                "give one of the bundled scenarios ({names}) or the path of an existing YAML file"
            ).format(names=names),
            exit_code=USAGE_ERROR,
        )
    return load_scenario(name)


def resolution_of(value: str, option: str = "--resolution") -> tuple[str, int]:
    """A resolution's form and number (``("days", 12)``), or a usage error that says what is
    wrong and lists the accepted forms."""
    try:
        return parse_resolution(value)
    except ValueError:
        pass
    _ = translator(state.lang)
    counted = re.fullmatch(r"(days|weeks):\s*(-?\d+)", value.strip())
    if counted is None:
        problem = _("{value} is not a resolution").format(value=value)
    elif counted.group(1) == "days":
        problem = _("the number of days must be at least 1 and at most {limit}")
    else:
        problem = _("the number of weeks must be at least 1 and at most {limit}")
    limit = DAYS_PER_YEAR if counted and counted.group(1) == "days" else DAYS_PER_YEAR // 7
    message = (
        problem.format(limit=limit) + "; " + _("use {forms}").format(forms=_(RESOLUTION_FORMS))
    )
    raise typer.BadParameter(message, param_hint=option)


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
        message = str(error)
        if isinstance(parse, type) and issubclass(parse, Enum):  # not "... is not a valid Class"
            _ = translator(state.lang)
            choices = ", ".join(str(member.value) for member in parse)
            message = _("{value} is not one of: {choices}").format(
                value=repr(value), choices=choices
            )
        raise typer.BadParameter(message, param_hint=option) from None


def finance_options(
    wacc: float | None,
    share: float,
    rate: float,
    budget: float,
    spreading: str,
    charging: float | None = None,
) -> FinanceOptions:
    """The finance options from the command line, or a usage error."""
    _ = translator(state.lang)
    try:
        chosen = Spreading(spreading)
    except ValueError:
        raise typer.BadParameter(_("use before or within"), param_hint="--spreading") from None
    options = FinanceOptions(wacc, share, rate, budget, chosen, charging)
    try:
        options.check()
    except FinanceInputError as error:
        raise typer.BadParameter(str(error)) from None
    return options


__all__ = ["write_or_fail"]
