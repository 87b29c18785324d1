"""Which way a finding sentence points: the generic stance models a claim can use.

A fact-checker reads a finding as "for" or "against" a claim from a handful of wording classes
that hold across topics, so these are written once here and claims pick one by name
(`[claims.stance] model = ...` in a claims file):

* ``benefit``: the treatment improved the claim's subject (depressive symptoms, suicidal
  ideation, pain): "significantly reduced", "greater improvement", "response rate of 60%",
  "effective" support; "no significant difference", "did not differ from placebo", "failed to",
  "not superior" contradict. A null result against an *active* treatment (ECT, an SSRI) says
  nothing against benefit, so it casts no vote.
* ``onset``: ``benefit`` read for how soon it came. A null result at a later time point only
  ("no difference on days 3, 7 and 14", "failed to reach significance at 12-14 days") says
  nothing against an early effect the study did not look for, so it casts no vote.
* ``harm``: the subject is an unwanted effect (side effects, cystitis, cognitive decline):
  "well tolerated", "mild", "transient", "no serious adverse events", "did not increase" support
  a claim of safety; "serious", "severe", "higher incidence of", "discontinued due to" contradict.
* ``durability``: benefit that lasts: "sustained", "maintained", "remained lower", "reduced the
  risk of relapse" support; "relapse", "returned to baseline", "transient", "waned", "no longer
  significant" contradict.
* ``speed``: a comparison of speed: "faster", "more rapid", "earlier" support; "similar onset",
  "slower", "no difference in time to response" contradict.

Sentences are cut into clauses ("A improved, but B did not") and a clause votes only when it
names the claim's subject, or continues a clause that did ("... were frequent but mild").

One module per model family: clauses.py (what they share), benefit.py, harm.py, durability.py,
timing.py (onset and speed); the small mechanism model and the dispatcher live here.
"""

from __future__ import annotations

import re

from litwatch.claims.polarity.benefit import (
    VS_CONTROL_RE,
    is_active_comparison,
    is_between_arms,
    is_predictor,
    judge_benefit,
)
from litwatch.claims.polarity.clauses import NULL_RE, Polarity, ci_null, clause_spans
from litwatch.claims.polarity.durability import FADES_RE, UNKNOWN_SPAN_RE, judge_durability
from litwatch.claims.polarity.harm import judge_harm, more_with_other
from litwatch.claims.polarity.timing import (
    gains_elsewhere,
    is_after_first_day,
    is_other_outcome,
    judge_onset,
    judge_speed,
    names_first_day,
    names_other_subject,
)

__all__ = [
    "MODELS",
    "UNKNOWN_SPAN_RE",
    "VS_CONTROL_RE",
    "Polarity",
    "ci_null",
    "clause_spans",
    "could_contradict",
    "gains_elsewhere",
    "is_active_comparison",
    "is_after_first_day",
    "is_between_arms",
    "is_other_outcome",
    "is_predictor",
    "judge_clause",
    "more_with_other",
    "names_first_day",
    "names_other_subject",
]

MODELS = ("benefit", "onset", "harm", "durability", "speed", "mechanism")
_MECHANISM_NULL_RE = re.compile(
    r"\b(?:no evidence|lack of (?:\w+ )?(?:relationships?|associations?|effects?|changes?|differences?)|"
    r"no (?:significant )?(?:differences?|associations?|relationships?|correlations?) (?:were |was )?"
    r"(?:found|observed|detected|seen|between)|(?:were|was) not (?:\w+ )?(?:detected|found|observed)|"
    r"mixed (?:results|findings|evidence)|inconsistent|independent(?:ly)? of|not "
    r"(?:required|necessary|mediated|involved|dependent)|unrelated to|"
    r"rather than|\bneither\b|no support for|"
    r"(?:weakly|not|only weakly) (?:\w+ )?(?:related|linked|correlated)|"
    r"(?:did|does|do|was|were) not (?:\w+ )?(?:alter|change|affect|increase|elevate|block|predict|"
    r"require|"
    r"involve|depend|differ|correlate))\b"
)


def _mechanism(clause: str) -> Polarity | None:
    null = _MECHANISM_NULL_RE.search(clause)
    if null:
        return Polarity("contradicts", f"'{null.group(0).strip()}'")
    return Polarity("supports", "mechanism finding")


_MODEL_FUNCS = {
    "benefit": judge_benefit,
    "onset": judge_onset,
    "harm": judge_harm,
    "durability": judge_durability,
    "speed": judge_speed,
    "mechanism": _mechanism,
}


def could_contradict(low: str) -> bool:
    """A cheap first look: could a benefit or durability clause of this sentence be a null result or
    a fading benefit? (False: no need to read its clauses for a contradicting vote.)"""
    return bool(NULL_RE.search(low) or FADES_RE.search(low))


def judge_clause(model: str, clause: str, active: bool = False) -> Polarity | None:
    """The vote of one lower-cased clause under a stance model, or None. `active`: every arm of the
    study is an active treatment (no placebo), so a change in every arm is a change on ketamine."""
    if active and model == "benefit":
        return judge_benefit(clause, active=True)
    return _MODEL_FUNCS[model](clause)
