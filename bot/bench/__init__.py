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
