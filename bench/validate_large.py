"""Validation time of a large scenario file with thousands of problems.

Builds a scenario of about ``--megabytes`` MB from the bundled ``aghali`` file by adding
settlements that each carry three problems (unknown zone, latitude out of range, population
variants out of order), then times :func:`zerozone.data.parse_scenario` on it: the median of
``--runs`` runs, with the number of problems reported. Nothing is asserted.

Usage: ``.venv/bin/python bench/validate_large.py --megabytes 5 --runs 3``
"""

from __future__ import annotations

import argparse
import statistics
import time

from zerozone.data import ScenarioError, parse_scenario
from zerozone.data.loader import resolve_scenario_path

ENTRY = """  - id: s{i}
    name: {{en: Place {i}, az: Yer {i}}}
    zone: nowhere
    kind: village
    location: {{lat: 95.0, lon: 46.67}}
    population:
      2024: {{low: 871, central: 800, high: 871}}
      2030: {{low: 900, central: 1000, high: 1000}}
    source: x
"""


def large_scenario(megabytes: float) -> str:
    """The bundled ``aghali`` scenario with bad settlements added up to ``megabytes`` MB."""
    _, base = resolve_scenario_path("aghali")
    count = int(megabytes * 1e6 / len(ENTRY.format(i=10_000)))
    added = "".join(ENTRY.format(i=i) for i in range(count))
    return base.replace("settlements:\n", "settlements:\n" + added, 1)


def main() -> None:
    """Print the file size, problems found and the median validation time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    text = large_scenario(options.megabytes)
    times, problems = [], 0
    for run in range(options.runs):
        start = time.perf_counter()
        try:
            parse_scenario(text, "large.yaml")
        except ScenarioError as error:
            problems = len(error.problems)
        times.append(time.perf_counter() - start)
        print(f"run {run + 1}: {times[-1]:.2f} s")
    print(
        f"{len(text) / 1e6:.1f} MB, {problems:,} problems: median {statistics.median(times):.2f} s"
    )


if __name__ == "__main__":
    main()
