#!/usr/bin/env python3
"""Writes the format fixtures the Swift tests read (commit the output; tests need no Python).

    pip install numpy safetensors
    python3 Tests/Fixtures/make_fixtures.py

valid/    files written by the reference libraries (numpy, safetensors, zipfile), plus
          valid/expected.json: per file and tensor, dtype, shape and values numpy computes.
invalid/  one file per defect, named for it (see make_invalid_fixtures.py).
"""
import io
import json
import os
import struct
import zipfile

import numpy as np
from safetensors.numpy import save_file

from zipwriter import zip_bytes, deflate

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, "valid")

NUMPY_TO_DTYPE = {
    "float64": "F64", "float32": "F32", "float16": "F16", "int64": "I64", "int32": "I32",
    "int16": "I16", "int8": "I8", "uint64": "U64", "uint32": "U32", "uint16": "U16",
    "uint8": "U8", "bool": "BOOL",
}


def sample(dtype, shape, seed):
    """Small deterministic values of `dtype`, with negatives where the type allows."""
    rng = np.random.default_rng(seed)
    count = int(np.prod(shape, dtype=np.int64))
    kind = np.dtype(dtype).kind
    if kind == "f":
        values = rng.standard_normal(count) * 4
    elif kind == "b":
        values = rng.integers(0, 2, count)
    elif kind == "u":
        values = rng.integers(0, 200, count)
    else:
        values = rng.integers(-100, 100, count)
    return values.astype(dtype).reshape(shape)


def summary(array, dtype_name):
    """What the Swift tests compare: values as float64, in row-major (logical) order."""
    flat = np.asarray(array).astype(np.float64).reshape(-1)
    finite = flat[~np.isnan(flat)]
    return {
        "dtype": dtype_name,
        "shape": list(array.shape),
        "first": [None if np.isnan(v) else float(v) for v in flat[:8]],
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        "sum": float(finite.sum()),
        "nan": int(np.isnan(flat).sum()),
    }


def npy_dtype_name(array):
    return NUMPY_TO_DTYPE[array.dtype.newbyteorder("=").name]


def write_safetensors(expected):
    tensors = {}
    for i, name in enumerate(NUMPY_TO_DTYPE):
        tensors["layer.%s" % name] = sample(name, (2, 3), seed=i)
    tensors["layer.scalar"] = np.array(1.5, dtype=np.float32)
    tensors["layer.empty"] = np.zeros((0, 4), dtype=np.float32)
    path = os.path.join(VALID, "all-dtypes.safetensors")
    save_file(tensors, path, metadata={"format": "np", "source": "make_fixtures.py"})
    expected["all-dtypes.safetensors"] = {
        name: summary(a, NUMPY_TO_DTYPE[a.dtype.name]) for name, a in tensors.items()}

    # BF16 without ml_dtypes: values exactly representable in bfloat16, header built by hand
    # in the layout safetensors writes (keys sorted, 8-byte aligned header).
    values = np.array([[1.0, -2.5, 0.15625], [1.5 * 2.0**127, -0.0, 7.0]], dtype=np.float32)
    bits = (values.view(np.uint32) >> 16).astype("<u2")
    assert np.array_equal((bits.astype(np.uint32) << 16).view(np.float32), values)
    header = {"w": {"dtype": "BF16", "shape": [2, 3], "data_offsets": [0, bits.nbytes]}}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(VALID, "bf16.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + bits.tobytes())
    expected["bf16.safetensors"] = {"w": summary(values, "BF16")}


def write_npy(name, array, expected, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version)
    with open(os.path.join(VALID, name), "wb") as f:
        f.write(buffer.getvalue())
    assert np.array_equal(np.load(os.path.join(VALID, name)), array, equal_nan=True)
    expected[name] = {name[:-4]: summary(array, npy_dtype_name(array))}


def write_npys(expected):
    with_nan = sample("<f4", (3, 4), seed=20)
    with_nan[1, 2] = np.nan
    for version in [(1, 0), (2, 0), (3, 0)]:
        write_npy("f4-v%d.npy" % version[0], with_nan, expected, version=version)
    for seed, code in enumerate(["f2", "f4", "f8", "i1", "u1", "i2", "i4", "i8", "u8", "b1"]):
        write_npy("%s.npy" % code, sample("<" + code if code[0] != "b" else "?", (5, 3), seed=seed), expected)
    write_npy("f8-big.npy", sample(">f8", (4, 3), seed=30), expected)
    write_npy("i4-big.npy", sample(">i4", (2, 5), seed=31), expected)
    write_npy("f4-fortran.npy", np.asfortranarray(sample("<f4", (3, 4, 2), seed=32)), expected)
    write_npy("i2-fortran-big.npy", np.asfortranarray(sample(">i2", (4, 5), seed=33)), expected)
    write_npy("scalar.npy", np.array(2.5, dtype="<f8"), expected)
    write_npy("empty.npy", np.zeros((0, 3), dtype="<f4"), expected)


def write_npzs(expected):
    arrays = {"conv.weight": sample("<f4", (4, 3, 3, 3), seed=40), "conv.bias": sample("<f2", (4,), seed=41),
              "labels": sample("<i8", (6,), seed=42)}
    summaries = {name: summary(a, npy_dtype_name(a)) for name, a in arrays.items()}
    np.savez(os.path.join(VALID, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(VALID, "compressed.npz"), **arrays)
    np.savez(os.path.join(VALID, "empty.npz"))
    expected["stored.npz"] = summaries
    expected["compressed.npz"] = summaries
    expected["empty.npz"] = {}

    # zipfile's force_zip64 writes Zip64 extra fields into the local headers.
    with zipfile.ZipFile(os.path.join(VALID, "zip64-local.npz"), "w", allowZip64=True) as archive:
        for name, a in arrays.items():
            with archive.open(name + ".npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, a)
    expected["zip64-local.npz"] = summaries

    # Zip64 central directory extra fields and end records, as writers emit past 4 GiB.
    members = []
    for i, (name, a) in enumerate(arrays.items()):
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, a)
        raw = buffer.getvalue()
        members.append({"name": name + ".npy", "raw": raw, "method": 8 if i % 2 else 0})
    path = os.path.join(VALID, "zip64.npz")
    with open(path, "wb") as f:
        f.write(zip_bytes(members, zip64=True))
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    expected["zip64.npz"] = summaries

    for name in ["stored.npz", "compressed.npz", "zip64-local.npz", "zip64.npz"]:
        with np.load(os.path.join(VALID, name)) as loaded:
            for key, a in arrays.items():
                assert np.array_equal(loaded[key], a)


def main():
    os.makedirs(VALID, exist_ok=True)
    expected = {}
    write_safetensors(expected)
    write_npys(expected)
    write_npzs(expected)
    with open(os.path.join(VALID, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    import make_invalid_fixtures
    make_invalid_fixtures.main()


if __name__ == "__main__":
    main()
