"""A schematic map of the zones, their links and markets, with capacities (Plotly, no tiles).

Zones sit at the mean position of their settlements (the centre of their bounding box when they
have none), sized by the electric capacity in service in the last period; links are drawn
between zone centres with their capacity; markets sit outside their zone, away from the region's
centre. Longitude and latitude are drawn to scale at the region's mean latitude.

A zone's label sits on the side away from the region's centre (where the links are not). On a
phone (the page's script applies each trace's and the layout's ``meta["narrow"]`` below its
``NARROW`` width) the map is shorter, links are labelled by their capacity alone and markets by
their marker (named in the legend and on hover), so that labels do not run into each other.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from zerozone.data.kinds import HEAT_KINDS
from zerozone.finance import FinanceResult
from zerozone.report.charts import base_layout
from zerozone.report.colors import EXCHANGE_COLOR
from zerozone.report.labels import Names

MARKET_OFFSET_DEG = 0.45
"""Distance of a market's marker from its zone [degrees]."""
NARROW_MARKET_OFFSET_DEG = 0.8
"""The same on a phone [degrees]."""
LABEL_DEG_PER_CHARACTER = 0.06
"""Room a market's label takes beside its marker, per character, on paper [degrees]."""
LABEL_SHIFT_DEG = 0.08
"""Sideways shift of a link's label off its line [degrees]."""


def _centres(result: FinanceResult) -> dict[str, tuple[float, float]]:
    scenario = result.run.scenario
    centres = {}
    for zone in scenario.zones:
        places = [s.location for s in scenario.settlements if s.zone == zone.id]
        if places:
            lon = sum(p.lon for p in places) / len(places)
            lat = sum(p.lat for p in places) / len(places)
        else:
            lon = (zone.bbox.lon_min + zone.bbox.lon_max) / 2
            lat = (zone.bbox.lat_min + zone.bbox.lat_max) / 2
        centres[zone.id] = (lon, lat)
    return centres


