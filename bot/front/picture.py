"""A PNG of a change: the front before and after, each side's gains, Ukraine's positions in Russia, the state
border and oblast borders, places, legend, dates, and an inset on the biggest change when the whole is too wide
to read it on a phone.

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
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from bot.front.geodata import GeoData
from bot.front.model import Control, FrontChange, FrontSnapshot, Zone
from bot.front.text import _T, attribution, gains_line, russia_lines

COLOURS = {
    "occupied": "#f2b8b0",
    "grey": "#d9d4d0",
    "ua_held_ru": "#bbdefb",  # Ukraine's positions in Russia: Ukraine's blue, light like the occupied fill
    "to_russia": "#b71c1c",
    "to_ukraine": "#1565c0",
    "into_grey": "#ff9800",
    "front_before": "#555555",
    "border": "#9e9e9e",
    "state_border": "#212121",
    "inset": "#6a1b9a",
}
_LEGEND = {
    "en": ("To Russia", "To Ukraine", "To grey zone", "Occupied", "Grey zone", "Front before",
           "Held by Ukraine in Russia", "State border", "Oblast border"),
    "uk": ("Перейшло до Росії", "Перейшло до України", "Стало сірою зоною", "Окуповано", "Сіра зона", "Фронт раніше",
           "Утримує Україна в Росії", "Державний кордон", "Межа області"),
    "ru": ("Перешло к России", "Перешло к Украине", "Стало серой зоной", "Оккупировано", "Серая зона", "Фронт ранее",
           "Удерживает Украина в России", "Государственная граница", "Граница области"),
}  # fmt: skip
MIN_HALF_SIZE_M = 25_000.0
MAX_LABELS = 12
MAX_CHANGED_LABELS = 8  # of MAX_LABELS, before the big towns
# The inset: where the biggest change is, drawn this much larger when the whole change spans a map on which it
# would be a few pixels on a phone.
INSET_MIN_HALF_M = 8_000.0
INSET_MIN_ZOOM = 3.0
INSET_SIZE = 0.42  # of the map's width and height
INSET_GATHER_M = 15_000.0  # changes this close to the biggest one are shown with it
_GROUPS = {
    "to_russia": ((Control.UA, Control.RU), (Control.GREY, Control.RU)),
    "to_ukraine": ((Control.RU, Control.UA), (Control.GREY, Control.UA)),
    "into_grey": ((Control.UA, Control.GREY), (Control.RU, Control.GREY)),
}
Box = tuple[float, float, float, float]


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


def _square(focus: BaseGeometry, min_half: float, margin: float = 1.15) -> Box:
    minx, miny, maxx, maxy = focus.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = max(max((maxx - minx) / 2, (maxy - miny) / 2) * margin + 5_000, min_half)
    return cx - half, cy - half, cx + half, cy + half


def _changed(change: FrontChange) -> BaseGeometry | None:
    changed = [g for g in change.geometry.values() if not g.is_empty]
    return shapely.union_all(changed) if changed else None


def _extent(change: FrontChange, after: FrontSnapshot) -> Box:
    changed = _changed(change)
    focus = changed if changed is not None else after.zones.get(Zone.GREY, after.russian_held)
    return _square(focus, MIN_HALF_SIZE_M)


def _inset_box(change: FrontChange, box: Box) -> Box | None:
    """The square around the biggest change (and the changes near it) when the main map shows it too small to
    read on a phone; None when the main map is close enough already."""
    changed = _changed(change)
    if changed is None:
        return None
    parts = sorted(shapely.get_parts(changed), key=lambda p: -p.area)
    near = [p for p in parts if p.distance(parts[0]) <= INSET_GATHER_M]
    zoom = _square(shapely.union_all(near), INSET_MIN_HALF_M, margin=1.3)
    return zoom if (box[2] - box[0]) / (zoom[2] - zoom[0]) >= INSET_MIN_ZOOM else None


def _inset_corner(box: Box, zoom: Box, changed: BaseGeometry | None) -> tuple[float, float]:
    """Where in the map (axes fraction of the inset's lower-left corner) the inset hides the least change,
    and not the place it zooms into."""
    width, height = box[2] - box[0], box[3] - box[1]
    zoom_box = shapely.box(*zoom)

    def cost(corner: tuple[float, float]) -> tuple[bool, float]:
        x0, y0 = box[0] + corner[0] * width, box[1] + corner[1] * height
        cover = shapely.box(x0, y0, x0 + INSET_SIZE * width, y0 + INSET_SIZE * height)
        hidden = 0.0 if changed is None else cover.intersection(changed).area
        return cover.intersects(zoom_box), hidden

    corners = [(0.0, 1 - INSET_SIZE), (1 - INSET_SIZE, 1 - INSET_SIZE), (0.0, 0.0), (1 - INSET_SIZE, 0.0)]
    return min(corners, key=cost)


def _draw_layers(
    ax: Axes, change: FrontChange, before: FrontSnapshot, after: FrontSnapshot, geodata: GeoData, box: Box
) -> None:
    def clip(geom: BaseGeometry | None) -> BaseGeometry | None:
        return None if geom is None else shapely.clip_by_rect(geom, *box)

    ax.set_facecolor("#fbfaf7")
    _fill(ax, clip(after.russian_held), facecolor=COLOURS["occupied"], edgecolor="none", zorder=1)
    _fill(ax, clip(after.zones.get(Zone.GREY)), facecolor=COLOURS["grey"], edgecolor="none", zorder=1)
    _fill(ax, clip(after.zones.get(Zone.GREY_RU)), facecolor=COLOURS["grey"], edgecolor="none", zorder=1)
    _fill(ax, clip(after.zones.get(Zone.UA_HELD_RU)), facecolor=COLOURS["ua_held_ru"], edgecolor="none", zorder=1)
    if geodata.regions is not None:
        for geom in geodata.regions.geoms:
            _fill(ax, clip(geom), facecolor="none", edgecolor=COLOURS["border"], linewidth=0.8, linestyle=":", zorder=2)
        _fill(ax, clip(geodata.regions.ukraine), facecolor="none", edgecolor=COLOURS["state_border"], linewidth=1.8,
              zorder=2)  # fmt: skip
    for colour, flows in _GROUPS.items():
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


@dataclass(frozen=True, slots=True)
class Drawing:
    figure: Figure  # drawn on an Agg canvas
    labels: list[tuple[str, Bbox]]  # the place names shown and where, in pixels (main map, then inset)
    frame: Bbox  # the main map's area, in pixels
    inset: Bbox | None = None  # the inset's area, in pixels, when there is one

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
    fig = Figure(figsize=(8, 9.2), dpi=dpi)
    ax = fig.add_axes((0.01, 0.125, 0.98, 0.77))
    _draw_layers(ax, change, before, after, geodata, box)
    title = _T[lang]["head"].format(since=change.since.strftime("%Y-%m-%d"), until=change.until.strftime("%Y-%m-%d"))
    fig.text(0.5, 0.967, title, ha="center", va="center", fontsize=17, weight="bold")
    fig.text(0.5, 0.937, gains_line(change, lang), ha="center", va="center", fontsize=13)
    fig.text(0.5, 0.911, " ".join(russia_lines(change, lang)), ha="center", va="center", fontsize=11)
    fig.legend(handles=_legend(lang, before, after, geodata, box), loc="lower center", ncol=3, fontsize=11,
               frameon=False, bbox_to_anchor=(0.5, 0.0))  # fmt: skip
    canvas = FigureCanvasAgg(fig)
    ax.apply_aspect()  # the equal aspect moves the axes at draw time; labels are placed after it
    renderer = canvas.get_renderer()
    frame = ax.get_window_extent(renderer).padded(-3)
    # Below the map, not on it: the attribution covers no fill.
    fig.text(0.99, frame.y0 / fig.bbox.height - 0.004, attribution(lang, change.source), ha="right", va="top",
             fontsize=10, color="#333333")  # fmt: skip
    labels: list[tuple[str, Bbox]] = []
    reserved: list[Bbox] = []
    inset_frame = None
    zoom = _inset_box(change, box)
    corner = None if zoom is None else _inset_corner(box, zoom, _changed(change))
    reserved += [a.get_window_extent(renderer) for a in _scale_bar(ax, box, lang, right=corner == (0.0, 0.0))]
    if zoom is not None and corner is not None:
        x, y = corner
        pos = frame.transformed(fig.transFigure.inverted())
        inner = fig.add_axes((pos.x0 + x * pos.width, pos.y0 + y * pos.height, INSET_SIZE * pos.width,
                              INSET_SIZE * pos.height))  # fmt: skip
        _draw_layers(inner, change, before, after, geodata, zoom)
        for spine in inner.spines.values():
            spine.set_edgecolor(COLOURS["inset"])
            spine.set_linewidth(2.0)
        inner.set_zorder(8)
        ax.add_artist(Rectangle((zoom[0], zoom[1]), zoom[2] - zoom[0], zoom[3] - zoom[1], facecolor="none",
                                edgecolor=COLOURS["inset"], linewidth=1.8, zorder=6))  # fmt: skip
        inner.apply_aspect()
        inset_frame = inner.get_window_extent(renderer).padded(-3)
        inset_reserved = [a.get_window_extent(renderer) for a in _scale_bar(inner, zoom, lang)]
        labels += _label_places(inner, canvas, inset_frame, change, geodata, zoom, lang, inset_reserved)
        reserved.append(inner.get_window_extent(renderer).padded(4))
    labels = _label_places(ax, canvas, frame, change, geodata, box, lang, reserved, unnamed=zoom) + labels
    return Drawing(fig, labels, frame, inset_frame)


def _legend(lang: str, before: FrontSnapshot, after: FrontSnapshot, geodata: GeoData, box: Box) -> list[Artist]:
    """What the map shows, and only that: Ukraine's positions in Russia when there are any in view, the borders
    when they are drawn."""
    names = _LEGEND[lang]
    handles: list[Artist] = [
        Patch(facecolor=COLOURS["to_russia"], label=names[0]),
        Patch(facecolor=COLOURS["to_ukraine"], label=names[1]),
        Patch(facecolor=COLOURS["into_grey"], label=names[2]),
        Patch(facecolor=COLOURS["occupied"], edgecolor="#7f0000", label=names[3]),
        Patch(facecolor=COLOURS["grey"], label=names[4]),
        Patch(facecolor="none", edgecolor=COLOURS["front_before"], linestyle="--", label=names[5]),
    ]
    view = shapely.box(*box)
    held = [s.zones.get(Zone.UA_HELD_RU) for s in (after, before)]
    if any(h is not None and h.intersects(view) for h in held):
        handles.append(Patch(facecolor=COLOURS["ua_held_ru"], label=names[6]))
    if geodata.regions is not None:
        handles.append(Line2D([], [], color=COLOURS["state_border"], linewidth=1.8, label=names[7]))
        handles.append(Line2D([], [], color=COLOURS["border"], linewidth=1.0, linestyle=":", label=names[8]))
    return handles


_SCALE_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500)
_KM = {"en": "km", "uk": "км", "ru": "км"}
_KM2 = {"en": "km²", "uk": "км²", "ru": "км²"}


def _scale_bar(ax: Axes, box: Box, lang: str, *, right: bool = False) -> list[Artist]:
    """A bar of a round number of km, about a fifth of the map's width, in its lower-left (or lower-right) corner,
    on a white
    ground so neither it nor its figure sits on a fill (the map is in an equal-area projection whose scale is
    true to within a percent or two over Ukraine)."""
    width, height = box[2] - box[0], box[3] - box[1]
    length_km = max((n for n in _SCALE_KM if n * 1000 <= width / 5), default=_SCALE_KM[0])
    x0 = box[2] - width * 0.04 - length_km * 1000 if right else box[0] + width * 0.04
    y0 = box[1] + height * 0.035
    ground = Rectangle((x0 - width * 0.015, y0 - height * 0.015), length_km * 1000 + width * 0.03, height * 0.075,
                       facecolor="white", edgecolor="none", alpha=0.9, zorder=6.5)  # fmt: skip
    ax.add_artist(ground)
    (bar,) = ax.plot([x0, x0 + length_km * 1000], [y0, y0], color="#333333", linewidth=3, solid_capstyle="butt",
                     zorder=7)
    text = ax.text(x0 + length_km * 500, y0 + height * 0.012, f"{length_km} {_KM.get(lang, 'km')}", ha="center",
                   va="bottom", fontsize=10, color="#333333", zorder=7)
    return [ground, bar, text]


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
    box: Box,
    lang: str,
    reserved: list[Bbox],
    *,
    unnamed: Box | None = None,
) -> list[tuple[str, Bbox]]:
    """Dots and names of the settlements that changed hands, then of the biggest towns in view. Each name goes
    where it overlaps no other name, dot or `reserved` box and stays inside the map, off the changed areas where
    it can (a name printed over a change hides it); a town whose name fits nowhere is left out rather than
    printed over another. Settlements inside `unnamed` (the inset's square, which names them larger) get a dot
    only."""
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
    if unnamed is not None:
        chosen = [i for i in chosen if not _within(unnamed, float(gazetteer.x[i]), float(gazetteer.y[i]))]
    renderer = canvas.get_renderer()
    to_data = ax.transData.inverted()
    fill = _changed(change)
    if fill is not None:
        fill = shapely.clip_by_rect(fill, *box)
        shapely.prepare(fill)

    def on_fill(extent: Bbox) -> bool:
        (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
        return fill is not None and fill.intersects(shapely.box(x0, y0, x1, y1))

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
        fits: list[tuple[Annotation, Bbox]] = []
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
                fits.append((text, extent))
                if not on_fill(extent):
                    break
            else:
                text.remove()
        if not fits:
            continue
        text, extent = next(((t, e) for t, e in fits if not on_fill(e)), fits[0])
        for other, _ in fits:
            if other is not text:
                other.remove()
        taken += [extent.padded(2)] if own is not None else [extent.padded(2), _dot(ax, x, y)]
        labels.append((name, extent))
    return labels


def _within(box: Box, x: float, y: float) -> bool:
    return box[0] < x < box[2] and box[1] < y < box[3]
