"""Refuse claims-file regexes that Python's backtracking `re` can take exponential time on.

A claims file is user input, and `re` has no timeout: one pattern such as `(\\w+\\s?)+$` makes a
record take 2^n steps in its longest word, so tagging hangs. The dangerous shape is a repeated
group whose text can be split between its repetitions in many ways: a repeat inside it (`\\w+`)
that can also match what may follow it in the group, where the group's next repetition counts
as following (`\\s?` is optional, so `\\w+` is followed by `\\w+` again), or two alternatives
that can start alike. Such a pattern is refused when the file is loaded, with its claim and
field, before any record is read. A repetition that must stop at a character the next one cannot
start with (`(?:\\w+ ){0,3}`, `(?:\\s+\\w+)*`) is linear and allowed.

The analysis works on `re`'s own parse tree and approximates character classes over a sample
alphabet (ASCII plus common non-ASCII letters and symbols), erring towards refusing. The parse
tree comes from CPython's private parser, imported only in literals.py: where a Python release
removes it, the check is skipped (`CHECK_PROBLEM` says why) rather than `import litwatch.claims`
failing.
"""

from __future__ import annotations

import re
import string
from typing import Any

from litwatch.claims import literals

__all__ = ["CHECK_PROBLEM", "find_backtracking_risk"]

c: Any = None
sre: Any = None
if literals.PRIVATE_PARSER is not None:
    c, sre = literals.PRIVATE_PARSER
# why the check cannot run on this Python, or None
CHECK_PROBLEM: str | None = None if sre is not None else literals.PARSER_PROBLEM

_ALPHABET = frozenset(string.printable + "éèüößçñµ±–—·×≥≤°\u00a0\u2009αβγδ中٣")
_CATEGORY = (
    {
        category: frozenset(ch for ch in _ALPHABET if re.match(rx, ch))
        for category, rx in (
            (c.CATEGORY_DIGIT, r"\d"),
            (c.CATEGORY_NOT_DIGIT, r"\D"),
            (c.CATEGORY_SPACE, r"\s"),
            (c.CATEGORY_NOT_SPACE, r"\S"),
            (c.CATEGORY_WORD, r"\w"),
            (c.CATEGORY_NOT_WORD, r"\W"),
        )
    }
    if c is not None
    else {}
)
# POSSESSIVE_REPEAT never backtracks into its body
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT) if c is not None else ()
Seq = list[tuple[Any, Any]]
First = tuple[frozenset[str], bool]  # (characters a match may start with, may match empty)


def _fold(chars: set[str]) -> frozenset[str]:
    """Case-insensitive closure: claims patterns are compiled with IGNORECASE."""
    upper = {ch.upper() for ch in chars if len(ch.upper()) == 1}
    return frozenset(chars | {ch.lower() for ch in chars} | upper)


def _class_chars(items: Seq) -> frozenset[str]:
    negate, chars = False, set()
    for op, av in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE:
            lo, hi = av
            chars |= {ch for ch in _ALPHABET if lo <= ord(ch) <= hi}
            chars |= {chr(lo), chr(hi)}
        elif op is c.CATEGORY and av in _CATEGORY:
            chars |= _CATEGORY[av]
        else:  # an unknown class item: assume it may match anything
            chars |= _ALPHABET
    folded = _fold(chars)
    return _ALPHABET - folded if negate else folded


def _first_item(op: Any, av: Any) -> First:
    if op is c.LITERAL:
        return _fold({chr(av)}), False
    if op is c.NOT_LITERAL:
        return _ALPHABET - _fold({chr(av)}), False
    if op is c.ANY:
        return _ALPHABET - {"\n"}, False
    if op is c.IN:
        return _class_chars(av), False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset(), True
    if op is c.SUBPATTERN:
        return _first(av[-1])
    if op is c.ATOMIC_GROUP:
        return _first(av)
    if op is c.BRANCH:
        firsts = [_first(branch) for branch in av[1]]
        return frozenset().union(*(f for f, _ in firsts)), any(n for _, n in firsts)
    if op in (*_REPEATS, c.POSSESSIVE_REPEAT):
        low, _high, body = av
        chars, nullable = _first(body)
        return chars, nullable or low == 0
    return _ALPHABET, True  # back-references, conditionals: anything


def _first(seq: Seq) -> First:
    """What a match of `seq` may start with, and whether it may be empty."""
    chars: frozenset[str] = frozenset()
    for op, av in seq:
        more, nullable = _first_item(op, av)
        chars |= more
        if not nullable:
            return chars, False
    return chars, True


def _scan(seq: Seq, after: frozenset[str]) -> str | None:
    """Inside a repeated group: a repeat or alternation that can match what may follow it."""
    for i, (op, av) in enumerate(seq):
        rest, rest_nullable = _first(seq[i + 1 :])
        follow = rest | after if rest_nullable else rest
        if op in _REPEATS:
            low, high, body = av
            if high > 1 and _first(body)[0] & follow:
                return "a repeated group holds a repeat that can also match what follows it"
            found = _scan(body, follow | _first(body)[0] if high > 1 else follow)
        elif op is c.SUBPATTERN:
            found = _scan(av[-1], follow)
        elif op is c.BRANCH:
            firsts = [_first(branch)[0] for branch in av[1]]
            if sum(_first(branch)[1] for branch in av[1]) > 1:
                return "a repeated group holds alternatives that can both match nothing"
            for k, chars in enumerate(firsts):
                if any(chars & other for other in firsts[k + 1 :]):
                    return "a repeated group holds alternatives that can start with the same character"
            found = next((f for branch in av[1] if (f := _scan(branch, follow))), None)
        else:
            found = None
        if found:
            return found
    return None


def _walk(seq: Seq) -> str | None:
    """Every repeat (max > 1) anywhere in the pattern, with its group's next repetition following it."""
    for op, av in seq:
        if op in _REPEATS:
            _low, high, body = av
            if high > 1 and (found := _scan(body, _first(body)[0])):
                return found
            children = [body]
        elif op is c.POSSESSIVE_REPEAT:
            children = [av[2]]
        elif op is c.SUBPATTERN:
            children = [av[-1]]
        elif op is c.ATOMIC_GROUP or op in (c.ASSERT, c.ASSERT_NOT):
            children = [av if op is c.ATOMIC_GROUP else av[1]]
        elif op is c.BRANCH:
            children = list(av[1])
        elif op is c.GROUPREF_EXISTS:
            children = [s for s in av[1:] if s]
        else:
            children = []
        for child in children:
            if found := _walk(list(child)):
                return found
    return None


def find_backtracking_risk(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """Why `pattern` may need exponential time on some text, or None when it is linear enough
    (or when this Python has no usable parser: CHECK_PROBLEM)."""
    if sre is None:  # pragma: no cover - depends on the Python version
        return None
    return _walk(list(sre.parse(pattern, flags)))
