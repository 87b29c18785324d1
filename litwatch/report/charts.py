"""Inline SVG charts for the HTML report, drawn in Python so the page needs no JS, CDN or images.

Every string that reaches the SVG (labels, tooltips) goes through `esc`, because design names,
units and PMIDs come from data we do not control. Charts return "" when there is nothing to draw;
the caller then shows a note instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from litwatch.claims.evidence import EvidenceRow, Stance, is_counted
from litwatch.report.labels import DESIGN_LABELS, design_label, esc

DESIGN_COLOURS = {
    "meta-analysis": "#0b3d62",
    "systematic-review": "#1f6f9f",
    "rct": "#2a9d8f",
    "non-randomized-trial": "#74c3b5",
    "cohort": "#e9c46a",
    "case-control": "#f4a261",
    "cross-sectional": "#e76f51",
    "case-series": "#b5838d",
    "case-report": "#9d6b9f",
    "protocol": "#adb5bd",
    "narrative-review": "#8d99ae",
    "preclinical": "#6d597a",
    "other": "#ced4da",
}
FALLBACK_COLOURS = ("#577590", "#90be6d", "#f9844a", "#4d908e", "#f94144", "#43aa8b")
STANCE_COLOURS = {
    "supports": "#2b8a3e",
    "contradicts": "#c92a2a",
    "mixed": "#e8a317",
    "no-direction": "#adb5bd",
}
SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
    'role="img" aria-label="{label}">'
)


def order_designs(designs: Iterable[str]) -> list[str]:
    """Known designs strongest first, then unknown ones alphabetically."""
    known = list(DESIGN_LABELS)
    return sorted(set(designs), key=lambda d: (known.index(d) if d in known else len(known), d))


def colour_designs(designs: Sequence[str]) -> dict[str, str]:
    extra = iter(FALLBACK_COLOURS * (len(designs) // len(FALLBACK_COLOURS) + 1))
    return {d: DESIGN_COLOURS.get(d) or next(extra) for d in designs}


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top` (1-2-5 steps), for count axes."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(step, 1.0) if top >= 1 else step
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def render_legend(items: Iterable[tuple[str, str]]) -> str:
    """An HTML legend (wraps on phones) with tiny inline-SVG swatches."""
    parts = [
        f'<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" '
        f'rx="2" fill="{esc(colour)}"/></svg>{esc(label)}</li>'
        for label, colour in items
    ]
    return f'<ul class="legend">{"".join(parts)}</ul>'


def render_years_chart(years: dict[int, dict[str, int]]) -> str:
    """Records per publication year, stacked by study design (strongest design at the bottom)."""
    counts = {int(y): {d: n for d, n in by.items() if n > 0} for y, by in years.items()}
    counts = {y: by for y, by in counts.items() if by}
    if not counts:
        return ""
    span = list(range(min(counts), max(counts) + 1))
    designs = order_designs(d for by in counts.values() for d in by)
    colours = colour_designs(designs)
    w, h, left, right, top, bottom = 460, 210, 34, 8, 18, 26
    plot_w, plot_h = w - left - right, h - top - bottom
    ticks = nice_ticks(max(sum(by.values()) for by in counts.values()))
    scale = plot_h / ticks[-1]
    slot = plot_w / len(span)
    bar = min(slot * 0.7, 48)
    label_every = max(1, math.ceil(len(span) / 12))
    out = [SVG_OPEN.format(w=w, h=h, label="Records per publication year, stacked by study design")]
    for t in ticks:
        y = top + plot_h - t * scale
        out.append(f'<line class="grid" x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(int(t))}</text>'
        )
    for i, year in enumerate(span):
        x = left + i * slot + (slot - bar) / 2
        base = float(top + plot_h)
        by = counts.get(year, {})
        for design in designs:
            n = by.get(design, 0)
            if not n:
                continue
            seg = n * scale
            base -= seg
            tip = f"{year} · {design_label(design)}: {n}"
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{seg:.1f}" '
                f'fill="{esc(colours[design])}"><title>{esc(tip)}</title></rect>'
            )
        if by:
            out.append(
                f'<text class="total" x="{x + bar / 2:.1f}" y="{base - 4:.1f}" text-anchor="middle">'
                f"{esc(sum(by.values()))}</text>"
            )
        if i % label_every == 0 or i == len(span) - 1:
            out.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{h - 8}" text-anchor="middle">'
                f"{esc(year)}</text>"
            )
    out.append(f'<line class="axis" x1="{left}" x2="{w - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.append("</svg>")
    return "".join(out) + render_legend((design_label(d), colours[d]) for d in designs)


def render_stance_chart(rows: Sequence[EvidenceRow]) -> str:
    """Counted records by evidence level (rows) and stance (colours): where agreement comes from."""
    counted = [r for r in rows if is_counted(r)]
    if not counted:
        return ""
    table = Counter((r.evidence_level, r.stance) for r in counted)
    levels = sorted({r.evidence_level for r in counted} | {1, 2, 3, 4, 5})
    stances = [s for s in Stance if any(k[1] == s for k in table)] + sorted(
        {r.stance for r in counted} - set(Stance)
    )
    top_n = max(sum(table[(lv, s)] for s in stances) for lv in levels)
    w, left, right, row_h = 460, 62, 30, 28
    h = len(levels) * row_h + 10
    scale = (w - left - right) / top_n
    out = [SVG_OPEN.format(w=w, h=h, label="Records by evidence level and stance")]
    for i, level in enumerate(levels):
        y = 5 + i * row_h
        out.append(
            f'<text class="tick row-label" x="{left - 8}" y="{y + 18}" text-anchor="end">'
            f"Level {esc(level)}</text>"
        )
        x = float(left)
        for stance in stances:
            n = table[(level, stance)]
            if not n:
                continue
            tip = f"Level {level} · {stance}: {n}"
            colour = STANCE_COLOURS.get(stance, "#868e96")
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{n * scale:.1f}" height="{row_h - 8}" rx="2" '
                f'fill="{esc(colour)}"><title>{esc(tip)}</title></rect>'
            )
            x += n * scale
        total = sum(table[(level, s)] for s in stances)
        label = esc(total) if total else "–"
        out.append(f'<text class="total" x="{x + 6:.1f}" y="{y + 18}">{label}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="4" y2="{h - 4}"/></svg>')
    return "".join(out) + render_legend((s, STANCE_COLOURS.get(s, "#868e96")) for s in stances)


def render_stance_bar(rows: Sequence[EvidenceRow], width: int = 120) -> str:
    """A one-line stance mix for the summary table."""
    counts = Counter(r.stance for r in rows if is_counted(r))
    total = sum(counts.values())
    if not total:
        return ""
    out = [f'<svg class="mini" viewBox="0 0 {width} 12" role="img" aria-label="stance mix">']
    x = 0.0
    for stance in [*Stance, *sorted(set(counts) - set(Stance))]:
        n = counts.get(stance, 0)
        if not n:
            continue
        seg = width * n / total
        colour = STANCE_COLOURS.get(stance, "#868e96")
        out.append(
            f'<rect x="{x:.1f}" y="0" width="{seg:.1f}" height="12" fill="{esc(colour)}">'
            f"<title>{esc(stance)}: {esc(n)}</title></rect>"
        )
        x += seg
    return "".join(out) + "</svg>"
