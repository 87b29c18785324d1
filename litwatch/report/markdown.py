"""The claim-by-claim report as Markdown, for pasting into an editor, a wiki or an issue.

Text from the database is escaped so it stays text: pipes cannot break a table, and `<`, `*`,
`[`, `&` and friends are backslash-escaped (CommonMark), so an abstract's `<script>` renders literally.
"""

from __future__ import annotations

from collections import Counter

from litwatch.claims.evidence import EvidenceRow, is_counted, is_rejected
from litwatch.report.changes import render_changes_markdown
from litwatch.report.guide import render_guide_markdown
from litwatch.report.html import coverage_facts
from litwatch.report.labels import (
    article_value,
    design_label,
    doi_url,
    escape_md,
    pubmed_url,
    route_text,
    value_kind_label,
    verdict_text,
)
from litwatch.report.model import REPORT_ROWS, VERDICTS, ClaimReport, Report, finding_sentence, says_otherwise
from litwatch.report.tally import claim_tally
from litwatch.report.valuechart import summarise_values

COLUMNS = ("Level", "Record", "Year", "Title", "Design", "n", "Population", "Condition studied",
           "Route/formulation", "Stance", "Counts", "Evidence", "Rule", "Source")  # fmt: skip


def md_link(text: str, url: str) -> str:
    """URLs come from `pubmed_url`/`doi_url`, already percent-encoded; parentheses are encoded too."""
    return f"[{escape_md(text)}]({url.replace('(', '%28').replace(')', '%29')})"


def counts_mark(row: EvidenceRow, basis: set[str]) -> str:
    """ "**in verdict**" (the verdict names it), "counted", or "not counted: why"."""
    if row.counted:
        return "**in verdict**" if row.pmid in basis else "counted"
    return escape_md(f"not counted: {row.why_not_counted}" if row.why_not_counted else "not counted")


def render_row(row: EvidenceRow, basis: set[str] | None = None) -> str:
    record = md_link(row.pmid, pubmed_url(row.pmid))
    if row.doi:
        record += " · " + md_link("DOI", doi_url(row.doi))
    title = escape_md(row.title)
    if row.retracted:
        record += " **RETRACTED, not counted**"
    elif is_rejected(row):
        record += " **rejected in review, not counted**"
    if not is_counted(row):
        title = f"~~{title}~~"
    source = escape_md(row.source) + (f": {escape_md(row.note)}" if row.note else "")
    cells = [
        str(row.evidence_level),
        record,
        escape_md(row.year or ""),
        title,
        escape_md(design_label(row.design)),
        "" if row.sample_size is None else f"{row.sample_size:,}",
        escape_md(row.population),
        escape_md(row.indication),
        escape_md(route_text(row.routes, row.formulations)),
        escape_md(row.stance),
        counts_mark(row, basis or set()),
        " / ".join(f"“{escape_md(s)}”" for s in row.evidence),
        escape_md(row.rule),
        source,
    ]
    return "| " + " | ".join(cells) + " |"


def says_otherwise_lines(claim: ClaimReport) -> list[str]:
    """What says otherwise (contradicting or mixed records, counted first), a fact-checker's first
    question; the same rows as the HTML box and `litwatch evidence --against`."""
    if not claim_tally(claim).total:
        return []
    against = says_otherwise(claim.rows)
    if not against:
        return ["What says otherwise: no stored record bearing on this claim contradicts it or reports "
                "mixed findings.", ""]  # fmt: skip
    lines = ["What says otherwise (contradicting or mixed findings, counted first):", ""]
    for i, row in enumerate(against, 1):
        mark = "counted" if row.counted else f"not counted: {row.why_not_counted}"
        quote = f" “{escape_md(finding_sentence(row))}”" if row.evidence else ""
        lines.append(
            f"{i}. {md_link(f'PMID {row.pmid}', pubmed_url(row.pmid))} ({escape_md(row.stance)}; level "
            f"{row.evidence_level} {escape_md(design_label(row.design))}; {escape_md(mark)}) "
            f"{escape_md(row.title)}{quote}"
        )
    return [*lines, ""]


