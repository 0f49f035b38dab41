"""Technology kinds and their roles (the one place that says which kinds do what).

Modules ask these sets (and, as the table grows, its columns) instead of keeping their own lists.
"""

from __future__ import annotations

from zerozone.data.schema import TechnologyKind

RESOURCE_KINDS = {
    TechnologyKind.SOLAR,
    TechnologyKind.WIND,
    TechnologyKind.HYDRO_RUN_OF_RIVER,
    TechnologyKind.HYDRO_RESERVOIR,
    TechnologyKind.PUMPED_HYDRO,
}
"""Kinds that need a site: new capacity only where a potential is given."""

GENERATOR_KINDS = {
    TechnologyKind.SOLAR,
    TechnologyKind.WIND,
    TechnologyKind.HYDRO_RUN_OF_RIVER,
    TechnologyKind.HYDRO_RESERVOIR,
    TechnologyKind.THERMAL,
}
"""Kinds whose output is electricity from a primary source (not storage)."""
