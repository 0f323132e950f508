"""Lean pages (treatylab.book.lean): search that works from file:// and from a server, with its page
texts loaded only once a query runs, and assets only where they are used. (Icons drawn from the cut-down
font, in light and dark, are checked in test_pages.py, on the same page loads as axe.)"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from treatylab.book.bundle import loaded_files

pytestmark = [pytest.mark.browser, pytest.mark.book]

#: Sphinx's searchtools has listed every result, and treatylab-search.js has given each its summary.
SEARCH_DONE = """() => {
  const status = document.querySelector("#search-results .search-summary");
  const items = document.querySelectorAll("#search-results li");
  return !!status && status.textContent.startsWith("Search finished") && items.length > 0
    && document.querySelectorAll("#search-results li[data-tl-summary]").length === items.length;
}"""


def search(page, url: str | None = None) -> list[dict[str, str]]:
    """The results of the search at ``url`` (or on ``page`` as it is), once all are listed."""
    if url:
        page.goto(url)
    page.wait_for_function(SEARCH_DONE, timeout=15_000)
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results li')].map((li) => ({
            href: li.querySelector('a').getAttribute('href').replace(/[?][^#]*/, ''),
            summary: (li.querySelector('p.context') || {}).textContent || ''}))"""
    )


def check_results(results: list[dict[str, str]]) -> None:
    hrefs = [r["href"] for r in results]  # a page, or a glossary term on it (href#term-...)
    assert "chapters/04-april-drafts.html" in hrefs and "exercises/03-veto-simulator.html" in hrefs
    assert len(hrefs) == len(set(hrefs)), "a result is listed twice"
    assert all("veto" in r["summary"].lower() for r in results), results


def test_search_works_from_file_with_summaries_and_no_console_error(built_book, open_page):
    page, log = open_page((built_book / "search.html").as_uri() + "?q=veto")
    check_results(search(page))
    assert log.problems == []


def test_search_works_from_a_local_web_server(built_book, browser):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_book))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        check_results(search(page, f"http://127.0.0.1:{server.server_address[1]}/search.html?q=veto"))
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == []


def test_pages_that_never_search_do_not_load_the_index(built_book):
    for path in ["chapters/glossary.html", "exercises/03-veto-simulator.html", "index.html"]:
        html = (built_book / path).read_text()
        assert "searchindex.js" not in html and "searchtools.js" not in html and "fontawesome.js" not in html
    assert "searchindex.js" in (built_book / "search.html").read_text()


def test_search_page_loads_its_page_texts_only_for_a_query(built_book, open_page):
    page, log = open_page(built_book / "search.html")
    assert not any("treatylab-search-text.js" in u for u in log.requested), log.requested
    page, log = open_page((built_book / "search.html").as_uri() + "?q=veto")
    search(page)
    assert any("treatylab-search-text.js" in u for u in log.requested), log.requested
    assert log.problems == []


@pytest.mark.parametrize("keyboard", [True, False], ids=["keyboard", "click"])
def test_bootstrap_loads_on_first_use_and_the_download_menu_opens(built_book, open_page, keyboard):
    page, log = open_page(built_book / "exercises" / "03-veto-simulator.html")
    assert not any("bootstrap.js" in u for u in log.requested), "bootstrap.js loaded before any use"
    toggle = page.locator('.article-header-buttons [data-bs-toggle="dropdown"]').first
    if keyboard:
        toggle.focus()
        page.keyboard.press("Enter")
    else:
        toggle.dispatch_event("click")  # a click with no hover or focus before it: the script not yet in
    page.wait_for_function("() => !!window.bootstrap")
    menu = page.locator(".article-header-buttons .dropdown-menu").first
    menu.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_text(".ipynb").is_visible()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "(el) => el.getAttribute('aria-expanded') === 'false'", arg=toggle.element_handle()
    )
    assert any("bootstrap.js" in u for u in log.requested)
    assert log.problems == []


def test_each_page_loads_only_the_assets_its_content_uses(built_book):
    def assets(path: str) -> str:
        return " ".join(loaded_files(built_book / path, built_book))  # bundles counted by their files

    glossary = assets("chapters/glossary.html")
    for unused in (
        "copybutton",
        "clipboard.min.js",
        "pygments.css",
        "togglebutton",
        "sphinx-design",
        "mystnb.",
    ):
        assert unused not in glossary, unused
    exercise = assets("exercises/03-veto-simulator.html")
    for used in ("copybutton.js", "pygments.css", "mystnb."):
        assert used in exercise, used
    assert "sphinx-design.min.css" in assets("chapters/02-road-to-istanbul.html")  # it has dropdowns
    head = (built_book / "exercises/03-veto-simulator.html").read_text()
    assert 'type="text/x-treatylab-later" src="../_static/copybutton.js' in head  # after the load
    for page in ("chapters/glossary.html", "exercises/03-veto-simulator.html", "search.html"):
        html = (built_book / page).read_text()
        assert "bootstrap.js" not in html.replace('data-bootstrap="scripts/bootstrap.js', ""), page
        assert "x-thebe-config" not in html and "kernelName" not in html, page


#: Records, in order, the load event and each script element inserted with a src that will run.
SCRIPT_ORDER = """window.__tlOrder = [];
window.addEventListener("load", () => window.__tlOrder.push("load"));
new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
  if (n.tagName === "SCRIPT" && n.src && !n.type) window.__tlOrder.push(n.src.split("/").pop().split("?")[0]);
}))).observe(document, {childList: true, subtree: true});"""


def test_copy_buttons_come_once_the_page_has_loaded(built_book, browser):
    """The copy button's scripts and stylesheet are fetched only after the load event, then give every
    code cell its button, and a click copies the cell's code."""
    context = browser.new_context()
    context.add_init_script(SCRIPT_ORDER)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((built_book / "exercises" / "03-veto-simulator.html").as_uri())
        cells = page.locator("div.highlight pre")
        assert cells.count() > 0
        buttons = "(n) => document.querySelectorAll('button.copybtn').length === n"
        page.wait_for_function(buttons, arg=cells.count())
        order = page.evaluate("window.__tlOrder")
        assert order.index("load") < order.index("clipboard.min.js") < order.index("copybutton.js"), order
        # Its stylesheet came with it: the button sits in the cell's corner (copybutton.css).
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('button.copybtn')).position === 'absolute'"
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        shown = page.locator("div.highlight").filter(visible=True).first  # not a hidden setup cell
        shown.hover()  # the button shows on hover
        shown.locator("button.copybtn").click()
        copied = page.evaluate("() => navigator.clipboard.readText()").strip()
        assert copied and copied in shown.locator("pre").inner_text()
    finally:
        context.close()
    assert errors == []


def test_back_to_top_appears_when_scrolling_back_up(built_book, open_page):
    """Bootstrap's back-to-top button (shown below 1200 px) still works with Bootstrap on demand."""
    page, log = open_page(built_book / "chapters" / "04-april-drafts.html", width=1000)
    button = page.locator("#pst-back-to-top")
    page.mouse.move(500, 500)
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => window.scrollY > 2000")
    assert not button.is_visible()
    assert not page.evaluate("!!window.bootstrap"), "Bootstrap loaded by scrolling down"
    for _ in range(8):  # scrolling up, a step at a time: Bootstrap comes in, then shows the button
        y = page.evaluate("window.scrollY")
        page.mouse.wheel(0, -150)
        page.wait_for_function("(y) => window.scrollY < y", arg=y)
        if button.is_visible():
            break
    assert button.is_visible()
    button.click()
    page.wait_for_function("() => window.scrollY === 0")
    assert log.problems == []
