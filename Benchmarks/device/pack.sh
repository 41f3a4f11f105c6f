#!/bin/sh
# Packs what a GPU run needs into .device/weightatlas-device.tar.xz (the device machine has
# no Swift and no Debian libraries of ours): weightatlas, weightatlas-bench and
# weightatlas-hdf5 built with the Swift runtime linked in, stripped; the shared libraries
# they load except glibc's own (the OpenCL ICD loader among them); the fixtures the parity
# check renders. Then, on the device, Benchmarks/device/run.sh. See Benchmarks/README.md.
#   Benchmarks/device/pack.sh      (from anywhere; ~2 minutes on 2 cores)
set -eu
cd "$(dirname "$0")/../.."
STAGE=.device/stage
swift build -c release --static-swift-stdlib --scratch-path .build-static
rm -rf .device
mkdir -p "$STAGE/bin" "$STAGE/lib" "$STAGE/fixtures"
for b in weightatlas weightatlas-bench weightatlas-hdf5; do
    strip -o "$STAGE/bin/$b" ".build-static/release/$b"
done
# Every library the binaries load, glibc's (libc, libm, libpthread, libdl, librt, the
# loader) excepted: the device's own glibc must be at least ours (`ldd --version` there).
for b in weightatlas weightatlas-bench weightatlas-hdf5; do ldd ".build-static/release/$b"; done \
    | awk '/=> \// {print $3}' | sort -u \
    | grep -vE '/(libc|libm|libpthread|libdl|librt|libresolv)\.so|/ld-linux' \
    | while read -r lib; do cp -L "$lib" "$STAGE/lib/"; done
cp Tests/Fixtures/golden/*.safetensors Tests/Fixtures/gguf/*.gguf Tests/Fixtures/onnx/*.onnx \
   Samples/*.safetensors Samples/*.npy "$STAGE/fixtures/"
ldd --version | head -n 1 > "$STAGE/built-with-glibc.txt"
git rev-parse HEAD > "$STAGE/commit.txt"
# One archive; xz's 192 MiB window spans the three binaries, which share most of their bytes.
tar -C "$STAGE" -cf - . | xz -T2 --lzma2=preset=9e,dict=192MiB > .device/weightatlas-device.tar.xz
rm -rf "$STAGE"
ls -l .device/weightatlas-device.tar.xz
