"""Write a draft as a commented claims file a writer can read, check and edit.

Each claim carries the article's sentence, what will be checked (the library claim's statement
and the number) and why the drafter chose it; statements PubMed cannot check are listed as
comments at the end, not dropped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from litwatch.article.draft import Draft, DraftClaim, describe, range_text
from litwatch.claims.thresholds import AT_MOST_KINDS

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _s(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    slug = _SLUG_RE.sub("-", text.lower()).strip("-")[:60].strip("-")
    return slug if slug and slug[0].isalnum() else f"article-{slug}".strip("-")


def _comment(text: str, width: int = 100) -> list[str]:
    words, lines, line = text.split(), [], "#"
    for w in words:
        if len(line) + 1 + len(w) > width and line != "#":
            lines.append(line)
            line = "#"
        line += " " + w
    lines.append(line)
    return lines


def _number(x: float) -> str:
    return repr(float(x))


def _claim_block(c: DraftClaim, cid: str) -> list[str]:
    lines = [*_comment(f'Article: "{c.sentence}"')]
    what = c.statement
    if c.value_kind:
        what += f" Number checked: {c.value_kind} {range_text(c.low, c.high, c.unit)}."
    lines += _comment(f"Checks: {what} Treatment: {describe(c.route, c.formulation)}.")
    for reason in c.why:
        lines += _comment(f"Why: {reason}.")
    lines += [
        "[[claims]]",
        f"use = {_s(c.claim or '')}",
        f"id = {_s(cid)}",
        f"article_quote = {_s(c.sentence)}",
    ]
    if c.value_kind:
        lines.append(f"value_kind = {_s(c.value_kind)}")
        if c.low is None and c.high is not None and c.value_kind not in AT_MOST_KINDS:
            lines.append("article_low = 0.0  # only an upper bound was stated ('within', 'up to')")
        if c.low is not None:
            lines.append(f"article_low = {_number(c.low)}")
        if c.high is not None:
            lines.append(f"article_high = {_number(c.high)}")
    lines.append(f"routes = [{_s(c.route)}]" if c.route else "routes = []")
    lines.append(f"formulations = [{_s(c.formulation)}]" if c.formulation else "formulations = []")
    return lines


def render_claims_toml(draft: Draft, name: str | None = None) -> str:
    """The claims file text for a draft (needs at least one checkable claim to be usable)."""
    art = draft.article
    title = art.title or Path(art.source).stem
    name = name or _slug(Path(art.source).stem if art.source != "sentence" else title)
    checkable = [c for c in draft.claims if c.checkable]
    lines = [
        f"# Claims of {_s(title)}, drafted by `litwatch article draft` from {art.source}.",
        "# Read each claim: the article's sentence, what PubMed will be checked for, and why.",
        "# Fix a wrong number or treatment in place; delete a claim you do not want checked. Each",
        '# `use = "..."` takes its rules from litwatch\'s claim library (`litwatch claims library`).',
        *_comment(
            f"Treatment of the article as a whole: {describe(*(draft.treatment or (None, None)))}; "
            f"{draft.treatment_why}."
        ),
        "",
        f"name = {_s(name)}",
        f"title = {_s(title)}",
        f"source = {_s(art.source)}",
        "",
    ]
    counts: dict[str, int] = {}
    for c in checkable:
        base = c.claim or "claim"
        counts[base] = counts.get(base, 0) + 1
        cid = base if counts[base] == 1 else f"{base}-{counts[base]}"
        lines += _claim_block(c, cid) + [""]
    rest = [c for c in draft.claims if not c.checkable]
    if rest:
        lines.append(
            "# Not checked against PubMed (regulatory or practice statements, conditions the claim library"
        )
        lines.append("# has no claim for), listed:")
        for c in rest:
            lines += _comment(f'- "{c.sentence}" ({c.why[-1]})')
    return "\n".join(lines).rstrip() + "\n"
