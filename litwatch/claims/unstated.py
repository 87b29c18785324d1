"""Which of a claim's unstated outcomes (`[[claims.unstated]]`) a record's own findings mention.

"Ketamine reduces suicidal thoughts" is read as "ketamine prevents suicide"; whether the records
behind the verdict even mention suicide attempts or deaths is what a fact-checker must know. Only
the title, results and conclusions count (a background sentence on suicide rates is no finding).
A mention is not a finding of fewer: the verdict's reason lists such records to be read.

Light on purpose (sentence splitting and roles only, no tagger): `litwatch evidence` and
`litwatch changes` run it at verdict time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from litwatch.claims.literals import derive_anchors
from litwatch.claims.model import Claim, UnstatedOutcome
from litwatch.claims.roles import FINDING_ROLES, infer_roles
from litwatch.claims.text import lower_text, normalize_text, split_sentences

_FINDING_ROLES = FINDING_ROLES | {"title"}


Branch = tuple[re.Pattern[str], tuple[tuple[tuple[str, bool], ...], ...]]


@functools.lru_cache(maxsize=64)
def _branches(patterns: tuple[str, ...]) -> tuple[Branch, ...]:
    """Each regex with the literal sets its matches must hold, one literal of each set (literals.py):
    `str in` on them skips the regex where it cannot match ("suicid" is in every record of a
    suicide claim, " attempt" is not). No sets: the regex is always run."""
    out: list[Branch] = []
    for pattern in patterns:
        required: list[set[tuple[str, bool, bool]]] = []
        got = derive_anchors(pattern, re.I, required)
        sets = tuple(tuple((lit, cased) for lit, _, cased in s) for s in required) if got is not None else ()
        out.append((re.compile(pattern, re.I), sets))
    return tuple(out)


def _matching(outcome: UnstatedOutcome, norm: str, low: str) -> list[re.Pattern[str]]:
    """The outcome's regexes that match `norm` (`low`: its lower-case twin)."""
    return [
        regex
        for regex, sets in _branches(outcome.patterns)
        if all(any(lit in (norm if cased else low) for lit, cased in s) for s in sets) and regex.search(norm)
    ]


def could_mention(claim: Claim, text: str) -> bool:
    """A cheap first look over plain text: False means no unstated outcome of the claim is named."""
    norm = normalize_text(text)
    low = lower_text(norm)
    return any(_matching(outcome, norm, low) for outcome in claim.unstated)


def find_unstated_mentions(claim: Claim, title: str, abstract: str) -> tuple[str, ...]:
    """The `mentions` of each unstated outcome named in the record's title, results or conclusions.

    `abstract` may carry inline "LABEL: " headings (as `TagInput.abstract` does), which give the
    sentences their sections; unlabelled sentences get their role from wording and position.
    Text is matched as the tagger matches it: look-alike characters normalised (text.py). Only the
    regexes that match the whole record are tried sentence by sentence.
    """
    norm = normalize_text(f"{title} {abstract}")
    low = lower_text(norm)
    found = [(outcome, regexes) for outcome in claim.unstated if (regexes := _matching(outcome, norm, low))]
    if not found:
        return ()
    sentences = split_sentences(title, abstract)
    roles = infer_roles(sentences)
    findings = [s.norm for s, role in zip(sentences, roles, strict=True) if role in _FINDING_ROLES]
    return tuple(
        outcome.mentions
        for outcome, regexes in found
        if any(regex.search(text) for regex in regexes for text in findings)
    )


def describe_mentions(mentions: Sequence[str]) -> str:
    """ "; mentions suicide attempts or deaths" after a row's counted mark in `evidence` and `show`,
    so the records a verdict's reason names are found in the list; "" for most rows."""
    return "".join(f"; mentions {outcome}" for outcome in mentions)
