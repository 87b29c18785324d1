"""Rebuild the bundled demo snapshot `litwatch/data/ketamine-snapshot.xml.gz` from ../shared/data.

Usage: python tools/build_snapshot.py [--data ../shared/data]

The snapshot is real PubMed data (NLM), written as PubMed XML so `litwatch demo` exercises the
same parser and store as a real ingest:
- 357 ketamine records from `ketamine/records.jsonl` (two PubMed pulls kept by the PsyNamic
  project). That export kept only PMID, DOI, year, title, abstract, author names and keywords,
  so these records lack journal, MeSH, publication types, affiliations, full author names,
  languages, dates beyond the year and abstract section labels (the labels are inline in the
  text, e.g. "BACKGROUND: ..."). Record text is unchanged.
- 5 complete records copied byte for byte from real efetch / NLM update files:
  38011560 (metapub fixture) and 33984391, 34034067, 34023336, 33813054 (pubmed21n1298).
The gzip is written with mtime 0, so rebuilding from the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "litwatch" / "data" / "ketamine-snapshot.xml.gz"
FULL_RECORDS = {
    "eutils/metapub_pmid_xml/38011560.xml": ["38011560"],
    "pubmed_xml/ketamine/pubmed21n1298_ketamine.xml": ["33984391", "34034067", "34023336", "33813054"],
}


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def build_article(row: dict) -> etree._Element:
    """A PubmedArticle holding exactly the fields the CSV export kept."""
    art = etree.Element("PubmedArticle")
    cit = sub(art, "MedlineCitation", Status="PubMed-not-MEDLINE", Owner="NLM")
    sub(cit, "PMID", row["pmid"], Version="1")
    article = sub(cit, "Article", PubModel="Print")
    journal = sub(article, "Journal")
    issue = sub(journal, "JournalIssue", CitedMedium="Internet")
    sub(sub(issue, "PubDate"), "Year", str(row["year"]))
    sub(article, "ArticleTitle", row["title"])
    if row.get("abstract"):
        sub(sub(article, "Abstract"), "AbstractText", row["abstract"])
    names = [n.strip() for n in (row.get("authors") or "").split(",") if n.strip()]
    if names:
        authors = sub(article, "AuthorList", CompleteYN="Y")
        for name in names:  # "Y. Zhou": initials first, last name last
            author = sub(authors, "Author", ValidYN="Y")
            initials, _, last = name.rpartition(" ")
            sub(author, "LastName", last or name)
            if initials:
                sub(author, "Initials", initials.replace(".", "").replace(" ", ""))
    keywords = ast.literal_eval(row["keywords"]) if row.get("keywords") else []
    if keywords:
        kwl = sub(cit, "KeywordList", Owner="NOTNLM")
        for kw in keywords:
            sub(kwl, "Keyword", kw, MajorTopicYN="N")
    data = sub(art, "PubmedData")
    ids = sub(data, "ArticleIdList")
    sub(ids, "ArticleId", row["pmid"], IdType="pubmed")
    if row.get("doi"):
        sub(ids, "ArticleId", row["doi"], IdType="doi")
    return art


def load_full_records(data: Path) -> list[etree._Element]:
    found = []
    for rel, pmids in FULL_RECORDS.items():
        tree = etree.parse(str(data / rel), etree.XMLParser(resolve_entities=False, no_network=True))
        for art in tree.iter("PubmedArticle"):
            if art.findtext("MedlineCitation/PMID") in pmids:
                found.append(art)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    root = etree.Element("PubmedArticleSet")
    full = load_full_records(args.data)
    full_pmids = {a.findtext("MedlineCitation/PMID") for a in full}
    with (args.data / "ketamine" / "records.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["pmid"] not in full_pmids:
                root.append(build_article(row))
    for art in full:
        root.append(art)
    body = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(body)
    print(f"wrote {len(root)} records to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
