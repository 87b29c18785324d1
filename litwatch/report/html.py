"""The claim-by-claim report as one self-contained HTML file.

Self-contained means nothing is fetched when the page is viewed: CSS and SVG charts are inline,
fonts are the system's, there is no script at all, and a Content-Security-Policy forbids scripts
and remote loads, so even an escaping slip could not run code. Every string from the database
goes through `esc` (text and attributes alike), because titles and abstracts are untrusted input.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from importlib import resources

from litwatch.claims.evidence import EvidenceRow, is_counted, is_rejected
from litwatch.report.changes import render_changes_section
from litwatch.report.charts import render_stance_bar, render_stance_chart, render_years_chart
from litwatch.report.guide import CAVEAT, render_footer, render_guide_html
from litwatch.report.labels import (
    article_value,
    badge_level,
    badge_stance,
    badge_verdict,
    design_label,
    doi_url,
    esc,
    format_number,
    pubmed_url,
    route_text,
    value_kind_label,
)
from litwatch.report.model import REPORT_ROWS, VERDICTS, ClaimReport, Report
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


def link(url: str, text: str) -> str:
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(text)}</a>'


def render_source(source: str) -> str:
    """The article's source, linked only when it is a plain web address."""
    if re.fullmatch(r"https?://\S+", source.strip()):
        return link(source.strip(), source.strip())
    return esc(source)


def coverage_facts(report: Report) -> list[tuple[str, str]]:
    """What the evidence covers: saved queries, publication years, the last successful sync."""
    queries = "; ".join(f"{q['name']}: {q['term']}" for q in report.queries) or "none (records from files)"
    years = f"{report.year_min}–{report.year_max}" if report.year_min is not None else "no records"
    last = (report.last_sync or "never").replace("T", " ").removesuffix("Z")
    return [("Saved queries", queries), ("Publication years", years), ("Last successful sync (UTC)", last)]


def render_header(report: Report) -> str:
    facts = [
        ("Claims", report.claim_set),
        ("Database", report.database),
        ("Generated (UTC)", report.generated_at),
        ("Records", f"{report.records_total:,} stored · {report.records_tagged:,} tagged"),
        *coverage_facts(report),
    ]
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    return (
        '<header class="page-head"><div class="wrap">'
        '<p class="eyebrow">litwatch · claim-by-claim check against PubMed</p>'
        f"<h1>{esc(report.article_title)}</h1>"
        f'<p class="source">Article: {render_source(report.article_source)}</p>'
        f'<dl class="meta">{items}</dl></div></header>'
    )


def count_rows(claim: ClaimReport) -> tuple[int, str]:
    """Rows that count, and a note on the ones that do not ("1 retracted, 2 rejected in review")."""
    retracted = sum(r.retracted for r in claim.rows)
    rejected = sum(is_rejected(r) and not r.retracted for r in claim.rows)
    parts = [f"{n} {what}" for n, what in ((retracted, "retracted"), (rejected, "rejected in review")) if n]
    return sum(is_counted(r) for r in claim.rows), ", ".join(parts)


