"""Commands that turn the tags into output a person reads or cites: check (the report),
changes, evidence and cite."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from litwatch.cli.app import ManyArgsCommand, app
from litwatch.cli.choices import ChangesFormat, CitationStyle, EvidenceFormat, ReportFormat
from litwatch.cli.options import (
    ClaimsOption,
    DbOption,
    DesignOption,
    OutputOption,
    StanceOption,
    StyleOption,
)
from litwatch.cli.output import err, out, warn, write_text
from litwatch.grammar import format_count
from litwatch.terminal import strip_controls, terminal_safe


@app.command()
def evidence(
    claim: Annotated[str, typer.Argument(help="Claim id, as listed by `litwatch claims`.")],
    counted: Annotated[
        bool, typer.Option("--counted", help="Only the records the verdict counts (what to cite).")
    ] = False,
    level: Annotated[
        int | None, typer.Option(help="This evidence level or better: 2 = meta-analyses, reviews, RCTs.")
    ] = None,
    stance: StanceOption = None,
    against: Annotated[
        bool,
        typer.Option(
            "--against", help="Only what says otherwise: contradicting and mixed records, counted first."
        ),
    ] = False,
    design: DesignOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most this many records.")] = None,
    fmt: Annotated[
        EvidenceFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="text, json, csv, ris, bibtex or citation."
        ),
    ] = EvidenceFormat.TEXT,
    style: StyleOption = CitationStyle.VANCOUVER,
    output: OutputOption = None,
    db: DbOption = None,
    claims: ClaimsOption = None,
) -> None:
    """What to cite for one claim: counted records first, then best level, size and recency.

    Each record shows title, design, n, year, route and formulation, the condition studied, every
    evidence sentence, its stance and whether the verdict counts it (and why not).

    Example: litwatch evidence onset-within-hours --counted --limit 3 --format citation --style ama

    What says otherwise: litwatch evidence side-effects-mild --against --limit 5
    """
    from litwatch.db.engine import open_database
    from litwatch.services.cite import render_evidence
    from litwatch.services.verdicts import read_claim_evidence

    name = str(fmt)
    engine = open_database(db, create=False, read_only=True)
    report, rows = read_claim_evidence(
        claim,
        engine=engine,
        claims_path=claims,
        level=level,
        stance=stance and str(stance),
        design=design and str(design),
        counted=counted,
        limit=limit,
        against=against,
    )
    if not rows and name == "text":
        out.print(f"no records bear on claim {claim} with these filters")
        return
    text = render_evidence(rows, name, engine=engine, style=str(style), claim=report)
    if name in ("text", "citation"):  # read by people: never a control character from a record
        text = strip_controls(text)
    write_text(text, output, what=f"evidence {name}", db=db)


@app.command(cls=ManyArgsCommand)
def cite(
    pmids: Annotated[
        list[str], typer.Argument(help="PubMed IDs, in the order to number them.", metavar="PMID")
    ],
    style: StyleOption = CitationStyle.VANCOUVER,
    db: DbOption = None,
) -> None:
    """Print formatted references (Vancouver/NLM, AMA or APA) for stored records, numbered.

    Records not in the database can be fetched first with `litwatch add PMID`.

    Example: litwatch cite 38714931 38179107 --style ama
    """
    from litwatch.db.engine import open_database
    from litwatch.services.cite import cite_pmids, numbered

    refs = cite_pmids(pmids, engine=open_database(db, create=False, read_only=True), style=str(style))
    sys.stdout.write(strip_controls(numbered(refs)))


@app.command()
def check(
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="html, md or json (default: -o's suffix, else html)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write, - for stdout (default litwatch-report.<ext>)."),
    ] = None,
    claims: ClaimsOption = None,
    db: DbOption = None,
    all_rows: Annotated[
        bool, typer.Option("--all-rows", help="md: list every evidence row, not only the counted ones.")
    ] = False,
    open_tables: Annotated[
        bool,
        typer.Option("--open-tables", help="html: open every folded evidence table (to print them all)."),
    ] = False,
    style: StyleOption = CitationStyle.VANCOUVER,
) -> None:
    """Write the claim-by-claim report: how to read it, the summary, then per claim its verdict,
    the top counted records as formatted references, charts and the evidence table.

    HTML is one self-contained file (no network needed to view it) whose evidence tables are
    folded (--open-tables opens them); md lists the counted rows (--all-rows: every row) and
    pastes into an editor; json is for tools.

    Example: litwatch check --format html -o report.html
    """
    from collections import Counter

    from litwatch.db.engine import open_database, resolve_db_path
    from litwatch.fileio import check_output_path
    from litwatch.report.model import REPORT_ROWS
    from litwatch.report.render import default_filename, resolve_format, stream_report, write_report
    from litwatch.services.changes import prepare_check, record_check
    from litwatch.services.check import claim_row_source

    to_stdout = output is not None and str(output) == "-"
    name = resolve_format(fmt and str(fmt), None if output is None or to_stdout else output)
    path = resolve_db_path(db)
    target = output or Path(default_filename(name))
    if not to_stdout:
        check_output_path(target, what="report", protect=[path])  # before the slow part
    engine = open_database(path, create=False, read_only=True)
    result = prepare_check(  # HTML and Markdown list the best REPORT_ROWS; JSON streams every row
        engine=engine, claims_path=claims, db_label=str(path), style=str(style), detailed=REPORT_ROWS
    )
    report = result.report
    if result.tagged:
        err.print(f"tags were missing or stale: tagged {format_count(result.tagged, 'record')} first")
    for warning in result.warnings:
        warn(warning)
    rows_of = claim_row_source(engine=engine, claims_path=claims)
    if to_stdout:
        stream_report(
            report,
            name,
            terminal_safe(sys.stdout),
            all_rows=all_rows,
            open_tables=open_tables,
            rows_of=rows_of,
        )
        record_check(result, engine=engine)
        return
    written = write_report(
        report, target, name, protect=[path], all_rows=all_rows, open_tables=open_tables, rows_of=rows_of
    )
    record_check(result, engine=engine)
    tally = Counter(c.verdict.label for c in report.claims)
    verdicts = ", ".join(f"{n} {label}" for label, n in tally.most_common()) or "none"
    out.print(f"report written to {written} ({format_count(len(report.claims), 'claim')}: {verdicts})")
    if report.since_last_check and report.since_last_check["claims"]:
        since, moved = report.since_last_check, report.since_last_check["verdicts_moved"]
        out.print(
            f"since the last check: {format_count(len(since['claims']), 'claim')} changed, "
            f"{format_count(moved, 'verdict')} moved (see the report's 'Since the last check')"
        )


@app.command()
def changes(
    since: Annotated[
        str,
        typer.Option(help="last (the last check or mark), a snapshot id, or a date such as 2026-11-01."),
    ] = "last",
    fmt: Annotated[
        ChangesFormat, typer.Option("--format", "-f", case_sensitive=False, help="text, md, html or json.")
    ] = ChangesFormat.TEXT,
    output: OutputOption = None,
    mark: Annotated[
        bool, typer.Option("--mark", help="Record the current state as seen, as `check` does.")
    ] = False,
    list_snapshots: Annotated[
        bool, typer.Option("--list", help="List the stored snapshots (id, time, kind) and exit.")
    ] = False,
    claims: ClaimsOption = None,
    db: DbOption = None,
) -> None:
    """Show what changed since the last check: new records per claim, records that left, verdicts that moved.

    Exit code 0 when no verdict moved, 3 when one did (for cron and alerting), 1 on errors, 2 on
    a wrong option. `changes` moves no mark; `changes --mark` records the current state as seen.

    Example: litwatch changes --since last --format json -o changes.json
    """
    from litwatch.db.engine import open_database, resolve_db_path
    from litwatch.fileio import atomic_writer, check_output_path
    from litwatch.report.changes import render_changes
    from litwatch.services import changes as svc

    name = str(fmt)
    path = resolve_db_path(db)
    to_file = output if output is not None and str(output) != "-" else None
    if to_file is not None:
        check_output_path(to_file, what="changes", protect=[path])
    engine = open_database(path, create=False, read_only=not mark)
    if list_snapshots:
        for snap in svc.list_snapshots(engine=engine, claims_path=claims):
            out.print(f"{snap.id}  {snap.created_at:%Y-%m-%d %H:%M:%S} UTC  {snap.kind}")
        return
    result = svc.read_changes(engine=engine, claims_path=claims, since=since, mark=mark)
    if result.tagged:
        err.print(f"tagged {format_count(result.tagged, 'stale record')} first")
    for warning in result.warnings:
        warn(warning)
    text = render_changes(result.changes.to_dict(), name)
    if to_file is None:
        terminal_safe(sys.stdout).write(text)
    else:
        with atomic_writer(to_file, what="changes", protect=[path]) as fh:
            fh.write(text)
        err.print(f"changes written to {to_file}")
    if result.marked is not None:
        err.print(f"marked the current state as seen (snapshot {result.marked})")
    if result.changes.exit_code:
        raise typer.Exit(result.changes.exit_code)
