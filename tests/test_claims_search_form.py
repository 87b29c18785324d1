"""literals.search_form: a regex for yes/no questions that starts with a match's first character.
Its `search` must find a match exactly when the pattern as written does, on any text."""

from __future__ import annotations

import random
import re
from functools import cache
from typing import Any

import pytest

from litwatch.claims import context, design, extract, load_claims, roles, studyvalues
from litwatch.claims.literals import _first_class, search_form
from litwatch.claims.matching import Finder
from litwatch.claims.regexes import YesNo, is_plain
from litwatch.claims.text import split_sentences
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services.demo import snapshot_path

PIECES = [
    *("day", "d", "7", "14", "٣", "p", "<", "95", "%", "n", "=", "±", "we", "aimed", "to", "ketamine"),
    *("were", "randomized", "was", "-", " ", "  ", "\n", "\xa0", "\x1c", "é", "(", ")", ".", ""),
]


@cache
def texts() -> list[str]:
    """Sentences of the bundled snapshot (lower-cased and as normalised) and random hostile ones."""
    out: list[str] = []
    for n, record in enumerate(r for r in iter_records_in_file(snapshot_path()) if isinstance(r, Record)):
        if n == 120:
            break
        for s in split_sentences(record.title, record.abstract):
            out += [s.low, s.norm]
    rng = random.Random(11)
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    return out


def unanchored_patterns() -> list[tuple[str, int]]:
    """The alternatives that Finders search sentence by sentence: the built-in claim set's and
    the tagger's own (context, design, extract, ...)."""
    claims = load_claims()
    finders = [claims.finder(name) for name in claims.terms]
    finders += [f for c in claims.claims if (f := claims.cue_finder(c)) is not None]
    for module in (context, design, extract, studyvalues):
        finders += [f for f in vars(module).values() if isinstance(f, Finder)]
    out: list[tuple[str, int]] = []
    for finder in finders:
        regexes = [r for r in (finder._digits, finder._rest) if r is not None]
        regexes += [r for r, _, _ in finder._inside]
        out += [(rx.pattern, rx.flags) for pair in regexes for rx in pair if rx is not None]
    return out


def test_every_yes_no_form_finds_a_match_exactly_when_the_pattern_does() -> None:
    patterns = unanchored_patterns()
    assert sum("(?<=(?=" in p for p, _ in patterns) >= 8  # many start with their first character
    for form, flags in patterns:
        inner = re.fullmatch(r"\[(.*?)\]\(\?<=\(\?=\(\?:(.*)\)\)\[\1\]\)", form, re.S)
        pattern = inner.group(2) if inner else form
        plain = re.compile(pattern, flags)
        fast = re.compile(form, flags)
        for text in texts():
            assert bool(fast.search(text)) == bool(plain.search(text)), (pattern, text)


@pytest.mark.parametrize(
    "name",
    [
        "_CONCLUSION_RE",
        "_OBJECTIVE_RE",
        "_METHODS_RE",
        "_BACKGROUND_RE",
        "_RESULT_RE",
        "_STATS_RE",
        "_MODAL_RE",
    ],
)
def test_roles_yes_no_patterns_find_what_the_written_pattern_finds(name: str) -> None:
    twin: YesNo = getattr(roles, name)
    plain = re.compile(twin.pattern)
    for text in texts():
        assert twin.found(text, is_plain(text)) == bool(plain.search(text)), text


@pytest.mark.parametrize(
    ("pattern", "flags", "first"),
    [
        (r"\b(?:day|d) ?(?:1[4-9]|[2-9]\d|\d{3})\b", re.M, "[\\U00000064]"),
        (r"(?<![-)])\bketamin[ae]?\b|\d+ h", 0, "[\\U0000006b\\d]"),
        (r"(?:es)?ketamine", 0, "[\\U00000065\\U0000006b]"),
        (r"\w+ed\b", 0, None),  # a word character: most characters
        (r"(?:a|b)?", 0, None),  # may match empty: anywhere
        (r"^to (?:assess|test)", 0, None),  # re tries it at the start only: fast already
        (r"(?i:x)yz", 0, None),  # inline flags: not looked into
        (r"[^a]b", 0, None),
        (r"\b(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa)\b", 0, None),  # 9 first letters
    ],
)
def test_first_character_class(pattern: str, flags: int, first: str | None) -> None:
    assert _first_class(pattern, flags) == first
    form = search_form(pattern, flags)
    assert (form.pattern == pattern) == (first is None)
    for text in ["day 14", "d 7", "-ketamine", "3 h", "esketamine", "to assess", "xyz", "Xyz", "bb", "cb"]:
        assert bool(form.search(text)) == bool(re.search(pattern, text, flags)), text


