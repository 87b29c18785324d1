"""How a Finder files the literals ("anchors") it looks for with `str.find` before it runs
its regex (see matching.py; literals.py derives them from the pattern).

`index_key` gives the word an anchor starts ("suicid", "adverse"); every such key is registered
in the Finder's MatchPlan, and Doc.prefixes_for(plan) holds the registered keys that a word of
the record starts with, so a key not there rules its literals out in O(1). `AnchorIndex` files
anchors by key: one set intersection picks those worth a `find`.

Nothing here touches re's private parser: that stays in literals.py.
"""

from __future__ import annotations

import os
import re
import weakref
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litwatch.claims.matching import Doc

try:  # one scan of a record finds every literal; without it each is looked for with str.find
    import ahocorasick
except ImportError:  # pragma: no cover - a declared dependency, but the fallback is exact too
    ahocorasick = None

# (literal, key-able: it starts a word -- a "\b" or a non-word character right before it --,
# case-sensitive: found as written in the normalised text, not lower-cased)
Anchor = tuple[str, bool, bool]

# Word characters (ASCII letters, digits, "_") stay, everything else becomes a space: the tokens of
# the result start exactly where a regex "\b" precedes an ASCII word character (or more often).
TOKEN_TABLE = bytes(c if (c < 128 and chr(c).isalnum()) or c == 95 else 32 for c in range(256))


KEY_MAX = 40  # a key is the literal's whole word: Doc.prefixes holds only registered keys

# A pseudo-literal: "a digit where a word starts", the positions `DIGIT_START_RE` finds.
# "\b(?:\d|1\d|2[0-4])(?:\.\d+)? ?h" has no literal to find, so it was searched in every
# sentence with a digit (~1,100 characters per PsyNamic record); its matches all start at one of
# ~22 such positions per record, where `match` is tried instead, like at a literal. Tagging the
# PsyNamic dev records took 4.6% fewer instructions (literals.py offers it; Doc.positions finds it).
DIGIT_START = "\x00\\b\\d"  # never a real literal: literals.py keeps NULs out of literals
# Where "\b\d" matches (Unicode "\b" and "\d", as the patterns have them: no re.A), written to
# start with the digit so re scans for it in C: 17 instead of 31 us per PsyNamic record.
DIGIT_START_RE = re.compile(r"\d(?<!\w\d)")
# On ASCII text (where "\d" and "\w" mean the same in both modes: 60% of the PsyNamic records),
# digits -> "0", other word characters -> "a", the rest -> " ": a digit where a word starts is
# then a " 0" (see digit_starts; a re.ASCII twin of the regex took twice as long).
_DIGIT_WORD_TABLE = {
    c: "0" if chr(c).isdigit() else "a" if chr(c).isalnum() or c == 95 else " " for c in range(128)
}


def digit_starts(text: str) -> list[int]:
    """Where DIGIT_START_RE matches: on ASCII text, the " 0"s of the text mapped through
    _DIGIT_WORD_TABLE (str.translate and str.find run in C without a per-character call; ~11 ->
    ~5 us per ASCII PsyNamic record), else the regex."""
    if not text.isascii():
        return [m.start() for m in DIGIT_START_RE.finditer(text)]
    mapped = " " + text.translate(_DIGIT_WORD_TABLE)  # the " " stands before the text: p -> p + 1
    out: list[int] = []
    find = mapped.find
    p = find(" 0")
    while p >= 0:
        out.append(p)
        p = find(" 0", p + 2)
    return out


def index_key(literal: str, word_start: bool = True) -> bytes | None:
    """The word-prefix key of an anchor, or None: a word of the literal that
    must start a word of the text -- its first when the literal starts a word (`word_start`) or
    starts with a non-word character, else its second. Doc.prefixes holds every such prefix."""
    if literal == DIGIT_START:
        return None  # not a word: found by its own regex, never ruled out by a key
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
        self.keys: set[bytes] = set()  # type: ignore[assignment]  # hides dict.keys()
        self.version = 0  # bumped with every new key: a Doc's key set made before then is redone
        # Cached words that start no key (two in three of a record's words): one C-level set
        # difference drops them before the per-word look-ups (see MatchPlan.prefixes_of).
        self.none: set[bytes] = set()

    def register(self, keys: Iterable[bytes]) -> None:
        new = set(keys) - self.keys
        if new:
            self.keys |= new
            self.version += 1
            self.clear()

    def clear(self) -> None:
        super().clear()
        self.none.clear()

    def __missing__(self, word: bytes) -> tuple[bytes, ...]:
        if len(self) >= _WORD_CACHE_MAX:
            self.clear()
        keys = self.keys
        got = self[word] = tuple(word[:k] for k in range(2, min(len(word), KEY_MAX) + 1) if word[:k] in keys)
        if not got:
            self.none.add(word)
        return got


_WORD_CACHE_MAX = 200_000


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


SCAN_MIN = 3  # characters (spaces aside) a literal needs to be scanned for


