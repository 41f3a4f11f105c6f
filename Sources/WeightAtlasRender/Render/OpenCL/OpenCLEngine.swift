import COpenCL
import WeightAtlasTensor

/// The OpenCL state of one backend: context, in-order profiling queue, the built kernels
/// (reduce, rescale, tile, histogram, the low-rank product and one dequantiser per block-quantised type) and device buffers
/// reused across calls. Not thread-safe by itself: it is
/// unchecked-Sendable only so that it can live in `OpenCLBackend`'s `Mutex`, which
/// serialises every use.
final class OpenCLEngine: @unchecked Sendable {
    let device: OpenCL.Device
    let context: OpenCL.Context
    let queue: OpenCL.CommandQueue
    let reduceKernel: OpenCL.Kernel
    /// `reduce_each`: a work-item per segment, for segments short enough on a CPU device.
    let reduceEachKernel: OpenCL.Kernel
    let rescaleKernel: OpenCL.Kernel
    /// `rescale_runs`: a work-item per run of values, where `perRun` says so.
    let rescaleRunsKernel: OpenCL.Kernel
    /// True where a work-item walking a run beats one per value or per segment (CPU devices,
    /// unless the backend was made with `.gpu` kernel shapes): `reduce_each`, `rescale_runs`.
    let perRun: Bool
    let tileKernel: OpenCL.Kernel
    /// `tile_cells`: the same pixels, a work-item per cell, for mosaics of many tile columns.
    let cellKernel: OpenCL.Kernel
    let lowRankKernel: OpenCL.Kernel
    let histogramKernel: OpenCL.Kernel
    /// The kernels of Kernels/dequant.cl, by type.
    let dequantKernels: [DType: OpenCL.Kernel]
    /// Largest power-of-two work-group the reduce kernel runs with (at most 256).
    let reduceGroupLimit: Int
    /// Work-group size of the rescale kernel (a power of two, at most 256).
    let rescaleGroup: Int
    /// Work-group width of the tile kernel (a power of two, at most 64; height 1).
    let tileGroup: Int, cellGroup: Int, reduceEachGroup: Int
    /// Work-group width of the low-rank product kernel (a power of two, at most 64; height 1).
    let lowRankGroup: Int
    /// Work-group size of the histogram kernel (a power of two, at most 256).
    let histogramGroup: Int
    /// Work-group size of the dequantisation kernels (a power of two, at most 256).
    let dequantGroup: Int
    /// True when the device keeps subnormal floats (CL_FP_DENORM in CL_DEVICE_SINGLE_FP_CONFIG).
    let keepsSubnormals: Bool
    /// True when the device divides correctly rounded (CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT):
    /// rescale.cl is then built with -cl-fp32-correctly-rounded-divide-sqrt, which the
    /// torchvision rule's division needs to match the CPU.
    let dividesExactly: Bool

    let values: OpenCL.ReusableBuffer
    let stats: OpenCL.ReusableBuffer
    let params: OpenCL.ReusableBuffer
    let codes: OpenCL.ReusableBuffer
    let pixels: OpenCL.ReusableBuffer
    /// Raw ggml blocks uploaded for dequantisation.
    let quantized: OpenCL.ReusableBuffer
    /// Floats the dequantisation and low-rank kernels write.
    let dequantized: OpenCL.ReusableBuffer
    /// The A factor of a low-rank product (B goes in `values`).
    let lowRankA: OpenCL.ReusableBuffer
    let table: OpenCL.Buffer
    /// The palette table last uploaded into `table` (uploaded again only when it changes).
    var uploadedTable: [UInt8]?
    /// The tensor kept in device memory (`place(_:origin:_:)`), if any.
    var resident: ResidentTensor?

