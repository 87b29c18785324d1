"""Options several commands share, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from litwatch.cli.choices import CitationStyle, Design, Stance

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
    CitationStyle,
    typer.Option("--style", case_sensitive=False, help="Reference style: vancouver (NLM), ama or apa (CSL)."),
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="File to write (default or -: stdout).")
]
StanceOption = Annotated[
    Stance | None,
    typer.Option(case_sensitive=False, help="Only records with this stance, e.g. --stance supports."),
]
DesignOption = Annotated[
    Design | None,
    typer.Option(case_sensitive=False, help="Only this study design, e.g. --design rct."),
]
EmailOption = Annotated[
    str | None, typer.Option("--email", envvar="NCBI_EMAIL", help="Contact e-mail NCBI asks for.")
]
