"""The streaming PubMed XML parser: whole records checked by hand, Bio.Entrez agreement, bad inputs.

Expected records below were written from the XML of each fixture (read with the element text
in front of us), not from the parser's output.
"""

from __future__ import annotations

import gzip
import io
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from expected import ABSTRACT_RETRACTED, AUTHOR_LIU, AUTHOR_XIAO, ONCOL_LETT_2016_SEP
from lxml import etree

from litwatch.errors import InputFileError
from litwatch.pubmed.files import iter_records_in_file, sniff_format
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import (
    ArticleDate,
    ArticleId,
    Author,
    Chemical,
    CommentCorrection,
    Deletion,
    HistoryDate,
    Journal,
    MeshHeading,
    OtherAbstract,
    PubDate,
    PublicationType,
    Qualifier,
    Record,
    Section,
    Skipped,
)

FIXTURES = Path(__file__).parent / "fixtures"
EDGE = FIXTURES / "pubmed21n1298_edge_cases.xml"
EFETCH = FIXTURES / "efetch"
BAD = FIXTURES / "bad"
XML_FIXTURES = sorted([EDGE, *EFETCH.glob("*.xml")])
JOURNAL_ARTICLE = PublicationType("Journal Article", "D016428")


def records_of(path: Path | io.BytesIO) -> dict[str, Record]:
    return {item.pmid: item for item in iter_pubmed_xml(path) if isinstance(item, Record)}


@pytest.fixture(scope="module")
def edge() -> dict[str, Record]:
    return records_of(EDGE)


# --- whole records ---------------------------------------------------------------------------


def test_medline_date_record_with_structured_abstract_and_vernacular_title(edge):
    assert edge["29426732"] == Record(
        pmid="29426732",
        version=1,
        kind="article",
        title=(
            "Predictive value of Modic type II changes in the choice of surgical treatment of lumbar disc "
            "herniation."
        ),
        vernacular_title=(
            "Valor predictivo de cambios Modic tipo II en la elección del tratamiento quirúrgico de hernia "
            "discal lumbar."
        ),
        sections=[
            Section(
                "OBJECTIVE",
                "OBJECTIVE",
                "To evaluate the predictive value of Modic typeII changes on nuclear magnetic resonance "
                "(NMR) "
                "prior to intervention by discectomy for lumbar disc herniation in patients with radicular "
                "symptoms.",
            ),
            Section(
                "MATERIAL AND METHOD",
                "METHODS",
                "Retrospective descriptive study of 190 patients (58.2% men and 41.8% women) with a mean "
                "age of "
                "43.5 years, treated between December 2005 and January 2013. They were divided into group 1, "
                "single disc herniation (n=85), and group 2, with disc herniation and changes Modic typeII "
                "(n=80). Variables studied: weight, height, handedness, level of injury, previous "
                "neurological "
                "deficit, postoperative complications, persistent pain and need for posterior lumbar fusion, "
                "with a mean of 67 months (group 1: 68.1; group 2: 66.8).",
            ),
            Section(
                "RESULTS",
                "RESULTS",
                "In group 1 there were four hernia recurrences requiring revision surgery and six patients "
                "needed lumbar fusion. In group 2, four recurrences were also revised and eight cases "
                "requiring "
                "arthrodesis were observed. No statistically significant differences were found when "
                "comparing "
                "the occurrence of relapse (P=.903), the need for subsequent fusion (P=.572) or in the "
                "remaining variables.",
            ),
            Section(
                "DISCUSSION",
                "CONCLUSIONS",
                "The data obtained and the characteristics of our study, we cannot say that Modic typeII "
                "changes were a predictive sign of the result of lumbar discectomy in our study population.",
            ),
        ],
        other_abstracts=[],
        copyright="Copyright © 2017 SECOT. Publicado por Elsevier España, S.L.U. All rights reserved.",
        journal=Journal(
            title="Revista espanola de cirugia ortopedica y traumatologia",
            iso_abbreviation="Rev Esp Cir Ortop Traumatol",
            issn="1988-8856",
            issn_type="Electronic",
            volume="62",
            issue="4",
            pages="297-301",
        ),
        pub_date=PubDate(year=2018, medline_date="2018 Jul-Aug"),
        article_dates=[ArticleDate("Electronic", "2018-02-14")],
        authors=[
            Author(
                last_name="Figa",
                fore_name="R",
                initials="R",
                affiliations=[
                    "Servicio de Cirugía Ortopédica y Traumatología, Hospital Consorci Sanitari de Terrassa, "
                    "Terrassa, España; Cirugia Ortopèdica i Traumatologia de Catalunya, Terrassa, España. "
                    "Electronic address: rfigab@gmail.com."
                ],
            ),
            Author(
                last_name="Morera-Dominguez",
                fore_name="C",
                initials="C",
                affiliations=["Cirugia Ortopèdica i Traumatologia de Catalunya, Terrassa, España."],
            ),
        ],
        languages=["eng", "spa"],
        publication_types=[JOURNAL_ARTICLE],
        mesh=[],
        keywords=[
            "Artrodesis",
            "Ciatalgia",
            "Disc herniation",
            "Discectomy",
            "Discectomía",
            "Fusion",
            "Hernia discal",
            "Modic",
            "Sciatica",
        ],
        chemicals=[],
        article_ids=[
            ArticleId("pubmed", "29426732"),
            ArticleId("pii", "S1888-4415(17)30180-7"),
            ArticleId("doi", "10.1016/j.recot.2017.11.001"),
        ],
        comments_corrections=[],
        citation_status="Publisher",
        date_completed=None,
        date_revised="2021-06-07",
        history=[
            HistoryDate("received", "2017-08-21"),
            HistoryDate("revised", "2017-11-01"),
            HistoryDate("accepted", "2017-11-07"),
            HistoryDate("pubmed", "2018-02-11"),
            HistoryDate("medline", "2018-02-11"),
            HistoryDate("entrez", "2018-02-11"),
        ],
        publication_status="ppublish",
    )


