"""The investment categories of the finance tables and the technology kinds in each."""

from __future__ import annotations

from enum import StrEnum

from zerozone.data.kinds import KINDS, TechnologyKind


class Category(StrEnum):
    """What an investment buys.

    ``transport_charging``: the scenario schema has no charging technology (electric vehicles
    appear as electricity demand), so the planner builds none; the finance tables count
    charging stations sized to the charging load when the user gives their cost
    (:mod:`zerozone.finance.charging`), zero otherwise.
    """

    GENERATION = "generation"
    STORAGE = "storage"
    GRID = "grid"
    HEAT = "heat"
    TRANSPORT_CHARGING = "transport_charging"


KIND_CATEGORY: dict[TechnologyKind, Category] = {
    kind: Category(row.role.value) for kind, row in KINDS.items()
}
"""Category of each technology kind, its role in the table of kinds (links are
:attr:`Category.GRID`)."""

ELECTRICITY_CATEGORIES = (Category.GENERATION, Category.STORAGE, Category.GRID)
"""Categories whose assets supply electricity (the system LCOE's capital part)."""


def category_of(kind: TechnologyKind | str) -> Category:
    """The investment category of a technology kind."""
    return KIND_CATEGORY[TechnologyKind(kind)]
