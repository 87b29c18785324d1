"""Turn one claim's evidence rows into a verdict by fixed, documented rules.

Pure: no database, no I/O. `decide_verdict` gets every row behind a claim (human reviews
already applied) and applies `verdict_rules()` top to bottom; the first rule that decides wins.
Thresholds are module constants so the README, the report and the tests quote the same numbers.
A verdict always names the records it rests on and gives one sentence with the numbers behind it.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence

from litwatch.claims.evidence import (
    DIRECTIONS,
    REVIEW_DESIGNS,
    WHY_REJECTED,
    EvidenceRow,
    Stance,
    Verdict,
    VerdictLabel,
    evidence_sort_key,
    is_rejected,
)
from litwatch.claims.model import Claim, UnstatedOutcome

MAX_LEVEL = 3  # evidence levels 1 (meta-analysis) .. 3 (non-randomised trial, cohort) count
MIN_RECORDS = 3  # fewer counting records (or studies with a number) than this: abstain
SUPPORT_SHARE = 0.75  # stance rule: this share of the directional weight must support
MIXED_SUPPORT = 0.5  # stance rule: the share of a mixed record's weight that counts as support
CONTRADICT_SHARE = 0.5  # stance rule: contradicting weight outweighs supporting and reaches this share
VALUE_SUPPORT_SHARE = 0.5  # number rule: this share of studies must match the article's value
VALUE_PARTLY_SHARE = 0.25  # number rule: below this share matching or near, the value is contradicted
ABOUT_TOLERANCE = 0.1  # "0.5 mg/kg" matches 0.45-0.55: articles round, abstracts too
# How much one record weighs in the stance balance, by evidence level: a meta-analysis or
# systematic review pools many trials, so it outweighs a single trial, which outweighs a cohort.
LEVEL_WEIGHTS = {1: 3.0, 2: 2.0, 3: 1.0}
AT_MOST_KINDS = frozenset({"onset_hours"})  # "relief within about 2 h": an earlier time point matches too
AT_LEAST_KINDS = frozenset({"benefit_days"})  # "lasting relief": a longer duration matches too
# Claims read with the "mechanism" stance model: in people, such studies show correlates (imaging,
# blood markers); the causal experiments are in animals. They can be partly supported at best.
MECHANISM_MODELS = frozenset({"mechanism"})
UNSTATED_SHOWN = 5  # records named by PMID when the reason says which ones mention an unstated outcome


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _weights_text() -> str:
    names = {1: "meta-analyses and systematic reviews", 2: "randomised trials", 3: "other level-3 studies"}
    return ", ".join(f"{names[k]} x{v:g}" for k, v in LEVEL_WEIGHTS.items())


def verdict_rules() -> tuple[tuple[str, str, str], ...]:
    """(step, rule, outcome) rows, applied top to bottom; the first step with an outcome decides.

    Built from the module constants when called, so the README, the report and the behaviour
    can never quote different thresholds.
    """
    return (
        # (step, rule, outcome): applied top to bottom, the first step with an outcome decides.
        # Built from the constants above, so the README and the report never drift from the code.
        (
            "0",
            "Rows a reviewer rejected and retracted records never count; deleted records are never loaded.",
            "-",
        ),
        (
            "1",
            f"A record *counts* when its population is human, its evidence level is 1-{MAX_LEVEL} "
            "(meta-analysis, "
            "systematic review, RCT, non-randomised trial, cohort) and it studied what the claim "
            "is about: when the claim names routes or formulations (e.g. IV racemic ketamine) and the "
            "record's "
            "known routes/formulations share none of them (e.g. intranasal esketamine only), it is "
            "*indirect* "
            "and does not count. Unknown route/formulation still counts. When the claim names the "
            "conditions it is about (`indications`, e.g. pain disorders), a record that studied another "
            "named condition (e.g. surgery) does not count either. Every evidence row says whether it "
            "counts and, if not, why.",
            "counting records",
        ),
        (
            "2",
            f"Fewer than {MIN_RECORDS} counting records.",
            "**insufficient evidence**; the reason says whether the evidence is animal/in-vitro only, "
            "indirect only (another route or formulation), or too thin",
        ),
        (
            "3",
            "The claim states a number (dose, infusion time, onset, duration of benefit) and at least "
            f"{MIN_RECORDS} counting primary studies (not reviews) report a value of that kind. A study "
            "*matches* when one of its values (a range by both ends) reaches the article's value within "
            f"{_pct(ABOUT_TOLERANCE)} (for onset: that time or earlier; for duration of benefit: that long "
            f"or "
            "longer; without an article value: the claims file's `compare.supports` range); it is *near* "
            "when "
            "a value reaches `compare.supports`, the range the claims file accepts as consistent. For "
            "onset, a "
            "study whose every time point lies after the article's first measured later: it is no evidence "
            "against, and is left out of the count. "
            f"With fewer than {MIN_RECORDS} such studies, skip to step 4.",
            f"numbers verdict: match share >= {_pct(VALUE_SUPPORT_SHARE)}: **supported**; match-or-near "
            f"share < "
            f"{_pct(VALUE_PARTLY_SHARE)}: **contradicted**; else **partly supported**; then on to step 4 and "
            "step 9",
        ),
        (
            "4",
            f"The stances of the counting records, each weighted by its evidence level ({_weights_text()}): "
            f"fewer than {MIN_RECORDS} records take a direction (supports, contradicts, mixed).",
            "**insufficient evidence** (unless step 3 decided: then step 3's verdict stands)",
        ),
        (
            "5",
            f"Supporting weight is >= {_pct(SUPPORT_SHARE)} of the directional weight (a mixed record "
            f"found the claim in part: {_pct(MIXED_SUPPORT)} of its weight counts as support).",
            "**supported**",
        ),
        (
            "6",
            "Contradicting weight outweighs supporting weight and is >= "
            f"{_pct(CONTRADICT_SHARE)} of the directional weight.",
            "**contradicted**",
        ),
        ("7", "Anything else: support alongside mixed or contradicting findings.", "**partly supported**"),
        (
            "8",
            "A mechanism claim (read with the `mechanism` stance model): human studies of a mechanism show "
            "correlates (imaging, blood markers) and the causal experiments are in animals, so such a claim"
            " is "
            "never more than partly supported.",
            "**supported** becomes **partly supported**",
        ),
        (
            "9",
            "Both step 3 (numbers) and steps 5-7 (stances) gave a verdict: numbers and stances must agree.",
            "the same verdict: that verdict; different verdicts: **partly supported**",
        ),
        (
            "10",
            "The claim names an outcome a reader may infer but the claim does not state "
            '(`[[claims.unstated]]`, e.g. fewer suicide attempts or deaths beside "reduces suicidal '
            'thoughts"). The counted records whose title, results or conclusions name that outcome are '
            f"counted against all counted records and named by PMID (the first {UNSTATED_SHOWN}); records "
            "not counted that name it are listed apart. A mention is not a finding of fewer.",
            "the verdict stays; its reason adds that none of the N counted records mentions the outcome "
            "(the evidence is about what the claim states), or which k of N do, to read before implying it",
        ),
    )


_KIND_WORDS: dict[str, tuple[str, str, str, str]] = {
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
}
_DEFAULT_WORDS = ("a stated value", "reported {range}", "reported less", "reported more")


def verdict_rules_markdown() -> str:
    """`verdict_rules()` as a Markdown table, so README and report quote the code's own rules."""
    lines = ["| step | rule | outcome |", "|---|---|---|"]
    lines += [f"| {step} | {rule} | {outcome} |" for step, rule, outcome in verdict_rules()]
    return "\n".join(lines) + "\n"


