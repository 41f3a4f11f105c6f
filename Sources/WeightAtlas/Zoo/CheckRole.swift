import WeightAtlasTensor

/// What a tensor is, as far as health checks care: which checks can say something true about it.
///
/// A CI gate that fails healthy models is switched off by its users, so each check judges only
/// the tensors it fits: integers cannot be NaN and are indices, shapes or counts, not weights
/// (an ONNX INT64 constant of 9.2e18 is a sentinel, not an explosion); running statistics of
/// batch norm are not weights either (a running variance of 1e5 is data); a one-element tensor
/// has no filters to be dead.
public enum CheckRole: String, Sendable, Equatable, CaseIterable {
    /// A float (or block-quantised) weight: every check.
    case weight
    /// Batch-norm running statistics (the file says so, as ONNX BatchNormalization inputs do,
    /// or the name: `running_mean`, `running_var`, `moving_mean`, `moving_variance`): NaN and Inf only.
    case runningStatistic = "running-statistic"
    /// A tensor of at most one element: NaN and Inf only.
    case scalar
    /// Integer or boolean values (indices, shapes, paddings, step counters): no check.
    case integer

    /// The role of `info`.
    public init(_ info: TensorInfo) {
        if Self.integerTypes.contains(info.dtype) {
            self = .integer
        } else if info.role == .normalizationStatistic || Self.isRunningStatistic(info.name) {
            self = .runningStatistic
        } else if info.count <= 1 {
            self = .scalar
        } else {
            self = .weight
        }
    }

    /// The checks that fit this role.
    public var checks: Set<Check> {
        switch self {
        case .weight: Set(CheckConfig.allChecks)
        case .runningStatistic, .scalar: [.nan, .inf, .drift]
        case .integer: [.drift]
        }
    }

    static let integerTypes: Set<DType> = [.i64, .i32, .i16, .i8, .u64, .u32, .u16, .u8, .bool]

    /// Names whose last component (after `.`, `/` or `:`-less) says batch-norm statistics.
    static let runningStatisticNames = ["running_mean", "running_var", "moving_mean", "moving_variance",
                                        "num_batches_tracked"]

    static func isRunningStatistic(_ name: String) -> Bool {
        let last = name.split(whereSeparator: { $0 == "." || $0 == "/" }).last.map(String.init) ?? name
        let base = last.split(separator: ":").first.map(String.init) ?? last     // Keras: moving_variance:0
        return runningStatisticNames.contains(base)
    }
}
