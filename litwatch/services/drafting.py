"""Use cases of `litwatch article draft` and `litwatch claims new`: draft, check it loads, write.

A draft must tag and check as written, so before it is written the claims file is parsed and
validated exactly as `tag` will load it; a draft with no checkable claim is refused with a
one-line error instead of writing a file `tag` would reject.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from litwatch.article import Draft, draft_claims, draft_sentence, read_article, render_claims_toml
from litwatch.article.reader import Fetch
from litwatch.claims.claimset import parse_claims
from litwatch.claims.library import Library, load_library
from litwatch.errors import LitwatchError
from litwatch.fileio import atomic_writer

FORMATS = ("toml", "json")


class DraftError(LitwatchError):
    """The article gave nothing to draft, or the requested output is not possible."""


@dataclass
class DraftResult:
    draft: Draft
    text: str  # the claims file (toml) or the JSON document
    checkable: int
    not_checkable: int
    written: Path | None = None


def _render(draft: Draft, fmt: str, what: str) -> str:
    if fmt not in FORMATS:
        raise DraftError(f"unknown format {fmt!r}: choose toml or json")
    if fmt == "json":
        return json.dumps(draft.to_json(), ensure_ascii=False, indent=2) + "\n"
    if not any(c.checkable for c in draft.claims):
        found = len(draft.claims)
        raise DraftError(
            f"{what}: found no checkable claim about ketamine or esketamine "
            f"({found} not-checkable statement{'s' if found != 1 else ''}); "
            "use --format json to see what was read"
        )
    text = render_claims_toml(draft)
    parse_claims(tomllib.loads(text), "draft")  # the draft must load as `tag` will load it
    return text


def _result(draft: Draft, text: str, output: Path | None) -> DraftResult:
    checkable = sum(c.checkable for c in draft.claims)
    result = DraftResult(draft, text, checkable, len(draft.claims) - checkable)
    if output is not None:
        with atomic_writer(output, what="claims file") as fh:
            fh.write(text)
        result.written = output
    return result


def draft_article_file(
    source: str, *, output: Path | None = None, fmt: str = "toml", fetch: Fetch | None = None
) -> DraftResult:
    """Draft the claims of an article file or URL; write them to `output` when given."""
    draft = draft_claims(read_article(source, fetch=fetch))
    return _result(draft, _render(draft, fmt, source), output)


def draft_one_sentence(sentence: str, *, fmt: str = "toml") -> DraftResult:
    """Draft the claim(s) of one sentence (`litwatch claims new`)."""
    if not sentence.strip():
        raise DraftError('give the article\'s sentence in quotes, e.g. litwatch claims new "..."')
    draft = draft_sentence(sentence)
    if fmt == "toml" and draft.claims and not any(c.checkable for c in draft.claims):
        lines = [f'# Not checkable against PubMed: "{c.sentence}" ({c.why[0]})' for c in draft.claims]
        return _result(draft, "\n".join(lines) + "\n", None)
    text = _render(draft, fmt, "the sentence")
    if fmt == "toml":  # only the [[claims]] block(s), to paste into a claims file
        text = text[text.index("# Article:") :]
    return _result(draft, text, None)


def claim_library() -> Library:
    return load_library()
