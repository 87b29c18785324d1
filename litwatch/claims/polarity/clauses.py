"""What every stance model reads with: the clause splitter, null-result phrases, and the names of
ketamine, placebo and active comparators ("no difference between ketamine and ECT" is a null
against an active treatment, which says nothing against benefit)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from litwatch.claims.regexes import first_char_search

_CLAUSE_RE = first_char_search(
    r";|,? but\b|,? whereas\b|,? while\b|,? although\b|,? though\b|, however,?|,? yet\b|\. |\? |"
    r", and (?=no\b)"
)
# "numerically higher with esketamine, without statistical significance": a null (harm.py reads it too)
WITHOUT_SIGNIFICANCE = r"\bwithout (?:reaching )?(?:statistical )?significance\b"
# A p-value at or above 0.05 ("P = 0.21", "p > 0.05") and one below it: rates two arms share or not
P_ABOVE_RE = re.compile(r"\bp\s*(?:=\s*0?\.(?:0[5-9]|[1-9])|>\s*0?\.0?5)")
P_BELOW_RE = re.compile(r"\bp\s*(?:=\s*0?\.0[0-4]|<\s*0?\.0)")
# An effect estimate with its 95% confidence interval: "(adjusted difference -0.7; 95% CI -3.0 to 1.6)",
# "OR 1.27, 95% CI 0.82-1.97". A ratio's interval spans no effect when it holds 1, a difference's 0.
_NUM = r"[-\u2212\u2013]?\d+(?:\.\d+)?"
_CI_RE = re.compile(
    r"\b(?:(?P<kind>differences?|ratio)\b[^;()%]{0,20}?|"
    r"(?P<abbr>smd|wmd|md|hedges'? ?g|or|rr|hr|irr)\s?[=:,]?\s?)"
    + _NUM
    + r"[^()]{0,20}?(?:\(\s?)?\b95\s?%\s?(?:ci|confidence intervals?)[,:]?\s*"
    rf"(?P<lo>{_NUM})\s?(?:to|,|-|\u2013|\u2014)\s?(?P<hi>{_NUM})"
)
_RATIO_KINDS = ("or", "rr", "hr", "irr", "ratio")


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace("\u2013", "-"))


def ci_null(low: str) -> bool:
    """Does every effect estimate the text states with a 95% CI span no effect against placebo or
    control (and no p-value below 0.05 say otherwise)? "MADRS on day 1 was 17.9 with ketamine and
    18.6 with placebo (adjusted difference -0.7; 95% CI -3.0 to 1.6)" is a null result though no word
    says so. Against another treatment or dose it says nothing against benefit."""
    if "95" not in low or P_BELOW_RE.search(low) or not PLACEBO_RE.search(low):
        return False
    found = False
    for m in _CI_RE.finditer(low):
        lo, hi = _number(m["lo"]), _number(m["hi"])
        none = 1.0 if (m["kind"] or m["abbr"]) in _RATIO_KINDS else 0.0
        if not lo < none < hi:
            return False
        found = True
    return found


_NULL = (
    r"\bno (?:statistically |clinically )?(?:significant |meaningful |notable |relevant |marked |major "
    r"|obvious |apparent |further |additional |clear )?(?:[\w-]+ )?(?:differences?|effects?|benefits?|"
    r"improvements?|reductions?|changes?|associations?|impact|advantages?|increases?|decreases?|"
    r"correlations?|superiority|separation)\b|"
    r"\bnot (?:statistically |clinically )?(?:significantly |significant(?:ly)? )?(?:different|differ|"
    r"superior|effective|efficacious|associated|improved?|reduced?|lowered?|decreased?|significant|better|"
    r"changed?|affected|altered|increased?|sustained|maintained|durable)\b|"
    r"\b(?:did|does|do|could|can|was|were|is|are|has|have|had|would|may) not (?:\w+ )?(?:differ|improve|"
    r"reduce|show|affect|alter|change|"
    r"prevent|decrease|lower|outperform|separate|reach|demonstrate|significantly|result|lead|find|"
    r"increase|enhance|persist|last|predict|produce|yield|confer|provide|have|exert|relieve|alleviate|"
    r"support|accelerat|augment|hasten|speed)\w*|"
    # "no anxiolytic or mood benefit was evident"
    r"\bno [\w-]+ (?:or|and) [\w-]+ (?:differences?|effects?|benefits?|improvements?|changes?)\b|"
    r"\bno (?:statistically |clinically )?significant\b|\bfail(?:ed|s)? to\b|"
    r"\bnot (?:a |an )?(?:useful|viable|suitable|recommended|effective|efficacious)\b|"
    r"\b(?:in|for) (?:each|both|all) (?:of )?(?:the )?(?:[\w-]+ (?:and|or) )?[\w-]+ (?:groups|arms)\b|"
    r"\bwithout (?:a |any )?(?:significant |statistical |meaningful )?(?:between-\w+ )?differences?\b|"
    + WITHOUT_SIGNIFICANCE
    + "|"
    r"\bineffective\b|\bno evidence (?:of|for|that)\b|\bnon-?significant\w*|"
    # "improved sleep quality, without effect on depressive symptoms"
    r"\bwithout (?:any |an? )?(?:significant |meaningful |clear |measurable )?(?:effects?|benefits?|"
    r"improvements?|changes?) (?:on|in)\b|"
    r"\binsignificant\b|\b(?:comparable|similar) (?:\w+ ){0,3}?(?:to|with|as|between) (?:the )?"
    r"(?:placebo|saline|control|sham)\b|\bnot (?:statistically )?significant\b|"
    r"\bcannot\b(?! be (?:drawn|determined|made|established|excluded|ruled out|confirmed))|"
    r"\bwas not non-inferior\b|\bdid not (?:meet|achieve|attain)\b|"
    # "the primary end point at day 21 was not met", "statistical significance was not achieved"
    r"\b(?:was|were) not (?:met|achieved|attained)\b|"
    r"\b(?:similar|comparable) (?:\w+ )?(?:between|across|among|in) (?:the )?"
    r"(?:two |three |both |all |treatment |study |[\w-]+ (?:and|or) [\w-]+ )?(?:groups|arms)\b|"
    r"\bno (?:antidepressant|anti-?suicidal|analgesic) "
    r"(?:effects?|benefit|efficacy)\b|\bnull\b|\bdid not separate\b|\bno better than\b|"
    r"\bno more (?:effective|efficacious) than\b|\b(?:comparable|similar) (?:\w+ ){0,3}?between (?:the )?"
    r"(?:es|ar)?ketamine (?:\w+ )?and (?:the )?(?:placebo|saline|control|sham|midazolam)\b|"
    # "reductions were similar with ketamine and midazolam"
    r"\b(?:similar|comparable) (?:with|in|for|after) (?:the )?(?:es|ar)?ketamine (?:\w+ )?(?:and|or) "
    r"(?:the )?(?:placebo|saline|control|sham|midazolam)\b"
)
NULL_RE = re.compile(_NULL)
KETAMINE_RE = first_char_search(r"\b(?:es|ar|dex)?ketamin\w*|\(\w\)-?ketamine|\bspravato\b")
ACTIVE_RE = re.compile(
    r"\b(?:ect|electroconvulsive|electroshock|rtms|tms|magnetic stimulation|escitalopram|sertraline|"
    r"fluoxetine|paroxetine|venlafaxine|duloxetine|bupropion|mirtazapine|quetiapine|lithium|"
    r"aripiprazole|ssris?|snris?|psilocybin|brexanolone|zuranolone|antidepressants|antidepressant "
    r"(?:medications?|drugs?|treatments?|therapy)|standard (?:treatment|care|therapy)|active comparators?|"
    r"(?:the )?two (?:treatments|interventions|drugs|active)|both (?:treatments|interventions|drugs))\b"
)
_COMPARING_RE = re.compile(
    r"\b(?:than|versus|vs\.?|compared (?:with|to)|relative to|non-?inferior\w* to|similar to|comparable to|"
    r"as (?:effective|efficacious) as|(?:superior|inferior) to|between (?:\S+ ){1,4}?and|(?:es)?ketamine "
    r"(?:\w+ )?(?:and|or|with))\s+"
    r"(?:the |an? )?(?:\S+ )?$"
)


def against_active(clause: str) -> bool:
    """Is the clause a comparison with an active treatment ("ketamine vs ECT"), not with placebo?"""
    if PLACEBO_RE.search(clause):
        return False
    for m in ACTIVE_RE.finditer(clause):
        before = clause[max(0, m.start() - 50) : m.start()]
        after = clause[m.end() : m.end() + 30]
        if _COMPARING_RE.search(before) or re.match(r"\s*(?:\w+\s+)?(?:and|or|versus|vs\.?)\s", after):
            return True
    return False


PLACEBO_RE = first_char_search(
    r"\b(?:placebo|saline|sham|control group|controls|no treatment|usual care|midazolam)\b"
)


@dataclass(slots=True)
class Polarity:
    """One clause's vote: "supports" / "contradicts", and the words that decided it."""

    direction: str
    reason: str


def clause_spans(low: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a lower-cased sentence ("; but whereas although however");
    a separator inside brackets ("(SMD = -0.66; P = 0.17)") cuts nothing."""
    bracketed = "(" in low or "[" in low
    spans, start = [], 0
    for m in _CLAUSE_RE.finditer(low):
        at = m.start()
        if bracketed and low.count("(", 0, at) + low.count("[", 0, at) > low.count(")", 0, at) + low.count(
            "]", 0, at
        ):
            continue
        if low[start:at].strip():
            spans.append((start, at))
        start = m.end()
    if low[start:].strip():
        spans.append((start, len(low)))
    return spans or [(0, len(low))]


EXCEPT_RE = first_char_search(r"\b(?:except(?: for)?|apart from|with the exception of|other than)\b")


def lies_inside(a: re.Match[str], b: re.Match[str]) -> bool:
    return b.start() <= a.start() and a.end() <= b.end()
