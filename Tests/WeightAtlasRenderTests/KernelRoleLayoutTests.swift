import Testing
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Keras and TFLite kernels are laid out as PyTorch's O×I×k… by their role: element
/// [o, i, h, w] of the plan's view is the stored element the framework's layout puts there.
@Suite struct KernelRoleLayoutTests {
    /// Row-major offset of `index` in `shape`.
    static func offset(_ index: [Int], in shape: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// The plan's view of a `stored`-shaped tensor with `role`.
    static func view(_ stored: [Int], _ role: TensorRole) -> StridedView {
        var info = TensorInfo(name: "k", dtype: .f32, shape: stored, byteRange: 0..<(stored.reduce(1, *) * 4))
        info.role = role
        return LayoutPlanner.canonical(info.storedView, role: info.role)
    }

    /// Stored element under view element `index`.
    static func element(_ view: StridedView, _ index: [Int]) -> Int {
        view.origin + zip(index, view.strides).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test func kerasConv2DKernelIsHWIO() {
        let view = Self.view([3, 5, 4, 8], .channelsLastKernel)   // kH kW I O
        #expect(view.shape == [8, 4, 3, 5])
        for (o, i, h, w) in [(0, 0, 0, 0), (7, 3, 2, 4), (5, 1, 0, 3)] {
            #expect(Self.element(view, [o, i, h, w]) == Self.offset([h, w, i, o], in: [3, 5, 4, 8]))
        }
    }

    @Test func kerasConv1DAnd3DAndDenseKernels() {
        let conv1d = Self.view([7, 4, 8], .channelsLastKernel)    // k I O
        #expect(conv1d.shape == [8, 4, 7])
        #expect(Self.element(conv1d, [6, 2, 5]) == Self.offset([5, 2, 6], in: [7, 4, 8]))
        let conv3d = Self.view([2, 3, 3, 4, 8], .channelsLastKernel)   // kD kH kW I O
        #expect(conv3d.shape == [8, 4, 2, 3, 3])
        #expect(Self.element(conv3d, [6, 1, 1, 2, 0]) == Self.offset([1, 2, 0, 1, 6], in: [2, 3, 3, 4, 8]))
        let dense = Self.view([64, 10], .channelsLastKernel)     // in out
        #expect(dense.shape == [10, 64])
        #expect(Self.element(dense, [9, 17]) == Self.offset([17, 9], in: [64, 10]))
    }

    @Test func kerasDepthwiseKernelIsHWCM() {
        let view = Self.view([3, 3, 4, 2], .depthwiseKernel)     // kH kW C M
        #expect(view.shape == [8, 1, 3, 3])
        for (c, m, h, w) in [(0, 0, 0, 0), (3, 1, 2, 1), (2, 0, 1, 2)] {
            #expect(Self.element(view, [c * 2 + m, 0, h, w]) == Self.offset([h, w, c, m], in: [3, 3, 4, 2]))
        }
    }

    @Test func tfliteConvKernelIsOHWI() {
        let view = Self.view([8, 3, 5, 3], .outputFirstChannelsLast)   // O kH kW I
        #expect(view.shape == [8, 3, 3, 5])
        #expect(Self.element(view, [6, 2, 1, 4]) == Self.offset([6, 1, 4, 2], in: [8, 3, 5, 3]))
        let plan = LayoutPlanner(options: RenderOptions()).plan(
            TensorInfo(name: "k", dtype: .f32, shape: [8, 3, 5, 3], byteRange: 0..<(360 * 4), role: .outputFirstChannelsLast))
        #expect(plan.kind == .rgbTiles && plan.grid!.tileCount == 8)
        #expect(plan.grid!.tileHeight == 3 && plan.grid!.tileWidth == 5)
    }

    @Test func tfliteDepthwiseKernelIs1HWC() {
        let view = Self.view([1, 5, 5, 24], .depthwiseChannelsLast)
        #expect(view.shape == [24, 1, 5, 5])
        #expect(Self.element(view, [17, 0, 3, 1]) == Self.offset([0, 3, 1, 17], in: [1, 5, 5, 24]))
        let plan = LayoutPlanner(options: RenderOptions()).plan(
            TensorInfo(name: "k", dtype: .f32, shape: [1, 5, 5, 24], byteRange: 0..<(600 * 4), role: .depthwiseChannelsLast))
        #expect(plan.kind == .greyTiles && plan.grid!.tileCount == 24)
    }

    @Test func rolesNeedTheirRank() {
        #expect(Self.view([5], .channelsLastKernel).shape == [5])
        #expect(Self.view([3, 3, 4], .depthwiseKernel).shape == [3, 3, 4])
        #expect(Self.view([8, 3], .outputFirstChannelsLast).shape == [8, 3])
    }
}
