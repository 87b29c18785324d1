"""What a regex's matches must contain: the literals ("anchors") a Finder looks for with
`str.find` before it runs the regex (see matching.py).

`derive_anchors` reads the parsed pattern: every match of "\\bsuicid\\w*" starts with "suicid";
every match of "\\b(?:es)?ketamine" contains "ketamine". `index_key` gives the word an anchor
starts ("suicid", "adverse"); every such key is registered in WORD_KEYS, and Doc.prefixes holds
the registered keys that a word of the record starts with, so a key not there rules its literals
out in O(1). `AnchorIndex` files anchors by key: one set intersection picks those worth a `find`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}

# (literal, key-able: it starts a word -- a "\b" or a non-word character right before it --,
# case-sensitive: found as written in the normalised text, not lower-cased)
Anchor = tuple[str, bool, bool]


def _weight(anchor: Anchor) -> int:
    """Length, plus 2 for a case-sensitive literal with capitals ("SI", "IV" are rare as written)."""
    text, _, cased = anchor
    return len(text) + (2 if cased and not text.islower() else 0)


def _score(anchors: set[Anchor], at_start: bool) -> tuple[bool, bool, bool, int, int]:
    """Selectivity of an anchor set: literals a match starts with (>= 3 chars) are cheapest to use
    (one `match` per occurrence); then literals that Doc.prefixes can rule out in O(1), then the
    longer shortest literal, then fewer literals."""
    shortest = min(_weight(a) for a in anchors)
    keyed = all(index_key(a, wb) is not None for a, wb, _ in anchors)
    return (at_start and shortest >= 3, shortest >= 4, keyed, shortest, -len(anchors))


def _word_start(op: Any, av: Any) -> bool:
    """Does this element match only characters that cannot be part of a word ("[- ]", "\\s+")?"""
    if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
        op, av = av[2][0]
    if op is _c.LITERAL:
        return TOKEN_TABLE[av] == 32 if av < 128 else False
    if op is _c.IN:
        return all(
            (o is _c.LITERAL and a < 128 and TOKEN_TABLE[a] == 32)
            or (o is _c.CATEGORY and a in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD))
            for o, a in av
        )
    return False


def _seq_anchors(
    seq: Iterable[tuple[Any, Any]],
    boundary: bool = False,
    min_len: int = 2,
    cased: bool = False,
    required: list[set[Anchor]] | None = None,
) -> tuple[set[Anchor], bool] | None:
    """(literals one of which every match contains, whether each match starts with one) or None.

    Looks at every required part of the sequence (literal runs, groups, branches, repeats of at
    least one) and keeps the most selective; optional parts are skipped. A literal run followed
    by a group is also tried glued to the group's leading literals ("(" + "es)ketamine").
    `boundary`: a word starts where the sequence does; `cased`: IGNORECASE is off here;
    `required` receives every anchor set looked at (a match holds one literal of each).
    """
    best: tuple[set[Anchor], bool] | None = None
    consumed = False  # has anything that takes characters come before the current element?
    lit: list[str] = []
    lit_start, lit_wb = True, False

    def offer(cand: set[Anchor], at_start: bool) -> None:
        nonlocal best
        long_enough = bool(cand) and min(len(a) for a, _, _ in cand) >= min_len
        if long_enough and required is not None:
            required.append(cand)
        if long_enough and (best is None or _score(cand, at_start) > _score(*best)):
            best = (cand, at_start)

    for op, av in seq:
        if op is _c.LITERAL:
            if not lit:
                lit_start, lit_wb = not consumed, boundary
            lit.append(chr(av))
            consumed, boundary = True, False
            continue
        pending = "".join(lit)
        pending = pending if cased else pending.lower()
        if pending:
            offer({(pending, lit_wb, cased)}, lit_start)
            lit = []
        if op is _c.AT:
            boundary = av is _c.AT_BOUNDARY
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        sub_min = 1 if pending else 2
        sub_wb = boundary and not pending
        got: tuple[set[Anchor], bool] | None = None
        if op is _c.SUBPATTERN:
            add, drop = av[1], av[2]
            sub_cased = (cased or bool(drop & re.I)) and not add & re.I
            got = _seq_anchors(av[-1], sub_wb, sub_min, sub_cased)
        elif op is _c.BRANCH:
            out: set[Anchor] = set()
            starts = True
            for branch in av[1]:
                one = _seq_anchors(branch, sub_wb, sub_min, cased)
                if one is None:
                    break
                out |= one[0]
                starts = starts and one[1]
            else:
                got = (out, starts) if out else None
        elif op in _REPEATS and av[0] >= 1:
            got = _seq_anchors(av[2], sub_wb, sub_min, cased)
        if got is not None:
            offer(got[0], got[1] and not consumed)
            if pending and got[1] and all(c == cased for _, _, c in got[0]):
                offer({(pending + a, lit_wb, cased) for a, _, _ in got[0]}, lit_start)
        consumed, boundary = True, _word_start(op, av)
    if lit:
        pending = "".join(lit)
        offer({(pending if cased else pending.lower(), lit_wb, cased)}, lit_start)
    return best


def derive_anchors(
    pattern: str, flags: int, required: list[set[Anchor]] | None = None
) -> tuple[set[Anchor], bool] | None:
    """Anchors of a pattern and whether matches start with them; None when some branch has none.
    `required` receives every anchor set of the pattern's top level: a match holds one of each."""
    try:
        parsed = _p.parse(pattern, flags)
        return _seq_anchors(parsed, cased=not parsed.state.flags & re.I, required=required)
    except Exception:  # noqa: BLE001 - an optimisation only: fall back to searching everywhere
        return None


