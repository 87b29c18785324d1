"""Read an article (plain text, Markdown, a saved HTML page or a URL) into plain paragraphs.

The drafter quotes the article's sentences exactly, so everything downstream works on the text
this module returns: HTML reduced to its visible prose (no scripts, styles, navigation, headers
or footers), Markdown without its markup, whitespace runs (non-breaking spaces too) collapsed to
one space, paragraphs separated by a blank line. Headings are kept as their own paragraphs and
flagged, so the drafter can skip them but a reader of the text still sees them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litwatch.errors import InputFileError

MAX_BYTES = 5_000_000  # a patient article is a few kB; a bigger "article" is not one
FETCH_TIMEOUT = 20.0


@dataclass
class Paragraph:
    text: str
    heading: bool = False
    context: str = ""  # a table cell's column header ("Esketamine nasal spray"): what the cell is about
    row: str = ""  # a table cell's row label ("How fast it works"): what the cell says of it


@dataclass
class Article:
    """An article's prose: title (from <title>/<h1>/first heading), paragraphs, and where it came from."""

    source: str
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    kind: str = "text"  # text | markdown | html

    @property
    def text(self) -> str:
        """The article text every drafted `sentence` is an exact substring of."""
        return "\n\n".join(p.text for p in self.paragraphs)


_WS_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")


def _clean(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


# --- HTML ----------------------------------------------------------------------------------------
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "form",
    "svg",
    "template",
    "button",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p",
    "li",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "td",
    "th",
    "dd",
    "dt",
    "br",
    "tr",
    "body",
}


def _mostly_links(el: Any) -> bool:
    """A sidebar of links ("Related articles", "Book now"), as against a summary box of prose."""
    text = _clean(el.text_content())
    links = sum(len(_clean(a.text_content())) for a in el.iter("a"))
    return not text or links >= 0.5 * len(text)


def _table_paragraphs(table: Any) -> list[Paragraph]:
    """A table's cells, one paragraph each; a data cell carries its column's header as context."""
    out: list[Paragraph] = []
    header: list[str] = []
    for row in table.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        texts = [_clean(c.text_content()) for c in cells]
        if not header and cells and all(c.tag == "th" for c in cells):
            header = texts
            out.extend(Paragraph(t) for t in texts if t)
            continue
        for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            if text:
                context = header[i] if cell.tag == "td" and i < len(header) else ""
                out.append(Paragraph(text, context=context, row=texts[0] if i and header else ""))
    caption = table.find("caption")
    if caption is not None and _clean(caption.text_content()):
        out.insert(0, Paragraph(_clean(caption.text_content()), heading=True))
    return out


