#!/usr/bin/env python3
"""Writes the fixtures of issue 14's second round ("Hostile inputs, round two"): files a
model names that lie outside its folder, and HDF5 files that would load plugins or make
the reader read one dataset thousands of times.

hostile-paths/   models and the symbolic links they name (committed to git as links;
                 Tests/WeightAtlasTests/Hostile/PathContainmentTests.swift):
  passwd-external.onnx                  initializer `w` (2x3 float) in external data
                                        `passwd.bin`, a link to /etc/passwd
  outside-external.onnx                 external data `outside.bin`, a link to a weight
                                        file of Tests/Fixtures/valid (outside this folder)
  inside-external.onnx                  external data `inside.bin`, a link to
                                        `blobs/w.bin` in this folder: accepted
  passwd-shard.safetensors.index.json   shard `passwd.safetensors` -> /etc/passwd
  outside-shard.safetensors.index.json  shard `outside.safetensors` -> ../valid/bf16.safetensors
  inside-shard.safetensors.index.json   shard `inside.safetensors` -> blobs/w.safetensors: accepted
  The tests copy the models into temporary folders to name FIFOs and links made there
  (FIFOs cannot be committed).

hostile-hdf5/    HDF5 files that are read, or refused, outside invalid/ (which must stay
                 under 48 MiB of RSS per file; HDF5LinkTests.swift):
  two-thousand-links.h5     a 1 MiB gzip dataset and 2,000 hard links to it (~200 KB):
                            read once, one tensor
  past-the-read-budget.h5   64 distinct 1 MiB gzip datasets of zeros (~1 KB stored each):
                            more than 100x the file + 16 MiB read in all, refused

invalid/         (each exits 3 naming the file and a byte offset; HostileCorpusTests):
  keras-plugin-filter-blosc.h5   a dataset whose pipeline names filter 32001 (blosc), its
                                 chunk written directly with that filter unmasked, so
                                 reading it would make libhdf5 search HDF5_PLUGIN_PATH
  keras-plugin-filter-bzip2.h5   the same with filter 307 (bzip2)
  Each has a line in hostile-expected/paths.tsv: the sentence its stderr must contain.

Requirements: numpy, h5py, onnx (for make_onnx_fixtures' encoder).
    python3 Tests/Fixtures/make_hostile_paths.py
Deterministic: run it again and the files are byte-identical (h5py without timestamps).
"""
import json
import os
import struct
import zlib

import h5py
import numpy as np

from make_onnx_fixtures import field, model_bytes, tensor_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
PATHS = os.path.join(HERE, "hostile-paths")
HDF5 = os.path.join(HERE, "hostile-hdf5")
INVALID = os.path.join(HERE, "invalid")
EXPECTED = os.path.join(HERE, "hostile-expected", "paths.tsv")
FLOAT = 1
PLUGIN_FILTERS = {"keras-plugin-filter-blosc.h5": 32001, "keras-plugin-filter-bzip2.h5": 307}
PLUGIN_SENTENCE = "is an HDF5 plugin, and plugins are never loaded"


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def link(name, target):
    """`hostile-paths/name` -> `target`, replaced if it exists."""
    path = os.path.join(PATHS, name)
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(target, path)


def external_model(location):
    """An ONNX model whose initializer `w` (2x3 float32, 24 bytes) lies in `location`."""
    entries = [(b"location", location.encode()), (b"offset", b"0"), (b"length", b"24")]
    data = b"".join(field(13, field(1, key) + field(2, value)) for key, value in entries)
    return model_bytes(field(5, tensor_bytes("w", FLOAT, [2, 3], data + field(14, 1, wire=0))))


def safetensors(name, values):
    """A safetensors file holding one F32 tensor `name` of `values` (a 1-D list)."""
    data = struct.pack(f"<{len(values)}f", *values)
    header = json.dumps({name: {"dtype": "F32", "shape": [len(values)], "data_offsets": [0, len(data)]}},
                        separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + data


def shard_index(shard):
    return json.dumps({"metadata": {"total_size": 24}, "weight_map": {"w": shard}}, indent=2).encode()


def write_paths():
    write(os.path.join(PATHS, "blobs"), "w.bin", struct.pack("<6f", 1, 2, 3, 4, 5, 6))
    write(os.path.join(PATHS, "blobs"), "w.safetensors", safetensors("w", [1, 2, 3, 4, 5, 6]))
    for kind, target in [("passwd", "/etc/passwd"), ("outside", None), ("inside", None)]:
        write(PATHS, f"{kind}-external.onnx", external_model(f"{kind}.bin"))
        write(PATHS, f"{kind}-shard.safetensors.index.json", shard_index(f"{kind}.safetensors"))
    link("passwd.bin", "/etc/passwd")
    link("passwd.safetensors", "/etc/passwd")
    link("outside.bin", "../valid/f4.npy")
    link("outside.safetensors", "../valid/bf16.safetensors")
    link("inside.bin", "blobs/w.bin")
    link("inside.safetensors", "blobs/w.safetensors")


def plugin_filtered(path, filter_id):
    """dense/dense/kernel:0, a 4x5 float32 dataset in one chunk whose pipeline is filter
    `filter_id` (optional, so h5py's library, which lacks it, accepts the pipeline), the
    chunk written directly with filter mask 0: a reader must apply the filter to read it."""
    with h5py.File(path, "w", track_order=False) as f:
        f.attrs["layer_names"] = [b"dense"]
        group = f.create_group("dense").create_group("dense")
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((4, 5))
        dcpl.set_filter(filter_id, h5py.h5z.FLAG_OPTIONAL, ())
        dcpl.set_obj_track_times(False)
        space = h5py.h5s.create_simple((4, 5))
        dataset = h5py.h5d.create(group.id, b"kernel:0", h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)
        dataset.write_direct_chunk((0, 0), bytes(range(80)), filter_mask=0)


def write_hdf5():
    os.makedirs(HDF5, exist_ok=True)
    zeros = np.zeros((256, 1024), dtype="<f4")   # 1 MiB
    with h5py.File(os.path.join(HDF5, "two-thousand-links.h5"), "w") as f:
        kernel = f.create_dataset("dense/dense/kernel:0", data=zeros, chunks=zeros.shape, compression="gzip",
                                  compression_opts=9, track_times=False)
        links = f.create_group("links")
        for i in range(2000):
            links[f"kernel{i:04d}:0"] = kernel
    with h5py.File(os.path.join(HDF5, "past-the-read-budget.h5"), "w", libver=("v110", "v110")) as f:
        for i in range(64):
            f.create_dataset(f"d{i:02d}/d{i:02d}/kernel:0", data=zeros, chunks=zeros.shape, compression="gzip",
                             compression_opts=9, track_times=False)
    lines = ["# file in invalid/\tsubstring its stderr must contain (make_hostile_paths.py)"]
    for name, filter_id in PLUGIN_FILTERS.items():
        plugin_filtered(os.path.join(INVALID, name), filter_id)
        lines.append(f"{name}\t{PLUGIN_SENTENCE}")
    write(os.path.dirname(EXPECTED), os.path.basename(EXPECTED), ("\n".join(lines) + "\n").encode())


def main():
    write_paths()
    write_hdf5()


if __name__ == "__main__":
    main()
