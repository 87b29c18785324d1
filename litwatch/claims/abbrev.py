"""Short forms an abstract defines ("esketamine (ESK)"), so a term set also finds them later on.

Abstracts define a short form once and then use only it: "serious adverse events
(SAEs) ... SAEs were rare", "intravenous ketamine (IV-KET) ... IV-KET 0.5 mg/kg". Term sets list
long forms and a few standard short forms; the record's own short forms are found here with the
rule of Schwartz and Hearst (2003): every letter and digit of the short form occurs, in order, in
the few words before the parenthesis, the first of them starting a word. When a term set matches
the end of that long form (its head: "adverse events", "oral ketamine"), the other sentences using
the short form count as hits of that term set too. A drug a claim requires may also open it
("esketamine nasal spray (ESK-NS)"); other words may not ("rapid eye movement (REM)" is no
rapid effect). Short forms the term sets already name ("TRD", "MADRS") are skipped: the terms
find them without help.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from litwatch.claims.matching import Doc

# "(TEAEs)", "(IV-KET)", "(ESK)": 2 to 10 characters, no space; not "(S)-ketamine", "(es)ketamine".
# The "(" comes first, its look-behind after it, so re scans for "(" in C: the same matches in
# 3 instead of 13 us per PsyNamic record.
_DEFINITION = re.compile(r"\((?<=[\s\[]\()([A-Za-z][A-Za-z0-9-]{1,9})\)(?![\w-])")


def last_words_start(text: str, count: int) -> int | None:
    """Where the last `count` words (runs of non-whitespace, as "\\S+" finds them) of `text` start,
    or None when it has none.

    From the end with `rsplit`, which splits on the same whitespace as re's Unicode "\\s"
    (str.isspace): listing every word of the text before a definition with re took 25 of the
    ~1,500 us per PsyNamic record (the text before "(TEAEs)" is most of a sentence).
    """
    parts = text.rsplit(None, count)
    if not parts:
        return None
    if len(parts) <= count:  # no more words than that: the first one's start
        return len(text) - len(text.lstrip())
    return text.find(parts[1], len(parts[0]))  # parts[1] starts with non-whitespace, after parts[0]


def long_form_start(short: str, before: str) -> int | None:
    """Where in `before` the long form of `short` starts, or None when its letters are not there.

    Only the last min(len + 5, 2 * len) words are searched, as Schwartz and Hearst do.
    """
    letters = [c.lower() for c in short if c.isalnum()]
    lo = last_words_start(before, min(len(short) + 5, 2 * len(short)))
    if lo is None or not letters:
        return None
    text = before.lower()
    at = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        while at >= lo and (text[at] != letters[k] or (k == 0 and at > lo and text[at - 1].isalnum())):
            at -= 1
        if at < lo:
            return None
        at -= 1
    return at + 1


@dataclass
class ShortForms:
    """The short forms a record defined for one term set, and the sentences using them."""

    forms: dict[str, str] = field(default_factory=dict)  # short form -> its long form, as written
    sentences: set[int] = field(default_factory=set)
    _rx: re.Pattern[str] | None = None
    _low_rx: re.Pattern[str] | None = None

    def matches(self, doc: Doc, i: int) -> list[re.Match[str]]:
        """Their uses in sentence i, offsets into doc.norm / doc.low (as Finder.matches gives)."""
        if i not in self.sentences:
            return []
        if self._rx is None:
            alternatives = sorted(self.forms, key=len, reverse=True)
            self._rx = re.compile("|".join(rf"(?<![\w-]){re.escape(f)}(?![\w-])" for f in alternatives))
        return list(self._rx.finditer(doc.norm, doc.starts[i], doc.ends[i]))

    def expand(self, low: str) -> str:
        """A lower-cased clause with each short form spelt out, so the stance models read what it
        names: "can reduce the ed" -> "can reduce the emergence delirium"."""
        if self._low_rx is None:
            alternatives = sorted((f.lower() for f in self.forms), key=len, reverse=True)
            self._low_rx = re.compile("|".join(rf"(?<![\w-]){re.escape(f)}(?![\w-])" for f in alternatives))
        spelt = {f.lower(): long.lower() for f, long in self.forms.items()}
        return self._low_rx.sub(lambda m: spelt[m.group(0)], low)


def defined_short_forms(
    doc: Doc,
    hits: Mapping[str, frozenset[int]],
    patterns: Mapping[str, re.Pattern[str]],
    drugs: frozenset[str] = frozenset(),
    spelled: frozenset[str] = frozenset(),
) -> dict[str, ShortForms]:
    """term set -> the short forms the record defined for its matches, where they are used
    (`drugs`: the term sets that may open a long form as well as end it; `spelled`: short forms
    the term sets already name, which need no alias: "treatment-resistant depression (TRD)")."""
    added: dict[str, ShortForms] = {}
    for s in doc.sentences:
        if "(" not in s.norm:
            continue
        for m in _DEFINITION.finditer(s.norm):
            short = m.group(1)
            if short.lower() == short or short.rstrip("s") in spelled or doc.norm.count(short) < 2:
                continue  # an abbreviation has a capital letter, and is used again to matter
            before = s.norm[: m.start()].rstrip()
            start = long_form_start(short, before)
            if start is None or len(before) - start <= len(short):
                continue
            long_form = before[start:]
            names = [
                name
                for name, where in hits.items()
                if s.index in where and _names_head(patterns[name], long_form, name in drugs)
            ]
            if not names:
                continue
            use = re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])")
            using = {t.index for t in doc.sentences if short in t.norm and use.search(t.norm)}
            for name in names:
                got = added.setdefault(name, ShortForms())
                got.forms.setdefault(short, long_form)
                got.sentences.update(using)
    return added


def _names_head(pattern: re.Pattern[str], long_form: str, or_start: bool) -> bool:
    """Does the term set match the long form's last word(s) (a plural "s" aside), or its first?"""
    if or_start and pattern.match(long_form):
        return True
    last_two = long_form.rfind(" ", 0, max(0, long_form.rfind(" "))) + 1
    return any(m.end() >= len(long_form) - 1 for m in pattern.finditer(long_form, last_two))