def row_context(claim: Claim, row: EvidenceRow) -> str:
    """Whether a record studied the claim's route/formulation: "different", "same" or "unknown".

    "different" when its known routes or formulations share none of the claim's, "same" when they
    overlap, else "unknown" (which still counts: abstracts often omit the route).
    """
    checks = [(claim.routes, row.routes), (claim.formulations, row.formulations)]
    if any(wanted and have and not set(wanted) & set(have) for wanted, have in checks):
        return "different"
    if any(wanted and have for wanted, have in checks):
        return "same"
    return "unknown"


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


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


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


def _shown_value(claim: Claim) -> str:
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


def _stats(claim: Claim, rows: list[EvidenceRow], counting: list[EvidenceRow]) -> dict:
    return {
        "rows": len(rows),
        "counting": len(counting),
        "by_level": dict(sorted(Counter(r.evidence_level for r in counting).items())),
        "by_stance": dict(Counter(r.stance for r in counting)),
        "retracted": sum(r.retracted for r in rows),
        "rejected": sum(is_rejected(r) for r in rows),
        "indirect": sum(row_context(claim, r) == "different" for r in rows if not r.retracted),
        "non_human": sum(r.population in ("animal", "in-vitro") for r in rows if not r.retracted),
    }


_FORMULATION_NOUNS = {"racemic": "racemic ketamine"}


