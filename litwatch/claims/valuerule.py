"""Step 3 of the verdict rules, the number rule: what share of the counting studies used or reported
the article's number (a dose, an infusion time, an onset, a duration of benefit), and the sentence
that says so.

Pure: no database, no I/O. A study's values are ranges; one *matches* when it reaches the
article's value within `ABOUT_TOLERANCE` and is *near* when it reaches the range the claims file
accepts (`compare.supports`): `value_ranges` gives both.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence

from litwatch.claims.counting import pluralize
from litwatch.claims.evidence import EvidenceRow, Verdict, VerdictLabel
from litwatch.claims.model import Claim
from litwatch.claims.thresholds import (
    ABOUT_TOLERANCE,
    AT_LEAST_KINDS,
    AT_MOST_KINDS,
    MIN_RECORDS,
    VALUE_PARTLY_SHARE,
    VALUE_SUPPORT_SHARE,
)

KIND_WORDS: dict[str, tuple[str, str, str, str]] = {
    # value kind: (what the study states, match phrase, below phrase, above phrase)
    "dose_mg_per_kg": ("a stated dose", "used {range}", "used less", "used more"),
    "infusion_minutes": (
        "a stated infusion time",
        "infused over {range}",
        "used shorter infusions",
        "used longer infusions",
    ),
    "onset_hours": ("a reported onset time", "reported an effect by {range}", "", "first reported it later"),
    "benefit_days": (
        "a reported duration of benefit",
        "reported benefit lasting at least {range}",
        "reported shorter benefit",
        "",
    ),
    "dose_count": ("a stated number of doses", "gave {range}", "gave fewer", "gave more"),
    "sample_size": ("a stated sample size", "enrolled {range}", "enrolled fewer", "enrolled more"),
    "response_percent": ("a reported response rate", "reported {range}", "reported less", "reported more"),
    "course_weeks": ("a stated course length", "ran {range}", "ran shorter courses", "ran longer courses"),
    "dose_mg": ("a stated fixed dose", "used {range}", "used less", "used more"),
    "side_effect_hours": (
        "a reported side-effect duration",
        "reported side effects gone within {range}",
        "reported shorter side effects",
        "reported longer side effects",
    ),
}
DEFAULT_WORDS = ("a stated value", "reported {range}", "reported less", "reported more")


def format_range(low: float | None, high: float | None, unit: str | None) -> str:
    """0.5 mg/kg, 45–90 min, ≥ 90 days, ≤ 2 h."""
    u = f" {unit}" if unit else ""
    lo = None if low is None or low <= 0 else low
    hi = None if high is None or math.isinf(high) or high >= 1e5 else high
    if lo is not None and hi is not None:
        return f"{_num(lo)}{u}" if lo == hi else f"{_num(lo)}–{_num(hi)}{u}"
    if lo is not None:
        return f"≥ {_num(lo)}{u}"
    if hi is not None:
        return f"≤ {_num(hi)}{u}"
    return "any value"


def _num(x: float) -> str:
    return f"{x:g}"


Range = tuple[float, float]


def value_ranges(claim: Claim) -> tuple[Range, Range] | None:
    """(match range, near range) for the number rule; None when the claim gives no number to check."""
    band = claim.compare.supports if claim.compare is not None else None
    if claim.article_low is None and claim.article_high is None:
        if band is None:
            return None
        exact = band
    else:
        low = claim.article_low if claim.article_low is not None else claim.article_high
        high = claim.article_high if claim.article_high is not None else claim.article_low
        assert low is not None and high is not None
        exact = (low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE))
    if claim.value_kind in AT_MOST_KINDS:
        exact = (-math.inf, exact[1])
    if claim.value_kind in AT_LEAST_KINDS:
        exact = (exact[0], math.inf)
    return exact, band if band is not None else exact


def shown_value(claim: Claim) -> str:
    """The article's number as the reason quotes it ("0.5 mg/kg", "45–90 min", "2 h", "14 days")."""
    low, high = claim.article_low, claim.article_high
    if low is None and high is None and claim.compare is not None and claim.compare.supports is not None:
        low, high = claim.compare.supports
    if claim.value_kind in AT_MOST_KINDS:
        low = None
    if claim.value_kind in AT_LEAST_KINDS:
        high = None
    if low is None or high is None:
        value = high if low is None else low
        return f"{_num(value)}{f' {claim.unit}' if claim.unit else ''}" if value is not None else "any value"
    return format_range(low, high, claim.unit)


