"""The gguf-py baseline for gguf_inspect.sh: dequantise every tensor of a GGUF file with
gguf.quants.dequantize and compute min, max, mean and std with numpy.

Usage: python3 gguf_inspect.py FILE.gguf [--json]
"""
import json
import sys
import time

import numpy as np
import gguf


def main():
    start = time.perf_counter()
    reader = gguf.GGUFReader(sys.argv[1])
    stats = {}
    for tensor in reader.tensors:
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32, copy=False)
        stats[tensor.name] = {"min": float(values.min()), "max": float(values.max()),
                              "mean": float(values.mean(dtype=np.float64)), "std": float(values.std(dtype=np.float64))}
    elapsed = time.perf_counter() - start
    if "--json" in sys.argv:
        print(json.dumps(stats))
    print(f"gguf-py: {len(stats)} tensors in {elapsed:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
