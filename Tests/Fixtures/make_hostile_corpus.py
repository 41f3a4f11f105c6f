#!/usr/bin/env python3
"""Writes the hostile part of Tests/Fixtures/invalid/ (issue 8): what the earlier
make_*invalid*.py scripts lack, one file per defect, named for it.

- truncations of every valid format at its structural boundaries, found by walking the
  structure of a valid fixture (`trunc-<format>-<boundary>.<ext>`, at most ~15 per format);
- lying lengths and offsets, dims whose product overflows Int64, negative and huge
  counts, overlapping and out-of-file ranges, wrong dtype sizes;
- self-recursive (deeply nested subgraph) protobuf;
- pickles: deep nesting without MARKs, GLOBAL/INST/STACK_GLOBAL of code-running callables
  that would `touch weightatlas-pwned` in the working directory, REDUCE on callables that
  are not allow-listed constructors, memo tricks;
- zip bombs (declared vs actual sizes, extreme ratios), path traversal and duplicate names
  in PyTorch and Keras archives.

Files named fuzz-*.* are not written here: they are crashers the fuzz targets found
(Fuzz/README.md), copied into invalid/ as found, named for the defect.

Nothing here is ever unpickled or executed: pickles are written as raw opcode bytes.
Every file must make `weightatlas render FILE -o DIR` exit 3 naming the file and a byte
offset (Tests/WeightAtlasTests/Hostile/HostileCorpusTests.swift). Deterministic: run it
again and the files are byte-identical.
"""
import os
import pickletools
import struct
import zipfile
import zlib

from zipwriter import deflate, zip_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = os.path.join(HERE, "invalid")
MARKER = "weightatlas-pwned"   # a file the malicious pickles would create in the working directory


def read(path):
    with open(os.path.join(HERE, path), "rb") as f:
        return f.read()


def write(name, data):
    with open(os.path.join(INVALID, name), "wb") as f:
        f.write(data)


def truncations(prefix, ext, data, boundaries):
    """Writes data[:cut] for each (label, cut), skipping duplicates and whole files."""
    seen = set()
    for label, cut in boundaries:
        if cut in seen or cut >= len(data) or cut < 0:
            continue
        seen.add(cut)
        write(f"trunc-{prefix}-{label}.{ext}", data[:cut])


# ---------------------------------------------------------------- safetensors

