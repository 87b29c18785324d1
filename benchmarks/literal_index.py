"""Compare two ways to find where a claim set's anchor literals occur in a record.

    python benchmarks/literal_index.py [--rounds 5]

The tagger (matching.py, termtable.py) needs, per record, the positions of each anchor literal
that occurs. Word keys (a set intersection) leave the literals whose first word may occur; then
either `str.find` looks for each remaining literal, or one pyahocorasick automaton per
MatchPlan reports every literal of the plan in a single scan of the text (what Doc.positions
does when pyahocorasick is installed, as it is by default).

Both run over the bundled snapshot's records, with the built-in claims file's term table and
every built-in Finder's anchors, and must give the same positions. Prints CPU-time
microseconds per record for the literal look-up alone, then records/s of CPU time for whole
`tag_record` runs with and without the automaton, interleaved (best of --rounds each).
Exit status 2 when pyahocorasick is not installed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from litwatch.claims import (
    TagInput,
    anchors,
    context,
    design,
    extract,
    load_claims,
    stance,
    studyvalues,
    tag_record,
)
from litwatch.claims.anchors import BUILTIN_PLAN, DIGIT_START, AnchorIndex, MatchPlan
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.text import split_sentences
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services.demo import snapshot_path

Positions = dict[tuple[str, bool], list[int]]


def indexes() -> list[tuple[MatchPlan, list[AnchorIndex]]]:
    """The literal indexes the tagger consults per record, grouped by plan."""
    claims = load_claims()
    table = claims.term_table()
    built_in: list[AnchorIndex] = []
    for module in (context, design, extract, studyvalues, stance):
        for value in vars(module).values():
            values = (
                value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
            )
            for v in values:
                for f in v if isinstance(v, tuple) else [v]:
                    if isinstance(f, Finder):
                        built_in.append(f._start)  # noqa: SLF001 - a benchmark looks inside
    return [(claims.plan, [table._index]), (BUILTIN_PLAN, built_in)]  # noqa: SLF001


def reset(doc: Doc) -> None:
    doc._prefixes.clear()  # noqa: SLF001 - each round starts from a fresh record
    doc._positions.clear()  # noqa: SLF001
    doc._cased.clear()  # noqa: SLF001


def by_word_keys(doc: Doc, groups: list[tuple[MatchPlan, list[AnchorIndex]]]) -> Positions:
    out: Positions = {}
    for plan, found in groups:
        prefixes = doc.prefixes_for(plan)
        for index in found:
            for lit, _, cased, *_ in index.present(prefixes):
                got = doc.positions(lit, cased, plan)
                if got:
                    out[lit, cased] = got
    return out


def build_automata(groups: list[tuple[MatchPlan, list[AnchorIndex]]]) -> Callable[[Doc], Positions]:
    import ahocorasick

    low, cased = ahocorasick.Automaton(), ahocorasick.Automaton()
    for _, found in groups:
        for index in found:
            for lit, _, is_cased, *_ in index.entries:
                if lit != DIGIT_START:  # a pseudo-literal (digits where a word starts), found by regex
                    (cased if is_cased else low).add_word(lit, (lit, is_cased))
    low.make_automaton()
    cased.make_automaton()

    def scan(doc: Doc) -> Positions:
        out: Positions = {}
        for automaton, text in ((low, doc.low), (cased, doc.norm)):
            if len(automaton):
                for end, (lit, is_cased) in automaton.iter(text):
                    out.setdefault((lit, is_cased), []).append(end - len(lit) + 1)
        for got in out.values():
            got.sort()
        return out

    return scan


def best_time(docs: list[Doc], fn: Callable[[Doc], Positions], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        for doc in docs:
            reset(doc)
        start = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - start)
    return best / len(docs) * 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="passes over the snapshot; the best counts")
    args = ap.parse_args(argv)
    try:
        scan = build_automata(groups := indexes())
    except ImportError:
        print("pyahocorasick is not installed: pip install pyahocorasick", file=sys.stderr)
        return 2
    docs = [
        Doc(split_sentences(r.title, r.abstract))
        for r in iter_records_in_file(snapshot_path())
        if isinstance(r, Record)
    ]
    aho, anchors.ahocorasick = anchors.ahocorasick, None  # Doc.positions: str.find only
    for doc in docs:
        reset(doc)
        want = by_word_keys(doc, groups)
        got = scan(doc)
        # the automaton also reports literals inside words, which word keys rightly skip; the
        # digit-start pseudo-literal is no text for an automaton
        want.pop((DIGIT_START, False), None)
        want.pop((DIGIT_START, True), None)
        assert {k: got.get(k) for k in want} == want, "the two approaches disagree"
    keys = best_time(docs, lambda d: by_word_keys(d, groups), args.rounds)
    anchors.ahocorasick = aho
    one_scan = best_time(docs, scan, args.rounds)
    print(f"{len(docs)} records; literal look-up, CPU microseconds per record, best of {args.rounds}:")
    print(f"  word keys + str.find        : {keys:8.1f}")
    print(f"  pyahocorasick, one scan     : {one_scan:8.1f}")
    items = [
        TagInput(r.pmid, r.title, r.abstract)
        for r in iter_records_in_file(snapshot_path())
        if isinstance(r, Record)
    ]
    claims = load_claims()
    rates: dict[str, list[float]] = {"with pyahocorasick": [], "str.find only": []}
    for _ in range(args.rounds):
        for name, module in (("with pyahocorasick", aho), ("str.find only", None)):
            anchors.ahocorasick = module
            start = time.process_time()
            for item in items:
                tag_record(item, claims)
            rates[name].append(len(items) / (time.process_time() - start))
    anchors.ahocorasick = aho
    print(f"whole tagging, records/s of CPU time, best of {args.rounds} interleaved rounds:")
    for name, got in rates.items():
        print(f"  {name:28}: {max(got):8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
