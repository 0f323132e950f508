"""Bundles (treatylab.book.bundle): which of a page's stylesheets and scripts share one file, where it
goes, what it holds; and, on the built book, that every page waits for one file of each kind."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.builders.html._assets import _CascadingStyleSheet as Css
from sphinx.builders.html._assets import _JavaScript as Js

from treatylab.book import bundle
from treatylab.book.lean import LATER_REL, LATER_TYPE

FILES = {
    "a.css": '@charset "UTF-8";.a{color:red}\n/*# sourceMappingURL=a.css.map */',
    "b.css": ".b{color:blue}",
    "font.css": "@font-face{src:url(x.woff2)}",
    "later.css": ".copybtn{opacity:0}",
    "documentation_options.js": "const DOCUMENTATION_OPTIONS = {VERSION: ''};",
    "doctools.js": '/* licence */\n"use strict";\nconst Documentation = {};',
    "own.js": '// ours\n(function () {\n  "use strict";\n  window.own = 1;\n})();',
    "sloppy.js": "var loose = 1;",
    "later.js": "window.later = 1;",
}


@pytest.fixture
def app(tmp_path: Path) -> SimpleNamespace:
    static = tmp_path / "html" / "_static"
    static.mkdir(parents=True)
    for name, text in FILES.items():
        (static / name).write_text(text)
    return SimpleNamespace(
        builder=SimpleNamespace(format="html"),
        outdir=str(tmp_path / "html"),
        doctreedir=str(tmp_path / "doctrees"),
    )


def bundled(app: SimpleNamespace, css: list | None = None, scripts: list | None = None) -> dict:
    context = {"css_files": css or [], "script_files": scripts or []}
    bundle.bundle_assets(app, "page", "page.html", context, None)
    return context


def files(app: SimpleNamespace, asset: object) -> list[str]:
    """The files ``asset`` stands for: its bundle's, or its own."""
    name = str(asset.filename)
    if not name.startswith(f"_static/{bundle.PREFIX}"):
        return [name]
    bundle.write_bundles(Path(app.outdir), {Path("p.html"): name}, bundle.manifest_dir(app))
    return bundle.members(Path(app.outdir) / name)


def test_a_run_of_stylesheets_becomes_one_and_one_loaded_later_is_stepped_over(app):
    later = Css("_static/later.css", rel=LATER_REL, type="text/css")
    css = [Css(f"_static/{n}", rel="stylesheet", type="text/css") for n in ("a.css", "b.css")]
    out = bundled(app, css=[css[0], later, css[1]])["css_files"]
    assert out[0] is later and len(out) == 2
    assert out[1].attributes == {"rel": "stylesheet", "type": "text/css"}
    assert files(app, out[1]) == ["_static/a.css", "_static/b.css"]
    text = (Path(app.outdir) / out[1].filename).read_text()
    assert text.startswith('@charset "UTF-8";\n') and text.count("@charset") == 1  # once, first
    assert text.index(".a{color:red}") < text.index(".b{color:blue}")
    assert "sourceMappingURL" not in text


def test_a_stylesheet_with_relative_references_is_not_bundled_and_ends_the_run(app):
    names = ("a.css", "font.css", "b.css")
    out = bundled(app, css=[Css(f"_static/{n}", rel="stylesheet", type="text/css") for n in names])[
        "css_files"
    ]
    assert [str(c.filename) for c in out] == [f"_static/{n}" for n in names]  # runs of one stay as they are


def test_a_stylesheet_written_only_when_the_build_ends_is_bundled_and_checked_then(app, caplog):
    """myst-nb writes its stylesheet after the pages: its bundle is written, or refused, at the end."""
    outdir = Path(app.outdir)
    css = [Css(f"_static/{n}", rel="stylesheet", type="text/css") for n in ("a.css", "late.css")]
    out = bundled(app, css=css)["css_files"]
    assert len(out) == 1
    name = str(out[0].filename)
    (outdir / "_static/late.css").write_text(".late{color:teal}")
    assert files(app, out[0]) == ["_static/a.css", "_static/late.css"]
    assert ".late{color:teal}" in (outdir / name).read_text()
    (outdir / name).unlink()
    (outdir / "_static/late.css").write_text(".late{background:url(x.png)}")
    with caplog.at_level(logging.WARNING):
        bundle.write_bundles(outdir, {Path("p.html"): name}, bundle.manifest_dir(app))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("_static/late.css has a url()" in w for w in warnings), warnings
    assert not (outdir / name).exists()


