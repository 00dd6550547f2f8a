"""Brief rendering time: one agency's brief, and `govfoi briefs` over N synthetic agencies.

    python benchmarks/brief_speed.py [--agencies 200] [--workers 2]

Prints the wall time of `govfoi brief` (the whole command, as a user runs it) and the per-brief time of
`govfoi briefs`. The Vega bundle is built once into the user cache before timing (a one-off ~5 s).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govfoi.page import vega_bundle
from govfoi.synth import LAYOUTS, agency_name, random_figures, render


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    govfoi = [sys.executable, "-m", "govfoi"]  # this checkout's package (run from the project root)
    vega_bundle()
    with tempfile.TemporaryDirectory() as tmp:
        raw, data, out = Path(tmp, "raw"), Path(tmp, "data"), Path(tmp, "out")
        raw.mkdir()
        rng = random.Random(0)
        for i in range(args.agencies):
            fig = random_figures(rng, agency=agency_name(i), year=2023)
            (raw / f"synthetic_{i:04d}.txt").write_text(render(fig, LAYOUTS[i % len(LAYOUTS)], rng), encoding="utf-8")
        subprocess.run([*govfoi, "parse", str(raw), "--out", str(data), "--no-progress"], check=True,
                       capture_output=True)
        t0 = time.perf_counter()
        subprocess.run([*govfoi, "brief", "--agency", agency_name(0), "--data", str(data), "--out", str(out)],
                       check=True, capture_output=True)
        one = time.perf_counter() - t0
        print(f"one brief (`govfoi brief`, whole command): {one:.2f} s wall")
        t0 = time.perf_counter()
        done = subprocess.run([*govfoi, "briefs", "--data", str(data), "--out", str(out), "--workers",
                               str(args.workers)], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        n = args.agencies + 2
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:])
        print(f"`govfoi briefs`: {n} briefs (+ index) in {wall:.1f} s wall = {wall / n:.2f} s per brief "
              f"({args.workers} kernels)")


if __name__ == "__main__":
    main()
