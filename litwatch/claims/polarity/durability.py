"""The ``durability`` model: benefit that lasts. "sustained", "maintained", "remained lower",
"reduced the risk of relapse" support; "relapse", "returned to baseline", "transient", "waned",
"no longer significant" contradict; a relapse measure ("relapse rates", "time to relapse") points
the way its comparison word does."""

from __future__ import annotations

import re

from litwatch.claims.polarity.benefit import judge_benefit
from litwatch.claims.polarity.clauses import NULL_RE, Polarity, lies_inside
from litwatch.claims.regexes import first_char_search

# "patients maintained on lithium", "who maintained their baseline medication": a treatment kept
_KEPT_ON = r"(?! (?:on|their|his|her|stable|the same|current|concomitant|ongoing)\b)"
_DURABLE_RE = re.compile(
    rf"\b(?:sustain\w*(?! attention)|maintain\w*{_KEPT_ON}|maintenance of|persist\w*|durab\w*|long-lasting|"
    r"lasting|preserved|enduring|"
    r"prolonged (?:\w+ ){0,2}?(?:effects?|benefits?|responses?|remission|time to relapse)|remained "
    r"(?:\w+ ){0,2}?(?:lower|improved|reduced|significant|stable|in remission|below|better|well)|"
    r"relapse-free|delayed (?:\w+ ){0,2}?relapse|relapse (?:\w+ ){0,3}?(?:was |were )?(?:significantly )?"
    r"(?:lower|reduced|decreased|less|fewer)|(?:reduc|lower|decreas)\w* (?:the )?(?:\w+ )?risk of "
    r"(?:relapse|recurrence)|long-term (?:efficacy|benefit|improvement|remission|response|effectiveness)|"
    r"(?:remained|remains|remain|stayed|was|were) (?:\w+ )?stable|stable (?:remission|response|improvement|"
    r"mood|euthymia)|(?:decreased|reduced|improved|lower)\W+(?:or|and) stable|"
    r"still (?:\w+ )?(?:present|significant|improved)|(?:even )?after (?:the )?(?:completion|end) of "
    r"(?:the )?(?:treatment|study|trial|course))\b"
)
# "A 2-week open-label study", "a six-week treatment program": the study's length, not a time point.
_STUDY_LENGTH = (
    r"(?!(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several)-(?:week|month|year) "
    r"(?:[\w-]+ ){0,2}?(?:study|trial|program|programme|protocol|design)\b)"
)
# A time point a week or more after treatment: benefit there is benefit that lasted.
_LATE_RE = re.compile(
    # "day 28", "d28"; not the 17 items of "HAM-D17"
    rf"(?<![\w-])(?:day|d)\s?(?:1[4-9]|[2-9]\d|\d{{3}})\b|"
    # the last of a list of days: "on postpartum days 14, 28, and 42", "on POD 3, 7, and 30"
    r"\b(?:days|pod)\s(?:\d+,?\s(?:and\s|or\s)?){1,4}(?:1[4-9]|[2-9]\d|\d{3})\b|"
    rf"\b(?:week|wk)s?\s?(?:[2-9]|[1-9]\d)\b|\b{_STUDY_LENGTH}"
    r"(?:[2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten|twelve|several)[- ]weeks?\b|"
    rf"\b{_STUDY_LENGTH}(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several)[- ]"
    r"(?:months?|years?)\b|"
    r"\b(?:1[4-9]|[2-9]\d|\d{3}) days\b|"
    r"\blong[- ]term\b|\bfollow-?up\b|\bpostpartum day\b|\bend of (?:the )?(?:treatment|study|trial)\b"
)
# "sustained for up to 7 days", "persisting for 3 days": how long the benefit lasted, and less than
# the weeks a claim of lasting relief means.
_SHORT_SPAN_RE = re.compile(
    r"[^.;]{0,40}?\b(?:for|over|up to|until|through) (?:up to |about |approximately |around |at least |only "
    r"|just |the (?:first |next |following )?)?(?:(?:[1-9]|1[0-3]|one|two|three|four|five|six|seven|a few|"
    r"several) (?:days?|hours?|h)|(?:a|one|1) week|day [1-9]|(?:1[0-3]|the first) days?)\b"
)
_NO_RELAPSE_RE = first_char_search(
    r"\b(?:no|none|without) (?!(?:\w+ ){0,2}?(?:differences?|changes?|effects?)\b)"
    r"(?:\w+ ){0,2}?(?:relapse[sd]?|recurrences?)\b|"
    r"\bnone (?:\w+ ){0,3}?(?:relapsed|recurred)\b"
)
# "transient dissociative effects": a side effect's span, not the benefit's (as the claims file's
# durability terms)
_SIDE_EFFECT_AHEAD = (
    r"(?!,? (?:\w+,? (?:and |or )?){0,2}?(?:dissociat|psychotomim|adverse|side[- ]|hypertensi|blood|heart|"
    r"sedat|dizz|nause|hallucinat|perceptual|elevat|increases?\b|rises?\b|drows|headache|confusion|anxiety|"
    r"discomfort))"
)
FADES_RE = first_char_search(
    r"\b(?:relapse[ds]?|relapsing|recurr\w*|returned (?:\w+ ){0,2}?(?:to )?baseline|"
    rf"(?:transient(?:ly)?|short-lived)\b{_SIDE_EFFECT_AHEAD}|"
    r"short-term only|time-limited|wan(?:e|ed|es|ing)|wore off|wear(?:s)? off|diminish\w*|"
    r"dissipat\w*|no longer (?:\w+ )?(?:significant|different|differ\w*|separat\w*|superior|present|evident|"
    r"observed)|not (?:statistically )?significant (?:anymore|any longer)|lost|loss of "
    r"(?:\w+ )?(?:response|effect|benefit)|(?:less|not as) (?:\w+ )?(?:durable|sustained|lasting|persistent)|"
    r"shorter[- ](?:lived|lasting)|shorter (?:\w+ )?duration|"
    r"not (?:sustained|maintained|durable|persist\w*)|did not "
    r"(?:persist|last|sustain|remain)|"
    # "neither effect persisted beyond a few days"; responders who "no longer met response criteria"
    r"(?:neither|none) (?:\w+ ){0,3}?(?:persisted|lasted|(?:was|were) (?:sustained|maintained))|"
    r"no longer (?:met|meeting|fulfill?(?:ed|ing)?) (?:the )?(?:criteria for )?(?:response|remission)|"
    # the benefit itself went away ("the effect had largely disappeared"; symptoms that disappeared
    # are a benefit, so the noun leads), symptoms came back, fewer still responded
    r"(?:effects?|benefits?|improvements?|gains|responses?|differences?|advantages?) (?:had |have |has |was |"
    r"were )?(?:\w+ )?(?:disappeared|vanished|subsided|weakened|faded|lessened|gone|declined)|"
    # "the benefit seems to decline with time"
    r"(?:seems?|appears?) to (?:decline|wane|fade|diminish|weaken)|"
    r"fad(?:ed|es|ing) (?:away|out|over)|"
    r"(?:symptoms|depression) (?:\w+ ){0,2}?(?:returned|re-?emerged|reappeared)|"
    r"return of (?:\w+ ){0,2}?(?:symptoms|depression)|"
    # "any improvement in mood lasted less than a day": a span too short to be lasting relief
    r"last(?:ed|s|ing) (?:for )?(?:only |just |less than |no more than |under |fewer than )(?:a |one |\w+ )?"
    r"(?:days?|hours?|h)|(?:neither|none|no) (?:\w+ ){0,3}?retained|"
    r"(?:response|remission) rates? (?:\w+ ){0,2}?(?:declined|decreased|fell|dropped)|"
    r"no (?:\w+ )?(?:sustained|lasting|durable|persistent|long-lasting) (?:\w+ )?"
    r"(?:effects?|benefits?|responses?|improvements?))\b"
)


