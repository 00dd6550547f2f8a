"""Fuzz benchmark (issue 15 §8): N hostile examples of every kind of input (text, HTML, DOCX, PDF, manifest;
tests/fuzz_inputs.py), each parsed within the per-file budget; not part of `make test`.

    python benchmarks/fuzz_inputs.py [--n 10000] [--seed 0]

Prints, per kind: examples, exceptions that escaped parse_report, wrong cells without an error (and other
problems `judge` finds), files stopped by the budget (resource_limit), the slowest example; and the peak
memory of the process and of the children it forked (PDF). Target: 0 exceptions, 0 silent wrong cells,
no example over 30 s or 1 GB.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's govfoi and tests, whatever the virtualenv has installed

from govfoi.read.limits import ResourceLimit, file_budget  # noqa: E402
from govfoi.read.options import MAX_MEMORY, MAX_SECONDS  # noqa: E402
from tests.fuzz_inputs import KINDS, example, judge_report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    stats: dict[str, collections.Counter[str]] = {k: collections.Counter() for k in KINDS}
    slowest: dict[str, tuple[float, str]] = dict.fromkeys(KINDS, (0.0, ""))
    shown = 0
    start = time.perf_counter()
    for i in range(args.n):
        seed = args.seed * 1_000_003 + i
        ex = example(seed)
        s = stats[ex.kind]
        s["examples"] += 1
        t0 = time.perf_counter()
        try:
            with file_budget(MAX_SECONDS, MAX_MEMORY):
                problems, checks = judge_report(ex)
            s["resource_limit"] += "resource_limit" in checks
        except ResourceLimit:  # judge's own reading of the manifest, outside parse_report's guard
            problems, s["resource_limit"] = [], s["resource_limit"] + 1
        except Exception:  # noqa: BLE001 - what the benchmark counts
            s["exceptions"] += 1
            problems = [traceback.format_exc(limit=3)]
        took = time.perf_counter() - t0
        if took > slowest[ex.kind][0]:
            slowest[ex.kind] = (took, f"seed {seed} {ex.damage}")
        if took > 30:
            s["over_30s"] += 1
        if problems:
            s["problems"] += 1
            if shown < 10:
                shown += 1
                print(f"seed {seed} {ex.kind}/{ex.damage}: {problems[:3]}", file=sys.stderr)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1:,} examples, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    wall = time.perf_counter() - start
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'kind':<12} {'examples':>8} {'exceptions':>10} {'problems':>8} {'budget':>6} {'>30 s':>5}  slowest")
    total: collections.Counter[str] = collections.Counter()
    for kind in KINDS:
        s = stats[kind]
        total.update(s)
        took, what = slowest[kind]
        print(
            f"{kind:<12} {s['examples']:>8,} {s['exceptions']:>10} {s['problems']:>8} {s['resource_limit']:>6} "
            f"{s['over_30s']:>5}  {took:.2f} s ({what})"
        )
    print(
        f"{'all':<12} {total['examples']:>8,} {total['exceptions']:>10} {total['problems']:>8} "
        f"{total['resource_limit']:>6} {total['over_30s']:>5}"
    )
    print(
        f"wall {wall:.0f} s; peak memory: this process {peak_self:,.0f} MB, largest child (PDF) "
        f"{peak_children:,.0f} MB (target: 0 exceptions, 0 problems, nothing over 30 s or 1,024 MB)"
    )


if __name__ == "__main__":
    main()
