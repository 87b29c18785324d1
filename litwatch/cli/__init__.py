"""The `litwatch` command line: options in, library calls, output. No logic lives here.

`app` (the Typer app, with the error boundary) and `main` (the console script) live in `app`;
each other module registers one concern's commands on it: `records` (demo, ingest, status,
show, search, export, db), `sync` (sync, add, query), `claims` (tag, review, claims, article)
and `reports` (check, changes, evidence, cite). Commands import what they use when they run,
so `litwatch evidence` never loads the report renderer or the PubMed client.
"""

from __future__ import annotations

from litwatch.cli import claims, records, reports, sync
from litwatch.cli.app import app, main

__all__ = ["app", "claims", "main", "records", "reports", "sync"]
