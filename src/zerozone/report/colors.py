"""Colours of technologies and categories in the charts (technologies by their kind's colours in
the table of kinds, shaded per technology so that two solar technologies stay apart)."""

from __future__ import annotations

from zerozone.data.kinds import spec
from zerozone.data.schema import Scenario

CATEGORY_COLORS = {
    "generation": "#f2b705",
    "storage": "#8e44ad",
    "grid": "#2a9d8f",
    "heat": "#d1495b",
    "transport_charging": "#3a86c8",
}
EXCHANGE_COLOR = "#5c6bc0"
"""Power received from other zones and markets."""
OUTFLOW_COLOR = "#b3bbe6"
"""Power sent to other zones and markets."""
MARKET_COLORS = ["#5c6bc0", "#9fa8da", "#3949ab"]
TRANSPORT_COLOR = "#34495e"
CAP_COLOR = "#c0392b"
OTHER_COLOR = "#95a5a6"
ITEM_COLORS = {"ev_charging": "#17becf"}
"""Colours of investment items that are not technologies (charging stations)."""


def technology_colors(scenario: Scenario) -> dict[str, str]:
    """A colour for every technology id of ``scenario``."""
    seen: dict[str, int] = {}
    colors = {}
    for tech in scenario.technologies:
        shades = spec(tech.kind).colors
        index = seen.get(tech.kind.value, 0)
        colors[tech.id] = shades[index % len(shades)]
        seen[tech.kind.value] = index + 1
    return colors


def lighter(color: str, share: float = 0.45) -> str:
    """``color`` (``#rrggbb``) mixed with ``share`` of white."""
    red, green, blue = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    mixed = (round(c + (255 - c) * share) for c in (red, green, blue))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


FLOW_COLORS = {
    "sun": "#f2b705",
    "wind": "#3a86c8",
    "water": "#1b9e9e",
    "fuel": "#6d6d6d",
    "discharge": "#8e44ad",
    "import": "#2e7d32",
    "charge": "#c39bd3",
    "export": "#e67e22",
    "use": "#222222",
}
"""The few series of a week chart (generation by source, storage, net exchange, local use)."""
LINE_COLORS = ["#0b5d78", "#d1495b", "#2e7d32", "#8e44ad", "#e67e22", "#3a86c8", "#6d6d6d"]
"""Distinct colours for lines that must stay apart (storage levels, compared runs)."""
