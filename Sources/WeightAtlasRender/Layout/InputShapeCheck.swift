import WeightAtlasTensor

/// An `--input-shape` rule that does not fit the tensors it is for: a usage error, because a
/// shape that silently falls back to a heatmap is a wrong answer that looks like a right one.
public struct InputShapeMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule.
    public var rule: InputShapeRule
    /// The dense tensor whose rows it does not fit; nil when it covers or fits no dense tensor.
    public var tensorName: String?
    /// That tensor's row length.
    public var rowLength = 0
    /// Dense tensors the rule could have meant, as `name (rows of N)`, for the message.
    public var candidates: [String] = []

    /// What is wrong, naming the tensor and both sizes.
    public var description: String {
        let shape = rule.shape
        let option = "--input-shape " + (rule.pattern.map { "\($0)=" } ?? "") + shape.description
        if let tensorName {
            return "\(option): tensor \(tensorName) has rows of \(rowLength) values, "
                + "but \(shape.description) is \(shape.count)"
        }
        let listed = candidates.prefix(4)
        let what = rule.pattern == nil ? "fits no selected dense tensor" : "matches no selected dense tensor"
        return "\(option) (\(shape.count) values) \(what)"
            + (listed.isEmpty ? " (the selection has no 2-D tensor)" : ": " + listed.joined(separator: ", ")
               + (candidates.count > 4 ? ", …" : ""))
    }
}

extension LayoutPlanner {
    /// Checks every `--input-shape` rule against the selected `tensors`: a rule with a glob must
    /// fit every dense tensor it covers and cover one; a rule for all tensors must fit one.
    /// - Throws: `InputShapeMismatch` for the first rule that does not.
    public func checkInputShapes(_ tensors: [TensorInfo]) throws(InputShapeMismatch) {
        let dense = tensors.compactMap { tensor -> (name: String, rowLength: Int)? in
            let shape = Self.canonical(tensor.storedView, role: tensor.role).shape
            return shape.count == 2 && tensor.count > 0 ? (tensor.name, shape[1]) : nil
        }
        for rule in options.inputShapes {
            let covered = dense.filter { rule.covers($0.name) }
            var failure = InputShapeMismatch(rule: rule)
            if rule.pattern != nil, let misfit = covered.first(where: { $0.rowLength != rule.shape.count }) {
                (failure.tensorName, failure.rowLength) = (misfit.name, misfit.rowLength)
                throw failure
            }
            guard !covered.contains(where: { $0.rowLength == rule.shape.count }) else { continue }
            failure.candidates = dense.map { "\($0.name) (rows of \($0.rowLength))" }
            throw failure
        }
    }
}
