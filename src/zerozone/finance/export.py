"""The finance tables written to files: one CSV per table and ``finance.json`` with the
headline figures, the cost split, the reconciliation and the assumptions."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from zerozone.finance.analysis import FinanceResult
from zerozone.finance.comparison import headline
from zerozone.results.costs import EXISTING_CAPITAL, discounted_totals, split_by_period


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary(result: FinanceResult) -> dict[str, Any]:
    """Headline figures, reconciliation, abatement and assumptions as plain data."""
    recon = result.reconciliation
    data: dict[str, Any] = {
        "run": str(result.run.path),
        "scenario": result.run.scenario.name,
        "currency": f"USD {result.run.scenario.currency_year}",
        "headline": {k: _clean(v) for k, v in headline(result).items()},
        "costs": {
            "basis": "full costs: existing (fixed O&M), committed and planned assets, operation",
            "existing_remaining_annuity": EXISTING_CAPITAL,
            "discounted_usd": discounted_totals(result.costs),
            "supply_cost_usd_per_mwh": {
                str(k): _clean(float(v))
                for k, v in result.system["supply_cost_usd_per_mwh"].items()
            },
        },
        "reconciliation": {
            "system_cost_all_assets_discounted_usd": recon.total_usd,
            "objective_decision_relevant_discounted_usd": recon.decision_usd,
            "cost_table_usd": recon.cost_table_usd,
            "objective_usd": recon.objective_usd,
            "transport_fuel_discounted_usd": recon.transport_fuel_usd,
            "objective_gap_usd": recon.objective_gap_usd,
            "agrees": recon.agrees(),
        },
        "spreading": result.options.spreading.value,
        "assumptions": [asdict(item) for item in result.assumptions],
    }
    if result.abatement is not None:
        data["abatement"] = {
            "reference": None if result.reference is None else str(result.reference.path),
            "extra_cost_usd": result.abatement.extra_cost_usd,
            "abated_t": result.abatement.abated_t,
            "levelised_usd_per_t": _clean(result.abatement.levelised_usd_per_t),
            "simple_usd_per_t": _clean(result.abatement.simple_usd_per_t),
        }
    return data


def write_tables(result: FinanceResult, out: Path) -> list[Path]:
    """Write every finance table of ``result`` into directory ``out`` (created).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "investment_by_year": result.investment,
        "annual_costs": result.costs,
        "cost_split": split_by_period(result.costs, result.run.periods)
        .rename_axis("part")
        .reset_index(),
        "system_lcoe": result.system.reset_index(),
        "technology_lcoe": result.technologies,
        "cost_of_capital": result.financing,
        "supply_cost_by_case": result.supply_cost.reset_index(),
        "finance_needs": result.needs.reset_index(),
        "committed_builds": result.builds.committed,
    }
    if result.abatement is not None:
        tables["abatement"] = result.abatement.by_period.reset_index()
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False)
        written.append(path)
    path = out / "finance.json"
    path.write_text(json.dumps(summary(result), indent=2, default=str), encoding="utf-8")
    written.append(path)
    return written