def render_summary(report: Report, ids: list[str]) -> str:
    tally = Counter(c.verdict.label for c in report.claims)
    order = [v for v in VERDICTS if tally[v]] + sorted(set(tally) - set(VERDICTS))
    chips = "".join(f"<li>{badge_verdict(v)} <span class='small'>× {tally[v]}</span></li>" for v in order)
    rows = []
    for i, (claim, anchor) in enumerate(zip(report.claims, ids, strict=True), 1):
        listed, excluded = count_rows(claim)
        counted = sum(r.counted for r in claim.rows)
        extra = f'<div class="small">of {listed}{f" (+{esc(excluded)})" if excluded else ""}</div>'
        noun = '<span class="phone-only"> counted</span>'
        rows.append(
            f'<tr><td>{i}</td><td><a href="#{esc(anchor)}">{esc(claim.statement)}</a>'
            f'<div class="small mono">{esc(claim.claim_id)}</div></td>'
            f"<td>{badge_verdict(claim.verdict.label)}</td>"
            f'<td class="num">{counted}{noun}{extra}</td><td>{render_stance_bar(claim.rows)}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="5" class="empty">This claims file has no claims.</td></tr>'
    return (
        '<section class="card" id="summary" aria-labelledby="summary-h">'
        f'<h2 id="summary-h">Summary: {len(report.claims)} claims checked</h2>'
        f'<ul class="tally">{chips}</ul>'
        '<div class="table-wrap"><table class="summary"><thead><tr><th>#</th><th>Claim (our wording)</th>'
        '<th>Verdict</th><th class="num" title="Records the verdict counts, of those that bear on the claim">'
        "Counted</th><th>Stance mix</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
        f'<p class="caveat">{esc(CAVEAT)}</p></section>'
    )


def render_row(row: EvidenceRow, basis: set[str]) -> str:
    """One record; `basis` holds the PMIDs the verdict rests on, so readers see what decided it."""
    ids = [link(pubmed_url(row.pmid), f"PMID {row.pmid}")]
    if row.year:
        ids.append(f'<span class="small">{esc(row.year)}</span>')
    if row.doi:
        ids.append(f'<span class="small" title="doi:{esc(row.doi)}">{link(doi_url(row.doi), "DOI")}</span>')
    if row.retracted:
        ids.append('<span class="flag">Retracted · not counted</span>')
    elif is_rejected(row):
        ids.append('<span class="flag">Rejected in review · not counted</span>')
    facts = [design_label(row.design), row.population, route_text(row.routes, row.formulations)]
    if row.sample_size is not None:
        facts.append(f"n = {row.sample_size:,}")
    journal = f' <span class="small"><i>{esc(row.journal)}</i></span>' if row.journal else ""
    sentences = (
        "".join(f"<p><q>{esc(s)}</q></p>" for s in row.evidence) or '<p class="small">(no sentence)</p>'
    )
    how = f'<span class="reviewed">{esc(row.source)}</span>' if row.source == "reviewed" else esc(row.source)
    if row.pmid in basis and is_counted(row):
        how += ' · <span class="basis" title="The verdict rests on this record">in verdict</span>'
    if row.counted:
        how += ' · <span class="counts">counted</span>'
    elif row.why_not_counted:
        how += f' · <span class="not-counted">not counted: {esc(row.why_not_counted)}</span>'
    note = f'<div class="note-r">Reviewer: {esc(row.note)}</div>' if row.note else ""
    cls = ' class="excluded"' if not is_counted(row) else ""
    return (
        f"<tr{cls}>"
        f'<td class="lvl">{badge_level(row.evidence_level)}</td>'
        f'<td class="rec">{"".join(ids)}</td>'
        f'<td><div class="title">{esc(row.title)}</div>{journal}'
        f'<div class="facts">{esc(" · ".join(f for f in facts if f))}</div></td>'
        f"<td>{badge_stance(row.stance)}</td>"
        f'<td class="evidence">{sentences}<div class="how">rule: <span class="mono">{esc(row.rule)}</span>'
        f" · {how}</div>{note}</td></tr>"
    )


def render_table(rows: list[EvidenceRow], basis: set[str]) -> str:
    head = (
        '<colgroup><col class="c-lvl"><col class="c-rec"><col class="c-study"><col class="c-stance">'
        '<col class="c-ev"></colgroup>'
        '<thead><tr><th title="Evidence level, 1 (best) to 5">Level</th><th>Record</th>'
        "<th>Study · design · population · route/formulation · size</th><th>Stance</th>"
        "<th>Evidence sentence · rule · auto/reviewed</th></tr></thead>"
    )
    body = "".join(render_row(r, basis) for r in rows)
    return f'<div class="table-wrap"><table class="evidence">{head}<tbody>{body}</tbody></table></div>'


def render_evidence(claim: ClaimReport, open_tables: bool = False) -> str:
    """Every record behind the claim, folded: the page leads with what to cite, not with 1,000 rows."""
    if not claim.rows:
        return '<p class="empty">No stored record bears on this claim.</p>'
    counted = sum(r.counted for r in claim.rows)
    listed = claim.rows[:REPORT_ROWS]
    unlisted = len(claim.rows) - len(listed)
    more = (
        f'<p class="note">{unlisted} more {"record" if unlisted == 1 else "records"} (they count toward the '
        f"verdict) are not listed here: <code>litwatch evidence {esc(claim.claim_id)}</code> or "
        "<code>litwatch check --format json</code> lists them all.</p>"
        if unlisted > 0
        else ""
    )
    return (
        f'<details class="more"{" open" if open_tables else ""}>'
        f"<summary>All {plural(len(claim.rows), 'record')} behind this claim ({counted} counted): "
        "the evidence table, best first</summary>"
        f"{render_table(listed, set(claim.verdict.pmids))}{more}"
        f'<p class="note">As text, CSV, RIS or references: <code>litwatch evidence {esc(claim.claim_id)}'
        "</code></p></details>"
    )


def render_references(claim: ClaimReport) -> str:
    """The top counted records as formatted references, ready to paste into a manuscript."""
    style = {"vancouver": "Vancouver", "ama": "AMA", "apa": "APA"}.get(claim.reference_style, "")
    head = f'<h3>What to cite: the top counted records <span class="small">({esc(style)})</span></h3>'
    if not claim.references:
        return f'{head}<p class="empty">No record counts toward this verdict.</p>'
    rows = {r.pmid: r for r in claim.rows}
    items = []
    for pmid, ref in claim.references.items():
        row = rows.get(pmid)
        facts = ""
        if row is not None:
            size = f" · n = {row.sample_size:,}" if row.sample_size is not None else ""
            facts = (
                f' <span class="small">· level {esc(row.evidence_level)} {esc(design_label(row.design))}'
                f"{size} · {esc(row.stance)}</span>"
            )
        pubmed = link(pubmed_url(pmid), f"PMID {pmid}")
        items.append(f"<li>{esc(ref or rows[pmid].title)} {pubmed}{facts}</li>")
    cmd = f"litwatch evidence {claim.claim_id} --counted --format citation"
    return (
        f'<div class="cite-box">{head}<ol class="refs">{"".join(items)}</ol>'
        f'<p class="note">More: <code>{esc(cmd)}</code></p></div>'
    )


def unlisted_note(claim: ClaimReport, unlisted: int) -> str:
    """Rows past REPORT_ROWS still count; say so, and which command lists them."""
    return (
        f"{unlisted} more {'record' if unlisted == 1 else 'records'} (they count toward the verdict) are not "
        f"listed here: <code>litwatch evidence {esc(claim.claim_id)}</code> or "
        "<code>litwatch check --format json</code> lists them all."
    )


def render_value_panel(claim: ClaimReport) -> str:
    """The key numbers beside the dot plot: what the article says against what the records say."""
    st = value_stats(claim.values, claim.article_low, claim.article_high, claim.unit)
    if st is None:
        return ""
    u = f" {claim.unit}" if claim.unit else ""
    facts = [("The article says", st.article)] if st.article else []
    facts += [
        ("Records say (median)", f"{format_number(st.median)}{u}"),
        ("Range in records", f"{format_number(st.low)}–{format_number(st.high)}{u}"),
        (
            "Values extracted",
            f"{st.count} from {plural(sum(bool(r.values) for r in claim.rows if is_counted(r)), 'record')}",
        ),
    ]
    if st.inside is not None:
        facts.append(("Match the article", f"{st.inside} of {st.count} ({st.inside / st.count:.0%})"))
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    return f'<dl class="keynums{" with-article" if st.article else ""}">{items}</dl>'


def render_charts(claim: ClaimReport) -> str:
    """Pictures only where they beat a table: the numbers against the article, years, level × stance."""
    if not claim.rows and not claim.value_kind:
        return ""
    figures = []
    if claim.value_kind or claim.values:
        kind = esc(value_kind_label(claim.value_kind))
        has_article = claim.article_low is not None or claim.article_high is not None
        chart = render_values_chart(
            claim.values, claim.article_low, claim.article_high, claim.unit, claim.rows
        )
        summary = summarise_values(claim.values, claim.article_low, claim.article_high, claim.unit)
        body = (
            f'<div class="values-body"><div class="plot">{chart}</div>{render_value_panel(claim)}</div>'
            f'<p class="sr-only">{esc(summary)}</p>'
            if chart
            else '<p class="empty">No numbers extracted from these records.</p>'
        )
        figures.append(
            f'<figure class="wide values"><figcaption>Numbers in the records ({kind})'
            f"{' against the article' if has_article else ''}</figcaption>{body}</figure>"
        )
    years = render_years_chart(claim.years)
    if claim.rows or years:
        figures.append(
            "<figure><figcaption>Records per year, by study design</figcaption>"
            + (years or '<p class="empty">No dated records.</p>')
            + "</figure>"
        )
    stance = render_stance_chart(claim.rows)
    if stance:
        figures.append(
            f"<figure><figcaption>Records by evidence level and stance</figcaption>{stance}</figure>"
        )
    return f'<div class="charts">{"".join(figures)}</div>'


def render_claim(claim: ClaimReport, anchor: str, number: int, open_tables: bool = False) -> str:
    counted, excluded = count_rows(claim)
    value = article_value(claim.article_low, claim.article_high, claim.unit)
    facts = [f"{plural(counted, 'record')} {'bears' if counted == 1 else 'bear'} on this claim"]
    if claim.rows:
        facts.append(f"the verdict rests on {len(set(claim.verdict.pmids))}")
    if excluded:
        facts.append(f"{excluded} shown but not counted")
    counts = esc(" · ".join(facts)) + (f" · the article's number: <b>{esc(value)}</b>" if value else "")
    return (
        f'<section class="card claim" id="{esc(anchor)}" aria-labelledby="{esc(anchor)}-h">'
        f'<p class="claim-id"><a href="#{esc(anchor)}">Claim {number}</a> · <span class="mono">'
        f'{esc(claim.claim_id)}</span> · <a href="#summary">back to summary</a></p>'
        f'<h2 id="{esc(anchor)}-h">{esc(claim.statement)}</h2>'
        f'<blockquote class="article">{esc(claim.article_quote)}<cite>— the article</cite></blockquote>'
        f'<div class="verdict-line">{badge_verdict(claim.verdict.label)}'
        f'<p class="reason">{esc(claim.verdict.reason)}</p></div>'
        f'<p class="counts">{counts}</p>'
        f"{render_references(claim)}{render_charts(claim)}{render_evidence(claim, open_tables)}</section>"
    )


def render_html(report: Report, *, open_tables: bool = False) -> str:
    """The whole page: how to read it, the summary, then per claim its verdict, what to cite and
    charts; each claim's full evidence table is folded in <details> (`open_tables` opens them all,
    for printing everything)."""
    ids = anchor_ids(report.claims)
    claims = "".join(
        render_claim(c, anchor, i, open_tables)
        for i, (c, anchor) in enumerate(zip(report.claims, ids, strict=True), 1)
    )
    since = render_changes_section(report.since_last_check) if report.since_last_check else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
        '<meta name="generator" content="litwatch"><meta name="referrer" content="no-referrer">'
        f"<title>Claim check: {esc(report.article_title)}</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{read_css()}</style></head><body>"
        f'{render_header(report)}<main class="wrap">{render_guide_html(report)}{since}'
        f"{render_summary(report, ids)}{claims}</main>{render_footer(report)}</body></html>\n"
    )
