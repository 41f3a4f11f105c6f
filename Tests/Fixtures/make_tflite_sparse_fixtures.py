#!/usr/bin/env python3
"""Sparse TFLite fixtures (Tests/Fixtures/tflite/sparse.tflite, invalid ones in
Tests/Fixtures/invalid/tflite-sparse-*): tensors stored with SparsityParameters the way
TensorFlow's converter writes them, encoded here from dense numpy arrays, so the expected
values (tflite/sparse-expected.json) are the arrays themselves, not a decoder's output.

  csr        4x6 float32, DENSE(4) then SPARSE_CSR (uint8 indices)
  blocked    4x8 float32 in 1x4 blocks: block_map [1], levels DENSE(4), SPARSE_CSR (uint16), DENSE(4)
  conv/ohwi  4x3x3x2 float16, DENSE, DENSE, DENSE, SPARSE_CSR (int32 indices), as MediaPipe's
             sparse detectors store conv kernels

Requirements: numpy, flatbuffers, tflite.   python3 Tests/Fixtures/make_tflite_sparse_fixtures.py
"""
import json
import os

import flatbuffers
import numpy as np
import tflite

from make_tflite_fixtures import offsets, table, vector

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(31)


def sparse_array(shape, dtype, keep=0.4):
    a = rng.standard_normal(shape).astype(dtype)
    a[rng.random(shape) > keep] = 0
    return a


CSR = sparse_array((4, 6), np.float32)
BLOCKED = np.zeros((4, 8), np.float32)
BLOCKED[0, 4:8] = [1, 2, 3, 4]
BLOCKED[2, 0:4] = [5, 0, 7, 8]
BLOCKED[3, :] = rng.standard_normal(8)
CONV = sparse_array((4, 3, 3, 2), np.float16, keep=0.5)


def encode(expanded, formats):
    """Levels and stored values of `expanded` traversed in order, DENSE ('D') or SPARSE_CSR ('S')."""
    prefixes, levels = [()], []
    for level, kind in enumerate(formats):
        size = expanded.shape[level]
        if kind == "D":
            prefixes = [p + (i,) for p in prefixes for i in range(size)]
            levels.append(("D", size))
        else:
            segments, indices, kept = [0], [], []
            for p in prefixes:
                for i in range(size):
                    if np.any(expanded[p + (i,)] != 0):
                        indices.append(i)
                        kept.append(p + (i,))
                segments.append(len(indices))
            prefixes = kept
            levels.append(("S", segments, indices))
    return levels, np.array([expanded[p] for p in prefixes], dtype=expanded.dtype)


def sparsity(b, levels, order, block_map, index_kind=("B", 3), override=None):
    metas = []
    for level in levels:
        if level[0] == "D":
            metas.append(table(b, {0: ("i8", 0), 1: ("i32", level[1])}))
            continue
        segments, indices = level[1], level[2]
        if override:
            segments, indices = override(segments, indices)
        kind, code = index_kind
        seg = table(b, {0: ("off", vector(b, segments, kind))})
        idx = table(b, {0: ("off", vector(b, indices, kind))})
        metas.append(table(b, {0: ("i8", 1), 2: ("i8", code), 3: ("off", seg), 4: ("i8", code), 5: ("off", idx)}))
    fields = {0: ("off", vector(b, order, "i")), 2: ("off", offsets(b, metas))}
    if block_map:
        fields[1] = ("off", vector(b, block_map, "i"))
    return table(b, fields)


def build(specs):
    """specs: (name, dense shape, tflite type, stored values, sparsity builder)."""
    b = flatbuffers.Builder(1024)
    buffers = [(b.StartObject(3), b.EndObject())[1]]
    for spec in specs:
        data = spec[3].tobytes()
        b.StartVector(1, len(data), 16)
        b.head = b.head - len(data)
        b.Bytes[b.head:b.head + len(data)] = data
        buffers.append(table(b, {0: ("off", b.EndVector())}))
    tensors = []
    for i, (name, shape, kind, _, make) in enumerate(specs):
        s, n, sp = vector(b, shape, "i"), b.CreateString(name), make(b)
        tensors.append(table(b, {0: ("off", s), 1: ("i8", kind), 2: ("u32", i + 1), 3: ("off", n), 6: ("off", sp)}))
    subgraph = table(b, {0: ("off", offsets(b, tensors))})
    model = table(b, {0: ("u32", 3), 2: ("off", offsets(b, [subgraph])), 4: ("off", offsets(b, buffers))})
    b.Finish(model, file_identifier=b"TFL3")
    return bytes(b.Output())


def specs(override=None):
    csr_levels, csr_values = encode(CSR, "DS")
    blocked_levels, blocked_values = encode(BLOCKED.reshape(4, 2, 4), "DSD")
    conv_levels, conv_values = encode(CONV, "DDDS")
    return [
        ("csr", [4, 6], 0, csr_values, lambda b: sparsity(b, csr_levels, [0, 1], None, override=override)),
        ("blocked", [4, 8], 0, blocked_values, lambda b: sparsity(b, blocked_levels, [0, 1, 2], [1], ("H", 2))),
        ("conv/ohwi", [4, 3, 3, 2], 1, conv_values, lambda b: sparsity(b, conv_levels, [0, 1, 2, 3], None, ("i", 1))),
    ]


def main():
    data = build(specs())
    model = tflite.Model.GetRootAsModel(data, 0)
    assert model.Subgraphs(0).Tensors(0).Sparsity().DimMetadataLength() == 2      # the schema's classes read it
    open(os.path.join(HERE, "tflite", "sparse.tflite"), "wb").write(data)
    expected = {name: {"shape": list(a.shape), "values": [float(v) for v in a.astype(np.float32).reshape(-1)]}
                for name, a in [("csr", CSR), ("blocked", BLOCKED), ("conv/ohwi", CONV)]}
    json.dump(expected, open(os.path.join(HERE, "tflite", "sparse-expected.json"), "w"), indent=1, sort_keys=True)

    def save(name, blob):
        open(os.path.join(HERE, "invalid", "tflite-sparse-" + name + ".tflite"), "wb").write(blob)
    save("index-out-of-range", build(specs(lambda s, i: (s, [min(v + 6, 255) for v in i]))))
    save("segments-decreasing", build(specs(lambda s, i: (s[:1] + [s[2], s[1]] + s[3:], i))))
    # 65,536 x 65,536 float32 (16 GiB) from 128 KiB of segments and one value.
    rows = 1 << 16
    bomb_levels = [("D", rows), ("S", [0] + [1] * rows, [0])]
    save("expansion-bomb", build([("bomb", [rows, rows], 0, np.ones(1, np.float32),
                                   lambda b: sparsity(b, bomb_levels, [0, 1], None, ("H", 2)))]))
    print("wrote tflite/sparse.tflite, sparse-expected.json and 3 invalid sparse files")


if __name__ == "__main__":
    main()
