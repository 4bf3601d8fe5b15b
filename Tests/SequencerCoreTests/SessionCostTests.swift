import Testing
@testable import SequencerCore

/// The work a session does is linear in the items it is given, whatever their interleaving
/// (issue 12, item 1): counted by ``Session/operationCount`` (one per item processed by the
/// rules, on arrival or taken again from the held queue), not timed.
///
/// The adversarial stream: `[function_call aK, function_call bK, function_call_output aK]` for
/// K in `0..<n`, then `function_call_output bK` for every K. Every batch after the first has an
/// output while the one before it is still open, so each triple waits behind the one before it;
/// before the fix, every held item was processed again behind every later batch (0.97 s at
/// n = 1,000, 349 s at n = 8,000).
///
/// Each stream has `items` = 4n items (plus n host messages in the interleaved variant), and
/// every run must satisfy both bounds:
/// - `operationCount ≤ SessionCostTests.perItem × items`, with `perItem` = 3: an item is
///   processed on arrival, at most once more when the batch it waits behind is committed, and
///   a host-side item held again behind a batch with no output once more;
/// - `count(16n₀) / count(n₀) ≤ 16 × 1.1`: growth is linear, not merely under a large constant.
///
/// Debug builds check ``Session/verifyInvariants()`` (O(n)) after every submit and cancel, so
/// the one-item-per-submit variant costs O(n²) in checking alone: it runs at n = 125, 500 and
/// 2,000 (the same ×16 span) to stay fast; every other variant runs at 1,000, 4,000 and 16,000.
@Suite("Session cost: operations grow linearly with the items, for any interleaving")
struct SessionCostTests {
    /// The bound on operations per submitted item.
    static let perItem = 3
    /// The sizes of the batched variants.
    static let sizes = [1_000, 4_000, 16_000]
    /// The sizes of the one-item-per-submit variant (see the suite's comment).
    static let singleItemSizes = [125, 500, 2_000]

    /// How the stream is fed.
    enum Feed: String, CaseIterable, CustomStringConvertible {
        /// `Sequencer.sequence(values)`.
        case sequence
        /// `Session.submit(values)`, all in one call.
        case oneSubmit = "one submit"
        /// `Session.submit([value])` per item.
        case itemPerSubmit = "one item per submit"

        var description: String { rawValue }
    }

    /// Which stream.
    enum Shape: String, CaseIterable, CustomStringConvertible {
        /// The triples, then the `bK` outputs.
        case plain
        /// A user message after every triple's second call.
        case hostMessages = "host messages interleaved"
        /// A cancel of every pending call after every 64 triples.
        case cancels = "cancels between batches"

        var description: String { rawValue }
    }

    /// One step of a stream: an item or a cancel of every pending call.
    enum Step {
        case item(JSONValue)
        case cancel
    }

    static func stream(_ shape: Shape, n: Int) -> [Step] {
        var steps: [Step] = []
        steps.reserveCapacity(5 * n)
        for k in 0..<n {
            steps.append(.item(Fixture.function("a\(k)")))
            steps.append(.item(Fixture.function("b\(k)")))
            if shape == .hostMessages { steps.append(.item(Fixture.user("typed while \(k) ran"))) }
            steps.append(.item(Fixture.output("a\(k)", "a\(k) done")))
            if shape == .cancels && k % 64 == 63 { steps.append(.cancel) }
        }
        for k in 0..<n { steps.append(.item(Fixture.output("b\(k)", "b\(k) done"))) }
        return steps
    }

    /// What one run counted, and what it must have done.
    struct Run {
        let items: Int
        let operations: Int
        let committed: Int
    }

    static func run(_ shape: Shape, n: Int, feed: Feed) -> Run {
        let steps = stream(shape, n: n)
        let items = steps.count { if case .item = $0 { true } else { false } }
        switch feed {
        case .sequence:
            let events = steps.map { step -> Sequencer.Event in
                switch step {
                case .item(let value): .item(value)
                case .cancel: .cancel(.interrupted)
                }
            }
            let result = Sequencer.sequence(events: events)
            return Run(items: items, operations: result.operationCount, committed: result.items.count)
        case .oneSubmit, .itemPerSubmit:
            var session = Session()
            var pending: [JSONValue] = []
            for step in steps {
                switch step {
                case .item(let value) where feed == .itemPerSubmit:
                    _ = session.submit([value])
                case .item(let value):
                    pending.append(value)
                case .cancel:
                    if !pending.isEmpty { _ = session.submit(pending) }
                    pending = []
                    _ = session.cancel(reason: .interrupted)
                }
            }
            if !pending.isEmpty { _ = session.submit(pending) }
            return Run(items: items, operations: session.operationCount, committed: session.revision)
        }
    }

    @Test(
        "operationCount ≤ 3 per item and count(16n)/count(n) ≤ 17.6, for every feed and stream shape; the plain stream's count exactly 6n − 2",
        arguments: Feed.allCases, Shape.allCases)
    func linearGrowth(feed: Feed, shape: Shape) {
        let sizes = feed == .itemPerSubmit ? Self.singleItemSizes : Self.sizes
        var counts: [Int] = []
        for n in sizes {
            let run = Self.run(shape, n: n, feed: feed)
            #expect(run.operations <= Self.perItem * run.items,
                    "\(feed), \(shape), n = \(n): \(run.operations) operations for \(run.items) items")
            // Every item (or, for a cancelled call, its synthetic output) ends in the array.
            #expect(run.committed == run.items, "\(feed), \(shape), n = \(n): \(run.committed) committed of \(run.items)")
            if shape == .plain {
                // Exact, so that a change in the work done is seen (and the closing note updated).
                #expect(run.operations == Self.expectedPlainCount(n), "\(feed), n = \(n): \(run.operations) operations")
            }
            counts.append(run.operations)
        }
        let ratio = Double(counts[2]) / Double(counts[0])
        #expect(ratio <= 16 * 1.1, "\(feed), \(shape): counts \(counts) at n = \(sizes), ratio \(ratio)")
    }

    /// The plain stream's count: every one of the 4n items on arrival, and the two calls of
    /// every triple after the first once more when the batch before theirs is committed (their `aK` outputs
    /// wait as early outputs, attached when their call is taken, not processed again).
    static func expectedPlainCount(_ n: Int) -> Int {
        4 * n + 2 * (n - 1)
    }
}
