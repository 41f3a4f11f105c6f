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
        .target(
            name: "WeightAtlas",
            dependencies: ["COpenCL", "CPNG", "CISAL", "PNGBridge"],
            exclude: ["Formats/README.md", "Tensor/README.md", "Layout/README.md", "Render/README.md",
                      "Encode/README.md", "Atlas/README.md", "Zoo/README.md"],
            swiftSettings: [.unsafeFlags(optimisation, .when(configuration: .release))],
            plugins: ["EmbedKernels"]
        ),
        .executableTarget(name: "weightatlas", dependencies: ["WeightAtlas"]),
        // libhdf5, linked into this module only: the reader process's side of HDF5.Sandbox.
        .target(name: "HDF5Reader", dependencies: ["WeightAtlas", "CHDF5"]),
        // The HDF5 reader process: libhdf5 runs only there, under its own limits (HDF5.Sandbox).
        .executableTarget(name: "weightatlas-hdf5", dependencies: ["HDF5Reader"]),
        .executableTarget(
            name: "WeightAtlasBench",
            dependencies: ["WeightAtlas"],
            path: "Benchmarks/WeightAtlasBench"
        ),
        .testTarget(
            name: "WeightAtlasTests",
            dependencies: ["WeightAtlas", "HDF5Reader", "PNGBridge", "weightatlas", "weightatlas-hdf5"],
            exclude: []
        ),
    ]
)
