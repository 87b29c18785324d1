"""Commands that talk to PubMed: sync, add, and the saved queries sync keeps up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from litwatch.cli.app import ManyArgsCommand, app, sub_app
from litwatch.cli.options import DbOption, EmailOption
from litwatch.cli.output import err, fail, out, print_tagged, warn
from litwatch.grammar import format_count


def make_client(email: str | None) -> Any:
    """The polite E-utilities client; its configuration warnings (no e-mail, ...) shown once each."""
    import warnings

    from litwatch.pubmed.eutils import EutilsClient
    from litwatch.pubmed.settings import EutilsSettings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = EutilsClient(EutilsSettings.from_env(email=email))
    for warning in {str(w.message) for w in caught}:
        warn(warning)
    return client


def print_sync_summary(s: Any) -> None:
    out.print(
        f"{s.query} ({s.mode}): {s.new:,} new, {s.updated:,} updated, {s.unchanged:,} unchanged, "
        f"{s.deleted:,} deleted of {s.matched:,} matched; {format_count(s.requests, 'request')}, "
        f"{format_count(s.retries, 'retry')}, {s.elapsed:.1f} s"
    )
    if s.resumed:
        out.print(f"  resumed: {format_count(s.resumed, 'record')} stored by an interrupted sync")
    for pmid, reason in s.skipped[:20]:
        out.print(f"  skipped {pmid or '(no PMID)'}: {reason}")
    if s.missing:
        was = "was" if len(s.missing) == 1 else "were"
        out.print(
            f"  {format_count(len(s.missing), 'PMID')} listed by PubMed {was} not returned "
            f"({', '.join(s.missing[:10])}); the next sync asks for them again"
        )
    if s.left:
        shown = ", ".join(s.left[:10]) + (" ..." if len(s.left) > 10 else "")
        verb = "no longer matches" if len(s.left) == 1 else "no longer match"
        out.print(f"  {format_count(len(s.left), 'record')} {verb} the query (kept, not counted): {shown}")
    if s.returned:
        verb = "matches" if len(s.returned) == 1 else "match"
        out.print(f"  {format_count(len(s.returned), 'record')} {verb} the query again")
    for warning in s.warnings:
        out.print(f"  warning: {warning}")


@app.command()
def sync(
    name: Annotated[
        str | None, typer.Argument(help="Saved query to sync (default: every saved query).")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Re-pull every record, not only new/revised.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=9999, help="Records per efetch request.")] = 500,
    db: DbOption = None,
    email: EmailOption = None,
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
    from litwatch.cli.output import make_progress, track_tagging
    from litwatch.db.engine import open_database
    from litwatch.services.changes import latest_snapshot_id, snapshot_after_sync
    from litwatch.services.sync import sync_queries, tag_after_sync
    from litwatch.services.tagging import default_claim_set_name

    engine = open_database(db)
    baseline = latest_snapshot_id(default_claim_set_name(), engine=engine)
    client = make_client(email)
    if verbose:
        client.on_request = lambda e: err.print(
            f"  {e.endpoint} {e.status or '-'} {e.elapsed:.2f}s {e.outcome} {e.params}"
        )
        client.on_retry = lambda e: err.print(
            f"  retry {e.attempt}/{e.max_tries} of {e.endpoint} in {e.delay:.1f}s: {e.reason}"
        )
    with client, make_progress() as bar:
        task = bar.add_task("sync: searching PubMed", total=None)

        def show(p: Any) -> None:
            bar.update(
                task,
                total=p.total or None,
                completed=p.fetched,
                description=f"{p.query}: {p.phase} batch {p.batch}/{p.batches}, "
                + format_count(p.retries, "retry")
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
        print_sync_summary(s)
    with track_tagging("tag new and changed records") as progress:
        tagged = tag_after_sync(engine=engine, on_progress=progress.advance, on_total=progress.set_total)
    if tagged is not None:
        print_tagged(tagged)
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
            f"digest written to {digest} ({format_count(len(found.claims), 'claim')} changed, "
            f"{format_count(len(found.moved), 'verdict')} moved)"
        )


@app.command(cls=ManyArgsCommand)
def add(
    identifiers: Annotated[
        list[str],
        typer.Argument(help="PMIDs (38011560) or DOIs (10.1186/s12888-024-05716-0).", metavar="PMID|DOI"),
    ],
    db: DbOption = None,
    email: EmailOption = None,
    tag: Annotated[
        bool, typer.Option("--tag/--no-tag", help="Tag the added records against the claims.")
    ] = True,
) -> None:
    """Fetch specific records from PubMed by PMID or DOI, store and tag them; adding twice changes nothing.

    Example: litwatch add 38714931 10.1186/s12888-024-05716-0 --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.add import add_records, parse_identifiers

    parse_identifiers(identifiers)  # a typo is reported before any request
    engine = open_database(db)
    client = make_client(email)
    with client:
        s = add_records(identifiers, engine=engine, client=client, tag=tag)
    for doi, pmids in s.resolved.items():
        if pmids:
            out.print(f"DOI {doi} -> PMID {', '.join(pmids)}")
    out.print(
        f"added {format_count(len(s.pmids), 'record')} ({s.new} new, {s.updated} updated, "
        f"{s.unchanged} unchanged)" + (f", tagged {s.tagged}" if tag else "")
    )
    for pmid, reason in s.skipped:
        out.print(f"  skipped {pmid or '(no PMID)'}: {reason}")
    if s.not_found:
        fail(f"PubMed has no record for {', '.join(s.not_found)}; the others were stored")


query_app = sub_app("Saved PubMed queries that `litwatch sync` keeps up to date.")
app.add_typer(query_app, name="query")


@query_app.command("add")
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
    out.print(f"saved query {info.name}: {info.term}")


@query_app.command("list")
def query_list(db: DbOption = None) -> None:
    """List saved queries with their record counts and last successful sync.

    Example: litwatch query list --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.queries import list_queries

    for q in list_queries(engine=open_database(db)):
        last = f"{q.last_success_at:%Y-%m-%d %H:%M} UTC" if q.last_success_at else "never"
        out.print(f"{q.name}: {format_count(q.members, 'record')}, last synced {last}")
        out.print(f"  {q.term}")


@query_app.command("remove")
def query_remove(
    name: Annotated[str, typer.Argument(help="Saved query to forget.")], db: DbOption = None
) -> None:
    """Forget a saved query and its membership list; the stored records stay.

    Example: litwatch query remove esketamine-trials
    """
    from litwatch.db.engine import open_database
    from litwatch.services.queries import remove_query

    dropped = remove_query(name, engine=open_database(db))
    out.print(f"removed query {name} ({format_count(dropped, 'membership')}); records kept")
