"""The numbers an article states, as patient material words them, in each value kind's unit.

Abstract extractors (litwatch/claims/extract.py) read study reports; articles say things
differently ("as early as 4 hours", "within an hour or two", "about half of patients",
"six infusions over 2–3 weeks", "twice a week for three weeks"), so this module has its own
patterns. Every value is a range (low, high); "within 24 hours" and "up to 80%" have only a high.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litwatch.claims.numbers import WORD_NUMBER, parse_number


@dataclass(frozen=True)
class ArticleValue:
    kind: str
    low: float | None
    high: float | None
    unit: str
    text: str  # the words the value was read from


_N = rf"(?:\d+(?:\.\d+)?|{WORD_NUMBER}|a couple of|a few|several|an?|half an?)"
_SEP = r"\s*(?:-|–|—|to|or)\s*"
_RANGE = rf"(?P<a>{_N})(?:(?P<sep>{_SEP})(?P<b>{_N}))?"
_RANGE_B = rf"(?P<c>{_N})(?:(?P<sep2>{_SEP})(?P<d>{_N}))?"


def _number(text: str | None) -> float | None:
    if not text:
        return None
    t = text.strip().lower()
    if t in ("a", "an"):
        return 1.0
    if t == "a couple of":
        return 2.0
    if t in ("a few", "several"):
        return None  # vague: as the low end of a span it leaves the low open
    if t.startswith("half a"):
        return 0.5
    return parse_number(t)


def _pair(a: str | None, b: str | None) -> tuple[float | None, float | None]:
    lo, hi = _number(a), _number(b)
    if lo is None:
        return None, None  # (benefit_days reads "a few days to a couple of weeks" itself)
    if hi is None:
        return lo, lo
    return min(lo, hi), max(lo, hi)


_HOURS = {"m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_TIME_UNIT = r"(?P<u>minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b"


def _hours(unit: str) -> float:
    u = unit.lower()
    return _HOURS["m"] if u.startswith("m") else _HOURS.get(u[0], 1.0)


# The far end of a span written in two units or with a bare second number: "90 minutes to two
# hours", "between two weeks and two months", "a week or two".
_SPAN_END_RE = re.compile(
    rf"\s*(?:-|–|to|and|or)\s*(?P<b>{_N})\s*-?\s*(?P<u>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b"
    r"|\s+or\s+(?P<bare>two|three|four|\d+)\b(?!\s*(?:-\s*)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?))",
    re.I,
)


# a far end said as an afterthought: "about a week, maybe up to two weeks"
_MAYBE_END_RE = re.compile(
    rf",?\s*(?:maybe|perhaps|possibly|or even|sometimes)\s+(?:up to\s+|as long as\s+)?(?P<b>{_N})\s*-?\s*"
    r"(?P<u>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b",
    re.I,
)


def span_end(sentence: str, at: int) -> tuple[float, str | None, int] | None:
    """(number, its unit or None for the first number's, where it ends) of a span's far end
    right after `at`."""
    m = _SPAN_END_RE.match(sentence, at) or _MAYBE_END_RE.match(sentence, at)
    if m is None:
        return None
    value = _number(m["b"] or m["bare"])
    return None if value is None else (value, m["u"], m.end())


def _scaled(lo: float | None, hi: float | None, f: float) -> tuple[float | None, float | None]:
    return (None if lo is None else round(lo * f, 4), None if hi is None else round(hi * f, 4))


# --- onset ("as early as 4 hours", "within 24 hours", "within a day", "in about 2 hours after") ---
_ONSET_RE = re.compile(
    r"\b(?P<w>as early as|(?:in )?as little as|within|in about|in|after|by|about|at)\s+"
    rf"(?:about\s+|just\s+|only\s+|the first\s+)?"
    rf"{_RANGE}\s*-?\s*{_TIME_UNIT}",
    re.I,
)


_FADES_BEFORE_RE = re.compile(
    r"\b(?:wears? off|fades?|lasts?|lasting|relapse\w*|returns?)(?:\s+(?:only|just|usually|typically|often|"
    r"about|for|somewhere|roughly|around))*\s*$",
    re.I,
)


_NEXT_DAY_RE = re.compile(
    r"\b(?:(?:by|on|within) the (?:next day|day after|following day|morning after)|the (?:day|morning) after "
    r"(?:their|the|your|a) (?:first )?(?:dose|infusion|session|spray|treatment))\b",
    re.I,
)


def onset_hours(sentence: str) -> ArticleValue | None:
    day = _NEXT_DAY_RE.search(sentence)
    if day:
        return ArticleValue("onset_hours", None, 24.0, "h", day.group(0))  # "by the day after": a day
    for m in _ONSET_RE.finditer(sentence):
        if _FADES_BEFORE_RE.search(sentence[max(0, m.start() - 20) : m.start()]):
            continue  # "the effect wears off within a week": how long it lasts, not when it starts
        lo, hi = _pair(m["a"], m["b"])
        if lo is None:
            continue
        f = _hours(m["u"])
        lo, hi = _scaled(lo, hi, f)
        far = span_end(sentence, m.end()) if not m["b"] else None
        if far is not None:  # "within a day or two"
            hi = round(far[0] * _hours(far[1] or m["u"]), 4)
        if hi is None or hi > 168:
            continue
        if m["w"].lower() == "within":
            lo = lo if (m["b"] or far) else None
        return ArticleValue("onset_hours", lo, hi, "h", sentence[m.start() : far[2] if far else m.end()])
    return None


# --- response % ("70%", "70–80% of patients", "up to 80%", "about half", "one in four") -----------
_PCT_RE = re.compile(
    rf"(?P<up>up to\s+|as many as\s+)?(?P<a>\d+(?:\.\d+)?)\s*%?(?:{_SEP}(?P<b>\d+(?:\.\d+)?))?"
    r"\s*(?:%|per ?cent\b)",
    re.I,
)
_FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "a third": 33.3,
    "one third": 33.3,
    "two thirds": 66.7,
    "a quarter": 25.0,
    "three quarters": 75.0,
}
_FRACTION = r"(a half|half|a third|one third|two-thirds|two thirds|a quarter|three-quarters|three quarters)"
_FRACTION_RE = re.compile(
    rf"\b(?:about |roughly |around |nearly |over |more than |between |somewhere between )?{_FRACTION}"
    rf"(?: (?:and|to) {_FRACTION})?\b",
    re.I,
)
# "two in three", "7 out of 10", "about 450 in every 1,000 people"
_ONE_IN_RE = re.compile(
    rf"\b(?P<a>{WORD_NUMBER}|\d+) (?:in|out of)(?: every)? (?P<b>{WORD_NUMBER}|\d{{1,3}}(?:,\d{{3}})+|\d+)\b",
    re.I,
)


def _percent_at(m: re.Match[str]) -> ArticleValue | None:
    lo, hi = _pair(m["a"], m["b"])
    if lo is not None and hi is not None and hi <= 100:
        return ArticleValue("response_percent", None if m["up"] else lo, hi, "%", m.group(0))
    return None


def _fraction_at(m: re.Match[str]) -> ArticleValue | None:
    if re.match(r"\s+as\b", m.string[m.end() :]):
        return None  # "half as many": a comparison, not a share
    lo = _FRACTIONS[m.group(1).lower().replace("-", " ")]
    hi = _FRACTIONS[m.group(2).lower().replace("-", " ")] if m.group(2) else lo
    return ArticleValue("response_percent", min(lo, hi), max(lo, hi), "%", m.group(0))


_ONE_IN_MORE_RE = re.compile(
    rf"\s+(?:or|to)\s+(?P<a>{WORD_NUMBER}|\d+) (?:in|out of) (?P<b>{WORD_NUMBER}|\d+)\b", re.I
)


def _one_in_at(m: re.Match[str]) -> ArticleValue | None:
    a, b = _number(m["a"]), _number(m["b"].replace(",", ""))
    if a and b and a < b:
        v = round(100 * a / b, 1)
        more = _ONE_IN_MORE_RE.match(m.string, m.end())  # "one in four or one in five"
        a2, b2 = (_number(more["a"]), _number(more["b"])) if more else (None, None)
        if a2 and b2 and a2 < b2:
            w = round(100 * a2 / b2, 1)
            return ArticleValue("response_percent", min(v, w), max(v, w), "%", m.group(0) + more.group(0))  # type: ignore[union-attr]
        return ArticleValue("response_percent", v, v, "%", m.group(0))
    return None


# a risk-communication box: "Out of 100 people who have one drip, about 50 feel better"
_PER_HUNDRED_RE = re.compile(
    r"\bout of (?:every )?100 (?:people|patients|adults|women|men)\b[^.;:]{0,140}?,\s*"
    r"(?:about |around |roughly |approximately |nearly |almost |only |just )?"
    r"(?P<a>\d+)\b(?!\s*(?:%|mg|weeks?))",
    re.I,
)
_DUMMY_ARM_RE = re.compile(r"\b(?:placebo|dummy|sham|saline)\b", re.I)


def _per_hundred_at(m: re.Match[str]) -> ArticleValue | None:
    v = float(m["a"])
    if v > 100 or _DUMMY_ARM_RE.search(m.group(0)):
        return None  # "out of 100 people given a dummy drip instead, about 10": the placebo arm
    return ArticleValue("response_percent", v, v, "%", m.group(0))


def response_percent(sentence: str) -> ArticleValue | None:
    """The first share the sentence states, however written ("70%", "about half", "two in three"):
    the first is the treatment's; a comparison arm's share or a definition ("fallen by at least
    half") comes later."""
    found = [
        (m.start(), read(m))
        for rx, read in (
            (_PCT_RE, _percent_at),
            (_FRACTION_RE, _fraction_at),
            (_ONE_IN_RE, _one_in_at),
            (_PER_HUNDRED_RE, _per_hundred_at),
        )
        for m in rx.finditer(sentence)
    ]
    return min(((at, v) for at, v in found if v is not None), default=(0, None), key=lambda x: x[0])[1]


# --- doses per course ("six infusions", "a six-infusion series", "two infusions a week for three weeks")
_DOSE_NOUN = r"(?:infusions?|sessions?|treatments?|doses?|injections?|sprays?|drips?)"
_COUNT_RE = re.compile(
    # not "phase 2 trial", nor "how the two treatments differ" (two kinds, not two doses)
    rf"(?<!phase )(?<!phase-)(?<!the )(?<!both )\b{_RANGE}[ -]"
    rf"(?:(?:ketamine|iv|low-dose|intravenous|medicine|medication|dosing|"
    rf"treatment|therapy|"
    rf"weekly|twice-weekly|kap)[ -])?{_DOSE_NOUN}\b(?![- ](?:finding|ranging|escalation|response))",
    re.I,
)
_SERIES_RE = re.compile(rf"\bseries (?:of )?{_RANGE}\b", re.I)
_FREQ_RE = re.compile(
    r"\b(?P<f>once|twice|two times|three times|thrice|"
    r"(?P<k>\w+) (?:infusions?|sessions?|treatments?|doses?|times)) "
    r"(?:(?:a|per|each|every) week|weekly)\b",
    re.I,
)
_PER_WEEK_AFTER_RE = re.compile(r"\s+(?:a|per|each|every) week\b|\s+weekly\b", re.I)
_FREQ_WORDS = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "thrice": 3}
_WEEKS_RE = re.compile(
    rf"\b(?:for|over|during|across|within|in)\s+(?:the\s+)?(?:first\s+|next\s+|a\s+)?(?:period of\s+)?"
    rf"(?:about\s+|approximately\s+)?{_RANGE}\s*-?\s*(?P<u>weeks?|days?)\b(?:\s*-?\s*period)?",
    re.I,
)


def _frequency(sentence: str) -> float | None:
    m = _FREQ_RE.search(sentence)
    if not m:
        return None
    f = m["f"].lower()
    if f in _FREQ_WORDS:
        return float(_FREQ_WORDS[f])
    return _number(m["k"])


_WEEK_SPAN_RE = re.compile(r"\bweeks (?:1|one)\s*(?:to|through|-|–)\s*(?P<n>\d+|\w+)\b", re.I)
_FIRST_MONTH_RE = re.compile(r"\b(?:for|over|during|in)\s+(?:the\s+first|a|one)\s+month\b", re.I)


def course_weeks(sentence: str) -> ArticleValue | None:
    m = _WEEKS_RE.search(sentence)
    if not m:
        month = _FIRST_MONTH_RE.search(sentence)  # "two sessions a week for the first month"
        if month:
            return ArticleValue("course_weeks", 4.0, 4.0, "weeks", month.group(0))
        span = _WEEK_SPAN_RE.search(sentence)  # "induction phase, weeks 1 to 4"
        if span and (n := _number(span["n"])):
            return ArticleValue("course_weeks", n, n, "weeks", span.group(0))
        return None
    lo, hi = _pair(m["a"], m["b"])
    if lo is None or hi is None:
        return None
    f = 1 / 7 if m["u"].lower().startswith("d") else 1.0
    lo, hi = _scaled(lo, hi, f)
    return ArticleValue("course_weeks", lo, hi, "weeks", m.group(0))


_COUNT_OVER_RE = re.compile(
    rf"\b(?P<a>{WORD_NUMBER}|\d+)(?P<b>)\s+(?:over|across|in)\s+(?:\w+\s+(?:or|to)\s+)?\w+\s+weeks\b", re.I
)


def dose_count(sentence: str) -> ArticleValue | None:
    # every match, not the first: "not one infusion but a package of six drips"
    for m in (m for rx in (_COUNT_RE, _SERIES_RE, _COUNT_OVER_RE) for m in rx.finditer(sentence)):
        if _PER_WEEK_AFTER_RE.match(sentence, m.end()):
            continue  # "two infusions a week": a frequency, counted below
        if m:
            lo, hi = _pair(m["a"], m["b"])
            if lo is not None and hi is not None and lo >= 2 and m["a"].lower() not in ("a", "an"):
                if re.search(
                    r"\b(?:up to|as many as|a maximum of|no more than)\s*$", sentence[: m.start()], re.I
                ):
                    lo = None  # "up to eight treatments": at most
                return ArticleValue("dose_count", lo, hi, "doses", m.group(0))
    per_week = _frequency(sentence)
    weeks = course_weeks(sentence)
    if per_week and weeks and weeks.low and weeks.high:
        lo, hi = round(per_week * weeks.low), round(per_week * weeks.high)
        return ArticleValue("dose_count", float(lo), float(hi), "doses", weeks.text)
    return None


# --- doses: "0.5 mg/kg", "0.5mg per 1 kg", "0.5 milligrams per kilogram"; "56 mg or 84 mg" ---------
# a decimal said aloud: "point five milligrams per kilogram"
_SPOKEN_DECIMAL = r"(?:zero |nought )?point (?:one|two|three|four|five|six|seven|eight|nine)"
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPOKEN_DIGITS = {w: str(i) for i, w in enumerate(_DIGIT_WORDS)}
# "half a milligram of ketamine per kilogram of body weight": a word number, the drug between
_MG_KG_RE = re.compile(
    rf"(?P<a>\d*\.?\d+|half an?|a half|one half|one|{_SPOKEN_DECIMAL})"
    r"(?:\s*(?:-|–|to|and)\s*(?P<b>\d*\.?\d+))?"
    r"\s*(?:mg|milligrams?)\s*"
    r"(?:of (?:\w+ ){0,2}?)?(?:/|per|for (?:each|every))\s*(?:1\s*|one\s*|each\s*|every\s*)?"
    r"(?:kg|kilograms?|kilo)\b",
    re.I,
)
_MG_RE = re.compile(
    rf"(?:(?P<lo>\d+(?:\.\d+)?)\s*(?:-|–|to|or)\s*|(?P<lo2>{WORD_NUMBER})\s+(?:to|or)\s+)?"
    rf"(?P<a>\d+(?:\.\d+)?|{WORD_NUMBER})\s*-?\s*(?:mg|milligrams?)\b"
    r"(?!\s*(?:/|per)\s*(?:1\s*)?(?:kg|kilo|day|d\b|ml))(?!\s+(?:devices?|vials?|ampoules?|strength))",
    re.I,
)
# a second dose the first one rises to: "0.5 mg/kg, rising to 0.9 mg/kg", "from 0.5 to as much as 0.9"
_RISES_TO_RE = re.compile(
    r"\s*,?\s*(?:rising|increased|increasing|raised|titrated|going)?\s*(?:up\s+)?to\s+"
    r"(?:as much as\s+|a maximum of\s+)?$",
    re.I,
)


def _spoken(a: str) -> str:
    """ "point five" -> "0.5"; "a half" -> "0.5"; anything else as written."""
    a = a.lower()
    if a in ("a half", "one half"):
        return "0.5"
    if "point " in a:
        return "0." + _SPOKEN_DIGITS[a.rsplit(" ", 1)[1]]
    return a


def dose_mg_per_kg(sentence: str) -> ArticleValue | None:
    found = list(_MG_KG_RE.finditer(sentence))
    if not found:
        return None
    m = found[0]
    lo, hi = _pair(_spoken(m["a"]), m["b"])
    nxt = found[1] if len(found) > 1 else None
    if nxt is not None and not m["b"] and _RISES_TO_RE.match(sentence[m.end() : nxt.start()]):
        top = _number(_spoken(nxt["b"] or nxt["a"]))  # "0.5 mg/kg, rising to 0.9 mg/kg if needed"
        if lo is not None and top is not None and top > lo:
            return ArticleValue("dose_mg_per_kg", lo, top, "mg/kg", sentence[m.start() : nxt.end()])
    if not m["b"] and re.search(
        r"\b(?:up to|as much as|as high as|a maximum of|at most)\s*$", sentence[: m.start()], re.I
    ):
        lo = None  # "titrated upwards, to as much as 1 mg/kg": at most
    return ArticleValue("dose_mg_per_kg", lo, hi, "mg/kg", m.group(0))


_MG_PER_DEVICE_RE = re.compile(
    r"\b(?:holds?|contains?|containing|per (?:device|spray|vial))\b[^,;]{0,20}$", re.I
)


def dose_mg(sentence: str) -> ArticleValue | None:
    """Fixed doses in mg ("56 mg or 84 mg"), not what a device or spray holds ("each device holds 28 mg")."""
    found = [m for m in _MG_RE.finditer(sentence) if not _MG_PER_DEVICE_RE.search(sentence[: m.start()])]
    nums = [n for m in found for x in (m["lo"], m["lo2"], m["a"]) if x and (n := _number(x)) is not None]
    if not nums:
        return None
    return ArticleValue("dose_mg", min(nums), max(nums), "mg", ", ".join(m.group(0) for m in found))


# --- infusion length ("takes about 40 minutes", "infused over 40 minutes", "for about 45-90 minutes")
_INFUSION_RE = re.compile(
    rf"\b(?:infus\w*|dripp?(?:ed|ing)?|administered|given|takes?|lasts?|runs?|over)\b[^;]{{0,40}}?"
    rf"\b(?:for|over|about|takes?|lasts?|approximately|around)\s+(?:about\s+|approximately\s+|around\s+)?"
    rf"{_RANGE}\s*-?\s*(?P<u>minutes?|mins?|hours?|hrs?)\b",
    re.I,
)
_MINUTE_INFUSION_RE = re.compile(
    rf"\b{_RANGE}[ -](?P<u>minutes?|min|hours?|hour)[ -](?:long )?(?:ketamine )?(?:infusions?|drips?)\b", re.I
)


_OVER_RE = re.compile(
    rf"\bover\s+(?:about\s+|approximately\s+|around\s+)?{_RANGE}\s*-?\s*(?P<u>minutes?|mins?|hours?|hrs?)\b",
    re.I,
)


def infusion_minutes(sentence: str) -> ArticleValue | None:
    for rx in (_MINUTE_INFUSION_RE, _INFUSION_RE, _OVER_RE):
        m = rx.search(sentence)
        if m:
            lo, hi = _pair(m["a"], m["b"])
            f = 1.0 if m["u"].lower().startswith("m") else 60.0
            lo, hi = _scaled(lo, hi, f)
            if hi is not None and 0 < hi <= 24 * 60:
                return ArticleValue("infusion_minutes", lo, hi, "min", m.group(0))
    return None


# --- how long the benefit lasts ("4 to 6 weeks of relief", "fades within one to two weeks") ---------
_DAYS = {"d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}
_BENEFIT_RE = re.compile(
    r"(?:\b(?:lasts?|lasting|lasted|(?:fades?|dissipates?|wears? off)(?: in)?|for|up to|within)\s+"
    r"(?:(?:about|around|at least|up to|only|just|usually|typically|roughly|somewhere|anywhere|between|from|"
    r"more than|longer than)\s+)*"
    rf"{_RANGE}\s*(?P<u>days?|weeks?|months?|years?)\b"
    rf"|\b{_RANGE_B}\s*(?P<v>days?|weeks?|months?|years?) of (?:relief|benefit|improvement|remission))",
    re.I,
)


# "the median time to relapse was 18 days"
_TIME_TO_RELAPSE_RE = re.compile(
    rf"\btime to (?:relapse|loss of response)\b[^.;]{{0,40}}?\b(?:was|of)\s+(?:about\s+)?{_RANGE}\s*"
    r"(?P<u>days?|weeks?|months?)\b",
    re.I,
)
# "symptoms had usually returned by day 7 to day 10", "benefit usually lost by day 7-10"
_BY_DAY_RE = re.compile(
    r"\b(?:returned|returns?|come back|came back|lost|gone|relapsed?|faded|worn off)\s+by day (?P<a>\d+)"
    r"(?:\s*(?:to|-|–)\s*(?:day\s+)?(?P<b>\d+))?",
    re.I,
)


def benefit_days(sentence: str) -> ArticleValue | None:
    m = _BENEFIT_RE.search(sentence)
    relapse = _TIME_TO_RELAPSE_RE.search(sentence)
    if relapse and (not m or relapse.start() < m.start()):
        lo, hi = _scaled(*_pair(relapse["a"], relapse["b"]), _DAYS[relapse["u"].lower()[0]])
        if lo is not None:
            return ArticleValue("benefit_days", lo, hi, "days", relapse.group(0))
    if not m:
        by_day = _BY_DAY_RE.search(sentence)
        if by_day:
            first, last = float(by_day["a"]), float(by_day["b"] or by_day["a"])
            return ArticleValue("benefit_days", first, last, "days", by_day.group(0))
        return None
    if m["u"]:
        lo, hi, unit = *_pair(m["a"], m["b"]), m["u"]
    else:
        lo, hi, unit = *_pair(m["c"], m["d"]), m["v"]
    f = _DAYS[unit.lower()[0]]
    lo, hi = _scaled(lo, hi, f)
    far = span_end(sentence, m.end()) if m["u"] and not m["b"] else None
    if far is not None and (far[1] or "").lower().startswith(("min", "h")):
        far = None
    if far is not None and lo is None and (m["a"] or "").lower() in ("a few", "several"):
        # "from a few days to a couple of weeks": the low end left open
        hi = round(far[0] * _DAYS[(far[1] or unit).lower()[0]], 4)
        return ArticleValue("benefit_days", None, hi, "days", sentence[m.start() : far[2]])
    if lo is None and hi is None:
        return None
    if far is not None and lo is not None:
        hi = round(far[0] * _DAYS[(far[1] or unit).lower()[0]], 4)  # "between two weeks and two months"
    lead = m.group(0).split()[0].lower()
    if lead in ("within", "up") and far is None and not m["b"]:
        lo = None  # "wears off within about a week": at most a week
    rarely = re.search(r"\b(?:rarely|seldom|never|not|n't)\b[^.;]{0,25}$", sentence[: m.start()], re.I)
    if rarely and re.search(r"\b(?:longer|more) than\b", m.group(0), re.I) and far is None:
        lo = None  # "one infusion rarely helps for longer than a week": at most a week
    return ArticleValue("benefit_days", lo, hi, "days", sentence[m.start() : far[2] if far else m.end()])


# --- how long side effects last ("fade within an hour or two", "before the two-hour observation
# period ends", "for about an hour", "passed within 1 to 2 hours") --------------------------------------
_SIDE_WITHIN_RE = re.compile(
    r"\b(?P<w>within|by|for|after|in|lasting|lasts|lasted|last|up to)\s+"
    r"(?:about\s+|around\s+|roughly\s+|up to\s+)?"
    rf"{_RANGE}\s*-?\s*"
    rf"(?P<u>minutes?|mins?|hours?|hrs?|h)\b",
    re.I,
)
_SIDE_BEFORE_RE = re.compile(rf"\b(?:before|by the end of) the {_RANGE}[ -](?P<u>minute|hour)\b", re.I)


_OR_TWO_RE = re.compile(r"\bwithin (?:an?|one) (?P<u>hour|minute) or (?P<b>two|three|\d+)\b", re.I)


_HOUR_AND_A_HALF_RE = re.compile(
    r"\b(?:within|for|after|up to|lasting|lasts)\s+(?:about\s+|around\s+|roughly\s+)?"
    r"(?:an|one) hour and a half\b",
    re.I,
)


def side_effect_hours(sentence: str) -> ArticleValue | None:
    half = _HOUR_AND_A_HALF_RE.search(sentence)
    if half:
        return ArticleValue("side_effect_hours", None, 1.5, "h", half.group(0))
    m = _OR_TWO_RE.search(sentence)
    if m:
        hi = _number(m["b"])
        if hi is not None:
            return ArticleValue("side_effect_hours", None, round(hi * _hours(m["u"]), 4), "h", m.group(0))
    m = _SIDE_BEFORE_RE.search(sentence)
    if m:
        lo, hi = _pair(m["a"], m["b"])
        lo, hi = _scaled(lo, hi, _hours(m["u"]))
        return ArticleValue("side_effect_hours", None, hi, "h", m.group(0))
    for m in _SIDE_WITHIN_RE.finditer(sentence):
        before = sentence[max(0, m.start() - 25) : m.start()].lower()
        if "peak" in before or re.search(r"\b(?:first|start|begin|onset)\w*\b", before):
            continue  # when the effects peak or begin ("first effects within five minutes"), not end
        lo, hi = _pair(m["a"], m["b"])
        lo, hi = _scaled(lo, hi, _hours(m["u"]))
        far = span_end(sentence, m.end()) if not m["b"] else None
        if far is not None and lo is not None:
            hi = round(far[0] * _hours(far[1] or m["u"]), 4)  # "within about 90 minutes to two hours"
        if hi is None or hi > 168:
            continue
        sep = (m["sep"] or "").strip().lower()
        at_most = m["w"].lower() in ("within", "up to") or "up to" in m.group(0).lower()
        if at_most and (not m["b"] or sep == "or") and far is None:
            lo = None
        return ArticleValue(
            "side_effect_hours", lo, hi, "h", sentence[m.start() : far[2] if far else m.end()]
        )
    return None


EXTRACTORS = {
    "onset_hours": onset_hours,
    "response_percent": response_percent,
    "dose_count": dose_count,
    "course_weeks": course_weeks,
    "dose_mg_per_kg": dose_mg_per_kg,
    "dose_mg": dose_mg,
    "infusion_minutes": infusion_minutes,
    "benefit_days": benefit_days,
    "side_effect_hours": side_effect_hours,
}


# Clinical shorthand in slides, monographs and forum posts, spelled out before any cue or number is
# read ("2 infusions/wk for 3 wk", "q1-2wk", "pts"); the drafted sentence stays as written.
_SHORTHAND = (
    # a decimal comma ("0,5 mg/kg", "0,5-0,8"), not a thousands separator ("1,000")
    (re.compile(r"(?<![\d,.])(\d),(\d{1,2})(?![\d,])"), r"\1.\2"),
    (re.compile(r"\bq(\d+)\s*(?:-|–|to)\s*(\d+)\s*wks?\b", re.I), r"every \1 to \2 weeks"),
    (re.compile(r"\bq(\d+)\s*wks?\b", re.I), r"every \1 weeks"),
    (re.compile(r"(?<=\w)\s*/\s*wk\b", re.I), " a week"),
    (re.compile(r"\bwks?\b", re.I), "weeks"),
    (re.compile(r"(?<=\d)\s*mos?\b", re.I), " months"),
    (re.compile(r"\bpts\b", re.I), "patients"),
    (re.compile(r"\bAEs?\b"), "side effects"),
)


def expand_shorthand(sentence: str) -> str:
    """The sentence with clinical abbreviations of time and frequency spelled out."""
    for rx, repl in _SHORTHAND:
        sentence = rx.sub(repl, sentence)
    return sentence


def extract_article_value(kind: str, sentence: str) -> ArticleValue | None:
    """The first value of `kind` the sentence states, or None."""
    return EXTRACTORS[kind](sentence)
