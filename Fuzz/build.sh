#!/bin/sh
# Builds the libFuzzer targets in Fuzz/*/main.swift outside SwiftPM (which cannot pass
# -sanitize=fuzzer to one executable only): the WeightAtlas library once, as a static
# library with coverage and AddressSanitizer, then one executable per target.
#   Fuzz/build.sh [OUT]   (default .build/fuzz); needs the plugin's EmbeddedKernels.swift,
#   so it runs `swift build` into the same scratch folder first.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-.build/fuzz}
SCRATCH=${SCRATCH:-.build}
mkdir -p "$OUT"
swift build --scratch-path "$SCRATCH" --target WeightAtlas >/dev/null
# Keras files are read by the HDF5 reader process (HDF5.Sandbox), found beside the
# executable: an ordinary build of it (not ASan's, whose shadow memory its own address-space
# limit forbids) goes beside the fuzz targets.
swift build --scratch-path "$SCRATCH" --product weightatlas-hdf5 >/dev/null
cp "$(swift build --scratch-path "$SCRATCH" --show-bin-path)/weightatlas-hdf5" "$OUT/weightatlas-hdf5"
KERNELS=$(find "$SCRATCH/plugins/outputs" -name EmbeddedKernels.swift | head -n 1)
HDF5=$(pkg-config --cflags-only-I hdf5 | sed 's/-I//')
PNG=$(pkg-config --cflags-only-I libpng | sed 's/-I//')
# SwiftPM writes PNGBridge's module map itself (a C target with include/); so do we.
mkdir -p "$OUT/PNGBridge"
printf 'module PNGBridge {\n    header "%s"\n    export *\n}\n' "$PWD/Sources/PNGBridge/include/png_bridge.h" \
    > "$OUT/PNGBridge/module.modulemap"
MODULES="-I Sources/COpenCL -I Sources/CPNG -I Sources/CISAL -I Sources/CHDF5 -I $OUT/PNGBridge
         -Xcc -I$HDF5 -Xcc -I$PNG"
LIBS="-L$(pkg-config --variable=libdir hdf5) -lhdf5_serial -lpng16 -lz -lisal -lOpenCL"
SAN="-sanitize=fuzzer,address"
# The release flags of Package.swift (-O, safety checks kept, AVX2 on x86-64): the fuzzed
# code is the shipped code.
RELEASE="-O"
[ "$(uname -m)" = x86_64 ] && [ "${WEIGHTATLAS_PORTABLE:-}" != 1 ] && RELEASE="-O -target-cpu haswell"
if [ ! -f "$OUT/libWeightAtlas.a" ] || [ -n "$(find Sources/WeightAtlas -newer "$OUT/libWeightAtlas.a" -name '*.swift' | head -n 1)" ]; then
    clang -c -O1 -g -fsanitize=address -I Sources/PNGBridge/include -I"$PNG" Sources/PNGBridge/png_bridge.c -o "$OUT/png_bridge.o"
    # shellcheck disable=SC2046,SC2086
    swiftc -emit-library -static -emit-module -module-name WeightAtlas -parse-as-library -swift-version 6 \
        $RELEASE -g $SAN -module-link-name WeightAtlas -emit-module-path "$OUT/WeightAtlas.swiftmodule" \
        $MODULES -o "$OUT/libWeightAtlas.a" $(find Sources/WeightAtlas -name '*.swift') "$KERNELS"
fi
for main in Fuzz/*/main.swift; do
    name=$(basename "$(dirname "$main")")
    # shellcheck disable=SC2086
    swiftc $SAN -g -O -parse-as-library -swift-version 6 $MODULES -I "$OUT" -L "$OUT" -lWeightAtlas \
        Fuzz/FuzzInput.swift "$main" "$OUT/png_bridge.o" $LIBS -o "$OUT/fuzz-$name"
done
