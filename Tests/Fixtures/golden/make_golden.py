#!/usr/bin/env python3
"""Golden images: small tensors and the mosaics an independent numpy implementation of
the rendering semantics (DESIGN.md) draws from them, saved as PNG with Pillow.

    pip install numpy safetensors pillow matplotlib
    python3 Tests/Fixtures/golden/make_golden.py

The Swift tests render the same tensors with `weightatlas` and compare pixel for pixel.
cases.json lists each case: input file, tensor, CLI options, expected PNG.
"""
import json
import pathlib

import matplotlib
import numpy as np
from PIL import Image
from safetensors.numpy import save_file

HERE = pathlib.Path(__file__).resolve().parent
F32 = np.float32
MARKER = {"gray": (255, 0, 255), "viridis": (255, 0, 255), "magma": (0, 255, 0), "diverging": (0, 255, 0)}
SOURCES = {"viridis": "viridis", "magma": "magma", "diverging": "RdBu_r"}


def table(name):
    if name == "gray":
        return np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
    cmap = matplotlib.colormaps[SOURCES[name]].resampled(256)
    return np.array([[round(c * 255) for c in cmap(i)[:3]] for i in range(256)], dtype=np.uint8)


def params(lo, hi):
    """(k, lo, s) exactly as GroupParams(lo:hi:) computes them, in float32."""
    lo, hi = F32(lo), F32(hi)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        return F32(1), (lo if np.isfinite(lo) else F32(0)), F32(0)
    with np.errstate(over="ignore"):
        span = F32(hi - lo)
    if np.isfinite(span):
        return F32(1), lo, F32(F32(255) / span)
    return F32(0.5), F32(lo * F32(0.5)), F32(F32(255) / F32(hi * F32(0.5) - lo * F32(0.5)))


def levels(x, p):
    k, lo, s = p
    with np.errstate(over="ignore", invalid="ignore"):
        v = (x.astype(F32) * k - lo) * s
    v = np.where(v > 0, v, F32(0))
    v = np.where(v < 255, v, F32(255))
    return np.rint(v).astype(np.uint8)


def group_params(groups, mode):
    out = []
    for g in groups:
        finite = g[np.isfinite(g)]
        lo, hi = (finite.min(), finite.max()) if finite.size else (F32(np.inf), F32(-np.inf))
        if mode == "symmetric":
            m = max(abs(lo) if np.isfinite(lo) else 0, abs(hi) if np.isfinite(hi) else 0)
            out.append(params(-m, m) if m > 0 else params(-1, 1))
        else:
            out.append(params(lo, hi))
    return out