def describe_treatment(routes: Sequence[str], formulations: Sequence[str]) -> str:
    """ "intranasal esketamine", "intravenous racemic ketamine"; "" when neither is known."""
    nouns = "/".join(_FORMULATION_NOUNS.get(f, f) for f in formulations)
    return " ".join(x for x in ("/".join(routes), nouns) if x)


def _abstain(claim: Claim, usable: list[EvidenceRow], counting: list[EvidenceRow], stats: dict) -> Verdict:
    """Rule 2: name the most specific reason there is too little direct human evidence."""
    human = [r for r in usable if r.population == "human"]
    indirect = [r for r in human if r.evidence_level <= MAX_LEVEL and row_context(claim, r) == "different"]
    non_human = [r for r in usable if r.population in ("animal", "in-vitro")]
    wanted = describe_treatment(claim.routes, claim.formulations)
    if usable and len(non_human) == len(usable):
        reason = (
            f"Only animal or in-vitro evidence ({_plural(len(non_human), 'record')}) bears on this claim, "
            "and that cannot check a claim about patients."
        )
        pmids = [r.pmid for r in non_human]
    elif indirect and not counting:
        routes = sorted({x for r in indirect for x in r.routes})
        formulations = sorted({x for r in indirect for x in r.formulations})
        reason = (
            f"The only human evidence at level ≤ {MAX_LEVEL} ({_plural(len(indirect), 'record')}) is on "
            f"{describe_treatment(routes, formulations)}, which does not check a claim about {wanted}."
        )
        pmids = [r.pmid for r in indirect]
    else:
        on = f" on {wanted}" if wanted else ""
        about = " or ".join(claim.indications)
        elsewhere = Counter(
            r.indication
            for r in human
            if r.evidence_level <= MAX_LEVEL
            and row_context(claim, r) != "different"
            and about
            and r.indication
            and r.indication not in claim.indications
        )
        notes = [f"{len(indirect)} more studied another route or formulation"] if indirect else []
        if elsewhere:
            where = ", ".join(f"{name} {n}" for name, n in elsewhere.most_common())
            notes.append(f"{sum(elsewhere.values())} more studied a condition other than {about} ({where})")
        extra = f" ({'; '.join(notes)})" if notes else ""
        verb = "bears" if len(counting) <= 1 else "bear"
        lead = f"Only {_plural(len(counting), 'human record')}" if counting else "No human record"
        reason = (
            f"{lead} at evidence level ≤ {MAX_LEVEL}{on} {verb} on "
            f"this claim{extra}; at least {MIN_RECORDS} are needed for a verdict."
        )
        pmids = [r.pmid for r in counting] or [r.pmid for r in usable]
    return Verdict(VerdictLabel.INSUFFICIENT, reason, pmids, stats)


def _value_verdict(
    claim: Claim, studies: list[EvidenceRow], ranges: tuple[Range, Range], stats: dict
) -> Verdict | None:
    """Rule 3: what share of studies used / reported the article's value, or at least a near one
    (None when, onset studies that first measured later left out, too few remain)."""
    exact, band = ranges
    later: list[EvidenceRow] = []
    if claim.value_kind in AT_MOST_KINDS:
        # every time point after the article's: the study first looked later, which says nothing
        # against an effect by then
        later = [r for r in studies if _classify_values(r.values, exact, band) == "above"]
        studies = [r for r in studies if r not in later]
        if len(studies) < MIN_RECORDS:
            return None
    counts = Counter(_classify_values(r.values, exact, band) for r in studies)
    n, matched, near = len(studies), counts["match"], counts["near"]
    all_values = [(lo + hi) / 2 for r in studies for lo, hi in r.values]
    noun, match_phrase, below, above = _KIND_WORDS.get(claim.value_kind or "", _DEFAULT_WORDS)
    parts = [f"{matched} of {n} human studies with {noun} {match_phrase.format(range=_shown_value(claim))}"]
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
    if later:
        verb = "was" if len(later) == 1 else "were"
        parts.append(
            f"{_plural(len(later), 'more study')} first measured after {_shown_value(claim)} and {verb} "
            "left out (no evidence against)"
        )
    median = statistics.median(all_values)
    unit = f" {claim.unit}" if claim.unit else ""
    reason = "; ".join(parts) + f" (median {_num(median)}{unit})."
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


