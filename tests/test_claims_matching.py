"""The fast matcher must find exactly what a plain case-insensitive regex search finds."""

from __future__ import annotations

import re

import pytest

from litwatch.claims import load_claims
from litwatch.claims.anchors import DIGIT_START, DIGIT_START_RE, MatchPlan, anchor_keys, index_key
from litwatch.claims.matching import Doc, Finder, derive_anchors
from litwatch.claims.text import split_sentences

# Real sentences (shared/data/ketamine/records.jsonl) with the usual traps: upper-case
# abbreviations, dashes, "DSM-IV", enantiomer names, hyphenated words.
TITLE = "Esketamine Nasal Spray versus Quetiapine for Treatment-Resistant Depression (TRD)."
ABSTRACT = (
    "BACKGROUND: (S)-ketamine and racemic ketamine were compared. METHODS: Patients met DSM-IV criteria and "
    "received 0.5mg/kg IV ketamine over 40 minutes, or intranasal esketamine twice weekly for 4 weeks; SI "
    "was "
    "rated with the C-SSRS. RESULTS: Anti-suicidal effects were seen within 4 hours. Side-effects were mild "
    "and transient; no serious adverse events (AEs) occurred. CONCLUSIONS: Ketamine's NMDA-receptor "
    "blockade may underlie its rapid effect. Further RCTs are needed."
)


def plain_hits(pattern: str, doc: Doc) -> tuple[int, ...]:
    rx = re.compile(pattern, re.I | re.M)
    return tuple(i for i, s in enumerate(doc.sentences) if rx.search(s.norm))


def test_every_term_set_and_cue_matches_like_plain_regex() -> None:
    doc = Doc(split_sentences(TITLE, ABSTRACT))
    claims = load_claims()
    finders = [claims.finder(name) for name in claims.terms]
    finders += [f for c in claims.claims if (f := claims.cue_finder(c)) is not None]
    hits_seen = 0
    for finder in finders:
        expected = plain_hits(finder.pattern, doc)
        assert finder.hits(doc) == expected, finder.pattern
        assert [finder.matches_in(Doc(doc.sentences), i) for i in range(len(doc.sentences))] == [
            i in expected for i in range(len(doc.sentences))
        ]
        hits_seen += len(expected)
    assert hits_seen > 20  # the sentences really exercise the patterns


@pytest.mark.parametrize(
    ("pattern", "anchors", "at_start"),
    [
        (r"\bsuicid\w*", {"suicid"}, True),
        (r"\b(?:es|ar)?ketamin[ae]?\b", {"ketamin"}, False),
        # case-sensitive literals are looked for as written: "SI" is rare, "si" is everywhere
        (r"(?-i:\bMDD\b|\bTRD\b)", {"MDD", "TRD"}, True),
        (r"(?-i:\bSI\b) (?:\w+ ){0,3}?(?:reduc|improv)\w*", {"SI"}, True),
        (r"\bwithin \d+ hours", {"within "}, True),
        (r"\d+ mg/kg", {" mg/kg"}, False),
    ],
)
def test_anchor_derivation(pattern: str, anchors: set[str], at_start: bool) -> None:
    got = derive_anchors(pattern, re.I)
    assert got is not None
    assert {a for a, _, _ in got[0]} == anchors
    assert got[1] is at_start


def test_index_keys_and_merged_literals() -> None:
    assert index_key("suicid") == b"suicid"
    assert index_key(" tolerated", word_start=False) == b"tolerated"  # a word starts after the space
    assert index_key("course of ect", word_start=False) == b"of"  # the first word may be a word's end
    assert index_key("ketamin", word_start=False) is None
    got = {
        lit for lit, _, _ in anchor_keys({("adverse event", True, False), ("adverse effect", True, False)})
    }
    assert got == {"adverse e"}
    got = {lit for lit, _, _ in anchor_keys({("ketamin", True, False), ("ketamine", True, False)})}
    assert got == {"ketamin"}


def test_alternatives_with_different_anchor_kinds_match_like_plain_regex() -> None:
    patterns = [
        r"\brepeat(?:ed)?[- ](?:dose|infusions?)\b",  # starts with an anchor
        r"\b(?:\d+|two|four)[- ]weeks? of (?:daily )?(?:ketamine|infusions)\b",  # anchors later
        r"[a-z]+ed\b (?:\w+ )?sessions",  # no anchor at all
        r"(?-i:\bIV\b) ketamine",  # case-sensitive
    ]
    finder = Finder(patterns)
    texts = [
        "Patients received repeated infusions. Four weeks of daily ketamine followed.",
        "Two-week of infusions, 4 weeks of ketamine; IV ketamine; iv ketamine.",
        "They attended sessions. Twelve patients completed three sessions. Nothing here.",
    ]
    for text in texts:
        doc = Doc(split_sentences("Title about repeat dosing", text))
        assert finder.hits(doc) == plain_hits(finder.pattern, doc)
        assert Finder(patterns).found(doc) == bool(plain_hits(finder.pattern, doc))


