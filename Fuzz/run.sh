#!/bin/sh
# Runs every fuzz target built by Fuzz/build.sh for SECONDS each, one after the other, at
# the lowest priority, one process each (-workers=1 -jobs=1). Each target's corpus starts
# from the valid fixtures of its format; crashers land in OUT/findings/<target>/.
#   Fuzz/run.sh [SECONDS] [OUT] [TARGET...]   (default 60 s, .build/fuzz, all targets)
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
OUT=${2:-.build/fuzz}
shift 2 2>/dev/null || shift $#
TARGETS=${*:-"Safetensors NPY NPZ GGUF ONNX PyTorchZip PyTorchLegacy Keras TFLite Sharded"}
F=Tests/Fixtures
seeds() {
    case $1 in
        Safetensors) ls $F/valid/*.safetensors $F/golden/*.safetensors ;;
        NPY) ls $F/valid/*.npy ;;
        NPZ) ls $F/valid/*.npz ;;
        GGUF) ls $F/gguf/*.gguf ;;
        ONNX) ls $F/onnx/*.onnx ;;
        PyTorchZip) ls $F/pytorch/state_dict.pt $F/pytorch/big-endian.pt $F/pytorch/lightning.ckpt $F/pytorch/torchscript.pt ;;
        PyTorchLegacy) ls $F/pytorch/legacy.pt ;;
        Keras) ls $F/keras/*.keras $F/keras/*.h5 ;;
        TFLite) ls $F/tflite/*.tflite ;;
        Sharded) ls $F/pytorch/sharded-*/*.index.json ;;
    esac
}
for name in $TARGETS; do
    corpus=$OUT/corpus/$name findings=$OUT/findings/$name/
    mkdir -p "$corpus" "$findings"
    for seed in $(seeds "$name"); do cp "$seed" "$corpus/seed-$(basename "$seed")"; done
    echo "== $name: $SECONDS_EACH s"
    # -jobs=1 runs the fuzzer in one child whose output goes to fuzz-0.log in the working
    # directory: run it from a folder of its own.
    logs=$(cd "$OUT" && pwd)/logs/$name
    mkdir -p "$logs"
    bin=$(cd "$OUT" && pwd)/fuzz-$name
    corpus=$(cd "$corpus" && pwd) findings=$(cd "$findings" && pwd)/
    # The Swift runtime's backtracer, under ASan, turns a Swift trap into a second, false
    # "unknown-crash" report: keep the trap's own message only.
    # The Keras target starts the HDF5 reader per input (libhdf5 runs only there); the reader
    # allows itself 10 s of CPU time before its limit ends it, so that target waits longer
    # before calling a hang.
    timeout=10
    [ "$name" = Keras ] && timeout=30
    # Readers allocate sizes read from the file after checking them; should one not, ASan
    # must return NULL as production malloc would rather than abort.
    (cd "$logs" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=allocator_may_return_null=1 nice -n 19 "$bin" -max_total_time="$SECONDS_EACH" -workers=1 -jobs=1 -timeout=$timeout \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings" "$corpus" >/dev/null 2>&1) || true
    grep -E "^(stat::|==[0-9]+==ERROR|SUMMARY|Done|INFO: Seed)" "$logs/fuzz-0.log" || true
done
