"""Fetch JavaScript from npm packages once, check it, and cache it (for the book, or for tests).

Why not a CDN: the book must work offline and from ``file://``. Why not ``npm install``: the files
we need are self-contained bundles, so ``npm pack`` of each (a single tarball, checked against the
sha512 in the manifest) is enough, without a node_modules tree.
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


def packages(manifest: Path = MANIFEST) -> list[Package]:
    """The packages listed in a manifest (vendor.json by default)."""
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    return [Package(**p) for p in raw["packages"]]


def cache_dir(manifest: Path = MANIFEST) -> Path:
    """The cache folder for a manifest's current content (a new manifest gets a new folder)."""
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()[:16]
    return CACHE_ROOT / digest


def _sri(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _npm_pack(package: Package, into: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            f"npm is not installed: it is needed once to fetch {package.name}@{package.version}. "
            "Install Node.js/npm and try again."
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


def ensure_vendored(manifest: Path = MANIFEST) -> Path:
    """Return a folder whose ``vendor/`` holds every file the manifest names, fetching on first use."""
    target = cache_dir(manifest)
    if (target / ".complete").exists():
        return target
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_ROOT) as tmp:
        work = Path(tmp)
        staging = work / "out"
        for package in packages(manifest):
            tarball = _npm_pack(package, work)
            _extract(package, tarball, staging / STATIC_SUBDIR / package.dest)
        (staging / STATIC_SUBDIR).mkdir(parents=True, exist_ok=True)
        (staging / ".complete").write_text("ok\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target