def test_pattern_without_anchor_is_searched_everywhere() -> None:
    finder = Finder(r"[a-z]+ed\b")
    doc = Doc(split_sentences("", "It worked. Nothing else."))
    assert finder.hits(doc) == (0,)


def test_case_sensitive_parts_stay_case_sensitive() -> None:
    finder = Finder(r"(?-i:\bIV\b)")
    doc = Doc(split_sentences("", "Ketamine was given IV. An iv line was placed. Five patients."))
    assert finder.hits(doc) == (0,)


def test_candidate_sentences_from_the_rarest_anchor_set_and_digits_match_like_plain_regex() -> None:
    """An alternative whose anchors may sit later is searched only in the sentences holding its
    rarest anchor set ("needed" rather than "is"/"are"/"be", which the scan skips as too short),
    and, when every match holds a digit, only in sentences with one: the hits stay exact."""
    from litwatch.claims.anchors import MatchPlan, scans

    assert not scans("is") and not scans(" of ") and scans("need")
    patterns = [
        r"\b(?:are|is|be) (?:still )?(?:needed|necessary|warranted)\b",
        r"\b(?:\d{2,3})[- ]?min(?:utes?)?\b",
        r"\b(?:one|two|24) hours?\b",
    ]
    plan = MatchPlan("test")  # a plan of its own: the built-in one's scan state stays as it was
    finder = Finder(patterns, plan=plan)
    texts = [
        "More trials are needed. It is what it is. Trials are still warranted, and it be necessary.",
        "Ketamine was administered over 40 minutes. Administration lasted forty minutes. 100-min sessions.",
        "It is needed. Nothing is, and nothing will be. Two hours later; 24 hour recall; one hour, 24 h.",
        "",
    ]
    hits_seen = 0
    for text in texts:
        doc = Doc(split_sentences("Further research is needed", text))
        expected = plain_hits(finder.pattern, doc)
        assert finder.hits(doc) == expected
        assert Finder(patterns, plan=plan).found(Doc(doc.sentences)) == bool(expected)
        hits_seen += len(expected)
    assert hits_seen >= 7


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\b(?:\d|1\d|2[0-4])(?:\.\d+)?[- ]?(?:h|hours?)\b", {DIGIT_START}),
        (r"\b(?:\d{2,3})[- ]?min(?:utes?)?\b", {DIGIT_START}),
        (r"\b(?:\d+|two|three)[- ]weeks?\b", {DIGIT_START, "two", "three"}),
        (r"(?<!from )\b\d+ days\b", {DIGIT_START}),  # a look-behind takes no characters
    ],
)
def test_digits_where_a_word_starts_anchor_a_pattern(pattern: str, anchors: set[str]) -> None:
    got = derive_anchors(pattern, re.I, digits=True)
    assert got is not None and {a for a, _, _ in got[0]} == anchors and got[1] is True
    assert derive_anchors(pattern, re.I) != got  # only on request: unstated.py looks literals up itself


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+ ?h\b",  # no "\b": a match may start inside "a12 h"
        r"(?a:\b\d+ ?h)",  # ASCII "\b" also starts a word after "é"
        r"(?a)\b\d+ ?h",
        r"\bday ?\d+",  # the digit is not where a match starts
        "\\b\x00?\\d+ ?h",  # a NUL is never a literal, so never taken for the pseudo-literal
    ],
)
def test_no_digit_start_anchor_where_it_would_miss_matches(pattern: str) -> None:
    got = derive_anchors(pattern, re.I, digits=True)
    assert got is None or all(a != DIGIT_START for a, _, _ in got[0]) or not got[1]


def test_digit_start_alternatives_match_like_plain_regex() -> None:
    """Hostile spots for "a digit where a word starts": digits glued to letters (ASCII and not),
    other scripts' digits, a digit opening a sentence or the title, "95" inside "1995"."""
    patterns = [
        r"\b(?:\d|1\d|2[0-4])(?:\.\d+)?[- ]?(?:h|hrs?|hours?)\b",
        r"\b(?:\d{2,3})[- ]?min(?:utes?)?\b",
        r"\b95\s*%\s*ci\b",
        r"(?-i:\b(?:\d+|two) (?:SAEs|AEs))",
        r"\d+ ?mg\b",
    ]
    finder = Finder(patterns, plan=MatchPlan("digits test"))
    assert any(a == DIGIT_START for a, _, _, _, _ in finder.anchored)
    odd = "1 a12 _3 é4 ٤٠ x٣ 5x 66 (7) -8 9"
    assert [m.start() for m in DIGIT_START_RE.finditer(odd)] == [m.start() for m in re.finditer(r"\b\d", odd)]
    texts = [
        "Mood improved at 2 h. Scores fell by a12 h and é4 h and _3 h. 24-hours later it held.",
        "Infusion over 40 minutes. Over x40 minutes. 100-min sessions. ٤٠ min and ٣ h passed.",
        "In 1995 % ci was rare. The 95% CI was narrow. 2 AEs and 3 SAEs; 4 aes. 10mg given.",
        "3 h after dosing. Then 12.5 hours. 7 h. 25 h (not early).",
    ]
    for text in texts:
        doc = Doc(split_sentences("4 h response to 0.5 mg ketamine", text))
        expected = plain_hits(finder.pattern, doc)
        assert finder.hits(doc) == expected, text
        assert Finder(patterns, plan=MatchPlan("digits test 2")).found(Doc(doc.sentences)) == bool(expected)
        anchored = Finder(patterns[:4], plan=MatchPlan("digits test 3"))  # `matches` tries anchors only
        rx = re.compile(anchored.pattern, re.I | re.M)
        for i, sentence in enumerate(doc.sentences):
            start = doc.starts[i]
            got = [(m.start() - start, m.end() - start) for m in anchored.matches(doc, i)]
            assert got == [m.span() for m in rx.finditer(sentence.norm)], (text, i)


