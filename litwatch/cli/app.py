"""The Typer app every command module registers on, its one error boundary, and `main()`.

The boundary sits in `LitwatchGroup.invoke`, which every command (and every test that invokes
`app`) runs through: errors a user can cause become one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from litwatch.cli.choices import ALIASES
from litwatch.cli.output import err, fail, out
from litwatch.errors import LitwatchError

# `litwatch --help` lists commands in the order a new user needs them.
WORKFLOW = (
    "demo", "ingest", "sync", "query", "add", "tag", "claims", "check", "changes", "evidence", "cite",
    "review", "show", "search", "status", "export", "article", "db",
)  # fmt: skip


def summary_line(command: Any) -> str:
    """A command's whole first paragraph, on one line: `--help` lists it uncut."""
    text = command.short_help or command.help or ""
    paragraph = text.strip().split("\n\n", 1)[0]
    return " ".join(paragraph.split())


class SummaryGroup(TyperGroup):
    """A command group whose `--help` shows each command's full summary, not the first 45 characters."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary_line(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


_LIST_TYPE = re.compile(r"<list\[(\w+)\]>")


class ManyArgsCommand(TyperCommand):
    """A command taking several values (files, PMIDs): `--help` says `<path>...`, not `<list[Path]>`."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        start = len(formatter.buffer)
        super().format_options(ctx, formatter)
        formatter.buffer[start:] = [
            _LIST_TYPE.sub(lambda m: f"<{m[1].lower()}>...".ljust(len(m[0])), line)
            for line in formatter.buffer[start:]
        ]


class LitwatchGroup(SummaryGroup):
    """The top-level group: commands in workflow order, and the error boundary around them all."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(self.commands)
        return sorted(names, key=lambda n: (WORKFLOW.index(n) if n in WORKFLOW else len(WORKFLOW), n))

    def invoke(self, ctx: Any) -> Any:
        with error_boundary():
            return super().invoke(ctx)


def suggest_choice(value: str, choices: list[str]) -> str | None:
    """The choice a mistyped value most likely meant: "RCT" -> rct, "support" -> supports, "bib" -> bibtex."""
    typed = value.strip().casefold()
    if typed in ALIASES and ALIASES[typed] in choices:
        return ALIASES[typed]
    starts = [c for c in choices if c.startswith(typed) or typed.startswith(c)]
    if typed and len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(typed, choices, n=1, cutoff=0.6)
    return close[0] if close else None


_NOT_ONE_OF = re.compile(r"(['\"])(?P<value>.*)\1 is not one of (?P<choices>.*?)\.?$", re.S)


def usage_error_line(exc: Any) -> str:
    """A click/Typer usage error as one line: what was wrong, the choices, the likely fix."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    path = exc.ctx.command_path.split()[1:] if getattr(exc, "ctx", None) is not None else []
    command = " ".join(["litwatch", *path])
    head, sep, tail = message.partition("Value error, ")
    if not sep:
        head, _, tail = message.rpartition(": ")
    found = _NOT_ONE_OF.match(tail)
    if found:
        choices = re.findall(r"'([^']*)'", found["choices"])
        head = head.rstrip(": ").replace("Invalid value for", "invalid value for")
        line = f"{head}: {found['value']!r} is not one of {', '.join(choices)}"
        guess = suggest_choice(found["value"], choices)
        return line + (f"; did you mean {guess!r}?" if guess is not None else "")
    message = " ".join(message.split()).rstrip(".")
    return f"{message[0].lower()}{message[1:]} (see `{command} --help`)" if message else message


@contextmanager
def error_boundary() -> Iterator[None]:
    """Turn the errors a user can cause into one-line messages and exit codes."""
    from typer._click.exceptions import UsageError

    try:
        yield
    except LitwatchError as exc:
        fail(str(exc), exc.exit_code)
    except UsageError as exc:
        fail(usage_error_line(exc), 2)
    except KeyboardInterrupt:
        fail("interrupted; committed batches are kept, rerun the same command to resume", 130)
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except Exception as exc:
        if not is_database_error(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        if "readonly database" in reason:
            fail(
                "the database is read-only and this command writes to it: make the file and its "
                "folder writable, or work on a copy; nothing was changed"
            )
        fail(f"database error: {reason}; stored data is unchanged up to the last committed batch")


def is_database_error(exc: BaseException) -> bool:
    """An SQLAlchemy error, checked without importing SQLAlchemy for commands that never load it."""
    import sys

    module = sys.modules.get("sqlalchemy.exc")
    return module is not None and isinstance(exc, module.SQLAlchemyError)


app = typer.Typer(
    cls=LitwatchGroup,
    name="litwatch",
    help="Check a health article's claims against what PubMed says, claim by claim.\n\n"
    "Start with `litwatch demo` (offline, bundled records), then `litwatch ingest FILE` or `litwatch sync`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def sub_app(help_text: str, **options: Any) -> typer.Typer:
    """A command group (`litwatch query ...`) that lists its commands' full summaries."""
    options.setdefault("no_args_is_help", True)
    return typer.Typer(cls=SummaryGroup, help=help_text, rich_markup_mode=None, **options)


def show_version(value: bool) -> None:
    if value:
        from litwatch import __version__

        out.print(f"litwatch {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=show_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check a health article's claims against what PubMed says, claim by claim."""


def main() -> None:
    """The `litwatch` console script."""
    import litwatch.cli  # noqa: F401  (registers every command on `app`)

    app(prog_name="litwatch")


__all__ = ["app", "err", "main", "out"]
