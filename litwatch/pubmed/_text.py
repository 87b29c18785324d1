"""Turn PubMed XML text (with inline HTML and MathML) into plain strings, and small value normalisers.

Rendering rules (the contract for titles, abstracts and every other text field):

* Text is taken in document order and no character of the source is dropped or reordered, except
  the MathML pre-scripts below. Tags themselves vanish: `<i>n</i> = 85` -> `n = 85`,
  `<b>Background</b>:` -> `Background:`.
* Whitespace: every run of whitespace (including no-break and thin spaces) becomes one ASCII
  space and the ends are stripped, because PubMed's line breaks and indentation carry no meaning.
* `<sub>x</sub>` is glued without a marker: `PGD<sub>2</sub>` -> `PGD2`, `T<sub>H</sub>2` -> `TH2`,
  which is how people write and search these names.
* `<sup>x</sup>` is glued too, except that a `^` is put in front when gluing would change the
  meaning: the superscript is attached to a letter, digit, `)` or `]` *and* starts with a letter or
  digit, or with a sign followed by a digit. So `10<sup>-3</sup>` -> `10^-3`, `X<sup>2</sup>` -> `X^2`,
  `Ca<sup>2+</sup>` -> `Ca^2+`; but `CD4<sup>+</sup>` -> `CD4+`, `Stryker<sup>®</sup>` -> `Stryker®`,
  `1<sup>st</sup>` -> `1st`, and a superscript after a space or `(` (isotopes: `<sup>13</sup>C`) has
  no marker.
* MathML (`mml:math`): the text of the token elements (`mi mn mo mtext ms`) in document order;
  whitespace between MathML elements is ignored (it is insignificant in MathML), `mspace` is one
  space. `msup`/`msubsup`/`mmultiscripts` follow the sup/sub rules above; pre-scripts of
  `mmultiscripts` come first (`<sup>3</sup>He`, written after the base in MathML, renders `3He`);
  `mfenced` renders its fences and separators (`(X)`), `mfrac` renders `a/b` (parenthesised when
  a part is more than a plain word or number) and `msqrt` renders `√(x)`, so no digits are glued
  together. `alttext` (usually LaTeX) is not used.
* An entity reference libxml2 left unexpanded (an entity such as `&nbsp;` defined only in the
  external DTD, which is never loaded) stays as `&name;` rather than vanishing.

Bio.Entrez.read keeps the same text but leaves the tags in (`X<sup>2</sup>`) and serialises MathML;
tests compare the two after removing the tags and our `^` markers.
"""

from __future__ import annotations

import re

from lxml import etree

MATHML = "{http://www.w3.org/1998/Math/MathML}"
_MATH_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_NO_MARK = frozenset({"st", "nd", "rd", "th", "TM", "SM"})
_SIGNS = "+-\u2212\u2013"
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}


def collapse(text: str | None) -> str:
    """Collapse whitespace runs to one space and strip the ends (PubMed's layout whitespace)."""
    if not text:
        return ""
    # Fast path (most strings): isprintable() is False for tabs, newlines and every non-ASCII
    # space, so a printable string without a double space or edge space is already collapsed.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return " ".join(text.split())


def render_text(el: etree._Element | None) -> str:
    """The plain text of an element, inline markup rendered as described in the module docstring."""
    if el is None:
        return ""
    if len(el) == 0:  # the common case: no inline markup at all
        return collapse(el.text)
    parts: list[str] = []
    _render_children(el, parts)
    return collapse("".join(parts))


def render_optional(el: etree._Element | None) -> str | None:
    """Like render_text, but None for a missing or empty element."""
    text = render_text(el)
    return text or None


def _last_char(parts: list[str]) -> str:
    for part in reversed(parts):
        if part:
            return part[-1]
    return ""


def _needs_caret(before: str, sup: str) -> bool:
    """True when gluing `sup` to the text before it would change the meaning (10^-3, not 10-3)."""
    if not before or not (before.isalnum() or before in ")]"):
        return False
    sup = sup.strip()
    if not sup or sup in _NO_MARK:
        return False
    if sup[0].isalnum():
        return True
    return sup[0] in _SIGNS and len(sup) > 1 and sup[1].isdigit()


def _append_sup(parts: list[str], sup: str) -> None:
    if _needs_caret(_last_char(parts), sup):
        parts.append("^")
    parts.append(sup)


