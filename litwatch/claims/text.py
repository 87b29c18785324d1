"""Split a title and abstract into sentences that know their abstract section.

Rules can then ignore what an abstract says about *other* work (BACKGROUND) and look at what
the study itself did (METHODS, RESULTS, CONCLUSIONS). Structured abstracts carry inline labels
("METHODS: ...", "Results: ..."); trial-registry entries use "INTERVENTION:", "PRIMARY OUTCOME:".
Text is normalised one character for one character (dashes to "-", odd spaces to " "), so a
normalised sentence has the same length and offsets as the original.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_CHAR_PAIRS: tuple[tuple[str, str], ...] = (
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2012", "-"),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u2212", "-"),
    ("\u00a0", " "),
    ("\u2009", " "),
    ("\u202f", " "),
    ("\u2002", " "),
    ("\u2003", " "),
    ("\u00b5", "\u03bc"),
    ("\u2019", "'"),
)

# An inline heading: upper-case words ending in ":" ("MAIN OUTCOMES AND MEASURES:"), or one of the
# usual headings in title case ("Results:"). Must start the text or follow a sentence end.
_LABEL_WORDS = (
    r"Background|Introduction|Context|Rationale|Importance|Objectives?|Aims?|Purpose|Methods?|Methodology|De"
    r"sign|"
    r"Setting|Participants|Patients|Interventions?|Results?|Findings|Outcomes?|Conclusions?|Discussion|"
    r"Interpretation|Implications|Limitations|Data sources|Study selection|Study eligibility criteria|"
    r"Data extraction|Trial registration|Case presentation|Case report|Main outcome measures?|Significance"
)
_COLON_RE = re.compile(r":\s")
_LABEL_RE = re.compile(
    r"(?:^|(?<=[\s.!?]))"
    r"((?:[A-Z][A-Z'/&-]+(?:[ ,]+(?:[A-Z][A-Z'/&-]*|AND|OR|OF|THE|ON|BY|FOR|TO))*)"
    r"|(?i:" + _LABEL_WORDS + r")(?: (?:and|of) [a-z]+)?)\s*$",
)
_LABEL_WINDOW = 90
# Characters a _LABEL_RE match can hold (a superset: any letter, whitespace, ",'/&-"), in a run.
_LABEL_TAIL_RE = re.compile(r"(?:[^\W\d_]|[\s,'/&-])*")
_AFTER_SENTENCE_RE = re.compile(r"(?:^|[.!?;:\])])\s*$")
# Sentence ends: . ! ? followed by space and a capital, digit or bracket; not after common
# abbreviations ("e.g.", "vs.", "i.v.", "et al.", "Fig.", "No.") or single initials.
# A stop with no space after it ("... ketamine-based therapies.However, it ...", as some exports join an
# abstract's paragraphs) ends a sentence too between a word and a capitalised word.
_SENT_END_RE = re.compile(r"[.!?](?:\s+|(?<=[a-z]{2}\.)(?=[A-Z][a-z]))")
_SENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789([\"'")
# Words whose final "." does not end a sentence ("e.g.", "vs.", "i.v.", "et al.", "Fig.", "No.").
_ABBREVIATIONS = frozenset(
    [
        "e.g.",
        "i.e.",
        "vs.",
        "v.",
        "al.",
        "fig.",
        "figs.",
        "no.",
        "nos.",
        "approx.",
        "ca.",
        "cf.",
        "dr.",
        "mr.",
        "mrs.",
        "ms.",
        "st.",
        "i.v.",
        "i.m.",
        "s.c.",
        "p.o.",
        "ref.",
        "refs.",
        "eq.",
        "vol.",
        "etc.",
        "resp.",
    ]
)
# Last words of title-case headings ("Data sources:", "Results:"), to skip most other colons cheaply.
_LABEL_LAST = frozenset(
    w.split()[-1].lower().rstrip("s?") for w in _LABEL_WORDS.replace("?", "").split("|")
) | {"and", "of"}

_SECTION_KEYS: tuple[tuple[str, str], ...] = (
    ("REGISTRATION", "registration"),
    ("CLINICALTRIALS", "registration"),
    ("FUNDING", "registration"),
    ("OBJECTIVE", "objective"),
    ("AIM", "objective"),
    ("PURPOSE", "objective"),
    ("QUESTION", "objective"),
    ("CONCLU", "conclusions"),
    ("INTERPRETATION", "conclusions"),
    ("DISCUSSION", "conclusions"),
    ("IMPLICATION", "conclusions"),
    ("LESSON", "conclusions"),
    ("RELEVANCE", "conclusions"),
    ("SIGNIFICANCE", "conclusions"),
    ("LIMITATION", "conclusions"),
    ("PRIMARY OUTCOME", "methods"),
    ("SECONDARY OUTCOME", "methods"),
    ("MAIN OUTCOME", "methods"),
    ("OUTCOME MEASURE", "methods"),
    ("RESULT", "results"),
    ("FINDING", "results"),
    ("OUTCOME", "results"),
    ("BACKGROUND", "background"),
    ("INTRODUCTION", "background"),
    ("CONTEXT", "background"),
    ("RATIONALE", "background"),
    ("IMPORTANCE", "background"),
)
_METHOD_KEYS = (
    "METHOD",
    "DESIGN",
    "SETTING",
    "PARTICIPANT",
    "PATIENT",
    "SUBJECT",
    "INTERVENTION",
    "MEASURE",
    "SOURCE",
    "SELECTION",
    "EXTRACTION",
    "CRITERIA",
    "CONDITION",
    "PROCEDURE",
    "CASE",
    "MATERIAL",
    "ANALYSIS",
    "SYNTHESIS",
    "SEARCH",
    "POPULATION",
    "PLAN",
)


@dataclass(slots=True)
class Sentence:
    """One sentence: the text as written, its normalised and lower-cased twins (same length), its section."""

    text: str
    norm: str
    low: str
    section: str
    index: int
    role: str = ""  # what the sentence does (roles.py); filled by the tagger


def normalize_text(text: str) -> str:
    """Map look-alike characters to ASCII one for one so regexes stay simple and offsets hold."""
    if text.isascii():
        return text
    for ch, rep in _CHAR_PAIRS:
        if ch in text:
            text = text.replace(ch, rep)
    return text


def lower_text(norm: str) -> str:
    """Lower case, keeping the length (the few characters whose lower case is longer stay as they are)."""
    low = norm.lower()
    if len(low) != len(norm):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in norm)
    return low


def make_sentence(text: str, section: str, index: int) -> Sentence:
    norm = normalize_text(text)
    return Sentence(text, norm, lower_text(norm), section, index)


@functools.lru_cache(maxsize=4096)  # headings recur ("METHODS:"): ~11 look-ups per record, 0.4%
def section_of_label(label: str) -> str:
    """Canonical section for an abstract heading ("MAIN OUTCOMES AND MEASURES" -> methods)."""
    up = label.upper()
    for key, section in _SECTION_KEYS:
        if key in up:
            return section
    if any(key in up for key in _METHOD_KEYS):
        return "methods"
    return "body"


def _is_heading(text: str, start: int, label: str) -> bool:
    """A heading starts a sentence, or (registry entries) is an upper-case known heading anywhere."""
    if _AFTER_SENTENCE_RE.search(text, max(0, start - 3), start):
        return True
    return label.isupper() and len(label) >= 6 and section_of_label(label) != "body"


def _inside_brackets(norm: str, at: int) -> bool:
    """Is `at` inside a bracket opened in the same sentence (since the last ". ")?"""
    since = norm.rfind(". ", 0, at) + 1
    return norm.count("(", since, at) > norm.count(")", since, at)


_JOINED_RE = re.compile(r"(\w+) (?:and|of) $")


def _joined_label(norm: str, space: int) -> bool:
    """Does a heading's last word follow "and"/"of" after a heading word ("Methods and analysis:",
    "Ethics and dissemination:", as protocols head their sections)?"""
    m = _JOINED_RE.search(norm, max(0, space - 30), space + 1)
    return m is not None and m.group(1).lower().rstrip("s") in _LABEL_LAST


def _headings(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, section) of each inline heading; found from the colons, which are few."""
    out: list[tuple[int, int, str]] = []
    for colon in _COLON_RE.finditer(norm):
        cut = colon.start()
        space = norm.rfind(" ", max(0, cut - 40), cut)
        last = norm[space + 1 : cut]
        last = last[last.rfind(".") + 1 :]  # "... in Maryland.Methods: Participants": no space after the stop
        if not (last.isupper() or last.lower().rstrip("s") in _LABEL_LAST or _joined_label(norm, space)):
            continue
        # A heading holds letters, spaces and ",'/&-" only: it starts after the last other
        # character before the colon (found from the end, on the reversed window), which spares
        # _LABEL_RE trying each position of the sentence before it: 1.4% fewer tagging instructions.
        lo = max(0, cut - _LABEL_WINDOW)
        tail = _LABEL_TAIL_RE.match(norm[lo:cut][::-1])
        m = _LABEL_RE.search(norm, cut - tail.end() if tail else lo, cut)
        if m and section_of_label(m.group(1)) == "body" and _inside_brackets(norm, m.start(1)):
            continue  # "(MADRS item 10: p = 0.017; CSSRS-ISS: p = 0.008)" lists results, no heading
        if m and _is_heading(norm, m.start(1), m.group(1)):
            if out and m.start(1) < out[-1][1]:
                continue
            out.append((m.start(1), colon.end(), section_of_label(m.group(1))))
    return out


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    """Does the word before the "." at text[end - 1] look like an abbreviation or an initial?"""
    space = text.rfind(" ", start, end)
    word = text[space + 1 : end].lstrip("(")
    return word.lower() in _ABBREVIATIONS or (len(word) == 2 and word[0].isupper())


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one labelled block."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENT_END_RE.finditer(text):
        after = m.end()
        if after >= n or text[after] not in _SENT_START:
            continue
        end = m.start() + 1
        if text[m.start()] == "." and _ends_with_abbreviation(text, start, end):
            continue
        spans.append((start, end))
        start = after
    spans.append((start, n))
    return [(a, b) for a, b in spans if not text[a:b].isspace() and a < b]


def split_sentences(title: str, abstract: str) -> list[Sentence]:
    """Title first (section "title"), then abstract sentences tagged with their section.

    A heading is dropped from the sentence text; text before the first heading and unlabelled
    abstracts are "body".
    """
    out: list[Sentence] = []
    title = title.strip()
    if title:
        out.append(make_sentence(title, "title", 0))
    norm = normalize_text(abstract)
    blocks: list[tuple[str, int, int]] = []
    section, pos = "body", 0
    for start, end, sec in _headings(norm):
        blocks.append((section, pos, start))
        section, pos = sec, end
    blocks.append((section, pos, len(norm)))
    for sec, a, b in blocks:
        for s, e in _split_sentences(norm[a:b]):
            raw = abstract[a + s : a + e]
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                n = norm[a + s + lead : a + s + lead + len(stripped)]
                out.append(Sentence(stripped, n, lower_text(n), sec, len(out)))
    return out
