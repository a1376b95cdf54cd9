"""A PNG of a change: the front before and after, each side's gains, oblast borders, places, legend, dates.

Drawn in the equal-area projection the areas are measured in (nearly true shapes over Ukraine), square and
large-lettered so it reads on a phone; well under 1 MB.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: the bot renders in a worker

import numpy as np
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from bot.front.geodata import GeoData
from bot.front.model import ATTRIBUTION, Control, FrontChange, FrontSnapshot, Zone
from bot.front.text import _T, km2

COLOURS = {
    "occupied": "#f2b8b0",
    "grey": "#d9d4d0",
    "to_russia": "#b71c1c",
    "to_ukraine": "#1565c0",
    "into_grey": "#ff9800",
    "front_before": "#555555",
    "border": "#8d8d8d",
}
_LEGEND = {
    "en": ("Russia gained", "Ukraine gained", "Into grey zone", "Occupied", "Grey zone", "Front before"),
    "uk": ("Здобуто Росією", "Здобуто Україною", "До сірої зони", "Окуповано", "Сіра зона", "Фронт раніше"),
    "ru": ("Занято Россией", "Занято Украиной", "В серую зону", "Оккупировано", "Серая зона", "Фронт ранее"),
}
MIN_HALF_SIZE_M = 25_000.0
MAX_LABELS = 12
MAX_CHANGED_LABELS = 8  # of MAX_LABELS, before the big towns


def _path(geom: BaseGeometry) -> MplPath | None:
    """Polygons (holes included) as one compound matplotlib path."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _fill(ax: Axes, geom: BaseGeometry | None, **style: object) -> None:
    path = _path(geom) if geom is not None and not geom.is_empty else None
    if path is not None:
        # add_artist, not add_patch: the limits are set by hand, and add_patch would walk every vertex to update
        # the data limits (most of the drawing time on a full map)
        ax.add_artist(PathPatch(path, **style))


def _extent(change: FrontChange, after: FrontSnapshot) -> tuple[float, float, float, float]:
    changed = [g for g in change.geometry.values() if not g.is_empty]
    focus = shapely.union_all(changed) if changed else after.zones.get(Zone.GREY, after.russian_held)
    minx, miny, maxx, maxy = focus.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = max((maxx - minx) / 2, (maxy - miny) / 2) * 1.15 + 5_000
    half = max(half, MIN_HALF_SIZE_M)
    return cx - half, cy - half, cx + half, cy + half


@dataclass(frozen=True, slots=True)
class Drawing:
    figure: Figure  # drawn on an Agg canvas
    labels: list[tuple[str, Bbox]]  # the place names shown and where, in pixels
    frame: Bbox  # the map's area, in pixels

    def png(self) -> bytes:
        out = io.BytesIO()
        self.figure.savefig(out, format="png", dpi=self.figure.dpi, metadata={"Software": None})
        return out.getvalue()


def draw_change(
    change: FrontChange,
    before: FrontSnapshot,
    after: FrontSnapshot,
    geodata: GeoData | None = None,
    *,
    lang: str = "en",
    dpi: int = 110,
) -> Drawing:
    """The picture of the change from `before` to `after` (the snapshots `change` was computed from);
    `.png()` gives its bytes."""
    lang = lang if lang in _LEGEND else "en"
    geodata = geodata or GeoData()
    box = _extent(change, after)

    def clip(geom: BaseGeometry | None) -> BaseGeometry | None:
        return None if geom is None else shapely.clip_by_rect(geom, *box)

    fig = Figure(figsize=(8, 8.6), dpi=dpi)
    ax = fig.add_axes((0.01, 0.08, 0.98, 0.84))
    ax.set_facecolor("#fbfaf7")
    _fill(ax, clip(after.russian_held), facecolor=COLOURS["occupied"], edgecolor="none", zorder=1)
    _fill(ax, clip(after.zones.get(Zone.GREY)), facecolor=COLOURS["grey"], edgecolor="none", zorder=1)
    _fill(ax, clip(after.zones.get(Zone.GREY_RU)), facecolor=COLOURS["grey"], edgecolor="none", zorder=1)
    if geodata.regions is not None:
        for geom in geodata.regions.geoms:
            _fill(ax, clip(geom), facecolor="none", edgecolor=COLOURS["border"], linewidth=1.0, linestyle=":", zorder=2)
    groups = {
        "to_russia": ((Control.UA, Control.RU), (Control.GREY, Control.RU)),
        "to_ukraine": ((Control.RU, Control.UA), (Control.GREY, Control.UA)),
        "into_grey": ((Control.UA, Control.GREY), (Control.RU, Control.GREY)),
    }
    for colour, flows in groups.items():
        parts = [change.geometry[f] for f in flows if f in change.geometry]
        if parts:
            _fill(ax, clip(shapely.union_all(parts)), facecolor=COLOURS[colour], edgecolor="none", alpha=0.9, zorder=3)
    _fill(
        ax,
        clip(before.russian_held),
        facecolor="none",
        edgecolor=COLOURS["front_before"],
        linewidth=1.2,
        linestyle="--",
        zorder=4,
    )
    _fill(ax, clip(after.russian_held), facecolor="none", edgecolor="#7f0000", linewidth=1.6, zorder=4)
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    title = _T[lang]["head"].format(since=change.since.strftime("%Y-%m-%d"), until=change.until.strftime("%Y-%m-%d"))
    fig.text(0.5, 0.965, title, ha="center", va="center", fontsize=17, weight="bold")
    summary = (
        f"{_LEGEND[lang][0]}: {km2(change.to_russia_km2, lang)} km²   "
        f"{_LEGEND[lang][1]}: {km2(change.to_ukraine_km2, lang)} km²"
    )
    fig.text(0.5, 0.93, summary, ha="center", va="center", fontsize=13)
    names = _LEGEND[lang]
    handles = [
        Patch(facecolor=COLOURS["to_russia"], label=names[0]),
        Patch(facecolor=COLOURS["to_ukraine"], label=names[1]),
        Patch(facecolor=COLOURS["into_grey"], label=names[2]),
        Patch(facecolor=COLOURS["occupied"], edgecolor="#7f0000", label=names[3]),
        Patch(facecolor=COLOURS["grey"], label=names[4]),
        Patch(facecolor="none", edgecolor=COLOURS["front_before"], linestyle="--", label=names[5]),
    ]
    if Zone.GREY in change.absent:  # a map without a grey zone (the occupied-only archive) has none to explain
        handles = [h for h in handles if h.get_label() not in (names[2], names[4])]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=11, frameon=False, bbox_to_anchor=(0.5, 0.0))
    attribution = fig.text(0.99, 0.085, ATTRIBUTION, ha="right", va="bottom", fontsize=10, color="#333333")
    canvas = FigureCanvasAgg(fig)
    ax.apply_aspect()  # the equal aspect moves the axes at draw time; labels are placed after it
    frame = ax.get_window_extent(canvas.get_renderer()).padded(-3)
    renderer = canvas.get_renderer()
    reserved = [artist.get_window_extent(renderer) for artist in (attribution, *_scale_bar(ax, box, lang))]
    labels = _label_places(ax, canvas, frame, change, geodata, box, lang, reserved)
    return Drawing(fig, labels, frame)


