"""The Jinja2 environment the HTML report and the changes page are rendered with.

Autoescape is on for every template, so a title, abstract sentence or claim text from the
database can only ever appear as text: nothing in a template has to remember to escape it.
Markup built in Python (the SVG charts) is passed as `markupsafe.Markup` and escapes its own text.

Templates are written one element per line for reading; the loader joins the lines (a newline
and the indentation after it are dropped), so the page is as compact as before and no stray
whitespace lands between inline elements. Write a space at a line's end explicitly, e.g. `{{ " " }}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound

LAYOUT = re.compile(r"\n[ \t]*")


class PackageTemplates(BaseLoader):
    """Templates from the package's `templates/` folder (package data), lines joined."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = resources.files("litwatch.report") / "templates" / template
        if not path.is_file():
            raise TemplateNotFound(template)
        return LAYOUT.sub("", path.read_text(encoding="utf-8")), template, lambda: True


@cache
def template_environment() -> Environment:
    from litwatch.report import labels
    from litwatch.report.model import finding_sentence

    env = Environment(
        loader=PackageTemplates(),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals.update(
        pubmed_url=labels.pubmed_url,
        doi_url=labels.doi_url,
        design_label=labels.design_label,
        finding_sentence=finding_sentence,
        verdict_slug=labels.verdict_slug,
        VERDICT_ICONS=labels.VERDICT_ICONS,
        STANCE_MEANINGS=labels.STANCE_MEANINGS,
        LEVELS=labels.LEVELS,
    )
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of the package's templates with autoescape on."""
    return template_environment().get_template(name).render(**context)