def _html_paragraphs(markup: str) -> tuple[str, list[Paragraph]]:
    """(title, paragraphs) of an HTML page: visible prose only, one paragraph per block element."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as exc:  # lxml raises several types for unusable markup
        raise InputFileError(f"cannot read the HTML page: {exc}") from None
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else ""
    paragraphs: list[Paragraph] = []
    buffer: list[str] = []
    term = [""]  # a definition list's term ("Dose"): the row label of the <dd> after it

    def flush(heading: bool = False, row: str = "") -> None:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            paragraphs.append(Paragraph(text, heading, row=row))

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS or tag in ("head", "title") or (tag == "aside" and _mostly_links(el)):
            if el.tail:
                buffer.append(el.tail)
            return
        if tag in _HEADINGS or tag == "dt":  # a definition list's term labels what follows
            flush()
            buffer.append(el.text_content())
            flush(heading=True)
            term[0] = _clean(el.text_content()) if tag == "dt" else ""
        elif tag == "dd":
            flush()
            buffer.append(el.text_content())
            flush(row=term[0])
        elif tag == "table":
            flush()
            paragraphs.extend(_table_paragraphs(el))
        else:
            block = tag in _BLOCKS
            if block:
                flush()
            if el.text:
                buffer.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            buffer.append(el.tail)

    walk(root)
    flush()
    if not title:
        title = next((p.text for p in paragraphs if p.heading), "")
    return title, paragraphs


# --- Markdown and plain text ------------------------------------------------------------------------
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")  # a task list's box too
_MD_RULE_RE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


_BULLET_RE = re.compile(r"^\s*[-*•–]\s+")  # plain text's list items (numbered lines may be headings)
# a social-media thread's post counter ("3/14", "1/14 🧵") and a line of hashtags: no part of a post
_POST_COUNTER_RE = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\b\W*")
_HASHTAGS_RE = re.compile(r"^\s*(?:#\w+\s*)+$")
# a transcript's timestamp ("[02:14] so the dose is ...", "(1:02:05)", "00:41 -"): no part of what is said
_TIMESTAMP_RE = re.compile(r"^\s*[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}[\])]?\s*(?:[-–—:]\s+)?(?=\S)")
_MD_TABLE_ROW_RE = re.compile(r"\s*\|.*\|\s*$")
_MD_TABLE_RULE_RE = re.compile(r":?-{2,}:?")


def _markdown_inline(text: str) -> str:
    text = _MD_LINK_RE.sub(r"\1", text)
    for _ in range(2):
        text = _MD_EMPH_RE.sub(r"\2", text)
    return text


def _ends_in_emoji(line: str) -> bool:
    stripped = line.rstrip().rstrip("\ufe0f\u200d")
    return bool(stripped) and unicodedata.category(stripped[-1]) == "So"


# A PDF's text export: page furniture ("Page 1 of 2", form feeds) and words hyphenated at a line end
# ("depres-" / "sion"). A long line ending in a letter and a hyphen, with a lower-case word next, is
# a word broken by the wrap (a compound broken there, "well-" / "known", loses its hyphen: rarer).
_PAGE_LINE_RE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+\s*pages?)\s*$", re.I)
_BROKEN_WORD_RE = re.compile(r"(?<=[a-z])-\n[ \t]*(?=[a-z])")


def _unwrap_pdf_text(text: str) -> str:
    text = text.replace("\f", "\n")
    lines = [line for line in text.splitlines() if not _PAGE_LINE_RE.match(line)]
    out: list[str] = []
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else ""
        before = out[-1].rstrip() if out else ""
        if _is_title_line(line) and after[:1].isupper() and (not before or before.endswith((".", "!", "?"))):
            out += ["", line, ""]  # a section title on its own line, its text straight after it
        else:
            out.append(line)
    text = "\n".join(out)
    return _BROKEN_WORD_RE.sub(lambda m: "" if len(_line_before(text, m.start())) >= 40 else m.group(0), text)


def _is_title_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 6 and len(line) < 50 and not line.rstrip().endswith((".", ",", ";", ":", "!"))


def _line_before(text: str, at: int) -> str:
    return text[text.rfind("\n", 0, at) + 1 : at]


def _text_paragraphs(text: str, markdown: bool) -> tuple[str, list[Paragraph]]:
    """Paragraphs of plain text or Markdown: blank lines split them; a short line without final
    punctuation followed by a blank line, or a Markdown heading, is a heading."""
    paragraphs: list[Paragraph] = []
    in_code = False
    block: list[str] = []
    table_header: list[str] | None = None
    item = [False]  # the block is a list item: never a heading, with or without a full stop
    caption = [False]  # the block is a video's caption lines: never a heading either
    # a nested item's parent ("- Esk / Spravato (nasal spray)" above "  - A dose is 56 or 84 mg"):
    # what the item is about, as a table cell's column header is
    parent, under = [""], [""]

    def flush() -> None:
        joined = _clean(" ".join(block))
        block.clear()
        if joined:
            bare = not joined.endswith((".", "!", "?", ":", ";", '"', "”"))
            heading = len(joined) < 90 and bare and not item[0] and not caption[0]
            paragraphs.append(Paragraph(joined, heading, under[0]))
        item[0], under[0], caption[0] = False, "", False

    def start_item(line: str) -> str:
        """Begin a list item (its own paragraph) and return its text without the marker."""
        flush()
        item[0] = True
        text = _BULLET_RE.sub("", line) if not markdown else _MD_BULLET_RE.sub("", line)
        if line[: len(line) - len(line.lstrip())]:  # indented: a nested item
            under[0] = parent[0]
        else:
            parent[0] = _clean(_markdown_inline(text) if markdown else text)
        return text

    if not markdown:
        text = _unwrap_pdf_text(text)
    for line in text.splitlines():
        if _POST_COUNTER_RE.match(line):
            flush()  # a new post
            line = _POST_COUNTER_RE.sub("", line)
            if not line.strip():
                continue
        if _HASHTAGS_RE.match(line):
            continue
        if _TIMESTAMP_RE.match(line):
            line = _TIMESTAMP_RE.sub("", line)
            ended = block and block[-1].rstrip().endswith((".", "!", "?"))
            if ended or (block and re.match(r"[A-Z](?!'| )", line)):
                # a caption line that ended a sentence, or one that starts a sentence with a
                # capital ("does it actually work" / "So in the research, ..."): a new sentence
                flush()
            caption[0] = True  # a caption line is never a heading
        if markdown and line.strip().startswith("```"):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        if not line.strip() or (markdown and _MD_RULE_RE.match(line)):
            flush()
            table_header = None
            parent[0] = ""
            continue
        if not markdown and _BULLET_RE.match(line):
            line = start_item(line)  # "- 0.5 mg/kg over 40 min": one paragraph per item in plain text too
        elif not markdown and item[0] and not line[:1].isspace():
            flush()  # a line after a list, not indented: the list item ended ("Esketamine intranasal")
        if markdown:
            h = _MD_HEADING_RE.match(line)
            if h:
                flush()
                title = _clean(_markdown_inline(h.group(1)))
                if title:
                    paragraphs.append(Paragraph(title, True))
                continue
            if _MD_TABLE_ROW_RE.match(line):
                # a table row: each cell is a paragraph of its own (as an HTML table's), the
                # separator row ("|---|---|") none; a body cell carries its column's header
                flush()
                cells = [_clean(_markdown_inline(c)) for c in line.strip().strip("|").split("|")]
                if all(_MD_TABLE_RULE_RE.fullmatch(c) or not c for c in cells):
                    continue
                if table_header is None:
                    table_header = cells
                    paragraphs.extend(Paragraph(c) for c in cells if c)
                    continue
                for i, cell in enumerate(cells):
                    if cell:
                        context = table_header[i] if i < len(table_header) else ""
                        paragraphs.append(Paragraph(cell, context=context, row=cells[0] if i else ""))
                continue
            table_header = None
            if _MD_BULLET_RE.match(line):
                line = start_item(line)
            line = _markdown_inline(line.lstrip("> "))
        block.append(line)
        if _ends_in_emoji(line):
            flush()  # "What it does show: speed ⚡" / "In small early trials, ...": a post's line ends
    flush()
    title = next((p.text for p in paragraphs if p.heading), paragraphs[0].text if paragraphs else "")
    return title, paragraphs


def _sniff(name: str, text: str) -> str:
    head = text.lstrip()[:500].lower()
    if name.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if name.endswith((".md", ".markdown")) or re.search(r"^#{1,6} ", text, re.M):
        return "markdown"
    return "text"


_REFERENCES_RE = re.compile(
    r"\s*(?:references?|sources?|bibliography|citations?|further reading|notes)\s*:?\s*$", re.I
)


_EDIT_LINK_RE = re.compile(r"\s*\[\s*edit(?: source)?\s*\]\s*$", re.I)


def _drop_references(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The article without its reference list: a cited paper's title is no claim of the article."""
    out: list[Paragraph] = []
    in_references = False
    for p in paragraphs:
        if p.heading:  # a wiki's "References[edit]": the edit link is no part of the title
            in_references = bool(_REFERENCES_RE.fullmatch(_EDIT_LINK_RE.sub("", p.text)))
        if not in_references:
            out.append(p)
    return out


