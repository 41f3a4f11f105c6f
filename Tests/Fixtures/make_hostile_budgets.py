#!/usr/bin/env python3
"""Writes the budget part of the hostile corpus (issue 14, "Hostile inputs, round two"):
small files that ask for work or memory out of proportion to their size, one per defect,
named for it. Each reader now bounds what a file may cost by the file's size; the files in
Tests/Fixtures/invalid/ must be refused (exit 3 naming the file and a byte offset, within
the corpus test's 48 MiB and 4 CPU s), the others in Tests/Fixtures/budgets/ are read
within their budgets (Tests/WeightAtlasTests/Hostile/BudgetTests.swift).

invalid/ (the expected stderr of each is in hostile-expected/budgets.tsv):
- pickle-shared-dicts-long-names.pt: 12 levels of dicts whose two 1 KiB keys lead to the
  same child (memo), so 4,096 paths reach one tensor with 12 KiB names (48 MiB of names
  from a 2.6 KB pickle): the tensor-name bytes cap.
- pickle-shared-dicts-many-tensors.pt: 11 levels of the same with 8-byte keys, 2,048
  tensors from a 1.6 KB pickle: the tensor count cap.
- tensor-stride-zero-view-2pow40.pt: a stride-(0, 0) view of 2^20 x 2^20 over one float
  (2^40 elements of statistics): the view budget (16 x the storage, at least 2^24).
- onnx-initializers-share-one-name.onnx: 30,000 initializers named "w" (each lookup
  searched them all): refused at the second.
- tflite-subgraphs-share-tensor-vector.tflite: 8,000 distinct subgraph tables that list one
  vector of 16,000 tensors (10^8 table reads): the flatbuffer read budget.
- tflite-buffers-alias-one-vector.tflite: 4,000 buffers whose data is one 128 KiB vector
  (500 MiB of tensors from 435 KB): the aliased buffer bytes budget.
- safetensors-metadata-array.safetensors: a `__metadata__` that is a 450,000-element
  array (each element 24 bytes parsed, for 2 of text): the JSON values budget.
- gguf-metadata-u8-array.gguf: a 900,000-element u8 metadata array (each element a
  24-byte value): the metadata budget, before the elements are reserved.
- npz-members-inflate-past-budget.npz: 500 members of ~1 KiB that each inflate to
  1 MiB (the ratio cap spares members up to 1 MiB): the members' inflated bytes budget.

budgets/ (read, within budget):
- tflite-one-subgraph-listed-10000-times.tflite: the subgraphs vector lists one subgraph
  10,000 times, and that subgraph lists one tensor 10,000 times (10^8 reads before tables
  were memoised by offset); one tensor.

Nothing here is unpickled or executed: pickles are raw opcode bytes, flatbuffers and
protobufs are laid out by hand. Deterministic: run it again and the files are
byte-identical.
"""
import os
import struct
import zlib

from zipwriter import zip_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = os.path.join(HERE, "invalid")
BUDGETS = os.path.join(HERE, "budgets")


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- pickles

def binunicode(text):
    raw = text.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw


def long_binput(index):
    return b"r" + struct.pack("<I", index)


def long_binget(index):
    return b"j" + struct.pack("<I", index)


def tensor_call(numel=12, size=(3, 4), stride=(4, 1)):
    """_rebuild_tensor_v2(PERSID('storage', FloatStorage, '0', 'cpu', numel), 0, size, stride, False, OrderedDict())."""
    def ints(values):
        return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in values) + b"t"
    persid = (b"(" + binunicode("storage") + b"ctorch\nFloatStorage\n" + binunicode("0") + binunicode("cpu")
              + b"J" + struct.pack("<i", numel) + b"tQ")
    return (b"ctorch._utils\n_rebuild_tensor_v2\n(" + persid + b"K\x00" + ints(size) + ints(stride)
            + b"\x89ccollections\nOrderedDict\n)RtR")


def shared_dicts(levels, key_length, padding=0):
    """A dict of `levels` levels whose two keys lead to one child each level, over one tensor:
    2^levels paths, each named by `levels` keys. Memo: 0 and 1 the keys, 2 the tensor,
    3.. the dicts. `padding` bytes of BINBYTES are pushed and popped first."""
    out = b"\x80\x02"
    if padding:
        out += b"B" + struct.pack("<I", padding) + bytes(padding) + b"0"
    out += binunicode("a" * key_length) + long_binput(0) + b"0"
    out += binunicode("b" * key_length) + long_binput(1) + b"0"
    out += tensor_call() + long_binput(2) + b"0"
    child = 2
    for level in range(levels):
        out += b"}(" + long_binget(0) + long_binget(child) + long_binget(1) + long_binget(child) + b"u"
        child = 3 + level
        out += long_binput(child) + b"0"
    return out + long_binget(child) + b"."


