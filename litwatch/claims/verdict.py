"""Turn one claim's evidence rows into a verdict by fixed, documented rules.

Pure: no database, no I/O. `decide_verdict` gets every row behind a claim (human reviews
already applied) and applies `verdict_rules()` top to bottom; the first rule that decides wins.
Which rows count (steps 0-2) is `counting.py`, the number rule (step 3) `valuerule.py`; the stance
balance, the checks after it and step 10 are here. The thresholds are defined in `thresholds.py`
and imported here, so the README, the report and the tests quote the numbers the rules use.
A verdict always names the records it rests on and gives one sentence with the numbers behind it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from litwatch.claims.counting import abstain, describe_indirect, pluralize, row_context, why_not_counted
from litwatch.claims.evidence import (
    DIRECTIONS,
    REVIEW_DESIGNS,
    EvidenceRow,
    Stance,
    Verdict,
    VerdictLabel,
    evidence_sort_key,
    is_rejected,
)
from litwatch.claims.model import Claim, UnstatedOutcome
from litwatch.claims.thresholds import (
    ABOUT_TOLERANCE,
    CONTRADICT_SHARE,
    LEVEL_WEIGHTS,
    MAX_LEVEL,
    MECHANISM_MODELS,
    MIN_RECORDS,
    MIXED_SUPPORT,
    MIXED_SUPPORT_SAFETY,
    SAFETY_MODELS,
    SUPPORT_SHARE,
    UNSTATED_SHOWN,
    VALUE_PARTLY_SHARE,
    VALUE_SUPPORT_SHARE,
)
from litwatch.claims.valuerule import (
    DEFAULT_WORDS,
    KIND_WORDS,
    decide_by_values,
    later_note,
    split_later,
    value_ranges,
)


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
            f"found the claim in part: {_pct(MIXED_SUPPORT)} of its weight counts as support; for a safety "
            "claim, read with the `harm` stance model, a mixed record found harm beside safety and "
            f"{_pct(MIXED_SUPPORT_SAFETY)} of its weight counts).",
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


def verdict_rules_markdown() -> str:
    """`verdict_rules()` as a Markdown table, so README and report quote the code's own rules."""
    lines = ["| step | rule | outcome |", "|---|---|---|"]
    lines += [f"| {step} | {rule} | {outcome} |" for step, rule, outcome in verdict_rules()]
    return "\n".join(lines) + "\n"


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


def _weight(row: EvidenceRow) -> float:
    return LEVEL_WEIGHTS.get(row.evidence_level, 1.0)


def _stance_outcome(
    claim: Claim, counting: list[EvidenceRow]
) -> tuple[VerdictLabel | None, list[EvidenceRow], str, str]:
    """Rules 4-7 on counting records: (label or None when too few take a direction, the
    directional rows, "of N human records ... 3 support, 1 contradict, 0 mixed", why).

    Shares are of evidence-level weight (LEVEL_WEIGHTS), so one meta-analysis that found no
    benefit is not outvoted by two small cohorts. A safety claim's mixed records found harm, so
    they count MIXED_SUPPORT_SAFETY, not MIXED_SUPPORT, as support.
    """
    directional = [r for r in counting if r.stance in DIRECTIONS]
    c: Counter[str] = Counter(r.stance for r in directional)
    w: defaultdict[str, float] = defaultdict(float)
    for r in directional:
        w[r.stance] += _weight(r)
    total = sum(w.values())
    n = len(directional)
    tally = (
        f"of {pluralize(n, 'human record')} at evidence level ≤ {MAX_LEVEL} with a direction, "
        f"{c['supports']} support, {c['contradicts']} contradict, {c['mixed']} mixed"
    )
    if n < MIN_RECORDS:
        return None, directional, tally, ""
    safety = claim.stance_model in SAFETY_MODELS
    mixed_share = MIXED_SUPPORT_SAFETY if safety else MIXED_SUPPORT
    support = w[Stance.SUPPORTS] + mixed_share * w[Stance.MIXED]
    share = support / total if total else 0.0
    why_mixed = " (they found harm; this is a safety claim)" if safety else ""
    half = f", mixed counting {_pct(mixed_share)}{why_mixed}" if c[Stance.MIXED] else ""
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
    claim: Claim, usable: list[EvidenceRow], counting: list[EvidenceRow], stats: dict, prefix: str
) -> Verdict:
    """Rules 4-7 alone: the balance of supporting and contradicting counting records."""
    label, directional, tally, why = _stance_outcome(claim, counting)
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
            f"{prefix}{some} {pluralize(len(counting), 'counting record')} took a direction on this claim "
            f"(supports, contradicts or mixed){extra}; at least {MIN_RECORDS} are needed for a verdict."
        )
        return Verdict(
            VerdictLabel.INSUFFICIENT, _capital(reason), pmids or [r.pmid for r in counting], stats
        )
    return Verdict(label, _capital(f"{prefix}{tally}; {why}."), pmids, stats)


def _combine(claim: Claim, by_value: Verdict, counting: list[EvidenceRow]) -> Verdict:
    """Rule 8: the numbers and the stances must agree for a clear verdict."""
    label, directional, tally, _why = _stance_outcome(claim, counting)
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
            f"None of the {pluralize(counted, 'counted record')} mentions {outcome.mentions} in its {where}"
            f"{aside}, so this evidence is {about} {outcome.label}."
        )
    aside = ""
    if elsewhere:
        verb = "does" if len(elsewhere) == 1 else "do"
        aside = f"; {len(elsewhere)} more that {verb} not count: {_pmid_list(elsewhere)}"
    verb, their, them = ("mentions", "its", "it") if len(hits) == 1 else ("mention", "their", "them")
    rest = f"; the others are about {outcome.about}" if outcome.about and len(hits) < counted else ""
    return (
        f"{len(hits)} of {pluralize(counted, 'counted record')} {verb} {outcome.mentions} in {their} {where} "
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
    note = unstated + describe_indirect(claim, rows)
    stats = {**verdict.stats, "unstated": unstated_stats} if unstated_stats else verdict.stats
    if note:
        verdict = Verdict(verdict.label, verdict.reason + note, verdict.pmids, stats)
    return verdict


def _decide(claim: Claim, rows: list[EvidenceRow]) -> Verdict:
    usable = [r for r in rows if not r.retracted and not is_rejected(r)]
    counting = [r for r in usable if why_not_counted(claim, r) is None]
    stats = _stats(claim, rows, counting)
    if len(counting) < MIN_RECORDS:
        return abstain(claim, usable, counting, stats)
    prefix = ""
    ranges = value_ranges(claim) if claim.value_kind else None
    if ranges is not None:
        studies = [r for r in counting if r.values and r.design not in REVIEW_DESIGNS]
        by_value = decide_by_values(claim, studies, ranges, stats) if len(studies) >= MIN_RECORDS else None
        if by_value is not None:
            return _cap_mechanism(claim, _combine(claim, by_value, counting))
        noun = KIND_WORDS.get(claim.value_kind or "", DEFAULT_WORDS)[0]
        judged, later = split_later(claim, studies, ranges)  # the count the value rule needed
        left_out = f"; {later_note(claim, later)}" if later else ""
        how_many = f"only {pluralize(len(judged), 'human study')}" if judged else "no human study"
        prefix = f"{how_many} with {noun} (need {MIN_RECORDS}{left_out}), so stances decide: "
    return _cap_mechanism(claim, _stance_verdict(claim, usable, counting, stats, prefix))
