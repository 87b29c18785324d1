""" "How to read this report": verdicts, evidence levels, stances, the verdict rules, attribution.

The HTML version is the `guide` macro of `templates/guide.html`; this module keeps the words and the
Markdown version.

The levels and the verdict rules are quoted from the code that applies them
(`litwatch.claims.design.EVIDENCE_LEVEL_TABLE`, `litwatch.claims.verdict.verdict_rules()`), so the
report cannot drift from what the tagger and the verdict actually do.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from litwatch.claims.verdict import verdict_rules
from litwatch.report.labels import (
    LEVEL_DESIGNS,
    design_label,
    esc,
    escape_md,
    verdict_meanings,
    verdict_text,
)
from litwatch.report.model import Report

CAVEAT = (
    "An automated screen of PubMed titles and abstracts, not a systematic review: open the records "
    "before relying on a verdict."
)


def inline_markdown_to_html(text: str) -> Markup:
    """The rules table's light Markdown (**bold**, *italic*, `code`) as HTML, escaping first."""
    html = esc(text)
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html)
    html = re.sub(r"\*(.+?)\*", r"<em>\1</em>", html)
    return Markup(re.sub(r"`(.+?)`", r"<code>\1</code>", html))


def render_guide_markdown(report: Report) -> list[str]:
    """The Markdown version of the footer."""
    lines = ["## How to read this", ""]
    lines += [f"- {verdict_text(v)}: {escape_md(m)}" for v, m in verdict_meanings().items()]
    lines += ["", "Evidence levels (in the spirit of Oxford CEBM 2011; 1 is strongest):", ""]
    for level, designs in sorted(LEVEL_DESIGNS.items()):
        lines.append(f"{level}. " + "; ".join(f"{design_label(d)}: {escape_md(desc)}" for d, desc in designs))
    lines += ["", "How verdicts are decided:", "", "| step | rule | outcome |", "|---|---|---|"]
    pipe = "\\|"
    lines += [
        f"| {step} | {rule.replace('|', pipe)} | {outcome.replace('|', pipe)} |"
        for step, rule, outcome in verdict_rules()
    ]
    lines += [
        "",
        "Retracted records and records a reviewer rejected are listed but never counted. " + CAVEAT,
        "",
        f"_{escape_md(report.attribution)}_",
        "",
    ]
    return lines
