"""Faster forms in the tagger give exactly what the plain forms give (speed work, issue 7)."""

from __future__ import annotations

import random
from bisect import bisect_right

from litwatch.claims import text as T
from litwatch.claims.matching import Doc, Finder
from litwatch.claims.termtable import JointFinders, TermTable
from litwatch.claims.text import split_sentences

_PIECES = (
    *("METHODS", "Results", "RESULTS AND DISCUSSION", "Data sources", "Main outcome measures", "of", "and"),
    *("CONCLUSIONS", "Trial registration", "MADRS", "A", "B-12", "K\u212aS", "\u017fetting", "n", "x2"),
    *(" ", "  ", ",", ".", ". ", ": ", ":", "(", ")", "'", "/", "&", "-", "\n", "\u00a0", "1", "2.5", "é"),
)


def _reference_label(norm: str, cut: int) -> tuple[int, str] | None:
    m = T._LABEL_RE.search(norm, max(0, cut - T._LABEL_WINDOW), cut)
    return (m.start(1), m.group(1)) if m else None


def test_heading_search_from_the_label_run_finds_what_the_window_search_finds() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(3000):
        norm = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))
        for cut in range(len(norm) + 1):
            lo = max(0, cut - T._LABEL_WINDOW)
            tail = T._LABEL_TAIL_RE.match(norm[lo:cut][::-1])
            assert tail is not None
            m = T._LABEL_RE.search(norm, cut - tail.end(), cut)
            assert ((m.start(1), m.group(1)) if m else None) == _reference_label(norm, cut), (norm, cut)
            checked += m is not None
    assert checked > 1000  # the pieces really make headings


def test_sentence_of_is_the_bisect_of_the_sentence_starts() -> None:
    few = Doc(split_sentences("A title", "One. Two sentences here. Three."))
    many = Doc(split_sentences("", " ".join(f"Sentence number {i} is here." for i in range(300))))
    for doc in (few, many):
        assert [doc.sentence_of[p] for p in range(len(doc.low))] == [
            bisect_right(doc.starts, p) - 1 for p in range(len(doc.low))
        ]
    assert isinstance(few.sentence_of, bytes) and not isinstance(many.sentence_of, bytes)
    assert len(Doc([]).sentence_of) == 0


def test_joint_finders_give_each_finders_own_hits() -> None:
    finders = {
        "ket": Finder([r"\bketamin\w*", r"\(es\)ketamine"]),
        "dose": Finder([r"\b\d+(?:\.\d+)? ?mg/kg\b", r"\bketamine dose\b"]),
        "iv": Finder([r"(?-i:\bIV\b)", r"\bintravenous\b"]),
        "none": Finder(r"\bpsilocybin\b"),
    }
    abstract = (
        "IV ketamine 0.5 mg/kg was given. The (es)ketamine dose was 56 mg. Ketamine-treated "
        "patients improved; intravenous ketamine was safe. No other drug."
    )
    alone = Doc(split_sentences("Ketamine for depression", abstract))
    want = {name: f.hits(alone) for name, f in finders.items()}
    joint = JointFinders()
    joint.add(**finders)
    doc = Doc(split_sentences("Ketamine for depression", abstract))
    assert {name: f.hits(doc) for name, f in finders.items()} == want
    assert joint.fill(doc) is False  # once per Doc
    assert want["ket"] and want["dose"] and want["iv"] and want["none"] == ()
    table = TermTable(finders)
    assert table.hits(Doc(doc.sentences)) == {name: frozenset(hit) for name, hit in want.items()}


def test_matches_are_cached_per_sentence_and_equal_a_fresh_search() -> None:
    finder = Finder([r"\bketamin\w*", r"\bdose\b"])
    doc = Doc(split_sentences("", "Ketamine dose one. No match here. A ketamine dose, ketamine again."))
    first = [(m.start(), m.end()) for i in range(3) for m in finder.matches(doc, i)]
    again = [(m.start(), m.end()) for i in range(3) for m in finder.matches(doc, i)]
    fresh = Doc(doc.sentences)
    plain = [
        (doc.starts[i] + m.start(), doc.starts[i] + m.end())
        for i, s in enumerate(doc.sentences)
        for m in finder._low.finditer(s.low)
    ]
    assert (
        first == again == [(m.start(), m.end()) for i in range(3) for m in finder.matches(fresh, i)] == plain
    )
    assert finder.matches(doc, 1) == [] and finder.matches(doc, 0) is finder.matches(doc, 0)


def test_sentences_with_digits_as_a_regex_finds_them() -> None:
    import re

    digit = re.compile(r"\d")
    texts = (
        "No digit here. One 1 here. The \u212aelvin sign (\u212a) lowers to k. Then 2.5 mg.",
        "Arabic-indic \u0663 digits count. None. A superscript \u00b2 is no decimal. 7 days.",
        "",
    )
    for text in texts:
        doc = Doc(split_sentences("Title 3", text))
        want = tuple(i for i, s in enumerate(doc.sentences) if digit.search(s.norm))
        assert doc.with_digits() == want
    assert Doc(split_sentences("", texts[0])).low.isascii()  # the translate path was taken
