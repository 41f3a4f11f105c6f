#!/usr/bin/env python3
"""Checks `weightatlas inspect --json` against onnx.numpy_helper on real ONNX models.

    pip install onnx numpy
    swift build --product weightatlas
    python3 Tests/Fixtures/check_onnx_model.py .build/debug/weightatlas MODEL.onnx [...]

For every initializer and Constant tensor of every graph (subgraphs included) it compares
dtype, shape, min, max, mean (within 1e-6 relative) and NaN/Inf counts, and that no tensor
is missing or extra. The models are not committed (see Tests/Fixtures/README or the issue:
rapidocr-onnxruntime and silero-vad wheels were used). Exit status 1 on any mismatch.
"""
import json
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper


def tensors(model):
    found = {}

    def walk(graph):
        for node in graph.node:
            for attribute in node.attribute:
                if node.op_type == "Constant" and attribute.name == "value" and attribute.t.data_type != TensorProto.STRING:
                    found[node.output[0]] = attribute.t
                for sub in [attribute.g] if attribute.HasField("g") else list(attribute.graphs):
                    walk(sub)
        for init in graph.initializer:
            if init.data_type != TensorProto.STRING:
                found[init.name] = init

    walk(model.graph)
    return found


def close(a, b, rel=1e-6, absolute=1e-12):
    return abs(a - b) <= absolute + rel * max(abs(a), abs(b))


def check(binary, path):
    report = json.loads(subprocess.run([binary, "inspect", "--json", path], check=True, capture_output=True).stdout)
    got = {t["name"]: t for t in report["tensors"]}
    want = tensors(onnx.load(path))
    problems = [f"missing {n}" for n in want.keys() - got.keys()] + [f"extra {n}" for n in got.keys() - want.keys()]
    worst = (0.0, None, 0.0, 0.0)
    for name, tensor in want.items():
        if name not in got:
            continue
        values = np.asarray(numpy_helper.to_array(tensor)).astype(np.float64).reshape(-1)
        stats = got[name]["stats"]
        finite = values[np.isfinite(values)]
        if list(got[name]["shape"]) != list(tensor.dims):
            problems.append(f"{name}: shape {got[name]['shape']} vs {list(tensor.dims)}")
        if stats["nan"] != int(np.isnan(values).sum()) or stats["inf"] != int(np.isinf(values).sum()):
            problems.append(f"{name}: nan/inf {stats['nan']}/{stats['inf']}")
        if finite.size == 0:
            continue
        # weightatlas reduces Float32 values: compare with the values rounded to Float32
        f32 = finite.astype(np.float32).astype(np.float64)
        for key, value in [("min", f32.min()), ("max", f32.max())]:   # exact: no arithmetic
            if stats.get(key) != value:
                problems.append(f"{name}: {key} {stats.get(key)} vs {value}")
        # the mean sums in another order: relative to the mean, or to the values' scale when
        # the mean is a near-cancellation of large values
        mean = f32.mean()
        if not close(stats["mean"], mean, absolute=1e-6 * np.abs(f32).mean()):
            problems.append(f"{name}: mean {stats['mean']} vs {mean}")
        elif mean != 0 and abs(stats["mean"] - mean) / abs(mean) > worst[0]:
            worst = (abs(stats["mean"] - mean) / abs(mean), name, mean, np.abs(f32).mean())
    print(f"{path}: {len(want)} tensors, {len(got)} read, min/max exact, mean's largest relative difference "
          f"{worst[0]:.2e} ({worst[1]}: mean {worst[2]:.3g}, mean |x| {worst[3]:.3g}), "
          f"{len(problems)} problems")
    for problem in problems[:20]:
        print("  " + problem)
    return not problems


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    results = [check(binary, path) for path in paths]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
