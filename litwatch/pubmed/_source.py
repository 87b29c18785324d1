"""Open an input (path or binary stream), gunzip it if needed and sniff what it holds.

Shared by the XML and MEDLINE readers so that both refuse an empty, binary or HTML input the
same way, with one `InputFileError` line, before anything is parsed. Sniffing looks at content
(gzip magic bytes, the first XML tag, `PMID- ` lines), never only at the file extension.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from litwatch.errors import InputFileError

Source = str | os.PathLike[str] | BinaryIO
Kind = Literal["empty", "binary", "html", "xml", "medline", "text"]

GZIP_MAGIC = b"\x1f\x8b"
HEAD_SIZE = 64 * 1024
PUBMED_ROOTS = frozenset({"PubmedArticleSet", "PubmedBookArticleSet"})
FIX_HINT = "pass a PubMed/MEDLINE XML file from efetch or the NLM baseline, or a MEDLINE .txt/.nbib export"

_MEDLINE_LINE = re.compile(r"^PMID- *\d", re.MULTILINE)
_TAG = re.compile(r"<(!--|\?|!DOCTYPE\s+|!)?([A-Za-z_][\w:.-]*)?", re.IGNORECASE)


@dataclass(slots=True)
class Opened:
    """An opened input: a stream positioned at its start, the first bytes, and what they look like."""

    stream: io.BufferedIOBase
    name: str
    head: bytes
    kind: Kind
    root: str | None  # first element name for XML (or "html"), None if not seen in the head
    gzipped: bool


class _Replay(io.RawIOBase):
    """A read-only stream that first returns the bytes already read (`head`), then the rest.

    Lets us sniff a non-seekable stream (an HTTP body, a GzipFile) without reading it twice.
    """

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def display_name(source: Source) -> str:
    """The name used in error messages: the path as given, or the stream's name if it has one."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<input stream>"


def _open_path(path: Path, name: str) -> BinaryIO:
    """Open a file for reading, turning OS errors into one actionable line."""
    try:
        if path.is_dir():
            raise InputFileError(f"{name} is a directory: pass a PubMed XML or MEDLINE file")
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's ExitStack
    except FileNotFoundError:
        raise InputFileError(f"{name} does not exist: check the path") from None
    except PermissionError:
        raise InputFileError(f"{name} is not readable (permission denied): check its permissions") from None
    except OSError as exc:
        raise InputFileError(f"{name} cannot be read ({exc.strerror or exc}): check the path") from None


def read_head(stream: BinaryIO, name: str, size: int = HEAD_SIZE) -> bytes:
    """Read up to `size` bytes, reporting a corrupt or cut-off gzip as a file-level error."""
    chunks: list[bytes] = []
    got = 0
    try:
        while got < size:
            data = stream.read(size - got)
            if not data:
                break
            chunks.append(data)
            got += len(data)
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputFileError(f"{name} is not a valid gzip file ({exc}): re-download it") from None
    except EOFError:
        raise InputFileError(f"{name} is a truncated gzip file: re-download it") from None
    except OSError as exc:
        raise InputFileError(f"{name} cannot be read ({exc}): check the file") from None
    return b"".join(chunks)


def _decode_head(head: bytes) -> str | None:
    """The head as text for sniffing, or None if it looks binary.

    UTF-8 is tried first (a multi-byte character cut at the end is fine). Other 8-bit text
    (an XML file declaring ISO-8859-1, a Latin-1 MEDLINE export) is read as Latin-1 here so that
    it is sniffed as text; the reader then decodes it properly or reports the encoding.
    """
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return head[: exc.start].decode("utf-8", "replace")
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f")
    return None if controls > len(head) // 100 else head.decode("latin-1")


def guess_root(text: str) -> str | None:
    """Name of the first element (or the DOCTYPE's), skipping the XML declaration and comments."""
    pos = 0
    while True:
        m = _TAG.search(text, pos)
        if m is None:
            return None
        opener, tag = m.group(1) or "", m.group(2)
        if opener == "!--":
            end = text.find("-->", m.end())
            if end < 0:
                return None
            pos = end + 3
        elif opener.upper().startswith("!DOCTYPE"):
            return tag
        elif opener in ("?", "!") or tag is None:
            pos = m.end()
        else:
            return tag


def classify_head(head: bytes) -> tuple[Kind, str | None]:
    """What the first bytes look like, and the root element name for XML."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.strip():
        return "empty", None
    text = _decode_head(head)
    if text is None:
        return "binary", None
    stripped = text.lstrip()
    if stripped.startswith("<"):
        root = guess_root(stripped)
        if root is not None and root.lower() == "html":
            return "html", "html"
        return "xml", root
    if _MEDLINE_LINE.search(stripped[:4096]):
        return "medline", None
    return "text", None


@contextmanager
def open_source(source: Source) -> Iterator[Opened]:
    """Open a path or wrap a binary stream, gunzipping transparently; the caller's stream stays open."""
    name = display_name(source)
    with ExitStack() as stack:
        if isinstance(source, str | os.PathLike):
            raw: BinaryIO = stack.enter_context(_open_path(Path(source), name))
        elif isinstance(source, io.TextIOBase):
            raise InputFileError(f"{name} was opened in text mode: open it in binary mode ('rb')")
        else:
            raw = source
        first = read_head(raw, name)
        gzipped = first.startswith(GZIP_MAGIC)
        body: BinaryIO = _Replay(first, raw)  # type: ignore[assignment]
        if gzipped:
            body = stack.enter_context(gzip.GzipFile(fileobj=body, mode="rb"))
            first = read_head(body, name)
            body = _Replay(first, body)  # type: ignore[assignment]
        kind, root = classify_head(first)
        stream = io.BufferedReader(body, buffer_size=HEAD_SIZE)  # type: ignore[arg-type]
        yield Opened(stream=stream, name=name, head=first, kind=kind, root=root, gzipped=gzipped)


def describe_kind(opened: Opened, expected: str) -> str:
    """One line saying why an input of the wrong kind was refused (used by both readers)."""
    what = {
        "empty": "is empty",
        "binary": "is binary data, not text",
        "html": "is an HTML page, not PubMed data (was an error page saved instead of the file?)",
        "xml": f"is XML{f' (root element <{opened.root}>)' if opened.root else ''}, not {expected}",
        "medline": f"is MEDLINE text, not {expected}",
        "text": f"is not {expected} (no XML tag or 'PMID- ' line at its start)",
    }[opened.kind]
    return f"{opened.name} {what}: {FIX_HINT}"
