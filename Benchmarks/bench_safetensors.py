"""The Python benches' safetensors files: written and read with numpy alone (no safetensors
package, so the baselines time what a minimal user script does)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

DTYPES = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16"}
ARRAYS = {name: dtype for dtype, name in DTYPES.items()}


def write(path: Path, tensors: dict[str, np.ndarray]) -> None:
    """`tensors` (F32 or F16 arrays) as one safetensors file, in the given order."""
    header, offset = {}, 0
    for name, array in tensors.items():
        header[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)) + encoded)
        for array in tensors.values():
            file.write(array.tobytes())


def read(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of the file, as arrays over one read of its bytes."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        out[name] = np.frombuffer(data[8 + length + start:8 + length + end], ARRAYS[entry["dtype"]]).reshape(entry["shape"])
    return out
