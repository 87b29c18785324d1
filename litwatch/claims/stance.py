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

from litwatch.claims.abbrev import ShortForms
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.model import Claim, Compare, Value
from litwatch.claims.polarity import (
    UNKNOWN_SPAN_RE,
    VS_CONTROL_RE,
    ci_null,
    clause_spans,
    could_contradict,
    gains_elsewhere,
    is_active_comparison,
    is_after_first_day,
    is_between_arms,
    is_other_outcome,
    is_predictor,
    judge_clause,
    more_with_other,
    names_first_day,
    names_other_subject,
)
from litwatch.claims.regexes import first_char_search
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
_CLAUSE_BREAK_RE = first_char_search(r"[;:,]|\b(?:but|whereas|while|although|however)\b")
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
    r"(?:between-(?:group|arm) )?(?:difference|effect|benefit|improvement)\b"
)
_PREDICTOR_TITLE = Finder(
    r"\b(?:predict\w*|moderators?|mediators?|correlates?|biomarkers?|markers? of|associated with|"
    r"factors (?:associated|related)|characteristics of (?:responders|response))\b"
)
# In such a study a sentence about who responds ("responders showed ...", "patients with
# hypersomnia had higher response rates") gives no direction; one on the whole sample ("MADRS
# decreased from 33.8 to 25.1 at 24 h") is still a finding on the drug.
_WHO_RESPONDS_RE = first_char_search(
    r"\b(?:non-?)?(?:responders?|remitters?)\b|\bnon-?improve\w*|"
    r"\b(?:those|subjects|patients|participants|individuals|people) (?:who|with)\b|"
    r"\b(?:more|less|higher|greater|trend|relationship|defined as|personali[sz]ed)\b"
)
_MODAL = Finder(r"\b(?:may|might|could|possibly|potentially|suggest\w*|appear\w*|preliminary)\b")
# "in patients without suicidal ideation": the subject names who was studied, not the outcome
# ("patients with depression improved" keeps its subject: there the outcome is implied).
_WHO_BEFORE_RE = first_char_search(
    r"\b(?:patients|participants|individuals|people|subjects|those|adults|adolescents|women|men|persons)"
    r" without (?:\S+ ){0,2}$"
)
_MIXED_WORDS = ("mixed", "inconsistent", "conflicting", "equivocal")  # a cheap look before the regex
_MIXED_EVIDENCE_RE = first_char_search(
    r"\b(?:results|evidence|findings|efficacy|data|effects?)\b[^.;]{0,40}?\b(?:is|are|was|were|remains?|"
    r"appears?) (?:\w+ )?(?:mixed|inconsistent|conflicting|equivocal)\b|\b(?:mixed|inconsistent|conflicting) "
    r"(?:results|evidence|findings)\b"
)
_MOOD_MODELS = frozenset({"benefit", "onset", "durability"})  # models whose subject is an outcome
_NEG_WINDOW = 60
_NEG_WORDS = 6
_STANCE_SECTIONS = frozenset({"title", "objective", "methods", "results", "conclusions", "body"})
_FLIP = {"supports": "contradicts", "contradicts": "supports"}
_OUTCOME_KINDS = frozenset({"onset_hours", "benefit_days"})
# An hourly rate read as the dose it gives in an hour ("esketamine 0.3 mg/kg/h" against 0.5 mg/kg), as
# the guide's annotators read it (all 3 rate-only dev records); the vote names the rate, and the claim's
# values (its chart, the number rule) keep bolus doses only.
_HOURLY = {"mg/kg": "mg/kg/h"}


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
    """supports / contradicts / mixed / None for one extracted value against the claim's windows."""
    lo = value.low if value.low is not None else value.value
    hi = value.high if value.high is not None else value.value
    if compare.supports and compare.supports[0] <= lo and hi <= compare.supports[1]:
        return "supports"
    if compare.supports and lo < hi and lo <= compare.supports[1] and hi >= compare.supports[0]:
        return "mixed"  # a range reaching outside the window ("0.5 to 3 mg/kg", titrated)
    if compare.contradicts_below is not None and hi < compare.contradicts_below:
        return "contradicts"
    if compare.contradicts_above is not None and lo > compare.contradicts_above:
        return "contradicts"
    return None


