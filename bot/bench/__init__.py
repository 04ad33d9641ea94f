"""Benchmarks: commands that print figures (no thresholds here; see the README)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def latency_figures(timings_ms: list[float]) -> dict[str, float]:
    """p50/p95/p99/max of a list of latencies in milliseconds (zeros when there are none)."""
    if not timings_ms:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "p50": statistics.median(timings_ms),
        "p95": percentile(timings_ms, 0.95),
        "p99": percentile(timings_ms, 0.99),
        "max": max(timings_ms),
    }


def loadavg() -> str:
    """The machine's load when the figures were taken: they are noisy on a shared machine."""
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def cpu_ticks() -> tuple[int, int]:
    """(all, stolen) CPU time of the machine so far, in ticks, from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is counted in user)
    return sum(fields[:8]), fields[7]


def stolen_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of the machine's CPU time that its host gave to others (a virtual machine's
    "steal"): latency figures are worth little when it is high."""
    return (after[1] - before[1]) / max(after[0] - before[0], 1)
