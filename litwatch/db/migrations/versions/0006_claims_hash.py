"""claim_set_states: the claims file content hash each record's claim links were computed from

Staleness used to hang on the last finished `tag` run of a claim set's name: a run of an edited
file with the same name, interrupted, left its links on the records it reached while the next
run of the original file called everything up to date. Each record now carries, per claim set,
the claims hash, tagger version and content hash its links came from, written with the links.
A record whose tagging failed gets a row with its error, so it is not retried (or blocking a
read-only `check`) until one of the three changes. Existing databases are backfilled from the
last tag run of each claim set when that run finished cleanly (what the old rule called up to
date); everything else is tagged again on the next pass.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:30:00
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BACKFILL = """
WITH last AS (
    SELECT json_extract(details, '$.claim_set') AS claim_set, max(id) AS id
    FROM runs WHERE kind = 'tag' GROUP BY json_extract(details, '$.claim_set')
), clean AS (
    SELECT last.claim_set, json_extract(r.details, '$.fingerprint') AS claims_hash,
           json_extract(r.details, '$.tagger_version') AS tagger_version, r.started_at
    FROM last JOIN runs r ON r.id = last.id
    WHERE r.status = 'ok' AND json_extract(r.details, '$.fingerprint') IS NOT NULL
)
INSERT OR IGNORE INTO claim_set_states (pmid, claim_set, claims_hash, tagger_version, content_hash)
SELECT a.pmid, clean.claim_set, clean.claims_hash, t.tagger_version, a.content_hash
FROM clean
JOIN record_tags t ON t.tagger_version = clean.tagger_version AND t.study_routes IS NOT NULL
JOIN articles a ON a.pmid = t.pmid AND a.content_hash = t.content_hash AND a.updated_at < clean.started_at
"""


def upgrade() -> None:
    op.create_table(
        "claim_set_states",
        sa.Column("pmid", sa.String(), sa.ForeignKey("articles.pmid", ondelete="CASCADE"), nullable=False),
        sa.Column("claim_set", sa.String(), nullable=False),
        sa.Column("claims_hash", sa.String(), nullable=False),
        sa.Column("tagger_version", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("pmid", "claim_set"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Only a downgraded database can be here (PostgreSQL came with 0007): backfill it alike.
        backfill = BACKFILL.replace("INSERT OR IGNORE", "INSERT")
        backfill = re.sub(r"json_extract\((\w+(?:\.\w+)?), '\$\.(\w+)'\)", r"(\1 ->> '\2')", backfill)
        op.execute(backfill + "ON CONFLICT DO NOTHING")
        return
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("claim_set_states")
