"""docs/images/roughness-trained-vs-random.png: NudeNet 320n's trained first layer (from the
corpus, `make corpus`) beside a Gaussian initialisation of its shape, each with the median
roughness weightatlas measures. Needs numpy, safetensors and Pillow, and a built binary.

    python scripts/make_roughness_picture.py [.build/release/weightatlas]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from safetensors.numpy import save_file

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("WEIGHTATLAS_REAL_MODELS", Path.home() / ".cache/weightatlas/real-models"))


def render(binary: str, model: Path, out: Path, *tensor: str) -> tuple[dict, Image.Image]:
    subprocess.run([binary, "render", str(model), "-o", str(out), "--quiet", "--backend", "cpu",
                    *[a for t in tensor for a in ("--tensor", t)]], check=True)
    entry = json.loads((out / "manifest.json").read_text())["tensors"][0]
    return entry, Image.open(out / entry["image"]).convert("RGB")


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(REPO / ".build/release/weightatlas")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        onnx = next((CORPUS / "nudenet-320n").iterdir())
        trained, left = render(binary, onnx, work / "trained", "model.0.conv.weight")
        save_file({"random_init": np.random.default_rng(1).standard_normal((16, 3, 3, 3)).astype(np.float32)},
                  str(work / "random.safetensors"))
        random, right = render(binary, work / "random.safetensors", work / "random")
    pad = 20
    out = Image.new("RGB", (left.width + right.width + 3 * pad, max(left.height, right.height) + 50), "white")
    out.paste(left, (pad, 40))
    out.paste(right, (2 * pad + left.width, 40))
    draw = ImageDraw.Draw(out)
    draw.text((pad, 8), f"NudeNet 320n model.0.conv (trained): median r {trained['roughness']['median']:.2f}", fill="black")
    draw.text((2 * pad + left.width, 8), f"Gaussian init, same shape: median r {random['roughness']['median']:.2f}", fill="black")
    out.save(REPO / "docs/images/roughness-trained-vs-random.png")


if __name__ == "__main__":
    main()
