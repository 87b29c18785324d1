"""What a regex's matches must contain: the literals ("anchors") a Finder looks for with
`str.find` before it runs the regex (see matching.py, anchors.py).

`derive_anchors` reads the parsed pattern: every match of "\\bsuicid\\w*" starts with "suicid";
every match of "\\b(?:es)?ketamine" contains "ketamine".

This is the only module that imports `re._parser` / `re._constants`, CPython's private regex
parser (regexcheck.py gets them from here as PRIVATE_PARSER). They may be renamed or change
shape in any release, so the import is guarded and checked against known answers once: when
either fails, `PARSER_PROBLEM` says why, `derive_anchors` gives no anchors, and every Finder
searches sentence by sentence with plain `re` -- the same results, only slower, and never an
ImportError at `import litwatch.claims`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from litwatch.claims.anchors import DIGIT_START, TOKEN_TABLE, Anchor, index_key

_c: Any = None
_p: Any = None
_REPEATS: set[Any] = set()
PARSER_PROBLEM: str | None = None  # why re's private parser is not used, or None
try:
    from re import _constants as _c  # type: ignore[attr-defined,no-redef]
    from re import _parser as _p  # type: ignore[attr-defined,no-redef]

    _REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
    # every name used below, looked up now so a rename shows here rather than per pattern
    for _name in (
        *("LITERAL", "IN", "CATEGORY", "CATEGORY_SPACE", "CATEGORY_NOT_WORD", "AT", "AT_BOUNDARY"),
        *("ASSERT", "ASSERT_NOT", "SUBPATTERN", "BRANCH", "RANGE", "CATEGORY_DIGIT"),
    ):
        getattr(_c, _name)
    if not callable(_p.parse):
        raise AttributeError("re._parser.parse is not a function")
except (ImportError, AttributeError) as exc:  # pragma: no cover - depends on the Python version
    _c = _p = None
    PARSER_PROBLEM = f"re's private parser is unavailable ({type(exc).__name__}: {exc})"

# (re._constants, re._parser) for the other reader of the parse tree (regexcheck.py), or None:
# imported here only, so a rename is handled in one place.
PRIVATE_PARSER: tuple[Any, Any] | None = (_c, _p) if PARSER_PROBLEM is None else None
_WORD_FLAGS = re.ASCII | re.LOCALE  # flags that give "\b" another meaning than DIGIT_START_RE's


def _weight(anchor: Anchor) -> int:
    """Length, plus 2 for a case-sensitive literal with capitals ("SI", "IV" are rare as written);
    a word-start digit counts as 3 characters (~22 per record, as often as a short literal)."""
    text, _, cased = anchor
    if text == DIGIT_START:
        return 3
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
    digits: bool = False,
) -> tuple[set[Anchor], bool] | None:
    """(literals one of which every match contains, whether each match starts with one) or None.

    Looks at every required part of the sequence (literal runs, groups, branches, repeats of at
    least one) and keeps the most selective; optional parts are skipped. A literal run followed
    by a group is also tried glued to the group's leading literals ("(" + "es)ketamine").
    `boundary`: a word starts where the sequence does; `cased`: IGNORECASE is off here;
    `required` receives every anchor set looked at (a match holds one literal of each);
    `digits`: a digit class where a word starts ("\\b\\d") is the anchor DIGIT_START.
    """
    best: tuple[set[Anchor], bool] | None = None
    consumed = False  # has anything that takes characters come before the current element?
    lit: list[str] = []
    lit_start, lit_wb = True, False

    def offer_literal(text: str) -> None:
        offer({(text, lit_wb, cased)}, lit_start)
        if digits and lit_wb and text[0].isdecimal():  # "1\d": too short, but a word-start digit
            offer({(DIGIT_START, True, cased)}, lit_start)

    def offer(cand: set[Anchor], at_start: bool) -> None:
        nonlocal best
        long_enough = bool(cand) and min(len(a) for a, _, _ in cand) >= min_len
        if long_enough and required is not None:
            required.append(cand)
        if long_enough and (best is None or _score(cand, at_start) > _score(*best)):
            best = (cand, at_start)

    for op, av in seq:
        if op is _c.LITERAL and av:  # a NUL is never part of one: DIGIT_START is no real literal
            if not lit:
                lit_start, lit_wb = not consumed, boundary
            lit.append(chr(av))
            consumed, boundary = True, False
            continue
        pending = "".join(lit)
        pending = pending if cased else pending.lower()
        if pending:
            offer_literal(pending)
            lit = []
        if op is _c.AT:
            boundary = av is _c.AT_BOUNDARY
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if digits and boundary and op is _c.IN and _digit_only(op, av):
            offer({(DIGIT_START, True, cased)}, not consumed)  # boundary: no literal is pending
        sub_min = 1 if pending else 2
        sub_wb = boundary and not pending
        got: tuple[set[Anchor], bool] | None = None
        if op is _c.SUBPATTERN:
            add, drop = av[1], av[2]
            sub_cased = (cased or bool(drop & re.I)) and not add & re.I
            sub_digits = digits and not (add | drop) & _WORD_FLAGS  # "(?a:...)": another \b
            got = _seq_anchors(av[-1], sub_wb, sub_min, sub_cased, digits=sub_digits)
        elif op is _c.BRANCH:
            out: set[Anchor] = set()
            starts = True
            for branch in av[1]:
                one = _seq_anchors(branch, sub_wb, sub_min, cased, digits=digits)
                if one is None:
                    break
                out |= one[0]
                starts = starts and one[1]
            else:
                got = (out, starts) if out else None
        elif op in _REPEATS and av[0] >= 1:
            got = _seq_anchors(av[2], sub_wb, sub_min, cased, digits=digits)
        if got is not None:
            offer(got[0], got[1] and not consumed)
            glue = all(c == cased and a != DIGIT_START for a, _, c in got[0])
            if pending and got[1] and glue:
                offer({(pending + a, lit_wb, cased) for a, _, _ in got[0]}, lit_start)
        consumed, boundary = True, _word_start(op, av)
    if lit:
        pending = "".join(lit)
        offer_literal(pending if cased else pending.lower())
    return best


def derive_anchors(
    pattern: str,
    flags: int,
    required: list[set[Anchor]] | None = None,
    why: list[str] | None = None,
    digits: bool = False,
) -> tuple[set[Anchor], bool] | None:
    """Anchors of a pattern and whether matches start with them; None when some branch has none.
    `required` receives every anchor set of the pattern's top level: a match holds one of each.
    `why` receives the reason when the result is None (the Finder then searches everywhere).
    `digits`: the anchors may include DIGIT_START, which only Doc.positions knows how to find."""
    if PARSER_PROBLEM is not None:
        if why is not None:
            why.append(PARSER_PROBLEM)
        return None
    try:
        parsed = _p.parse(pattern, flags)
        digits = digits and not parsed.state.flags & _WORD_FLAGS
        got = _seq_anchors(parsed, cased=not parsed.state.flags & re.I, required=required, digits=digits)
    except Exception as exc:  # noqa: BLE001 - an optimisation only: fall back to searching everywhere
        if why is not None:
            why.append(f"re's private parser failed on it ({type(exc).__name__}: {exc})")
        return None
    if got is None and why is not None:
        why.append("no literal of 2+ characters that every match must contain")
    return got


def _digit_only(op: Any, av: Any) -> bool:
    """Does this element match only digits ("\\d", "[0-9]", "7")?"""
    if op is _c.LITERAL:
        return chr(av).isdecimal()
    if op is _c.IN:
        return bool(av) and all(
            (o is _c.LITERAL and chr(a).isdecimal())
            or (o is _c.RANGE and chr(a[0]) >= "0" and chr(a[1]) <= "9")
            or (o is _c.CATEGORY and a is _c.CATEGORY_DIGIT)
            for o, a in av
        )
    return False


def _seq_digit(seq: Iterable[tuple[Any, Any]]) -> bool:
    """Does some required part of the sequence match only digits?"""
    for op, av in seq:
        if _digit_only(op, av):
            return True
        if op is _c.SUBPATTERN and _seq_digit(av[-1]):
            return True
        if op is _c.BRANCH and all(_seq_digit(branch) for branch in av[1]):
            return True
        if op in _REPEATS and av[0] >= 1 and _seq_digit(av[2]):
            return True
    return False


def needs_digit(pattern: str, flags: int) -> bool:
    """Does every match contain a digit? ("12 h", "day 7", "p < .05": no usable literal, but
    only sentences with a digit need a search.) False when unsure."""
    if PARSER_PROBLEM is not None:
        return False
    try:
        return _seq_digit(_p.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an optimisation only: False searches every sentence
        return False


# Letters a match may start with, for `search_form` to start with them: with more (roles.py's
# background and result patterns: 11 and 20) the form was slower than the pattern as written.
_FIRST_LETTERS_MAX = 8


def _first(seq: Iterable[tuple[Any, Any]]) -> tuple[set[tuple[Any, Any]], bool] | None:
    """(class items one of which every match's first character is, whether the sequence can
    match empty), or None when that is unknown here (inline flags, negated classes, "."...)."""
    items: set[tuple[Any, Any]] = set()
    for op, av in seq:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the first character is the next element's
        if op is _c.LITERAL:
            return items | {(op, av)}, False
        if op is _c.IN:
            if not all(o in (_c.LITERAL, _c.RANGE, _c.CATEGORY) for o, _ in av):
                return None
            return items | set(av), False
        got: tuple[set[tuple[Any, Any]], bool] | None = None
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            got = _first(av[-1])
        elif op is _c.BRANCH:
            got = (set(), False)
            for branch in av[1]:
                one = _first(branch)
                if one is None:
                    return None
                got = (got[0] | one[0], got[1] or one[1])
        elif op in _REPEATS:
            one = _first(av[2])
            got = None if one is None else (one[0], one[1] or av[0] == 0)
        if got is None:
            return None
        items |= got[0]
        if not got[1]:
            return items, False
    return items, True


def _first_class(pattern: str, flags: int) -> str | None:
    """A character class ("[dD]", "[\\dp]") holding the first character of every match of the
    pattern, or None when there is none narrow enough to help (a word class, many letters)."""
    parsed = _p.parse(pattern, flags)
    if parsed.data and parsed.data[0] == (_c.AT, _c.AT_BEGINNING) and not flags & re.M:
        return None  # re tries a pattern that starts with "^" at the start only: fast already
    if _scans_itself(parsed):
        return None
    got = _first(parsed)
    if got is None or got[1] or parsed.state.flags & (re.I | re.X):
        return None
    parts: list[str] = []
    letters = 0
    for op, av in got[0]:
        if op is _c.LITERAL:
            letters += chr(av).isalpha()
            parts.append(f"\\U{av:08x}")
        elif op is _c.RANGE:
            letters += sum(chr(c).isalpha() for c in range(av[0], av[1] + 1))
            parts.append(f"\\U{av[0]:08x}-\\U{av[1]:08x}")
        elif av is _c.CATEGORY_DIGIT:
            parts.append("\\d")
        else:
            return None  # "\\w", "\\s", "\\D": most characters
    return f"[{''.join(sorted(parts))}]" if parts and letters <= _FIRST_LETTERS_MAX else None


def _scans_itself(seq: Any) -> bool:
    """Does re scan for the pattern's first character itself? (It starts with a literal or a
    class, or with an alternation whose branches all start with a literal.)"""
    while seq.data and seq.data[0][0] is _c.SUBPATTERN and not seq.data[0][1][1] and not seq.data[0][1][2]:
        seq = seq.data[0][1][-1]
    if not seq.data:
        return False
    op, av = seq.data[0]
    if op is _c.BRANCH:
        return all(branch.data and branch.data[0][0] is _c.LITERAL for branch in av[1])
    return op in (_c.LITERAL, _c.IN)


def search_form(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A regex that `search` finds a match with exactly when `pattern`'s does, for yes/no
    questions only (its match is the first character of the pattern's match).

    re tries a pattern that starts with "\\b", a lookbehind or an alternation at every position
    of the text; one that starts with a character class is scanned for that class in C first.
    So a pattern whose matches all start with one of a few characters C is written
    "C(?<=(?=PATTERN)C)": the class first, then, looking back at that one character, the pattern
    as written. Without such a class (or without re's parser), the pattern itself."""
    if PARSER_PROBLEM is None:
        try:
            first = _first_class(pattern, flags)
            if first is not None:
                return re.compile(f"{first}(?<=(?=(?:{pattern})){first})", flags)
        except Exception:  # noqa: BLE001 - an optimisation only: the pattern as written
            pass
    return re.compile(pattern, flags)