def scans(literal: str, cased: bool = False) -> bool:
    """Is the literal worth finding in the one automaton scan of a record?

    Short ones ("on", "at", "ed", " of ", "and") occur in nearly every record, so the scan only
    spares a `find` for long ones that are absent, while reporting each of their many occurrences
    cost Python work: 250 of the ~450 occurrences the scan reported per PsyNamic record, most
    never asked for (their Finders look up a rarer literal of the same match first). Measured on
    the 120 PsyNamic dev records (callgrind instructions per tagged record): 4 characters saved
    1.1%, 3 and 5 less; since one scan serves two plans (JointScan), 3 saves 0.4% more than 4
    and 2 costs 2%.

    A case-sensitive literal ("MADRS", "PTSD") never is: a second scan, of the normalised text,
    for the few of them cost more than a `find` for each one asked for (asked only when a word
    starts with its key): leaving them out saved 2.2% of the tagging instructions.
    """
    return not cased and len(literal.strip()) >= SCAN_MIN and literal != DIGIT_START


class MatchPlan:
    """The shared look-up state of one group of Finders (a claim set's, or the built-in ones):
    which index keys exist (so Doc.prefixes_for knows what to collect) and which literal starts
    which (so Doc.positions can filter instead of searching again).

    One per group instead of one per process: two claim sets loaded side by side register
    their keys in their own plans, and neither changes what the other's Docs compute.
    """

    __slots__ = (
        *("name", "word_keys", "parents", "literals", "scanned", "scanned_low", "literal_version"),
        "__weakref__",
    )

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.word_keys = _WordKeys()
        self.parents = _Parents()
        # (literal, case-sensitive) pairs registered; bumped when one is added
        self.literals: set[tuple[str, bool]] = set()
        # those the automaton finds (see `scans`, JointScan); the rest: str.find when asked
        self.scanned: set[tuple[str, bool]] = set()
        self.scanned_low: set[str] = set()  # the same literals (none is case-sensitive), as strings
        self.literal_version = 0

    @property
    def version(self) -> int:
        """Bumped whenever a new index key is registered (a Doc's cached key set is then stale)."""
        return self.word_keys.version

    def register(
        self, keys: Iterable[bytes], literals: Iterable[tuple[str, bool]], scan_min: int = SCAN_MIN
    ) -> None:
        """Add index keys and (literal, case-sensitive) pairs; those `scans` accepts with at least
        `scan_min` characters are scanned for (a literal registered twice: the lower bound)."""
        self.word_keys.register(keys)
        literals = set(literals)
        new = literals - self.literals
        scan = {pair for pair in literals if scans(*pair) and len(pair[0].strip()) >= scan_min}
        scan -= self.scanned
        if new or scan:
            self.literals |= new
            self.scanned |= scan
            self.scanned_low |= {lit for lit, _ in scan}
            self.literal_version += 1
            self.parents.register(lit for lit, _ in new)

    def prefixes_of(self, words: set[bytes]) -> set[bytes]:
        """The registered keys that some of these words start with (words known to start none
        are left out first: 57 of 167 words per PsyNamic record remain to look up)."""
        word_keys = self.word_keys
        return set().union(*map(word_keys.__getitem__, words - word_keys.none))

    def __repr__(self) -> str:
        return f"MatchPlan({self.name!r}, {len(self.word_keys.keys)} keys)"


Covered = tuple[tuple["weakref.ref[MatchPlan]", int], ...]  # (plan, its literal_version) pairs


class JointScan:
    """One automaton for the scanned literals of every live plan that has scanned a record.

    A record is scanned for the built-in plan (population, design) and then for its claim set's
    (the term table): two passes over the same text for literals that overlap ("ketamin",
    "depress"). Positions are facts about the text, not about a plan, so one pass with the
    union of both fills them for both (2.2% fewer tagging instructions). What a plan registers,
    and so what its Finders find, stays its own; a plan that registers more literals, or a new
    plan, gets a new automaton before its next scan.
    """

    def __init__(self) -> None:
        self._plans: weakref.WeakSet[MatchPlan] = weakref.WeakSet()
        self._built: tuple[Any, Covered] | None = None

    def automaton(self, plan: MatchPlan) -> tuple[Any, Covered] | None:
        """(automaton of the lower-case scanned literals of `plan` and of the other plans scanned
        before, each found as (literal, its length - 1), or None when there are none; the plans it
        covers at which literal_version), or None without pyahocorasick."""
        if ahocorasick is None:
            return None
        built = self._built
        if built is not None and _fresh(built[1], plan):
            # the usual case, without the WeakSet's slow add and iteration: 0.26% fewer tagging
            # instructions
            return built
        self._plans.add(plan)
        plans = sorted(self._plans, key=id)
        built = self._built
        if built is None or not _covers(built[1], plans):
            automaton = ahocorasick.Automaton()
            for lit in {lit for p in plans for lit, cased in p.scanned if not cased}:
                automaton.add_word(lit, (lit, len(lit) - 1))  # the literal, and end - start
            if len(automaton):
                automaton.make_automaton()
            covered = tuple((weakref.ref(p), p.literal_version) for p in plans)
            built = self._built = (automaton if len(automaton) else None, covered)
        return built