def _fmt(x: float) -> str:
    return f"{x:g}"


def _first_day_on_mood(sentence: Sentence) -> bool:
    """Does a clause naming a first-day time point speak of mood, not only of pain or sleep?"""
    clauses = [sentence.low[a:b] for a, b in clause_spans(sentence.low)]
    timed = [c for c in clauses if names_first_day(c)]
    return not timed or any(not is_other_outcome(c) for c in timed)


def _negated_by_day_one(sentence: Sentence, doc: Doc, statement: str) -> bool:
    """Is a null result of the sentence stated for the first day on mood, not only for a later time
    point or another outcome? ("ketamine helped at 4 h; the difference failed to reach significance at
    12-14 days", "... within 24 hours, but suicidal ideation did not improve": no.)"""
    base, low = doc.starts[sentence.index], sentence.low
    clauses = clause_spans(low)
    for m in _RESULT_NEGATION.matches(doc, sentence.index):
        at = m.start() - base
        a, b = next(((a, b) for a, b in clauses if a <= at < b), (0, len(low)))
        clause = low[a:b]
        if not is_after_first_day(clause) and not names_other_subject(clause, statement):
            return True
    return False


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
    direction: str | None
    if cues is not None:  # looked for in this sentence only: evidence is a few sentences
        base = doc.starts[i]
        harm = claim.stance_model == "harm"
        asked = norm.rfind("?")  # "Is ketamine efficacious? Lessons from a trial": no finding before it
        for m in cues.matches(doc, i):
            direction = "supports" if (m.lastgroup or "s")[0] == "s" else "contradicts"
            a, b = m.start() - base, m.end() - base
            if b <= asked:
                continue
            phrase = sentence.text[a:b]
            if is_negated(norm, a, b):
                votes.append(Vote(_FLIP[direction], f"cue '{phrase}' negated -> {_FLIP[direction]}{hedge}"))
            elif harm and direction == "contradicts" and more_with_other(sentence.low):
                continue  # "adverse events were more common in the propofol group (12.4%)": not ketamine's
            else:
                votes.append(Vote(direction, f"cue '{phrase}' {direction}{hedge}"))
    if claim.compare is not None and claim.value_kind:
        # "no significant change at 24 h": an outcome time point against the claim; a dose or
        # infusion time stated in such a sentence is still what the study used.
        outcome = claim.value_kind in _OUTCOME_KINDS
        if outcome and is_predictor(sentence.low):
            return votes  # "improvement at 24 h as a predictor of later response": who, not when
        # "(adjusted difference -0.7; 95% CI -3.0 to 1.6)": a null result no word names
        null_ci = outcome and ci_null(sentence.low)
        negated = outcome and (null_ci or _RESULT_NEGATION.matches_in(doc, i))
        if claim.stance_model == "onset":
            if not _first_day_on_mood(sentence):
                return votes  # "but did lower VAS scores at 24 hours": the hours are pain's
            if negated:
                negated = _negated_by_day_one(sentence, doc, claim.statement.lower()) or (
                    null_ci and not is_after_first_day(sentence.low)
                )
        for v in values:
            if (
                v.sentence != sentence.text
                or v.kind != claim.value_kind
                or (claim.unit and v.unit != claim.unit and _HOURLY.get(claim.unit) != v.unit)
            ):
                continue
            direction = compare_value(v, claim.compare)
            if direction is None:
                continue
            shown = _fmt(v.value) if v.low == v.high else f"{_fmt(v.low or 0)}-{_fmt(v.high or 0)}"
            if direction == "mixed":
                votes.append(Vote("mixed", f"value {shown} {v.unit} reaches outside the claim's window"))
            elif negated:
                votes.append(
                    Vote(
                        _FLIP[direction],
                        f"value {shown} {v.unit} in a negated sentence -> {_FLIP[direction]}",
                    )
                )
            else:
                votes.append(Vote(direction, f"value {shown} {v.unit} {direction}"))
    return votes


