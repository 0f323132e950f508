"""Bundles: the stylesheets and the scripts a page waits for, each kind concatenated into one file.

Opened from ``file://`` (how most readers open the book), every file the parser has to wait for is one
more round of the browser's file loading: an exercise page used to wait for six stylesheets and five
scripts, a text page for four and three, and the difference was most of what made an exercise page
slower to become interactive (``benchmarks/run.py``). So, in the page context, after ``lean`` has
chosen what the page loads, each run of blocking local stylesheets becomes one stylesheet and each run
of parser-blocking local scripts one script; after the build (the stylesheets purged), the bundles are
written from the files as they are then. No library fits: the set of files is decided per page, in
Sphinx's page context, and the stylesheets are only final once the whole book is written (webassets
and the like bundle fixed lists).

What may share a bundle, so that it behaves as the separate files did:

* stylesheets: ``rel="stylesheet"`` with no other attribute, and no ``url()`` or ``@import`` (a bundle
  lives in ``_static/`` and relative references would resolve elsewhere); ``@charset`` goes once, first.
  A stylesheet loaded after the page (``lean.LATER_REL``) is stepped over, and so ends up before the
  bundle in the cascade: it styles only the copy button, which no bundled stylesheet does.
* scripts: a ``src`` with no attribute but ``data-*`` ones (which go on the bundle's tag: their
  scripts read them from ``document.currentScript``; two different values for one name end the run).
  A script that does not run while the page is parsed (deferred, loaded later, a JSON data block such
  as the widget state) is stepped over: the bundle goes where the run's last script was, so what it
  needs (the widget state, for the runtime) is parsed before it runs. An inline script ends the run
  (it may use what the scripts before it define). A script whose top level is strict (``"use strict"``
  first) and one that is not may not share a bundle, unless the second is *neutral*: its top level
  means the same in either mode (the book's own scripts, one function expression with its own
  ``"use strict"``; Sphinx's ``documentation_options.js``, one ``const`` of an object literal). A
  strict bundle begins with ``"use strict"``.

Each bundle's first line names its files in order (``members`` reads it back).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

PREFIX = "tl-bundle."
_NAME = re.compile(r"tl-bundle\.[0-9a-f]{12}\.(?:css|js)")
_HEADER = "/* treatylab bundle (treatylab.book.bundle) of: {} */\n"
_HEADER_RE = re.compile(r"/\* treatylab bundle \(treatylab\.book\.bundle\) of: (.*?) \*/")
_CHARSET = re.compile(r'^\s*@charset\s+"[^"]*"\s*;', re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^\s*(?://[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M)
_COMMENTS = re.compile(r"\A(?:\s+|//[^\n]*\n|/\*.*?\*/)*", re.S)
_STRICT = re.compile(r"""["']use strict["']""")
_OWN_IIFE = re.compile(r"""\(function\s*\(\)\s*\{\s*["']use strict["'];""")
#: Scripts of others whose top level means the same in strict and sloppy mode.
_NEUTRAL = {"_static/documentation_options.js"}  # Sphinx: one `const` of an object literal
#: The ``type`` values with which a browser runs a script as a classic script (the HTML standard's
#: JavaScript MIME type essences, and none at all). With ``module`` it is deferred; with any other type
#: it is a data block (the widget state; ``lean.LATER_TYPE``), never run.
_CLASSIC = {"", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
_CLASSIC |= {"application/x-ecmascript", "application/x-javascript", "text/jscript", "text/livescript"}
_CLASSIC |= {"text/x-ecmascript", "text/x-javascript", *(f"text/javascript1.{n}" for n in range(6))}


@dataclass(frozen=True)
class Bundle:
    """One bundle: its kind, its files (relative to the output folder) in order, and its mode."""

    kind: str  # "css" or "js"
    files: tuple[str, ...]
    strict: bool = False

    def name(self, outdir: Path) -> str:
        """``_static/tl-bundle.<digest>.<kind>``: the digest changes when a file does (caches)."""
        sums = [
            f"{f}:{zlib.crc32((outdir / f).read_bytes()):08x}" if (outdir / f).is_file() else f
            for f in self.files
        ]
        digest = hashlib.sha256("\n".join([self.kind, str(self.strict), *sums]).encode()).hexdigest()
        return f"_static/{PREFIX}{digest[:12]}.{self.kind}"


# --- which files may share a bundle ----------------------------------------------------------------


def _local(filename: Any, outdir: Path, *, written: bool = True) -> str | None:
    name = str(filename or "")
    if not name.startswith("_static/") or "://" in name or (written and not (outdir / name).is_file()):
        return None
    return name


def _relative_references(text: str) -> bool:
    return "url(" in text or "@import" in text


def _stylesheet(css: Any, outdir: Path) -> tuple[str, dict[str, str], str] | None:
    """``css``'s file (with no attributes to carry and no mode) if it may go into a bundle. It may not
    be written yet: myst-nb writes its stylesheet when the build ends (``write_bundles`` checks it)."""
    attributes = dict(css.attributes)
    if attributes.pop("rel", None) != "stylesheet" or attributes.pop("type", "text/css") != "text/css":
        return None
    name = _local(css.filename, outdir, written=False)
    if name is None or attributes:
        return None
    path = outdir / name
    if path.is_file() and _relative_references(path.read_text(encoding="utf-8")):
        return None
    return name, {}, "neutral"


def script_mode(text: str, filename: str = "") -> str:
    """``strict``, ``sloppy`` or ``neutral`` (the same in both): how a script's top level runs."""
    code = text[_COMMENTS.match(text).end() :]
    if _STRICT.match(code):
        return "strict"
    if filename in _NEUTRAL or _OWN_IIFE.match(code):
        return "neutral"
    return "sloppy"


def _runs_while_parsing(script: Any) -> bool:
    """Whether the browser runs ``script`` as it parses the page (so that it holds the parser up)."""
    if (script.attributes.get("type") or "").strip().lower() not in _CLASSIC:
        return False  # a module (deferred) or a data block
    return not script.filename or not ({"defer", "async"} & set(script.attributes))


def _script(script: Any, outdir: Path) -> tuple[str, dict[str, str], str] | None:
    """``script``'s file, its ``data-*`` attributes and mode, if it may go into a bundle."""
    attributes = dict(script.attributes)
    if attributes.pop("type", "text/javascript") != "text/javascript" or attributes.pop("body", ""):
        return None
    name = _local(script.filename, outdir)
    if name is None or any(not key.startswith("data-") for key in attributes):
        return None
    return name, attributes, script_mode((outdir / name).read_text(encoding="utf-8", errors="replace"), name)


# --- the page context -------------------------------------------------------------------------------


class _Runs:
    """Collects the runs of one list of assets; ``result`` is the list with each run of two or more
    replaced by its bundle, at the place of its last member."""

    def __init__(self, kind: str, outdir: Path, manifests: Path) -> None:
        self.kind, self.outdir, self.manifests = kind, outdir, manifests
        self.out: list[Any] = []
        self.members: list[tuple[int, Any, str]] = []  # (index in out, asset, file)
        self.data: dict[str, str] = {}
        self.mode = "neutral"

    def close(self) -> None:
        if len(self.members) > 1:
            files = tuple(file for _, _, file in self.members)
            bundle = Bundle(self.kind, files, strict=self.mode == "strict")
            name = bundle.name(self.outdir)
            _write_manifest(self.manifests, name, bundle)
            last = self.members[-1][1]
            # Sphinx's asset classes are private; type(last) builds another of the same kind.
            attributes = {"rel": "stylesheet", "type": "text/css"} if self.kind == "css" else self.data
            self.out[self.members[-1][0]] = type(last)(name, priority=last.priority, **attributes)
            for index, _, _ in self.members[:-1]:
                self.out[index] = None
        self.members, self.data, self.mode = [], {}, "neutral"

    def add(self, asset: Any, file: str, data: dict[str, str], mode: str) -> None:
        clash = any(self.data.get(k, v) != v for k, v in data.items())
        if clash or {mode, self.mode} == {"strict", "sloppy"}:
            self.close()
        self.data.update(data)
        if mode != "neutral":
            self.mode = mode
        self.members.append((len(self.out), asset, file))
        self.out.append(asset)

    def keep(self, asset: Any, *, ends_run: bool) -> None:
        if ends_run:
            self.close()
        self.out.append(asset)

    def result(self) -> list[Any]:
        self.close()
        return [asset for asset in self.out if asset is not None]


def _write_manifest(manifests: Path, name: str, bundle: Bundle) -> None:
    path = manifests / (Path(name).name + ".json")
    if not path.is_file():
        manifests.mkdir(parents=True, exist_ok=True)
        record = {"kind": bundle.kind, "files": list(bundle.files), "strict": bundle.strict}
        path.write_text(json.dumps(record), encoding="utf-8")


def _blocks_rendering(css: Any) -> bool:
    return css.attributes.get("rel") == "stylesheet"


#: Per list of the page context: the kind of its bundles, which of its assets may share one (and
#: how), and which of the others the browser waits for (they end a run; the rest are stepped over).
_LISTS = (
    ("css_files", "css", _stylesheet, _blocks_rendering),
    ("script_files", "js", _script, _runs_while_parsing),
)


def bundle_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Replace each run of blocking stylesheets, and of parser-blocking scripts, by one bundle."""
    if app.builder.format != "html":
        return
    outdir, manifests = Path(app.outdir), manifest_dir(app)
    for key, kind, member, waited_for in _LISTS:
        if key not in context:
            continue
        runs = _Runs(kind, outdir, manifests)
        for asset in context[key]:
            found = member(asset, outdir)
            if found:
                runs.add(asset, *found)
            else:
                runs.keep(asset, ends_run=waited_for(asset))
        context[key] = runs.result()


def manifest_dir(app: Sphinx) -> Path:
    """Where the files of each bundle are recorded between the page context and the build's end."""
    return Path(app.doctreedir) / "treatylab-bundles"


# --- after the build --------------------------------------------------------------------------------


def _css_part(text: str) -> str:
    return _SOURCE_MAP.sub("", _CHARSET.sub("", text, count=1)).strip()


def _js_part(text: str) -> str:
    return _SOURCE_MAP.sub("", text).strip()


def bundle_text(outdir: Path, bundle: Bundle) -> str:
    """The text of ``bundle``, from its files as they are now in ``outdir``."""
    texts = [(outdir / f).read_text(encoding="utf-8") for f in bundle.files]
    header = _HEADER.format(" ".join(bundle.files))
    if bundle.kind == "css":
        return '@charset "UTF-8";\n' + header + "\n".join(_css_part(t) for t in texts) + "\n"
    strict = '"use strict";\n' if bundle.strict else ""
    return header + strict + "\n;\n".join(_js_part(t) for t in texts) + "\n"


def _unbundlable(outdir: Path, bundle: Bundle) -> str | None:
    """Why ``bundle`` cannot be written as it is recorded, if it cannot."""
    for file in bundle.files:
        path = outdir / file
        if not path.is_file():
            return f"{file} was never written"
        if bundle.kind == "css" and _relative_references(path.read_text(encoding="utf-8")):
            return f"{file} has a url() or @import, which would resolve elsewhere from the bundle"
    return None


def write_bundles(outdir: Path, pages: dict[Path, str], manifests: Path) -> None:
    """Write every bundle a page of ``pages`` loads; remove the ones no page loads any more."""
    static = outdir / "_static"
    used = {name for text in pages.values() for name in _NAME.findall(text)}
    for name in sorted(used):
        manifest = manifests / f"{name}.json"
        if not manifest.is_file():
            logger.warning(
                f"treatylab: a page loads _static/{name}, but no record of its files is left in "
                f"{manifests}; rebuild with `python -m treatylab build --all`",
                type="treatylab",
                subtype="bundle",
            )
            continue
        record = json.loads(manifest.read_text(encoding="utf-8"))
        bundle = Bundle(record["kind"], tuple(record["files"]), record["strict"])
        problem = _unbundlable(outdir, bundle)
        if problem:
            logger.warning(
                f"treatylab: cannot write _static/{name}: {problem}", type="treatylab", subtype="bundle"
            )
            continue
        (static / name).write_text(bundle_text(outdir, bundle), encoding="utf-8")
    for stale in static.glob(f"{PREFIX}*"):
        if stale.name not in used:
            stale.unlink()


def members(bundle_file: Path) -> list[str]:
    """The files (relative to the output folder) a written bundle holds, in order."""
    with bundle_file.open(encoding="utf-8") as f:
        head = [f.readline() for _ in range(2)]  # the header: first, or second after @charset
    found = _HEADER_RE.search("".join(head))
    return found.group(1).split(" ") if found else []


_ASSET = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"?#]+)')


def loaded_files(page: Path, html_dir: Path) -> list[str]:
    """The stylesheets and scripts ``page``'s head names, in order, each bundle replaced by its files
    (paths relative to ``html_dir``)."""
    text = page.read_text(encoding="utf-8")
    head = text[: text.find("<body")]
    files = []
    for url in _ASSET.findall(head):
        path = (page.parent / url).resolve()
        if not path.is_relative_to(html_dir.resolve()) or not path.is_file():
            continue
        relative = path.relative_to(html_dir.resolve()).as_posix()
        files.extend(members(path) if _NAME.fullmatch(path.name) else [relative])
    return files


def setup(app: Sphinx) -> None:
    # After every handler that chooses what a page loads (lean.page_assets and thebe's removal: 900).
    app.connect("html-page-context", bundle_assets, priority=950)