def _weight(row: EvidenceRow) -> float:
    return LEVEL_WEIGHTS.get(row.evidence_level, 1.0)


def _stance_outcome(counting: list[EvidenceRow]) -> tuple[VerdictLabel | None, list[EvidenceRow], str, str]:
    """Rules 4-7 on counting records: (label or None when too few take a direction, the
    directional rows, "of N human records ... 3 support, 1 contradict, 0 mixed", why).

    Shares are of evidence-level weight (LEVEL_WEIGHTS), so one meta-analysis that found no
    benefit is not outvoted by two small cohorts.
    """
    directional = [r for r in counting if r.stance in DIRECTIONS]
    c: Counter[str] = Counter(r.stance for r in directional)
    w: defaultdict[str, float] = defaultdict(float)
    for r in directional:
        w[r.stance] += _weight(r)
    total = sum(w.values())
    n = len(directional)
    tally = (
        f"of {_plural(n, 'human record')} at evidence level ≤ {MAX_LEVEL} with a direction, "
        f"{c['supports']} support, {c['contradicts']} contradict, {c['mixed']} mixed"
    )
    if n < MIN_RECORDS:
        return None, directional, tally, ""
    support = w[Stance.SUPPORTS] + MIXED_SUPPORT * w[Stance.MIXED]
    share = support / total if total else 0.0
    half = f", mixed counting {_pct(MIXED_SUPPORT)}" if c[Stance.MIXED] else ""
    if support >= SUPPORT_SHARE * total:
        why = (
            f"weighted by evidence level, {_pct(share)} support{half} (at least {_pct(SUPPORT_SHARE)} needed)"
        )
        return VerdictLabel.SUPPORTED, directional, tally, why
    if w[Stance.CONTRADICTS] > w[Stance.SUPPORTS] and w[Stance.CONTRADICTS] >= CONTRADICT_SHARE * total:
        against = _pct(w[Stance.CONTRADICTS] / total)
        why = f"weighted by evidence level, {against} contradict, outweighing support"
        return VerdictLabel.CONTRADICTED, directional, tally, why
    why = f"weighted by evidence level, {_pct(share)} support{half}, so support is not clear-cut"
    return VerdictLabel.PARTLY_SUPPORTED, directional, tally, why


def _stance_verdict(
    usable: list[EvidenceRow], counting: list[EvidenceRow], stats: dict, prefix: str
) -> Verdict:
    """Rules 4-7 alone: the balance of supporting and contradicting counting records."""
    label, directional, tally, why = _stance_outcome(counting)
    stats = {**stats, "rule": "stance"}
    pmids = [r.pmid for r in directional]
    if label is None:
        some = f"only {len(directional)} of the" if directional else "none of the"
        counted = {id(r) for r in counting}
        others = sum(r.stance in DIRECTIONS and id(r) not in counted for r in usable)
        verb = "does" if others == 1 else "do"
        extra = (
            f"; {others} more with a direction {verb} not count (lower evidence level, not human, or "
            "another route or formulation)"
            if others
            else ""
        )
        reason = (
            f"{prefix}{some} {_plural(len(counting), 'counting record')} took a direction on this claim "
            f"(supports, contradicts or mixed){extra}; at least {MIN_RECORDS} are needed for a verdict."
        )
        return Verdict(
            VerdictLabel.INSUFFICIENT, _capital(reason), pmids or [r.pmid for r in counting], stats
        )
    return Verdict(label, _capital(f"{prefix}{tally}; {why}."), pmids, stats)