# How much a vote weighs by where its sentence sits: a conclusion is the record's own reading.
ROLE_WEIGHTS = {"conclusions": 2.0, "results": 1.0, "title": 1.0}
# A vote from a hedged sentence ("may", "suggest") counts for less than a stated finding.
HEDGED_WEIGHT = 0.5
# Both directions present: "mixed" when the weaker side has at least this share of the stronger.
MIXED_RATIO = 0.25
# Roles whose stated values (a dose, an infusion time) are what the study used, though they vote
# no finding: unlabelled abstracts often state the design and dose in the aim sentence.
_VALUE_ROLES = frozenset({"methods", "objective"})


def model_votes(
    claim: Claim,
    sentence: Sentence,
    doc: Doc,
    subject: Sequence[Finder | ShortForms],
    active_trial: bool = False,
) -> list[Vote]:
    """Votes of the claim's generic stance model (litwatch/claims/polarity/) in one finding sentence.

    A clause votes when it names the claim's subject, or continues a clause that did. In a trial of
    ketamine against another active treatment (`active_trial`), a null between the arms casts no
    benefit vote: both treatments may work.
    """
    if claim.stance_model is None:
        return []
    low, base = sentence.low, doc.starts[sentence.index]
    mixed = _MIXED_EVIDENCE_RE.search(low) if any(w in low for w in _MIXED_WORDS) else None
    if mixed is not None and any(f.matches(doc, sentence.index) for f in subject):
        # "evidence of its analgesic efficacy is inconsistent": the record's own reading is mixed
        reason = f"'{mixed.group(0)}' mixed"
        return [Vote("supports", reason), Vote("contradicts", reason)]
    if _OPEN_QUESTION.matches_in(doc, sentence.index) and not (
        claim.stance_model == "durability" and UNKNOWN_SPAN_RE.search(low)
    ):
        return []  # an open question states no finding; one on how long benefit lasts is against lasting
    spans = [
        (m.start() - base, m.end() - base)
        for f in subject
        for m in f.matches(doc, sentence.index)
        if not _WHO_BEFORE_RE.search(low, max(0, m.start() - base - 80), m.start() - base)
    ]
    if subject and not spans:
        return []
    clauses = clause_spans(low)
    statement = claim.statement.lower()
    mood = claim.stance_model in _MOOD_MODELS
    rapid = claim.stance_model == "benefit" and "rapid" in statement  # a claim on how soon, not how long
    on_mood = mood and "depressi" in statement and "suicid" not in statement  # the claim's outcome is mood
    hedge = " (hedged)" if _MODAL.matches_in(doc, sentence.index) else ""
    short = [f for f in subject if isinstance(f, ShortForms)]  # "TEAEs": read as what they stand for
    votes: list[Vote] = []
    named = False  # a clause without the subject continues the one before ("... were frequent but mild")
    asked = low.rfind("?")  # a title's question ("Is ketamine efficacious? Lessons learned ...")
    for a, b in clauses:
        own = any(a <= x < b for x, _ in spans)
        named = named or own
        if (subject and not named) or b <= asked + 1:
            continue
        clause = low[a:b]
        if subject and not own and is_other_outcome(clause) and not is_other_outcome(statement):
            continue  # "... did not reduce PPD, but did lower VAS scores at 24 h": pain's finding
        if subject and not own and mood and names_other_subject(clause, statement):
            continue  # "reduced depressive symptoms, but suicidal ideation did not improve"
        for f in short:
            clause = f.expand(clause)
        got = judge_clause(claim.stance_model, clause, active_trial)
        if got is None or (active_trial and got.direction == "contradicts" and is_between_arms(clause)):
            continue
        if rapid and got.direction == "contradicts" and is_after_first_day(clause):
            continue  # "rapidly reduces": "no longer significant at discharge" says nothing against speed
        if got.direction == "supports" and on_mood and gains_elsewhere(clause):
            continue  # "rapid reductions in suicidal ideation", "improvements in functioning"
        if got.direction == "mixed":
            votes += [Vote("supports", f"{got.reason}{hedge}"), Vote("contradicts", f"{got.reason}{hedge}")]
        else:
            votes.append(Vote(got.direction, f"{claim.stance_model} {got.reason} {got.direction}{hedge}"))
    return votes


