"""A tiny zip writer with full control over every field, for Zip64 and corrupt fixtures."""
import struct
import zlib


def deflate(raw):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(raw) + compressor.flush()


def zip_bytes(members, zip64=False):
    """members: dicts with name (str), raw (bytes); optional method (0/8), data (bytes as
    stored in the archive), crc, usize, csize (declared values), flags."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m["name"].encode()
        method = m.get("method", 0)
        data = m.get("data", deflate(m["raw"]) if method == 8 else m["raw"])
        crc = m.get("crc", zlib.crc32(m["raw"]))
        usize = m.get("usize", len(m["raw"]))
        csize = m.get("csize", len(data))
        flags = m.get("flags", 0)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc,
                           csize, usize, len(name), 0) + name + data
        if zip64:
            extra = struct.pack("<HHQQQ", 1, 24, usize, csize, offset)
            sizes = (0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        else:
            extra = b""
            sizes = (csize, usize, offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45 if zip64 else 20, 45 if zip64 else 20,
                               flags, method, 0, 0x21, crc, sizes[0], sizes[1], len(name), len(extra), 0, 0, 0,
                               0o644 << 16, sizes[2]) + name + extra
    cd_offset = len(out)
    out += central
    if zip64:
        record = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(members), len(members),
                           len(central), cd_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                           cd_offset, 0)
    return bytes(out)
