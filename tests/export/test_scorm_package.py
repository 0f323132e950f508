"""The SCORM package: its manifest against the zip, IMS content-packaging structure, one SCO per
activity, determinism and size; and the gradebook CSV that ``grade --gradebook`` writes."""

from __future__ import annotations

import csv
import os
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
from treatylab.export.scorm import ADLCP_12, ADLCP_2004, CP_12, CP_2004, site_files, write_package
from treatylab.gradebook import IDENTITY, column


@pytest.fixture(scope="module", params=["1.2", "2004"])
def package(request, built_book: Path, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("scorm") / f"book-{request.param}.zip"
    return request.param, write_package(built_book, out, request.param, "student", content())


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
    assert names - set(hrefs) == {"imsmanifest.xml"}
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


def test_package_is_deterministic_and_small(built_book: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    first = write_package(built_book, tmp_path / "a.zip", "1.2", "student", content())
    seconds = time.perf_counter() - start
    second = write_package(built_book, tmp_path / "b.zip", "1.2", "student", content())
    assert first.read_bytes() == second.read_bytes()
    site = sum((built_book / f).stat().st_size for f in site_files(built_book))
    assert first.stat().st_size <= 1.5 * site
    assert seconds <= 20
    print(f"scorm package: {seconds:.1f} s, {first.stat().st_size} bytes for {site} bytes of site")


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
    assert header == [*IDENTITY, *(column(a.id, a.title) for a in activities)]
    assert sorted(r[0] for r in body) == ["'=HYPERLINK(1)", "ada"]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    marked = len(veto.marked_items())
    assert float(by_name["ada"][column("veto", get_title("veto"))]) == round(100 / marked, 1)
    assert float(by_name["'=HYPERLINK(1)"][column("veto", get_title("veto"))]) == 0.0
    for row in body:
        for cell in row[len(IDENTITY) :]:
            assert cell == "" or float(cell) >= 0


def get_title(activity_id: str) -> str:
    return next(a.title for a in content().activities() if a.id == activity_id)
