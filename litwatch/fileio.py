"""Write output files atomically: a failed or interrupted run never leaves half a file behind.

Safety rules for every output file (`export -o`, `check -o`, `demo -o`):

- never onto a database: the litwatch database in use, its `-wal`/`-shm`/`-journal` files, or
  any existing SQLite file (sniffed by its header) is refused before anything is written;
- an existing file keeps its permission bits (a 0600 report stays 0600); a new file gets the
  usual 0666 minus the umask; a read-only existing file is refused, as the shell would;
- a symlink is written through: its target is replaced atomically and the link stays a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from litwatch.errors import LitwatchError

# A database in use that an output may not overwrite: a file path, or a server URL (never a file).
Protected = str | os.PathLike[str] | object

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
SIDE_FILES = ("-wal", "-shm", "-journal")


def _head(path: Path, size: int = 16) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def _same_file(a: Path, b: Path) -> bool:
    """Same file on disk (hard links, symlinks, ./x vs x) or, if either is missing, same real path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _database_kind(target: Path) -> str | None:
    """What database file `target` is, if any: checked by content, and by name for -shm files."""
    if not target.is_file():
        return None
    head = _head(target)
    if head.startswith(SQLITE_MAGIC):
        return "a SQLite database"
    if head[:4] in WAL_MAGICS:
        return "a SQLite write-ahead log (-wal)"
    if head.startswith(JOURNAL_MAGIC):
        return "a SQLite rollback journal"
    for suffix in SIDE_FILES:
        if target.name.endswith(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if _head(base).startswith(SQLITE_MAGIC):
                return f"the {suffix} file of SQLite database {base}"
    return None


def check_output_path(path: Path, *, what: str, protect: Iterable[Protected] = ()) -> Path:
    """Refuse an output path that would overwrite a database; returns the real path to write.

    `protect` lists databases in use (they may not exist yet): the output may be neither one of
    them nor one of their -wal/-shm/-journal files. A server database (a URL) has no local file.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    if target.is_symlink():
        raise LitwatchError(f"cannot write {what} to {path}: it is a symlink loop; pass a file name")
    for db in protect:
        if not isinstance(db, str | os.PathLike):
            continue
        for suffix in ("", *SIDE_FILES):
            side = Path(f"{db}{suffix}")
            if _same_file(target, side):
                raise LitwatchError(
                    f"cannot write {what} to {path}: it is the database {side} in use; "
                    "choose another file name"
                )
    kind = _database_kind(target)
    if kind:
        raise LitwatchError(
            f"cannot write {what} to {path}: it is {kind} and would be destroyed; choose another file name"
        )
    return target


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(
    path: Path, *, what: str, newline: str | None = "\n", protect: Iterable[Protected] = ()
) -> Iterator[TextIO]:
    """A UTF-8 text stream to a temp file beside `path`, renamed over it only on success.

    `what` names the output in errors ("report", "export"), which are one-line LitwatchErrors;
    `protect` lists the databases in use (see `check_output_path`).
    """
    path = Path(path)
    target = check_output_path(path, what=what, protect=protect)
    if target.is_dir():
        raise LitwatchError(f"cannot write {what} to {path}: it is a folder; pass a file name")
    folder = target.parent
    if not folder.is_dir():
        raise LitwatchError(f"cannot write {what} to {path}: folder {folder} does not exist")
    if target.exists():
        if not os.access(target, os.W_OK):
            raise LitwatchError(f"cannot write {what} to {path}: the file is read-only")
        mode = stat.S_IMODE(target.stat().st_mode)
    else:
        mode = 0o666 & ~_current_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LitwatchError(f"cannot write {what} to {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise LitwatchError(f"cannot write {what} to {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
