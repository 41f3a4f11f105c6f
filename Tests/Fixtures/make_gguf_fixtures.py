#!/usr/bin/env python3
"""Writes the GGUF fixtures: valid files in gguf/ (with gguf-py's GGUFWriter) and their
expected values (gguf/expected.json, from gguf.quants.dequantize), invalid files in invalid/
(hand-written bytes, named for their defect).

    pip install gguf numpy && python3 Tests/Fixtures/make_gguf_fixtures.py

Quantised tensors: gguf-py can quantise Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0, which are made from
random normal data through gguf.quants.quantize; it has no quantiser for the K types, so
their blocks are random bytes with random finite f16 (f32 for Q8_K) scales — which checks
every bit pattern of the quants. gguf-py has no Q8_K dequantiser: Q8_K's expectation is
ggml's dequantize_row_q8_K (d * q in float32) written in numpy.
"""
import json
import os
import struct

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, "gguf")
INVALID = os.path.join(HERE, "invalid")
rng = np.random.default_rng(20240604)

# Byte offsets of the f16 scales in each K block (Q8_K: an f32 at 0).
K_SCALES = {T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208]}


def quantized(qtype, rows, cols):
    """(bytes as uint8 rows, row-major shape) of a random tensor of `qtype`."""
    block, size = GGML_QUANT_SIZES[qtype]
    if qtype in (T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0):
        data = rng.standard_normal((rows, cols)).astype(np.float32)
        return gguf.quants.quantize(data, qtype), [rows, cols]
    blocks = rng.integers(0, 256, size=(rows * cols // block, size), dtype=np.uint8)
    if qtype == T.Q8_K:
        blocks[:, 0:4] = (rng.standard_normal((len(blocks), 1)) * 0.01).astype(np.float32).view(np.uint8)
    for at in K_SCALES.get(qtype, []):
        blocks[:, at:at + 2] = (rng.standard_normal((len(blocks), 1)) * 0.05).astype(np.float16).view(np.uint8)
    return blocks.reshape(rows, cols // block * size), [rows, cols]


def dequantize(raw, qtype, shape):
    """Float32 values, flattened row-major, as gguf-py computes them."""
    if qtype == T.Q8_K:
        blocks = raw.reshape(-1, 292)
        d = blocks[:, 0:4].copy().view(np.float32)
        q = blocks[:, 4:260].copy().view(np.int8).astype(np.float32)
        return (d * q).reshape(-1)
    if qtype in (T.I8, T.I16, T.I32, T.I64, T.F64):
        return raw.astype(np.float32).reshape(-1)
    if qtype == T.BF16:
        return gguf.quants.dequantize(raw.view(np.uint8), qtype).reshape(-1)
    return gguf.quants.dequantize(raw, qtype).reshape(-1).astype(np.float32)


def fnv1a(values):
    """FNV-1a (64-bit) over the Float32 bit patterns, one 32-bit word at a time."""
    h = 0xcbf29ce484222325
    for word in np.ascontiguousarray(values, dtype=np.float32).view(np.uint32).tolist():
        h = ((h ^ word) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def expectation(qtype, shape, values):
    finite = values[np.isfinite(values)]
    return {
        "dtype": qtype.name, "shape": shape,
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        "sum": float(finite.astype(np.float64).sum()),
        "first": [float(v) for v in values[:8]],
        "fnv1a": fnv1a(values),
        "bits": [int(b) for b in values.view(np.uint32)[:64]],
    }


def plain(qtype, shape):
    """A random tensor of an element type, as stored."""
    if qtype in (T.I8, T.I16, T.I32, T.I64):
        info = np.iinfo({T.I8: np.int8, T.I16: np.int16, T.I32: np.int32, T.I64: np.int64}[qtype])
        dtype = {T.I8: np.int8, T.I16: np.int16, T.I32: np.int32, T.I64: np.int64}[qtype]
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    data = rng.standard_normal(shape) * 3
    if qtype == T.BF16:
        return gguf.quants.quantize(data.astype(np.float32), T.BF16)
    return data.astype({T.F32: np.float32, T.F16: np.float16, T.F64: np.float64}[qtype])


def write(name, tensors, expected, alignment=None, metadata=None, raw=()):
    """Writes gguf/NAME with `tensors` [(tensor name, qtype, shape, stored array)]."""
    writer = gguf.GGUFWriter(os.path.join(VALID, name), "fixture")
    if alignment:
        writer.add_custom_alignment(alignment)
    for add in metadata or []:
        add(writer)
    entry = {}
    for tname, qtype, shape, stored in tensors:
        numpy_typed = qtype in (T.F32, T.F16, T.F64, T.I8, T.I16, T.I32, T.I64)
        writer.add_tensor(tname, stored, raw_dtype=None if numpy_typed else qtype)
        entry[tname] = expectation(qtype, shape, dequantize(stored, qtype, shape))
    for tname, qtype, shape, stored in raw:   # unsupported types: bytes only
        writer.add_tensor(tname, stored, raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    expected[name] = entry


def all_types(expected):
    tensors = []
    for qtype in (T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0):
        stored, shape = quantized(qtype, 3, 64)
        tensors.append((f"{qtype.name.lower()}.weight", qtype, shape, stored))
    for qtype in (T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K, T.Q8_K):
        stored, shape = quantized(qtype, 3, 512)
        tensors.append((f"{qtype.name.lower()}.weight", qtype, shape, stored))
    shapes = {T.F32: [2, 3, 4], T.F16: [5, 7], T.BF16: [2, 1, 3, 4], T.F64: [6], T.I8: [3, 5],
              T.I16: [4, 2], T.I32: [7], T.I64: [2, 3]}
    for qtype, shape in shapes.items():
        tensors.append((f"{qtype.name.lower()}.weight", qtype, shape, plain(qtype, shape)))
    write("all-types.gguf", tensors, expected)


def metadata_file(expected):
    adds = [
        lambda w: w.add_uint8("t.u8", 200), lambda w: w.add_int8("t.i8", -100),
        lambda w: w.add_uint16("t.u16", 60000), lambda w: w.add_int16("t.i16", -30000),
        lambda w: w.add_uint32("t.u32", 4_000_000_000), lambda w: w.add_int32("t.i32", -2_000_000_000),
        lambda w: w.add_float32("t.f32", 1.5), lambda w: w.add_bool("t.bool", True),
        lambda w: w.add_string("t.string", "héllo"), lambda w: w.add_uint64("t.u64", 2**63 + 5),
        lambda w: w.add_int64("t.i64", -2**62), lambda w: w.add_float64("t.f64", -0.25),
        lambda w: w.add_array("t.array.i32", [1, -2, 3]),
        lambda w: w.add_array("t.array.string", ["a", "bc", ""]),
        lambda w: w.add_array("t.array.nested", [[1, 2], [3]]),
        lambda w: w.add_array("t.array.f32", [0.5, 2.0]),
        lambda w: w.add_array("t.array.bool", [True, False]),
    ]
    data = rng.standard_normal((4, 8)).astype(np.float32)
    write("metadata.gguf", [("w", T.F32, [4, 8], data)], expected, metadata=adds)


def aligned(expected):
    a = rng.standard_normal(5).astype(np.float32)
    b, shape = quantized(T.Q8_0, 2, 32)
    write("aligned-64.gguf", [("a", T.F32, [5], a), ("b", T.Q8_0, shape, b)], expected, alignment=64)


def unsupported(expected):
    a = rng.standard_normal((2, 3)).astype(np.float32)
    iq4 = rng.integers(0, 256, size=(2, 2 * 18), dtype=np.uint8)
    tq1 = rng.integers(0, 256, size=(1, 54), dtype=np.uint8)
    write("unsupported-type.gguf", [("a", T.F32, [2, 3], a)], expected,
          raw=[("iq4", T.IQ4_NL, [2, 64], iq4), ("tq1", T.TQ1_0, [1, 256], tq1)])


def version_2(expected):
    """gguf-py writes only v3; v2 has the same layout, so the version field is patched."""
    a = rng.standard_normal((3, 4)).astype(np.float32)
    write("v2.gguf", [("a", T.F32, [3, 4], a)], expected)
    path = os.path.join(VALID, "v2.gguf")
    data = bytearray(open(path, "rb").read())
    data[4:8] = struct.pack("<I", 2)
    open(path, "wb").write(data)


# Invalid files, written byte by byte.

def s(text):
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return s(key) + struct.pack("<I", vtype) + payload


def info(name, dims, ggml_type, offset):
    return s(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims) + \
        struct.pack("<IQ", ggml_type, offset)


def gguf_bytes(kvs=(), infos=(), data=b"", version=3, counts=None, alignment=32):
    n_tensors, n_kv = counts or (len(infos), len(kvs))
    head = b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv) + b"".join(kvs) + b"".join(infos)
    return head + b"\0" * (-len(head) % alignment) + data


def invalid():
    f32 = int(T.F32)
    one = [info("a", [4], f32, 0)]
    files = {
        "bad-magic.gguf": b"GGUX" + gguf_bytes()[4:],
        "truncated-header.gguf": gguf_bytes()[:12],
        "version-1.gguf": gguf_bytes(version=1),
        "string-length-past-end.gguf": gguf_bytes([struct.pack("<Q", 1 << 40) + b"key"], counts=(0, 1)),
        "tensor-count-huge.gguf": gguf_bytes(counts=(1 << 62, 0)),
        "array-count-huge.gguf": gguf_bytes([kv("k", 9, struct.pack("<IQ", 4, 1 << 60))]),
        "nested-arrays-too-deep.gguf": gguf_bytes([kv("k", 9, struct.pack("<IQ", 9, 1) * 40)]),
        "unknown-metadata-type.gguf": gguf_bytes([kv("k", 13, b"\0" * 8)]),
        "bad-bool.gguf": gguf_bytes([kv("k", 7, b"\x02")]),
        "duplicate-key.gguf": gguf_bytes([kv("k", 0, b"\1"), kv("k", 0, b"\2")]),
        "bad-alignment.gguf": gguf_bytes([kv("general.alignment", 4, struct.pack("<I", 48))], one, b"\0" * 16),
        "alignment-not-u32.gguf": gguf_bytes([kv("general.alignment", 10, struct.pack("<Q", 64))], one, b"\0" * 16),
        "dims-overflow.gguf": gguf_bytes(infos=[info("a", [1 << 40, 1 << 40], f32, 0)], data=b"\0" * 16),
        "too-many-dims.gguf": gguf_bytes(infos=[info("a", [1, 1, 1, 1, 1], f32, 0)], data=b"\0" * 16),
        "dim-past-int64.gguf": gguf_bytes(infos=[info("a", [1 << 63], f32, 0)], data=b"\0" * 16),
        "unknown-tensor-type.gguf": gguf_bytes(infos=[info("a", [32], 4, 0)], data=b"\0" * 32),
        "partial-block.gguf": gguf_bytes(infos=[info("a", [40], int(T.Q4_0), 0)], data=b"\0" * 64),
        "tensor-offset-out-of-bounds.gguf": gguf_bytes(infos=[info("a", [4], f32, 32)], data=b"\0" * 32),
        "tensor-size-past-end.gguf": gguf_bytes(infos=[info("a", [1024], f32, 0)], data=b"\0" * 64),
        "misaligned-offset.gguf": gguf_bytes(infos=[info("a", [4], f32, 8)], data=b"\0" * 64),
        "overlapping-tensors.gguf": gguf_bytes(infos=[info("a", [16], f32, 0), info("b", [4], f32, 32)],
                                               data=b"\0" * 64),
        "duplicate-tensor-name.gguf": gguf_bytes(infos=[info("a", [4], f32, 0), info("a", [4], f32, 32)],
                                                 data=b"\0" * 64),
        # tensor infos end at byte 57; the data section would start at 64
        "data-section-past-end.gguf": gguf_bytes(infos=one)[:60],
    }
    for name, data in files.items():
        open(os.path.join(INVALID, name), "wb").write(data)


def main():
    os.makedirs(VALID, exist_ok=True)
    expected = {}
    all_types(expected)
    metadata_file(expected)
    aligned(expected)
    unsupported(expected)
    version_2(expected)
    with open(os.path.join(VALID, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    invalid()


if __name__ == "__main__":
    main()
