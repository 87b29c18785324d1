"""Regex helpers for the number extractors (extract.py): pattern variants and a faster
`finditer` for alternations, each finding exactly what the plain regex finds.

Python's `re` scans fast only for a pattern that starts with a literal or a character class; an
alternation, a lookbehind or "\\b" first makes it try every position. So the digits-only variant
of a slow pattern is rewritten to start with its number's first digit (`digit_first`,
COUNT_AFTER_*), and an alternation is run branch by branch (`FirstOf`). Plain ASCII text takes
variants compiled with re.ASCII, whose "\\d", "\\w" and "\\b" are table look-ups.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from litwatch.claims.literals import search_form
from litwatch.claims.numbers import COUNT, DECIMAL, WORD_NUMBER

# On ASCII text without the separators \x1c-\x1f (which Unicode "\s" matches), re.ASCII changes
# no match and makes "\d", "\w" and "\b" table look-ups.


class Variants:
    """(digits only, digits or words, the same two with re.ASCII) of one pattern, each compiled
    on first use: index by words + 2 * plain. An item may be replaced by a faster form that
    finds the same (`FirstOf`, a `digit_first` regex).

    Why lazy: the word-number forms take ~5 ms each to compile and most are never used in a
    process (no sentence spells a number where they apply), and the digit forms that a faster
    form replaces were compiled for nothing; a `tag` worker process started ~45 ms sooner
    (of ~250 ms; benchmarks/tagging.py starts two)."""

    __slots__ = ("_sources", "_compiled")

    def __init__(self, digits: str, words: str) -> None:
        self._sources = ((digits, 0), (words, 0), (digits, re.A), (words, re.A))
        self._compiled: list[Any] = [None, None, None, None]

    def __getitem__(self, k: int) -> Any:
        got = self._compiled[k]
        if got is None:
            got = self._compiled[k] = first_char_search(*self._sources[k])
        return got

    def __setitem__(self, k: int, form: Any) -> None:
        self._compiled[k] = form

    def __len__(self) -> int:
        return 4


def variants(pattern: str) -> Variants:
    """(digits only, digits or words) of a pattern whose numbers are written "<N>" / "<C>", then
    the same two compiled with re.ASCII for plain text: index by words + 2 * plain."""
    digits = pattern.replace("<N>", DECIMAL).replace("<C>", COUNT)
    words = pattern.replace("<N>", f"(?:{DECIMAL}|{WORD_NUMBER})").replace(
        "<C>", f"(?:{COUNT}|{WORD_NUMBER})"
    )
    return Variants(digits, words)


class FirstOf:
    """`finditer` of "A|B|..." from branches compiled one by one, so each can use re's literal or
    digit prefix scan instead of trying every position; a branch whose gate substring the text
    lacks is skipped. Same matches in the same order (the earliest start wins, ties go to the
    earlier branch, the next search starts where the match ended); no branch may match empty."""

    __slots__ = ("branches",)

    def __init__(self, *branches: tuple[str, str | None], flags: int = 0) -> None:
        self.branches = tuple((first_char_search(p, flags), gate) for p, gate in branches)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        # [pattern, its next match]: the match is replaced as the scan moves on
        live: list[list[Any]] = [
            [rx, rx.search(text)] for rx, gate in self.branches if gate is None or gate in text
        ]
        pos = 0
        while True:
            best = None
            for one in live:
                m = one[1]
                if m is not None and m.start() < pos:
                    m = one[1] = one[0].search(text, pos)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            yield best
            pos = best.end()


# COUNT not preceded by [\d.,] (or [\d.]), its first digit first so re scans for digits in C.
COUNT_AFTER_SPACE = r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)"
COUNT_AFTER_NON_DIGIT = r"\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+|\d*)"


def digit_first(branch: str) -> tuple[tuple[str, str | None], ...]:
    """A branch "(?<![\\d.])(?P<g><N>..." (the group may go on after the number) as two that start
    with the number's first character (a digit; a "."), so re can scan for it in C. Digits only:
    <N> is DECIMAL."""
    head = re.match(r"\(\?<!\[\\d\.\]\)\(\?P<(\w+)><N>", branch)
    if head is None:
        return ((branch.replace("<N>", DECIMAL), None),)
    group, tail = head.group(1), branch[head.end() :].replace("<N>", DECIMAL)
    return (
        (rf"(?P<{group}>\d(?<![\d.]\d)\d*(?:\.\d+)?" + tail, None),
        (rf"(?P<{group}>\.(?<![\d.]\.)\d+" + tail, "."),
    )


class AsciiTwin:
    """A regex searched with a re.ASCII twin on plain text (`is_plain`): the same matches, but
    "\\b", "\\w" and "\\d" are table look-ups instead of Unicode database calls (on the 96% of
    PsyNamic sentences that are plain, roles.py's sentence patterns ran ~20% faster)."""

    __slots__ = ("pattern", "unicode", "ascii")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.unicode = re.compile(pattern, flags)
        self.ascii = re.compile(pattern, flags | re.A)

    def search(self, text: str, plain: bool | None = None) -> re.Match[str] | None:
        """`plain`: is_plain(text), when the caller knows it already."""
        if plain is None:
            plain = is_plain(text)
        return (self.ascii if plain else self.unicode).search(text)


class FirstCharSearch:
    """A regex searched in two steps: literals.search_form's form finds the leftmost position
    where a match starts (re scans for its first character in C), then the regex is matched
    there. The same match objects as the regex's own `search` and `finditer` (the leftmost
    match, the next search from its end; a pattern that can match empty never gets here): the
    number patterns that start with "\\b" and a preposition ("within 2 h", "over 40 min") took
    ~35% less time."""

    __slots__ = ("regex", "_starts", "pattern", "flags")

    def __init__(self, regex: re.Pattern[str], starts: re.Pattern[str]) -> None:
        self.regex, self._starts = regex, starts
        self.pattern, self.flags = regex.pattern, regex.flags

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        start = self._starts.search(text, pos, endpos)
        return None if start is None else self.regex.match(text, start.start(), endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        while (m := self.search(text, pos, endpos)) is not None:
            yield m
            pos = m.end()

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)


def first_char_search(pattern: str, flags: int = 0) -> Any:
    """The pattern compiled, as a FirstCharSearch when literals.search_form has a faster form."""
    regex = re.compile(pattern, flags)
    starts = search_form(pattern, flags)
    return regex if starts.pattern == regex.pattern else FirstCharSearch(regex, starts)


class YesNo(AsciiTwin):
    """An AsciiTwin asked only whether a text matches (`found`): both twins are
    literals.search_form's, which start with a match's first character where they can (roles.py's
    objective, methods and statistics patterns took ~35% less time)."""

    __slots__ = ()

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.unicode = search_form(pattern, flags)
        self.ascii = search_form(pattern, flags | re.A)

    def found(self, text: str, plain: bool | None = None) -> bool:
        """Does the text match? (`plain`: is_plain(text), when the caller knows it already)"""
        return self.search(text, plain) is not None


def is_plain(text: str) -> bool:
    """ASCII without \\x1c-\\x1f: the re.ASCII variants find exactly what the Unicode ones do."""
    return text.isascii() and not ("\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text)