def test_sup_renders_caret_and_erratum_link(edge):
    """`X<sup>2</sup> = 4.59` -> `X^2 = 4.59` (glued "X2" would read as a name, not chi-square)."""
    affiliation_asu = (
        "Department of Psychology, Arizona State University, PO Box 871104, Tempe, AZ 85287-1104, USA."
    )
    assert edge["30302367"] == Record(
        pmid="30302367",
        title=(
            "Comparison of the locations where young adults smoke, vape, and eat/drink cannabis: "
            "Implications "
            "for harm reduction."
        ),
        sections=[
            Section(
                "Background",
                "UNASSIGNED",
                "Cannabis vaping and edible use are increasingly popular methods of cannabis use. These "
                "discreet "
                "methods could increase risk of cannabis-related problems by facilitating cannabis use in a "
                "wider range of settings.",
            ),
            Section(
                "Methods",
                "UNASSIGNED",
                "A sample of 1018 college students were recruited to complete a survey about their health "
                "and "
                "behavior. Participants who used cannabis in the past year (35.1%, n = 357) answered "
                "questions "
                "about their cannabis use, including where they were the last time they smoked, vaped, or "
                "ate/drank cannabis, and their experience of cannabis-related problems.",
            ),
            Section(
                "Results",
                "UNASSIGNED",
                "Compared with cannabis smoking, participants were more likely to have vaped cannabis (15.8% "
                "smoked vs. 24.6% vaped; X^2 = 4.59, p = .032), and were slightly, but not statistically "
                "significantly, more likely to have used cannabis edibles (17.5% smoked vs. 24.2% used "
                "edibles; "
                "X^2 = 3.57, p = .059), in locations other than a private residence. For example, "
                "participants "
                "were more likely to have vaped cannabis in a car than to have smoked cannabis in a car "
                "(8.8% "
                "vaped vs. 3.5% smoked; X^2 = 4.26, p = .039). More frequent cannabis vaping was associated "
                "with driving while high on cannabis, even after accounting for overall frequency of "
                "cannabis "
                "use and other covariates (OR = 1.22, p = .047). More frequent cannabis vaping and edible "
                "use "
                "were associated with various cannabis-related problems, but, in general, these associations "
                "became statistically non-significant after accounting for overall frequency of cannabis "
                "use.",
            ),
            Section(
                "Conclusions",
                "UNASSIGNED",
                "Cannabis vaporizers and edibles facilitate cannabis use in locations that require "
                "discretion. "
                "Increased availability of cannabis vaporizers and edibles could increase risk of "
                "cannabis-related problems by enabling use in more settings.",
            ),
        ],
        journal=Journal(
            title="Addictive behaviors reports",
            iso_abbreviation="Addict Behav Rep",
            issn="2352-8532",
            issn_type="Electronic",
            volume="8",
            issue=None,
            pages="140-146",
        ),
        pub_date=PubDate(year=2018, month="Dec"),
        article_dates=[ArticleDate("Electronic", "2018-09-12")],
        authors=[
            Author(last_name="Jones", fore_name="Connor B", initials="CB", affiliations=[affiliation_asu]),
            Author(last_name="Meier", fore_name="Madeline H", initials="MH", affiliations=[affiliation_asu]),
            Author(
                last_name="Pardini",
                fore_name="Dustin A",
                initials="DA",
                affiliations=[
                    "School of Criminology and Criminal Justice, Arizona State University, 411 N Central "
                    "Ave, "
                    "Suite 600, University Center, Phoenix, AZ 85004, USA."
                ],
            ),
        ],
        languages=["eng"],
        publication_types=[JOURNAL_ARTICLE],
        keywords=["Cannabis", "Cannabis-related problems", "Driving while high", "Edibles", "Vaping"],
        article_ids=[
            ArticleId("pubmed", "30302367"),
            ArticleId("doi", "10.1016/j.abrep.2018.09.002"),
            ArticleId("pii", "S2352-8532(18)30085-3"),
            ArticleId("pmc", "PMC6174524"),
        ],
        comments_corrections=[
            CommentCorrection("ErratumIn", "34095432", "Addict Behav Rep. 2021 Jan 21;13:100334"),
        ],
        citation_status="PubMed-not-MEDLINE",
        date_revised="2021-06-07",
        history=[
            HistoryDate("received", "2018-05-30"),
            HistoryDate("revised", "2018-08-28"),
            HistoryDate("accepted", "2018-09-10"),
            HistoryDate("entrez", "2018-10-11"),
            HistoryDate("pubmed", "2018-10-12"),
            HistoryDate("medline", "2018-10-12"),
        ],
        publication_status="epublish",
    )


def test_retraction_in_record(edge):
    record = edge["27602157"]
    assert record == Record(
        pmid="27602157",
        title="miR-429 promotes the proliferation of non-small cell lung cancer cells via targeting DLC-1.",
        sections=[
            Section(
                None,
                None,
                ABSTRACT_RETRACTED,
            )
        ],
        **ONCOL_LETT_2016_SEP,
        authors=[
            AUTHOR_XIAO,
            AUTHOR_LIU,
            Author(
                last_name="Zhou",
                fore_name="Hui",
                initials="H",
                affiliations=[
                    "Department of Medical Oncology, Tumor Hospital of Hunan, Changsha, Hunan 410000, P.R. "
                    "China; "
                    "State Key Laboratory of Medical Genetics, Central South University, Changsha, Hunan "
                    "410078, "
                    "P.R. China."
                ],
            ),
        ],
        languages=["eng"],
        publication_types=[JOURNAL_ARTICLE, PublicationType("Retracted Publication", "D016441")],
        keywords=["deleted in liver cancer 1", "microRNA", "non-small cell lung cancer", "proliferation"],
        article_ids=[
            ArticleId("pubmed", "27602157"),
            ArticleId("doi", "10.3892/ol.2016.4904"),
            ArticleId("pii", "OL-0-0-4904"),
            ArticleId("pmc", "PMC4998573"),
        ],
        comments_corrections=[
            CommentCorrection("RetractionIn", "34093767", "Oncol Lett. 2021 Jul;22(1):545")
        ],
        citation_status="PubMed-not-MEDLINE",
        date_revised="2021-06-07",
        history=[
            HistoryDate("received", "2015-04-19"),
            HistoryDate("accepted", "2016-06-17"),
            HistoryDate("entrez", "2016-09-08"),
            HistoryDate("pubmed", "2016-09-08"),
            HistoryDate("medline", "2016-09-08"),
        ],
        publication_status="ppublish",
    )
    assert record.retracted


