"""Reads the binary's PNG output (8-bit grey or RGB, not interlaced) into numpy, with zlib
from the standard library: the wheel needs no imaging package. Rows filtered None, Sub or Up
(what the binary's ``none``, ``fast`` and ``default`` presets write) decode vectorised;
Average and Paeth (libpng's adaptive ``best``) row by row in Python, correct but slow."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3}


def read_png(path: str | Path) -> np.ndarray:
    """The image at ``path`` as ``H×W`` (grey) or ``H×W×3`` (RGB) ``uint8``."""
    data = Path(path).read_bytes()
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a PNG file")
    at, idat, header = 8, [], None
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        at += 12 + length
    if header is None:
        raise ValueError(f"{path}: no IHDR chunk")
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in _CHANNELS or interlace != 0:
        raise ValueError(f"{path}: only 8-bit grey or RGB, non-interlaced PNGs are read (depth {depth}, colour type {color})")
    channels = _CHANNELS[color]
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    stride = width * channels + 1
    if raw.size != stride * height:
        raise ValueError(f"{path}: {raw.size} bytes of image data, expected {stride * height}")
    rows = raw.reshape(height, stride)
    pixels = _unfilter(rows[:, 0], rows[:, 1:].copy(), channels)
    return pixels.reshape(height, width, channels) if channels == 3 else pixels.reshape(height, width)


def _unfilter(filters: np.ndarray, rows: np.ndarray, bpp: int) -> np.ndarray:
    """Undoes each row's filter in place (PNG spec, section 9)."""
    previous = np.zeros(rows.shape[1], dtype=np.uint8)
    for y in range(rows.shape[0]):
        row, kind = rows[y], int(filters[y])
        if kind == 1:
            row[:] = np.cumsum(row.reshape(-1, bpp), axis=0, dtype=np.uint8).reshape(-1)
        elif kind == 2:
            row += previous
        elif kind == 3:
            _average(row, previous, bpp)
        elif kind == 4:
            _paeth(row, previous, bpp)
        elif kind != 0:
            raise ValueError(f"row {y}: unknown PNG filter type {kind}")
        previous = row
    return rows


def _average(row: np.ndarray, up: np.ndarray, bpp: int) -> None:
    for i in range(row.size):
        left = int(row[i - bpp]) if i >= bpp else 0
        row[i] = (int(row[i]) + (left + int(up[i])) // 2) & 0xFF


def _paeth(row: np.ndarray, up: np.ndarray, bpp: int) -> None:
    for i in range(row.size):
        a = int(row[i - bpp]) if i >= bpp else 0
        b = int(up[i])
        c = int(up[i - bpp]) if i >= bpp else 0
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        row[i] = (int(row[i]) + predictor) & 0xFF
