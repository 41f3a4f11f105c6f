"""Histogram references (Tests/Fixtures/histogram/): numpy's own 64-bin counts,
numpy.histogram(x[finite].astype(float64), bins=64, range=(min, max)), for
  edges.safetensors   tensors built to sit on the bin edges numpy.linspace makes (and one ulp
                      either side), ties, NaN and ±Inf, a constant tensor (numpy widens the range
                      by ±0.5), a span that overflows Float32 (±3e38), subnormals, one value
  the real BlazeFace sample (Samples/), every tensor
expected.json: file → tensor → {"lo", "hi", "counts"}.

    python Tests/Fixtures/make_histogram_fixtures.py       (numpy, safetensors)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

HERE = Path(__file__).resolve().parent / "histogram"
SAMPLE = Path(__file__).resolve().parents[2] / "Samples" / "blazeface-short-range.safetensors"


def reference(x: np.ndarray) -> dict | None:
    finite = x[np.isfinite(x)].astype(np.float64)
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    counts, edges = np.histogram(finite, bins=64, range=(lo, hi))
    return {"lo": float(edges[0]), "hi": float(edges[-1]), "counts": [int(c) for c in counts]}


def edge_tensors() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    lo, hi = np.float32(-1.3), np.float32(2.7)
    edges = np.linspace(float(lo), float(hi), 65)
    near = []
    for e in edges:
        f = np.float32(e)
        near += [np.nextafter(f, np.float32(-np.inf)), f, np.nextafter(f, np.float32(np.inf))]
    on_edges = np.clip(np.array(near, dtype=np.float32), lo, hi)
    on_edges = np.concatenate([on_edges, [lo, hi]]).astype(np.float32)
    with_bad = rng.standard_normal(500).astype(np.float32)
    with_bad[::17] = np.nan
    with_bad[5] = np.inf
    with_bad[9] = -np.inf
    return {
        "on_edges": on_edges.reshape(1, -1),
        "ties": np.repeat(np.array([0, 1, 2, 3], np.float32), 50).reshape(4, 50),
        "with_nan_inf": with_bad.reshape(20, 25),
        "constant": np.full((3, 7), 0.25, np.float32),
        "huge_span": np.array([-3e38, -1e38, 0, 1e38, 3e38, 2.9e38], np.float32).reshape(2, 3),
        "subnormal": (np.arange(1, 101, dtype=np.float32) * np.float32(1e-42)).reshape(10, 10),
        "one_value": np.array([[7.5]], np.float32),
        "normal": rng.standard_normal((64, 64)).astype(np.float32),
    }


def main() -> None:
    HERE.mkdir(exist_ok=True)
    tensors = edge_tensors()
    save_file(tensors, str(HERE / "edges.safetensors"))
    expected = {"edges.safetensors": {k: reference(v) for k, v in tensors.items()},
                "blazeface-short-range.safetensors": {k: reference(v) for k, v in load_file(str(SAMPLE)).items()}}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
