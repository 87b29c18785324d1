"""The faithful in-memory shape of one PubMed record.

Every parser (efetch / baseline XML, MEDLINE text) produces these objects and every store,
export and tagger consumes them, so this module is the contract between them. Multi-valued
fields stay lists in source order (metapub's rule); nothing here is normalised beyond what
the comments say.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

RecordKind = Literal["article", "book"]

# ASCII digits only: str.isdigit() and `\d` also accept Arabic-Indic, superscript and other digits.
_PMID = re.compile(r"[0-9]{1,20}")
PMID_MAX_DIGITS = 10  # PMIDs have 8 digits today; 10 leaves room and keeps int() cheap


def canonical_pmid(text: str | None) -> str | None:
    """The canonical PMID for `text` (ASCII digits, leading zeros dropped), or None if it is not one.

    Every way a PMID enters (XML, MEDLINE, --pmids files, `show`, `review`) goes through this,
    so `0038011560` and `38011560` are the same record and never stored twice.
    """
    if text is None:
        return None
    value = text.strip()
    if not _PMID.fullmatch(value):
        return None
    value = value.lstrip("0")
    if not value or len(value) > PMID_MAX_DIGITS:
        return None
    return value


@dataclass(slots=True)
class Section:
    """One abstract section: `<AbstractText Label=".." NlmCategory="..">`."""

    label: str | None
    category: str | None
    text: str


@dataclass(slots=True)
class OtherAbstract:
    """`<OtherAbstract Type=".." Language="..">`, e.g. a publisher's abstract in Spanish."""

    type: str | None
    language: str | None
    sections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Journal:
    title: str | None = None
    iso_abbreviation: str | None = None
    issn: str | None = None
    issn_type: str | None = None  # "Print" or "Electronic"
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # MedlinePgn as printed, e.g. "297-301"


@dataclass(slots=True)
class PubDate:
    """`<PubDate>`: either Year/Month/Day or a free-text MedlineDate ("1998 Dec-1999 Jan").

    `year` is always the first four-digit year found, so a MedlineDate still sorts and filters.
    Month and day stay as printed ("Dec", "06"), because NLM mixes names and numbers.
    """

    year: int | None = None
    month: str | None = None
    day: str | None = None
    season: str | None = None
    medline_date: str | None = None


@dataclass(slots=True)
class ArticleDate:
    type: str | None  # "Electronic"
    date: str  # ISO "YYYY-MM-DD" (or shorter when NLM gives less)


@dataclass(slots=True)
class Author:
    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    suffix: str | None = None
    collective_name: str | None = None
    affiliations: list[str] = field(default_factory=list)
    orcid: str | None = None  # bare 16-digit form "0000-0002-1825-0097", URL prefix removed
    valid: bool = True


@dataclass(slots=True)
class PublicationType:
    name: str
    ui: str | None


@dataclass(slots=True)
class Qualifier:
    name: str
    ui: str | None
    major: bool


@dataclass(slots=True)
class MeshHeading:
    descriptor: str
    ui: str | None
    major: bool
    qualifiers: list[Qualifier] = field(default_factory=list)


@dataclass(slots=True)
class Chemical:
    name: str
    ui: str | None
    registry_number: str | None


@dataclass(slots=True)
class ArticleId:
    """`<ArticleId IdType="doi">` of the record itself (never one from a ReferenceList)."""

    id_type: str
    value: str


@dataclass(slots=True)
class CommentCorrection:
    """`<CommentsCorrections RefType="RetractionIn">`: a link to another record."""

    ref_type: str
    pmid: str | None
    source: str | None  # RefSource, e.g. "Lancet. 2020 Jun 13;395(10240):1820"


@dataclass(slots=True)
class HistoryDate:
    status: str  # "received", "accepted", "entrez", "pubmed", "medline", "revised", ...
    date: str  # ISO "YYYY-MM-DD"


