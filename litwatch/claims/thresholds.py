"""The numbers (and value kinds, stance models) the verdict rules use, in one place.

`verdict.verdict_rules()` quotes them in the rule table of the README and the report, and the rules in
`counting.py`, `valuerule.py` and `verdict.py` apply them, so the words and the behaviour cannot
drift apart: change a threshold here and both follow.
"""

from __future__ import annotations

MAX_LEVEL = 3  # evidence levels 1 (meta-analysis) .. 3 (non-randomised trial, cohort) count
MIN_RECORDS = 3  # fewer counting records (or studies with a number) than this: abstain
SUPPORT_SHARE = 0.75  # stance rule: this share of the directional weight must support
MIXED_SUPPORT = 0.5  # stance rule: the share of a mixed record's weight that counts as support
# A claim that a treatment is safe or its harms mild (read with the "harm" stance model): a record
# that found harm beside safety does not support it in part; one credible harm is what a
# fact-checker needs to see first, so such a mixed record counts this share as support.
SAFETY_MODELS = frozenset({"harm"})
MIXED_SUPPORT_SAFETY = 0.0
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
