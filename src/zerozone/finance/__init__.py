"""Climate finance of a plan: investment per year, annuities, LCOE, abatement cost, cost of
capital and finance needs, computed from a run directory (never by solving).

One module per concept: :mod:`~zerozone.finance.annuity`, :mod:`~zerozone.finance.builds`
(what is built), :mod:`~zerozone.finance.investment` (when it is paid),
:mod:`~zerozone.finance.costs` (annualised and discounted costs),
:mod:`~zerozone.finance.lcoe`, :mod:`~zerozone.finance.abatement`,
:mod:`~zerozone.finance.cost_of_capital`, :mod:`~zerozone.finance.needs`,
:mod:`~zerozone.finance.comparison`; :mod:`~zerozone.finance.analysis` computes them all.
Conventions, formulas and units: ``docs/finance.md``.
"""

from zerozone.finance.abatement import Abatement, IncomparableRunsError, reference_scenario
from zerozone.finance.analysis import (
    FinanceInputError,
    FinanceOptions,
    FinanceResult,
    analyse_run,
)
from zerozone.finance.investment import Spreading

__all__ = [
    "Abatement",
    "FinanceInputError",
    "FinanceOptions",
    "FinanceResult",
    "IncomparableRunsError",
    "Spreading",
    "analyse_run",
    "reference_scenario",
]
