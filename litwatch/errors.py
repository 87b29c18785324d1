"""Errors a user can act on: each carries a one-line message naming what was wrong and what to do.

The CLI prints `str(error)` and exits non-zero; it never shows a traceback for these.
"""


class LitwatchError(Exception):
    """Base class: the message is shown to the user as is, on one line."""

    exit_code = 1


class InputFileError(LitwatchError):
    """A file given to `ingest` (or a claims file) is missing, unreadable or not the right format."""


class DatabaseError(LitwatchError):
    """The --db path is not a litwatch SQLite database or cannot be written."""


class ClaimsFileError(LitwatchError):
    """A claims TOML file is invalid; the message names file, claim and field."""


class SyncError(LitwatchError):
    """Syncing from NCBI failed after retries; the message says what was stored and that rerunning resumes."""


class QueryError(LitwatchError):
    """PubMed rejected the search term (ErrorList / PhraseNotFound); never retried."""
