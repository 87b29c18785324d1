"""Keep untrusted text (titles, abstracts, journals, evidence sentences, file names) from driving
the terminal.

A MEDLINE or XML file can carry escape sequences: OSC 52 clipboard writes, OSC 8 hyperlinks,
screen clears, cursor moves, bidi overrides that reorder what is shown. Everything the CLI prints
goes through `SafeConsole` (or `TerminalSafeStream` for raw data written to a terminal), which
removes them in one place. Newlines stay (the layout needs them), a tab becomes a space; stored
data and files written with `-o` are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

# Whole escape sequences first (CSI, OSC/DCS/APC/PM/SOS strings, two-byte ESC x), then any
# remaining C0 control but newline, DEL, C1 controls and the bidi embedding/override/isolate marks.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, ...
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences (and a lone ESC)
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\t]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters; newlines kept, tabs made spaces."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\t", " "))
    return _CONTROL.sub("", text)


def escape_json_controls(text: str) -> str:
    """JSON text with the characters `json.dumps(ensure_ascii=False)` leaves raw (DEL, C1, bidi
    marks) written as \\uXXXX escapes: the same data, harmless on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeConsole(Console):
    """A rich Console that strips control characters from every text segment it renders.

    Rich's own styling and cursor control travel in segments' `control` field or are added after
    rendering, so they are untouched; only text (ours and the data's) is cleaned. Markup is off
    by default, so a title holding `[link=...]` prints as typed instead of becoming a hyperlink.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Strings (print arguments, table cells) are cleaned before rich measures and wraps them."""
        return super().render_str(strip_controls(text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and _NEEDS_WORK.search(segment.text):
                yield Segment(strip_controls(segment.text), segment.style)
            else:
                yield segment


class TerminalSafeStream:
    """Wraps stdout when it is a terminal, so raw data (an export, a report) cannot drive it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(strip_controls(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def terminal_safe(stream: TextIO) -> TextIO:
    """`stream` itself when it is a file or pipe (data stays byte-exact), else a cleaning wrapper."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return TerminalSafeStream(stream)  # type: ignore[return-value]
    return stream