def _combine(by_value: Verdict, counting: list[EvidenceRow]) -> Verdict:
    """Rule 8: the numbers and the stances must agree for a clear verdict."""
    label, directional, tally, _why = _stance_outcome(counting)
    if label is None:
        return by_value
    stats = {**by_value.stats, "rule": "values+stance", "values_label": by_value.label, "stance_label": label}
    pmids = list(dict.fromkeys([*by_value.pmids, *(r.pmid for r in directional)]))
    head = by_value.reason.removesuffix(".")
    if label == by_value.label:
        return Verdict(label, f"{head}; {tally}.", pmids, stats)
    reason = f"{head}; {tally}, so the numbers ({by_value.label}) and the stances ({label}) disagree."
    return Verdict(VerdictLabel.PARTLY_SUPPORTED, reason, pmids, stats)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def why_not_counted(claim: Claim, row: EvidenceRow) -> str | None:
    """Step 0-1: None when the row counts toward the verdict, else one phrase saying why not."""
    if row.retracted:
        return "retracted"
    if is_rejected(row):
        return WHY_REJECTED
    if row.population != "human":
        return f"not a human study ({row.population})"
    if row.evidence_level > MAX_LEVEL:
        return f"evidence level {row.evidence_level} ({row.design}); only levels 1-{MAX_LEVEL} count"
    if row_context(claim, row) == "different":
        studied = describe_treatment(row.routes, row.formulations)
        wanted = describe_treatment(claim.routes, claim.formulations)
        return f"indirect: studied {studied}, the claim is about {wanted}"
    if claim.indications and row.indication and row.indication not in claim.indications:
        return f"studied {row.indication}, the claim is about {' or '.join(claim.indications)}"
    return None


def _indirect_group(claim: Claim, row: EvidenceRow) -> str:
    """What an indirect record studied, as the reason groups them: by formulation alone when that
    differs from the claim's (esketamine's trials together, whatever the route), else by route and
    formulation ("intranasal racemic ketamine")."""
    if claim.formulations and row.formulations and not set(claim.formulations) & set(row.formulations):
        return describe_treatment((), row.formulations)
    return describe_treatment(row.routes, row.formulations) or "another treatment"


def _indirect_note(claim: Claim, rows: list[EvidenceRow]) -> str:
    """What the records on another route or formulation found, one group per treatment: not
    counted, but a reader should know (e.g. esketamine's suicidality trials beside IV ketamine's)."""
    groups: dict[str, Counter[str]] = {}
    for r in rows:
        if (
            not r.retracted
            and not is_rejected(r)
            and r.population == "human"
            and r.evidence_level <= MAX_LEVEL
            and row_context(claim, r) == "different"
            and r.stance in DIRECTIONS
        ):
            treatment = _indirect_group(claim, r)
            groups.setdefault(treatment, Counter())[r.stance] += 1
    if not groups:
        return ""
    ordered = sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    parts = [
        f"{treatment} {sum(c.values())} ({c['supports']} support, {c['contradicts']} contradict, "
        f"{c['mixed']} mixed)"
        for treatment, c in ordered[:3]
    ]
    if len(ordered) > 3:
        parts.append(f"{sum(sum(c.values()) for _, c in ordered[3:])} on other treatments")
    return " Not counted, another route or formulation: " + "; ".join(parts) + "."


def _cap_mechanism(claim: Claim, verdict: Verdict) -> Verdict:
    """Step 8: a mechanism claim is at most partly supported."""
    if claim.stance_model not in MECHANISM_MODELS or verdict.label != VerdictLabel.SUPPORTED:
        return verdict
    reason = (
        f"{verdict.reason.removesuffix('.')}; but this is a mechanism claim: human studies show correlates "
        "(imaging, blood markers) and the causal evidence is from animals, so at most partly supported."
    )
    return Verdict(
        VerdictLabel.PARTLY_SUPPORTED, reason, verdict.pmids, {**verdict.stats, "capped": "mechanism"}
    )


def _pmid_list(pmids: Sequence[str]) -> str:
    """ "PMID 1, 2" or "PMID 1, 2, 3, 4, 5 and 4 more": the records a reader should open."""
    shown = ", ".join(pmids[:UNSTATED_SHOWN])
    more = f" and {len(pmids) - UNSTATED_SHOWN} more" if len(pmids) > UNSTATED_SHOWN else ""
    return f"PMID {shown}{more}"


