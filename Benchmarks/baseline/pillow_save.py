#!/usr/bin/env python3
"""Times Pillow's default PNG save of raw 8-bit pixels, for the encoder bench.

Usage: python3 pillow_save.py RAW WIDTH HEIGHT CHANNELS [--repeat R]
Reads WIDTH*HEIGHT*CHANNELS bytes from RAW, then times
Image.frombytes(mode, (WIDTH, HEIGHT), data).save(buffer, format="PNG") (Pillow's defaults:
zlib level 6, adaptive filters) R times. Prints one JSON object: the fastest run's seconds and PNG bytes.
"""
import argparse
import io
import json
import time

from PIL import Image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("channels", type=int, choices=[1, 3])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with open(args.raw, "rb") as f:
        data = f.read()
    mode = "RGB" if args.channels == 3 else "L"
    samples = []
    size = 0
    for _ in range(args.repeat):
        buffer = io.BytesIO()
        start = time.perf_counter()
        Image.frombytes(mode, (args.width, args.height), data).save(buffer, format="PNG")
        samples.append(time.perf_counter() - start)
        size = buffer.tell()
    samples.sort()
    print(json.dumps({"seconds": samples[0], "png_bytes": size}))


if __name__ == "__main__":
    main()