def default_scale(n, cols, h, w, pad):
    """LayoutPlanner.defaultScale: a tile's short side >= 12 px, the mosaic's long side >= 256 px
    (scale at most 32), shrunk while a side would pass 16384 px."""
    rows = (n + cols - 1) // cols
    side = lambda s: max(cols * (w * s + pad) - pad, rows * (h * s + pad) - pad)
    s = max(1, -(-12 // min(h, w)))
    while s < 32 and side(s) < 256:
        s += 1
    while s > 1 and side(s) > 16384:
        s -= 1
    return s


def robust_bounds(values, q=1.0):
    """The heatmap default: numpy's linear percentiles q and 100-q (interpolated in float64,
    then float32), widened to +-max(|lo|, |hi|) when they straddle zero."""
    finite = np.sort(values[np.isfinite(values)].astype(np.float64))
    def at(p):
        pos = p / 100 * (finite.size - 1)
        below, above = finite[int(np.floor(pos))], finite[int(np.ceil(pos))]
        return F32(below + (above - below) * (pos - np.floor(pos)))
    lo, hi = at(q), at(100 - q)
    if lo < 0 < hi:
        m = max(-lo, hi)
        return -m, m, True
    return lo, hi, False


def heatmap(matrix, scale):
    """A heatmap at one pixel per value with the robust default and its colormap."""
    lo, hi, signed = robust_bounds(matrix)
    lut = table("diverging" if signed else "gray")
    rgb = lut[levels(matrix, params(lo, hi))]
    return rgb.repeat(scale, 0).repeat(scale, 1)


def mosaic(tiles, cols, pad, scale, colormap="gray", mode="minmax", scope="filter", pad_value=0, tiles_per_filter=1):
    """tiles: (n, C, h, w) float32 in canonical order -> HxWx3 (or HxW grey) uint8."""
    n, c, h, w = tiles.shape
    if scope == "layer":
        groups = [tiles.reshape(-1)]
        index = lambda t, ch: 0
    elif scope == "kernel":
        groups = [tiles[t, ch].reshape(-1) for t in range(n) for ch in range(c)]
        index = lambda t, ch: t * c + ch
    else:
        groups = [tiles[f * tiles_per_filter:(f + 1) * tiles_per_filter].reshape(-1) for f in range(n // tiles_per_filter)]
        index = lambda t, ch: t // tiles_per_filter
    ps = group_params(groups, mode)
    rows = (n + cols - 1) // cols
    cell_w, cell_h = w * scale + pad, h * scale + pad
    width, height = cols * cell_w - pad, rows * cell_h - pad
    lut = table(colormap)
    grey_out = c == 1 and colormap == "gray" and np.isfinite(tiles).all()
    img = np.full((height, width, 3), pad_value, dtype=np.uint8)
    for t in range(n):
        y0, x0 = (t // cols) * cell_h, (t % cols) * cell_w
        lv = np.stack([levels(tiles[t, ch], ps[index(t, ch)]) for ch in range(c)])
        bad = ~np.isfinite(tiles[t]).all(axis=0)
        rgb = lv.transpose(1, 2, 0) if c == 3 else lut[lv[0]]
        rgb[bad] = MARKER[colormap]
        img[y0:y0 + h * scale, x0:x0 + w * scale] = rgb.repeat(scale, 0).repeat(scale, 1)
    return img[:, :, 0] if grey_out else img


def main():
    rng = np.random.default_rng(20261127)
    cases = []

    conv = rng.normal(0, 0.1, (10, 3, 5, 5)).astype(F32)
    conv[3] = 0.25                                 # a dead (constant) filter renders black
    conv[6, 1, 2, 2] = np.nan                      # NaN drawn in the marker colour
    conv[7, 0, 0, 0] = np.inf
    conv[8] = conv[8] * F32(1e37)                  # a range that overflows float32 after the spread
    conv[8, 0, 0, 0], conv[8, 0, 0, 1] = F32(-3e38), F32(3e38)
    bank = rng.normal(0, 1, (4, 5, 3, 3)).astype(F32)
    bank[2, 1] = 0
    dense = rng.normal(0, 1, (7, 48)).astype(F32)  # rows reshaped to 3x4x4
    heat = rng.normal(0, 1, (30, 7)).astype(F32)
    halves = np.array([[0, 0.5, 1.5, 2.5, 253.5, 254.5, 255]], dtype=F32).repeat(2, 0)  # ties after scaling by 1
    save_file({"conv": conv, "bank": bank, "dense": dense, "heat": heat, "ties": halves}, str(HERE / "golden.safetensors"))

    def add(name, tensor, options, image):
        Image.fromarray(image).save(HERE / f"{name}.png")
        cases.append({"name": name, "file": "golden.safetensors", "tensor": tensor, "options": options, "png": f"{name}.png"})

    add("conv-default", "conv", [], mosaic(conv, cols=4, pad=1, scale=default_scale(10, 4, 5, 5, 1)))
    add("conv-kernel-pad2", "conv", ["--scope", "kernel", "--padding", "2", "--pad-value", "200", "--scale", "2", "--cols", "3"],
        mosaic(conv, cols=3, pad=2, scale=2, scope="kernel", pad_value=200))
    add("conv-layer-bgr", "conv", ["--scope", "layer", "--bgr", "--scale", "1"],
        mosaic(conv[:, ::-1].copy(), cols=4, pad=1, scale=1, scope="layer"))
    bank_scale = default_scale(20, 5, 3, 3, 1)
    add("bank-default", "bank", [], mosaic(bank.reshape(20, 1, 3, 3), cols=5, pad=1, scale=bank_scale, tiles_per_filter=5))
    add("bank-symmetric", "bank", ["--normalize", "symmetric", "--scope", "kernel"],
        mosaic(bank.reshape(20, 1, 3, 3), cols=5, pad=1, scale=bank_scale, colormap="diverging", mode="symmetric", scope="kernel"))
    add("bank-magma-layer", "bank", ["--colormap", "magma", "--scope", "layer", "--padding", "0"],
        mosaic(bank.reshape(20, 1, 3, 3), cols=5, pad=0, scale=default_scale(20, 5, 3, 3, 0), colormap="magma", scope="layer"))
    add("dense-rgb", "dense", ["--input-shape", "3x4x4"],
        mosaic(dense.reshape(7, 3, 4, 4), cols=3, pad=1, scale=default_scale(7, 3, 4, 4, 1)))
    # The shape is written CxHxW for every layout; hwc says each row stores it as HxWxC.
    add("dense-hwc", "dense", ["--input-shape", "3x4x4", "--input-layout", "hwc", "--scale", "2"],
        mosaic(dense.reshape(7, 4, 4, 3).transpose(0, 3, 1, 2).copy(), cols=3, pad=1, scale=2))
    add("heatmap", "heat", [], heatmap(heat, scale=9))     # 30 rows: 9x is the first scale reaching 256 px
    add("ties", "ties", ["--normalize", "minmax", "--scope", "layer", "--scale", "1"], mosaic(halves.reshape(1, 1, 2, 7), cols=1, pad=0, scale=1, scope="layer"))
    (HERE / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {len(cases)} golden cases")


if __name__ == "__main__":
    main()
