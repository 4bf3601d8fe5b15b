import SequencerCore
@testable import SequencerRPC
import SequencerTestSupport
import Testing

extension Server {
    /// A server reading `clock` (time 0 throughout when `nil`) that has restored itself from
    /// `journal` and records into it from then on.
    static func restored(from journal: any SessionJournal, clock: ManualClock? = nil) throws(JournalError) -> Server {
        var server = clock.map { Server(clock: $0.read) } ?? Server()
        _ = try server.restore(from: journal)
        return server
    }

    /// The response text to one request line, or `nil` when none is due.
    mutating func respond(_ line: String) -> String? {
        respond(bytes: Array(line.utf8))
    }

    /// The response text to one line of raw bytes, or `nil` when none is due.
    mutating func respond(bytes: [UInt8]) -> String? {
        handle(.line(bytes), at: clock()).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// One request line and the exact response line expected for it, for parameterized tests.
struct Exchange: Sendable, CustomTestStringConvertible {
    let request: String
    let response: String?

    init(_ request: String, _ response: String?) {
        self.request = request
        self.response = response
    }

    var testDescription: String { request }
}
