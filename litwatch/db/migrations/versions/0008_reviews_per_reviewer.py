"""reviews: one row per (record, claim, reviewer), plus an append-only review_history

Before, a second reviewer's decision replaced the first one's row; for a team sharing one
database that loses work. Now each reviewer has a row of their own and the latest decision of
any reviewer is applied (litwatch.services.reviews.read_merged_tags); review_history keeps
every decision. Existing reviews keep their reviewer and are copied into the history.
The table is rebuilt (create, copy, drop, rename), which both SQLite and PostgreSQL can do.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 14:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = "pmid, claim_set, claim_id, decision, stance, note, reviewer, reviewed_at"


def _reviews_table(name: str, keys: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("pmid", sa.String(), nullable=False),
        sa.Column("claim_set", sa.String(), nullable=False),
        sa.Column("claim_id", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pmid"], ["articles.pmid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}"),
    )


def upgrade() -> None:
    _reviews_table("reviews_new", ("pmid", "claim_set", "claim_id", "reviewer"))
    op.execute(f"INSERT INTO reviews_new ({COLUMNS}) SELECT {COLUMNS} FROM reviews")
    op.drop_table("reviews")
    op.rename_table("reviews_new", "reviews")
    op.create_table(
        "review_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pmid", sa.String(), nullable=False),
        sa.Column("claim_set", sa.String(), nullable=False),
        sa.Column("claim_id", sa.String(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pmid"], ["articles.pmid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_history_link", "review_history", ["pmid", "claim_set", "claim_id"])
    op.execute(
        "INSERT INTO review_history (pmid, claim_set, claim_id, reviewer, decision, stance, note, "
        "reviewed_at) SELECT pmid, claim_set, claim_id, reviewer, decision, stance, note, reviewed_at "
        "FROM reviews ORDER BY reviewed_at"
    )


def downgrade() -> None:
    op.drop_index("ix_review_history_link", table_name="review_history")
    op.drop_table("review_history")
    _reviews_table("reviews_old", ("pmid", "claim_set", "claim_id"))
    # Keep each link's latest decision, as read_merged_tags applied it.
    op.execute(
        f"INSERT INTO reviews_old ({COLUMNS}) SELECT {COLUMNS} FROM reviews AS r WHERE NOT EXISTS ("
        "SELECT 1 FROM reviews AS o WHERE o.pmid = r.pmid AND o.claim_set = r.claim_set "
        "AND o.claim_id = r.claim_id AND (o.reviewed_at > r.reviewed_at OR "
        "(o.reviewed_at = r.reviewed_at AND o.reviewer > r.reviewer)))"
    )
    op.drop_table("reviews")
    op.rename_table("reviews_old", "reviews")
