"""`litwatch changes` as text, Markdown (a sync's e-mail digest), HTML or JSON.

Renderers take the JSON form of a change set (`ChangeSet.to_dict()`), so the report's "Since the
last check" section, the digest and the command all show the same data. Text from the database
(titles) is escaped for Markdown, and the HTML comes from autoescaping templates.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from litwatch.errors import LitwatchError
from litwatch.report.labels import escape_md, pubmed_url

FORMATS = ("text", "md", "html", "json")


def check_changes_format(fmt: str) -> str:
    name = {"markdown": "md", "txt": "text", "htm": "html"}.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise LitwatchError(
            f"unknown format {fmt!r} for changes: use text, md, html or json (e.g. --format json)"
        )
    return name


def _since(data: dict[str, Any]) -> str:
    if not data.get("since"):
        return "nothing recorded before"
    what = {"check": "check", "mark": "mark", "sync": "sync"}.get(data.get("since_kind") or "", "snapshot")
    when = data["since"].replace("T", " ").removesuffix("Z")
    return f"the {what} of {when} UTC (snapshot {data['since_snapshot']})"


def _headline(data: dict[str, Any]) -> str:
    claims = data["claims"]
    if not claims:
        return f"No changes since {_since(data)}."
    moved = data["verdicts_moved"]
    verdicts = f"{moved} verdict{'s' if moved != 1 else ''} moved" if moved else "no verdict moved"
    n = len(claims)
    return f"Since {_since(data)}: {n} claim{'s' if n != 1 else ''} with changes, {verdicts}."


def _record_line(r: dict[str, Any]) -> str:
    counts = "counts" if r["counts"] else "does not count"
    design = f"{r['design']}, level {r['evidence_level']}" if r.get("design") else "untagged"
    why = f"; {r['why']}" if r.get("why") and r["why"] != "new record" else ""
    return f"{r['pmid']} {r['stance']} ({design}; {counts}{why})"


def render_changes_text(data: dict[str, Any]) -> str:
    lines = [_headline(data)]
    if data.get("claims_changed"):
        lines.append("Note: the claims file changed since then.")
    for c in data["claims"]:
        lines.append("")
        if c["moved"]:
            lines.append(f"{c['claim_id']}: {c['verdict_before'] or 'none'} -> {c['verdict_after']}")
            lines.append(f"  why: {c['why_moved']}")
        else:
            lines.append(f"{c['claim_id']}: {c['verdict_after']} (unchanged)")
        for r in c["new_records"]:
            lines.append(f"  new: {_record_line(r)} {r.get('title') or ''}".rstrip())
        for r in c["left_records"]:
            lines.append(f"  left: {r['pmid']} ({r['stance_before']}): {r['why']}")
        for r in c["changed_records"]:
            lines.append(f"  changed: {r['pmid']} {r['stance_before']} -> {r['stance_after']}: {r['why']}")
        for n in c["notices"]:
            notice = f" (PMID {n['notice_pmid']})" if n["notice_pmid"] else ""
            lines.append(f"  notice: {n['pmid']} {n['type']}{notice}")
    return "\n".join(lines) + "\n"


def _md_pmid(pmid: str) -> str:
    return f"[{pmid}]({pubmed_url(pmid)})"


def render_changes_markdown(data: dict[str, Any], *, title: str | None = None) -> str:
    """The digest: short enough to read in an e-mail, every PMID linked."""
    lines = [f"# {escape_md(title or 'litwatch: what changed')}", "", escape_md(_headline(data)), ""]
    if data.get("claims_changed"):
        lines += ["_The claims file changed since then._", ""]
    for c in data["claims"]:
        move = (
            f"{escape_md(c['verdict_before'] or 'none')} → **{escape_md(c['verdict_after'])}**"
            if c["moved"]
            else f"{escape_md(c['verdict_after'])} (unchanged)"
        )
        lines += [f"## {escape_md(c['claim_id'])}: {move}", "", escape_md(c["statement"]), ""]
        if c["moved"]:
            lines += [f"Why: {escape_md(c['why_moved'])}", ""]
        items = [
            f"- New: {_md_pmid(r['pmid'])} {escape_md(_record_line(r).split(' ', 1)[1])} "
            f"{escape_md(r.get('title') or '')}".rstrip()
            for r in c["new_records"]
        ]
        items += [
            f"- Left: {_md_pmid(r['pmid'])} ({escape_md(r['stance_before'])}): {escape_md(r['why'])}"
            for r in c["left_records"]
        ]
        items += [
            f"- Changed: {_md_pmid(r['pmid'])} {escape_md(r['stance_before'])} → "
            f"{escape_md(r['stance_after'])}: {escape_md(r['why'])}"
            for r in c["changed_records"]
        ]
        items += [
            f"- Notice: {_md_pmid(n['pmid'])} {escape_md(n['type'])}"
            + (f" ({_md_pmid(n['notice_pmid'])})" if n["notice_pmid"] else "")
            for n in c["notices"]
        ]
        lines += [*items, ""] if items else []
    return "\n".join(lines).rstrip() + "\n"


def render_changes_section(data: dict[str, Any]) -> Markup:
    """The report's "Since the last check" card (also the body of `changes --format html`)."""
    from litwatch.report.templating import template_environment  # Jinja2 only for HTML output

    section = template_environment().get_template("since.html").module.since_section  # type: ignore[attr-defined]
    return Markup(section(data, _headline(data), _record_line))


def render_changes_html(data: dict[str, Any]) -> str:
    from litwatch.report.html import CSP, read_css
    from litwatch.report.templating import render_template

    return render_template(
        "changes.html",
        data=data,
        headline=_headline(data),
        record_line=_record_line,
        csp=CSP,
        css=Markup(read_css()),  # the package's own stylesheet, inlined as is
    )


def render_changes(data: dict[str, Any], fmt: str) -> str:
    name = check_changes_format(fmt)
    if name == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if name == "md":
        return render_changes_markdown(data)
    if name == "html":
        return render_changes_html(data)
    return render_changes_text(data)
