"""Every internal link and anchor in the built book resolves (our own link checker: the stock
`linkcheck` builder checks external URLs, which this machine cannot reach)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from treatylab.paths import REPO_ROOT

pytestmark = pytest.mark.book


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in ("link", "script", "img") and (values.get("href") or values.get("src")):
            self.links.append(values.get("href") or values.get("src"))


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_no_broken_internal_links_or_anchors(built_book):
    pages = {p: _parse(p) for p in built_book.rglob("*.html") if "_static" not in p.parts}
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "mailto:", "data:", "blob:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(built_book)} -> {href} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(built_book)} -> {href} (no such anchor)")
    assert broken == []


def test_external_links_are_only_to_cited_sources(built_book):
    """External links are references for readers (citations), never resources the page loads."""
    hosts = set()
    for page in built_book.rglob("*.html"):
        hosts |= set(re.findall(r'<a [^>]*href="https?://([^/"]+)', page.read_text()))
    bib = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    cited = set(re.findall(r"url\s*=\s*\{https?://([^/}]+)", bib))
    assert hosts <= cited | {"jupyterbook.org", "mystmd.org", "executablebooks.org"}, hosts - cited
