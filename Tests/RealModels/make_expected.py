#!/usr/bin/env python3
"""Write Tests/RealModels/expected/<id>.json: every tensor of each cached corpus model as the
REFERENCE Python libraries see it, then compare with `weightatlas inspect --json`.

    python3 -m pip install numpy safetensors onnx gguf h5py tflite
    python3 Tests/RealModels/make_expected.py [--binary .build/release/weightatlas] [--only ID ...]

Reference readers: safetensors.numpy, numpy.load (npz), onnx + numpy_helper (initializers and
Constant nodes of every graph, subgraphs included: the rule of Tests/Fixtures/check_onnx_model.py),
gguf.GGUFReader + gguf.quants.dequantize, h5py (Keras), the `tflite` flatbuffer classes (int
tensors with quantisation parameters dequantised as scale * (q - zero_point) per channel, sparse
tensors densified here by TFLite's own format rules), and for PyTorch the restricted unpickler of
Tests/Fixtures/torchcheck.py (torch itself is not used: PyPI's torch pulls GBs of CUDA wheels);
TorchScript archives through a permissive variant of it that records `__torch__` objects' state.

Per tensor: name (as weightatlas names it; the mapping rules are in NAME RULES below), shape
(outermost first), dtype (the reference's), count, and over finite values: min, max and mean
(float64), mean_abs (for the test's tolerance on near-zero means). min/max are of the values
rounded to Float32, as weightatlas reduces Float32 (exact for every stored dtype except F64).
Flags: "sparse": true (TFLite sparse tensor, values densified), "ours": "missing" when today's
weightatlas does not list it (another engineer is fixing those readers: the Swift test expects
them all the same).

NAME RULES (reference name -> weightatlas name):
  safetensors, npz, onnx, gguf, tflite: unchanged.
  keras .h5: the HDF5 dataset path without the ":0" suffix, and without "model_weights/" for the
             model's own weights (model_weights/conv2d_1/conv2d_1/kernel:0 -> conv2d_1/conv2d_1/kernel;
             optimizer_weights/Variable_104:0 -> optimizer_weights/Variable_104).
  pytorch zip/legacy: the dotted path of the tensor inside the pickled object.
  torchscript: the dotted attribute path from the root module (_model.encoder.0.reparam_conv.weight);
             the tensors of constants.pkl (a tuple) are constants.<index>.
SHAPE RULES: gguf-py lists dimensions innermost first (ggml's ne); they are reversed here.
"""
import argparse
import collections
import io
import json
import os
import pickle
import subprocess
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Fixtures"))
import torchcheck  # noqa: E402


def cache_dir():
    return os.environ.get("WEIGHTATLAS_REAL_MODELS") or os.path.join(
        os.path.expanduser("~"), ".cache", "weightatlas", "real-models")


# ---------------------------------------------------------------- readers: name -> (array, dtype, flags)

def read_safetensors(path):
    from safetensors.numpy import load_file
    return {k: (v, str(v.dtype), {}) for k, v in load_file(path).items()}


def read_npz(path):
    with np.load(path, allow_pickle=False) as z:
        return {k: (z[k], str(z[k].dtype), {}) for k in z.files}


def read_onnx(path):
    import onnx
    from onnx import TensorProto, numpy_helper
    from check_onnx_model import tensors   # the fixtures' walk: initializers and Constants of every graph
    found = tensors(onnx.load(path))
    out = {}
    for name, t in found.items():
        a = np.asarray(numpy_helper.to_array(t))
        out[name] = (a, TensorProto.DataType.Name(t.data_type), {})
    return out


def read_gguf(path):
    import gguf
    from gguf.quants import dequantize
    r = gguf.GGUFReader(path)
    out = {}
    for t in r.tensors:
        shape = [int(x) for x in reversed(list(t.shape))]
        a = dequantize(t.data, t.tensor_type).reshape(shape)
        out[t.name] = (a, t.tensor_type.name, {})
    return out


def read_h5(path):
    import h5py
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "fiub":
                if name.startswith("model_weights/"):
                    name = name[len("model_weights/"):]
                out[name[:-2] if name.endswith(":0") else name] = (obj[()], str(obj.dtype), {})
        f.visititems(visit)
    return out


def read_pytorch(path):
    obj = torchcheck.load(path) if zipfile.is_zipfile(path) else torchcheck.legacy_tensors(path)
    return {n: (t.array, t.dtype, {}) for n, t in torchcheck.flatten(obj)}


class ScriptObject:
    """A `__torch__` object of a TorchScript archive: only its state is kept."""
    def __init__(self, *args):
        self.state = {}

    def __setstate__(self, state):
        self.state = state if isinstance(state, dict) else {"state": state}


