#!/usr/bin/env python3
"""Writes the zoo fixtures the zoo, diff and merge tests read (commit the output).

    pip install numpy safetensors
    python3 Tests/Fixtures/make_zoo_fixtures.py

zoo/models/          a small zoo: one model per kind of result
  good/resnet.safetensors      healthy conv + dense + bias; in the baseline with its exact stats
  good/resnet-step2.safetensors  resnet.safetensors plus small noise (a diff partner)
  mlp/w.npy                    healthy dense matrix, not in the baseline
  sharded/                     two shards and an index: one model
  nan.safetensors              conv.weight with 3 NaN
  dead.safetensors             conv.weight with 6 of its 8 filters constant (5 zero, 1 at 0.5)
  exploded.safetensors         fc.weight with |x| = 1e6
  drifted.safetensors          conv.weight shifted by +1 (drift), fc.weight of a new shape,
                               extra.weight added; the baseline also has removed.weight
  corrupt.safetensors          a header that promises more bytes than the file has
  notes.txt                    not a model (skipped by the walk)
zoo/healthy/quirks.safetensors  healthy tensors that naive checks call broken: INT64 9.2e18, a
                               running_var of 1e5, num_batches_tracked, a one-element bias,
                               2 of 16 conv filters zero (an STFT basis's zero imaginary parts)
zoo/baseline/zoo.json        the baseline zoo.json, stats computed here with numpy
zoo/checks-*.json            checks configurations, valid and broken
"""
import json
import os
import struct

import numpy as np
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = os.path.join(HERE, "zoo")
MODELS = os.path.join(ZOO, "models")


def rng(seed):
    return np.random.default_rng(seed)


def resnet():
    r = rng(1)
    return {
        "conv.weight": (r.standard_normal((8, 3, 3, 3)) * 0.2).astype(np.float32),
        "fc.weight": (r.standard_normal((10, 16)) * 0.1).astype(np.float32),
        "fc.bias": (r.standard_normal(10) * 0.01).astype(np.float32),
    }


def facts(name, array):
    """A manifest tensor entry as the baseline needs it (finite stats, float32 values)."""
    values = array.astype(np.float64).reshape(-1)
    finite = values[np.isfinite(values)]
    return {"name": name, "shape": list(array.shape), "stats": {
        "min": float(finite.min()), "max": float(finite.max()),
        "mean": float(finite.mean()), "std": float(finite.std()),
        "nan": int(np.isnan(values).sum()), "inf": int(np.isinf(values).sum())}}


def write(path, tensors):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    save_file(tensors, path)


def main():
    good = resnet()
    write(os.path.join(MODELS, "good/resnet.safetensors"), good)
    step2 = {k: (v + rng(2).standard_normal(v.shape).astype(np.float32) * 0.01).astype(np.float32) for k, v in good.items()}
    write(os.path.join(MODELS, "good/resnet-step2.safetensors"), step2)

    os.makedirs(os.path.join(MODELS, "mlp"), exist_ok=True)
    np.save(os.path.join(MODELS, "mlp/w.npy"), (rng(3).standard_normal((12, 27)) * 0.1).astype(np.float32))

    shard_a = {"layer1.weight": (rng(4).standard_normal((4, 9)) * 0.1).astype(np.float32)}
    shard_b = {"layer2.weight": (rng(5).standard_normal((4, 4)) * 0.1).astype(np.float32)}
    write(os.path.join(MODELS, "sharded/model-00001-of-00002.safetensors"), shard_a)
    write(os.path.join(MODELS, "sharded/model-00002-of-00002.safetensors"), shard_b)
    index = {"metadata": {}, "weight_map": {"layer1.weight": "model-00001-of-00002.safetensors",
                                              "layer2.weight": "model-00002-of-00002.safetensors"}}
    with open(os.path.join(MODELS, "sharded/model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=1)

    nan = resnet()
    nan["conv.weight"].reshape(-1)[[4, 50, 100]] = np.nan
    write(os.path.join(MODELS, "nan.safetensors"), nan)

    dead = resnet()
    dead["conv.weight"][[0, 1, 2, 4, 6]] = 0
    dead["conv.weight"][5] = 0.5
    write(os.path.join(MODELS, "dead.safetensors"), dead)

    conv = (rng(9).standard_normal((16, 1, 3, 3)) * 0.2).astype(np.float32)
    conv[[0, 8]] = 0
    quirks = {"stft.weight": conv,
              "bn.running_mean": (rng(10).standard_normal(16) * 100).astype(np.float32),
              "bn.running_var": np.full(16, 1.5e5, dtype=np.float32),
              "bn.num_batches_tracked": np.array(120000, dtype=np.int64),
              "shape_const": np.array([9_200_000_000_000_000_000, 1], dtype=np.int64),
              "paddings": np.zeros((4, 2), dtype=np.int32),
              "head.bias": np.array([0.0], dtype=np.float32)}
    write(os.path.join(ZOO, "healthy/quirks.safetensors"), quirks)

    exploded = resnet()
    exploded["fc.weight"][3, 7] = 1e6
    write(os.path.join(MODELS, "exploded.safetensors"), exploded)

    original = resnet()
    drifted = {"conv.weight": original["conv.weight"] + 1,
               "fc.weight": (rng(6).standard_normal((10, 8)) * 0.1).astype(np.float32),
               "fc.bias": original["fc.bias"],
               "extra.weight": (rng(7).standard_normal((4, 4)) * 0.1).astype(np.float32)}
    write(os.path.join(MODELS, "drifted.safetensors"), drifted)

    header = b'{"w":{"dtype":"F32","shape":[4,4],"data_offsets":[0,64]}}'
    with open(os.path.join(MODELS, "corrupt.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + bytes(10))   # 64 bytes promised, 10 given

    with open(os.path.join(MODELS, "notes.txt"), "w") as f:
        f.write("not a model\n")

    removed = (rng(8).standard_normal((6, 6)) * 0.1).astype(np.float32)
    baseline = {"models": [
        {"path": "drifted.safetensors", "manifest": {"tensors": [
            facts("conv.weight", original["conv.weight"]), facts("fc.weight", original["fc.weight"]),
            facts("fc.bias", original["fc.bias"]), facts("removed.weight", removed)]}, "checks": []},
        {"path": "good/resnet.safetensors", "manifest": {"tensors": [facts(k, v) for k, v in good.items()]}, "checks": []},
    ]}
    os.makedirs(os.path.join(ZOO, "baseline"), exist_ok=True)
    with open(os.path.join(ZOO, "baseline/zoo.json"), "w") as f:
        json.dump(baseline, f, indent=1)

    configs = {
        "checks-valid.json": '{"checks": ["nan", "dead"], "dead_fraction": 0.8, "ignore": ["fc.*"]}\n',
        "checks-syntax.json": '{"checks": ["nan",]}\n',
        "checks-unknown-key.json": '{"max_abs": 10, "tolerence": 0.5}\n',
        "checks-unknown-check.json": '{"checks": ["nan", "nans"]}\n',
        "checks-wrong-type.json": '{"max_abs": "big"}\n',
    }
    for name, text in configs.items():
        with open(os.path.join(ZOO, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
