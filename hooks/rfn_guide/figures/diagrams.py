"""Drawing rules for the hand-drawn SVG diagrams: what a reviewer would otherwise check by eye.

Plain Python, no MkDocs: the figure_numbers step calls `check_diagram` for each diagram figure,
and tests call it directly. What an SVG must say so that these rules can read it (README,
"Figures"):

- a numbered callout: `<g class="callout" data-callout="N"><circle cx cy r/>...</g>`;
- its leader: `<line data-callout="N" data-target="ID" x1 y1 x2 y2>` starting in the callout's
  circle and ending inside the shape with id ID (a `<g>`, `<use>`, `<path>`, `<ellipse>`,
  `<rect>`, `<circle>`, `<line>`...); a callout drawn on its shape instead has no leader and
  names the shape itself: `<g class="callout" data-callout="N" data-target="ID">`;
- the leaders in one group drawn over a halo: `<use class="leader-halo" href="#leader-lines"/>`
  then `<g id="leader-lines" class="leader-ink">...lines...</g>`;
- a colour that carries meaning on an element or group with `data-legend="N"
  data-colour="word"`: legend entry N must use that word ("orange", in the SVG's language);
- a step diagram (`<svg data-kind="steps">`, the journey): each step title
  `<text data-step="N">` appears in legend entry N.

The rules: at most MAX_CALLOUTS callouts on an anatomy drawing, numbered in reading order; every
leader ends inside the shape it names; no two leaders cross; leaders contrast 3:1 with what lies
under them, text 4.5:1; every strong colour is explained in the legend; step titles agree with
the legend. Geometry is simple on purpose: shapes become polygons (curves sampled), transforms
are plain affine matrices, "inside" is point-in-polygon or, for a stroke, distance to the line.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..engine.findings import Finding, line_of

RULE = "diagrams"
MAX_CALLOUTS = 5            # PEMAT-P item 18: few labelled parts; the review asked for five or fewer
LEADER_CONTRAST = 3.0       # WCAG 1.4.11, graphical objects
TEXT_CONTRAST = 4.5         # WCAG 1.4.3, text
MEANING_CHROMA = 0.25       # (max - min) of R, G, B: colours at least this strong must mean something
SAME_ROW = 40               # callouts within this many units of height are on one row
HOW = "see 'Figures' in README.md"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in SVG
Point = tuple[float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


class DrawingError(ValueError):
    """A part of the drawing these rules cannot read (an unknown path command, a bad number)."""


@dataclass(frozen=True)
class Shape:
    """An outline in drawing coordinates: closed (an area) or open (a stroke of half_width)."""

    points: tuple[Point, ...]
    closed: bool
    half_width: float = 0.0
    fill: str | None = None  # the fill colour (#rrggbb) of a closed shape, when it has one


@dataclass(frozen=True)
class Leader:
    number: int
    target: str
    start: Point
    end: Point
    line: int


# --- Reading the SVG ----------------------------------------------------------------------

def parse(svg_text: str) -> tuple[ET.Element, dict[int, int]]:
    """The SVG's root element and {id(element): source line}.

    ElementTree keeps no line numbers, but its elements come in the order of their start tags,
    so the n-th start tag of the text (comments and CDATA masked) is the n-th element."""
    root = ET.fromstring(svg_text)
    masked = re.sub(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", lambda m: "\n" * m.group(0).count("\n"), svg_text, flags=re.S)
    starts = [line_of(masked, m.start()) for m in re.finditer(r"<[A-Za-z]", masked)]
    return root, {id(element): line for element, line in zip(root.iter(), starts, strict=False)}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def styles(root: ET.Element) -> dict[str, dict[str, str]]:
    """The <style> rules the drawings use, by selector: `.class` or `.class tag` (a tag inside
    an element of that class)."""
    rules: dict[str, dict[str, str]] = {}
    for style in root.iter(f"{SVG_NS}style"):
        css = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
            props = {k.strip(): v.strip() for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)}
            for selector in selectors.split(","):
                name = " ".join(selector.split())
                if re.fullmatch(r"\.[\w-]+(?: [a-z]+)?", name):
                    rules.setdefault(name[1:], {}).update(props)
    return rules


def style_of(element: ET.Element, css: dict[str, dict[str, str]]) -> dict[str, str]:
    """The element's own presentation: its classes' rules, then its attributes and style=."""
    props: dict[str, str] = {}
    for name in element.get("class", "").split():
        props.update(css.get(name, {}))
    for prop in ("fill", "stroke", "stroke-width", "font-size"):
        if element.get(prop):
            props[prop] = element.get(prop, "")
    for prop, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", element.get("style", "")):
        props[prop.strip()] = value.strip()
    return props


def colour(value: str | None) -> str | None:
    """#rrggbb for a hex colour, None for none, url(#...) or anything else."""
    if not value:
        return None
    value = value.strip().lower()
    if value in ("white", "#fff"):
        return "#ffffff"
    if value in ("black", "#000"):
        return "#000000"
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    return value if re.fullmatch(r"#[0-9a-f]{6}", value) else None


