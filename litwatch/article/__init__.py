"""Read a patient article and draft its claims file (`litwatch article draft`)."""

from litwatch.article.draft import Draft, DraftClaim, draft_claims, draft_sentence
from litwatch.article.reader import Article, read_article
from litwatch.article.toml_out import render_claims_toml

__all__ = [
    "Article",
    "Draft",
    "DraftClaim",
    "draft_claims",
    "draft_sentence",
    "read_article",
    "render_claims_toml",
]