def safetensors():
    data = read("valid/all-dtypes.safetensors")
    (n,) = struct.unpack_from("<Q", data, 0)
    truncations("safetensors", "safetensors", data, [
        ("empty", 0), ("mid-length", 4), ("after-length", 8), ("header-first-byte", 9),
        ("mid-header", 8 + n // 2), ("header-last-byte", 8 + n - 1), ("after-header", 8 + n),
        ("mid-data", 8 + n + (len(data) - 8 - n) // 2), ("data-last-byte", len(data) - 1)])

    def st(header, body=b""):
        h = header.encode()
        return struct.pack("<Q", len(h)) + h + body
    write("lying-header-length-huge.safetensors", struct.pack("<Q", 2**63 - 1) + b"{}")
    write("lying-header-length-max.safetensors", struct.pack("<Q", 2**64 - 1) + b"{}")
    write("dims-product-overflows-int64.safetensors",
          st('{"w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,4]}}', bytes(4)))
    write("offset-end-before-start.safetensors",
          st('{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}', bytes(8)))
    write("offset-past-int64.safetensors",
          st('{"w":{"dtype":"F32","shape":[1],"data_offsets":[18446744073709551612,18446744073709551616]}}', bytes(4)))
    write("negative-offset.safetensors",
          st('{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}', bytes(4)))
    write("wrong-dtype-size.safetensors",
          st('{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,12]}}', bytes(12)))
    write("duplicate-ranges.safetensors",
          st('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', bytes(8)))
    # 5 000 tensors in a header that stays under the size cap.
    entries = ",".join(f'"t{i}":{{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}' for i in range(5000))
    write("many-empty-tensors-overlap.safetensors", st("{" + entries + ',"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"y":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\0"))
    write("deep-json-nesting.safetensors", st('{"__metadata__":' + "[" * 100000 + "]" * 100000 + "}"))
    write("huge-number-dim.safetensors",
          st('{"w":{"dtype":"F32","shape":[1e400],"data_offsets":[0,4]}}', bytes(4)))


# ---------------------------------------------------------------- npy / npz

def npy_header(descr, shape, fortran=False):
    text = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)
    text = text.encode()
    pad = 64 - (10 + len(text) + 1) % 64
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text) + pad + 1) + text + b" " * pad + b"\n"


def npy():
    data = read("valid/f4.npy")
    (n,) = struct.unpack_from("<H", data, 8)
    truncations("npy", "npy", data, [
        ("mid-magic", 3), ("after-magic", 6), ("after-version", 8), ("mid-header-length", 9),
        ("after-header-length", 10), ("mid-header", 10 + n // 2), ("before-newline", 10 + n - 1),
        ("after-header", 10 + n), ("data-last-byte", len(data) - 1)])
    write("dims-product-overflows-int64.npy", npy_header("<f4", "(4294967296, 4294967296, 4)") + bytes(16))
    write("wrong-dtype-size.npy", npy_header("<f3", "(4,)") + bytes(12))
    write("huge-itemsize.npy", npy_header("|V9223372036854775807", "(2,)") + bytes(16))
    write("lying-header-length.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", 0xFFFF) + b"{}")
    write("lying-header-length-v2.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xFFFFFFFF) + b"{}")
    write("deep-tuple-nesting.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", 60000)
          + ("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(" * 29000 + ")" * 29000 + "}").encode()[:60000].ljust(59999) + b"\n")


def npz():
    data = read("valid/stored.npz")
    z = zipfile.ZipFile(os.path.join(HERE, "valid/stored.npz"))
    first = z.infolist()[0]
    (eocd,) = [data.rfind(b"PK\x05\x06")]
    (cd_offset,) = struct.unpack_from("<I", data, eocd + 16)
    name_len, extra_len = struct.unpack_from("<HH", data, 26)
    data_start = 30 + name_len + extra_len
    truncations("npz", "npz", data, [
        ("mid-local-header", 10), ("after-local-header", 30), ("after-name", 30 + name_len),
        ("mid-member", data_start + first.compress_size // 2), ("before-central", cd_offset),
        ("mid-central", cd_offset + 20), ("before-end-record", eocd), ("mid-end-record", eocd + 11),
        ("end-record-last-byte", len(data) - 1)])
    raw = read("valid/f4.npy")
    # Honest declared sizes, extreme ratio: 64 MiB of zeros in ~64 KiB (1000:1).
    zeros = npy_header("<f4", "(16777216,)") + bytes(64 * 2**20)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packed.compress(zeros) + packed.flush()
    write("ratio-bomb.npz", zip_bytes([{"name": "a.npy", "raw": zeros, "method": 8, "data": packed}]))
    write("declared-4gib-actual-tiny.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8, "usize": 2**32 - 1}]))
    write("declared-zero-actual-data.npz", zip_bytes([{"name": "a.npy", "raw": raw, "method": 8, "usize": 0}]))
    write("compressed-size-past-end.npz", zip_bytes([{"name": "a.npy", "raw": raw, "csize": 2**31}]))
    body = zip_bytes([{"name": "a.npy", "raw": raw}])
    eocd = body.rfind(b"PK\x05\x06")
    write("entry-count-huge.npz", body[:eocd + 8] + struct.pack("<HH", 0xFFFF, 0xFFFF) + body[eocd + 12:])
    write("central-offset-lie.npz", body[:eocd + 16] + struct.pack("<I", 0x7FFFFFFF) + body[eocd + 20:])
    write("central-size-lie.npz", body[:eocd + 12] + struct.pack("<I", 0x7FFFFFF0) + body[eocd + 16:])
    local = bytearray(body)
    struct.pack_into("<H", local, 26, 0xFFFF)          # local header's name length runs past the file
    write("local-name-length-lie.npz", bytes(local))
    write("overlapping-members.npz", overlapping_members(raw))
    write("absolute-path.npz", zip_bytes([{"name": "/tmp/a.npy", "raw": raw}]))
    write("dims-product-overflows-int64.npz",
          zip_bytes([{"name": "a.npy", "raw": npy_header("<f4", "(4294967296, 4294967296, 4)") + bytes(16)}]))


def overlapping_members(raw):
    """Two central-directory entries whose local headers are the same bytes."""
    one = zip_bytes([{"name": "a.npy", "raw": raw}])
    eocd = one.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", one, eocd + 16)
    entry = bytearray(one[cd_offset:eocd])
    second = bytearray(entry)
    second[46:51] = b"b.npy"
    central = bytes(entry) + bytes(second)
    return (one[:cd_offset] + central
            + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central), cd_offset, 0))


# ---------------------------------------------------------------- GGUF

def gguf_value(data, pos, kind):
    fixed = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
    if kind in fixed:
        return pos + fixed[kind]
    if kind == 8:
        (n,) = struct.unpack_from("<Q", data, pos)
        return pos + 8 + n
    if kind == 9:
        inner, count = struct.unpack_from("<IQ", data, pos)
        pos += 12
        for _ in range(count):
            pos = gguf_value(data, pos, inner)
        return pos
    raise ValueError(kind)


def gguf():
    data = read("gguf/metadata.gguf")
    tensors, kvs = struct.unpack_from("<QQ", data, 8)
    pos, kv_starts = 24, []
    for _ in range(kvs):
        kv_starts.append(pos)
        (n,) = struct.unpack_from("<Q", data, pos)
        pos += 8 + n
        (kind,) = struct.unpack_from("<I", data, pos)
        pos = gguf_value(data, pos + 4, kind)
    infos_start, info_starts = pos, []
    for _ in range(tensors):
        info_starts.append(pos)
        (n,) = struct.unpack_from("<Q", data, pos)
        pos += 8 + n
        (dims,) = struct.unpack_from("<I", data, pos)
        pos += 4 + 8 * dims + 4 + 8
    data_start = (pos + 31) // 32 * 32
    truncations("gguf", "gguf", data, [
        ("mid-magic", 2), ("after-magic", 4), ("after-version", 8), ("after-tensor-count", 16),
        ("after-kv-count", 24), ("mid-first-key-length", kv_starts[0] + 4 if kv_starts else 20),
        ("mid-first-key", kv_starts[0] + 10 if kv_starts else 21),
        ("mid-metadata", kv_starts[len(kv_starts) // 2] + 9 if kv_starts else 22),
        ("after-metadata", infos_start), ("mid-tensor-info", info_starts[0] + 12),
        ("mid-last-tensor-info", info_starts[-1] + 12), ("after-tensor-infos", pos),
        ("after-padding", data_start), ("mid-data", (data_start + len(data)) // 2),
        ("data-last-byte", len(data) - 1)])
    head = data[:24]
    write("kv-count-huge.gguf", data[:16] + struct.pack("<Q", 2**62) + data[24:])
    write("kv-count-negative.gguf", data[:16] + struct.pack("<q", -1) + data[24:])
    write("tensor-count-negative.gguf", data[:8] + struct.pack("<q", -1) + data[16:])
    write("key-length-huge.gguf", head[:8] + struct.pack("<QQ", 0, 1) + struct.pack("<Q", 2**63) + b"k")
    dims = struct.pack("<I", 4) + struct.pack("<QQQQ", 2**32, 2**32, 2**32, 2**32)
    info = struct.pack("<Q", 1) + b"w" + dims + struct.pack("<IQ", 0, 0)
    body = b"GGUF" + struct.pack("<IQQ", 3, 1, 0) + info
    write("dims-product-overflows-int64.gguf", body + bytes((-len(body)) % 32) + bytes(64))
    array = struct.pack("<Q", 1) + b"a" + struct.pack("<IIQ", 9, 9, 2**40)
    write("nested-array-count-huge.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + array)


# ---------------------------------------------------------------- ONNX

def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_varint(data, pos):
    shift = value = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def fields(data, start, end):
    """(field number, field start, payload start, payload end) of each field in data[start:end]."""
    pos, out = start, []
    while pos < end:
        begin = pos
        key, pos = read_varint(data, pos)
        wire = key & 7
        if wire == 0:
            _, pos = read_varint(data, pos)
            out.append((key >> 3, begin, pos, pos))
        elif wire == 2:
            n, pos = read_varint(data, pos)
            out.append((key >> 3, begin, pos, pos + n))
            pos += n
        elif wire == 5:
            out.append((key >> 3, begin, pos, pos + 4))
            pos += 4
        elif wire == 1:
            out.append((key >> 3, begin, pos, pos + 8))
            pos += 8
        else:
            raise ValueError(wire)
    return out


def field(number, payload, wire=2):
    if wire == 0:
        return varint(number << 3) + varint(payload)
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def onnx():
    data = read("onnx/convnet.onnx")
    top = fields(data, 0, len(data))
    graph = next(f for f in top if f[0] == 7)
    inner = fields(data, graph[2], graph[3])
    inits = [f for f in inner if f[0] == 5]
    cuts = [("mid-first-field-key", 0 if data[0] < 0x80 else 1), ("after-first-key", top[0][1] + 1),
            ("graph-key", graph[1] + 1), ("graph-length", graph[2]),
            ("graph-first-node", inner[0][1] + 1), ("graph-first-node-payload", inner[0][2] + 1)]
    for i, f in enumerate(inits[:3]):
        cuts += [(f"initializer-{i}-key", f[1] + 1), (f"initializer-{i}-mid", (f[2] + f[3]) // 2)]
    cuts += [("graph-last-byte", graph[3] - 1)]
    if top[-1][0] != 7:
        cuts += [("last-field-mid", (top[-1][1] + top[-1][3] + 1) // 2)]
    truncations("onnx", "onnx", data, cuts)
    # Self-recursive: GraphProto → NodeProto → AttributeProto(g) → GraphProto ... 10 000 deep.
    payload = b""
    for _ in range(10000):
        attribute = field(1, b"g") + field(20, 5, wire=0) + field(6, payload)
        payload = field(1, field(4, b"If") + field(5, attribute))
    write("self-recursive-subgraph.onnx", field(1, 8, wire=0) + field(7, payload))
    # A length that claims the whole rest of the file and then some, at every level.
    write("lying-graph-length.onnx", field(1, 8, wire=0) + varint(7 << 3 | 2) + varint(2**62) + data[graph[2]:graph[3]])
    dims = b"".join(field(1, 2**32, wire=0) for _ in range(4))
    tensor = dims + field(2, 1, wire=0) + field(8, b"w") + field(9, bytes(4))
    write("dims-product-overflows-int64.onnx", field(1, 8, wire=0) + field(7, field(5, tensor)))
    tensor = field(1, 3, wire=0) + field(2, 11, wire=0) + field(8, b"w") + field(9, bytes(12))
    write("wrong-dtype-size.onnx", field(1, 8, wire=0) + field(7, field(5, tensor)))
    huge_dim = field(1, 2**64 - 1, wire=0) + field(2, 1, wire=0) + field(8, b"w") + field(9, bytes(4))
    write("dim-uint64-max.onnx", field(1, 8, wire=0) + field(7, field(5, huge_dim)))


# ---------------------------------------------------------------- PyTorch + pickle

def short_unicode(text):
    return b"\x8c" + bytes([len(text)]) + text.encode()


def torch_zip(data_pkl, extra=(), names=None):
    members = [{"name": "archive/data.pkl", "raw": data_pkl}]
    members += [{"name": name, "raw": raw} for name, raw in extra]
    members += [{"name": "archive/version", "raw": b"3\n"}]
    return zip_bytes(members)


def state_dict_members():
    z = zipfile.ZipFile(os.path.join(HERE, "pytorch/state_dict.pt"))
    return {i.filename: z.read(i.filename) for i in z.infolist()}


def pytorch():
    members = state_dict_members()
    pkl = members["archive/data.pkl"]
    others = [(n, d) for n, d in members.items() if n not in ("archive/data.pkl", "archive/version")]
    ops = [pos for _, _, pos in pickletools.genops(pkl)]
    picks = [ops[i] for i in (1, 2, 3, len(ops) // 8, len(ops) // 4, len(ops) // 2, 3 * len(ops) // 4, len(ops) - 2)]
    seen = set()
    for i, cut in enumerate(picks):
        if cut in seen:
            continue
        seen.add(cut)
        write(f"trunc-pickle-opcode-{i}.pt", torch_zip(pkl[:cut], others))
    raw = read("pytorch/state_dict.pt")
    eocd = raw.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", raw, eocd + 16)
    truncations("pytorch-zip", "pt", raw, [
        ("mid-first-local-header", 12), ("mid-data-pkl", 64 + len(pkl) // 2),
        ("before-central", cd_offset), ("mid-central", cd_offset + 30), ("mid-end-record", eocd + 10)])
    legacy = read("pytorch/legacy.pt")
    starts, pos = [], 0
    for _ in range(4):                          # magic, protocol, sys info, object pickle
        starts.append(pos)
        for _, _, p in pickletools.genops(legacy[pos:]):
            last = p
        pos += last + 1
    starts.append(pos)                          # storage keys pickle
    truncations("pytorch-legacy", "pt", legacy, [
        ("mid-magic", 5), ("after-magic", starts[1]), ("after-protocol", starts[2]),
        ("mid-object-pickle", (starts[3] + starts[4]) // 2), ("after-object-pickle", starts[4]),
        ("mid-storage-keys", starts[4] + 5), ("mid-storage-data", (pos + len(legacy)) // 2 + 8)])

    touch = "touch " + MARKER
    pz = lambda name, data, extra=(): write(name, torch_zip(data, extra))
    pz("global-os-system-touch.pt", b"\x80\x02cos\nsystem\nX" + struct.pack("<I", len(touch)) + touch.encode() + b"\x85R.")
    pz("global-posix-system-touch.pt", b"\x80\x02cposix\nsystem\nX" + struct.pack("<I", len(touch)) + touch.encode() + b"\x85R.")
    body = (short_unicode("subprocess") + short_unicode("Popen") + b"\x93" + short_unicode("touch")
            + short_unicode(MARKER) + b"\x86\x85R.")
    pz("stack-global-subprocess-popen-touch.pt", b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body)
    code = f"open('{MARKER}','w')"
    pz("global-builtins-exec-touch.pt", b"\x80\x02c__builtin__\nexec\nX" + struct.pack("<I", len(code)) + code.encode() + b"\x85R.")
    pz("inst-os-system-touch.pt", b"(X" + struct.pack("<I", len(touch)) + touch.encode() + b"ios\nsystem\n.")
    pz("obj-os-system-touch.pt", b"\x80\x02(cos\nsystem\nX" + struct.pack("<I", len(touch)) + touch.encode() + b"o.")
    pz("global-builtins-getattr.pt", b"\x80\x02cbuiltins\ngetattr\ncos\npath\nX\x06\x00\x00\x00exists\x86R.")
    pz("ext1-extension-registry.pt", b"\x80\x02\x82\x01)R.")
    pz("build-setstate-on-ordereddict.pt", b"\x80\x02ccollections\nOrderedDict\n)R}X\x0b\x00\x00\x00__setstate__cos\nsystem\nsb.")
    # REDUCE on allow-listed names that are not constructors, or with hostile arguments.
    pz("reduce-rebuild-tensor-no-args.pt", b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n)R.")
    pz("reduce-ordereddict-string-arg.pt", b"\x80\x02ccollections\nOrderedDict\nX\x01\x00\x00\x00a\x85R.")
    pz("reduce-on-int.pt", b"\x80\x02K\x01)R.")
    pz("persistent-id-not-storage.pt", b"\x80\x02X\x04\x00\x00\x00evilQ.")
    # Deep nesting without MARKs: 100 000 nested one-tuples, lists and dicts.
    pz("deep-tuple1-nesting.pt", b"\x80\x02N" + b"\x85" * 100000 + b".")
    pz("deep-dict-nesting.pt", b"\x80\x02" + b"}K\x00" * 50000 + b"s" * 49999 + b".")
    pz("deep-empty-list-append-nesting.pt", b"\x80\x02]" + b"]" * 100000 + b"a" * 100000 + b".")
    # Memo tricks.
    pz("memo-index-huge.pt", b"\x80\x02Nr\xff\xff\xff\xffj\xff\xff\xff\xff.")
    # A list that contains itself, used as a tensor's size. (A state dict that contains itself
    # is valid: the collector walks each container once per path, and finds no tensors.)
    pz("memo-self-referencing-list-as-size.pt", rebuild_pickle((3, 4), (4, 1), 0).replace(
        b"(K\x03K\x04t", b"]q\x07h\x07a"), [("archive/data/0", bytes(48))])
    pz("memo-get-before-put.pt", b"\x80\x02h\x00q\x00.")
    pz("memoize-empty-stack.pt", b"\x80\x04\x94.")
    pz("memo-300k-puts-then-unset-get.pt", b"\x80\x04N" + b"\x94" * 300_000 + b"j\xf0\x93\x04\x00.")
    pz("dup-bomb.pt", b"\x80\x02]" + b"2" * 200_000 + b"." )
    pz("binunicode-length-huge.pt", b"\x80\x02X\xff\xff\xff\xff" + b"x" * 8 + b".")
    pz("binbytes8-length-huge.pt", b"\x80\x04\x8e" + struct.pack("<Q", 2**63) + b"x" * 8 + b".")
    pz("long4-huge.pt", b"\x80\x02\x8b" + struct.pack("<i", 0x7FFFFFFF) + b"\x01" * 8 + b".")
    pz("frame-length-huge.pt", b"\x80\x04\x95" + struct.pack("<Q", 2**62) + b"N.")
    pz("negative-long-binget.pt", b"\x80\x02Nr\x00\x00\x00\x80j\x00\x00\x00\x80.")
    pz("stop-on-empty-stack.pt", b"\x80\x02.")
    pz("no-stop.pt", b"\x80\x02N")
    # Tensors: dims overflowing Int64, negative sizes, storage offsets past Int.
    pz("tensor-dims-overflow-int64.pt", rebuild_pickle((2**32, 2**32, 4), (1, 1, 1), 0), [("archive/data/0", bytes(16))])
    pz("tensor-negative-size.pt", rebuild_pickle((-3, 4), (4, 1), 0), [("archive/data/0", bytes(48))])
    pz("tensor-negative-stride.pt", rebuild_pickle((3, 4), (-4, 1), 0), [("archive/data/0", bytes(48))])
    pz("tensor-offset-huge.pt", rebuild_pickle((3, 4), (4, 1), 2**62), [("archive/data/0", bytes(48))])
    pz("storage-numel-huge.pt", rebuild_pickle((3, 4), (4, 1), 0, numel=2**62), [("archive/data/0", bytes(48))])
    # Archive tricks.
    good = members["archive/data.pkl"]
    write("zip-path-traversal.pt", zip_bytes([{"name": "../archive/data.pkl", "raw": good}]
                                              + [{"name": n, "raw": d} for n, d in others]))
    write("zip-duplicate-data-pkl.pt", zip_bytes([{"name": "archive/data.pkl", "raw": good},
                                                   {"name": "archive/data.pkl", "raw": b"\x80\x02N."}]
                                                  + [{"name": n, "raw": d} for n, d in others]))
    zeros = bytes(64 * 2**20)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packed.compress(zeros) + packed.flush()
    write("zip-ratio-bomb-storage.pt", zip_bytes([{"name": "archive/data.pkl", "raw": rebuild_pickle((3, 4), (4, 1), 0)},
                                                   {"name": "archive/data/0", "raw": zeros, "method": 8, "data": packed}]))
    write("zip-declared-size-lie.pt", zip_bytes([{"name": "archive/data.pkl", "raw": good, "method": 8, "usize": 2**32 - 1}]
                                                 + [{"name": n, "raw": d} for n, d in others]))


def rebuild_pickle(size, stride, offset, numel=12):
    """{'w': _rebuild_tensor_v2(PERSID('storage', FloatStorage, '0', 'cpu', numel), offset, size, stride)}."""
    def tup(values):
        return b"(" + b"".join(intop(v) for v in values) + b"t"

    def intop(v):
        if 0 <= v < 256:
            return b"K" + bytes([v])
        if -2**31 <= v < 2**31:
            return b"J" + struct.pack("<i", v)
        raw = v.to_bytes((v.bit_length() + 8) // 8, "little", signed=True)
        return b"\x8a" + bytes([len(raw)]) + raw
    persid = (b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpu"
              + intop(numel) + b"tQ")
    call = (b"ctorch._utils\n_rebuild_tensor_v2\n(" + persid + intop(offset) + tup(size) + tup(stride)
            + b"\x89ccollections\nOrderedDict\n)RtR")
    return b"\x80\x02ccollections\nOrderedDict\n)RX\x01\x00\x00\x00w" + call + b"s."


# ---------------------------------------------------------------- Keras / HDF5

def keras():
    h5 = read("keras/legacy-weights.h5")
    truncations("keras-h5", "h5", h5, [
        ("mid-signature", 4), ("after-signature", 8), ("mid-superblock", 40), ("after-superblock", 96),
        ("root-group", 800), ("quarter", len(h5) // 4), ("half", len(h5) // 2),
        ("three-quarters", 3 * len(h5) // 4), ("last-byte", len(h5) - 1)])
    hdf5_bomb()
    z = zipfile.ZipFile(os.path.join(HERE, "keras/keras3.keras"))
    members = {i.filename: z.read(i.filename) for i in z.infolist()}
    weights = members["model.weights.h5"]
    def keras_zip(replace, extra=()):
        items = [{"name": n, "raw": replace.get(n, d)} for n, d in members.items()] + list(extra)
        return zip_bytes(items)
    for label, cut in [("after-signature", 8), ("after-superblock", 96), ("half", len(weights) // 2),
                       ("last-byte", len(weights) - 1)]:
        write(f"trunc-keras-weights-{label}.keras", keras_zip({"model.weights.h5": weights[:cut]}))
    raw = read("keras/keras3.keras")
    eocd = raw.rfind(b"PK\x05\x06")
    truncations("keras-zip", "keras", raw, [("mid-weights-member", len(raw) // 2), ("mid-end-record", eocd + 10)])
    write("keras-zip-path-traversal.keras", zip_bytes(
        [{"name": n, "raw": d} for n, d in members.items() if n != "model.weights.h5"]
        + [{"name": "../model.weights.h5", "raw": weights}]))
    write("keras-zip-duplicate-weights.keras", keras_zip({}, [{"name": "model.weights.h5", "raw": b"\x89HDF\r\n\x1a\n"}]))
    write("keras-zip-declared-size-bomb.keras", zip_bytes(
        [{"name": n, "raw": d} for n, d in members.items() if n != "model.weights.h5"]
        + [{"name": "model.weights.h5", "raw": weights, "method": 8, "usize": 2**32 - 1}]))


def hdf5_bomb():
    """A gzip-filtered dataset of 64 MiB of zeros stored in ~64 KiB: an HDF5 zip bomb.
    h5py writes object headers with timestamps off by default, so the file is reproducible."""
    import h5py
    import numpy as np
    path = os.path.join(INVALID, "keras-hdf5-gzip-bomb.h5")
    with h5py.File(path, "w", libver="earliest", track_order=False) as f:
        group = f.create_group("dense").create_group("dense")
        group.create_dataset("kernel:0", data=np.zeros((4096, 4096), np.float32), chunks=(4096, 4096),
                             compression="gzip", compression_opts=9)


# ---------------------------------------------------------------- TFLite

def tflite():
    data = read("tflite/model.tflite")
    (root,) = struct.unpack_from("<I", data, 0)
    (vt_back,) = struct.unpack_from("<i", data, root)
    vtable = root - vt_back
    (vt_size,) = struct.unpack_from("<H", data, vtable)
    cuts = [("mid-root-offset", 2), ("after-root-offset", 4), ("mid-identifier", 6),
            ("after-identifier", 8), ("mid-vtable", vtable + vt_size // 2), ("before-root-table", root),
            ("mid-root-table", root + 4)]
    # Every field the root table points at: truncate just after its offset target.
    for i in range((vt_size - 4) // 2):
        (field_off,) = struct.unpack_from("<H", data, vtable + 4 + 2 * i)
        if field_off and i in (2, 3, 4):        # subgraphs, description, buffers
            (target,) = struct.unpack_from("<I", data, root + field_off)
            cuts.append((f"root-field-{i}-target", root + field_off + target + 2))
    cuts += [("half", len(data) // 2), ("last-byte", len(data) - 1)]
    truncations("tflite", "tflite", data, cuts)
    lie = bytearray(data)
    struct.pack_into("<I", lie, 0, 0xFFFFFFF0)
    write("tflite-root-offset-huge.tflite", bytes(lie))
    lie = bytearray(data)
    struct.pack_into("<i", lie, root, -0x7FFFFFF0)
    write("tflite-vtable-offset-negative.tflite", bytes(lie))
    lie = bytearray(data)
    struct.pack_into("<i", lie, root, 0)          # the vtable is the table itself
    write("tflite-vtable-self-reference.tflite", bytes(lie))


def main():
    os.makedirs(INVALID, exist_ok=True)
    for make in (safetensors, npy, npz, gguf, onnx, pytorch, keras, tflite):
        make()


if __name__ == "__main__":
    main()
