#!/usr/bin/env python3
"""Writes Tests/Fixtures/invalid/*.onnx: one file per defect, named for it.

Run by make_onnx_fixtures.py (or on its own). Each model is crafted with the wire encoder
of make_onnx_fixtures.py; the Swift tests assert the exact FormatError.Kind each raises.
"""
import os

from make_onnx_fixtures import INVALID, field, model_bytes, tensor_bytes, varint

FLOAT, INT8, STRING = 1, 3, 8


def write(name, data):
    with open(os.path.join(INVALID, name), "wb") as f:
        f.write(data)


def initializer(tensor):
    return field(5, tensor)


def good_tensor(name="w", dims=(2, 3)):
    return tensor_bytes(name, FLOAT, dims, raw=bytes(4 * dims[0] * dims[1]))


def external(location, extra=()):
    entries = [(b"location", location)] + list(extra)
    data = b"".join(field(13, field(1, key) + field(2, value)) for key, value in entries)
    return tensor_bytes("w", FLOAT, [2, 3], data + field(14, 1, wire=0))


def nested_if(depth):
    """A graph whose If node's then_branch holds a graph whose If node ... `depth` deep."""
    graph = initializer(good_tensor("leaf"))
    for _ in range(depth):
        attribute = field(1, b"then_branch") + field(20, 5, wire=0) + field(6, graph)
        node = field(1, b"cond") + field(2, b"out") + field(4, b"If") + field(5, attribute)
        graph = field(1, node)
    return graph


def main():
    good = model_bytes(initializer(good_tensor()))
    write("truncated-varint.onnx", field(1, 10, wire=0) + bytes([0x3A, 0x85]))
    write("length-past-end.onnx", good[:-5])
    # the tensor field claims 200 bytes inside a graph of a few dozen
    write("length-past-message.onnx", model_bytes(varint(5 << 3 | 2) + varint(200) + good_tensor()) + field(2, b"p"))
    write("overlong-varint.onnx", model_bytes(b"") + varint(5 << 3) + bytes([0xFF] * 10) + b"\x01")
    write("group-wire-type.onnx", model_bytes(varint(3 << 3 | 3) + initializer(good_tensor())))
    write("no-graph.onnx", field(1, 10, wire=0) + field(2, b"make_invalid_onnx_fixtures.py"))
    write("raw-data-size-mismatch.onnx", model_bytes(initializer(tensor_bytes("w", FLOAT, [2, 3], raw=bytes(20)))))
    typed = b"".join(field(4, bytes(4), wire=5) for _ in range(5))
    write("typed-data-count-mismatch.onnx", model_bytes(initializer(tensor_bytes("w", FLOAT, [2, 3], typed))))
    write("packed-varint-cut.onnx", model_bytes(initializer(tensor_bytes("w", INT8, [2], field(5, b"\x01\x80")))))
    write("negative-dim.onnx", model_bytes(initializer(tensor_bytes("w", FLOAT, [2, -3], raw=bytes(24)))))
    write("absurd-dims.onnx", model_bytes(initializer(tensor_bytes("w", FLOAT, [2**40, 2**40], raw=bytes(4)))))
    write("unknown-data-type.onnx", model_bytes(initializer(tensor_bytes("w", 99, [2], raw=bytes(8)))))
    write("external-data-escapes-folder.onnx", model_bytes(initializer(external(b"../x.data"))))
    write("external-data-absolute-path.onnx", model_bytes(initializer(external(b"/etc/passwd"))))
    write("external-data-missing-file.onnx", model_bytes(initializer(external(b"no-such-file.data"))))
    write("external-data-past-end.onnx", model_bytes(initializer(external(b"short.data", [(b"offset", b"16")]))))
    write("external-data-length-mismatch.onnx", model_bytes(initializer(external(b"short.data", [(b"length", b"20")]))))
    write("external-data-bad-offset.onnx", model_bytes(initializer(external(b"short.data", [(b"offset", b"-4")]))))
    write("short.data", bytes(32))
    write("deep-nesting.onnx", model_bytes(nested_if(40)))


if __name__ == "__main__":
    main()
