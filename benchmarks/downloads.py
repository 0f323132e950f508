"""Benchmark: the self-learner's download and the instructor's handout. Prints JSON.

For each edition that ships a wheel (student, assignment): the wheel and the notebooks archive built
fresh (no wheel cache), their sizes in KB and the seconds it took, and then the same with the wheel
cached (what a rebuild of the book costs); and ``release`` into an empty folder, with the build's wheel
cache (warm after a build of the assignment edition), its seconds and the handout's size. Run from the
repository root:
``python benchmarks/downloads.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treatylab.packaging import write_downloads  # noqa: E402
from treatylab.release import release  # noqa: E402


def kb(path: Path) -> int:
    return round(path.stat().st_size / 1024)


def downloads(edition: str, tmp: Path) -> dict[str, object]:
    cache = tmp / f"cache-{edition}"
    started = time.perf_counter()
    wheel, archive = write_downloads(ROOT, edition, tmp / f"fresh-{edition}", cache)
    fresh = time.perf_counter() - started
    started = time.perf_counter()
    write_downloads(ROOT, edition, tmp / f"cached-{edition}", cache)
    cached = time.perf_counter() - started
    return {
        "wheel_kb": kb(wheel),
        "archive_kb": kb(archive),
        "seconds_fresh": round(fresh, 2),
        "seconds_cached": round(cached, 2),
    }


def handout(tmp: Path) -> dict[str, object]:
    started = time.perf_counter()
    written = release(tmp / "handout")
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "files": len(written),
        "kb": round(sum(p.stat().st_size for p in written) / 1024),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="treatylab-downloads-") as name:
        tmp = Path(name)
        figures = {edition: downloads(edition, tmp) for edition in ("student", "assignment")}
        figures["release"] = handout(tmp)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
