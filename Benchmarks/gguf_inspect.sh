#!/usr/bin/env bash
# `weightatlas inspect` (full statistics, CPU backend) of a GGUF file against gguf-py
# dequantising every tensor plus numpy min/max/mean/std, in one run.
#
#   pip install gguf numpy
#   swift build -c release --product weightatlas [--scratch-path DIR]
#   Benchmarks/gguf_inspect.sh [FILE.gguf] [BIN]     (default: writes /tmp/gguf-bench.gguf)
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
python3 "$here/baseline/gguf_inspect.py" "$file" 2> /dev/null
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    swift = b - a; py = c - b
    printf "weightatlas inspect: %.2f s\ngguf-py + numpy:     %.2f s\nratio:               %.1fx\n", swift, py, py / swift }'
