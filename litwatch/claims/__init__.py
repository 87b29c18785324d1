"""Rule-based tagging of PubMed records against an article's claims.

`load_claims()` reads a claims TOML file (the built-in "ketamine-depression" by default) and
`tag_record()` says, for one record, its design and evidence level, who and what it studied,
the numbers it reports and which claims it bears on, with a stance and the rule that fired.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litwatch.claims.claimset import load_claims
    from litwatch.claims.design import EVIDENCE_LEVEL_TABLE, EVIDENCE_LEVELS
    from litwatch.claims.model import Claim, ClaimSet, ClaimTag, RecordTags, TagInput, Value
    from litwatch.claims.tagger import tag_record
    from litwatch.claims.version import TAGGER_VERSION

# Loaded on first use (PEP 562): the tagger compiles about a thousand patterns on import, which a
# command that only reads stored tags (`evidence`, `changes`) should not pay for.
_WHERE = {
    "load_claims": "litwatch.claims.claimset",
    "EVIDENCE_LEVEL_TABLE": "litwatch.claims.design",
    "EVIDENCE_LEVELS": "litwatch.claims.design",
    "Claim": "litwatch.claims.model",
    "ClaimSet": "litwatch.claims.model",
    "ClaimTag": "litwatch.claims.model",
    "RecordTags": "litwatch.claims.model",
    "TagInput": "litwatch.claims.model",
    "Value": "litwatch.claims.model",
    "tag_record": "litwatch.claims.tagger",
    "TAGGER_VERSION": "litwatch.claims.version",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'litwatch.claims' has no attribute {name!r}")
    return getattr(importlib.import_module(where), name)


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
