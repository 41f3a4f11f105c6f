"""LoRA deltas at LLM scale: `weightatlas render ADAPTER --tensor '*lora_delta'` on the CPU
and OpenCL backends (end to end, one process each) against numpy (load the factors,
`scale * (B @ A)` with BLAS, the tool's robust:1 heatmap bounds, a Pillow PNG), on a
synthetic PEFT adapter of a 7B-class shape: q_proj and v_proj of 4 layers, 4096×4096, r = 16.
Median of --repeat runs; ratios are numpy / weightatlas.

    .venv/bin/python Benchmarks/lora_delta.py [--repeat N] [--json FILE]   (after make build)
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

import bench_safetensors
from bench_timing import median_seconds

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / ".build" / "release" / "weightatlas"
LAYERS, SIZE, RANK, ALPHA = 4, 4096, 16, 32


def write_adapter(folder: Path) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    tensors: dict[str, np.ndarray] = {}
    for layer in range(LAYERS):
        for proj in ("q_proj", "v_proj"):
            prefix = f"base_model.model.model.layers.{layer}.self_attn.{proj}"
            tensors[f"{prefix}.lora_A.weight"] = (rng.standard_normal((RANK, SIZE)) * 0.01).astype(np.float32)
            tensors[f"{prefix}.lora_B.weight"] = (rng.standard_normal((SIZE, RANK)) * 0.01).astype(np.float32)
    bench_safetensors.write(folder / "adapter_model.safetensors", tensors)
    (folder / "adapter_config.json").write_text(json.dumps(
        {"peft_type": "LORA", "r": RANK, "lora_alpha": ALPHA, "target_modules": ["q_proj", "v_proj"]}))
    return tensors


def numpy_baseline(folder: Path, out: Path) -> None:
    factors = bench_safetensors.read(folder / "adapter_model.safetensors")
    for name in factors:
        if ".lora_A." not in name:
            continue
        delta = (ALPHA / RANK) * (factors[name.replace(".lora_A.", ".lora_B.")] @ factors[name])
        lo, hi = np.percentile(delta, [1, 99])
        m = max(-lo, hi)
        pixels = np.clip((delta + m) / (2 * m) * 255, 0, 255).astype(np.uint8)
        Image.fromarray(pixels).resize((2048, 2048), Image.BOX).save(out / (name.replace("/", "_") + ".png"), compress_level=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lora-bench-"))
    try:
        adapter = work / "adapter"
        adapter.mkdir()
        write_adapter(adapter)
        results: dict[str, float] = {}
        for backend in ("cpu", "opencl"):
            command = [str(BINARY), "render", str(adapter), "-o", str(work / backend), "--tensor", "*lora_delta",
                       "--backend", backend, "--quiet"]
            results[f"weightatlas_{backend}_s"] = median_seconds(lambda: subprocess.run(command, check=True), args.repeat)
        (work / "numpy").mkdir()
        results["numpy_pillow_s"] = median_seconds(lambda: numpy_baseline(adapter, work / "numpy"), args.repeat)
        for key in ("weightatlas_cpu_s", "weightatlas_opencl_s"):
            print(f"{key:22s} {results[key]:7.2f} s   numpy+Pillow / this: {results['numpy_pillow_s'] / results[key]:5.2f}x")
        print(f"{'numpy_pillow_s':22s} {results['numpy_pillow_s']:7.2f} s   ({LAYERS * 2} deltas {SIZE}x{SIZE}, r={RANK})")
        if args.json:
            meta = {"machine": platform.processor() or platform.machine(), "modules": LAYERS * 2, "size": SIZE, "rank": RANK,
                    "repeat": args.repeat}
            Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
