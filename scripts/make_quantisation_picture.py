"""docs/images/quantisation-error-minilm.png: where Q4_0 puts its error in a real matrix.

all-MiniLM-L6-v2's layer-0 output projection (384×1536, from the corpus, `make corpus`) has a
few outlier weights near 8 among values of about 0.1. Q4_0 scales each block of 32 values by
its largest, so the blocks holding an outlier lose most. The picture is `weightatlas render`
of the weights beside `weightatlas diff` of them against a GGUF of the same tensor quantised
by gguf-py's Q4_0 (what llama.cpp writes). Needs numpy, safetensors, gguf, Pillow and a
built binary.

    python scripts/make_quantisation_picture.py [.build/release/weightatlas]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import gguf
import numpy as np
from PIL import Image, ImageDraw
from safetensors.numpy import load_file, save_file

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("WEIGHTATLAS_REAL_MODELS", Path.home() / ".cache/weightatlas/real-models"))
NAME = "encoder.layer.0.output.dense.weight"


def run(binary: str, *arguments: str) -> None:
    subprocess.run([binary, *arguments, "--quiet", "--backend", "cpu", "--tensor", NAME], check=True)


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(REPO / ".build/release/weightatlas")
    weights = load_file(str(CORPUS / "minilm-l6-v2/model.safetensors"))[NAME].astype(np.float32)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        save_file({NAME: weights}, str(work / "f32.safetensors"))
        writer = gguf.GGUFWriter(work / "q4_0.gguf", arch="bert")
        blocks = gguf.quants.quantize(weights, gguf.GGMLQuantizationType.Q4_0)
        writer.add_tensor(NAME, blocks, raw_shape=blocks.shape, raw_dtype=gguf.GGMLQuantizationType.Q4_0)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        run(binary, "render", str(work / "f32.safetensors"), "-o", str(work / "weights"), "--colormap", "diverging")
        run(binary, "diff", str(work / "f32.safetensors"), str(work / "q4_0.gguf"), "-o", str(work / "error"),
            "--normalize", "robust:0.5")
        left = Image.open(work / "weights" / (NAME + ".png")).convert("RGB")
        right = Image.open(work / "error" / (NAME + ".png")).convert("RGB")
        change = json.loads((work / "error/diff.json").read_text())["tensors"][0]["change"]
    pad = 20
    out = Image.new("RGB", (left.width + 2 * pad, left.height + right.height + 3 * pad + 40), "white")
    out.paste(left, (pad, 30))
    out.paste(right, (pad, 2 * pad + 30 + left.height))
    draw = ImageDraw.Draw(out)
    draw.text((pad, 8), f"MiniLM-L6 {NAME} (384 x 1536), max |w| {np.abs(weights).max():.1f}", fill="black")
    draw.text((pad, pad + 18 + left.height),
              f"Q4_0 - F32: relative {change['relative']:.3f}, max |error| {change['max_abs']:.2f} "
              f"({change['max_relative']:.3f} of max |w|)", fill="black")
    out.save(REPO / "docs/images/quantisation-error-minilm.png")


if __name__ == "__main__":
    main()
