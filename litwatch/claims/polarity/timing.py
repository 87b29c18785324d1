"""How soon: the ``onset`` model (``benefit`` read for the first day; a null result only at a later
time point says nothing against an early effect the study did not look for) and the ``speed``
model (a comparison of speed: "faster", "more rapid", "earlier" support; "similar onset",
"slower", "no difference in time to response" contradict, as does a comparator that was faster)."""

from __future__ import annotations

import re

from litwatch.claims.polarity.benefit import judge_benefit
from litwatch.claims.polarity.clauses import ACTIVE_RE, KETAMINE_RE, NULL_RE, Polarity
from litwatch.claims.regexes import first_char_search

_FASTER_RE = re.compile(
    r"\b(?:faster|fastest|more rapid\w*|most rapid\w*|more quickly|quicker|earlier|earliest|sooner|"
    r"accelerat\w*|rapid\w*|within "
    r"(?:hours|\d+ (?:h|hours))|shorter time to|"
    r"time to (?:response|remission|onset|improvement) (?:\w+ ){0,3}?(?:was|were) (?:\w+ )?shorter)\b"
)
_SLOWER_RE = first_char_search(
    r"\b(?:slower|later onset|delayed|longer time to|similar (?:onset|speed|time))\b"
)
# What a null on speed is about: "the speed of response did not differ", "time to response was similar"
_ALIKE_RE = first_char_search(r"\b(?:similar|comparable)\b")
_SPEED_MEASURE_RE = first_char_search(
    r"\b(?:speed of|time to (?:response|remission|onset|improvement)|onset of (?:action|response|effect))"
)


# Time points after the first day, and within it: an onset null result counts only at the latter.
_AFTER_FIRST_DAY_RE = first_char_search(
    r"\b(?:days?|d|pod) ?(?:[2-9]|\d{2,3})\b|"
    r"\b(?:[2-9]|\d{2,3}|two|three|four|five|six|seven|several) days?\b|"
    r"\b(?:4[89]|[5-9]\d|\d{3})[- ]?(?:h|hrs?|hours?)\b|\bweeks?\b|\bmonths?\b|"
    r"\b(?:second|third) (?:\w+ )?day\b|\b\d+-(?:week|month)\b"
)
_FIRST_DAY_RE = first_char_search(
    r"\b(?:\d|1\d|2[0-4])(?:\.\d+)?[- ]?(?:h|hrs?|hours?|min|minutes?)\b|\b(?:days?|d|pod) ?[01]\b|"
    r"\bfirst (?:\w+ )?day\b|\bnext day\b|\bwithin (?:\w+ )?(?:hours?|minutes?)\b|\b(?:one|two|four|"
    r"twenty-four) hours?\b"
)


def is_after_first_day(clause: str) -> bool:
    """Does the clause name only time points after the first day ("at 12-14 days", "on day 7")?"""
    return bool(_AFTER_FIRST_DAY_RE.search(clause)) and not _FIRST_DAY_RE.search(clause)


# "but did significantly lower VAS scores at 24 hours": a first-day finding on another outcome
_OTHER_OUTCOME_RE = first_char_search(
    r"\b(?:pain\w*|vas|nrs|analges\w*|opioid\w*|morphine|sufentanil|sedation|delirium|sleep\w*|nausea)\b"
)
_MOOD_RE = first_char_search(
    r"\bdepress\w*|\bantidepress\w*|\bmood\b|\bmadrs\b|\bham-?d\w*|\bhdrs\b|\bbdi\b|\bepds\b"
)


# Outcomes a finding on mood may sit beside: "... reduced depressive symptoms, but suicidal ideation
# did not improve" speaks of suicidality in its second clause, not of depression.
_SIDE_OUTCOME_RE = first_char_search(
    r"\bsuicid\w*|\bideation\b|\banxiety\b|\bobsess\w*|\bcompulsi\w*|\by-bocs\b|\bptsd\b|\bcaps-5\b|"
    r"\bcraving\w*|\babstinen\w*|\bcognit\w*|\bmemory\b|\bbss\b|\bc-ssrs\b"
)


def names_other_subject(clause: str, statement: str) -> bool:
    """Does a clause that does not name the claim's subject speak of another outcome? For a claim on
    suicidal thoughts, mood is the other outcome; for one on mood, suicidality, anxiety, obsessions,
    craving or cognition are (pain and sleep: `is_other_outcome`)."""
    if "suicid" in statement:
        return bool(_MOOD_RE.search(clause)) and "suicid" not in clause and "ideation" not in clause
    return bool(_SIDE_OUTCOME_RE.search(clause)) and not _MOOD_RE.search(clause)


def is_other_outcome(clause: str) -> bool:
    """Is the clause about pain, sleep or sedation and not about mood ("lower VAS scores at 24 h")?"""
    return bool(_OTHER_OUTCOME_RE.search(clause)) and not _MOOD_RE.search(clause)


# Outcomes a gain may be in besides those above: "improvements in functioning and productivity"
_FUNCTION_OUTCOME_RE = first_char_search(
    r"\b(?:si|function\w*|productiv\w*|processing|attention|learning|spectral|power|connectivity|cordance|"
    r"quality of life|hospitali[sz]ations?|workplace|wpl|costs?|sds|agitation)\b"
)
# What a gain is in: "reductions in suicidal ideation", "improvement in cognitive function, mood, and ..."
_GAIN_OBJECT_RE = re.compile(
    r"\b(?:improv\w*|reduc\w*|decreas\w*|lower\w*|declin\w*|benefits?|gains?)\s+(?:in|of)\s+"
    r"(?:the |their )?((?:[\w-]+,?\s+){0,5}[\w-]+)"
)


