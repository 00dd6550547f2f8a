"""Parse throughput: N synthetic reports across the layouts, timed end to end through `govfoi parse`.

    python benchmarks/parse_throughput.py [--n 10000] [--workers 2] [--format parquet]

Prints reports/s and the parse process's peak memory (max RSS of the CLI and its workers). Run it at two
sizes to see that memory stays flat in N.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govfoi.synth import LAYOUTS, agency_name, random_figures, render


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
        done = subprocess.run([str(govfoi), "parse", str(raw), "--out", str(out), "--format", args.format,
                               "--workers", str(args.workers), "--no-progress"], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(done.stdout.strip())
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"govfoi parse exited {done.returncode}")
        print(f"parse: {args.n:,} reports in {wall:.2f} s = {args.n / wall:,.0f} reports/s "
              f"({args.workers} workers, {args.format}); peak RSS of one process {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
