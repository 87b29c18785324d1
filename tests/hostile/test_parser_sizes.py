"""Issue 8, items 5 and 8: one record is bounded in size, and MEDLINE reads in linear time."""

from __future__ import annotations

import gzip
import io
import time

import pytest
from Bio import Medline

from litwatch.errors import InputFileError
from litwatch.pubmed._text import collapse
from litwatch.pubmed.files import InputLimits
from litwatch.pubmed.medline import iter_medline
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import Record

from .ingest_inputs import article_xml, pubmed_xml

SMALL = InputLimits(max_record_bytes=1024**2)


def test_record_of_many_tiny_elements_is_refused_at_the_record_cap():
    xml = pubmed_xml([article_xml("7"), article_xml("8", abstract="<i/>" * 500_000)])
    items = iter_pubmed_xml(io.BytesIO(xml.encode()), SMALL)
    assert next(items).pmid == "7"
    with pytest.raises(InputFileError) as err:
        next(items)
    assert str(err.value).startswith("<input stream>: the record after PMID 7 (from byte ")
    assert str(err.value).endswith(
        "is larger than 1 MiB of XML, the per-record limit (real PubMed records are a few MB at most): "
        "--allow-large reads it if you trust the file"
    )


def test_junk_between_records_counts_against_the_record_cap():
    xml = pubmed_xml([article_xml("7"), "<x/>" * 500_000, article_xml("8")])
    with pytest.raises(InputFileError, match="the record after PMID 7 .* larger than 1 MiB"):
        list(iter_pubmed_xml(io.BytesIO(xml.encode()), SMALL))


def test_records_under_the_cap_all_read():
    xml = pubmed_xml(article_xml(str(i), abstract="a " * 2000) for i in range(1, 1001))  # 4 MB in all
    assert sum(isinstance(r, Record) for r in iter_pubmed_xml(io.BytesIO(xml.encode()), SMALL)) == 1000


def test_medline_endless_line_is_refused_with_its_line_number(tmp_path):
    path = tmp_path / "long.nbib"
    path.write_text("PMID- 1\nTI  - ok\n\nPMID- 2\nAB  - " + "x" * 2_000_000 + "\n")
    with pytest.raises(InputFileError) as err:
        list(iter_medline(path, SMALL))
    assert str(err.value) == (
        f"{path}: the record starting at line 5 is longer than 1,048,576 characters, the per-record limit "
        "(real PubMed records are a few MB at most): --allow-large reads it if you trust the file"
    )


def test_medline_record_of_many_continuation_lines_is_refused_with_its_first_line(tmp_path):
    path = tmp_path / "wrapped.nbib"
    path.write_text("PMID- 1\nTI  - ok\n\n\nPMID- 2\nAB  - start\n" + "      word word\n" * 200_000)
    with pytest.raises(InputFileError, match="the record starting at line 5 is longer than 1,048,576"):
        list(iter_medline(path, SMALL))


def test_medline_gzip_bomb_is_refused_too(tmp_path):
    path = tmp_path / "bomb.nbib.gz"
    path.write_bytes(gzip.compress(b"PMID- 1\nAB  - start\n" + b"      x\n" * 3_000_000, 9))
    with pytest.raises(InputFileError, match="expands more than 100 times when decompressed"):
        list(iter_medline(path))


def long_abstract(lines: int) -> str:
    return "PMID- 1\nTI  - Title\nAB  - start\n" + "      x\n" * lines + "LA  - eng\n"


def test_medline_continuation_lines_read_in_linear_time():
    """A 3 MB abstract of one-character lines took 45 s (quadratic); now well under a second."""
    text = long_abstract(1_500_000)  # 3 MB
    started = time.monotonic()
    (record,) = iter_medline(io.StringIO(text))
    assert time.monotonic() - started < 4
    assert record.abstract == "start" + " x" * 1_500_000
    assert record.languages == ["eng"]


def test_joined_continuations_keep_bio_medline_text():
    text = "PMID- 1\nTI  - A title that\n      wraps\nAB  - First line\n      \n      after a blank\n\n"
    (record,) = iter_medline(io.StringIO(text))
    bio = Medline.read(io.StringIO(text))
    assert record.title == collapse(bio["TI"]) == "A title that wraps"
    assert record.abstract == collapse(bio["AB"]) == "First line after a blank"
