"""Open an input (path or binary stream), gunzip it if needed and sniff what it holds.

Shared by the XML and MEDLINE readers so that both refuse an empty, binary or HTML input the
same way, with one `InputFileError` line, before anything is parsed. Sniffing looks at content
(gzip magic bytes, the first XML tag, `PMID- ` lines), never only at the file extension.

Untrusted input must not exhaust the machine, so every stream is metered (`_Meter`): a gzip
input may not decompress to more than `InputLimits.max_bytes` nor expand more than
`InputLimits.max_ratio` times (a decompression bomb is refused after a few MB, before libxml2
sees a huge value), and a reader caps the bytes one record spans (`Opened.meter.window`, set
to `InputLimits.max_record_bytes`).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, cast

from litwatch.errors import InputFileError

Source = str | os.PathLike[str] | BinaryIO
Kind = Literal["empty", "binary", "html", "xml", "medline", "text"]

GZIP_MAGIC = b"\x1f\x8b"
HEAD_SIZE = 64 * 1024
PUBMED_ROOTS = frozenset({"PubmedArticleSet", "PubmedBookArticleSet"})
FIX_HINT = "pass a PubMed/MEDLINE XML file from efetch or the NLM baseline, or a MEDLINE .txt/.nbib export"

DEFAULT_MAX_BYTES = 1024**3  # decompressed; an NLM baseline file is a few hundred MB
DEFAULT_MAX_RATIO = 100  # PubMed XML compresses about 4-10 times; gzip bombs about 1000 times
DEFAULT_MAX_RECORD_BYTES = 16 * 1024**2  # the largest real records (thousands of authors) are a few MB
LARGE_MAX_RECORD_BYTES = 32 * 1024**2  # with --allow-large: ~1 GB of memory at worst
RATIO_FREE_BYTES = 1024**2  # below this much output, a high ratio is harmless (tiny files)
OVERRIDE_HINT = "pass --max-size (e.g. --max-size 4G) or --allow-large if you trust the file"
LARGE_HINT = "--allow-large reads it if you trust the file"

_MEDLINE_LINE = re.compile(r"^PMID- *\d", re.MULTILINE)
_TAG = re.compile(r"<(!--|\?|!DOCTYPE\s+|!)?([A-Za-z_][\w:.-]*)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InputLimits:
    """Caps on what an input may expand to and hold; None lifts a cap (`--allow-large`).

    `max_bytes` and `max_ratio` apply to gzip input (decompressed size, and decompressed over
    compressed bytes); `max_record_bytes` to the text one record spans, in any input, since a
    record is held in memory whole (tiny XML elements cost ~30 bytes of memory per input byte).
    """

    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_ratio: float | None = DEFAULT_MAX_RATIO
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES

    @classmethod
    def unlimited(cls) -> InputLimits:
        """`--allow-large`: no size or ratio cap; the record cap only rises, so that a 2 GiB value
        in a small .gz still never reaches libxml2 (which cannot take one)."""
        return cls(max_bytes=None, max_ratio=None, max_record_bytes=LARGE_MAX_RECORD_BYTES)

    def record_hint(self) -> str:
        """What to do about a record over the cap: the override, unless it is already given."""
        if self.max_record_bytes < LARGE_MAX_RECORD_BYTES:
            return LARGE_HINT
        return "no PubMed record comes near this; refusing the file"


def format_size(size: float) -> str:
    """1073741824 -> "1 GiB", 1500000 -> "1.4 MiB": sizes in messages."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.3g} {unit}" if unit != "bytes" else f"{int(size)} bytes"
        size /= 1024
    raise AssertionError("unreachable")


def parse_size(text: str) -> int:
    """ "500M", "4G", "2GiB", "1000000" -> bytes; ValueError for anything else."""
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if m is None:
        raise ValueError(f"{text!r} is not a size: give bytes or a number with K, M, G or T, e.g. 4G")
    factor = 1024 ** "KMGT".find(m.group(2).upper()) * 1024 if m.group(2) else 1
    size = int(float(m.group(1)) * factor)
    if size <= 0:
        raise ValueError(f"{text!r} is not a size: it must be more than 0 bytes")
    return size


class _Meter(io.RawIOBase):
    """Counts the bytes a reader takes and enforces the caps on them.

    `compressed` is the stream the gzip layer reads from (None for a plain input): its count
    against ours is the expansion ratio. `window` caps the bytes since the last `start_window()`,
    so a reader can bound one record (a record is in memory whole until its end tag).
    """

    def __init__(self, body: BinaryIO, name: str, limits: InputLimits, compressed: _Replay | None) -> None:
        self._body = body
        self._name = name
        self._limits = limits
        self._compressed = compressed
        self.total = 0
        self.window: int | None = None
        self.window_start = 0
        self.window_error: Callable[[int], InputFileError] | None = None

    def readable(self) -> bool:
        return True

    def start_window(self) -> None:
        self.window_start = self.total

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._body.readinto(buffer)  # type: ignore[attr-defined]
        if not n:
            return 0
        self.total += n
        if self._compressed is not None:
            self._check_expansion()
        if self.window is not None and self.total - self.window_start > self.window:
            if self.window_error is not None:
                raise self.window_error(self.window_start)
            raise InputFileError(f"{self._name}: one record is larger than {format_size(self.window)}")
        return n

    def _check_expansion(self) -> None:
        max_bytes, max_ratio = self._limits.max_bytes, self._limits.max_ratio
        if max_bytes is not None and self.total > max_bytes:
            raise InputFileError(
                f"{self._name} decompresses to more than {format_size(max_bytes)}, the limit for "
                f"compressed input: {OVERRIDE_HINT}"
            )
        packed = self._compressed.count if self._compressed is not None else 0
        if max_ratio is not None and self.total > RATIO_FREE_BYTES and self.total > max_ratio * packed:
            raise InputFileError(
                f"{self._name} expands more than {max_ratio:g} times when decompressed, like a "
                f"decompression bomb and unlike PubMed files: {LARGE_HINT}"
            )


@dataclass(slots=True)
class Opened:
    """An opened input: a stream positioned at its start, the first bytes, and what they look like."""

    stream: io.BufferedIOBase
    name: str
    head: bytes
    kind: Kind
    root: str | None  # first element name for XML (or "html"), None if not seen in the head
    gzipped: bool
    meter: _Meter
    limits: InputLimits


class _Replay(io.RawIOBase):
    """A read-only stream that first returns the bytes already read (`head`), then the rest.

    Lets us sniff a non-seekable stream (an HTTP body, a GzipFile) without reading it twice.
    """

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self.count = 0  # bytes returned so far

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            self.count += n
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
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
def open_source(source: Source, limits: InputLimits | None = None) -> Iterator[Opened]:
    """Open a path or wrap a binary stream, gunzipping transparently; the caller's stream stays open.

    `limits` (default `InputLimits()`) caps what a gzip input may expand to.
    """
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
        packed = _Replay(first, raw)
        body: BinaryIO = packed  # type: ignore[assignment]
        if gzipped:
            body = cast(BinaryIO, stack.enter_context(gzip.GzipFile(fileobj=body, mode="rb")))
            first = read_head(body, name)
            body = _Replay(first, body)  # type: ignore[assignment]
        kind, root = classify_head(first)
        limits = limits or InputLimits()
        meter = _Meter(body, name, limits, packed if gzipped else None)
        stream = io.BufferedReader(meter, buffer_size=HEAD_SIZE)
        yield Opened(stream, name, first, kind, root, gzipped, meter, limits)


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