def test_term_table_joint_match_finds_what_each_set_finds() -> None:
    """Sets sharing a literal are tried with one joint `match` first (termtable.py); a set whose
    alternatives have groups is never joined (its "\\1" would refer to another's group)."""
    from litwatch.claims.termtable import GATE_MIN_USERS, TermTable

    plan = MatchPlan("table test")
    sets = {
        "hours": Finder(r"\b(?:\d|1\d|2[0-4]) ?h\b", plan=plan),
        "minutes": Finder(r"\b\d{2,3} ?min\b", plan=plan),
        "weeks": Finder(r"\b(?:\d+|two) weeks?\b", plan=plan),
        "days": Finder(r"\b\d+ days\b", plan=plan),
        "percent": Finder(r"(?-i:\b\d+ ?% CI)", plan=plan),
    }
    table = TermTable(sets, plan)
    gated = [e for e in table._index.entries if e[0] == DIGIT_START and not e[2]]
    assert len(gated) == 1 and len(gated[0][3]) >= GATE_MIN_USERS and gated[0][4] is not None
    grouped = TermTable({f"g{k}": Finder(r"\b(\d)\1 ?h", plan=plan) for k in range(GATE_MIN_USERS)}, plan)
    assert all(e[4] is None and e[5] is None for e in grouped._index.entries)
    text = "Seen at 2 h and 40 min. Two weeks, 12 days. 95 % CI; 95 % ci. x3 h, é4 h. 11 h in 33 h."
    doc = Doc(split_sentences("Ketamine at 24 h", text))
    got = table.hits(doc)
    assert got == {name: frozenset(plain_hits(f.pattern, doc)) for name, f in sets.items()}
    assert sum(map(len, got.values())) >= 6
    for name, finder in sets.items():  # the table left each set's hits where `matches` looks first
        rx = re.compile(finder.pattern, re.I | re.M)
        assert doc.cache[finder] == tuple(sorted(got[name]))
        for i, sentence in enumerate(doc.sentences):
            spans = [(m.start() - doc.starts[i], m.end() - doc.starts[i]) for m in finder.matches(doc, i)]
            assert spans == [m.span() for m in rx.finditer(sentence.norm)], (name, i)
    assert grouped.hits(doc)["g0"] == frozenset(plain_hits(r"\b(\d)\1 ?h", doc)) != frozenset()


def test_one_scan_serves_every_plan_and_later_literals_are_scanned_too() -> None:
    """anchors.JointScan: a record is scanned once for the literals of every plan scanned so far;
    a plan that registers more literals, or a new plan, gets a new automaton before its scan."""
    from litwatch.claims.anchors import JOINT_SCAN

    first, second = MatchPlan("first"), MatchPlan("second")
    zorb, quix = Finder(r"\bzorblat\w*", plan=first), Finder(r"\bquixote\w*", plan=second)
    text = "Quixotes again. Nothing else."
    doc = Doc(split_sentences("Zorblat and quixote", text))
    assert zorb.hits(doc) == (0,) and quix.hits(doc) == (0, 1)
    later = Doc(split_sentences("Zorblat and quixote", text))
    assert quix.hits(later) == (0, 1)
    assert {first, second} <= set(later._scanned)  # one scan filled both plans' literals
    assert later._positions["zorblat"] == [0] and JOINT_SCAN.automaton(first) is not None
    again = Finder(r"\bagain\b", plan=MatchPlan("third"))  # a new plan, after `doc` was scanned
    nothing = Finder(r"\bnothing\b", plan=first)  # and a new literal of a scanned plan
    assert again.hits(doc) == (1,) and nothing.hits(doc) == (2,)
    assert [f.found(Doc(doc.sentences)) for f in (zorb, quix, again, nothing)] == [True] * 4
