"""Every matcher of the built-in claims and modules finds what plain `re.search` finds, sentence
by sentence, over the whole bundled snapshot; claim sets keep their look-up state apart; and
without re's private parser everything still works, only slower."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from litwatch.claims import anchors, context, design, extract, literals, load_claims, stance, studyvalues
from litwatch.claims.anchors import BUILTIN_PLAN
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.termtable import BUILTIN_JOINT
from litwatch.claims.text import split_sentences
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services.demo import snapshot_path


def _walk(value: object) -> Iterator[Finder]:
    if isinstance(value, Finder):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _walk(v)


def all_finders() -> dict[str, Finder]:
    """The built-in claims file's term sets and cues, and every module-level Finder."""
    out: dict[str, Finder] = {}
    for module in (context, design, extract, studyvalues, stance):
        for name, value in vars(module).items():
            for k, finder in enumerate(_walk(value)):
                out[f"{module.__name__}.{name}" + (f"[{k}]" if k else "")] = finder
    claims = load_claims()
    out.update((f"term {name}", claims.finder(name)) for name in claims.terms)
    out.update((f"cue {c.id}", f) for c in claims.claims if (f := claims.cue_finder(c)) is not None)
    return out


def snapshot_docs() -> list[Doc]:
    return [
        Doc(split_sentences(r.title, r.abstract))
        for r in iter_records_in_file(snapshot_path())
        if isinstance(r, Record)
    ]


def plain_hits(finder: Finder, doc: Doc) -> tuple[int, ...]:
    rx = re.compile(finder.pattern, finder.flags | re.M)
    return tuple(i for i, s in enumerate(doc.sentences) if rx.search(s.norm))


def test_every_finder_matches_plain_search_over_the_snapshot() -> None:
    finders = all_finders()
    claims = load_claims()
    table = claims.term_table()
    docs = snapshot_docs()
    assert len(docs) >= 357 and len(finders) > 90
    mismatches: list[str] = []
    hits = 0
    for n, doc in enumerate(docs):
        by_table = table.hits(doc)
        for name, finder in finders.items():
            want = plain_hits(finder, doc)
            hits += len(want)
            if finder.hits(doc) != want or finder.found(Doc(doc.sentences)) != bool(want):
                mismatches.append(f"record {n}: {name}")
            if name.startswith("term ") and by_table[name[5:]] != frozenset(want):
                mismatches.append(f"record {n}: table {name}")
    assert mismatches == []
    assert hits > 10_000  # the records really exercise the patterns
    fallbacks = {name for name, f in finders.items() if f.fallback_reason is not None}
    assert fallbacks == set()
    assert literals.PARSER_PROBLEM is None


def test_literal_scan_and_find_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doc.positions with pyahocorasick's one scan and with str.find give the same term hits."""
    assert anchors.ahocorasick is not None
    table = load_claims().term_table()
    docs = snapshot_docs()
    scanned = [table.hits(doc) for doc in docs]
    monkeypatch.setattr(anchors, "ahocorasick", None)
    assert [table.hits(Doc(doc.sentences)) for doc in docs] == scanned


def test_fallback_reason_names_the_alternative() -> None:
    finder = Finder([r"\bketamine\b", r"\w+\s*%", r"\d+\s*%"])  # the third: sentences with digits
    assert finder.fallback_reason == (
        r"alternative 2 of 3 ('\\w+\\s*%'): "
        "no literal of 2+ characters that every match must contain, nor a digit"
    )
    doc = Doc(split_sentences("", "Ketamine. Response rose by 12 %. No change."))
    assert finder.hits(doc) == plain_hits(finder, doc) == (0, 1)
    assert Finder(r"\bsuicid\w*").fallback_reason is None


def test_without_the_private_parser_results_stay_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = [r"\bsuicid\w*", r"\b(?:es)?ketamine\b", r"(?-i:\bIV\b)"]
    doc = Doc(split_sentences("Esketamine IV", "Suicidal ideation fell. An iv line. Ketamine helped."))
    fast = Finder(patterns)
    monkeypatch.setattr(literals, "PARSER_PROBLEM", "re's private parser is unavailable (test)")
    slow = Finder(patterns)
    assert slow.fallback_reason is not None and "unavailable (test)" in slow.fallback_reason
    assert slow.fallback_reason.count("alternative") == 3
    assert slow.hits(doc) == fast.hits(Doc(doc.sentences)) == plain_hits(fast, doc) == (0, 1, 3)


def test_import_survives_a_missing_private_parser() -> None:
    code = (
        "import re, sys; del re._parser; sys.modules['re._parser'] = None\n"
        "import litwatch.claims\n"
        "from litwatch.claims import literals, load_claims\n"
        "from litwatch.claims.matching import Doc\n"
        "from litwatch.claims.text import split_sentences\n"
        "c = load_claims(); f = c.finder('ketamine')\n"
        "print(literals.PARSER_PROBLEM)\n"
        "print(f.hits(Doc(split_sentences('Ketamine for depression', 'It helped.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "re's private parser is unavailable "
        "(ModuleNotFoundError: import of re._parser halted; None in sys.modules)",
        "(0,)",
    ]


def test_claim_sets_keep_their_own_plans() -> None:
    builtin_version = BUILTIN_PLAN.version
    first, second = load_claims(), load_claims()
    assert first.plan is not second.plan
    assert first.term_table().plan is first.plan
    before = second.plan.version
    first.plan.register([b"zzqx"], [("zzqx", False)])  # a key only the first claim set knows
    assert second.plan.version == before and b"zzqx" not in second.plan.word_keys.keys
    assert BUILTIN_PLAN.version == builtin_version  # loading claim sets leaves the built-in plan alone
    doc = Doc(split_sentences("Zzqxine and ketamine", ""))
    assert b"zzqx" in doc.prefixes_for(first.plan) and b"zzqx" not in doc.prefixes_for(second.plan)
    assert first.finder("ketamine").hits(doc) == second.finder("ketamine").hits(doc) == (0,)


def test_the_finders_asked_of_every_record_start_at_a_literal() -> None:
    """A pattern the literal index cannot start ("an(?:a)?esthe...") is searched sentence by
    sentence in every record: one such draft of the ECT-anaesthesia route cost ~3% of tagging.
    OTHER_PSYCHEDELIC's "(?:5-meo-)?dmt" is the one known exception."""
    slow = sorted(name for name, finder in BUILTIN_JOINT._finders.items() if finder.unanchored)
    assert slow == ["OTHER_PSYCHEDELIC"]
