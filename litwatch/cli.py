"""The `litwatch` command line: options in, library calls, output. No logic lives here."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from litwatch.errors import LitwatchError

app = typer.Typer(
    help="Check a health article's claims against what PubMed says, claim by claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="LITWATCH_DB", help="SQLite database file (default ./litwatch.db)."),
]
F = TypeVar("F", bound=Callable[..., Any])


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


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
@friendly_errors
def ingest(
    files: Annotated[list[Path], typer.Argument(help="PubMed XML (.xml/.xml.gz) or MEDLINE text (.txt/.nbib).")],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Records per committed transaction.")] = 500,
) -> None:
    """Store PubMed records from files (efetch XML, NLM baseline/update files, MEDLINE .nbib).

    Example: litwatch ingest pubmed24n0001.xml.gz export.nbib --db ketamine.db
    """
    from litwatch.db.engine import open_database
    from litwatch.services.ingest import ingest_file
    from litwatch.services.tagging import tag_stale_records

    engine = open_database(db)
    totals: list[Any] = []
    with progress_bar() as bar:
        for path in files:
            task = bar.add_task(f"ingest {path.name}", total=None)
            summary = ingest_file(
                path, engine=engine, batch_size=batch_size, on_progress=lambda n, t=task: bar.advance(t, n)
            )
            totals.append(summary)
    tagged = tag_stale_records(engine=engine)
    for s in totals:
        out.print(
            f"{s.source}: {s.new} new, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.deleted} deleted, {len(s.skipped)} skipped",
            highlight=False,
        )
        for pmid, reason in s.skipped[:20]:
            out.print(f"  skipped {pmid or '(no PMID)'}: {reason}", highlight=False, markup=False)
        if s.older:
            out.print(f"  kept {s.older} stored records whose Version is newer than the file's", highlight=False)
    out.print(f"tagged {tagged.tagged} records against claims '{tagged.claim_set}'", highlight=False)


@app.command()
@friendly_errors
def demo(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the HTML report.")] = Path(
        "litwatch-report.html"
    ),
) -> None:
    """Build a database from the bundled real ketamine snapshot, tag it and write the report, offline.

    Example: litwatch demo --db demo.db -o report.html
    """
    from litwatch.services.demo import run_demo

    with progress_bar() as bar:
        task = bar.add_task("ingest bundled snapshot", total=None)
        result = run_demo(db_path=db, report_path=output, on_progress=lambda n: bar.advance(task, n))
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

    st = read_status(engine=open_database(db, create=False))
    out.print(f"database: {st.path}", highlight=False)
    out.print(
        f"records: {st.records} ({st.deleted} deleted, {st.retracted} retracted), "
        f"years {st.year_min or '-'}–{st.year_max or '-'}, tagged {st.tagged}",
        highlight=False,
    )
    table = Table("run", "kind", "source", "started (UTC)", "status", "new", "upd", "same", "del", "skip")
    for r in st.runs:
        table.add_row(
            str(r.id), r.kind, r.source, r.started_at.strftime("%Y-%m-%d %H:%M"), r.status,
            str(r.new), str(r.updated), str(r.unchanged), str(r.deleted), str(r.skipped),
        )  # fmt: skip
    out.print(table)


@app.command()
@friendly_errors
def show(
    pmid: Annotated[str, typer.Argument(help="PubMed ID, e.g. 38011560.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full stored record as JSON.")] = False,
) -> None:
    """Show one stored record, readable, or in full with --json.

    Example: litwatch show 38011560 --json
    """
    from litwatch.db.engine import open_database
    from litwatch.services.browse import get_record, render_record_text

    rec = get_record(pmid, engine=open_database(db, create=False))
    if as_json:
        print_json(rec)
    else:
        out.print(render_record_text(rec), highlight=False, markup=False)


@app.command()
@friendly_errors
def search(
    query: Annotated[str, typer.Argument(help="Full-text query over title and abstract (SQLite FTS5 syntax).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many hits to show.")] = 20,
) -> None:
    """Search titles and abstracts, best match first.

    Example: litwatch search "esketamine AND suicid*" --limit 10
    """
    from litwatch.db.engine import open_database
    from litwatch.services.browse import search_records

    hits = search_records(query, engine=open_database(db, create=False), limit=limit)
    if not hits:
        out.print(f"no records match {query!r}", highlight=False, markup=False)
        return
    table = Table("PMID", "year", "title")
    for hit in hits:
        table.add_row(hit.pmid, str(hit.year or ""), hit.title)
    out.print(table)


@app.command()
@friendly_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, ris or bibtex.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    pmids: Annotated[Path | None, typer.Option("--pmids", help="File with one PMID per line.")] = None,
    db: DbOption = None,
) -> None:
    """Export stored records as JSONL, CSV, RIS (Zotero/EndNote) or BibTeX.

    Example: litwatch export --format ris -o ketamine.ris
    """
    from litwatch.db.engine import open_database
    from litwatch.services.export import export_records

    engine = open_database(db, create=False)
    if output is None:
        count = export_records(engine=engine, fmt=fmt, stream=sys.stdout, pmids_file=pmids)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = export_records(engine=engine, fmt=fmt, stream=fh, pmids_file=pmids)
        err.print(f"wrote {count} records to {output}", highlight=False)


# --- sync and saved queries (issue 3) ---------------------------------------------------------

# --- claims, tagging, reviews and the report (issue 4) ----------------------------------------
