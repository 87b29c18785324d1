"""The claim-by-claim report as one self-contained HTML file.

Self-contained means nothing is fetched when the page is viewed: CSS and SVG charts are inline,
fonts are the system's, there is no script at all, and a Content-Security-Policy forbids scripts
and remote loads. The page comes from Jinja2 templates (`templates/report.html`) with autoescape
on, so every string from the database (titles and abstracts are untrusted input) is escaped
without anyone having to remember it; this module only works out what the page shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from markupsafe import Markup

from litwatch.claims import verdict as verdict_module  # thresholds as the rule table uses them
from litwatch.claims.evidence import EvidenceRow, is_counted, is_rejected
from litwatch.claims.verdict import verdict_rules
from litwatch.report.changes import render_changes_section
from litwatch.report.charts import render_stance_bar, render_stance_chart, render_years_chart
from litwatch.report.guide import CAVEAT, inline_markdown_to_html
from litwatch.report.labels import (
    LEVEL_DESIGNS,
    article_value,
    design_label,
    format_number,
    route_text,
    studied_text,
    value_kind_label,
    verdict_meanings,
)
from litwatch.report.model import AGAINST_STANCES, REPORT_ROWS, VERDICTS, ClaimReport, Report, says_otherwise
from litwatch.report.tally import RowTally, claim_tally
from litwatch.report.templating import render_template
from litwatch.report.valuechart import render_values_chart, summarise_values, value_stats

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def read_css() -> str:
    """The stylesheet ships as package data so it can be edited as CSS, then inlined."""
    return (resources.files("litwatch.report") / "report.css").read_text(encoding="utf-8")


def anchor_ids(claims: Iterable[ClaimReport]) -> list[str]:
    """Unique, URL-safe ids for in-page links, whatever characters the claim ids hold."""
    seen: Counter[str] = Counter()
    out = []
    for claim in claims:
        base = "claim-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", claim.claim_id).strip("-") or "x")
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def coverage_facts(report: Report) -> list[tuple[str, str]]:
    """What the evidence covers: saved queries, publication years, the last successful sync."""
    queries = "; ".join(f"{q['name']}: {q['term']}" for q in report.queries) or "none (records from files)"
    years = f"{report.year_min}–{report.year_max}" if report.year_min is not None else "no records"
    last = (report.last_sync or "never").replace("T", " ").removesuffix("Z")
    return [("Saved queries", queries), ("Publication years", years), ("Last successful sync (UTC)", last)]


def header_facts(report: Report) -> list[tuple[str, str]]:
    return [
        ("Claims", report.claim_set),
        ("Database", report.database),
        ("Generated (UTC)", report.generated_at),
        ("Records", f"{report.records_total:,} stored · {report.records_tagged:,} tagged"),
        *coverage_facts(report),
    ]


def count_rows(claim: ClaimReport) -> tuple[int, str]:
    """Rows that count, and a note on the ones that do not ("1 retracted, 2 rejected in review")."""
    tally = claim_tally(claim)
    pairs = ((tally.retracted, "retracted"), (tally.rejected, "rejected in review"))
    return tally.countable, ", ".join(f"{n} {what}" for n, what in pairs if n)


@dataclass
class RowView:
    """One listed evidence row and what the template shows beside it."""

    row: EvidenceRow
    is_counted: bool
    is_rejected: bool
    in_basis: bool  # the verdict rests on it
    facts: str  # design · population · route/formulation · n


def view_row(row: EvidenceRow, basis: set[str]) -> RowView:
    facts = [design_label(row.design), row.population, route_text(row.routes, row.formulations)]
    if row.sample_size is not None:
        facts.append(f"n = {row.sample_size:,}")
    facts.append(studied_text(row.indication))
    counted = is_counted(row)
    return RowView(
        row, counted, is_rejected(row), row.pmid in basis and counted, " · ".join(f for f in facts if f)
    )


@dataclass
class Reference:
    pmid: str
    text: str  # the formatted reference (or the title when none could be formatted)
    row: EvidenceRow | None


def value_panel(claim: ClaimReport, tally: RowTally) -> list[tuple[str, str]]:
    """The key numbers beside the dot plot: what the article says against what the records say."""
    st = value_stats(claim.values, claim.article_low, claim.article_high, claim.unit)
    if st is None:
        return []
    u = f" {claim.unit}" if claim.unit else ""
    facts = [("The article says", st.article)] if st.article else []
    facts += [
        ("Records say (median)", f"{format_number(st.median)}{u}"),
        ("Range in records", f"{format_number(st.low)}–{format_number(st.high)}{u}"),
        ("Values extracted", f"{st.count} from {plural(tally.with_values, 'record')}"),
    ]
    if st.inside is not None:
        facts.append(("Match the article", f"{st.inside} of {st.count} ({st.inside / st.count:.0%})"))
    return facts


def view_claim(claim: ClaimReport, anchor: str, number: int) -> dict[str, Any]:
    """Everything the template shows for one claim, computed here so the template only lays it out."""
    tally = claim_tally(claim)
    countable, excluded = count_rows(claim)
    basis = set(claim.verdict.pmids)
    listed = claim.rows[:REPORT_ROWS]
    facts = [f"{plural(countable, 'record')} {'bears' if countable == 1 else 'bear'} on this claim"]
    if tally.total:
        facts.append(f"the verdict rests on {len(basis)}")
    if excluded:
        facts.append(f"{excluded} shown but not counted")
    by_pmid = {r.pmid: r for r in claim.rows if r.pmid in claim.references}
    references = [
        Reference(p, ref or (by_pmid[p].title if p in by_pmid else ""), by_pmid.get(p))
        for p, ref in claim.references.items()
    ]
    has_values = bool(claim.value_kind or claim.values)
    values_chart = (
        Markup(
            render_values_chart(
                claim.values,
                claim.article_low,
                claim.article_high,
                claim.unit,
                value_sources=tally.value_sources,
            )
        )
        if has_values
        else ""
    )
    st = value_stats(claim.values, claim.article_low, claim.article_high, claim.unit)
    return {
        "anchor": anchor,
        "number": number,
        "claim_id": claim.claim_id,
        "statement": claim.statement,
        "article_quote": claim.article_quote,
        "verdict": claim.verdict,
        "value_kind": claim.value_kind,
        "rows_total": tally.total,
        "counted": tally.counted,
        "countable": countable,
        "excluded": excluded,
        "stance_bar": Markup(render_stance_bar(tally.stances)),
        "facts": " · ".join(facts),
        "article_value": article_value(claim.article_low, claim.article_high, claim.unit),
        "style": {"vancouver": "Vancouver", "ama": "AMA", "apa": "APA"}.get(claim.reference_style, ""),
        "references": references,
        "has_values": has_values,
        "has_article": claim.article_low is not None or claim.article_high is not None,
        "kind_label": value_kind_label(claim.value_kind),
        "values_chart": values_chart,
        "keynums": value_panel(claim, tally),
        "keynums_article": bool(st and st.article),
        "values_summary": summarise_values(claim.values, claim.article_low, claim.article_high, claim.unit),
        "years_chart": Markup(render_years_chart(claim.years)),
        "stance_chart": Markup(render_stance_chart(tally.level_stances)),
        "listed": [view_row(r, basis) for r in listed],
        "against": [view_row(r, basis) for r in says_otherwise(claim.rows)],
        "against_total": sum(tally.stances[s] for s in AGAINST_STANCES),
        "unlisted": tally.total - len(listed),
    }


def render_html(report: Report, *, open_tables: bool = False) -> str:
    """The whole page: how to read it, the summary, then per claim its verdict, what to cite and
    charts; each claim's full evidence table is folded in <details> (`open_tables` opens them all,
    for printing everything)."""
    ids = anchor_ids(report.claims)
    claims = [view_claim(c, a, i) for i, (c, a) in enumerate(zip(report.claims, ids, strict=True), 1)]
    tally = Counter(c.verdict.label for c in report.claims)
    order = [v for v in VERDICTS if tally[v]] + sorted(set(tally) - set(VERDICTS))
    source = report.article_source.strip()
    return render_template(
        "report.html",
        report=report,
        csp=CSP,
        css=Markup(read_css()),  # the package's own stylesheet, inlined as is
        source_url=source if re.fullmatch(r"https?://\S+", source) else None,
        header_facts=header_facts(report),
        verdict_meanings=list(verdict_meanings().items()),
        max_level=verdict_module.MAX_LEVEL,
        level_designs=[(lv, [d for d, _ in ds]) for lv, ds in sorted(LEVEL_DESIGNS.items())],
        rules=[(s, inline_markdown_to_html(r), inline_markdown_to_html(o)) for s, r, o in verdict_rules()],
        caveat=CAVEAT,
        since=render_changes_section(report.since_last_check) if report.since_last_check else "",
        tally=[(v, tally[v]) for v in order],
        claims=claims,
        open_tables=open_tables,
    )
