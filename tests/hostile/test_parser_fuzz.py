"""Property-based fuzzing of the XML and MEDLINE readers (issue 8, "Done when").

Whatever the bytes, a reader either yields items the store can prepare, or stops with our one-line
`InputFileError`; nothing else escapes, and memory stays bounded. The budget is fixed and the
search derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import gzip
import io
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litwatch.db.store import prepare_record
from litwatch.errors import InputFileError
from litwatch.pubmed.medline import iter_medline
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import Deletion, Record, Skipped

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED_XML = [(FIXTURES / "efetch" / name).read_bytes() for name in ("1000.xml", "33786689.xml")]
SEED_MEDLINE = (FIXTURES / "medline" / "pubmed_result1.txt").read_bytes()
BUDGET = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MEMORY_GROWTH_MB = 300

DIGITS = st.sampled_from(["38011560", "0038011560", "\u0663\u0668", "\uff13", "\u00b3", "-1", "", "9" * 30])
XML_SNIPPETS = st.sampled_from(
    [
        b"<",
        b">",
        b"&amp;",
        b"&bogus;",
        b"&#0;",
        b"&#x110000;",
        b"]]>",
        b"<![CDATA[x]]>",
        b"<!-- c -->",
        b"<?pi x?>",
        b"<i>",
        b"</i>",
        b"<sup>2</sup>",
        b"<mml:math><mml:mi>x</mml:mi></mml:math>",
        b'<!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaa">]>',
        b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"\r\n",
        b"\xc3",
        "\u202e\u0663".encode(),
        b"<PMID Version='x'>1</PMID>",
        b"<PMID Version='99999999999999999999'>1</PMID>",
        b"<DeleteCitation><PMID>1</PMID></DeleteCitation>",
        b"</PubmedArticle><PubmedArticle>",
        b"<Year>99999</Year>",
        b"<Month>13</Month>",
        b"<Day>0</Day>",
        b"<MedlineDate>1998 Dec-1999 Jan</MedlineDate>",
        b"<AbstractText Label='' NlmCategory='?'>",
        b"<Identifier Source='ORCID'>http://orcid.org/0000-0002</Identifier>",
        b"<ELocationID EIdType='doi' ValidYN='N'>",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, snippets: st.SearchStrategy[bytes]) -> bytes:
    """A seed file with a few random edits: cut, insert, duplicate, overwrite or truncate."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "snippet", "delete", "duplicate", "truncate", "byte"]))
        if op == "insert":
            data[at:at] = draw(st.binary(max_size=40))
        elif op == "snippet":
            data[at:at] = draw(snippets)
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 2000))]
        elif op == "truncate":
            del data[at:]
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def read_all(read, data: bytes) -> None:  # noqa: ANN001
    """Read everything, the way ingest does (prepare every record); only our error may stop it."""
    try:
        for item in read(io.BytesIO(data)):
            assert isinstance(item, Record | Deletion | Skipped)
            if isinstance(item, Record):
                assert item.pmid.isascii() and item.pmid.isdigit() and not item.pmid.startswith("0")
                prepare_record(item)
            elif isinstance(item, Deletion):
                assert all(p.isascii() and p.isdigit() for p in item.pmids)
    except InputFileError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture(autouse=True)
def bounded_memory() -> Iterator[None]:
    """No property may raise the process's peak memory by more than MEMORY_GROWTH_MB."""
    before = peak_mb()
    yield
    assert peak_mb() - before < MEMORY_GROWTH_MB


@BUDGET
@given(data=st.sampled_from(SEED_XML).flatmap(lambda seed: mutated(seed, XML_SNIPPETS)), gz=st.booleans())
def test_xml_reader_never_crashes(data: bytes, gz: bool) -> None:
    read_all(iter_pubmed_xml, gzip.compress(data, 1) if gz else data)


@BUDGET
@given(
    pmid=DIGITS,
    title=st.text(max_size=60),
    abstract=st.text(max_size=200),
    version=st.sampled_from(["1", "2", "0", "", "x", "\u0662"]),
)
def test_xml_reader_takes_any_text_in_fields(pmid: str, title: str, abstract: str, version: str) -> None:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;")

    xml = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation>"
        f'<PMID Version="{esc(version)}">{esc(pmid)}</PMID><Article><ArticleTitle>{esc(title)}</ArticleTitle>'
        f"<Abstract><AbstractText>{esc(abstract)}</AbstractText></Abstract></Article>"
        "</MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    read_all(iter_pubmed_xml, xml.encode("utf-8", "surrogatepass"))


MEDLINE_TAGS = [
    "PMID", "TI", "AB", "FAU", "AU", "AD", "AUID", "CN", "CIN", "RIN", "EIN", "DP", "DEP", "LID", "AID",
    "PHST", "MH", "RN", "IS", "JT", "TA", "LA", "PT", "OT", "LR", "EDAT", "BTI", "OAB", "PMC", "STAT",
]  # fmt: skip
MEDLINE_LINE = st.one_of(
    st.builds(
        lambda tag, sep, value: f"{tag}{sep}{value}",
        st.sampled_from(MEDLINE_TAGS),
        st.sampled_from(["- ", " - ", "  - ", "-", "- \t", ""]),
        st.one_of(st.text(max_size=80), DIGITS, st.sampled_from(["Lancet. 2020. PMID: 0012", "2019 Spring"])),
    ),
    st.text(max_size=30).map(lambda t: "      " + t),  # continuation
    st.just(""),
    st.text(max_size=20),  # anything
)


@BUDGET
@given(lines=st.lists(MEDLINE_LINE, max_size=40), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_medline_reader_never_crashes(lines: list[str], newline: str) -> None:
    text = newline.join(["PMID- 1", *lines])
    read_all(iter_medline, text.encode("utf-8", "surrogatepass"))


@BUDGET
@given(data=mutated(SEED_MEDLINE, st.sampled_from([b"\n", b"      ", b"PMID-", b"PMID- ", b"\x00", b"\xc3"])))
def test_medline_reader_survives_mutated_exports(data: bytes) -> None:
    read_all(iter_medline, data)
