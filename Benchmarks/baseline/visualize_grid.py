#!/usr/bin/env python3
"""The notebook baselines WeightAtlas is measured against, on the bench's scenario
(N filters of 3x11x11 float32, per-filter min/max to 0..255, 1 px padding, PNG):

  cs231n      CS231n's visualize_grid: a Python loop over filters, then Pillow's PNG save
  vectorised  the same picture with whole-array numpy operations, then Pillow's PNG save

Prints one JSON object: seconds per stage for each baseline and the PNG sizes.
Usage: python3 visualize_grid.py [--filters N] [--repeat R]   (needs numpy and Pillow)
"""
import argparse
import io
import json
import math
import time

import numpy as np
from PIL import Image


def cs231n_grid(xs, ubound=255.0, padding=1):
    """CS231n assignment code (visualize_grid), filters as N x H x W x C."""
    n, h, w, c = xs.shape
    grid_size = int(math.ceil(math.sqrt(n)))
    grid_height = h * grid_size + padding * (grid_size - 1)
    grid_width = w * grid_size + padding * (grid_size - 1)
    grid = np.zeros((grid_height, grid_width, c))
    next_idx = 0
    y0, y1 = 0, h
    for _ in range(grid_size):
        x0, x1 = 0, w
        for _ in range(grid_size):
            if next_idx < n:
                img = xs[next_idx]
                low, high = np.min(img), np.max(img)
                grid[y0:y1, x0:x1] = ubound * (img - low) / (high - low)
                next_idx += 1
            x0 += w + padding
            x1 += w + padding
        y0 += h + padding
        y1 += h + padding
    return grid.astype(np.uint8)


def vectorised_grid(xs, padding=1):
    """The same mosaic without Python loops over filters."""
    n, h, w, c = xs.shape
    cols = int(math.ceil(math.sqrt(n)))
    rows = (n + cols - 1) // cols
    flat = xs.reshape(n, -1)
    low = flat.min(axis=1, keepdims=True)
    high = flat.max(axis=1, keepdims=True)
    scale = np.float32(255) / np.where(high > low, high - low, np.float32(1))
    levels = np.rint((flat - low) * scale).clip(0, 255).astype(np.uint8).reshape(n, h, w, c)
    cells = np.zeros((rows * cols, h + padding, w + padding, c), dtype=np.uint8)
    cells[:n, :h, :w] = levels
    grid = cells.reshape(rows, cols, h + padding, w + padding, c).transpose(0, 2, 1, 3, 4)
    return grid.reshape(rows * (h + padding), cols * (w + padding), c)[:-padding, :-padding]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--filters", type=int, default=65536)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    weights = (rng.standard_normal((args.filters, 3, 11, 11), dtype=np.float32) * 0.1)
    results = {}
    for name, build in [("cs231n", lambda: cs231n_grid(weights.transpose(0, 2, 3, 1))),
                        ("vectorised", lambda: vectorised_grid(weights.transpose(0, 2, 3, 1)))]:
        samples = []
        for _ in range(args.repeat):
            grid, compute = timed(build)
            buffer = io.BytesIO()
            _, encode = timed(lambda: Image.fromarray(grid).save(buffer, format="PNG"))
            samples.append({"compute": compute, "encode": encode, "total": compute + encode, "png_bytes": buffer.tell()})
        samples.sort(key=lambda s: s["total"])
        results[name] = samples[len(samples) // 2]
    print(json.dumps({"filters": args.filters, "baselines": results}))


if __name__ == "__main__":
    main()
