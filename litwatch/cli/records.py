"""Commands that store and read records: demo, ingest, status, show, search, export, db copy."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from litwatch.cli.app import ManyArgsCommand, app, sub_app
from litwatch.cli.choices import CitationStyle, ExportFormat, SearchFormat
from litwatch.cli.options import (
    ClaimsOption,
    DbOption,
    DesignOption,
    OutputOption,
    StanceOption,
    StyleOption,
)
from litwatch.cli.output import err, make_progress, out, print_json, print_tagged, track_tagging, write_text
from litwatch.grammar import format_count
from litwatch.terminal import strip_controls, terminal_safe


@app.command()
def demo(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the HTML report.")] = Path(
        "litwatch-report.html"
    ),
    force: Annotated[
        bool, typer.Option("--force", help="Add the demo records even to a database holding your own.")
    ] = False,
) -> None:
    """Build a database from the bundled real ketamine snapshot, tag it and write the report, offline.

    A database holding records from your own ingests or syncs is refused unless --force.

    Example: litwatch demo --db demo.db -o report.html
    """
    from litwatch.services.demo import run_demo

    with make_progress() as bar:
        task = bar.add_task("ingest bundled snapshot", total=None)
        result = run_demo(
            db_path=db, report_path=output, on_progress=lambda n: bar.advance(task, n), force=force
        )
    s = result.ingest
    out.print(
        f"snapshot: {format_count(s.records, 'record')} ({s.new} new, {s.updated} updated, "
        f"{s.unchanged} unchanged) in {result.db_path}"
    )
    out.print(f"tagged {format_count(result.tagged, 'record')} against claims '{result.claim_set}'")
    out.print(f"report written to {result.report_path}")


def ingest_counts(s: Any) -> str:
    return (
        f"{s.new:,} new, {s.updated:,} updated, {s.unchanged:,} unchanged, {s.deleted:,} deleted, "
        f"{len(s.skipped):,} skipped"
    )


def print_ingest_file(s: Any) -> None:
    """A file's own line and what it skipped."""
    out.print(f"{s.source}: {ingest_counts(s)}")
    for pmid, reason in s.skipped[:20]:
        out.print(f"  skipped {pmid or '(no PMID)'}: {reason}")
    if len(s.skipped) > 20:
        out.print(f"  ... and {len(s.skipped) - 20:,} more (see `litwatch status`)")
    if s.older:
        out.print(f"  kept {format_count(s.older, 'stored record')} with a newer Version")


