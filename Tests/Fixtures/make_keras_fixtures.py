#!/usr/bin/env python3
"""Keras fixtures (Tests/Fixtures/keras, invalid ones in Tests/Fixtures/invalid/keras-*).

Written with h5py exactly as Keras lays them out (no keras/tensorflow needed):
  keras3.keras           Keras 3 archive: metadata.json, config.json, model.weights.h5 (stored)
  keras3-deflated.keras  the same with model.weights.h5 deflated (read from an inflated copy)
  legacy-weights.h5      Keras 2 model.save_weights: <layer>/<layer>/<var>:0, one dataset
                         chunked + gzip, one big-endian float64
  legacy-model.h5        Keras 2 model.save: model_weights/... and optimizer_weights/...
  *-oihw.npy             the conv kernels (plain, depthwise, transposed) permuted to O x I x kH x kW,
                         for render parity
expected.json: file -> tensor -> dtype, shape, first values, sum (numpy's), role.

Requirements: numpy, h5py.   python3 Tests/Fixtures/make_keras_fixtures.py
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "keras")
INVALID = os.path.join(HERE, "invalid")
rng = np.random.default_rng(9)

# Layer, class, variables (name, array) in Keras 3 build order.
LAYERS = [
    ("conv2d", "Conv2D", [("kernel", rng.standard_normal((3, 3, 3, 4)).astype(np.float32)),
                          ("bias", rng.standard_normal(4).astype(np.float32))]),
    ("depthwise_conv2d", "DepthwiseConv2D", [("kernel", rng.standard_normal((3, 3, 4, 2)).astype(np.float32))]),
    ("batch_normalization", "BatchNormalization", [(n, rng.standard_normal(8).astype(np.float32))
                                                   for n in ("gamma", "beta", "moving_mean", "moving_variance")]),
    ("dense", "Dense", [("kernel", rng.standard_normal((8, 5)).astype(np.float16)),
                        ("bias", np.arange(5, dtype=np.float64))]),
    # kH kW O I: Keras keeps a transposed convolution's output channels before its inputs.
    ("conv2d_transpose", "Conv2DTranspose", [("kernel", rng.standard_normal((3, 3, 2, 3)).astype(np.float32)),
                                             ("bias", rng.standard_normal(2).astype(np.float32))]),
]
ROLES = {("Conv2D", "kernel"): "channels-last", ("Dense", "kernel"): "channels-last",
         ("DepthwiseConv2D", "kernel"): "depthwise", ("Conv2DTranspose", "kernel"): "channels-last-transpose"}
DTYPES = {np.float32: "F32", np.float16: "F16", np.float64: "F64"}


def config():
    layers = [{"module": "keras.layers", "class_name": "InputLayer",
               "config": {"batch_shape": [None, 8, 8, 3], "dtype": "float32", "name": "input_layer"}}]
    for name, cls, _ in LAYERS:
        layers.append({"module": "keras.layers", "class_name": cls, "registered_name": None,
                       "config": {"name": name, "trainable": True, "dtype": "float32"}})
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"name": "sequential", "trainable": True, "layers": layers}}


def keras3_weights():
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("vars")
        f.create_group("layers/input_layer/vars")
        for name, _, variables in LAYERS:
            group = f.create_group(f"layers/{name}/vars")
            for i, (_, array) in enumerate(variables):
                group.create_dataset(str(i), data=array)
        f.create_group("optimizer/vars")
    return buf.getvalue()


def write_keras(path, compression):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1", "date_saved": "2026-01-01@00:00:00"}))
        z.writestr("config.json", json.dumps(config()))
        z.writestr("model.weights.h5", keras3_weights(), compress_type=compression)


def write_legacy(path, full_model):
    with h5py.File(path, "w") as f:
        root = f.create_group("model_weights") if full_model else f
        root.attrs["layer_names"] = [n.encode() for n, _, _ in LAYERS]
        root.attrs["backend"] = b"tensorflow"
        root.attrs["keras_version"] = b"2.15.0"
        for name, cls, variables in LAYERS:
            group = root.create_group(name)
            names = [("depthwise_kernel" if cls == "DepthwiseConv2D" and v == "kernel" else v) for v, _ in variables]
            group.attrs["weight_names"] = [f"{name}/{v}:0".encode() for v in names]
            for v, (_, array) in zip(names, variables):
                if name == "dense" and v == "kernel":
                    group.create_dataset(f"{name}/{v}:0", data=array, chunks=(4, 5), compression="gzip")
                elif name == "dense" and v == "bias":
                    group.create_dataset(f"{name}/{v}:0", data=array.astype(">f8"))
                else:
                    group.create_dataset(f"{name}/{v}:0", data=array)
        if full_model:
            f.attrs["model_config"] = json.dumps(config()).encode()
            f.create_dataset("optimizer_weights/Adam/iter:0", data=np.int64(7))


def expected_entries(legacy):
    out = {}
    for name, cls, variables in LAYERS:
        for v, array in variables:
            key = f"{name}/{'depthwise_kernel' if legacy and cls == 'DepthwiseConv2D' else v}"
            role = ROLES.get((cls, v))
            out[key] = {"dtype": DTYPES[array.dtype.type], "shape": list(array.shape),
                        "first": [float(x) for x in array.reshape(-1)[:4]],
                        "sum": float(array.astype(np.float64).sum()), "role": role}
    return out


def check(path, count):
    """Read back with h5py: the datasets Keras would load."""
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z, h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
            found = []
            f.visititems(lambda n, o: found.append(n) if isinstance(o, h5py.Dataset) else None)
    else:
        with h5py.File(path, "r") as f:
            found = []
            f.visititems(lambda n, o: found.append(n) if isinstance(o, h5py.Dataset) else None)
    assert len(found) == count, (path, found)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_keras(os.path.join(OUT, "keras3.keras"), zipfile.ZIP_STORED)
    write_keras(os.path.join(OUT, "keras3-deflated.keras"), zipfile.ZIP_DEFLATED)
    write_legacy(os.path.join(OUT, "legacy-weights.h5"), full_model=False)
    write_legacy(os.path.join(OUT, "legacy-model.h5"), full_model=True)
    for p, n in [("keras3.keras", 11), ("keras3-deflated.keras", 11), ("legacy-weights.h5", 11), ("legacy-model.h5", 12)]:
        check(os.path.join(OUT, p), n)
    kernel = LAYERS[0][2][0][1]                      # kH kW I O -> O I kH kW
    np.save(os.path.join(OUT, "conv2d-oihw.npy"), np.ascontiguousarray(kernel.transpose(3, 2, 0, 1)))
    depthwise = LAYERS[1][2][0][1]                   # kH kW C M -> (C M) 1 kH kW
    np.save(os.path.join(OUT, "depthwise-oihw.npy"),
            np.ascontiguousarray(depthwise.transpose(2, 3, 0, 1).reshape(8, 1, 3, 3)))
    transposed = LAYERS[4][2][0][1]                  # kH kW O I -> O I kH kW
    np.save(os.path.join(OUT, "conv2d_transpose-oihw.npy"), np.ascontiguousarray(transposed.transpose(2, 3, 0, 1)))
    keras3, legacy = expected_entries(False), expected_entries(True)
    model = dict(legacy, **{"optimizer_weights/Adam/iter": {"dtype": "I64", "shape": [], "first": [7.0], "sum": 7.0, "role": None}})
    expected = {"keras3.keras": keras3, "keras3-deflated.keras": keras3, "legacy-weights.h5": legacy,
                "legacy-model.h5": model}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    write_invalid()


def write_invalid():
    legacy = open(os.path.join(OUT, "legacy-weights.h5"), "rb").read()
    with open(os.path.join(INVALID, "keras-truncated.h5"), "wb") as f:
        f.write(legacy[: len(legacy) // 2])
    # The root group's object header (its address follows the root symbol table entry's link
    # name offset in the v0 superblock, at byte 64) overwritten with garbage.
    data = bytearray(legacy)
    root = int.from_bytes(data[64:72], "little")
    data[root:root + 32] = b"\xAB" * 32
    with open(os.path.join(INVALID, "keras-corrupt-object-header.h5"), "wb") as f:
        f.write(bytes(data))
    with h5py.File(os.path.join(INVALID, "keras-external-storage.h5"), "w") as f:
        f.create_dataset("dense/dense/kernel:0", shape=(4,), dtype="f4", external=[("/etc/passwd", 0, 16)])
    with h5py.File(os.path.join(INVALID, "keras-string-dataset.h5"), "w") as f:
        f.create_dataset("dense/dense/kernel:0", data=np.array([b"abc", b"def"]))
    with zipfile.ZipFile(os.path.join(INVALID, "keras-no-weights-member.keras"), "w") as z:
        z.writestr("metadata.json", "{}")
        z.writestr("config.json", json.dumps(config()))
    with zipfile.ZipFile(os.path.join(INVALID, "keras-weights-not-hdf5.keras"), "w") as z:
        z.writestr("metadata.json", "{}")
        z.writestr("config.json", json.dumps(config()))
        z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\x00" * 8 + b"not really HDF5" * 10)


if __name__ == "__main__":
    main()
