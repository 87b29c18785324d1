"""Rule-based tagging of PubMed records against an article's claims.

`load_claims()` reads a claims TOML file (the built-in "ketamine-depression" by default) and
`tag_record()` says, for one record, its design and evidence level, who and what it studied,
the numbers it reports and which claims it bears on, with a stance and the rule that fired.
"""

from litwatch.claims.claimset import load_claims
from litwatch.claims.design import EVIDENCE_LEVEL_TABLE, EVIDENCE_LEVELS
from litwatch.claims.model import Claim, ClaimSet, ClaimTag, RecordTags, TagInput, Value
from litwatch.claims.tagger import TAGGER_VERSION, tag_record

__all__ = [
    "EVIDENCE_LEVELS",
    "EVIDENCE_LEVEL_TABLE",
    "TAGGER_VERSION",
    "Claim",
    "ClaimSet",
    "ClaimTag",
    "RecordTags",
    "TagInput",
    "Value",
    "load_claims",
    "tag_record",
]
