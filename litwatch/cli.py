"""The `litwatch` command line: options in, library calls, output. No logic lives here."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table
from sqlalchemy.exc import SQLAlchemyError

from litwatch.errors import LitwatchError
from litwatch.terminal import SafeConsole, escape_json_controls, strip_controls, terminal_safe

app = typer.Typer(
    help="Check a health article's claims against what PubMed says, claim by claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# Every line the CLI prints goes through these: untrusted text cannot drive the terminal.
out = SafeConsole(soft_wrap=True)
err = SafeConsole(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="LITWATCH_DB",
        help="SQLite database file (default ./litwatch.db) or a PostgreSQL URL, "
        "e.g. postgresql+psycopg://reviewer@dbhost/litwatch (password from $PGPASSWORD or ~/.pgpass).",
    ),
]
ClaimsOption = Annotated[
    str | None,
    typer.Option(
        "--claims", help="Claims TOML file or built-in name (default: the built-in ketamine-depression)."
    ),
]
StyleOption = Annotated[
    str, typer.Option("--style", help="Reference style: vancouver (NLM), ama or apa (CSL styles).")
]
F = TypeVar("F", bound=Callable[..., Any])


def show_version(value: bool) -> None:
    if value:
        from litwatch import __version__

        out.print(f"litwatch {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=show_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check a health article's claims against what PubMed says, claim by claim."""


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr, a non-zero exit: never a traceback."""
    err.print(f"litwatch: error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def friendly_errors(func: F) -> F:
    """Turn the errors a user can cause into one-line messages."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LitwatchError as exc:
            fail(str(exc), exc.exit_code)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            if "readonly database" in reason:
                fail(
                    "the database is read-only and this command writes to it: make the file and its "
                    "folder writable, or work on a copy; nothing was changed"
                )
            fail(f"database error: {reason}; stored data is unchanged up to the last committed batch")
        except KeyboardInterrupt:
            fail("interrupted; committed batches are kept, rerun the same command to resume", 130)
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))

    return wrapper  # type: ignore[return-value]


def progress_bar(transient: bool = True) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=transient,
        disable=not err.is_terminal,
    )


def print_tag_failures(summary: Any) -> None:
    """Records whose tagging failed were skipped (the rest are tagged): name them, on stderr."""
    for pmid, reason in summary.failed[:20]:
        err.print(f"litwatch: warning: record {pmid} was not tagged: {reason}", markup=False, highlight=False)
    if len(summary.failed) > 20:
        err.print(f"litwatch: warning: ... and {len(summary.failed) - 20} more records were not tagged")


