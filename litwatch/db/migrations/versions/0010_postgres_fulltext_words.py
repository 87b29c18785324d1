"""full-text search on PostgreSQL: index words as FTS5 reads them (ASCII punctuation separates)

PostgreSQL's text parser reads `ketamine/esketamine` as a file path, `ClinicalTrials.gov` as a
host and `0.5` as a number, each one lexeme, so a search for `esketamine` missed records that
FTS5 (which splits on every punctuation mark) found. The generated column now replaces ASCII
punctuation with spaces before parsing, so both engines see the same words. A no-op on SQLite.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 16:10:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The ASCII punctuation ranges !-/ :-@ [-` {-~ (an explicit set: [:punct:] depends on the locale).
WORDS_ONLY = "regexp_replace(coalesce({column}, ''), '[!-/:-@[-`{{-~]+', ' ', 'g')"


def _add_column(title: str, abstract: str) -> None:
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('english', {title}), 'A') || "
        f"setweight(to_tsvector('english', {abstract}), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def _drop_column() -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop_column()
    _add_column(WORDS_ONLY.format(column="title"), WORDS_ONLY.format(column="abstract"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop_column()
    _add_column("coalesce(title, '')", "coalesce(abstract, '')")
