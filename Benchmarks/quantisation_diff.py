"""Quantisation error at LLM scale: `weightatlas diff HF.safetensors MODEL-Q8_0.gguf` (pairing by
the Hugging Face names, Q/K un-permuted, statistics, images) on the CPU and OpenCL backends,
end to end, against numpy doing the same: load both (gguf-py's GGUFReader and Q8_0
dequantisation), undo llama.cpp's rotary row order, B − A, rms / max |Δ| / ‖Δ‖/‖A‖, a 2×2
block mean down to 2048 and a symmetric grey PNG with Pillow. The model is
synthetic, of a 7B-class layer shape: 2 layers of q (4096×4096), k and v (1024×4096, 32
heads, 8 key/value heads) and o (4096×4096); A in F16, B its Q8_0 by gguf-py. Median of
--repeat runs; ratios are numpy / weightatlas.

    python Benchmarks/quantisation_diff.py [--repeat N] [--json FILE]   (after make build; needs gguf)
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

import gguf
import numpy as np
from PIL import Image

import bench_safetensors
from bench_timing import median_seconds

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / ".build" / "release" / "weightatlas"
LAYERS, HIDDEN, HEADS, KV_HEADS = 2, 4096, 32, 8
PROJECTIONS = {"q_proj": ("attn_q", HIDDEN, HEADS), "k_proj": ("attn_k", HIDDEN // 4, KV_HEADS),
               "v_proj": ("attn_v", HIDDEN // 4, None), "o_proj": ("attn_output", HIDDEN, None)}


def permute(w: np.ndarray, heads: int) -> np.ndarray:
    """llama.cpp's LlamaModel.permute."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def write_pair(folder: Path) -> None:
    rng = np.random.default_rng(0)
    tensors: dict[str, np.ndarray] = {}
    writer = gguf.GGUFWriter(folder / "model-q8_0.gguf", arch="llama")
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    for layer in range(LAYERS):
        for proj, (short, rows, heads) in PROJECTIONS.items():
            w = (rng.standard_normal((rows, HIDDEN)) * 0.02).astype(np.float16)
            tensors[f"model.layers.{layer}.self_attn.{proj}.weight"] = w
            stored = permute(w.astype(np.float32), heads) if heads else w.astype(np.float32)
            q = gguf.quants.quantize(stored, gguf.GGMLQuantizationType.Q8_0)
            writer.add_tensor(f"blk.{layer}.{short}.weight", q, raw_shape=q.shape, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    bench_safetensors.write(folder / "model.safetensors", tensors)


def numpy_baseline(folder: Path, out: Path) -> None:
    weights = bench_safetensors.read(folder / "model.safetensors")
    reader = gguf.GGUFReader(folder / "model-q8_0.gguf")
    quantised = {t.name: t for t in reader.tensors}
    report = {}
    for name, stored in weights.items():
        a = stored.astype(np.float32)
        layer, proj = name.split(".")[2], name.split(".")[4]
        short, rows, heads = PROJECTIONS[proj]
        tensor = quantised[f"blk.{layer}.{short}.weight"]
        b = gguf.quants.dequantize(tensor.data, tensor.tensor_type).reshape(a.shape)
        if heads:
            d = rows // heads
            g = np.arange(rows)
            order = (g // d) * d + (g % d % 2) * (d // 2) + g % d // 2
            unpermuted = np.empty_like(b)
            unpermuted[order] = b
            b = unpermuted
        change = b - a
        report[name] = {"rms": float(np.sqrt(np.mean(change.astype(np.float64) ** 2))), "max_abs": float(np.abs(change).max()),
                        "relative": float(np.linalg.norm(change.astype(np.float64)) / np.linalg.norm(a.astype(np.float64)))}
        factor = max(1, -(-max(change.shape) // 2048))
        h, w = change.shape[0] // factor, change.shape[1] // factor
        small = change[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
        m = float(np.abs(small).max()) or 1.0
        pixels = np.clip((small + m) / (2 * m) * 255 + 0.5, 0, 255).astype(np.uint8)
        Image.fromarray(pixels).save(out / (name + ".png"), compress_level=1)
    (out / "diff.json").write_text(json.dumps(report))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quantisation-bench-"))
    try:
        write_pair(work)
        results: dict[str, float] = {}
        for backend in ("cpu", "opencl"):
            command = [str(BINARY), "diff", str(work / "model.safetensors"), str(work / "model-q8_0.gguf"),
                       "-o", str(work / backend), "--backend", backend, "--quiet"]
            results[f"weightatlas_{backend}_s"] = median_seconds(lambda: subprocess.run(command, check=True), args.repeat)
        (work / "numpy").mkdir()
        results["numpy_pillow_s"] = median_seconds(lambda: numpy_baseline(work, work / "numpy"), args.repeat)
        ours = {t["name"]: t["change"] for t in json.loads((work / "cpu/diff.json").read_text())["tensors"]}
        theirs = json.loads((work / "numpy/diff.json").read_text())
        for name, want in theirs.items():
            got = ours[name]
            assert abs(got["relative"] - want["relative"]) <= 1e-6 * want["relative"], (name, got, want)
            assert got["max_abs"] == want["max_abs"], (name, got, want)
        for key in ("weightatlas_cpu_s", "weightatlas_opencl_s"):
            print(f"{key:22s} {results[key]:7.2f} s   numpy+Pillow / this: {results['numpy_pillow_s'] / results[key]:5.2f}x")
        print(f"{'numpy_pillow_s':22s} {results['numpy_pillow_s']:7.2f} s   ({len(theirs)} tensors, F16 vs Q8_0, statistics equal)")
        if args.json:
            meta = {"machine": platform.processor() or platform.machine(), "tensors": len(theirs), "hidden": HIDDEN,
                    "heads": HEADS, "kv_heads": KV_HEADS, "repeat": args.repeat}
            Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