def print_json(data: Any) -> None:
    sys.stdout.write(escape_json_controls(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


@app.command()
@friendly_errors
def ingest(
    files: Annotated[
        list[Path], typer.Argument(help="PubMed XML (.xml/.xml.gz) or MEDLINE text (.txt/.nbib).")
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
) -> None:
    """Store PubMed records from files (efetch XML, NLM baseline/update files, MEDLINE .nbib).

    A file that fails stops the command; files before it (and its committed batches) stay stored.
    Use --no-tag for a bulk load and run `litwatch tag` once at the end. A .gz file that would
    decompress past 1 GiB or more than 100 times its size is refused (a decompression bomb);
    raise the cap with --max-size or lift both with --allow-large for trusted NLM files.

    Example: litwatch ingest pubmed24n0001.xml.gz export.nbib --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.ingest import ingest_file, input_limits
    from litwatch.services.tagging import tag_stale_records

    limits = input_limits(max_size=max_size, allow_large=allow_large)
    engine = open_database(db)
    for path in files:
        with progress_bar() as bar:
            task = bar.add_task(f"ingest {path.name}", total=None)
            s = ingest_file(
                path,
                engine=engine,
                batch_size=batch_size,
                limits=limits,
                on_progress=lambda n, t=task: bar.advance(t, n),
            )
        out.print(
            f"{s.source}: {s.new} new, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.deleted} deleted, {len(s.skipped)} skipped",
            highlight=False,
        )
        for pmid, reason in s.skipped[:20]:
            out.print(f"  skipped {pmid or '(no PMID)'}: {reason}", highlight=False, markup=False)
        if len(s.skipped) > 20:
            out.print(f"  ... and {len(s.skipped) - 20} more (see `litwatch status`)", highlight=False)
        if s.older:
            out.print(f"  kept {s.older} stored records with a newer Version", highlight=False)
    if tag:
        tagged = tag_stale_records(engine=engine)
        out.print(f"tagged {tagged.tagged} records against claims '{tagged.claim_set}'", highlight=False)
        print_tag_failures(tagged)


@app.command()
@friendly_errors
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

    with progress_bar() as bar:
        task = bar.add_task("ingest bundled snapshot", total=None)
        result = run_demo(
            db_path=db, report_path=output, on_progress=lambda n: bar.advance(task, n), force=force
        )
    s = result.ingest
    out.print(
        f"snapshot: {s.records} records ({s.new} new, {s.updated} updated, {s.unchanged} unchanged) "
        f"in {result.db_path}",
        highlight=False,
    )
    out.print(f"tagged {result.tagged} records against claims '{result.claim_set}'", highlight=False)
    out.print(f"report written to {result.report_path}", highlight=False)


@app.command()
@friendly_errors
def status(db: DbOption = None) -> None:
    """Show record counts, years covered and the last ingests and syncs.

    Example: litwatch status --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.browse import read_status

    st = read_status(engine=open_database(db, create=False, read_only=True))
    out.print(f"database: {st.path}", highlight=False)
    out.print(
        f"records: {st.records} ({st.deleted} deleted, {st.retracted} retracted), "
        f"years {st.year_min or '-'}–{st.year_max or '-'}, tagged {st.tagged}",
        highlight=False,
    )
    if not st.claim_sets:
        out.print("tagged for no claims file yet: run `litwatch tag`", highlight=False)
    for c in st.claim_sets:
        when = f"{c.tagged_at:%Y-%m-%d %H:%M} UTC" if c.tagged_at else "unknown"
        seen = f"{c.last_check:%Y-%m-%d %H:%M} UTC" if c.last_check else "never"
        out.print(
            f"tagged for claims file '{c.claim_set}' ({c.source}): {c.claim_links} claim links, "
            f"last tagged {when}"
            + (f" ({c.stale} records changed since)" if c.stale else "")
            + f", last check {seen}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if st.left_queries:
        out.print(
            f"{st.left_queries} records no longer match their saved queries (kept, not counted)",
            highlight=False,
        )
    if not st.runs:
        out.print("no runs yet: try `litwatch demo` or `litwatch ingest FILE`", highlight=False)
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
@friendly_errors
def show(
    pmid: Annotated[str, typer.Argument(help="PubMed ID, e.g. 38011560.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full stored record as JSON.")] = False,
    claims: ClaimsOption = None,
) -> None:
    """Show one stored record, readable (with why it is tagged with each claim), or in full with --json.

    Example: litwatch show 38011560 --json
    """
    from litwatch.db.engine import open_database
    from litwatch.services.browse import get_record, render_record_text
    from litwatch.services.check import explain_record
    from litwatch.services.cite import render_record_claims

    engine = open_database(db, create=False, read_only=True)
    rec = get_record(pmid, engine=engine)
    if as_json:
        print_json(rec)
        return
    out.print(render_record_text(rec), highlight=False, markup=False)
    claim_set, pairs = explain_record(rec["pmid"], engine=engine, claims_path=claims)
    out.print("", highlight=False)
    out.print(render_record_claims(claim_set, pairs), highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly_errors
def search(
    query: Annotated[str, typer.Argument(help="Full-text query over titles and abstracts (FTS5 syntax).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many hits to show (1 to 10,000).")] = 20,
    design: Annotated[str | None, typer.Option(help="Only this study design, e.g. rct.")] = None,
    year: Annotated[
        str | None, typer.Option(help="Publication years: 2023, 2020-2024, 2020- or -2019.")
    ] = None,
    claim: Annotated[str | None, typer.Option(help="Only records tagged with this claim.")] = None,
    stance: Annotated[str | None, typer.Option(help="With --claim: supports, contradicts, ...")] = None,
    counted: Annotated[
        bool, typer.Option("--counted", help="With --claim: only records its verdict counts.")
    ] = False,
    claims: ClaimsOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, or citation: the hits as formatted references.")
    ] = "text",
    style: StyleOption = "vancouver",
) -> None:
    """Search titles and abstracts, best match first, with the total and a highlighted snippet per hit.

    Example: litwatch search "esketamine AND suicid*" --design rct --year 2020-2025 --limit 10
    """
    from rich.text import Text

    from litwatch.db.engine import open_database
    from litwatch.services.browse import SearchFilters, parse_years, search_page

    year_from, year_to = parse_years(year) if year is not None else (None, None)
    filters = SearchFilters(
        design=design, year_from=year_from, year_to=year_to, claim=claim, stance=stance, counted=counted,
        claims_path=claims,
    )  # fmt: skip
    if fmt not in ("text", "citation"):
        fail(f"unknown format {fmt!r}: choose text or citation")
    engine = open_database(db, create=False, read_only=True)
    page = search_page(query, engine=engine, limit=limit, filters=filters)
    if not page.hits:
        out.print(f"no records match {query!r}", highlight=False, markup=False)
        return
    if fmt == "citation":
        from litwatch.services.cite import cite_pmids, numbered

        refs = cite_pmids([h.pmid for h in page.hits], engine=engine, style=style)
        sys.stdout.write(strip_controls(numbered(refs)))
        return
    out.print(f"{page.total} records match; showing {len(page.hits)}", highlight=False, markup=False)
    for hit in page.hits:
        head = f"{hit.pmid}  {hit.year or '----'}  {hit.design or 'untagged'}  "
        out.print(Text(head, style="bold") + Text(hit.title), highlight=False, soft_wrap=True)
        snippet = Text("  " + hit.snippet)
        for start, stop in hit.highlights:
            snippet.stylize("bold reverse", start + 2, stop + 2)
        out.print(snippet, highlight=False, soft_wrap=True)


@app.command()
@friendly_errors
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv, ris, bibtex or citation (--style).")
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default or -: stdout).")
    ] = (None),
    pmids: Annotated[Path | None, typer.Option("--pmids", help="File with one PMID per line.")] = None,
    claim: Annotated[
        str | None,
        typer.Option(help="With --format csv: the claim's extraction table, one row per record."),
    ] = None,
    style: StyleOption = "vancouver",
    db: DbOption = None,
    claims: ClaimsOption = None,
) -> None:
    """Export stored records as JSONL, CSV, RIS (Zotero/EndNote) or BibTeX, or a claim's extraction table.

    --claim ID with --format csv writes one row per record behind the claim: PMID, citation,
    design, level, n, population, route, formulation, stance, counted, extracted values and the
    evidence sentence (formula-like cells are neutralised for spreadsheets).

    Example: litwatch export --format csv --claim dose-0-5-mg-kg -o dose.csv
    """
    from litwatch.db.engine import open_database, resolve_db_path
    from litwatch.fileio import atomic_writer, check_output_path
    from litwatch.services.export import check_format, export_records

    name = check_format(fmt)
    db_path = resolve_db_path(db)
    to_file = output is not None and str(output) != "-"
    if output is not None and to_file:
        check_output_path(output, what="export", protect=[db_path])
    engine = open_database(db_path, create=False, read_only=True)
    if claim is not None:
        from litwatch.errors import LitwatchError
        from litwatch.services.check import list_evidence
        from litwatch.services.cite import render_evidence

        if name != "csv":
            raise LitwatchError(
                f"--claim makes an extraction table: use --format csv (for {name} of a claim's records "
                f"use `litwatch evidence {claim} --format {name}`)"
            )
        rows = list_evidence(claim, engine=engine, claims_path=claims)
        write_text(
            render_evidence(rows, "csv", engine=engine, style=style), output, what="export", db=db_path
        )
        return
    if output is None or not to_file:
        stdout = terminal_safe(sys.stdout)
        count = export_records(engine=engine, fmt=name, stream=stdout, pmids_file=pmids, style=style)
    else:
        with atomic_writer(output, what="export", newline="", protect=[db_path]) as fh:
            count = export_records(engine=engine, fmt=name, stream=fh, pmids_file=pmids, style=style)
        err.print(f"wrote {count} records to {output}", highlight=False)
    if count.missing:
        shown = ", ".join(count.missing[:10]) + (" ..." if len(count.missing) > 10 else "")
        err.print(
            f"{len(count.missing)} PMIDs from {pmids} are not in the database: {shown}", highlight=False
        )
    if count.deleted_skipped:
        err.print(
            f"left out {count.deleted_skipped} records NLM deleted (kept in jsonl/csv)", highlight=False
        )


# --- sync and saved queries (issue 3) ---------------------------------------------------------

query_app = typer.Typer(
    help="Saved PubMed queries that `litwatch sync` keeps up to date.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(query_app, name="query")


@app.command()
@friendly_errors
def sync(
    name: Annotated[
        str | None, typer.Argument(help="Saved query to sync (default: every saved query).")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Re-pull every record, not only new/revised.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=9999, help="Records per efetch request.")] = 500,
    db: DbOption = None,
    email: Annotated[
        str | None, typer.Option("--email", envvar="NCBI_EMAIL", help="Contact e-mail NCBI asks for.")
    ] = None,
    wait: Annotated[
        float, typer.Option(min=0, help="Seconds to wait if another sync holds the database.")
    ] = 0.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every request and retry.")] = False,
    digest: Annotated[
        Path | None,
        typer.Option("--digest", help="Write what this sync changed, claim by claim, as Markdown to FILE."),
    ] = None,
) -> None:
    """Pull PubMed records for saved queries; later runs fetch only new and revised records.

    Set NCBI_EMAIL (and NCBI_API_KEY for 10 requests/s instead of 3). Safe to run from cron:
    an interrupted sync resumes, and a second sync on the same database is refused.
    --digest FILE.md writes the claim-by-claim digest of the sync, ready to send by e-mail.

    Example: litwatch sync ketamine-depression --db ketamine.db --digest digest.md
    """
    import warnings

    from litwatch.db.engine import open_database
    from litwatch.pubmed.eutils import EutilsClient, EutilsSettings
    from litwatch.services.changes import latest_snapshot_id, snapshot_after_sync
    from litwatch.services.sync import sync_queries, tag_after_sync
    from litwatch.services.tagging import default_claim_set_name

    engine = open_database(db)
    baseline = latest_snapshot_id(default_claim_set_name(), engine=engine)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = EutilsClient(EutilsSettings.from_env(email=email))
    for warning in {str(w.message) for w in caught}:
        err.print(f"litwatch: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if verbose:
        client.on_request = lambda e: err.print(
            f"  {e.endpoint} {e.status or '-'} {e.elapsed:.2f}s {e.outcome} {e.params}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        client.on_retry = lambda e: err.print(
            f"  retry {e.attempt}/{e.max_tries} of {e.endpoint} in {e.delay:.1f}s: {e.reason}",
            markup=False,
            soft_wrap=True,
        )
    with client, progress_bar() as bar:
        task = bar.add_task("sync: searching PubMed", total=None)

        def show(p: Any) -> None:
            bar.update(
                task,
                total=p.total or None,
                completed=p.fetched,
                description=f"{p.query}: {p.phase} batch {p.batch}/{p.batches}, {p.retries} retries"
                + (f" (last: {p.last_retry})" if p.last_retry else ""),
            )

        summaries = sync_queries(
            [name] if name else None,
            engine=engine,
            full=full,
            batch_size=batch_size,
            client=client,
            wait=wait,
            on_progress=show,
        )
    for s in summaries:
        out.print(
            f"{s.query} ({s.mode}): {s.new} new, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.deleted} deleted of {s.matched} matched; {s.requests} requests, {s.retries} retries, "
            f"{s.elapsed:.1f} s",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if s.resumed:
            out.print(f"  resumed: {s.resumed} records stored by an interrupted sync", highlight=False)
        for pmid, reason in s.skipped[:20]:
            out.print(f"  skipped {pmid or '(no PMID)'}: {reason}", highlight=False, markup=False)
        if s.missing:
            out.print(
                f"  {len(s.missing)} PMIDs listed by PubMed were not returned ({', '.join(s.missing[:10])}); "
                "the next sync asks for them again",
                highlight=False,
            )
        if s.left:
            shown = ", ".join(s.left[:10]) + (" ..." if len(s.left) > 10 else "")
            out.print(
                f"  {len(s.left)} records no longer match the query (kept, not counted): {shown}",
                highlight=False,
            )
        if s.returned:
            out.print(f"  {len(s.returned)} records match the query again", highlight=False)
        for warning in s.warnings:
            out.print(f"  warning: {warning}", highlight=False, markup=False)
    tagged = tag_after_sync(engine=engine)
    if tagged is not None:
        out.print(f"tagged {tagged.tagged} records against claims '{tagged.claim_set}'", highlight=False)
        print_tag_failures(tagged)
    changed = [s for s in summaries if s.changed]
    found = snapshot_after_sync(
        engine=engine,
        changed=bool(changed),
        run_id=changed[0].run_id if changed else None,
        baseline=baseline,
        digest=digest is not None,
    )
    if digest is not None and found is not None:
        from litwatch.fileio import atomic_writer
        from litwatch.report.changes import render_changes_markdown

        with atomic_writer(digest, what="digest") as fh:
            fh.write(
                render_changes_markdown(found.to_dict(), title=f"litwatch sync digest: {found.claim_set}")
            )
        out.print(
            f"digest written to {digest} ({len(found.claims)} claims changed, "
            f"{len(found.moved)} verdicts moved)",
            highlight=False,
        )


@app.command()
@friendly_errors
def add(
    identifiers: Annotated[
        list[str], typer.Argument(help="PMIDs (38011560) or DOIs (10.1186/s12888-024-05716-0).")
    ],
    db: DbOption = None,
    email: Annotated[
        str | None, typer.Option("--email", envvar="NCBI_EMAIL", help="Contact e-mail NCBI asks for.")
    ] = None,
    tag: Annotated[
        bool, typer.Option("--tag/--no-tag", help="Tag the added records against the claims.")
    ] = True,
) -> None:
    """Fetch specific records from PubMed by PMID or DOI, store and tag them; adding twice changes nothing.

    Example: litwatch add 38714931 10.1186/s12888-024-05716-0 --db ketamine.db
    """
    import warnings

    from litwatch.db.engine import open_database
    from litwatch.pubmed.eutils import EutilsClient, EutilsSettings
    from litwatch.services.add import add_records, parse_identifiers

    parse_identifiers(identifiers)  # a typo is reported before any request
    engine = open_database(db)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = EutilsClient(EutilsSettings.from_env(email=email))
    for warning in {str(w.message) for w in caught}:
        err.print(f"litwatch: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    with client:
        s = add_records(identifiers, engine=engine, client=client, tag=tag)
    for doi, pmids in s.resolved.items():
        if pmids:
            out.print(f"DOI {doi} -> PMID {', '.join(pmids)}", highlight=False, markup=False)
    out.print(
        f"added {len(s.pmids)} records ({s.new} new, {s.updated} updated, {s.unchanged} unchanged)"
        + (f", tagged {s.tagged}" if tag else ""),
        highlight=False,
    )
    for pmid, reason in s.skipped:
        out.print(f"  skipped {pmid or '(no PMID)'}: {reason}", highlight=False, markup=False)
    if s.not_found:
        fail(f"PubMed has no record for {', '.join(s.not_found)}; the others were stored")


@query_app.command("add")
@friendly_errors
def query_add(
    name: Annotated[str, typer.Argument(help="Short name, e.g. esketamine-trials.")],
    term: Annotated[str, typer.Argument(help="PubMed search term, as typed on pubmed.gov.")],
    replace: Annotated[bool, typer.Option("--replace", help="Change the term of an existing query.")] = False,
    db: DbOption = None,
) -> None:
    """Save a PubMed search under a name; `litwatch sync NAME` then keeps it up to date.

    Example: litwatch query add esketamine-trials "esketamine[tiab] AND randomized controlled trial[pt]"
    """
    from litwatch.db.engine import open_database
    from litwatch.services.queries import add_query

    info = add_query(name, term, engine=open_database(db), replace=replace)
    out.print(f"saved query {info.name}: {info.term}", highlight=False, markup=False)


@query_app.command("list")
@friendly_errors
def query_list(db: DbOption = None) -> None:
    """List saved queries with their record counts and last successful sync.

    Example: litwatch query list --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.queries import list_queries

    for q in list_queries(engine=open_database(db)):
        last = f"{q.last_success_at:%Y-%m-%d %H:%M} UTC" if q.last_success_at else "never"
        out.print(f"{q.name}: {q.members} records, last synced {last}", highlight=False, markup=False)
        out.print(f"  {q.term}", highlight=False, markup=False, soft_wrap=True)


@query_app.command("remove")
@friendly_errors
def query_remove(
    name: Annotated[str, typer.Argument(help="Saved query to forget.")], db: DbOption = None
) -> None:
    """Forget a saved query and its membership list; the stored records stay.

    Example: litwatch query remove esketamine-trials
    """
    from litwatch.db.engine import open_database
    from litwatch.services.queries import remove_query

    dropped = remove_query(name, engine=open_database(db))
    out.print(f"removed query {name} ({dropped} memberships); records kept", highlight=False, markup=False)


# --- claims, tagging, reviews and the report (issue 4) ----------------------------------------


@app.command()
@friendly_errors
def tag(
    db: DbOption = None,
    claims: ClaimsOption = None,
    all_records: Annotated[
        bool, typer.Option("--all", help="Re-tag every record, not only stale ones.")
    ] = False,
) -> None:
    """Tag stored records with design, evidence level, numbers and the claims they bear on.

    Only records whose content, tagger version or claims file changed are re-tagged, unless --all.

    Example: litwatch tag --all --claims my-article.toml
    """
    from litwatch.db.engine import open_database
    from litwatch.services.tagging import tag_stale_records

    engine = open_database(db, create=False)
    with progress_bar() as bar:
        task = bar.add_task("tag records", total=None)
        summary = tag_stale_records(
            engine=engine,
            claims_path=claims,
            all_records=all_records,
            on_progress=lambda n: bar.advance(task, n),
        )
    out.print(
        f"tagged {summary.tagged} records against claims '{summary.claim_set}' "
        f"({summary.skipped} up to date, {summary.claim_tags} claim links, {summary.removed} removed"
        + (f", {len(summary.failed)} failed)" if summary.failed else ")"),
        highlight=False,
    )
    print_tag_failures(summary)


@app.command()
@friendly_errors
def review(
    pmid: Annotated[str, typer.Argument(help="PubMed ID of the record (with --history: or a claim id).")],
    claim: Annotated[str | None, typer.Argument(help="Claim id, as listed by `litwatch claims`.")] = None,
    accept: Annotated[bool, typer.Option("--accept", help="The record bears on the claim.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The record does not bear on the claim.")] = False,
    stance: Annotated[
        str | None, typer.Option(help="With --accept: supports, contradicts, mixed or no-direction.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Who decides (default $LITWATCH_REVIEWER or the OS user).")
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="List the reviews of a record (or of a claim: give its id instead of a PMID), every "
            "reviewer's decisions newest first, the one applied marked *. "
            "E.g. litwatch review 38710325 --history",
        ),
    ] = False,
    db: DbOption = None,
    claims: ClaimsOption = None,
) -> None:
    """Record a human decision on a record and a claim; it wins over the automatic tag, also after re-tagging.

    Example: litwatch review 39210712 infusion-45-90-min --accept --stance mixed --note "40 min, not 45-90"
    """
    from litwatch.db.engine import open_database
    from litwatch.services.tagging import save_review

    if history:
        from litwatch.services.reviews import list_review_history, render_review_history

        if accept or reject or stance or note:
            fail("--history only lists reviews: give it without --accept, --reject, --stance or --note")
        engine = open_database(db, create=False, read_only=True)
        links = list_review_history(pmid, claim_id=claim, engine=engine, claims_path=claims)
        out.print(strip_controls(render_review_history(links)), highlight=False, markup=False)
        return
    if claim is None:
        fail("give the claim id after the PMID (see `litwatch claims`), or --history to list reviews")
    if accept == reject:
        fail("give exactly one of --accept or --reject")
    tag_ = save_review(
        pmid,
        claim,
        engine=open_database(db, create=False),
        accept=accept,
        stance=stance,
        note=note,
        reviewer=reviewer,
        claims_path=claims,
    )
    decision = f"accepted ({tag_.stance})" if accept else "rejected"
    out.print(f"{tag_.pmid} / {claim}: {decision} — {tag_.rule}", highlight=False, markup=False)


claims_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(claims_app, name="claims")


@claims_app.callback()
@friendly_errors
def claims(ctx: typer.Context, db: DbOption = None, claims: ClaimsOption = None) -> None:
    """List the article's claims with their evidence by level and stance, and the verdict.

    Stale or missing tags for the claims file are brought up to date first. Subcommands: `new`
    drafts one claim from a sentence, `library` lists the claims a claims file can `use`.

    Example: litwatch claims --db ketamine.db
    """
    if ctx.invoked_subcommand is not None:
        return
    from litwatch.db.engine import open_database
    from litwatch.services.check import ensure_tags_current, list_claim_summaries

    engine = open_database(db, create=False, read_only=True)
    tagged = ensure_tags_current(engine=engine, claims_path=claims)
    if tagged is not None:
        err.print(f"tags were missing or stale: tagged {tagged.tagged} records first", highlight=False)
    summaries = list_claim_summaries(engine=engine, claims_path=claims)
    table = Table(
        Column("claim", no_wrap=True),
        "levels",
        "stances",
        "verdict",
        caption="levels: records at evidence level 1 (best) / 2 / 3 / 4 / 5; "
        "stances: supports / contradicts / mixed / no direction",
    )
    for s in summaries:
        levels = "/".join(str(s.by_level.get(level, 0)) for level in range(1, 6))
        stances = "/".join(
            str(s.by_stance.get(k, 0)) for k in ("supports", "contradicts", "mixed", "no-direction")
        )
        table.add_row(s.claim_id, levels, stances, s.verdict.label)
    out.print(table)
    for s in summaries:
        flags = [f"{n} {what}" for n, what in ((s.retracted, "retracted"), (s.rejected, "rejected")) if n]
        extra = f" ({', '.join(flags)}, not counted)" if flags else ""
        out.print(f"{s.claim_id}: {s.statement}", highlight=False, markup=False, soft_wrap=True)
        out.print(
            f"  {s.verdict.label}: {s.verdict.reason}{extra}", highlight=False, markup=False, soft_wrap=True
        )


def write_text(text: str, output: Path | None, *, what: str, db: Path | None = None) -> None:
    """To stdout (control characters made harmless), or atomically to a file that is not the
    database (a failed write leaves the old file)."""
    from litwatch.db.engine import resolve_db_path
    from litwatch.fileio import atomic_writer, check_output_path

    if output is None or str(output) == "-":
        terminal_safe(sys.stdout).write(text)
        return
    protect = [resolve_db_path(db)]
    check_output_path(output, what=what, protect=protect)
    with atomic_writer(output, what=what, newline="", protect=protect) as fh:
        fh.write(text)
    err.print(f"wrote {output}", highlight=False, markup=False)


@claims_app.command("new")
@friendly_errors
def claims_new(
    sentence: Annotated[str, typer.Argument(help="One sentence of your article, in quotes.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="toml (a [[claims]] block) or json.")] = "toml",
) -> None:
    """Draft one claim from one sentence: the library claim it maps to, its number and treatment.

    Paste the printed [[claims]] block into your claims file.

    Example: litwatch claims new "Side effects wear off within 2 hours of the nasal spray."
    """
    from litwatch.services.drafting import draft_one_sentence

    result = draft_one_sentence(sentence, fmt=fmt)
    sys.stdout.write(result.text)


@claims_app.command("library")
@friendly_errors
def claims_library(
    topic: Annotated[str | None, typer.Option(help="Only claims of this topic, e.g. side-effects.")] = None,
) -> None:
    """List the claim library: ids a claims file can `use`, with topic, value kinds and statement.

    Example: litwatch claims library --topic dose
    """
    from litwatch.services.drafting import claim_library

    library = claim_library()
    for c in library.claims.values():
        if topic is None or c.topic == topic:
            kinds = ", ".join(c.value_kinds) or "-"
            out.print(f"{c.id}  [{c.topic}; {kinds}]  {c.statement}", highlight=False, markup=False)


db_app = typer.Typer(help="Move a whole database between SQLite and PostgreSQL.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("copy")
@friendly_errors
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
        f"copied {result.rows.get('articles', 0):,} records ({result.total:,} rows in "
        f"{len(result.rows)} tables) from {src.url} to {dst.url}; verified: row counts and "
        f"content hash {result.content_hash[:16]} match",
        highlight=False,
        markup=False,
    )


article_app = typer.Typer(help="Draft a claims file from your own article.", no_args_is_help=True)
app.add_typer(article_app, name="article")


@article_app.command("draft")
@friendly_errors
def article_draft(
    article: Annotated[
        str, typer.Argument(help="Article file (.txt, .md, .html saved page) or http(s) URL.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Claims file to write (default: print to stdout).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="toml (claims file) or json.")] = "toml",
) -> None:
    """Draft a claims file from an article: its checkable sentences mapped to library claims,
    with the article's numbers, route and formulation, and why each was chosen.

    Example: litwatch article draft leaflet.html -o my-article.toml
    """
    from litwatch.services.drafting import draft_article_file

    result = draft_article_file(article, output=output, fmt=fmt)
    if result.written is None:
        sys.stdout.write(result.text)
        return
    out.print(
        f"drafted {result.checkable} checkable claims ({result.not_checkable} not checkable, listed as "
        f"comments) to {result.written}; next: litwatch tag --claims {result.written}",
        highlight=False,
        markup=False,
    )


@app.command()
@friendly_errors
def evidence(
    claim: Annotated[str, typer.Argument(help="Claim id, as listed by `litwatch claims`.")],
    counted: Annotated[
        bool, typer.Option("--counted", help="Only the records the verdict counts (what to cite).")
    ] = False,
    level: Annotated[
        int | None, typer.Option(help="This evidence level or better: 2 = meta-analyses, reviews, RCTs.")
    ] = None,
    stance: Annotated[
        str | None, typer.Option(help="Only supports, contradicts, mixed or no-direction.")
    ] = None,
    design: Annotated[str | None, typer.Option(help="Only this design, e.g. rct or meta-analysis.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most this many records.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json, csv, ris, bibtex or citation.")
    ] = "text",
    style: StyleOption = "vancouver",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default or -: stdout).")
    ] = None,
    db: DbOption = None,
    claims: ClaimsOption = None,
) -> None:
    """What to cite for one claim: counted records first, then best level, size and recency.

    Each record shows title, design, n, year, route and formulation, every evidence sentence,
    its stance and whether the verdict counts it (and why not).

    Example: litwatch evidence onset-within-hours --counted --limit 3 --format citation --style ama
    """
    from litwatch.db.engine import open_database
    from litwatch.services.check import read_claim_evidence
    from litwatch.services.cite import check_evidence_format, render_evidence

    name = check_evidence_format(fmt)
    engine = open_database(db, create=False, read_only=True)
    report, rows = read_claim_evidence(
        claim,
        engine=engine,
        claims_path=claims,
        level=level,
        stance=stance,
        design=design,
        counted=counted,
        limit=limit,
    )
    if not rows and name == "text":
        out.print(f"no records bear on claim {claim} with these filters", highlight=False, markup=False)
        return
    text = render_evidence(rows, name, engine=engine, style=style, claim=report)
    if name in ("text", "citation"):  # read by people: never a control character from a record
        text = strip_controls(text)
    write_text(text, output, what=f"evidence {name}", db=db)


@app.command()
@friendly_errors
def cite(
    pmids: Annotated[list[str], typer.Argument(help="PubMed IDs, in the order to number them.")],
    style: StyleOption = "vancouver",
    db: DbOption = None,
) -> None:
    """Print formatted references (Vancouver/NLM, AMA or APA) for stored records, numbered.

    Records not in the database can be fetched first with `litwatch add PMID`.

    Example: litwatch cite 38714931 38179107 --style ama
    """
    from litwatch.db.engine import open_database
    from litwatch.services.cite import cite_pmids, numbered

    refs = cite_pmids(pmids, engine=open_database(db, create=False, read_only=True), style=style)
    sys.stdout.write(strip_controls(numbered(refs)))


@app.command()
@friendly_errors
def check(
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="html, md or json (default: -o's suffix, else html).")
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
    style: StyleOption = "vancouver",
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
    from litwatch.report.render import default_filename, render_report, resolve_format, write_report
    from litwatch.services.changes import prepare_check, record_check

    to_stdout = output is not None and str(output) == "-"
    name = resolve_format(fmt, None if output is None or to_stdout else output)
    path = resolve_db_path(db)
    target = output or Path(default_filename(name))
    if not to_stdout:
        check_output_path(target, what="report", protect=[path])  # before the slow part
    engine = open_database(path, create=False, read_only=True)
    detailed = None if name == "json" else REPORT_ROWS  # HTML and Markdown list the best REPORT_ROWS
    result = prepare_check(
        engine=engine, claims_path=claims, db_label=str(path), style=style, detailed=detailed
    )
    report = result.report
    if result.tagged:
        err.print(f"tags were missing or stale: tagged {result.tagged} records first", highlight=False)
    for warning in result.warnings:
        err.print(f"litwatch: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    options = {"all_rows": all_rows, "open_tables": open_tables}
    if to_stdout:
        terminal_safe(sys.stdout).write(render_report(report, name, **options))
        record_check(result, engine=engine)
        return
    written = write_report(report, target, name, protect=[path], **options)
    record_check(result, engine=engine)
    tally = Counter(c.verdict.label for c in report.claims)
    verdicts = ", ".join(f"{n} {label}" for label, n in tally.most_common()) or "none"
    out.print(f"report written to {written} ({len(report.claims)} claims: {verdicts})", highlight=False)
    if report.since_last_check and report.since_last_check["claims"]:
        since, moved = report.since_last_check, report.since_last_check["verdicts_moved"]
        out.print(
            f"since the last check: {len(since['claims'])} claims changed, {moved} verdicts moved "
            "(see the report's 'Since the last check')",
            highlight=False,
        )


@app.command()
@friendly_errors
def changes(
    since: Annotated[
        str,
        typer.Option(help="last (the last check or mark), a snapshot id, or a date such as 2026-11-01."),
    ] = "last",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, md, html or json.")] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default or -: stdout).")
    ] = None,
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

    Exit code 0 when no verdict moved, 3 when one did (for cron and alerting), 1 on errors.
    `changes` moves no mark; `changes --mark` records the current state as seen.

    Example: litwatch changes --since last --format json -o changes.json
    """
    from litwatch.db.engine import open_database, resolve_db_path
    from litwatch.fileio import atomic_writer, check_output_path
    from litwatch.report.changes import check_changes_format, render_changes
    from litwatch.services import changes as svc

    name = check_changes_format(fmt)
    path = resolve_db_path(db)
    to_file = output is not None and str(output) != "-"
    if to_file:
        check_output_path(output, what="changes", protect=[path])
    engine = open_database(path, create=False, read_only=not mark)
    if list_snapshots:
        for snap in svc.list_snapshots(engine=engine, claims_path=claims):
            out.print(f"{snap.id}  {snap.created_at:%Y-%m-%d %H:%M:%S} UTC  {snap.kind}", highlight=False)
        return
    result = svc.read_changes(engine=engine, claims_path=claims, since=since, mark=mark)
    if result.tagged:
        err.print(f"tagged {result.tagged} stale records first", highlight=False)
    for warning in result.warnings:
        err.print(f"litwatch: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    text = render_changes(result.changes.to_dict(), name)
    if not to_file:
        terminal_safe(sys.stdout).write(text)
    else:
        with atomic_writer(output, what="changes", protect=[path]) as fh:
            fh.write(text)
        err.print(f"changes written to {output}", highlight=False, soft_wrap=True)
    if result.marked is not None:
        err.print(f"marked the current state as seen (snapshot {result.marked})", highlight=False)
    if result.changes.exit_code:
        raise typer.Exit(result.changes.exit_code)