def gains_elsewhere(clause: str) -> bool:
    """Is every gain the clause names ("rapid reductions in suicidal ideation") a gain in an outcome
    other than mood? A list that names mood ("cognitive function, mood, and ...") is mood's too."""
    objects = [m.group(1) for m in _GAIN_OBJECT_RE.finditer(clause)]
    return bool(objects) and all(
        not _MOOD_RE.search(o)
        and any(r.search(o) for r in (_SIDE_OUTCOME_RE, _OTHER_OUTCOME_RE, _FUNCTION_OUTCOME_RE))
        for o in objects
    )


def names_first_day(clause: str) -> bool:
    return bool(_FIRST_DAY_RE.search(clause))


# Benefit that first came days or weeks after the dose: "the median time to first response was 5
# weeks", "responders met criteria only after the fourth week", "improvement built up across the series
# rather than after the first infusion"
LATE_ONSET_RE = first_char_search(
    r"\btime to (?:first |initial )?(?:response|remission|improvement|onset)\b"
    r"(?: of (?:\w+ )?(?:action|effect|response))?(?: \w+){0,3}? (?:was|were|of) "
    r"(?:about |approximately |around |a median of |a mean of )?"
    r"(?:(?:[3-9]|\d{2,})(?:\.\d+)? days?|\d+(?:\.\d+)? weeks?)\b|"
    r"\bonly (?:after|from|by) (?:the )?(?:\w+ ){0,2}?(?:weeks?|infusions?|sessions?|doses?|treatments?)\b|"
    r"\brather than after the first (?:infusion|dose|session|treatment)\b"
)


def judge_onset(clause: str) -> Polarity | None:
    """A benefit finding; a null one only when it names a first-day time point or no time at all;
    benefit that first came days or weeks later is against an onset within hours."""
    if is_other_outcome(clause):
        return None  # pain or sleep on the first day: no antidepressant onset
    late = LATE_ONSET_RE.search(clause)
    if late and late.group(0).startswith("time to") and _TIME_RACE_RE.search(clause):
        late = None  # "6 days with ketamine and 19 days with lithium": a race between arms (speed's)
    if late:
        return Polarity("contradicts", f"'{late.group(0).strip()}' (benefit came later)")
    got = judge_benefit(clause)
    if got is not None and got.direction == "contradicts" and is_after_first_day(clause):
        return None  # "no difference at 12-14 days": the study looked after the claimed onset
    return got


# "ECT gave a faster response than ketamine", "improvement came earlier with ECT": the comparator
# is the faster one.
_THAN_KETAMINE_RE = re.compile(
    r"[^;]{0,50}?\b(?:than|compared (?:with|to)|versus|vs\.?|relative to)\s+(?:the |an? )?(?:\S+ )?"
    r"(?:(?:es|ar)?ketamin\w*|\(\w\)-?ketamine)"
)
_WITH_RE = re.compile(r"[^;]{0,50}?\b(?:with|in|after|for|by)\s+(?:the |an? )?(?:\S+ )?$")


def _comparator_faster(clause: str, fast: re.Match[str]) -> bool:
    if _THAN_KETAMINE_RE.match(clause, fast.end()):
        return True
    if KETAMINE_RE.search(clause, 0, fast.start()):
        return False
    active = ACTIVE_RE.search(clause, fast.end())
    return bool(
        active
        and _WITH_RE.match(clause[: active.start()], fast.end())
        and not KETAMINE_RE.search(clause, fast.end(), active.start())
    )


# "median time to first response was 6 days with ketamine and 19 days with lithium", "15 vs 29 days":
# two arms' times; the first is ketamine's unless it names another treatment
_TIME_RACE_RE = re.compile(
    r"\btime to (?:first |initial )?(?:response|remission|improvement|onset)\b[^.;]{0,40}?\b"
    r"(?P<a>\d+(?:\.\d+)?)\s*(?:days?|weeks?)?\s*(?:(?:with|for|in|on) (?P<arm>[\w-]+))?[^.;\d]{0,30}?"
    r"(?:\band|versus|vs\.?|compared with|than)\s+(?:\w+\s+){0,2}?(?P<b>\d+(?:\.\d+)?)\s*(?:days?|weeks?)\b"
)


def _time_race(clause: str) -> Polarity | None:
    """Which arm's time to response was shorter, when the clause gives two: ketamine's is faster
    (supports) or slower (contradicts)."""
    race = _TIME_RACE_RE.search(clause)
    if race is None:
        return None
    first, second = float(race.group("a")), float(race.group("b"))
    if (
        race.group("arm")
        and not KETAMINE_RE.search(race.group("arm"))
        and race.group("arm") not in ("esk", "ket")
    ):
        first, second = second, first  # "29 days with quetiapine and 15 with esketamine"
    if first == second:
        return None
    direction = "supports" if first < second else "contradicts"
    return Polarity(direction, f"time to response {race.group('a')} vs {race.group('b')}")


def judge_speed(clause: str) -> Polarity | None:
    race = _time_race(clause)
    if race is not None:
        return race
    slow = _SLOWER_RE.search(clause)
    fast = _FASTER_RE.search(clause)
    null = NULL_RE.search(clause)
    if fast and not null:
        if _comparator_faster(clause, fast):
            return Polarity("contradicts", f"'{fast.group(0).strip()}' for the comparator")
        return Polarity("supports", f"'{fast.group(0).strip()}'")
    if slow or (fast and null):
        hit = slow or null
        assert hit is not None
        return Polarity("contradicts", f"'{hit.group(0).strip()}'")
    alike = null or _ALIKE_RE.search(clause)
    if alike and _SPEED_MEASURE_RE.search(clause):
        return Polarity("contradicts", f"'{alike.group(0).strip()}' on speed")
    return None
