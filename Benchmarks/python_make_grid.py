"""weightatlas.make_grid against torchvision's make_grid + save_image's pixel step (torch,
when importable) and the line-by-line numpy port the tests use, on filter banks of real sizes;
every result is checked equal first. Median of --repeat runs; ratios are baseline / ours.

    PYTHON Benchmarks/python_make_grid.py [--repeat N] [--json FILE]   (PYTHON: a venv with the wheel)
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np

import weightatlas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python" / "tests"))
from torchvision_port import reference  # noqa: E402

from bench_timing import median_seconds  # noqa: E402

CASES = [("alexnet conv1 64x3x11x11", (64, 3, 11, 11)), ("mnist batch 1024x1x28x28", (1024, 1, 28, 28)),
         ("4096 filters 3x7x7", (4096, 3, 7, 7)), ("cifar batch 256x3x32x32", (256, 3, 32, 32)),
         ("imagenet batch 64x3x224x224", (64, 3, 224, 224))]


def torch_grid() -> Callable[[np.ndarray], np.ndarray] | None:
    try:
        import torch
        import torchvision
    except ImportError:
        return None

    def run(x: np.ndarray) -> np.ndarray:
        grid = torchvision.utils.make_grid(torch.from_numpy(x), normalize=True, scale_each=True)
        return grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to("cpu", torch.uint8).numpy()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    torch_run = torch_grid()
    rows = []
    for label, shape in CASES:
        x = rng.standard_normal(shape).astype(np.float32)
        ours = weightatlas.make_grid(x, normalize=True, scale_each=True)
        assert np.array_equal(ours, reference(x, normalize=True, scale_each=True)), label
        row: dict[str, Any] = {"case": label, "shape": list(shape), "pixels": int(ours.shape[0] * ours.shape[1])}
        row["weightatlas_s"] = median_seconds(lambda: weightatlas.make_grid(x, normalize=True, scale_each=True), args.repeat)
        row["numpy_port_s"] = median_seconds(lambda: reference(x, normalize=True, scale_each=True), args.repeat)
        if torch_run is not None:
            assert np.array_equal(ours, torch_run(x)), label
            row["torchvision_s"] = median_seconds(lambda: torch_run(x), args.repeat)
        rows.append(row)
        extra = f", torchvision {row['torchvision_s'] * 1e3:7.1f} ms ({row['torchvision_s'] / row['weightatlas_s']:5.2f}x)" if "torchvision_s" in row else ""
        print(f"{label:30s} weightatlas {row['weightatlas_s'] * 1e3:7.1f} ms, numpy port {row['numpy_port_s'] * 1e3:7.1f} ms "
              f"({row['numpy_port_s'] / row['weightatlas_s']:5.2f}x){extra}")
    if args.json:
        meta = {"machine": platform.processor() or platform.machine(), "python": platform.python_version(),
                "weightatlas": weightatlas.__version__, "repeat": args.repeat}
        Path(args.json).write_text(json.dumps({"meta": meta, "results": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
