"""The tagger's version, in a module of its own: reading it must not load the tagger."""

# Bump when any rule, pattern or claims-file semantics change, so stored tags get recomputed.
TAGGER_VERSION = "2.14.0"