    /// Creates a context and queue on `device` and builds one program per kernel file.
    /// - Throws: `BackendError` naming the failing call; a failed build carries the build log.
    init(device: OpenCL.Device, sources: KernelSources, shapes: OpenCLBackend.KernelShapes = .forDevice) throws(BackendError) {
        self.device = device
        perRun = shapes == .forDevice && device.kind == .cpu
        let context = try OpenCL.Context(device: device)
        self.context = context
        queue = try OpenCL.CommandQueue(context: context)
        let fpConfig = try OpenCL.Device.value(device.raw, CL_DEVICE_SINGLE_FP_CONFIG, as: cl_device_fp_config.self)
        keepsSubnormals = fpConfig & cl_device_fp_config(CL_FP_DENORM) != 0
        dividesExactly = fpConfig & cl_device_fp_config(CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0
        func program(_ file: String, exactDivision: Bool = false) throws(BackendError) -> OpenCL.Program {
            let options = "-cl-std=CL1.2" + (exactDivision ? " -cl-fp32-correctly-rounded-divide-sqrt" : "")
            return try OpenCL.Program.build(context: context, source: sources[file], name: file, options: options)
        }
        func kernel(_ file: String, _ name: String) throws(BackendError) -> OpenCL.Kernel {
            try OpenCL.Kernel(program: try program(file), name: name)
        }
        let reduce = try program("reduce.cl")
        reduceKernel = try OpenCL.Kernel(program: reduce, name: "reduce_segments")
        reduceEachKernel = try OpenCL.Kernel(program: reduce, name: "reduce_each")
        let rescale = try program("rescale.cl", exactDivision: dividesExactly)
        rescaleKernel = try OpenCL.Kernel(program: rescale, name: "rescale_values")
        rescaleRunsKernel = try OpenCL.Kernel(program: rescale, name: "rescale_runs")
        let tiles = try program("tile.cl")
        tileKernel = try OpenCL.Kernel(program: tiles, name: "tile_pixels")
        cellKernel = try OpenCL.Kernel(program: tiles, name: "tile_cells")
        lowRankKernel = try kernel("lowrank.cl", "lowrank_product")
        histogramKernel = try kernel("histogram.cl", "histogram_bins")
        let dequant = try program("dequant.cl")
        var dequantKernels: [DType: OpenCL.Kernel] = [:]
        var dequantLimit = min(256, device.maxWorkGroupSize)
        for (dtype, name) in Self.dequantKernelNames {
            let kernel = try OpenCL.Kernel(program: dequant, name: name)
            dequantLimit = min(dequantLimit, try kernel.maxWorkGroupSize(on: device))
            dequantKernels[dtype] = kernel
        }
        self.dequantKernels = dequantKernels
        dequantGroup = Self.powerOfTwo(atMost: dequantLimit)
        reduceGroupLimit = Self.powerOfTwo(atMost: min(256, try reduceKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        rescaleGroup = Self.powerOfTwo(atMost: min(256, try rescaleKernel.maxWorkGroupSize(on: device),
                                                   try rescaleRunsKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        tileGroup = Self.powerOfTwo(atMost: min(64, try tileKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        cellGroup = Self.powerOfTwo(atMost: min(64, try cellKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        reduceEachGroup = Self.powerOfTwo(atMost: min(64, try reduceEachKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        lowRankGroup = Self.powerOfTwo(atMost: min(64, try lowRankKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))
        histogramGroup = Self.powerOfTwo(atMost: min(256, try histogramKernel.maxWorkGroupSize(on: device), device.maxWorkGroupSize))

        values = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_READ_ONLY)
        stats = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_WRITE_ONLY)
        params = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_READ_ONLY)
        codes = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_READ_WRITE)
        pixels = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_WRITE_ONLY)
        quantized = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_READ_ONLY)
        dequantized = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_WRITE_ONLY)
        lowRankA = OpenCL.ReusableBuffer(context: context, flags: CL_MEM_READ_ONLY)
        table = try OpenCL.Buffer(context: context, size: 768, flags: CL_MEM_READ_ONLY)
    }

    /// The largest power of two not above `n` (1 when n < 2).
    static func powerOfTwo(atMost n: Int) -> Int {
        var power = 1
        while power * 2 <= n { power *= 2 }
        return power
    }

    /// Runs `body`, which enqueues commands and records their events by stage; on success
    /// the events' profiled device times and the bytes copied are returned, on failure the queue is drained
    /// first (so no command still reads host memory the caller is about to free).
    func session(_ body: (inout [(Stage, OpenCL.Event)]) throws(BackendError) -> Void) throws(BackendError) -> StageTimings {
        var events: [(Stage, OpenCL.Event)] = []
        let transferredBefore = queue.transferredBytes
        do {
            try body(&events)
            try queue.finish()
        } catch {
            try? queue.finish()
            resident = nil  // an upload into it may not have happened
            throw error
        }
        var timings = StageTimings()
        for (stage, event) in events { timings.add(stage, try event.seconds()) }
        timings.transferredBytes = queue.transferredBytes - transferredBefore
        return timings
    }

    /// Enqueues a non-blocking upload of `bytes` into `buffer`, recorded as "upload".
    func upload(_ bytes: UnsafeRawBufferPointer, to buffer: OpenCL.Buffer,
                _ events: inout [(Stage, OpenCL.Event)]) throws(BackendError) {
        guard bytes.count > 0 else { return }
        events.append((.upload, try queue.write(bytes, to: buffer)))
    }
}
