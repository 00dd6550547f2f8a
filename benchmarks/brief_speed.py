"""Brief rendering time: one agency's brief, and `govfoi briefs` over N synthetic agencies.

    python benchmarks/brief_speed.py [--agencies 200] [--workers 2] [--runs 3]

Prints the wall time of `govfoi brief` (the whole command, as a user runs it), first with an empty govfoi
cache (font subset and converted notebook made during the run), then --runs times as a user who rendered
before; then the per-brief time of `govfoi briefs`. Targets (issue 11): 3 s for one brief, 0.5 s a brief.
The Vega bundle is built once per vl-convert version (~5 s, into the user cache) before timing, and copied
into the empty cache.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from govfoi.briefs.page import vega_bundle
from govfoi.briefs.usercache import folder
from govfoi.testing.synth import LAYOUTS, agency_name, random_figures, render


def timed(command: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="runs of `govfoi brief` with the cache filled")
    args = ap.parse_args()
    govfoi = [sys.executable, "-m", "govfoi"]  # this checkout's package (run from the project root)
    vega_bundle()
    bundle = folder() / f"vega-bundle-vl-convert-{version('vl-convert-python')}.js"
    with tempfile.TemporaryDirectory() as tmp:
        raw, data, out, cache = Path(tmp, "raw"), Path(tmp, "data"), Path(tmp, "out"), Path(tmp, "cache")
        raw.mkdir()
        rng = random.Random(0)
        for i in range(args.agencies):
            fig = random_figures(rng, agency=agency_name(i), year=2023)
            (raw / f"synthetic_{i:04d}.txt").write_text(render(fig, LAYOUTS[i % len(LAYOUTS)], rng), encoding="utf-8")
        timed([*govfoi, "parse", str(raw), "--out", str(data), "--no-progress"])
        (cache / "govfoi").mkdir(parents=True)
        shutil.copy(bundle, cache / "govfoi" / bundle.name)
        one = [*govfoi, "brief", "--agency", agency_name(0), "--data", str(data), "--out", str(out)]
        cold, _ = timed(one, {**os.environ, "XDG_CACHE_HOME": str(cache)})
        print(f"one brief (`govfoi brief`, whole command), empty govfoi cache: {cold:.2f} s wall")
        warm = [timed(one)[0] for _ in range(args.runs)]
        print(
            f"one brief, cache filled: {', '.join(f'{t:.2f}' for t in warm)} s wall (max {max(warm):.2f} s, target 3 s)"
        )
        wall, done = timed([*govfoi, "briefs", "--data", str(data), "--out", str(out), "--workers", str(args.workers)])
        n = len(list(out.glob("*.ipynb")))  # one executed notebook per brief
        print(done.stdout.strip().splitlines()[-1])
        print(
            f"`govfoi briefs`: {n} briefs (+ index, metrics) in {wall:.1f} s wall = {wall / n:.2f} s per brief "
            f"({args.workers} worker processes; target 0.5 s)"
        )


if __name__ == "__main__":
    main()
