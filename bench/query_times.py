#!/usr/bin/env python3
# Runs a search command N times (warm cache) and prints its p50 and p95 wall time in ms and the hits.
"""Usage: query_times.py N COMMAND [ARG...]

The first run is a warm-up and is not counted. Prints "p50_ms p95_ms lines_of_output" of the
last run, so the caller can check that the query found something.
"""
import subprocess
import sys
import time


def main():
    n, cmd = int(sys.argv[1]), sys.argv[2:]
    out = subprocess.run(cmd, capture_output=True).stdout
    times = []
    for _ in range(n):
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True).stdout
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50 = times[len(times) // 2]
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{p50:.1f} {p95:.1f} {len(out.splitlines())}")


if __name__ == "__main__":
    main()