def test_medline_record_with_mesh_chemicals_and_mixed_labels(edge):
    """Structured abstract whose sections are partly unlabelled; MeSH qualifiers with major flags."""
    d = lambda name, ui, *qs: MeshHeading(name, ui, False, list(qs))  # noqa: E731
    assert edge["15320745"] == Record(
        pmid="15320745",
        title="Retracted: Effects of Vitamin K2 on Osteoporosis",
        sections=[
            Section(
                None,
                None,
                "The article has been retracted by the Editorial office of the journal Current "
                "Pharmaceutical "
                "Design, due to some inconsistencies in the article [1]. The article appeared to be copied "
                "verbatim from published papers. Upon checking these facts, we have established that "
                "considerable portions of this review are made up of text copied verbatim from other "
                "published "
                "material. The Publisher has retracted this article in accordance with good ethical "
                "practices.",
            ),
            Section(
                "REFERENCE",
                None,
                "[1] Vasanthi HR, Parameswari RP and Das DK. Tocotrienols and its Role in Cardiovascular "
                "Health- "
                "a Lead for Drug Design. Curr Pharm Des 2011; 17(21): 2170-5.",
            ),
            Section(
                None,
                None,
                "Bentham Science apologizes to the readers of the journal for any inconvenience this may "
                "have "
                "caused. The Bentham Editorial Policy on Article Retraction can be found at "
                "https://benthamscience.com/editorial-policies-main.php",
            ),
            Section(
                "BENTHAM SCIENCE DISCLAIMER",
                None,
                "It is a condition of publication that manuscripts submitted to this journal have not been "
                "published and will not be simultaneously submitted or published elsewhere. Furthermore, any "
                "data, illustration, structure or table that has been published elsewhere must be reported, "
                "and "
                "copyright permission for reproduction must be obtained. Plagiarism is strictly forbidden, "
                "and "
                "by submitting the article for publication the authors agree that the publishers have the "
                "legal "
                "right to take appropriate action against the authors, if plagiarism or fabricated "
                "information "
                "is discovered. By submitting a manuscript, the authors agree that the copyright of their "
                "article is transferred to the publishers if and when the article is accepted for "
                "publication.",
            ),
        ],
        journal=Journal(
            title="Current pharmaceutical design",
            iso_abbreviation="Curr Pharm Des",
            issn="1381-6128",
            issn_type="Print",
            volume="10",
            issue="21",
            pages="2557-76",
        ),
        pub_date=PubDate(year=2004),
        authors=[
            Author(
                last_name="Iwamoto",
                fore_name="Jun",
                initials="J",
                affiliations=[
                    "Department of Sports Medicine, Keio University School of Medicine, 35 Shinanomachi, "
                    "Shinjuku-ku, Tokyo 160-8582, Japan. jiwamoto@sc.itc.keio.ac.jp"
                ],
            ),
            Author(last_name="Takeda", fore_name="Tsuyoshi", initials="T"),
            Author(last_name="Sato", fore_name="Yoshihiro", initials="Y"),
        ],
        languages=["eng"],
        publication_types=[JOURNAL_ARTICLE, PublicationType("Review", "D016454")],
        mesh=[
            d("Animals", "D000818"),
            d("Calcium", "D002118", Qualifier("deficiency", "Q000172", False)),
            d("Cholecalciferol", "D002762", Qualifier("therapeutic use", "Q000627", False)),
            d("Drug Therapy, Combination", "D004359"),
            d("Female", "D005260"),
            d("Hip Fractures", "D006620", Qualifier("drug therapy", "Q000188", False)),
            d("Humans", "D006801"),
            d("Liver Diseases", "D008107", Qualifier("complications", "Q000150", False)),
            d("Male", "D008297"),
            d("Osteocalcin", "D015675", Qualifier("metabolism", "Q000378", False)),
            d(
                "Osteoporosis",
                "D010024",
                Qualifier("chemically induced", "Q000139", False),
                Qualifier("drug therapy", "Q000188", True),
                Qualifier("etiology", "Q000209", False),
            ),
            d("Osteoporosis, Postmenopausal", "D015663", Qualifier("drug therapy", "Q000188", False)),
            d("Space Flight", "D013026"),
            d("Vitamin K 2", "D024482", Qualifier("therapeutic use", "Q000627", True)),
            d("Weightlessness", "D014893", Qualifier("adverse effects", "Q000009", False)),
        ],
        chemicals=[
            Chemical("Osteocalcin", "D015675", "104982-03-8"),
            Chemical("Vitamin K 2", "D024482", "11032-49-8"),
            Chemical("Cholecalciferol", "D002762", "1C6V77QF41"),
            Chemical("Calcium", "D002118", "SY7Q814VUP"),
        ],
        article_ids=[ArticleId("pubmed", "15320745"), ArticleId("doi", "10.2174/1381612043383782")],
        citation_status="MEDLINE",
        date_completed="2004-09-20",
        date_revised="2021-06-06",
        history=[
            HistoryDate("pubmed", "2004-08-24"),
            HistoryDate("medline", "2004-09-21"),
            HistoryDate("entrez", "2004-08-24"),
        ],
        publication_status="ppublish",
    )


