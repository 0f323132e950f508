"""What a reader downloads for one page: every file Chromium requests when it opens the page from
file:// (HTML, CSS, JavaScript, fonts, images), weighed as a web server would send it (gzip -6).

``python benchmarks/page_weight.py`` prints the weight of every page of the built book and of a
stock one-page Jupyter Book (same versions, no extensions, built in a temporary folder), and each
page's ratio to the stock page. ``benchmarks/run.py`` uses the same functions.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Already compressed: sent as they are.
COMPRESSED = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


def sent_bytes(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix in COMPRESSED else len(gzip.compress(data, 6))


def requested(browser, page_path: Path) -> list[Path]:
    """Every local file the page requests while it loads and settles."""
    files: set[Path] = set()
    context = browser.new_context()
    page = context.new_page()
    page.on(
        "requestfinished",
        lambda r: files.add(Path(unquote(urlparse(r.url).path))) if r.url.startswith("file:") else None,
    )
    page.goto(page_path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    return sorted(p for p in files if p.is_file())


def weigh(browser, page_path: Path) -> dict[str, object]:
    files = requested(browser, page_path)
    by_kind: dict[str, int] = {}
    for f in files:
        kind = {".js": "js", ".css": "css", ".html": "html"}.get(
            f.suffix, "font" if "woff" in f.suffix else "other"
        )
        by_kind[kind] = by_kind.get(kind, 0) + sent_bytes(f)
    largest = sorted(files, key=sent_bytes, reverse=True)[:4]
    return {
        "bytes_sent": sum(by_kind.values()),
        "by_kind": by_kind,
        "largest": {f.name: sent_bytes(f) for f in largest},
    }


STOCK_PAGE = """# A stock page

This is a plain Jupyter Book page with a heading and a few paragraphs of text, built with the same
jupyter-book as the book itself and no extensions. It is the yardstick for page weight.

## A section

Some more text, so the page has a table of contents on the right.
"""


def stock_page(folder: Path) -> Path:
    """Build a stock one-page Jupyter Book into ``folder``; return its page."""
    (folder / "_config.yml").write_text("title: Stock\nauthor: Stock\n")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (folder / "intro.md").write_text(STOCK_PAGE)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
            "build",
            str(folder),
            "-q",
        ],
        check=True,
        capture_output=True,
    )
    return folder / "_build" / "html" / "intro.html"


def book_pages(html: Path = HTML) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="stock-book-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        stock = weigh(browser, stock_page(Path(tmp)))
        pages = {p.relative_to(HTML).as_posix(): weigh(browser, p) for p in book_pages()}
        browser.close()
    base = stock["bytes_sent"]
    for figures in pages.values():
        figures["ratio_to_stock"] = round(figures["bytes_sent"] / base, 3)  # type: ignore[operator]
    print(
        json.dumps(
            {
                "stock_text_page": stock,
                "pages": pages,
                "largest_ratio": max(f["ratio_to_stock"] for f in pages.values()),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