@dataclass(slots=True)
class Record:
    """One PubMed citation, as faithful to the source as the fields allow."""

    pmid: str
    version: int = 1
    kind: RecordKind = "article"
    title: str = ""
    vernacular_title: str | None = None
    sections: list[Section] = field(default_factory=list)
    other_abstracts: list[OtherAbstract] = field(default_factory=list)
    copyright: str | None = None
    journal: Journal = field(default_factory=Journal)
    pub_date: PubDate = field(default_factory=PubDate)
    article_dates: list[ArticleDate] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    publication_types: list[PublicationType] = field(default_factory=list)
    mesh: list[MeshHeading] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    chemicals: list[Chemical] = field(default_factory=list)
    article_ids: list[ArticleId] = field(default_factory=list)
    comments_corrections: list[CommentCorrection] = field(default_factory=list)
    citation_status: str | None = None  # MedlineCitation/@Status: MEDLINE, Publisher, ...
    date_completed: str | None = None
    date_revised: str | None = None
    history: list[HistoryDate] = field(default_factory=list)
    publication_status: str | None = None  # PubmedData/PublicationStatus: ppublish, epublish, ...

    @property
    def abstract(self) -> str:
        """All sections' text in order, one string (labels are kept in `sections`)."""
        return " ".join(s.text for s in self.sections if s.text)

    @property
    def year(self) -> int | None:
        return self.pub_date.year

    def article_id(self, id_type: str) -> str | None:
        """The record's own id of one type ("doi", "pmc", "pii"), first one wins."""
        for aid in self.article_ids:
            if aid.id_type == id_type:
                return aid.value
        return None

    @property
    def doi(self) -> str | None:
        return self.article_id("doi")

    @property
    def pmcid(self) -> str | None:
        return self.article_id("pmc")

    @property
    def retracted(self) -> bool:
        """True for a Retracted Publication or a record with a RetractionIn link."""
        return any(pt.name == "Retracted Publication" for pt in self.publication_types) or any(
            cc.ref_type == "RetractionIn" for cc in self.comments_corrections
        )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no spaces, UTF-8): what the store keeps and hashes.

        orjson serialises dataclasses natively, ~6x faster than `json.dumps(asdict(...))`,
        which was the single largest cost of ingest when profiled.
        """
        return self.to_json_bytes().decode()

    def to_json_bytes(self) -> bytes:
        """`to_json` as UTF-8 bytes, for hashing without a round trip through str."""
        return orjson.dumps(self, option=orjson.OPT_SORT_KEYS)

    def content_hash(self) -> str:
        return self.hash_json(self.to_json())

    @staticmethod
    def hash_json(record_json: str) -> str:
        return hashlib.sha256(record_json.encode()).hexdigest()

    @classmethod
    def from_json(cls, record_json: str) -> Record:
        return cls.from_dict(orjson.loads(record_json))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Inverse of `to_dict`; unknown keys are ignored so older stored JSON still loads."""
        d = dict(data)
        d["journal"] = Journal(**d.get("journal") or {})
        d["pub_date"] = PubDate(**d.get("pub_date") or {})
        d["sections"] = [Section(**s) for s in d.get("sections") or []]
        d["other_abstracts"] = [
            OtherAbstract(o.get("type"), o.get("language"), [Section(**s) for s in o.get("sections") or []])
            for o in d.get("other_abstracts") or []
        ]
        d["article_dates"] = [ArticleDate(**a) for a in d.get("article_dates") or []]
        d["authors"] = [Author(**a) for a in d.get("authors") or []]
        d["publication_types"] = [PublicationType(**p) for p in d.get("publication_types") or []]
        d["mesh"] = [
            MeshHeading(
                m["descriptor"],
                m.get("ui"),
                m.get("major", False),
                [Qualifier(**q) for q in m.get("qualifiers") or []],
            )
            for m in d.get("mesh") or []
        ]
        d["chemicals"] = [Chemical(**c) for c in d.get("chemicals") or []]
        d["article_ids"] = [ArticleId(**a) for a in d.get("article_ids") or []]
        d["comments_corrections"] = [CommentCorrection(**c) for c in d.get("comments_corrections") or []]
        d["history"] = [HistoryDate(**h) for h in d.get("history") or []]
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(slots=True)
class Deletion:
    """`<DeleteCitation>`: NLM withdrew these PMIDs; the store marks them deleted."""

    pmids: list[str]


@dataclass(slots=True)
class Skipped:
    """A record the parser could not read; the rest of the stream goes on."""

    pmid: str | None
    reason: str


ParsedItem = Record | Deletion | Skipped
