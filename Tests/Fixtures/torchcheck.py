"""A pure-Python reader (float, int and bool storages; no bfloat16) of torch.save files (zip and legacy) for cross-checking WeightAtlas on
real checkpoints without torch: a restricted Unpickler whose find_class maps the few torch
names to local functions (anything else is refused), numpy.frombuffer for the storages.

    python3 Tests/Fixtures/make_pytorch_fixtures.py --check model.pt
prints one JSON line per tensor: name, dtype, shape, min, max, mean (float64)."""
import collections
import io
import json
import pickle
import struct
import zipfile

import numpy as np

NUMPY = {"FloatStorage": "<f4", "DoubleStorage": "<f8", "HalfStorage": "<f2", "LongStorage": "<i8",
         "IntStorage": "<i4", "ShortStorage": "<i2", "CharStorage": "i1", "ByteStorage": "u1", "BoolStorage": "?"}
NAMES = {"FloatStorage": "F32", "DoubleStorage": "F64", "HalfStorage": "F16", "LongStorage": "I64",
         "IntStorage": "I32", "ShortStorage": "I16", "CharStorage": "I8", "ByteStorage": "U8", "BoolStorage": "BOOL"}


class StorageType:
    def __init__(self, name):
        self.name = name


class Loaded:
    def __init__(self, array, dtype):
        self.array, self.dtype = array, dtype


def rebuild_tensor(storage, offset, size, stride, *rest):
    array, name = storage
    view = np.lib.stride_tricks.as_strided(array[offset:], shape=size, strides=[s * array.itemsize for s in stride])
    return Loaded(np.array(view), NAMES[name])


def rebuild_parameter(data, *rest):
    return data


ALLOWED = {("collections", "OrderedDict"): collections.OrderedDict,
           ("torch._utils", "_rebuild_tensor_v2"): rebuild_tensor,
           ("torch._utils", "_rebuild_parameter"): rebuild_parameter}


class Restricted(pickle.Unpickler):
    def __init__(self, data, storage):
        super().__init__(io.BytesIO(data))
        self.storage = storage

    def find_class(self, module, name):
        if (module, name) in ALLOWED:
            return ALLOWED[(module, name)]
        if module == "torch" and name in NUMPY:
            return StorageType(name)
        raise pickle.UnpicklingError(f"refused {module}.{name}")

    def persistent_load(self, pid):
        return self.storage(pid)


def load(path):
    """A zip checkpoint's object, tensors as Loaded."""
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        pkl = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        prefix = pkl[: -len("data.pkl")]
        def storage(pid):
            kind = pid[1].name
            return np.frombuffer(archive.read(f"{prefix}data/{pid[2]}"), dtype=NUMPY[kind]), kind
        return Restricted(archive.read(pkl), storage).load()
    raise ValueError("not a zip checkpoint")


def legacy_tensors(path):
    """A legacy checkpoint's object: the object pickle first (storages as keys), then the storages."""
    raw = open(path, "rb").read()
    stream = io.BytesIO(raw)
    for _ in range(3):
        pickle.load(stream)
    kinds = {}
    class Lazy(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
                return lambda storage, offset, size, stride, *rest: ("lazy", storage, offset, tuple(size), tuple(stride))
            return Restricted.find_class(self, module, name)
        def persistent_load(self, pid):
            kinds[pid[2]] = pid[1].name
            return pid[2]
    obj = Lazy(stream).load()
    keys = pickle.load(stream)
    arrays = {}
    for key in keys:
        count = struct.unpack("<q", stream.read(8))[0]
        dtype = np.dtype(NUMPY[kinds[key]])
        arrays[key] = np.frombuffer(stream.read(count * dtype.itemsize), dtype=dtype)
    def resolve(value):
        if isinstance(value, tuple) and value and value[0] == "lazy":
            _, key, offset, size, stride = value
            return rebuild_tensor((arrays[key], kinds[key]), offset, size, stride)
        if isinstance(value, dict):
            return collections.OrderedDict((k, resolve(v)) for k, v in value.items())
        return value
    return resolve(obj)


def flatten(obj, prefix=""):
    if isinstance(obj, Loaded):
        yield prefix or "tensor", obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(obj, (list, tuple)):
        for index, value in enumerate(obj):
            yield from flatten(value, f"{prefix}.{index}" if prefix else str(index))


def main(path):
    obj = load(path) if zipfile.is_zipfile(path) else legacy_tensors(path)
    for name, tensor in flatten(obj):
        values = tensor.array.astype(np.float64)
        print(json.dumps({"name": name, "dtype": tensor.dtype, "shape": list(values.shape),
                          "min": float(values.min()), "max": float(values.max()), "mean": float(values.mean())}))
