"""The report's charts as plotly figures, one function each, from `db.report.ReportData` parts.

Every chart is a plain 2-D plotly figure (bars, lines, markers): nothing that plotly.js would
fetch from the network at view time (see `flows.report.outlines` for the map).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from db.report import Dyad, MonthCount, NetworkActor, NetworkTie, ReportEvent
from flows.report.outlines import world_outlines

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

# CAMEO quad classes, in order, with the colour each is drawn in.
QUAD_CLASSES = {
    1: ("Verbal cooperation", "#4c9a2a"),
    2: ("Material cooperation", "#1f77b4"),
    3: ("Verbal conflict", "#e08e0b"),
    4: ("Material conflict", "#c0392b"),
}
COOPERATIVE, HOSTILE, NEUTRAL = "#4c9a2a", "#c0392b", "#999999"
# The timeline opens on this many months when its events span more; a slider shows the rest.
SHOWN_MONTHS = 36
# Degrees of longitude and latitude around the placed events in the map's opening view.
MAP_MARGIN = 15.0
LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 40, "r": 20, "t": 20, "b": 40},
    "font": {"family": "system-ui, sans-serif", "size": 12},
}


def _figure() -> Figure:
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.update_layout(**LAYOUT)
    return figure


def timeline(months: list[MonthCount]) -> Figure:
    """Stacked bars of events per month, one colour per quad class."""
    import plotly.graph_objects as go

    figure = _figure()
    dated = [count for count in months if count.month is not None]
    for quad, (name, colour) in QUAD_CLASSES.items():
        counts = [count for count in dated if count.quad_class == quad]
        figure.add_trace(
            go.Bar(
                x=[count.month.isoformat() for count in counts],  # type: ignore[union-attr]
                y=[count.events for count in counts],
                name=name,
                marker_color=colour,
                hovertemplate="%{x|%B %Y}: %{y} events<extra>" + name + "</extra>",
            )
        )
    figure.update_layout(barmode="stack", height=380,
                         legend={"orientation": "h", "y": 1.08, "traceorder": "normal"})
    figure.update_xaxes(type="date", tickformat="%b %Y")
    shown = shown_months(months)
    if shown is not None:  # a long span: open on its last months, the slider reaches the rest
        figure.update_xaxes(range=[shown[0].isoformat(), shown[1].isoformat()],
                            rangeslider={"visible": True, "thickness": 0.12})
    figure.update_yaxes(title_text="events", rangemode="tozero")
    return figure


def shown_months(months: list[MonthCount]) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the timeline's opening view when the months span more than
    `SHOWN_MONTHS` (the last ones), else None: the whole span fits."""
    dated = sorted(count.month for count in months if count.month is not None)
    if not dated:
        return None
    first, last = dated[0], dated[-1]
    if (last.year - first.year) * 12 + last.month - first.month < SHOWN_MONTHS:
        return None
    back = last.year * 12 + last.month - 1 - (SHOWN_MONTHS - 1)
    start = dt.date(back // 12, back % 12 + 1, 1)
    # half a month either side, so the first and last bars are whole
    return start - dt.timedelta(days=15), last + dt.timedelta(days=45)


def dyads(pairs: list[Dyad]) -> Figure:
    """Horizontal bars of the main dyads' Goldstein sums, cooperative green, hostile red."""
    import plotly.graph_objects as go

    figure = _figure()
    ordered = list(reversed(pairs))  # plotly draws the first bar at the bottom
    labels = [f"{_label(d.source, d.source_country)} → {_label(d.target, d.target_country)}"
              for d in ordered]
    figure.add_trace(
        go.Bar(
            x=[d.goldstein_sum for d in ordered],
            y=labels,
            orientation="h",
            marker_color=[_sign_colour(d.goldstein_sum) for d in ordered],
            customdata=[d.events for d in ordered],
            hovertemplate="%{y}<br>Goldstein sum %{x:.1f} over %{customdata} events<extra></extra>",
            name="Goldstein sum",
        )
    )
    figure.update_layout(height=max(240, 28 * len(pairs) + 80), margin={"l": 260})
    figure.update_xaxes(title_text="Goldstein sum", zeroline=True)
    return figure


def network(actors: list[NetworkActor], ties: list[NetworkTie]) -> Figure:
    """Actors on a circle, sized by their events, joined by a line per pair that interacted."""
    import plotly.graph_objects as go

    figure = _figure()
    where = _circle(actors)
    for colour, name, chosen in (
        (COOPERATIVE, "cooperative ties", [t for t in ties if t.goldstein_sum > 0]),
        (HOSTILE, "hostile ties", [t for t in ties if t.goldstein_sum < 0]),
        (NEUTRAL, "neutral ties", [t for t in ties if t.goldstein_sum == 0]),
    ):
        if chosen:
            xs, ys = _segments(chosen, where)
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip",
                                        line={"color": colour, "width": 1.5}, opacity=0.6))
    figure.add_trace(
        go.Scatter(
            x=[where[a.id][0] for a in actors],
            y=[where[a.id][1] for a in actors],
            mode="markers+text",
            name="actors",
            text=[a.name for a in actors],
            textposition="top center",
            customdata=[[a.kind, a.country or "", a.events] for a in actors],
            hovertemplate="%{text} (%{customdata[0]} %{customdata[1]})<br>"
            "%{customdata[2]} two-sided events<extra></extra>",
            marker={"size": _sizes([a.events for a in actors]), "color": "#34495e"},
        )
    )
    figure.update_layout(height=560, showlegend=True, legend={"orientation": "h", "y": -0.05})
    hidden = {"visible": False, "range": [-1.35, 1.35]}
    figure.update_xaxes(**hidden)
    figure.update_yaxes(**hidden, scaleanchor="x")
    return figure


