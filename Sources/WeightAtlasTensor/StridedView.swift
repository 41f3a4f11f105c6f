/// A view of a tensor's stored elements in another order: element `i` of the view (counted
/// row-major over `shape`) is the stored element at `sum(index[d] * strides[d])`.
///
/// Layouts use it to present any stored order (row-major, Fortran, HWC, BGR) as the
/// canonical tile-major, channel-planar order the backends consume.
public struct StridedView: Sendable, Equatable {
    /// Shape of the view, outermost first.
    public var shape: [Int]
    /// Stride of each view dimension, in stored elements (may be negative).
    public var strides: [Int]
    /// Stored element index of view element 0.
    public var origin: Int

    /// A view with explicit shape, strides and origin.
    public init(shape: [Int], strides: [Int], origin: Int = 0) {
        precondition(shape.count == strides.count)
        self.shape = shape
        self.strides = strides
        self.origin = origin
    }

    /// The stored tensor as it lies: row-major, or column-major for Fortran order.
    public init(storedShape shape: [Int], order: ElementOrder) {
        var strides = [Int](repeating: 1, count: shape.count)
        switch order {
        case .rowMajor:
            for d in shape.indices.dropLast().reversed() { strides[d] = strides[d + 1] * shape[d + 1] }
        case .columnMajor:
            for d in shape.indices.dropFirst() { strides[d] = strides[d - 1] * shape[d - 1] }
        }
        self.init(shape: shape, strides: strides)
    }

    /// Number of elements in the view.
    public var count: Int { shape.reduce(1, *) }

    /// True when view order is stored order (each view element follows the previous).
    public var isContiguous: Bool {
        var expected = 1
        for d in shape.indices.reversed() where shape[d] != 1 {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }

    /// The same elements seen with `newShape` (a reshape of a row-major contiguous view).
    public func reshaped(_ newShape: [Int]) -> StridedView {
        precondition(isContiguous && newShape.reduce(1, *) == count)
        var view = StridedView(storedShape: newShape, order: .rowMajor)
        view.origin = origin
        return view
    }

    /// The view with its dimensions reordered: dimension `d` of the result is `axes[d]` of this.
    public func permuted(_ axes: [Int]) -> StridedView {
        StridedView(shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, origin: origin)
    }

    /// The view with dimension `axis` read back to front (BGR from RGB).
    public func reversed(axis: Int) -> StridedView {
        var view = self
        view.origin += (shape[axis] - 1) * strides[axis]
        view.strides[axis] = -strides[axis]
        return view
    }

    /// Converts view elements `range` from `bytes` (stored as `conversion` says) into `destination`.
    public func read(_ range: Range<Int>, from bytes: UnsafeRawPointer, conversion: ElementConversion,
                     into destination: UnsafeMutablePointer<Float>) {
        if isContiguous {
            conversion.convert(bytes, element: origin + range.lowerBound, count: range.count, into: destination)
            return
        }
        // Walk the innermost dimension as runs; an odometer carries the outer indices.
        let inner = shape.count - 1
        let innerLength = shape[inner], innerStride = strides[inner]
        var index = [Int](repeating: 0, count: shape.count)
        var rest = range.lowerBound
        for d in shape.indices.reversed() { index[d] = rest % shape[d]; rest /= shape[d] }
        var written = 0
        while written < range.count {
            var element = origin
            for d in shape.indices { element += index[d] * strides[d] }
            let run = min(innerLength - index[inner], range.count - written)
            conversion.convert(bytes, element: element, stride: innerStride, count: run, into: destination + written)
            written += run
            index[inner] += run
            var d = inner
            while d > 0 && index[d] == shape[d] { index[d] = 0; d -= 1; index[d] += 1 }
        }
    }
}
