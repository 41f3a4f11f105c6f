"""In-memory weights as a file the binary reads: one write of the data, no other copy.

A numpy array becomes ``.npy`` (``numpy.save``); a dict of arrays (a state dict) or anything
with ``.state_dict()`` becomes a safetensors file whose data section is each array's own
buffer; torch tensors are taken through ``.detach().cpu()`` (bfloat16 as its raw bits, so
no conversion). The files go to a private folder (mode 0700) in the temp dir (``$TMPDIR``):
/dev/shm measured no faster (Benchmarks/python_transfer.py: both land in the page cache)
and is 64 MiB in a default Docker container, too small for a model.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import tempfile
from pathlib import Path
from typing import Any, Mapping

import numpy as np

_SAFETENSORS_DTYPES = {
    np.dtype("float64"): "F64", np.dtype("float32"): "F32", np.dtype("float16"): "F16",
    np.dtype("int64"): "I64", np.dtype("int32"): "I32", np.dtype("int16"): "I16", np.dtype("int8"): "I8",
    np.dtype("uint64"): "U64", np.dtype("uint32"): "U32", np.dtype("uint16"): "U16", np.dtype("uint8"): "U8",
    np.dtype("bool"): "BOOL",
}


def private_folder() -> str:
    """A new folder in the temp dir that only this user can read."""
    return tempfile.mkdtemp(prefix="weightatlas-")


def is_path(source: object) -> bool:
    """True for a path (str or os.PathLike) rather than in-memory weights."""
    return isinstance(source, (str, os.PathLike))


def write_source(source: Any, folder: str, name: str = "weights") -> Path:
    """Writes in-memory ``source`` into ``folder`` and returns the file's path."""
    if hasattr(source, "state_dict") and callable(source.state_dict):
        source = source.state_dict()
    if isinstance(source, Mapping):
        path = Path(folder) / f"{name}.safetensors"
        write_safetensors({str(k): v for k, v in source.items()}, path)
        return path
    array, dtype = as_array(source)
    if dtype is not None:
        path = Path(folder) / f"{name}.safetensors"
        write_safetensors({name: source}, path)
        return path
    path = Path(folder) / f"{name}.npy"
    np.save(path, np.ascontiguousarray(array))
    return path


def as_array(value: Any) -> tuple[np.ndarray, str | None]:
    """``value`` as a C-contiguous numpy array, and the safetensors dtype when numpy has none
    for it (torch bfloat16: its bits as uint16)."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        tensor = value.detach().cpu()
        if str(getattr(tensor, "dtype", "")) == "torch.bfloat16":
            torch = sys.modules["torch"]  # loaded: a torch tensor was passed in
            return np.ascontiguousarray(tensor.contiguous().view(torch.int16).numpy()), "BF16"
        value = tensor.numpy()
    return np.ascontiguousarray(np.asarray(value)), None


def write_safetensors(tensors: Mapping[str, Any], path: Path) -> None:
    """A safetensors file of ``tensors``: the JSON header, then each array's bytes, in the
    mapping's order (a state dict's is the model's, which the binary keeps: data order)."""
    arrays: list[tuple[str, np.ndarray, str]] = []
    for name in tensors:
        array, forced = as_array(tensors[name])
        dtype = forced or _SAFETENSORS_DTYPES.get(array.dtype.newbyteorder("="))
        if dtype is None:
            raise TypeError(f"tensor {name!r}: dtype {array.dtype} has no safetensors equivalent")
        if array.dtype.byteorder == ">":
            array = array.astype(array.dtype.newbyteorder("<"))
        arrays.append((name, array, dtype))
    header: dict[str, Any] = {}
    offset = 0
    for name, array, dtype in arrays:
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        for _, array, _ in arrays:
            if array.nbytes:
                file.write(array.data.cast("B"))