def _fresh(covered: Covered, plan: MatchPlan) -> bool:
    """Does the automaton cover `plan`, and every plan it covers still live at the literal_version
    it was built for? (Then the live plans are the covered ones: any other would have rebuilt it.)"""
    found = False
    for ref, version in covered:
        other = ref()
        if other is None or version != other.literal_version:
            return False
        found = found or other is plan
    return found


def _covers(covered: Covered, plans: Sequence[MatchPlan]) -> bool:
    """Were these plans, at their current literal_version, what the automaton was built for?
    (The same objects: a dead plan's id may be reused by a new one.)"""
    return len(covered) == len(plans) and all(
        ref() is plan and version == plan.literal_version
        for (ref, version), plan in zip(covered, plans, strict=True)
    )


JOINT_SCAN = JointScan()

# The plan of Finders built without one: those defined in code (context.py, design.py, ...).
# Claim sets build their own (claimset.py), so loading another claims file leaves this alone.
BUILTIN_PLAN = MatchPlan("built-in")


class AnchorIndex:
    """Entries (tuples that start with literal, key, case-sensitive) filed by index key; the keys
    are registered with `plan`, so Doc.prefixes_for(plan) holds every one a word of the record
    starts."""

    __slots__ = ("_by_key", "_keys", "_free", "entries", "plan")

    def __init__(
        self, entries: Sequence[tuple[Any, ...]], plan: MatchPlan = BUILTIN_PLAN, scan_min: int = SCAN_MIN
    ) -> None:
        """`scan_min`: the shortest of these literals the record's scan finds (MatchPlan.register)."""
        by_key: dict[bytes, list[tuple[Any, ...]]] = {}
        for e in entries:
            if e[1] is not None:
                by_key.setdefault(e[1], []).append(e)
        self.entries = tuple(entries)
        self.plan = plan
        plan.register(by_key, ((e[0], e[2]) for e in entries), scan_min)
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


# --- used by matching.py's Doc and Finder (here to keep that module readable) ---------------------


def sentence_offsets(starts: Sequence[int], size: int) -> bytes | array[int]:
    """The index of the sentence at each offset of Doc.low (a separator: the sentence before it).

    Indexing it replaced `bisect_right(starts, p) - 1` where the term tables and Finders walk
    a literal's positions (~220 look-ups per PsyNamic record): 0.7% fewer tagging instructions."""
    bounds = [*starts[1:], size] if starts else []
    if len(starts) < 256:  # nearly always: one byte per character
        return b"".join(bytes((i,)) * (b - a) for i, (a, b) in enumerate(zip(starts, bounds, strict=True)))
    out = array("I")
    for i, (a, b) in enumerate(zip(starts, bounds, strict=True)):
        out += array("I", (i,)) * (b - a)
    return out


def rarest(
    doc: Doc, presents: Sequence[Sequence[tuple[Any, ...]]], plan: MatchPlan
) -> Sequence[tuple[Any, ...]]:
    """The anchor set whose literals occur least often in the Doc: every match holds one of each
    set, so any set's sentences are the candidates, and the rarest leaves the fewest searches
    ("are"/"is"/"be" vs "needed"/"warranted": 8.5 vs ~1 sentences per PsyNamic record). Only sets
    the plan's scan finds are counted (free once scanned); without one, the set of fewest literals.
    """
    if len(presents) == 1:
        return presents[0]
    scanned = [p for p in presents if all((e[0], e[2]) in plan.scanned for e in p)]
    if not scanned:
        return min(presents, key=len)
    if doc._scan(plan):  # their positions are in the Doc's cache now (an absent one: not there)
        known = doc._positions  # read directly, not through `positions`: 0.24% of the tagging
        return min(scanned, key=lambda p: sum(len(known.get(e[0], ())) for e in p))
    return min(scanned, key=lambda p: sum(len(doc.positions(e[0], e[2], plan)) for e in p))


def hits_at(doc: Doc, present: Sequence[tuple[Any, ...]], found: set[int], plan: MatchPlan) -> None:
    """Every match starts with an anchor: try `match` where each occurs, once per sentence
    (positions are sorted, so those in the sentence just looked up need no new look-up)."""
    low, norm, sentence_of, ends = doc.low, doc.norm, doc.sentence_of, doc.ends
    absent = doc.absent_if_unscanned(plan)
    for lit, _, cased, low_rx, case_rx in present:
        spots = doc.spots(lit, cased, plan, absent)
        if not spots:
            continue
        low_match = low_rx.match if low_rx is not None else None
        case_match = case_rx.match if case_rx is not None else None
        i, end, done = -1, -1, True
        for p in spots:
            if p >= end:
                i = sentence_of[p]
                end, done = ends[i], i in found
            if done:
                continue
            if (low_match is not None and low_match(low, p, end)) or (
                case_match is not None and case_match(norm, p, end)
            ):
                found.add(i)
                done = True
