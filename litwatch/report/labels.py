"""Words, links and number formats shared by the HTML and Markdown renderers and the charts."""

from __future__ import annotations

import math
import re
from html import escape
from urllib.parse import quote

from litwatch.claims import verdict as rules  # thresholds as the rule table uses them
from litwatch.claims.design import EVIDENCE_LEVEL_TABLE
from litwatch.claims.evidence import Design, Stance, VerdictLabel

# Strongest design first: bars stack in this order (bottom = strongest) and legends follow it.
DESIGN_LABELS: dict[str, str] = {
    Design.META_ANALYSIS: "Meta-analysis",
    Design.SYSTEMATIC_REVIEW: "Systematic review",
    Design.RCT: "Randomised trial",
    Design.NON_RANDOMIZED_TRIAL: "Non-randomised trial",
    Design.COHORT: "Cohort",
    Design.CASE_CONTROL: "Case-control",
    Design.CROSS_SECTIONAL: "Cross-sectional",
    Design.CASE_SERIES: "Case series",
    Design.CASE_REPORT: "Case report",
    Design.PROTOCOL: "Protocol",
    Design.NARRATIVE_REVIEW: "Narrative review",
    Design.PRECLINICAL: "Preclinical",
    Design.OTHER: "Other",
}
VALUE_KINDS = {
    "dose_mg_per_kg": "dose, mg per kg body weight",
    "infusion_minutes": "infusion length, minutes",
    "onset_hours": "time to first effect, hours",
    "benefit_days": "how long the benefit lasts, days",
    "sample_size": "number of participants",
    "dose_count": "number of doses",
    "response_percent": "share of patients who respond, %",
    "course_weeks": "length of the treatment course, weeks",
    "dose_mg": "fixed dose, mg",
    "side_effect_hours": "how long side effects last, hours",
}
VERDICT_ICONS: dict[str, str] = {
    VerdictLabel.SUPPORTED: "✓",
    VerdictLabel.PARTLY_SUPPORTED: "◐",
    VerdictLabel.CONTRADICTED: "✗",
    VerdictLabel.INSUFFICIENT: "?",
}


def verdict_meanings() -> dict[str, str]:
    """What each verdict means, quoting the rules' thresholds as they are when called."""
    return {
        VerdictLabel.SUPPORTED: f"The counting evidence (human, level 1–{rules.MAX_LEVEL}, same route and "
        "formulation) agrees with the article's statement or number.",
        VerdictLabel.PARTLY_SUPPORTED: "Some of it agrees, but part of the statement or number is not "
        "backed, or the findings are mixed.",
        VerdictLabel.CONTRADICTED: "The counting evidence mostly points the other way, or rarely uses the "
        "article's number.",
        VerdictLabel.INSUFFICIENT: f"Too few counting records (fewer than {rules.MIN_RECORDS}), or only "
        "animal, laboratory or indirect ones, to say.",
    }


# In the spirit of the Oxford CEBM 2011 levels (treatment benefits and harms): the tagger's own table.
LEVEL_DESIGNS: dict[int, list[tuple[str, str]]] = {}  # level -> [(design, what it covers)]
for _design, _level, _desc in EVIDENCE_LEVEL_TABLE:
    LEVEL_DESIGNS.setdefault(_level, []).append((_design, _desc))
LEVELS = {
    level: ", ".join(DESIGN_LABELS.get(d, d) for d, _ in designs)
    for level, designs in sorted(LEVEL_DESIGNS.items())
}
STANCE_MEANINGS: dict[str, str] = {
    Stance.SUPPORTS: "the record's words agree with the claim",
    Stance.CONTRADICTS: "the record's words point the other way",
    Stance.MIXED: "the record reports both",
    Stance.NO_DIRECTION: "the record bears on the claim but takes no side (e.g. a protocol)",
}


def esc(value: object) -> str:
    """Escape for HTML text, attributes and SVG alike (quotes included)."""
    return escape(str(value), quote=True)


def format_number(x: float) -> str:
    """Three significant digits, no trailing zeros: 0.5, 0.045, 240."""
    if not math.isfinite(x):
        return str(x)
    return f"{float(f'{x:.3g}'):g}"


def design_label(design: str) -> str:
    return DESIGN_LABELS.get(design, design.replace("-", " ").capitalize() or "Unknown")


def value_kind_label(kind: str | None) -> str:
    return VALUE_KINDS.get(kind or "", (kind or "values").replace("_", " "))


def verdict_slug(label: str) -> str:
    """CSS class suffix of a verdict; unknown labels get the neutral style."""
    return re.sub(r"[^a-z]+", "-", label.lower()).strip("-") if label in VERDICT_ICONS else "unknown"


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{quote(pmid.strip(), safe='')}/"


def doi_url(doi: str) -> str:
    """doi.org link; characters unsafe in a URL (old SICI DOIs have <>, parentheses) are percent-encoded."""
    return "https://doi.org/" + quote(doi.strip(), safe="/:;.-_~")


def route_text(routes: list[str], formulations: list[str]) -> str:
    return ", ".join([*routes, *formulations])


def studied_text(indication: str) -> str:
    """The condition or setting a record studied ("studied surgery / anaesthesia"), "" when unknown:
    an off-indication trial still counts for a dose or infusion time, so every row says which one."""
    return f"studied {indication}" if indication else ""


def article_value(low: float | None, high: float | None, unit: str | None) -> str:
    """The article's number as the reader saw it: "0.5 mg/kg", "45–90 min", "" when none."""
    nums = sorted({x for x in (low, high) if x is not None})
    if not nums:
        return ""
    return "–".join(format_number(x) for x in nums) + (f" {unit}" if unit else "")


MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~#&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def escape_md(text: object) -> str:
    """One line of literal text: specials backslash-escaped, newlines folded (safe in table cells).

    An underscore inside a word (dose_mg_per_kg) never starts emphasis in CommonMark, so it is left alone.
    """
    return MD_SPECIAL.sub(r"\\\1", re.sub(r"\s*[\r\n]+\s*", " ", str(text)))


def verdict_text(label: str) -> str:
    return f"{VERDICT_ICONS.get(label, '•')} **{escape_md(label)}**"