# Benefit that is still there but smaller ("the advantage shrinks within a week", "effects at one week
# are considerably weaker than at 24 hours"): some of it lasted, some did not.
_SHRINKS_RE = re.compile(
    r"\b(?:effects?|benefits?|advantages?|differences?) (?:\w+ ){0,2}?(?:shrinks?|shrank|declines?)\b|"
    r"\bweaker than (?:at|on|after|in)\b"
)
# The record says how long the benefit lasts is not known ("whether this benefit persists beyond one
# week is unclear", "effects beyond the first week remain uncertain", "evidence for long-term benefit
# is lacking"): a claim of lasting relief asserts what it finds unestablished. The claims file's
# `durability-unknown` terms repeat these patterns so that such a sentence also makes the tag.
_UNKNOWN = (
    r"(?:is|are|was|were|remains?|remained) (?:still |largely |also |considerably |highly |very )?(?:unclear|"
    r"uncertain|unknown|not (?:yet |been )?(?:established|known|clear)|yet to be (?:established|determined)|"
    r"lacking|inconclusive|insufficient)\b"
)
UNKNOWN_SPAN_RE = first_char_search(
    r"\bwhether (?:\w+ ){0,6}?(?:persist\w*|last\w*|(?:is |are )?(?:sustain|maintain)\w*|endur\w*)\b"
    r"[^.;]{0,60}?\b" + _UNKNOWN + r"|"
    r"\b(?:durability|persistence|longevity|long-term (?:efficacy|effectiveness|benefits?|outcomes?)|"
    r"(?:effects?|benefits?|advantages?) (?:beyond|after|at) (?:the )?"
    r"(?:first |one |two |three |four |six |\d+ )?(?:days?|weeks?|months?|week \d+|\d+ weeks?)) "
    r"(?:\w+ ){0,5}?" + _UNKNOWN + r"|"
    r"\bevidence (?:for|on|of|supporting) (?:a |an |the )?"
    r"(?:long-term|lasting|sustained|durable|longer-term) (?:\w+ ){0,2}?" + _UNKNOWN
)


