"""Drop the six child tables nothing reads: the record's JSON is the one source of truth

abstract_sections, authors, mesh_headings, publication_types, keywords and article_ids were
written and trimmed on every upsert, yet `show`, `export`, `cite`, the tagger and the report all
read `articles.record_json`. Keeping two copies cost ingest time and disk and invited drift.
comments_corrections stays: `litwatch changes` queries it for retraction and correction notices.

The downgrade recreates the tables as revision 0001 made them and refills them from
`articles.record_json`, so an older litwatch finds them complete.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 16:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DROPPED = ("abstract_sections", "authors", "mesh_headings", "publication_types", "keywords", "article_ids")
INDEXES = {
    "mesh_headings": (("ix_mesh_headings_descriptor", "descriptor"), ("ix_mesh_headings_ui", "ui")),
    "publication_types": (("ix_publication_types_name", "name"),),
}


def upgrade() -> None:
    for table, indexes in INDEXES.items():
        for name, _column in indexes:
            op.drop_index(name, table_name=table)
    for table in (
        "abstract_sections",
        "authors",
        "mesh_headings",
        "publication_types",
        "keywords",
        "article_ids",
    ):
        op.drop_table(table)


def _child(name: str, *columns: sa.Column) -> sa.Table:
    return op.create_table(
        name,
        sa.Column("pmid", sa.String(), nullable=False),
        sa.Column("pos", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["pmid"], ["articles.pmid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pmid", "pos"),
    )


def _rows(record: dict) -> dict[str, list[dict]]:
    """The child rows of one stored record, as litwatch 0008 wrote them."""
    p = record["pmid"]
    return {
        "abstract_sections": [
            {"pmid": p, "pos": i, "label": s.get("label"), "category": s.get("category"), "text": s["text"]}
            for i, s in enumerate(record.get("sections") or [])
        ],
        "authors": [
            {
                "pmid": p,
                "pos": i,
                "last_name": a.get("last_name"),
                "fore_name": a.get("fore_name"),
                "initials": a.get("initials"),
                "collective_name": a.get("collective_name"),
                "orcid": a.get("orcid"),
                "affiliations": a.get("affiliations") or [],
            }  # fmt: skip
            for i, a in enumerate(record.get("authors") or [])
        ],
        "mesh_headings": [
            {
                "pmid": p,
                "pos": i,
                "descriptor": h["descriptor"],
                "ui": h.get("ui"),
                "major": bool(h.get("major")),
                "qualifiers": h.get("qualifiers") or [],
            }  # fmt: skip
            for i, h in enumerate(record.get("mesh") or [])
        ],
        "publication_types": [
            {"pmid": p, "pos": i, "name": t["name"], "ui": t.get("ui")}
            for i, t in enumerate(record.get("publication_types") or [])
        ],
        "keywords": [{"pmid": p, "pos": i, "keyword": k} for i, k in enumerate(record.get("keywords") or [])],
        "article_ids": [
            {"pmid": p, "pos": i, "id_type": a["id_type"], "value": a["value"]}
            for i, a in enumerate(record.get("article_ids") or [])
        ],
    }


def downgrade() -> None:
    tables = {
        "abstract_sections": _child(
            "abstract_sections",
            sa.Column("label", sa.String(), nullable=True),
            sa.Column("category", sa.String(), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
        ),
        "article_ids": _child(
            "article_ids",
            sa.Column("id_type", sa.String(), nullable=False),
            sa.Column("value", sa.String(), nullable=False),
        ),
        "authors": _child(
            "authors",
            sa.Column("last_name", sa.String(), nullable=True),
            sa.Column("fore_name", sa.String(), nullable=True),
            sa.Column("initials", sa.String(), nullable=True),
            sa.Column("collective_name", sa.String(), nullable=True),
            sa.Column("orcid", sa.String(), nullable=True),
            sa.Column("affiliations", sa.JSON(), nullable=False),
        ),
        "keywords": _child("keywords", sa.Column("keyword", sa.String(), nullable=False)),
        "mesh_headings": _child(
            "mesh_headings",
            sa.Column("descriptor", sa.String(), nullable=False),
            sa.Column("ui", sa.String(), nullable=True),
            sa.Column("major", sa.Boolean(), nullable=False),
            sa.Column("qualifiers", sa.JSON(), nullable=False),
        ),
        "publication_types": _child(
            "publication_types",
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("ui", sa.String(), nullable=True),
        ),
    }
    for table, indexes in INDEXES.items():
        for name, column in indexes:
            op.create_index(name, table, [column])
    bind = op.get_bind()
    articles = sa.table("articles", sa.column("pmid"), sa.column("record_json"))
    last = ""
    while True:  # 1,000 records at a time, by PMID: a large database never sits in memory at once
        page = bind.execute(
            sa.select(articles.c.pmid, articles.c.record_json)
            .where(articles.c.pmid > last)
            .order_by(articles.c.pmid)
            .limit(1000)
        ).all()
        if not page:
            return
        pending: dict[str, list[dict]] = {name: [] for name in tables}
        for _pmid, record_json in page:
            for name, rows in _rows(json.loads(record_json)).items():
                pending[name].extend(rows)
        for name, rows in pending.items():
            if rows:
                bind.execute(tables[name].insert(), rows)
        last = page[-1][0]
