"""The MEDLINE text reader: whole records from Biopython's MEDLINE files, links, and bad inputs."""

from __future__ import annotations

import dataclasses
import gzip
import io
from pathlib import Path

import pytest
from expected import AUTHOR_LIU, AUTHOR_XIAO, ONCOL_LETT_2016_SEP

from litwatch.errors import InputFileError
from litwatch.pubmed.files import iter_records_in_file
from litwatch.pubmed.medline import iter_medline
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import (
    ArticleDate,
    ArticleId,
    Author,
    Chemical,
    CommentCorrection,
    HistoryDate,
    Journal,
    MeshHeading,
    PubDate,
    PublicationType,
    Qualifier,
    Record,
    Section,
    Skipped,
)

FIXTURES = Path(__file__).parent / "fixtures"
MEDLINE = FIXTURES / "medline"
BAD = FIXTURES / "bad"


def mesh(value: str) -> MeshHeading:
    """Shorthand for a MEDLINE MH line, written the way the file writes it."""
    descriptor, *qualifiers = value.split("/")
    return MeshHeading(
        descriptor.lstrip("*"),
        None,
        descriptor.startswith("*"),
        [Qualifier(q.lstrip("*"), None, q.startswith("*")) for q in qualifiers],
    )


def test_old_style_record_with_affiliation_before_the_author():
    (record,) = iter_medline(MEDLINE / "pubmed_result1.txt")
    assert record == Record(
        pmid="12230038",
        title="The Bio* toolkits--a brief overview.",
        sections=[
            Section(
                None,
                None,
                "Bioinformatics research is often difficult to do with commercial software. The Open Source "
                "BioPerl, BioPython and Biojava projects provide toolkits with multiple functionality that "
                "make "
                "it easier to create customised pipelines or analysis. This review briefly compares the "
                "quirks "
                "of the underlying languages and the functionality, documentation, utility and relative "
                "advantages of the Bio counterparts, particularly from the point of view of the beginning "
                "biologist programmer.",
            )
        ],
        journal=Journal(
            title="Briefings in bioinformatics",
            iso_abbreviation="Brief Bioinform",
            issn="1467-5463",
            issn_type="Print",
            volume="3",
            issue="3",
            pages="296-302",
        ),
        pub_date=PubDate(year=2002, month="Sep"),
        authors=[
            Author(
                last_name="Mangalam",
                fore_name="Harry",
                initials="H",
                affiliations=["tacg Informatics, Irvine, CA 92612, USA. hjm@tacgi.com"],
            )
        ],
        languages=["eng"],
        publication_types=[PublicationType("Journal Article", None)],
        mesh=[
            mesh("*Computational Biology"),
            mesh("Computer Systems"),
            mesh("Humans"),
            mesh("Internet"),
            mesh("*Programming Languages"),
            mesh("*Software"),
            mesh("User-Computer Interface"),
        ],
        citation_status="MEDLINE",
        date_completed="2003-06-06",
        date_revised="2004-11-17",
        history=[HistoryDate("entrez", "2002-09-17"), HistoryDate("medline", "2003-06-07")],
        publication_status="ppublish",
    )


