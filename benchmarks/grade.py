"""Benchmark: ``python -m treatylab grade`` and then ``report`` on a synthetic class of 1,000 and
10,000 students, each with six quiz result files. Prints JSON: seconds, rows and peak memory (RSS)
of each process.

Run from the repository root: ``python benchmarks/grade.py [N ...]`` (default: 1000 10000). The
classes are written to a temporary folder (about 18 KB per student) and removed afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_class import write_class  # noqa: E402


def run(*args: str) -> tuple[float, float]:
    """Run ``python -m treatylab ARGS``; (seconds, peak RSS in MB) of that process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "treatylab", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"treatylab {args[0]} failed: {proc.stderr.read().decode()[-2000:]}")
    return round(seconds, 1), round(usage.ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux


def measure(students: int, work: Path, jobs: int = 1) -> dict[str, float | int]:
    subs = work / f"class-{students}"
    if not subs.exists():
        write_class(subs, students)
    out = work / f"grades-{students}.csv"
    grade_seconds, grade_rss = run("grade", str(subs), "--out", str(out), "--jobs", str(jobs))
    with out.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    report_seconds, report_rss = run("report", str(out), "--out", str(work / f"report-{students}"))
    return {
        "students": students,
        "files": students * 6,
        "rows": rows,
        "jobs": jobs,
        "grade_seconds": grade_seconds,
        "grade_peak_rss_mb": grade_rss,
        "report_seconds": report_seconds,
        "report_peak_rss_mb": report_rss,
        "report_html_mb": round((work / f"report-{students}" / "index.html").stat().st_size / 2**20, 1),
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    with tempfile.TemporaryDirectory(prefix="treatylab-grade-") as tmp:
        results = [measure(n, Path(tmp)) for n in sizes]
    figures: dict[str, object] = {"classes": results}
    if len(results) >= 2:
        figures["grade_rss_ratio_largest_to_smallest"] = round(
            results[-1]["grade_peak_rss_mb"] / results[0]["grade_peak_rss_mb"], 2
        )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
