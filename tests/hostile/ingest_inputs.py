"""Builders for the hostile ingest inputs: small PubMed XML and MEDLINE texts made in the test."""

from __future__ import annotations

import sqlite3
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path

LITWATCH = [sys.executable, "-c", "from litwatch.cli import app; app()"]  # the CLI in a subprocess


def article_xml(
    pmid: str, *, version: int = 1, title: str = "A title", abstract: str = "An abstract.", extra: str = ""
) -> str:
    """One minimal but complete <PubmedArticle>."""
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="{version}">{pmid}</PMID><Article PubModel="Print">'
        f"<Journal><Title>J Test</Title></Journal><ArticleTitle>{title}</ArticleTitle>"
        f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract></Article>{extra}</MedlineCitation>"
        "</PubmedArticle>"
    )


def pubmed_xml(records: Iterable[str]) -> str:
    return '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + "\n".join(records) + "\n</PubmedArticleSet>\n"


def write_xml(path: Path, records: Iterable[str]) -> Path:
    path.write_text(pubmed_xml(records), encoding="utf-8")
    return path


def medline_record(pmid_line: str, *, title: str = "A title", abstract: str = "An abstract.") -> str:
    return f"{pmid_line}\nTI  - {title}\nAB  - {abstract}\n"


def stored(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of `sql` (`?` marks) from an SQLite file or, given its URL, a PostgreSQL database."""
    if isinstance(db, str) and "://" in db:
        from sqlalchemy import create_engine

        engine = create_engine(db)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.exec_driver_sql(sql.replace("?", "%s"), params)]
        finally:
            engine.dispose()
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def gzip_bomb(prefix: bytes, filler: bytes, repeats: int, suffix: bytes) -> bytes:
    """A gzip stream of prefix + filler * repeats + suffix, built without compressing it all.

    After a full flush the compressor forgets its history, so compressing the same filler again
    gives the same bytes: one compressed block, repeated. The trailer's CRC is left wrong on
    purpose: a reader that is safe stops long before it would check it.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush(zlib.Z_FINISH)
    return head + block * repeats + tail