@app.command(cls=ManyArgsCommand)
def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(help="PubMed XML (.xml/.xml.gz) or MEDLINE text (.txt/.nbib).", metavar="FILE"),
    ],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Records per committed transaction.")] = 500,
    tag: Annotated[
        bool,
        typer.Option("--tag/--no-tag", help="Tag new and changed records against the claims afterwards."),
    ] = True,
    max_size: Annotated[
        str | None,
        typer.Option(
            help="Largest size a .gz file may decompress to (default 1G), e.g. --max-size 4G.",
            show_default=False,
        ),
    ] = None,
    allow_large: Annotated[
        bool,
        typer.Option(
            "--allow-large",
            help="Trusted files: no cap on a .gz file's decompressed size or compression ratio, "
            "e.g. litwatch ingest --allow-large pubmed24n0001.xml.gz.",
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per file, not only the total.")
    ] = False,
) -> None:
    """Store PubMed records from files (efetch XML, NLM baseline/update files, MEDLINE .nbib).

    One file prints its counts; several print one total (a line per file with --verbose, and
    always for a file that skipped records). A file that fails stops the command; files before
    it (and its committed batches) stay stored. Use --no-tag for a bulk load and run `litwatch
    tag` once at the end. A .gz file that would decompress past 1 GiB or more than 100 times its
    size is refused (a decompression bomb); raise the cap with --max-size or lift both with
    --allow-large for trusted NLM files.

    Example: litwatch ingest pubmed24n0001.xml.gz export.nbib --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.ingest import ingest_file, input_limits

    limits = input_limits(max_size=max_size, allow_large=allow_large)
    engine = open_database(db)
    sizes = [path.stat().st_size if path.is_file() else 0 for path in files]
    totals = {"new": 0, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": 0}
    records = 0
    with make_progress(in_bytes=True) as bar:  # the files' size is the total, filled file by file
        task = bar.add_task("ingest", total=sum(sizes) or None)
        for number, (path, size) in enumerate(zip(files, sizes, strict=True), start=1):
            where = f" (file {number}/{len(files)})" if len(files) > 1 else ""

            def advance(n: int, name: str = path.name, where: str = where) -> None:
                nonlocal records
                records += n
                bar.update(task, description=f"ingest {name}{where}: {format_count(records, 'record')}")

            advance(0)
            s = ingest_file(path, engine=engine, batch_size=batch_size, limits=limits, on_progress=advance)
            bar.advance(task, size)
            for key in ("new", "updated", "unchanged", "deleted"):
                totals[key] += getattr(s, key)
            totals["skipped"] += len(s.skipped)
            if len(files) == 1 or verbose or s.skipped or s.older:
                print_ingest_file(s)
    if len(files) > 1:
        out.print(
            f"{format_count(len(files), 'file')}: {totals['new']:,} new, {totals['updated']:,} updated, "
            f"{totals['unchanged']:,} unchanged, {totals['deleted']:,} deleted, {totals['skipped']:,} skipped"
        )
    if tag:
        from litwatch.services.tagging import tag_stale_records

        with track_tagging("tag new and changed records") as progress:
            tagged = tag_stale_records(
                engine=engine, on_progress=progress.advance, on_total=progress.set_total
            )
        print_tagged(tagged)


@app.command()
def status(db: DbOption = None) -> None:
    """Show record counts, years covered, which claims file the tags are for, and the last runs.

    Example: litwatch status --db ketamine.db
    """
    from rich.table import Column, Table

    from litwatch.db.engine import open_database
    from litwatch.services.browse import read_status

    st = read_status(engine=open_database(db, create=False, read_only=True))
    out.print(f"database: {st.path}")
    out.print(
        f"records: {st.records:,} ({st.deleted:,} deleted, {st.retracted:,} retracted), "
        f"years {st.year_min or '-'}–{st.year_max or '-'}, tagged {st.tagged:,}"
    )
    if not st.claim_sets:
        out.print("tagged for no claims file yet: run `litwatch tag`")
    for c in st.claim_sets:
        when = f"{c.tagged_at:%Y-%m-%d %H:%M} UTC" if c.tagged_at else "unknown"
        seen = f"{c.last_check:%Y-%m-%d %H:%M} UTC" if c.last_check else "never"
        out.print(
            f"tagged for claims file '{c.claim_set}' ({c.source}): "
            f"{format_count(c.claim_links, 'claim link')}, last tagged {when}"
            + (f" ({format_count(c.stale, 'record')} changed since)" if c.stale else "")
            + f", last check {seen}"
        )
    if st.left_queries:
        verb = (
            "no longer matches its saved query"
            if st.left_queries == 1
            else "no longer match their saved queries"
        )
        out.print(f"{format_count(st.left_queries, 'record')} {verb} (kept, not counted)")
    if not st.runs:
        out.print("no runs yet: try `litwatch demo` or `litwatch ingest FILE`")
        return
    table = Table(
        "run", "kind", Column("source", overflow="fold"), Column("started (UTC)", no_wrap=True), "status",
        Column("new/upd/same/del/skip", no_wrap=True),
    )  # fmt: skip
    for r in st.runs:
        counts = "/".join(str(n) for n in (r.new, r.updated, r.unchanged, r.deleted, r.skipped))
        source = Path(r.source).name if r.kind in ("ingest", "demo") else r.source
        table.add_row(str(r.id), r.kind, source, f"{r.started_at:%Y-%m-%d %H:%M}", r.status, counts)
    out.print(table)


@app.command()
def show(
    pmid: Annotated[str, typer.Argument(help="PubMed ID, e.g. 38011560.")],
    db: DbOption = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="The full stored record and its tags (design, level, claims) as JSON."),
    ] = False,
    claims: ClaimsOption = None,
) -> None:
    """Show one stored record with its design, evidence level and claim tags (stance, why), or --json.

    Example: litwatch show 38011560 --json
    """
    from litwatch.db.engine import open_database
    from litwatch.services.browse import get_record, render_record_text
    from litwatch.services.show import read_record_tags, render_record_tags

    engine = open_database(db, create=False, read_only=True)
    rec = get_record(pmid, engine=engine)
    tags = read_record_tags(rec["pmid"], engine=engine, claims_path=claims)
    if as_json:
        print_json({**rec, "tags": tags.to_dict()})
        return
    out.print(render_record_text(rec))
    out.print("")
    out.print(render_record_tags(tags))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Full-text query over titles and abstracts (FTS5 syntax).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many hits to show (1 to 10,000).")] = 20,
    design: DesignOption = None,
    year: Annotated[
        str | None, typer.Option(help="Publication years: 2023, 2020-2024, 2020- or -2019.")
    ] = None,
    claim: Annotated[str | None, typer.Option(help="Only records tagged with this claim.")] = None,
    stance: StanceOption = None,
    counted: Annotated[
        bool, typer.Option("--counted", help="With --claim: only records its verdict counts.")
    ] = False,
    claims: ClaimsOption = None,
    fmt: Annotated[
        SearchFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text, or citation: the hits as formatted references.",
        ),
    ] = SearchFormat.TEXT,
    style: StyleOption = CitationStyle.VANCOUVER,
) -> None:
    """Search titles and abstracts, best match first, with the total and a highlighted snippet per hit.

    --stance and --counted go with --claim.

    Example: litwatch search "esketamine AND suicid*" --design rct --year 2020-2025 --limit 10
    """
    from rich.text import Text

    from litwatch.db.engine import open_database
    from litwatch.services.search import SearchFilters, parse_years, search_page

    year_from, year_to = parse_years(year) if year is not None else (None, None)
    filters = SearchFilters(
        design=design and str(design), year_from=year_from, year_to=year_to, claim=claim,
        stance=stance and str(stance), counted=counted,
        claims_path=claims,
    )  # fmt: skip
    engine = open_database(db, create=False, read_only=True)
    page = search_page(query, engine=engine, limit=limit, filters=filters)
    if not page.hits:
        out.print(f"no records match {query!r}")
        return
    if fmt == SearchFormat.CITATION:
        from litwatch.services.cite import cite_pmids, numbered

        refs = cite_pmids([h.pmid for h in page.hits], engine=engine, style=str(style))
        sys.stdout.write(strip_controls(numbered(refs)))
        return
    out.print(f"{format_count(page.total, 'record')} match; showing {len(page.hits):,}")
    for hit in page.hits:
        head = f"{hit.pmid}  {hit.year or '----'}  {hit.design or 'untagged'}  "
        out.print(Text(head, style="bold") + Text(hit.title))
        snippet = Text("  " + hit.snippet)
        for start, stop in hit.highlights:
            snippet.stylize("bold reverse", start + 2, stop + 2)
        out.print(snippet)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="jsonl, csv, ris, bibtex or citation (--style)."
        ),
    ] = ExportFormat.JSONL,
    output: OutputOption = None,
    pmids: Annotated[Path | None, typer.Option("--pmids", help="File with one PMID per line.")] = None,
    claim: Annotated[
        str | None,
        typer.Option(help="With --format csv: the claim's extraction table, one row per record."),
    ] = None,
    style: StyleOption = CitationStyle.VANCOUVER,
    db: DbOption = None,
    claims: ClaimsOption = None,
) -> None:
    """Export stored records as JSONL, CSV, RIS (Zotero/EndNote) or BibTeX, or a claim's extraction table.

    --claim ID with --format csv writes one row per record behind the claim: PMID, citation,
    design, level, n, population, condition studied, route, formulation, stance, counted,
    extracted values and the evidence sentence (formula-like cells are neutralised for spreadsheets).

    Example: litwatch export --format csv --claim dose-0-5-mg-kg -o dose.csv
    """
    from litwatch.db.engine import open_database, resolve_db_path
    from litwatch.errors import LitwatchError
    from litwatch.fileio import atomic_writer, check_output_path
    from litwatch.services.export import export_records

    name = str(fmt)
    db_path = resolve_db_path(db)
    to_file = output is not None and str(output) != "-"
    if output is not None and to_file:
        check_output_path(output, what="export", protect=[db_path])
    engine = open_database(db_path, create=False, read_only=True)
    if claim is not None:
        from litwatch.services.cite import render_evidence
        from litwatch.services.verdicts import list_evidence

        if name != "csv":
            raise LitwatchError(
                f"--claim makes an extraction table: use --format csv (for {name} of a claim's records "
                f"use `litwatch evidence {claim} --format {name}`)"
            )
        rows = list_evidence(claim, engine=engine, claims_path=claims)
        write_text(
            render_evidence(rows, "csv", engine=engine, style=str(style)), output, what="export", db=db_path
        )
        return
    if output is None or not to_file:
        stdout = terminal_safe(sys.stdout)
        count = export_records(engine=engine, fmt=name, stream=stdout, pmids_file=pmids, style=str(style))
    else:
        with atomic_writer(output, what="export", newline="", protect=[db_path]) as fh:
            count = export_records(engine=engine, fmt=name, stream=fh, pmids_file=pmids, style=str(style))
        err.print(f"wrote {format_count(count, 'record')} to {output}")
    if count.missing:
        shown = ", ".join(count.missing[:10]) + (" ..." if len(count.missing) > 10 else "")
        verb = "is" if len(count.missing) == 1 else "are"
        err.print(
            f"{format_count(len(count.missing), 'PMID')} from {pmids} {verb} not in the database: {shown}"
        )
    if count.deleted_skipped:
        err.print(f"left out {format_count(count.deleted_skipped, 'record')} NLM deleted (kept in jsonl/csv)")


db_app = sub_app("Move a whole database between SQLite and PostgreSQL.")
app.add_typer(db_app, name="db")


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Argument(help="Database to read: an SQLite file or a PostgreSQL URL.")],
    target: Annotated[str, typer.Argument(help="New, empty database to fill: a file path or a URL.")],
) -> None:
    """Copy a whole database (records, tags, reviews, runs, queries), verified by counts and a hash.

    Example: litwatch db copy litwatch.db postgresql+psycopg://editor@dbhost/litwatch
    """
    from litwatch.db.engine import open_database
    from litwatch.services.dbcopy import copy_database

    src = open_database(source, create=False, read_only=True)
    dst = open_database(target)
    result = copy_database(src, dst)
    out.print(
        f"copied {format_count(result.rows.get('articles', 0), 'record')} "
        f"({format_count(result.total, 'row')} in {format_count(len(result.rows), 'table')}) "
        f"from {src.url} to {dst.url}; verified: row counts and content hash {result.content_hash[:16]} match"
    )
