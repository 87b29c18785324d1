"""Which way a record's evidence sentences point for one claim.

Votes come from the claim's cue phrases and from comparing extracted numbers with the article's
value. A negation in the cue's clause flips the vote ("no serious adverse events" turns the
contradicting cue "serious adverse events" into support; "failed to improve analgesia" turns
support into contradiction). A sentence that says the question is open ("remains unclear",
"whether") casts no vote. Modal hedges ("may", "suggest") keep the vote but are named in the
rule, so a reader sees how firm it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from litwatch.claims.matching import Doc, Finder
from litwatch.claims.model import Claim, Compare, Value
from litwatch.claims.text import Sentence

_NEG_BEFORE_RE = re.compile(
    r"\b(?:no|not|non|without|never|neither|nor|none|absence of|lack of|lacked|fail(?:ed|s)? to|did "
    r"not|does not|"
    r"do not|cannot|could not|unable to|nonsignificant|non-significant|insignificant|free of|rather than)\b",
    re.I,
)
_NOT_ONLY_RE = re.compile(r"\bnot only\b|\bno longer\b|\bwhether or not\b", re.I)
_NEG_AFTER_RE = re.compile(
    r"^[^.;]{0,60}?\b(?:(?:did|does|was|were|is|are|has|have) not|(?:was|were) no|failed to|(?:was|were) "
    r"absent)\b"
    r"(?:\s+\w+)?\s*(?:differ|significant|superior|observed|found|seen|detected|reported|occur|improve|chang"
    r"e|reach|"
    r"associated|increase|reduce|decrease|affect|predict|show)",
    re.I,
)
_CLAUSE_BREAK_RE = re.compile(r"[;:,]|\b(?:but|whereas|while|although|however)\b")
_OPEN_QUESTION = Finder(
    r"\b(?:unclear|unknown|uncertain|inconclusive|remains? to be|controversial|conflicting|insufficient "
    r"evidence|"
    r"not (?:yet )?(?:known|established|clear)|whether|is needed|are needed|warrant)\b"
)
# A sentence whose finding is negative: its numbers then count against the claim.
_RESULT_NEGATION = Finder(
    r"\bno significant|\bnot significant|\bno statistically significant|\bnot statistically "
    r"significant|\bdid not (?:differ|improve|reduce|show)|\bfailed to\b|"
    r"\b(?:was|were) not (?:superior|different|effective|associated)|\bno "
    r"(?:difference|effect|benefit|improvement)\b"
)
_MODAL = Finder(r"\b(?:may|might|could|possibly|potentially|suggest\w*|appear\w*|preliminary)\b")
_NEG_WINDOW = 60
_NEG_WORDS = 6
_STANCE_SECTIONS = frozenset({"title", "objective", "methods", "results", "conclusions", "body"})
_FLIP = {"supports": "contradicts", "contradicts": "supports"}


@dataclass(slots=True)
class Vote:
    direction: str
    reason: str


def is_negated(text: str, start: int, end: int) -> bool:
    """True when a negation governs text[start:end] (NegEx-style scope): one of the six words
    before it in the same clause, or a "did not differ"-type phrase right after it."""
    left = text[max(0, start - _NEG_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK_RE.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    left = " ".join(left.split()[-_NEG_WORDS:])
    left = _NOT_ONLY_RE.sub(" ", left)
    if _NEG_BEFORE_RE.search(left):
        return True
    right = text[end : end + _NEG_WINDOW]
    cut = _CLAUSE_BREAK_RE.search(right)
    return bool(_NEG_AFTER_RE.search(right[: cut.start()] if cut else right))


def compare_value(value: Value, compare: Compare) -> str | None:
    """supports / contradicts / None for one extracted value against the claim's windows."""
    lo = value.low if value.low is not None else value.value
    hi = value.high if value.high is not None else value.value
    if compare.supports and compare.supports[0] <= lo and hi <= compare.supports[1]:
        return "supports"
    if compare.contradicts_below is not None and hi < compare.contradicts_below:
        return "contradicts"
    if compare.contradicts_above is not None and lo > compare.contradicts_above:
        return "contradicts"
    return None


def _fmt(x: float) -> str:
    return f"{x:g}"


def sentence_votes(
    claim: Claim, cues: Finder | None, sentence: Sentence, values: Sequence[Value], doc: Doc
) -> list[Vote]:
    """Votes one evidence sentence casts for the claim; `cues` is ClaimSet.cue_finder(claim)."""
    i = sentence.index
    if sentence.section not in _STANCE_SECTIONS or _OPEN_QUESTION.matches_in(doc, i):
        return []
    hedge = " (hedged)" if _MODAL.matches_in(doc, i) else ""
    norm = sentence.norm
    votes: list[Vote] = []
    if cues is not None:  # looked for in this sentence only: evidence is a few sentences
        base = doc.starts[i]
        for m in cues.matches(doc, i):
            direction = "supports" if (m.lastgroup or "s")[0] == "s" else "contradicts"
            a, b = m.start() - base, m.end() - base
            phrase = sentence.text[a:b]
            if is_negated(norm, a, b):
                votes.append(Vote(_FLIP[direction], f"cue '{phrase}' negated -> {_FLIP[direction]}{hedge}"))
            else:
                votes.append(Vote(direction, f"cue '{phrase}' {direction}{hedge}"))
    if claim.compare is not None and claim.value_kind:
        negated = _RESULT_NEGATION.matches_in(doc, i)
        for v in values:
            if (
                v.sentence != sentence.text
                or v.kind != claim.value_kind
                or (claim.unit and v.unit != claim.unit)
            ):
                continue
            direction = compare_value(v, claim.compare)
            if direction is None:
                continue
            shown = _fmt(v.value) if v.low == v.high else f"{_fmt(v.low or 0)}-{_fmt(v.high or 0)}"
            if negated:
                votes.append(
                    Vote(
                        _FLIP[direction],
                        f"value {shown} {v.unit} in a negated sentence -> {_FLIP[direction]}",
                    )
                )
            else:
                votes.append(Vote(direction, f"value {shown} {v.unit} {direction}"))
    return votes


def judge_stance(
    claim: Claim, cues: Finder | None, sentences: Sequence[Sentence], values: Sequence[Value], doc: Doc
) -> tuple[str, list[str]]:
    """(stance, reasons) over all evidence sentences.

    Both directions present -> the side with at least twice the votes wins, else "mixed";
    no votes -> "no-direction".
    """
    votes = [v for s in sentences for v in sentence_votes(claim, cues, s, values, doc)]
    sup = sum(1 for v in votes if v.direction == "supports")
    con = sum(1 for v in votes if v.direction == "contradicts")
    if sup and not con or sup >= 2 * con > 0:
        stance = "supports"
    elif con and not sup or con >= 2 * sup > 0:
        stance = "contradicts"
    elif sup or con:
        stance = "mixed"
    else:
        stance = "no-direction"
    reasons = list(dict.fromkeys(v.reason for v in votes))
    return stance, reasons
