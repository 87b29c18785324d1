"""Write output files atomically: a failed or interrupted run never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from litwatch.errors import LitwatchError


@contextmanager
def atomic_writer(path: Path, *, what: str, newline: str | None = "\n") -> Iterator[TextIO]:
    """A UTF-8 text stream to a temp file beside `path`, renamed over it only on success.

    `what` names the output in errors ("report", "export"), which are one-line LitwatchErrors.
    """
    path = Path(path)
    if path.is_dir():
        raise LitwatchError(f"cannot write {what} to {path}: it is a folder; pass a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise LitwatchError(f"cannot write {what} to {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LitwatchError(f"cannot write {what} to {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise LitwatchError(f"cannot write {what} to {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
