#!/usr/bin/env python3
"""Writes the ONNX fixtures the Swift tests read (commit the output; tests need no Python).

    pip install onnx numpy
    python3 Tests/Fixtures/make_onnx_fixtures.py

onnx/     small models written with onnx.helper, plus onnx/expected.json: per file and
          tensor, dtype, shape, role and the values onnx.numpy_helper.to_array gives;
          onnx/float8.json: all 256 bytes of each 8-bit float type, decoded by onnx.
invalid/  *.onnx, one file per defect, named for it (bytes crafted by the encoder below).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, "onnx")
INVALID = os.path.join(HERE, "invalid")

ONNX_TO_DTYPE = {
    TensorProto.FLOAT: "F32", TensorProto.FLOAT16: "F16", TensorProto.BFLOAT16: "BF16",
    TensorProto.DOUBLE: "F64", TensorProto.INT8: "I8", TensorProto.UINT8: "U8",
    TensorProto.INT16: "I16", TensorProto.UINT16: "U16", TensorProto.INT32: "I32",
    TensorProto.UINT32: "U32", TensorProto.INT64: "I64", TensorProto.UINT64: "U64",
    TensorProto.BOOL: "BOOL", TensorProto.FLOAT8E4M3FN: "F8_E4M3FN",
    TensorProto.FLOAT8E4M3FNUZ: "F8_E4M3FNUZ", TensorProto.FLOAT8E5M2: "F8_E5M2",
    TensorProto.FLOAT8E5M2FNUZ: "F8_E5M2FNUZ",
}
FLOAT8 = [TensorProto.FLOAT8E4M3FN, TensorProto.FLOAT8E4M3FNUZ, TensorProto.FLOAT8E5M2, TensorProto.FLOAT8E5M2FNUZ]


# --- protobuf wire encoding, for what onnx's serializer will not write -------------------

def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, payload, wire=2):
    """A field: varint (wire 0, payload an int), fixed32 (5, bytes), or length-delimited (2)."""
    if wire == 0:
        return varint(number << 3) + varint(payload)
    if wire == 2:
        return varint(number << 3 | 2) + varint(len(payload)) + payload
    return varint(number << 3 | wire) + payload


def model_bytes(graph_payload, ir_version=10):
    return field(1, ir_version, wire=0) + field(7, graph_payload)


def tensor_bytes(name, data_type, dims, data=b"", raw=None):
    """A TensorProto with unpacked dims, then `data` (already encoded fields) or raw_data."""
    out = b"".join(field(1, d, wire=0) for d in dims) + field(2, data_type, wire=0) + field(8, name.encode())
    if raw is not None:
        out += field(9, raw)
    return out + data


# --- valid models ---------------------------------------------------------------------

def sample(shape, seed, scale=2.0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(np.prod(shape))) * scale).reshape(shape)


def raw(name, data_type, array):
    """A raw_data initializer of `data_type` holding `array` (converted by onnx.helper)."""
    array = np.asarray(array)
    if data_type in FLOAT8 or data_type == TensorProto.BFLOAT16:
        typed = helper.make_tensor(name, data_type, array.shape, array.reshape(-1).astype(np.float32))
        converted = numpy_helper.to_array(typed)
        return numpy_helper.from_array(converted, name)
    return numpy_helper.from_array(array.astype(helper.tensor_dtype_to_np_dtype(data_type)), name)


def convnet():
    """Conv, ConvTranspose and Gemm with raw_data initializers of every supported dtype."""
    inits = [
        raw("conv.weight", TensorProto.FLOAT, sample((4, 3, 3, 3), 1)),
        raw("conv.bias", TensorProto.FLOAT, sample((4,), 2)),
        raw("deconv.weight", TensorProto.FLOAT16, sample((4, 2, 3, 3), 3)),
        raw("fc.weight", TensorProto.BFLOAT16, sample((5, 8), 4)),
        raw("fc.bias", TensorProto.DOUBLE, sample((5,), 5)),
    ]
    rng = np.random.default_rng(6)
    for dtype, low, high in [(TensorProto.INT8, -100, 100), (TensorProto.UINT8, 0, 250),
                             (TensorProto.INT16, -3000, 3000), (TensorProto.UINT16, 0, 60000),
                             (TensorProto.INT32, -10**6, 10**6), (TensorProto.UINT32, 0, 4 * 10**9),
                             (TensorProto.INT64, -10**12, 10**12), (TensorProto.UINT64, 0, 10**12),
                             (TensorProto.BOOL, 0, 2)]:
        name = "extra." + TensorProto.DataType.Name(dtype).lower()
        inits.append(raw(name, dtype, rng.integers(low, high, (3, 4))))
    for dtype in FLOAT8:
        values = np.concatenate([sample((10,), dtype), [0.0, 1.0, -1.0, 0.015625, 200.0, np.nan]])
        inits.append(raw("f8." + TensorProto.DataType.Name(dtype).lower(), dtype, values.reshape(4, 4)))
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("ConvTranspose", ["c", "deconv.weight"], ["d"]),
        helper.make_node("Flatten", ["d"], ["f"]),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], transB=1),
    ]
    graph = helper.make_graph(nodes, "convnet", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 2, 2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    return helper.make_model(graph, producer_name="make_onnx_fixtures.py")


def image_mlp():
    """Dense layers fed an image: x (N×1×8×8, N symbolic) → Sub → Flatten → Gemm (fc1, out×in,
    transB=1) → Relu → Gemm (fc2: sees no image); and y (1×3×4×4) → Reshape → MatMul (w, in×out)."""
    inits = [
        raw("mean", TensorProto.FLOAT, np.full((1, 1, 8, 8), 0.5)),
        raw("fc1.weight", TensorProto.FLOAT, sample((16, 64), 21)),
        raw("fc2.weight", TensorProto.FLOAT, sample((10, 16), 22)),
        raw("shape", TensorProto.INT64, np.array([1, 48])),
        raw("w", TensorProto.FLOAT, sample((48, 5), 23)),
    ]
    nodes = [
        helper.make_node("Sub", ["x", "mean"], ["centred"]),
        helper.make_node("Flatten", ["centred"], ["flat"]),
        helper.make_node("Gemm", ["flat", "fc1.weight"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("Gemm", ["r", "fc2.weight"], ["logits"], transB=1),
        helper.make_node("Reshape", ["y", "shape"], ["rows"]),
        helper.make_node("MatMul", ["rows", "w"], ["z"]),
    ]
    graph = helper.make_graph(nodes, "image-mlp",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 8, 8]),
                               helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 4, 4])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, None),
                               helper.make_tensor_value_info("z", TensorProto.FLOAT, None)], inits)
    return helper.make_model(graph, producer_name="make_onnx_fixtures.py")


def typed_fields():
    """Initializers in the typed repeated fields (packed, as onnx writes them), plus unpacked
    float_data, int32_data and dims appended to the graph by hand."""
    inits = [helper.make_tensor("float_data", TensorProto.FLOAT, [2, 3], sample((6,), 7))]
    rng = np.random.default_rng(8)
    for dtype, low, high in [(TensorProto.INT8, -100, 100), (TensorProto.UINT8, 0, 250),
                             (TensorProto.INT16, -3000, 3000), (TensorProto.UINT16, 0, 60000),
                             (TensorProto.INT32, -10**6, 10**6), (TensorProto.BOOL, 0, 2),
                             (TensorProto.INT64, -10**12, 10**12), (TensorProto.UINT32, 0, 4 * 10**9),
                             (TensorProto.UINT64, 0, 2**63)]:
        values = rng.integers(low, high, 6, dtype=np.uint64 if dtype == TensorProto.UINT64 else np.int64)
        name = TensorProto.DataType.Name(dtype).lower() + "_data"
        inits.append(helper.make_tensor(name, dtype, [2, 3], values.astype(helper.tensor_dtype_to_np_dtype(dtype))))
    inits.append(helper.make_tensor("double_data", TensorProto.DOUBLE, [3, 2], sample((6,), 9)))
    inits.append(helper.make_tensor("float16_data", TensorProto.FLOAT16, [2, 3], sample((6,), 10).astype(np.float16)))
    inits.append(helper.make_tensor("bfloat16_data", TensorProto.BFLOAT16, [2, 3], sample((6,), 11).astype(np.float32)))
    for dtype in FLOAT8:
        name = TensorProto.DataType.Name(dtype).lower() + "_data"
        inits.append(helper.make_tensor(name, dtype, [2, 3], sample((6,), dtype).astype(np.float32)))
    graph = helper.make_graph([], "typed", [], [], inits)
    model = helper.make_model(graph, producer_name="make_onnx_fixtures.py")
    floats = np.array([1.5, -2.25, 3.0, 1e-3], dtype="<f4")
    unpacked = [
        tensor_bytes("unpacked_float_data", TensorProto.FLOAT, [2, 2],
                     b"".join(field(4, v.tobytes(), wire=5) for v in floats)),
        tensor_bytes("unpacked_int32_data", TensorProto.INT8, [4],
                     b"".join(field(5, v, wire=0) for v in [-128, -1, 0, 127])),
        tensor_bytes("mixed_int32_data", TensorProto.INT16, [5],
                     field(5, varint(-300) + varint(7)) + field(5, 1000, wire=0) + field(5, varint(2) + varint(-1))),
    ]
    graph_payload = model.graph.SerializeToString() + b"".join(field(5, t) for t in unpacked)
    model.ClearField("graph")
    data = model.SerializeToString() + field(7, graph_payload)
    return onnx.load_from_string(data), data


def branch(name, seed):
    """An If branch: an initializer, a Constant, and a Conv on the outer weight."""
    const = helper.make_node("Constant", [], [name + ".const"],
                             value=numpy_helper.from_array(sample((2, 2), seed).astype(np.float32)))
    conv = helper.make_node("Conv", ["x", "outer.conv.weight"], [name + ".conv"])
    add = helper.make_node("Add", [name + ".conv", name + ".bias"], [name + ".out"])
    bias = numpy_helper.from_array(sample((3,), seed + 1).astype(np.float32), name + ".bias")
    return helper.make_graph([const, conv, add], name, [], [helper.make_tensor_value_info(name + ".out", TensorProto.FLOAT, None)],
                             [bias])


def control_flow():
    """A Constant node, an If with tensors in both branches, a Loop body with a Constant."""
    top_const = helper.make_node("Constant", [], ["top.const"],
                                 value=numpy_helper.from_array(sample((3, 3), 20).astype(np.float16)))
    if_node = helper.make_node("If", ["cond"], ["branch.out"], then_branch=branch("then", 21), else_branch=branch("else", 23))
    body_const = helper.make_node("Constant", [], ["body.const"],
                                  value=numpy_helper.from_array(np.arange(6, dtype=np.int32).reshape(2, 3) - 2))
    identity = helper.make_node("Identity", ["cond_in"], ["cond_out"])
    body = helper.make_graph([body_const, identity], "body",
                             [helper.make_tensor_value_info("i", TensorProto.INT64, []),
                              helper.make_tensor_value_info("cond_in", TensorProto.BOOL, [])],
                             [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
                              helper.make_tensor_value_info("body.const", TensorProto.INT32, None)])
    loop = helper.make_node("Loop", ["trip", "cond"], ["loop.out"], body=body)
    name_const = helper.make_node("Constant", [], ["text"], value=helper.make_tensor("t", TensorProto.STRING, [1], [b"hi"]))
    inits = [numpy_helper.from_array(sample((4, 3, 2, 2), 24).astype(np.float32), "outer.conv.weight"),
             numpy_helper.from_array(np.array(3, dtype=np.int64), "trip")]
    graph = helper.make_graph([top_const, if_node, loop, name_const], "control",
                              [helper.make_tensor_value_info("cond", TensorProto.BOOL, []),
                               helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
                              [helper.make_tensor_value_info("branch.out", TensorProto.FLOAT, None)], inits)
    return helper.make_model(graph, producer_name="make_onnx_fixtures.py")


def external():
    """All tensors in one external file, x.data, beside the model in a subfolder."""
    inits = [numpy_helper.from_array(sample((8, 3, 3, 3), 30).astype(np.float32), "ext.conv.weight"),
             numpy_helper.from_array(sample((16, 8), 31).astype(np.float16), "ext.fc.weight")]
    nodes = [helper.make_node("Conv", ["x", "ext.conv.weight"], ["c"]),
             helper.make_node("MatMul", ["c", "ext.fc.weight"], ["y"])]
    graph = helper.make_graph(nodes, "external", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 3, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    return helper.make_model(graph, producer_name="make_onnx_fixtures.py")


def skipped_types():
    """A float initializer beside COMPLEX64 and INT4 ones, which WeightAtlas lists as skipped."""
    graph = (field(5, tensor_bytes("w", TensorProto.FLOAT, [2, 3], raw=np.arange(6, dtype="<f4").tobytes()))
             + field(5, tensor_bytes("c", TensorProto.COMPLEX64, [2], raw=bytes(16)))
             + field(5, tensor_bytes("q", TensorProto.INT4, [2, 3], raw=bytes([0x21, 0x43, 0x65]))))
    return model_bytes(graph)


def summary(tensor, role):
    array = numpy_helper.to_array(tensor)
    flat = np.asarray(array).astype(np.float64).reshape(-1)
    finite = flat[~np.isnan(flat)]
    return {
        "dtype": ONNX_TO_DTYPE[tensor.data_type], "shape": list(array.shape), "role": role,
        "first": [None if np.isnan(v) else float(v) for v in flat[:8]],
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        "sum": float(finite.sum()), "nan": int(np.isnan(flat).sum()),
    }


def expectations(model, folder):
    """Every initializer and Constant tensor of every graph, with the role its consumers give."""
    found, roles = {}, {}

    def walk(graph):
        for node in graph.node:
            if node.op_type in ("Conv", "ConvTranspose") and len(node.input) > 1:
                roles.setdefault(node.input[1], "conv" if node.op_type == "Conv" else "conv-transpose")
            for attribute in node.attribute:
                if node.op_type == "Constant" and attribute.name == "value" and attribute.t.data_type != TensorProto.STRING:
                    found[node.output[0]] = attribute.t
                for sub in [attribute.g] if attribute.HasField("g") else list(attribute.graphs):
                    walk(sub)
        for init in graph.initializer:
            found[init.name] = init

    walk(model.graph)
    onnx.external_data_helper.load_external_data_for_model(model, folder)
    return {name: summary(tensor, roles.get(name)) for name, tensor in found.items()}


def float8_tables():
    """Every byte of each 8-bit float type as onnx decodes it (NaN as null, ±inf as strings)."""
    tables = {}
    for dtype in FLOAT8:
        tensor = TensorProto(data_type=dtype, dims=[256], raw_data=bytes(range(256)))
        values = numpy_helper.to_array(tensor).astype(np.float64)
        tables[ONNX_TO_DTYPE[dtype]] = [None if np.isnan(v) else (str(v) if np.isinf(v) else float(v)) for v in values]
    return tables


def main():
    os.makedirs(os.path.join(VALID, "external"), exist_ok=True)
    expected = {}
    for name, model in [("convnet.onnx", convnet()), ("control-flow.onnx", control_flow())]:
        onnx.save_model(model, os.path.join(VALID, name))
        expected[name] = expectations(onnx.load(os.path.join(VALID, name)), VALID)
    onnx.save_model(image_mlp(), os.path.join(VALID, "image-mlp.onnx"))   # ONNXImageInputTests
    model, data = typed_fields()
    with open(os.path.join(VALID, "typed-fields.onnx"), "wb") as f:
        f.write(data)
    expected["typed-fields.onnx"] = expectations(model, VALID)
    with open(os.path.join(VALID, "skipped-types.onnx"), "wb") as f:
        f.write(skipped_types())
    path = os.path.join(VALID, "external", "model.onnx")
    if os.path.exists(os.path.join(VALID, "external", "x.data")):
        os.remove(os.path.join(VALID, "external", "x.data"))   # onnx appends to it otherwise
    onnx.save_model(external(), path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="x.data", size_threshold=0)
    expected["external/model.onnx"] = expectations(onnx.load(path, load_external_data=False),
                                                   os.path.dirname(path))
    with open(os.path.join(VALID, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(VALID, "float8.json"), "w") as f:
        json.dump(float8_tables(), f)
        f.write("\n")
    import make_invalid_onnx_fixtures
    make_invalid_onnx_fixtures.main()


if __name__ == "__main__":
    main()
