"""Exports: whole-output checks of RIS, BibTeX, CSV and JSONL on real PubMed records.

The database is built with the real ingest path from the XML fixtures, then exported through
`export_records` (and the CLI), so these tests cover what a user gets in Zotero or a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from expected import ABSTRACT_RETRACTED
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import mark_deleted
from litwatch.errors import InputFileError, LitwatchError
from litwatch.formats.bibtex import BibtexKeys, base_key, escape_bibtex
from litwatch.record import Author, Record
from litwatch.services.export import export_records, read_pmids_file
from litwatch.services.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = (
    FIXTURES / "efetch" / "1000.xml",
    FIXTURES / "eutils" / "metapub" / "34843274.xml",
    FIXTURES / "pubmed21n1298_edge_cases.xml",  # 60 records, 3 of them retracted
    FIXTURES / "efetch" / "20301546.xml",  # a GeneReviews book chapter
)
THREE = ("1000", "34843274", "27602157")  # old article, collective author + depression, retracted
runner = CliRunner()

ABSTRACT_1000 = (
    "The NADP-specific glutamate dehydrogenase of Neurospora crassa was digested with trypsin, and "
    "peptides accounting for 441 out of the 452 residues of the polypeptide chain were isolated and "
    "substantially sequenced. Additional experimental detail has been deposited as Supplementary "
    "Publication SUP 50052 (11 pages) with the British Library (Lending Division), Boston Spa, "
    "Wetherby, W. Yorkshire LS23 7BQ, U.K., from whom copies may be obtained under the terms given in"
    " Biochem J. (1975) 145, 5."
)
ABSTRACT_GUIDELINE = (
    "The American Psychological Association (APA) developed this clinical practice guideline to "
    "provide recommendations for the treatment of depressive disorders, including major depression, "
    "subsyndromal depression, and persistent depressive disorder. It addresses three developmental "
    "cohorts: adolescents, general adults, and older adults (ages 60 and over). Ten systematic "
    "reviews and meta-analyses, along with other literature and observations from practitioners and "
    "patients, served as the basis for the guideline. The guideline development panel consisted of "
    "health professionals from psychology, psychiatry, and family medicine as well as community "
    "members who self-identified as having had depression. The panel examined the efficacy of "
    "psychological treatments and of complementary and alternative medicine treatments. It also "
    "examined comparative effectiveness among psychological treatments, by themselves and in "
    "combination with pharmacotherapy, and comparative effectiveness of psychological treatments in "
    "relation to pharmacotherapy and to complementary and alternative treatments. The panel made "
    "recommendations for treatment of depression in adolescents, adults, and older adults but did not"
    " make treatment recommendations specific to children. These recommendations, presented in detail"
    " in the guideline, are summarized here. The target audience for the guideline includes "
    "clinicians, researchers, patients, family members, and policymakers. (PsycInfo Database Record "
    "(c) 2022 APA, all rights reserved)."
)

EXPECTED_RIS = (
    "TY  - JOUR\n"
    "TI  - The amino acid sequence of Neurospora NADP-specific glutamate dehydrogenase. "
    "The tryptic peptides\n"
    "AU  - Wootton, J C\n"
    "AU  - Taylor, J G\n"
    "AU  - Jackson, A A\n"
    "AU  - Chambers, G K\n"
    "AU  - Fincham, J R\n"
    "T2  - The Biochemical journal\n"
    "J2  - Biochem J\n"
    f"AB  - {ABSTRACT_1000}\n"
    "DA  - 1975/09//\n"
    "PY  - 1975\n"
    "DO  - 10.1042/bj1490739\n"
    "VL  - 149\n"
    "IS  - 3\n"
    "SP  - 739\n"
    "EP  - 748\n"
    "LA  - eng\n"
    "SN  - 0264-6021\n"
    "UR  - https://pubmed.ncbi.nlm.nih.gov/1000/\n"
    "AN  - 1000\n"
    "C2  - PMC1165682\n"
    "KW  - Amides\n"
    "KW  - Amino Acid Sequence\n"
    "KW  - Amino Acids\n"
    "KW  - Glutamate Dehydrogenase\n"
    "KW  - NADP\n"
    "KW  - Neurospora\n"
    "KW  - Neurospora crassa\n"
    "KW  - Peptide Fragments\n"
    "KW  - Trypsin\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - Summary of the clinical practice guideline for the treatment of depression across "
    "three age cohorts\n"
    "AU  - Guideline Development Panel for the Treatment of Depressive Disorders\n"
    "T2  - The American psychologist\n"
    "J2  - Am Psychol\n"
    f"AB  - {ABSTRACT_GUIDELINE}\n"
    "DA  - 2022/09//\n"
    "PY  - 2022\n"
    "DO  - 10.1037/amp0000904\n"
    "VL  - 77\n"
    "IS  - 6\n"
    "SP  - 770\n"
    "EP  - 780\n"
    "LA  - eng\n"
    "SN  - 1935-990X\n"
    "UR  - https://pubmed.ncbi.nlm.nih.gov/34843274/\n"
    "AN  - 34843274\n"
    "KW  - Adolescent\n"
    "KW  - Aged\n"
    "KW  - Child\n"
    "KW  - Depression\n"
    "KW  - Depressive Disorder\n"
    "KW  - Humans\n"
    "KW  - Middle Aged\n"
    "KW  - Societies, Scientific\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - miR-429 promotes the proliferation of non-small cell lung cancer cells via targeting DLC-1\n"
    "AU  - Xiao, Peng\n"
    "AU  - Liu, Wenliang\n"
    "AU  - Zhou, Hui\n"
    "T2  - Oncology letters\n"
    "J2  - Oncol Lett\n"
    f"AB  - {ABSTRACT_RETRACTED}\n"
    "DA  - 2016/09//\n"
    "PY  - 2016\n"
    "DO  - 10.3892/ol.2016.4904\n"
    "VL  - 12\n"
    "IS  - 3\n"
    "SP  - 2163\n"
    "EP  - 2168\n"
    "LA  - eng\n"
    "SN  - 1792-1074\n"
    "UR  - https://pubmed.ncbi.nlm.nih.gov/27602157/\n"
    "AN  - 27602157\n"
    "C2  - PMC4998573\n"
    "N1  - RETRACTED. Retraction notice: Oncol Lett. 2021 Jul;22(1):545 (PMID 34093767).\n"
    "KW  - deleted in liver cancer 1\n"
    "KW  - microRNA\n"
    "KW  - non-small cell lung cancer\n"
    "KW  - proliferation\n"
    "ER  - \n"
    "\n"
).replace("\n", "\r\n")

EXPECTED_BIBTEX = (
    "@article{wootton1975amino,\n"
    "  author = {Wootton, J C and Taylor, J G and Jackson, A A and Chambers, G K and Fincham, J R},\n"
    "  title = {{The amino acid sequence of Neurospora NADP-specific glutamate dehydrogenase. "
    "The tryptic peptides}},\n"
    "  journal = {The Biochemical journal},\n"
    "  year = {1975},\n"
    "  month = {9},\n"
    "  volume = {149},\n"
    "  number = {3},\n"
    "  pages = {739--748},\n"
    "  doi = {10.1042/bj1490739},\n"
    "  issn = {0264-6021},\n"
    "  pmid = {1000},\n"
    "  pmcid = {PMC1165682},\n"
    "  url = {https://pubmed.ncbi.nlm.nih.gov/1000/},\n"
    "  language = {eng},\n"
    f"  abstract = {{{ABSTRACT_1000}}},\n"
    "  keywords = {Amides, Amino Acid Sequence, Amino Acids, Glutamate Dehydrogenase, NADP, Neurospora, "
    "Neurospora crassa, Peptide Fragments, Trypsin}\n"
    "}\n"
    "\n"
    "@article{guideline2022summary,\n"
    "  author = {{Guideline Development Panel for the Treatment of Depressive Disorders}},\n"
    "  title = {{Summary of the clinical practice guideline for the treatment of depression across "
    "three age cohorts}},\n"
    "  journal = {The American psychologist},\n"
    "  year = {2022},\n"
    "  month = {9},\n"
    "  volume = {77},\n"
    "  number = {6},\n"
    "  pages = {770--780},\n"
    "  doi = {10.1037/amp0000904},\n"
    "  issn = {1935-990X},\n"
    "  pmid = {34843274},\n"
    "  url = {https://pubmed.ncbi.nlm.nih.gov/34843274/},\n"
    "  language = {eng},\n"
    f"  abstract = {{{ABSTRACT_GUIDELINE}}},\n"
    "  keywords = {Adolescent, Aged, Child, Depression, Depressive Disorder, Humans, Middle Aged, "
    "{Societies, Scientific}}\n"
    "}\n"
    "\n"
    "@article{xiao2016mir,\n"
    "  author = {Xiao, Peng and Liu, Wenliang and Zhou, Hui},\n"
    "  title = {{miR-429 promotes the proliferation of non-small cell lung cancer cells "
    "via targeting DLC-1}},\n"
    "  journal = {Oncology letters},\n"
    "  year = {2016},\n"
    "  month = {9},\n"
    "  volume = {12},\n"
    "  number = {3},\n"
    "  pages = {2163--2168},\n"
    "  doi = {10.3892/ol.2016.4904},\n"
    "  issn = {1792-1074},\n"
    "  pmid = {27602157},\n"
    "  pmcid = {PMC4998573},\n"
    "  url = {https://pubmed.ncbi.nlm.nih.gov/27602157/},\n"
    "  language = {eng},\n"
    f"  abstract = {{{ABSTRACT_RETRACTED}}},\n"
    "  keywords = {deleted in liver cancer 1, microRNA, non-small cell lung cancer, proliferation},\n"
    "  note = {RETRACTED. Retraction notice: Oncol Lett. 2021 Jul;22(1):545 (PMID 34093767).}\n"
    "}\n"
    "\n"
)

EXPECTED_CSV = (
    "pmid,year,title,journal,doi,pmcid,authors,publication_types,mesh,keywords,retracted,deleted,abstract\r\n"
    "1000,1975,The amino acid sequence of Neurospora NADP-specific glutamate dehydrogenase. The tryptic "
    "peptides.,The Biochemical journal,10.1042/bj1490739,PMC1165682,Wootton JC; Taylor JG; Jackson AA; "
    "Chambers GK; Fincham JR,Journal Article,Amides/analysis; Amino Acid Sequence; Amino Acids/analysis; "
    "Glutamate Dehydrogenase/*analysis; NADP; Neurospora/*enzymology; Neurospora crassa/*enzymology; "
    f'Peptide Fragments/analysis; Trypsin,,false,false,"{ABSTRACT_1000}"\r\n'
    "34843274,2022,Summary of the clinical practice guideline for the treatment of depression across three "
    "age cohorts.,The American psychologist,10.1037/amp0000904,,Guideline Development Panel for the "
    'Treatment of Depressive Disorders,"Journal Article; Research Support, Non-U.S. Gov\'t","Adolescent; '
    'Aged; Child; *Depression/therapy; *Depressive Disorder; Humans; Middle Aged; Societies, Scientific",,'
    f'false,false,"{ABSTRACT_GUIDELINE}"\r\n'
    "27602157,2016,miR-429 promotes the proliferation of non-small cell lung cancer cells via targeting "
    "DLC-1.,Oncology letters,10.3892/ol.2016.4904,PMC4998573,Xiao P; Liu W; Zhou H,Journal Article; "
    "Retracted Publication,,deleted in liver cancer 1; microRNA; non-small cell lung cancer; proliferation,"
    f'true,false,"{ABSTRACT_RETRACTED}"\r\n'
)
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - \S.*|ER  - ")


def db_arg(engine) -> str:
    """`--db` for this engine: the SQLite file, or the server URL."""
    if engine.dialect.name == "sqlite":
        return engine.url.database
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def engine(module_db_target):
    """Both backends: exports must be byte-identical from SQLite and PostgreSQL."""
    engine = open_database(module_db_target)
    for source in SOURCES:
        ingest_file(source, engine=engine)
    return engine


@pytest.fixture
def three(tmp_path) -> Path:
    path = tmp_path / "pmids.txt"
    path.write_text("\n".join(THREE) + "\n")
    return path


def export(engine, fmt: str, pmids_file: Path | None = None, **kwargs) -> tuple[str, int]:
    stream = io.StringIO(newline="")
    count = export_records(engine=engine, fmt=fmt, stream=stream, pmids_file=pmids_file, **kwargs)
    return stream.getvalue(), count


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """A strict little BibTeX reader: @type{key, name = {balanced value}, ...} entries only."""
    entries = []
    pos = 0
    header = re.compile(r"\s*@(\w+)\{([^,\s{}]+),\n")
    field = re.compile(r"\s*(\w+) = \{")
    while pos < len(text.rstrip()):
        m = header.match(text, pos)
        assert m, f"no entry header at {text[pos : pos + 60]!r}"
        entry_type, key, pos, fields = m.group(1), m.group(2), m.end(), {}
        while True:
            f = field.match(text, pos)
            assert f, f"no field at {text[pos : pos + 60]!r}"
            depth, i = 1, f.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            assert f.group(1) not in fields, f"field {f.group(1)} twice in {key}"
            fields[f.group(1)] = text[f.end() : i - 1]
            if text.startswith(",\n", i):
                pos = i + 2
            else:
                assert text.startswith("\n}\n", i), f"entry {key} not closed: {text[i : i + 20]!r}"
                pos = i + 3
                break
        entries.append((entry_type, key, fields))
    return entries


def test_ris_whole_output(engine, three):
    text, count = export(engine, "ris", three)
    assert text == EXPECTED_RIS
    assert count == 3


def test_ris_every_record_is_well_formed_for_zotero(engine):
    text, count = export(engine, "ris")
    records = text.split("\r\n\r\n")
    assert records[-1] == ""
    assert len(records) - 1 == count == 63
    for record in records[:-1]:
        lines = record.split("\r\n")
        assert lines[0].startswith("TY  - ")
        assert lines[-1] == "ER  - "
        assert [line for line in lines if not RIS_LINE.fullmatch(line)] == []
        assert sum(line.startswith("TY  - ") for line in lines) == 1
    assert "\n" not in text.replace("\r\n", "")


def test_ris_book_chapter_is_chap_with_book_title(engine, tmp_path):
    (tmp_path / "p.txt").write_text("20301546\n")
    text, _ = export(engine, "ris", tmp_path / "p.txt")
    lines = text.split("\r\n")
    assert lines[:5] == [
        "TY  - CHAP",
        "TI  - Hereditary Motor and Sensory Neuropathy with Agenesis of the Corpus Callosum",
        "AU  - Gauvreau, Claudie",
        "AU  - Brisson, Jean-Denis",
        "AU  - Dupré, Nicolas",
    ]
    assert lines[5] == "T2  - GeneReviews®"
    assert not any(line.startswith(("J2  - ", "VL  - ")) for line in lines)


def test_bibtex_whole_output(engine, three):
    text, count = export(engine, "bibtex", three)
    assert text == EXPECTED_BIBTEX
    assert count == 3


def test_bibtex_all_records_parse_with_unique_keys(engine):
    text, count = export(engine, "bibtex")
    entries = parse_bibtex(text)
    keys = [key for _, key, _ in entries]
    assert len(entries) == count == 63
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)
    by_pmid = {fields["pmid"]: (entry_type, key) for entry_type, key, fields in entries}
    # Stage 1 and Stage 2 Registered Reports: same first author, year and first title word.
    assert by_pmid["29744390"] == ("article", "newbury2018stage")
    assert by_pmid["30271887"] == ("article", "newbury2018stagea")
    assert by_pmid["20301546"] == ("incollection", "gauvreau1993hereditary")
    book = next(fields for _, key, fields in entries if key == "gauvreau1993hereditary")
    assert book["booktitle"] == "GeneReviews®"
    assert "has a 25\\% chance of being affected" in book["abstract"]


def test_bibtex_keys_are_deterministic_and_suffixed_in_order(engine):
    first, _ = export(engine, "bibtex")
    second, _ = export(engine, "bibtex")
    assert first == second
    keys = BibtexKeys()
    same = Record(pmid="1", title="The ketamine trial", authors=[Author(last_name="Møller-Łukasz")])
    same.pub_date.year = 2021
    assert base_key(same) == "mollerlukasz2021ketamine"
    assert [keys.assign(same) for _ in range(4)] == [
        "mollerlukasz2021ketamine",
        "mollerlukasz2021ketaminea",
        "mollerlukasz2021ketamineb",
        "mollerlukasz2021ketaminec",
    ]
    assert base_key(Record(pmid="2")) == "anonnd"


def test_bibtex_escapes_every_special_character():
    assert escape_bibtex("50% & $5 #1 a_b ~x ^y \\z {w}\nnext") == (
        r"50\% \& \$5 \#1 a\_b \textasciitilde{}x \textasciicircum{}y \textbackslash{}z "
        r"\textbraceleft{}w\textbraceright{} next"
    )


def test_csv_whole_output_is_rfc4180(engine, three):
    text, count = export(engine, "csv", three)
    assert text == EXPECTED_CSV
    assert count == 3
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [len(r) for r in rows] == [13, 13, 13, 13]
    assert rows[2][8].endswith("Societies, Scientific")


def test_jsonl_contract_fields(engine, three):
    text, count = export(engine, "jsonl", three, extra_fields=None)
    objects = [json.loads(line) for line in text.splitlines()]
    assert count == 3 and [o["pmid"] for o in objects] == list(THREE)
    guideline = objects[1]
    contract = {
        "pmid": "34843274",
        "version": 1,
        "title": "Summary of the clinical practice guideline for the treatment of depression across "
        "three age cohorts.",
        "abstract": ABSTRACT_GUIDELINE,
        "sections": [{"label": None, "category": None, "text": ABSTRACT_GUIDELINE}],
        "year": 2022,
        "journal": "The American psychologist",
        "doi": "10.1037/amp0000904",
        "pmcid": None,
        "authors": [
            {
                "last_name": None,
                "fore_name": None,
                "initials": None,
                "suffix": None,
                "collective_name": "Guideline Development Panel for the Treatment of Depressive Disorders",
                "affiliations": [],
                "orcid": None,
                "valid": True,
            }
        ],
        "publication_types": [
            {"name": "Journal Article", "ui": "D016428"},
            {"name": "Research Support, Non-U.S. Gov't", "ui": "D013485"},
        ],
        "keywords": [],
        "languages": ["eng"],
        "comments_corrections": [],
        "retracted": False,
        "deleted": False,
    }
    assert {k: guideline[k] for k in contract} == contract
    assert guideline["mesh"][3] == {
        "descriptor": "Depression",
        "ui": "D003863",
        "major": True,
        "qualifiers": [{"name": "therapy", "ui": "Q000628", "major": False}],
    }
    assert [m["descriptor"] for m in guideline["mesh"]] == [
        "Adolescent", "Aged", "Child", "Depression", "Depressive Disorder", "Humans", "Middle Aged",
        "Societies, Scientific",
    ]  # fmt: skip
    assert guideline["journal_details"]["iso_abbreviation"] == "Am Psychol"
    retracted = objects[2]
    assert retracted["retracted"] is True
    assert retracted["comments_corrections"] == [
        {"ref_type": "RetractionIn", "pmid": "34093767", "source": "Oncol Lett. 2021 Jul;22(1):545"}
    ]


def test_jsonl_merges_extra_fields_per_chunk(engine, three):
    calls = []

    def tag_fields(pmids, session):
        calls.append(list(pmids))
        return {"27602157": {"design": "in vitro", "evidence_level": 6}}

    text, _ = export(engine, "jsonl", three, extra_fields=tag_fields)
    objects = [json.loads(line) for line in text.splitlines()]
    assert calls == [list(THREE)]
    assert [(o.get("design"), o.get("evidence_level")) for o in objects] == [
        (None, None),
        (None, None),
        ("in vitro", 6),
    ]


def test_deleted_records_flagged_in_data_formats_and_left_out_of_citations(db_target, three):
    engine = open_database(db_target)
    ingest_file(SOURCES[0], engine=engine)
    ingest_file(SOURCES[1], engine=engine)
    with session_scope(engine) as session:
        assert mark_deleted(["1000"], session=session) == 1
    text, count = export(engine, "jsonl", three, extra_fields=None)
    assert [(o["pmid"], o["deleted"]) for o in map(json.loads, text.splitlines())] == [
        ("1000", True),
        ("34843274", False),
    ]
    assert (count, count.missing) == (2, ["27602157"])
    text, count = export(engine, "ris", three)
    assert re.findall(r"AN  - (\d+)", text) == ["34843274"]
    assert (count, count.deleted_skipped, count.missing) == (1, 1, ["27602157"])


def test_pmids_file_keeps_file_order_ignores_comments_and_reports_missing(engine, tmp_path):
    path = tmp_path / "cited.txt"
    path.write_text(
        "# PMIDs cited in the article\n\n27602157  # retracted!\n1000\n99999999\n1000\n  34843274\n"
    )
    assert read_pmids_file(path) == ["27602157", "1000", "99999999", "34843274"]
    text, count = export(engine, "ris", path)
    assert re.findall(r"AN  - (\d+)", text) == ["27602157", "1000", "34843274"]
    assert (count, count.missing) == (3, ["99999999"])


def test_pmids_file_with_a_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "cited.txt"
    path.write_text("1000\n# ok\nPMC1165682\n")
    with pytest.raises(InputFileError) as err:
        read_pmids_file(path)
    assert str(err.value) == (
        f"--pmids {path}, line 3: 'PMC1165682' is not a PMID (one number per line; '#' starts a comment)"
    )
    with pytest.raises(InputFileError, match="file not found"):
        read_pmids_file(tmp_path / "nope.txt")


def test_unknown_format_is_one_line_error(engine):
    with pytest.raises(LitwatchError) as err:
        export(engine, "endnote")
    assert (
        str(err.value) == "unknown export format 'endnote': choose one of jsonl, csv, ris, bibtex, citation"
    )


def test_cli_export_writes_file_and_reports_count(engine, three, tmp_path):
    db = db_arg(engine)
    out = tmp_path / "cited.ris"
    result = runner.invoke(
        app, ["export", "--format", "ris", "-o", str(out), "--pmids", str(three), "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == EXPECTED_RIS.encode("utf-8")
    assert " ".join(result.output.split()) == f"wrote 3 records to {out}"  # Rich may wrap the line

    result = runner.invoke(app, ["export", "--format", "bibtex", "--pmids", str(three), "--db", db])
    assert result.exit_code == 0
    assert result.stdout == EXPECTED_BIBTEX

    result = runner.invoke(app, ["export", "--format", "docx", "--db", db])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "litwatch: error: invalid value for '--format' / '-f': 'docx' is not one of jsonl, csv, ris, "
        "bibtex, citation"
    ]


def test_cli_jsonl_merges_the_taggers_fields_when_available(engine, three):
    tagging = pytest.importorskip("litwatch.services.tagging")
    result = runner.invoke(app, ["export", "--pmids", str(three), "--db", db_arg(engine)])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    with session_scope(engine) as session:
        tag_fields = tagging.read_tag_fields(list(THREE), session=session, claim_set=None)
    assert [o["pmid"] for o in objects] == list(THREE)
    for obj in objects:
        assert tag_fields[obj["pmid"]], "the tagger returns fields for every requested PMID"
        assert {k: obj[k] for k in tag_fields[obj["pmid"]]} == tag_fields[obj["pmid"]]
        assert obj["deleted"] is False and obj["title"]
