"""Which evidence rows count toward a verdict (steps 0-2 of `verdict.verdict_rules()`), and the words
that say why a row does not, what treatment it studied, and what the rows that do not count found.

Pure: no database, no I/O. `mark_counted` fills `counted` and `why_not_counted` on the rows every
view lists (report, `evidence`, `show`); `decide_verdict` counts by the same `why_not_counted`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from litwatch.claims.evidence import DIRECTIONS, WHY_REJECTED, EvidenceRow, Verdict, VerdictLabel, is_rejected
from litwatch.claims.model import Claim
from litwatch.claims.thresholds import MAX_LEVEL, MIN_RECORDS


def pluralize(n: int, word: str) -> str:
    """ "1 record", "2 records", "3 studies": a count as a verdict's reason quotes it."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


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


_FORMULATION_NOUNS = {"racemic": "racemic ketamine"}


def describe_treatment(routes: Sequence[str], formulations: Sequence[str]) -> str:
    """ "intranasal esketamine", "intravenous racemic ketamine"; "" when neither is known."""
    nouns = "/".join(_FORMULATION_NOUNS.get(f, f) for f in formulations)
    return " ".join(x for x in ("/".join(routes), nouns) if x)


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


def mark_counted(claim: Claim, rows: list[EvidenceRow]) -> list[EvidenceRow]:
    """Fill `counted` and `why_not_counted` on each row with the rule `decide_verdict` counts by, so
    every view says which records a verdict rests on and why the others do not."""
    for r in rows:
        r.why_not_counted = why_not_counted(claim, r)
        r.counted = r.why_not_counted is None
    return rows


def abstain(claim: Claim, usable: list[EvidenceRow], counting: list[EvidenceRow], stats: dict) -> Verdict:
    """Rule 2: name the most specific reason there is too little direct human evidence."""
    human = [r for r in usable if r.population == "human"]
    indirect = [r for r in human if r.evidence_level <= MAX_LEVEL and row_context(claim, r) == "different"]
    non_human = [r for r in usable if r.population in ("animal", "in-vitro")]
    wanted = describe_treatment(claim.routes, claim.formulations)
    if usable and len(non_human) == len(usable):
        reason = (
            f"Only animal or in-vitro evidence ({pluralize(len(non_human), 'record')}) bears on this claim, "
            "and that cannot check a claim about patients."
        )
        pmids = [r.pmid for r in non_human]
    elif indirect and not counting:
        routes = sorted({x for r in indirect for x in r.routes})
        formulations = sorted({x for r in indirect for x in r.formulations})
        reason = (
            f"The only human evidence at level ≤ {MAX_LEVEL} ({pluralize(len(indirect), 'record')}) is on "
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
        lead = f"Only {pluralize(len(counting), 'human record')}" if counting else "No human record"
        reason = (
            f"{lead} at evidence level ≤ {MAX_LEVEL}{on} {verb} on "
            f"this claim{extra}; at least {MIN_RECORDS} are needed for a verdict."
        )
        pmids = [r.pmid for r in counting] or [r.pmid for r in usable]
    return Verdict(VerdictLabel.INSUFFICIENT, reason, pmids, stats)


def _indirect_group(claim: Claim, row: EvidenceRow) -> str:
    """What an indirect record studied, as the reason groups them: by formulation alone when that
    differs from the claim's (esketamine's trials together, whatever the route), else by route and
    formulation ("intranasal racemic ketamine")."""
    if claim.formulations and row.formulations and not set(claim.formulations) & set(row.formulations):
        return describe_treatment((), row.formulations)
    return describe_treatment(row.routes, row.formulations) or "another treatment"


def describe_indirect(claim: Claim, rows: list[EvidenceRow]) -> str:
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
