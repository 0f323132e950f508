"""The built book as a SCORM package: every chapter quiz and every exercise its own SCO.

``export_scorm`` zips an edition's built HTML with an ``imsmanifest.xml`` (SCORM 1.2, or SCORM 2004
4th edition). The organization follows the book's table of contents, as the build recorded it in
``pages.json`` (:mod:`treatylab.book.pages`): a page that holds an activity is a SCO launched at that
page, so the LMS keeps one score per activity; every other page is a plain asset. Each page's HTML is its own
resource; everything else the pages load (``_static/``, images, search) is one shared asset
resource they depend on. The pages report to the LMS through ``book/static/scorm-adaptor.js``.

Each SCO's item launches its page with parameters naming its activity and the package's SCORM version
(``?tl-activity=veto&tl-scorm=1.2``): the adaptor reports only for the activity its launch names, and
tries that version's API first. With a passing score, each scored SCO carries it (1.2:
``adlcp:masteryscore``; 2004: a primary objective satisfied by a minimum normalized measure). A 2004
package lets the learner move on with Previous/Continue (``imsss:sequencing`` with flow) as well as
through the menu. The schema files (XSD) of the package's version go at its root
(``scorm_xsd/``, where their origin is stated); files no page loads are left out (source maps, the
theme's FontAwesome script and fonts, which the book replaces with its own cut-down icon fonts, and
the theme's message catalogs).

The zip is deterministic: entries sorted, fixed timestamps and permissions, so the same build gives
the same bytes.
"""

from __future__ import annotations

import fnmatch
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from treatylab.activities import Activity
from treatylab.book.pages import PAGES_JSON, read_book
from treatylab.content import Content
from treatylab.export.formats import SCORM_EDITIONS, SCORM_VERSIONS
from treatylab.paths import REPO_ROOT

VERSIONS, EDITIONS = SCORM_VERSIONS, SCORM_EDITIONS
#: Files of the built site that are not part of the book a learner opens.
SKIPPED = (".buildinfo", "objects.inv", PAGES_JSON)
#: Files no page loads (paths relative to the site, shell patterns): source maps; the theme's
#: FontAwesome script (lean pages drop it) and the full fonts (the pages load ``treatylab-icons/``);
#: the theme's message catalogs (Sphinx reads them while building, a page never does); the
#: template fragments the themes copy into _static.
UNUSED = (
    "*.map",
    "_static/scripts/fontawesome.js",
    "_static/scripts/fontawesome.js.LICENSE.txt",
    "_static/vendor/fontawesome/*",
    "_static/locales/*",
    "_static/*webpack-macros.html",
)
#: The schema files each version's package carries at its root (see scorm_xsd/README.md).
XSD_DIR = Path(__file__).with_name("scorm_xsd")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = {
    "1.2": f"{CP_12} imscp_rootv1p1p2.xsd {ADLCP_12} adlcp_rootv1p2.xsd",
    "2004": f"{CP_2004} imscp_v1p1.xsd {ADLCP_2004} adlcp_v1p3.xsd {IMSSS} imsss_v1p0.xsd",
}


class ScormError(RuntimeError):
    """The package cannot be made (the message says why and names the file)."""


@dataclass(frozen=True)
class Page:
    """One page of the table of contents: its docname, title and the activities it holds."""

    docname: str
    title: str
    activities: tuple[Activity, ...]
    #: The page's file in the built site.
    href: str

    @property
    def ident(self) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "-", self.docname)


def book_pages(html_dir: Path, content: Content) -> list[tuple[str, list[Page]]]:
    """The pages of the built book by part of the table of contents, with their titles and activities."""
    parts: dict[str, list[Page]] = {}
    try:
        _, entries = read_book(html_dir)
    except ValueError as exc:
        raise ScormError(str(exc)) from None
    for entry in entries:
        activities = tuple(content.activity(a) for a in entry["activities"])
        page = Page(entry["page"], entry["title"], activities, entry["file"])
        parts.setdefault(entry["part"], []).append(page)
    return list(parts.items())