def test_finder_hits_are_the_written_pattern_hits_with_yes_no_forms() -> None:
    """A Finder with an alternative searched sentence by sentence ("d 14" has no literal)."""
    finder = Finder([r"\b(?:day|d) ?(?:1[4-9]|[2-9]\d|\d{3})\b", r"\bwithin \w+ weeks"])
    assert finder._digits is not None and "(?<=(?=" in finder._digits[0].pattern
    from litwatch.claims.matching import Doc

    doc = Doc(split_sentences("", "At d 14, scores fell. By day 3 none. Within two weeks, D21 and d 21 too."))
    plain = re.compile(finder.pattern, re.I)
    assert finder.hits(doc) == tuple(i for i, s in enumerate(doc.sentences) if plain.search(s.norm)) == (0, 2)


def test_digit_starts_are_where_the_regex_finds_them() -> None:
    """anchors.digit_starts maps ASCII text through a table instead of running DIGIT_START_RE."""
    from litwatch.claims.anchors import DIGIT_START_RE, digit_starts

    rng = random.Random(7)
    pieces = ["0", "7", "12", "x", "_", "a1", " ", "-", ".", "(", "\n", "٣", "é", "\x1c", ""]
    samples = ["", "1", "1 2", "a1 1", "_1", "1a1", "x 22 3.5 4-5 (6) 7_8"]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(4000)]
    for text in [*samples, *texts()[:400]]:
        assert digit_starts(text) == [m.start() for m in DIGIT_START_RE.finditer(text)], text


def number_patterns() -> list[tuple[str, str, Any]]:
    """(name, pattern, compiled form) of every extractor form that is a FirstCharSearch."""
    from litwatch.claims import stance
    from litwatch.claims.polarity import benefit, clauses, durability, harm, timing
    from litwatch.claims.regexes import FirstCharSearch, FirstOf, Variants

    out = []
    # the extractors' number forms, and the stance and polarity patterns made with first_char_search
    for module in (extract, studyvalues, stance, benefit, clauses, durability, harm, timing):
        for name, value in vars(module).items():
            forms = [value[k] for k in range(4)] if isinstance(value, Variants) else [value]
            for k, form in enumerate(forms):
                parts = [b for b, _ in form.branches] if isinstance(form, FirstOf) else [form]
                out += [(f"{name}[{k}]", p.pattern, p) for p in parts if isinstance(p, FirstCharSearch)]
    return out


def test_first_char_search_finds_the_regexes_own_matches() -> None:
    """Same spans and groups from `finditer` and `search` (with pos and endpos) as the regex."""
    forms = number_patterns()
    assert len(forms) >= 45
    rng = random.Random(9)
    words = ["within", "over", "for", "2", "4.5", "40", "min", "hours", "h", "days", "weeks", "n", "=", "esk"]
    words += ["ketamine", "infused", "given", "in", "of", "twice", "weekly", "%", "-", "(", ")", " ", "é"]
    words += ["but", "while", ";", ",", ".", "placebo", "relapse", "lower", "similar", "only", "patients"]
    samples = [
        "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(0, 14)))
        for _ in range(1500)
    ]
    for name, pattern, form in forms:
        plain = re.compile(pattern, form.flags)
        for text in [*samples, *(t.lower() for t in texts()[:300])]:
            want = [(m.span(), m.groupdict(), m.groups()) for m in plain.finditer(text)]
            got = [(m.span(), m.groupdict(), m.groups()) for m in form.finditer(text)]
            assert got == want, (name, text)
            a, b = len(text) // 3, 2 * len(text) // 3 + 1
            want_one = plain.search(text, a, b)
            got_one = form.search(text, a, b)
            assert (got_one and got_one.span()) == (want_one and want_one.span()), (name, text)
