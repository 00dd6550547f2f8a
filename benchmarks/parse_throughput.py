"""Parse throughput: N synthetic reports across the layouts, timed end to end through `govfoi parse`.

    python benchmarks/parse_throughput.py [--n 10000] [--workers 2] [--format parquet]

Prints reports/s and peak memory: of the main process (exact), of the largest worker and of all processes
together (sampled). Run it at two sizes to see how memory grows with N.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from govfoi.testing.synth import LAYOUTS, agency_name, random_figures, render


def write_corpus(folder: Path, n: int, seed: int = 0) -> int:
    """n reports of 1,000 agencies over successive years (each year follows on from the last, as real
    panels do, so the checks across years stay quiet unless something is wrong)."""
    rng = random.Random(seed)
    size = 0
    last: dict[int, object] = {}
    for i in range(n):
        a = i % 1000
        fig = random_figures(rng, agency=agency_name(a), year=2021 + i // 1000, last_year=last.get(a))
        last[a] = fig
        layout = LAYOUTS[i % len(LAYOUTS)]
        data = render(fig, layout, random.Random(rng.random())).encode("utf-8")
        (folder / f"{i:06d}_{layout}.txt").write_bytes(data)
        size += len(data)
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    args = ap.parse_args()
    govfoi = Path(sys.executable).with_name("govfoi")
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp, "raw"), Path(tmp, "out")
        raw.mkdir()
        t0 = time.perf_counter()
        size = write_corpus(raw, args.n)
        print(f"generated {args.n:,} reports ({size / 2**20:.1f} MiB) in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
            proc = subprocess.Popen(
                [
                    str(govfoi),
                    "parse",
                    str(raw),
                    "--out",
                    str(out),
                    "--format",
                    args.format,
                    "--workers",
                    str(args.workers),
                    "--no-progress",
                ],
                stdout=stdout,
                stderr=stderr,
            )
            worker_peak = _watch(proc)
            wall = time.perf_counter() - t0
            stdout.seek(0)
            stderr.seek(0)
            print(stdout.read().strip())
            if proc.returncode != 0:
                print(stderr.read()[-2000:], file=sys.stderr)
                raise SystemExit(f"govfoi parse exited {proc.returncode}")
        main_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # exact, for the main process
        print(
            f"parse: {args.n:,} reports in {wall:.2f} s = {args.n / wall:,.0f} reports/s "
            f"({args.workers} workers, {args.format})"
        )
        print(
            f"peak RSS: main process {main_peak / 2**20:.0f} MiB, largest worker {worker_peak / 2**20:.0f} MiB "
            f"(workers sampled every 20 ms)"
        )


def _watch(proc: subprocess.Popen[str]) -> int:
    """Wait for ``proc``; the largest RSS seen of its worker processes (the fork server's children: the
    main process does not wait for them, so the kernel's peak of waited-for children leaves them out)."""
    main = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):  # a process ended between listing and reading it
            peak = max([peak, *(p.memory_info().rss for p in main.children(recursive=True))])
        time.sleep(0.02)
    return peak


if __name__ == "__main__":
    main()
