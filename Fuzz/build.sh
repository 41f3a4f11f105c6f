#!/bin/sh
# Builds the libFuzzer targets in Fuzz/*/main.swift outside SwiftPM (which cannot pass
# -sanitize=fuzzer to one executable only): the modules the readers are made of
# (WeightAtlasTensor, then WeightAtlasFormats) once, as static libraries with coverage and
# AddressSanitizer, then one executable per target.
#   Fuzz/build.sh [OUT]   (default .build/fuzz)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-.build/fuzz}
SCRATCH=${SCRATCH:-.build}
mkdir -p "$OUT"
# Keras files are read by the HDF5 reader process (HDF5.Sandbox), found beside the
# executable: an ordinary build of it (not ASan's, whose shadow memory its own address-space
# limit forbids) goes beside the fuzz targets.
swift build --scratch-path "$SCRATCH" --product weightatlas-hdf5 >/dev/null
cp "$(swift build --scratch-path "$SCRATCH" --show-bin-path)/weightatlas-hdf5" "$OUT/weightatlas-hdf5"
MODULES="-I Sources/CZlib -I $OUT"
LIBS="-lz"
SAN="-sanitize=fuzzer,address"
# The release flags of Package.swift (-O, safety checks kept, AVX2 on x86-64): the fuzzed
# code is the shipped code.
RELEASE="-O -cross-module-optimization"
[ "$(uname -m)" = x86_64 ] && [ "${WEIGHTATLAS_PORTABLE:-}" != 1 ] && RELEASE="-O -cross-module-optimization -target-cpu haswell"
# One static library and module per layer, in dependency order; rebuilt when its sources
# change or a layer below it was rebuilt.
stale=
for module in WeightAtlasTensor WeightAtlasFormats; do
    if [ -n "$stale" ] || [ ! -f "$OUT/lib$module.a" ] || [ -n "$(find "Sources/$module" -newer "$OUT/lib$module.a" -name '*.swift' | head -n 1)" ]; then
        stale=1
        # shellcheck disable=SC2046,SC2086
        swiftc -emit-library -static -emit-module -module-name "$module" -package-name WeightAtlas \
            -parse-as-library -swift-version 6 $RELEASE -g $SAN -module-link-name "$module" \
            -emit-module-path "$OUT/$module.swiftmodule" $MODULES -o "$OUT/lib$module.a" \
            $(find "Sources/$module" -name '*.swift')
    fi
done
for main in Fuzz/*/main.swift; do
    name=$(basename "$(dirname "$main")")
    # shellcheck disable=SC2086
    swiftc $SAN -g -O -parse-as-library -swift-version 6 -package-name WeightAtlas $MODULES -L "$OUT" \
        -lWeightAtlasFormats -lWeightAtlasTensor Fuzz/FuzzInput.swift "$main" $LIBS -o "$OUT/fuzz-$name"
done