def test_record_with_pmc_history_ids_and_wrapped_affiliation():
    record = next(iter_medline(MEDLINE / "pubmed_result2.txt"))
    assert record == Record(
        pmid="16403221",
        title="A high level interface to SCOP and ASTRAL implemented in python.",
        sections=[
            Section(
                None,
                None,
                "BACKGROUND: Benchmarking algorithms in structural bioinformatics often involves the "
                "construction "
                "of datasets of proteins with given sequence and structural properties. The SCOP database "
                "is a "
                "manually curated structural classification which groups together proteins on the basis of "
                "structural similarity. The ASTRAL compendium provides non redundant subsets of SCOP "
                "domains on "
                "the basis of sequence similarity such that no two domains in a given subset share more "
                "than a "
                "defined degree of sequence similarity. Taken together these two resources provide a 'ground "
                "truth' for assessing structural bioinformatics algorithms. We present a small and easy to "
                "use "
                "API written in python to enable construction of datasets from these resources. RESULTS: We "
                "have "
                "designed a set of python modules to provide an abstraction of the SCOP and ASTRAL "
                "databases. "
                "The modules are designed to work as part of the Biopython distribution. Python users can "
                "now "
                "manipulate and use the SCOP hierarchy from within python programs, and use ASTRAL to return "
                "sequences of domains in SCOP, as well as clustered representations of SCOP from ASTRAL. "
                "CONCLUSION: The modules make the analysis and generation of datasets for use in structural "
                "genomics easier and more principled.",
            )
        ],
        journal=Journal(
            title="BMC bioinformatics",
            iso_abbreviation="BMC Bioinformatics",
            issn="1471-2105",
            issn_type="Electronic",
            volume="7",
            issue=None,
            pages="10",
        ),
        pub_date=PubDate(year=2006),
        article_dates=[ArticleDate("Electronic", "2006-01-10")],
        authors=[
            Author(
                last_name="Casbon",
                fore_name="James A",
                initials="JA",
                affiliations=[
                    "Bioinformatics, Institute of Cell and Molecular Science, School of Medicine and "
                    "Dentistry, "
                    "Queen Mary, University of London, London EC1 6BQ, UK. j.a.casbon@qmul.ac.uk"
                ],
            ),
            Author(last_name="Crooks", fore_name="Gavin E", initials="GE"),
            Author(last_name="Saqi", fore_name="Mansoor A S", initials="MA"),
        ],
        languages=["eng"],
        publication_types=[
            PublicationType("Evaluation Studies", None),
            PublicationType("Journal Article", None),
        ],
        mesh=[
            mesh("*Database Management Systems"),
            mesh("*Databases, Protein"),
            mesh("Information Storage and Retrieval/*methods"),
            mesh("Programming Languages"),
            mesh("Sequence Alignment/*methods"),
            mesh("Sequence Analysis, Protein/*methods"),
            mesh("Sequence Homology, Amino Acid"),
            mesh("*Software"),
            mesh("*User-Computer Interface"),
        ],
        article_ids=[
            ArticleId("pii", "1471-2105-7-10"),
            ArticleId("doi", "10.1186/1471-2105-7-10"),
            ArticleId("pmc", "PMC1373603"),
        ],
        citation_status="MEDLINE",
        date_completed="2006-03-14",
        history=[
            HistoryDate("received", "2005-06-17"),
            HistoryDate("accepted", "2006-01-10"),
            HistoryDate("aheadofprint", "2006-01-10"),
            HistoryDate("entrez", "2006-01-13"),
            HistoryDate("medline", "2006-03-15"),
        ],
        publication_status="epublish",
    )


def test_all_biopython_medline_files():
    records = [r for path in sorted(MEDLINE.glob("*.txt")) for r in iter_medline(path)]
    assert [(r.pmid, r.doi, r.year, len(r.authors), len(r.mesh)) for r in records] == [
        ("12230038", None, 2002, 1, 7),
        ("16403221", "10.1186/1471-2105-7-10", 2006, 3, 9),
        ("16377612", "10.1093/bioinformatics/btk021", 2006, 4, 8),
        ("14871861", "10.1093/bioinformatics/bth078", 2004, 4, 8),
        ("14630660", None, 2003, 2, 9),
        ("23039619", "10.1118/1.4748329", 2012, 4, 8),
    ]
    by_pmid = {r.pmid: r for r in records}
    # A MeSH line wrapped onto a continuation line stays one heading with its three qualifiers.
    assert by_pmid["23039619"].mesh[1] == mesh(
        "High-Intensity Focused Ultrasound Ablation/adverse effects/instrumentation/*methods"
    )
    assert by_pmid["23039619"].journal.issn == "0094-2405"  # the (Print) one, not the (Linking) one
    assert by_pmid["14630660"].chemicals == [Chemical("Macromolecular Substances", None, "0")]
    assert by_pmid["16377612"].pub_date == PubDate(year=2006, month="Mar", day="1")


