"""Benchmark: ``python -m treatylab grade`` and then ``report`` on synthetic classes, each student
with six quiz result files: 1,000 and 10,000 students, and 10,000 with 1 % of the files hostile
(``synthetic_class.HOSTILE``: a 990-deep array, a 4,000-digit number, a 200 KB choice, a truncated
file, a broken notebook, NaN). Prints JSON: for each run the median wall time, the CPU time (user +
system) and the peak memory (RSS) of the process, over ``--runs`` runs (the first run of each class
also fills the key tables' cache, so it is left out), with the machine's load average; then the
figures issue 33 asks for.

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


def measure(label: str, args: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> dict[str, object]:
    run(*args, ok=ok)  # fills the key tables' cache; not counted
    load = os.getloadavg()[0]
    samples = [run(*args, ok=ok) for _ in range(runs)]
    return {
        "run": label,
        "wall_seconds_median": round(statistics.median(s["wall"] for s in samples), 2),
        "wall_seconds_min": round(min(s["wall"] for s in samples), 2),
        "cpu_seconds_median": round(statistics.median(s["cpu"] for s in samples), 2),
        "peak_rss_mb": round(max(s["rss_mb"] for s in samples), 1),
        "skipped_lines": int(samples[0]["skipped_lines"]),
        "load_average_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument(
        "--hostile", type=float, default=0.01, help="share of hostile files in the last class"
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="treatylab-grade-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            write_class(work / f"class-{n}", n)
            out = work / f"grades-{n}.csv"
            results.append(
                measure(f"grade {n}", ["grade", str(work / f"class-{n}"), "--out", str(out)], args.runs)
            )
        largest = max(args.sizes)
        write_class(work / "hostile", largest, hostile=args.hostile)
        results.append(
            measure(
                f"grade {largest}, {args.hostile:.0%} of files hostile",
                ["grade", str(work / "hostile"), "--out", str(work / "hostile.csv")],
                args.runs,
                ok=(1,),
            )
        )
        smallest = min(args.sizes)
        results.append(
            measure(
                f"grade {smallest} --jobs 2",
                ["grade", str(work / f"class-{smallest}"), "--out", str(work / "j.csv"), "--jobs", "2"],
                args.runs,
            )
        )
        for n in args.sizes:
            results.append(
                measure(
                    f"report {n}",
                    ["report", str(work / f"grades-{n}.csv"), "--out", str(work / f"report-{n}")],
                    max(1, args.runs // 2),
                )
            )
    clean, hostile = results[len(args.sizes) - 1], results[len(args.sizes)]
    figures = {
        "classes": results,
        "hostile_over_clean_wall": round(hostile["wall_seconds_median"] / clean["wall_seconds_median"], 2),
        "hostile_over_clean_cpu": round(hostile["cpu_seconds_median"] / clean["cpu_seconds_median"], 2),
        "grade_rss_largest_over_smallest": round(
            results[len(args.sizes) - 1]["peak_rss_mb"] / results[0]["peak_rss_mb"], 2
        ),
        "cores": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