def torch_zip(data_pkl, storage):
    return zip_bytes([{"name": "archive/data.pkl", "raw": data_pkl},
                      {"name": "archive/data/0", "raw": storage},
                      {"name": "archive/version", "raw": b"3\n"}])


def pickles():
    write(INVALID, "pickle-shared-dicts-long-names.pt", torch_zip(shared_dicts(12, 1024), bytes(48)))
    write(INVALID, "pickle-shared-dicts-many-tensors.pt", torch_zip(shared_dicts(11, 8, padding=1100), bytes(48)))
    view = b"\x80\x02ccollections\nOrderedDict\n)R" + binunicode("w") + tensor_call(1, (1 << 20, 1 << 20), (0, 0)) + b"s."
    write(INVALID, "tensor-stride-zero-view-2pow40.pt", torch_zip(view, bytes(4)))


# ---------------------------------------------------------------- ONNX

def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, payload, wire=2):
    if wire == 0:
        return varint(number << 3) + varint(payload)
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def onnx():
    initializer = field(1, 1, 0) + field(2, 1, 0) + field(8, b"w") + field(9, bytes(4))   # dims [1], FLOAT, "w", raw
    graph = b"".join(field(5, initializer) for _ in range(30000))
    write(INVALID, "onnx-initializers-share-one-name.onnx", field(1, 8, 0) + field(7, graph))


# ---------------------------------------------------------------- TFLite

class FlatBuffer:
    """A flatbuffer laid out front to back: each table is preceded by its own vtable, every
    field is a 4-byte slot, and uoffsets (which must point forward) are patched in later."""

    def __init__(self):
        self.data = bytearray(8)          # root uoffset, then the file identifier
        self.data[4:8] = b"TFL3"

    def table(self, fields):
        """fields: {index: ('u32'|'i32'|'i8', value) or ('ref', None)}; returns
        (table position, {index: slot position})."""
        count = max(fields) + 1 if fields else 0
        vtable = len(self.data)
        size = 4 + 4 * len(fields)
        offsets = [0] * count
        for slot, index in enumerate(sorted(fields)):
            offsets[index] = 4 + 4 * slot
        vt = struct.pack("<HH", 4 + 2 * count, size) + b"".join(struct.pack("<H", o) for o in offsets)
        vt += bytes(-len(vt) % 4)
        self.data += vt
        table = len(self.data)
        self.data += struct.pack("<i", table - vtable)
        slots = {}
        for index in sorted(fields):
            kind, value = fields[index]
            slots[index] = len(self.data)
            if kind == "u32":
                self.data += struct.pack("<I", value)
            elif kind == "i32":
                self.data += struct.pack("<i", value)
            elif kind == "i8":
                self.data += struct.pack("<b", value) + bytes(3)
            else:
                self.data += bytes(4)
        return table, slots

    def vector(self, count, element_size=4, payload=None):
        """A vector of `count` elements (zeros, or `payload`); returns (vector position, element 0)."""
        start = len(self.data)
        self.data += struct.pack("<I", count)
        self.data += payload if payload is not None else bytes(count * element_size)
        self.data += bytes(-len(self.data) % 4)
        return start, start + 4

    def string(self, text):
        raw = text.encode()
        return self.vector(len(raw), 1, raw + b"\0")[0]     # the terminator is not counted

    def point(self, slot, target):
        assert target > slot
        struct.pack_into("<I", self.data, slot, target - slot)


def tflite_model():
    """A flatbuffer whose root is a Model table (version 3) with slots for operator codes,
    subgraphs and buffers. Returns (flatbuffer, model slots)."""
    fb = FlatBuffer()
    model, slots = fb.table({0: ("u32", 3), 1: ("ref", None), 2: ("ref", None), 4: ("ref", None)})
    fb.point(0, model)
    return fb, slots


def tflite_buffers(fb, slot, payloads):
    """Buffers vector at `slot`: buffer 0 empty, then one Buffer table per payload, its data after it."""
    vector, first = fb.vector(1 + len(payloads))
    fb.point(slot, vector)
    empty, _ = fb.table({})
    fb.point(first, empty)
    for i, payload in enumerate(payloads):
        table, fields = fb.table({0: ("ref", None)})
        fb.point(first + 4 * (i + 1), table)
        fb.point(fields[0], fb.vector(len(payload), 1, payload)[0])


def tflite_opcodes(fb, slot):
    vector, first = fb.vector(1)
    fb.point(slot, vector)
    code, _ = fb.table({0: ("i8", 3), 3: ("i32", 3)})
    fb.point(first, code)


def tflite_tensor(fb, buffer, elements, name):
    table, fields = fb.table({0: ("ref", None), 1: ("i8", 0), 2: ("u32", buffer), 3: ("ref", None)})
    shape, _ = fb.vector(1, payload=struct.pack("<i", elements))
    fb.point(fields[0], shape)
    fb.point(fields[3], fb.string(name))
    return table