def unstated_sentence(outcome: UnstatedOutcome, counted: int, hits: list[str], elsewhere: list[str]) -> str:
    """Step 10's sentence: none of the `counted` records mentions the outcome (the evidence is about
    what the claim states), or which do (`hits`), to read before implying the harder outcome;
    `elsewhere`: records not counted that mention it."""
    where = "title, results or conclusions"
    if not hits:
        aside = ""
        if elsewhere:
            verb = "does" if len(elsewhere) == 1 else "do"
            aside = f" (of the records that do not count, {len(elsewhere)} {verb}: {_pmid_list(elsewhere)})"
        about = f"about {outcome.about}, not" if outcome.about else "not about"
        return (
            f"None of the {_plural(counted, 'counted record')} mentions {outcome.mentions} in its {where}"
            f"{aside}, so this evidence is {about} {outcome.label}."
        )
    aside = ""
    if elsewhere:
        verb = "does" if len(elsewhere) == 1 else "do"
        aside = f"; {len(elsewhere)} more that {verb} not count: {_pmid_list(elsewhere)}"
    verb, their, them = ("mentions", "its", "it") if len(hits) == 1 else ("mention", "their", "them")
    rest = f"; the others are about {outcome.about}" if outcome.about and len(hits) < counted else ""
    return (
        f"{len(hits)} of {_plural(counted, 'counted record')} {verb} {outcome.mentions} in {their} {where} "
        f"({_pmid_list(hits)}{aside}): a mention is not a finding, so read {them} before implying "
        f"{outcome.label}{rest}."
    )


def _unstated_notes(claim: Claim, rows: list[EvidenceRow]) -> tuple[str, list[dict[str, object]]]:
    """Step 10 for each of the claim's unstated outcomes: the reason's sentences, and the stats."""
    if not claim.unstated:
        return "", []
    usable = sorted((r for r in rows if not r.retracted and not is_rejected(r)), key=evidence_sort_key)
    counted = [r for r in usable if why_not_counted(claim, r) is None]  # PMIDs named best evidence first
    text, stats = "", []
    for outcome in claim.unstated:
        hits = [r.pmid for r in counted if outcome.mentions in r.unstated_mentions]
        elsewhere = [r.pmid for r in usable if outcome.mentions in r.unstated_mentions and r.pmid not in hits]
        text += " " + unstated_sentence(outcome, len(counted), hits, elsewhere)
        stats.append(
            {
                "label": outcome.label,
                "mentions": outcome.mentions,
                "counted": len(counted),
                "counted_pmids": hits,
                "not_counted_pmids": elsewhere,
            }
        )
    return text, stats


def decide_verdict(claim: Claim, rows: list[EvidenceRow]) -> Verdict:
    """Apply `verdict_rules()` to every row behind `claim`; see the table for the steps."""
    verdict = _decide(claim, rows)
    if not verdict.stats.get("counting"):
        return verdict
    unstated, unstated_stats = _unstated_notes(claim, rows)
    note = unstated + _indirect_note(claim, rows)
    stats = {**verdict.stats, "unstated": unstated_stats} if unstated_stats else verdict.stats
    if note:
        verdict = Verdict(verdict.label, verdict.reason + note, verdict.pmids, stats)
    return verdict


def _decide(claim: Claim, rows: list[EvidenceRow]) -> Verdict:
    usable = [r for r in rows if not r.retracted and not is_rejected(r)]
    counting = [r for r in usable if why_not_counted(claim, r) is None]
    stats = _stats(claim, rows, counting)
    if len(counting) < MIN_RECORDS:
        return _abstain(claim, usable, counting, stats)
    prefix = ""
    ranges = value_ranges(claim) if claim.value_kind else None
    if ranges is not None:
        studies = [r for r in counting if r.values and r.design not in REVIEW_DESIGNS]
        by_value = _value_verdict(claim, studies, ranges, stats) if len(studies) >= MIN_RECORDS else None
        if by_value is not None:
            return _cap_mechanism(claim, _combine(by_value, counting))
        noun = _KIND_WORDS.get(claim.value_kind or "", _DEFAULT_WORDS)[0]
        prefix = (
            f"only {_plural(len(studies), 'human study')} with {noun} (need {MIN_RECORDS}), so stances "
            "decide: "
        )
    return _cap_mechanism(claim, _stance_verdict(usable, counting, stats, prefix))


def mark_counted(claim: Claim, rows: list[EvidenceRow]) -> list[EvidenceRow]:
    """Fill `counted` and `why_not_counted` on each row with the rule `decide_verdict` counts by, so
    every view says which records a verdict rests on and why the others do not."""
    for r in rows:
        r.why_not_counted = why_not_counted(claim, r)
        r.counted = r.why_not_counted is None
    return rows
