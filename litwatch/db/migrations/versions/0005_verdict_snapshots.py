"""verdict snapshots (what a person last saw) and records that left a saved query

`litwatch changes` compares the current verdicts with a stored snapshot: per claim the verdict,
its reason, every record bearing on the claim and which of them counted, plus the notices
(RetractionIn, ErratumIn, ...) on counted records. `query_absences` marks records a saved query
no longer returns; they are kept, never deleted. Only new tables: nothing existing changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verdict_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("claim_set", sa.String(), nullable=False),
        sa.Column("claims_hash", sa.String(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("notices", sa.JSON(), nullable=False),
    )
    op.create_index("ix_verdict_snapshots_created_at", "verdict_snapshots", ["created_at"])
    op.create_index("ix_verdict_snapshots_claim_set", "verdict_snapshots", ["claim_set"])
    op.create_table(
        "snapshot_claims",
        sa.Column(
            "snapshot_id",
            sa.Integer(),
            sa.ForeignKey("verdict_snapshots.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("claim_id", sa.String(), primary_key=True),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("counted", sa.JSON(), nullable=False),
        sa.Column("bearing", sa.JSON(), nullable=False),
    )
    op.create_table(
        "query_absences",
        sa.Column(
            "query_id", sa.Integer(), sa.ForeignKey("saved_queries.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("pmid", sa.String(), primary_key=True),
        sa.Column("since", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("query_absences")
    op.drop_table("snapshot_claims")
    op.drop_index("ix_verdict_snapshots_claim_set", table_name="verdict_snapshots")
    op.drop_index("ix_verdict_snapshots_created_at", table_name="verdict_snapshots")
    op.drop_table("verdict_snapshots")
