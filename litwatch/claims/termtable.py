"""All term sets of a claims file evaluated in one pass over a record.

A claim rule asks which sentences hold a term set; asked set by set, each of the ~25 sets
looks up its literals, filters them against the record's words and walks their positions
(matching.py). The sets share many literals ("ketamin", "depress", "infusion"), so a
`TermTable` files every set's anchored alternatives under one index: per record one key
intersection picks the literals that may occur, each literal's positions are walked once, and
at each position the alternatives of every set that starts there are tried. The result is a
table name -> sentence indices, exactly what `Finder.hits` gives for each set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from litwatch.claims.anchors import AnchorIndex, MatchPlan
from litwatch.claims.matching import Doc, Finder

GATE_MIN_USERS = 4  # sets a literal must start alternatives of before they get a joint `match`


class TermTable:
    """The term sets of a claims file, evaluated together: `hits(doc)` -> {name: sentence indices}."""

    __slots__ = ("names", "plan", "_index", "_unanchored", "_finders")

    def __init__(self, finders: Mapping[str, Finder], plan: MatchPlan | None = None) -> None:
        """`plan`: where the table's index keys go; None: the Finders' own plan when they share
        one (a claim set's), else a new plan of the table's own."""
        self.names = tuple(finders)
        if plan is None:
            plans = {id(f.plan): f.plan for f in finders.values()}
            plan = next(iter(plans.values())) if len(plans) == 1 else MatchPlan("term table")
        self.plan = plan
        # (literal, key, case-sensitive) -> [(slot of the set, regex on low, regex on norm)]
        users: dict[tuple[str, bytes | None, bool], list[tuple[int, Any, Any]]] = {}
        for slot, finder in enumerate(finders.values()):
            for lit, key, cased, low_rx, case_rx in finder.anchored:
                users.setdefault((lit, key, cased), []).append((slot, low_rx, case_rx))
        self._index = AnchorIndex(
            [(*anchor, _matchers(u), *_gate(u)) for anchor, u in users.items()],
            plan,
        )
        self._unanchored = tuple((slot, f) for slot, f in enumerate(finders.values()) if f.unanchored)
        self._finders = tuple(finders.values())

    def hits(self, doc: Doc) -> dict[str, frozenset[int]]:
        """Sentence indices each term set matches (empty frozenset: none)."""
        found = self.fill(doc)
        return {name: frozenset(hit) for name, hit in zip(self.names, found, strict=True)}

    def fill(self, doc: Doc) -> list[set[int]]:
        """The sentences each set matches, in `names` order; each Finder's `hits` cached in the Doc."""
        found: list[set[int]] = [set() for _ in self.names]
        low, norm, sentence_of, ends = doc.low, doc.norm, doc.sentence_of, doc.ends
        plan = self.plan
        absent = doc.absent_if_unscanned(plan)
        for lit, _, cased, users, gate_low, gate_case in self._index.present(doc.prefixes_for(plan)):
            spots = doc.spots(lit, cased, plan, absent)
            if not spots:
                continue
            if gate_low is not None or gate_case is not None:
                # the sets' joint regex first, once per position (see _gate): only where it
                # matches may one of them
                spots = [
                    p
                    for p in spots
                    if (gate_low is not None and gate_low(low, p, ends[sentence_of[p]]))
                    or (gate_case is not None and gate_case(norm, p, ends[sentence_of[p]]))
                ]
            # set by set (most literals start one), each position of a sentence the set has not
            # matched yet: 2.2% fewer tagging instructions than trying, position by position, the
            # list of the sets still to try in its sentence
            for slot, low_match, case_match in users:
                hit, done, end = found[slot], True, -1
                for p in spots:
                    if p >= end:
                        i = sentence_of[p]
                        end, done = ends[i], i in hit
                    if not done and (
                        (low_match is not None and low_match(low, p, end))
                        or (case_match is not None and case_match(norm, p, end))
                    ):
                        hit.add(i)
                        done = True
        for slot, finder in self._unanchored:
            finder.hits_unanchored(doc, found[slot])
        # What Finder.hits would cache: Finder.matches of a term set (a claim's subject) in a
        # sentence it does not match, 8.6 of 27 calls per PsyNamic record, is then answered at once.
        cache = doc.cache
        for finder, hit in zip(self._finders, found, strict=True):
            cache[finder] = tuple(sorted(hit)) if hit else ()
        return found


class JointFinders:
    """Built-in Finders that (nearly) every record asks, evaluated in one TermTable pass when the
    first of them is asked (Finder.hits): one look-up of the record's word keys and one walk of
    each shared literal's positions ("ketamin" for KETAMINE, ESKETAMINE, _PLAIN, ...) instead of
    one per Finder, each with its own fixed cost. A member's results are exactly its own `hits`.
    The ~30 Finders context.py, design.py, extract.py and studyvalues.py add took 0.8% fewer
    tagging instructions so (PsyNamic dev records); Finders asked of fewer records (title design
    checks) saved nothing more.
    """

    def __init__(self) -> None:
        self._finders: dict[str, Finder] = {}
        self._table: TermTable | None = None

    def add(self, **finders: Finder) -> None:
        """Join these Finders (by name) to the group; they must all use one MatchPlan."""
        for finder in finders.values():
            finder.joint = self
        self._finders.update(finders)
        self._table = None  # rebuilt with them on next use

    def fill(self, doc: Doc) -> bool:
        """Cache every member's hits in `doc` (once per Doc); False when already done there."""
        if self in doc.cache:
            return False
        doc.cache[self] = True
        if self._table is None:
            self._table = TermTable(self._finders)
        self._table.fill(doc)
        return True


# The built-in group: context.py, design.py, extract.py and studyvalues.py add their Finders.
BUILTIN_JOINT = JointFinders()


def _matchers(users: Sequence[tuple[int, Any, Any]]) -> tuple[tuple[int, Any, Any], ...]:
    """(slot, `match` on low or None, `match` on norm or None) of each set the literal can start."""
    return tuple(
        (slot, low.match if low is not None else None, case.match if case is not None else None)
        for slot, low, case in users
    )


def _gate(users: Sequence[tuple[int, Any, Any]]) -> tuple[Any, Any]:
    """(`match` on low, on norm) of all the sets' alternatives at once, tried at a position before
    they are tried set by set: ~22 word-start digits per record start alternatives of six sets
    but few matches, and one call instead of six saved 0.7% of the tagging instructions.
    (None, None) when one set would do, or an alternative has groups (a "\\1" could then refer
    to another alternative's group)."""
    lows = [low for _, low, _ in users if low is not None]
    cases = [case for _, _, case in users if case is not None]
    if len(users) < GATE_MIN_USERS or any(rx.groups for rx in (*lows, *cases)):
        return None, None
    if len({rx.flags for rx in lows}) > 1 or len({rx.flags for rx in cases}) > 1:
        return None, None
    # each alternative once: sets share them (the digit-start gate listed 16, 3 of them twice)
    low = (
        re.compile("|".join(dict.fromkeys(rx.pattern for rx in lows)), lows[0].flags).match if lows else None
    )
    case = (
        re.compile("|".join(dict.fromkeys(rx.pattern for rx in cases)), cases[0].flags).match
        if cases
        else None
    )
    return low, case
