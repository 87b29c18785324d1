"""Commands about claims: tag records, review a tag, the verdict table, the claim library, and
drafting a claims file from an article."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from litwatch.cli.app import app, sub_app
from litwatch.cli.choices import Decision, DraftFormat, Stance
from litwatch.cli.options import ClaimsOption, DbOption
from litwatch.cli.output import err, fail, out, print_tag_failures, track_tagging
from litwatch.grammar import format_count


@app.command()
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
    with track_tagging() as progress:
        summary = tag_stale_records(
            engine=engine,
            claims_path=claims,
            all_records=all_records,
            on_progress=progress.advance,
            on_total=progress.set_total,
        )
    out.print(
        f"tagged {format_count(summary.tagged, 'record')} against claims '{summary.claim_set}' "
        f"({summary.skipped:,} up to date, {format_count(summary.claim_tags, 'claim link')}, "
        f"{summary.removed:,} removed" + (f", {len(summary.failed):,} failed)" if summary.failed else ")")
    )
    print_tag_failures(summary)


class ReviewCommand(TyperCommand):
    """`review` before the decision became one argument took `--accept`/`--reject`: still read."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        legacy = [a for a in args[:end] if a in ("--accept", "--reject")]
        if legacy:
            kept = [a for a in args[:end] if a not in ("--accept", "--reject")]
            args = kept + [a.removeprefix("--") for a in legacy] + args[end:]
        return super().parse_args(ctx, args)


@app.command(cls=ReviewCommand)
def review(
    pmid: Annotated[str, typer.Argument(help="PubMed ID of the record (with --history: or a claim id).")],
    claim: Annotated[str | None, typer.Argument(help="Claim id, as listed by `litwatch claims`.")] = None,
    decision: Annotated[
        Decision | None,
        typer.Argument(
            case_sensitive=False,
            help="accept: the record bears on the claim; reject: it does not (--accept/--reject also work).",
        ),
    ] = None,
    stance: Annotated[
        Stance | None,
        typer.Option(case_sensitive=False, help="With accept: the record's stance, e.g. --stance mixed."),
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

    Example: litwatch review 39210712 infusion-45-90-min accept --stance mixed --note "40 min, not 45-90"
    """
    from litwatch.db.engine import open_database
    from litwatch.services.tagging import save_review

    if history:
        from litwatch.services.reviews import list_review_history, render_review_history

        if decision or stance or note:
            fail("--history only lists reviews: give it without accept/reject, --stance or --note")
        engine = open_database(db, create=False, read_only=True)
        out.print(
            render_review_history(
                list_review_history(pmid, claim_id=claim, engine=engine, claims_path=claims)
            )
        )
        return
    if claim is None:
        fail("missing argument 'CLAIM': give the claim id and accept or reject, or --history", 2)
    if decision is None:
        fail("missing argument 'decision'. Choose from: accept, reject", 2)
    accept = decision == Decision.ACCEPT
    saved = save_review(
        pmid,
        claim,
        engine=open_database(db, create=False),
        accept=accept,
        stance=stance and str(stance),
        note=note,
        reviewer=reviewer,
        claims_path=claims,
    )
    outcome = f"accepted ({saved.stance})" if accept else "rejected"
    out.print(f"{saved.pmid} / {claim}: {outcome} — {saved.rule}")


claims_app = sub_app(
    "List the article's claims with their evidence by level and stance, and the verdict.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(claims_app, name="claims")


@claims_app.callback()
def claims(ctx: typer.Context, db: DbOption = None, claims: ClaimsOption = None) -> None:
    """List the article's claims with their evidence by level and stance, and the verdict.

    Stale or missing tags for the claims file are brought up to date first. Subcommands: `new`
    drafts one claim from a sentence, `library` lists the claims a claims file can `use`.

    Example: litwatch claims --db ketamine.db
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Column, Table

    from litwatch.db.engine import open_database
    from litwatch.services.check import ensure_tags_current
    from litwatch.services.verdicts import list_claim_summaries

    engine = open_database(db, create=False, read_only=True)
    tagged = ensure_tags_current(engine=engine, claims_path=claims)
    if tagged is not None:
        err.print(f"tags were missing or stale: tagged {format_count(tagged.tagged, 'record')} first")
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
        stances = "/".join(str(s.by_stance.get(str(k), 0)) for k in Stance)
        table.add_row(s.claim_id, levels, stances, s.verdict.label)
    out.print(table)
    for s in summaries:
        flags = [f"{n} {what}" for n, what in ((s.retracted, "retracted"), (s.rejected, "rejected")) if n]
        extra = f" ({', '.join(flags)}, not counted)" if flags else ""
        out.print(f"{s.claim_id}: {s.statement}")
        if s.article_quote:  # the writer's own sentence, so "course-sessions-3" can be found
            out.print(f'  article: "{s.article_quote}"')
        out.print(f"  {s.verdict.label}: {s.verdict.reason}{extra}")


DraftFormatOption = Annotated[
    DraftFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="toml (claims file) or json."),
]


@claims_app.command("new")
def claims_new(
    sentence: Annotated[str, typer.Argument(help="One sentence of your article, in quotes.")],
    fmt: DraftFormatOption = DraftFormat.TOML,
) -> None:
    """Draft one claim from one sentence: the library claim it maps to, its number and treatment.

    Paste the printed [[claims]] block into your claims file.

    Example: litwatch claims new "Side effects wear off within 2 hours of the nasal spray."
    """
    from litwatch.services.drafting import draft_one_sentence

    result = draft_one_sentence(sentence, fmt=str(fmt))
    sys.stdout.write(result.text)


@claims_app.command("library")
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
            out.print(f"{c.id}  [{c.topic}; {kinds}]  {c.statement}")


article_app = sub_app("Draft a claims file from your own article.")
app.add_typer(article_app, name="article")


@article_app.command("draft")
def article_draft(
    article: Annotated[
        str, typer.Argument(help="Article file (.txt, .md, .html saved page) or http(s) URL.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Claims file to write (default: print to stdout).")
    ] = None,
    fmt: DraftFormatOption = DraftFormat.TOML,
) -> None:
    """Draft a claims file from an article: its checkable sentences mapped to library claims,
    with the article's numbers, route and formulation, and why each was chosen.

    Example: litwatch article draft leaflet.html -o my-article.toml
    """
    from litwatch.services.drafting import draft_article_file

    result = draft_article_file(article, output=output, fmt=str(fmt))
    if result.written is None:
        sys.stdout.write(result.text)
        return
    out.print(
        f"drafted {format_count(result.checkable, 'checkable claim')} ({result.not_checkable} not "
        f"checkable, listed as comments) to {result.written}; next: litwatch tag --claims {result.written}"
    )