_SCALE_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500)
_KM = {"en": "km", "uk": "км", "ru": "км"}


def _scale_bar(ax: Axes, box: tuple[float, float, float, float], lang: str) -> list[Artist]:
    """A bar of a round number of km, about a fifth of the map's width, in its lower-left corner (the map is in
    an equal-area projection whose scale is true to within a percent or two over Ukraine)."""
    width, height = box[2] - box[0], box[3] - box[1]
    length_km = max((n for n in _SCALE_KM if n * 1000 <= width / 5), default=_SCALE_KM[0])
    x0, y0 = box[0] + width * 0.04, box[1] + height * 0.04
    (bar,) = ax.plot([x0, x0 + length_km * 1000], [y0, y0], color="#333333", linewidth=3, solid_capstyle="butt",
                     zorder=7)
    text = ax.text(x0 + length_km * 500, y0 + height * 0.012, f"{length_km} {_KM.get(lang, 'km')}", ha="center",
                   va="bottom", fontsize=10, color="#333333", zorder=7)
    return [bar, text]


def _dot(ax: Axes, x: float, y: float) -> Bbox:
    """A place's dot; returns the pixels it covers."""
    ax.plot(x, y, "o", color="black", markersize=4, zorder=5)
    return _dot_box(ax, x, y)


def _dot_box(ax: Axes, x: float, y: float) -> Bbox:
    px, py = ax.transData.transform((x, y))
    return Bbox.from_extents(px - 4, py - 4, px + 4, py + 4)


# Where a label may sit around its dot, in order of preference: (dx, dy) in points and the alignment.
_LABEL_SPOTS = (
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
)


def _label_places(
    ax: Axes,
    canvas: FigureCanvasAgg,
    frame: Bbox,
    change: FrontChange,
    geodata: GeoData,
    box: tuple[float, ...],
    lang: str,
    reserved: list[Bbox],
) -> list[tuple[str, Bbox]]:
    """Dots and names of the settlements that changed hands, then of the biggest towns in view. Each name goes
    where it overlaps no other name, dot or `reserved` box and stays inside the map; a town whose name fits
    nowhere is left out rather than printed over another."""
    gazetteer = geodata.gazetteer
    if gazetteer is None:
        return []
    inside = (gazetteer.x > box[0]) & (gazetteer.x < box[2]) & (gazetteer.y > box[1]) & (gazetteer.y < box[3])
    changed = {id(s.place) for s in change.settlements}
    by_size = sorted(map(int, np.flatnonzero(inside)), key=lambda i: -gazetteer.places[i].population)
    taken_hands = [i for i in by_size if id(gazetteer.places[i]) in changed]
    towns = [i for i in by_size if gazetteer.notable[i] and id(gazetteer.places[i]) not in changed]
    # The settlements that changed hands are what the picture is about: they are named first, but leave room for
    # a few big towns that tell the reader where on the map they are.
    chosen = taken_hands[:MAX_CHANGED_LABELS] + towns + taken_hands[MAX_CHANGED_LABELS:]
    renderer = canvas.get_renderer()
    # Every settlement that changed hands gets its dot, named or not: the text lists it, so the map shows it.
    dots = {i: _dot(ax, float(gazetteer.x[i]), float(gazetteer.y[i])) for i in taken_hands}
    taken = [*reserved, *dots.values()]
    labels: list[tuple[str, Bbox]] = []
    for i in chosen:
        if len(labels) == MAX_LABELS:
            break
        x, y = float(gazetteer.x[i]), float(gazetteer.y[i])
        own = dots.get(i)
        if own is None and any(_dot_box(ax, x, y).overlaps(other) for other in taken):
            continue
        others = [box for box in taken if box is not own]
        name = gazetteer.places[i].name(lang)
        for dx, dy, ha, va in _LABEL_SPOTS:
            text = ax.annotate(
                name,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=11,
                zorder=6,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )
            extent = text.get_window_extent(renderer)
            if frame.contains(extent.x0, extent.y0) and frame.contains(extent.x1, extent.y1) and not any(
                extent.overlaps(other) for other in others
            ):
                taken += [extent.padded(2)] if own is not None else [extent.padded(2), _dot(ax, x, y)]
                labels.append((name, extent))
                break
            text.remove()
    return labels
