"""Fast regex matching over a record's sentences.

Python's `re` tries every position of a text for every pattern, and a pattern that starts
with "\\b" or a character class gets no literal-prefix shortcut; with ~100 patterns per record
that alone would cap tagging far below 1,000 records/s. So a `Finder` looks at its pattern once:

* Anchors. Where every branch must start with a literal ("\\bsuicid\\w*" starts with "suicid"),
  the Finder finds those literals with `str.find` (C speed) in the lower-cased record and tries
  the regex only there, with `match` at that position. Where the literal may sit later in the
  match (an optional prefix, "\\b(?:es)?ketamine"), it searches only the sentences holding it.
  Patterns without usable anchors are searched sentence by sentence.
* Lower-case text. A case-insensitive pattern whose literals are all lower case gives the same
  matches without IGNORECASE on lower-cased text, which `re` scans several times faster.

Results are exactly those of `regex.search(sentence)`; only the work differs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

from litwatch.claims.text import Sentence

_ESCAPE_RE = re.compile(r"\\.")
_CASE_RE = re.compile(r"[A-Z]|\(\?[a-zA-Z-]")
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_SEP = "\n.\n"  # between sentences in Doc.low / Doc.norm: stops "\s+", "[^.;]" and "\w+ " runs


def _lower_safe(pattern: str) -> bool:
    """No upper-case literal and no inline flag: IGNORECASE adds nothing on lower-cased text."""
    return not _CASE_RE.search(_ESCAPE_RE.sub("", pattern))


Anchor = tuple[str, bool]  # (lower-cased literal, is a word boundary "\b" right before it)


def _score(anchors: set[Anchor], at_start: bool) -> tuple[bool, bool, int, int]:
    """Selectivity of an anchor set: literals a match starts with (>= 3 chars) are cheapest to use
    (one `match` per occurrence); then longer shortest literal, then fewer literals."""
    shortest = min(len(a) for a, _ in anchors)
    return (at_start and shortest >= 3, shortest >= 4, shortest, -len(anchors))


def _seq_anchors(
    seq: Iterable[tuple[Any, Any]], boundary: bool = False, min_len: int = 2
) -> tuple[set[Anchor], bool] | None:
    """(literals one of which every match contains, whether each match starts with one) or None.

    Looks at every required part of the sequence (literal runs, groups, branches, repeats of at
    least one) and keeps the most selective; optional parts are skipped. A literal run followed
    by a group is also tried glued to the group's leading literals ("(" + "es)ketamine").
    `boundary`: a "\b" precedes the sequence.
    """
    best: tuple[set[Anchor], bool] | None = None
    consumed = False  # has anything that takes characters come before the current element?
    lit: list[str] = []
    lit_start, lit_wb = True, False

    def offer(cand: set[Anchor], at_start: bool) -> None:
        nonlocal best
        long_enough = bool(cand) and min(len(a) for a, _ in cand) >= min_len
        if long_enough and (best is None or _score(cand, at_start) > _score(*best)):
            best = (cand, at_start)

    for op, av in seq:
        if op is _c.LITERAL:
            if not lit:
                lit_start, lit_wb = not consumed, boundary
            lit.append(chr(av))
            consumed, boundary = True, False
            continue
        pending = "".join(lit).lower()
        if pending:
            offer({(pending, lit_wb)}, lit_start)
            lit = []
        if op is _c.AT:
            boundary = av is _c.AT_BOUNDARY
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        sub_min = 1 if pending else 2
        got: tuple[set[Anchor], bool] | None = None
        if op is _c.SUBPATTERN:
            got = _seq_anchors(av[-1], boundary and not pending, sub_min)
        elif op is _c.BRANCH:
            out: set[Anchor] = set()
            starts = True
            for branch in av[1]:
                one = _seq_anchors(branch, boundary and not pending, sub_min)
                if one is None:
                    break
                out |= one[0]
                starts = starts and one[1]
            else:
                got = (out, starts) if out else None
        elif op in _REPEATS and av[0] >= 1:
            got = _seq_anchors(av[2], boundary and not pending, sub_min)
        if got is not None:
            offer(got[0], got[1] and not consumed)
            if pending and got[1]:
                offer({(pending + a, lit_wb) for a, _ in got[0]}, lit_start)
        consumed, boundary = True, False
    if lit:
        offer({("".join(lit).lower(), lit_wb)}, lit_start)
    return best


def derive_anchors(pattern: str, flags: int) -> tuple[set[Anchor], bool] | None:
    """Anchors of a pattern and whether matches start with them; None when some branch has none."""
    try:
        return _seq_anchors(_p.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an optimisation only: fall back to searching everywhere
        return None


# Word characters (ASCII letters, digits, "_") stay, everything else becomes a space: the tokens of
# the result start exactly where a regex "\b" precedes an ASCII word character (or more often).
_TOKEN_TABLE = bytes(c if (c < 128 and chr(c).isalnum()) or c == 95 else 32 for c in range(256))


_KEY_MAX = 6


def index_key(literal: str) -> bytes | None:
    """The word-prefix key of an anchor that follows a "\b": its first word, cut to 6 characters."""
    tokens = literal.encode("utf-8").translate(_TOKEN_TABLE).split()
    if not tokens or not literal[:1].isalnum() or len(tokens[0]) < 2:
        return None
    return tokens[0][:_KEY_MAX]


class Doc:
    """A record's sentences, joined lower-cased and normalised so Finders can scan once."""

    __slots__ = ("sentences", "low", "norm", "starts", "prefixes", "cache", "_positions")

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = sentences
        self.low = _SEP.join(s.low for s in sentences)
        self.norm = _SEP.join(s.norm for s in sentences)
        starts, pos = [], 0
        for s in sentences:
            starts.append(pos)
            pos += len(s.low) + len(_SEP)
        self.starts = starts
        tokens = set(self.low.encode("utf-8").translate(_TOKEN_TABLE).split())
        prefixes: set[bytes] = set()
        for k in range(2, _KEY_MAX + 1):
            prefixes.update(map(itemgetter(slice(0, k)), tokens))
        self.prefixes = prefixes
        self.cache: dict[object, Any] = {}
        self._positions: dict[str, list[int]] = {}

    def sentence_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def positions(self, literal: str) -> list[int]:
        """Every offset of `literal` in the lower-cased text (cached: Finders share literals)."""
        got = self._positions.get(literal)
        if got is None:
            got = []
            find = self.low.find
            p = find(literal)
            while p >= 0:
                got.append(p)
                p = find(literal, p + 1)
            self._positions[literal] = got
        return got

    def holding(self, literal: str) -> set[int]:
        """Indices of the sentences whose lower-cased text contains `literal`."""
        return {self.sentence_at(p) for p in self.positions(literal)}