def decide(weights: dict[str, float], values_only: bool = False) -> str:
    """supports / contradicts / mixed / no-direction from weighted vote totals.

    Numbers alone (a dose, an infusion time) follow the annotation guide: a study that used the
    article's value supports it, even beside other values ("0.5 and 0.2 mg/kg"); a range reaching
    outside the window ("0.5 to 3 mg/kg", a "mixed" vote) is mixed; only other values contradict.
    """
    sup, con = weights.get("supports", 0.0), weights.get("contradicts", 0.0)
    if values_only:  # the guide: the study used the article's value (among others) -> supports
        if sup:
            return "supports"
        if weights.get("mixed"):
            return "mixed"
        return "contradicts" if con else "no-direction"
    sup += weights.get("mixed", 0.0)
    con += weights.get("mixed", 0.0)
    if not sup and not con:
        return "no-direction"
    if not con:
        return "supports"
    if not sup:
        return "contradicts"
    if min(sup, con) >= MIXED_RATIO * max(sup, con):
        return "mixed"
    return "supports" if sup > con else "contradicts"


def _active_title(doc: Doc) -> bool:
    """Does the record's title compare ketamine with another active treatment? (once per record)"""
    got = doc.cache.get(_active_title)
    if got is None:
        first = doc.sentences[0] if doc.sentences else None
        got = doc.cache[_active_title] = bool(
            first is not None and first.section == "title" and is_active_comparison(first.low)
        )
    return bool(got)


# What most of the reviewed studies did ("0.5 mg/kg over 40 minutes in most trials"): a review's
# statement of usual practice, which is what a claim of the usual dose or infusion time asserts.
_PRACTICE_RE = re.compile(
    r"\b(?:in |by )?(?:most|the majority of|nearly all|almost all|all but \w+) (?:of (?:the )?)?"
    r"(?:included |reviewed |eligible )?(?:trials|studies|rcts|reports|protocols|centres|centers)\b|"
    r"\b(?:most|more) (?:commonly|frequently|often) (?:used|given|administered|reported|infused)\b|"
    r"\b(?:typically|usually|standard|conventional|customary|mostly|mainly|predominantly)\b|"
    r"\bthe most (?:common|frequent|usual)\b"
)
# A review's finding about a dose or infusion time ("efficacious at doses as low as 0.2 mg/kg, with
# increasing response at 0.5 mg/kg", "0.5 mg/kg was optimal"), unlike a list of what was given
_VALUE_FINDING_RE = re.compile(
    r"\b(?:efficac\w*|effective\w*|optimal|plateau\w*|best balance|dose[- ]response|greater (?:treatment )?"
    r"response|additional benefit|increased benefit)\b"
)
# A list of what the reviewed studies gave ("doses ranged from 0.1 to 1.0 mg/kg", "varied widely",
# "heterogeneous in route", "ketamine (0.5-2 mg/kg bolus)", "doses of 0.1 mg/kg to 1 mg/kg"): the
# spread, no value of its own.
_LISTED_RE = re.compile(
    r"\brang(?:ed|ing|es?)\b|\bvar(?:ied|ying)\b|\bheterogene\w*|\bfrom \d"
    r"|\d\s*(?:mg/kg|mg|min\w*)?\s*(?:-|–|to)\s*\.?\d"
)


