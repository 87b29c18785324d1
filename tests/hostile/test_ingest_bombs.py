"""Issue 8, items 5 and 17c: decompression bombs, huge values and huge records are refused early.

Each refusal is one line naming the file and, where the input may be genuine, the override.
"""

# SQLite only: the input caps are under test; the database only receives what passes them.

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.errors import InputFileError
from litwatch.pubmed.files import InputLimits
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import Record

from .ingest_inputs import article_xml, gzip_bomb, pubmed_xml, stored

runner = CliRunner()
MiB = 1024**2
ATTRIBUTE_START = (
    b'<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">1</PMID>'
    b'<Article><ArticleTitle lang="'
)
ATTRIBUTE_END = b'">T</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>'
# Reads a file in a fresh process and reports the outcome and that process's peak memory.
PEAK_CHILD = """
import json, resource, sys
from litwatch.errors import InputFileError
from litwatch.pubmed.files import iter_records_in_file
try:
    outcome = f"{sum(1 for _ in iter_records_in_file(sys.argv[1]))} items"
except InputFileError as exc:
    outcome = str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"outcome": outcome, "peak_mb": peak}))
"""


def ingest(*args: str):
    return runner.invoke(app, ["ingest", *args, "--no-tag"])


def one_line_error(result) -> str:  # noqa: ANN001
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def read_in_child(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD, str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout.splitlines()[-1])


def tiny_element_bomb(path: Path, mib: int) -> Path:
    """~100 KB of gzip holding `mib` MiB of `<i/>` in one abstract: 3 GB and 20 s before the cap."""
    head, tail = article_xml("1", abstract="\0").split("\0")
    body = gzip_bomb(
        pubmed_xml([head]).split("</PubmedArticleSet>")[0].encode(),
        b"<i/>" * (MiB // 4),
        mib,
        (tail + "</PubmedArticleSet>").encode(),
    )
    path.write_bytes(body)
    return path


def test_gzip_bomb_is_refused_after_a_few_megabytes(tmp_path):
    bomb = tiny_element_bomb(tmp_path / "bomb.xml.gz", 100)
    assert bomb.stat().st_size < 150_000
    db = tmp_path / "k.db"
    started = time.monotonic()
    result = ingest(str(bomb), "--db", str(db))
    assert time.monotonic() - started < 10  # 20 s and 3 GB of memory before the cap
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"litwatch: error: {bomb} expands more than 100 times when decompressed, like a decompression bomb "
        "and unlike PubMed files: --allow-large reads it if you trust the file"
    )
    assert stored(db, "SELECT count(*) FROM articles") == [(0,)]


def test_2gib_attribute_in_a_2mb_gzip_never_reaches_libxml2(tmp_path):
    bomb = tmp_path / "attribute.xml.gz"
    bomb.write_bytes(gzip_bomb(ATTRIBUTE_START, b"a" * MiB, 2048, ATTRIBUTE_END))  # 2 GiB of "a"
    assert bomb.stat().st_size < 3 * MiB
    report = read_in_child(bomb)
    assert report["outcome"].startswith(f"{bomb} expands more than 100 times when decompressed")
    # up to ~200 MB may be decompressed before the 100x ratio cap trips; 2 GiB never arrives
    assert report["peak_mb"] < 512
    # Without the ratio cap the per-record cap stops it; --allow-large only raises that cap.
    with pytest.raises(InputFileError) as err:
        list(iter_pubmed_xml(bomb, InputLimits(max_ratio=None)))
    assert str(err.value) == (
        f"{bomb}: its first record (from byte 0) is larger than 16 MiB of XML, the per-record limit (real "
        "PubMed records are a few MB at most): --allow-large reads it if you trust the file"
    )
    with pytest.raises(InputFileError) as err:
        list(iter_pubmed_xml(bomb, InputLimits.unlimited()))
    assert str(err.value).endswith(
        "is larger than 32 MiB of XML, the per-record limit (real PubMed records are a few MB at most): "
        "no PubMed record comes near this; refusing the file"
    )


def plausible_gzip(path: Path, records: int) -> Path:
    """A gzip file that compresses like real PubMed XML (random words, about 3 times)."""
    rng = random.Random(8)
    words = ["ketamine", "depression", "dose", "placebo", "infusion", "remission", "week", "trial"]
    words += [f"w{n}" for n in range(2000)]
    abstracts = (" ".join(rng.choice(words) for _ in range(300)) for _ in range(records))
    xml = pubmed_xml(article_xml(str(1000 + i), abstract=a) for i, a in enumerate(abstracts))
    path.write_bytes(gzip.compress(xml.encode(), 6))
    return path


def test_decompressed_size_cap_names_the_file_and_the_override(tmp_path):
    path = plausible_gzip(tmp_path / "update.xml.gz", 1500)  # about 3 MB decompressed
    db = tmp_path / "k.db"
    result = ingest(str(path), "--db", str(db), "--max-size", "1M")
    assert result.exit_code == 1
    assert one_line_error(result) == (
        f"litwatch: error: {path} decompresses to more than 1 MiB, the limit for compressed input: "
        "pass --max-size (e.g. --max-size 4G) or --allow-large if you trust the file"
    )
    result = ingest(str(path), "--db", str(db), "--max-size", "10M")
    assert result.exit_code == 0, result.output
    assert stored(db, "SELECT count(*) FROM articles") == [(1500,)]
    result = ingest(str(path), "--db", str(db), "--max-size", "lots")
    assert result.exit_code == 1
    assert one_line_error(result) == (
        "litwatch: error: --max-size: 'lots' is not a size: give bytes or a number with K, M, G or T, e.g. 4G"
    )


def test_allow_large_reads_a_trusted_file_that_compresses_very_well(tmp_path):
    abstract = "Ketamine was given. " * 500  # 10 KB, the same in every record
    xml = pubmed_xml(article_xml(str(1000 + i), abstract=abstract) for i in range(300))
    path = tmp_path / "repetitive.xml.gz"
    path.write_bytes(gzip.compress(xml.encode(), 9))
    assert len(xml) / path.stat().st_size > 100
    db = tmp_path / "k.db"
    refused = ingest(str(path), "--db", str(db))
    assert refused.exit_code == 1
    assert "--allow-large reads it if you trust the file" in one_line_error(refused)
    accepted = ingest(str(path), "--db", str(db), "--allow-large")
    assert accepted.exit_code == 0, accepted.output
    assert stored(db, "SELECT count(*), min(length(abstract)) FROM articles") == [(300, 9999)]


def test_complete_50mb_abstract_is_refused_by_name_not_called_truncated(tmp_path):
    path = tmp_path / "long.xml"
    path.write_text(pubmed_xml([article_xml("1", abstract="word " * (10 * MiB))]))
    assert path.stat().st_size > 50 * MiB
    result = ingest(str(path), "--db", str(tmp_path / "k.db"))
    assert result.exit_code == 1
    message = one_line_error(result)
    assert message.startswith(
        f"litwatch: error: {path} has a text or attribute value longer than 10,000,000 characters at "
        "line 3, the per-value limit"
    )
    assert "truncated" not in message


def test_abstract_just_under_the_value_cap_is_read_whole(tmp_path):
    abstract = "word " * 1_900_000  # 9.5 million characters
    path = tmp_path / "long.xml"
    path.write_text(pubmed_xml([article_xml("1", abstract=abstract)]))
    (record,) = iter_pubmed_xml(path)
    assert isinstance(record, Record)
    assert record.abstract == abstract.strip()
