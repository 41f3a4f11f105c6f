"""Roughness references (Tests/Fixtures/roughness/): numpy's per-filter r for
  random.safetensors   Gaussian initialisations (seeded) of the corpus's first-layer shapes,
                       16×3×3×3 and 24×3×5×5, plus a constant filter (no r) and a
                       checkerboard (r > 1) and a linear ramp (r small)
  the real BlazeFace sample's conv2d/Kernel (Samples/)
r = mean over horizontally and vertically adjacent pairs within each input-channel plane of
(a − b)², / (2 × the filter's population variance), in float64; median/p10/p90 by
numpy.percentile (linear). expected.json: file → tensor → {"filters": [r or null], "median", "p10", "p90"}.

    python Tests/Fixtures/make_roughness_fixtures.py      (numpy, safetensors)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

HERE = Path(__file__).resolve().parent / "roughness"
SAMPLE = Path(__file__).resolve().parents[2] / "Samples" / "blazeface-short-range.safetensors"


def roughness(f: np.ndarray) -> float | None:
    v = f.astype(np.float64)
    if not np.isfinite(v).all() or v.var() == 0:
        return None
    squares = ((v[:, :, 1:] - v[:, :, :-1]) ** 2).sum() + ((v[:, 1:, :] - v[:, :-1, :]) ** 2).sum()
    planes, h, w = v.shape
    return float(squares / (planes * (h * (w - 1) + w * (h - 1))) / (2 * v.var()))


def reference(tensor: np.ndarray) -> dict:
    filters = [roughness(f) for f in tensor]
    present = [r for r in filters if r is not None]
    return {"filters": filters, "median": float(np.percentile(present, 50)),
            "p10": float(np.percentile(present, 10)), "p90": float(np.percentile(present, 90))}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    rng = np.random.default_rng(2026)
    special = np.zeros((3, 3, 4, 4), np.float32)
    special[0] = 0.5                                                   # constant: no r
    special[1] = (np.indices((4, 4)).sum(axis=0) % 2).astype(np.float32)   # checkerboard
    special[2] = np.arange(16, dtype=np.float32).reshape(4, 4)         # ramp
    tensors = {"init_16x3x3x3": rng.standard_normal((16, 3, 3, 3)).astype(np.float32),
               "init_24x3x5x5": rng.standard_normal((24, 3, 5, 5)).astype(np.float32),
               "special_3x3x4x4": special}
    save_file(tensors, str(HERE / "random.safetensors"))
    expected = {"random.safetensors": {k: reference(v) for k, v in tensors.items()},
                "blazeface-short-range.safetensors": {"conv2d/Kernel": reference(load_file(str(SAMPLE))["conv2d/Kernel"])}}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