class Finder:
    """A regex (or a list of alternatives, OR-ed) that finds the sentences of a Doc it matches."""

    __slots__ = ("pattern", "_low", "_case", "_anchors", "_at_start")

    def __init__(self, patterns: str | Sequence[str], flags: int = re.I) -> None:
        parts = [patterns] if isinstance(patterns, str) else list(patterns)
        self.pattern = "|".join(f"(?:{p})" for p in parts) if len(parts) > 1 else parts[0]
        ignore = bool(flags & re.I)
        low = [p for p in parts if ignore and _lower_safe(p)]
        case = [p for p in parts if p not in low]
        flags |= re.M  # "^"/"$" keep meaning sentence start/end inside the joined Doc text
        self._low = re.compile("|".join(f"(?:{p})" for p in low), flags & ~re.I) if low else None
        self._case = re.compile("|".join(f"(?:{p})" for p in case), flags) if case else None
        got = derive_anchors(self.pattern, flags)
        # (literal, index key or None): the key lets Doc.prefixes rule a literal out in O(1)
        self._anchors: tuple[tuple[str, bytes | None], ...] | None = None
        if got is not None:
            keys: dict[str, bytes | None] = {}
            for lit, wb in sorted(
                got[0]
            ):  # (lit, False) sorts first: a literal also seen mid-word keeps no key
                keys.setdefault(lit, index_key(lit) if wb else None)
            self._anchors = tuple(keys.items())
        self._at_start = bool(got and got[1])

    def search(self, s: Sentence) -> re.Match[str] | None:
        """First match in one sentence (offsets valid for s.text, s.norm and s.low)."""
        a = self._low.search(s.low) if self._low is not None else None
        b = self._case.search(s.norm) if self._case is not None else None
        if a is None or b is None:
            return a or b
        return a if a.start() <= b.start() else b

    def finditer(self, s: Sentence) -> Iterator[re.Match[str]]:
        if self._low is not None:
            yield from self._low.finditer(s.low)
        if self._case is not None:
            yield from self._case.finditer(s.norm)

    def hits(self, doc: Doc) -> tuple[int, ...]:
        """Indices of the sentences this pattern matches; cached per Doc."""
        got = doc.cache.get(self)
        if got is not None:
            return got
        if self._anchors is None:
            got = tuple(i for i, s in enumerate(doc.sentences) if self.search(s))
        else:
            prefixes, positions = doc.prefixes, doc.positions
            present = [
                lit for lit, key in self._anchors if (key is None or key in prefixes) and positions(lit)
            ]
            got = self._hits_at(doc, present) if self._at_start else self._hits_in(doc, present)
        doc.cache[self] = got
        return got

    def matches_in(self, doc: Doc, i: int) -> bool:
        """Does sentence i match? For checks on a few sentences: anchors are looked up only there."""
        full = doc.cache.get(self)
        if full is not None:
            return i in full
        key = (self, i)
        got = doc.cache.get(key)
        if got is None:
            got = doc.cache[key] = self._matches_in(doc, i)
        return got

    def _matches_in(self, doc: Doc, i: int) -> bool:
        if self._anchors is None:
            return self.search(doc.sentences[i]) is not None
        start = doc.starts[i]
        end = start + len(doc.sentences[i].low)
        low, prefixes = doc.low, doc.prefixes
        present = [
            lit
            for lit, key in self._anchors
            if (key is None or key in prefixes) and low.find(lit, start, end) >= 0
        ]
        if not present:
            return False
        if not self._at_start:
            return self.search(doc.sentences[i]) is not None
        low_rx, case_rx, norm = self._low, self._case, doc.norm
        for lit in present:
            p = low.find(lit, start, end)
            while p >= 0:
                if (low_rx is not None and low_rx.match(low, p)) or (
                    case_rx is not None and case_rx.match(norm, p)
                ):
                    return True
                p = low.find(lit, p + 1, end)
        return False

    def matches(self, doc: Doc, i: int) -> list[re.Match[str]]:
        """Non-overlapping matches in sentence i, in order; offsets are into doc.low / doc.norm
        (subtract doc.starts[i] for sentence offsets). Anchored patterns only try anchor positions."""
        if not self._at_start or self._anchors is None:
            base = doc.starts[i]
            s = doc.sentences[i]
            return sorted(
                (
                    m
                    for rx, text in ((self._low, doc.low), (self._case, doc.norm))
                    if rx is not None
                    for m in rx.finditer(text, base, base + len(s.low))
                ),
                key=lambda m: m.start(),
            )
        start = doc.starts[i]
        end = start + len(doc.sentences[i].low)
        low, norm, prefixes = doc.low, doc.norm, doc.prefixes
        spots: set[int] = set()
        for lit, key in self._anchors:
            if key is None or key in prefixes:
                p = low.find(lit, start, end)
                while p >= 0:
                    spots.add(p)
                    p = low.find(lit, p + 1, end)
        out: list[re.Match[str]] = []
        last = -1
        for p in sorted(spots):
            if p < last:
                continue
            m = (self._low.match(low, p, end) if self._low is not None else None) or (
                self._case.match(norm, p, end) if self._case is not None else None
            )
            if m:
                out.append(m)
                last = m.end()
        return out

    def _hits_at(self, doc: Doc, literals: list[str]) -> tuple[int, ...]:
        """Every match starts with a literal: try `match` where each occurs, once per sentence."""
        found: set[int] = set()
        low_rx, case_rx, low, norm = self._low, self._case, doc.low, doc.norm
        for lit in literals:
            for p in doc.positions(lit):
                i = doc.sentence_at(p)
                if i in found:
                    continue
                if (low_rx is not None and low_rx.match(low, p)) or (
                    case_rx is not None and case_rx.match(norm, p)
                ):
                    found.add(i)
        return tuple(sorted(found))

    def _hits_in(self, doc: Doc, literals: list[str]) -> tuple[int, ...]:
        """Every match contains a literal: search the sentences that hold one."""
        cand: set[int] = set()
        for lit in literals:
            cand |= doc.holding(lit)
        return tuple(i for i in sorted(cand) if self.search(doc.sentences[i]))
