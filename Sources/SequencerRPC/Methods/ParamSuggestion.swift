/// The known name a misspelt param most likely meant, for "did you mean …?".
enum ParamSuggestion {
    /// The name among `known` that `name` is close to, if one is: first one equal to it
    /// ignoring case, `_` and `-` (`call_ids` → `callIds`), else the nearest one within an
    /// edit distance of 2 (the first of the nearest, in `known`'s order).
    ///
    /// - Complexity: O(`known.count` × `name.count` × the longest known name); a name over
    ///   64 characters is compared only by the first rule.
    static func closest(to name: String, among known: [String]) -> String? {
        let folded = fold(name)
        if let same = known.first(where: { fold($0) == folded }) { return same }
        let characters = Array(name)
        guard characters.count <= 64 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(characters, Array(candidate), limit: 2)
            if distance <= 2, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// `name` lowercased, without `_` and `-`.
    private static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// The Levenshtein distance between `a` and `b`, or `limit + 1` when it is over `limit`.
    private static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return min(previous[b.count], limit + 1)
    }
}