def _render_children(el: etree._Element, parts: list[str]) -> None:
    """Append the text of el's content (not its tail) to parts, rendering inline tags."""
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag == "sup":
                inner: list[str] = []
                _render_children(child, inner)
                _append_sup(parts, "".join(inner))
            elif tag.startswith(MATHML):
                _render_math(child, parts)
            else:  # i, b, u, sub and anything unexpected: keep the text, drop the tag
                _render_children(child, parts)
        elif isinstance(child, etree._Entity):
            parts.append(f"&{child.name};")
        if child.tail:
            parts.append(child.tail)


def _math(el: etree._Element) -> str:
    parts: list[str] = []
    _render_math(el, parts)
    return "".join(parts)


def _wrap(part: str) -> str:
    return part if part.isalnum() or len(part) <= 1 else f"({part})"


def _render_math(el: etree._Element, parts: list[str]) -> None:
    """Append the text of one MathML element; inter-element whitespace is not significant."""
    tag = el.tag
    local = tag[len(MATHML) :] if isinstance(tag, str) and tag.startswith(MATHML) else None
    kids = [c for c in el if isinstance(c.tag, str)]
    if local in _MATH_TOKENS:
        _render_children(el, parts)
    elif local == "mspace":
        parts.append(" ")
    elif local == "msup" and len(kids) == 2:
        _render_math(kids[0], parts)
        _append_sup(parts, _math(kids[1]))
    elif local == "msubsup" and len(kids) == 3:
        _render_math(kids[0], parts)
        _render_math(kids[1], parts)
        _append_sup(parts, _math(kids[2]))
    elif local == "mmultiscripts" and kids:
        names = [k.tag[len(MATHML) :] if k.tag.startswith(MATHML) else k.tag for k in kids]
        split = names.index("mprescripts") if "mprescripts" in names else len(kids)
        for pre in kids[split + 1 :]:  # pre-sub/pre-sup pairs, written before the base
            _render_math(pre, parts)
        _render_math(kids[0], parts)
        for i, post in enumerate(kids[1:split]):  # post-scripts: sub, sup, sub, sup, ...
            if i % 2:
                _append_sup(parts, _math(post))
            else:
                _render_math(post, parts)
    elif local == "mfrac" and len(kids) == 2:
        parts.append(f"{_wrap(_math(kids[0]).strip())}/{_wrap(_math(kids[1]).strip())}")
    elif local == "mfenced":  # displays as "(a,b)": open, children split by separators, close
        separators = "".join((el.get("separators") or ",").split()) or ","
        parts.append(el.get("open", "("))
        for i, kid in enumerate(kids):
            if i:
                parts.append(separators[min(i - 1, len(separators) - 1)])
            _render_math(kid, parts)
        parts.append(el.get("close", ")"))
    elif local == "msqrt":
        inner: list[str] = []
        for kid in kids:
            _render_math(kid, inner)
        parts.append(f"√({''.join(inner).strip()})")
    else:  # math, mrow, msub, mover, munder, mstyle, ...: children in order
        if el.text and el.text.strip():  # stray text outside token elements: keep it, never drop
            parts.append(el.text)
        for kid in el:
            if isinstance(kid.tag, str):
                _render_math(kid, parts)
            elif isinstance(kid, etree._Entity):
                parts.append(f"&{kid.name};")
            if kid.tail and kid.tail.strip():
                parts.append(kid.tail)


def normalize_orcid(raw: str | None) -> str | None:
    """Bare `0000-0002-1825-0097` form of an ORCID given as URL, bare or undashed.

    A value that does not hold 16 ORCID digits is kept as given (minus a URL prefix) so that a
    typo in the source stays visible instead of silently vanishing.
    """
    if not raw:
        return None
    value = raw.strip()
    m = _ORCID.search(value)
    if m:
        return "-".join(m.groups()).upper()
    return re.sub(r"^https?://(www\.)?orcid\.org/", "", value, flags=re.IGNORECASE) or None


def first_year(text: str | None) -> int | None:
    """The first four-digit year in free text such as `1998 Dec-1999 Jan`."""
    if not text:
        return None
    m = _YEAR.search(text)
    return int(m.group()) if m else None


def iso_date(year: str | None, month: str | None = None, day: str | None = None) -> str | None:
    """`YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when the source gives less); month names become numbers."""
    if year and month and day and month.isdigit() and day.isdigit():  # fast path: all numeric
        return f"{year.strip()}-{month.zfill(2)}-{day.zfill(2)}"
    year = (year or "").strip()
    if not year:
        return None
    out = year
    month = (month or "").strip()
    if month:
        number = MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
        if number is None:
            return out
        out += f"-{number:02d}"
        day = (day or "").strip()
        if day.isdigit():
            out += f"-{int(day):02d}"
    return out
