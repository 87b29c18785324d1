"""Export stored records as JSONL, CSV, RIS, BibTeX or formatted references, streaming: memory
stays flat for any size.

Which records: every stored record in PMID order, or those listed in a `--pmids` file in the
file's order. PMIDs of that file that are not in the database are skipped and listed on the
returned count (`ExportCount.missing`). Records NLM deleted are kept, flagged `deleted`, in the
data formats (JSONL, CSV) so a consumer can mirror the deletion; the citation formats (RIS,
BibTeX) leave them out, since a withdrawn citation does not belong in a reference library.

Extra per-record fields (tag results) come from an `ExtraFields` hook that gets each chunk's
PMIDs and the session; by default `litwatch.services.tagging.read_tag_fields` is used when it
exists, and its fields are merged into the JSONL objects.
"""

from __future__ import annotations

import csv
import importlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, Integer, cast, select
from sqlalchemy.orm import Session

from litwatch.batching import batched
from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.errors import InputFileError, LitwatchError
from litwatch.formats.bibtex import BibtexKeys, format_bibtex
from litwatch.formats.citation import check_style, format_references
from litwatch.formats.ris import format_ris
from litwatch.formats.tabular import CSV_COLUMNS, record_csv_row, record_export_dict
from litwatch.record import Record, canonical_pmid

FORMATS = ("jsonl", "csv", "ris", "bibtex", "citation")
CITATION_FORMATS = frozenset({"ris", "bibtex", "citation"})
CHUNK = 500  # records per query / per extra-fields call; also bounds memory

ExtraFields = Callable[[Sequence[str], Session], Mapping[str, Mapping[str, Any]]]
StoredRecord = tuple[Record, bool]  # (record, deleted)


class ExportCount(int):
    """How many records were written (an int), plus what was skipped and why."""

    missing: list[str]  # PMIDs from the --pmids file that are not in the database
    deleted_skipped: int  # records NLM deleted, left out of a citation format

    def __new__(cls, written: int, *, missing: list[str] | None = None, deleted_skipped: int = 0):
        obj = super().__new__(cls, written)
        obj.missing = missing or []
        obj.deleted_skipped = deleted_skipped
        return obj


def check_format(fmt: str) -> str:
    name = (fmt or "").strip().lower()
    if name == "bib":
        name = "bibtex"
    if name not in FORMATS:
        raise LitwatchError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return name


def read_pmids_file(path: str | Path) -> list[str]:
    """PMIDs in file order without repeats; blank lines and `#` comments are ignored."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"--pmids {path}: file not found") from None
    except UnicodeDecodeError:
        raise InputFileError(f"--pmids {path}: not a UTF-8 text file of PMIDs, one per line") from None
    except OSError as exc:
        raise InputFileError(f"--pmids {path}: cannot read it ({exc.strerror or exc})") from None
    pmids: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        pmid = canonical_pmid(value)
        if pmid is None:
            raise InputFileError(
                f"--pmids {path}, line {number}: {value[:40]!r} is not a PMID "
                "(one number per line; '#' starts a comment)"
            )
        pmids[pmid] = None
    return list(pmids)


def iter_stored_records(
    session: Session, pmids: Sequence[str] | None = None, *, missing: list[str] | None = None
) -> Iterator[StoredRecord]:
    """(record, deleted) for every stored record in PMID order, or for `pmids` in their order.

    PMIDs not in the database are appended to `missing` when a list is given.
    """
    cols = select(m.Article.pmid, m.Article.deleted, m.Article.record_json)
    if pmids is None:
        stmt = cols.order_by(cast(m.Article.pmid, Integer)).execution_options(yield_per=CHUNK)
        for _pmid, deleted, record_json in session.execute(stmt):
            yield Record.from_json(record_json), bool(deleted)
        return
    for chunk in batched(pmids, CHUNK):
        rows = session.execute(cols.where(m.Article.pmid.in_(chunk)))
        found = {pmid: (deleted, record_json) for pmid, deleted, record_json in rows}
        for pmid in chunk:
            if pmid in found:
                deleted, record_json = found[pmid]
                yield Record.from_json(record_json), bool(deleted)
            elif missing is not None:
                missing.append(pmid)


def default_extra_fields(claim_set: str | None = None) -> ExtraFields | None:
    """The tagger's per-record fields when `litwatch.services.tagging.read_tag_fields` exists."""
    try:
        tagging = importlib.import_module("litwatch.services.tagging")
    except ModuleNotFoundError as exc:
        if exc.name != "litwatch.services.tagging":
            raise
        return None
    read_tag_fields = getattr(tagging, "read_tag_fields", None)
    if read_tag_fields is None:
        return None
    return lambda pmids, session: read_tag_fields(pmids, session=session, claim_set=claim_set)


def export_records(
    *,
    engine: Engine,
    fmt: str,
    stream: TextIO,
    pmids_file: str | Path | None = None,
    extra_fields: ExtraFields | None | bool = True,
    claim_set: str | None = None,
    style: str = "vancouver",
) -> ExportCount:
    """Write records to `stream` in `fmt`; returns an `ExportCount` (an int: records written).

    `extra_fields=True` uses the tagger's fields when available, `None`/`False` none, or pass a
    callable `(pmids, session) -> {pmid: {field: value}}` (merged into JSONL objects only).
    """
    fmt = check_format(fmt)
    pmids = read_pmids_file(pmids_file) if pmids_file is not None else None
    extras: ExtraFields | None = None
    if fmt == "jsonl":
        extras = default_extra_fields(claim_set) if extra_fields is True else (extra_fields or None)
    missing: list[str] = []
    written = deleted_skipped = 0
    keys = BibtexKeys()
    render = format_ris if fmt == "ris" else (lambda rec: format_bibtex(rec, keys.assign(rec)))
    if fmt == "citation":  # numbered formatted references (CSL), numbering runs across chunks
        style = check_style(style)

        def render_chunk(recs: list[Record]) -> str:
            refs = format_references(recs, style)
            return "".join(f"{written + i}. {ref}\n" for i, ref in enumerate(refs, start=1))
    else:

        def render_chunk(recs: list[Record]) -> str:
            return "".join(render(rec) for rec in recs)

    writer = csv.writer(stream, lineterminator="\r\n") if fmt == "csv" else None
    if writer is not None:
        writer.writerow(CSV_COLUMNS)
    with session_scope(engine) as session:
        stored = iter_stored_records(session, pmids, missing=missing)
        for chunk in batched(stored, CHUNK):
            if fmt in CITATION_FORMATS:
                kept = [rec for rec, deleted in chunk if not deleted]
                deleted_skipped += len(chunk) - len(kept)
                stream.write(render_chunk(kept))
                written += len(kept)
            elif writer is not None:
                writer.writerows(record_csv_row(rec, deleted=deleted) for rec, deleted in chunk)
                written += len(chunk)
            else:
                more = extras([rec.pmid for rec, _ in chunk], session) if extras else {}
                for rec, deleted in chunk:
                    data = record_export_dict(rec, deleted=deleted)
                    data.update(more.get(rec.pmid, {}))
                    stream.write(json.dumps(data, ensure_ascii=False) + "\n")
                written += len(chunk)
    return ExportCount(written, missing=missing, deleted_skipped=deleted_skipped)