def world_map(events: list[ReportEvent]) -> Figure:
    """Events at their coordinates over country outlines, one colour per quad class."""
    import plotly.graph_objects as go

    figure = _figure()
    longitudes, latitudes = world_outlines()
    figure.add_trace(
        go.Scatter(x=longitudes, y=latitudes, mode="lines", fill="toself", name="countries",
                   fillcolor="#eef0f2", line={"color": "#b8bec4", "width": 0.6},
                   hoverinfo="skip", showlegend=False)
    )
    for quad, (name, colour) in QUAD_CLASSES.items():
        chosen = [e for e in events if e.quad_class == quad]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[e.longitude for e in chosen],
                y=[e.latitude for e in chosen],
                mode="markers",
                name=name,
                marker={"color": colour, "size": 9, "opacity": 0.8,
                        "line": {"color": "white", "width": 1}},
                text=[_map_label(e) for e in chosen],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    longitude_range, latitude_range = map_view(events)
    figure.update_layout(height=520, legend={"orientation": "h", "y": -0.05})
    figure.update_xaxes(range=longitude_range, visible=False)
    figure.update_yaxes(range=latitude_range, visible=False, scaleanchor="x")
    return figure


def map_view(events: list[ReportEvent]) -> tuple[list[float], list[float]]:
    """The map's opening (longitude, latitude) ranges: the placed events with a margin, or the
    world without them. Double-click on the map shows every outline."""
    if not events:
        return [-180.0, 180.0], [-60.0, 85.0]
    longitudes = [e.longitude for e in events if e.longitude is not None]
    latitudes = [e.latitude for e in events if e.latitude is not None]
    return (
        [max(min(longitudes) - MAP_MARGIN, -180.0), min(max(longitudes) + MAP_MARGIN, 180.0)],
        [max(min(latitudes) - MAP_MARGIN, -90.0), min(max(latitudes) + MAP_MARGIN, 90.0)],
    )


def _label(name: str, country: str | None) -> str:
    return f"{name} ({country})" if country and country != name else name


def _sign_colour(value: float) -> str:
    return COOPERATIVE if value > 0 else HOSTILE if value < 0 else NEUTRAL


def _sizes(events: list[int]) -> list[float]:
    """Marker diameters from 8 to 30 pixels, the area growing with the events."""
    most = max(events, default=1)
    return [8 + 22 * math.sqrt(n / most) for n in events]


def _circle(actors: list[NetworkActor]) -> dict[int, tuple[float, float]]:
    """Place the actors on the unit circle, the busiest first, clockwise from the top."""
    count = max(len(actors), 1)
    return {
        actor.id: (math.sin(2 * math.pi * i / count), math.cos(2 * math.pi * i / count))
        for i, actor in enumerate(actors)
    }


def _segments(
    ties: list[NetworkTie], where: dict[int, tuple[float, float]]
) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for tie in ties:
        (x1, y1), (x2, y2) = where[tie.first_id], where[tie.second_id]
        xs += [x1, x2, None]
        ys += [y1, y2, None]
    return xs, ys


def _map_label(event: ReportEvent) -> str:
    """Hover text: place, date, event and actors (HTML-escaped: plotly renders its tags)."""
    from html import escape

    place = event.location_name or "?"
    if event.location_country:
        place += f" ({event.location_country})"
    parts = [place, event.date_value or "date unknown", f"{event.code} {event.cameo_name}",
             event.actors or ""]
    return "<br>".join(escape(part) for part in parts if part)
