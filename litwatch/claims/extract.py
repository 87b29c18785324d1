"""Numbers the article's claims can be checked against, each with the sentence it came from.

Extractors are precompiled patterns over one lower-cased, normalised sentence (dashes are "-",
so "0.2–0.5 mg/kg" reads "0.2-0.5 mg/kg"). Units are normalised: doses to mg/kg (rates to
mg/kg/h or mg/kg/min, kept apart so a rate is never compared with a bolus dose), infusion
lengths to minutes, onset time points to hours ("day 1" = 24 h), benefit durations to days
("2 weeks" = 14). The study's other numbers (people, dose counts, response rates, fixed mg doses,
course and side-effect lengths) are read by claims/studyvalues.py; `extract_values` runs both.

Speed: every pattern comes in two variants, digits only and digits-or-words ("forty minutes");
the word-number alternation is slow, so it only runs on sentences that spell a number out.
Cheap substring tests decide which extractors run on a sentence at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from litwatch.claims.context import KETAMINE, sentence_routes
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.model import Value
from litwatch.claims.numbers import (
    AGE_BEFORE_RE,
    DECIMAL,
    DECIMAL_RE,
    RANGE_SEP,
    TIME_RANGE_SEP,
    WORD_NUMBER,
    number_or_none,
)
from litwatch.claims.regexes import (
    AsciiTwin,
    FirstOf,
    digit_first,
    first_char_search,
    is_plain,
    variants,
)
from litwatch.claims.studyvalues import (
    DOSE_NOUN_WORDS,
    OTHER_THERAPY_WORDS,
    PEOPLE_WORDS,
    extract_dose_counts,
    extract_new_kinds,
    extract_sample_sizes,
)
from litwatch.claims.termtable import BUILTIN_JOINT
from litwatch.claims.text import split_sentences

# --- doses: "0.5 mg/kg", "0.5mg per 1 kg", "0.2-0.5 mg/kg", "0.1, 0.25 and 0.5mg/kg", "0.15 mg kg(-1)",
# "0.5-mg/kg", "0.1 to 2mgs/kg", "0.25 mg/kg/h", "oral 2.0/2.5 mg/kg" (either dose)
DOSE_PATTERN = (
    r"(?<![\d.])(?P<nums><N>(?:\s*(?:-|to|,|and|or|, and|, or|/)\s*<N>)*)\s*-?\s*"
    r"(?:mgs?|milligrams?)\.?\s*(?:/\s*|per\s+(?:1\s+)?|\u00b7\s*|\.\s*|\s+)(?:kg|kilograms?)\b(?:\s*\(?-1\)"
    r"?)?"
    r"(?P<rate>\s*(?:/\s*|per\s+|\u00b7\s*)(?:h|hr|hour|min|minute)s?\b|\s*(?:h|hr|min)\s*\(?-1\)?)?"
)
# Started at the number's first digit (or "."), so re scans for it in C instead of trying the
# look-behind at every position: the dose and percent patterns (here, studyvalues.py) took ~25 us
# less per PsyNamic record. Same matches (tests/test_claims_fast_forms.py).
_DOSE_RE = FirstOf(*digit_first(DOSE_PATTERN))
_PAIR_RE = re.compile(r"\S+\s*(?:-|to)\s*\S+$")

# --- infusion length: "40-min infusion", "over 100 minutes", "(0.5 mg/kg over 40 min)", "lasting 100 min"
INFUSION_LEAD_PATTERN = (
    rf"(?<![\d.])(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>min|mins|minutes?)\b[- ]"
    r"(?:(?:intravenous|iv|i\.v\.|continuous|constant|slow|subcutaneous|single|ketamine)\s+){0,2}"
    r"(?:infusions?|administration|ketamine|esketamine|drip)\b"
)
_INFUSION_LEAD = variants(INFUSION_LEAD_PATTERN)
_INFUSION_LEAD[0] = FirstOf(*digit_first(INFUSION_LEAD_PATTERN))
_INFUSION_LEAD[2] = FirstOf(*digit_first(INFUSION_LEAD_PATTERN), flags=re.A)
# "a 2-hour infusion", "a 24-h continuous ketamine infusion": in hours only before "infusion" itself
# ("at 24 h ketamine ..." is a time point)
INFUSION_LEAD_HOURS_PATTERN = (
    rf"(?<![\d.])(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>h|hrs?|hours?)\b[- ]"
    r"(?:(?:intravenous|iv|i\.v\.|continuous|constant|slow|subcutaneous|single|ketamine|esketamine)\s+){0,3}"
    r"(?:infusions?|drip)\b"
)
_INFUSION_LEAD_HOURS = variants(INFUSION_LEAD_HOURS_PATTERN)
_INFUSION_LEAD_HOURS[0] = FirstOf(*digit_first(INFUSION_LEAD_HOURS_PATTERN))  # as _INFUSION_LEAD
_INFUSION_LEAD_HOURS[2] = FirstOf(*digit_first(INFUSION_LEAD_HOURS_PATTERN), flags=re.A)
# "the infusion duration was 40 min", "each infusion lasted 40 minutes", "duration of infusion: 2 h"
_INFUSION_LENGTH = variants(
    r"\b(?:infusions? (?:duration|time|length)s?|(?:duration|length) of (?:the |each )?"
    r"(?:ketamine |esketamine )?infusions?|infusions? (?:lasted|took))\s*"
    # "infusion time in most trials was 40 minutes"
    r"(?:(?:in|across) (?:the )?(?:\w+ ){0,2}?(?:trials|studies|rcts|patients|sessions)\s+)?"
    r"(?:was|were|of|:|=)?\s*"
    r"(?:approximately |about |~\s*)?"
    rf"(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>min|mins|minutes?|h|hrs?|hours?)\b"
)
# "over"/"lasting" always give a duration; "for"/"during" only when no "after ..." follows
# ("for 2 hours after the infusion" is a time point).
_INFUSION_OVER = variants(
    r"(?:\binfus\w*|\badminist\w*|\bgiven\b|\bdelivered\b|\bmg/kg\)?|\bmg per kg\)?|\bmg\u00b7kg\S*|\bpcia\b|"
    r"\bpatient-controlled\b|\banalgesia pump\b)(?:[^.;]|(?<=\d)\.(?=\d)){0,50}?"
    r"\b(?:(?P<p>over|lasting|across)|during|for)\s+(?:an? (?:period|course|duration|total) of\s+|"
    r"an?\s+(?=\S+(?:\s+\w+)?\s+(?:period|interval)\b)|"
    r"the course of\s+|approximately\s+|"
    r"the (?:first|initial)\s+|"
    # "a continuous infusion for at least 24 h", "infused for a median of 52 hours"
    r"at least\s+|up to\s+|a (?:median|mean) (?:duration )?of\s+|"
    rf"about\s+|[~∼≈]\s*)*(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>min|mins|minutes?|h|hrs?|hours?)\b"
    r"(?(p)|(?!\s*-?\s*(?:post-?\s?(?:infusion|dose|dosing|injection|treatment|administration)|"
    r"after (?!surgery|(?:the )?operation|delivery|c(?:a)?esarean|"
    # "infusion for 15 min after cord clamping": how long, then when
    r"(?:the )?(?:umbilical )?cord clamping|(?:the )?(?:an(?:a)?esthesia )?induction)|"
    r"following|later|before|prior)))"
)
# "administered intravenously in 40 minutes", "an infusion of ketamine (3 h duration)"
_INFUSION_IN = variants(
    r"\b(?:infused|administered|given|delivered|pumped)(?: (?:intravenously|iv|i\.v\.|slowly|continuously))? "
    rf"(?:in|within) (?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>min|mins|minutes)\b"
    r"(?!\s*(?:of|after|before|following|post|prior))|"
    rf"\binfusion\b[^.;]{{0,40}}?\(?(?P<n3><N>)\s*-?\s*(?P<u3>min|mins|minutes?|h|hrs?|hours?) duration\b"
)
_INFUSION_AFTER_DOSE = variants(
    rf"mg\s*/\s*kg\s*[;,/]?\s*(?:within|in|over)?\s*(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>min|mins|"
    rf"minutes)\b"
)

# --- onset / assessment time points ("within 2 hours", "240 min post-infusion", "at day 1", "24-h response")
_EFFECT = Finder(
    r"\b(?:improv|reduc|decreas|respon|remission|remit|effect|antidepressant|relie|score|assess|measur|evalu"
    r"at|"
    r"rated|rating|change|significan|onset|benefit|follow|symptom|"
    # a comparison names the effect too ("superior to control at 24 hours", "a difference at 4 h")
    r"superior|separat|differ|outperform|favou?r)"
)
# A time unit after a number, or the word "hours"/"minutes" ("within hours"); two regexes because
# an alternation would lose the digit prefix scan that makes the first fast.
_TIME_AFTER_DIGIT_RE = AsciiTwin(r"\d\s*-?\s*(?:h|hrs?|hours?|min|mins|minutes?)\b")
_TIME_WORD_RE = re.compile(r"\b(?:hours?|minutes?)\b")


def has_time_unit(low: str, plain: bool | None = None) -> bool:
    """Does a lower-cased sentence name an hour/minute unit? (`plain`: is_plain(low), if known)"""
    if _TIME_AFTER_DIGIT_RE.search(low, plain) is not None:
        return True
    return ("hour" in low or "minute" in low) and _TIME_WORD_RE.search(low) is not None


_ONSET_TIME_BRANCHES = (
    r"\b(?:within|at|after|by|to|from|post|following|until|through|in|of|and)\s+(?:the\s+first\s+|about\s"
    r"+|"
    rf"approximately\s+|~\s*)?(?P<n><N>)(?:{TIME_RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>h|hrs?|hours?|min|mins|"
    r"minutes?)\b(?!\s*-?\s*(?:infusion|duration|intravenous|i\.v\.|iv\b|session))",
    rf"(?<![\d.])(?P<m><N>)(?:{TIME_RANGE_SEP}(?P<m2><N>))?\s*-?\s*(?P<v>h|hrs?|hours?|min|mins|minutes?)"
    r"\s*-?\s*(?:post|after|following|later|response|remission|responders?|time "
    r"?points?|assessments?|outcomes?|"
    r"end ?points?|efficacy)\b",
)
_ONSET_TIME = variants("(?:" + "|".join(_ONSET_TIME_BRANCHES) + ")")
_ONSET_DAY_BRANCHES = (
    r"\bday\s*(?P<n>\d{1,2})(?:\s*(?:-|to)\s*(?:day\s*)?(?P<n2>\d{1,2}))?\b(?!\s*(?:predose|pre-dose))",
    rf"\b(?:within|at|after|by)\s+(?P<m><N>)(?:{TIME_RANGE_SEP}(?P<m2><N>))?\s*-?\s*(?P<v>days?|weeks?|wks?)\b",
    r"(?<![\d.])(?P<k><N>)\s*-?\s*(?P<w>days?|weeks?|wks?)\s*-?\s*(?:post|after|following|later)\b",
)
_ONSET_DAY = variants("|".join(_ONSET_DAY_BRANCHES))
for _k, _flags in ((0, 0), (2, re.A)):  # digits only; "\\bday" as "day" not after a word character
    _ONSET_TIME[_k] = FirstOf(
        (_ONSET_TIME_BRANCHES[0].replace("<N>", DECIMAL), None),
        *digit_first(_ONSET_TIME_BRANCHES[1]),
        flags=_flags,
    )
    _ONSET_DAY[_k] = FirstOf(
        (_ONSET_DAY_BRANCHES[0].replace(r"\bday", r"day(?<!\wday)", 1), "day"),
        (_ONSET_DAY_BRANCHES[1].replace("<N>", DECIMAL), None),
        *digit_first(_ONSET_DAY_BRANCHES[2]),
        flags=_flags,
    )
_MAX_ONSET_HOURS = 168.0
# "dissociative scores assessed 40 min after the infusion", "blood pressure at 2 h": the time at which
# a side effect or a drug level was read, not an antidepressant effect (unless a mood outcome follows)
_SIDE_MEASURE_BEFORE = first_char_search(
    r"\b(?:dissociat\w*|cadss|psychotomim\w*|bprs|blood pressure|heart rate|vital signs?|sedation|"
    r"plasma (?:levels?|concentrations?)|blood samples?)\b(?![^.;]*\b(?:depress\w*|madrs|ham-?d\w*|hdrs|bdi|"
    r"qids|mood|suicid\w*|respon\w*|remission|antidepress\w*)\b)(?=[^.;]*\Z)"
)


def _side_measure_before(low: str, start: int) -> bool:
    """Does a side-effect or drug-level measure come just before the time point at `start`, in the same
    clause? (`endpos` cuts the text there, so the lookaheads see only what lies between.)"""
    return _SIDE_MEASURE_BEFORE.search(low, max(0, start - 70), start) is not None


# --- duration of benefit: "lasted up to 7 days", "sustained for 2 weeks", "median time to relapse of 41
# days", "the mean duration of response was 4 days"
_DURABLE = Finder(
    r"\b(?:last(?:s|ed|ing)?\b|persist|sustain|maintain|durab|duration|enduring|remain|relapse|continued|"
    r"time to (?:relapse|recurrence|loss))"
)
_BENEFIT = variants(
    # "time to relapse was 42 days": the time named, then the number
    r"(?:\b(?:for|up to|over|through|until|of|to|beyond)|\b(?:time to (?:relapse|recurrence|loss of \w+)|"
    r"duration of (?:the )?(?:\w+ )?(?:response|effect|benefit|remission|action))"
    r"(?: \w+){0,2}? (?:was|were|of|=|:))\s+(?:at least\s+|up to\s+|approximately\s+|about\s+|"
    rf"a median of\s+|median\s+|a mean of\s+|~\s*)*(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*"
    r"(?P<u>days?|d|weeks?|wks?|months?|years?|yrs?|h|hrs?|hours?)\b"
    r"(?!\s*-?\s*(?:post|after|prior|before|of age|old))"
)
# "maintained through day 28", "until week 12": the last time point the benefit was seen at; and
# "the response lasted 7 days", "lasted between 3 and 7 days" (days or longer: "dissociation lasting
# 2 hours" is a side effect's span)
_BENEFIT_UNTIL = variants(
    r"\b(?:through|until|till|up to|to)\s+(?:the\s+)?(?P<u>day|week|month)\s+(?P<n><N>)\b"
    r"(?!\s*-?\s*(?:post|after))|"
    r"\blast(?:ed|s|ing)\s+(?:approximately\s+|about\s+|around\s+|between\s+|a median of\s+|~\s*)*"
    rf"(?P<n3><N>)(?:{RANGE_SEP}(?P<n4><N>))?\s*-?\s*(?P<u3>days?|weeks?|months?|years?)\b"
    r"(?!\s*-?\s*(?:post|after|prior|before))"
)
_STATISTIC_RE = re.compile(r"\b(?:ci|confidence interval|iqr|range|sd|se)\b|%")
_TO_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}

_WORD_NUMBERS = Finder(WORD_NUMBER)
# Asked of every record: evaluated with the other such Finders (termtable.JointFinders)
BUILTIN_JOINT.add(_EFFECT=_EFFECT, _DURABLE=_DURABLE, _WORD_NUMBERS=_WORD_NUMBERS)


# Drugs given beside ketamine in the same sentence (anaesthesia, comparators): a dose next to one of
# them is that drug's ("0.5 mg/kg esketamine, 1 mg/kg propofol").
_OTHER_DRUG_RE = re.compile(
    r"\b(?:propofol|sufentanil|remifentanil|fentanyl|alfentanil|midazolam|dexmedetomidine|rocuronium|"
    r"succinylcholine|suxamethonium|cisatracurium|atracurium|vecuronium|etomidate|thiopental|methohexital|"
    r"morphine|hydromorphone|oxycodone|tramadol|lidocaine|lignocaine|bupivacaine|ropivacaine|magnesium|"
    r"ondansetron|dexamethasone|ketorolac|nalbuphine|butorphanol|flurbiprofen|parecoxib|haloperidol|"
    r"droperidol|diazepam|lorazepam|naloxone|naltrexone|atropine|neostigmine|sugammadex|clonidine|esmolol|"
    r"labetalol|phenylephrine|ephedrine|norepinephrine|oxytocin|carbetocin|psilocybin|scopolamine|"
    r"memantine|lithium|dexamethasone|paracetamol|acetaminophen|ibuprofen|celecoxib|gabapentin|pregabalin|"
    r"opioids?|benzodiazepines?|nitrous oxide|mk-801|dizocilpine|pcpa|chlorophenylalanine|lecanemab|"
    r"aducanumab|donanemab|xylazine|medetomidine|acepromazine)\b"
)
# "titrated from 0.5 to a maximum of 1.5 mg/kg": both ends of the range the dose moved in
_FROM_TO_RE = re.compile(
    # "titrated from 0.5 or 1.0 mg/kg to a maximum of 3.0 mg/kg": the lowest start to the ceiling
    rf"\bfrom (?P<lo>{DECIMAL})(?:\s*(?:or|/)\s*{DECIMAL})?\s*(?:mg/kg\s*)?(?:to|up to) "
    rf"(?:a (?:maximum|max\.?) of |a ceiling of )?"
    rf"(?P<hi>{DECIMAL})\s*-?\s*(?:mgs?|milligrams?)\s*/\s*kg\b(?!\s*/)"
)
# A titrated dose is one range: "starting at 0.5 mg/kg and titrated up to 1.0 mg/kg", "0.5 mg/kg,
# increased to 0.75 mg/kg after the third session", "increments of 0.25 mg/kg until a maximum of 1.0
# mg/kg". The step ("in steps of 0.1 mg/kg") is no dose of its own. "Compared to 0.2 mg/kg" is no ceiling.
_SPAN = r"(?:[^.;]|(?<=\d)\.(?=\d))"
_TITRATION_RE = re.compile(
    rf"(?P<lo>{DECIMAL})\s*mg/kg\b{_SPAN}{{0,120}}?\b(?:titrat\w*|increas\w*|rais(?:ed|ing)|escalat\w*|"
    rf"increments?|steps?)\b{_SPAN}{{0,90}}?(?<!compared )(?<!relative )(?<!similar )(?<!equivalent )"
    rf"\b(?:up )?(?:to|until) (?:a )?(?:(?:maximum|max\.?|ceiling|highest)(?: dose)?(?: of)? )?"
    rf"(?P<hi>{DECIMAL})\s*mg/kg\b(?!\s*/)"
)
_STEP_RE = re.compile(
    rf"\b(?:steps?|increments?|by) (?:of )?(?P<n>{DECIMAL})\s*mg/kg|"
    rf"(?P<m>{DECIMAL})\s*mg/kg (?:steps?|increments?)\b"
)
_TITRATION_WORDS = ("titrat", "increas", "rais", "escalat", "increment", "step")
# "3.0 mg/kg/week", "300 mg/kg/day": a total over a period, not one dose
_PER_PERIOD_RE = re.compile(r"\s*(?:/\s*|per\s+|a\s+)(?:day|d|week|wk|month)\b")
_KETAMINE_WORD_RE = first_char_search(r"(?:es|ar|dex)?ketamin|\bket\b|\bs-?ket\b|\besk\b|\bspravato\b")
_RANGE_TAIL_RE = re.compile(rf"\s*(?:-|to)\s*(?P<hi>{DECIMAL})\s*-?\s*(?:mgs?|milligrams?)\s*/\s*kg\b")


def _nearest_drug(text: str, last: bool) -> str | None:
    """ "other" / "ketamine" for the drug named last (or first) in `text`, None when none is."""
    hits = [(m.start(), "other") for m in _OTHER_DRUG_RE.finditer(text)]
    hits += [(m.start(), "ketamine") for m in _KETAMINE_WORD_RE.finditer(text)]
    if not hits:
        return None
    return (max(hits) if last else min(hits))[1]


def _dose_drug_is_other(low: str, start: int, end: int) -> bool:
    """Is the drug a dose belongs to another than ketamine? Named right after it ("0.045 mg/kg
    midazolam" in "0.5 mg/kg ketamine or 0.045 mg/kg midazolam"), else just before it ("propofol
    2 mg/kg"), else just after it, else the nearest before it in the clause."""
    before = low[max(0, start - 60) : start]
    before = before[max(before.rfind(";"), before.rfind(". ")) + 1 :]
    after = re.split(r"[,;(]", low[end : end + 25], maxsplit=1)[0]
    first = re.match(r"\s*(?:of\s+)?\S+", after)
    near = before[-22:]
    drug = (
        (_nearest_drug(first.group(0), last=False) if first else None)
        or _nearest_drug(near[near.rfind(",") + 1 :], last=True)
        or _nearest_drug(after, last=False)
    )
    return (drug or _nearest_drug(before, last=True)) == "other"


_DECIMAL_COMMA_RE = re.compile(r"0,\d+")


def extract_doses(low: str, raw: str, route: str | None) -> Iterator[Value]:
    """mg/kg doses of ketamine; a "-"/"to" pair is a range ("0.5-0.75 mg/kg", "0.1 mg/kg to 1 mg/kg"), a
    list ("0.1, 0.25 and 0.5") gives one value each; a dose named next to another drug is skipped."""
    skip_until = -1
    spans = []  # "from 0.5 to 1.5 mg/kg": the range, and the "1.5 mg/kg" it ends with is no dose of its own
    if any(w in low for w in _TITRATION_WORDS):
        for r in _TITRATION_RE.finditer(low):
            lo, hi = float(r.group("lo")), float(r.group("hi"))
            if lo < hi and not _dose_drug_is_other(low, r.start("lo"), r.end("lo") + 6):
                spans += [r.start("lo"), r.start("hi")]
                spans += [
                    st.start("n") if st.group("n") else st.start("m")
                    for st in _STEP_RE.finditer(low, r.start(), r.end())
                ]
                yield Value.from_range("dose_mg_per_kg", lo, hi, "mg/kg", route, raw)
    if "from" in low:
        for r in _FROM_TO_RE.finditer(low):
            lo, hi = float(r.group("lo")), float(r.group("hi"))
            if lo < hi and not _dose_drug_is_other(low, r.start("hi"), r.end()):
                spans.append(r.start("hi"))
                yield Value.from_range("dose_mg_per_kg", lo, hi, "mg/kg", route, raw)
    for m in _DOSE_RE.finditer(low):
        if m.start() < skip_until or m.start() in spans or _dose_drug_is_other(low, m.start(), m.end()):
            continue
        if not m.group("rate") and _PER_PERIOD_RE.match(low, m.end()):
            continue
        tail = _RANGE_TAIL_RE.match(low, m.end())
        nums_text = m.group("nums")
        if tail is not None and not m.group("rate") and len(DECIMAL_RE.findall(nums_text)) == 1:
            skip_until = tail.end()
            yield Value.from_range(
                "dose_mg_per_kg", float(nums_text), float(tail.group("hi")), "mg/kg", route, raw
            )
            continue
        nums = [float(x) for x in DECIMAL_RE.findall(nums_text)]
        if _DECIMAL_COMMA_RE.fullmatch(nums_text):
            nums = [float(nums_text.replace(",", "."))]  # "0,5 mg/kg": a decimal comma, not 0 and 5
        rate = m.group("rate") or ""
        unit = "mg/kg/min" if "min" in rate else "mg/kg/h" if rate.strip() else "mg/kg"
        before = low[max(0, m.start() - 9) : m.start()]
        is_range = len(nums) == 2 and (
            _PAIR_RE.match(nums_text) is not None or (" and " in nums_text and "between" in before)
        )
        if is_range:
            yield Value.from_range("dose_mg_per_kg", nums[0], nums[1], unit, route, raw)
        else:
            for n in nums:
                yield Value.from_range("dose_mg_per_kg", n, None, unit, route, raw)


_BOLUS_RE = re.compile(r"\b(?:bolus|push|injected|injection)\b")
_INFUSION_TRIGGERS = ("infus", "admin", "given", "deliver", "mg", "pcia", "patient-controlled", "pump")


def extract_infusion_minutes(
    low: str, raw: str, route: str | None, words: bool = True, plain: bool = False
) -> Iterator[Value]:
    """How long one dose is given over, in minutes ("40-min infusion", "infused over 40 minutes")."""
    seen: set[tuple[float, float]] = set()
    has_min = "min" in low
    patterns = [_INFUSION_LEAD] if has_min else []
    if "infusion" in low or "drip" in low:
        patterns.append(_INFUSION_LEAD_HOURS)
        if "lasted" in low or "took" in low or "duration" in low or "length" in low or "infusion time" in low:
            patterns.append(_INFUSION_LENGTH)
    if any(t in low for t in _INFUSION_TRIGGERS):
        patterns.append(_INFUSION_OVER)
    if has_min and "kg" in low:
        patterns.append(_INFUSION_AFTER_DOSE)
    if " in " in low or "within" in low or "duration" in low:
        patterns.append(_INFUSION_IN)
    for pair in patterns:
        for m in pair[words + 2 * plain].finditer(low):
            got = m.groupdict()
            n, unit = ("n3", "u3") if got.get("n3") else ("n", "u")
            lo, hi = number_or_none(got[n]), number_or_none(got.get("n2"))
            if lo is None or _BOLUS_RE.search(low, m.start(), m.start(n)):
                continue  # "a 0.23 mg/kg bolus over one min": a bolus is not an infusion
            factor = 60.0 if got[unit].startswith("h") else 1.0
            lo_m, hi_m = lo * factor, (hi if hi is not None else lo) * factor
            if 0 < hi_m <= 72 * 60 and (lo_m, hi_m) not in seen:
                seen.add((lo_m, hi_m))
                yield Value.from_range("infusion_minutes", lo_m, hi_m, "min", route, raw)


def _hours(n: float, unit: str) -> float:
    if unit.startswith("m"):
        return n / 60
    if unit.startswith("d"):
        return n * 24
    if unit.startswith("w"):
        return n * 168
    return n


def extract_onset_hours(
    low: str,
    raw: str,
    route: str | None,
    words: bool = True,
    has_time: bool | None = None,
    plain: bool = False,
) -> Iterator[Value]:
    """Time points (<= 7 days) at which an effect was assessed or seen, in hours.

    Meant for sentences about an effect or an assessment (extract_values checks that).
    `has_time`: whether an hour/minute unit occurs (computed here when not given).
    """
    seen: set[tuple[float, float]] = set()
    if has_time is None:
        has_time = has_time_unit(low)
    if has_time:
        for m in _ONSET_TIME[words + 2 * plain].finditer(low):
            if _side_measure_before(low, m.start()):
                continue
            g = m.groupdict()  # a FirstOf branch has only its own groups
            n, n2, u = (g["n"], g["n2"], g["u"]) if g.get("n") else (g["m"], g["m2"], g["v"])
            yield from _onset(number_or_none(n) or 0, number_or_none(n2), u, raw, route, seen)
    if "day" in low or "week" in low or "wk" in low:
        for m in _ONSET_DAY[words + 2 * plain].finditer(low):
            if _side_measure_before(low, m.start()):
                continue
            g = m.groupdict()
            if g.get("n"):
                yield from _onset(float(g["n"]), number_or_none(g["n2"]), "day", raw, route, seen)
            elif g.get("m"):
                yield from _onset(
                    number_or_none(g["m"]) or 0, number_or_none(g["m2"]), g["v"], raw, route, seen
                )
            else:
                yield from _onset(number_or_none(g["k"]) or 0, None, g["w"], raw, route, seen)


def _onset(n: float, n2: float | None, unit: str, raw: str, route: str | None, seen: set) -> Iterator[Value]:
    lo = _hours(n, unit)
    hi = _hours(n2, unit) if n2 is not None else lo
    if 0 < lo <= _MAX_ONSET_HOURS and hi <= _MAX_ONSET_HOURS and (lo, hi) not in seen:
        seen.add((lo, hi))
        yield Value.from_range("onset_hours", lo, hi, "h", route, raw)


# "lasted at least two weeks", "beyond 4 weeks": a floor, not how long the benefit lasted ("over six
# months" is a span: kept)
_FLOOR_RE = re.compile(r"(?:\bat least|\bmore than|\blonger than|\bbeyond|[>\u2265])\s*$")


def extract_benefit_days(
    low: str, raw: str, route: str | None, words: bool = True, plain: bool = False
) -> Iterator[Value]:
    """How long an effect lasted, in days; meant for sentences about durability."""
    for m in _BENEFIT[words + 2 * plain].finditer(low):
        lo, hi = number_or_none(m.group("n")), number_or_none(m.group("n2"))
        if lo is None or AGE_BEFORE_RE.search(low, max(0, m.start() - 12), m.start()):
            continue
        if _STATISTIC_RE.search(low, max(0, m.start() - 25), m.start()):
            continue  # a bound of "95% CI 3.57 to 29.91 days", not a duration
        if _FLOOR_RE.search(low, max(0, m.start("n") - 14), m.start("n")):
            continue
        factor = _TO_DAYS[m.group("u")[0]]
        yield Value.from_range(
            "benefit_days", lo * factor, hi * factor if hi is not None else None, "days", route, raw
        )
    for m in _BENEFIT_UNTIL[words + 2 * plain].finditer(low):
        n, unit, hi = (
            (m.group("n"), m.group("u"), None)
            if m.group("n")
            else (m.group("n3"), m.group("u3"), m.group("n4"))
        )
        lo, up = number_or_none(n), number_or_none(hi)
        if lo is not None:
            factor = _TO_DAYS[unit[0]]
            yield Value.from_range(
                "benefit_days", lo * factor, up * factor if up is not None else None, "days", route, raw
            )


def extract_values(doc: Doc, default_route: str | None = None) -> list[Value]:
    """All numbers of every kind; a value's route is the one its sentence names, else the record's.

    Cheap tests (a digit or number word; "kg"; a time unit; words about effects, durability,
    people or doses) decide which extractors run on a sentence.
    """
    routes = sentence_routes(doc)
    spelled = set(_WORD_NUMBERS.hits(doc))
    effect, durable = set(_EFFECT.hits(doc)), set(_DURABLE.hits(doc))
    people, dose_nouns = set(PEOPLE_WORDS.hits(doc)), set(DOSE_NOUN_WORDS.hits(doc))
    drug = set(KETAMINE.hits(doc)) | set(routes)
    # In a ketamine study, a sentence naming no other therapy counts its doses as ketamine doses.
    if doc.sentences and doc.sentences[0].section == "title" and 0 in drug:
        drug |= set(range(len(doc.sentences))) - set(OTHER_THERAPY_WORDS.hits(doc))
    out: list[Value] = []
    seen: set[tuple[str, float | None, float | None, str]] = set()
    plain_doc = is_plain(doc.low)
    # The Doc's sentences with a digit (a Unicode decimal in the sentence, found once per Doc:
    # lower-casing makes no digit and removes none) instead of a search of each here: 16 us less
    # per PsyNamic record.
    digits = set(doc.with_digits())
    for s in doc.sentences:
        low, raw, i = s.low, s.text, s.index
        words = i in spelled
        if not words and i not in digits:
            continue
        plain = plain_doc or is_plain(low)
        named = routes.get(i, ())
        route = named[0] if len(named) == 1 else default_route
        found: list[Value] = []
        if "kg" in low or "kilogram" in low:
            found += extract_doses(low, raw, route)
        has_time = has_time_unit(low, plain)
        if has_time:
            found += extract_infusion_minutes(low, raw, route, words, plain)
        if i in effect:
            found += extract_onset_hours(low, raw, route, words, has_time, plain)
        if i in durable:
            found += extract_benefit_days(low, raw, route, words, plain)
        if i in people or "n =" in low or "n=" in low:
            found += extract_sample_sizes(low, raw, words, plain)
        if i in dose_nouns:
            found += extract_dose_counts(low, raw, route, i in drug, words, plain)
        found += extract_new_kinds(low, raw, route, words, has_time, plain)
        for v in found:
            key = (v.kind, v.low, v.high, raw)
            if key not in seen:
                seen.add(key)
                out.append(v)
    return out


def extract_from_text(text: str, route: str | None = None) -> list[Value]:
    """Values in a piece of text (one or more sentences): for tests and quick checks."""
    return extract_values(Doc(split_sentences("", text)), route)