def site_files(html_dir: Path) -> list[str]:
    """Every file of the built site the package carries, as sorted POSIX paths."""
    files = (
        p.relative_to(html_dir).as_posix()
        for p in html_dir.rglob("*")
        if p.is_file() and p.name not in SKIPPED and not p.name.startswith(".")
    )
    return sorted(f for f in files if not any(fnmatch.fnmatchcase(f, pattern) for pattern in UNUSED))


def control_files(version: str) -> list[Path]:
    """The schema files (XSD, DTD) a package of ``version`` carries at its root."""
    return sorted(p for p in (XSD_DIR / version).iterdir() if p.suffix in (".xsd", ".dtd"))


def check_passing_score(passing_score: float | None, edition: str) -> None:
    """A passing score is a percentage, and only the student edition has a score to pass."""
    if passing_score is None:
        return
    if not 0 <= passing_score <= 100:
        raise ScormError(f"--passing-score {passing_score:g}: must be a percentage from 0 to 100")
    if edition != "student":
        raise ScormError(
            f"--passing-score: the {edition} edition has no answer key, so its SCOs report no score to pass"
        )


def _item_title(page: Page) -> str:
    if len(page.activities) == 1 and page.activities[0].kind == "exercise":
        return page.activities[0].title
    if page.activities:
        return f"{page.title} (with {', '.join(a.title for a in page.activities)})"
    return page.title


def launch_parameters(page: Page, version: str) -> str:
    """The item's ``parameters``: the activity its launch reports and the package's version."""
    return f"?tl-activity={page.activities[0].id}&tl-scorm={version}"


