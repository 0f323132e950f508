"""Fetch the widget JavaScript the static book needs, once, from the npm registry, and cache it.

Why not a CDN: the book must work offline and from ``file://``. Why not ``npm install``: the three
bundles are self-contained, so ``npm pack`` of each (a single tarball, checked against the sha512 in
``vendor.json``) is all we need, without a node_modules tree.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from treatylab.paths import REPO_ROOT

MANIFEST = Path(__file__).with_name("vendor.json")
CACHE_ROOT = REPO_ROOT / ".cache" / "vendor"
#: Files land under ``<cache>/vendor/<dest>/`` so that, as a Sphinx static path, they are served
#: from ``_static/vendor/<dest>/``.
STATIC_SUBDIR = "vendor"


class VendorError(RuntimeError):
    """The widget JavaScript could not be fetched or did not match its checksum."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    dest: str
    files: list[str]


def packages() -> list[Package]:
    """The packages listed in vendor.json."""
    raw = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [Package(**p) for p in raw["packages"]]


def cache_dir() -> Path:
    """The cache folder for the current manifest (a new manifest gets a new folder)."""
    digest = hashlib.sha256(MANIFEST.read_bytes()).hexdigest()[:16]
    return CACHE_ROOT / digest


def _sri(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _npm_pack(package: Package, into: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            "npm is not installed: it is needed once to fetch the widget JavaScript "
            f"({', '.join(p.name for p in packages())}). Install Node.js/npm and build again."
        )
    spec = f"{package.name}@{package.version}"
    proc = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(into), "--json", "--prefer-offline"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise VendorError(f"`npm pack {spec}` failed: {' '.join(tail)}")
    filename = json.loads(proc.stdout)[0]["filename"]
    tarball = into / filename
    if _sri(tarball) != package.integrity:
        raise VendorError(f"{spec}: checksum of the downloaded tarball does not match vendor.json")
    return tarball


def _extract(package: Package, tarball: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        for pattern in package.files:
            matched = [m for m in members if fnmatch.fnmatch(m.name, f"package/{pattern}")]
            if not matched:
                raise VendorError(f"{package.name}@{package.version}: no file matches {pattern!r}")
            for member in matched:
                source = tar.extractfile(member)
                assert source is not None
                (dest / Path(member.name).name).write_bytes(source.read())


def ensure_vendored() -> Path:
    """Return a folder whose ``vendor/`` holds every vendored file, fetching it on first use."""
    target = cache_dir()
    if (target / ".complete").exists():
        return target
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_ROOT) as tmp:
        work = Path(tmp)
        staging = work / "out"
        for package in packages():
            tarball = _npm_pack(package, work)
            _extract(package, tarball, staging / STATIC_SUBDIR / package.dest)
        (staging / ".complete").write_text("ok\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target
