"""Parser CPU time: N synthetic reports parsed one by one in this process (no workers, no frames written).

    python benchmarks/parse_cpu.py [--n 2000] [--runs 6]

Prints the CPU seconds of each run and their minimum. Wall time on a shared machine varies by a fifth or more
from run to run; the minimum CPU time of a few runs is what tells a change in the parser's own cost (run it on
two checkouts, alternating, to compare them).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from parse_throughput import write_corpus

from govfoi import parse_report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=6)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), args.n)
        files = sorted(Path(tmp).iterdir())
        parse_report(files[0])  # first-use costs (label tables, place names) are not the parser's per-report cost
        seconds = []
        for _ in range(args.runs):
            start = time.process_time()
            for path in files:
                parse_report(path)
            seconds.append(time.process_time() - start)
    print("CPU seconds per run:", ", ".join(f"{s:.2f}" for s in seconds))
    print(f"min {min(seconds):.2f} s for {args.n:,} reports ({1000 * min(seconds) / args.n:.2f} ms a report)")


if __name__ == "__main__":
    main()
