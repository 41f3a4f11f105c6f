#!/bin/sh
# On the device machine (no Swift there): unpacks .device/weightatlas-device.tar.xz (made by
# pack.sh, carried with the run), points the OpenCL ICD loader at NVIDIA's driver, then
#   1. the machine: glibc, GPU (nvidia-smi), `weightatlas devices`;
#   2. parity: every fixture rendered with --backend cpu and --backend opencl, PNGs compared
#      byte for byte (the test suite cannot run there);
#   3. weightatlas-bench --backend both (Python baselines only where numpy and Pillow are).
# Everything lands in $OUT (the device tool's folder that comes back), or ./device-out.
#   Benchmarks/device/run.sh [SCENARIOS]   (default: all; e.g. "a,b,c,d,e")
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD/device-out}
W=${WORK:-/tmp/weightatlas-device}
mkdir -p "$OUT" "$W"
xz -dc .device/weightatlas-device.tar.xz | tar -C "$W" -xf - || { echo "cannot unpack" | tee "$OUT/error.txt"; exit 1; }
{
    echo "built from $(cat "$W/commit.txt") with $(cat "$W/built-with-glibc.txt")"
    echo "device glibc: $(ldd --version 2>&1 | head -n 1)"
    nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv 2>&1
} > "$OUT/machine.txt"
NV=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1/ {print $NF; exit}')
[ -n "$NV" ] || NV=$(find /usr/local/nvidia /usr/lib /usr/lib64 /usr/local -name 'libnvidia-opencl.so.1' 2>/dev/null | head -n 1)
echo "NVIDIA OpenCL driver: ${NV:-not found}" >> "$OUT/machine.txt"
# Only NVIDIA's ICD when there is one (elsewhere, e.g. to try this script on PoCL, the
# system's ICDs stay in use).
if [ -n "$NV" ]; then
    mkdir -p "$W/icd"
    echo "$NV" > "$W/icd/nvidia.icd"
    export OCL_ICD_VENDORS="$W/icd"
fi
export LD_LIBRARY_PATH="$W/lib"
BIN="$W/bin"
"$BIN/weightatlas" devices >> "$OUT/machine.txt" 2>&1
cat "$OUT/machine.txt"

# 2. Parity: the same render on both backends must give the same bytes.
: > "$OUT/parity.txt"
same=0 differ=0
for f in "$W"/fixtures/*; do
    n=$(basename "$f")
    case "$n" in *.npy) extra="--input-shape 1x8x8" ;; *) extra="" ;; esac
    # shellcheck disable=SC2086
    "$BIN/weightatlas" render "$f" -o "$W/cpu/$n" --backend cpu --quiet $extra 2>> "$OUT/parity.txt"
    # shellcheck disable=SC2086
    "$BIN/weightatlas" render "$f" -o "$W/gpu/$n" --backend opencl --quiet $extra 2>> "$OUT/parity.txt"
    for png in "$W/cpu/$n"/*.png; do
        [ -e "$png" ] || continue
        if cmp -s "$png" "$W/gpu/$n/$(basename "$png")"; then same=$((same + 1))
        else differ=$((differ + 1)); echo "DIFFER $n/$(basename "$png")" >> "$OUT/parity.txt"; fi
    done
done
echo "parity: $same PNGs identical, $differ differ" | tee -a "$OUT/parity.txt"

# 3. The benchmark, CPU and OpenCL in one run.
baseline=""
python3 -c "import numpy, PIL" 2>/dev/null || baseline="--no-baseline"
scenarios=""
[ $# -gt 0 ] && scenarios="--scenario $1"
# shellcheck disable=SC2086
"$BIN/weightatlas-bench" --backend both $baseline $scenarios --repeat 5 --work "$W/bench" \
    --json "$OUT/bench.json" 2>&1 | tee "$OUT/bench.txt"