def read_torchscript(path):
    archive = zipfile.ZipFile(path)
    pkl = next(n for n in archive.namelist() if n.endswith("/data.pkl") and n.count("/") == 1)
    prefix = pkl[: -len("data.pkl")]

    class Permissive(torchcheck.Restricted):
        def find_class(self, module, name):
            if module.startswith("__torch__"):
                return type(name, (ScriptObject,), {})
            if module == "torch.jit._pickle" and name.startswith("build_"):
                return lambda value: value   # build_intlist, build_tensorlist, ...: the list itself
            return super().find_class(module, name)

    def storage(pid):
        kind = pid[1].name
        return np.frombuffer(archive.read(f"{prefix}data/{pid[2]}"), dtype=torchcheck.NUMPY[kind]), kind

    root = Permissive(archive.read(pkl), storage).load()
    out = {}

    def walk(value, name):
        if isinstance(value, torchcheck.Loaded):
            out.setdefault(name, (value.array, value.dtype, {}))
        elif isinstance(value, ScriptObject):
            for k, v in value.state.items():
                if k != "training":
                    walk(v, f"{name}.{k}" if name else str(k))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{name}.{k}" if name else str(k))
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{name}.{i}" if name else str(i))

    walk(root, "")
    constants = f"{prefix}constants.pkl"
    if constants in archive.namelist():
        def constant_storage(pid):
            kind = pid[1].name
            return np.frombuffer(archive.read(f"{prefix}constants/{pid[2]}"), dtype=torchcheck.NUMPY[kind]), kind
        for i, value in enumerate(Permissive(archive.read(constants), constant_storage).load()):
            walk(value, f"constants.{i}")
    return out


TFLITE_TYPES = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64, 6: np.bool_,
                7: np.int16, 9: np.int8, 10: np.float64}
TFLITE_NAMES = {0: "FLOAT32", 1: "FLOAT16", 2: "INT32", 3: "UINT8", 4: "INT64", 6: "BOOL", 7: "INT16",
                9: "INT8", 10: "FLOAT64"}


def tflite_vector(tflite, kind, table):
    cls = {1: tflite.Int32Vector, 2: tflite.Uint16Vector, 3: tflite.Uint8Vector}[kind]
    v = cls()
    v.Init(table.Bytes, table.Pos)
    return v.ValuesAsNumpy()


def densify(tflite, sparsity, shape, values):
    """TFLite's sparse format (schema.fbs SparsityParameters) back to a dense array."""
    order = list(sparsity.TraversalOrderAsNumpy())
    block_map = list(sparsity.BlockMapAsNumpy()) if sparsity.BlockMapLength() else []
    rank = len(shape)
    levels = []
    for i in range(sparsity.DimMetadataLength()):
        d = sparsity.DimMetadata(i)
        if d.Format() == 0:  # DENSE
            levels.append(("dense", d.DenseSize(), None, None))
        else:
            levels.append(("csr", None, tflite_vector(tflite, d.ArraySegmentsType(), d.ArraySegments()),
                           tflite_vector(tflite, d.ArrayIndicesType(), d.ArrayIndices())))
    block_size = [levels[order.index(rank + k)][1] for k in range(len(block_map))]
    dense = np.zeros(shape, values.dtype)
    coords = [0] * len(order)

    def rec(level, prev):
        if level == len(order):
            orig = list(coords[:rank])
            for k, d in enumerate(block_map):
                orig[d] = coords[d] * block_size[k] + coords[rank + k]
            dense[tuple(orig)] = values[prev]
            return
        kind, size, seg, idx = levels[level]
        dim = order[level]
        if kind == "dense":
            for j in range(size):
                coords[dim] = j
                rec(level + 1, prev * size + j)
        else:
            for j in range(seg[prev], seg[prev + 1]):
                coords[dim] = int(idx[j])
                rec(level + 1, j)

    rec(0, 0)
    return dense


