"""Expected values shared by several tests, copied by hand from the fixture XML."""

from litwatch.record import ArticleDate, Author, Journal, PubDate

# PMID 27602157 (tests/fixtures/pubmed21n1298_edge_cases.xml), a retracted record
ABSTRACT_RETRACTED = (
    "The microRNA (miR)-200 family has been demonstrated to be associated with the tumorigenesis and "
    "progression of multiple types of human cancer, including non-small cell lung cancer (NSCLC). As "
    "a member of the miR-200 family, miR-429 was recently identified to have an oncogenic role in "
    "NSCLC. However, the role of miR-429 in NSCLC growth as well as the underlying mechanism remains "
    "to be fully elucidated. In the present study, NSCLC cell line H1229 was transfected with miR-429"
    " mimic or inhibitor, respectively. It was observed that overexpression of miR-429 led to a "
    "significant increase in NSCLC cell proliferation, while knockdown of miR-429 suppressed the "
    "proliferation of H1229 cells. Bioinformatic prediction suggested that deleted in liver cancer 1 "
    "(DLC-1), a tumor suppressor in NSCLC, was a putative target gene of miR-429. Therefore, a "
    "luciferase reporter assay was performed and confirmed that miR-429 was able to bind the "
    "3'-untranslated region of DLC-1 mRNA in H1229 cells. Furthermore, overexpression of miR-429 "
    "inhibited the protein expression of DLC-1, while knockdown of miR-429 promoted the protein "
    "expression of DLC-1 in NSCLC H1229 cells. In addition, overexpression of DLC-1 not only "
    "inhibited H1229 cell proliferation, but also additionally reversed the promoting effect of "
    "miR-429 overexpression on H1229 cell proliferation. Based on these findings, the present study "
    "suggests that miR-429 may have an oncogenic role in the regulation of cell proliferation via "
    "direct inhibition of DLC-1 protein expression in NSCLC cells. Therefore, miR-429 may present a "
    "putative therapeutic target for the treatment of NSCLC growth."
)

# PMID 27602157 again: its citation parts, as the XML test and the hand-written MEDLINE test expect them
ONCOL_LETT_2016_SEP = {
    "journal": Journal(
        title="Oncology letters",
        iso_abbreviation="Oncol Lett",
        issn="1792-1074",
        issn_type="Print",
        volume="12",
        issue="3",
        pages="2163-2168",
    ),
    "pub_date": PubDate(year=2016, month="Sep"),
    "article_dates": [ArticleDate("Electronic", "2016-07-22")],
}
AUTHOR_XIAO = Author(
    last_name="Xiao",
    fore_name="Peng",
    initials="P",
    affiliations=[
        "Department of Thoracic Surgery, The Third Xiangya Hospital of Central South University, "
        "Changsha, Hunan 410013, P.R. China."
    ],
)
AUTHOR_LIU = Author(
    last_name="Liu",
    fore_name="Wenliang",
    initials="W",
    affiliations=[
        "Department of Thoracic Surgery, The Second Xiangya Hospital of Central South University, "
        "Changsha, Hunan 410011, P.R. China."
    ],
)
