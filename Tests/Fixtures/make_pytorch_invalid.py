"""Malicious and broken PyTorch files for Tests/Fixtures/invalid (called by
make_pytorch_fixtures.py). The malicious pickles are written as raw opcode bytes and
are never unpickled by anything: the reader must refuse them without running them."""
import collections
import json
import os
import pickle
import struct

import numpy as np

import torchstandins as ts
from torchstandins import Storage, Tensor

INVALID = os.path.join(os.path.dirname(os.path.abspath(__file__)), "invalid")


def legacy_header():
    return (pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(1001, protocol=2)
            + pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2))


def short_unicode(text):
    return b"\x8c" + bytes([len(text)]) + text.encode()


def main(torch_zip, checkpoint_zip, legacy_bytes):
    def pickle_zip(name, data_pkl, members=()):
        write(name, torch_zip([("archive/data.pkl", data_pkl)] + list(members)))

    # GLOBAL os.system, then REDUCE: data.pkl's data starts at byte 64, the GLOBAL at 66.
    pickle_zip("global-os-system.pt", b"\x80\x02cos\nsystem\nq\x00X\x07\x00\x00\x00echo hiq\x01\x85q\x02Rq\x03.")
    # Protocol 4 STACK_GLOBAL builtins.eval (FRAME first).
    body = short_unicode("builtins") + b"\x94" + short_unicode("eval") + b"\x94\x93\x94" + short_unicode("1+1") + b"\x85R."
    pickle_zip("global-builtins-eval.pt", b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body)
    # The legacy format's object pickle imports subprocess.Popen.
    write("global-subprocess-popen.pt", legacy_header()
          + b"\x80\x02csubprocess\nPopen\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.")
    # Globals that would run code, behind stand-ins or on their own: refused by the deny list.
    pickle_zip("standin-hiding-os-system.pt",
               b"\x80\x02comegaconf.dictconfig\nDictConfig\nq\x00cos\nsystem\nq\x01\x85q\x02R.")
    pickle_zip("global-runpy-run-code.pt", b"\x80\x02crunpy\n_run_code\nq\x00X\x01\x00\x00\x001q\x01\x85q\x02R.")
    pickle_zip("global-torch-load.pt", b"\x80\x02ctorch\nload\nq\x00X\x01\x00\x00\x00fq\x01\x85q\x02R.")
    pickle_zip("global-functools-partial.pt", b"\x80\x02cfunctools\npartial\nq\x00)R.")
    # REDUCE on an allow-listed name that is not a constructor.
    pickle_zip("reduce-storage-class.pt", b"\x80\x02ctorch\nFloatStorage\nq\x00)R.")
    # BINGET of a memo slot never set.
    pickle_zip("memo-unset.pt", b"\x80\x02}q\x00X\x01\x00\x00\x00wh\x05s.")
    # 1 000 nested MARKs (the cap is 256).
    pickle_zip("deep-nesting.pt", b"\x80\x02" + b"(" * 1000 + b"t" * 1000 + b".")
    # 300 lists, each appended into the one before: nesting past the cap.
    pickle_zip("deep-list-nesting.pt", b"\x80\x02" + b"]" * 300 + b"a" * 299 + b".")

    one = collections.OrderedDict([("w", Tensor(Storage("FloatStorage", 0, np.arange(12, dtype=np.float32)), (3, 4)))])
    valid = ts.dumps(one)
    pickle_zip("truncated-pickle.pt", valid[: len(valid) // 2],
               [("archive/data/0", np.arange(12, dtype=np.float32).tobytes())])
    past = collections.OrderedDict([("w", Tensor(Storage("FloatStorage", 0, np.arange(10, dtype=np.float32)), (8,), offset=5))])
    write("storage-offset-past-end.pt", checkpoint_zip(past))
    stride = collections.OrderedDict([("w", Tensor(Storage("FloatStorage", 0, np.arange(12, dtype=np.float32)), (3, 4), stride=(4, 2)))])
    write("stride-outside-storage.pt", checkpoint_zip(stride))
    pickle_zip("missing-storage.pt", valid, [("archive/byteorder", b"little")])
    pickle_zip("storage-shorter-than-numel.pt", valid, [("archive/data/0", np.arange(6, dtype=np.float32).tobytes())])
    legacy = legacy_bytes(one)
    write("legacy-truncated-storage.pt", legacy[:-8])

    escape = {"metadata": {}, "weight_map": {"w": "../valid/bf16.safetensors"}}
    write("escaping-shard.safetensors.index.json", json.dumps(escape).encode())
    absolute = {"metadata": {}, "weight_map": {"w": "/etc/passwd"}}
    write("absolute-shard.safetensors.index.json", json.dumps(absolute).encode())


def write(name, data):
    with open(os.path.join(INVALID, name), "wb") as f:
        f.write(data)
