#!/usr/bin/env bash
# `weightatlas inspect` (full statistics, CPU backend) of a GGUF file against gguf-py
# dequantising every tensor plus numpy min/max/mean/std, in one run.
#
#   pip install gguf numpy
#   swift build -c release --product weightatlas [--scratch-path DIR]
#   Benchmarks/gguf_inspect.sh [FILE.gguf] [BIN]     (default: writes /tmp/gguf-bench.gguf)
#
# OPENCL=1 also times `inspect --backend opencl` (dequantisation in Kernels/dequant.cl, then
# the reduce kernel). Measured on 2 shared cores (load ~3), PoCL 'pthread' device, the
# 263 MB file, 40 tensors of 8 M values: cpu 0.13–0.21 s, opencl 1.8–3.0 s (≈0.2 s of it
# kernel builds and context; the rest mostly the dequant kernels, ~240 M values/s on PoCL,
# then reduce and transfers). A real GPU is the target of that path; PoCL only proves it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=${1:-/tmp/gguf-bench.gguf}
bin=${2:-$(swift build -c release --show-bin-path)/weightatlas}
[ -f "$file" ] || python3 "$here/baseline/make_gguf_bench.py" "$file"
echo "file: $file ($(du -h "$file" | cut -f1)); load: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
cat "$file" > /dev/null   # warm the page cache for both
t0=$(date +%s.%N)
"$bin" inspect "$file" --backend cpu --quiet > /dev/null
t1=$(date +%s.%N)
if [ "${OPENCL:-0}" = 1 ]; then
    o0=$(date +%s.%N)
    "$bin" inspect "$file" --backend opencl --quiet > /dev/null
    o1=$(date +%s.%N)
    awk -v a="$o0" -v b="$o1" 'BEGIN { printf "weightatlas inspect --backend opencl: %.2f s\n", b - a }'
fi
p0=$(date +%s.%N)
python3 "$here/baseline/gguf_inspect.py" "$file" 2> /dev/null
p1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$p0" -v d="$p1" 'BEGIN {
    swift = b - a; py = d - c
    printf "weightatlas inspect: %.2f s\ngguf-py + numpy:     %.2f s\nratio:               %.1fx\n", swift, py, py / swift }'
