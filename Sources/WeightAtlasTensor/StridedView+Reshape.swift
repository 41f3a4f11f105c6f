extension StridedView {
    /// Splits dimension `axis` into `parts` (their product must equal its size).
    public func splitting(axis: Int, into parts: [Int]) -> StridedView {
        precondition(parts.reduce(1, *) == shape[axis])
        var partStrides = [Int](repeating: strides[axis], count: parts.count)
        for p in parts.indices.dropLast().reversed() { partStrides[p] = partStrides[p + 1] * parts[p + 1] }
        var view = self
        view.shape.replaceSubrange(axis...axis, with: parts)
        view.strides.replaceSubrange(axis...axis, with: partStrides)
        return view
    }

    /// Merges the adjacent dimensions `axes` into one; nil when they are not nested
    /// (stride = next stride × next size), as in a Fortran-ordered array.
    public func merging(axes: ClosedRange<Int>) -> StridedView? {
        for d in axes.dropLast() where shape[d] != 1 && strides[d] != strides[d + 1] * shape[d + 1] { return nil }
        var view = self
        view.shape.replaceSubrange(axes, with: [axes.map { shape[$0] }.reduce(1, *)])
        view.strides.replaceSubrange(axes, with: [strides[axes.upperBound]])
        return view
    }

    /// Inserts a dimension of size 1 before `axis`.
    public func inserting(axis: Int) -> StridedView {
        var view = self
        view.shape.insert(1, at: axis)
        view.strides.insert(0, at: axis)
        return view
    }
}
