"""axe-core in a page: its browser build (fetched once from the npm registry, sha512-checked and
cached) and the serious or critical violations it finds. The ``axe_source`` fixture is in
tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

from treatylab.book.vendor import ensure_vendored

AXE_MANIFEST = Path(__file__).with_name("axe.json")


def axe_script() -> str:
    return (ensure_vendored(AXE_MANIFEST) / "vendor" / "axe-core" / "axe.min.js").read_text()


def serious_violations(page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    # preload: false stops axe fetching the stylesheets itself (XHR is refused on file://).
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations'], preload: false}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.impact} ${v.id}: ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')))"""
    )