def number(value: str | None, default: float = 0.0) -> float:
    if value is None or value == "":
        return default
    try:
        return float(re.sub(r"px$", "", value.strip()))
    except ValueError:
        raise DrawingError(f'"{value}" is not a number') from None


# --- Colour -------------------------------------------------------------------------------

def _linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def chroma(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return max(channels) - min(channels)


# Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB
_DEUTAN = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
_PROTAN = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
SIMULATIONS = {"deuteranopia": _DEUTAN, "protanopia": _PROTAN}


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_distance(a: str, b: str, simulation: str | None = None) -> float:
    """CIE76 distance of two colours, as seen normally or with a colour-vision simulation."""
    def seen(hex_colour: str) -> tuple[float, float, float]:
        rgb = _linear(hex_colour)
        if simulation is None:
            return rgb
        m = SIMULATIONS[simulation]
        return tuple(sum(m[i][j] * rgb[j] for j in range(3)) for i in range(3))  # type: ignore[return-value]
    return math.dist(_lab(seen(a)), _lab(seen(b)))


# --- Geometry -----------------------------------------------------------------------------

def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def transform_matrix(text: str | None) -> Matrix:
    """The matrix of a transform="..." list: translate, scale, rotate, matrix."""
    result = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        values = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale":
            step = (values[0], 0, 0, values[1] if len(values) > 1 else values[0], 0, 0)
        elif name == "rotate":
            angle = math.radians(values[0])
            cos, sin = math.cos(angle), math.sin(angle)
            cx, cy = (values[1], values[2]) if len(values) == 3 else (0.0, 0.0)
            step = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        elif name == "matrix" and len(values) == 6:
            step = (values[0], values[1], values[2], values[3], values[4], values[5])
        else:
            raise DrawingError(f'transform "{text}": {name}() is not understood')
        result = multiply(result, step)
    return result


def apply(m: Matrix, point: Point) -> Point:
    a, b, c, d, e, f = m
    x, y = point
    return a * x + c * y + e, b * x + d * y + f


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def path_points(d: str) -> tuple[list[Point], bool]:
    """The outline of path data (curves sampled at 12 points), and whether it is closed."""
    tokens = re.findall(r"[MmLlHhVvCcSsQqTtAaZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    points: list[Point] = []
    x = y = 0.0
    start = (0.0, 0.0)
    closed = False
    command = ""
    index = 0

    def take(count: int) -> list[float]:
        nonlocal index
        values = tokens[index:index + count]
        if len(values) < count or any(v.isalpha() for v in values):
            raise DrawingError(f'path d="{d[:40]}...": command {command} needs {count} numbers')
        index += count
        return [float(v) for v in values]

    def curve(controls: list[Point]) -> None:
        nonlocal x, y
        p0 = (x, y)
        for step in range(1, 13):
            t = step / 12
            if len(controls) == 2:
                (x1, y1), (x2, y2) = controls
                px = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * x1 + t * t * x2
                py = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * y1 + t * t * y2
            else:
                (x1, y1), (x2, y2), (x3, y3) = controls
                px = ((1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * x1 + 3 * (1 - t) * t * t * x2 + t ** 3 * x3)
                py = ((1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t * t * y2 + t ** 3 * y3)
            points.append((px, py))
        x, y = controls[-1]

    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        if not command:
            raise DrawingError(f'path d="{d[:40]}..." must start with M')
        relative = command.islower()
        dx, dy = (x, y) if relative else (0.0, 0.0)
        upper = command.upper()
        if upper == "Z":
            closed = True
            x, y = start
            command = ""
            continue
        if upper in "ML":
            px, py = take(2)
            x, y = px + dx, py + dy
            if upper == "M":
                start = (x, y)
                command = "l" if relative else "L"  # further pairs are lines
            points.append((x, y))
        elif upper == "H":
            x = take(1)[0] + dx
            points.append((x, y))
        elif upper == "V":
            y = take(1)[0] + dy
            points.append((x, y))
        elif upper == "C":
            v = take(6)
            curve([(v[0] + dx, v[1] + dy), (v[2] + dx, v[3] + dy), (v[4] + dx, v[5] + dy)])
        elif upper == "S":
            v = take(4)
            curve([(x, y), (v[0] + dx, v[1] + dy), (v[2] + dx, v[3] + dy)])
        elif upper == "Q":
            v = take(4)
            curve([(v[0] + dx, v[1] + dy), (v[2] + dx, v[3] + dy)])
        elif upper == "T":
            v = take(2)
            curve([(x, y), (v[0] + dx, v[1] + dy)])
        elif upper == "A":
            v = take(7)
            x, y = v[5] + dx, v[6] + dy
            points.append((x, y))
    return points, closed


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> list[Point]:
    return [(cx + rx * math.cos(2 * math.pi * k / 48), cy + ry * math.sin(2 * math.pi * k / 48)) for k in range(48)]


def own_shape(element: ET.Element, props: dict[str, str]) -> tuple[list[Point], bool] | None:
    """The element's outline in its own coordinates, or None for a non-shape."""
    kind = local(element.tag)
    get = element.get
    if kind == "rect":
        x, y, w, h = number(get("x")), number(get("y")), number(get("width")), number(get("height"))
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)], True
    if kind == "circle":
        r = number(get("r"))
        return _ellipse(number(get("cx")), number(get("cy")), r, r), True
    if kind == "ellipse":
        return _ellipse(number(get("cx")), number(get("cy")), number(get("rx")), number(get("ry"))), True
    if kind == "line":
        return [(number(get("x1")), number(get("y1"))), (number(get("x2")), number(get("y2")))], False
    if kind in ("polyline", "polygon"):
        values = [float(v) for v in re.split(r"[\s,]+", (get("points") or "").strip()) if v]
        return list(zip(values[::2], values[1::2], strict=False)), kind == "polygon"
    if kind == "path":
        points, closed = path_points(get("d") or "")
        # a path with a fill is an area even when its Z is left out
        return points, closed or (colour(props.get("fill")) is not None or "url(" in props.get("fill", ""))
    return None


class Drawing:
    """An SVG read once: elements with their transforms, inherited data attributes and lines."""

    def __init__(self, svg_text: str) -> None:
        try:
            self.root, self._lines = parse(svg_text)
        except ET.ParseError as error:
            raise DrawingError(f"the SVG is not well-formed XML ({error})") from None
        self.css = styles(self.root)
        self.by_id = {e.get("id", ""): e for e in self.root.iter() if e.get("id")}
        # Everything drawn, in paint order: (element, matrix, ancestors as drawn, incl. <use>s)
        self.drawn: list[tuple[ET.Element, Matrix, tuple[ET.Element, ...]]] = []
        self._walk(self.root, IDENTITY, (), set())

    def line(self, element: ET.Element) -> int | None:
        return self._lines.get(id(element))

    def _walk(self, element: ET.Element, matrix: Matrix, ancestors: tuple[ET.Element, ...],
              using: set[str]) -> None:
        kind = local(element.tag)
        if kind in ("defs", "style", "title", "desc", "pattern", "clipPath", "mask", "symbol"):
            return
        matrix = multiply(matrix, transform_matrix(element.get("transform")))
        self.drawn.append((element, matrix, ancestors))
        if kind == "use":
            ref = (element.get("href") or element.get(XLINK_HREF) or "").lstrip("#")
            target = self.by_id.get(ref)
            if target is not None and ref not in using:
                moved = multiply(matrix, (1, 0, 0, 1, number(element.get("x")), number(element.get("y"))))
                self._walk(target, moved, ancestors + (element,), using | {ref})
            return
        for child in element:
            self._walk(child, matrix, ancestors + (element,), using)

    def props(self, element: ET.Element, ancestors: tuple[ET.Element, ...]) -> dict[str, str]:
        """Presentation after inheritance: ancestors' (and <use>'s) first, then the element's,
        with `.class tag` rules for a tag inside an element of that class."""
        props: dict[str, str] = {}
        classes: set[str] = set()
        for item in ancestors + (element,):
            for name in classes:
                props.update(self.css.get(f"{name} {local(item.tag)}", {}))
            props.update(style_of(item, self.css))
            classes |= set(item.get("class", "").split())
        return props

    def shapes(self, element: ET.Element) -> list[Shape]:
        """Every drawn outline of `element` and what it contains (several if it is drawn by <use>)."""
        shapes = []
        for drawn, matrix, ancestors in self.drawn:
            if drawn is not element and element not in ancestors:
                continue
            props = self.props(drawn, ancestors)
            outline = own_shape(drawn, props)
            if outline is None:
                continue
            points, closed = outline
            half = number(props.get("stroke-width"), 1.0) / 2 * _scale(matrix) if props.get("stroke", "none") != "none" else 0.5
            fill = colour(props.get("fill")) if closed else None
            shapes.append(Shape(tuple(apply(matrix, p) for p in points), closed, half, fill))
        return shapes


def _inside_polygon(point: Point, polygon: tuple[Point, ...]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
    return math.dist(p, (ax + t * (bx - ax), ay + t * (by - ay)))


def contains(shape: Shape, point: Point) -> bool:
    """A point is in an area, or on a stroke (within its half width)."""
    if shape.closed and len(shape.points) >= 3 and _inside_polygon(point, shape.points):
        return True
    pairs = list(zip(shape.points, shape.points[1:], strict=False))
    if shape.closed and shape.points:
        pairs.append((shape.points[-1], shape.points[0]))
    return any(_distance_to_segment(point, a, b) <= shape.half_width + 0.5 for a, b in pairs)


def segments_cross(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Two segments cross (touching at an end point does not count)."""
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    d1, d2 = side(b[0], b[1], a[0]), side(b[0], b[1], a[1])
    d3, d4 = side(a[0], a[1], b[0]), side(a[0], a[1], b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


# --- The checks ---------------------------------------------------------------------------

class Reporter:
    """Collects findings: at a line of the SVG, or (file=) at a line of the page's legend."""

    def __init__(self, svg_file: str) -> None:
        self.svg_file = svg_file
        self.findings: list[Finding] = []

    def __call__(self, line: int | None, message: str, file: str | None = None) -> None:
        self.findings.append(Finding(file or self.svg_file, line, message, rule=RULE))


@dataclass(frozen=True)
class Drawn:
    """A callout as drawn: number, centre and radius in drawing coordinates."""

    number: int
    centre: Point
    radius: float
    target: str
    line: int | None


def _callouts(drawing: Drawing) -> list[Drawn]:
    found = []
    for element, matrix, _ in drawing.drawn:
        if local(element.tag) != "g" or "callout" not in element.get("class", "").split():
            continue
        circle = next((c for c in element.iter() if local(c.tag) == "circle"), None)
        if circle is None or not element.get("data-callout", "").isdigit():
            continue  # figures.svg_callouts reports these
        centre = apply(multiply(matrix, transform_matrix(circle.get("transform"))),
                       (number(circle.get("cx")), number(circle.get("cy"))))
        found.append(Drawn(int(element.get("data-callout", "0")), centre, number(circle.get("r")) * _scale(matrix),
                           element.get("data-target", ""), drawing.line(element)))
    return sorted(found, key=lambda c: c.number)


def _leaders(drawing: Drawing) -> list[tuple[Leader, ET.Element, tuple[ET.Element, ...], Matrix]]:
    found = []
    for element, matrix, ancestors in drawing.drawn:
        if local(element.tag) != "line" or not element.get("data-callout"):
            continue
        if any(local(a.tag) == "use" for a in ancestors):
            continue  # the halo's copy of a leader
        try:
            callout_number = int(element.get("data-callout", ""))
        except ValueError:
            raise DrawingError(f'a leader has data-callout="{element.get("data-callout")}": '
                               "it must be the callout's number") from None
        start = apply(matrix, (number(element.get("x1")), number(element.get("y1"))))
        end = apply(matrix, (number(element.get("x2")), number(element.get("y2"))))
        leader = Leader(callout_number, element.get("data-target", ""), start, end, drawing.line(element) or 0)
        found.append((leader, element, ancestors, matrix))
    return found


def check_diagram(svg_text: str, svg_file: str, legend: list[tuple[int, str]] | None = None,
                  page: str = "") -> list[Finding]:
    """Everything these rules find wrong with one diagram.

    `svg_file` is the SVG's path as an editor sees it; `legend` the (line, text) of each legend
    entry under the figure in `page` (the Markdown file), so that colour words and step titles
    can be compared with it."""
    try:
        drawing = Drawing(svg_text)
        return _check(drawing, svg_file, legend, page)
    except DrawingError as error:
        return [Finding(svg_file, None, f"cannot check the drawing: {error}", rule=RULE)]


def _check(drawing: Drawing, svg_file: str, legend: list[tuple[int, str]] | None, page: str) -> list[Finding]:
    report = Reporter(svg_file)

    steps = drawing.root.get("data-kind") == "steps"
    callouts = _callouts(drawing)
    leaders = _leaders(drawing)
    if not steps:
        _check_count_and_order(callouts, report)
        _check_leaders(drawing, callouts, leaders, report)
    _check_leader_contrast(drawing, leaders, report)
    _check_text_contrast(drawing, report)
    _check_colours(drawing, legend, page, report)
    if steps:
        _check_steps(drawing, callouts, legend, page, report)
    return report.findings


def _check_count_and_order(callouts: list[Drawn], report: Reporter) -> None:
    if len(callouts) > MAX_CALLOUTS:
        extra = callouts[MAX_CALLOUTS]
        report(extra.line, f"{len(callouts)} numbered callouts: an anatomy drawing has at most {MAX_CALLOUTS} "
                           "(PEMAT-P item 18, uncluttered); leave out the least needed parts or say them in the text")
    for before, after in zip(callouts, callouts[1:], strict=False):
        (x1, y1), (x2, y2) = before.centre, after.centre
        if not (y2 - y1 > SAME_ROW or (abs(y2 - y1) <= SAME_ROW and x2 > x1)):
            report(after.line, f"callout {after.number} at ({x2:.0f},{y2:.0f}) comes before callout {before.number} "
                               f"at ({x1:.0f},{y1:.0f}) in reading order (rows top to bottom, each left to "
                               "right): renumber the callouts, or move them")


def _check_leaders(drawing: Drawing, callouts: list[Drawn],
                   leaders: list[tuple[Leader, ET.Element, tuple[ET.Element, ...], Matrix]], report: Reporter) -> None:
    by_number = {c.number: c for c in callouts}
    led = {leader.number for leader, *_ in leaders}
    for callout in callouts:
        if callout.number in led:
            continue
        if not callout.target:
            report(callout.line, f"callout {callout.number} has no leader: draw <line data-callout=\"{callout.number}\" "
                                 'data-target="ID" .../> to the shape it names, or, when the callout sits on '
                                 f'its shape, name it: <g class="callout" data-callout="{callout.number}" data-target="ID">')
            continue
        _check_end(drawing, f"callout {callout.number}", callout.target, callout.centre, callout.line, report)
    for leader, *_ in leaders:
        own = by_number.get(leader.number)
        if own is None:
            report(leader.line, f"a leader names callout {leader.number}, which is not drawn: fix its data-callout")
            continue
        if math.dist(leader.start, own.centre) > own.radius + 2:
            report(leader.line, f"the leader of callout {leader.number} starts at ({leader.start[0]:.0f},"
                                f"{leader.start[1]:.0f}), not in its circle at ({own.centre[0]:.0f},"
                                f"{own.centre[1]:.0f}): set x1, y1 to the circle's centre")
        if not leader.target:
            report(leader.line, f"the leader of callout {leader.number} has no data-target: name the id of the "
                                "shape it points at")
            continue
        _check_end(drawing, f"the leader of callout {leader.number}", leader.target, leader.end, leader.line, report)
    plain = [leader for leader, *_ in leaders]
    for index, first in enumerate(plain):
        for second in plain[index + 1:]:
            if segments_cross((first.start, first.end), (second.start, second.end)):
                report(second.line, f"the leaders of callouts {first.number} and {second.number} cross: move a "
                                    "callout so that each leader has its own path")


def _check_end(drawing: Drawing, what: str, target: str, point: Point, line: int | None,
               report: Reporter) -> None:
    element = drawing.by_id.get(target)
    if element is None:
        report(line, f'{what} names data-target="{target}", but no element has id="{target}": fix the id')
        return
    shapes = drawing.shapes(element)
    if not shapes:
        report(line, f'{what}: "{target}" is not drawn (it has no shape on the picture): name a drawn shape')
    elif not any(contains(shape, point) for shape in shapes):
        report(line, f'{what} ends at ({point[0]:.0f},{point[1]:.0f}), outside "{target}", the shape it names: '
                     "move its end (x2, y2) onto that shape")


def _check_leader_contrast(drawing: Drawing,
                           leaders: list[tuple[Leader, ET.Element, tuple[ET.Element, ...], Matrix]], report: Reporter) -> None:
    groups: dict[int, tuple[ET.Element, tuple[ET.Element, ...], Leader]] = {}
    for leader, element, ancestors, _ in leaders:
        groups.setdefault(id(ancestors[-1]) if ancestors else 0, (element, ancestors, leader))
    for element, ancestors, leader in groups.values():
        ink = colour(drawing.props(element, ancestors).get("stroke"))
        width = number(drawing.props(element, ancestors).get("stroke-width"), 1.0)
        if ink is None:
            report(leader.line, f"the leader of callout {leader.number} has no stroke colour (#rrggbb) to check")
            continue
        group = ancestors[-1] if ancestors else None
        halo = _halo(drawing, group)
        if halo is not None:
            halo_colour, halo_width = halo
            if contrast(ink, halo_colour) < LEADER_CONTRAST:
                report(leader.line, f"leaders ({ink}) contrast {contrast(ink, halo_colour):.2f}:1 with their halo "
                                    f"({halo_colour}); at least {LEADER_CONTRAST:g}:1 is needed: darken the leaders")
            if halo_width < width + 4:
                report(leader.line, f"the leaders' halo is {halo_width:g} wide, leaders {width:g}: make the halo "
                                    "at least 4 wider, so it shows on both sides")
            continue
        # No halo: the leader must stand out from every area it crosses
        for candidate, *_ in leaders:
            for fill in sorted(_fills_under(drawing, candidate), key=lambda fill: contrast(ink, fill)):
                if contrast(ink, fill) < LEADER_CONTRAST:  # the worst area it crosses
                    report(candidate.line, f"the leader of callout {candidate.number} ({ink}) crosses an area of "
                                           f"{fill} at only {contrast(ink, fill):.2f}:1 (at least "
                                           f"{LEADER_CONTRAST:g}:1): draw the leaders over a halo "
                                           '(<use class="leader-halo" href="#leader-lines"/>), ' + HOW)
                    break


def _halo(drawing: Drawing, group: ET.Element | None) -> tuple[str, float] | None:
    """(colour, width) of a <use> drawn before the leaders' group that copies it as a halo."""
    if group is None or not group.get("id"):
        return None
    for element, _, ancestors in drawing.drawn:
        if element is group:
            return None  # a halo must come first, so that the leaders lie on it
        href = (element.get("href") or element.get(XLINK_HREF) or "").lstrip("#")
        if local(element.tag) == "use" and href == group.get("id"):
            props = drawing.props(element, ancestors)
            halo_colour = colour(props.get("stroke"))
            if halo_colour:
                return halo_colour, number(props.get("stroke-width"), 1.0)
    return None


def _fills_under(drawing: Drawing, leader: Leader) -> set[str]:
    fills = set()
    samples = [(leader.start[0] + (leader.end[0] - leader.start[0]) * k / 20,
                leader.start[1] + (leader.end[1] - leader.start[1]) * k / 20) for k in range(21)]
    for element, _, ancestors in drawing.drawn:
        if any("callout" in a.get("class", "").split() for a in ancestors + (element,)):
            continue
        for shape in drawing.shapes(element) if local(element.tag) not in ("g", "use", "svg") else []:
            if shape.fill and any(_inside_polygon(p, shape.points) for p in samples):
                fills.add(shape.fill)
    return fills


def _check_text_contrast(drawing: Drawing, report: Reporter) -> None:
    areas = [(shape, element) for element, _, _ in drawing.drawn if local(element.tag) not in ("g", "use", "svg", "text")
             for shape in drawing.shapes(element) if shape.fill]
    for element, matrix, ancestors in drawing.drawn:
        if local(element.tag) != "text":
            continue
        fill = colour(drawing.props(element, ancestors).get("fill")) or "#000000"
        anchor = apply(matrix, (number(element.get("x")), number(element.get("y"))))
        under = [shape.fill for shape, _ in areas if shape.fill and _inside_polygon(anchor, shape.points)]
        for background in under[-1:]:  # the topmost area under the text
            if contrast(fill, background) < TEXT_CONTRAST:
                words = "".join(element.itertext()).strip()
                report(drawing.line(element), f'the text "{words}" ({fill}) contrasts {contrast(fill, background):.2f}:1 '
                                              f"with {background} under it; text needs {TEXT_CONTRAST:g}:1")


def _check_colours(drawing: Drawing, legend: list[tuple[int, str]] | None, page: str,
                   report: Reporter) -> None:
    explained: dict[int, ET.Element] = {}
    for element, _, ancestors in drawing.drawn:
        chain = ancestors + (element,)
        if any(c.get("class", "") and {"callout", "leader-ink", "leader-halo"} & set(c.get("class", "").split())
               for c in chain) or local(element.tag) in ("text", "g", "svg", "use"):
            continue
        if own_shape(element, {}) is None:
            continue
        props = drawing.props(element, ancestors)
        strong = [c for c in (colour(props.get("fill")), colour(props.get("stroke"))) if c and chroma(c) >= MEANING_CHROMA]
        keyed = next((c for c in reversed(chain) if c.get("data-legend")), None)
        if strong and keyed is None:
            report(drawing.line(element), f"{local(element.tag)} drawn in {strong[0]}, a colour that stands out, "
                                          "has no legend entry: put data-legend=\"N\" data-colour=\"word\" on it (or "
                                          "its group) and say in legend entry N what the colour shows; " + HOW)
        if keyed is not None:
            explained.setdefault(id(keyed), keyed)
    for keyed in explained.values():
        _check_key(drawing, keyed, legend, page, report)


def _check_key(drawing: Drawing, keyed: ET.Element, legend: list[tuple[int, str]] | None, page: str,
               report: Reporter) -> None:
    where = f'id="{keyed.get("id")}"' if keyed.get("id") else f"{local(keyed.tag)}"
    word = keyed.get("data-colour", "").strip()
    try:
        entry = int(keyed.get("data-legend", ""))
    except ValueError:
        report(drawing.line(keyed), f'{where}: data-legend="{keyed.get("data-legend")}" must be a legend number')
        return
    if not word:
        report(drawing.line(keyed), f'{where}: data-legend="{entry}" needs data-colour="word", the colour\'s '
                                    "name as the legend says it (e.g. orange)")
        return
    if legend is None:
        return
    if not 1 <= entry <= len(legend):
        report(drawing.line(keyed), f'{where}: data-legend="{entry}", but the legend under the figure in {page} '
                                    f"has {len(legend)} entries")
        return
    line, text = legend[entry - 1]
    if not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
        report(line, f'legend entry {entry} does not say "{word}": the drawing shows {where} in {word} '
                     f"({drawing_name(drawing)}); say what the {word} colour shows", file=page)


def drawing_name(drawing: Drawing) -> str:
    title = drawing.root.find(f"{SVG_NS}title")
    return (title.text or "").strip() if title is not None else "the drawing"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _check_steps(drawing: Drawing, callouts: list[Drawn], legend: list[tuple[int, str]] | None,
                 page: str, report: Reporter) -> None:
    titles = [(int(e.get("data-step", "0")), "".join(e.itertext()).strip(), drawing.line(e))
              for e, _, _ in drawing.drawn if e.get("data-step", "").isdigit()]
    numbers = [n for n, _, _ in titles]
    if numbers != list(range(1, len(numbers) + 1)):
        report(titles[0][2] if titles else None, f"step titles are numbered {numbers}: number them data-step=\"1\", "
                                                 "\"2\", ... in drawing order")
    if len(titles) != len(callouts):
        report(titles[-1][2] if titles else None, f"{len(titles)} step titles (data-step) but {len(callouts)} "
                                                  "numbered callouts: give each step one title and one callout")
    if legend is None:
        return
    if len(titles) != len(legend):
        report(legend[-1][0] if legend else None, f"the legend has {len(legend)} entries but the drawing "
                                                  f"({drawing_name(drawing)}) has {len(titles)} steps: one entry per "
                                                  "step, in the same order", file=page)
    for (step, title, svg_line), (line, text) in zip(titles, legend, strict=False):
        if _words(title) not in _words(text):
            report(line, f'legend entry {step} does not contain the drawing\'s step {step}, "{title}" '
                         f"({drawing_name(drawing)}, line {svg_line}): the text and the drawing must say the same "
                         "step in the same order; change one of them", file=page)


def smallest_text(svg_text: str) -> tuple[float, str]:
    """(font size in drawing units, the words) of the smallest text in the drawing."""
    drawing = Drawing(svg_text)
    sizes = []
    for element, matrix, ancestors in drawing.drawn:
        if local(element.tag) == "text":
            size = number(drawing.props(element, ancestors).get("font-size"), 16.0) * _scale(matrix)
            sizes.append((size, "".join(element.itertext()).strip()))
    return min(sizes) if sizes else (0.0, "")