# Word characters (ASCII letters, digits, "_") stay, everything else becomes a space: the tokens of
# the result start exactly where a regex "\b" precedes an ASCII word character (or more often).
TOKEN_TABLE = bytes(c if (c < 128 and chr(c).isalnum()) or c == 95 else 32 for c in range(256))


KEY_MAX = 40  # a key is the literal's whole word: Doc.prefixes holds only registered keys


def index_key(literal: str, word_start: bool = True) -> bytes | None:
    """The word-prefix key of an anchor, or None: a word of the literal that
    must start a word of the text -- its first when the literal starts a word (`word_start`) or
    starts with a non-word character, else its second. Doc.prefixes holds every such prefix."""
    raw = literal.lower().encode("utf-8")
    tokens = raw.translate(TOKEN_TABLE).split()
    if not tokens:
        return None
    if TOKEN_TABLE[raw[0]] == 32 or (word_start and literal[:1].isalnum()):
        token = tokens[0]
    elif len(tokens) > 1:
        token = tokens[1]
    else:
        return None
    return token[:KEY_MAX] if len(token) >= 2 else None


_COMMON_MIN = 5


def anchor_keys(anchors: set[Anchor]) -> tuple[tuple[str, bytes | None, bool], ...]:
    """(literal, index key or None, case-sensitive) triples to look for: the key lets Doc.prefixes
    rule a literal out in O(1) (a literal also seen where no word need start keeps none).

    Literals sharing a key that starts them are replaced by their common prefix ("adverse event",
    "adverse effect" -> "adverse "; not when that prefix is short and common: "the "), and a
    literal that another one starts is dropped ("ketamine" for "ketamin"): one `find` loop then
    serves them all, and the regex checks the rest where the prefix occurs.
    """
    keys: dict[tuple[str, bool], bytes | None] = {}
    for lit, wb, cased in sorted(anchors):
        key = index_key(lit, wb)
        keys[lit, cased] = key if keys.get((lit, cased), key) is not None else None
    groups: dict[tuple[bytes | None, bool], list[str]] = {}
    for (lit, cased), key in keys.items():
        starts = key is not None and lit.lower().encode("utf-8").startswith(key)
        groups.setdefault((key if starts else None, cased), []).append(lit)
    merged: dict[tuple[str, bool], bytes | None] = {}
    for (key, cased), lits in groups.items():
        common = os.path.commonprefix(lits)
        if key is not None and (common in lits or len(common) >= _COMMON_MIN):
            merged[common, cased] = key
        else:
            merged.update(((lit, cased), keys[lit, cased]) for lit in lits)
    out: list[tuple[str, bytes | None, bool]] = []
    for (lit, cased), key in sorted(merged.items(), key=lambda item: len(item[0][0])):
        if not any(c == cased and lit.startswith(o) for o, _, c in out):
            out.append((lit, key, cased))
    return tuple(out)


class _WordKeys(dict[bytes, tuple[bytes, ...]]):
    """word -> the registered index keys it starts with. Kept across records: most words recur,
    and most start no key, so a Doc's key set is a union of a few short cached tuples."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set[bytes] = set()
        self.version = 0  # bumped with every new key: a Doc made before then looks again

    def register(self, keys: Iterable[bytes]) -> None:
        new = set(keys) - self.keys
        if new:
            self.keys |= new
            self.version += 1
            self.clear()

    def __missing__(self, word: bytes) -> tuple[bytes, ...]:
        if len(self) >= _WORD_CACHE_MAX:
            self.clear()
        keys = self.keys
        got = self[word] = tuple(word[:k] for k in range(2, min(len(word), KEY_MAX) + 1) if word[:k] in keys)
        return got


_WORD_CACHE_MAX = 200_000
WORD_KEYS = _WordKeys()


class _Parents(dict[str, str]):
    """literal -> the longest other registered literal that starts it ("" if none): a Doc that
    has the positions of "ketamin" filters them for "ketamine" instead of searching again."""

    def __init__(self) -> None:
        super().__init__()
        self.literals: set[str] = set()

    def register(self, literals: Iterable[str]) -> None:
        new = set(literals) - self.literals
        if new:
            self.literals |= new
            self.clear()

    def __missing__(self, literal: str) -> str:
        got = self[literal] = next(
            (literal[:k] for k in range(len(literal) - 1, 1, -1) if literal[:k] in self.literals), ""
        )
        return got


PARENTS = _Parents()


class AnchorIndex:
    """Entries (tuples that start with literal, key, case-sensitive) filed by index key; the keys
    are registered with WORD_KEYS, so Doc.prefixes holds every one a word of the record starts."""

    __slots__ = ("_by_key", "_keys", "_free", "entries")

    def __init__(self, entries: Sequence[tuple[Any, ...]]) -> None:
        by_key: dict[bytes, list[tuple[Any, ...]]] = {}
        for e in entries:
            if e[1] is not None:
                by_key.setdefault(e[1], []).append(e)
        self.entries = tuple(entries)
        WORD_KEYS.register(by_key)
        PARENTS.register(e[0] for e in entries)
        self._by_key = {k: tuple(v) for k, v in by_key.items()}
        self._keys = frozenset(by_key)
        self._free = tuple(e for e in entries if e[1] is None)

    def present(self, prefixes: set[bytes]) -> Sequence[tuple[Any, ...]]:
        """The entries whose literal may occur in a Doc with these word prefixes (any order)."""
        keys = self._keys.intersection(prefixes)
        if not keys:
            return self._free
        by_key = self._by_key
        if len(keys) == 1 and not self._free:
            return by_key[next(iter(keys))]
        out = list(self._free)
        for key in keys:
            out.extend(by_key[key])
        return out
