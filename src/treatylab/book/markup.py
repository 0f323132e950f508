"""Helpers shared by the book's roles and directives: data location, escaping, nested MyST parsing."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from treatylab.content import Content

_ASCII_PUNCTUATION = set(string.punctuation)


def data_dir(env: BuildEnvironment) -> Path:
    """The book's data/ folder (beside _config.yml)."""
    return Path(env.srcdir) / "data"


def content(env: BuildEnvironment) -> Content:
    """The book's data, validated (:class:`treatylab.content.Content`)."""
    return Content.at(data_dir(env))


def edition(env: BuildEnvironment) -> str:
    """The edition being built (the config value ``treatylab_edition``)."""
    return str(env.config.treatylab_edition)


def note_data(env: BuildEnvironment, filename: str) -> None:
    """Rebuild the current page when this data file changes."""
    env.note_dependency(str(data_dir(env) / filename))


def escape(text: str) -> str:
    """Text from data/ made inert in MyST: every ASCII punctuation mark backslash-escaped.

    CommonMark lets any ASCII punctuation be escaped, so no data can open markup, a role or raw HTML.
    """
    return "".join("\\" + ch if ch in _ASCII_PUNCTUATION else ch for ch in text)


def parse_myst(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """Parse generated MyST ``text`` (roles such as {cite} included) in the directive's context."""
    container = nodes.container()
    directive.state.nested_parse(
        StringList(text.splitlines(), directive.get_source_info()[0]), directive.content_offset, container
    )
    return container.children


def normalise_space(text: str) -> str:
    """``text`` with each run of whitespace (a line break in the source included) as one space."""
    return " ".join(text.split())


def role_error(role: SphinxRole, exc: Exception) -> tuple[list[Any], list[nodes.system_message]]:
    """A role's ``KeyError`` or ``DataErrors`` as a build error at the role's line, its text kept."""
    message = role.inliner.reporter.error(f"{{{role.name}}}: {exc.args[0]}", line=role.lineno)
    return [role.inliner.problematic(role.rawtext, role.rawtext, message)], [message]