def shared_tensor_vector(subgraphs, tensors):
    """`subgraphs` distinct subgraph tables that all list one vector of `tensors` uoffsets to
    one tensor table (buffer 1, 4 bytes)."""
    fb, slots = tflite_model()
    tflite_opcodes(fb, slots[1])
    sub_vector, sub_first = fb.vector(subgraphs)
    fb.point(slots[2], sub_vector)
    tensor_slots = []
    for i in range(subgraphs):
        table, fields = fb.table({0: ("ref", None)})
        fb.point(sub_first + 4 * i, table)
        tensor_slots.append(fields[0])
    tensor_vector, tensor_first = fb.vector(tensors)
    for slot in tensor_slots:
        fb.point(slot, tensor_vector)
    tensor = tflite_tensor(fb, 1, 1, "w")
    for i in range(tensors):
        fb.point(tensor_first + 4 * i, tensor)
    tflite_buffers(fb, slots[4], [bytes(4)])
    return bytes(fb.data)


def one_subgraph_listed(listings, tensors):
    """A subgraphs vector listing one subgraph `listings` times; it lists one tensor `tensors` times."""
    fb, slots = tflite_model()
    tflite_opcodes(fb, slots[1])
    sub_vector, sub_first = fb.vector(listings)
    fb.point(slots[2], sub_vector)
    subgraph, fields = fb.table({0: ("ref", None)})
    for i in range(listings):
        fb.point(sub_first + 4 * i, subgraph)
    tensor_vector, tensor_first = fb.vector(tensors)
    fb.point(fields[0], tensor_vector)
    tensor = tflite_tensor(fb, 1, 1, "w")
    for i in range(tensors):
        fb.point(tensor_first + 4 * i, tensor)
    tflite_buffers(fb, slots[4], [struct.pack("<f", 1.5)])
    return bytes(fb.data)


def aliased_buffers(count, data_bytes):
    """`count` tensors, each with a buffer of its own, all of whose data is one vector."""
    fb, slots = tflite_model()
    tflite_opcodes(fb, slots[1])
    sub_vector, sub_first = fb.vector(1)
    fb.point(slots[2], sub_vector)
    subgraph, fields = fb.table({0: ("ref", None)})
    fb.point(sub_first, subgraph)
    tensor_vector, tensor_first = fb.vector(count)
    fb.point(fields[0], tensor_vector)
    for i in range(count):
        fb.point(tensor_first + 4 * i, tflite_tensor(fb, 1 + i, data_bytes // 4, f"t{i}"))
    buffers_vector, buffers_first = fb.vector(1 + count)
    fb.point(slots[4], buffers_vector)
    empty, _ = fb.table({})
    fb.point(buffers_first, empty)
    data_slots = []
    for i in range(count):
        table, fields = fb.table({0: ("ref", None)})
        fb.point(buffers_first + 4 * (i + 1), table)
        data_slots.append(fields[0])
    values = struct.pack(f"<{data_bytes // 4}f", *[(i % 251) / 251.0 for i in range(data_bytes // 4)])
    data, _ = fb.vector(data_bytes, 1, values)
    for slot in data_slots:
        fb.point(slot, data)
    return bytes(fb.data)


def tflite():
    write(INVALID, "tflite-subgraphs-share-tensor-vector.tflite", shared_tensor_vector(8000, 16000))
    write(INVALID, "tflite-buffers-alias-one-vector.tflite", aliased_buffers(4000, 128 << 10))
    write(BUDGETS, "tflite-one-subgraph-listed-10000-times.tflite", one_subgraph_listed(10000, 10000))


# ---------------------------------------------------------------- safetensors, GGUF, npz

def safetensors():
    header = ('{"__metadata__":[' + ",".join(["1"] * 450000) + "]}").encode()
    write(INVALID, "safetensors-metadata-array.safetensors", struct.pack("<Q", len(header)) + header)


def gguf_string(text):
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf():
    count = 900000
    pair = gguf_string("attack.u8s") + struct.pack("<IIQ", 9, 0, count) + bytes(count)   # ARRAY of UINT8
    write(INVALID, "gguf-metadata-u8-array.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + pair)


def npz():
    raw = b"\x93NUMPY\x01\x00" + struct.pack("<H", 118)
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (262112,), }".ljust(117) + "\n"
    member = raw + header.encode()
    member += bytes((1 << 20) - len(member))
    members = [{"name": f"a{i}.npy", "raw": member, "method": 8} for i in range(500)]
    write(INVALID, "npz-members-inflate-past-budget.npz", zip_bytes(members))


def main():
    for make in (pickles, onnx, tflite, safetensors, gguf, npz):
        make()


if __name__ == "__main__":
    main()
