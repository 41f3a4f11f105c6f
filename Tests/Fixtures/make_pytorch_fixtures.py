#!/usr/bin/env python3
"""Writes the PyTorch and sharded fixtures the Swift tests read (commit the output).

    pip install numpy
    python3 Tests/Fixtures/make_pytorch_fixtures.py
    python3 Tests/Fixtures/make_pytorch_fixtures.py --check FILE.pt   # statistics of a real file

torch is not needed: torchstandins.py gives Python's pickler the torch names, so it writes
the opcodes torch.save writes. Archives follow torch's layout: `archive/data.pkl`,
`archive/data/<key>`, `archive/byteorder`, `archive/version`, members stored with their
data aligned to 64 bytes by an "FB" padding extra field (as PyTorchStreamWriter does).

pytorch/  valid files and pytorch/expected.json (per file and tensor: dtype, shape, values);
          sharded-safetensors/ and sharded-bin/ hold an index.json and two shards each.
invalid/  malicious and broken files, written as bytes: nothing here is ever unpickled.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zlib

import numpy as np

import torchstandins as ts
from torchstandins import Storage, Tensor

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pytorch")
INVALID = os.path.join(HERE, "invalid")
DTYPE_NAMES = {"FloatStorage": "F32", "DoubleStorage": "F64", "HalfStorage": "F16", "BFloat16Storage": "BF16",
               "LongStorage": "I64", "IntStorage": "I32", "ShortStorage": "I16", "CharStorage": "I8",
               "ByteStorage": "U8", "BoolStorage": "BOOL"}


def torch_zip(members):
    """A zip as PyTorchStreamWriter writes it: stored members, data 64-byte aligned."""
    out, central = bytearray(), bytearray()
    for name, raw in members:
        name = name.encode()
        offset = len(out)
        start = offset + 30 + len(name) + 4
        pad = -start % 64
        extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        crc = zlib.crc32(raw)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, len(raw), len(raw),
                           len(name), len(extra)) + name + extra + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, crc, len(raw),
                               len(raw), len(name), 0, 0, 0, 0, 0o644 << 16, offset) + name
    cd = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd, 0)
    return bytes(out)


def checkpoint_zip(obj, archive="archive", byteorder="little", extra=()):
    """torch.save(obj) in the zip format."""
    storages = ts.storages_of(obj)
    members = [(f"{archive}/data.pkl", ts.dumps(obj)), (f"{archive}/byteorder", byteorder.encode())]
    members += [(f"{archive}/data/{key}", storages[key].raw(byteorder)) for key in sorted(storages)]
    members += list(extra) + [(f"{archive}/version", b"3\n")]
    return torch_zip(members)


def legacy_bytes(obj):
    """torch.save(obj, _use_new_zipfile_serialization=False)."""
    storages = ts.storages_of(obj)
    out = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(1001, protocol=2)
    out += pickle.dumps({"protocol_version": 1001, "little_endian": True,
                         "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)
    out += ts.dumps(obj, legacy=True)
    keys = sorted(storages)
    out += pickle.dumps(keys, protocol=2)
    for key in keys:
        out += struct.pack("<q", storages[key].elements.size) + storages[key].raw()
    return out


def summary(values, dtype):
    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    return {"dtype": dtype, "shape": list(np.shape(values)), "first": [float(v) for v in flat[:8]],
            "min": float(flat.min()) if flat.size else None, "max": float(flat.max()) if flat.size else None,
            "sum": float(flat.sum()), "nan": 0}


def expectations(named):
    return {name: summary(t.values(), DTYPE_NAMES[t.storage.kind]) for name, t in named.items()}


def sample(shape, seed, scale=1.0):
    return (np.random.default_rng(seed).standard_normal(int(np.prod(shape))) * scale).astype(np.float32)


def state_dict():
    """Every storage type, a Parameter, a transposed view and two views of one storage."""
    shared = Storage("FloatStorage", 0, sample(40, 1))
    fc = Storage("FloatStorage", 1, sample(30, 2))
    halves = np.array([0.5, -1.25, 3.0, 65504.0, -2.0, 0.099975586], dtype=np.float16)
    bf = np.array([1.0, -2.5, 0.15625, 1.5 * 2.0**127, -0.0, 7.0], dtype=np.float32)
    named = collections.OrderedDict([
        ("conv1.weight", Tensor(Storage("FloatStorage", 2, sample(4 * 3 * 3 * 3, 3)), (4, 3, 3, 3), parameter=True)),
        ("conv1.bias", Tensor(shared, (4,), offset=0)),
        ("conv1.running", Tensor(shared, (6, 6), offset=4)),
        ("fc.weight_t", Tensor(fc, (5, 6), stride=(1, 5))),
        ("half", Tensor(Storage("HalfStorage", 3, halves), (2, 3))),
        ("bf16", Tensor(Storage("BFloat16Storage", 4, bf), (3, 2))),
        ("double", Tensor(Storage("DoubleStorage", 5, np.array([0.125, -2.5, 1e10])), (3,))),
        ("steps", Tensor(Storage("LongStorage", 6, np.array([-(2**40), 7, 12], dtype=np.int64)), (3,))),
        ("int", Tensor(Storage("IntStorage", 7, np.arange(-3, 3, dtype=np.int32)), (2, 3))),
        ("short", Tensor(Storage("ShortStorage", 8, np.array([-300, 5], dtype=np.int16)), (2,))),
        ("char", Tensor(Storage("CharStorage", 9, np.array([-128, 127, 0], dtype=np.int8)), (3,))),
        ("byte", Tensor(Storage("ByteStorage", 10, np.array([0, 255, 9], dtype=np.uint8)), (3,))),
        ("mask", Tensor(Storage("BoolStorage", 11, np.array([True, False, True, True])), (2, 2))),
    ])
    return named


def write_valid(expected):
    named = state_dict()
    write(OUT, "state_dict.pt", checkpoint_zip(named))
    expected["state_dict.pt"] = expectations(named)
    write(OUT, "big-endian.pt", checkpoint_zip(named, byteorder="big"))
    expected["big-endian.pt"] = expectations(named)
    write(OUT, "legacy.pt", legacy_bytes(named))
    expected["legacy.pt"] = expectations(named)

    w, b = Tensor(Storage("FloatStorage", 0, sample(8 * 3 * 5 * 5, 10)), (8, 3, 5, 5)), Tensor(Storage("FloatStorage", 1, sample(8, 11)), (8,))
    avg, sq = Tensor(Storage("FloatStorage", 2, sample(8 * 3 * 5 * 5, 12)), (8, 3, 5, 5)), Tensor(Storage("FloatStorage", 3, sample(8, 13) ** 2), (8,))
    lightning = {"epoch": 3, "global_step": 120, "pytorch-lightning_version": "2.1.0",
                 "state_dict": collections.OrderedDict([("encoder.conv1.weight", w), ("encoder.conv1.bias", b)]),
                 "optimizer_states": [{"state": {0: {"step": Tensor(Storage("FloatStorage", 4, np.array([3.0], dtype=np.float32)), ()),
                                                     "exp_avg": avg},
                                                 1: {"exp_avg_sq": sq}},
                                       "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "params": [0, 1]}]}],
                 "lr_schedulers": [], "callbacks": {}}
    write(OUT, "lightning.ckpt", checkpoint_zip(lightning, archive="lightning"))
    expected["lightning.ckpt"] = expectations({"state_dict.encoder.conv1.weight": w, "state_dict.encoder.conv1.bias": b,
                                               "optimizer_states.0.state.0.step": lightning["optimizer_states"][0]["state"][0]["step"],
                                               "optimizer_states.0.state.0.exp_avg": avg, "optimizer_states.0.state.1.exp_avg_sq": sq})
    write_lightning_with_objects(expected, w, b)
    write_torchscript(expected)
    write_sharded(expected)


def write_lightning_with_objects(expected, w, b):
    """A Lightning-style checkpoint whose pickle holds objects beside the tensors: a real
    omegaconf DictConfig, an argparse.Namespace holding a tensor, numpy scalars, a callback
    state keyed by its repr. Read with stand-ins; nothing in it is allow-listed but the tensors."""
    import argparse

    from omegaconf import OmegaConf
    anchors = Tensor(Storage("FloatStorage", 2, sample(6, 14)), (3, 2))
    score = Tensor(Storage("FloatStorage", 3, np.array([0.125], dtype=np.float32)), ())
    checkpoint = {
        "epoch": 7, "global_step": 700, "pytorch-lightning_version": "2.4.0",
        "state_dict": collections.OrderedDict([("encoder.conv1.weight", w), ("encoder.conv1.bias", b)]),
        "hyper_parameters": OmegaConf.create({"model": {"channels": 8, "lr": 0.001}, "data": {"root": "/data"}}),
        "hparams_namespace": argparse.Namespace(lr=0.01, anchors=anchors),
        "loops": {"fit_loop": {"epoch_progress": {"total": {"ready": np.int64(7)}}}},
        "best_score": np.float64(0.25),
        "callbacks": {"ModelCheckpoint{'monitor': 'val_loss'}": {"best_model_score": score}},
    }
    write(OUT, "lightning-objects.ckpt", checkpoint_zip(checkpoint, archive="lightning"))
    # A class of the user's program constructed by NEWOBJ, and nothing else: an object, no tensor.
    write(OUT, "user-class.pt", torch_zip([("archive/data.pkl", b"\x80\x02c__main__\nEvil\nq\x00)\x81q\x01.")]))
    expected["lightning-objects.ckpt"] = expectations({
        "state_dict.encoder.conv1.weight": w, "state_dict.encoder.conv1.bias": b, "hparams_namespace.anchors": anchors,
        "callbacks.ModelCheckpoint{'monitor': 'val_loss'}.best_model_score": score})


def write_torchscript(expected):
    """torch.jit.save: module objects are __torch__ classes pickled by NEWOBJ + BUILD."""
    Net = ts.script_class("", "Net")
    Conv2d = ts.script_class("torch.nn.modules.conv", "Conv2d")
    Linear = ts.script_class("torch.nn.modules.linear", "Linear")
    conv, fc, net = Conv2d(), Linear(), Net()
    conv.__dict__.update(training=False, weight=Tensor(Storage("FloatStorage", 0, sample(6 * 3 * 3 * 3, 20)), (6, 3, 3, 3)),
                         bias=Tensor(Storage("FloatStorage", 1, sample(6, 21)), (6,)))
    fc.__dict__.update(training=False, weight=Tensor(Storage("FloatStorage", 2, sample(10 * 24, 22)), (10, 24)), bias=None)
    net.__dict__.update(training=False, conv=conv, fc=fc)
    scale = Tensor(Storage("FloatStorage", 0, np.array([0.25, 4.0], dtype=np.float32)), (2,))
    extra = [("scripted/code/__torch__.py", b"class Net(Module):\n  __parameters__ = []\n"),
             ("scripted/constants.pkl", ts.dumps((scale,))), ("scripted/constants/0", scale.storage.raw())]
    write(OUT, "torchscript.pt", checkpoint_zip(net, archive="scripted", extra=extra))
    expected["torchscript.pt"] = expectations({"conv.weight": conv.weight, "conv.bias": conv.bias,
                                               "fc.weight": fc.weight, "constants.0": scale})


def safetensors_bytes(tensors):
    header, data = {}, b""
    for name, array in tensors.items():
        raw = array.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def write_sharded(expected):
    folder = os.path.join(OUT, "sharded-safetensors")
    first = {"embed.weight": sample(16, 30).reshape(4, 4), "layers.0.weight": sample(12, 31).reshape(3, 4)}
    second = {"layers.1.weight": sample(12, 32).reshape(3, 4), "head.bias": sample(3, 33)}
    shards = {"model-00001-of-00002.safetensors": first, "model-00002-of-00002.safetensors": second}
    for name, tensors in shards.items():
        write(folder, name, safetensors_bytes(tensors))
    index = {"metadata": {"total_size": 4 * (16 + 12 + 12 + 3)},
             "weight_map": {t: shard for shard, tensors in shards.items() for t in tensors}}
    write(folder, "model.safetensors.index.json", json.dumps(index, indent=2).encode())
    summaries = {t: summary(a, "F32") for tensors in shards.values() for t, a in tensors.items()}
    expected["sharded-safetensors/model.safetensors.index.json"] = summaries
    expected["sharded-safetensors"] = summaries

    folder = os.path.join(OUT, "sharded-bin")
    first = collections.OrderedDict([("a.weight", Tensor(Storage("FloatStorage", 0, sample(6, 40)), (2, 3)))])
    second = collections.OrderedDict([("b.weight", Tensor(Storage("HalfStorage", 0, sample(4, 41).astype(np.float16)), (4,)))])
    shards = {"pytorch_model-00001-of-00002.bin": first, "pytorch_model-00002-of-00002.bin": second}
    for name, tensors in shards.items():
        write(folder, name, checkpoint_zip(tensors))
    index = {"metadata": {"total_size": 32}, "weight_map": {t: shard for shard, tensors in shards.items() for t in tensors}}
    write(folder, "pytorch_model.bin.index.json", json.dumps(index, indent=2).encode())
    summaries = {**expectations(first), **expectations(second)}
    expected["sharded-bin/pytorch_model.bin.index.json"] = summaries
    expected["sharded-bin"] = summaries


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        import torchcheck
        torchcheck.main(sys.argv[2])
        sys.exit(0)
    expected = {}
    write_valid(expected)
    import make_pytorch_invalid
    make_pytorch_invalid.main(torch_zip, checkpoint_zip, legacy_bytes)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
