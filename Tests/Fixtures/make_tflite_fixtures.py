#!/usr/bin/env python3
"""TFLite fixtures (Tests/Fixtures/tflite, invalid ones in Tests/Fixtures/invalid/tflite-*).

A small model written with the flatbuffers Builder following schema.fbs field slots (see
TFLiteFile.swift's grammar), then read back with the `tflite` package (the schema's Python
classes) to check it: CONV_2D with an int8 per-channel kernel O x kH x kW x I and int32
bias, a float16 depthwise kernel 1 x kH x kW x C behind DEQUANTIZE, a uint8 per-tensor
matrix and a float32 vector. expected.json holds the dequantised values (numpy);
conv-oihw.npy and depthwise-oihw.npy the kernels in PyTorch's layout, for render parity.

Requirements: numpy, flatbuffers, tflite.   python3 Tests/Fixtures/make_tflite_fixtures.py
"""
import json
import os

import flatbuffers
import numpy as np
import tflite

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tflite")
INVALID = os.path.join(HERE, "invalid")
rng = np.random.default_rng(11)

CONV_Q = rng.integers(-127, 128, (4, 3, 3, 3)).astype(np.int8)
CONV_SCALE = np.array([0.01, 0.02, 0.03, 0.04], np.float32)
BIAS_Q = rng.integers(-1000, 1000, 4).astype(np.int32)
DW = rng.standard_normal((1, 3, 3, 4)).astype(np.float16)
DENSE_Q = rng.integers(0, 256, (2, 6)).astype(np.uint8)
VEC = np.array([1.5, -2.0, 3.25], np.float32)


def vector(b, values, kind):
    b.StartVector({"i": 4, "q": 8, "f": 4, "B": 1, "H": 2}[kind], len(values), {"q": 8}.get(kind, 4))
    for v in reversed(list(values)):
        {"i": b.PrependInt32, "q": b.PrependInt64, "f": b.PrependFloat32, "B": b.PrependUint8, "H": b.PrependUint16}[kind](v)
    return b.EndVector()


def table(b, fields):
    """fields: slot -> (kind, value) where kind is 'off', 'i32', 'u32', 'i8'."""
    b.StartObject(max(fields) + 1)
    for slot, (kind, value) in sorted(fields.items()):
        {"off": b.PrependUOffsetTRelativeSlot, "i32": b.PrependInt32Slot, "u32": b.PrependUint32Slot,
         "i8": b.PrependInt8Slot}[kind](slot, value, 0 if kind != "off" else 0)
    return b.EndObject()


def offsets(b, items):
    b.StartVector(4, len(items), 4)
    for item in reversed(items):
        b.PrependUOffsetTRelative(item)
    return b.EndVector()


def build(buffer_index=2, zero_points=(0, 0, 0, 0), description="fixture model"):
    b = flatbuffers.Builder(1024)
    datas = [None, CONV_Q.tobytes(), BIAS_Q.tobytes(), DW.tobytes(), DENSE_Q.tobytes(), VEC.tobytes()]
    buffers = []
    for data in datas:
        if data is None:
            buffers.append(table(b, {0: ("off", 0)}) if False else (b.StartObject(3), b.EndObject())[1])
            continue
        b.StartVector(1, len(data), 16)
        b.head = b.head - len(data)
        b.Bytes[b.head:b.head + len(data)] = data
        vec = b.EndVector()
        buffers.append(table(b, {0: ("off", vec)}))

    def quant(scale, zp, dim):
        s, z = vector(b, scale, "f"), vector(b, zp, "q")
        return table(b, {2: ("off", s), 3: ("off", z), 6: ("i32", dim)})

    tensor_specs = [  # name, shape, type, buffer, quantization
        ("input", [1, 8, 8, 3], 0, 0, None),
        ("conv/kernel", list(CONV_Q.shape), 9, 1, (CONV_SCALE, zero_points, 0)),
        ("conv/bias", [4], 2, buffer_index, (CONV_SCALE * 0.5, (0, 0, 0, 0), 0)),
        ("dw/kernel_f16", list(DW.shape), 1, 3, None),
        ("dw/kernel", list(DW.shape), 0, 0, None),
        ("dense/weights", list(DENSE_Q.shape), 3, 4, ([0.5], [128], 0)),
        ("vec", [3], 0, 5, None),
    ]
    tensors = []
    for name, shape, kind, buf, q in tensor_specs:
        n, s = b.CreateString(name), vector(b, shape, "i")
        fields = {0: ("off", s), 1: ("i8", kind), 2: ("u32", buf), 3: ("off", n)}
        if q is not None:
            fields[4] = ("off", quant(*q))
        tensors.append(table(b, fields))
    ops = []
    for code, ins, outs in [(0, [0, 1, 2], [7]), (2, [3], [4]), (1, [0, 4, -1], [8])]:
        ops.append(table(b, {0: ("u32", code), 1: ("off", vector(b, ins, "i")), 2: ("off", vector(b, outs, "i"))}))
    subgraph = table(b, {0: ("off", offsets(b, tensors)), 3: ("off", offsets(b, ops))})
    codes = [table(b, {0: ("i8", c), 3: ("i32", c)}) for c in (3, 4, 6)]
    desc = b.CreateString(description)
    model = table(b, {0: ("u32", 3), 1: ("off", offsets(b, codes)), 2: ("off", offsets(b, [subgraph])),
                      3: ("off", desc), 4: ("off", offsets(b, buffers))})
    b.Finish(model, file_identifier=b"TFL3")
    return bytes(b.Output())