def _classify_values(values: Sequence[Sequence[float]], exact: Range, band: Range) -> str:
    """match: a stated value or range reaches the article's; near: one reaches the accepted band;
    below / above: all lie on one side; around: on both sides. Ranges compare by both ends."""
    if any(lo <= exact[1] and hi >= exact[0] for lo, hi in values):
        return "match"
    if any(lo <= band[1] and hi >= band[0] for lo, hi in values):
        return "near"
    if all(hi < exact[0] for _, hi in values):
        return "below"
    if all(lo > exact[1] for lo, _ in values):
        return "above"
    return "around"


def split_later(
    claim: Claim, studies: list[EvidenceRow], ranges: tuple[Range, Range]
) -> tuple[list[EvidenceRow], list[EvidenceRow]]:
    """(studies whose values are judged, studies left out): for an "at most" claim (onset within
    2 h) a study whose every time point is after the article's first looked later, which says
    nothing against an effect by then."""
    if claim.value_kind not in AT_MOST_KINDS:
        return studies, []
    exact, band = ranges
    later = [r for r in studies if _classify_values(r.values, exact, band) == "above"]
    return [r for r in studies if r not in later], later


def later_note(claim: Claim, later: Sequence[EvidenceRow]) -> str:
    """The reason's note on them: '2 more studies first measured after 2 h and were left out'."""
    verb = "was" if len(later) == 1 else "were"
    return (
        f"{pluralize(len(later), 'more study')} first measured after {shown_value(claim)} and {verb} "
        "left out: no evidence against"
    )


def decide_by_values(
    claim: Claim, studies: list[EvidenceRow], ranges: tuple[Range, Range], stats: dict
) -> Verdict | None:
    """Rule 3: what share of studies used / reported the article's value, or at least a near one
    (None when, onset studies that first measured later left out, too few remain)."""
    exact, band = ranges
    studies, later = split_later(claim, studies, ranges)
    if len(studies) < MIN_RECORDS:
        return None
    counts = Counter(_classify_values(r.values, exact, band) for r in studies)
    n, matched, near = len(studies), counts["match"], counts["near"]
    all_values = [(lo + hi) / 2 for r in studies for lo, hi in r.values]
    noun, match_phrase, below, above = KIND_WORDS.get(claim.value_kind or "", DEFAULT_WORDS)
    parts = [f"{matched} of {n} human studies with {noun} {match_phrase.format(range=shown_value(claim))}"]
    if near:
        verb = "was" if near == 1 else "were"
        parts.append(f"{near} more {verb} within the accepted {format_range(*band, claim.unit)}")
    others = [
        f"{counts[k]} {phrase or 'reported other values'}"
        for k, phrase in (("below", below), ("above", above), ("around", "reported values on both sides"))
        if counts[k]
    ]
    if others:
        parts.append(", ".join(others))
    median = statistics.median(all_values)
    unit = f" {claim.unit}" if claim.unit else ""
    parts[-1] += f" (median {_num(median)}{unit})"  # of the studies counted, before those left out
    if later:
        parts.append(later_note(claim, later))
    reason = "; ".join(parts) + "."
    if matched >= VALUE_SUPPORT_SHARE * n:
        label = VerdictLabel.SUPPORTED
    elif matched + near < VALUE_PARTLY_SHARE * n:
        label = VerdictLabel.CONTRADICTED
    else:
        label = VerdictLabel.PARTLY_SUPPORTED
    stats = {
        **stats,
        "rule": "values",
        "values": {
            "studies": n,
            "match": matched,
            "near": near,
            "below": counts["below"],
            "above": counts["above"],
            "around": counts["around"],
            "later": len(later),
            "median": median,
            "min": min(all_values),
            "max": max(all_values),
        },
    }
    return Verdict(label, reason, [r.pmid for r in studies], stats)
