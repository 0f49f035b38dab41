"""Settlements known to the service's scenarios, for naming an operator token's settlements.

Tokens are created while the service may hold the meter store, so a settlement is looked up in
the bundled and uploaded scenarios (by id, English or Azerbaijani name), not in the store.
"""

from __future__ import annotations

from pathlib import Path

from zerozone.api.tokens import TokenError
from zerozone.data import bundled_scenarios, load_scenario
from zerozone.data.problems import ScenarioError


def known_settlements(scenarios_dir: Path) -> dict[str, str]:
    """Every name (id, English, Azerbaijani; lower case) of a settlement mapped to its id."""
    sources = [*bundled_scenarios(), *(str(p) for p in sorted(scenarios_dir.glob("*.yaml")))]
    names: dict[str, str] = {}
    for source in sources:
        try:
            scenario = load_scenario(source)
        except ScenarioError:
            continue
        for place in scenario.settlements:
            for name in (place.id, place.name.en, place.name.az):
                names.setdefault(name.lower(), place.id)
    return names


def settlement_ids(scenarios_dir: Path, wanted: list[str]) -> list[str]:
    """The ids of the settlements ``wanted`` (ids or names).

    Raises
    ------
    TokenError
        When one is not a settlement of any scenario.
    """
    names = known_settlements(scenarios_dir)
    unknown = [w for w in wanted if w.lower() not in names]
    if unknown:
        raise TokenError(
            f"unknown settlement(s): {', '.join(unknown)} (not in any bundled or uploaded scenario)"
        )
    return [names[w.lower()] for w in wanted]