def _review_value_votes(sentence: Sentence, claim: Claim) -> bool:
    """Does a review's sentence state a value of its own, not a list of what different studies gave?
    Usual practice always does. For what the trials gave (a dose, an infusion time), any value not
    listed as a spread does: a review that pooled "trials of a single 0.5 mg/kg infusion" reports
    that dose; one whose doses "ranged from 0.1 to 1 mg/kg" lists them. For a time an outcome was
    read (onset, duration of benefit), only a finding at it does: the time points of the pooled
    trials are no finding."""
    low = sentence.low
    if _PRACTICE_RE.search(low):
        return True
    if claim.value_kind not in _OUTCOME_KINDS:
        return not _LISTED_RE.search(low)
    finding = sentence.role in ROLE_WEIGHTS and bool(_VALUE_FINDING_RE.search(low))
    return finding and not _LISTED_RE.search(low)


def judge_stance(
    claim: Claim,
    cues: Finder | None,
    sentences: Sequence[Sentence],
    values: Sequence[Value],
    doc: Doc,
    subject: Sequence[Finder | ShortForms] = (),
    review: bool = False,
    nulls: Sequence[Sentence] = (),
) -> tuple[str, list[str]]:
    """(stance, reasons) over the finding sentences (results, conclusions, title) among `sentences`.

    Votes come from the claim's stance model, its cue phrases and its numbers, weighted by where
    the sentence sits (ROLE_WEIGHTS); `decide` turns the totals into a stance. A review's numbers
    are those of the studies it summarises, so they cast no vote (`review`). `nulls`: the record's
    other sentences; a null result on the subject in its conclusions counts ("did not significantly
    improve depression scores" names no improvement, so no efficacy rule picks it as evidence).
    """
    weights: dict[str, float] = {}
    reasons: list[str] = []
    values_only = claim.stance_model is None and not claim.cues
    # A study of who responds ("Predictors of ketamine response") reports response, not whether
    # the drug works: its efficacy findings give no direction.
    predictors = claim.stance_model in ("benefit", "onset") and _PREDICTOR_TITLE.matches_in(doc, 0)
    active_trial = claim.stance_model in ("benefit", "onset", "durability") and _active_title(doc)
    for s in sentences:
        if s.text.rstrip().endswith("?"):
            continue  # a question ("Is ketamine efficacious for ...?") states no finding
        weight = ROLE_WEIGHTS.get(s.role, 0.0)
        votes = sentence_votes(claim, cues, s, values, doc) if weight or s.role in _VALUE_ROLES else []
        if predictors and claim.stance_model == "onset":
            votes = []  # nor do the hours at which it read response ("responders at 24 h")
        if weight and (
            not predictors
            or VS_CONTROL_RE.search(s.low)  # a result against a control arm is a finding on the drug
            or (s.role != "title" and not _WHO_RESPONDS_RE.search(s.low))  # the title names the predictor
        ):
            votes += model_votes(claim, s, doc, subject, active_trial)
        for v in votes:
            w = weight if weight else 1.0  # a value stated in the methods or aim is what the study used
            is_value = v.reason.startswith("value")
            if (not weight and not is_value) or (review and is_value and not _review_value_votes(s, claim)):
                continue
            if v.reason.endswith("(hedged)"):
                w *= HEDGED_WEIGHT
            weights[v.direction] = weights.get(v.direction, 0.0) + w
            reasons.append(v.reason)
    if claim.stance_model in ("benefit", "onset", "durability") and not predictors:
        for s in nulls:
            if s.role != "conclusions" or s.text.rstrip().endswith("?") or not could_contradict(s.low):
                continue
            for v in model_votes(claim, s, doc, subject, active_trial):
                if v.direction == "contradicts":
                    weight = ROLE_WEIGHTS["conclusions"]
                    w = weight * (HEDGED_WEIGHT if v.reason.endswith("(hedged)") else 1.0)
                    weights["contradicts"] = weights.get("contradicts", 0.0) + w
                    reasons.append(v.reason)
    return decide(weights, values_only), list(dict.fromkeys(reasons))
