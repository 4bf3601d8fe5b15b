/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fully deterministic generator.
///
/// The property tests, the kill/restart test, the journal tests and the benchmark draw every
/// random choice from it, never from `SystemRandomNumberGenerator` nor from the standard
/// library's `random(in:using:)` algorithms (which may change between toolchains), so a seed
/// names one stream forever and a failure is reproduced from its seed.
package struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator whose whole output is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, every one equally likely.
    ///
    /// Lemire's multiply-high with rejection ("Fast random integer generation in an interval",
    /// 2019): the high word of `next() * bound`, drawing again in the rare case (probability
    /// below `bound / 2^64`) where the low word falls in the short, biased stretch. Without the
    /// rejection (as the copies this replaces did) or with `next() % bound` (as the benchmark's
    /// did), some numbers are slightly likelier than others.
    /// - Precondition: `bound > 0`.
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(\(bound))")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A number in `range`.
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// `true` with probability `percent` / 100.
    package mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array.
    package mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// A Fisher–Yates shuffle.
    package mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, below(index + 1))
        }
    }

    /// Each element kept with probability `percent` / 100, in order.
    package mutating func subset<T>(_ elements: [T], percent: Int = 50) -> [T] {
        elements.filter { _ in chance(percent) }
    }
}
