"""Numbers as abstracts write them: digits ("0.5", ".5", "1,200") and words ("Twenty-four",
"One hundred and fifteen"), so extractors can share one notion of "a number here"."""

from __future__ import annotations

import re

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SMALL = "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
# "twenty-four", "one hundred and fifteen", "two thousand three hundred"
WORD_NUMBER = (
    rf"\b(?:(?:{_SMALL})(?:[- ](?:{_SMALL}))?(?:[- ]hundred(?:[- ](?:and[- ])?(?:{_SMALL})(?:[- "
    rf"](?:{_SMALL}))?)?)?"
    rf"(?:[- ]thousand(?:[- ](?:and[- ])?(?:{_SMALL})(?:[- ](?:{_SMALL}))?)?)?)\b"
)


def word_number_first(not_after: str) -> str:
    """WORD_NUMBER for a place where it may not follow a word character nor one of `not_after`
    (a character-class body such as ".,"), written to start with its first letter: "o(?<![\\w.,]o)ne|
    t(?<![\\w.,]t)(?:wo|hree|...)|...". A pattern that starts so gets re's scan for those six
    letters instead of a try at every position (see regexes.word_first_forms). Same matches."""
    groups: dict[str, list[str]] = {}
    for word in _SMALL.split("|"):  # longest first, kept in each letter's group
        groups.setdefault(word[0], []).append(word[1:])
    first = "|".join(rf"{c}(?<![\w{not_after}]{c})(?:{'|'.join(rest)})" for c, rest in groups.items())
    head = rf"\b(?:(?:{_SMALL})"
    assert WORD_NUMBER.startswith(head)
    return f"(?:(?:{first})" + WORD_NUMBER[len(head) :]


DECIMAL = r"(?:\d+(?:\.\d+)?|\.\d+)"
COUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
NUMBER = rf"(?:{DECIMAL}|{WORD_NUMBER})"

_WORD_RE = re.compile(r"[a-z]+")


def parse_word_number(text: str) -> int | None:
    """ "Twenty-four" -> 24, "one hundred and fifteen" -> 115; None when it is not a number."""
    total, current, seen = 0, 0, False
    for word in _WORD_RE.findall(text.lower()):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """A digit or word number as a float ("1,200" -> 1200.0, ".5" -> 0.5, "six" -> 6.0)."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit() or text[0] == ".":
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    n = parse_word_number(text)
    return float(n) if n is not None else None


def number_or_none(text: str | None) -> float | None:
    """`parse_number` of an optional regex group: None when the group did not match."""
    return parse_number(text) if text else None


# Shared by the extractors (claims/extract.py, claims/studyvalues.py): how a range joins its ends
# ("0.5-0.75", "2 to 4", "between 1 and 3"), how a time range does, any decimal, and "aged 18 to 65"
# just before a number (an age, not a duration).
RANGE_SEP = r"\s*(?:-|to|and)\s*"
TIME_RANGE_SEP = r"\s*(?:-|to)\s*"
DECIMAL_RE = re.compile(DECIMAL)
AGE_BEFORE_RE = re.compile(r"\bage[sd]?\s*$|\bage[sd]? (?:from|between|over|under)\s*$")
