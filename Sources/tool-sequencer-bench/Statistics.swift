/// Percentiles of a sample of durations.
struct Percentiles {
    let p50: Double
    let p99: Double
    let p999: Double

    /// The nearest-rank percentiles of `samples` (nanoseconds), in microseconds.
    init(_ samples: [UInt64]) {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)
            return Double(sorted[max(0, rank)]) / 1000
        }
        p50 = at(0.50)
        p99 = at(0.99)
        p999 = at(0.999)
    }
}

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
