"""store RecordTags.indication and RecordTags.topics in record_tags

Tagger 2.0.0 names the condition or setting a record studied (shown beside every evidence row,
so a dose from an anaesthesia trial is read as such) and the broad topics it looked at. Nullable:
rows written before this revision hold NULL until the next `tag` pass (the tagger version changed,
so every record is re-tagged).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 13:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indication", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("topics", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_tags", schema=None) as batch_op:
        batch_op.drop_column("topics")
        batch_op.drop_column("indication")
