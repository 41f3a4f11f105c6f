"""The README's notebook picture: what a Jupyter cell shows for a rendered atlas and a
make_grid call on the bundled BlazeFace sample, as a real page (the cells' code and the
package's own ``_repr_html_``) screenshotted with headless Chromium.

    .build/pytest-venv/bin/python python/examples/notebook_picture.py docs/images/python-notebook.png
"""

from __future__ import annotations

import base64
import html
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

import weightatlas

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "Samples" / "blazeface-short-range.safetensors"
CELL_1 = '''import weightatlas
atlas = weightatlas.render("blazeface-short-range.safetensors", "atlas/",
                           tensor=["conv2d/Kernel", "depthwise_conv2d/Kernel"])
atlas'''
CELL_2 = '''from safetensors.numpy import load_file
filters = load_file("blazeface-short-range.safetensors")["conv2d/Kernel"]  # 24x3x5x5
grid = weightatlas.make_grid(filters, nrow=12, normalize=True, scale_each=True)
grid.shape, grid.dtype                    # torchvision's make_grid + save_image bytes'''


def png_data_uri(pixels: np.ndarray, scale: int) -> str:
    image = Image.fromarray(np.kron(pixels, np.ones((scale, scale, 1), dtype=np.uint8)))
    with tempfile.TemporaryFile() as file:
        image.save(file, format="png")
        file.seek(0)
        return "data:image/png;base64," + base64.b64encode(file.read()).decode("ascii")


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(SAMPLE.parent)  # the cell's relative path, as a user's notebook beside the model has it
        atlas = weightatlas.render(SAMPLE.name, Path(folder) / "atlas", tensor=["conv2d/Kernel", "depthwise_conv2d/Kernel"])
        sys.path.insert(0, str(REPO / "python" / "tests"))
        from conftest import read_safetensors

        kernel = read_safetensors(SAMPLE)["conv2d/Kernel"].astype(np.float32)
        grid = weightatlas.make_grid(kernel, nrow=12, normalize=True, scale_each=True)
        page = f"""<!doctype html><meta charset="utf-8"><style>
            body {{ font: 14px sans-serif; margin: 16px; background: #fff; width: 760px }}
            pre {{ background: #f5f5f5; border-left: 3px solid #42a5f5; padding: 8px; margin: 0 0 6px }}
            .out {{ margin: 0 0 18px 0 }} td {{ vertical-align: top; padding: 4px 12px 4px 0 }}
            </style>
            <pre>In [1]: {html.escape(CELL_1)}</pre><div class="out">{atlas._repr_html_()}</div>
            <pre>In [2]: {html.escape(CELL_2)}</pre>
            <div class="out">Out[2]: ({grid.shape}, dtype('uint8')) — shown 4×:<br>
            <img src="{png_data_uri(grid, 4)}"></div>"""
        html_path = Path(folder) / "notebook.html"
        html_path.write_text(page, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={out}", "--window-size=800,910", html_path.as_uri()],
                       check=True, capture_output=True)
    print(out)


if __name__ == "__main__":
    main()
