#!/bin/sh
# The wheel on a Debian system that has none of its libraries: debootstrap a minimal bookworm
# (python3 and venv only: no libpng, ISA-L, libhdf5, OpenCL; ~3 minutes, ~300 MB in
# $ROOT), install dist/*.whl there offline (numpy fetched here first), and render the sample,
# read a Keras file (weightatlas-hdf5) and call make_grid inside it. Needs root and
# debootstrap; not part of `make test` (it downloads a Debian base system).
#   make test-wheel-debian         (ROOT=/tmp/weightatlas-debroot by default)
set -eu
cd "$(dirname "$0")/../.."
ROOT=${ROOT:-/tmp/weightatlas-debroot}
[ -x "$ROOT/usr/bin/python3" ] || debootstrap --variant=minbase --include=python3,python3-venv bookworm "$ROOT" \
    http://deb.debian.org/debian
rm -rf "$ROOT/tmp/wheel" && mkdir -p "$ROOT/tmp/wheel"
cp dist/weightatlas-*.whl Samples/blazeface-short-range.safetensors Tests/Fixtures/keras/keras3.keras "$ROOT/tmp/wheel/"
python3 -m pip download -q numpy --only-binary :all: --python-version 3.11 --platform manylinux2014_x86_64 -d "$ROOT/tmp/wheel"
for lib in libpng16 libisal libhdf5 libOpenCL; do
    if ls "$ROOT/usr/lib/x86_64-linux-gnu/" | grep -q "^$lib"; then echo "$lib is installed in $ROOT: not a clean test" >&2; exit 1; fi
done
mount --bind /proc "$ROOT/proc"
trap 'umount "$ROOT/proc"' EXIT
chroot "$ROOT" /bin/sh -eu -c '
    rm -rf /venv && python3 -m venv /venv
    /venv/bin/pip install -q --no-index --find-links /tmp/wheel /tmp/wheel/weightatlas-*.whl
    cd /tmp/wheel
    /venv/bin/weightatlas render blazeface-short-range.safetensors -o atlas --quiet
    test -s atlas/conv2d_Kernel.png
    /venv/bin/weightatlas inspect keras3.keras >/dev/null
    /venv/bin/python -c "
import numpy as np, weightatlas
grid = weightatlas.make_grid(np.ones((4, 3, 5, 5), np.float32), normalize=True)
assert grid.shape == (9, 30, 3), grid.shape
print(\"minimal Debian: render, Keras and make_grid ok with\", weightatlas.__version__)"'
