"""Formatted references match the examples the styles' own guides publish.

The expected strings are the published example references of each style's documentation:
- Vancouver (NLM): the sample references of NLM's "Samples of Formatted References for Authors
  of Journal Articles" (ICMJE Recommendations), linked from the CSL style's <info>.
- AMA (11th edition): journal-article examples of the AMA Manual of Style, section 3.11, as
  reproduced by university library guides.
- APA (7th edition): the journal-article example of the APA Style website's reference examples.

One deliberate difference: the NLM samples print page ranges with a hyphen ("284-7"); the CSL
NLM style prints them with the en dash its en-US locale defines for page ranges ("284–7"), as
Zotero does with the same style. The test compares with that en dash and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litwatch.errors import LitwatchError
from litwatch.formats.citation import check_style, format_csl_items, format_references, record_csl_item
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Author, Journal, PubDate, Record

EN_DASH = "\u2013"


def record(pmid: str, title: str, authors: list[str], journal: Journal, date: PubDate) -> Record:
    """A record as PubMed stores it: "Halpern SD" -> last name Halpern, initials SD."""
    people = []
    for name in authors:
        last, _, initials = name.rpartition(" ")
        person = initials.isalpha() and initials.isupper() and len(initials) <= 3
        people.append(Author(last_name=last, initials=initials) if person else Author(collective_name=name))
    return Record(pmid=pmid, title=title, authors=people, journal=journal, pub_date=date)


def cite(rec: Record, style: str, doi: str | None = None) -> str:
    item = record_csl_item(rec, with_pmid=False)
    if doi:
        item["DOI"] = doi
    (text,) = format_csl_items([item], style)
    return text


HALPERN = record(
    "12140307",
    "Solid-organ transplantation in HIV-infected patients.",
    ["Halpern SD", "Ubel PA", "Caplan AL"],
    Journal(
        title="The New England journal of medicine",
        iso_abbreviation="N Engl J Med",
        volume="347",
        issue="4",
        pages="284-7",
    ),  # fmt: skip
    PubDate(year=2002, month="Jul", day="25"),
)
ROSE = record(
    "12062470",
    "Regulation of interstitial excitatory amino acid concentrations after cortical contusion injury.",
    [
        "Rose ME",
        "Huerbin MB",
        "Melick J",
        "Marion DW",
        "Palmer AM",
        "Schiding JK",
        "Kochanek PM",
        "Graham SH",
    ],
    Journal(title="Brain research", iso_abbreviation="Brain Res", volume="935", issue="1-2", pages="40-6"),
    PubDate(year=2002),
)


def test_vancouver_matches_nlms_published_samples():
    assert cite(HALPERN, "vancouver") == (
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        f"N Engl J Med. 2002 Jul 25;347(4):284{EN_DASH}7."
    )
    # more than six authors: the first six, then "et al."
    assert cite(ROSE, "vancouver") == (
        "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of "
        "interstitial excitatory amino acid concentrations after cortical contusion injury. "
        f"Brain Res. 2002;935(1-2):40{EN_DASH}6."
    )


def test_ama_matches_the_manuals_examples():
    lempke = record(
        "31999232",
        "Athletic trainers' concussion-assessment and concussion-management practices: an update.",
        ["Lempke LB", "Schmidt JD", "Lynall RC"],
        Journal(
            title="Journal of athletic training",
            iso_abbreviation="J Athl Train",
            volume="55",
            issue="1",
            pages="17-26",
        ),  # fmt: skip
        PubDate(year=2020, month="Jan"),
    )
    assert cite(lempke, "ama", doi="10.4085/1062-6050-322-18") == (
        "Lempke LB, Schmidt JD, Lynall RC. Athletic trainers' concussion-assessment and "
        "concussion-management practices: an update. J Athl Train. 2020;55(1):17-26. "
        "doi:10.4085/1062-6050-322-18"
    )
    cdc = record(
        "23506108",
        "Recommended adult immunization schedule-United States, 2013.",
        ["Centers for Disease Control and Prevention (CDC)"],
        Journal(
            title="Journal of midwifery & women's health",
            iso_abbreviation="J Midwifery Womens Health",
            volume="58",
            issue="2",
            pages="215-20",
        ),  # fmt: skip
        PubDate(year=2013, month="Mar"),
    )
    assert cite(cdc, "ama", doi="10.1111/jmwh.12046") == (
        "Centers for Disease Control and Prevention (CDC). Recommended adult immunization schedule-United "
        "States, 2013. J Midwifery Womens Health. 2013;58(2):215-220. doi:10.1111/jmwh.12046"
    )
    # more than six authors: the first three, then "et al"
    assert cite(ROSE, "ama").startswith("Rose ME, Huerbin MB, Melick J, et al. Regulation")


def test_apa_matches_the_apa_style_example():
    grady = Record(
        pmid="1",
        title="Emotions in storybooks: A comparison of storybooks that represent ethnic and racial groups "
        "in the United States.",
        authors=[
            Author(last_name="Grady", fore_name="Jessica Stoltzfus"),
            Author(last_name="Her", fore_name="Malina"),
            Author(last_name="Moreno", fore_name="Geena"),
            Author(last_name="Perez", fore_name="Catherine"),
            Author(last_name="Yelinek", fore_name="Jillian"),
        ],
        journal=Journal(title="Psychology of Popular Media Culture", volume="8", issue="3", pages="207-217"),
        pub_date=PubDate(year=2019),
    )
    assert cite(grady, "apa", doi="10.1037/ppm0000185") == (
        "Grady, J. S., Her, M., Moreno, G., Perez, C., & Yelinek, J. (2019). Emotions in storybooks: A "
        "comparison of storybooks that represent ethnic and racial groups in the United States. "
        f"Psychology of Popular Media Culture, 8(3), 207{EN_DASH}217. https://doi.org/10.1037/ppm0000185"
    )


def test_a_real_pubmed_record_in_every_style():
    xml = Path(__file__).parent / "fixtures" / "efetch" / "38011560.xml"
    (rec,) = [r for r in iter_records_in_file(xml) if isinstance(r, Record)]
    title = (
        "Ketamine and the neurobiology of depression: Toward next-generation rapid-acting antidepressant "
        "treatments."
    )
    assert (
        format_references([rec, rec], "vancouver")
        == [
            "Krystal JH, Kaye AP, Jefferson S, Girgenti MJ, Wilkinson ST, Sanacora G, et al. "
            f"{title} Proc Natl Acad Sci U S A. 2023 Dec 5;120(49):e2305772120. doi:10.1073/pnas.2305772120 "
            "PubMed PMID: 38011560; PubMed Central PMCID: PMC10710048."
        ]
        * 2
    )
    assert format_references([rec], "ama") == [
        f"Krystal JH, Kaye AP, Jefferson S, et al. {title} Proc Natl Acad Sci U S A. "
        "2023;120(49):e2305772120. doi:10.1073/pnas.2305772120"
    ]
    assert format_references([rec], "apa") == [
        "Krystal, J. H., Kaye, A. P., Jefferson, S., Girgenti, M. J., Wilkinson, S. T., Sanacora, G., & "
        f"Esterlis, I. (2023). {title[:-1]}. Proceedings of the National Academy of Sciences of the United "
        "States of America, 120(49), e2305772120. https://doi.org/10.1073/pnas.2305772120"
    ]


def test_html_references_escape_text_from_the_record():
    rec = record("2", "x < y & <script>alert(1)</script>", ["Doe J"], Journal(title="J"), PubDate(year=2020))
    (html,) = format_references([rec], "vancouver", html=True)
    assert "<script>" not in html and "x &lt; y &amp; &lt;script&gt;" in html


def test_unknown_style_is_a_one_line_error():
    assert check_style(" AMA ") == "ama"
    with pytest.raises(
        LitwatchError, match="unknown citation style 'harvard': choose one of vancouver, ama, apa"
    ):
        check_style("harvard")
