// swift-tools-version: 6.0
import PackageDescription

// Release builds of the library are -O with every safety check kept (bounds, overflow,
// preconditions: the readers parse hostile files) and, on x86-64, use AVX2 (Haswell, 2013,
// and every x86-64 server since): the reduce and rescale loops run about twice as fast.
// WEIGHTATLAS_PORTABLE=1 builds for baseline x86-64 instead. Fuzz/build.sh builds the fuzz
// targets with these same flags.
#if arch(x86_64)
let optimisation = Context.environment["WEIGHTATLAS_PORTABLE"] == "1" ? [] : ["-target-cpu", "haswell"]
#else
let optimisation: [String] = []
#endif
let release: [SwiftSetting] = [.unsafeFlags(optimisation + ["-cross-module-optimization"], .when(configuration: .release))]

// Linux only (Glibc, /proc, pkg-config'd Debian libraries): no Apple platform is declared.
let package = Package(
    name: "WeightAtlas",
    products: [
        .library(name: "WeightAtlas", targets: ["WeightAtlas"]),
        .executable(name: "weightatlas", targets: ["weightatlas"]),
        .executable(name: "weightatlas-hdf5", targets: ["weightatlas-hdf5"]),
        .executable(name: "weightatlas-bench", targets: ["WeightAtlasBench"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenCL",
            pkgConfig: "OpenCL",
            providers: [.apt(["ocl-icd-opencl-dev", "opencl-headers"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev", "zlib1g-dev"])]
        ),
        // Intel ISA-L: igzip deflate (several times zlib's speed at the same size), Adler-32, CRC-32.
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        // libhdf5 for Keras weights (.h5, and model.weights.h5 inside .keras); Debian's serial
        // flavour, whose headers lie in /usr/include/hdf5/serial (pkg-config `hdf5`).
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        // libpng reports errors by longjmp, which must never cross Swift frames:
        // this tiny C target keeps setjmp/longjmp on the C side and returns codes.
        .target(name: "PNGBridge", dependencies: ["CPNG"]),
        .executableTarget(name: "kernel-embedder", path: "Sources/kernel-embedder"),
        .plugin(
            name: "EmbedKernels",
            capability: .buildTool(),
            dependencies: ["kernel-embedder"]
        ),
        // The library's layers, one module each; dependencies only point down (docs/ARCHITECTURE.md).
        // Tensor: dtypes, tensor bytes and views, dequantisation, the low-rank product.
        .target(name: "WeightAtlasTensor", exclude: ["README.md"], swiftSettings: release),
        // Formats: the weight-file readers (mapped files, zip, pickle, protobuf, JSON, ...).
        .target(
            name: "WeightAtlasFormats",
            dependencies: ["WeightAtlasTensor", "CZlib"],
            exclude: ["README.md"],
            swiftSettings: release
        ),
        // Render: layout (shape -> grid) and the backends (CPU, OpenCL + Kernels/) turning values into pixels.
        .target(
            name: "WeightAtlasRender",
            dependencies: ["WeightAtlasTensor", "COpenCL"],
            exclude: ["Layout/README.md", "Render/README.md"],
            swiftSettings: release,
            plugins: ["EmbedKernels"]
        ),
        // Encode: PNG (libpng, ISA-L), Deep Zoom, JSON writing, the viewer page, atomic outputs.
        .target(
            name: "WeightAtlasEncode",
            dependencies: ["CPNG", "CISAL", "PNGBridge"],
            exclude: ["README.md"],
            swiftSettings: release,
            plugins: ["EmbedKernels"]
        ),
        // The pipeline (Atlas/) and zoos (Zoo/), re-exporting the layers below.
        .target(
            name: "WeightAtlas",
            dependencies: ["WeightAtlasTensor", "WeightAtlasFormats", "WeightAtlasRender", "WeightAtlasEncode"],
            exclude: ["Atlas/README.md", "Zoo/README.md"],
            swiftSettings: release
        ),
        .executableTarget(name: "weightatlas", dependencies: ["WeightAtlas"]),
        // libhdf5, linked into this module only: the reader process's side of HDF5.Sandbox.
        .target(name: "HDF5Reader", dependencies: ["WeightAtlasFormats", "WeightAtlasTensor", "CHDF5"]),
        // The HDF5 reader process: libhdf5 runs only there, under its own limits (HDF5.Sandbox).
        .executableTarget(name: "weightatlas-hdf5", dependencies: ["HDF5Reader"]),
        .executableTarget(
            name: "WeightAtlasBench",
            dependencies: ["WeightAtlas"],
            path: "Benchmarks/WeightAtlasBench"
        ),
        // Unit tests of one layer, on that module alone.
        .testTarget(name: "WeightAtlasTensorTests", dependencies: ["WeightAtlasTensor"]),
        .testTarget(name: "WeightAtlasRenderTests", dependencies: ["WeightAtlasRender", "WeightAtlasTensor"]),
        .testTarget(name: "WeightAtlasEncodeTests", dependencies: ["WeightAtlasEncode", "CPNG"]),
        // Everything else: the other layers, the pipeline, zoos, the CLI end to end, parity.
        .testTarget(
            name: "WeightAtlasTests",
            dependencies: ["WeightAtlas", "WeightAtlasTensor", "WeightAtlasFormats", "WeightAtlasRender", "WeightAtlasEncode",
                           "HDF5Reader", "PNGBridge", "weightatlas", "weightatlas-hdf5"],
            exclude: []
        ),
    ]
)