def zone_map(result: FinanceResult, names: Names) -> go.Figure:
    """The schematic map of a run's last period."""
    _ = names.gettext
    run = result.run
    scenario = run.scenario
    period = list(scenario.policy.periods)[-1]
    kinds = {t.id: t.kind.value for t in scenario.technologies}
    capacity = run.tables["capacity"]
    capacity = capacity[
        (capacity["period"] == period)
        & ~capacity["tech"].map(lambda t: kinds[str(t)] in HEAT_KINDS)
    ]
    centres = _centres(result)
    figure = go.Figure()

    figure.add_scatter(
        x=[s.location.lon for s in scenario.settlements],
        y=[s.location.lat for s in scenario.settlements],
        mode="markers",
        marker={"size": 5, "color": "#9aa5b1"},
        name=_("settlements"),
        text=[getattr(s.name, names.lang) for s in scenario.settlements],
        hoverinfo="text",
    )
    mid_lon = sum(c[0] for c in centres.values()) / len(centres)
    mid_lat = sum(c[1] for c in centres.values()) / len(centres)
    link_capacity = result.builds.link_capacity
    link_capacity = link_capacity[link_capacity["period"] == period].set_index("link")
    narrow_links: list[str] = []  # each link's label on a phone: its capacity alone
    for link in scenario.links:
        mw = (
            float(link_capacity.at[link.id, "capacity_mw"]) if link.id in link_capacity.index else 0
        )
        (x0, y0), (x1, y1) = centres[link.from_zone], centres[link.to_zone]
        figure.add_scatter(
            x=[x0, x1],
            y=[y0, y1],
            mode="lines",
            line={"color": EXCHANGE_COLOR, "width": 2 + 6 * min(mw / 1000.0, 1.5)},
            hoverinfo="skip",
            showlegend=False,
        )
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        shift_x = LABEL_SHIFT_DEG * (y1 - y0) / length
        shift_y = -LABEL_SHIFT_DEG * (x1 - x0) / length
        figure.add_annotation(
            x=(x0 + x1) / 2 + shift_x,
            y=(y0 + y1) / 2 + shift_y,
            xanchor="right" if shift_x < -0.01 else "left" if shift_x > 0.01 else "center",
            text=f"{names.links.get(link.id, link.id)}<br>{names.number(mw)} {_('MW')}",
            showarrow=False,
            font={"size": 11, "color": "#14532d"},
            bgcolor="rgba(255,255,255,0.6)",
        )
        narrow_links.append(f"{names.number(mw)} {_('MW')}")
    reach = [(c[0], c[0]) for c in centres.values()]  # how far labels run, west and east [°E]
    markers = [c[0] for c in centres.values()]  # what a phone shows (no market label) [°E]
    markers = [c[0] for c in centres.values()]  # what a phone shows (no market label) [°E]
    for number, market in enumerate(scenario.markets):
        x, y = centres[market.zone]
        dx, dy = x - mid_lon, y - mid_lat
        if math.hypot(dx, dy) < 1e-6:  # the only zone, or one at the centre: market to the east
            dx, dy = 1.0, 0.0
        norm = math.hypot(dx, dy)
        mx, my = x + MARKET_OFFSET_DEG * dx / norm, y + MARKET_OFFSET_DEG * dy / norm
        # on a phone, where a degree is a few pixels, the market sits further out, clear of the
        # zone's label
        far_x, far_y = (
            x + NARROW_MARKET_OFFSET_DEG * dx / norm,
            y + NARROW_MARKET_OFFSET_DEG * dy / norm,
        )
        figure.add_scatter(
            x=[x, mx],
            y=[y, my],
            mode="lines",
            line={"color": "#999999", "width": 2, "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
            meta={"narrow": {"x": [x, far_x], "y": [y, far_y]}},
        )
        label = names.markets.get(market.id, market.id)
        room = LABEL_DEG_PER_CHARACTER * len(label)
        reach.append((mx - (room if mx < mid_lon else 0), mx + (room if mx > mid_lon else 0)))
        markers.append(far_x)
        figure.add_scatter(
            x=[mx],
            y=[my],
            mode="markers+text",
            marker={"symbol": "diamond", "size": 14, "color": "#555555"},
            text=[names.markets.get(market.id, market.id)],
            # the label runs away from the region's centre, clear of the zones' labels (a phone
            # shows the marker alone)
            textposition=("top " if my >= mid_lat else "bottom ")
            + ("right" if mx > mid_lon else "left"),
            name=_("external market"),
            showlegend=False,
            cliponaxis=False,
            hovertext=[names.markets.get(market.id, market.id)],
            hoverinfo="text",
            # on a phone: the marker alone, explained once in the legend
            meta={
                "narrow": {"mode": "markers", "showlegend": number == 0, "x": [far_x], "y": [far_y]}
            },
        )
    totals = capacity.groupby("zone")["capacity_mw"].sum()
    biggest = float(totals.max()) if len(totals) else 1.0
    for zone in scenario.zones:
        x, y = centres[zone.id]
        mine = capacity[capacity["zone"] == zone.id].groupby("tech")["capacity_mw"].sum()
        mine = mine[mine > 0.5].sort_values(ascending=False)
        total = float(mine.sum())
        detail = "<br>".join(
            f"{names.tech(str(t))}: {names.number(v)} {_('MW')}" for t, v in mine.items()
        )
        figure.add_scatter(
            x=[x],
            y=[y],
            mode="markers+text",
            marker={
                "size": 24 + 46 * math.sqrt(total / biggest) if biggest > 0 else 24,
                "color": "rgba(242,183,5,0.75)",
                "line": {"color": "#8a6d00", "width": 1.5},
            },
            text=[f"<b>{names.zone(zone.id)}</b><br>{names.number(total)} {_('MW')}"],
            textposition="top center" if y > mid_lat + 1e-6 else "bottom center",
            meta={"narrow": {"textfont": {"size": 10}}},  # neighbours' labels apart on a phone
            cliponaxis=False,
            hovertext=[f"<b>{names.zone(zone.id)}</b><br>{detail}"],
            hoverinfo="text",
            showlegend=False,
        )
    lats = [c[1] for c in centres.values()]
    west, east = min(r[0] for r in reach), max(r[1] for r in reach)
    ratio = 1.0 / math.cos(math.radians(sum(lats) / len(lats)))
    figure.update_layout(
        **base_layout(
            names,
            _("Zones, links and electric capacity in {year}").format(year=names.year(period)),
            _("latitude (°N)"),
            xaxis={
                "title": {"text": _("longitude (°E)")},
                "showgrid": False,
                "zeroline": False,
                "range": [west - 0.8, east + 0.8],
            },
            height=520,
        )
    )
    narrow_range = [min(markers) - 0.6, max(markers) + 0.6]
    figure.update_layout(
        meta={"narrow": {"height": 400, "annotations": narrow_links, "xrange": narrow_range}}
    )
    figure.update_yaxes(scaleanchor="x", scaleratio=ratio, showgrid=False, zeroline=False)
    return figure