def test_pmid_version_2_with_orcids_and_bold_labels(edge):
    """PMID Version="2"; ORCID URLs made bare; `<b>`/`<i>` dropped; a run of 3 spaces collapsed."""
    oxford = "Department of Experimental Psychology, University of Oxford, Oxford, OX2 6GG, UK."
    assert edge["30271887"] == Record(
        pmid="30271887",
        version=2,
        title=(
            "Stage 2 Registered Report: Variation in neurodevelopmental outcomes in children with sex "
            "chromosome trisomies: testing the double hit hypothesis."
        ),
        sections=[
            Section(
                None,
                None,
                "Background: The presence of an extra sex chromosome is associated with an increased rate of "
                "neurodevelopmental difficulties involving language. The 'double hit' hypothesis proposes "
                "that "
                "the adverse impact of the extra sex chromosome is amplified when genes that are expressed "
                "from "
                "the sex chromosomes interact with autosomal variants that usually have only mild effects. "
                "We "
                "predicted that the impact of an additional sex chromosome on neurodevelopment would depend "
                "on "
                "common autosomal variants involved in synaptic functions. Methods: We analysed data from "
                "130 "
                "children with sex chromosome trisomies (SCTs: 42 girls with trisomy X, 43 boys with "
                "Klinefelter "
                "syndrome, and 45 boys with XYY). Two comparison groups were formed from 370 children from a "
                "twin study. Three indicators of phenotype were: (i) Standard score on a test of nonword "
                "repetition; (ii). A language factor score derived from a test battery; (iii) A general "
                "scale of "
                "neurodevelopmental challenges based on all available information. Preselected regions of "
                "two "
                "genes, CNTNAP2 and NRXN1, were tested for association with neurodevelopmental outcomes "
                "using "
                "Generalised Structural Component Analysis. Results: There was wide phenotypic variation in "
                "the "
                "SCT group, as well as overall impairment on all three phenotypic measures. There was no "
                "association of phenotype with CNTNAP2 or NRXN1 variants in either the SCT group or the "
                "comparison groups. Supplementary analyses found no indication of any impact of trisomy "
                "type on "
                "the results, and exploratory analyses of individual SNPs confirmed the lack of association. "
                "Conclusions: We cannot rule out that a double hit may be implicated in the phenotypic "
                "variability in children with SCTs, but our analysis does not find any support for the idea "
                "that common variants in CNTNAP2 or NRXN1 are associated with the severity of language and "
                "neurodevelopmental impairments that often accompany an extra X or Y chromosome. Stage 1 "
                "report: http://dx.doi.org/10.12688/wellcomeopenres.13828.2.",
            )
        ],
        journal=Journal(
            title="Wellcome open research",
            iso_abbreviation="Wellcome Open Res",
            issn="2398-502X",
            issn_type="Print",
            volume="3",
            issue=None,
            pages="85",
        ),
        pub_date=PubDate(year=2018),
        article_dates=[ArticleDate("Electronic", "2018-10-10")],
        authors=[
            Author(
                last_name="Newbury",
                fore_name="Dianne F",
                initials="DF",
                affiliations=[
                    "Department of Biological and Medical Sciences, Oxford Brookes University, Oxford, OX3 "
                    "0BP, UK."
                ],
                orcid="0000-0002-9557-268X",
            ),
            Author("Simpson", "Nuala H", "NH", affiliations=[oxford], orcid="0000-0003-3390-9993"),
            Author("Thompson", "Paul A", "PA", affiliations=[oxford], orcid="0000-0001-9940-6913"),
            Author("Bishop", "Dorothy V M", "DVM", affiliations=[oxford], orcid="0000-0002-2448-4033"),
        ],
        languages=["eng"],
        publication_types=[JOURNAL_ARTICLE],
        keywords=[
            "X chromosome",
            "Y chromosome",
            "autism spectrum disorder",
            "language",
            "neuroligin",
            "sex chromosome trisomy",
            "synapse",
        ],
        article_ids=[
            ArticleId("pubmed", "30271887"),
            ArticleId("doi", "10.12688/wellcomeopenres.14677.2"),
            ArticleId("pmc", "PMC6134338"),
        ],
        citation_status="PubMed-not-MEDLINE",
        date_revised="2020-09-28",
        history=[
            HistoryDate("accepted", "2018-10-02"),
            HistoryDate("entrez", "2018-10-26"),
            HistoryDate("pubmed", "2018-10-26"),
            HistoryDate("medline", "2018-10-26"),
        ],
        publication_status="epublish",
    )


def test_book_article():
    """GeneReviews chapter: the book title stands in for the journal; editors are not authors."""
    (record,) = iter_pubmed_xml(EFETCH / "20301546.xml")
    neurologist_prefix = "Neurologist, "
    assert record == Record(
        pmid="20301546",
        version=1,
        kind="book",
        title="Hereditary Motor and Sensory Neuropathy with Agenesis of the Corpus Callosum",
        sections=[
            Section(
                "CLINICAL CHARACTERISTICS",
                None,
                "Hereditary motor and sensory neuropathy with agenesis of the corpus callosum (HMSN/ACC), a "
                "neurodevelopmental and neurodegenerative disorder, is characterized by severe progressive "
                "sensorimotor neuropathy with resulting hypotonia, areflexia, and amyotrophy, and by "
                "variable "
                "degrees of dysgenesis of the corpus callosum. Mild-to-severe intellectual disability and "
                '"psychotic episodes" during adolescence are observed. Sensory modalities are moderately to '
                "severely affected beginning in infancy. The average age of onset of walking is 3.8 years; "
                "the "
                "average age of loss of walking is 13.8 years; the average age of death is 33 years.",
            ),
            Section(
                "DIAGNOSIS/TESTING",
                None,
                "The diagnosis of HMSN/ACC is established in a proband with suggestive findings and "
                "biallelic "
                "pathogenic variants in SLC12A6 identified by molecular genetic testing.",
            ),
            Section(
                "MANAGEMENT",
                None,
                "Treatment of manifestations: Walking aids such as canes or walkers are required. As the "
                "disease "
                "progresses, orthoses for upper and lower limbs and physiotherapy are needed to prevent "
                "contractures. Early developmental/educational intervention addresses cognitive delays. "
                "Depending on severity, individuals with HMSN/ACC usually require corrective surgery for "
                "scoliosis. Neuroleptics may be used to treat psychiatric manifestations, usually during "
                "adolescence. Surveillance: Monitor in the early teens for scoliosis and in the late teens "
                "for "
                "psychiatric manifestations.",
            ),
            Section(
                "GENETIC COUNSELING",
                None,
                "HMSN/ACC is inherited in an autosomal recessive manner. At conception, each sib of an "
                "affected "
                "individual has a 25% chance of being affected, a 50% chance of being an asymptomatic "
                "carrier, "
                "and a 25% chance of being unaffected and not a carrier. Heterozygotes (carriers) are "
                "asymptomatic. Once the SLC12A6 pathogenic variants have been identified in an affected "
                "family "
                "member, carrier testing for at-risk family members and prenatal and preimplantation genetic "
                "testing are possible.",
            ),
        ],
        copyright=(
            "Copyright © 1993-2026, University of Washington, Seattle. GeneReviews is a registered "
            "trademark of "
            "the University of Washington, Seattle. All rights reserved. Test."
        ),
        journal=Journal(title="GeneReviews®"),
        pub_date=PubDate(year=1993),
        authors=[
            Author(
                last_name="Gauvreau",
                fore_name="Claudie",
                initials="C",
                affiliations=[
                    "Neurology resident, CHU de Québec – Enfant-Jésus, Laval University, Quebec City, Canada"
                ],
            ),
            Author(
                last_name="Brisson",
                fore_name="Jean-Denis",
                initials="JD",
                affiliations=[
                    neurologist_prefix + "Groupe de Recherche Interdisciplinaire sur les Maladies "
                    "Neuromusculaires, Centre Intégré Universitaire de Santé et de Services Sociaux du "
                    "Saguenay-Lac-Saint-Jean;, Sherbrooke University, Quebec, Canada"
                ],
            ),
            Author(
                last_name="Dupré",
                fore_name="Nicolas",
                initials="N",
                affiliations=[
                    neurologist_prefix + "Neurogenetics Clinic, Department of Neurological Sciences, CHA – "
                    "Enfant-Jésus, Quebec City, Canada"
                ],
            ),
        ],
        languages=["eng"],
        publication_types=[PublicationType("Review", "D016454")],
        keywords=[
            "Agenesis of Corpus Callosum with Peripheral Neuropathy (ACCPN)",
            "Andermann Syndrome",
            "Solute carrier family 12 member 6",
            "SLC12A6",
            "Hereditary Motor and Sensory Neuropathy with Agenesis of the Corpus Callosum",
            "Agenesis of Corpus Callosum with Peripheral Neuropathy (ACCPN)",
            "Andermann Syndrome",
        ],
        article_ids=[ArticleId("bookaccession", "NBK1372"), ArticleId("pubmed", "20301546")],
        citation_status=None,
        date_revised="2020-09-17",
        history=[
            HistoryDate("entrez", "2020-09-17"),
            HistoryDate("medline", "2020-09-17"),
            HistoryDate("pubmed", "2020-09-17"),
        ],
        publication_status="ppublish",
    )