def render_claim(claim: ClaimReport, number: int, all_rows: bool = False) -> list[str]:
    lines = [
        f"## {number}. {escape_md(claim.statement)}",
        "",
        f"Claim id: {escape_md(claim.claim_id)}",
        "",
        f"> {escape_md(claim.article_quote)}",
        "",
        f"{verdict_text(claim.verdict.label)}: {escape_md(claim.verdict.reason)}",
        "",
    ]
    value = article_value(claim.article_low, claim.article_high, claim.unit)
    if claim.value_kind or claim.values:
        summary = summarise_values(claim.values, claim.article_low, claim.article_high, claim.unit)
        kind = escape_md(value_kind_label(claim.value_kind))
        said = f" The article says {escape_md(value)}." if value else ""
        lines += [f"Numbers ({kind}): {escape_md(summary or 'none extracted.')}{said}", ""]
    if claim.years:
        per_year = " · ".join(f"{y}: {sum(claim.years[y].values())}" for y in sorted(claim.years))
        lines += [f"Records per year: {per_year}", ""]
    lines += says_otherwise_lines(claim)
    if claim.references:
        lines += ["What to cite (top counted records):", ""]
        lines += [
            f"{i}. {escape_md(ref)} {md_link(f'PMID {pmid}', pubmed_url(pmid))}"
            for i, (pmid, ref) in enumerate(claim.references.items(), 1)
        ]
        lines.append("")
    total = claim_tally(claim).total
    if not total:
        return [*lines, "_No stored record bears on this claim._", ""]
    listed = claim.rows[:REPORT_ROWS]  # every row counts; JSON and `litwatch evidence` list them all
    rows = listed if all_rows else [r for r in listed if r.counted]
    left_out = len(listed) - len(rows)
    unlisted = total - len(listed)
    if not rows:
        return [
            *lines,
            f"_No record counts toward this verdict ({left_out} not counted; `--all-rows` lists them)._",
            "",
        ]
    basis = set(claim.verdict.pmids)
    lines += [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *(render_row(r, basis) for r in rows),
        "",
    ]
    if left_out:
        lines += [
            f"_{left_out} more records bear on this claim but do not count; `--all-rows` lists them._",
            "",
        ]
    if unlisted > 0:
        lines += [
            f"{unlisted} more {'record' if unlisted == 1 else 'records'} (they count toward the verdict) "
            f"are not listed here: `litwatch evidence {claim.claim_id}` or `litwatch check --format json` "
            "lists them all.",
            "",
        ]
    return lines


def since_last_check(report: Report) -> list[str]:
    if not report.since_last_check:
        return []
    digest = render_changes_markdown(report.since_last_check, title="Since the last check")
    return ["#" + line if line.startswith("#") else line for line in digest.splitlines()] + [""]


def render_markdown(report: Report, *, all_rows: bool = False) -> str:
    """Header, summary table, one section per claim with its counted evidence rows (every row with
    `all_rows`), then how to read it."""
    tally = Counter(c.verdict.label for c in report.claims)
    lines = [
        f"# Claim check: {escape_md(report.article_title)}",
        "",
        f"- Article: {escape_md(report.article_source)}",
        f"- Claims: {escape_md(report.claim_set)}",
        f"- Database: {escape_md(report.database)}",
        f"- Generated (UTC): {escape_md(report.generated_at)}",
        f"- Records: {report.records_total:,} stored, {report.records_tagged:,} tagged",
        *(f"- {k}: {escape_md(v)}" for k, v in coverage_facts(report)),
        "",
        *since_last_check(report),
        "## Summary",
        "",
        " · ".join(
            f"{verdict_text(v)} × {tally[v]}"
            for v in [*VERDICTS, *sorted(set(tally) - set(VERDICTS))]
            if tally[v]
        ),
        "",
        "| # | Claim | Verdict | Counted records |",
        "|---|---|---|---|",
    ]
    for i, claim in enumerate(report.claims, 1):
        rows = claim_tally(claim)
        counted, excluded = rows.counted, rows.total - rows.counted
        extra = f" (+{excluded} not counted)" if excluded else ""
        lines.append(
            f"| {i} | {escape_md(claim.statement)} | {verdict_text(claim.verdict.label)} | {counted}{extra} |"
        )
    lines.append("")
    for i, claim in enumerate(report.claims, 1):
        lines += render_claim(claim, i, all_rows)
    lines += render_guide_markdown(report)
    return "\n".join(lines)