# Known answers: a parser whose output changed shape would give wrong anchors, and wrong anchors
# would lose matches, so any difference turns the optimisation off for the whole process.
_CANARIES: tuple[tuple[str, int, tuple[set[Anchor], bool] | None], ...] = (
    (r"\bsuicid\w*", re.I, ({("suicid", True, False)}, True)),
    (r"\b(?:es)?ketamine\b", re.I, ({("ketamine", False, False)}, False)),
    (r"(?-i:\bIV\b)|\bintravenous", re.I, ({("IV", True, True), ("intravenous", True, False)}, True)),
    (r"[a-z]+ed\b", re.I, ({("ed", False, False)}, False)),
    (r"\d+\s*%", re.I, None),
)


def check_parser() -> str | None:
    """Why the private parser cannot be trusted here, or None when it gives the known answers."""
    if PARSER_PROBLEM is not None:
        return PARSER_PROBLEM
    for pattern, flags, want in _CANARIES:
        try:
            got = derive_anchors(pattern, flags)
        except Exception as exc:  # noqa: BLE001 - any failure means: do not use it
            return f"re's private parser failed a self-check on {pattern!r} ({type(exc).__name__}: {exc})"
        if got != want:
            return f"re's private parser gave unexpected anchors for {pattern!r} (API changed?)"
    for pattern, want_digit in ((r"\bday ?(?:[7-9]|[1-9]\d{1,2})\b", True), (r"\d*x|\bp\d", False)):
        try:
            got_digit = needs_digit(pattern, re.I)
        except Exception as exc:  # noqa: BLE001 - any failure means: do not use it
            return f"re's private parser failed a self-check on {pattern!r} ({type(exc).__name__}: {exc})"
        if got_digit != want_digit:
            return f"re's private parser gave an unexpected digit check for {pattern!r} (API changed?)"
    return None


PARSER_PROBLEM = check_parser()
