"""The faster forms of speed3 find exactly what the plain regexes they replace find."""

from __future__ import annotations

import random
import re

import pytest

from litwatch.claims import extract as ex
from litwatch.claims import roles
from litwatch.claims import studyvalues as sv
from litwatch.claims.abbrev import last_words_start
from litwatch.claims.anchors import DIGIT_START, DIGIT_START_RE
from litwatch.claims.matching import Doc
from litwatch.claims.numbers import COUNT, DECIMAL, WORD_NUMBER
from litwatch.claims.regexes import is_plain
from litwatch.claims.text import lower_text, split_sentences

WORD_RE = re.compile(r"\S+")
# Pieces with every kind of whitespace re's Unicode "\s" knows (NBSP, the \x1c-\x1f separators,
# ideographic space), non-ASCII letters and digits, and empty runs.
PIECES = ["a", "TEAE", "adverse", "é", "٣", "(", "-", " ", "  ", "\t", "\n", "\xa0", "\x1c", "\u3000", ""]


def hostile_texts(n: int = 3000) -> list[str]:
    rng = random.Random(3)
    out = ["", " ", "word", "  two words  ", "\xa0\x1f"]
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(n)]
    return out


def test_last_words_start_is_where_the_regex_words_start() -> None:
    for text in hostile_texts():
        for count in (1, 2, 4, 7, 15):
            words = list(WORD_RE.finditer(text))[-count:]
            want = words[0].start() if words else None
            assert last_words_start(text, count) == want, (text, count)


