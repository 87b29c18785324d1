"""full-text search on PostgreSQL: a generated, weighted tsvector column with a GIN index

SQLite keeps its FTS5 index (revision 0001). On PostgreSQL the column is computed by the server
from title (weight A) and abstract (weight B), so every write path keeps it current without
extra code, as FTS5's triggers do. A no-op on SQLite.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 14:20:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(abstract, '')), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
