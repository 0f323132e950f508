"""Runs of words the book shares with the article it is built on (../shared/seed/), outside
quotations: the check behind "every chapter in our own words"."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

#: A run of this many words in a row, identical to the article, counts as copying.
RUN = 10
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Quoted passages: typographic and straight double quotes (a quotation is marked, so it may match).
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def words(text: str) -> list[str]:
    """Lower-case words without accents, apostrophes unified (so ’ and ' compare equal)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _WORD.findall(plain.replace("’", "'").replace("‘", "'"))


def unquoted(text: str) -> str:
    """``text`` without its quoted passages (each replaced by a break, so no run spans it)."""
    return _QUOTED.sub(" ¶ ", text)


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` words, never across a break (¶)."""
    out: set[tuple[str, ...]] = set()
    for part in text.split("¶"):
        w = words(part)
        out |= {tuple(w[i : i + size]) for i in range(len(w) - size + 1)}
    return out


class _Prose(HTMLParser):
    """The article text of a built page, without block quotes, code, scripts, the bibliography's
    entries, navigation or widgets; each block ends with a break so no run spans two blocks."""

    SKIP: ClassVar[set[str]] = {
        "blockquote",
        "script",
        "style",
        "pre",
        "code",
        "nav",
        "q",
        "button",
        "select",
    }
    BLOCKS: ClassVar[set[str]] = {
        *("p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "div", "figcaption", "caption", "br"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self.in_article += 1
        if tag in self.SKIP or "citation" in classes or "cell_output" in classes:
            self.skipping.append(tag)
        if tag in self.BLOCKS:
            self.parts.append(" ¶ ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag == "article":
            self.in_article -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ¶ ")

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skipping:
            self.parts.append(data)


def page_prose(path: Path) -> str:
    parser = _Prose()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def shared_runs(text: str, source_runs: set[tuple[str, ...]]) -> list[str]:
    """The runs of ``text`` (outside quotations) that stand in the source, longest stretches merged."""
    found = []
    for part in unquoted(text).split("¶"):
        w = words(part)
        hits = [i for i in range(len(w) - RUN + 1) if tuple(w[i : i + RUN]) in source_runs]
        start = None
        for n, i in enumerate(hits):
            if start is None:
                start = i
            if n + 1 == len(hits) or hits[n + 1] != i + 1:
                found.append(" ".join(w[start : i + RUN]))
                start = None
    return found
