#!/usr/bin/env python3
"""The notebook baseline for a big matrix: what a user writes with numpy and Pillow to get
the picture `weightatlas render` draws by default for an LLM projection.

  numpy-pillow  block means of --block-rows x --block-cols (the last blocks partial, summed
                in float64 as WeightAtlas does), the 1st and 99th percentiles of the reduced
                image widened to +-max(|lo|, |hi|), levels 0..255 clipped, a 256-entry
                blue-white-red table, Pillow's default PNG save
  numpy-pyvips  the same pixels saved by libvips at compression 1, when pyvips imports

The input is the bench's own file (--input: a safetensors file with one F32 matrix), so both
sides reduce the same values; the block sizes are the ones the bench's render chose (its
manifest's `heatmap` member). Prints one JSON object in visualize_grid.py's shape: per
baseline, the samples of each stage (read, compute, encode, total, seconds), the PNG size
and the image's size.
Usage: python3 heatmap.py --input FILE --block-rows R --block-cols C [--repeat N]
"""
import argparse
import json

import numpy as np

from visualize_grid import pillow_png, read_safetensors, timed, vips_png


def block_means(matrix, block_rows, block_cols):
    """Each block's mean (float64 sums, partial blocks at the ends zero-padded and divided
    by their true size), as float32. Whole-array reshapes: np.add.reduceat measured 9x slower."""
    rows, cols = matrix.shape
    out_rows, out_cols = -(-rows // block_rows), -(-cols // block_cols)
    if rows % block_rows:
        matrix = np.pad(matrix, ((0, out_rows * block_rows - rows), (0, 0)))
    sums = matrix.reshape(out_rows, block_rows, cols).sum(axis=1, dtype=np.float64)
    if cols % block_cols:
        sums = np.pad(sums, ((0, 0), (0, out_cols * block_cols - cols)))
    sums = sums.reshape(out_rows, out_cols, block_cols).sum(axis=2)
    heights = np.minimum(block_rows, rows - np.arange(0, rows, block_rows))
    widths = np.minimum(block_cols, cols - np.arange(0, cols, block_cols))
    return (sums / np.outer(heights, widths)).astype(np.float32)


def diverging_table():
    """256 RGB entries: blue at 0, white at 128, red at 255."""
    t = np.linspace(-1.0, 1.0, 256)
    blue = np.array([33, 102, 172], dtype=np.float64)
    red = np.array([178, 24, 43], dtype=np.float64)
    white = np.array([247, 247, 247], dtype=np.float64)
    low = white + (blue - white) * np.clip(-t, 0, 1)[:, None]
    high = white + (red - white) * np.clip(t, 0, 1)[:, None]
    return np.where((t < 0)[:, None], low, high).round().astype(np.uint8)


def heatmap(matrix, block_rows, block_cols, table):
    """The RGB picture of `matrix`: block means, robust symmetric bounds, the table."""
    reduced = block_means(matrix, block_rows, block_cols)
    lo, hi = np.percentile(reduced, [1, 99])
    bound = np.float32(max(abs(lo), abs(hi)))
    scale = np.float32(255) / (2 * bound)
    levels = np.rint((reduced + bound) * scale).clip(0, 255).astype(np.uint8)
    return table[levels]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--block-rows", type=int, required=True)
    parser.add_argument("--block-cols", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    table = diverging_table()
    encoders = [("numpy-pillow", pillow_png)]
    try:
        import pyvips
        encoders.append(("numpy-pyvips", lambda picture: vips_png(pyvips, picture)))
    except Exception:  # no libvips here: the bench reports the Pillow baseline alone
        pass
    results = {}
    for name, encode in encoders:
        stages = {"read": [], "compute": [], "encode": [], "total": []}
        size, picture = 0, None
        for _ in range(args.repeat):
            matrix, read = timed(lambda: read_safetensors(args.input))
            picture, compute = timed(lambda: heatmap(matrix, args.block_rows, args.block_cols, table))
            size, written = timed(lambda: encode(picture))
            for stage, value in [("read", read), ("compute", compute), ("encode", written), ("total", read + compute + written)]:
                stages[stage].append(value)
        results[name] = {"samples": stages, "png_bytes": size, "width": int(picture.shape[1]), "height": int(picture.shape[0])}
    print(json.dumps({"baselines": results}))


if __name__ == "__main__":
    main()