# Written for this test in PubMed's export format, from the XML of PMID 27602157 in
# pubmed21n1298_edge_cases.xml (abstract shortened, one AUID and one CIN added to cover those tags).
RETRACTED = """\
PMID- 27602157
OWN - NLM
STAT- PubMed-not-MEDLINE
LR  - 20210607
IS  - 1792-1074 (Print)
IS  - 1792-1082 (Electronic)
IS  - 1792-1074 (Linking)
VI  - 12
IP  - 3
DP  - 2016 Sep
TI  - miR-429 promotes the proliferation of non-small cell lung cancer cells via
      targeting DLC-1.
PG  - 2163-2168
AB  - The microRNA (miR)-200 family has been demonstrated to be associated with the
      tumorigenesis and progression of multiple types of human cancer.
FAU - Xiao, Peng
AU  - Xiao P
AUID- ORCID: https://orcid.org/0000-0002-1825-0097
AD  - Department of Thoracic Surgery, The Third Xiangya Hospital of Central South
      University, Changsha, Hunan 410013, P.R. China.
FAU - Liu, Wenliang
AU  - Liu W
AD  - Department of Thoracic Surgery, The Second Xiangya Hospital of Central South
      University, Changsha, Hunan 410011, P.R. China.
CN  - Lung Cancer Study Group
LA  - eng
PT  - Journal Article
PT  - Retracted Publication
DEP - 20160722
TA  - Oncol Lett
JT  - Oncology letters
JID - 101531236
RN  - 690G0D6V8H (Ketamine)
CIN - Oncol Lett. 2017 Jan;13(1):1. PMID: 28123456
RIN - Oncol Lett. 2021 Jul;22(1):545. PMID: 34093767
OTO - NOTNLM
OT  - deleted in liver cancer 1
OT  - microRNA
EDAT- 2016/09/08 06:00
MHDA- 2016/09/08 06:01
PHST- 2015/04/19 00:00 [received]
PHST- 2016/06/17 00:00 [accepted]
PHST- 2016/09/08 06:00 [entrez]
AID - 10.3892/ol.2016.4904 [doi]
AID - OL-0-0-4904 [pii]
PST - ppublish
SO  - Oncol Lett. 2016 Sep;12(3):2163-2168. doi: 10.3892/ol.2016.4904. Epub 2016 Jul 22.
"""


def test_links_orcid_collective_name_and_continuations():
    (record,) = iter_medline(io.BytesIO(RETRACTED.encode()))
    assert record == Record(
        pmid="27602157",
        title="miR-429 promotes the proliferation of non-small cell lung cancer cells via targeting DLC-1.",
        sections=[
            Section(
                None,
                None,
                "The microRNA (miR)-200 family has been demonstrated to be associated with the "
                "tumorigenesis and "
                "progression of multiple types of human cancer.",
            )
        ],
        **ONCOL_LETT_2016_SEP,
        authors=[
            dataclasses.replace(AUTHOR_XIAO, orcid="0000-0002-1825-0097"),
            AUTHOR_LIU,
            Author(collective_name="Lung Cancer Study Group"),
        ],
        languages=["eng"],
        publication_types=[
            PublicationType("Journal Article", None),
            PublicationType("Retracted Publication", None),
        ],
        keywords=["deleted in liver cancer 1", "microRNA"],
        chemicals=[Chemical("Ketamine", None, "690G0D6V8H")],
        article_ids=[ArticleId("doi", "10.3892/ol.2016.4904"), ArticleId("pii", "OL-0-0-4904")],
        comments_corrections=[
            CommentCorrection("CommentIn", "28123456", "Oncol Lett. 2017 Jan;13(1):1"),
            CommentCorrection("RetractionIn", "34093767", "Oncol Lett. 2021 Jul;22(1):545"),
        ],
        citation_status="PubMed-not-MEDLINE",
        date_revised="2021-06-07",
        history=[
            HistoryDate("received", "2015-04-19"),
            HistoryDate("accepted", "2016-06-17"),
            HistoryDate("entrez", "2016-09-08"),
            HistoryDate("medline", "2016-09-08"),
        ],
        publication_status="ppublish",
    )
    assert record.retracted


