#!/usr/bin/env python3
"""Writes Tests/Fixtures/invalid/: one file per defect, named for it.

Run by make_fixtures.py (or on its own). Each file differs from a valid one by one defect;
the Swift tests assert the exact FormatError.Kind each one raises.
"""
import io
import json
import os
import struct
import zlib

import numpy as np

from zipwriter import zip_bytes, deflate

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = os.path.join(HERE, "invalid")


def write(name, data):
    with open(os.path.join(INVALID, name), "wb") as f:
        f.write(data)


def st(header, data=b"", length=None):
    """A safetensors file from a header (dict, or raw JSON bytes) and data bytes."""
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(text) if length is None else length) + text + data


def f32(count):
    return np.arange(count, dtype="<f4").tobytes()


def safetensors_fixtures():
    good = st({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, f32(4))
    write("truncated-header.safetensors", good[:30])
    write("header-too-large.safetensors", st(b'{"a": {}}', length=200_000_000))
    write("header-length-past-end.safetensors", st(b'{"a": {"dtype": "F32"}}', length=5000))
    write("bad-json.safetensors", st(b'{"a": {"dtype": "F32",, "shape": [1], "data_offsets": [0, 4]}}', f32(1)))
    write("duplicate-key.safetensors", st(
        b'{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},'
        b' "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', f32(2)))
    write("unknown-dtype.safetensors", st({"a": {"dtype": "F8_E4M3", "shape": [4], "data_offsets": [0, 4]}}, bytes(4)))
    write("shape-size-mismatch.safetensors", st({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}}, f32(3)))
    write("offsets-out-of-bounds.safetensors", st({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, f32(2)))
    write("overlapping-ranges.safetensors", st({
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, f32(3)))
    write("gap-in-data.safetensors", st({
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [12, 20]}}, f32(5)))
    write("trailing-data.safetensors", st({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, f32(3)))
    write("absurd-dims.safetensors", st(
        {"a": {"dtype": "F32", "shape": [2**32, 2**32, 4], "data_offsets": [0, 4]}}, f32(1)))
    write("negative-dim.safetensors", st({"a": {"dtype": "F32", "shape": [-1, 2], "data_offsets": [0, 8]}}, f32(2)))
    write("fractional-dim.safetensors", st({"a": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}}, f32(1)))
    write("entry-not-object.safetensors", st({"a": 5}))
    write("deep-nesting.safetensors", st(b'{"a": ' + b"[" * 100 + b"]" * 100 + b"}"))
    write("bad-metadata.safetensors", st({"__metadata__": {"n": 1}}))


def npy(descr, shape, data, fortran=False, version=(1, 0), header_text=None):
    """An .npy file with a hand-written header (padded the way numpy pads it)."""
    text = header_text or "{'descr': %r, 'fortran_order': %s, 'shape': %r, }" % (descr, fortran, tuple(shape))
    raw = text.encode("latin1")
    prefix = 10 if version == (1, 0) else 12
    raw += b" " * (-(prefix + len(raw) + 1) % 64) + b"\n"
    length = struct.pack("<H" if version == (1, 0) else "<I", len(raw))
    return b"\x93NUMPY" + bytes(version) + length + raw + data


def npy_fixtures():
    buffer = io.BytesIO()
    np.save(buffer, np.arange(16, dtype="<f4").reshape(4, 4))
    good = buffer.getvalue()
    write("truncated-data.npy", good[:-8])
    write("trailing-data.npy", good + bytes(8))
    write("bad-magic-version.npy", b"\x93NUMPY\x09\x00" + good[8:])
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"pickle": 1}, None], dtype=object), allow_pickle=True)
    write("object-dtype.npy", buffer.getvalue())
    write("bad-header-dict.npy", npy(None, None, f32(4), header_text=
        "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os').system('true'), }"))
    write("missing-key.npy", npy(None, None, f32(4), header_text="{'descr': '<f4', 'shape': (4,), }"))
    write("absurd-dims.npy", npy("<f4", (2**62, 2**62), f32(4)))
    write("negative-dim.npy", npy("<f4", (-4,), f32(4)))
    write("complex-dtype.npy", npy("<c8", (2,), f32(4)))
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    write("structured-dtype.npy", buffer.getvalue())
    write("header-too-large.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**31) + b"{")


def npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array)
    return buffer.getvalue()


def npz_fixtures():
    raw = npy_bytes(np.arange(16, dtype="<f4"))
    good = zip_bytes([{"name": "a.npy", "raw": raw}, {"name": "b.npy", "raw": raw}])
    cd_offset = struct.unpack("<I", good[-6:-2])[0]
    eocd = len(good) - 22
    # Drop the central directory's last 20 bytes, leaving the end record as it was.
    write("truncated-central-directory.npz", good[:eocd - 20] + good[eocd:])
    write("no-end-record.npz", good[:-22])
    write("crc-mismatch.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8, "crc": zlib.crc32(raw) ^ 1}]))
    # The header promises 16 floats and the directory their size, but the stream holds 8.
    write("declared-size-lie.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8,
                                                "data": deflate(raw[:-32])}]))
    write("declared-size-bomb.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8, "usize": 10**9}]))
    write("path-traversal.npz", zip_bytes([{"name": "../../etc/a.npy", "raw": raw}]))
    write("duplicate-member.npz", zip_bytes([{"name": "a.npy", "raw": raw}, {"name": "a.npy", "raw": raw}]))
    write("non-npy-member.npz", zip_bytes([{"name": "readme.txt", "raw": b"hello"}]))
    write("encrypted-member.npz", zip_bytes([{"name": "a.npy", "raw": raw, "flags": 1}]))
    write("bzip2-member.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 12}]))
    write("truncated-member.npz", zip_bytes([{"name": "a.npy", "raw": raw[:-8]}]))
    write("corrupt-deflate.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8,
                                             "data": b"\xff" * 40, "csize": 40}]))
    assert cd_offset < eocd


def main():
    os.makedirs(INVALID, exist_ok=True)
    safetensors_fixtures()
    npy_fixtures()
    npz_fixtures()


if __name__ == "__main__":
    main()
