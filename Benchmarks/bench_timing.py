"""What the Python benchmark scripts share: the median wall time of repeated calls."""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    """Median of `repeat` timings of `fn()` with `time.perf_counter`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