def parse_article(text: str, source: str, kind: str | None = None) -> Article:
    """An Article from already-read text; `kind` html/markdown/text, else sniffed from name and content."""
    kind = kind or _sniff(source.lower(), text)
    if kind == "html":
        title, paragraphs = _html_paragraphs(text)
    else:
        title, paragraphs = _text_paragraphs(text, markdown=kind == "markdown")
    paragraphs = _drop_references(paragraphs)
    title = html.unescape(title)
    return Article(source=source, title=title, paragraphs=paragraphs, kind=kind)


Fetch = Callable[..., Any]


def read_article(
    source: str | Path, *, fetch: Fetch | None = None, timeout: float = FETCH_TIMEOUT
) -> Article:
    """Read a file or an http(s) URL (fetched with requests; `fetch` replaces requests.get in tests)."""
    src = str(source)
    if re.match(r"^https?://", src, re.I):
        import requests

        getter = fetch or requests.get
        try:
            resp = getter(src, timeout=timeout, headers={"User-Agent": "litwatch article draft"})
        except requests.RequestException as exc:
            raise InputFileError(f"{src}: cannot fetch the article: {exc.__class__.__name__}") from None
        if resp.status_code >= 400:
            raise InputFileError(
                f"{src}: the server answered HTTP {resp.status_code}; save the page and pass the file"
            )
        body = resp.content[: MAX_BYTES + 1]
        if len(body) > MAX_BYTES:
            raise InputFileError(
                f"{src}: the page is larger than {MAX_BYTES // 1_000_000} MB, not an article"
            )
        ctype = resp.headers.get("Content-Type", "")
        text = body.decode(resp.encoding or "utf-8", errors="replace")
        kind = "html" if "html" in ctype else None
        return parse_article(text, src, kind)
    path = Path(src)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{src}: article file not found") from None
    except IsADirectoryError:
        raise InputFileError(
            f"{src}: is a directory; give an article file (.txt, .md, .html) or a URL"
        ) from None
    if len(data) > MAX_BYTES:
        raise InputFileError(f"{src}: larger than {MAX_BYTES // 1_000_000} MB, not an article")
    if b"\x00" in data[:4096]:
        raise InputFileError(f"{src}: a binary file, not an article; give text, Markdown or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        raise InputFileError(f"{src}: the article is empty")
    return parse_article(text, src)