def manifest(
    parts: list[tuple[str, list[Page]]],
    files: list[str],
    version: str,
    title: str,
    ident: str,
    passing_score: float | None = None,
) -> etree._Element:
    """The imsmanifest.xml for ``parts`` (the toc) and ``files`` (every file in the package), with
    ``passing_score`` (a percentage) on every SCO when given."""
    v2004 = version == "2004"
    cp, adlcp = (CP_2004, ADLCP_2004) if v2004 else (CP_12, ADLCP_12)
    scormtype = f"{{{adlcp}}}{'scormType' if v2004 else 'scormtype'}"

    def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, f"{{{cp}}}{tag}", **attrs)
        if text is not None:
            el.text = text
        return el

    def seq(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{IMSSS}}}{tag}", **attrs)

    def flow(parent: etree._Element) -> None:
        """Previous/Continue among ``parent``'s children, as well as choice from the menu (2004)."""
        if v2004:
            seq(seq(parent, "sequencing"), "controlMode", choice="true", flow="true")

    def mastery(item: etree._Element, page: Page) -> None:
        if passing_score is None:
            return
        if not v2004:
            etree.SubElement(item, f"{{{adlcp}}}masteryscore").text = f"{passing_score:g}"
            return
        objectives = seq(seq(item, "sequencing"), "objectives")
        primary = seq(
            objectives,
            "primaryObjective",
            objectiveID=f"{page.activities[0].id}-passed",
            satisfiedByMeasure="true",
        )
        seq(primary, "minNormalizedMeasure").text = f"{passing_score / 100:.4g}"

    nsmap = {None: cp, "adlcp": adlcp, "xsi": XSI} | ({"imsss": IMSSS} if v2004 else {})
    root = etree.Element(f"{{{cp}}}manifest", identifier=ident, version="1", nsmap=nsmap)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS[version])
    metadata = sub(root, "metadata")
    sub(metadata, "schema", "ADL SCORM")
    sub(metadata, "schemaversion", "2004 4th Edition" if v2004 else "1.2")
    organizations = sub(root, "organizations", default="toc")
    organization = sub(organizations, "organization", identifier="toc")
    sub(organization, "title", title)
    resources = sub(root, "resources")
    pages = [page for _, group in parts for page in group]
    for n, (caption, group) in enumerate(parts):
        parent = organization
        if caption:
            parent = sub(organization, "item", identifier=f"part-{n}")
            sub(parent, "title", caption)
        for page in group:
            item = sub(parent, "item", identifier=f"item-{page.ident}", identifierref=f"res-{page.ident}")
            if page.activities:
                item.set("parameters", launch_parameters(page, version))
            sub(item, "title", _item_title(page))
            if page.activities:
                mastery(item, page)
        if parent is not organization:
            flow(parent)
    flow(organization)
    for page in pages:
        resource = sub(
            resources, "resource", identifier=f"res-{page.ident}", type="webcontent", href=page.href
        )
        resource.set(scormtype, "sco" if page.activities else "asset")
        sub(resource, "file", href=page.href)
        sub(resource, "dependency", identifierref="res-site")
    shared = sub(resources, "resource", identifier="res-site", type="webcontent")
    shared.set(scormtype, "asset")
    own = {page.href for page in pages}
    for href in files:
        if href not in own:
            sub(shared, "file", href=href)
    return root


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def write_package(
    html_dir: Path,
    out: Path,
    version: str,
    edition: str,
    content: Content,
    passing_score: float | None = None,
) -> Path:
    """Zip ``html_dir`` (an edition's built book) with its manifest and schema files into ``out``."""
    if version not in VERSIONS:
        raise ScormError(f"--version {version}: must be one of {', '.join(VERSIONS)}")
    check_passing_score(passing_score, edition)
    if not (html_dir / "index.html").is_file():
        raise ScormError(f"{html_dir}: no built book here (index.html is missing)")
    parts = book_pages(html_dir, content)
    for page in (p for _, group in parts for p in group):
        if len(page.activities) > 1:
            names = ", ".join(a.id for a in page.activities)
            raise ScormError(f"{page.docname}: holds {names}; a SCO reports one activity")
    files = site_files(html_dir)
    book_title = read_book(html_dir)[0] or "treatylab"
    title = book_title + (" (assignment edition)" if edition == "assignment" else "")
    ident = f"treatylab-{edition}-scorm{version}".replace(".", "-")
    xml = etree.tostring(
        manifest(parts, files, version, title, ident, passing_score),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(_entry("imsmanifest.xml"), xml, compresslevel=9)
        for control in control_files(version):
            package.writestr(_entry(control.name), control.read_bytes(), compresslevel=9)
        for name in files:
            package.writestr(_entry(name), (html_dir / name).read_bytes(), compresslevel=9)
    return out


def package_name(edition: str, version: str) -> str:
    """``treatylab-scorm1.2.zip``, ``treatylab-assignment-scorm2004.zip``, ..."""
    return f"treatylab{'' if edition == 'student' else '-' + edition}-scorm{version}.zip"


def export_scorm(
    out_dir: Path,
    edition: str = "student",
    version: str = "1.2",
    root: Path = REPO_ROOT,
    passing_score: float | None = None,
) -> Path:
    """Build ``edition`` if its sources changed, then write its SCORM package into ``out_dir``."""
    from treatylab.build import build_book, html_dir

    if edition not in EDITIONS:
        raise ScormError(
            f"--edition {edition}: a SCORM package is made of the {' or '.join(EDITIONS)} edition"
        )
    if version not in VERSIONS:
        raise ScormError(f"--version {version}: must be one of {', '.join(VERSIONS)}")
    check_passing_score(passing_score, edition)
    result = build_book(root, edition=edition, echo=False)
    if not result.ok:
        shown = "; ".join(result.problems[:5]) or f"exit status {result.returncode}"
        raise ScormError(f"the {edition} edition does not build: {shown}")
    content = Content.at(root / "data")
    return write_package(
        html_dir(root, edition),
        out_dir / package_name(edition, version),
        version,
        edition,
        content,
        passing_score,
    )
