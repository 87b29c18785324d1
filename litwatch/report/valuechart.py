"""The numbers chart: every dose / duration / onset time the records state, against the article's.

A dot plot (one dot per extracted value, equal values stacked) with the article's value or range
shaded shows at once where the literature sits and whether the article's number is typical, which a
table of numbers does not. `value_stats` gives the same facts as text for the side panel and Markdown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from litwatch.claims.evidence import EvidenceRow, is_counted
from litwatch.report.charts import SVG_OPEN, nice_ticks, render_legend
from litwatch.report.labels import article_value, esc, format_number

INSIDE, OUTSIDE, NEUTRAL = "#1f6f9f", "#e07a2f", "#6c8ea8"
MAX_STACK_PX = 150


@dataclass
class ValueStats:
    count: int
    median: float
    low: float
    high: float
    inside: int | None  # values matching the article's value/range; None when the article gives none
    article: str  # "0.5 mg/kg", "45–90 min" or ""


def in_range(value: float, low: float | None, high: float | None) -> bool:
    if low is None and high is None:
        return False
    lo = low if low is not None else high
    hi = high if high is not None else low
    assert lo is not None and hi is not None
    tol = 1e-9 * max(1.0, abs(lo), abs(hi))
    return lo - tol <= value <= hi + tol


def value_stats(
    values: Sequence[float], low: float | None, high: float | None, unit: str | None
) -> ValueStats | None:
    vals = sorted(v for v in values if math.isfinite(v))
    if not vals:
        return None
    mid = len(vals) // 2
    median = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    has_article = low is not None or high is not None
    inside = sum(in_range(v, low, high) for v in vals) if has_article else None
    return ValueStats(len(vals), median, vals[0], vals[-1], inside, article_value(low, high, unit))


def summarise_values(values: Sequence[float], low: float | None, high: float | None, unit: str | None) -> str:
    """One plain sentence, so the picture has a text equivalent (and Markdown gets the facts)."""
    st = value_stats(values, low, high, unit)
    if st is None:
        return ""
    u = f" {unit}" if unit else ""
    text = (
        f"{st.count} value{'s' if st.count != 1 else ''} extracted; median {format_number(st.median)}{u}"
        f" (range {format_number(st.low)}–{format_number(st.high)}{u})"
    )
    if st.inside is not None:
        text += f"; {st.inside} of {st.count} ({st.inside / st.count:.0%}) match the article's {st.article}"
    return text + "."


def axis_ticks(a: float, b: float, log: bool) -> list[float]:
    """Tick values inside [a, b] (data units); `a`/`b` are log10 values when `log`."""
    if log:
        out = [m * 10.0**k for k in range(math.floor(a), math.ceil(b) + 1) for m in (1, 2, 5)]
        return [v for v in out if a <= math.log10(v) <= b]
    raw = (b - a) / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(a / step - 1e-9) * step
    return [first + i * step for i in range(int((b - first) / step + 1e-9) + 1)]


def label_values(values: Sequence[float], rows: Sequence[EvidenceRow]) -> list[str]:
    """Which record each value came from, as far as the rows tell (for the dots' tooltips)."""
    sources: dict[float, list[str]] = {}
    for row in rows:
        if is_counted(row):
            for pair in row.values:
                sources.setdefault((pair[0] + pair[1]) / 2, []).append(row.pmid)
    return [sources[v].pop(0) if sources.get(v) else "" for v in values]


@dataclass
class Axis:
    """Data value -> x pixel. Log axes keep zero and negative values in a separate slot at the left."""

    left: float
    right: float
    a: float
    b: float
    log: bool
    zero_x: float | None  # where non-positive values sit on a log axis

    @classmethod
    def fit(cls, values: Sequence[float], known: Sequence[float], left: float, right: float) -> Axis:
        positive = [v for v in [*values, *known] if v > 0]
        log = bool(positive) and max(positive) / min(positive) >= 20
        zero_x = None
        if log:
            lo, hi = math.log10(min(positive)), math.log10(max(positive))
            if any(v <= 0 for v in values):
                zero_x, left = left + 4, left + 30
        else:
            lo, hi = min([*values, *known]), max([*values, *known])
        span = (hi - lo) or (abs(lo) * 0.5 if lo else 1.0)
        return cls(left, right, lo - span * 0.06, hi + span * 0.06, log, zero_x)

    def x(self, v: float) -> float:
        if self.log and v <= 0:
            assert self.zero_x is not None
            return self.zero_x
        t = math.log10(v) if self.log else v
        return self.left + (t - self.a) / (self.b - self.a) * (self.right - self.left)


def render_values_chart(
    values: Sequence[float],
    low: float | None,
    high: float | None,
    unit: str | None,
    rows: Sequence[EvidenceRow] = (),
) -> str:
    """Dot plot of the values (a histogram when columns get tall), the article's value shaded.

    A log axis is used when the values span more than a factor of 20: doses and times are skewed,
    and one misread outlier must not squash everything else into a corner.
    """
    pairs = sorted(
        (v, p) for v, p in zip(values, label_values(values, rows), strict=True) if math.isfinite(v)
    )
    if not pairs:
        return ""
    u = f" {unit}" if unit else ""
    known = [x for x in (low, high) if x is not None and math.isfinite(x)]
    w, top, col_w = 520, 30, 10.0
    bars_left = 44.0
    axis = Axis.fit([v for v, _ in pairs], known, 22, w - 22)
    columns = bin_columns(pairs, axis, known, col_w)
    tallest = max(len(c) for c in columns.values())
    bars = tallest > MAX_STACK_PX // col_w
    if bars:  # make room for the count axis
        axis = Axis.fit([v for v, _ in pairs], known, bars_left, w - 22)
        columns = bin_columns(pairs, axis, known, col_w)
    base = top + (MAX_STACK_PX if bars else max(tallest * col_w, 40)) + 8
    h = int(base + 38)
    label = f"{len(pairs)} extracted values{u} against the article's"
    out = [SVG_OPEN.replace('class="chart"', 'class="chart dots"').format(w=w, h=h, label=esc(label))]
    if known:
        x1, x2 = axis.x(min(known)), axis.x(max(known))
        if x2 - x1 < 4:
            x1, x2 = (x1 + x2) / 2 - 2, (x1 + x2) / 2 + 2
        article = article_value(low, high, unit)
        text = f"article: {article}"
        half = len(text) * 3.9
        cx = min(max((x1 + x2) / 2, axis.left + half - 20), w - half)
        out.append(
            f'<rect class="article" x="{x1:.1f}" y="{top - 4}" width="{x2 - x1:.1f}" '
            f'height="{base - top + 4}"><title>{esc(f"Article: {article}")}</title></rect>'
            f'<text class="article-label" x="{cx:.1f}" y="{top - 10}" text-anchor="middle">{esc(text)}</text>'
        )
    neutral = not known
    if bars:
        ticks = nice_ticks(tallest, count=3)
        tallest = int(ticks[-1])
        for t in ticks:
            y = base - t / tallest * MAX_STACK_PX
            out.append(
                f'<text class="tick" x="{bars_left - 8}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>'
            )
    for cx, group in columns.items():
        if bars:
            out.append(render_bar(group, cx, base, tallest, low, high, u))
            continue
        for k, (v, pmid) in enumerate(group):
            colour = NEUTRAL if neutral else INSIDE if in_range(v, low, high) else OUTSIDE
            tip = f"{format_number(v)}{u}" + (f" · PMID {pmid}" if pmid else "")
            out.append(
                f'<circle cx="{cx:.1f}" cy="{base - col_w / 2 - k * col_w:.1f}" r="{col_w * 0.41:.1f}" '
                f'fill="{colour}" stroke="#fff" stroke-width="1"><title>{esc(tip)}</title></circle>'
            )
    out.append(render_axis(axis, base, h, unit))
    legend = [("matches the article", INSIDE), ("differs", OUTSIDE)] if known else []
    return "".join(out) + (render_legend(legend) if legend else "")


def bin_columns(
    pairs: list[tuple[float, str]], axis: Axis, known: Sequence[float], col_w: float
) -> dict[float, list[tuple[float, str]]]:
    """Values -> columns col_w pixels apart, aligned so the article's own value is a column centre."""
    anchor = axis.x(min(known)) if known else axis.left
    columns: dict[float, list[tuple[float, str]]] = {}
    for v, pmid in pairs:
        x = axis.x(v)
        cx = x if axis.log and v <= 0 else anchor + round((x - anchor) / col_w) * col_w
        columns.setdefault(cx, []).append((v, pmid))
    return columns


def render_bar(
    group: list[tuple[float, str]],
    cx: float,
    base: float,
    tallest: int,
    low: float | None,
    high: float | None,
    u: str,
) -> str:
    """One histogram column: values matching the article at the bottom, the others above."""
    inside = sum(in_range(v, low, high) for v, _ in group)
    lo, hi = group[0][0], group[-1][0]
    span = format_number(lo) if lo == hi else f"{format_number(lo)}–{format_number(hi)}"
    pmids = sorted({p for _, p in group if p})
    tip = f"{span}{u}: {len(group)} values" + (f" · PMIDs {', '.join(pmids[:8])}" if pmids else "")
    tip += " …" if len(pmids) > 8 else ""
    out, y = [], base
    no_article = low is None and high is None
    for n, colour in ((inside, INSIDE), (len(group) - inside, NEUTRAL if no_article else OUTSIDE)):
        if n:
            height = n / tallest * MAX_STACK_PX
            y -= height
            out.append(
                f'<rect x="{cx - 4:.1f}" y="{y:.1f}" width="8" height="{height:.1f}" fill="{colour}">'
                f"<title>{esc(tip)}</title></rect>"
            )
    return "".join(out)


def render_axis(axis: Axis, base: float, h: int, unit: str | None) -> str:
    out = [f'<line class="axis" x1="{axis.left}" x2="{axis.right}" y1="{base}" y2="{base}"/>']
    ticks = axis_ticks(axis.a, axis.b, axis.log)
    if axis.zero_x is not None:
        ticks = [0.0, *ticks]
        out.append(
            f'<line class="axis" x1="{axis.zero_x - 4}" x2="{axis.zero_x + 8}" y1="{base}" y2="{base}"/>'
            f'<text class="tick" x="{axis.zero_x + 17}" y="{base + 4}" text-anchor="middle">//</text>'
        )
    for tick in ticks:
        x = axis.x(tick)
        out.append(
            f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>'
            f'<text class="tick" x="{x:.1f}" y="{base + 19}" text-anchor="middle">'
            f"{format_number(tick)}</text>"
        )
    label = (unit or "value") + (" · log scale" if axis.log else "")
    mid = (axis.left + axis.right) / 2
    out.append(
        f'<text class="axis-label" x="{mid:.1f}" y="{h - 3}" text-anchor="middle">{esc(label)}</text></svg>'
    )
    return "".join(out)
