"""Annuities, blended rates and the period weights that turn annual costs into present values.

The planner annualises an investment ``I`` [USD] over its lifetime ``n`` [yr] at rate ``r``
[1/yr] with the capital recovery factor

.. math:: a(r, n) = \\frac{r}{1 - (1 + r)^{-n}} \\quad (a(0, n) = 1/n)

and pays ``I·(a + f)`` every year the asset is in service within the horizon, ``f`` being the
fixed O&M share [1/yr]. A period ``p`` of ``L_p`` years weighs
``w_p = Σ_{k<L_p} (1 + ρ)^{-(p - p_0 + k)}`` in present values (discounted to the start of the
first period ``p_0`` at the scenario's discount rate ``ρ``). These are the planner's own
functions (:mod:`zerozone.data.economics`), re-exported so that finance and model cannot drift.
"""

from __future__ import annotations

import pandas as pd

from zerozone.data.economics import annuity_factor, period_lengths, period_objective_weights
from zerozone.data.schema import Scenario

__all__ = [
    "Tranches",
    "annuity_factor",
    "blended_rate",
    "financing_annuity",
    "period_table",
]

Tranches = tuple[tuple[float, float], ...]
"""How an investment is financed: ``(share [-], rate [1/yr])`` pairs whose shares sum to 1."""


def blended_rate(wacc: float, concessional_share: float, concessional_rate: float) -> float:
    """Financing rate of a mix of market finance and concessional loans [1/yr].

    Parameters
    ----------
    wacc : float
        Rate of the market part (weighted average cost of capital) [1/yr].
    concessional_share : float
        Share of the investment financed by concessional loans [-], in ``[0, 1]``.
    concessional_rate : float
        Rate of the concessional part [1/yr].

    Returns
    -------
    float
        ``(1 - s)·wacc + s·concessional_rate`` [1/yr]: the weighted average, shown as the blend's
        rate. The blend's cost is not the annuity at this rate but :func:`financing_annuity` of
        its two parts (see there).
    """
    if not 0.0 <= concessional_share <= 1.0:
        raise ValueError(f"concessional share must be between 0 and 1, not {concessional_share}")
    return (1.0 - concessional_share) * wacc + concessional_share * concessional_rate


def financing_annuity(financing: float | Tranches, years: float) -> float:
    """Annual payment per unit of investment financed in parts, each at its own rate [1/yr].

    Each part ``k`` (share ``s_k`` of the investment, rate ``r_k``) is repaid over the asset's
    lifetime ``n`` as an annuity of its own: ``Σ_k s_k·a(r_k, n)``. For a blend with
    concessional loans this is what the lenders are paid. It is more than the annuity at the
    weighted average rate, ``a(Σ_k s_k·r_k, n)``, because ``a`` is convex in the rate: the
    average rate would leave the market part short of its return.

    Parameters
    ----------
    financing : float or Tranches
        One rate for the whole investment [1/yr], or ``(share [-], rate [1/yr])`` parts.
    years : float
        Lifetime over which the investment is repaid [yr].

    Returns
    -------
    float
        Capital recovery factor of the financing [1/yr].
    """
    if isinstance(financing, float | int):
        return annuity_factor(float(financing), years)
    return sum(share * annuity_factor(rate, years) for share, rate in financing)


def period_table(scenario: Scenario) -> pd.DataFrame:
    """Length and present-value weight of each investment period.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` [yr] with ``years`` (length [yr]) and ``weight`` (sum of the
        discount factors of its years at the scenario's discount rate [yr]).
    """
    policy = scenario.policy
    periods = list(policy.periods)
    lengths = period_lengths(periods, policy.last_period_years)
    weights = period_objective_weights(periods, lengths, policy.discount_rate)
    return pd.DataFrame(
        {"years": lengths, "weight": weights}, index=pd.Index(periods, name="period")
    )
