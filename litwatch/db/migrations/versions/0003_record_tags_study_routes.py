"""store RecordTags.study_routes in record_tags

Tagger 1.1.0 tells the route(s) by which a study gave its substance(s), any drug (what the
human labels describe), apart from `routes`, which stays ketamine's own; the JSONL export needs
it. Nullable: rows written before this revision hold NULL, which `select_stale_pmids` treats as
stale, so the next `tag` pass fills them in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("study_routes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_tags", schema=None) as batch_op:
        batch_op.drop_column("study_routes")
