"""index new articles in FTS5 per batch instead of per row

The per-row AFTER INSERT trigger made FTS5 indexing cost more than everything else in an
ingest; one INSERT ... SELECT per batch (done by litwatch.db.store.upsert_prepared) halves it.
Updates and deletes stay on triggers: they are rare and must never be missed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 19:45:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is a generated column (revision 0005)
    op.execute("DROP TRIGGER IF EXISTS articles_fts_ai")
    # Articles a pre-0002 database stored are already indexed by the old trigger.


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract); END"
    )