def check(data):
    m = tflite.Model.GetRootAsModel(data, 0)
    g = m.Subgraphs(0)
    t = g.Tensors(1)
    assert t.Name() == b"conv/kernel" and list(t.ShapeAsNumpy()) == [4, 3, 3, 3]
    assert np.array_equal(m.Buffers(t.Buffer()).DataAsNumpy().view(np.int8).reshape(4, 3, 3, 3), CONV_Q)
    assert np.allclose(t.Quantization().ScaleAsNumpy(), CONV_SCALE)
    assert m.Buffers(3).DataAsNumpy().view(np.float16).tobytes() == DW.tobytes()


def entry(values, role=None):
    flat = values.astype(np.float32).reshape(-1)
    return {"dtype": "F32" if values.dtype == np.float32 else "F16", "shape": list(values.shape),
            "first": [float(x) for x in flat[:4]], "sum": float(flat.astype(np.float64).sum()), "role": role}


def main():
    os.makedirs(OUT, exist_ok=True)
    data = build()
    check(data)
    open(os.path.join(OUT, "model.tflite"), "wb").write(data)
    conv = CONV_SCALE.reshape(4, 1, 1, 1) * CONV_Q.astype(np.float32)
    bias = (CONV_SCALE * 0.5) * BIAS_Q.astype(np.float32)
    dense = np.float32(0.5) * (DENSE_Q.astype(np.float32) - np.float32(128))
    expected = {"model.tflite": {"conv/kernel": entry(conv, "ohwi"), "conv/bias": entry(bias),
                                 "dw/kernel_f16": entry(DW, "1hwc"), "dense/weights": entry(dense), "vec": entry(VEC)}}
    json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1, sort_keys=True)
    np.save(os.path.join(OUT, "conv-oihw.npy"), np.ascontiguousarray(conv.transpose(0, 3, 1, 2)))
    np.save(os.path.join(OUT, "depthwise-oihw.npy"), np.ascontiguousarray(DW.astype(np.float32).transpose(3, 0, 1, 2)))
    write_invalid(data)


def write_invalid(data):
    def save(name, blob):
        open(os.path.join(INVALID, "tflite-" + name + ".tflite"), "wb").write(blob)
    save("truncated", data[: len(data) // 2])
    root = int.from_bytes(data[0:4], "little")
    bad = bytearray(data)
    bad[root:root + 4] = (-0x7FFFFF00).to_bytes(4, "little", signed=True)
    save("bad-vtable-offset", bytes(bad))
    marked = build(description="VECTOR-MARKER")
    at = marked.index(b"VECTOR-MARKER") - 4
    bad = bytearray(marked)
    bad[at:at + 4] = (0x7FFFFFF0).to_bytes(4, "little")
    save("vector-past-end", bytes(bad))
    save("buffer-index-out-of-range", build(buffer_index=99))
    save("quantization-wrong-length", build(zero_points=(0, 0, 0)))


if __name__ == "__main__":
    main()
