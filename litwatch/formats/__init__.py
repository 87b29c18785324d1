"""Export formats: pure functions from a `Record` to text, one module per family.

`tabular` holds the machine formats (JSONL object, CSV row), `ris` the Zotero/EndNote tagged
format and `bibtex` the LaTeX one. None of them touches the database or prints.
"""
