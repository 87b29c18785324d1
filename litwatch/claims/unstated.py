"""Which of a claim's unstated outcomes (`[[claims.unstated]]`) a record's own findings mention.

"Ketamine reduces suicidal thoughts" is read as "ketamine prevents suicide"; whether the records
behind the verdict even mention suicide attempts or deaths is what a fact-checker must know. Only
the title, results and conclusions count (a background sentence on suicide rates is no finding).
A mention is not a finding of fewer: the verdict's reason lists such records to be read.

Light on purpose (sentence splitting and roles only, no tagger): `litwatch evidence` and
`litwatch changes` run it at verdict time.
"""

from __future__ import annotations

from litwatch.claims.model import Claim
from litwatch.claims.roles import FINDING_ROLES, infer_roles
from litwatch.claims.text import split_sentences

_FINDING_ROLES = FINDING_ROLES | {"title"}


def could_mention(claim: Claim, text: str) -> bool:
    """A cheap first look over plain text: False means no unstated outcome of the claim is named."""
    return any(outcome.pattern.search(text) for outcome in claim.unstated)


def find_unstated_mentions(claim: Claim, title: str, abstract: str) -> tuple[str, ...]:
    """The `mentions` of each unstated outcome named in the record's title, results or conclusions.

    `abstract` may carry inline "LABEL: " headings (as `TagInput.abstract` does), which give the
    sentences their sections; unlabelled sentences get their role from wording and position.
    """
    if not claim.unstated or not could_mention(claim, f"{title} {abstract}"):
        return ()
    sentences = split_sentences(title, abstract)
    findings = [
        s.text for s, role in zip(sentences, infer_roles(sentences), strict=True) if role in _FINDING_ROLES
    ]
    return tuple(
        outcome.mentions
        for outcome in claim.unstated
        if any(outcome.pattern.search(text) for text in findings)
    )