def test_medline_and_xml_of_the_same_record_agree_on_shared_fields():
    (text,) = iter_medline(io.BytesIO(RETRACTED.encode()))
    xml = next(r for r in iter_pubmed_xml(FIXTURES / "pubmed21n1298_edge_cases.xml") if r.pmid == "27602157")
    for field in ("pmid", "title", "journal", "pub_date", "article_dates", "languages", "citation_status"):
        assert getattr(text, field) == getattr(xml, field), field
    assert text.doi == xml.doi and text.retracted and xml.retracted
    assert [p.name for p in text.publication_types] == [p.name for p in xml.publication_types]


@pytest.mark.parametrize(
    ("dp", "expected"),
    [
        ("2019 Spring", PubDate(year=2019, season="Spring")),
        ("1998 Dec-1999 Jan", PubDate(year=1998, medline_date="1998 Dec-1999 Jan")),
        ("2006 Mar 1", PubDate(year=2006, month="Mar", day="1")),
    ],
)
def test_publication_dates(dp, expected):
    (record,) = iter_medline(io.BytesIO(f"PMID- 1\nDP  - {dp}\nTI  - x\n".encode()))
    assert record.pub_date == expected


def test_doi_falls_back_to_lid_and_pmid_less_record_is_skipped():
    text = "PMID- 5\nTI  - a\nLID - 10.1/x [doi]\nLID - S1 [pii]\n\nTI  - no pmid here\n\nPMID- 6\nTI  - b\n"
    items = list(iter_medline(io.StringIO(text)))
    assert items[0].doi == "10.1/x"
    assert items[1] == Skipped(None, "MEDLINE record at line 6: no PMID line")
    assert items[2].pmid == "6"


def test_gzipped_medline_and_files_dispatch(tmp_path):
    gz = tmp_path / "export.nbib.gz"
    gz.write_bytes(gzip.compress((MEDLINE / "pubmed_result2.txt").read_bytes()))
    assert list(iter_records_in_file(gz)) == list(iter_medline(MEDLINE / "pubmed_result2.txt"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (BAD / "empty.xml", "empty.xml is empty"),
        (BAD / "binary.bin", "binary.bin is binary data, not text"),
        (BAD / "page.html", "page.html is an HTML page"),
        (BAD / "notes.txt", "notes.txt is not MEDLINE text"),
        (
            FIXTURES / "efetch" / "pubmed1.xml",
            "pubmed1.xml is XML (root element <PubmedArticleSet>), not MEDLINE text",
        ),
    ],
)
def test_bad_medline_inputs(path, expected):
    with pytest.raises(InputFileError) as info:
        list(iter_medline(path))
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_non_utf8_medline_is_a_file_error():
    with pytest.raises(InputFileError, match="is not UTF-8 text"):
        list(iter_medline(io.BytesIO(b"PMID- 1\nTI  - caf\xe9 au lait\n")))


def test_windows_export_with_bom_and_crlf_reads_like_unix(tmp_path):
    unix = (MEDLINE / "pubmed_result2.txt").read_bytes()
    windows = tmp_path / "export.nbib"
    windows.write_bytes(b"\xef\xbb\xbf" + unix.replace(b"\n", b"\r\n"))
    assert list(iter_records_in_file(windows)) == list(iter_medline(MEDLINE / "pubmed_result2.txt"))