def test_lower_case_makes_no_digit_and_removes_none() -> None:
    """extract_values reads digits off the Doc's normalised sentences for the lower-cased ones."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    low = lower_text(every)
    assert len(low) == len(every)
    assert [m.start() for m in re.finditer(r"\d", low)] == [m.start() for m in re.finditer(r"\d", every)]


def plain_texts(n: int = 2000) -> list[str]:
    rng = random.Random(5)
    vocab = [
        *("we", "aimed", "to", "investigate", "were", "randomized", "p", "<", "=", "0.05", "95", "%"),
        *("n", "12", "in", "conclusion", "has", "been", "shown", "may", "suggest", "significantly"),
        *("reduced", "compared", "with", "±", "≤", "2h", "4 h", "30-min", "hours", "x1", "_3", "a9"),
    ]
    seps = [" ", "", ", ", ". "]
    return ["".join(rng.choice(vocab) + rng.choice(seps) for _ in range(12)) for _ in range(n)]


@pytest.mark.parametrize(
    "name", ["_CONCLUSION_RE", "_OBJECTIVE_RE", "_METHODS_RE", "_BACKGROUND_RE", "_RESULT_RE", "_STATS_RE"]
)
def test_ascii_twin_finds_what_the_unicode_pattern_finds_on_plain_text(name: str) -> None:
    twin = getattr(roles, name)
    for text in plain_texts():
        plain = is_plain(text)
        want = twin.unicode.search(text)
        got = twin.search(text, plain)
        assert (got and got.span()) == (want and want.span()), text


def test_ascii_twin_keeps_the_unicode_pattern_for_other_text() -> None:
    assert roles._STATS_RE.search("p\u2009< 0.05") is not None  # a thin space is Unicode "\s" only
    assert roles._STATS_RE.ascii.search("p\u2009< 0.05") is None


def test_digit_starts_of_ascii_text_are_the_unicode_ones() -> None:
    for text in [*plain_texts(300), "x1 1 _1 a1b 22", "٣ x٣"]:
        doc = Doc(split_sentences("", text))
        want = [m.start() for m in DIGIT_START_RE.finditer(doc.low)]
        assert doc.positions(DIGIT_START) == want, text


def random_texts(seed: int, n: int, vocab: list[str], seps: list[str], most_words: int) -> list[str]:
    """`n` texts of 1 to `most_words` random words of `vocab`, each followed by a random separator."""
    rng = random.Random(seed)
    return [
        "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(1, most_words)))
        for _ in range(n)
    ]


def number_texts(n: int = 3000) -> list[str]:
    vocab = [
        *("0.5", ".5", "5.", "1,200", "12", "0.25", "x1", "v2.5", "1.2.3", "mg", "mgs", "mg/kg", "kg", "/"),
        *("per", "1", "milligrams", "kilograms", "h", "min", "hour", "(-1)", "-", "to", "and", "or", ","),
        *("%", "percent", "per cent", "infusion", "ketamine", "iv", "40-min", "mins", "minutes", "drip"),
        *("\u00b7", "day", "ml", "\u2009", "٣", "hours", "hrs", "continuous"),
    ]
    return random_texts(11, n, vocab, [" ", "", "-", ", ", " ", "\u00a0"], 12)


@pytest.mark.parametrize(
    ("fast", "pattern", "flags"),
    [
        (ex._DOSE_RE, ex.DOSE_PATTERN, 0),
        (sv._MG, sv.MG_PATTERN, 0),
        (sv._PERCENT[0], sv.PERCENT_PATTERN, 0),
        (sv._PERCENT[2], sv.PERCENT_PATTERN, re.A),
        (ex._INFUSION_LEAD[0], ex.INFUSION_LEAD_PATTERN, 0),
        (ex._INFUSION_LEAD[2], ex.INFUSION_LEAD_PATTERN, re.A),
        (ex._INFUSION_LEAD_HOURS[0], ex.INFUSION_LEAD_HOURS_PATTERN, 0),
        (ex._INFUSION_LEAD_HOURS[2], ex.INFUSION_LEAD_HOURS_PATTERN, re.A),
    ],
)
def test_digit_first_forms_find_what_the_written_pattern_finds(
    fast: object, pattern: str, flags: int
) -> None:
    written = re.compile(pattern.replace("<N>", DECIMAL), flags)
    for text in number_texts():
        if flags and not is_plain(text):
            continue  # the ASCII form is only used on plain text
        want = [(m.span(), m.groupdict()) for m in written.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == want, text  # type: ignore[attr-defined]


def word_number_texts(n: int = 4000) -> list[str]:
    vocab = [
        *("one", "two", "three", "six", "seven", "seventeen", "twenty", "twenty-four", "ninety", "nine"),
        *("hundred", "thousand", "and", "n", "=", "24", "1,200", "0.5", ".5", ".", ",", "x", "-", "("),
        *("patients", "adult", "men", "participants", "infusions", "doses", "ketamine", "of", "with"),
        *("sessions", "to", "or", "ten", "eleven", "twelve", "onetwo", "seventy-seven", "é", "\u00a0"),
    ]
    return random_texts(13, n, vocab, [" ", "", "-", ", ", ".", " "], 10)


@pytest.mark.parametrize(
    ("fast", "pattern"),
    [
        (sv._SAMPLE, "|".join(sv._SAMPLE_BRANCHES)),
        (sv._DOSE_COUNT, sv._DOSE_COUNT_PATTERN),
    ],
)
def test_word_first_forms_find_what_the_written_words_pattern_finds(fast: object, pattern: str) -> None:
    words = pattern.replace("<C>", f"(?:{COUNT}|{WORD_NUMBER})")
    for k, flags in ((1, 0), (3, re.A)):
        written = re.compile(words, flags)
        for text in word_number_texts():
            if flags and not is_plain(text):
                continue
            got = fast[k].finditer(text)  # type: ignore[index]
            assert found_groups(got) == found_groups(written.finditer(text)), (k, text)


def found_groups(matches: object) -> list[tuple[tuple[int, int], dict[str, str]]]:
    """Spans and the groups that took part (a FirstOf branch has only its own groups)."""
    return [(m.span(), {g: v for g, v in m.groupdict().items() if v is not None}) for m in matches]  # type: ignore[attr-defined]
