#!/usr/bin/env python3
"""The notebook baselines WeightAtlas is measured against: per-filter min/max to 0..255,
1 px padding, PNG saved by Pillow (its defaults: zlib level 6, adaptive filters).

  cs231n      CS231n's visualize_grid: a Python loop over filters, then Pillow's PNG save
  vectorised  the same picture with whole-array numpy operations, then Pillow's PNG save
  pyvips      the vectorised picture saved by libvips (pyvips pngsave_buffer, compression
              1: the fastest PNG a user would reach for), when pyvips imports

The input is the bench's own file (--input: a safetensors file with one F32 tensor
O x I x kH x kW), so both sides draw the same values. I = 3: one RGB tile per filter on a
ceil(sqrt(O))-column grid (visualize_grid's picture). Other I: a filter bank, one row per
filter and one grey tile per input channel, normalised per filter (what `weightatlas render`
draws). --scale repeats each value SCALE x SCALE times, as `render --scale` does.
Without --input, --filters N random 3x11x11 filters are drawn.

Prints one JSON object: per baseline, the samples of each stage (read, compute, encode,
total, seconds) and the PNG size. Needs numpy and Pillow (pyvips for its baseline).
Usage: python3 visualize_grid.py [--input FILE | --filters N] [--scale S] [--repeat R]
"""
import argparse
import io
import json
import math
import struct
import time

import numpy as np
from PIL import Image


def read_safetensors(path):
    """The first tensor of a safetensors file (F32 only), read into memory."""
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
    name = next(k for k in header if k != "__metadata__")
    entry = header[name]
    assert entry["dtype"] == "F32", "the baselines read F32 tensors"
    begin, end = entry["data_offsets"]
    values = np.fromfile(path, dtype="<f4", count=(end - begin) // 4, offset=8 + size + begin)
    return values.reshape(entry["shape"])


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


def cs231n_bank(weights, scale, ubound=255.0, padding=1):
    """visualize_grid's loop for a filter bank: one row per filter, a grey tile per channel."""
    o, i, h, w = weights.shape
    th, tw = h * scale, w * scale
    grid = np.zeros((o * (th + padding) - padding, i * (tw + padding) - padding))
    for f in range(o):
        low, high = np.min(weights[f]), np.max(weights[f])
        for c in range(i):
            tile = ubound * (weights[f, c] - low) / (high - low)
            y, x = f * (th + padding), c * (tw + padding)
            grid[y:y + th, x:x + tw] = tile.repeat(scale, 0).repeat(scale, 1)
    return grid.astype(np.uint8)


def levels(flat):
    """Per-row min/max rescale to 0..255, rounded half to even (WeightAtlas's rule)."""
    low = flat.min(axis=1, keepdims=True)
    high = flat.max(axis=1, keepdims=True)
    scale = np.float32(255) / np.where(high > low, high - low, np.float32(1))
    return np.rint((flat - low) * scale).clip(0, 255).astype(np.uint8)


def vectorised_grid(xs, scale=1, padding=1):
    """visualize_grid's mosaic without Python loops over filters (xs: N x H x W x C)."""
    n, h, w, c = xs.shape
    cols = int(math.ceil(math.sqrt(n)))
    rows = (n + cols - 1) // cols
    tiles = levels(xs.reshape(n, -1)).reshape(n, h, w, c)
    if scale > 1:
        tiles = tiles.repeat(scale, 1).repeat(scale, 2)
        h, w = h * scale, w * scale
    cells = np.zeros((rows * cols, h + padding, w + padding, c), dtype=np.uint8)
    cells[:n, :h, :w] = tiles
    grid = cells.reshape(rows, cols, h + padding, w + padding, c).transpose(0, 2, 1, 3, 4)
    return grid.reshape(rows * (h + padding), cols * (w + padding), c)[:-padding, :-padding]


def vectorised_bank(weights, scale, padding=1):
    """The filter-bank picture with whole-array numpy operations."""
    o, i, h, w = weights.shape
    tiles = levels(weights.reshape(o, -1)).reshape(o, i, h, w)
    if scale > 1:
        tiles = tiles.repeat(scale, 2).repeat(scale, 3)
        h, w = h * scale, w * scale
    cells = np.zeros((o, h + padding, i, w + padding), dtype=np.uint8)
    cells[:, :h, :, :w] = tiles.transpose(0, 2, 1, 3)
    return cells.reshape(o * (h + padding), i * (w + padding))[:-padding, :-padding]


def pillow_png(grid):
    """Pillow's default PNG save into memory; the PNG's size."""
    buffer = io.BytesIO()
    Image.fromarray(grid).save(buffer, format="PNG")
    return buffer.tell()


def vips_png(pyvips, grid):
    """libvips' PNG save into memory at compression 1; the PNG's size."""
    height, width = grid.shape[:2]
    bands = grid.shape[2] if grid.ndim == 3 else 1
    image = pyvips.Image.new_from_memory(np.ascontiguousarray(grid).data, width, height, bands, "uchar")
    return len(image.pngsave_buffer(compression=1))


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input")
    parser.add_argument("--filters", type=int, default=65536)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.input:
        load = lambda: read_safetensors(args.input)
    else:
        rng = np.random.default_rng(0)
        generated = rng.standard_normal((args.filters, 3, 11, 11), dtype=np.float32) * 0.1
        load = lambda: generated
    weights = load()
    if weights.shape[1] == 3:
        pictures = [("cs231n", lambda w: cs231n_grid(w.transpose(0, 2, 3, 1)) if args.scale == 1
                     else cs231n_grid(w.transpose(0, 2, 3, 1).repeat(args.scale, 1).repeat(args.scale, 2))),
                    ("vectorised", lambda w: vectorised_grid(w.transpose(0, 2, 3, 1), args.scale))]
    else:
        pictures = [("cs231n", lambda w: cs231n_bank(w, args.scale)),
                    ("vectorised", lambda w: vectorised_bank(w, args.scale))]
    encoders = {"cs231n": pillow_png, "vectorised": pillow_png}
    try:
        import pyvips
        pictures.append(("pyvips", pictures[1][1]))
        encoders["pyvips"] = lambda grid: vips_png(pyvips, grid)
    except Exception:  # no libvips here: the bench reports the other two
        pass
    results = {}
    for name, build in pictures:
        stages = {"read": [], "compute": [], "encode": [], "total": []}
        size = 0
        for _ in range(args.repeat):
            weights, read = timed(load)
            grid, compute = timed(lambda: build(weights))
            size, encode = timed(lambda: encoders[name](grid))
            for stage, value in [("read", read), ("compute", compute), ("encode", encode), ("total", read + compute + encode)]:
                stages[stage].append(value)
        results[name] = {"samples": stages, "png_bytes": size, "width": int(grid.shape[1]), "height": int(grid.shape[0])}
    print(json.dumps({"shape": list(weights.shape), "baselines": results}))


if __name__ == "__main__":
    main()
