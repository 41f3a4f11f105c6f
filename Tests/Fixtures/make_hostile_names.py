#!/usr/bin/env python3
"""Writes the name-injection part of Tests/Fixtures/invalid/ (issue 14): files that fail to
read and whose error names a tensor built to attack the terminal or a log.

- tensor-name-forges-a-line.safetensors: a tensor named "a\\nweightatlas: all fine" plus a
  screen clear, a carriage return and a NUL, whose data offsets run past the file: its
  error must stay one line with every control character shown as an escape.

Deterministic: run it again and the files are byte-identical. Expected kinds are in
Tests/Fixtures/hostile-expected/names.tsv (HostileCorpusTests).
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = os.path.join(HERE, "invalid")


def safetensors_with_lying_tensor(name):
    header = {"ok": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
              name: {"dtype": "F32", "shape": [2, 2], "data_offsets": [16, 4112]}}
    text = json.dumps(header, ensure_ascii=True).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(32)


def main():
    forging = "a\nweightatlas: all fine\x1b[2J\r\x00b"
    with open(os.path.join(INVALID, "tensor-name-forges-a-line.safetensors"), "wb") as f:
        f.write(safetensors_with_lying_tensor(forging))


if __name__ == "__main__":
    main()