def read_tflite(path):
    import tflite
    m = tflite.Model.GetRootAsModel(open(path, "rb").read(), 0)
    out, seen = {}, set()
    for s in range(m.SubgraphsLength()):
        g = m.Subgraphs(s)
        for i in range(g.TensorsLength()):
            t = g.Tensors(i)
            b = m.Buffers(t.Buffer())
            if t.Buffer() == 0 or b.DataLength() == 0 or t.Buffer() in seen or t.Type() not in TFLITE_TYPES:
                continue
            seen.add(t.Buffer())
            shape = list(t.ShapeAsNumpy()) if t.ShapeLength() else []
            a = np.frombuffer(b.DataAsNumpy().tobytes(), TFLITE_TYPES[t.Type()])
            flags = {}
            if t.Sparsity() is not None:
                a = densify(tflite, t.Sparsity(), shape, a)
                flags["sparse"] = True
            else:
                a = a.reshape(shape)
            q = t.Quantization()
            if q is not None and q.ScaleLength() > 0 and a.dtype.kind in "iu":
                scale, zp = q.ScaleAsNumpy().astype(np.float32), q.ZeroPointAsNumpy()
                qs = [1] * a.ndim
                if scale.size > 1:
                    qs[q.QuantizedDimension()] = scale.size
                a = scale.reshape(qs) * (a.astype(np.int64) - zp.reshape(qs)).astype(np.float32)
                flags["dequantized_from"] = TFLITE_NAMES[t.Type()]
            out.setdefault(t.Name().decode(), (a, TFLITE_NAMES[t.Type()], flags))
    return out


READERS = {"safetensors": read_safetensors, "npz": read_npz, "onnx": read_onnx, "gguf": read_gguf,
           "keras-h5": read_h5, "pytorch-zip": read_pytorch, "pytorch-legacy": read_pytorch,
           "torchscript": read_torchscript, "tflite": read_tflite}


def summarise(name, array, dtype, flags):
    v = np.asarray(array)
    if v.dtype == np.bool_:
        v = v.astype(np.uint8)
    v = v.astype(np.float64).reshape(-1)
    finite = v[np.isfinite(v)]
    f32 = finite.astype(np.float32).astype(np.float64)
    entry = {"name": name, "shape": [int(x) for x in np.shape(array)], "dtype": dtype, "count": int(v.size),
             "min": float(f32.min()) if f32.size else None, "max": float(f32.max()) if f32.size else None,
             "mean": float(finite.mean()) if finite.size else None,
             "mean_abs": float(np.abs(finite).mean()) if finite.size else None,
             "nan": int(np.isnan(v).sum()), "inf": int(np.isinf(v).sum())}
    entry.update(flags)
    return entry


def close(a, b, scale):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) + 1e-6 * scale + 1e-12


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "..", ".build", "release", "weightatlas"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    corpus = json.load(open(os.path.join(HERE, "corpus.json")))["models"]
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    for model in corpus:
        if args.only and model["id"] not in args.only:
            continue
        path = os.path.join(cache_dir(), model["id"], model["filename"])
        ref = READERS[model["format"]](path)
        entries = [summarise(n, a, d, f) for n, (a, d, f) in ref.items()]
        run = subprocess.run([args.binary, "inspect", "--json", path], capture_output=True, text=True)
        notes = []
        if run.returncode != 0:
            ours = {}
            notes.append(f"weightatlas inspect exits {run.returncode}: {run.stderr.strip()[:300]}")
        else:
            ours = {t["name"]: t for t in json.loads(run.stdout)["tensors"]}
        mismatches = 0
        for e in entries:
            t = ours.get(e["name"])
            if t is None:
                e["ours"] = "missing"
                continue
            s = t["stats"]
            bad = []
            if t["shape"] != e["shape"]:
                bad.append(f"shape {t['shape']}")
            if e["min"] is not None and (s["min"] != e["min"] or s["max"] != e["max"]):
                bad.append(f"min/max {s['min']}/{s['max']}")
            if e["mean"] is not None and not close(s["mean"], e["mean"], e["mean_abs"]):
                bad.append(f"mean {s['mean']}")
            if bad:
                mismatches += 1
                e["ours"] = "differs: " + ", ".join(bad)
        extra = sorted(set(ours) - {e["name"] for e in entries})
        missing = [e["name"] for e in entries if e.get("ours") == "missing"]
        doc = {"id": model["id"], "format": model["format"], "file": model["filename"],
               "member_sha256": model["member_sha256"], "tensors": entries,
               "weightatlas_today": {"listed": len(ours), "missing": missing, "extra": extra,
                                     "differs": mismatches, "notes": notes}}
        with open(os.path.join(HERE, "expected", f"{model['id']}.json"), "w") as f:
            json.dump(doc, f, indent=0, sort_keys=False)
            f.write("\n")
        sparse = sum(1 for e in entries if e.get("sparse"))
        print(f"{model['id']:24} {len(entries):4} reference tensors ({sparse} sparse), ours {len(ours):4}: "
              f"{len(missing)} missing, {len(extra)} extra, {mismatches} differ" + ("; " + notes[0] if notes else ""))
        for name in missing[:3] + extra[:3]:
            print(f"    {'missing' if name in missing else 'extra  '} {name[:120]}")


if __name__ == "__main__":
    main()