def test_delete_citation_is_the_last_item():
    items = list(iter_pubmed_xml(EDGE))
    assert len(items) == 61
    assert all(isinstance(item, Record) for item in items[:60])
    assert items[60] == Deletion(
        pmids=[
            "31688362",
            "31764432",
            "31895213",
            "31895214",
            "31917726",
            "33268618",
            "33268619",
            "33325556",
            "33370518",
            "33378316",
            "33417394",
            "33538040",
            "33667199",
            "33759239",
            "33814563",
            "33913214",
            "33982926",
            "34059851",
            "34081395",
            "34096142",
        ]
    )


def test_other_abstract_and_collective_name(edge):
    assert edge["32436023"].other_abstracts == [
        OtherAbstract(
            "Publisher",
            "ger",
            [
                Section(
                    "ZUSAMMENFASSUNG",
                    "UNASSIGNED",
                    "Am Ende des 19. Jahrhunderts ermöglichte die Reichshauptstadt der k.k. Donaumonarchie, "
                    "Wien, die Begegnung zweier bedeutender Persönlichkeiten der Medizingeschichte: des "
                    "Chirurgen Eduard Albert (1841–1900) und dessen Schüler Adolf Lorenz (1854–1946). Beide "
                    "Männer wiesen vergleichbare Züge auf: Sie stammten aus bescheidenen Verhältnissen, "
                    "waren "
                    "außergewöhnlich begabt und sehnten sich nach einer Karriere in der medizinischen "
                    "Königsdisziplin – der Chirurgie. Beide erreichten in ihren Disziplinen die höchsten "
                    "Ziele, "
                    "aber das Spektrum ihrer Interessen war sehr viel breiter angelegt. Über das Leben "
                    "beider "
                    "und ihre Kontakte zueinander soll hier berichtet werden. Dabei konnte auch das "
                    "„Gedenkbuch des Hauses Nr. 528“ von Eduard Albert in Senftenberg ausgewertet werden.",
                )
            ],
        )
    ]
    assert edge["32169469"].authors[-1] == Author(collective_name="UCC-SMART-Studygroup")


# --- text rendering ----------------------------------------------------------------------------


def test_mathml_renders_token_text_without_dropping_digits(edge):
    assert (
        edge["33780037"].title
        == "Free-breathing simultaneous T1 , T2 , and T2∗ quantification in the myocardium."
    )
    results = edge["33780037"].sections[2].text
    assert "(SATURN T1=1573±86 ms , T2=33.2±3.6 ms , T2∗=25.3±6.1 ms ;" in results
    assert "volumes ( R^2 = 0.74 and R^2 = 0.70)" in edge["31993508"].abstract
    # msubsup -> σ CC ^ex, mfenced -> (X); the private-use characters of the source are kept.
    assert "substituent parameter σCC^ex(X)\uf8ffOH with OH as reference" in edge["33403765"].abstract
    # sup after a space (isotope mass number) gets no caret.
    assert "Their 1 H NMR and 13 C NMR spectra" in edge["33403765"].abstract


def test_mathml_prescripts_come_before_the_base():
    (record,) = iter_pubmed_xml(EFETCH / "pubmed7.xml")
    assert "(1) inhaled 3He/129Xe MRI ventilation" in record.abstract
    assert "(3) ultrashort echo-time 1H MRI proton density" in record.abstract