# Relapse as the name of what was measured ("relapse rates", "risk of relapse", "time to relapse"):
# the comparison word, not the word "relapse", says which way the finding points.
_RELAPSE_MEASURE_RE = first_char_search(
    r"\b(?:relapse|recurrence) (?:rates?|risk|incidence|prevention)\b|"
    r"\b(?:rates?|risk|incidence|time|odds|hazard|likelihood) (?:of|to) (?:a )?(?:\w+ )?"
    r"(?:relapse|recurrence)\b"
)
# "reducing symptoms without influencing the relapse rates": no change in the measure
_NO_CHANGE_RE = first_char_search(r"\bwithout (?:\w+ )?(?:influenc|affect|chang|alter|modif|impact)\w*")
# Which way a relapse measure moved: for a rate or risk, lower is better; for a time, longer is.
_RATE_DOWN_RE = first_char_search(r"\b(?:lower\w*|reduc\w*|decreas\w*|fewer|less)\b")
_RATE_UP_RE = first_char_search(r"\b(?:higher|increas\w*|greater|more)\b")
_TIME_UP_RE = first_char_search(r"\b(?:longer|delay\w*|prolong\w*|extend\w*|increas\w*)\b")
_TIME_DOWN_RE = first_char_search(r"\b(?:shorter|reduc\w*|decreas\w*)\b")


def _relapse_measure(clause: str, measure: re.Match[str], null: re.Match[str] | None) -> Polarity | None:
    """A relapse measure's finding: "relapse rates were lower", "time to relapse was longer" support."""
    if null or _NO_CHANGE_RE.search(clause):
        return None  # "no difference in relapse rates" (often against an active treatment): no direction
    timed = measure.group(0).startswith("time")
    near = clause[max(0, measure.start() - 40) : measure.end() + 60]  # the measure's own predicate
    good = (_TIME_UP_RE if timed else _RATE_DOWN_RE).search(near)
    bad = (_TIME_DOWN_RE if timed else _RATE_UP_RE).search(near)
    if good and not bad:
        return Polarity("supports", f"'{measure.group(0)}' '{good.group(0)}'")
    if bad and not good:
        return Polarity("contradicts", f"'{measure.group(0)}' '{bad.group(0)}'")
    return None  # "relapse rates were 70.6% for placebo and 42.9% for 180 mg": no word says which way


# "better at 4 h and 24 h, but not at day 25": the clause after "but" is the finding, its verb left out
_NOT_AT_RE = re.compile(r"\s*(?:and )?not (?:at|by|on|after|beyond|from|over|through|during|in)\b")


# "sustained depression despite ongoing treatment", "more enduring stress": what lasted is the
# illness, not the benefit
_ILLNESS_LASTS_RE = re.compile(
    r"(?:sustain\w*|persist\w*|enduring|lasting|long-lasting) (?:\w+ )?(?:depress\w*|symptoms?|stress|"
    r"anhedonia|suicidal\w*|illness|disorder)\b"
)


def judge_durability(clause: str) -> Polarity | None:
    """Words of lasting or fading benefit; else a benefit finding at a late time point (a week on)."""
    unknown = UNKNOWN_SPAN_RE.search(clause)
    if unknown:
        return Polarity("contradicts", f"'{unknown.group(0).strip()}' (how long it lasts is not known)")
    shrinks = _SHRINKS_RE.search(clause)
    if shrinks:
        return Polarity("mixed", f"'{shrinks.group(0).strip()}' (smaller later) mixed")
    fades = FADES_RE.search(clause)
    lasts = _DURABLE_RE.search(clause)
    if lasts and _ILLNESS_LASTS_RE.match(clause, lasts.start()):
        lasts = None
    null = NULL_RE.search(clause)
    if lasts and (lasts.group(0).startswith(("reduc", "lower", "decreas", "delayed", "relapse-free"))):
        return Polarity("supports", f"'{lasts.group(0).strip()}'")
    measure = _RELAPSE_MEASURE_RE.search(clause) if fades else None
    if fades and measure and lies_inside(fades, measure) and not FADES_RE.search(clause, measure.end()):
        return _relapse_measure(clause, measure, null)
    if fades and ("relapse" in fades.group(0) or "recurr" in fades.group(0)):
        none = _NO_RELAPSE_RE.search(clause)
        if none:  # "no patient relapsed", "no recurrence of suicidality"
            return Polarity("supports", f"'{none.group(0).strip()}'")
    if fades:
        if null and null.start() < fades.start() and "relapse" in fades.group(0):
            return None  # "no difference in relapse rates" (against an active treatment): no direction
        return Polarity("contradicts", f"'{fades.group(0).strip()}'")
    if lasts:
        if null:
            return Polarity("contradicts", f"'{null.group(0).strip()}'")
        if _SHORT_SPAN_RE.match(clause, lasts.end()):
            return None  # "persisted for up to 7 days": days, not weeks; the number decides
        return Polarity("supports", f"'{lasts.group(0).strip()}'")
    late = _LATE_RE.search(clause)
    if late and _NOT_AT_RE.match(clause):
        return Polarity("contradicts", f"'not at {late.group(0).strip()}'")  # "... at 24 h but not at day 25"
    if late:
        got = judge_benefit(clause)
        if got is not None:
            return Polarity(got.direction, f"{got.reason} at '{late.group(0).strip()}'")
    return None