def test_scripts_that_do_not_run_while_parsing_are_stepped_over_and_the_bundle_comes_last(app):
    state = Js("", type="application/vnd.jupyter.widget-state+json", body="{}")
    deferred = Js("_static/later.js", defer="defer")
    later = Js("_static/later.js", type=LATER_TYPE)
    scripts = [
        Js("_static/documentation_options.js"),
        Js("_static/doctools.js"),
        later,
        deferred,
        state,
        Js("_static/own.js", **{"data-x": "1"}),
        Js("", body="DOCUMENTATION_OPTIONS.pagename = 'p';"),
    ]
    out = bundled(app, scripts=scripts)["script_files"]
    assert out[:3] == [later, deferred, state]  # what the runtime needs (the state) comes before it
    assert out[3].attributes == {"data-x": "1"}  # read through document.currentScript
    assert files(app, out[3]) == ["_static/documentation_options.js", "_static/doctools.js", "_static/own.js"]
    assert out[4] is scripts[-1]
    text = (Path(app.outdir) / out[3].filename).read_text()
    assert text.splitlines()[1] == '"use strict";'  # doctools.js stays strict in the bundle


def test_runs_end_at_an_inline_script_a_change_of_mode_and_a_clash_of_data_attributes(app):
    scripts = [
        Js("_static/doctools.js"),
        Js("_static/sloppy.js"),  # strict, then sloppy: two bundles (here: two runs of one)
        Js("", body="window.x = 1;"),
        Js("_static/own.js", **{"data-x": "1"}),
        Js("_static/documentation_options.js", **{"data-x": "2"}),
        Js("_static/sloppy.js"),
    ]
    out = bundled(app, scripts=scripts)["script_files"]
    assert [files(app, s) for s in out] == [
        ["_static/doctools.js"],
        ["_static/sloppy.js"],
        [""],
        ["_static/own.js"],
        ["_static/documentation_options.js", "_static/sloppy.js"],  # neutral joins sloppy
    ]
    assert out[4].attributes == {"data-x": "2"}


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("doctools.js", "strict"),
        ("own.js", "neutral"),
        ("documentation_options.js", "neutral"),
        ("sloppy.js", "sloppy"),
    ],
)
def test_script_modes(name, mode):
    assert bundle.script_mode(FILES[name], f"_static/{name}") == mode
    if name == "documentation_options.js":  # neutral by its name (Sphinx's), not by its text
        assert bundle.script_mode(FILES[name], "_static/other.js") == "sloppy"


def test_a_bundle_changes_name_when_a_file_changes_and_stale_bundles_go(app):
    css = [Css(f"_static/{n}", rel="stylesheet", type="text/css") for n in ("a.css", "b.css")]
    first = bundled(app, css=list(css))["css_files"][0].filename
    (Path(app.outdir) / "_static/b.css").write_text(".b{color:green}")
    second = bundled(app, css=list(css))["css_files"][0].filename
    assert first != second
    outdir = Path(app.outdir)
    bundle.write_bundles(outdir, {Path("p.html"): f"{first} {second}"}, bundle.manifest_dir(app))
    bundle.write_bundles(outdir, {Path("p.html"): str(second)}, bundle.manifest_dir(app))
    assert not (outdir / first).exists() and (outdir / second).is_file()


def test_a_page_that_names_a_bundle_with_no_record_is_a_warning(app, caplog):
    with caplog.at_level(logging.WARNING):
        bundle.write_bundles(
            Path(app.outdir), {Path("p.html"): "tl-bundle.0123456789ab.js"}, Path(app.doctreedir)
        )
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("tl-bundle.0123456789ab.js" in w and "--all" in w for w in warnings), warnings


def blocking(page: Path) -> list[str]:
    """The stylesheets and parser-blocking scripts in ``page``'s head."""
    head = page.read_text(encoding="utf-8").split("<body", 1)[0]
    tags = [t for t in head.split("<")[1:] if t.startswith(("link ", "script "))]
    return [
        t.split(">")[0]
        for t in tags
        if 'rel="stylesheet"' in t
        or (t.startswith("script ") and " src=" in t and "defer" not in t and "type=" not in t.split(">")[0])
    ]


@pytest.mark.parametrize(
    "page", ["exercises/01-clause-viewer.html", "chapters/06-lessons.html", "chapters/glossary.html"]
)
def test_each_page_waits_for_one_bundle_of_each_kind_after_the_themes_stylesheets(built_book, page):
    tags = blocking(built_book / page)
    assert len(tags) == 4, tags  # theme.css, pydata-sphinx-theme.css, a stylesheet bundle, a script bundle
    assert "styles/theme.css" in tags[0] and "styles/pydata-sphinx-theme.css" in tags[1]
    assert bundle.PREFIX in tags[2] and bundle.PREFIX in tags[3]
    loaded = bundle.loaded_files(built_book / page, built_book)
    assert "_static/treatylab-book.css" in loaded and "_static/doctools.js" in loaded


def test_every_bundle_a_page_names_is_written_from_its_files(built_book):
    static = built_book / "_static"
    written = sorted(static.glob(f"{bundle.PREFIX}*"))
    assert written
    for path in written:
        parts = bundle.members(path)
        assert len(parts) > 1, path.name
        for part in parts:
            assert (built_book / part).is_file(), (path.name, part)
