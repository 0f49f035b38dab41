"""The dashboard's scenario comparison: the comparison of ``zerozone compare`` and its HTML page
(:mod:`zerozone.report.compare`), shown as tables and charts of the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zerozone.api.errors import RequestInvalidError
from zerozone.api.page_support import chart
from zerozone.api.runs import finance_of
from zerozone.i18n import N_, Language
from zerozone.report.compare import comparison_figures, comparison_tables, run_labels

MAX_RUNS = 8
"""Most runs compared at once [-] (as ``GET /api/runs/compare``)."""
TOO_MANY = N_("compare at most {count} runs at once")


def check_count(runs: list[str]) -> None:
    """Refuse more than :data:`MAX_RUNS` runs.

    Raises
    ------
    RequestInvalidError
        When more are asked for.
    """
    if len(runs) > MAX_RUNS:
        raise RequestInvalidError(
            TOO_MANY,
            {"count": str(MAX_RUNS)},
            problems=[{"path": "query.run", "message": f"at most {MAX_RUNS}"}],
        )


def compare_context(paths: list[Path], lang: Language) -> dict[str, Any]:
    """Tables and charts comparing the runs at ``paths`` (two or more), named by their
    scenarios' titles."""
    check_count([path.name for path in paths])
    results = [finance_of(path) for path in paths]
    figures = comparison_figures(results, lang)
    drawn = (chart(f, height=int(f.layout.height or 380)) for f in figures)
    return {
        "labels": run_labels(results, lang),
        "tables": comparison_tables(results, lang),
        "charts": [c for c in drawn if c],
    }
