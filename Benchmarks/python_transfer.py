"""How in-memory weights reach the binary from Python: the one write of a state dict as
safetensors to a private folder on /dev/shm (memory) against the temp dir on disk, then
`inspect` reading it back, against numpy's own copy of the same bytes as a yardstick.

    .build/pytest-venv/bin/python Benchmarks/python_transfer.py [MiB]   (after make test-python)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

import numpy as np

import weightatlas
from weightatlas._source import write_source


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    mib = int(sys.argv[1]) if len(sys.argv) > 1 else 512
    rng = np.random.default_rng(0)
    per = mib * (1 << 20) // 4 // 8
    state = {f"layer{i}.weight": rng.standard_normal(per, dtype=np.float32).reshape(-1, 1024) for i in range(8)}
    copy_s, _ = timed(lambda: {k: v.copy() for k, v in state.items()})
    print(f"{mib} MiB state dict; numpy copy of it: {copy_s * 1000:.0f} ms")
    for label, base in (("/dev/shm", "/dev/shm"), ("temp dir", tempfile.gettempdir())):
        if not os.access(base, os.W_OK):
            continue
        folder = tempfile.mkdtemp(dir=base)
        try:
            write_s, path = timed(lambda: write_source(state, folder))
            inspect_s, entries = timed(lambda: weightatlas.inspect(path))
            assert len(entries) == len(state)
            print(f"{label:9s} write {write_s * 1000:6.0f} ms ({mib / write_s:6.0f} MiB/s), "
                  f"inspect {inspect_s * 1000:6.0f} ms, write/copy {write_s / copy_s:4.2f}")
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