def parse_snippet(inner: str) -> Record:
    xml = (
        '<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">1</PMID>'
        f'<Article><ArticleTitle xmlns:mml="http://www.w3.org/1998/Math/MathML">{inner}</ArticleTitle>'
        "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (record,) = iter_pubmed_xml(io.BytesIO(xml.encode()))
    assert isinstance(record, Record)
    return record


@pytest.mark.parametrize(
    ("inner", "title"),
    [
        ("dose 10<sup>-3</sup> M", "dose 10^-3 M"),
        ("10<sup>−3</sup>", "10^−3"),
        ("mg/m<sup>2</sup>", "mg/m^2"),
        ("Ca<sup>2+</sup> flux", "Ca^2+ flux"),
        ("(a+b)<sup>2</sup>", "(a+b)^2"),
        ("CD4<sup>+</sup> T cells", "CD4+ T cells"),
        ("Stryker<sup>®</sup> plate", "Stryker® plate"),
        ("the 1<sup>st</sup> trial", "the 1st trial"),
        ("Drug<sup>TM</sup>", "DrugTM"),
        ("[<sup>18</sup>F]FDG and <sup>13</sup>C", "[18F]FDG and 13C"),
        ("PGD<sub>2</sub> and T<sub>H</sub>2", "PGD2 and TH2"),
        ("<i>n</i> = 85; <b>Results</b>: <u>u</u>", "n = 85; Results: u"),
        ("x<sub>2</sub><sup>3</sup>", "x2^3"),
        ("  spaced \n\t out\u00a0text\u2009here  ", "spaced out text here"),
        ("p &lt; 0.05 &amp; q", "p < 0.05 & q"),
        (
            "<mml:math><mml:mfrac><mml:mn>1</mml:mn><mml:mn>2</mml:mn></mml:mfrac></mml:math> dose",
            "1/2 dose",
        ),
        (
            "<mml:math><mml:mfrac><mml:mrow><mml:mi>a</mml:mi><mml:mo>+</mml:mo><mml:mi>b</mml:mi></mml:mrow>"
            "<mml:mn>2</mml:mn></mml:mfrac></mml:math>",
            "(a+b)/2",
        ),
        ("<mml:math><mml:msqrt><mml:mn>2</mml:mn></mml:msqrt></mml:math>", "√(2)"),
        (
            "<mml:math><mml:msup><mml:mn>10</mml:mn><mml:mn>6</mml:mn></mml:msup></mml:math> cells",
            "10^6 cells",
        ),
        ("<mml:math><mml:mn>3</mml:mn><mml:mspace/><mml:mtext>ms</mml:mtext></mml:math>", "3 ms"),
        (
            '<mml:math><mml:mfenced open="[" close="]"><mml:mi>a</mml:mi><mml:mi>b</mml:mi></mml:mfenced>'
            "</mml:math>",
            "[a,b]",
        ),
    ],
)
def test_inline_markup_rendering(inner, title):
    assert parse_snippet(inner).title == title


# --- reference test against Bio.Entrez ---------------------------------------------------------

DOCTYPE_2025 = (
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
_INLINE_TAG = re.compile(r"</?(?:i|b|u|sup|sub)>")
_MATH = re.compile(r"<math\b.*?</math>", re.S)
_MATH_TOKEN = re.compile(r"<(mi|mn|mo|mtext|ms)\b[^>]*>(.*?)</\1>", re.S)


def entrez_math_text(span: str) -> str:
    """Text of a MathML span as Bio.Entrez serialises it, under our documented MathML rules.

    Done with regexes on Entrez's string, independently of our lxml code: token texts in order,
    mspace as a space, mfenced as its parentheses, mmultiscripts pre-scripts before the base.
    """
    span = re.sub(r"<mspace\b[^>]*?(?:/>|>\s*</mspace>)", "<mtext> </mtext>", span)
    span = span.replace("<mfenced>", "<mo>(</mo>").replace("</mfenced>", "<mo>)</mo>")
    span = re.sub(
        r"<mmultiscripts>(.*?)<mprescripts\s*(?:/>|></mprescripts>)(.*?)</mmultiscripts>",
        r"\2\1",
        span,
        flags=re.S,
    )
    return "".join(text for _, text in _MATH_TOKEN.findall(span))


def normalise_entrez(text: str) -> str:
    """Entrez keeps inline tags (`X<sup>2</sup>`) and raw MathML: drop the tags, collapse whitespace."""
    text = _MATH.sub(lambda m: entrez_math_text(m.group()), str(text))
    return " ".join(_INLINE_TAG.sub("", text).replace("^", "").split())


def normalise_ours(text: str | None) -> str | None:
    """Our only documented addition to the text is the `^` before some superscripts."""
    return None if text is None else " ".join(text.replace("^", "").split())


def entrez_read(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Bio.Entrez.read offline: DTDs come from Biopython's bundled copies; any download fails the test."""
    from Bio import Entrez
    from Bio.Entrez import Parser

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("Bio.Entrez tried to download a DTD")

    monkeypatch.setattr(Parser, "urlopen", no_network)
    data = path.read_bytes()
    if b"<!DOCTYPE" not in data:  # metapub saved some replies without it; Entrez needs a DTD
        end = data.index(b"?>") + 2
        data = data[:end] + b"\n" + DOCTYPE_2025 + data[end:]
    return Entrez.read(io.BytesIO(data), validate=False)


def entrez_view(result: dict) -> dict[str, dict]:
    """PMID -> the fields the reference test compares, from Bio.Entrez's structures."""
    out = {}
    for art in result["PubmedArticle"]:
        citation, article = art["MedlineCitation"], art["MedlineCitation"]["Article"]
        doi = next(
            (str(i) for i in art["PubmedData"]["ArticleIdList"] if i.attributes["IdType"] == "doi"), None
        )
        if doi is None:  # our documented ELocationID fallback
            doi = next(
                (str(e) for e in article.get("ELocationID", []) if e.attributes["EIdType"] == "doi"), None
            )
        out[str(citation["PMID"])] = {
            "title": normalise_entrez(article["ArticleTitle"]),
            "abstract": " ".join(
                normalise_entrez(t) for t in article.get("Abstract", {}).get("AbstractText", [])
            ),
            "mesh": [str(h["DescriptorName"]) for h in citation.get("MeshHeadingList", [])],
            "publication_types": [str(p) for p in article["PublicationTypeList"]],
            "doi": doi,
        }
    for book in result["PubmedBookArticle"]:
        doc = book["BookDocument"]
        out[str(doc["PMID"])] = {
            "title": normalise_entrez(doc.get("ArticleTitle") or doc["Book"]["BookTitle"]),
            "abstract": " ".join(
                normalise_entrez(t) for t in doc.get("Abstract", {}).get("AbstractText", [])
            ),
            "mesh": [],
            "publication_types": [str(p) for p in doc.get("PublicationType", [])],
            "doi": None,
        }
    return out


def our_view(record: Record) -> dict:
    return {
        "title": normalise_ours(record.title),
        "abstract": normalise_ours(record.abstract),
        "mesh": [m.descriptor for m in record.mesh],
        "publication_types": [p.name for p in record.publication_types],
        "doi": record.doi,
    }


@pytest.mark.parametrize("path", XML_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_record_agrees_with_bio_entrez(path, monkeypatch):
    expected = entrez_view(entrez_read(path, monkeypatch))
    items = list(iter_pubmed_xml(path))
    assert not [item for item in items if isinstance(item, Skipped)]
    ours = {item.pmid: our_view(item) for item in items if isinstance(item, Record)}
    assert ours.keys() == expected.keys()
    for pmid in expected:
        assert ours[pmid] == expected[pmid], pmid


def test_reference_fixtures_cover_every_record():
    counts = {path.name: sum(isinstance(i, Record) for i in iter_pubmed_xml(path)) for path in XML_FIXTURES}
    assert counts == {
        "1000.xml": 1,
        "20301546.xml": 1,
        "33786689.xml": 1,
        "37909814.xml": 0,
        "38011560.xml": 1,
        "pubmed1.xml": 2,
        "pubmed2.xml": 2,
        "pubmed21n1298_edge_cases.xml": 60,
        "pubmed6.xml": 1,
        "pubmed7.xml": 1,
    }


# --- article ids: the record's own, never the cited references' ----------------------------------


def reference_dois(path: Path) -> set[str]:
    tree = etree.parse(str(path))
    return {a.text for a in tree.iterfind(".//ReferenceList//ArticleId[@IdType='doi']")}


def test_reference_list_dois_are_not_the_articles_own():
    path = EFETCH / "33786689.xml"
    cited = reference_dois(path)
    assert len(cited) == 10
    (record,) = iter_pubmed_xml(path)
    assert record.doi == "10.1007/s10554-021-02227-x"
    assert not cited & {a.value for a in record.article_ids}
    assert record.article_ids == [
        ArticleId("pubmed", "33786689"),
        ArticleId("pmc", "PMC8009459"),
        ArticleId("doi", "10.1007/s10554-021-02227-x"),
        ArticleId("pii", "10.1007/s10554-021-02227-x"),
    ]


def strip_own_doi(path: Path, *, keep_elocation: bool) -> io.BytesIO:
    """The real record with its own DOI removed from ArticleIdList (and optionally ELocationID)."""
    tree = etree.parse(str(path))
    for el in tree.iterfind(".//PubmedData/ArticleIdList/ArticleId[@IdType='doi']"):
        el.getparent().remove(el)
    if not keep_elocation:
        for el in tree.iterfind(".//Article/ELocationID[@EIdType='doi']"):
            el.getparent().remove(el)
    return io.BytesIO(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))


def test_record_without_own_doi_never_borrows_a_cited_one():
    (record,) = iter_pubmed_xml(strip_own_doi(EFETCH / "33786689.xml", keep_elocation=False))
    assert record.doi is None
    assert record.article_ids == [
        ArticleId("pubmed", "33786689"),
        ArticleId("pmc", "PMC8009459"),
        ArticleId("pii", "10.1007/s10554-021-02227-x"),
    ]


def test_doi_falls_back_to_elocation_id():
    (record,) = iter_pubmed_xml(strip_own_doi(EFETCH / "33786689.xml", keep_elocation=True))
    assert record.doi == "10.1007/s10554-021-02227-x"
    assert record.article_ids[-1] == ArticleId("doi", "10.1007/s10554-021-02227-x")


def test_ketamine_review_record():
    (record,) = iter_pubmed_xml(EFETCH / "38011560.xml")
    assert (record.pmid, record.title, record.doi, record.year) == (
        "38011560",
        "Ketamine and the neurobiology of depression: Toward next-generation rapid-acting antidepressant "
        "treatments.",
        "10.1073/pnas.2305772120",
        2023,
    )
    assert record.journal.iso_abbreviation == "Proc Natl Acad Sci U S A"
    assert record.publication_types == [PublicationType("Review", "D016454"), JOURNAL_ARTICLE]
    assert any(m.descriptor == "Ketamine" and m.ui == "D007649" for m in record.mesh)


# --- sources and file-level errors ---------------------------------------------------------------


def test_gzip_path_and_binary_stream_give_the_same_records(tmp_path):
    gz = tmp_path / "edge.xml.gz"
    gz.write_bytes(gzip.compress(EDGE.read_bytes()))
    plain = list(iter_pubmed_xml(EDGE))
    assert list(iter_pubmed_xml(gz)) == plain
    assert list(iter_pubmed_xml(str(gz))) == plain
    disguised = tmp_path / "edge.txt"  # gzip magic wins over the extension
    disguised.write_bytes(gz.read_bytes())
    assert list(iter_records_in_file(disguised)) == plain
    with open(gz, "rb") as handle:
        assert list(iter_pubmed_xml(handle)) == plain
        assert not handle.closed
    assert list(iter_pubmed_xml(io.BytesIO(EDGE.read_bytes()))) == plain


def error_of(source: Path | io.BytesIO) -> str:
    with pytest.raises(InputFileError) as info:
        list(iter_pubmed_xml(source))
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.xml", "empty.xml is empty: pass a PubMed/MEDLINE XML file"),
        ("binary.bin", "binary.bin is binary data, not text"),
        ("page.html", "page.html is an HTML page, not PubMed data"),
        ("not_pubmed_esearch.xml", "not_pubmed_esearch.xml is not PubMed XML (root element <eSearchResult>)"),
        ("notes.txt", "notes.txt is not PubMed XML (no XML tag"),
        ("billion_laughs.xml", "billion_laughs.xml declares XML entities in its DOCTYPE (<!ENTITY lol ...>)"),
        ("xxe.xml", "xxe.xml declares XML entities in its DOCTYPE (<!ENTITY xxe ...>)"),
        (
            "xxe_parameter.xml",
            "xxe_parameter.xml declares XML entities in its DOCTYPE (<!ENTITY remote ...>)",
        ),
    ],
)
def test_bad_files_raise_one_line_naming_file_and_problem(name, expected):
    message = error_of(BAD / name)
    assert message.startswith(str(BAD / name))
    assert expected in message


def test_medline_text_given_to_the_xml_reader_is_named():
    assert "pubmed_result1.txt is MEDLINE text, not PubMed XML" in error_of(
        FIXTURES / "medline" / "pubmed_result1.txt"
    )


def test_truncated_file_keeps_records_yielded_before_the_break():
    items = iter_pubmed_xml(BAD / "truncated.xml")
    first = next(items)
    assert isinstance(first, Record) and first.pmid == "29426732"
    with pytest.raises(InputFileError, match=r"truncated\.xml is truncated or malformed at line 161 "):
        next(items)


def test_truncated_gzip_is_a_file_error(tmp_path):
    gz = tmp_path / "cut.xml.gz"
    gz.write_bytes(gzip.compress(EDGE.read_bytes())[:20000])
    message = error_of(gz)
    assert "cut.xml.gz is" in message and "truncated" in message


def test_record_without_pmid_is_skipped_and_the_stream_goes_on():
    items = list(iter_pubmed_xml(BAD / "no_pmid.xml"))
    assert items[0] == Skipped(None, "PubmedArticle has no PMID")
    assert isinstance(items[1], Record) and items[1].pmid == "99000004"


def test_non_numeric_pmid_is_skipped():
    xml = (
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>abc</PMID><Article/></MedlineCitation>"
        b"</PubmedArticle></PubmedArticleSet>"
    )
    assert list(iter_pubmed_xml(io.BytesIO(xml))) == [
        Skipped("abc", "PubmedArticle has a PMID that is not a number: 'abc'")
    ]


def test_empty_efetch_reply_yields_nothing():
    assert list(iter_pubmed_xml(EFETCH / "37909814.xml")) == []


def test_text_mode_stream_is_refused():
    with pytest.raises(InputFileError, match="opened in text mode"):
        list(iter_pubmed_xml(io.StringIO("<PubmedArticleSet/>")))


PEAK_RSS_CHILD = """
import sys
from litwatch.pubmed.xml import iter_pubmed_xml
count = sum(1 for _ in iter_pubmed_xml(sys.argv[1]))
# VmHWM is this process image's own peak (ru_maxrss would include the forking parent's).
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(count, peak.split()[1])
"""


def test_memory_stays_flat_as_the_file_grows(tmp_path):
    """Peak RSS of a child process parsing 420 vs 4,200 records (about 6 MB vs 60 MB of XML)."""
    data = EDGE.read_bytes()
    start, end = data.index(b"<PubmedArticle>"), data.index(b"<DeleteCitation>")
    peaks = []
    for copies in (7, 70):
        path = tmp_path / f"x{copies}.xml"
        path.write_bytes(data[:start] + data[start:end] * copies + b"</PubmedArticleSet>\n")
        out = subprocess.run(
            [sys.executable, "-c", PEAK_RSS_CHILD, str(path)], capture_output=True, text=True, check=True
        )
        count, peak_kib = map(int, out.stdout.split())
        assert count == 60 * copies
        peaks.append(peak_kib)
    assert peaks[1] - peaks[0] < 8 * 1024, peaks  # ten times the input, under 8 MiB more memory


# --- security: entities are never expanded ------------------------------------------------------


def hidden_doctype(path: Path) -> io.BytesIO:
    """The attack file with 70 KB of comment before its DOCTYPE, past the up-front sniffing window,
    so that the parser's own guard (not the pre-check) has to stop it."""
    data = path.read_bytes()
    end = data.index(b"?>") + 2
    return io.BytesIO(data[:end] + b"\n<!--" + b"x" * 70_000 + b"-->\n" + data[end:])


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe.xml", "xxe_parameter.xml"])
def test_entity_attacks_are_refused_even_past_the_sniffing_window(name):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = error_of(hidden_doctype(BAD / name))
    assert "entit" in message.lower() and "refusing it" in message
    assert "root:" not in message  # /etc/passwd was never read
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: nothing expanded


def test_entity_defined_only_in_the_unloaded_external_dtd_is_kept_literally():
    """With an external DOCTYPE (never loaded) libxml2 keeps `&nbsp;` as a reference: we show it as is."""
    xml = (
        b'<?xml version="1.0"?>\n'
        + DOCTYPE_2025
        + b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
        b"<Article><ArticleTitle>a &nbsp; "
        b"b</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (record,) = iter_pubmed_xml(io.BytesIO(xml))
    assert record.title == "a &nbsp; b"


def test_undefined_entity_without_any_dtd_is_a_one_line_error():
    xml = b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>a &nbsp; b"
    message = error_of(
        io.BytesIO(xml + b"</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    )
    assert message.startswith(
        "<input stream> is truncated or malformed at line 1 (Entity 'nbsp' not defined)"
    )


# --- files.py ---------------------------------------------------------------------------------------


def test_sniff_format_reads_content_not_extension(tmp_path):
    xml_as_txt = tmp_path / "export.txt"
    xml_as_txt.write_bytes((EFETCH / "pubmed1.xml").read_bytes())
    medline_as_xml = tmp_path / "export.xml"
    medline_as_xml.write_bytes((FIXTURES / "medline" / "pubmed_result2.txt").read_bytes())
    assert sniff_format(xml_as_txt) == "pubmed-xml"
    assert sniff_format(medline_as_xml) == "medline"
    assert [r.pmid for r in iter_records_in_file(medline_as_xml)] == [
        "16403221",
        "16377612",
        "14871861",
        "14630660",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.xml", "is empty"),
        ("binary.bin", "is binary data"),
        ("page.html", "is an HTML page"),
        ("notes.txt", "is not PubMed XML or MEDLINE text"),
        ("not_pubmed_esearch.xml", "is not PubMed XML (root element <eSearchResult>)"),
    ],
)
def test_iter_records_in_file_refuses_bad_files_when_called(name, expected):
    with pytest.raises(InputFileError, match=re.escape(expected)):
        iter_records_in_file(BAD / name)  # raised at call time, before any iteration


def test_missing_directory_and_unreadable_paths(tmp_path):
    with pytest.raises(InputFileError, match=r"nope\.xml does not exist: check the path"):
        iter_records_in_file(tmp_path / "nope.xml")
    with pytest.raises(InputFileError, match="is a directory"):
        iter_records_in_file(tmp_path)
    locked = tmp_path / "locked.xml"
    locked.write_bytes(EDGE.read_bytes()[:100])
    locked.chmod(0)
    try:
        if not os_can_read(locked):
            with pytest.raises(InputFileError, match=r"locked\.xml is not readable \(permission denied\)"):
                iter_records_in_file(locked)
    finally:
        locked.chmod(0o600)


def os_can_read(path: Path) -> bool:
    try:
        path.open("rb").close()
    except PermissionError:
        return False
    return True  # running as root: permissions do not apply, nothing to test


def test_utf8_bom_before_the_xml_declaration_is_fine(tmp_path):
    path = tmp_path / "bom.xml"
    path.write_bytes(b"\xef\xbb\xbf" + (EFETCH / "pubmed1.xml").read_bytes())
    assert list(iter_records_in_file(path)) == list(iter_pubmed_xml(EFETCH / "pubmed1.xml"))
