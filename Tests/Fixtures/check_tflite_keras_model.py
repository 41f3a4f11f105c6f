#!/usr/bin/env python3
"""Checks `weightatlas inspect --json` on real .tflite / .keras / .h5 files against the
reference readers: the `tflite` package (schema.fbs classes; int tensors dequantised with
numpy as scale * (q - zero_point) per channel) and h5py (every float/int dataset).

    python3 Tests/Fixtures/check_tflite_keras_model.py BINARY FILE...
Compares, per tensor: shape, min, max and mean (relative 1e-5). Exits 1 on a mismatch.
"""
import io
import json
import subprocess
import sys
import zipfile

import numpy as np

TYPES = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64, 7: np.int16, 9: np.int8, 10: np.float64}


def tflite_tensors(path):
    import tflite
    m = tflite.Model.GetRootAsModel(open(path, "rb").read(), 0)
    out, seen = {}, set()
    for s in range(m.SubgraphsLength()):
        g = m.Subgraphs(s)
        for i in range(g.TensorsLength()):
            t = g.Tensors(i)
            b = m.Buffers(t.Buffer())
            if t.Buffer() == 0 or b.DataLength() == 0 or t.Buffer() in seen or t.Type() not in TYPES or t.Sparsity() is not None:
                continue
            seen.add(t.Buffer())
            a = np.frombuffer(b.DataAsNumpy().tobytes(), TYPES[t.Type()]).reshape(t.ShapeAsNumpy() if t.ShapeLength() else [])
            q = t.Quantization()
            if q is not None and q.ScaleLength() > 0 and a.dtype.kind in "iu":
                scale, zp = q.ScaleAsNumpy().astype(np.float32), q.ZeroPointAsNumpy()
                shape = [1] * a.ndim
                if scale.size > 1:
                    shape[q.QuantizedDimension()] = scale.size
                a = scale.reshape(shape) * (a.astype(np.int64) - zp.reshape(shape)).astype(np.float32)
            out.setdefault(t.Name().decode(), a)
    return out


def h5_tensors(path):
    import h5py
    found = []
    if zipfile.is_zipfile(path):
        f = h5py.File(io.BytesIO(zipfile.ZipFile(path).read("model.weights.h5")), "r")
    else:
        f = h5py.File(path, "r")
    f.visititems(lambda n, o: found.append(o[()]) if isinstance(o, h5py.Dataset) and o.dtype.kind in "fiu" else None)
    return found


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    bad = 0
    for path in paths:
        report = json.loads(subprocess.run([binary, "inspect", "--json", path], check=True, capture_output=True).stdout)
        ours = report["tensors"]
        if path.endswith(".tflite"):
            ref = tflite_tensors(path)
            pairs = [(t, ref.get(t["name"])) for t in ours]
        else:   # names differ (Keras paths vs HDF5 paths): match by sorted statistics
            ref = sorted(h5_tensors(path), key=lambda a: (a.size, float(np.min(a)) if a.size else 0))
            mine = sorted(ours, key=lambda t: (int(np.prod(t["shape"])), t["stats"]["min"] if t["stats"]["min"] is not None else 0))
            pairs = list(zip(mine, ref))
            if len(ref) != len(ours):
                print(f"{path}: {len(ours)} tensors, h5py has {len(ref)}"); bad += 1
        for t, a in pairs:
            if a is None:
                print(f"{path}: {t['name']} not in reference"); bad += 1; continue
            a = a.astype(np.float64)
            want = (float(a.min()), float(a.max()), float(a.mean())) if a.size else None
            got = (t["stats"]["min"], t["stats"]["max"], t["stats"]["mean"]) if a.size else None
            if want and not np.allclose(got, want, rtol=1e-5, atol=1e-6):
                print(f"{path}: {t['name']}: ours {got}, reference {want}"); bad += 1
        print(f"{path}: {len(ours)} tensors checked" + (" (mismatches above)" if bad else ", all match"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
