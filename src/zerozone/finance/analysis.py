"""Every finance table of a run, computed once, for the command, the report and the comparison.

:func:`analyse_run` reads a run directory's tables and scenario and returns a
:class:`FinanceResult`: investment per year, annual costs, the total discounted cost and its
reconciliation with the planner's objective, LCOEs, cost-of-capital cases, finance needs and,
given a reference run without the cap, the abatement cost. Costs are full costs (existing,
committed and planned assets, split: :mod:`zerozone.results.costs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zerozone.errors import ZerozoneError
from zerozone.finance import assumptions as a
from zerozone.finance.abatement import Abatement, abatement_cost
from zerozone.finance.annuity import blended_rate
from zerozone.finance.builds import Builds, read_builds
from zerozone.finance.charging import charging_builds
from zerozone.finance.cost_of_capital import FinancingCase, cost_of_capital_cases
from zerozone.finance.costs import Reconciliation, annual_costs, net_cost_by_period, reconcile
from zerozone.finance.investment import Spreading, investment_by_year
from zerozone.finance.lcoe import system_lcoe, technology_lcoe
from zerozone.finance.needs import concessional_share, finance_needs
from zerozone.results.derived import emissions_by_period
from zerozone.results.run_directory import RunDirectory


class FinanceInputError(ZerozoneError, ValueError):
    """A run directory that the finance tables cannot be computed from."""


@dataclass(frozen=True)
class FinanceOptions:
    """The user's choices for the finance tables (``None``: the documented default).

    Attributes
    ----------
    wacc : float or None
        Market financing rate [1/yr]; the scenario's discount rate when None.
    concessional_share : float
        Share of the investment on concessional terms [-].
    concessional_rate : float
        Rate of the concessional part [1/yr].
    domestic_budget_usd_per_year : float
        Domestic budget for the investment [USD/yr].
    spreading : Spreading
        When a period's investment is spent.
    charging_cost_usd_per_kw : float or None
        Cost of charging stations per kW of peak charging load [USD/kW]; not costed when None.
    """

    wacc: float | None = None
    concessional_share: float = a.CONCESSIONAL_SHARE
    concessional_rate: float = a.CONCESSIONAL_RATE
    domestic_budget_usd_per_year: float = a.DOMESTIC_BUDGET_USD_PER_YEAR
    spreading: Spreading = Spreading.BEFORE
    charging_cost_usd_per_kw: float | None = None

    def check(self) -> None:
        """Raise :class:`FinanceInputError` naming every option out of range."""
        problems = []
        if self.wacc is not None and not 0.0 <= self.wacc <= 0.5:
            problems.append(f"--wacc {self.wacc}: give a rate between 0 and 0.5 (0.08 = 8 %)")
        if not 0.0 <= self.concessional_share <= 1.0:
            problems.append(
                f"--concessional-share {self.concessional_share}: give a share between 0 and 1"
            )
        if not 0.0 <= self.concessional_rate <= 0.5:
            problems.append(
                f"--concessional-rate {self.concessional_rate}: give a rate between 0 and 0.5"
            )
        if self.domestic_budget_usd_per_year < 0:
            problems.append(
                f"--domestic-budget {self.domestic_budget_usd_per_year}: cannot be negative"
            )
        if self.charging_cost_usd_per_kw is not None and self.charging_cost_usd_per_kw < 0:
            problems.append(f"--charging-cost {self.charging_cost_usd_per_kw}: cannot be negative")
        if problems:
            raise FinanceInputError("; ".join(problems))


@dataclass(frozen=True)
class FinanceResult:
    """The finance tables of one run (units in each table's documentation).

    Attributes
    ----------
    run : RunDirectory
        The run.
    options : FinanceOptions
        The choices used.
    wacc : float
        The market financing rate used [1/yr].
    builds : Builds
        Planned and committed investments.
    investment : pandas.DataFrame
        Overnight investment per year (:func:`~zerozone.finance.investment.investment_by_year`).
    costs : pandas.DataFrame
        Full annual costs at the scenario's discount rate, split by part
        (:func:`~zerozone.finance.costs.annual_costs`).
    reconciliation : Reconciliation
        Total discounted cost against the cost table and the objective.
    system : pandas.DataFrame
        System LCOE and average cost of supply per period.
    technologies : pandas.DataFrame
        LCOE per technology and period at the WACC.
    financing : pandas.DataFrame
        Cost-of-capital cases (first row: the plan as solved).
    supply_cost : pandas.DataFrame
        Average cost of supply per case and period [USD/MWh].
    needs : pandas.DataFrame
        Finance need, budget, gap and the concessional share that would close it, per year.
    emissions : pandas.Series
        Annual emissions by period [t/yr].
    abatement : Abatement or None
        Against the reference run, when one was given.
    reference : RunDirectory or None
        The reference run.
    assumptions : list of Assumption
        The finance assumptions used, with their sources.
    """

    run: RunDirectory
    options: FinanceOptions
    wacc: float
    builds: Builds
    investment: pd.DataFrame
    costs: pd.DataFrame
    reconciliation: Reconciliation
    system: pd.DataFrame
    technologies: pd.DataFrame
    financing: pd.DataFrame
    supply_cost: pd.DataFrame
    needs: pd.DataFrame
    emissions: pd.Series
    abatement: Abatement | None = None
    reference: RunDirectory | None = None
    assumptions: list[a.Assumption] = field(default_factory=list)

    @property
    def total_discounted_usd(self) -> float:
        """System cost, all assets, discounted [USD]."""
        return self.reconciliation.total_usd

    @property
    def decision_discounted_usd(self) -> float:
        """Objective, decision-relevant costs, discounted [USD]."""
        return self.reconciliation.decision_usd


def check_run(run: RunDirectory) -> None:
    """Raise :class:`FinanceInputError` unless ``run`` has result tables (a failed run has
    none; :func:`zerozone.results.read_run` has checked the others against the declaration)."""
    if not run.tables:
        status = run.meta.get("status", "unknown")
        raise FinanceInputError(
            f"{run.path} has no result tables (run status: {status}); plan again with zerozone plan"
        )


def financing_cases(
    run: RunDirectory, options: FinanceOptions, needs: pd.DataFrame | None = None
) -> list[FinancingCase]:
    """The plan's own rate, the WACC if it differs, the concessional blend (the WACC and the
    concessional rate, each on its share), the blend that closes the finance gap (its share the
    horizon's gap over its need, :mod:`zerozone.finance.needs`; when ``needs`` has a gap) and
    the sensitivities."""
    rate = run.scenario.policy.discount_rate
    wacc = rate if options.wacc is None else options.wacc
    cases = [FinancingCase("plan", rate, a.WACC_SOURCE)]
    if wacc != rate:
        cases.append(FinancingCase("wacc", wacc, "--wacc"))
    share = options.concessional_share
    cases.append(
        FinancingCase(
            "blended",
            blended_rate(wacc, share, options.concessional_rate),
            a.CONCESSIONAL_SOURCE,
            tranches=((1.0 - share, wacc), (share, options.concessional_rate)),
        )
    )
    if needs is not None and len(needs) and float(needs["gap_usd"].sum()) > 0:
        closing = float(concessional_share(needs["gap_usd"].sum(), needs["need_usd"].sum()))
        cases.append(
            FinancingCase(
                "gap_concessional",
                blended_rate(wacc, closing, options.concessional_rate),
                a.GAP_CONCESSIONAL_SOURCE,
                tranches=((1.0 - closing, wacc), (closing, options.concessional_rate)),
            )
        )
    cases.extend(FinancingCase(key, value, source) for key, value, source in a.WACC_SENSITIVITIES)
    return cases


def used_assumptions(options: FinanceOptions, wacc: float) -> list[a.Assumption]:
    """The assumptions behind the finance tables, each with its value, unit and source."""
    return [
        a.Assumption("wacc", wacc, "1/yr", a.WACC_SOURCE if options.wacc is None else "--wacc"),
        a.Assumption(
            "concessional_share",
            options.concessional_share,
            "-",
            a.CONCESSIONAL_SOURCE,
        ),
        a.Assumption("concessional_rate", options.concessional_rate, "1/yr", a.CONCESSIONAL_SOURCE),
        a.Assumption(
            "domestic_budget",
            options.domestic_budget_usd_per_year,
            "USD/yr",
            a.DOMESTIC_BUDGET_SOURCE
            if options.domestic_budget_usd_per_year == a.DOMESTIC_BUDGET_USD_PER_YEAR
            else "--domestic-budget",
        ),
        a.Assumption("ncqg", a.NCQG_USD_PER_YEAR, "USD/yr", a.NCQG_SOURCE),
        *(
            []
            if options.charging_cost_usd_per_kw is None
            else [
                a.Assumption(
                    "charging_cost",
                    options.charging_cost_usd_per_kw,
                    "USD/kW",
                    a.CHARGING_SOURCE,
                )
            ]
        ),
        a.Assumption(
            "committed_build_years", a.COMMITTED_BUILD_YEARS, "yr", a.COMMITTED_BUILD_SOURCE
        ),
    ]


def analyse_run(
    run: RunDirectory,
    options: FinanceOptions | None = None,
    reference: RunDirectory | None = None,
) -> FinanceResult:
    """Compute every finance table of ``run``.

    Parameters
    ----------
    run : RunDirectory
        A run read with :func:`zerozone.results.read_run`.
    options : FinanceOptions, optional
        The user's choices; defaults when None.
    reference : RunDirectory, optional
        The same scenario solved without the emission cap, for the abatement cost.

    Raises
    ------
    FinanceInputError
        When the run lacks result tables or an option is out of range.
    """
    options = options or FinanceOptions()
    options.check()
    check_run(run)
    scenario = run.scenario
    periods = list(scenario.policy.periods)
    rate = scenario.policy.discount_rate
    wacc = rate if options.wacc is None else options.wacc
    builds = read_builds(run)
    charging = (
        None
        if options.charging_cost_usd_per_kw is None
        else charging_builds(scenario, options.charging_cost_usd_per_kw)
    )
    investment = investment_by_year(scenario, builds, options.spreading, charging)
    costs = annual_costs(run, rate)
    emissions = emissions_by_period(run)
    needs = finance_needs(investment, options.domestic_budget_usd_per_year)
    financing, supply_cost = cost_of_capital_cases(run, financing_cases(run, options, needs))
    abatement = None
    if reference is not None:
        check_run(reference)
        reference_costs = annual_costs(reference, rate)
        abatement = abatement_cost(
            scenario,
            net_cost_by_period(costs, periods),
            emissions,
            reference.scenario,
            net_cost_by_period(reference_costs, periods),
            emissions_by_period(reference),
        )
    assumptions = used_assumptions(options, wacc)
    return FinanceResult(
        run=run,
        options=options,
        wacc=wacc,
        builds=builds,
        investment=investment,
        costs=costs,
        reconciliation=reconcile(run, costs),
        system=system_lcoe(run, costs),
        technologies=technology_lcoe(run, wacc),
        financing=financing,
        supply_cost=supply_cost,
        needs=needs,
        emissions=emissions,
        abatement=abatement,
        reference=reference,
        assumptions=assumptions,
    )
