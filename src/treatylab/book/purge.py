"""Stylesheet rules no page can match, removed from the theme's and extensions' stylesheets.

pydata-sphinx-theme's stylesheet carries all of Bootstrap's CSS (grid, utilities, components), 45 KB
gzipped on every page, of which the book uses a fraction. After the build, ``purge_stylesheets`` keeps
a rule only if every class and id its selector requires appears somewhere the page could get it from:
the written pages (their whole text, which includes the widgets' code in the saved widget state) or
any script in ``_static`` (which may add classes at run time, Bootstrap's own included). This is what
PurgeCSS does for JavaScript projects; no Python library does it for a Sphinx build, so it is written
here on tinycss2's tokenizer. It errs towards keeping: any word in any page or script counts as used;
classes inside ``:not()``, ``:is()`` and the like are not required; a class a script builds from a
template (``bs-${name}-auto``) is kept by its prefix; at-rules other than grouping ones are kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Stylesheets purged (name patterns under _static): the theme's, and the extensions' that come whole.
TARGETS = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "pygments.css",
)
#: At-rules whose content is not a list of style rules: kept as they are.
_KEEP_AT_RULES = {"font-face", "keyframes", "-webkit-keyframes", "page", "property", "counter-style"}
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_TEMPLATE_PREFIX = re.compile(r"([A-Za-z][\w-]*-)\$\{")


class UsedNames:
    """Every word that could be a class or id on some page, and class prefixes scripts build on."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()

    def add_page(self, text: str) -> None:
        self.words.update(_WORD.findall(text))

    def add_script(self, text: str) -> None:
        self.words.update(_WORD.findall(text))
        self.prefixes.update(_TEMPLATE_PREFIX.findall(text))

    def __contains__(self, name: str) -> bool:
        return name in self.words or name.startswith(tuple(self.prefixes))


def _selectors(prelude: list) -> list[list]:
    """A rule's prelude split at its top-level commas (commas inside ``:is(...)`` stay)."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def required_names(selector: list) -> list[str]:
    """The classes and ids a selector requires at its top level (``.a#b > .c`` -> a, b, c)."""
    names = []
    for previous, token in zip([None, *selector], selector, strict=False):
        dot = previous is not None and previous.type == "literal" and previous.value == "."
        is_class = token.type == "ident" and dot
        if is_class or (token.type == "hash" and token.is_identifier):
            names.append(token.value)
    return names


def purge_rules(rules: Iterable, used: UsedNames) -> str:
    """The serialised ``rules`` without the selectors (and rules) nothing in ``used`` can match."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            live = [s for s in _selectors(rule.prelude) if all(n in used for n in required_names(s))]
            if live:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in live)
                out.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule":
            if rule.content is None or rule.lower_at_keyword in _KEEP_AT_RULES:
                out.append(tinycss2.serialize([rule]))
            else:  # @media, @supports, @layer, @container: their rules, purged
                inner = purge_rules(
                    tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used
                )
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "comment" and rule.value.startswith("!"):  # licence notices stay
            out.append(f"/*{rule.value}*/")
    return "".join(out)


#: The last line of a purged stylesheet (at the end, since ``@charset`` must come first).
MARK = "\n/* unused rules removed by treatylab.book.purge */\n"


def purge(css: str, used: UsedNames) -> str:
    return purge_rules(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True), used) + MARK


def _pristine(path: Path, kept: Path) -> str:
    """``path``'s stylesheet as its package wrote it. Sphinx copies a theme's files afresh on every
    build, but an extension may leave its file as it is (already purged, against an older set of
    pages), so the first fresh copy is kept in ``kept`` and read back when the file is a purged one."""
    text = path.read_text(encoding="utf-8")
    if text.endswith(MARK) and kept.is_file():
        return kept.read_text(encoding="utf-8")
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(text, encoding="utf-8")
    return text


def purge_stylesheets(outdir: Path, pages: dict[Path, str], keep_dir: Path) -> None:
    """Purge each of ``TARGETS`` in ``outdir/_static`` against ``pages`` (path -> HTML) and the scripts;
    ``keep_dir`` holds the unpurged copies between builds."""
    static = outdir / "_static"
    used = UsedNames()
    for text in pages.values():
        used.add_page(text)
    for script in static.rglob("*.js"):
        used.add_script(script.read_text(encoding="utf-8", errors="ignore"))
    for pattern in TARGETS:
        found = sorted(static.glob(pattern))
        if not found:
            logger.warning(
                f"treatylab: no stylesheet _static/{pattern} to purge; the theme or an extension has "
                "changed, so treatylab.book.purge.TARGETS must be updated to it",
                type="treatylab",
                subtype="lean",
            )
        for path in found:
            pristine = _pristine(path, keep_dir / path.relative_to(static))
            path.write_text(purge(pristine, used), encoding="utf-8")
