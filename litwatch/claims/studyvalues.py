"""The study's other numbers: how many people, how many doses, response and remission rates, fixed
mg doses, how long a course ran and how long side effects lasted.

Split from claims/extract.py, which reads the numbers the article's claims are checked against
(mg/kg doses, infusion minutes, onset hours, benefit days) and runs every extractor over a record;
the same conventions hold here (one lower-cased, normalised sentence; digit-only and word-number
variants of each pattern; cheap substring tests before any regex).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from litwatch.claims.matching import Finder
from litwatch.claims.model import Value
from litwatch.claims.numbers import (
    AGE_BEFORE_RE,
    COUNT,
    DECIMAL_RE,
    RANGE_SEP,
    TIME_RANGE_SEP,
    WORD_NUMBER,
    number_or_none,
    word_number_first,
)
from litwatch.claims.regexes import COUNT_AFTER_NON_DIGIT, COUNT_AFTER_SPACE, FirstOf, digit_first, variants
from litwatch.claims.termtable import BUILTIN_JOINT

# --- sample size: "n = 24", "Twenty-four patients", "a total of 120 participants"
_PEOPLE = (
    r"(?:patients|participants|subjects|volunteers|adults|individuals|women|men|children|adolescents|veteran"
    r"s|"
    r"outpatients|inpatients|parturients|people|persons|mothers|respondents|males|females|cases|puerperae|"
    r"smokers|students|youths|elderly)"
)
# Words allowed between a count and its noun ("28 adult outpatients"), not units or prepositions.
_ADJ = (
    r"(?!(?:on|of|in|with|for|to|at|from|by|per|and|or|than|vs|minutes?|min|hours?|h|days?|weeks?|months?|"
    r"years?|mg|kg|ml|times)\b)[\w-]+"
)
PEOPLE_WORDS = Finder(rf"\b{_PEOPLE}\b")
_SAMPLE_BRANCHES = (
    rf"\bn\s*=\s*(?P<n>{COUNT})\b",
    rf"(?<![\d.,])(?P<m><C>)\s+(?:{_ADJ}\s+){{0,3}}?{_PEOPLE}\b",
)
_SAMPLE = variants("|".join(_SAMPLE_BRANCHES))
_SAMPLE_HEAD = r"(?<![\d.,])(?P<m><C>)"
_WORDS_COUNT = f"(?:{COUNT}|{WORD_NUMBER})"  # what variants() makes of <C> in the words form
for _k, _flags in ((0, 0), (2, re.A)):  # digits only: "n =" needs "=", the other starts with a digit
    _SAMPLE[_k] = FirstOf(
        (_SAMPLE_BRANCHES[0], "="),
        (_SAMPLE_BRANCHES[1].replace(_SAMPLE_HEAD, f"(?P<m>{COUNT_AFTER_SPACE})"), None),
        flags=_flags,
    )
# Digits or words: a third branch starts with a number word's first letter (numbers.word_number_first).
# The words forms tried the number-word alternation at every position of the sentence: with these,
# the sample-size and dose-count patterns took ~15 us less per PsyNamic record.
for _k, _flags in ((1, 0), (3, re.A)):
    _SAMPLE[_k] = FirstOf(
        (_SAMPLE_BRANCHES[0], "="),
        (_SAMPLE_BRANCHES[1].replace(_SAMPLE_HEAD, f"(?P<m>{COUNT_AFTER_SPACE})"), None),
        (_SAMPLE_BRANCHES[1].replace(_SAMPLE_HEAD, f"(?P<m>{word_number_first('.,')})"), None),
        flags=_flags,
    )

# --- number of doses: "6 intravenous ketamine infusions", "three or six ketamine infusions",
# "twice weekly for 4 weeks"
_DOSE_NOUN = (
    r"(?:infusions|doses|administrations|injections|treatments|sessions|applications|dosing sessions|"
    r"treatment sessions)"
)
_OTHER_THERAPY = (
    r"(?:ect|ects|tms|rtms|itbs|cbt|psychotherapy|therapy|electroconvulsive|sham|psilocybin|placebo|saline|"
    r"antidepressants?|medications?|midazolam)"
)
_DOSE_COUNT_PATTERN = (
    r"(?<![\d.])(?P<n><C>)(?:\s*(?:-|to|or)\s*(?P<n2><C>))?\s+"
    rf"(?P<adj>(?:[\w.()-]+\s+){{0,3}}?){_DOSE_NOUN}\b(?P<of>\s+(?:of|with)\s+(?:[\w.-]+\s+){{0,2}}[\w-]+)?"
)
_DOSE_COUNT = variants(_DOSE_COUNT_PATTERN)
_DOSE_COUNT_DIGITS = _DOSE_COUNT_PATTERN.replace(r"(?<![\d.])(?P<n><C>)", f"(?P<n>{COUNT_AFTER_NON_DIGIT})")
_DOSE_COUNT[0] = re.compile(_DOSE_COUNT_DIGITS.replace("<C>", COUNT))
_DOSE_COUNT[2] = re.compile(_DOSE_COUNT_DIGITS.replace("<C>", COUNT), re.A)
_DOSE_COUNT_WORDS = _DOSE_COUNT_PATTERN.replace(r"(?<![\d.])(?P<n><C>)", f"(?P<n>{word_number_first('.')})")
for _k, _flags in ((1, 0), (3, re.A)):  # digits or words: see _SAMPLE
    _DOSE_COUNT[_k] = FirstOf(
        (_DOSE_COUNT_DIGITS.replace("<C>", _WORDS_COUNT), None),
        (_DOSE_COUNT_WORDS.replace("<C>", _WORDS_COUNT), None),
        flags=_flags,
    )
# "three 25 mg fentanyl injections", "two doses of TAK-063": a count of another drug's doses.
_DOSE_IN_ADJ_RE = re.compile(r"\d")
DOSE_NOUN_WORDS = Finder([rf"\b{_DOSE_NOUN}\b", r"\bweek"])
_OTHER_THERAPY_RE = re.compile(rf"\b{_OTHER_THERAPY}\b")
OTHER_THERAPY_WORDS = Finder(rf"\b{_OTHER_THERAPY}\b")
# Asked of (nearly) every record: evaluated with the other such Finders (termtable.JointFinders)
BUILTIN_JOINT.add(
    PEOPLE_WORDS=PEOPLE_WORDS, DOSE_NOUN_WORDS=DOSE_NOUN_WORDS, OTHER_THERAPY_WORDS=OTHER_THERAPY_WORDS
)
_FREQ = variants(
    r"\b(?P<f>once|twice|thrice|two times|three times|\d "
    r"times)\s*(?:a|per|each|every)?\s*-?\s*(?:week|wk)(?:ly)?\b"
    r"[^.;]{0,40}?\b(?:for|over|during)\s+(?:a\s+)?(?:period of\s+)?(?P<w><N>)\s*-?\s*(?:weeks?|wks?)\b"
)
_FREQ_WORDS = {"once": 1, "twice": 2, "thrice": 3, "two times": 2, "three times": 3}


def extract_sample_sizes(low: str, raw: str, words: bool = True, plain: bool = False) -> Iterator[Value]:
    """Numbers of people: "n = 24", "Twenty-four patients", "a total of 120 participants"."""
    for m in _SAMPLE[words + 2 * plain].finditer(low):
        got = m.groupdict()  # a FirstOf branch has only one of the groups
        n = number_or_none(got.get("n") or got.get("m"))
        if n is not None and 0 < n < 10_000_000 and n == int(n):
            yield Value.from_range("sample_size", n, None, "participants", None, raw)


def extract_dose_counts(
    low: str, raw: str, route: str | None, drug_sentence: bool, words: bool = True, plain: bool = False
) -> Iterator[Value]:
    """Doses per participant: "6 ketamine infusions", "three or six infusions", "twice weekly for 4 weeks".

    `drug_sentence`: the sentence names ketamine or an infusion, so its counts are of the drug.
    """
    for m in _DOSE_COUNT[words + 2 * plain].finditer(low):
        before = low[max(0, m.start() - 12) : m.start()]
        adj, of = m.group("adj"), m.group("of") or ""
        if _OTHER_THERAPY_RE.search(adj) or _OTHER_THERAPY_RE.search(before) or _DOSE_IN_ADJ_RE.search(adj):
            continue
        if of and "ketamin" not in of and "infusion" not in of:
            continue  # "doses of TAK-063", "sessions of CBT": not ketamine
        if not (drug_sentence or "ketamin" in adj):
            continue
        lo, hi = number_or_none(m.group("n")), number_or_none(m.group("n2"))
        if lo is not None and 1 <= lo <= 200:
            yield Value.from_range("dose_count", lo, hi, "doses", route, raw)
    if drug_sentence and "week" in low:
        for m in _FREQ[words + 2 * plain].finditer(low):
            f = m.group("f")
            per_week = _FREQ_WORDS.get(f) or int(f.split()[0])
            weeks = number_or_none(m.group("w"))
            if weeks:
                yield Value.from_range("dose_count", per_week * weeks, None, "doses", route, raw)


def extract_new_kinds(
    low: str, raw: str, route: str | None, words: bool, has_time: bool, plain: bool
) -> list[Value]:
    """Response %, fixed mg doses, course weeks and side-effect hours of one sentence; substring
    tests first, so most sentences cost a few `in` checks."""
    found: list[Value] = []
    if "%" in low and ("respon" in low or "remi" in low):
        found += extract_response_percents(low, raw, route, plain)
    if "mg" in low and ("ketamin" in low or "spravato" in low):
        found += extract_mg_doses(low, raw, route)
    if ("week" in low or "day" in low) and any(w in low for w in _COURSE_CONTEXT):
        found += extract_course_weeks(low, raw, route, words, plain)
    if (
        (has_time or "day" in low)
        and any(w in low for w in _SIDE_EFFECT_ENDS)
        and any(w in low for w in _SIDE_EFFECT_WORDS)
    ):
        found += extract_side_effect_hours(low, raw, route, words, plain)
    return found


# --- new value kinds (response %, fixed mg doses, course length, side-effect duration) -------------
# Each runs only when cheap substring tests on the sentence say it can match.

# "response rates of 52%", "52% of patients responded", "response in 45.5% (n = 12)"
PERCENT_PATTERN = r"(?<![\d.])(?P<n><N>)\s*(?:%|per ?cent\b)"
_PERCENT = variants(PERCENT_PATTERN)
_PERCENT[0] = FirstOf(*digit_first(PERCENT_PATTERN))  # digits first: see extract.DOSE_PATTERN
_PERCENT[2] = FirstOf(*digit_first(PERCENT_PATTERN), flags=re.A)
_RESPONSE_WORD_RE = re.compile(r"\b(?:non-?)?(?:respon\w*|remission|remitt?\w*|responders?)\b")
# "75% lower odds", "reduced remission odds by 60%": a change in odds or risk, not a share of people
_ODDS_AFTER_RE = re.compile(
    r"^\s*(?:lower|higher|greater|reduced|increased|reduction|increase)?\s*(?:odds|risk|likelihood|chance)"
)
_ODDS_BEFORE_RE = re.compile(r"\b(?:odds|risks?|likelihood|chances?)\b[^.;]{0,25}\bby\s*$")
# "≥50% reduction" defines response; "95% CI" is a statistic; "50% of the dose" is not a share of people
_PERCENT_NOT_SHARE_RE = re.compile(
    r"^\s*(?:-|\s)?(?:ci\b|confidence|reduction|decrease|improvement|drop|or (?:greater|more)|"
    r"(?:or )?(?:greater|more) (?:reduction|decrease|improvement)|of (?:the )?(?:dose|baseline|maximum))"
)
_PERCENT_DEFINITION_RE = re.compile(
    r"(?:≥|>=|>|at least|defined as)\s*$|\b(?:ci|confidence interval|iqr|range|sd)\b[^a-z]*$"
)


def extract_response_percents(low: str, raw: str, route: str | None, plain: bool = False) -> Iterator[Value]:
    """Shares of patients who responded or remitted, in %, from sentences naming response/remission."""
    for m in _PERCENT[2 * plain].finditer(low):
        n = number_or_none(m.group("n"))
        if n is None or not 0 < n <= 100:
            continue
        after = low[m.end() : m.end() + 30]
        before = low[max(0, m.start() - 20) : m.start()]
        if _PERCENT_NOT_SHARE_RE.match(after) or _PERCENT_DEFINITION_RE.search(before):
            continue
        if _ODDS_AFTER_RE.match(after) or _ODDS_BEFORE_RE.search(low, max(0, m.start() - 40), m.start()):
            continue
        start = max(0, m.start() - 60)
        words = list(_RESPONSE_WORD_RE.finditer(low[start : m.end() + 40]))
        if not words:
            continue
        # the response word nearest the number says whose share it is: "75% were non-responders"
        centre = m.start() - start
        nearest = min(words, key=lambda w: min(abs(w.start() - centre), abs(w.end() - centre)))
        if not nearest.group(0).startswith("non"):
            yield Value.from_range("response_percent", n, None, "%", route, raw)


# "esketamine 56 mg or 84 mg", "(28, 56, or 84 mg)", "84-mg dose"; not mg/kg, mg/day or mg/ml
MG_PATTERN = (
    r"(?<![\d.])(?P<nums><N>(?:\s*(?:-|to|,|and|or|, and|, or)\s*(?:<N>\s*mg\s*)?<N>)*)"
    r"\s*-?\s*mg\b(?!\s*(?:/|per\b|\u00b7|kg|\.kg|/?\s*(?:d|day|ml|l)\b))"
)
_MG = FirstOf(*digit_first(MG_PATTERN))  # digits first: see extract.DOSE_PATTERN


def extract_mg_doses(low: str, raw: str, route: str | None) -> Iterator[Value]:
    """Fixed doses in mg near a ketamine word (esketamine's 28/56/84 mg); one value per number."""
    for m in _MG.finditer(low):
        window = low[max(0, m.start() - 80) : m.end() + 40]
        if "ketamin" not in window and "spravato" not in window:
            continue
        for x in DECIMAL_RE.findall(m.group("nums")):
            n = float(x)
            if 1 <= n <= 1000:
                yield Value.from_range("dose_mg", n, None, "mg", route, raw)


# "twice weekly for 4 weeks", "over 2 weeks", "a 4-week induction phase", "six infusions over 12 days"
_COURSE = variants(
    r"(?:\b(?:for|over|during|across|within)\s+(?:a\s+|the\s+)?(?:period of\s+|course of\s+|total of\s+)?"
    rf"(?P<n><N>)(?:{RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>weeks?|wks?|days?)\b"
    r"(?!\s*-?\s*(?:post|after|following|later|before|prior|of age|old))"
    rf"|(?<![\d.])(?P<m><N>)(?:{RANGE_SEP}(?P<m2><N>))?\s*-\s*(?P<v>week|wk|day)\s+(?:[\w-]+\s+)?"
    r"(?:course|induction|treatment|series|regimen|phase|period|trial))"
)
_COURSE_CONTEXT = ("infus", "dose", "dosing", "weekly", "twice", "session", "course", "induction", "administ")


def extract_course_weeks(
    low: str, raw: str, route: str | None, words: bool = True, plain: bool = False
) -> Iterator[Value]:
    """How long a treatment course runs, in weeks ("six infusions over 2 weeks" = 2, "12 days" = 1.71)."""
    for m in _COURSE[words + 2 * plain].finditer(low):
        g = m.groupdict()
        n, n2, u = (g["n"], g["n2"], g["u"]) if g.get("n") else (g["m"], g["m2"], g["v"])
        lo, hi = number_or_none(n), number_or_none(n2)
        if lo is None or AGE_BEFORE_RE.search(low, max(0, m.start() - 12), m.start()):
            continue
        f = 1 / 7 if u.startswith("d") else 1.0
        lo_w, hi_w = lo * f, (hi if hi is not None else lo) * f
        if 0 < lo_w <= hi_w <= 104:
            yield Value.from_range("course_weeks", round(lo_w, 3), round(hi_w, 3), "weeks", route, raw)


# "dissociative symptoms resolved within 2 hours", "peaked at 40 min and resolved by 120 min"
_SIDE_EFFECT_WORDS = (
    *("side effect", "side-effect", "adverse", "dissociat", "psychotomimetic", "blood pressure"),
    *("hypertens", "dizziness", "nausea", "sedation", "cadss", "hemodynamic", "haemodynamic"),
)
_SIDE_EFFECT_ENDS = (
    *("resolv", "subsid", "dissipat", "abat", "wore off", "wear off", "wears off", "disappear"),
    *("normali", "returned to", "transient", "lasted", "lasting", "short-lived", "ceased", "persist"),
)
_SIDE_EFFECT_TIME = variants(
    r"\b(?:resolv\w*|subsid\w*|dissipat\w*|abat\w*|wore off|wear(?:s)? off|disappear\w*|normali[sz]\w*|"
    r"returned to (?:baseline|normal)|transient|lasted|lasting|short-lived|ceased|persist\w*)\b[^.;]{0,50}?"
    r"\b(?:within|by|after|in|for|over|at|up to|beyond)\s+(?:about\s+|approximately\s+|~\s*|more than\s+|"
    r"at least\s+|up to\s+)?"
    rf"(?P<n><N>)(?:{TIME_RANGE_SEP}(?P<n2><N>))?\s*-?\s*(?P<u>h|hrs?|hours?|min|mins|minutes?|days?)\b"
)


def extract_side_effect_hours(
    low: str, raw: str, route: str | None, words: bool = True, plain: bool = False
) -> Iterator[Value]:
    """How long side effects last, in hours, from sentences saying they resolved/lasted."""
    for m in _SIDE_EFFECT_TIME[words + 2 * plain].finditer(low):
        lo, hi = number_or_none(m.group("n")), number_or_none(m.group("n2"))
        if lo is None:
            continue
        unit = m.group("u")
        f = 1 / 60 if unit.startswith("m") else 24.0 if unit.startswith("d") else 1.0
        lo_h, hi_h = lo * f, (hi if hi is not None else lo) * f
        if 0 < lo_h <= hi_h <= 168:
            yield Value.from_range("side_effect_hours", round(lo_h, 4), round(hi_h, 4), "h", route, raw)
