"""Benchmark: ``python -m treatylab grade`` and then ``report`` on synthetic classes, each student with
one quiz result file per chapter quiz (eight): 1,000 and 10,000 students, each also with 1 % of the
files hostile (``synthetic_class.HOSTILE``: a 990-deep array, a 4,000-digit number, a 200 KB choice,
a truncated file, a broken notebook, NaN). Prints JSON: for each run the median wall time, the CPU
time (user + system) and the peak memory (RSS) of the process, over ``--runs`` runs (a first run
fills the key tables' cache and is left out), with the machine's load average. The clean and the
hostile class of each size are graded in turn, and the ratio of each pair is taken, so that the load
of a shared machine falls on both alike.

Run from the repository root: ``python benchmarks/grade.py [--runs 5] [--sizes 1000 10000]``. The
classes are written to a temporary folder (about 18 KB per student) and removed afterwards. The
machine may be shared: read the CPU times beside the wall times, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_class import write_class  # noqa: E402


def run(*args: str, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Run ``python -m treatylab ARGS``; wall and CPU seconds and peak RSS (MB) of that process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "treatylab", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"treatylab {args[0]} failed: {stderr.decode()[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
        "skipped_lines": stderr.count(b"skipped"),
    }


def _summary(label: str, samples: list[dict[str, float]], load: float) -> dict[str, object]:
    return {
        "run": label,
        "wall_seconds_median": round(statistics.median(s["wall"] for s in samples), 2),
        "wall_seconds_min": round(min(s["wall"] for s in samples), 2),
        "cpu_seconds_median": round(statistics.median(s["cpu"] for s in samples), 2),
        "peak_rss_mb": round(max(s["rss_mb"] for s in samples), 1),
        "skipped_lines": int(samples[0]["skipped_lines"]),
        "load_average_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        "runs": len(samples),
    }


def measure(label: str, args: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> dict[str, object]:
    run(*args, ok=ok)  # fills the key tables' cache; not counted
    load = os.getloadavg()[0]
    return _summary(label, [run(*args, ok=ok) for _ in range(runs)], load)


def paired(
    clean: list[str], hostile: list[str], runs: int, size: int, share: float
) -> list[dict[str, object]]:
    """The clean and the hostile class graded in turn (load on a shared machine hits both alike);
    the median of the paired ratios is the figure."""
    run(*clean)
    load = os.getloadavg()[0]
    pairs = [(run(*clean), run(*hostile, ok=(1,))) for _ in range(runs)]
    return [
        _summary(f"grade {size} (paired)", [c for c, _ in pairs], load),
        {
            **_summary(f"grade {size}, {share:.0%} of files hostile (paired)", [h for _, h in pairs], load),
            "wall_ratio_median": round(statistics.median(h["wall"] / c["wall"] for c, h in pairs), 2),
            "cpu_ratio_median": round(statistics.median(h["cpu"] / c["cpu"] for c, h in pairs), 2),
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--hostile", type=float, default=0.01, help="share of hostile files")
    args = parser.parse_args()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="treatylab-grade-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            write_class(work / f"class-{n}", n)
            write_class(work / f"hostile-{n}", n, hostile=args.hostile)
            clean = ["grade", str(work / f"class-{n}"), "--out", str(work / f"grades-{n}.csv")]
            results.append(measure(f"grade {n}", clean, args.runs))
            hostile = ["grade", str(work / f"hostile-{n}"), "--out", str(work / f"hostile-{n}.csv")]
            results.extend(paired(clean, hostile, args.runs, n, args.hostile))
        smallest = min(args.sizes)
        jobs = ["grade", str(work / f"class-{smallest}"), "--out", str(work / "j.csv"), "--jobs", "2"]
        results.append(measure(f"grade {smallest} --jobs 2", jobs, args.runs))
        for n in args.sizes:
            report = ["report", str(work / f"grades-{n}.csv"), "--out", str(work / f"report-{n}")]
            results.append(measure(f"report {n}", report, max(1, args.runs // 2)))
    grades = [r for r in results if str(r["run"]).startswith("grade") and "jobs" not in str(r["run"])]
    print(
        json.dumps(
            {
                "classes": results,
                "grade_peak_rss_mb_range": [
                    min(r["peak_rss_mb"] for r in grades),
                    max(r["peak_rss_mb"] for r in grades),
                ],
                "cores": os.cpu_count(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
