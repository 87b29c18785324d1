"""claim_set_states: the claims file content hash each record's claim links were computed from

Staleness used to hang on the last finished `tag` run of a claim set's name: a run of an edited
file with the same name, interrupted, left its links on the records it reached while the next
run of the original file called everything up to date. Each record now carries, per claim set,
the claims hash, tagger version and content hash its links came from, written with the links.
Existing databases are backfilled from the last tag run of each claim set when that run finished
cleanly (what the old rule called up to date); everything else is tagged again on the next pass.

Revision ID: 0004_claims_hash
Revises: 0003
Create Date: 2026-11-27 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_claims_hash"
down_revision = "0003"
branch_labels = None
depends_on = None

BACKFILL = """
INSERT OR IGNORE INTO claim_set_states (pmid, claim_set, claims_hash, tagger_version, content_hash)
SELECT a.pmid, json_extract(r.details, '$.claim_set'), json_extract(r.details, '$.fingerprint'),
       t.tagger_version, a.content_hash
FROM runs r
JOIN record_tags t ON t.tagger_version = json_extract(r.details, '$.tagger_version')
JOIN articles a ON a.pmid = t.pmid AND a.content_hash = t.content_hash AND a.updated_at < r.started_at
WHERE r.kind = 'tag' AND r.status = 'ok' AND t.study_routes IS NOT NULL
  AND json_extract(r.details, '$.fingerprint') IS NOT NULL
  AND r.id = (SELECT max(r2.id) FROM runs r2 WHERE r2.kind = 'tag'
              AND json_extract(r2.details, '$.claim_set') = json_extract(r.details, '$.claim_set'))
"""


def upgrade() -> None:
    op.create_table(
        "claim_set_states",
        sa.Column("pmid", sa.String(), sa.ForeignKey("articles.pmid", ondelete="CASCADE"), nullable=False),
        sa.Column("claim_set", sa.String(), nullable=False),
        sa.Column("claims_hash", sa.String(), nullable=False),
        sa.Column("tagger_version", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("pmid", "claim_set"),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("claim_set_states")
