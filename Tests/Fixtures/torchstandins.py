"""Stand-ins for the torch names torch.save pickles, so Python's own pickler writes exactly
the opcodes torch does (GLOBAL torch._utils _rebuild_tensor_v2, persistent ids for storages)
without torch installed. Nothing here is ever unpickled by the tests."""
import collections
import pickle
import sys
import types

import numpy as np


def _module(name):
    module = sys.modules.get(name) or types.ModuleType(name)
    sys.modules[name] = module
    return module


torch = _module("torch")
torch_utils = _module("torch._utils")
torch._utils = torch_utils

STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "BFloat16Storage": "bf16", "LongStorage": np.int64, "IntStorage": np.int32,
    "ShortStorage": np.int16, "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}
for _name in STORAGE_DTYPES:
    _cls = type(_name, (), {"__module__": "torch"})
    setattr(torch, _name, _cls)


def _function(module, name):
    def function(*args):
        raise RuntimeError("stand-in, never called")
    function.__module__ = module.__name__
    function.__qualname__ = name
    function.__name__ = name
    setattr(module, name, function)
    return function


rebuild_tensor_v2 = _function(torch_utils, "_rebuild_tensor_v2")
rebuild_parameter = _function(torch_utils, "_rebuild_parameter")


def bf16_bits(values):
    """float32 values (exactly representable in bfloat16) as their bfloat16 bit patterns."""
    values = np.asarray(values, dtype=np.float32)
    bits = (values.view(np.uint32) >> 16).astype(np.uint16)
    assert np.array_equal((bits.astype(np.uint32) << 16).view(np.float32), values)
    return bits


class Storage:
    """A storage: its class name (torch.FloatStorage), key, and elements (a 1-D array)."""

    def __init__(self, kind, key, elements):
        self.kind, self.key, self.elements = kind, str(key), np.asarray(elements).reshape(-1)

    def raw(self, byteorder="little"):
        array = bf16_bits(self.elements) if self.kind == "BFloat16Storage" else self.elements
        if byteorder == "big":
            array = array.astype(array.dtype.newbyteorder(">"))
        return array.tobytes()

    def logical(self):
        """Elements as float64 (bf16 already held as float32)."""
        return self.elements.astype(np.float64)


class Tensor:
    """A tensor view: torch.save pickles it as _rebuild_tensor_v2(storage, offset, size, stride, ...)."""

    def __init__(self, storage, shape, stride=None, offset=0, parameter=False):
        self.storage, self.shape, self.offset, self.parameter = storage, tuple(shape), offset, parameter
        if stride is None:
            stride, step = [], 1
            for dim in reversed(shape):
                stride.insert(0, step)
                step *= dim
        self.stride = tuple(stride)

    def __reduce_ex__(self, protocol):
        return (rebuild_tensor_v2, (self.storage, self.offset, self.shape, self.stride, False,
                                    collections.OrderedDict()))

    def values(self):
        """The logical (row-major) values, as numpy computes them through the strides."""
        elements = self.storage.logical()
        itemsize = elements.itemsize
        view = np.lib.stride_tricks.as_strided(elements[self.offset:], shape=self.shape,
                                               strides=[s * itemsize for s in self.stride])
        return np.array(view)


class _Reduced:
    """Wraps a (callable, args) pair so the pickler writes it as GLOBAL + args + REDUCE."""

    def __init__(self, pair):
        self.pair = pair

    def __reduce_ex__(self, protocol):
        return self.pair


class TorchPickler(pickle.Pickler):
    """torch.save's pickler: storages become persistent ids."""

    def __init__(self, file, legacy=False):
        super().__init__(file, protocol=2)
        self.legacy = legacy

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            pid = ("storage", getattr(torch, obj.kind), obj.key, "cpu", obj.elements.size)
            return pid + (None,) if self.legacy else pid
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor) and obj.parameter:
            args = (obj.storage, obj.offset, obj.shape, obj.stride, False, collections.OrderedDict())
            return (rebuild_parameter, (_Reduced((rebuild_tensor_v2, args)), True, collections.OrderedDict()))
        return NotImplemented


def dumps(obj, legacy=False):
    import io
    buffer = io.BytesIO()
    TorchPickler(buffer, legacy=legacy).dump(obj)
    return buffer.getvalue()


def storages_of(obj, found=None, seen=None):
    """Every Storage reachable from obj (dicts, lists, tuples, Tensors, script objects), each
    object visited once (omegaconf nodes point back at their parents)."""
    found = {} if found is None else found
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return found
    seen.add(id(obj))
    if isinstance(obj, Tensor):
        found[obj.storage.key] = obj.storage
    elif isinstance(obj, dict):
        for value in obj.values():
            storages_of(value, found, seen)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            storages_of(value, found, seen)
    elif hasattr(obj, "__dict__") and not isinstance(obj, Storage):
        storages_of(vars(obj), found, seen)
    return found


def script_class(module, name):
    """A TorchScript class `__torch__.<module>.<name>`, pickled by NEWOBJ + BUILD like torch.jit.save."""
    full = "__torch__" + ("." + module if module else "")
    parts = full.split(".")
    for i in range(1, len(parts) + 1):
        _module(".".join(parts[:i]))
    cls = type(name, (), {"__module__": full})
    setattr(sys.modules[full], name, cls)
    return cls
